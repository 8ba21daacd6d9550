/* conn.c: client connections (see conn.h). */
#include "conn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <openssl/err.h>

#include "config.h"
#include "frame.h"
#include "log.h"
#include "server.h"
#include "text.h"
#include "tls.h"
#include "watch.h"
#include "xmalloc.h"

#define CONN_HASH 4096
#define CONN_FRAMES_PER_WAKEUP 64
#define CONN_LINGER_S 2		/* after a refusal, seconds */
#define CONN_BUSY_SHARE 4	/* pressure: 1/4 of max_conns handshaking */
#define CONN_EVICT_SCAN 64	/* handshakes looked at for one not started */
#define CONN_KEEPIDLE_S 60	/* TCP keep-alive: first probe after, seconds */
#define CONN_KEEPINTVL_S 10	/* then every */
#define CONN_KEEPCNT 6		/* unanswered probes before the peer is dead */

LIST_HEAD(conn_list, conn);
static struct conn_list	 conn_all;
static struct conn_list	 conn_hash[CONN_HASH];		/* by id */
static struct conn_list	 conn_watchers[CONN_HASH];	/* by meeting id */
static SLIST_HEAD(, conn) conn_dead;	/* freed at the loop's tail */
static struct event	*conn_reaper;
static uint64_t		 conn_next_id = 1;
static size_t		 conn_n;
static TAILQ_HEAD(, conn) conn_hs = TAILQ_HEAD_INITIALIZER(conn_hs);
static size_t		 conn_hs_n;	/* handshakes, in conn_hs */

static void conn_read_cb(struct bufferevent *bev, void *arg);
static void conn_write_cb(struct bufferevent *bev, void *arg);
static void conn_event_cb(struct bufferevent *bev, short what, void *arg);

/* Names a state for logs. */
static const char *
conn_state_name(enum conn_state s)
{
	switch (s) {
	case CONN_S_HANDSHAKE:
		return "handshake";
	case CONN_S_READY:
		return "ready";
	case CONN_S_CLOSING:
		return "closing";
	}
	return "?";
}

/* The one place a connection changes state, logged at debug level. */
static void
conn_set_state(struct conn *c, enum conn_state s)
{
	log_debug("conn %llu: %s -> %s", (unsigned long long)c->id,
	    conn_state_name(c->state), conn_state_name(s));
	c->state = s;
}

/* The loop's cached time, in seconds. */
static int64_t
conn_now_s(void)
{
	struct timeval tv;

	event_base_gettimeofday_cached(srv.base, &tv);
	return (int64_t)tv.tv_sec;
}

/* Whether the daemon is under a flood of handshakes: a quarter or more
 * of max_conns still in their TLS handshake. */
static bool
conn_busy(void)
{
	return conn_hs_n * CONN_BUSY_SHARE >= (size_t)srv.cfg->max_conns;
}

/* Seconds a new connection has to finish its handshake: the short
 * deadline under pressure, else handshake_timeout. */
static int
conn_handshake_deadline(void)
{
	int t = srv.cfg->handshake_timeout > 0 ? srv.cfg->handshake_timeout : 10;

	if (conn_busy() && srv.cfg->handshake_timeout_busy > 0 &&
	    srv.cfg->handshake_timeout_busy < t)
		t = srv.cfg->handshake_timeout_busy;
	return t;
}

/* Counts c as a handshake under way: against its source address, and at
 * the tail of the list the oldest are dropped from at max_conns. */
static void
conn_handshake_begin(struct conn *c, evutil_socket_t fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	memset(&ss, 0, sizeof ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		ss.ss_family = AF_UNSPEC;
	limiter_addr_from((struct sockaddr *)&ss, &c->src);
	limiter_source_add(&c->src);
	c->handshaking = true;
	c->active_at = conn_now_s();
	TAILQ_INSERT_TAIL(&conn_hs, c, hs_entry);
	conn_hs_n++;
}

/* Whether the peer of c has begun its TLS handshake (sent a ClientHello). */
static bool
conn_handshake_started(struct conn *c)
{
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);

	return ssl == NULL || SSL_get_state(ssl) != TLS_ST_BEFORE;
}

/* c's handshake is over (done, failed or dropped): uncounts it. */
static void
conn_handshake_end(struct conn *c)
{
	if (!c->handshaking)
		return;
	c->handshaking = false;
	limiter_source_del(&c->src);
	TAILQ_REMOVE(&conn_hs, c, hs_entry);
	conn_hs_n--;
}

