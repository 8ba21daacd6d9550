/* secret.c: the plenary's encrypted secret vote (see secret.h). */
#include "secret.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "ballot.h"
#include "elgamal.h"
#include "call.h"
#include "ops.h"
#include "stats.h"

#define SECRET_TIMEOUT_S	120.0	/* the cast, besides n / 50 s */
#define SECRET_SCRUTINEERS	2
#define SECRET_THREADS_MAX	8
#define SECRET_BLEN		ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS)
#define SECRET_MULS		ELGAMAL_BALLOT_MULS(BALLOT_OPTIONS)

/* The vote as the bench knows it: the key, the ballots it made and what
   each scrutineer's client holds. */
struct secret_vote {
	const struct secret_setup *s;
	uint64_t	 round;
	uint8_t		 key[ELGAMAL_POINT_LEN];
	uint8_t		*ballots;	/* n * SECRET_BLEN, ids order */
	unsigned	 expect[BALLOT_OPTIONS];
	size_t		 scr[SECRET_SCRUTINEERS];	/* index into ids */
	uint8_t		 secret[SECRET_SCRUTINEERS][ELGAMAL_SCALAR_LEN];
	uint8_t		 share[SECRET_SCRUTINEERS][ELGAMAL_SHARE_LEN];
	uint8_t		 dshare[SECRET_SCRUTINEERS][ELGAMAL_DSHARE_LEN(
			     BALLOT_OPTIONS)];
};

/* One prepared ballot frame and the state of the timed cast. */
struct secret_cast {
	struct conn	**c;		/* per ballot */
	uint8_t		**buf;		/* encoded, signed frames */
	size_t		 *len;
	uint64_t	 *id;
	size_t		 n, sent, acked, refused, answered;
	int64_t		 first_us, last_us;
	struct stats	 lat;
	int		 done;
};

/* The choice of voter i: 7 in 10 yes, 2 no, 1 abstain. */
static int
secret_choice(size_t i)
{
	size_t r = i % 10;

	return r < 7 ? 0 : r < 9 ? 1 : 2;
}

/* Seconds of this thread's CPU time. */
static double
secret_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The Vote an answer carries, or NULL (Response.result is a oneof: the
   field is only a vote when the case says so). */
static Yishi__Vote *
secret_vote_of(const Yishi__Frame *f)
{
	return f->response->result_case == YISHI__RESPONSE__RESULT_VOTE ?
	    f->response->vote : NULL;
}

/* The vote on the item as the secretary sees it (vote show); NULL when
   refused. The caller frees the frame *f. */
static Yishi__Vote *
secret_show(const struct secret_vote *v, Yishi__Frame **f)
{
	struct ops_req o;

	ops_item(&o, YISHI__REQUEST__OP_VOTE_SHOW, v->s->item);
	if (!call_do(v->s->conns[0], &o, "vote show", f))
		return NULL;
	if (secret_vote_of(*f) == NULL) {
		fprintf(stderr, "yishi-bench: vote show: no vote\n");
		yishi__frame__free_unpacked(*f, NULL);
		return NULL;
	}
	return secret_vote_of(*f);
}

/*
 * One core's P-256 point multiplications per second (EC_POINT_mul of a
 * fresh variable point by a random scalar, as in ECDH), over about secs of
 * this thread's CPU time; 0 when OpenSSL fails.
 */
static double
secret_mul_rate(double secs)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *bn = BN_CTX_new();
	BIGNUM *k = BN_new();
	EC_POINT *p = NULL, *r = NULL;
	double t0, dt = 0, rate = 0;
	long n = 0;

	if (g == NULL || bn == NULL || k == NULL ||
	    (p = EC_POINT_new(g)) == NULL || (r = EC_POINT_new(g)) == NULL ||
	    !BN_rand_range(k, EC_GROUP_get0_order(g)) ||
	    !EC_POINT_mul(g, p, k, NULL, NULL, bn))
		goto out;
	t0 = secret_cpu();
	do {
		int i;

		for (i = 0; i < 100; i++, n++)
			if (!EC_POINT_mul(g, r, NULL, p, k, bn))
				goto out;
		if (!EC_POINT_copy(p, r))
			goto out;
	} while ((dt = secret_cpu() - t0) < secs);
	rate = (double)n / dt;
