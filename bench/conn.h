/*
 * conn.h: the bench's client connections: asynchronous mutual TLS 1.3 on a
 * bufferevent_openssl, one member identity each, carrying length-prefixed
 * protobuf frames (proto/frame.h). Many live in one process on one event
 * base. Requests get ids; responses are matched by id and handed to the
 * caller with the time from send to acknowledgment.
 */
#ifndef BENCH_CONN_H
#define BENCH_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "frame.h"
#include "ident.h"

enum conn_state {
	CONN_S_CONNECTING,	/* TCP connect and TLS handshake */
	CONN_S_READY,		/* handshaken: requests may go */
	CONN_S_CLOSED		/* failed or closed by the peer */
};

struct conn;

/* A response: the frame (the callback owns it: yishi__frame__free_unpacked)
   and the microseconds from send to acknowledgment. f is NULL when the
   connection closed before the answer. */
typedef void (*conn_reply_cb)(struct conn *c, Yishi__Frame *f,
    int64_t lat_us, void *arg);
/* The connection became ready or closed (see c->state). */
typedef void (*conn_state_cb)(struct conn *c, void *arg);

struct conn_call {
	uint64_t	 id;
	int64_t		 sent_us;
	conn_reply_cb	 cb;
	void		*arg;
	TAILQ_ENTRY(conn_call) entry;
};

struct conn {
	struct event_base *base;
	struct bufferevent *bev;
	const struct ident *ident;	/* borrowed */
	enum conn_state	 state;
	int64_t		 start_us, ready_us;
	uint64_t	 next_id;
	TAILQ_HEAD(, conn_call) calls;	/* awaiting an answer, oldest first */
	size_t		 ncalls;
	conn_state_cb	 state_cb;
	void		*state_arg;
	char		 err[160];	/* why it closed */
	void		*user;		/* the caller's */
};

/* The client TLS context: TLS 1.3 only, the server verified against
   ca_file; each connection presents its own identity. NULL on failure. */
SSL_CTX *conn_ctx_new(const char *ca_file);

/* Starts connecting to host:port as ident; state_cb (may be NULL) runs when
   the handshake ends either way. NULL when it cannot even start. */
struct conn *conn_new(struct event_base *base, SSL_CTX *ctx,
    const struct ident *ident, const char *host, int port,
    conn_state_cb state_cb, void *arg);

/* Closes and frees c; pending calls are dropped without callbacks. Only
   from the top level, never inside one of c's callbacks. */
void conn_free(struct conn *c);

/*
 * Sends rq in a new frame; cb runs with the answer. Returns 0, or -1 when
 * c is not ready or the frame does not encode.
 */
int conn_call(struct conn *c, Yishi__Request *rq, conn_reply_cb cb,
    void *arg) __attribute__((warn_unused_result));

/* Encodes rq as c's next frame into *buf (malloc'd) without sending it;
   *id is its id. For bursts prepared in advance. Returns 0 or -1. */
int conn_encode(struct conn *c, Yishi__Request *rq, uint8_t **buf,
    size_t *len, uint64_t *id) __attribute__((warn_unused_result));

/* Sends a frame conn_encode made (takes ownership of buf). */
int conn_send(struct conn *c, uint8_t *buf, size_t len, uint64_t id,
    conn_reply_cb cb, void *arg) __attribute__((warn_unused_result));

/* Runs the loop until *flag is non-zero or timeout_s passes; 0 or -1. */
int conn_wait(struct event_base *base, const int *flag, double timeout_s)
    __attribute__((warn_unused_result));

/*
 * Sends rq and waits for its answer (up to timeout_s): returns the frame
 * (the caller frees it) or NULL. For the untimed set-up steps.
 */
Yishi__Frame *conn_call_wait(struct conn *c, Yishi__Request *rq,
    double timeout_s);

/* Tells whether f answers OK; otherwise prints what to stderr with the
   status and message. */
int conn_ok(const Yishi__Frame *f, const char *what);

#endif
