/*
 * limiter.h: the connection limits that count across connections: TLS
 * handshakes under way per source address, connections per identity (per
 * client certificate: one identity, one certificate), and the tallies of
 * what the limits closed, logged at most every few seconds so that a flood
 * cannot flood the log as well. Pure bookkeeping: listener.c and conn.c
 * decide what to close, this module only counts.
 */
#ifndef YISHI_LIMITER_H
#define YISHI_LIMITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

/* A source as counted: an IPv4 address (IPv4-mapped) or the /64 prefix of
 * an IPv6 one (one host commonly holds a whole /64). */
struct limiter_addr {
	uint8_t	 a[16];
};

/* What a limit closed, tallied and logged rate-limited. */
enum limiter_event {
	LIMITER_E_SOURCE,	/* over max_handshakes_per_source, at accept */
	LIMITER_E_CAP,		/* over max_conns, nothing to evict, at accept */
	LIMITER_E_EVICT,		/* oldest handshake dropped for a new one */
	LIMITER_E_HANDSHAKE,	/* handshake deadline passed under pressure */
	LIMITER_E_IDENTITY,	/* over max_conns_per_identity */
	LIMITER_E_IDLE,		/* idle_timeout */
	LIMITER_E_N
};

/* Keys the tables' hash with a fresh random SipHash key, so that a peer
 * cannot choose addresses that share one bucket; before anything is
 * counted (at start-up), else it refuses. 0, or -1 (logged). */
int limiter_init(void) __attribute__((warn_unused_result));

/* Frees the key (at exit, after the last count is given back). */
void limiter_free(void);

/* Which of the tables' buckets a counts in: what limiter_init's key
 * decides (the unit test checks that it is keyed). */
size_t limiter_bucket(const struct limiter_addr *a);

/* Fills a from an accepted peer's address. */
void limiter_addr_from(const struct sockaddr *sa, struct limiter_addr *a);

/* Whether a already has max_handshakes_per_source handshakes under way. */
bool limiter_source_full(const struct limiter_addr *a);

/* Counts one handshake under way from a / one less. */
void limiter_source_add(const struct limiter_addr *a);
void limiter_source_del(const struct limiter_addr *a);

/* Counts one connection of the identity with certificate fingerprint fp;
 * false (nothing counted) when it already has max_conns_per_identity. */
bool limiter_identity_add(const uint8_t fp[32]);

/* One connection of fp less. */
void limiter_identity_del(const uint8_t fp[32]);

/* Counts e; logs fmt at once the first time, then at most every
 * LIMITER_LOG_S seconds with how many more happened in between. */
void limiter_note(enum limiter_event e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counts e without logging it (the caller logs each one). */
void limiter_add(enum limiter_event e);

/* Total of e since start. */
uint64_t limiter_count(enum limiter_event e);

/* Logs the totals (at exit). */
void limiter_log_counts(void);

#endif
