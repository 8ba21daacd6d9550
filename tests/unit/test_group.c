/*
 * test_group.c: group commit's scheduler (server/group.c) on its own,
 * driven through its ops table as groupdb.c drives it in the daemon, with
 * the database and the timer played by the test: which requests go in which
 * round's write, the state after each step, rounds two deep, a snapshot
 * that lost the race to another writer, a failed write re-run one request
 * at a time, and the pause after writes that found the trail head moved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db_batch.h"
#include "group.h"
#include "log.h"

int main(void);

#define T_MAX 64

static const struct handler t_handler = {
	.name = "test vote",
	.scope = REQ_SCOPE_ITEM,
	.flags = REQ_F_GROUP,
};

/* What the scheduler asked for, in order. */
static struct {
	int		 loads;		/* ops->load calls */
	int		 loaded[T_MAX];	/* the last load's run, by request id */
	int		 nloaded;
	struct group_round *sent[T_MAX];	/* writes submitted, in order */
	int		 nsent;
	int		 acked[T_MAX], nacked;
	int		 failed[T_MAX], nfailed;
	int		 refused[T_MAX], nrefused;
	int		 resets, drops, releases;
	long		 armed_usec;	/* 0: no timer armed */
	uint64_t	 refuse;	/* decide() refuses this request id */
} t;

/* A new request of item 7, with this id. */
static struct req *
t_req(uint64_t id)
{
	struct req *r = calloc(1, sizeof *r);

	assert_non_null(r);
	r->id = id;
	r->h = &t_handler;
	r->key = 7;
	return r;
}

/* ops->load: remembers which requests the round loads. */
static void
t_load(struct group *g)
{
	int i;

	t.loads++;
	t.nloaded = g->nrun;
	for (i = 0; i < g->nrun; i++)
		t.loaded[i] = (int)g->run[i]->id;
}

/* ops->decide: each request joins the round, except the one refused. */
static void
t_decide(struct group *g)
{
	int i;

	for (i = 0; i < g->nrun; i++) {
		struct req *r = g->run[i];

		if (r->id == t.refuse) {
			t.refused[t.nrefused++] = (int)r->id;
			free(r);
			continue;
		}
		group_join(g, r);
	}
}

/* ops->seal: the round's write, one statement naming each request. */
static void
t_seal(struct group *g, struct group_round *d)
{
	int i;

	(void)g;
	if (d->n == 0)
		return;
	d->wb = db_batch_new(NULL, NULL);
	for (i = 0; i < d->n; i++)
		db_batch_addf(d->wb, "write", "i", (long long)d->reqs[i]->id);
}

/* ops->submit: the write is in flight until the test answers it. */
static void
t_submit(struct group *g, struct group_round *d)
{
	(void)g;
	t.sent[t.nsent++] = d;
}

/* ops->ack */
static void
t_ack(struct group *g, struct group_round *d, struct req *r)
{
	(void)g;
	(void)d;
	t.acked[t.nacked++] = (int)r->id;
	free(r);
}

/* ops->fail */
static void
t_fail(struct group *g, struct group_round *d, struct req *r)
{
	(void)g;
	(void)d;
	t.failed[t.nfailed++] = (int)r->id;
	free(r);
}

/* ops->reset */
static void
t_reset(struct req *r)
{
	(void)r;
	t.resets++;
}

/* ops->drop */
static void
t_drop(struct group *g)
{
	(void)g;
	t.drops++;
}

/* ops->arm: the timer is the test's to fire. */
static bool
t_arm(struct group *g, long usec)
{
	(void)g;
	t.armed_usec = usec;
	return true;
}

/* ops->release */
static void
t_release(struct group *g)
{
	(void)g;
	t.releases++;
}

static const struct group_ops t_ops = {
	.load = t_load,
	.decide = t_decide,
	.seal = t_seal,
	.submit = t_submit,
	.ack = t_ack,
	.fail = t_fail,
	.reset = t_reset,
	.drop = t_drop,
	.arm = t_arm,
	.release = t_release,
};

/* Clears the record before a test. */
static int
t_setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof t);
	return 0;
}

/* The group of item 7 (it must exist). */
static struct group *
t_group(void)
{
	struct group *g = group_find(REQ_SCOPE_ITEM, 7);

	assert_non_null(g);
	return g;
}

/* Asserts that write k carries exactly the requests ids[0..n), in order. */
static void
t_assert_write(int k, const int *ids, int n)
{
	struct db_batch *b;
	int i;

	assert_true(k < t.nsent);
	b = t.sent[k]->wb;
	assert_int_equal(t.sent[k]->n, n);
	assert_int_equal(b->n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal((int)t.sent[k]->reqs[i]->id, ids[i]);
		assert_int_equal(atoi(b->stmt[i].params[0]), ids[i]);
	}
}

