/*
 * pool.h: many connections opened at once, a window of handshakes in
 * flight, and the handshake rate they reached.
 */
#ifndef BENCH_POOL_H
#define BENCH_POOL_H

#include <stddef.h>

#include "conn.h"

struct pool {
	struct conn	**conns;	/* one per identity, in order */
	size_t		 n;
	size_t		 ready, failed;
	double		 seconds;	/* first connect to last handshake */
};

/*
 * Connects one connection per identity to host:port, at most window
 * handshakes in flight. keep 0: each is closed once handshaken (a pure
 * handshake rate, e.g. against openssl s_server); keep 1: all stay open in
 * p->conns. Returns 0 when every one handshook, else -1 (p->failed say how
 * many did not; the first reason is printed).
 */
int pool_open(struct pool *p, struct event_base *base, SSL_CTX *ctx,
    struct ident **ids, size_t n, const char *host, int port, size_t window,
    int keep) __attribute__((warn_unused_result));

/* Closes every connection of p. */
void pool_close(struct pool *p);

/* Handshakes per second p reached. */
double pool_rate(const struct pool *p);

#endif