/* Gives back what c counted against the limits. */
static void
conn_limiter_release(struct conn *c)
{
	conn_handshake_end(c);
	if (c->id_counted) {
		limiter_identity_del(c->fp);
		c->id_counted = false;
	}
}

/* (Re)arms c's idle check to fire in secs; idle_timeout 0: none. */
static void
conn_idle_arm(struct conn *c, int64_t secs)
{
	struct timeval tv = { 0, 0 };

	if (srv.cfg->idle_timeout <= 0) {
		evtimer_del(c->timer);
		return;
	}
	tv.tv_sec = secs > 0 ? (time_t)secs : 1;
	evtimer_add(c->timer, &tv);
}

/* The idle check fired: closes c if it has sent no request for
 * idle_timeout and waits for nothing (no answer pending, none still being
 * sent); a watcher is kept (it listens). */
static void
conn_idle_check(struct conn *c)
{
	int64_t idle = srv.cfg->idle_timeout, quiet = conn_now_s() - c->active_at;

	if (idle <= 0)
		return;
	if (c->watch_meeting != 0 || c->inflight > 0 ||
	    evbuffer_get_length(bufferevent_get_output(c->bev)) > 0) {
		conn_idle_arm(c, idle);
		return;
	}
	if (quiet < idle) {
		conn_idle_arm(c, idle - quiet);
		return;
	}
	limiter_add(LIMITER_E_IDLE);
	conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
	    "连接空闲超过 %lld 秒，已关闭（idle_timeout）/ closed after %lld s "
	    "without a request (idle_timeout)", (long long)idle,
	    (long long)idle);
}

/* Has the kernel probe a quiet connection, so that a watcher whose peer
 * vanished (no FIN, no RST) is found and closed. */
static void
conn_keepalive(evutil_socket_t fd)
{
	int on = 1, idle = CONN_KEEPIDLE_S, intvl = CONN_KEEPINTVL_S,
	    cnt = CONN_KEEPCNT;

	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
}

/* Frees the connections queued by conn_unlink (runs after callbacks). */
static void
conn_reap(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c;

	(void)fd;
	(void)what;
	(void)arg;
	while ((c = SLIST_FIRST(&conn_dead)) != NULL) {
		SLIST_REMOVE_HEAD(&conn_dead, dead_entry);
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		if (c->timer != NULL)
			event_free(c->timer);
		free(c);
	}
}

/* Removes c from the lists and queues it for freeing. */
static void
conn_unlink(struct conn *c)
{
	if (c->unlinked)
		return;
	conn_watch(c, 0);
	conn_limiter_release(c);
	c->unlinked = true;
	c->state = CONN_S_CLOSING;
	if (c->bev != NULL)
		bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	if (c->timer != NULL)
		evtimer_del(c->timer);
	LIST_REMOVE(c, id_entry);
	LIST_REMOVE(c, all_entry);
	conn_n--;
	SLIST_INSERT_HEAD(&conn_dead, c, dead_entry);
	if (conn_reaper == NULL)
		conn_reaper = event_new(srv.base, -1, 0, conn_reap, NULL);
	event_active(conn_reaper, EV_TIMEOUT, 1);
	if (srv.listener != NULL && !srv.stopping)
		evconnlistener_enable(srv.listener);
}

/* Handshake deadline passed, or (once ready) time for the idle check. */
static void
conn_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;

	(void)fd;
	(void)what;
	if (c->state == CONN_S_READY) {
		conn_idle_check(c);
		return;
	}
	if (conn_busy())
		limiter_note(LIMITER_E_HANDSHAKE, "conn %llu %s: handshake timed "
		    "out under pressure (%zu handshakes under way, deadline "
		    "%d s)", (unsigned long long)c->id, c->peer, conn_hs_n,
		    srv.cfg->handshake_timeout_busy);
	else
		log_info("conn %llu %s: handshake timed out",
		    (unsigned long long)c->id, c->peer);
	conn_unlink(c);
}

/* The linger after a refusal is over (or the peer went quiet). */
static void
conn_linger_done(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	conn_unlink(arg);
}

