/* trail.c: appending trail entries (see trail.h). */
#include "trail.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpoint.h"
#include "db.h"
#include "hex.h"
#include "log.h"
#include "req.h"
#include "sign.h"
#include "xmalloc.h"

/* Each with the entry's time, which the daemon chose and vouched for
 * (sql/trail_functions.sql stores it as given). */
static const char trail_sql_append[] =
	"SELECT trail_append_timed($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, "
	"NULL, $7)";
static const char trail_sql_append_signed[] =
	"SELECT trail_append_timed($1, $2, $3, $4, $5, $6, $4, $7, $8, $9, "
	"$10)";
/* A round's entries, in order, in one call (sql/008, sql/014). */
static const char trail_sql_append_many[] =
	"SELECT trail_append_timed_many($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	"$10, $11)";
/* What the write does when the entry cannot be vouched for: fails, so
 * that no entry the server would not vouch for is written. */
static const char trail_sql_unvouched[] =
	"DO $$BEGIN RAISE EXCEPTION 'yishid could not vouch for a trail "
	"entry'; END$$";

/* The newest time this daemon gave an entry (trail_now). */
static int64_t trail_last_at;

/*
 * The time of an entry the daemon is about to write: the real-time clock
 * in microseconds (the trail's precision), taken as the write is built,
 * so that the vouch covers it and the database only stores it. Never at or
 * before the last time this daemon gave (then one microsecond after it):
 * the entries of one request and of one round, which are built in their
 * order, get times in that order, and so do those of successive rounds
 * and of every body, even when the clock is stepped back while the daemon
 * runs. One clock read an entry, and no read of the database: the previous
 * entry's time is not known to the snapshot, so an entry written by
 * another daemon of the instance, or before a restart with the clock set
 * back, may be later than the next one; its time is still the one the
 * daemon vouched for (sql/trail_functions.sql does not refuse it).
 */
static int64_t
trail_now(void)
{
	struct timespec ts;
	int64_t at;

	clock_gettime(CLOCK_REALTIME, &ts);
	at = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if (at <= trail_last_at)
		at = trail_last_at + 1;
	trail_last_at = at;
	return at;
}

/* The server's vouch for the entry seq of body at time at (the change r
 * makes; signed_text NULL: unsigned), malloc'd into *sig; -1 (logged) when
 * it cannot be made. */
static int
trail_vouch(struct req *r, uint64_t body, int64_t seq, int64_t at,
    const char *actor, const char *action, const char *payload,
    const char *signed_text, uint8_t **sig, size_t *siglen)
{
	struct sign_entry e;

	memset(&e, 0, sizeof e);
	e.body = body;
	e.seq = (uint64_t)seq;
	e.at_us = at;
	e.actor = actor;
	e.action = action;
	e.payload = payload;
	if (signed_text != NULL) {
		e.signer = actor;
		e.signed_text = signed_text;
		e.signature = r->rq->signature.data;
		e.siglen = r->rq->signature.len;
		e.cert_fp = r->fp;
		e.fplen = sizeof r->fp;
	}
	if (checkpoint_vouch(&e, sig, siglen) != 0) {
		log_warnx("cannot vouch for entry %lld of body %llu (%s): not "
		    "written", (long long)seq, (unsigned long long)body,
		    action);
		return -1;
	}
	return 0;
}

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
trail_write_many(struct req *r, uint64_t body, int64_t expect,
    const char *action, const char *payload, const char *signed_text)
{
	char sbody[24], shead[24], sat[24], fp[65], *sig = NULL, *vhex = NULL;
	const char *shared[2] = { sbody, shead }, *row[9];
	uint8_t *vouch = NULL;
	size_t vlen = 0;
	bool ok;

	if (r->round == NULL)
		return false;
	r->at_us = trail_now();
	snprintf(sat, sizeof sat, "%lld", (long long)r->at_us);
	if (trail_vouch(r, body, expect + 1, r->at_us, r->who, action, payload,
	    signed_text, &vouch, &vlen) == 0) {
		vhex = xmalloc(2 * vlen + 1);
		hex_encode(vouch, vlen, vhex);
		free(vouch);
	}
	snprintf(sbody, sizeof sbody, "%llu", (unsigned long long)body);
	snprintf(shead, sizeof shead, "%lld", (long long)r->round->round_head);
	if (signed_text != NULL) {
		sig = xmalloc(2 * r->rq->signature.len + 1);
		hex_encode(r->rq->signature.data, r->rq->signature.len, sig);
		hex_encode(r->fp, sizeof r->fp, fp);
	}
	row[0] = sat;
	row[1] = r->who;
	row[2] = action;
	row[3] = payload;
	row[4] = signed_text != NULL ? r->who : NULL;
	row[5] = signed_text;
	row[6] = sig;
	row[7] = signed_text != NULL ? fp : NULL;
	row[8] = vhex;
	if (vhex == NULL)	/* the round fails, and no entry is written */
		db_batch_addf(req_batch(r), trail_sql_unvouched, "");
	ok = r->round->ops->row(r->round, trail_sql_append_many, 2, shared, 9,
	    row);
	free(sig);
	free(vhex);
	return ok;
}

/* Adds to w an unsigned entry of body extending head expect at time at,
 * vouched for. */
static void
trail_add_at(struct db_batch *w, struct req *r, uint64_t body,
    int64_t expect, int64_t at, const char *action, const char *payload)
{
	uint8_t *vouch = NULL;
	size_t vlen = 0;

	if (trail_vouch(r, body, expect + 1, at, r->who, action, payload, NULL,
	    &vouch, &vlen) != 0) {
		db_batch_addf(w, trail_sql_unvouched, "");
		return;
	}
	db_batch_addf(w, trail_sql_append, "iiisssx", (long long)body,
	    (long long)expect, (long long)at, r->who, action, payload, vouch,
	    vlen);
	free(vouch);
}

/* Adds to w an unsigned entry of another body's trail, timed now and
 * vouched for (see trail.h). */
void
trail_add(struct db_batch *w, struct req *r, uint64_t body, int64_t expect,
    const char *action, const char *payload)
{
	trail_add_at(w, r, body, expect, trail_now(), action, payload);
}

/* Starts r's write with the trail entry of the change. */
struct db_batch *
trail_write(struct req *r, uint64_t body, const char *action,
    const char *payload)
{
	struct db_batch *w = req_batch(r);
	int64_t expect = trail_expect(r);

	r->trail_body = body;
	r->trail_seq = expect + 1;
	if (!trail_write_many(r, body, expect, action, payload, NULL)) {
		r->at_us = trail_now();
		trail_add_at(w, r, body, expect, r->at_us, action, payload);
	}
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
	uint8_t *vouch = NULL;
	size_t vlen = 0;

	r->trail_body = body;
	r->trail_seq = expect + 1;
	if (!trail_write_many(r, body, expect, action, payload, signed_text)) {
		r->at_us = trail_now();
		if (trail_vouch(r, body, expect + 1, r->at_us, r->who, action,
		    payload, signed_text, &vouch, &vlen) != 0)
			db_batch_addf(w, trail_sql_unvouched, "");
		else
			db_batch_addf(w, trail_sql_append_signed, "iiissssxxx",
			    (long long)body, (long long)expect,
			    (long long)r->at_us, r->who, action, payload,
			    signed_text, r->rq->signature.data,
			    r->rq->signature.len, r->fp, sizeof r->fp, vouch,
			    vlen);
		free(vouch);
	}
	if (checkpoint_due(expect + 1))
		req_checkpoint(r, body);
	return w;
}
