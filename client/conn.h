/*
 * conn.h: the transport under libyishi (private): a non-blocking TCP socket
 * with TLS 1.3 on top, every wait bounded by a deadline through poll().
 */
#ifndef YISHI_CONN_H
#define YISHI_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "yishi.h"

#define CONN_NO_DEADLINE INT64_MIN

struct yishi_conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	int timeout_ms;		/* per call; -1 for none */
	bool broken;		/* an I/O error left the stream unusable */
	bool intr_ok;		/* a signal during a wait ends it */
	uint64_t next_id;
	char name[256];		/* CN of our certificate */
	char instance[65];	/* the instance's id (sign.h): SHA-256 of
				   the CA the server's certificate chains
				   to, in hex */

	uint8_t *rbuf;		/* bytes read and not yet decoded */
	size_t rlen;
	size_t rcap;

	yishi_event_cb cb;
	void *cb_arg;
	Yishi__Event **queue;	/* ring of events waiting for next_event */
	size_t qhead;
	size_t qlen;
	size_t qcap;
};

/* Milliseconds on the monotonic clock. */
int64_t conn_now_ms(void);

/* A deadline timeout_ms from now; CONN_NO_DEADLINE when timeout_ms < 0. */
int64_t conn_deadline(int timeout_ms);

/* Fills err (when not NULL) with code and a formatted message. */
void conn_error(struct yishi_error *err, enum yishi_err code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Opens TCP to server and completes the TLS handshake (see yishi_connect). */
int conn_open(struct yishi_conn *c, const char *server,
    const char *identity_dir, int64_t deadline, struct yishi_error *err)
    __attribute__((warn_unused_result));

/* Writes all of buf. Returns 0, or -1 with err filled. */
int conn_write(struct yishi_conn *c, const uint8_t *buf, size_t len,
    int64_t deadline, struct yishi_error *err)
    __attribute__((warn_unused_result));

/* Reads at least one byte into buf. Returns the count, or -1 with err. */
long conn_read(struct yishi_conn *c, uint8_t *buf, size_t cap,
    int64_t deadline, struct yishi_error *err)
    __attribute__((warn_unused_result));

/* Shuts TLS down politely (without waiting) and frees the transport. */
void conn_shutdown(struct yishi_conn *c);

#endif
