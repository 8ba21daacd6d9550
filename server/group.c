/* group.c: group commit's scheduler (see group.h). */
#include "group.h"

#include <stdlib.h>
#include <time.h>

#include "db_batch.h"
#include "log.h"
#include "xmalloc.h"

#define GROUP_BUCKETS 1024	/* hash buckets of groups */

static LIST_HEAD(group_chain, group) group_table[GROUP_BUCKETS];

static void group_kick(struct group *g);
static void group_decide(struct group *g);

/* Names a state for logs and tests. */
const char *
group_state_name(enum group_state s)
{
	switch (s) {
	case GROUP_S_IDLE:
		return "idle";
	case GROUP_S_LOADING:
		return "loading";
	case GROUP_S_WRITING:
		return "writing";
	case GROUP_S_OVERLAP:
		return "writing+loading";
	case GROUP_S_QUEUED:
		return "writing+queued";
	case GROUP_S_PARKED:
		return "writing+parked";
	case GROUP_S_FAILED:
		return "failed";
	case GROUP_S_BACKOFF:
		return "backoff";
	}
	return "?";
}

/* The one place a group changes state, logged at debug level. */
static void
group_set_state(struct group *g, enum group_state s)
{
	log_debug("group %llu: %s -> %s", (unsigned long long)g->key,
	    group_state_name(g->state), group_state_name(s));
	g->state = s;
}

/* The monotonic clock in microseconds. */
int64_t
group_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The hash chain of (scope, key). */
static struct group_chain *
group_bucket(enum req_scope scope, uint64_t key)
{
	return &group_table[(key * 31 + scope) % GROUP_BUCKETS];
}

/* The group of scope and key, or NULL. */
struct group *
group_find(enum req_scope scope, uint64_t key)
{
	struct group *g;

	LIST_FOREACH(g, group_bucket(scope, key), entry)
		if (g->scope == scope && g->key == key)
			return g;
	return NULL;
}

/* Frees a round (not its requests). */
static void
group_round_free(struct group_round *d)
{
	if (d == NULL)
		return;
	db_batch_free(d->wb);
	free(d->reqs);
	free(d);
}

/* Frees an idle, empty group. */
static void
group_free(struct group *g)
{
	LIST_REMOVE(g, entry);
	if (g->ops->release != NULL)
		g->ops->release(g);
	free(g->run);
	group_round_free(g->dec);
	free(g);
}

/* Puts n requests back at the front of the queue, in their order. */
static void
group_requeue(struct group *g, struct req **reqs, int n)
{
	while (n-- > 0) {
		struct req *r = reqs[n];

		r->gnext = g->wait_head;
		g->wait_head = r;
		if (g->wait_tail == NULL)
			g->wait_tail = r;
	}
}

/* Queues r and starts a round if the group can take one. */
void
group_add(const struct group_ops *ops, struct req *r)
{
	struct group *g = group_find(r->h->scope, r->key);

	if (g == NULL) {
		g = xcalloc(1, sizeof *g);
		g->ops = ops;
		g->scope = r->h->scope;
		g->key = r->key;
		g->state = GROUP_S_IDLE;
		LIST_INSERT_HEAD(group_bucket(g->scope, g->key), g, entry);
	}
	r->round = NULL;
	if (g->ops->arrive != NULL)
		g->ops->arrive(g, r);	/* e.g. a signature check, meanwhile */
	r->gnext = NULL;
	if (g->wait_tail != NULL)
		g->wait_tail->gnext = r;
	else
		g->wait_head = r;
	g->wait_tail = r;
	group_kick(g);
}

/* The round being loaded is done with. */
static void
group_unload(struct group *g)
{
	if (g->ops->unload != NULL)
		g->ops->unload(g);
	g->nrun = 0;
}

/* Forgets the snapshot. */
static void
group_drop(struct group *g)
{
	if (g->ops->drop != NULL)
		g->ops->drop(g);
}

/* Sends round d's write: it extends the head the previous round left. */
static void
group_write(struct group *g, struct group_round *d)
{
	g->w = d;
	d->t_sent = group_now_us();
	g->ops->submit(g, d);
}

/*
 * Starts the next round, after a pause when writes keep finding the trail
 * head moved: another daemon writes the same body, and deciding again at
 * once would most likely lose again to its next write. The pause is random
 * (up to 2^n ms, at most GROUP_BACKOFF_MS) so that two daemons do not retry
 * in step.
 */
