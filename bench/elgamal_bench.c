/*
 * elgamal_bench.c: how fast one core checks encrypted secret ballots
 * (proto/elgamal.h), beside how fast it multiplies P-256 points, both
 * measured in the same run. Not a pass/fail test: it prints figures.
 *
 * usage: elgamal-bench [--seconds S] [--options K]
 *
 * Times are this process's CPU time. Multiplications and ballot checks
 * are measured in alternating rounds (S seconds in all), so that both see
 * the same machine; making ballots takes about S/3 more.
 *
 * Figures (one per line, then one JSON object):
 *   ec_point_mul_per_s     EC_POINT_mul(group, r, NULL, P, k): one
 *                          variable-base multiplication, as in ECDH
 *   ec_point_mul2_per_s    EC_POINT_mul(group, r, u, P, v): uG + vP
 *   muls_per_ballot        ELGAMAL_BALLOT_MULS(K) calls of EC_POINT_mul
 *   ceiling_ballots_per_s  ec_point_mul_per_s / muls_per_ballot
 *   verify_per_s           elgamal_ballot_verify of K options
 *   make_per_s             elgamal_ballot_make of K options (the client)
 *   decrypt_10000_s        seconds to decrypt a tally holding 10,000
 *                          ballots for one option (two scrutineers)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "elgamal.h"

#define CTX	"instance=bench;body=1;item=1;voter=v1"

/* Seconds of this process's CPU time: the figures are one core's, also
 * on a machine busy with other work. */
static double
elgamal_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Exits with a message. */
static void
elgamal_bench_die(const char *what)
{
	fprintf(stderr, "elgamal-bench: %s\n", what);
	exit(1);
}

/* Operations done and seconds taken, summed over rounds. */
struct elgamal_bench_rate {
	double	n, t;
};

/* EC_POINT_mul for about secs, added to rate: two-scalar (uG + vP) when
 * two, else one variable-base multiplication. */
static void
elgamal_bench_mul(double secs, int two, struct elgamal_bench_rate *rate)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *bn = BN_CTX_new();
	BIGNUM *u = BN_new(), *v = BN_new();
	EC_POINT *p, *r;
	double t0, dt;
	long n = 0;

	if (g == NULL || bn == NULL || u == NULL || v == NULL ||
	    (p = EC_POINT_new(g)) == NULL || (r = EC_POINT_new(g)) == NULL ||
	    !BN_rand_range(u, EC_GROUP_get0_order(g)) ||
	    !BN_rand_range(v, EC_GROUP_get0_order(g)) ||
	    !EC_POINT_mul(g, p, u, NULL, NULL, bn))
		elgamal_bench_die("EC set-up failed");
	t0 = elgamal_bench_now();
	do {
		int i;

		for (i = 0; i < 100; i++, n++)
			if (!EC_POINT_mul(g, r, two ? u : NULL, p, v, bn))
				elgamal_bench_die("EC_POINT_mul failed");
		/* The next multiplication is by a fresh point. */
		if (!EC_POINT_copy(p, r))
			elgamal_bench_die("EC_POINT_copy failed");
	} while ((dt = elgamal_bench_now() - t0) < secs);
	EC_POINT_free(p);
	EC_POINT_free(r);
	BN_free(u);
	BN_free(v);
	BN_CTX_free(bn);
	EC_GROUP_free(g);
	rate->n += (double)n;
	rate->t += dt;
}

/* elgamal_ballot_verify of nb ballots over and over for about secs, added
 * to rate. */
static void
elgamal_bench_verify(struct elgamal *eg, int k, const uint8_t *ballots,
    int nb, double secs, struct elgamal_bench_rate *rate)
{
	size_t len = ELGAMAL_BALLOT_LEN(k);
	double t0, dt;
	long n = 0;

	t0 = elgamal_bench_now();
	do {
		int j;

		for (j = 0; j < nb; j++, n++)
			if (elgamal_ballot_verify(eg, (const uint8_t *)CTX,
			    strlen(CTX), k, ballots + len * (size_t)j,
			    len) == -1)
				elgamal_bench_die("a good ballot refused");
	} while ((dt = elgamal_bench_now() - t0) < secs);
	rate->n += (double)n;
	rate->t += dt;
}