/*
 * The last frame has left: say goodbye without losing it. Closing a socket
 * that still has unread input makes the kernel send a reset, and the peer
 * would drop our error frame with it. So: TLS close_notify, half-close, then
 * read and discard until the peer closes or CONN_LINGER_S passes.
 */
static void
conn_linger(struct conn *c)
{
	struct timeval tv = { CONN_LINGER_S, 0 };
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);

	if (c->lingering || c->unlinked)
		return;
	c->lingering = true;
	if (ssl != NULL) {
		(void)SSL_shutdown(ssl);
		ERR_clear_error();
	}
	(void)shutdown(bufferevent_getfd(c->bev), SHUT_WR);
	bufferevent_enable(c->bev, EV_READ);
	event_free(c->timer);
	c->timer = evtimer_new(srv.base, conn_linger_done, c);
	evtimer_add(c->timer, &tv);
}

/* Takes an accepted socket; starts the TLS handshake. */
void
conn_accept(evutil_socket_t fd, const char *peer, conn_frame_cb on_frame,
    void *arg)
{
	struct conn *c;
	SSL *ssl;
	struct timeval tv;

	ssl = SSL_new(srv.ssl_ctx);
	if (ssl == NULL) {
		log_ssl("SSL_new");
		evutil_closesocket(fd);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->id = conn_next_id++;
	c->on_frame = on_frame;
	c->on_frame_arg = arg;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	c->bev = bufferevent_openssl_socket_new(srv.base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (c->bev == NULL) {
		log_warnx("bufferevent_openssl_socket_new failed");
		SSL_free(ssl);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	c->timer = evtimer_new(srv.base, conn_timeout_cb, c);
	tv.tv_sec = conn_handshake_deadline();
	tv.tv_usec = 0;
	evtimer_add(c->timer, &tv);
	conn_handshake_begin(c, fd);
	c->state = CONN_S_HANDSHAKE;
	LIST_INSERT_HEAD(&conn_all, c, all_entry);
	LIST_INSERT_HEAD(&conn_hash[c->id % CONN_HASH], c, id_entry);
	conn_n++;
	log_debug("conn %llu from %s", (unsigned long long)c->id, peer);
}

/* Returns the live connection with this id, or NULL when it is gone. */
struct conn *
conn_find(uint64_t id)
{
	struct conn *c;

	LIST_FOREACH(c, &conn_hash[id % CONN_HASH], id_entry)
		if (c->id == id)
			return c->state == CONN_S_CLOSING ? NULL : c;
	return NULL;
}

/* Encodes and queues one frame; closes a reader too slow to keep up. */
static void
conn_send(struct conn *c, Yishi__Frame *f)
{
	uint8_t *buf;
	size_t len;
	struct evbuffer *out = bufferevent_get_output(c->bev);

	f->version = FRAME_VERSION;
	if (frame_encode_max(f, FRAME_MAX_REPLY, &buf, &len) != 0) {
		log_warnx("conn %llu: response over the frame limit",
		    (unsigned long long)c->id);
		return;
	}
	/* One frame alone may be larger than the limit (the minutes of a
	 * plenary); a reader with anything still pending past it is slow. */
	if (evbuffer_get_length(out) > 0 && evbuffer_get_length(out) + len >
	    (size_t)srv.cfg->max_output_kib * 1024 &&
	    c->state != CONN_S_CLOSING) {
		free(buf);
		log_info("conn %llu %s: closed, does not read its responses",
		    (unsigned long long)c->id, c->peer);
		conn_unlink(c);
		return;
	}
	evbuffer_add(out, buf, len);
	free(buf);
}

/* Resumes reading when the in-flight cap frees up. */
static void
conn_resume(struct conn *c)
{
	if (!c->read_paused || c->state != CONN_S_READY)
		return;
	c->read_paused = false;
	bufferevent_enable(c->bev, EV_READ);
	bufferevent_trigger(c->bev, EV_READ, BEV_OPT_DEFER_CALLBACKS);
}

/* Sends a response frame; one in-flight request is done. */
void
conn_respond(struct conn *c, uint64_t id, const Yishi__Response *r)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response big = YISHI__RESPONSE__INIT;

	if (c->inflight > 0)
		c->inflight--;
	if (c->state == CONN_S_CLOSING)
		return;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	f.response = (Yishi__Response *)r;
	if (yishi__frame__get_packed_size(&f) + 16 > FRAME_MAX_REPLY) {
		/* The caller hears why rather than waiting for nothing. */
		log_warnx("conn %llu: a response of %zu bytes is over the "
		    "frame limit", (unsigned long long)c->id,
		    yishi__frame__get_packed_size(&f));
		big.status = YISHI__STATUS__STATUS_UNAVAILABLE;
		big.message = (char *)"答复超过单帧上限 / the answer is "
		    "larger than one frame";
		f.response = &big;
	}
	conn_send(c, &f);
	if (c->state == CONN_S_READY)
		conn_resume(c);
}

/* Sends an event frame (id 0). */
void
conn_push(struct conn *c, const Yishi__Event *ev)
{
	Yishi__Frame f = YISHI__FRAME__INIT;

	if (c->state != CONN_S_READY)
		return;
	f.body_case = YISHI__FRAME__BODY_EVENT;
	f.event = (Yishi__Event *)ev;
	conn_send(c, &f);
}

/* Sends an error frame (when possible) and closes after it is written. */
void
conn_close(struct conn *c, Yishi__Status st, const char *fmt, ...)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	char msg[256];
	va_list ap;

	if (c->state == CONN_S_CLOSING)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_info("conn %llu %s: closing: %s", (unsigned long long)c->id,
	    c->peer, msg);
	if (c->state == CONN_S_READY) {
		r.status = st;
		r.message = msg;
		f.body_case = YISHI__FRAME__BODY_RESPONSE;
		f.response = &r;
		conn_send(c, &f);
	}
	if (c->unlinked)
		return;		/* conn_send gave up on it */
	conn_set_state(c, CONN_S_CLOSING);
	bufferevent_disable(c->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_linger(c);
	/* else conn_write_cb lingers once the output has drained */
}

/* Takes one token from the connection's bucket (config rate_limit and
 * rate_burst); false when the client sends faster than allowed. */
static bool
conn_rate_ok(struct conn *c)
{
	struct timeval tv;
	int64_t now;

	if (srv.cfg->rate_limit <= 0)
		return true;
	event_base_gettimeofday_cached(srv.base, &tv);
	now = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
	if (c->tokens_at == 0)
		c->tokens = srv.cfg->rate_burst;
	else
		c->tokens += (double)(now - c->tokens_at) *
		    srv.cfg->rate_limit / 1e6;
	if (c->tokens > srv.cfg->rate_burst)
		c->tokens = srv.cfg->rate_burst;
	c->tokens_at = now;
	if (c->tokens < 1)
		return false;
	c->tokens -= 1;
	return true;
}

/*
 * Refuses a request that had a NUL inside a string field (v), which
 * decoding cut short without a word: what a handler saw (and a member
 * signed) would not be what was sent.
 */
static void
conn_text_refuse(struct conn *c, Yishi__Frame *f, const struct text_verdict *v)
{
	Yishi__Response r = YISHI__RESPONSE__INIT;
	char msg[256];

	text_message(v, f->request->lang == YISHI__LANG__LANG_EN, msg,
	    sizeof msg);
	log_info("conn %llu %s: refused: %s", (unsigned long long)c->id,
	    c->peer, msg);
	r.status = YISHI__STATUS__STATUS_INVALID_ARGUMENT;
	r.message = msg;
	conn_respond(c, f->id, &r);
	yishi__frame__free_unpacked(f, NULL);
}

/* Decodes and dispatches the complete frames waiting in the input. */
static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	int handled = 0;

	if (c->state == CONN_S_CLOSING) {
		/* Lingering: what the peer still sends is not read. */
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	while (c->state == CONN_S_READY) {
		uint8_t hdr[FRAME_HEADER];
		size_t avail = evbuffer_get_length(in), n, used;
		enum frame_status st;
		struct text_verdict tv;
		Yishi__Frame *f;
		uint8_t *p;
		bool whole;

		if (c->inflight >= (unsigned)srv.cfg->max_inflight ||
		    handled >= CONN_FRAMES_PER_WAKEUP) {
			c->read_paused = true;
			bufferevent_disable(bev, EV_READ);
			if (c->inflight < (unsigned)srv.cfg->max_inflight)
				conn_resume(c);	/* yield, then go on */
			return;
		}
		if (avail < FRAME_HEADER)
			return;
		evbuffer_copyout(in, hdr, FRAME_HEADER);
		st = frame_header(hdr, FRAME_HEADER, &n);
		if (st == FRAME_TOO_BIG) {
			conn_close(c, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "frame of %zu bytes is over the limit of %u",
			    n, FRAME_MAX);
			return;
		}
		if (avail < FRAME_HEADER + n)
			return;
		p = evbuffer_pullup(in, (ev_ssize_t)(FRAME_HEADER + n));
		st = frame_decode(p, FRAME_HEADER + n, &used, &f);
		whole = st != FRAME_OK ||
		    text_wire_check(p + FRAME_HEADER, n, &tv);
		evbuffer_drain(in, FRAME_HEADER + n);
		if (st != FRAME_OK) {
			conn_close(c, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "malformed frame");
			return;
		}
		if (f->version != FRAME_VERSION ||
		    f->body_case != YISHI__FRAME__BODY_REQUEST) {
			uint32_t v = f->version;

			yishi__frame__free_unpacked(f, NULL);
			conn_close(c, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    v != FRAME_VERSION ? "unsupported protocol version"
			    : "expected a request");
			return;
		}
		if (!conn_rate_ok(c)) {
			yishi__frame__free_unpacked(f, NULL);
			conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
			    "more than %d requests per second", srv.cfg->rate_limit);
			return;
		}
		c->active_at = conn_now_s();	/* idle_timeout counts from here */
		c->inflight++;
		handled++;
		if (!whole) {
			conn_text_refuse(c, f, &tv);
			continue;
		}
		c->on_frame(c, f, c->on_frame_arg);
	}
}

/* Output drained: a closing connection can go now. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	(void)bev;
	if (c->state == CONN_S_CLOSING &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_linger(c);
	else if (c->state == CONN_S_READY && c->watch != NULL)
		watch_drained(c);	/* a catch-up goes on */
}

