/*
 * test_elgamal.c: the encrypted secret ballot of proto/elgamal.h. Honest
 * ballots, shares and decryption shares verify and decrypt to the plain
 * counts; every forgery is refused: ballots built by a cheating prover (two
 * options chosen, 2 in one option, none, 2 and -1 whose sum proof holds),
 * proofs copied between ballots, options or contexts, tampered or
 * re-randomised ciphertexts, every truncation and byte flip of the
 * encoding, points off the curve or at infinity, scalars >= n, wrong keys
 * and wrong decryption shares. Fixed vectors pin the encoding and the
 * hash; they were computed independently by tests/unit/elgamal_vectors.py
 * (Python's standard library only).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "elgamal.h"

#define CTX_A	"instance=T;body=1;item=2;voter=zhao"
#define CTX_B	"instance=T;body=1;item=2;voter=qian"
#define CTX_I	"instance=T;body=1;item=3;voter=zhao"
#define CTX_S1	"instance=T;body=1;item=2;scrutineer=wang"
#define CTX_S2	"instance=T;body=1;item=2;scrutineer=li"
#define CTX_S3	"instance=T;body=1;item=2;scrutineer=zhou"
#define U(s)	(const uint8_t *)(s), strlen(s)

static EC_GROUP *grp;
static BN_CTX *bnc;

/* A vote: t scrutineers' secrets and shares, the key and a context. */
struct vote {
	int		 t;
	uint8_t		 secret[3][ELGAMAL_SCALAR_LEN];
	uint8_t		 share[3][ELGAMAL_SHARE_LEN];
	uint8_t		 key[ELGAMAL_POINT_LEN];
	struct elgamal	*eg;
};

static const char *const share_ctx[3] = { CTX_S1, CTX_S2, CTX_S3 };

/* Opens a vote with t scrutineers: shares made, verified and combined. */
static void
vote_open(struct vote *v, int t)
{
	struct elgamal *eg0 = elgamal_new(NULL);
	const uint8_t *sh[3];
	int i;

	assert_non_null(eg0);
	v->t = t;
	for (i = 0; i < t; i++) {
		assert_int_equal(elgamal_share_make(eg0, U(share_ctx[i]),
		    v->secret[i], v->share[i]), 0);
		assert_int_equal(elgamal_share_verify(eg0, U(share_ctx[i]),
		    v->share[i], ELGAMAL_SHARE_LEN), 0);
		sh[i] = v->share[i];
	}
	assert_int_equal(elgamal_key_combine(eg0, sh, (size_t)t, v->key), 0);
	elgamal_free(eg0);
	v->eg = elgamal_new(v->key);
	assert_non_null(v->eg);
}

/* Every scrutineer decrypts t (k options), each share verified; the
 * counts (each <= max) into counts. Returns elgamal_tally_decrypt's
 * answer. */
static int
vote_count(struct vote *v, struct elgamal_tally *t, int k, uint32_t max,
    uint32_t *counts)
{
	uint8_t ds[3][ELGAMAL_DSHARE_LEN(ELGAMAL_MAX_OPTIONS)];
	const uint8_t *dsp[3];
	int i;

	for (i = 0; i < v->t; i++) {
		assert_int_equal(elgamal_dshare_make(v->eg, U(share_ctx[i]),
		    v->secret[i], t, ds[i]), 0);
		assert_int_equal(elgamal_dshare_verify(v->eg, U(share_ctx[i]),
		    v->share[i], t, ds[i], ELGAMAL_DSHARE_LEN(k)), 0);
		dsp[i] = ds[i];
	}
	return elgamal_tally_decrypt(v->eg, t, dsp, (size_t)v->t, max, counts);
}

/* Closes the vote. */
static void
vote_close(struct vote *v)
{
	elgamal_free(v->eg);
}

/* A ballot of k options for choice under v's key. */
static uint8_t *
ballot(struct vote *v, const char *ctx, int k, int choice)
{
	uint8_t *b = malloc(ELGAMAL_BALLOT_LEN(k));

	assert_non_null(b);
	assert_int_equal(elgamal_ballot_make(v->eg, U(ctx), k, choice, b), 0);
	return b;
}

/* 0 when b (k options) verifies for ctx under v's key. */
static int
check(struct vote *v, const char *ctx, int k, const uint8_t *b, size_t len)
{
	return elgamal_ballot_verify(v->eg, U(ctx), k, b, len);
}

/* ---- an independent cheating prover, built on OpenSSL directly ---- */

/* Hashes one length-prefixed field. */
static void
th_put(EVP_MD_CTX *md, const void *p, size_t len)
{
	uint8_t pre[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
	    (uint8_t)(len >> 8), (uint8_t)len };

	assert_int_equal(EVP_DigestUpdate(md, pre, 4), 1);
	if (len > 0)
		assert_int_equal(EVP_DigestUpdate(md, p, len), 1);
}

/* Starts a hash with the domain and tag. */
static EVP_MD_CTX *
th_begin(const char *tag)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	assert_non_null(md);
	assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
	th_put(md, U("yishi-elgamal-v1"));
	th_put(md, U(tag));
	return md;
}

/* Hashes a finite point's 33 bytes. */
static void
th_point(EVP_MD_CTX *md, const EC_POINT *p)
{
	uint8_t b[33];

	assert_int_equal(EC_POINT_point2oct(grp, p,
	    POINT_CONVERSION_COMPRESSED, b, 33, bnc), 33);
	th_put(md, b, 33);
}

/* Ends the hash into 32 bytes. */
static void
th_end(EVP_MD_CTX *md, uint8_t d[32])
{
	unsigned int len;

	assert_int_equal(EVP_DigestFinal_ex(md, d, &len), 1);
	EVP_MD_CTX_free(md);
}

/* Ends the hash into a challenge mod n. */
static BIGNUM *
th_scalar(EVP_MD_CTX *md)
{
	uint8_t d[32];
	BIGNUM *c;

	th_end(md, d);
	c = BN_bin2bn(d, 32, NULL);
	assert_int_equal(BN_nnmod(c, c, EC_GROUP_get0_order(grp), bnc), 1);
	return c;
}

