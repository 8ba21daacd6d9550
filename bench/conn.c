/* conn.c: asynchronous mutual-TLS frame connections (see conn.h). */
#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

#include "stats.h"

/* The one place a connection changes state; tells the owner. */
static void
conn_set_state(struct conn *c, enum conn_state s)
{
	if (c->state == s)
		return;
	c->state = s;
	if (s == CONN_S_READY)
		c->ready_us = stats_now_us();
	if (c->state_cb != NULL)
		c->state_cb(c, c->state_arg);
}

/* Makes the client TLS context. */
SSL_CTX *
conn_ctx_new(const char *ca_file)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	/* Every handshake is a full one, as for a member's first connection. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	return ctx;
}

/* Answers every pending call with NULL (the connection is gone). */
static void
conn_fail_calls(struct conn *c)
{
	struct conn_call *k;

	while ((k = TAILQ_FIRST(&c->calls)) != NULL) {
		TAILQ_REMOVE(&c->calls, k, entry);
		c->ncalls--;
		if (k->cb != NULL)
			k->cb(c, NULL, 0, k->arg);
		free(k);
	}
}

/* Marks c closed with a reason and fails its calls. */
static void
conn_closed(struct conn *c, const char *why)
{
	unsigned long e = ERR_peek_last_error();

	if (c->err[0] == '\0')
		snprintf(c->err, sizeof c->err, "%s%s%s", why,
		    e != 0 ? ": " : "", e != 0 ? ERR_reason_error_string(e) :
		    "");
	ERR_clear_error();
	if (c->bev != NULL)
		bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	conn_fail_calls(c);
	conn_set_state(c, CONN_S_CLOSED);
}

/* Finds and unlinks the call answered by id. */
static struct conn_call *
conn_take_call(struct conn *c, uint64_t id)
{
	struct conn_call *k;

	TAILQ_FOREACH(k, &c->calls, entry) {
		if (k->id == id) {
			TAILQ_REMOVE(&c->calls, k, entry);
			c->ncalls--;
			return k;
		}
	}
	return NULL;
}

/* Reads every complete frame and hands responses to their callers. */
static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	enum frame_status st;
	struct conn_call *k;
	Yishi__Frame *f;
	uint8_t *p;
	size_t n, used;
	int64_t now;

	for (;;) {
		if ((p = evbuffer_pullup(in, FRAME_HEADER)) == NULL)
			return;
		/* Answers may be as large as the server sends (minutes of a
		 * plenary are over FRAME_MAX). */
		if (frame_header_max(p, FRAME_HEADER, FRAME_MAX_REPLY, &n) !=
		    FRAME_OK) {
			conn_closed(c, "frame too big");
			return;
		}
		if (evbuffer_get_length(in) < FRAME_HEADER + n)
			return;
		p = evbuffer_pullup(in, (ev_ssize_t)(FRAME_HEADER + n));
		st = frame_decode_max(p, FRAME_HEADER + n, FRAME_MAX_REPLY,
		    &used, &f);
		if (st != FRAME_OK) {
			conn_closed(c, frame_status_name(st));
			return;
		}
		evbuffer_drain(in, used);
		if (f->body_case != YISHI__FRAME__BODY_RESPONSE ||
		    (k = conn_take_call(c, f->id)) == NULL) {
			yishi__frame__free_unpacked(f, NULL);	/* an event */
			continue;
		}
		now = stats_now_us();
		if (k->cb != NULL)
			k->cb(c, f, now - k->sent_us, k->arg);
		else
			yishi__frame__free_unpacked(f, NULL);
		free(k);
		if (c->state != CONN_S_READY)
			return;
	}
}

/* Handshake done, or the connection ended. */
static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		conn_set_state(c, CONN_S_READY);
		return;
	}
	if (what & BEV_EVENT_EOF)
		conn_closed(c, "closed by the server");
	else if (what & BEV_EVENT_ERROR)
		conn_closed(c, errno != 0 ? strerror(errno) : "TLS error");
	else if (what & BEV_EVENT_TIMEOUT)
		conn_closed(c, "timeout");
}

