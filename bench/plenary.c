/* plenary.c: one large body votes at once (see plenary.h). */
#include "plenary.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "conn.h"
#include "ident.h"
#include "call.h"
#include "ops.h"
#include "pool.h"
#include "secret.h"
#include "stats.h"

#define PLENARY_TIMEOUT_S 120.0	/* one set-up request, or the burst */
#define PLENARY_IMPORT_MAX 10000	/* seats a seat import takes */

/* One member's prepared vote and what became of it. */
struct plenary_vote {
	struct conn	*c;
	uint8_t		*buf;		/* the encoded, signed frame */
	size_t		 len;
	uint64_t	 id;
	int64_t		 at_us;		/* when it is due to be sent */
};

/* The state of the timed burst. */
struct plenary_burst {
	struct plenary_vote *v;		/* members first, the secretary last */
	size_t		 n, sent, acked, refused, answered;
	size_t		 denied;	/* refused as permission denied */
	size_t		 reported[2];	/* refusals shown: other, denied */
	int64_t		 first_us, last_us;
	struct stats	 lat;
	struct event	*tick;
	int		 done;
};

static void plenary_reply(struct conn *c, Yishi__Frame *f, int64_t lat_us,
    void *arg);

/* Sends one prepared vote; counts it answered when it cannot go. */
static void
plenary_send(struct plenary_burst *pb, size_t i)
{
	struct plenary_vote *v = &pb->v[i];

	if (pb->sent == 0)
		pb->first_us = stats_now_us();
	pb->sent++;
	if (conn_send(v->c, v->buf, v->len, v->id, plenary_reply, pb) != 0) {
		fprintf(stderr, "yishi-bench: vote of %s not sent: %s\n",
		    v->c->ident->name, v->c->err);
		pb->answered++;
	}
	v->buf = NULL;
}

/* An acknowledgment (or a refusal) came back. */
static void
plenary_reply(struct conn *c, Yishi__Frame *f, int64_t lat_us, void *arg)
{
	struct plenary_burst *pb = arg;

	pb->answered++;
	pb->last_us = stats_now_us();
	if (f != NULL && f->response->status == YISHI__STATUS__STATUS_OK) {
		pb->acked++;
		stats_add(&pb->lat, (double)lat_us / 1000.0);
	} else {
		bool denied = f != NULL && f->response->status ==
		    YISHI__STATUS__STATUS_PERMISSION_DENIED;

		pb->refused++;
		pb->denied += denied;
		/* The first refusal of each kind is shown (forged votes are
		 * denied; any other refusal is a fault). */
		if (!pb->reported[denied]++)
			(void)conn_ok(f, c->ident->name);
	}
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	/* R-VOTE-8: the secretary votes once every other ballot is in. */
	if (pb->answered == pb->n - 1 && pb->sent == pb->n - 1)
		plenary_send(pb, pb->n - 1);
	if (pb->answered == pb->n)
		pb->done = 1;
}

/* Every millisecond: sends the members' votes that have come due. */
static void
plenary_tick(evutil_socket_t fd, short what, void *arg)
{
	struct plenary_burst *pb = arg;
	int64_t now = stats_now_us();

	(void)fd;
	(void)what;
	while (pb->sent < pb->n - 1 && pb->v[pb->sent].at_us <= now)
		plenary_send(pb, pb->sent);
	if (pb->sent >= pb->n - 1)
		event_del(pb->tick);
}

/* Waits for a ready connection of ident; NULL when it fails. */
static struct conn *
plenary_connect(struct bench *b, const struct ident *id)
{
	struct pool p;
	struct ident *ids[1] = { (struct ident *)id };
	struct conn *c;

	if (pool_open(&p, b->base, b->ctx, ids, 1, b->host, b->port, 1,
	    1) != 0)
		return NULL;
	c = p.conns[0];
	free(p.conns);
	return c;
}

/* Seats the n identities in body, ids[0] the secretary and the others
 * members, by seat import; false (said) when a request failed. */