/* A new point. */
static EC_POINT *
pt(void)
{
	EC_POINT *p = EC_POINT_new(grp);

	assert_non_null(p);
	return p;
}

/* r = u P + v Q (any of them may be NULL/zero). */
static void
lin(EC_POINT *r, const BIGNUM *u, const EC_POINT *p, const BIGNUM *v,
    const EC_POINT *q)
{
	EC_POINT *t = pt();

	assert_int_equal(EC_POINT_set_to_infinity(grp, r), 1);
	if (u != NULL) {
		assert_int_equal(EC_POINT_mul(grp, t, NULL, p, u, bnc), 1);
		assert_int_equal(EC_POINT_add(grp, r, r, t, bnc), 1);
	}
	if (v != NULL) {
		assert_int_equal(EC_POINT_mul(grp, t, NULL, q, v, bnc), 1);
		assert_int_equal(EC_POINT_add(grp, r, r, t, bnc), 1);
	}
	EC_POINT_free(t);
}

/* A random scalar. */
static BIGNUM *
rnd(void)
{
	BIGNUM *r = BN_new();

	assert_int_equal(BN_rand_range(r, EC_GROUP_get0_order(grp)), 1);
	return r;
}

/* -x mod n. */
static BIGNUM *
neg(const BIGNUM *x)
{
	BIGNUM *r = BN_new();

	assert_int_equal(BN_mod_sub(r, EC_GROUP_get0_order(grp), x,
	    EC_GROUP_get0_order(grp), bnc), 1);
	return r;
}

/* w + c x mod n. */
static BIGNUM *
respond(const BIGNUM *w, const BIGNUM *c, const BIGNUM *x)
{
	BIGNUM *r = BN_new();

	assert_int_equal(BN_mod_mul(r, c, x, EC_GROUP_get0_order(grp), bnc),
	    1);
	assert_int_equal(BN_mod_add(r, r, w, EC_GROUP_get0_order(grp), bnc),
	    1);
	return r;
}

/* Writes a scalar's 32 bytes. */
static void
put_scalar(const BIGNUM *s, uint8_t *out)
{
	assert_int_equal(BN_bn2binpad(s, out, 32), 32);
}

/*
 * A ballot of k options whose option i encrypts m[i] (any small integer,
 * negative too), built the way a cheating client would: an honest CDS
 * proof where m[i] is 0 or 1, elsewhere the true branch claimed for 1 (or
 * for 0 when cheat0) with the real randomness and the other one simulated;
 * the sum proof made with the real randomness as if the sum were 1. With
 * m one-hot this is an honest ballot (the test checks that it verifies).
 */
static void
forge(const uint8_t key[33], const char *ctx, int k, const int *m,
    int cheat0, uint8_t *out)
{
	const EC_POINT *g = EC_GROUP_get0_generator(grp);
	EC_POINT *y = pt(), *a[16], *b[16], *cm[4], *b1 = pt(), *mg = pt();
	BIGNUM *r[16], *rs = BN_new(), *one = BN_new(), *mm = BN_new();
	EVP_MD_CTX *md;
	uint8_t d[32], *p;
	int i, j;

	assert_int_equal(EC_POINT_oct2point(grp, y, key, 33, bnc), 1);
	BN_one(one);
	BN_zero(rs);
	for (j = 0; j < 4; j++)
		cm[j] = pt();
	for (i = 0; i < k; i++) {
		a[i] = pt();
		b[i] = pt();
		r[i] = rnd();
		assert_int_equal(BN_set_word(mm, (BN_ULONG)abs(m[i])), 1);
		lin(mg, mm, g, NULL, NULL);
		if (m[i] < 0)
			assert_int_equal(EC_POINT_invert(grp, mg, bnc), 1);
		lin(a[i], r[i], g, NULL, NULL);
		lin(b[i], r[i], y, NULL, NULL);
		assert_int_equal(EC_POINT_add(grp, b[i], b[i], mg, bnc), 1);
		assert_int_equal(BN_mod_add(rs, rs, r[i],
		    EC_GROUP_get0_order(grp), bnc), 1);
	}
	md = th_begin("ballot");
	th_put(md, U(ctx));
	th_put(md, key, 33);
	th_put(md, &(uint8_t){ (uint8_t)k }, 1);
	for (i = 0; i < k; i++) {
		th_point(md, a[i]);
		th_point(md, b[i]);
	}
	th_end(md, d);
	p = out;
	*p++ = 1;
	*p++ = (uint8_t)k;
	for (i = 0; i < k; i++) {
		int t = m[i] == 0 || m[i] == 1 ? m[i] : !cheat0;
		int f = !t;
		BIGNUM *w = rnd(), *cf = rnd(), *sf = rnd(), *c, *cr, *sr;
		BIGNUM *nc = neg(cf);

		lin(cm[2 * t], w, g, NULL, NULL);
		lin(cm[2 * t + 1], w, y, NULL, NULL);
		lin(cm[2 * f], sf, g, nc, a[i]);
		assert_int_equal(EC_POINT_copy(b1, b[i]), 1);
		if (f == 1) {
			lin(mg, one, g, NULL, NULL);
			assert_int_equal(EC_POINT_invert(grp, mg, bnc), 1);
			assert_int_equal(EC_POINT_add(grp, b1, b1, mg, bnc), 1);
		}
		lin(cm[2 * f + 1], sf, y, nc, b1);
		md = th_begin("bit");
		th_put(md, d, 32);
		th_put(md, &(uint8_t){ (uint8_t)i }, 1);
		for (j = 0; j < 4; j++)
			th_point(md, cm[j]);
		c = th_scalar(md);
		cr = BN_new();
		assert_int_equal(BN_mod_sub(cr, c, cf, EC_GROUP_get0_order(grp),
		    bnc), 1);
		sr = respond(w, cr, r[i]);
		assert_int_equal(EC_POINT_point2oct(grp, a[i],
		    POINT_CONVERSION_COMPRESSED, p, 33, bnc), 33);
		assert_int_equal(EC_POINT_point2oct(grp, b[i],
		    POINT_CONVERSION_COMPRESSED, p + 33, 33, bnc), 33);
		put_scalar(t == 0 ? cr : cf, p + 66);
		put_scalar(t == 0 ? sr : sf, p + 98);
		put_scalar(t == 1 ? cr : cf, p + 130);
		put_scalar(t == 1 ? sr : sf, p + 162);
		p += ELGAMAL_OPTION_LEN;
		BN_free(w), BN_free(cf), BN_free(sf), BN_free(c);
		BN_free(cr), BN_free(sr), BN_free(nc);
	}
	{
		BIGNUM *w = rnd(), *c, *s;

		lin(cm[0], w, g, NULL, NULL);
		lin(cm[1], w, y, NULL, NULL);
		md = th_begin("sum");
		th_put(md, d, 32);
		th_point(md, cm[0]);
		th_point(md, cm[1]);
		c = th_scalar(md);
		s = respond(w, c, rs);
		put_scalar(c, p);
		put_scalar(s, p + 32);
		BN_free(w), BN_free(c), BN_free(s);
	}
	for (i = 0; i < k; i++) {
		EC_POINT_free(a[i]);
		EC_POINT_free(b[i]);
		BN_free(r[i]);
	}
	for (j = 0; j < 4; j++)
		EC_POINT_free(cm[j]);
	EC_POINT_free(y), EC_POINT_free(b1), EC_POINT_free(mg);
	BN_free(rs), BN_free(one), BN_free(mm);
}