/* Starts a connection. */
struct conn *
conn_new(struct event_base *base, SSL_CTX *ctx, const struct ident *ident,
    const char *host, int port, conn_state_cb state_cb, void *arg)
{
	struct sockaddr_in sin;
	struct conn *c;
	SSL *ssl;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	if ((ssl = SSL_new(ctx)) == NULL ||
	    SSL_use_certificate(ssl, ident->cert) != 1 ||
	    SSL_use_PrivateKey(ssl, ident->key) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_free(ssl);
		free(c);
		return NULL;
	}
	SSL_set_tlsext_host_name(ssl, "localhost");
	c->base = base;
	c->ident = ident;
	c->next_id = 1;
	TAILQ_INIT(&c->calls);
	c->state_cb = state_cb;
	c->state_arg = arg;
	c->start_us = stats_now_us();
	c->bev = bufferevent_openssl_socket_new(base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		SSL_free(ssl);
		free(c);
		return NULL;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, NULL, conn_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&sin,
	    sizeof sin) != 0) {
		bufferevent_free(c->bev);
		free(c);
		return NULL;
	}
	return c;
}

/* Frees c. */
void
conn_free(struct conn *c)
{
	struct conn_call *k;

	if (c == NULL)
		return;
	while ((k = TAILQ_FIRST(&c->calls)) != NULL) {
		TAILQ_REMOVE(&c->calls, k, entry);
		free(k);
	}
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	free(c);
}

/* Encodes rq as the next frame of c. */
int
conn_encode(struct conn *c, Yishi__Request *rq, uint8_t **buf, size_t *len,
    uint64_t *id)
{
	Yishi__Frame f = YISHI__FRAME__INIT;

	f.version = FRAME_VERSION;
	f.id = c->next_id++;
	f.body_case = YISHI__FRAME__BODY_REQUEST;
	f.request = rq;
	*id = f.id;
	return frame_encode(&f, buf, len);
}

/* Sends a frame conn_encode made. */
int
conn_send(struct conn *c, uint8_t *buf, size_t len, uint64_t id,
    conn_reply_cb cb, void *arg)
{
	struct conn_call *k;

	if (c->state != CONN_S_READY || (k = calloc(1, sizeof *k)) == NULL) {
		free(buf);
		return -1;
	}
	k->id = id;
	k->cb = cb;
	k->arg = arg;
	k->sent_us = stats_now_us();
	TAILQ_INSERT_TAIL(&c->calls, k, entry);
	c->ncalls++;
	if (bufferevent_write(c->bev, buf, len) != 0) {
		free(buf);
		conn_closed(c, "write failed");
		return -1;
	}
	free(buf);
	return 0;
}

/* Sends rq in a new frame. */
int
conn_call(struct conn *c, Yishi__Request *rq, conn_reply_cb cb, void *arg)
{
	uint8_t *buf;
	size_t len;
	uint64_t id;

	if (c->state != CONN_S_READY || conn_encode(c, rq, &buf, &len,
	    &id) != 0)
		return -1;
	return conn_send(c, buf, len, id, cb, arg);
}

/* Runs the loop until *flag or the timeout. */
int
conn_wait(struct event_base *base, const int *flag, double timeout_s)
{
	int64_t end = stats_now_us() + (int64_t)(timeout_s * 1e6);

	while (!*flag) {
		if (stats_now_us() > end)
			return -1;
		if (event_base_loop(base, EVLOOP_ONCE) < 0)
			return -1;
	}
	return 0;
}

/* The slot conn_call_wait waits on. */
struct conn_slot {
	Yishi__Frame	*f;
	int		 done;
};

/* Stores the answer of a waited call. */
static void
conn_slot_cb(struct conn *c, Yishi__Frame *f, int64_t lat_us, void *arg)
{
	struct conn_slot *s = arg;

	(void)c;
	(void)lat_us;
	s->f = f;
	s->done = 1;
}

/* Sends rq and waits for the answer. */
Yishi__Frame *
conn_call_wait(struct conn *c, Yishi__Request *rq, double timeout_s)
{
	struct conn_slot s = { NULL, 0 };

	if (conn_call(c, rq, conn_slot_cb, &s) != 0)
		return NULL;
	if (conn_wait(c->base, &s.done, timeout_s) != 0) {
		/* Too late: the answer, if it comes, is dropped. */
		struct conn_call *k;

		TAILQ_FOREACH(k, &c->calls, entry)
			if (k->arg == &s)
				k->cb = NULL;
		return NULL;
	}
	return s.f;
}

/* Tells whether f answers OK. */
int
conn_ok(const Yishi__Frame *f, const char *what)
{
	if (f == NULL) {
		fprintf(stderr, "yishi-bench: %s: no answer\n", what);
		return 0;
	}
	if (f->response->status != YISHI__STATUS__STATUS_OK) {
		fprintf(stderr, "yishi-bench: %s: status %d %s%s%s\n", what,
		    (int)f->response->status, f->response->rule,
		    f->response->rule[0] ? " " : "", f->response->message);
		return 0;
	}
	return 1;
}
