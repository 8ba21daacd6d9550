/* limiter.c: counts behind the connection limits (see limiter.h). */
#include "limiter.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "config.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define LIMITER_HASH 4096
#define LIMITER_LOG_S 5		/* at most one line per limit this often */
#define LIMITER_KEY 16		/* SipHash's key, bytes */
#define LIMITER_MAC 8		/* SipHash-2-4's 64-bit output */

/* One counted key: a source address or a certificate fingerprint. */
struct limiter_entry {
	uint8_t			 key[32];
	unsigned		 n;
	LIST_ENTRY(limiter_entry) entry;	/* in its bucket */
};

LIST_HEAD(limiter_chain, limiter_entry);

/* A table of counts by key; entries exist while their count is not 0. */
struct limiter_table {
	struct limiter_chain	 bucket[LIMITER_HASH];
	size_t			 keylen;
	size_t			 n;		/* entries */
};

/* A limit's tally and when it was last logged. */
struct limiter_tally {
	uint64_t	 total;
	uint64_t	 unlogged;	/* since the last line */
	time_t		 logged_at;	/* monotonic seconds, 0: never */
};

static struct limiter_table limiter_sources = { .keylen = 16 };
static struct limiter_table limiter_identities = { .keylen = 32 };
static struct limiter_tally limiter_tallies[LIMITER_E_N];
static EVP_MAC_CTX *limiter_mac;	/* SipHash, keyed by limiter_init */

static const char *const limiter_names[LIMITER_E_N] = {
	[LIMITER_E_SOURCE] = "over max_handshakes_per_source",
	[LIMITER_E_CAP] = "over max_conns",
	[LIMITER_E_EVICT] = "handshakes dropped for newer ones",
	[LIMITER_E_HANDSHAKE] = "handshakes timed out under pressure",
	[LIMITER_E_IDENTITY] = "over max_conns_per_identity",
	[LIMITER_E_IDLE] = "idle",
};

/* Keys the hash of the tables with a fresh random SipHash key (see
 * limiter.h). */
int
limiter_init(void)
{
	uint8_t key[LIMITER_KEY];
	size_t size = LIMITER_MAC;
	OSSL_PARAM params[] = {
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_SIZE, &size),
		OSSL_PARAM_END
	};
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	int rc = -1;

	if (limiter_sources.n > 0 || limiter_identities.n > 0) {
		log_warnx("limiter: cannot change the key while counting");
		return -1;
	}
	if ((mac = EVP_MAC_fetch(NULL, "SIPHASH", NULL)) == NULL ||
	    (ctx = EVP_MAC_CTX_new(mac)) == NULL ||
	    RAND_bytes(key, sizeof key) != 1 ||
	    EVP_MAC_init(ctx, key, sizeof key, params) != 1) {
		log_ssl("limiter: SipHash");
		EVP_MAC_CTX_free(ctx);
		goto out;
	}
	EVP_MAC_CTX_free(limiter_mac);
	limiter_mac = ctx;
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof key);
	EVP_MAC_free(mac);
	return rc;
}

/* Frees the hash's key (at exit). */
void
limiter_free(void)
{
	EVP_MAC_CTX_free(limiter_mac);
	limiter_mac = NULL;
}

/* The bucket of a key: SipHash under limiter_init's secret key, so that a
 * peer cannot choose addresses that share one bucket. */
static size_t
limiter_hash(const uint8_t *key, size_t len)
{
	uint8_t out[LIMITER_MAC];
	size_t outlen = 0;
	uint64_t h;

	if (limiter_mac == NULL)
		fatalx("limiter: used before limiter_init");
	/* A NULL key starts over from the key already set. */
	if (EVP_MAC_init(limiter_mac, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(limiter_mac, key, len) != 1 ||
	    EVP_MAC_final(limiter_mac, out, &outlen, sizeof out) != 1 ||
	    outlen != sizeof out)
		fatalx("limiter: SipHash failed");
	memcpy(&h, out, sizeof h);
	return (size_t)(h % LIMITER_HASH);
}

/* Finds key's entry, or NULL; with chain, the bucket it belongs in. */
static struct limiter_entry *
limiter_find(struct limiter_table *t, const uint8_t *key,
    struct limiter_chain **chain)
{
	struct limiter_chain *c = &t->bucket[limiter_hash(key, t->keylen)];
	struct limiter_entry *e;

	if (chain != NULL)
		*chain = c;
	LIST_FOREACH(e, c, entry)
		if (memcmp(e->key, key, t->keylen) == 0)
			return e;
	return NULL;
}

/* Adds one to key's count; returns the new count. */
static unsigned
limiter_inc(struct limiter_table *t, const uint8_t *key)
{
	struct limiter_chain *c;
	struct limiter_entry *e = limiter_find(t, key, &c);

	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		memcpy(e->key, key, t->keylen);
		LIST_INSERT_HEAD(c, e, entry);
		t->n++;
	}
	return ++e->n;
}