/* Asserts that the last load was of exactly ids[0..n). */
static void
t_assert_loaded(const int *ids, int n)
{
	int i;

	assert_int_equal(t.nloaded, n);
	for (i = 0; i < n; i++)
		assert_int_equal(t.loaded[i], ids[i]);
}

/*
 * Rounds two deep: while round 1's write is in flight, round 2 is loaded
 * and decided, and its write waits for the first to commit; requests are
 * acknowledged only after their own round commits.
 */
static void
test_two_deep(void **state)
{
	static const int one[] = { 1 }, two[] = { 2, 3 }, four[] = { 4 };
	struct group *g;

	(void)state;
	group_add(&t_ops, t_req(1));
	g = t_group();
	assert_int_equal(g->state, GROUP_S_LOADING);
	t_assert_loaded(one, 1);
	/* Arrivals during the load wait for the next round. */
	group_add(&t_ops, t_req(2));
	group_add(&t_ops, t_req(3));
	assert_int_equal(t.loads, 1);

	group_loaded(g, GROUP_LOAD_OK);
	/* Round 1 is written; round 2 loads meanwhile. */
	assert_int_equal(t.nsent, 1);
	t_assert_write(0, one, 1);
	assert_int_equal(g->state, GROUP_S_OVERLAP);
	assert_int_equal(t.loads, 2);
	t_assert_loaded(two, 2);

	group_loaded(g, GROUP_LOAD_OK);
	/* Round 2 is decided but waits for round 1's write. */
	assert_int_equal(g->state, GROUP_S_QUEUED);
	assert_int_equal(t.nsent, 1);
	assert_int_equal(t.nacked, 0);
	group_add(&t_ops, t_req(4));	/* no third round while one waits */
	assert_int_equal(t.loads, 2);

	group_written(t.sent[0], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 1);
	assert_int_equal(t.acked[0], 1);
	/* Round 2's write went out, and round 3's load. */
	assert_int_equal(t.nsent, 2);
	t_assert_write(1, two, 2);
	assert_int_equal(g->state, GROUP_S_OVERLAP);
	t_assert_loaded(four, 1);

	group_loaded(g, GROUP_LOAD_OK);
	assert_int_equal(g->state, GROUP_S_QUEUED);
	group_written(t.sent[1], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 3);
	assert_int_equal(t.acked[1], 2);
	assert_int_equal(t.acked[2], 3);
	assert_int_equal(g->state, GROUP_S_WRITING);
	t_assert_write(2, four, 1);
	group_written(t.sent[2], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 4);
	/* Nothing left: the group is gone. */
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
	assert_int_equal(t.releases, 1);
	assert_int_equal(t.nfailed + t.nrefused, 0);
}

/*
 * A lost race. The kept snapshot turns out moved by another writer while
 * this group's write is in flight: the round waits (parked) and is loaded
 * afresh after that write. Then the round's write finds the trail head
 * moved: all of its requests are decided again together on a fresh
 * snapshot, none fails.
 */
static void
test_lost_race(void **state)
{
	static const int two[] = { 2, 3 };
	struct group *g;

	(void)state;
	group_add(&t_ops, t_req(1));
	g = t_group();
	group_add(&t_ops, t_req(2));
	group_add(&t_ops, t_req(3));
	group_loaded(g, GROUP_LOAD_OK);		/* round 1 writes */
	assert_int_equal(g->state, GROUP_S_OVERLAP);
	group_loaded(g, GROUP_LOAD_STALE);	/* round 2's probe: moved */
	assert_int_equal(g->state, GROUP_S_PARKED);
	assert_int_equal(t.loads, 2);
	assert_int_equal(t.drops, 0);

	group_written(t.sent[0], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 1);
	assert_int_equal(t.drops, 1);		/* loaded afresh */
	assert_int_equal(t.loads, 3);
	t_assert_loaded(two, 2);
	assert_int_equal(g->state, GROUP_S_LOADING);

	/* Without a write in flight, a moved snapshot is reloaded at once. */
	group_loaded(g, GROUP_LOAD_STALE);
	assert_int_equal(t.drops, 2);
	assert_int_equal(t.loads, 4);
	assert_int_equal(g->state, GROUP_S_LOADING);

	group_loaded(g, GROUP_LOAD_OK);
	t_assert_write(1, two, 2);
	/* Another daemon wrote first: the head moved. */
	group_written(t.sent[1], GROUP_WRITE_MOVED);
	assert_int_equal(t.nfailed, 0);
	assert_int_equal(t.resets, 2);
	assert_int_equal(g->nmoved, 1);
	/* One lost race: no pause; both decided again, together. */
	assert_int_equal(t.armed_usec, 0);
	assert_int_equal(g->state, GROUP_S_LOADING);
	t_assert_loaded(two, 2);
	group_loaded(g, GROUP_LOAD_OK);
	t_assert_write(2, two, 2);
	group_written(t.sent[2], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 3);
	assert_int_equal(t.acked[0], 1);
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
}