out:
	EC_POINT_free(p);
	EC_POINT_free(r);
	BN_free(k);
	BN_CTX_free(bn);
	EC_GROUP_free(g);
	return rate;
}

/* Work shared out over threads: ballots [from, to) of the vote. */
struct secret_part {
	struct secret_vote *v;
	size_t		 from, to;
	int		 check;		/* verify rather than make */
	size_t		 failed;
	double		 cpu_s;		/* this thread's CPU time */
};

/* The context of voter i's proofs; NULL when out of memory. */
static uint8_t *
secret_ctx(const struct secret_vote *v, size_t i, size_t *len)
{
	const struct ident *id = v->s->ids[i];

	return ballot_ctx_voter(id->instance, v->s->body, v->s->item,
	    v->round, id->name, len);
}

/* A thread's part: makes (or checks) its ballots under the vote's key. */
static void *
secret_part_run(void *arg)
{
	struct secret_part *p = arg;
	struct secret_vote *v = p->v;
	struct elgamal *eg = elgamal_new(v->key);
	double t0 = secret_cpu();
	size_t i;

	for (i = p->from; i < p->to; i++) {
		uint8_t *b = v->ballots + i * SECRET_BLEN;
		size_t clen = 0;
		uint8_t *ctx = eg != NULL ? secret_ctx(v, i, &clen) : NULL;
		int rc;

		if (ctx == NULL)
			rc = -1;
		else if (p->check)
			rc = elgamal_ballot_verify(eg, ctx, clen,
			    BALLOT_OPTIONS, b, SECRET_BLEN);
		else
			rc = elgamal_ballot_make(eg, ctx, clen,
			    BALLOT_OPTIONS, secret_choice(i), b);
		free(ctx);
		p->failed += rc != 0;
	}
	p->cpu_s = secret_cpu() - t0;
	elgamal_free(eg);
	return NULL;
}

/* Makes (check 0) or verifies (check 1) ballots [0, n) on every core;
   returns how many failed (n when the threads cannot start) and the
   CPU seconds spent in *cpu_s. */
static size_t
secret_parallel(struct secret_vote *v, size_t n, int check, double *cpu_s)
{
	struct secret_part parts[SECRET_THREADS_MAX];
	pthread_t th[SECRET_THREADS_MAX];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k, t, failed = 0;

	t = cores < 1 ? 1 : cores > SECRET_THREADS_MAX ? SECRET_THREADS_MAX :
	    (size_t)cores;
	*cpu_s = 0;
	for (k = 0; k < t; k++) {
		parts[k] = (struct secret_part){ v, n * k / t,
		    n * (k + 1) / t, check, 0, 0 };
		if (pthread_create(&th[k], NULL, secret_part_run,
		    &parts[k]) != 0) {
			t = k;
			failed = n;
			break;
		}
	}
	for (k = 0; k < t; k++) {
		pthread_join(th[k], NULL);
		failed += parts[k].failed;
		*cpu_s += parts[k].cpu_s;
	}
	return failed;
}

/* Opens the secret vote with two scrutineers (v2 and v3); each one's
   client makes its key share and publishes it, signed. Fills v's round,
   secrets, shares and key; the key the server announces must be the sum
   of the two shares. */
