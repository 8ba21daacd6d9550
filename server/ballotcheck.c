/* ballotcheck.c: secret ballots' proofs on verifier threads (see
 * ballotcheck.h). */
#include "ballotcheck.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ballot.h"
#include "elgamal.h"
#include "req.h"

static pthread_key_t	ballotcheck_key;
static pthread_once_t	ballotcheck_once = PTHREAD_ONCE_INIT;

/* What one thread keeps: the context of the key it last used. */
struct ballotcheck_ctx {
	struct elgamal	*eg;
	uint8_t		 key[ELGAMAL_POINT_LEN];
};

/* Frees a thread's context when it ends. */
static void
ballotcheck_free(void *p)
{
	struct ballotcheck_ctx *c = p;

	if (c != NULL)
		elgamal_free(c->eg);
	free(c);
}

/* Creates the key of the threads' contexts, once. */
static void
ballotcheck_init(void)
{
	(void)pthread_key_create(&ballotcheck_key, ballotcheck_free);
}

/* The calling thread's context for key, or NULL when out of memory or the
 * key does not decode. */
static struct elgamal *
ballotcheck_eg(const uint8_t key[ELGAMAL_POINT_LEN])
{
	struct ballotcheck_ctx *c;

	(void)pthread_once(&ballotcheck_once, ballotcheck_init);
	if ((c = pthread_getspecific(ballotcheck_key)) == NULL) {
		if ((c = calloc(1, sizeof *c)) == NULL)
			return NULL;
		if (pthread_setspecific(ballotcheck_key, c) != 0) {
			free(c);
			return NULL;
		}
	}
	if (c->eg != NULL && memcmp(c->key, key, sizeof c->key) == 0)
		return c->eg;
	elgamal_free(c->eg);
	if ((c->eg = elgamal_new(key)) != NULL)
		memcpy(c->key, key, sizeof c->key);
	return c->eg;
}

/* Checks a ballot's proofs under key for ctx (see ballotcheck.h). */
int
ballotcheck_proofs(const uint8_t key[33], const uint8_t *ctx, size_t ctxlen,
    const uint8_t *ballot, size_t len)
{
	struct elgamal *eg;

	if (ctx == NULL || ballot == NULL ||
	    len != ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS) ||
	    (eg = ballotcheck_eg(key)) == NULL)
		return 0;
	return elgamal_ballot_verify(eg, ctx, ctxlen, BALLOT_OPTIONS, ballot,
	    len) == 0;
}

/* A verify_job's extra check of a secret vote_cast (see ballotcheck.h). */
int
ballotcheck_job(const struct verify_job *j)
{
	const struct req *r = j->arg;
	const Yishi__VoteCast *a = r->rq->vote_cast;

	return ballotcheck_proofs(r->vkey, r->vctx, r->vctxlen, a->ballot.data,
	    a->ballot.len);
}
