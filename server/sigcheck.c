/* sigcheck.c: early signature checks and where items belong (see
 * sigcheck.h). */
#include "sigcheck.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "mstate.h"
#include "req.h"
#include "verify.h"

/* Where the items of recent rounds belong, direct-mapped by item id. */
#define SIGCHECK_PLACES 4096
static struct sigcheck_place {
	uint64_t	 item, body, meeting;
} sigcheck_places[SIGCHECK_PLACES];

/* Remembers where item `item` belongs. */
void
sigcheck_place(uint64_t item, const struct mstate *ms)
{
	struct sigcheck_place *p = &sigcheck_places[item % SIGCHECK_PLACES];

	if (ms == NULL)
		return;
	p->item = item;
	p->body = ms->body_id;
	p->meeting = ms->id;
}

/* Starts r's early check when its item's place is known. */
void
sigcheck_start(struct req *r, const struct mstate *ms)
{
	const struct sigcheck_place *p =
	    &sigcheck_places[r->key % SIGCHECK_PLACES];

	if (r->h->early == NULL || r->vtext != NULL || r->vpending)
		return;
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

/* Checks r's signature over text ahead of decide() (see sigcheck.h). */
void
sigcheck_early(struct req *r, char *text, size_t len)
{
	if (r->vpending || text == NULL || r->cert == NULL ||
	    r->rq->signature.len == 0) {
		free(text);
		return;
	}
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
	(void)verify_submit(&r->vjob);
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
