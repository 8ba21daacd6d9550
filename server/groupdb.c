/* groupdb.c: group commit's database and timer side (see groupdb.h). */
#include "groupdb.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "coalesce.h"
#include "db.h"
#include "group.h"
#include "headstore.h"
#include "hex.h"
#include "log.h"
#include "mstate.h"
#include "req.h"
#include "server.h"
#include "sigcheck.h"
#include "xmalloc.h"

/* The callers of a round, one row each in the round's order (a NULL name:
 * no such identity), so that no row has to be searched for. */
static const char groupdb_sql_identities[] =
	"SELECT i.name, i.is_admin, i.disabled "
	"FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS x(fp, n) "
	"LEFT JOIN identities i ON i.fingerprint = decode(x.fp, 'hex') "
	"ORDER BY x.n";

/* What a group keeps here (g->io). */
struct groupdb {
	struct arena	*a;		/* owns ms */
	struct mstate	*ms;		/* the snapshot, as the write in flight
					   leaves it */
	char		*fps;		/* the round's callers' fingerprints */
	struct db_batch	*rb;		/* the round's load */
	int64_t		 load_heads[2];	/* where the trail head may be when a
					   kept snapshot's probe comes back */
	struct coalesce	 co;		/* the round's write, being decided */
	struct req_round round;		/* its requests' way into it */
	struct event	*backoff;
};

static const struct req_round_ops groupdb_round_ops;

/* The group's state here, made when absent. */
static struct groupdb *
groupdb_of(struct group *g)
{
	struct groupdb *gd = g->io;

	if (gd == NULL) {
		g->io = gd = xcalloc(1, sizeof *gd);
		gd->round.ops = &groupdb_round_ops;
		gd->round.arg = g;
	}
	return gd;
}

/* The coalesced write of rd's round. */
static struct coalesce *
groupdb_co(struct req_round *rd)
{
	struct group *g = rd->arg;

	return &((struct groupdb *)g->io)->co;
}

/* A request's statements go into the round's write, in order. */
static struct db_batch *
groupdb_batch(struct req_round *rd)
{
	return coalesce_batch(groupdb_co(rd));
}

/* A request's statement setting a value outright: the round writes the
 * last one's. */
static struct db_batch *
groupdb_final(struct req_round *rd, const char *sql)
{
	return coalesce_final(groupdb_co(rd), sql);
}

/* A request's row of a statement taking its rows as arrays: one statement
 * for the round. */
static bool
groupdb_row(struct req_round *rd, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row)
{
	return coalesce_row(groupdb_co(rd), sql, nshared, shared, ncols, row);
}

/* A request's event notification: one statement for the round. */
static void
groupdb_note(struct req_round *rd, char *note, int64_t seq, uint32_t idx)
{
	coalesce_note(groupdb_co(rd), note, seq, idx);
}

/* A request decided: it is written with the round. */
static void
groupdb_join(struct req_round *rd, struct req *r)
{
	group_join(rd->arg, r);
}

static const struct req_round_ops groupdb_round_ops = {
	.batch = groupdb_batch,
	.final = groupdb_final,
	.row = groupdb_row,
	.note = groupdb_note,
	.join = groupdb_join,
};

/* A new request in the queue: its signature is checked meanwhile when its
 * item's place is known. */
static void
groupdb_arrive(struct group *g, struct req *r)
{
	sigcheck_start(r, groupdb_of(g)->ms);
}

/* Has the signatures of the round's requests, and of those waiting, checked
 * as soon as the snapshot names what they sign (requests that arrived while
 * it was loading had no early check). */
static void
groupdb_early(struct group *g, struct groupdb *gd)
{
	struct req *r;
	int i;

	if (g->scope == REQ_SCOPE_ITEM)
		sigcheck_place(g->key, gd->ms);
	for (i = 0; i < g->nrun; i++)
		sigcheck_start(g->run[i], gd->ms);
	for (r = g->wait_head; r != NULL; r = r->gnext)
		sigcheck_start(r, gd->ms);
}