static bool
secret_open(struct secret_vote *v)
{
	const struct secret_setup *s = v->s;
	char *names[SECRET_SCRUTINEERS];
	const uint8_t *shares[SECRET_SCRUTINEERS];
	struct elgamal *eg = elgamal_new(NULL);
	struct ops_req o;
	Yishi__Frame *f = NULL;
	Yishi__Vote *vt;
	size_t j;
	bool ok = false;

	for (j = 0; j < SECRET_SCRUTINEERS; j++) {
		v->scr[j] = j + 1;
		names[j] = s->ids[j + 1]->name;
	}
	ops_vote_open_secret(&o, s->item, names, SECRET_SCRUTINEERS);
	if (eg == NULL || !call_do(s->conns[0], &o, "vote open --method "
	    "secret", &f))
		goto out;
	yishi__frame__free_unpacked(f, NULL);
	/* The round (the seq of the vote.open entry) is the vote's. */
	if ((vt = secret_show(v, &f)) == NULL)
		goto out;
	v->round = vt->round;
	yishi__frame__free_unpacked(f, NULL);
	if (v->round == 0) {
		fprintf(stderr, "yishi-bench: the secret vote has no round\n");
		goto out;
	}
	for (j = 0; j < SECRET_SCRUTINEERS; j++) {
		const struct ident *id = s->ids[v->scr[j]];
		size_t clen = 0;
		uint8_t *ctx = ballot_ctx_scrutineer(id->instance, s->body,
		    s->item, v->round, id->name, &clen);
		int rc = ctx == NULL ? -1 : elgamal_share_make(eg, ctx, clen,
		    v->secret[j], v->share[j]);

		free(ctx);
		if (rc != 0 || ops_vote_share(&o, YISHI__REQUEST__OP_VOTE_KEY,
		    id, s->body, s->meeting, s->item, v->round, v->share[j],
		    ELGAMAL_SHARE_LEN) != 0) {
			fprintf(stderr, "yishi-bench: cannot make a key "
			    "share\n");
			goto out;
		}
		if (!call_do(s->conns[v->scr[j]], &o, "vote key", NULL))
			goto out;
		shares[j] = v->share[j];
	}
	if (elgamal_key_combine(eg, shares, SECRET_SCRUTINEERS, v->key) != 0 ||
	    (vt = secret_show(v, &f)) == NULL)
		goto out;
	if (vt->key.len != ELGAMAL_POINT_LEN ||
	    memcmp(vt->key.data, v->key, ELGAMAL_POINT_LEN) != 0 ||
	    strcmp(vt->state, "open") != 0)
		fprintf(stderr, "yishi-bench: after both key shares the vote "
		    "is %s and its key %s the sum of the shares\n", vt->state,
		    vt->key.len == 0 ? "missing, not" : "is not");
	else
		ok = true;
	yishi__frame__free_unpacked(f, NULL);
out:
	elgamal_free(eg);
	return ok;
}

/* Makes every member's ballot (on every core) and its signed frame on the
   member's connection, before the timed phase; the seconds it took in
   *secs. */
static bool
secret_prepare(struct secret_vote *v, struct secret_cast *sc, double *secs)
{
	const struct secret_setup *s = v->s;
	struct ops_req o;
	int64_t t0 = stats_now_us();
	double cpu;
	size_t i;

	memset(sc, 0, sizeof *sc);
	sc->n = s->n;
	v->ballots = malloc(s->n * SECRET_BLEN);
	sc->c = calloc(s->n, sizeof *sc->c);
	sc->buf = calloc(s->n, sizeof *sc->buf);
	sc->len = calloc(s->n, sizeof *sc->len);
	sc->id = calloc(s->n, sizeof *sc->id);
	if (v->ballots == NULL || sc->c == NULL || sc->buf == NULL ||
	    sc->len == NULL || sc->id == NULL)
		return false;
	if (secret_parallel(v, s->n, 0, &cpu) != 0) {
		fprintf(stderr, "yishi-bench: cannot make the ballots\n");
		return false;
	}
	for (i = 0; i < s->n; i++) {
		v->expect[secret_choice(i)]++;
		sc->c[i] = s->conns[i];
		if (ops_secret_cast(&o, s->ids[i], s->body, s->meeting,
		    s->item, v->round, v->ballots + i * SECRET_BLEN,
		    SECRET_BLEN) != 0 ||
		    conn_encode(sc->c[i], &o.rq, &sc->buf[i], &sc->len[i],
		    &sc->id[i]) != 0) {
			fprintf(stderr, "yishi-bench: cannot sign or encode a "
			    "ballot\n");
			ops_done(&o);
			return false;
		}
		ops_done(&o);
	}
	*secs = (double)(stats_now_us() - t0) / 1e6;
	return true;
}