/*
 * A write that fails for another reason than a moved head (one request's
 * change is at fault): its requests are decided and written again one at a
 * time, in their order, and only the faulty one fails.
 */
static void
test_failed_one_at_a_time(void **state)
{
	static const int all[] = { 1, 2, 3 }, one[] = { 1 }, two[] = { 2 },
	    three[] = { 3 }, four[] = { 4 }, last[] = { 3, 4 };
	struct group *g;

	(void)state;
	group_add(&t_ops, t_req(9));
	g = t_group();
	group_add(&t_ops, t_req(1));
	group_add(&t_ops, t_req(2));
	group_add(&t_ops, t_req(3));
	group_loaded(g, GROUP_LOAD_OK);		/* round of 9 writes */
	group_loaded(g, GROUP_LOAD_OK);		/* 1, 2, 3 decided, queued */
	assert_int_equal(g->state, GROUP_S_QUEUED);
	group_written(t.sent[0], GROUP_WRITE_OK);
	t_assert_write(1, all, 3);
	group_add(&t_ops, t_req(4));		/* loading meanwhile */
	assert_int_equal(g->state, GROUP_S_OVERLAP);
	t_assert_loaded(four, 1);

	group_written(t.sent[1], GROUP_WRITE_FAILED);
	/* The round loading meanwhile must come back first. */
	assert_int_equal(g->state, GROUP_S_FAILED);
	assert_int_equal(t.resets, 3);
	assert_int_equal(t.nfailed, 0);
	group_loaded(g, GROUP_LOAD_OK);
	/* 1, 2 and 3, then 4, back in the queue; 1 alone first. */
	assert_int_equal(g->state, GROUP_S_LOADING);
	t_assert_loaded(one, 1);
	assert_int_equal(t.drops, 1);

	group_loaded(g, GROUP_LOAD_OK);
	t_assert_write(2, one, 1);
	t_assert_loaded(two, 1);		/* 2 alone, meanwhile */
	group_loaded(g, GROUP_LOAD_OK);
	group_written(t.sent[2], GROUP_WRITE_OK);
	t_assert_write(3, two, 1);
	t_assert_loaded(three, 1);
	group_loaded(g, GROUP_LOAD_OK);
	/* 2 was the faulty one: alone, it fails for good. */
	group_written(t.sent[3], GROUP_WRITE_FAILED);
	assert_int_equal(t.nfailed, 1);
	assert_int_equal(t.failed[0], 2);
	/* 3's round was queued behind it: decided again, on fresh state,
	 * now with 4 (3 was never part of a failed write). */
	assert_int_equal(t.resets, 4);
	assert_int_equal(g->state, GROUP_S_LOADING);
	t_assert_loaded(last, 2);
	group_loaded(g, GROUP_LOAD_OK);
	t_assert_write(4, last, 2);
	group_written(t.sent[4], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 4);
	assert_int_equal(t.acked[0], 9);
	assert_int_equal(t.acked[1], 1);
	assert_int_equal(t.acked[2], 3);
	assert_int_equal(t.acked[3], 4);
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
}

/*
 * A write whose connection went: whether it committed is not known, so
 * none of its requests is decided again (a ballot stored by the lost
 * COMMIT would be refused as "already voted"); each is answered as failed
 * (unavailable) and the group goes on with what came after.
 */
