/*
 * fake_conn.c: conn.h, checkpoint.h, verify.h and the process context for
 * the fuzz targets (see fake.h). Two pretend connections; every response and event
 * sent to them is encoded as conn.c would send it, decoded back and
 * checked. The TLS peer certificate and the signature check are replaced
 * at link time (-Wl,--wrap): the caller has a certificate unless the input
 * says otherwise, and a signature "holds" when its first byte is not 0xff,
 * so the fuzzer reaches what follows a valid signature.
 */
#include "fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#if __has_include("checkpoint.h")
#include "checkpoint.h"
#else
bool checkpoint_due(int64_t seq);
void checkpoint_take(uint64_t body);
struct sign_entry;
int checkpoint_vouch(const struct sign_entry *e, uint8_t **sig,
    size_t *siglen);
#endif
#include "conn.h"
#include "watch.h"
#include "frame.h"
#include "headstore.h"
#include "server.h"
#include "sign.h"
#include "verify.h"

struct server srv;

static struct conn fake_conns[FAKE_CONNS];
static unsigned fake_responses[FAKE_CONNS];
static bool fake_gone, fake_no_cert;
static X509 *fake_cert;
static STAILQ_HEAD(, verify_job) fake_vqueue =	/* not yet answered */
    STAILQ_HEAD_INITIALIZER(fake_vqueue);
static int fake_vpending;

struct bufferevent;
SSL *__wrap_bufferevent_openssl_get_ssl(struct bufferevent *bev);
X509 *__wrap_SSL_get1_peer_certificate(const SSL *ssl);
int __wrap_sign_verify(X509 *cert, const void *msg, size_t len,
    const uint8_t *sig, size_t siglen);

/* Resets the connections for one input. */
void
fake_conn_begin(bool gone, bool no_cert)
{
	int k;

	memset(fake_conns, 0, sizeof fake_conns);
	memset(fake_responses, 0, sizeof fake_responses);
	for (k = 0; k < FAKE_CONNS; k++) {
		fake_conns[k].id = (uint64_t)k + 1;
		fake_conns[k].state = CONN_S_READY;
		memset(fake_conns[k].fp, k == 0 ? 0xab : 0xcd,
		    sizeof fake_conns[k].fp);
		snprintf(fake_conns[k].peer, sizeof fake_conns[k].peer,
		    "fuzz%d", k);
	}
	fake_gone = gone;
	fake_no_cert = no_cert;
	if (fake_cert == NULL && (fake_cert = X509_new()) == NULL)
		abort();
}

/* Connection k (0 or 1). */
struct conn *
fake_conn_get(int k)
{
	return &fake_conns[k];
}

/* Responses sent to connection k since fake_conn_begin. */
unsigned
fake_conn_responses(int k)
{
	return fake_responses[k];
}

/* Verifies what the run left: every request answered exactly once. */
void
fake_conn_end(unsigned requests[FAKE_CONNS])
{
	int k;

	for (k = 0; k < FAKE_CONNS; k++) {
		if (!fake_gone && fake_responses[k] != requests[k]) {
			fprintf(stderr, "fake_conn: conn %d: %u requests, %u "
			    "responses\n", k + 1, requests[k],
			    fake_responses[k]);
			abort();
		}
		if (fake_conns[k].inflight != 0 && !fake_gone) {
			fprintf(stderr, "fake_conn: conn %d: %u in flight\n",
			    k + 1, fake_conns[k].inflight);
			abort();
		}
	}
}

/* Encodes f as conn.c sends it, and checks that it decodes back. */
static void
fake_conn_send(Yishi__Frame *f)
{
	uint8_t *buf;
	size_t len, used;
	Yishi__Frame *back;

	f->version = FRAME_VERSION;
	if (frame_encode(f, &buf, &len) != 0)
		return;		/* conn.c logs and drops it too */
	if (frame_decode(buf, len, &used, &back) != FRAME_OK ||
	    used != len || back->body_case != f->body_case ||
	    back->id != f->id) {
		fprintf(stderr, "fake_conn: a frame sent does not decode\n");
		abort();
	}
	if (getenv("FAKE_DB_TRACE") != NULL && back->response != NULL)
		fprintf(stderr, "fake_conn: response %llu: status %d: %s\n",
		    (unsigned long long)back->id, (int)back->response->status,
		    back->response->message);
	yishi__frame__free_unpacked(back, NULL);
	free(buf);
}