/* The round's load came back: settles the snapshot it is decided on (the
 * one kept, if nobody else moved the head, or the one loaded). */
static void
groupdb_loaded(struct db_batch *b, void *arg)
{
	struct group *g = arg;
	struct groupdb *gd = g->io;

	if (b->failed) {
		group_loaded(g, GROUP_LOAD_FAILED);
		return;
	}
	if (g->state == GROUP_S_FAILED) {
		/* decided again anyway, on a fresh snapshot */
		group_loaded(g, GROUP_LOAD_OK);
		return;
	}
	if (gd->ms != NULL && !mstate_probe_fresh(gd->ms, b, 1,
	    gd->load_heads[0], gd->load_heads[1])) {
		group_loaded(g, GROUP_LOAD_STALE);
		return;
	}
	if (gd->ms == NULL) {
		gd->a = arena_new();
		if ((gd->ms = mstate_build(gd->a, b, 1)) != NULL)
			gd->ms->rules_sticky = true;
		else {
			arena_free(gd->a);
			gd->a = NULL;
		}
	}
	if (gd->ms != NULL)
		groupdb_early(g, gd);
	group_loaded(g, GROUP_LOAD_OK);
}

/* Submits the round's load: the callers' identities, and the whole
 * meeting or, when a snapshot is kept, only the trail head and clock. */
static void
groupdb_load(struct group *g)
{
	struct groupdb *gd = groupdb_of(g);
	size_t len = 0;
	int i;

	db_batch_free(gd->rb);
	free(gd->fps);
	gd->fps = xmalloc((size_t)g->nrun * 65 + 1);
	gd->fps[0] = '\0';
	for (i = 0; i < g->nrun; i++) {
		if (i > 0)
			gd->fps[len++] = ',';
		hex_encode(g->run[i]->fp, sizeof g->run[i]->fp, gd->fps + len);
		len += 2 * sizeof g->run[i]->fp;
	}
	gd->rb = db_batch_new(groupdb_loaded, g);
	db_batch_addf(gd->rb, groupdb_sql_identities, "s", gd->fps);
	/* The snapshot holds if the probe finds the head where it is now,
	 * or where the write in flight takes it. */
	gd->load_heads[0] = gd->ms != NULL ? gd->ms->head : -1;
	gd->load_heads[1] = g->w != NULL ? g->w->next_head : -1;
	if (gd->ms != NULL)
		mstate_probe(gd->rb, gd->ms->body_id);
	else
		mstate_load(gd->rb, g->scope == REQ_SCOPE_ITEM ?
		    MSTATE_BY_ITEM : MSTATE_BY_MEETING, g->key);
	db_submit(srv.db, gd->rb);
}

/* Decides each request of the round in order on the snapshot: each
 * extends the trail head the one before left. */
static void
groupdb_decide(struct group *g)
{
	struct groupdb *gd = g->io;
	struct db_batch *b = gd->rb;
	struct mstate *ms = b->failed ? NULL : gd->ms;
	int i, nid = db_rows(b, 0);

	if (ms != NULL)
		gd->round.next_head = gd->round.round_head = g->w != NULL ?
		    g->w->next_head : ms->head;
	for (i = 0; i < g->nrun; i++) {
		struct req *r = g->run[i];
		int row = i < nid && !db_isnull(b, 0, i, 0) ? i : -1;

		g->run[i] = NULL;
		if (b->failed) {
			req_db_error(r, b);
			continue;
		}
		if (!req_identity(r, b, 0, row) || !req_meeting(r, ms))
			continue;
		r->round = &gd->round;
		r->head = gd->round.next_head;
		req_decide(r);	/* may end r; never touch it after */
	}
}

/* The round's load is done with. */
static void
groupdb_unload(struct group *g)
{
	struct groupdb *gd = g->io;

	db_batch_free(gd->rb);
	gd->rb = NULL;
	free(gd->fps);
	gd->fps = NULL;
}

static void groupdb_written(struct db_batch *b, void *arg);