/* A ballot's acknowledgment (or refusal) came back. */
static void
secret_reply(struct conn *c, Yishi__Frame *f, int64_t lat_us, void *arg)
{
	struct secret_cast *sc = arg;

	sc->answered++;
	sc->last_us = stats_now_us();
	if (f != NULL && f->response->status == YISHI__STATUS__STATUS_OK) {
		sc->acked++;
		stats_add(&sc->lat, (double)lat_us / 1000.0);
	} else if (sc->refused++ == 0)	/* the first refusal is shown */
		(void)conn_ok(f, c->ident->name);
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	if (sc->answered == sc->n)
		sc->done = 1;
}

/* The timed phase: every ballot at once, each on its member's
   connection, until every one is answered. */
static void
secret_cast_all(struct bench *b, struct secret_cast *sc)
{
	double timeout = SECRET_TIMEOUT_S + (double)sc->n / 50.0;
	pid_t perf = bench_perf_start(b);
	size_t i;

	sc->first_us = stats_now_us();
	for (i = 0; i < sc->n; i++) {
		sc->sent++;
		if (conn_send(sc->c[i], sc->buf[i], sc->len[i], sc->id[i],
		    secret_reply, sc) != 0) {
			fprintf(stderr, "yishi-bench: ballot of %s not sent: "
			    "%s\n", sc->c[i]->ident->name, sc->c[i]->err);
			if (++sc->answered == sc->n)
				sc->done = 1;
		}
		sc->buf[i] = NULL;
	}
	if (!sc->done && conn_wait(b->base, &sc->done, timeout) != 0)
		fprintf(stderr, "yishi-bench: the ballots timed out: %zu of "
		    "%zu answered\n", sc->answered, sc->n);
	bench_perf_stop(perf);
}

/* The index of the voter called name (PREFIXi is ids[i-1]), or n. */
static size_t
secret_voter(const struct secret_vote *v, const char *name)
{
	size_t pl = strlen(v->s->b->prefix), i;
	char *end;

	if (strncmp(name, v->s->b->prefix, pl) != 0)
		return v->s->n;
	i = (size_t)strtoul(name + pl, &end, 10);
	if (*end != '\0' || i < 1 || i > v->s->n ||
	    strcmp(v->s->ids[i - 1]->name, name) != 0)
		return v->s->n;
	return i - 1;
}

/*
 * Scrutineer j's client counts: fetches every stored ballot (vote_ballots,
 * page by page, on its own connection), each must be byte for byte the
 * one its member cast and each member's once; adds them into the product
 * itself, then publishes its decryption share of that product, signed.
 * *tally gets the product (the caller frees it).
 */
static bool
secret_count(struct secret_vote *v, size_t j, struct elgamal *eg,
    struct elgamal_tally **tally)
{
	const struct secret_setup *s = v->s;
	const struct ident *id = s->ids[v->scr[j]];
	struct conn *c = s->conns[v->scr[j]];
	struct elgamal_tally *t = elgamal_tally_new(eg, BALLOT_OPTIONS);
	uint8_t *seen = calloc(s->n, 1);
	char *after = strdup("");
	struct ops_req o;
	Yishi__Frame *f;
	size_t k, clen = 0, bad = 0;
	uint8_t *ctx;
	bool ok = false;