/* Sets up the group for the cheating prover. */
static int
setup(void **state)
{
	(void)state;
	grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	bnc = BN_CTX_new();
	return grp != NULL && bnc != NULL ? 0 : -1;
}

/* Frees the group. */
static int
teardown(void **state)
{
	(void)state;
	EC_GROUP_free(grp);
	BN_CTX_free(bnc);
	return 0;
}

/* ------------------------------- tests ------------------------------- */

/* Honest ballots verify, at the advertised cost, and decrypt. */
static void
test_round_trip(void **state)
{
	struct vote v;
	struct elgamal_tally *t;
	uint32_t counts[16];
	int k, c;

	(void)state;
	vote_open(&v, 2);
	for (k = ELGAMAL_MIN_OPTIONS; k <= ELGAMAL_MAX_OPTIONS; k += 7) {
		for (c = 0; c < k; c++) {
			uint8_t *b = ballot(&v, CTX_A, k, c);
			uint64_t before = elgamal_mul_count(v.eg);
			int o;

			assert_int_equal(check(&v, CTX_A, k, b,
			    ELGAMAL_BALLOT_LEN(k)), 0);
			assert_int_equal(elgamal_mul_count(v.eg) - before,
			    ELGAMAL_BALLOT_MULS(k));
			assert_non_null(t = elgamal_tally_new(v.eg, k));
			assert_int_equal(elgamal_tally_add(v.eg, t, b,
			    ELGAMAL_BALLOT_LEN(k)), 0);
			assert_int_equal(elgamal_tally_count(t), 1);
			assert_int_equal(vote_count(&v, t, k, 1, counts), 0);
			for (o = 0; o < k; o++)
				assert_int_equal(counts[o], o == c);
			elgamal_tally_free(t);
			free(b);
		}
	}
	/* Out of range: k, choice, and a ballot checked for another k. */
	{
		uint8_t b[ELGAMAL_BALLOT_LEN(17)];
		uint8_t *b3 = ballot(&v, CTX_A, 3, 2);

		assert_int_equal(elgamal_ballot_make(v.eg, U(CTX_A), 1, 0, b),
		    -1);
		assert_int_equal(elgamal_ballot_make(v.eg, U(CTX_A), 17, 0, b),
		    -1);
		assert_int_equal(elgamal_ballot_make(v.eg, U(CTX_A), 3, 3, b),
		    -1);
		assert_int_equal(elgamal_ballot_make(v.eg, U(CTX_A), 3, -1, b),
		    -1);
		assert_int_equal(check(&v, CTX_A, 4, b3,
		    ELGAMAL_BALLOT_LEN(3)), -1);
		assert_int_equal(check(&v, CTX_A, 3, NULL, 0), -1);
		assert_null(elgamal_tally_new(v.eg, 1));
		assert_null(elgamal_tally_new(v.eg, 17));
		free(b3);
	}
	vote_close(&v);
}

/* The cheating prover's honest ballot verifies (so its refusals below are
 * the proofs' doing), and each way of cheating is refused. */
static void
test_cheating_prover(void **state)
{
	static const struct {
		int m[3], cheat0, ok;
		const char *what;
	} rows[] = {
		{ { 0, 1, 0 }, 0, 1, "one option chosen" },
		{ { 1, 0, 0 }, 1, 1, "one option chosen (first)" },
		{ { 1, 1, 0 }, 0, 0, "two options chosen" },
		{ { 1, 0, 1 }, 1, 0, "two options chosen" },
		{ { 0, 0, 0 }, 0, 0, "no option chosen" },
		{ { 2, 0, 0 }, 0, 0, "2 in one option" },
		{ { 2, 0, 0 }, 1, 0, "2 in one option" },
		{ { 0, 2, -1 }, 0, 0, "2 and -1: the sum proof holds" },
		{ { 0, 2, -1 }, 1, 0, "2 and -1: the sum proof holds" },
		{ { 1, 1, -1 }, 0, 0, "1, 1 and -1" },
		{ { 5, 0, 0 }, 0, 0, "5 in one option" },
	};
	uint8_t b[ELGAMAL_BALLOT_LEN(3)];
	struct vote v;
	size_t i;

	(void)state;
	vote_open(&v, 2);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		forge(v.key, CTX_A, 3, rows[i].m, rows[i].cheat0, b);
		if (check(&v, CTX_A, 3, b, sizeof b) != (rows[i].ok ? 0 : -1))
			fail_msg("row %zu (%s) %s", i, rows[i].what,
			    rows[i].ok ? "refused" : "accepted");
	}
	vote_close(&v);
}

/* Copies the 194 bytes of option i (ciphertext and proof) or its 128
 * bytes of proof only. */
#define OPT(b, i)	((b) + 2 + (size_t)(i) * ELGAMAL_OPTION_LEN)
#define PROOF(b, i)	(OPT(b, i) + 66)