/* Bytes of c's output not yet written. */
size_t
conn_output_len(struct conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev));
}

/* A connection just authenticated: its identity's cap, the keep-alives
 * and the idle check. */
static void
conn_ready_limits(struct conn *c)
{
	int max = srv.cfg->max_conns_per_identity;

	if (!limiter_identity_add(c->fp)) {
		limiter_add(LIMITER_E_IDENTITY);
		conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "该身份已有 %d 个连接，达到上限（max_conns_per_identity）"
		    "/ this identity already holds %d connections, the most "
		    "allowed (max_conns_per_identity)", max, max);
		return;
	}
	c->id_counted = true;
	conn_keepalive(bufferevent_getfd(c->bev));
	c->active_at = conn_now_s();
	conn_idle_arm(c, srv.cfg->idle_timeout);
}

/* Handshake done, end of stream, or an error. */
static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	SSL *ssl = bufferevent_openssl_get_ssl(bev);

	if (what & BEV_EVENT_CONNECTED) {
		evtimer_del(c->timer);
		conn_handshake_end(c);
		if (tls_peer_fingerprint(ssl, c->fp) != 0) {
			log_info("conn %llu %s: no verified client certificate",
			    (unsigned long long)c->id, c->peer);
			conn_unlink(c);
			return;
		}
		conn_set_state(c, CONN_S_READY);
		log_debug("conn %llu %s: %s", (unsigned long long)c->id,
		    c->peer, SSL_get_version(ssl));
		if (srv.stopping) {
			conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
			    "shutting down");
			return;
		}
		conn_ready_limits(c);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		unsigned long e;

		if (c->state == CONN_S_HANDSHAKE) {
			while ((e = bufferevent_get_openssl_error(bev)) != 0) {
				char buf[200];

				ERR_error_string_n(e, buf, sizeof buf);
				log_info("conn %llu %s: handshake failed: %s",
				    (unsigned long long)c->id, c->peer, buf);
			}
		} else {
			while (bufferevent_get_openssl_error(bev) != 0)
				;
			log_debug("conn %llu %s: closed by peer",
			    (unsigned long long)c->id, c->peer);
		}
		conn_unlink(c);
	}
}