	*tally = t;
	if (t == NULL || seen == NULL || after == NULL)
		goto out;
	for (;;) {
		Yishi__Vote *vt;

		ops_vote_ballots(&o, s->item, after, 0);
		if (!call_do(c, &o, "vote ballots", &f))
			goto out;
		if ((vt = secret_vote_of(f)) == NULL) {
			yishi__frame__free_unpacked(f, NULL);
			goto out;
		}
		for (k = 0; k < vt->n_ballots; k++) {
			const Yishi__Ballot *bl = vt->ballots[k];
			size_t i = secret_voter(v, bl->member);

			if (i == s->n || seen[i]++ ||
			    bl->ballot.len != SECRET_BLEN ||
			    memcmp(bl->ballot.data, v->ballots + i *
			    SECRET_BLEN, SECRET_BLEN) != 0 ||
			    elgamal_tally_add(eg, t, bl->ballot.data,
			    bl->ballot.len) != 0)
				bad++;
		}
		free(after);
		after = strdup(vt->next != NULL ? vt->next : "");
		k = vt->n_ballots;
		yishi__frame__free_unpacked(f, NULL);
		if (after == NULL)
			goto out;
		if (after[0] == '\0' || k == 0)
			break;
	}
	if (bad > 0 || elgamal_tally_count(t) != s->n) {
		fprintf(stderr, "yishi-bench: scrutineer %s: %" PRIu64 " "
		    "ballots stored of %zu cast, %zu not as cast or twice\n",
		    id->name, elgamal_tally_count(t), s->n, bad);
		goto out;
	}
	ctx = ballot_ctx_scrutineer(id->instance, s->body, s->item, v->round,
	    id->name, &clen);
	if (ctx == NULL || elgamal_dshare_make(eg, ctx, clen, v->secret[j], t,
	    v->dshare[j]) != 0) {
		free(ctx);
		fprintf(stderr, "yishi-bench: cannot make a decryption "
		    "share\n");
		goto out;
	}
	free(ctx);
	if (ops_vote_share(&o, YISHI__REQUEST__OP_VOTE_DECRYPT, id, s->body,
	    s->meeting, s->item, v->round, v->dshare[j],
	    ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS)) != 0)
		goto out;
	ok = call_do(c, &o, "vote decrypt", NULL);
out:
	free(seen);
	free(after);
	return ok;
}

/* Closes the vote, has both scrutineers count, and checks that the
   result the server recorded, and the one the bench decrypts itself from
   the product, are the counts cast. */
static bool
secret_close(struct secret_vote *v, size_t acked, unsigned got[3])
{
	const struct secret_setup *s = v->s;
	struct elgamal *eg = elgamal_new(v->key);
	struct elgamal_tally *t[SECRET_SCRUTINEERS] = { NULL };
	const uint8_t *ds[SECRET_SCRUTINEERS];
	uint32_t mine[BALLOT_OPTIONS];
	struct ops_req o;
	Yishi__Frame *f = NULL;
	Yishi__Vote *vt;
	size_t j;
	bool ok = false;

	memset(got, 0, 3 * sizeof *got);
	ops_item(&o, YISHI__REQUEST__OP_VOTE_CLOSE, s->item);
	if (eg == NULL || !call_do(s->conns[0], &o, "vote close", &f))
		goto out;
	vt = secret_vote_of(f);
	if (vt != NULL)
		printf("vote closed to ballots: %s, %u ballots cast\n",
		    vt->state, vt->cast);
	yishi__frame__free_unpacked(f, NULL);
	for (j = 0; j < SECRET_SCRUTINEERS; j++) {
		if (!secret_count(v, j, eg, &t[j]))
			goto out;
		ds[j] = v->dshare[j];
	}
	if (elgamal_tally_decrypt(eg, t[0], ds, SECRET_SCRUTINEERS,
	    (uint32_t)s->n, mine) != 0) {
		fprintf(stderr, "yishi-bench: the decryption shares do not "
		    "decrypt the product\n");
		goto out;
	}
	if ((vt = secret_show(v, &f)) == NULL)
		goto out;
	got[0] = vt->yes;
	got[1] = vt->no;
	got[2] = vt->abstain;
	printf("vote closed: %s, %s (%s), yes %u, no %u, abstain %u, not "
	    "voting %u, electorate %u; cast yes %u, no %u, abstain %u; "
	    "decrypted here yes %u, no %u, abstain %u\n", vt->state,
	    vt->outcome, vt->rule, vt->yes, vt->no, vt->abstain,
	    vt->not_voting, vt->electorate, v->expect[0], v->expect[1],
	    v->expect[2], mine[0], mine[1], mine[2]);
	ok = strcmp(vt->state, "closed") == 0 && acked == s->n;
	for (j = 0; j < BALLOT_OPTIONS; j++)
		ok = ok && got[j] == v->expect[j] && mine[j] == v->expect[j];
	yishi__frame__free_unpacked(f, NULL);
out:
	for (j = 0; j < SECRET_SCRUTINEERS; j++)
		elgamal_tally_free(t[j]);
	elgamal_free(eg);
	return ok;
}