/* Returns the live connection with this id, or NULL when it is gone. */
struct conn *
conn_find(uint64_t id)
{
	if (fake_gone || id == 0 || id > FAKE_CONNS)
		return NULL;
	return &fake_conns[id - 1];
}

/* Sends a response frame; one in-flight request is done. */
void
conn_respond(struct conn *c, uint64_t id, const Yishi__Response *r)
{
	Yishi__Frame f = YISHI__FRAME__INIT;

	if (c->inflight == 0) {
		fprintf(stderr, "fake_conn: a response with none in flight\n");
		abort();
	}
	c->inflight--;
	fake_responses[c->id - 1]++;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	f.response = (Yishi__Response *)r;
	fake_conn_send(&f);
}

/* Sends an event frame (id 0). */
void
conn_push(struct conn *c, const Yishi__Event *ev)
{
	Yishi__Frame f = YISHI__FRAME__INIT;

	(void)c;
	f.body_case = YISHI__FRAME__BODY_EVENT;
	f.event = (Yishi__Event *)ev;
	fake_conn_send(&f);
}

/* Calls fn for every connection watching meeting. */
void
conn_foreach_watcher(uint64_t meeting, void (*fn)(struct conn *, void *),
    void *arg)
{
	int k;

	for (k = 0; k < FAKE_CONNS && !fake_gone; k++)
		if (fake_conns[k].watch_meeting == meeting && meeting != 0)
			fn(&fake_conns[k], arg);
}

/* Calls fn for every fake connection watching a meeting. */
void
conn_foreach_watch(void (*fn)(struct conn *))
{
	int k;

	for (k = 0; k < FAKE_CONNS && !fake_gone; k++)
		if (fake_conns[k].watch_meeting != 0)
			fn(&fake_conns[k]);
}

/* Whether a fake connection watches meeting. */
bool
conn_watched(uint64_t meeting)
{
	int k;

	for (k = 0; k < FAKE_CONNS && !fake_gone; k++)
		if (fake_conns[k].watch_meeting == meeting && meeting != 0)
			return true;
	return false;
}

/* Subscribes a fake connection to a meeting's events. */
void
conn_watch(struct conn *c, uint64_t meeting)
{
	watch_free(c);
	c->watch_meeting = meeting;
}

/* Nothing is ever left unwritten here. */
size_t
conn_output_len(struct conn *c)
{
	(void)c;
	return 0;
}

/* Closing a fake connection: it stops watching. */
void
conn_close(struct conn *c, Yishi__Status st, const char *fmt, ...)
{
	(void)st;
	(void)fmt;
	conn_watch(c, 0);
}

/* Every fourth entry is followed by a checkpoint. */
bool
checkpoint_due(int64_t seq)
{
	return seq % 4 == 0;
}

/* A checkpoint would be two more batches: nothing to decide in them. */
void
checkpoint_take(uint64_t body)
{
	(void)body;
}

/* The heads a daemon remembers: none here (headstore.h). */
void
headstore_moved(uint64_t body, uint64_t seq)
{
	(void)body;
	(void)seq;
}

/* Nothing remembered: every trail is served. */
bool
headstore_get(uint64_t body, struct headstore_head *h)
{
	(void)body;
	memset(h, 0, sizeof *h);
	return false;
}

/* A head signed for a reader: a fixed pretend signature. */
int
checkpoint_sign_head(uint64_t body, uint64_t seq, const uint8_t hash[32],
    int64_t at_us, uint8_t **sig, size_t *siglen)
{
	(void)body;
	(void)seq;
	(void)hash;
	(void)at_us;
	*sig = calloc(1, 8);
	*siglen = 8;
	return *sig != NULL ? 0 : -1;
}

/* The server's vouch for an entry: a fixed pretend signature. */
int
checkpoint_vouch(const struct sign_entry *e, uint8_t **sig, size_t *siglen)
{
	(void)e;
	*sig = calloc(1, 8);
	*siglen = 8;
	return *sig != NULL ? 0 : -1;
}

/* The checkpoint key's certificate: a pretend one. */
const char *
checkpoint_cert(const uint8_t **fp)
{
	static const uint8_t zero[32];

	*fp = zero;
	return "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
}

