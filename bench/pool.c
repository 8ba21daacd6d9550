/* pool.c: many connections at once (see pool.h). */
#include "pool.h"

#include <stdio.h>
#include <stdlib.h>

#include "stats.h"

/* What the state callback needs to open the next connection. */
struct pool_run {
	struct pool	*p;
	struct event_base *base;
	SSL_CTX		*ctx;
	struct ident	**ids;
	const char	*host;
	int		 port;
	int		 keep;
	size_t		 next;		/* the next identity to connect */
	size_t		 inflight;
	int		 done;
	int		 reported;	/* the first failure was printed */
	struct conn	**dead;		/* closed handshakes, freed at top level */
	size_t		 ndead;
};

static void pool_state_cb(struct conn *c, void *arg);

/* Starts connections while the window has room. */
static void
pool_fill(struct pool_run *r, size_t window)
{
	struct conn *c;

	while (r->inflight < window && r->next < r->p->n) {
		size_t i = r->next++;

		c = conn_new(r->base, r->ctx, r->ids[i], r->host, r->port,
		    pool_state_cb, r);
		if (c == NULL) {
			r->p->failed++;
			continue;
		}
		c->user = (void *)(uintptr_t)i;
		r->inflight++;
		if (r->keep)
			r->p->conns[i] = c;
	}
	if (r->inflight == 0 && r->next >= r->p->n)
		r->done = 1;
}

/* One handshake ended: count it, free or keep it, start the next. */
static void
pool_state_cb(struct conn *c, void *arg)
{
	struct pool_run *r = arg;

	if (c->state == CONN_S_CONNECTING)
		return;
	if (c->state == CONN_S_CLOSED && c->ready_us == 0) {
		r->p->failed++;
		if (!r->reported++)
			fprintf(stderr, "yishi-bench: handshake of %s failed: "
			    "%s\n", c->ident->name, c->err);
	} else if (c->state == CONN_S_READY) {
		r->p->ready++;
	} else {
		return;	/* a kept connection closed later: not ours */
	}
	r->inflight--;
	if (!r->keep || c->state == CONN_S_CLOSED) {
		c->state_cb = NULL;
		r->dead[r->ndead++] = c;
		if (r->keep)
			r->p->conns[(uintptr_t)c->user] = NULL;
	}
}

/* Opens the connections of p. */
int
pool_open(struct pool *p, struct event_base *base, SSL_CTX *ctx,
    struct ident **ids, size_t n, const char *host, int port, size_t window,
    int keep)
{
	struct pool_run r = { 0 };
	int64_t t0;
	size_t i;

	p->n = n;
	p->ready = p->failed = 0;
	p->conns = keep ? calloc(n ? n : 1, sizeof *p->conns) : NULL;
	r.p = p;
	r.base = base;
	r.ctx = ctx;
	r.ids = ids;
	r.host = host;
	r.port = port;
	r.keep = keep;
	r.dead = calloc(n ? n : 1, sizeof *r.dead);
	t0 = stats_now_us();
	pool_fill(&r, window);
	/* Each loop pass frees finished handshakes and refills the window. */
	while (!r.done) {
		if (event_base_loop(base, EVLOOP_ONCE) < 0)
			break;
		for (i = 0; i < r.ndead; i++)
			conn_free(r.dead[i]);
		r.ndead = 0;
		pool_fill(&r, window);
	}
	p->seconds = (double)(stats_now_us() - t0) / 1e6;
	for (i = 0; i < r.ndead; i++)
		conn_free(r.dead[i]);
	free(r.dead);
	if (keep)
		for (i = 0; i < n; i++)
			if (p->conns[i] != NULL)
				p->conns[i]->state_cb = NULL;
	return p->failed == 0 ? 0 : -1;
}

/* Closes the connections of p. */
void
pool_close(struct pool *p)
{
	size_t i;

	if (p->conns == NULL)
		return;
	for (i = 0; i < p->n; i++)
		conn_free(p->conns[i]);
	free(p->conns);
	p->conns = NULL;
}

/* Handshakes per second. */
double
pool_rate(const struct pool *p)
{
	return p->seconds > 0 ? (double)p->ready / p->seconds : 0;
}