/* Proofs taken from another ballot, moved to another option, checked for
 * another item or voter, and ciphertexts tampered with, are refused. */
static void
test_replay(void **state)
{
	const size_t len = ELGAMAL_BALLOT_LEN(3);
	uint8_t x[ELGAMAL_BALLOT_LEN(3)], *b1, *b2;
	struct vote v, w;
	EC_POINT *p, *q;
	BIGNUM *r;
	int i;

	(void)state;
	vote_open(&v, 2);
	vote_open(&w, 2);
	b1 = ballot(&v, CTX_A, 3, 0);
	b2 = ballot(&v, CTX_A, 3, 0);
	assert_int_equal(check(&v, CTX_A, 3, b1, len), 0);
	/* Another item, another voter, another vote's key. */
	assert_int_equal(check(&v, CTX_I, 3, b1, len), -1);
	assert_int_equal(check(&v, CTX_B, 3, b1, len), -1);
	assert_int_equal(check(&w, CTX_A, 3, b1, len), -1);
	for (i = 0; i < 3; i++) {
		/* One option's proof from another ballot of the same choice. */
		memcpy(x, b1, len);
		memcpy(PROOF(x, i), PROOF(b2, i), 128);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		/* One whole option (ciphertext and proof) from it. */
		memcpy(x, b1, len);
		memcpy(OPT(x, i), OPT(b2, i), ELGAMAL_OPTION_LEN);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		/* The sum proof from it. */
		memcpy(x, b1, len);
		memcpy(x + len - 64, b2 + len - 64, 64);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	}
	/* Proofs moved to another option: the 0s of options 1 and 2
	 * swapped (proof only, and whole options), and the 1 of option 0
	 * moved to option 1 with its ciphertext. */
	memcpy(x, b1, len);
	memcpy(PROOF(x, 1), PROOF(b1, 2), 128);
	memcpy(PROOF(x, 2), PROOF(b1, 1), 128);
	assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	memcpy(x, b1, len);
	memcpy(OPT(x, 1), OPT(b1, 2), ELGAMAL_OPTION_LEN);
	memcpy(OPT(x, 2), OPT(b1, 1), ELGAMAL_OPTION_LEN);
	assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	memcpy(x, b1, len);
	memcpy(OPT(x, 0), OPT(b1, 1), ELGAMAL_OPTION_LEN);
	memcpy(OPT(x, 1), OPT(b1, 0), ELGAMAL_OPTION_LEN);
	assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	/* Tampered ciphertexts: B_0 + G (option 0 now encrypts 2), and every
	 * ciphertext re-randomised (A + sG, B + sY: the same choice). */
	p = pt();
	q = pt();
	memcpy(x, b1, len);
	assert_int_equal(EC_POINT_oct2point(grp, p, OPT(x, 0) + 33, 33, bnc),
	    1);
	assert_int_equal(EC_POINT_add(grp, p, p, EC_GROUP_get0_generator(grp),
	    bnc), 1);
	assert_int_equal(EC_POINT_point2oct(grp, p, POINT_CONVERSION_COMPRESSED,
	    OPT(x, 0) + 33, 33, bnc), 33);
	assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	memcpy(x, b1, len);
	assert_int_equal(EC_POINT_oct2point(grp, q, v.key, 33, bnc), 1);
	for (i = 0; i < 3; i++) {
		EC_POINT *y = pt();

		r = rnd();
		assert_int_equal(EC_POINT_oct2point(grp, p, OPT(x, i), 33, bnc),
		    1);
		lin(y, r, EC_GROUP_get0_generator(grp), NULL, NULL);
		assert_int_equal(EC_POINT_add(grp, p, p, y, bnc), 1);
		assert_int_equal(EC_POINT_point2oct(grp, p,
		    POINT_CONVERSION_COMPRESSED, OPT(x, i), 33, bnc), 33);
		assert_int_equal(EC_POINT_oct2point(grp, p, OPT(x, i) + 33, 33,
		    bnc), 1);
		lin(y, r, q, NULL, NULL);
		assert_int_equal(EC_POINT_add(grp, p, p, y, bnc), 1);
		assert_int_equal(EC_POINT_point2oct(grp, p,
		    POINT_CONVERSION_COMPRESSED, OPT(x, i) + 33, 33, bnc), 33);
		EC_POINT_free(y);
		BN_free(r);
	}
	assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	/* Still the same choice: it decrypts as b1 would. */
	{
		struct elgamal_tally *t = elgamal_tally_new(v.eg, 3);
		uint32_t counts[3];

		assert_int_equal(elgamal_tally_add(v.eg, t, x, len), 0);
		assert_int_equal(vote_count(&v, t, 3, 1, counts), 0);
		assert_int_equal(counts[0], 1);
		assert_int_equal(counts[1] + counts[2], 0);
		elgamal_tally_free(t);
	}
	EC_POINT_free(p);
	EC_POINT_free(q);
	free(b1);
	free(b2);
	vote_close(&v);
	vote_close(&w);
}

/* Every truncation, an extension, every bit of every byte flipped (and
 * every byte inverted) and random bytes are refused. */
static void
test_encoding(void **state)
{
	const size_t len = ELGAMAL_BALLOT_LEN(3);
	uint8_t x[ELGAMAL_BALLOT_LEN(3) + 1], *b;
	struct elgamal_tally *t;
	struct vote v;
	size_t n, i;
	int f;
	static const uint8_t flips[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20,
	    0x40, 0x80, 0xff };

	(void)state;
	vote_open(&v, 2);
	b = ballot(&v, CTX_A, 3, 1);
	t = elgamal_tally_new(v.eg, 3);
	for (n = 0; n < len; n++) {
		assert_int_equal(check(&v, CTX_A, 3, b, n), -1);
		assert_int_equal(elgamal_tally_add(v.eg, t, b, n), -1);
	}
	memcpy(x, b, len);
	x[len] = 0;
	assert_int_equal(check(&v, CTX_A, 3, x, len + 1), -1);
	assert_int_equal(elgamal_tally_add(v.eg, t, x, len + 1), -1);
	for (i = 0; i < len; i++)
		for (f = 0; f < (int)sizeof flips; f++) {
			memcpy(x, b, len);
			x[i] ^= flips[f];
			if (check(&v, CTX_A, 3, x, len) != -1)
				fail_msg("byte %zu ^ %#x accepted", i,
				    flips[f]);
		}
	/* Random bytes of the right length. */
	for (i = 0; i < 200; i++) {
		assert_int_equal(RAND_bytes(x, (int)len), 1);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		x[0] = 1, x[1] = 3;
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	}
	assert_int_equal(elgamal_tally_count(t), 0);
	elgamal_tally_free(t);
	free(b);
	vote_close(&v);
}

