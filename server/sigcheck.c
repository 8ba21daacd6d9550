/* sigcheck.c: early signature checks and where items belong (see
 * sigcheck.h). */
#include "sigcheck.h"

#include <stdlib.h>
#include <string.h>

#include "ballotcheck.h"
#include "group.h"
#include "mstate.h"
#include "req.h"
#include "verify.h"

/* Where the items of recent rounds belong, direct-mapped by item id. */
#define SIGCHECK_PLACES 4096
static struct sigcheck_place {
	uint64_t	 item, body, meeting;
	uint64_t	 round;		/* a secret vote's round, once keyed */
	uint8_t		 key[33];	/* its key */
} sigcheck_places[SIGCHECK_PLACES];

/* Remembers where item `item` belongs. */
void
sigcheck_place(uint64_t item, const struct mstate *ms)
{
	struct sigcheck_place *p = &sigcheck_places[item % SIGCHECK_PLACES];

	const struct m_item *it;

	if (ms == NULL)
		return;
	p->item = item;
	p->body = ms->body_id;
	p->meeting = ms->id;
	p->round = 0;
	if ((it = mstate_item(ms, item)) != NULL && it->keyed &&
	    it->method == RULES_METHOD_SECRET) {
		p->round = it->round;
		memcpy(p->key, it->key, sizeof p->key);
	}
}

/* The round and key of item's secret vote, when known (see sigcheck.h). */
bool
sigcheck_round(uint64_t item, uint64_t *round, uint8_t key[33])
{
	const struct sigcheck_place *p =
	    &sigcheck_places[item % SIGCHECK_PLACES];

	if (p->item != item || p->round == 0)
		return false;
	*round = p->round;
	memcpy(key, p->key, sizeof p->key);
	return true;
}

/* Starts r's early check when its item's place is known. */
void
sigcheck_start(struct req *r, const struct mstate *ms)
{
	const struct sigcheck_place *p =
	    &sigcheck_places[r->key % SIGCHECK_PLACES];

	const struct m_item *it;

	if (r->h->early == NULL || r->vpending)
		return;
	/* A secret ballot checked early against another round than the
	 * snapshot's (its item's place was stale: a round voided and opened
	 * again) is checked again against this one. */
	if (r->vtext != NULL && r->vballot && ms != NULL &&
	    (it = mstate_item(ms, r->key)) != NULL && it->keyed &&
	    it->round != r->vround) {
		free(r->vtext);
		r->vtext = NULL;
		r->vballot = false;
	}
	if (r->vtext != NULL)
		return;
	if (ms != NULL && r->h->scope == REQ_SCOPE_ITEM &&
	    mstate_item(ms, r->key) != NULL)
		sigcheck_place(r->key, ms);
	if (ms != NULL)
		r->h->early(r, ms->body_id, ms->id);
	else if (r->h->scope == REQ_SCOPE_ITEM && p->item == r->key)
		r->h->early(r, p->body, p->meeting);
}

/* A verifier thread answered for r: a round waiting for it goes on once
 * all of its answers are in. */
static void
sigcheck_answer(int ok, void *arg)
{
	struct req *r = arg;
	struct group *g = r->vstall;

	r->vok = ok;
	r->vpending = false;
	r->vstall = NULL;
	if (g != NULL)
		group_signature_in(g);
}

/* Hands text, r's signed bytes, to a verifier thread with extra as the
 * job's further check (NULL for none). */
static void
sigcheck_submit(struct req *r, char *text, size_t len,
    int (*extra)(const struct verify_job *))
{
	free(r->vtext);
	r->vtext = text;
	r->vlen = len;
	r->vpending = true;
	r->vjob.cert = r->cert;
	r->vjob.msg = text;
	r->vjob.len = len;
	r->vjob.sig = r->rq->signature.data;
	r->vjob.siglen = r->rq->signature.len;
	r->vjob.cb = sigcheck_answer;
	r->vjob.arg = r;
	r->vjob.extra = extra;
	(void)verify_submit(&r->vjob);
}

/* Checks r's signature over text ahead of decide() (see sigcheck.h). */
void
sigcheck_early(struct req *r, char *text, size_t len)
{
	if (r->vpending || text == NULL || r->cert == NULL ||
	    r->rq->signature.len == 0) {
		free(text);
		return;
	}
	r->vballot = false;
	sigcheck_submit(r, text, len, NULL);
}

/* Checks r's signature over text and its secret ballot's proofs under key
 * for ctx ahead of decide() (see sigcheck.h). */
void
sigcheck_early_ballot(struct req *r, char *text, size_t len,
    uint64_t round, const uint8_t key[33], uint8_t *ctx, size_t ctxlen)
{
	if (r->vpending || text == NULL || ctx == NULL || r->cert == NULL ||
	    r->rq->signature.len == 0) {
		free(text);
		free(ctx);
		return;
	}
	free(r->vctx);
	r->vctx = ctx;
	r->vctxlen = ctxlen;
	memcpy(r->vkey, key, sizeof r->vkey);
	r->vround = round;
	r->vballot = true;
	sigcheck_submit(r, text, len, ballotcheck_job);
}

/* The early answer about r's ballot proofs for these signed bytes (see
 * sigcheck.h). */
int
sigcheck_ballot_verified(const struct req *r, const char *text, size_t len)
{
	if (!r->vballot || sigcheck_verified(r, text, len) < 0)
		return -1;
	return r->vjob.xok ? 1 : 0;
}

/* The early answer for exactly these bytes, or -1 (see sigcheck.h). */
int
sigcheck_verified(const struct req *r, const char *text, size_t len)
{
	if (r->vtext == NULL || r->vpending || text == NULL || len != r->vlen ||
	    memcmp(text, r->vtext, len) != 0)
		return -1;
	return r->vok ? 1 : 0;
}
