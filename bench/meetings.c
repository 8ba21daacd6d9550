/* meetings.c: many meetings at once (see meetings.h). */
#include "meetings.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "ident.h"
#include "ops.h"
#include "pool.h"
#include "stats.h"

#define MEETINGS_ADMIN_WINDOW 32	/* bodies seated at once (max_inflight) */
#define MEETINGS_TIMEOUT_S 600.0

/* The steps of one meeting; the set-up ones are not timed. */
enum meetings_phase {
	MT_SEATS,		/* the admin seats the nine, one at a time */
	MT_SCHEDULE,		/* the secretary schedules an urgent meeting */
	MT_PROPOSE,		/* a member proposes the item */
	MT_APPROVE,		/* the secretary approves it */
	MT_NOTIFY,		/* and sends the notice */
	MT_READY,		/* set up: waits for the timed run */
	MT_CHECKIN,		/* all nine at once */
	MT_OPEN,
	MT_START,
	MT_STATE,		/* the eight members at once */
	MT_STATE_SEC,		/* the secretary last (R-LAST-2) */
	MT_VOTE_OPEN,
	MT_CAST,		/* the eight members at once */
	MT_CAST_SEC,		/* the secretary last (R-VOTE-8) */
	MT_VOTE_CLOSE,
	MT_CLOSE,
	MT_DONE
};

struct meetings_run;

/* One meeting and its nine members (index 0 the secretary). */
struct meetings_one {
	struct meetings_run *g;
	size_t		 idx;
	struct ident	*ids[MEETINGS_SEATS];
	struct conn	*c[MEETINGS_SEATS];
	uint64_t	 body, meeting, item;
	enum meetings_phase phase, stop;
	int		 pending;
	int		 seat;		/* the next seat to add */
	int		 failed;
	int64_t		 start_us;
};

/* The whole run. */
struct meetings_run {
	struct bench	*b;
	struct conn	*admin;
	struct meetings_one *m;
	size_t		 n, next, active, finished, failed;
	int		 reported;
	int		 timed;		/* latencies are recorded */
	size_t		 requests;
	struct stats	 lat, dur;
};

static void meetings_issue(struct meetings_one *m);

/* Ends m's part in the current round (done or failed). */
static void
meetings_finish(struct meetings_one *m)
{
	struct meetings_run *g = m->g;

	g->active--;
	g->finished++;
	if (m->failed)
		g->failed++;
	else if (m->phase == MT_DONE)
		stats_add(&g->dur, (double)(stats_now_us() - m->start_us) /
		    1000.0);
}

/* One answer of m: records it; the phase moves on once all are in. */
static void
meetings_reply(struct conn *c, Yishi__Frame *f, int64_t lat_us, void *arg)
{
	struct meetings_one *m = arg;
	struct meetings_run *g = m->g;
	Yishi__Response *r = f != NULL ? f->response : NULL;

	m->pending--;
	if (r == NULL || r->status != YISHI__STATUS__STATUS_OK) {
		if (!g->reported++) {
			char what[96];

			snprintf(what, sizeof what, "meeting %zu, step %d, %s",
			    m->idx, (int)m->phase, c->ident->name);
			(void)conn_ok(f, what);
		}
		m->failed = 1;
	} else {
		if (g->timed) {
			stats_add(&g->lat, (double)lat_us / 1000.0);
			g->requests++;
		}
		if (m->phase == MT_SCHEDULE && r->meeting != NULL)
			m->meeting = r->meeting->id;
		if (m->phase == MT_PROPOSE && r->item != NULL)
			m->item = r->item->id;
		if (m->phase == MT_VOTE_CLOSE && (r->vote == NULL ||
		    r->vote->yes != MEETINGS_SEATS)) {
			if (!g->reported++)
				fprintf(stderr, "yishi-bench: meeting %zu: the "
				    "vote did not count 9 yes\n", m->idx);
			m->failed = 1;
		}
	}
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	if (m->pending > 0)
		return;
	if (m->failed) {
		meetings_finish(m);
		return;
	}
	if (m->phase == MT_SEATS && ++m->seat < MEETINGS_SEATS) {
		meetings_issue(m);
		return;
	}
	m->phase++;
	if (m->phase >= m->stop) {
		meetings_finish(m);
		return;
	}
	meetings_issue(m);
}

/* Sends o from member k of m (k < 0: the admin). */
static void
meetings_send(struct meetings_one *m, int k, struct ops_req *o)
{
	struct conn *c = k < 0 ? m->g->admin : m->c[k];

	m->pending++;
	if (conn_call(c, &o->rq, meetings_reply, m) != 0) {
		fprintf(stderr, "yishi-bench: meeting %zu: cannot send (%s)\n",
		    m->idx, c->err);
		m->pending--;
		m->failed = 1;
	}
	ops_done(o);
}