/* Bytes of x (< 2^256) as 32 big-endian bytes. */
static void
bytes_of(const BIGNUM *x, uint8_t *out)
{
	assert_int_equal(BN_bn2binpad(x, out, 32), 32);
}

/* Points off the curve, at infinity, with x >= p or a wrong prefix, and
 * scalars >= n are refused wherever they appear. */
static void
test_bad_values(void **state)
{
	const size_t len = ELGAMAL_BALLOT_LEN(3);
	uint8_t x[ELGAMAL_BALLOT_LEN(3)], off[33], big[33], *b;
	uint8_t nb[32], ff[32], share[ELGAMAL_SHARE_LEN];
	BIGNUM *bx = BN_new(), *p = BN_new();
	EC_POINT *q = pt();
	struct vote v;
	size_t at[2 + 3 * 2], s[3 * 4 + 2];
	size_t i, j;
	int o;

	(void)state;
	vote_open(&v, 2);
	b = ballot(&v, CTX_A, 3, 2);
	/* A compressed x with no point on the curve. */
	off[0] = 2;
	for (j = 1;; j++) {
		assert_int_equal(BN_set_word(bx, j), 1);
		bytes_of(bx, off + 1);
		if (EC_POINT_oct2point(grp, q, off, 33, bnc) != 1)
			break;
	}
	/* x + p of a good point: same point mod p, but not canonical. */
	assert_int_equal(EC_GROUP_get_curve(grp, p, NULL, NULL, bnc), 1);
	assert_int_equal(BN_bin2bn(b + 3, 32, bx) != NULL, 1);
	assert_int_equal(BN_add(bx, bx, p), 1);
	if (BN_num_bits(bx) > 256)		/* then x = p itself */
		assert_non_null(BN_copy(bx, p));
	big[0] = b[2];
	bytes_of(bx, big + 1);
	bytes_of(EC_GROUP_get0_order(grp), nb);
	memset(ff, 0xff, 32);
	for (o = 0, j = 0; o < 3; o++) {
		at[2 * o] = 2 + (size_t)o * ELGAMAL_OPTION_LEN;
		at[2 * o + 1] = at[2 * o] + 33;
		for (i = 0; i < 4; i++)
			s[j++] = at[2 * o] + 66 + 32 * i;
	}
	s[j++] = len - 64;
	s[j++] = len - 32;
	for (i = 0; i < 6; i++) {
		memcpy(x, b, len);
		memcpy(x + at[i], off, 33);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		memcpy(x + at[i], big, 33);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		memset(x + at[i], 0, 33);		/* infinity, padded */
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		memcpy(x, b, len);
		x[at[i]] = 4;				/* not compressed */
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	}
	for (i = 0; i < j; i++) {
		memcpy(x, b, len);
		memcpy(x + s[i], nb, 32);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
		memcpy(x + s[i], ff, 32);
		assert_int_equal(check(&v, CTX_A, 3, x, len), -1);
	}
	/* A scalar + n that would hold mod n: a ballot whose simulated
	 * branch (option 0's c1 and s1 when option 1 is chosen: the
	 * prover picks them) is small, so
	 * that c1 + n and s1 + n still fit in 32 bytes. */
	{
		uint8_t fr[9 * 32], y[ELGAMAL_BALLOT_LEN(2)];
		const size_t l2 = ELGAMAL_BALLOT_LEN(2);
		BIGNUM *e = BN_new();
		int f;

		for (i = 0; i < 9; i++) {
			assert_int_equal(RAND_bytes(fr + 32 * i, 32), 1);
			fr[32 * i] &= 0x7f;
		}
		memset(fr + 3 * 32, 0, 64);	/* option 0: w, then c1 = 1, */
		fr[3 * 32 + 31] = 1;		/* s1 = 2 */
		memset(fr + 4 * 32, 0, 32);
		fr[4 * 32 + 31] = 2;
		elgamal_testonly_fixed_random(v.eg, fr, sizeof fr);
		assert_int_equal(elgamal_ballot_make(v.eg, U(CTX_A), 2, 1, y),
		    0);
		assert_int_equal(check(&v, CTX_A, 2, y, l2), 0);
		for (f = 0; f < 2; f++) {
			uint8_t z[ELGAMAL_BALLOT_LEN(2)];
			uint8_t *at2 = OPT(z, 0) + 130 + 32 * f;

			memcpy(z, y, l2);
			assert_non_null(BN_bin2bn(at2, 32, e));
			assert_int_equal(BN_is_word(e, (BN_ULONG)(f + 1)), 1);
			assert_int_equal(BN_add(e, e, EC_GROUP_get0_order(grp)),
			    1);
			bytes_of(e, at2);
			assert_int_equal(check(&v, CTX_A, 2, z, l2), -1);
		}
		BN_free(e);
	}
	/* A key or share that is no point. */
	assert_null(elgamal_new(off));
	assert_null(elgamal_new(big));
	memset(x, 0, 33);
	assert_null(elgamal_new(x));
	memcpy(share, v.share[0], sizeof share);
	memcpy(share + 1, off, 33);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), share,
	    sizeof share), -1);
	memcpy(share, v.share[0], sizeof share);
	memcpy(share + 66, nb, 32);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), share,
	    sizeof share), -1);
	/* The fixed randomness refuses 0 and n. */
	{
		uint8_t sec[32], zero[32] = { 0 };

		elgamal_testonly_fixed_random(v.eg, zero, 32);
		assert_int_equal(elgamal_share_make(v.eg, U(CTX_S1), sec,
		    share), -1);
		elgamal_testonly_fixed_random(v.eg, nb, 32);
		assert_int_equal(elgamal_share_make(v.eg, U(CTX_S1), sec,
		    share), -1);
	}
	EC_POINT_free(q);
	BN_free(bx);
	BN_free(p);
	free(b);
	vote_close(&v);
}