/* Takes one from key's count; the entry goes at 0. */
static void
limiter_dec(struct limiter_table *t, const uint8_t *key)
{
	struct limiter_entry *e = limiter_find(t, key, NULL);

	if (e == NULL)
		return;
	if (--e->n == 0) {
		LIST_REMOVE(e, entry);
		t->n--;
		free(e);
	}
}

/* Which bucket of the tables a counts in (see limiter.h). */
size_t
limiter_bucket(const struct limiter_addr *a)
{
	return limiter_hash(a->a, sizeof a->a);
}

/* Fills a from an accepted peer's address. */
void
limiter_addr_from(const struct sockaddr *sa, struct limiter_addr *a)
{
	memset(a, 0, sizeof *a);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		a->a[10] = a->a[11] = 0xff;
		memcpy(a->a + 12, &in->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		memcpy(a->a, &in6->sin6_addr, 16);
		if (!IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			memset(a->a + 8, 0, 8);	/* the /64 */
	}
}

/* Whether a already has max_handshakes_per_source handshakes under way. */
bool
limiter_source_full(const struct limiter_addr *a)
{
	struct limiter_entry *e;
	int max = srv.cfg->max_handshakes_per_source;

	if (max <= 0)
		return false;
	e = limiter_find(&limiter_sources, a->a, NULL);
	return e != NULL && e->n >= (unsigned)max;
}

/* Counts one handshake under way from a. */
void
limiter_source_add(const struct limiter_addr *a)
{
	(void)limiter_inc(&limiter_sources, a->a);
}

/* One handshake from a less. */
void
limiter_source_del(const struct limiter_addr *a)
{
	limiter_dec(&limiter_sources, a->a);
}

/* Counts one connection of fp unless it is at max_conns_per_identity. */
bool
limiter_identity_add(const uint8_t fp[32])
{
	struct limiter_entry *e;
	int max = srv.cfg->max_conns_per_identity;

	if (max > 0 && (e = limiter_find(&limiter_identities, fp, NULL)) !=
	    NULL && e->n >= (unsigned)max)
		return false;
	(void)limiter_inc(&limiter_identities, fp);
	return true;
}

/* One connection of fp less. */
void
limiter_identity_del(const uint8_t fp[32])
{
	limiter_dec(&limiter_identities, fp);
}

/* Counts e and logs it, at most every LIMITER_LOG_S seconds. */
void
limiter_note(enum limiter_event e, const char *fmt, ...)
{
	struct limiter_tally *t = &limiter_tallies[e];
	struct timespec now;
	char msg[256];
	va_list ap;

	t->total++;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (t->logged_at != 0 && now.tv_sec - t->logged_at < LIMITER_LOG_S) {
		t->unlogged++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (t->unlogged > 0)
		log_warnx("%s (and %llu more %s in the last %lld s)", msg,
		    (unsigned long long)t->unlogged, limiter_names[e],
		    (long long)(now.tv_sec - t->logged_at));
	else
		log_warnx("%s", msg);
	t->unlogged = 0;
	t->logged_at = now.tv_sec > 0 ? now.tv_sec : 1;
}

/* Counts e without logging it. */
void
limiter_add(enum limiter_event e)
{
	limiter_tallies[e].total++;
}

/* Total of e since start. */
uint64_t
limiter_count(enum limiter_event e)
{
	return limiter_tallies[e].total;
}

/* Logs the totals (at exit). */
void
limiter_log_counts(void)
{
	int e;

	for (e = 0; e < LIMITER_E_N; e++)
		if (limiter_tallies[e].total > 0)
			log_info("limits: %llu connections closed: %s",
			    (unsigned long long)limiter_tallies[e].total,
			    limiter_names[e]);
}