/* Sends the requests of m's current phase. */
static void
meetings_issue(struct meetings_one *m)
{
	struct ops_req o;
	char display[32];
	int k;

	switch (m->phase) {
	case MT_SEATS:
		k = m->seat;
		snprintf(display, sizeof display, k == 0 ? "书记" : "委员%d", k);
		ops_seat_add(&o, m->body, m->ids[k]->name, display,
		    k == 0 ? "secretary" : "member", k + 1);
		meetings_send(m, -1, &o);
		break;
	case MT_SCHEDULE:
		ops_schedule(&o, m->body, "党组会议");
		meetings_send(m, 0, &o);
		break;
	case MT_PROPOSE:
		ops_propose(&o, m->meeting, "关于年度工作要点的议题");
		meetings_send(m, 1, &o);
		break;
	case MT_APPROVE:
		ops_item(&o, YISHI__REQUEST__OP_AGENDA_APPROVE, m->item);
		meetings_send(m, 0, &o);
		break;
	case MT_NOTIFY:
		ops_meeting(&o, YISHI__REQUEST__OP_MEETING_NOTIFY, m->meeting);
		meetings_send(m, 0, &o);
		break;
	case MT_CHECKIN:
		m->start_us = stats_now_us();
		for (k = 0; k < MEETINGS_SEATS; k++) {
			ops_meeting(&o, YISHI__REQUEST__OP_CHECKIN, m->meeting);
			meetings_send(m, k, &o);
		}
		break;
	case MT_OPEN:
		ops_meeting(&o, YISHI__REQUEST__OP_MEETING_OPEN, m->meeting);
		meetings_send(m, 0, &o);
		break;
	case MT_START:
		ops_item(&o, YISHI__REQUEST__OP_ITEM_START, m->item);
		meetings_send(m, 0, &o);
		break;
	case MT_STATE:
	case MT_STATE_SEC:
		for (k = m->phase == MT_STATE ? 1 : 0;
		    k < (m->phase == MT_STATE ? MEETINGS_SEATS : 1); k++) {
			if (ops_state(&o, m->ids[k], m->body, m->meeting,
			    m->item, "agree", "同意") != 0) {
				m->failed = 1;
				break;
			}
			meetings_send(m, k, &o);
		}
		break;
	case MT_VOTE_OPEN:
		ops_vote_open(&o, m->item, "roll_call");
		meetings_send(m, 0, &o);
		break;
	case MT_CAST:
	case MT_CAST_SEC:
		for (k = m->phase == MT_CAST ? 1 : 0;
		    k < (m->phase == MT_CAST ? MEETINGS_SEATS : 1); k++) {
			if (ops_vote_cast(&o, m->ids[k], m->body, m->meeting,
			    m->item, "yes") != 0) {
				m->failed = 1;
				break;
			}
			meetings_send(m, k, &o);
		}
		break;
	case MT_VOTE_CLOSE:
		ops_item(&o, YISHI__REQUEST__OP_VOTE_CLOSE, m->item);
		meetings_send(m, 0, &o);
		break;
	case MT_CLOSE:
		ops_meeting(&o, YISHI__REQUEST__OP_MEETING_CLOSE, m->meeting);
		meetings_send(m, 0, &o);
		break;
	case MT_READY:
	case MT_DONE:
		break;
	}
	if (m->pending == 0 && m->failed)
		meetings_finish(m);
}

/*
 * Runs every meeting from phase `from` up to (not including) `stop`, at
 * most window at once. Returns the seconds it took.
 */
static double
meetings_round(struct meetings_run *g, enum meetings_phase from,
    enum meetings_phase stop, size_t window)
{
	int64_t t0 = stats_now_us(), end = t0 + (int64_t)(MEETINGS_TIMEOUT_S *
	    1e6);
	size_t i;

	g->next = g->active = g->finished = 0;
	while (g->finished < g->n) {
		while (g->active < window && g->next < g->n) {
			struct meetings_one *m = &g->m[g->next++];

			g->active++;
			if (m->failed) {
				meetings_finish(m);
				continue;
			}
			m->phase = from;
			m->stop = stop;
			m->seat = 0;
			meetings_issue(m);
		}
		if (stats_now_us() > end) {
			fprintf(stderr, "yishi-bench: round timed out: %zu of "
			    "%zu finished\n", g->finished, g->n);
			break;
		}
		if (event_base_loop(g->b->base, EVLOOP_ONCE) < 0)
			break;
	}
	for (i = 0; i < g->n; i++)
		if (g->m[i].phase < stop && !g->m[i].failed)
			g->m[i].failed = 1;
	return (double)(stats_now_us() - t0) / 1e6;
}

/* Creates the bodies, one at a time over the admin connection. */
static int
meetings_bodies(struct meetings_run *g)
{
	struct ops_req o;
	Yishi__Frame *f;
	char name[64];
	size_t i;

	for (i = 0; i < g->n; i++) {
		snprintf(name, sizeof name, "压力测试党组%zu", i + 1);
		ops_body_create(&o, name, "party_group");
		f = conn_call_wait(g->admin, &o.rq, MEETINGS_TIMEOUT_S);
		ops_done(&o);
		if (!conn_ok(f, "body create")) {
			if (f != NULL)
				yishi__frame__free_unpacked(f, NULL);
			return -1;
		}
		g->m[i].body = f->response->body->id;
		yishi__frame__free_unpacked(f, NULL);
	}
	return 0;
}