/* Key shares: valid; refused for another context, another key, altered
 * bytes; a missing share changes the key. */
static void
test_shares(void **state)
{
	struct vote v;
	uint8_t x[ELGAMAL_SHARE_LEN], key[33];
	const uint8_t *sh[3];
	size_t i;

	(void)state;
	vote_open(&v, 3);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), v.share[0],
	    ELGAMAL_SHARE_LEN), 0);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S2), v.share[0],
	    ELGAMAL_SHARE_LEN), -1);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), v.share[1],
	    ELGAMAL_SHARE_LEN), -1);
	/* Another key with this proof (a rogue key's shape). */
	memcpy(x, v.share[0], sizeof x);
	memcpy(x + 1, v.share[1] + 1, 33);
	assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), x, sizeof x),
	    -1);
	for (i = 0; i < ELGAMAL_SHARE_LEN; i++) {
		memcpy(x, v.share[0], sizeof x);
		x[i] ^= 0x01;
		assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1), x,
		    sizeof x), -1);
		assert_int_equal(elgamal_share_verify(v.eg, U(CTX_S1),
		    v.share[0], i), -1);
	}
	sh[0] = v.share[0];
	sh[1] = v.share[1];
	sh[2] = v.share[2];
	assert_int_equal(elgamal_key_combine(v.eg, sh, 3, key), 0);
	assert_memory_equal(key, v.key, 33);
	assert_int_equal(elgamal_key_combine(v.eg, sh, 2, key), 0);
	assert_memory_not_equal(key, v.key, 33);
	assert_int_equal(elgamal_key_combine(v.eg, sh, 0, key), -1);
	vote_close(&v);
}

/* Decryption shares: valid ones verify and decrypt; another scrutineer's
 * share, an altered one, one for another context or tally is refused;
 * without every scrutineer's share nothing decrypts. */
static void
test_dshares(void **state)
{
	uint8_t ds[3][ELGAMAL_DSHARE_LEN(3)], x[ELGAMAL_DSHARE_LEN(3)];
	const size_t dl = ELGAMAL_DSHARE_LEN(3);
	struct elgamal_tally *t, *t2;
	const uint8_t *dsp[3];
	uint32_t counts[3];
	struct vote v;
	uint8_t *b;
	EC_POINT *p = pt();
	int i;

	(void)state;
	vote_open(&v, 3);
	t = elgamal_tally_new(v.eg, 3);
	t2 = elgamal_tally_new(v.eg, 3);
	assert_int_equal(elgamal_dshare_make(v.eg, U(CTX_S1), v.secret[0], t,
	    ds[0]), -1);				/* no ballot yet */
	for (i = 0; i < 5; i++) {
		b = ballot(&v, CTX_A, 3, i % 3);
		assert_int_equal(elgamal_tally_add(v.eg, t, b,
		    ELGAMAL_BALLOT_LEN(3)), 0);
		if (i == 0)
			assert_int_equal(elgamal_tally_add(v.eg, t2, b,
			    ELGAMAL_BALLOT_LEN(3)), 0);
		free(b);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(elgamal_dshare_make(v.eg, U(share_ctx[i]),
		    v.secret[i], t, ds[i]), 0);
		assert_int_equal(elgamal_dshare_verify(v.eg, U(share_ctx[i]),
		    v.share[i], t, ds[i], dl), 0);
		dsp[i] = ds[i];
	}
	assert_int_equal(elgamal_tally_decrypt(v.eg, t, dsp, 3, 5, counts), 0);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 2);
	assert_int_equal(counts[2], 1);
	/* Checked against another scrutineer's key share or context, or
	 * another tally (a single ballot's). */
	assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1), v.share[1], t,
	    ds[0], dl), -1);
	assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S2), v.share[0], t,
	    ds[0], dl), -1);
	assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1), v.share[0],
	    t2, ds[0], dl), -1);
	/* Made with another scrutineer's secret. */
	assert_int_equal(elgamal_dshare_make(v.eg, U(CTX_S1), v.secret[1], t,
	    x), 0);
	assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1), v.share[0], t,
	    x, dl), -1);
	/* D_0 + G: a share that would shift option 0's count by one. */
	memcpy(x, ds[0], dl);
	assert_int_equal(EC_POINT_oct2point(grp, p, x + 2, 33, bnc), 1);
	assert_int_equal(EC_POINT_add(grp, p, p, EC_GROUP_get0_generator(grp),
	    bnc), 1);
	assert_int_equal(EC_POINT_point2oct(grp, p, POINT_CONVERSION_COMPRESSED,
	    x + 2, 33, bnc), 33);
	assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1), v.share[0], t,
	    x, dl), -1);
	dsp[0] = x;
	assert_int_equal(elgamal_tally_decrypt(v.eg, t, dsp, 3, 5, counts), 0);
	assert_int_equal(counts[0], 1);		/* why the proof matters */
	dsp[0] = ds[0];
	/* Every byte flipped and every truncation refused. */
	for (i = 0; i < (int)dl; i++) {
		memcpy(x, ds[0], dl);
		x[i] ^= 0x01;
		assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1),
		    v.share[0], t, x, dl), -1);
		assert_int_equal(elgamal_dshare_verify(v.eg, U(CTX_S1),
		    v.share[0], t, ds[0], (size_t)i), -1);
	}
	/* A missing scrutineer: nothing decrypts (n-of-n). */
	assert_int_equal(elgamal_tally_decrypt(v.eg, t, dsp, 2, 5, counts),
	    -1);
	assert_int_equal(elgamal_tally_decrypt(v.eg, t, dsp + 1, 2, 5,
	    counts), -1);
	/* A count above max is refused. */
	assert_int_equal(elgamal_tally_decrypt(v.eg, t, dsp, 3, 1, counts),
	    -1);
	EC_POINT_free(p);
	elgamal_tally_free(t);
	elgamal_tally_free(t2);
	vote_close(&v);
}

/* 50 random ballots over 3 options, 2 and 3 scrutineers: the decrypted
 * counts are the plain ones. */