/* The connection's SSL: none here (see __wrap_SSL_get1_peer_certificate). */
SSL *
__wrap_bufferevent_openssl_get_ssl(struct bufferevent *bev)
{
	(void)bev;
	return NULL;
}

/* The caller's certificate: a new reference, or none. */
X509 *
__wrap_SSL_get1_peer_certificate(const SSL *ssl)
{
	(void)ssl;
	if (fake_no_cert)
		return NULL;
	if (X509_up_ref(fake_cert) != 1)
		abort();
	return fake_cert;
}

/* A signature holds unless its first byte is 0xff; the canonical bytes
 * must be what sign.h promises. */
int
__wrap_sign_verify(X509 *cert, const void *msg, size_t len,
    const uint8_t *sig, size_t siglen)
{
	if (cert == NULL || msg == NULL || strlen(msg) != len ||
	    strncmp(msg, "yishi-sign-v2\n", 14) != 0) {
		fprintf(stderr, "fake_conn: sign_verify on bad input\n");
		abort();
	}
	return siglen > 0 && siglen <= SIGN_MAX && sig[0] != 0xff ? 0 : -1;
}

/* Queues a signature check, answered by fake_verify_answer (fake_db_drain
 * interleaves the answers with the database's). */
bool
verify_submit(struct verify_job *j)
{
	STAILQ_INSERT_TAIL(&fake_vqueue, j, entry);
	fake_vpending++;
	return true;
}

/* Checks queued but not yet answered. */
int
verify_pending(void)
{
	return fake_vpending;
}

/* Answers the oldest queued check, as a verifier thread would; false when
 * none is queued. */
bool
fake_verify_answer(void)
{
	struct verify_job *j = STAILQ_FIRST(&fake_vqueue);

	if (j == NULL)
		return false;
	STAILQ_REMOVE_HEAD(&fake_vqueue, entry);
	fake_vpending--;
	j->ok = j->cert != NULL && j->sig != NULL && j->siglen > 0 &&
	    sign_verify(j->cert, j->msg, j->len, j->sig, j->siglen) == 0;
	j->cb(j->ok, j->arg);
	return true;
}

/*
 * libevent's timers (a group's pause after writes that found the trail
 * head moved, groupdb.c), without a loop: an armed timer fires when
 * fake_db_drain has nothing else to complete, as it would once the loop
 * is idle.
 */
struct fake_timer {
	event_callback_fn cb;
	void		*arg;
	bool		 pending;
	TAILQ_ENTRY(fake_timer) entry;
};
static TAILQ_HEAD(, fake_timer) fake_timers =	/* oldest first */
    TAILQ_HEAD_INITIALIZER(fake_timers);

/* A new timer (only timers are made on the request path). */
struct event *
event_new(struct event_base *base, evutil_socket_t fd, short what,
    event_callback_fn cb, void *arg)
{
	struct fake_timer *t = calloc(1, sizeof *t);

	(void)base;
	if (t == NULL || fd != -1 || what != 0)
		abort();
	t->cb = cb;
	t->arg = arg;
	TAILQ_INSERT_TAIL(&fake_timers, t, entry);
	return (struct event *)(void *)t;
}

/* Arms the timer; its delay does not matter here. */
int
event_add(struct event *ev, const struct timeval *tv)
{
	(void)tv;
	((struct fake_timer *)(void *)ev)->pending = true;
	return 0;
}

/* Whether the timer is armed. */
int
event_pending(const struct event *ev, short what, struct timeval *tv)
{
	(void)what;
	(void)tv;
	return ((const struct fake_timer *)(const void *)ev)->pending;
}

/* Frees the timer. */
void
event_free(struct event *ev)
{
	struct fake_timer *t = (struct fake_timer *)(void *)ev;

	if (t == NULL)
		return;
	TAILQ_REMOVE(&fake_timers, t, entry);
	free(t);
}

/* Fires the oldest armed timer; false when none is armed. */
bool
fake_timer_fire(void)
{
	struct fake_timer *t;

	TAILQ_FOREACH(t, &fake_timers, entry)
		if (t->pending)
			break;
	if (t == NULL)
		return false;
	t->pending = false;
	t->cb(-1, EV_TIMEOUT, t->arg);
	return true;
}