static bool
plenary_seats(struct conn *admin, uint64_t body, struct ident **ids,
    size_t n)
{
	Yishi__SeatAdd *adds = calloc(n, sizeof *adds);
	Yishi__SeatAdd **ptrs = calloc(n, sizeof *ptrs);
	char (*display)[32] = calloc(n, sizeof *display);
	struct ops_req o;
	size_t i, k;
	bool ok = adds != NULL && ptrs != NULL && display != NULL;

	for (i = 0; ok && i < n; i++) {
		yishi__seat_add__init(&adds[i]);
		if (i == 0)
			snprintf(display[i], sizeof display[i], "书记");
		else
			snprintf(display[i], sizeof display[i], "委员%zu", i);
		adds[i].identity = (char *)ids[i]->name;
		adds[i].display = display[i];
		adds[i].role = (char *)(i == 0 ? "secretary" : "member");
		adds[i].rank = (int32_t)i + 1;
		ptrs[i] = &adds[i];
	}
	for (i = 0; ok && i < n; i += k) {
		k = n - i < PLENARY_IMPORT_MAX ? n - i : PLENARY_IMPORT_MAX;
		ops_seat_import(&o, body, ptrs + i, k);
		ok = call_do(admin, &o, "seat import", NULL);
	}
	free(adds);
	free(ptrs);
	free(display);
	return ok;
}

/* Asks for the meeting's minutes, as the secretary reads them, and says
 * how large they are or why they were refused (untimed). */
static void
plenary_minutes(struct conn *sec, uint64_t meeting)
{
	struct ops_req o;
	Yishi__Frame *f;

	ops_meeting(&o, YISHI__REQUEST__OP_MINUTES_SHOW, meeting);
	f = conn_call_wait(sec, &o.rq, PLENARY_TIMEOUT_S);
	ops_done(&o);
	if (f == NULL || f->body_case != YISHI__FRAME__BODY_RESPONSE)
		printf("minutes: no answer\n");
	else if (f->response->status != YISHI__STATUS__STATUS_OK)
		printf("minutes: refused (%d): %s\n", (int)f->response->status,
		    f->response->message ? f->response->message : "");
	else
		printf("minutes: %zu bytes\n",
		    yishi__response__get_packed_size(f->response));
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
}

/* Set-up requests in flight on many connections at once. */
struct plenary_wave {
	const char	*what;
	size_t		 sent, answered, failed;
	int		 done;
};

/* A set-up request of a wave was answered. */
static void
plenary_wave_reply(struct conn *c, Yishi__Frame *f, int64_t lat_us,
    void *arg)
{
	struct plenary_wave *w = arg;

	(void)c;
	(void)lat_us;
	if (!conn_ok(f, w->what))
		w->failed++;
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	if (++w->answered == w->sent)
		w->done = 1;
}

/* Sends o on c as part of wave w (ops_done(o) follows); 0 or -1. */
static int
plenary_wave_send(struct plenary_wave *w, struct conn *c, struct ops_req *o)
{
	int rc = conn_call(c, &o->rq, plenary_wave_reply, w);

	ops_done(o);
	if (rc == 0)
		w->sent++;
	return rc;
}

/* Waits for every answer of wave w; tells whether all were OK. */
static int
plenary_wave_wait(struct bench *b, struct plenary_wave *w)
{
	if (w->sent > 0 && w->answered < w->sent &&
	    conn_wait(b->base, &w->done, PLENARY_TIMEOUT_S) != 0) {
		fprintf(stderr, "yishi-bench: %s: %zu of %zu answered\n",
		    w->what, w->answered, w->sent);
		return 0;
	}
	return w->failed == 0;
}

/* Loads PREFIX1..PREFIXn; NULL (reason printed) when one is missing. */
static struct ident **
plenary_idents(struct bench *b, size_t n)
{
	struct ident **ids = calloc(n, sizeof *ids);
	char name[80];
	size_t i;

	for (i = 0; ids != NULL && i < n; i++) {
		snprintf(name, sizeof name, "%s%zu", b->prefix, i + 1);
		if ((ids[i] = ident_load(b->dir, name)) == NULL)
			return NULL;
	}
	return ids;
}

/* What the plenary set up: the members' connections and the meeting. */
struct plenary_ctx {
	struct bench	*b;
	struct ident	**ids;
	size_t		 n;
	struct pool	 mp, mp2;	/* on yishid; on the second one */
	uint64_t	 body, meeting;
};