static void
test_full_tally(void **state)
{
	int t;

	(void)state;
	for (t = 2; t <= 3; t++) {
		struct vote v;
		struct elgamal_tally *tl;
		uint32_t plain[3] = { 0 }, counts[3];
		uint8_t c;
		int i;

		vote_open(&v, t);
		tl = elgamal_tally_new(v.eg, 3);
		for (i = 0; i < 50; i++) {
			uint8_t *b;

			assert_int_equal(RAND_bytes(&c, 1), 1);
			c %= 3;
			plain[c]++;
			b = ballot(&v, i % 2 ? CTX_A : CTX_B, 3, c);
			assert_int_equal(check(&v, i % 2 ? CTX_A : CTX_B, 3, b,
			    ELGAMAL_BALLOT_LEN(3)), 0);
			assert_int_equal(elgamal_tally_add(v.eg, tl, b,
			    ELGAMAL_BALLOT_LEN(3)), 0);
			free(b);
		}
		assert_int_equal(elgamal_tally_count(tl), 50);
		assert_int_equal(vote_count(&v, tl, 3, 50, counts), 0);
		assert_memory_equal(counts, plain, sizeof plain);
		elgamal_tally_free(tl);
		vote_close(&v);
	}
}

/* Seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A count of 10,000 (out of at most 100,000) decrypts well under a
 * second. */
