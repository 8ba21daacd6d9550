/* client.c: libyishi's public API: requests, responses, events. */
#include "yishi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "frame.h"
#include "sign.h"

#define CLIENT_RBUF_MIN 16384u
#define CLIENT_QUEUE_MAX 4096u	/* events kept for next_event; oldest dropped */

/* Returns the library version. */
YISHI_EXPORT const char *
yishi_version(void)
{
	return "0.1.0";
}

/* Returns a short stable name for an error code. */
YISHI_EXPORT const char *
yishi_err_name(enum yishi_err code)
{
	switch (code) {
	case YISHI_OK:
		return "ok";
	case YISHI_E_ARG:
		return "argument";
	case YISHI_E_IDENTITY:
		return "identity";
	case YISHI_E_UNAVAILABLE:
		return "unavailable";
	case YISHI_E_TIMEOUT:
		return "timeout";
	case YISHI_E_TLS:
		return "tls";
	case YISHI_E_PROTOCOL:
		return "protocol";
	case YISHI_E_NOMEM:
		return "nomem";
	case YISHI_E_INTERRUPTED:
		return "interrupted";
	case YISHI_E_FORGED:
		return "forged";
	}
	return "unknown";
}

/* Names the instance the connection reached: the CA at the end of the
 * server certificate's verified chain, which is the identity folder's
 * ca.pem. Left "" when there is none (nothing then signs for it). */
static void
client_instance(struct yishi_conn *c)
{
	STACK_OF(X509) *chain = SSL_get0_verified_chain(c->ssl);
	int n = chain != NULL ? sk_X509_num(chain) : 0;

	c->instance[0] = '\0';
	if (n > 0 && sign_instance_of(sk_X509_value(chain, n - 1),
	    c->instance) != 0)
		c->instance[0] = '\0';
}

/* Connects and authenticates (see yishi.h). */
YISHI_EXPORT int
yishi_connect(const char *server, const char *identity_dir, int timeout_s,
    struct yishi_conn **out, struct yishi_error *err)
{
	struct yishi_conn *c;

	*out = NULL;
	if (timeout_s < 0 || timeout_s > 86400 * 365) {
		conn_error(err, YISHI_E_ARG, "bad timeout %d", timeout_s);
		return -1;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	c->fd = -1;
	c->timeout_ms = timeout_s == 0 ? -1 : timeout_s * 1000;
	if (conn_open(c, server, identity_dir, conn_deadline(c->timeout_ms),
	    err) == -1) {
		c->broken = true;
		yishi_close(c);
		return -1;
	}
	client_instance(c);
	if (err != NULL) {
		err->code = YISHI_OK;
		err->message[0] = '\0';
	}
	*out = c;
	return 0;
}

/* Sets the callback for events seen by yishi_call. */
YISHI_EXPORT void
yishi_set_event_cb(struct yishi_conn *c, yishi_event_cb cb, void *arg)
{
	c->cb = cb;
	c->cb_arg = arg;
}

/* Returns the name this connection presents. */
YISHI_EXPORT const char *
yishi_identity_name(const struct yishi_conn *c)
{
	return c->name;
}

/* Returns the id of the instance this connection reached (see yishi.h). */
YISHI_EXPORT const char *
yishi_instance(const struct yishi_conn *c)
{
	return c->instance;
}

/* Signs msg with the identity's private key (see yishi.h). */
YISHI_EXPORT int
yishi_sign(struct yishi_conn *c, const void *msg, size_t len, uint8_t **sig,
    size_t *siglen, struct yishi_error *err)
{
	EVP_PKEY *key = SSL_CTX_get0_privatekey(c->ctx);

	if (key == NULL || sign_make(key, msg, len, sig, siglen) != 0) {
		conn_error(err, YISHI_E_IDENTITY, "cannot sign with the "
		    "identity's key");
		return -1;
	}
	return 0;
}

/* Frees a response returned by yishi_call. */
YISHI_EXPORT void
yishi_response_free(Yishi__Response *resp)
{
	if (resp != NULL)
		yishi__response__free_unpacked(resp, NULL);
}

/* Frees an event returned by yishi_next_event. */
YISHI_EXPORT void
yishi_event_free(Yishi__Event *ev)
{
	if (ev != NULL)
		yishi__event__free_unpacked(ev, NULL);
}

/* Keeps ev for yishi_next_event, dropping the oldest when full. */
static int
client_enqueue(struct yishi_conn *c, Yishi__Event *ev)
{
	Yishi__Event **q;
	size_t i, ncap;

	if (c->qlen == c->qcap) {
		if (c->qcap >= CLIENT_QUEUE_MAX) {
			yishi_event_free(c->queue[c->qhead]);
			c->qhead = (c->qhead + 1) % c->qcap;
			c->qlen--;
		} else {
			ncap = c->qcap ? c->qcap * 2 : 16;
			q = malloc(ncap * sizeof *q);
			if (q == NULL)
				return -1;
			for (i = 0; i < c->qlen; i++)
				q[i] = c->queue[(c->qhead + i) % c->qcap];
			free(c->queue);
			c->queue = q;
			c->qcap = ncap;
			c->qhead = 0;
		}
	}
	c->queue[(c->qhead + c->qlen) % c->qcap] = ev;
	c->qlen++;
	return 0;
}

/* Takes the oldest queued event, or NULL. */
static Yishi__Event *
client_dequeue(struct yishi_conn *c)
{
	Yishi__Event *ev;

	if (c->qlen == 0)
		return NULL;
	ev = c->queue[c->qhead];
	c->qhead = (c->qhead + 1) % c->qcap;
	c->qlen--;
	return ev;
}

/*
 * Reads one whole frame before the deadline. Partial input stays buffered,
 * so a timeout does not lose the stream. Returns 0 with *out, or -1.
 */
static int
client_read_frame(struct yishi_conn *c, Yishi__Frame **out, int64_t deadline,
    struct yishi_error *err)
{
	enum frame_status st;
	size_t plen, need, consumed;
	uint8_t *nb;
	long n;