/* Every member but the secretary states on item at once, then the
   secretary (R-LAST-2); the seconds it took in *secs. Returns 1 when all
   were acknowledged. */
static int
plenary_states(struct plenary_ctx *px, uint64_t item, double *secs)
{
	struct plenary_wave ws = { "state", 0, 0, 0, 0 };
	struct ops_req o;
	int64_t t0 = stats_now_us();
	size_t i;

	for (i = 1; i < px->n; i++) {
		if (ops_state(&o, px->ids[i], px->body, px->meeting, item,
		    "agree", "同意") != 0 ||
		    plenary_wave_send(&ws, px->mp.conns[i], &o) != 0)
			return 0;
	}
	if (!plenary_wave_wait(px->b, &ws))
		return 0;
	if (ops_state(&o, px->ids[0], px->body, px->meeting, item, "agree",
	    "同意") != 0 || !call_do(px->mp.conns[0], &o, "state", NULL))
		return 0;
	*secs = (double)(stats_now_us() - t0) / 1e6;
	return 1;
}

/*
 * Every member votes yes on item, spread evenly over spread_s seconds (0:
 * all at once), the secretary last once every other ballot is in
 * (R-VOTE-8); then the secretary closes the vote. Votes are signed in
 * advance (each on its member's own machine, in life). With --forge, a
 * forged vote precedes every forge-th member's good one (*forged counts
 * them). Fills pb; *yes and *stored get the tally. Returns 1 when every
 * member's vote was acknowledged, counted once, and every forged one
 * refused as permission denied.
 */
static int
plenary_votes(struct plenary_ctx *px, uint64_t item, double spread_s,
    int perf_it, struct plenary_burst *pb, size_t *forged, unsigned *yes,
    unsigned *stored)
{
	struct bench *b = px->b;
	size_t n = px->n, i, j;
	struct ops_req o;
	Yishi__Frame *f = NULL;
	pid_t perf = 0;
	int64_t t0;

	ops_vote_open(&o, item, "roll_call");
	if (!call_do(px->mp.conns[0], &o, "vote open", NULL))
		return 0;
	*forged = b->forge > 0 ? (n - 1) / (size_t)b->forge : 0;
	memset(pb, 0, sizeof *pb);
	pb->n = n + *forged;
	pb->v = calloc(pb->n, sizeof *pb->v);
	for (i = 0, j = 0; i < n; i++) {
		size_t k = (i + 1) % n;
		int bad, nbad = b->forge > 0 && k != 0 &&
		    k % (size_t)b->forge == 0;

		/* A forged vote goes first, its member's good one right
		   after on the same connection (R-VOTE-8 waits for it). */
		for (bad = nbad; bad >= 0; bad--) {
			struct plenary_vote *v = &pb->v[j++];

			v->c = b->port2 != 0 && k % 2 == 1 ?
			    px->mp2.conns[k] : px->mp.conns[k];
			if (ops_vote_cast(&o, px->ids[k], px->body,
			    px->meeting, item, "yes") != 0) {
				fprintf(stderr, "yishi-bench: cannot sign a "
				    "vote\n");
				return 0;
			}
			if (bad)	/* one bit of s flipped */
				o.rq.signature.data[o.rq.signature.len - 1] ^=
				    0x01;
			if (conn_encode(v->c, &o.rq, &v->buf, &v->len,
			    &v->id) != 0) {
				fprintf(stderr, "yishi-bench: cannot encode a "
				    "vote\n");
				return 0;
			}
			ops_done(&o);
		}
	}
	if (perf_it)
		perf = bench_perf_start(b);
	t0 = stats_now_us() + 20000;
	for (i = 0; i + 1 < pb->n; i++)
		pb->v[i].at_us = t0 + (int64_t)((double)i * spread_s * 1e6 /
		    (double)(pb->n - 1));
	pb->tick = event_new(b->base, -1, EV_PERSIST, plenary_tick, pb);
	{
		struct timeval ms = { 0, 1000 };

		event_add(pb->tick, &ms);
	}
	if (conn_wait(b->base, &pb->done, PLENARY_TIMEOUT_S + spread_s) != 0)
		fprintf(stderr, "yishi-bench: the burst timed out: %zu of %zu "
		    "answered\n", pb->answered, pb->n);
	event_free(pb->tick);
	bench_perf_stop(perf);

	/* The tally must hold exactly the acknowledged ballots. */
	*yes = *stored = 0;
	ops_item(&o, YISHI__REQUEST__OP_VOTE_CLOSE, item);
	if (call_do(px->mp.conns[0], &o, "vote close", &f)) {
		Yishi__Vote *vt = f->response->vote;

		*yes = vt->yes;
		*stored = vt->yes + vt->no + vt->abstain;
		printf("vote closed: %s (%s), yes %u, no %u, abstain %u, not "
		    "voting %u, electorate %u\n", vt->outcome, vt->rule, vt->yes,
		    vt->no, vt->abstain, vt->not_voting, vt->electorate);
		yishi__frame__free_unpacked(f, NULL);
	}
	for (i = 0; i < pb->n; i++)
		free(pb->v[i].buf);
	free(pb->v);
	pb->v = NULL;
	return pb->acked == n && pb->refused == *forged &&
	    pb->denied == *forged && *yes == n && *stored == pb->acked;
}