static void
test_lost_not_rerun(void **state)
{
	static const int all[] = { 1, 2, 3 }, four[] = { 4 };
	struct group *g;

	(void)state;
	group_add(&t_ops, t_req(9));
	g = t_group();
	group_add(&t_ops, t_req(1));
	group_add(&t_ops, t_req(2));
	group_add(&t_ops, t_req(3));
	group_loaded(g, GROUP_LOAD_OK);		/* round of 9 writes */
	group_loaded(g, GROUP_LOAD_OK);		/* 1, 2, 3 decided, queued */
	group_written(t.sent[0], GROUP_WRITE_OK);
	t_assert_write(1, all, 3);
	group_add(&t_ops, t_req(4));		/* loading meanwhile */
	assert_int_equal(g->state, GROUP_S_OVERLAP);

	group_written(t.sent[1], GROUP_WRITE_LOST);
	/* All three answered at once, none decided again. */
	assert_int_equal(t.nfailed, 3);
	assert_int_equal(t.failed[0], 1);
	assert_int_equal(t.failed[1], 2);
	assert_int_equal(t.failed[2], 3);
	assert_int_equal(t.resets, 0);
	/* 4 goes on, on state loaded afresh. */
	while (g->state == GROUP_S_FAILED || g->state == GROUP_S_LOADING)
		group_loaded(g, GROUP_LOAD_OK);
	assert_int_equal(g->state, GROUP_S_WRITING);
	t_assert_write(t.nsent - 1, four, 1);
	group_written(t.sent[t.nsent - 1], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 2);
	assert_int_equal(t.acked[1], 4);
	assert_int_equal(t.nfailed, 3);
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
}

/*
 * Writes that keep finding the head moved: from the second in a row, the
 * next round waits a random pause (at most GROUP_BACKOFF_MS), during which
 * nothing is loaded, whatever arrives.
 */
static void
test_backoff(void **state)
{
	static const int three[] = { 2, 3 };
	struct group *g;

	(void)state;
	group_add(&t_ops, t_req(1));
	g = t_group();
	group_add(&t_ops, t_req(2));
	group_loaded(g, GROUP_LOAD_OK);
	group_loaded(g, GROUP_LOAD_OK);
	group_written(t.sent[0], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 1);
	group_written(t.sent[1], GROUP_WRITE_MOVED);
	assert_int_equal(g->nmoved, 1);
	assert_int_equal(t.armed_usec, 0);
	assert_int_equal(g->state, GROUP_S_LOADING);
	group_loaded(g, GROUP_LOAD_OK);
	group_written(t.sent[2], GROUP_WRITE_MOVED);
	assert_int_equal(g->nmoved, 2);
	/* Second in a row: a pause of 1 to 4 ms (2^2). */
	assert_int_equal(g->state, GROUP_S_BACKOFF);
	assert_true(t.armed_usec >= 1000 && t.armed_usec <= 4000);
	assert_int_equal(t.loads, 3);
	group_add(&t_ops, t_req(3));
	assert_int_equal(t.loads, 3);		/* nothing during the pause */
	assert_int_equal(g->state, GROUP_S_BACKOFF);

	group_timer_done(g);
	assert_int_equal(g->state, GROUP_S_LOADING);
	assert_int_equal(t.loads, 4);
	t_assert_loaded(three, 2);
	group_loaded(g, GROUP_LOAD_OK);
	group_written(t.sent[3], GROUP_WRITE_OK);
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
	assert_int_equal(t.nacked, 3);
}

/*
 * A round whose requests' signatures are still being checked is decided
 * only once every answer is in; a request refused in decide() does not
 * reach the write.
 */
static void
test_signatures_and_refusal(void **state)
{
	static const int two[] = { 2 };
	struct group *g;
	struct req *r1 = t_req(1), *r2 = t_req(2);

	(void)state;
	r1->vpending = true;
	t.refuse = 1;
	group_add(&t_ops, r1);
	g = t_group();
	group_add(&t_ops, r2);
	group_loaded(g, GROUP_LOAD_OK);
	/* Round 1 (request 1) waits for its signature. */
	assert_int_equal(g->state, GROUP_S_LOADING);
	assert_int_equal(g->nstall, 1);
	assert_int_equal(t.nsent, 0);
	assert_ptr_equal(r1->vstall, g);
	r1->vpending = false;
	r1->vstall = NULL;
	group_signature_in(g);
	assert_int_equal(t.nrefused, 1);
	assert_int_equal(t.nsent, 0);		/* nothing to write */
	assert_int_equal(g->state, GROUP_S_LOADING);
	t_assert_loaded(two, 1);
	group_loaded(g, GROUP_LOAD_OK);
	t_assert_write(0, two, 1);
	group_written(t.sent[0], GROUP_WRITE_OK);
	assert_int_equal(t.nacked, 1);
	assert_null(group_find(REQ_SCOPE_ITEM, 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_two_deep, t_setup),
		cmocka_unit_test_setup(test_lost_race, t_setup),
		cmocka_unit_test_setup(test_lost_not_rerun, t_setup),
		cmocka_unit_test_setup(test_failed_one_at_a_time, t_setup),
		cmocka_unit_test_setup(test_backoff, t_setup),
		cmocka_unit_test_setup(test_signatures_and_refusal, t_setup),
	};

	if (getenv("TEST_GROUP_DEBUG") != NULL)
		log_level_current = LOG_L_DEBUG;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
