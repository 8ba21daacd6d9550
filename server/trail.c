/* trail.c: appending trail entries (see trail.h). */
#include "trail.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkpoint.h"
#include "db.h"
#include "hex.h"
#include "req.h"
#include "xmalloc.h"

static const char trail_sql_append[] =
	"SELECT trail_append($1, $2, $3, $4, $5)";
static const char trail_sql_append_signed[] =
	"SELECT trail_append_signed($1, $2, $3, $4, $5, $3, $6, $7, $8)";
/* A round's entries, in order, in one call (sql/008). */
static const char trail_sql_append_many[] =
	"SELECT trail_append_many($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/* The trail head r's entry extends: one past the previous entry, of the
 * round's previous request or of r's own (a request may write several). */
static int64_t
trail_expect(struct req *r)
{
	return r->round != NULL ? r->round->next_head++ :
	    r->head + r->nwritten++;
}

/* In a round, adds r's entry to the round's one trail_append_many (entries
 * in the order decided, the first extending the round's head); false when
 * r is alone. signed_text NULL: an unsigned entry. */
static bool
trail_write_many(struct req *r, uint64_t body, const char *action,
    const char *payload, const char *signed_text)
{
	char sbody[24], shead[24], fp[65], *sig = NULL;
	const char *shared[2] = { sbody, shead }, *row[7];
	bool ok;

	if (r->round == NULL)
		return false;
	snprintf(sbody, sizeof sbody, "%llu", (unsigned long long)body);
	snprintf(shead, sizeof shead, "%lld", (long long)r->round->round_head);
	if (signed_text != NULL) {
		sig = xmalloc(2 * r->rq->signature.len + 1);
		hex_encode(r->rq->signature.data, r->rq->signature.len, sig);
		hex_encode(r->fp, sizeof r->fp, fp);
	}
	row[0] = r->who;
	row[1] = action;
	row[2] = payload;
	row[3] = signed_text != NULL ? r->who : NULL;
	row[4] = signed_text;
	row[5] = sig;
	row[6] = signed_text != NULL ? fp : NULL;
	ok = r->round->ops->row(r->round, trail_sql_append_many, 2, shared, 7,
	    row);
	free(sig);
	return ok;
}

/* Starts r's write with the trail entry of the change. */
struct db_batch *
trail_write(struct req *r, uint64_t body, const char *action,
    const char *payload)
{
	struct db_batch *w = req_batch(r);
	int64_t expect = trail_expect(r);

	r->trail_body = body;
	if (!trail_write_many(r, body, action, payload, NULL))
		db_batch_addf(w, trail_sql_append, "iisss", (long long)body,
		    (long long)expect, r->who, action, payload);
	if (checkpoint_due(expect + 1))
		req_checkpoint(r, body);
	return w;
}

/* Starts r's write with a trail entry the caller signed. */
struct db_batch *
trail_write_signed(struct req *r, uint64_t body, const char *action,
    const char *payload, const char *signed_text)
{
	struct db_batch *w = req_batch(r);
	int64_t expect = trail_expect(r);

	r->trail_body = body;
	if (!trail_write_many(r, body, action, payload, signed_text))
		db_batch_addf(w, trail_sql_append_signed, "iissssxx",
		    (long long)body, (long long)expect, r->who, action,
		    payload, signed_text, r->rq->signature.data,
		    r->rq->signature.len, r->fp, sizeof r->fp);
	if (checkpoint_due(expect + 1))
		req_checkpoint(r, body);
	return w;
}