/* Acknowledged votes per second of pb, first send to last answer. */
static double
plenary_rate(const struct plenary_burst *pb)
{
	double s = (double)(pb->last_us - pb->first_us) / 1e6;

	return s > 0 ? (double)pb->acked / s : 0;
}

/* Runs the plenary. */
int
plenary_run(struct bench *b)
{
	struct plenary_ctx px = { 0 };
	size_t n = (size_t)b->count, i;
	struct ident *admin_id;
	struct conn *admin, *sec;
	struct pool sp = { 0 };
	struct plenary_burst pb = { 0 }, ps = { 0 };
	struct ops_req o;
	struct plenary_wave wc = { "checkin", 0, 0, 0, 0 };
	Yishi__Frame *f = NULL;
	uint64_t items[2];
	long rss0, rss1;
	int64_t t0;
	double t_seats, t_checkin, t_state, t_state2, ossl_rate = 0, hs_rate;
	double idle_kib, ceiling, burst_rate, sat_rate;
	unsigned yes = 0, stored = 0, yes2 = 0, stored2 = 0;
	size_t forged = 0, forged2 = 0;
	int ok, ok2, perf_sat, rc = 1;

	if (n < 2) {
		fprintf(stderr, "yishi-bench: --voters needs at least 2\n");
		return 1;
	}
	px.b = b;
	px.n = n;
	if ((px.ids = plenary_idents(b, n)) == NULL ||
	    (admin_id = ident_load(b->dir, "admin")) == NULL)
		return 1;

	/* (c) The handshake ceiling: openssl s_server, same certificates. */
	if (b->sport != 0) {
		if (pool_open(&sp, b->base, b->ctx, px.ids, n, b->host, b->sport,
		    b->window, 0) != 0)
			fprintf(stderr, "yishi-bench: %zu of %zu handshakes with "
			    "s_server failed\n", sp.failed, n);
		ossl_rate = pool_rate(&sp);
		printf("openssl s_server: %zu handshakes in %.2f s = %.0f/s\n",
		    sp.ready, sp.seconds, ossl_rate);
	}

	/* The body: N voting seats, v1 the secretary. */
	if ((admin = plenary_connect(b, admin_id)) == NULL) {
		fprintf(stderr, "yishi-bench: the admin cannot connect\n");
		return 1;
	}
	ops_body_create(&o, "压力测试党组", "party_group");
	if (!call_do(admin, &o, "body create", &f))
		return 1;
	px.body = f->response->body->id;
	yishi__frame__free_unpacked(f, NULL);
	t0 = stats_now_us();
	if (!plenary_seats(admin, px.body, px.ids, n))
		return 1;
	t_seats = (double)(stats_now_us() - t0) / 1e6;
	printf("set-up: body #%" PRIu64 " with %zu voting seats (seat import, "
	    "%d a request) in %.1f s = %.0f/s\n", px.body, n,
	    PLENARY_IMPORT_MAX, t_seats, (double)n / t_seats);

	/* Every member's connection, handshaken and idle. */
	bench_sleep(b, 0.3);
	rss0 = b->pid ? stats_rss_kib(b->pid) : -1;
	if (pool_open(&px.mp, b->base, b->ctx, px.ids, n, b->host, b->port,
	    b->window, 1) != 0) {
		fprintf(stderr, "yishi-bench: %zu of %zu members could not "
		    "connect (ulimit -n? max_conns?)\n", px.mp.failed, n);
		return 1;
	}
	hs_rate = pool_rate(&px.mp);
	bench_sleep(b, 1.0);
	rss1 = b->pid ? stats_rss_kib(b->pid) : -1;
	idle_kib = rss0 >= 0 && rss1 >= 0 ? (double)(rss1 - rss0) /
	    (double)n : -1;
	if (b->sport != 0)
		printf("handshakes: yishid %zu in %.2f s = %.0f/s; openssl "
		    "s_server %.0f/s (TLS 1.3, client certificates, %zu in "
		    "flight)\n", px.mp.ready, px.mp.seconds, hs_rate, ossl_rate,
		    b->window);
	else
		printf("handshakes: yishid %zu in %.2f s = %.0f/s (TLS 1.3, "
		    "client certificates, %zu in flight)\n", px.mp.ready,
		    px.mp.seconds, hs_rate, b->window);
	printf("memory: yishid RSS %ld KiB -> %ld KiB with %zu idle "
	    "connections = %.1f KiB each\n", rss0, rss1, n, idle_kib);

	/* An urgent meeting with two items, noticed. */
	sec = px.mp.conns[0];
	ops_schedule(&o, px.body, "党组会议（压力测试）");
	if (!call_do(sec, &o, "meeting schedule", &f))
		return 1;
	px.meeting = f->response->meeting->id;
	yishi__frame__free_unpacked(f, NULL);
	for (i = 0; i < (b->secret ? 1u : 2u); i++) {
		/* --secret: one personnel item (票决制, R-VOTE-1) */
		if (b->secret)
			ops_propose_in(&o, px.meeting, "关于干部任免的议题",
			    "personnel");
		else
			ops_propose(&o, px.meeting, i == 0 ?
			    "关于年度工作要点的议题" : "关于年度预算安排的议题");
		if (!call_do(px.mp.conns[1], &o, "agenda propose", &f))
			return 1;
		items[i] = f->response->item->id;
		yishi__frame__free_unpacked(f, NULL);
		ops_item(&o, YISHI__REQUEST__OP_AGENDA_APPROVE, items[i]);
		if (!call_do(sec, &o, "agenda approve", NULL))
			return 1;
	}
	ops_meeting(&o, YISHI__REQUEST__OP_MEETING_NOTIFY, px.meeting);
	if (!call_do(sec, &o, "meeting notify", NULL))
		return 1;

	/* Check-in and statements: untimed, every member's at once (yishid
	   decides them in groups on one snapshot and commits each group in
	   one transaction), the secretary's statement last (R-LAST-2). */
	t0 = stats_now_us();
	for (i = 0; i < n; i++) {
		ops_meeting(&o, YISHI__REQUEST__OP_CHECKIN, px.meeting);
		if (plenary_wave_send(&wc, px.mp.conns[i], &o) != 0)
			return 1;
	}
	if (!plenary_wave_wait(b, &wc))
		return 1;
	t_checkin = (double)(stats_now_us() - t0) / 1e6;
	ops_meeting(&o, YISHI__REQUEST__OP_MEETING_OPEN, px.meeting);
	if (!call_do(sec, &o, "meeting open", NULL))
		return 1;
	ops_item(&o, YISHI__REQUEST__OP_ITEM_START, items[0]);
	if (!call_do(sec, &o, "item start", NULL))
		return 1;
	if (!plenary_states(&px, items[0], &t_state))
		return 1;
	printf("untimed: %zu check-ins in %.1f s (%.1f ms each), %zu signed "
	    "statements in %.1f s (%.1f ms each), all at once\n", n,
	    t_checkin, t_checkin * 1e3 / (double)n, n, t_state,
	    t_state * 1e3 / (double)n);
	if (b->secret) {
		struct secret_setup ss = { b, px.ids, px.mp.conns, n, px.body,
		    px.meeting, items[0] };

		rc = secret_run(&ss);
		goto done;
	}
	/* Odd members vote through the second daemon, racing the first for
	   the item's trail head. */
	if (b->port2 != 0 && pool_open(&px.mp2, b->base, b->ctx, px.ids, n,
	    b->host2, b->port2, b->window, 1) != 0) {
		fprintf(stderr, "yishi-bench: %zu of %zu members could not "
		    "connect to the second daemon\n", px.mp2.failed, n);
		return 1;
	}

	/* (1) The timed burst: the members' votes over burst_s. */
	perf_sat = getenv("YISHI_BENCH_PERF_SAT") != NULL;
	ok = plenary_votes(&px, items[0], b->burst_s, !perf_sat, &pb, &forged,
	    &yes, &stored);
	burst_rate = plenary_rate(&pb);
	printf("votes: %zu acked of %zu, %zu refused, lost (stored - acked) "
	    "%ld; sent over %.2f s, last ack after %.2f s\n", pb.acked, n,
	    pb.refused, (long)stored - (long)pb.acked, b->burst_s,
	    (double)(pb.last_us - pb.first_us) / 1e6);
	if (forged > 0)
		printf("forged: %zu votes with a broken signature, %zu refused "
		    "as permission denied (each member's good vote followed)\n",
		    forged, pb.denied);
	printf("latency send -> ack: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
	    "max %.1f ms\n", stats_pct(&pb.lat, 50), stats_pct(&pb.lat, 90),
	    stats_pct(&pb.lat, 99), stats_pct(&pb.lat, 100));

	/* (2) The service rate: the second item's votes all at once, so
	   that the rate is yishid's and not the pace they are sent at. */
	ops_item(&o, YISHI__REQUEST__OP_ITEM_START, items[1]);
	ok2 = call_do(sec, &o, "item start", NULL) &&
	    plenary_states(&px, items[1], &t_state2) &&
	    plenary_votes(&px, items[1], 0, perf_sat, &ps, &forged2, &yes2,
	    &stored2);
	sat_rate = plenary_rate(&ps);
	printf("saturation: %zu votes sent at once, %zu acked, lost %ld, all "
	    "answered after %.2f s = %.0f votes/s\n", ps.n, ps.acked,
	    (long)stored2 - (long)ps.acked,
	    (double)(ps.last_us - ps.first_us) / 1e6, sat_rate);

	plenary_minutes(sec, px.meeting);

	ceiling = b->ceil_db > 0 && b->ceil_ecdsa > 0 ?
	    (b->ceil_db < b->ceil_ecdsa ? b->ceil_db : b->ceil_ecdsa) :
	    b->ceil_db + b->ceil_ecdsa;
	printf("throughput: %.0f votes/s sent all at once (%.0f in the "
	    "%.2f s burst); ceiling %.0f votes/s = min(database %.0f, one "
	    "core's ECDSA P-256 verify %.0f)\n", sat_rate, burst_rate,
	    b->burst_s, ceiling, b->ceil_db, b->ceil_ecdsa);
	printf("{\"voters\":%zu,\"acked\":%zu,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
	    "\"votes_per_s\":%.0f,\"ceiling_votes_per_s\":%.0f,"
	    "\"handshakes_per_s\":%.0f,\"openssl_handshakes_per_s\":%.0f,"
	    "\"idle_kib_per_conn\":%.1f,\"burst_votes_per_s\":%.0f}\n", n,
	    pb.acked, stats_pct(&pb.lat, 50), stats_pct(&pb.lat, 99), sat_rate,
	    ceiling, hs_rate, ossl_rate, idle_kib, burst_rate);
	fflush(stdout);
	if (ok && ok2)
		rc = 0;
done:
	stats_clear(&pb.lat);
	stats_clear(&ps.lat);
	pool_close(&px.mp);
	if (b->port2 != 0)
		pool_close(&px.mp2);
	conn_free(admin);
	for (i = 0; i < n; i++)
		ident_free(px.ids[i]);
	free(px.ids);
	ident_free(admin_id);
	return rc;
}