	*out = NULL;
	for (;;) {
		need = FRAME_HEADER;
		if (c->rlen >= FRAME_HEADER) {
			st = frame_header_max(c->rbuf, c->rlen,
			    FRAME_MAX_REPLY, &plen);
			if (st == FRAME_TOO_BIG) {
				c->broken = true;
				conn_error(err, YISHI_E_PROTOCOL,
				    "the server sent a frame of %zu bytes "
				    "(limit %u)", plen, FRAME_MAX_REPLY);
				return -1;
			}
			need = FRAME_HEADER + plen;
			if (c->rlen >= need) {
				st = frame_decode_max(c->rbuf, c->rlen,
				    FRAME_MAX_REPLY, &consumed, out);
				if (st != FRAME_OK) {
					c->broken = true;
					conn_error(err, YISHI_E_PROTOCOL,
					    "the server sent an undecodable "
					    "frame (%s)", frame_status_name(st));
					return -1;
				}
				memmove(c->rbuf, c->rbuf + consumed,
				    c->rlen - consumed);
				c->rlen -= consumed;
				return 0;
			}
		}
		if (need < CLIENT_RBUF_MIN)
			need = CLIENT_RBUF_MIN;
		if (c->rcap < need) {
			nb = realloc(c->rbuf, need);
			if (nb == NULL) {
				c->broken = true;
				conn_error(err, YISHI_E_NOMEM, "out of memory");
				return -1;
			}
			c->rbuf = nb;
			c->rcap = need;
		}
		n = conn_read(c, c->rbuf + c->rlen, c->rcap - c->rlen, deadline,
		    err);
		if (n < 0) {
			if (err == NULL || (err->code != YISHI_E_TIMEOUT &&
			    err->code != YISHI_E_INTERRUPTED))
				c->broken = true;
			return -1;
		}
		c->rlen += (size_t)n;
	}
}

/* Checks a received frame's version. Returns 0, or -1 with err filled. */
static int
client_check_version(struct yishi_conn *c, const Yishi__Frame *f,
    struct yishi_error *err)
{
	/* 0 is tolerated: a peer that left the field unset. */
	if (f->version == 0 || f->version == FRAME_VERSION)
		return 0;
	c->broken = true;
	conn_error(err, YISHI_E_PROTOCOL,
	    "the server speaks protocol version %u, this client %u",
	    f->version, FRAME_VERSION);
	return -1;
}

/* Hands an event to the callback, or queues it. Takes ownership of ev. */
static int
client_event(struct yishi_conn *c, Yishi__Event *ev, struct yishi_error *err)
{
	if (c->cb != NULL) {
		c->cb(ev, c->cb_arg);
		yishi_event_free(ev);
		return 0;
	}
	if (client_enqueue(c, ev) == -1) {
		yishi_event_free(ev);
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* Takes the event out of f and frees the rest of f. */
static Yishi__Event *
client_take_event(Yishi__Frame *f)
{
	Yishi__Event *ev = f->event;

	f->event = NULL;
	f->body_case = YISHI__FRAME__BODY__NOT_SET;
	yishi__frame__free_unpacked(f, NULL);
	return ev;
}

/* Sends a request and waits for its response (see yishi.h). */
YISHI_EXPORT int
yishi_call(struct yishi_conn *c, const Yishi__Request *req,
    Yishi__Response **resp, struct yishi_error *err)
{
	Yishi__Frame out = YISHI__FRAME__INIT, *in;
	uint8_t *buf;
	size_t len;
	int64_t deadline;
	uint64_t id;
	int rc;

	*resp = NULL;
	if (c == NULL || req == NULL) {
		conn_error(err, YISHI_E_ARG, "no connection or no request");
		return -1;
	}
	if (c->broken) {
		conn_error(err, YISHI_E_UNAVAILABLE,
		    "the connection failed earlier; reconnect");
		return -1;
	}
	id = ++c->next_id;
	out.version = FRAME_VERSION;
	out.id = id;
	out.body_case = YISHI__FRAME__BODY_REQUEST;
	out.request = (Yishi__Request *)req;	/* packing only reads it */
	if (frame_encode(&out, &buf, &len) == -1) {
		conn_error(err, YISHI_E_ARG,
		    "the request is larger than %u bytes", FRAME_MAX);
		return -1;
	}
	deadline = conn_deadline(c->timeout_ms);
	c->intr_ok = false;
	rc = conn_write(c, buf, len, deadline, err);
	free(buf);
	if (rc == -1) {
		c->broken = true;
		return -1;
	}
	for (;;) {
		if (client_read_frame(c, &in, deadline, err) == -1) {
			c->broken = true;
			return -1;
		}
		if (client_check_version(c, in, err) == -1) {
			yishi__frame__free_unpacked(in, NULL);
			return -1;
		}
		switch (in->body_case) {
		case YISHI__FRAME__BODY_EVENT:
			if (client_event(c, client_take_event(in), err) == -1)
				return -1;
			continue;
		case YISHI__FRAME__BODY_RESPONSE:
			/* id 0: the server could not read our frame at all. */
			if (in->id != id && in->id != 0)
				break;	/* a stale answer: drop it */
			if (in->id == 0)
				c->broken = true;
			*resp = in->response;
			in->response = NULL;
			in->body_case = YISHI__FRAME__BODY__NOT_SET;
			yishi__frame__free_unpacked(in, NULL);
			return 0;
		default:
			c->broken = true;
			yishi__frame__free_unpacked(in, NULL);
			conn_error(err, YISHI_E_PROTOCOL,
			    "the server sent a frame that is neither a "
			    "response nor an event");
			return -1;
		}
		yishi__frame__free_unpacked(in, NULL);
	}
}

/* Waits for the next pushed event (see yishi.h). */
YISHI_EXPORT int
yishi_next_event(struct yishi_conn *c, Yishi__Event **ev, int timeout_ms,
    struct yishi_error *err)
{
	Yishi__Frame *in;
	int64_t deadline;

	*ev = client_dequeue(c);
	if (*ev != NULL)
		return 1;
	if (c->broken) {
		conn_error(err, YISHI_E_UNAVAILABLE,
		    "the connection failed earlier; reconnect");
		return -1;
	}
	deadline = conn_deadline(timeout_ms);
	c->intr_ok = true;
	for (;;) {
		if (client_read_frame(c, &in, deadline, err) == -1) {
			c->intr_ok = false;
			if (err != NULL && err->code == YISHI_E_TIMEOUT)
				return 0;
			return -1;
		}
		if (client_check_version(c, in, err) == -1) {
			yishi__frame__free_unpacked(in, NULL);
			c->intr_ok = false;
			return -1;
		}
		if (in->body_case == YISHI__FRAME__BODY_EVENT) {
			c->intr_ok = false;
			*ev = client_take_event(in);
			return 1;
		}
		/* A response nobody waits for any more: drop it. */
		yishi__frame__free_unpacked(in, NULL);
	}
}

/* Closes the connection and frees it. */
YISHI_EXPORT void
yishi_close(struct yishi_conn *c)
{
	Yishi__Event *ev;

	if (c == NULL)
		return;
	conn_shutdown(c);
	while ((ev = client_dequeue(c)) != NULL)
		yishi_event_free(ev);
	free(c->queue);
	free(c->rbuf);
	free(c);
}