/* Subscribes c to meeting's events (0: none), replacing what it watched;
 * watchers are kept by meeting so that an event costs its watchers, not
 * every connection of a plenary. */
void
conn_watch(struct conn *c, uint64_t meeting)
{
	watch_free(c);
	if (c->watch_meeting != 0)
		LIST_REMOVE(c, watch_entry);
	c->watch_meeting = meeting;
	if (meeting != 0)
		LIST_INSERT_HEAD(&conn_watchers[meeting % CONN_HASH], c,
		    watch_entry);
}

/* Calls fn for every ready connection watching meeting. */
void
conn_foreach_watcher(uint64_t meeting, void (*fn)(struct conn *, void *),
    void *arg)
{
	struct conn *c, *next;

	for (c = LIST_FIRST(&conn_watchers[meeting % CONN_HASH]); c != NULL;
	    c = next) {
		next = LIST_NEXT(c, watch_entry);	/* fn may unlink c */
		if (c->state == CONN_S_READY && c->watch_meeting == meeting)
			fn(c, arg);
	}
}

/* Calls fn for every ready connection watching a meeting. */
void
conn_foreach_watch(void (*fn)(struct conn *))
{
	struct conn *c, *next;

	for (c = LIST_FIRST(&conn_all); c != NULL; c = next) {
		next = LIST_NEXT(c, all_entry);		/* fn may unlink c */
		if (c->state == CONN_S_READY && c->watch_meeting != 0)
			fn(c);
	}
}