/* CPU seconds so far: yishid's loop and other threads, this process,
   the machine. */
struct secret_cpu_at {
	double	wall, loop, others, self, self2, pg, busy, total;
};

/* Notes the CPU seconds so far into *m. */
static void
secret_cpu_mark(const struct bench *bn, struct secret_cpu_at *m)
{
	memset(m, 0, sizeof *m);
	m->wall = (double)stats_now_us() / 1e6;
	if (bn->pid > 0)
		(void)stats_task_cpu(bn->pid, &m->loop, &m->others);
	if (bn->pgpid > 0)
		(void)stats_family_cpu(bn->pgpid, &m->pg);
	(void)stats_task_cpu(getpid(), &m->self, &m->self2);
	(void)stats_machine_cpu(&m->busy, &m->total);
}

/* Says where the machine's CPU went between a and b (n ballots); returns
   the ballots yishid checked per second of its verifier threads' CPU. */
static double
secret_cpu_print(const struct secret_cpu_at *a, const struct secret_cpu_at *b,
    size_t n)
{
	double wall = b->wall - a->wall, loop = b->loop - a->loop;
	double ver = b->others - a->others;
	double self = b->self + b->self2 - a->self - a->self2;
	double busy = b->busy - a->busy, total = b->total - a->total;
	double pg = b->pg - a->pg, rest = busy - loop - ver - self - pg;

	printf("cpu in the timed phase (%.2f s, %.1f core-seconds): yishid "
	    "verifier threads %.2f s (%.2f ms a ballot), its event loop %.2f "
	    "s (%.2f ms a ballot); PostgreSQL %.2f s; yishi-bench %.2f s; "
	    "other work on the machine %.2f s; idle %.2f s\n", wall, total,
	    ver, n ? ver * 1e3 / (double)n : 0, loop,
	    n ? loop * 1e3 / (double)n : 0, pg, self, rest < 0 ? 0 : rest,
	    total - busy);
	return ver > 0 ? (double)n / ver : 0;
}