static void
test_large_count(void **state)
{
	struct vote v;
	struct elgamal_tally *t;
	uint32_t counts[2];
	uint8_t *yes, *no;
	double t0, dt;
	int i;

	(void)state;
	vote_open(&v, 2);
	t = elgamal_tally_new(v.eg, 2);
	yes = ballot(&v, CTX_A, 2, 0);
	no = ballot(&v, CTX_A, 2, 1);
	for (i = 0; i < 10000; i++)
		assert_int_equal(elgamal_tally_add(v.eg, t, yes,
		    ELGAMAL_BALLOT_LEN(2)), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(elgamal_tally_add(v.eg, t, no,
		    ELGAMAL_BALLOT_LEN(2)), 0);
	t0 = now();
	assert_int_equal(vote_count(&v, t, 2, 100000, counts), 0);
	dt = now() - t0;
	print_message("decrypting counts 10000 and 3 (max 100000): %.3f s\n",
	    dt);
	assert_int_equal(counts[0], 10000);
	assert_int_equal(counts[1], 3);
	assert_true(dt < 1.0);
	/* The search stops at max. */
	assert_int_equal(vote_count(&v, t, 2, 9999, counts), -1);
	elgamal_tally_free(t);
	free(yes);
	free(no);
	vote_close(&v);
}

/* The fixed vectors (hex), from tests/unit/elgamal_vectors.py. */
#define VEC_SHARE1	\
	"01027ca63f50a34c086ba3e87d4be237c998259228b9b4c1f1fbf6e547f77f95" \
	"966aed5e8b3365986f959a312637f37ceea09bdd07e9108f160eeb66a5fe9a21" \
	"ec3a760220dcf8f1ab802fa426dfacfe6d525c683268c886ef4f5d8747a6d0bb" \
	"280b"
#define VEC_SHARE2	\
	"0102aa8046c70fba66772f50f99f36f3d75ce7d2a5d97f046d14363b7b69aa16" \
	"633b56f8291c6d5868388d263e93c60abeb31111c2c6b8998901ee294d0635c6" \
	"f363538618b718d7bfbf37b082757e2f49e6c7fe0af2a6b2e359470d5611e7ad" \
	"9264"
#define VEC_KEY	\
	"0338ba2c3173c91f1a91336dc0e1da6442b030fa79138c8a6fcba0a409b81eab" \
	"f6"
#define VEC_BALLOT	\
	"01030207622aa2a5a30c909baaec01c2c384bd590812ac219b1f44c97dbb77f7" \
	"4bf70f0291acea34ce7d9680e42ea2b8b548b58e4686fb5e004265f3aa65852f" \
	"601e3cf855ad8d32c6f4f1f72e2daffc9a01e96c7d0eca7264277b99a08ed303" \
	"f8c53c29f12851f18aa61c5e8f89c937bca44ed74a8a25a5d778567fd4481a64" \
	"f09721ec4de5f96cb5206b2432e1e1b4f6c40b87ea82a350e84311b5a5b47c8c" \
	"bc7d22c22ffa16ba4fb60613626ed93321aeaa3c00b2ebe7f6c090237faf6a54" \
	"197bae12032e997372bcbccfd944a107c85090fe0cabe798cefcd04d2e49dc6f" \
	"38c3a3b2ed0286ad65ea0e017a93620f47ea84babc1d4553619e159b2fa264f6" \
	"d8b88fa7cb45da6f1fbbf6a5bb9e169d080ae5bbb924560f134597626048e8fa" \
	"9608df71d232fc8dede6182bf6aaf1487aa9c1411e04a2bda74b5361c36015bc" \
	"e4cf79b9c89532e739f90384562d50f9096cb626f598d36ea51a18c08ad97b28" \
	"df2079f1d1d1af36cc9b0f7a316f824bcdd2ea1b27e7b518522e7b3ea39c7cd1" \
	"9c7e327b22ec02cd4d450ba0f912c3b12dbb274683f65f5881a43fc74668b132" \
	"5339ad1a0b20c9038d94c369964e6776ee485c5f850236286b52904fca802843" \
	"58c7c9d1aea71c4005bc9eb649f3687a4db8a472f5a62079b572c728e603275d" \
	"a6f1fbe8b6a1070843b9c3d2ab96af6b131115b21b3bda90c3a1c466b6452e31" \
	"a2342aed8cb342b937c06ee2add68401fcc626434179d0eaa42928eba67b0152" \
	"bde66d788bee5d27b848c130bdcb54de6a87e7d632b2f9cecbbfb6fa2c3a71ee" \
	"d7ad5fe6a8595c257586b4ad733454de1874486009cd50eb39c115418325b7aa" \
	"7072e8cca9a2b4a2225a45cff7e5e2240a9cde287a8044cfd9ba8ee0ca9f9928" \
	"bdb285f04c5603f2"
#define VEC_DSHARE1	\
	"010302b04a547bf58a99f20d3df8eaeb238008162acfdfc446bf270ba086a257" \
	"29509d03c49d6d01aa6aa91a4808d380e873baa9630a8cf3fdbaaf7c9222fdd8" \
	"2938169202138383392f692ddba5a2feb9e6b4215ed0f2ae6737e5cde4268953" \
	"7507a12d9d837bd2200994734ff47111ebd3a1c7e4b151f1ea63831a75ae0027" \
	"75ee2784fe75f1bbf6c6419624608cc925459af621b3315090f72a06fc016708" \
	"f2aec60e53"
#define VEC_DSHARE2	\
	"0103025ed01c8fcd7d62f71c69b64978a045713e1c6869bde4c3bfb37484ce8c" \
	"7d24cf03b48ca974ede920f8e810beb5d94085373b7c3b086297c78d50d646e1" \
	"c806a336034559a96e7f60dc01ec669be0298c1bd1d0f4114e52447cc97608d3" \
	"d75dd6dd5c216cbde4b62958badbdd6afc21496c3d7f0c16b0b7d74b77421790" \
	"1f1a63b57b2ac293306e860e63f96e5dcfa332bd4cb0722dc78bd99e820d78bc" \
	"4192d142e4"

/* Fails unless the len bytes at p are the hex string want. */
static void
vec_check(const char *what, const uint8_t *p, size_t len, const char *want)
{
	char got[2 * ELGAMAL_BALLOT_LEN(3) + 1];
	size_t i;

	assert_true(len <= ELGAMAL_BALLOT_LEN(3));
	for (i = 0; i < len; i++)
		snprintf(got + 2 * i, 3, "%02x", p[i]);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got %s, want %s", what, got, want);
}

/* Fixed randomness gives fixed bytes: the encoding and the hash as the
 * independent Python computation has them. */
static void
test_vectors(void **state)
{
	uint8_t rnd[24 * 32], sh[2][ELGAMAL_SHARE_LEN], sec[2][32];
	uint8_t key[33], bal[ELGAMAL_BALLOT_LEN(3)], ds[2][ELGAMAL_DSHARE_LEN(3)];
	const uint8_t *shp[2] = { sh[0], sh[1] }, *dsp[2] = { ds[0], ds[1] };
	struct elgamal *eg0, *eg;
	struct elgamal_tally *t;
	uint32_t counts[3];
	uint8_t i;

	(void)state;
	for (i = 0; i < 24; i++) {
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		unsigned int len;

		assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
		assert_int_equal(EVP_DigestUpdate(md, "yishi-elgamal-test", 18),
		    1);
		assert_int_equal(EVP_DigestUpdate(md, &i, 1), 1);
		assert_int_equal(EVP_DigestFinal_ex(md, rnd + 32 * i, &len), 1);
		EVP_MD_CTX_free(md);
	}
	eg0 = elgamal_new(NULL);
	elgamal_testonly_fixed_random(eg0, rnd, 4 * 32);
	assert_int_equal(elgamal_share_make(eg0, U(CTX_S1), sec[0], sh[0]), 0);
	assert_int_equal(elgamal_share_make(eg0, U(CTX_S2), sec[1], sh[1]), 0);
	assert_int_equal(elgamal_key_combine(eg0, shp, 2, key), 0);
	eg = elgamal_new(key);
	elgamal_testonly_fixed_random(eg, rnd + 4 * 32, 15 * 32);
	assert_int_equal(elgamal_ballot_make(eg, U(CTX_A), 3, 1, bal), 0);
	t = elgamal_tally_new(eg, 3);
	assert_int_equal(elgamal_tally_add(eg, t, bal, sizeof bal), 0);
	assert_int_equal(elgamal_dshare_make(eg, U(CTX_S1), sec[0], t, ds[0]),
	    0);
	assert_int_equal(elgamal_dshare_make(eg, U(CTX_S2), sec[1], t, ds[1]),
	    0);
	/* The draws are used up: one more fails. */
	assert_int_equal(elgamal_dshare_make(eg, U(CTX_S2), sec[1], t, ds[1]),
	    -1);
	if (getenv("ELGAMAL_PRINT") != NULL) {
		const struct { const char *n; const uint8_t *p; size_t l; } o[] = {
			{ "share1", sh[0], sizeof sh[0] },
			{ "share2", sh[1], sizeof sh[1] },
			{ "key", key, sizeof key },
			{ "ballot", bal, sizeof bal },
			{ "dshare1", ds[0], sizeof ds[0] },
			{ "dshare2", ds[1], sizeof ds[1] },
		};
		size_t j, b;

		for (j = 0; j < sizeof o / sizeof o[0]; j++) {
			printf("%s ", o[j].n);
			for (b = 0; b < o[j].l; b++)
				printf("%02x", o[j].p[b]);
			printf("\n");
		}
	}
	assert_int_equal(elgamal_share_verify(eg, U(CTX_S1), sh[0],
	    sizeof sh[0]), 0);
	assert_int_equal(elgamal_ballot_verify(eg, U(CTX_A), 3, bal,
	    sizeof bal), 0);
	assert_int_equal(elgamal_dshare_verify(eg, U(CTX_S2), sh[1], t, ds[1],
	    sizeof ds[1]), 0);
	assert_int_equal(elgamal_tally_decrypt(eg, t, dsp, 2, 1, counts), 0);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[0] + counts[2], 0);
	vec_check("share1", sh[0], sizeof sh[0], VEC_SHARE1);
	vec_check("share2", sh[1], sizeof sh[1], VEC_SHARE2);
	vec_check("key", key, sizeof key, VEC_KEY);
	vec_check("ballot", bal, sizeof bal, VEC_BALLOT);
	vec_check("dshare1", ds[0], sizeof ds[0], VEC_DSHARE1);
	vec_check("dshare2", ds[1], sizeof ds[1], VEC_DSHARE2);
	elgamal_tally_free(t);
	elgamal_free(eg);
	elgamal_free(eg0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cheating_prover),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_dshares),
		cmocka_unit_test(test_full_tally),
		cmocka_unit_test(test_large_count),
		cmocka_unit_test(test_vectors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