/* Runs the figures. */
int
main(int argc, char **argv)
{
	uint8_t sec[2][ELGAMAL_SCALAR_LEN], sh[2][ELGAMAL_SHARE_LEN];
	uint8_t key[ELGAMAL_POINT_LEN], *ballots, *ds[2];
	const uint8_t *shp[2] = { sh[0], sh[1] }, *dsp[2];
	struct elgamal *eg0, *eg;
	struct elgamal_tally *t;
	uint32_t counts[ELGAMAL_MAX_OPTIONS];
	struct elgamal_bench_rate r1 = { 0, 0 }, r2 = { 0, 0 }, rv = { 0, 0 };
	double secs = 3, mul1, mul2, verify, make, dec, t0, dt;
	int k = 3, i, nb = 64;
	long n;
	size_t len;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			secs = atof(argv[++i]);
		else if (strcmp(argv[i], "--options") == 0 && i + 1 < argc)
			k = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: elgamal-bench [--seconds S] "
			    "[--options K]\n");
			return 2;
		}
	}
	if (k < ELGAMAL_MIN_OPTIONS || k > ELGAMAL_MAX_OPTIONS || secs <= 0)
		elgamal_bench_die("options out of range");
	len = ELGAMAL_BALLOT_LEN(k);
	if ((eg0 = elgamal_new(NULL)) == NULL ||
	    elgamal_share_make(eg0, (const uint8_t *)"s1", 2, sec[0],
	    sh[0]) == -1 ||
	    elgamal_share_make(eg0, (const uint8_t *)"s2", 2, sec[1],
	    sh[1]) == -1 ||
	    elgamal_key_combine(eg0, shp, 2, key) == -1 ||
	    (eg = elgamal_new(key)) == NULL ||
	    (ballots = malloc(len * (size_t)nb)) == NULL)
		elgamal_bench_die("set-up failed");

	/* The client: make ballots, one after the other. */
	t0 = elgamal_bench_now();
	n = 0;
	do {
		if (elgamal_ballot_make(eg, (const uint8_t *)CTX,
		    strlen(CTX), k, (int)(n % k),
		    ballots + len * (size_t)(n % nb)) == -1)
			elgamal_bench_die("ballot_make failed");
		n++;
	} while (n < nb || (dt = elgamal_bench_now() - t0) < secs / 3);
	dt = elgamal_bench_now() - t0;
	make = (double)n / dt;

	/* The server: check them, in short rounds between rounds of bare
	 * multiplications, so that both see the same machine. */
	for (i = 0; i < 10; i++) {
		elgamal_bench_mul(secs / 30, 0, &r1);
		elgamal_bench_mul(secs / 30, 1, &r2);
		elgamal_bench_verify(eg, k, ballots, 16, secs / 30, &rv);
	}
	mul1 = r1.n / r1.t;
	mul2 = r2.n / r2.t;
	verify = rv.n / rv.t;

	/* The count: 10,000 ballots for option 0, two scrutineers. */
	if ((t = elgamal_tally_new(eg, k)) == NULL ||
	    elgamal_ballot_make(eg, (const uint8_t *)CTX, strlen(CTX), k, 0,
	    ballots) == -1)
		elgamal_bench_die("tally set-up failed");
	for (i = 0; i < 10000; i++)
		if (elgamal_tally_add(eg, t, ballots, len) == -1)
			elgamal_bench_die("tally_add failed");
	t0 = elgamal_bench_now();
	for (i = 0; i < 2; i++) {
		if ((ds[i] = malloc(ELGAMAL_DSHARE_LEN(k))) == NULL ||
		    elgamal_dshare_make(eg, (const uint8_t *)"s", 1, sec[i], t,
		    ds[i]) == -1)
			elgamal_bench_die("dshare_make failed");
		dsp[i] = ds[i];
	}
	if (elgamal_tally_decrypt(eg, t, dsp, 2, 100000, counts) == -1 ||
	    counts[0] != 10000)
		elgamal_bench_die("the count came out wrong");
	dec = elgamal_bench_now() - t0;

	printf("ec_point_mul_per_s     %.0f\n", mul1);
	printf("ec_point_mul2_per_s    %.0f\n", mul2);
	printf("muls_per_ballot        %d (k=%d)\n", ELGAMAL_BALLOT_MULS(k), k);
	printf("ceiling_ballots_per_s  %.0f\n",
	    mul1 / ELGAMAL_BALLOT_MULS(k));
	printf("verify_per_s           %.0f (%.2f of the ceiling)\n", verify,
	    verify / (mul1 / ELGAMAL_BALLOT_MULS(k)));
	printf("make_per_s             %.0f\n", make);
	printf("decrypt_10000_s        %.4f\n", dec);
	printf("{\"options\": %d, \"ec_point_mul_per_s\": %.0f, "
	    "\"ec_point_mul2_per_s\": %.0f, \"muls_per_ballot\": %d, "
	    "\"ceiling_ballots_per_s\": %.0f, \"verify_per_s\": %.0f, "
	    "\"make_per_s\": %.0f, \"decrypt_10000_s\": %.4f}\n", k, mul1,
	    mul2, ELGAMAL_BALLOT_MULS(k), mul1 / ELGAMAL_BALLOT_MULS(k),
	    verify, make, dec);
	elgamal_tally_free(t);
	free(ds[0]);
	free(ds[1]);
	free(ballots);
	elgamal_free(eg);
	elgamal_free(eg0);
	return 0;
}