/* Runs the meetings. */
int
meetings_run(struct bench *b)
{
	struct meetings_run g;
	struct ident **ids, *admin_id;
	struct pool ap = { 0 }, mp = { 0 };
	size_t nid = (size_t)b->count * MEETINGS_SEATS, i;
	char name[80];
	double t_bodies, t_seats, t_prep, t_run;
	int64_t t0;
	int rc;

	memset(&g, 0, sizeof g);
	g.b = b;
	g.n = (size_t)b->count;
	g.m = calloc(g.n, sizeof *g.m);
	ids = calloc(nid, sizeof *ids);
	if (g.m == NULL || ids == NULL)
		return 1;
	for (i = 0; i < nid; i++) {
		snprintf(name, sizeof name, "%s%zu", b->prefix, i + 1);
		if ((ids[i] = ident_load(b->dir, name)) == NULL)
			return 1;
	}
	for (i = 0; i < g.n; i++) {
		g.m[i].g = &g;
		g.m[i].idx = i;
		memcpy(g.m[i].ids, ids + i * MEETINGS_SEATS,
		    sizeof g.m[i].ids);
	}
	if ((admin_id = ident_load(b->dir, "admin")) == NULL ||
	    pool_open(&ap, b->base, b->ctx, &admin_id, 1, b->host, b->port, 1,
	    1) != 0)
		return 1;
	g.admin = ap.conns[0];

	/* Set-up, untimed: bodies, seats, connections, meetings, items. */
	t0 = stats_now_us();
	if (meetings_bodies(&g) != 0)
		return 1;
	t_bodies = (double)(stats_now_us() - t0) / 1e6;
	t_seats = meetings_round(&g, MT_SEATS, MT_SCHEDULE,
	    MEETINGS_ADMIN_WINDOW);
	if (pool_open(&mp, b->base, b->ctx, ids, nid, b->host, b->port,
	    b->window, 1) != 0) {
		fprintf(stderr, "yishi-bench: %zu of %zu members could not "
		    "connect (ulimit -n? max_conns?)\n", mp.failed, nid);
		return 1;
	}
	for (i = 0; i < nid; i++)
		g.m[i / MEETINGS_SEATS].c[i % MEETINGS_SEATS] = mp.conns[i];
	printf("set-up: %zu bodies in %.1f s, %zu seats in %.1f s, %zu "
	    "connections in %.1f s (%.0f handshakes/s)\n", g.n, t_bodies,
	    nid, t_seats, mp.ready, mp.seconds, pool_rate(&mp));
	t_prep = meetings_round(&g, MT_SCHEDULE, MT_READY, g.n);
	printf("set-up: %zu urgent meetings scheduled, item proposed and "
	    "approved, notice sent, in %.1f s\n", g.n - g.failed, t_prep);

	/* The timed run: every meeting at once, check-in to close. */
	g.timed = 1;
	g.failed = 0;
	t_run = meetings_round(&g, MT_CHECKIN, MT_DONE, g.n);
	printf("meetings: %zu of %zu ran check-in, open, item start, 9 signed "
	    "statements (secretary last), roll-call vote (secretary last), "
	    "close in %.2f s; %zu failed\n", g.n - g.failed, g.n, t_run,
	    g.failed);
	printf("throughput: %.1f meetings/s, %.0f requests/s (%zu requests, "
	    "32 per meeting)\n", (double)(g.n - g.failed) / t_run,
	    (double)g.requests / t_run, g.requests);
	printf("request latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max "
	    "%.1f ms; meeting duration p50 %.0f ms, p99 %.0f ms\n",
	    stats_pct(&g.lat, 50), stats_pct(&g.lat, 90),
	    stats_pct(&g.lat, 99), stats_pct(&g.lat, 100),
	    stats_pct(&g.dur, 50), stats_pct(&g.dur, 99));
	printf("{\"meetings\":%zu,\"finished\":%zu,\"seconds\":%.2f,"
	    "\"meetings_per_s\":%.1f,\"requests_per_s\":%.0f,\"p50_ms\":%.2f,"
	    "\"p99_ms\":%.2f,\"meeting_p50_ms\":%.0f,\"meeting_p99_ms\":%.0f}\n",
	    g.n, g.n - g.failed, t_run, (double)(g.n - g.failed) / t_run,
	    (double)g.requests / t_run, stats_pct(&g.lat, 50),
	    stats_pct(&g.lat, 99), stats_pct(&g.dur, 50),
	    stats_pct(&g.dur, 99));
	fflush(stdout);
	rc = g.failed == 0 ? 0 : 1;
	pool_close(&mp);
	pool_close(&ap);
	for (i = 0; i < nid; i++)
		ident_free(ids[i]);
	free(ids);
	ident_free(admin_id);
	stats_clear(&g.lat);
	stats_clear(&g.dur);
	free(g.m);
	return rc;
}