static void
group_backoff(struct group *g)
{
	long most, usec;

	if (g->nmoved >= 2) {
		most = g->nmoved < 6 ? 1L << g->nmoved : GROUP_BACKOFF_MS;
		usec = 1000 * (1 + random() % most);
		if (g->ops->arm != NULL && g->ops->arm(g, usec)) {
			log_debug("group %llu: %d writes found the head moved, "
			    "next round in %ld us", (unsigned long long)g->key,
			    g->nmoved, usec);
			group_set_state(g, GROUP_S_BACKOFF);
			return;
		}
	}
	group_set_state(g, GROUP_S_IDLE);
	group_kick(g);
}

/* The pause is over: the next round may start. */
void
group_timer_done(struct group *g)
{
	if (g->state != GROUP_S_BACKOFF)
		return;
	group_set_state(g, GROUP_S_IDLE);
	group_kick(g);
}

/*
 * After a failed write (g->failed), once nothing is being loaded: the
 * failed round's requests, the round decided after it and a round loaded
 * meanwhile go back to the front of the queue, in their order, to be
 * decided again on a fresh snapshot.
 */
static void
group_settle(struct group *g)
{
	log_debug("group %llu: decided again after a failed write: %d, %d and "
	    "%d requests", (unsigned long long)g->key,
	    g->failed != NULL ? g->failed->n : 0, g->q != NULL ? g->q->n : 0,
	    g->nrun);
	if (g->nrun > 0) {
		group_requeue(g, g->run, g->nrun);
		group_unload(g);
	}
	if (g->q != NULL) {
		int i;

		for (i = 0; i < g->q->n; i++)
			g->ops->reset(g->q->reqs[i]);
		group_requeue(g, g->q->reqs, g->q->n);
		group_round_free(g->q);
		g->q = NULL;
	}
	if (g->failed != NULL) {
		group_requeue(g, g->failed->reqs, g->failed->n);
		group_round_free(g->failed);
		g->failed = NULL;
	}
	group_drop(g);		/* it followed decisions that were not kept */
	group_backoff(g);
}

/* A round's write came back: acknowledge it, or decide again. */
void
group_written(struct group_round *d, enum group_write how)
{
	struct group *g = d->g;
	enum group_state was = g->state;
	int i, n;

	g->w = NULL;
	if (how != GROUP_WRITE_OK) {
		bool moved = how == GROUP_WRITE_MOVED;

		if (moved)
			g->nmoved++;
		/* A moved head: decide all again on fresh state. A lost
		 * connection: the COMMIT may have gone through, and deciding
		 * again would refuse what was just stored ("already voted"),
		 * so each is told to try again. Anything else: one of them
		 * may be at fault, so each is decided and written alone;
		 * only the faulty one fails. */
		for (i = n = 0; i < d->n; i++) {
			struct req *r = d->reqs[i];

			if ((d->n == 1 && !moved) || how == GROUP_WRITE_LOST ||
			    ++r->attempt >= REQ_ATTEMPTS) {
				g->ops->fail(g, d, r);
				continue;
			}
			g->ops->reset(r);
			r->solo = !moved;
			d->reqs[n++] = r;
		}
		d->n = n;
		g->failed = d;
		if (was == GROUP_S_OVERLAP)
			group_set_state(g, GROUP_S_FAILED); /* group_decide
								settles */
		else
			group_settle(g);
		return;
	}
	g->nmoved = 0;
	if (log_level_current >= LOG_L_DEBUG) {
		int64_t t = group_now_us();

		log_debug("group %llu: round of %d: load and signatures %.1f "
		    "ms, decided in %.1f, waited %.1f, written in %.1f",
		    (unsigned long long)g->key, d->n,
		    (double)(d->t_sigs - d->t_load) / 1e3,
		    (double)(d->t_decided - d->t_sigs) / 1e3,
		    (double)(d->t_sent - d->t_decided) / 1e3,
		    (double)(t - d->t_sent) / 1e3);
	}
	/* The next round's write, and load, go out before the
	 * acknowledgments. */
	if (was == GROUP_S_QUEUED) {
		struct group_round *q = g->q;

		g->q = NULL;
		group_write(g, q);
		group_set_state(g, GROUP_S_WRITING);
	} else if (was == GROUP_S_PARKED) {
		/* A round loaded meanwhile found the head moved by someone
		 * else: it is loaded again, afresh, after these replies
		 * (they may point into the snapshot). */
		group_requeue(g, g->run, g->nrun);
		group_unload(g);
		group_set_state(g, GROUP_S_IDLE);
	} else
		group_set_state(g, was == GROUP_S_OVERLAP ? GROUP_S_LOADING :
		    GROUP_S_IDLE);
	if (was != GROUP_S_PARKED && g->wait_head != NULL)
		group_kick(g);
	for (i = 0; i < d->n; i++)
		g->ops->ack(g, d, d->reqs[i]);
	group_round_free(d);
	if (was == GROUP_S_PARKED)
		group_drop(g);
	group_kick(g);
}