/* Whether a ready connection watches meeting. */
bool
conn_watched(uint64_t meeting)
{
	struct conn *c;

	LIST_FOREACH(c, &conn_watchers[meeting % CONN_HASH], watch_entry)
		if (c->state == CONN_S_READY && c->watch_meeting == meeting)
			return true;
	return false;
}

/*
 * Drops a connection still in its TLS handshake (see conn.h): among the
 * CONN_EVICT_SCAN oldest, the oldest that has not even sent its ClientHello
 * (a slot holder), else the oldest of all.
 */
bool
conn_evict_handshake(void)
{
	struct conn *c;
	int i;

	for (c = TAILQ_FIRST(&conn_hs), i = 0; c != NULL &&
	    i < CONN_EVICT_SCAN; c = TAILQ_NEXT(c, hs_entry), i++)
		if (!conn_handshake_started(c))
			break;
	if (c == NULL || i == CONN_EVICT_SCAN)
		c = TAILQ_FIRST(&conn_hs);
	if (c == NULL)
		return false;
	limiter_note(LIMITER_E_EVICT, "connection cap of %d reached: dropped "
	    "the oldest TLS handshake (conn %llu %s, %lld s old, %s) for a "
	    "new connection", srv.cfg->max_conns, (unsigned long long)c->id,
	    c->peer, (long long)(conn_now_s() - c->active_at),
	    conn_handshake_started(c) ? "started" : "no ClientHello yet");
	conn_unlink(c);
	return true;
}

/* Applies a reloaded idle_timeout to the ready connections. */
void
conn_limiter_reload(void)
{
	struct conn *c;
	int64_t now = conn_now_s(), idle = srv.cfg->idle_timeout;

	LIST_FOREACH(c, &conn_all, all_entry)
		if (c->state == CONN_S_READY && !c->unlinked)
			conn_idle_arm(c, c->active_at + idle - now);
}

/* Number of open connections. */
size_t
conn_count(void)
{
	return conn_n;
}

/* Stops reading new requests on every connection (shutdown). */
void
conn_stop_all(void)
{
	struct conn *c;

	LIST_FOREACH(c, &conn_all, all_entry)
		if (c->bev != NULL)
			bufferevent_disable(c->bev, EV_READ);
}

/* Ends every watch at shutdown (see conn.h). */
size_t
conn_end_watchers(void)
{
	struct conn *c, *next;
	size_t n = 0;

	for (c = LIST_FIRST(&conn_all); c != NULL; c = next) {
		next = LIST_NEXT(c, all_entry);
		if (c->state != CONN_S_READY || c->watch_meeting == 0)
			continue;
		conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "服务正在停止：请重新连接，从最后收到的事件续看 / the server "
		    "is shutting down: connect again and resume after the last "
		    "event received");
		n++;
	}
	return n;
}

/* Frees every connection (at exit). */
void
conn_free_all(void)
{
	while (!LIST_EMPTY(&conn_all))
		conn_unlink(LIST_FIRST(&conn_all));
	conn_reap(-1, 0, NULL);
	if (conn_reaper != NULL)
		event_free(conn_reaper);
	conn_reaper = NULL;
}