/* Runs the secret vote. */
int
secret_run(const struct secret_setup *s)
{
	struct secret_vote v;
	struct secret_cast sc;
	double t_make, mul_s = 0, ceiling = 0, ceiling_sig = 0, rate = 0;
	double ratio = 0, secs, t_check = 0, check_cpu = 0, per_core = 0;
	size_t i, bad = 0;
	struct secret_cpu_at c0, c1;
	unsigned got[3];
	int check, rc = 1;

	memset(&v, 0, sizeof v);
	memset(&sc, 0, sizeof sc);
	v.s = s;
	if (s->n < SECRET_SCRUTINEERS + 1) {
		fprintf(stderr, "yishi-bench: --secret needs at least %d "
		    "voters\n", SECRET_SCRUTINEERS + 1);
		return 1;
	}
	if (!secret_open(&v))
		return 1;
	printf("secret vote: round %" PRIu64 ", scrutineers %s and %s, key "
	    "shares made by their clients, checked against the vote's key\n",
	    v.round, s->ids[v.scr[0]]->name, s->ids[v.scr[1]]->name);
	if (!secret_prepare(&v, &sc, &t_make))
		goto out;
	printf("untimed: %zu ballots made and signed in %.1f s (the members' "
	    "clients' work)\n", s->n, t_make);

	/* The ceiling, on this machine now: one core's multiplications. */
	mul_s = secret_mul_rate(1.0);
	ceiling = mul_s / SECRET_MULS;
	ceiling_sig = s->b->ceil_ecdsa > 0 ? 1.0 / (1.0 / ceiling + 1.0 /
	    s->b->ceil_ecdsa) : 0;

	/* Timed: every ballot at once; where the machine's CPU went. */
	secret_cpu_mark(s->b, &c0);
	secret_cast_all(s->b, &sc);
	secret_cpu_mark(s->b, &c1);
	secs = (double)(sc.last_us - sc.first_us) / 1e6;
	rate = secs > 0 ? (double)sc.acked / secs : 0;
	ratio = ceiling > 0 ? rate / ceiling : 0;
	printf("ballots: %zu acked of %zu, %zu refused; all sent at once, "
	    "last answer after %.2f s = %.0f ballots/s\n", sc.acked, sc.n,
	    sc.refused, secs, rate);
	printf("latency send -> ack: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
	    "max %.1f ms\n", stats_pct(&sc.lat, 50), stats_pct(&sc.lat, 90),
	    stats_pct(&sc.lat, 99), stats_pct(&sc.lat, 100));
	printf("ceiling: one core's EC_POINT_mul (P-256, variable base) "
	    "%.0f/s / %d multiplications a ballot check = %.0f ballots/s; "
	    "ratio %.2f (target 0.5)\n", mul_s, SECRET_MULS, ceiling, ratio);
	if (ceiling_sig > 0)
		printf("  with the member's ECDSA P-256 signature check (%.0f "
		    "verify/s, extra to the %d): %.0f ballots/s; ratio %.2f\n",
		    s->b->ceil_ecdsa, SECRET_MULS, ceiling_sig,
		    rate / ceiling_sig);

	per_core = secret_cpu_print(&c0, &c1, sc.acked);
	if (per_core > 0 && ceiling > 0)
		printf("per core: %.0f ballots a second of the verifier threads' "
		    "CPU = %.2f of the ceiling (what the ratio would be with one "
		    "core given wholly to them)\n", per_core, per_core / ceiling);

	/* Untimed: the bench re-checks every ballot's proofs once (the
	   scrutineers' clients each would; here both share one check). */
	check = getenv("YISHI_BENCH_NO_CHECK") == NULL;
	if (check) {
		int64_t t0 = stats_now_us();

		bad = secret_parallel(&v, s->n, 1, &check_cpu);
		t_check = (double)(stats_now_us() - t0) / 1e6;
		printf("count: every ballot's proofs re-checked once for both "
		    "scrutineers in %.1f s (%.0f/s of CPU, %.2f ms a ballot on "
		    "one core; %zu failed)\n", t_check, (double)s->n / check_cpu,
		    check_cpu * 1e3 / (double)s->n, bad);
	} else
		printf("count: ballot proofs not re-checked "
		    "(YISHI_BENCH_NO_CHECK)\n");
	if (!secret_close(&v, sc.acked, got) || bad > 0)
		goto out;
	rc = 0;
out:
	printf("{\"voters\":%zu,\"secret\":true,\"acked\":%zu,\"refused\":%zu,"
	    "\"ballots_per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
	    "\"ec_point_mul_per_s\":%.0f,\"muls_per_ballot\":%d,"
	    "\"ceiling_ballots_per_s\":%.0f,\"ratio\":%.3f,"
	    "\"ceiling_with_ecdsa\":%.0f,\"per_core_ballots_per_s\":%.0f,"
	    "\"verify_per_s\":%.0f,\"counted\":%s}\n", s->n, sc.acked,
	    sc.refused, rate, stats_pct(&sc.lat, 50), stats_pct(&sc.lat, 99),
	    mul_s, SECRET_MULS, ceiling, ratio, ceiling_sig, per_core,
	    check_cpu > 0 ? (double)s->n / check_cpu : 0,
	    rc == 0 ? "true" : "false");
	fflush(stdout);
	stats_clear(&sc.lat);
	for (i = 0; i < sc.n && sc.buf != NULL; i++)
		free(sc.buf[i]);
	free(sc.c);
	free(sc.buf);
	free(sc.len);
	free(sc.id);
	free(v.ballots);
	return rc;
}