/* Closes the round just decided: its changes become one write, sent now
 * or after the write in flight. */
static void
group_decided(struct group *g)
{
	struct group_round *d = g->dec;

	g->dec = NULL;
	g->ops->seal(g, d);
	if (d->n == 0) {
		group_round_free(d);
		group_set_state(g, g->w != NULL ? GROUP_S_WRITING :
		    GROUP_S_IDLE);
		return;
	}
	d->t_decided = group_now_us();
	if (g->w == NULL) {
		group_write(g, d);
		group_set_state(g, GROUP_S_WRITING);
	} else {
		log_debug("group %llu: %d requests decided while %d are "
		    "written", (unsigned long long)g->key, d->n, g->w->n);
		g->q = d;
		group_set_state(g, GROUP_S_QUEUED);
	}
}

/* Decides the round once its signatures are checked, then writes all the
 * changes in one transaction (group_decided). */
static void
group_decide(struct group *g)
{
	int i;

	/* Signatures still being checked: decide once they are (in the
	 * round's order; group_signature_in comes back here). */
	for (i = 0; i < g->nrun; i++) {
		if (g->run[i]->vpending && g->run[i]->vstall == NULL) {
			g->run[i]->vstall = g;
			g->nstall++;
		}
	}
	if (g->nstall > 0) {
		log_debug("group %llu: waits for %d signatures",
		    (unsigned long long)g->key, g->nstall);
		return;
	}
	if (g->state == GROUP_S_FAILED) {
		/* The write before this round failed: decide it again. */
		group_settle(g);
		return;
	}
	g->dec = xcalloc(1, sizeof *g->dec);
	g->dec->g = g;
	g->dec->t_load = g->t_load;
	g->dec->t_sigs = group_now_us();
	g->dec->reqs = xcalloc((size_t)(g->nrun > 0 ? g->nrun : 1),
	    sizeof *g->dec->reqs);
	g->ops->decide(g);	/* each request ends, or joins g->dec */
	group_unload(g);
	group_decided(g);
	group_kick(g);
}

/* r, decided, is written with the round. */
void
group_join(struct group *g, struct req *r)
{
	g->dec->reqs[g->dec->n++] = r;
}

/* A signature the round waited for is in. */
void
group_signature_in(struct group *g)
{
	if (--g->nstall == 0)
		group_decide(g);
}

/* The round's load came back: decide it, or load it again. */
void
group_loaded(struct group *g, enum group_load how)
{
	if (how == GROUP_LOAD_FAILED) {
		/* Requests whose signature is being checked must not end
		 * before the answer: group_decide waits for it. */
		if (g->w == NULL)
			group_drop(g);
		/* else the write in flight's replies point into it */
		group_decide(g);
		return;
	}
	if (g->state == GROUP_S_FAILED) {
		/* The write before this round failed: decide it again, once
		 * its signatures are in. */
		group_decide(g);
		return;
	}
	if (how == GROUP_LOAD_STALE) {
		/* The meeting changed since the kept snapshot: load it
		 * afresh, once the write in flight is back. */
		if (g->w != NULL) {
			log_debug("group %llu: %d requests wait for the write "
			    "in flight, then load afresh",
			    (unsigned long long)g->key, g->nrun);
			group_set_state(g, GROUP_S_PARKED);
			return;
		}
		group_drop(g);
		g->ops->load(g);
		return;
	}
	group_decide(g);
}

/*
 * Starts a round when the group can take one: requests are waiting, none
 * is being loaded, and no decided round waits for the write in flight.
 * Frees the group when nothing is left of it.
 */
static void
group_kick(struct group *g)
{
	struct req *r;
	int n = 0;

	if (g->state != GROUP_S_IDLE && g->state != GROUP_S_WRITING)
		return;
	if (g->wait_head == NULL) {
		if (g->state == GROUP_S_IDLE)
			group_free(g);
		return;
	}
	g->run = xrealloc(g->run, sizeof *g->run * GROUP_MAX);
	while ((r = g->wait_head) != NULL && n < GROUP_MAX) {
		/* A request to retry alone goes alone. */
		if (r->solo && n > 0)
			break;
		g->wait_head = r->gnext;
		if (g->wait_head == NULL)
			g->wait_tail = NULL;
		g->run[n++] = r;
		if (r->solo) {
			r->solo = false;
			break;
		}
	}
	g->nrun = n;
	if (n > 1)
		log_debug("group %llu: %d requests on one snapshot",
		    (unsigned long long)g->key, n);
	g->t_load = group_now_us();
	group_set_state(g, g->state == GROUP_S_IDLE ? GROUP_S_LOADING :
	    GROUP_S_OVERLAP);
	g->ops->load(g);
}