/* Makes round d's one write; its replies are made now, on the snapshot as
 * this round leaves it: the next round changes it before this one
 * commits. */
static void
groupdb_seal(struct group *g, struct group_round *d)
{
	struct groupdb *gd = g->io;
	int i;

	if (d->n > 0) {
		d->wb = coalesce_seal(&gd->co);
		d->wb->cb = groupdb_written;
		d->wb->arg = d;
		d->next_head = gd->round.next_head;
		for (i = 0; i < d->n; i++)
			if (d->reqs[i]->h->done != NULL)
				d->reqs[i]->h->done(d->reqs[i]);
	}
	coalesce_clear(&gd->co);
}

/* Sends round d's write. */
static void
groupdb_submit(struct group *g, struct group_round *d)
{
	(void)g;
	db_submit(srv.db, d->wb);
}

/* A round's write came back. */
static void
groupdb_written(struct db_batch *b, void *arg)
{
	struct group_round *d = arg;
	struct groupdb *gd = d->g->io;

	if (b->failed) {
		group_written(d, strcmp(b->sqlstate, "40001") == 0 ?
		    GROUP_WRITE_MOVED : db_lost(b) ?
		    GROUP_WRITE_LOST : GROUP_WRITE_FAILED);
		return;
	}
	if (gd->ms != NULL) {
		gd->ms->head = d->next_head;	/* what committed */
		headstore_moved(gd->ms->body_id, (uint64_t)d->next_head);
	}
	group_written(d, GROUP_WRITE_OK);
}

/* r's round committed: its reply. */
static void
groupdb_ack(struct group *g, struct group_round *d, struct req *r)
{
	(void)g;
	(void)d;
	if (r->checkpoint)
		checkpoint_take(r->checkpoint_body);
	r->round = NULL;
	r->ms = NULL;	/* the group's */
	req_reply(r);
}

/* r's round failed for good: the database's error. */
static void
groupdb_fail(struct group *g, struct group_round *d, struct req *r)
{
	(void)g;
	req_db_error(r, d->wb);
}

/* Forgets the group's snapshot: the next round loads the meeting afresh. */
static void
groupdb_drop(struct group *g)
{
	struct groupdb *gd = groupdb_of(g);

	arena_free(gd->a);
	gd->a = NULL;
	gd->ms = NULL;
}

/* The group's pause is over. */
static void
groupdb_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	group_timer_done(arg);
}

/* Arms the group's pause on the event loop. */
static bool
groupdb_arm(struct group *g, long usec)
{
	struct groupdb *gd = groupdb_of(g);
	struct timeval tv;

	tv.tv_sec = usec / 1000000;
	tv.tv_usec = usec % 1000000;
	if (gd->backoff == NULL)
		gd->backoff = evtimer_new(srv.base, groupdb_timer, g);
	return gd->backoff != NULL && evtimer_add(gd->backoff, &tv) == 0;
}

/* The group is freed. */
static void
groupdb_release(struct group *g)
{
	struct groupdb *gd = g->io;

	if (gd == NULL)
		return;
	if (gd->backoff != NULL)
		event_free(gd->backoff);
	arena_free(gd->a);
	db_batch_free(gd->rb);
	free(gd->fps);
	coalesce_clear(&gd->co);
	free(gd->co.notes);
	free(gd->co.note_seqs);
	free(gd->co.note_idxs);
	free(gd);
	g->io = NULL;
}

static const struct group_ops groupdb_ops = {
	.arrive = groupdb_arrive,
	.load = groupdb_load,
	.decide = groupdb_decide,
	.unload = groupdb_unload,
	.seal = groupdb_seal,
	.submit = groupdb_submit,
	.ack = groupdb_ack,
	.fail = groupdb_fail,
	.reset = req_reset,
	.drop = groupdb_drop,
	.arm = groupdb_arm,
	.release = groupdb_release,
};

/* Queues r on its group. */
void
groupdb_add(struct req *r)
{
	group_add(&groupdb_ops, r);
}
