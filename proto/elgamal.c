/* elgamal.c: encrypted secret ballots on P-256 (see elgamal.h). */
#include "elgamal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#define ELGAMAL_DOMAIN	"yishi-elgamal-v1"
#define ELGAMAL_K	ELGAMAL_MAX_OPTIONS

/* A ballot decoded from its bytes (scratch kept in struct elgamal). */
struct elgamal_ballot {
	int		 k;
	EC_POINT	*a[ELGAMAL_K], *b[ELGAMAL_K];
	BIGNUM		*c0[ELGAMAL_K], *s0[ELGAMAL_K];
	BIGNUM		*c1[ELGAMAL_K], *s1[ELGAMAL_K];
	BIGNUM		*c, *s;
};

#define ELGAMAL_TMP	6

struct elgamal {
	EC_GROUP	*g;		/* P-256, generator G */
	EC_GROUP	*gy;		/* P-256, generator Y; NULL: no key */
	EC_POINT	*y;		/* the vote key, or NULL */
	uint8_t		 ykey[ELGAMAL_POINT_LEN];
	EC_POINT	*neg_g;		/* -G */
	EC_POINT	*tmp[ELGAMAL_TMP];
	BN_CTX		*bn;
	const BIGNUM	*n;
	EVP_MD		*sha;
	EVP_MD_CTX	*md;
	int		 md_failed;
	struct elgamal_ballot bl;
	uint64_t	 muls;
	int		 fixed;		/* test-only randomness */
	const uint8_t	*fixed_p;
	size_t		 fixed_len;
};

struct elgamal_tally {
	int		 k;
	uint64_t	 count;
	EC_POINT	*a[ELGAMAL_K], *b[ELGAMAL_K];
};

/* Frees n pairs of points, a[i] and b[i]. */
static void
elgamal_pairs_free(EC_POINT **a, EC_POINT **b, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		EC_POINT_free(a[i]);
		EC_POINT_free(b[i]);
	}
}

/* Frees the ballot scratch's points and numbers. */
static void
elgamal_ballot_clear(struct elgamal_ballot *bl)
{
	int i;

	elgamal_pairs_free(bl->a, bl->b, ELGAMAL_K);
	for (i = 0; i < ELGAMAL_K; i++) {
		BN_free(bl->c0[i]);
		BN_free(bl->s0[i]);
		BN_free(bl->c1[i]);
		BN_free(bl->s1[i]);
	}
	BN_free(bl->c);
	BN_free(bl->s);
}

/* Allocates the ballot scratch. 0 or -1. */
static int
elgamal_ballot_alloc(struct elgamal *eg, struct elgamal_ballot *bl)
{
	int i;

	for (i = 0; i < ELGAMAL_K; i++) {
		if ((bl->a[i] = EC_POINT_new(eg->g)) == NULL ||
		    (bl->b[i] = EC_POINT_new(eg->g)) == NULL ||
		    (bl->c0[i] = BN_new()) == NULL ||
		    (bl->s0[i] = BN_new()) == NULL ||
		    (bl->c1[i] = BN_new()) == NULL ||
		    (bl->s1[i] = BN_new()) == NULL)
			return -1;
	}
	if ((bl->c = BN_new()) == NULL || (bl->s = BN_new()) == NULL)
		return -1;
	return 0;
}

static int elgamal_point_get(struct elgamal *, const uint8_t *, EC_POINT *);

/* Makes a context for key Y (33 bytes) or for no key (NULL). */
struct elgamal *
elgamal_new(const uint8_t *key)
{
	struct elgamal *eg;
	int i;

	if ((eg = calloc(1, sizeof *eg)) == NULL)
		return NULL;
	if ((eg->g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)) ==
	    NULL || (eg->bn = BN_CTX_new()) == NULL ||
	    (eg->sha = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL ||
	    (eg->md = EVP_MD_CTX_new()) == NULL ||
	    (eg->neg_g = EC_POINT_dup(EC_GROUP_get0_generator(eg->g),
	    eg->g)) == NULL ||
	    !EC_POINT_invert(eg->g, eg->neg_g, eg->bn) ||
	    elgamal_ballot_alloc(eg, &eg->bl) == -1)
		goto fail;
	eg->n = EC_GROUP_get0_order(eg->g);
	for (i = 0; i < ELGAMAL_TMP; i++)
		if ((eg->tmp[i] = EC_POINT_new(eg->g)) == NULL)
			goto fail;
	if (key != NULL) {
		if ((eg->y = EC_POINT_new(eg->g)) == NULL ||
		    elgamal_point_get(eg, key, eg->y) == -1)
			goto fail;
		memcpy(eg->ykey, key, ELGAMAL_POINT_LEN);
		/* The same curve with Y as its generator: EC_POINT_mul's
		 * two-scalar form then gives uY + vP in one call. */
		if ((eg->gy = EC_GROUP_dup(eg->g)) == NULL ||
		    !EC_GROUP_set_generator(eg->gy, eg->y, eg->n,
		    BN_value_one()))
			goto fail;
	}
	return eg;
fail:
	ERR_clear_error();
	elgamal_free(eg);
	return NULL;
}

/* Frees eg; NULL is a no-op. */
void
elgamal_free(struct elgamal *eg)
{
	int i;

	if (eg == NULL)
		return;
	elgamal_ballot_clear(&eg->bl);
	for (i = 0; i < ELGAMAL_TMP; i++)
		EC_POINT_free(eg->tmp[i]);
	EC_POINT_free(eg->neg_g);
	EC_POINT_free(eg->y);
	EVP_MD_CTX_free(eg->md);
	EVP_MD_free(eg->sha);
	BN_CTX_free(eg->bn);
	EC_GROUP_free(eg->gy);
	EC_GROUP_free(eg->g);
	free(eg);
}

/* EC_POINT_mul calls made so far. */
uint64_t
elgamal_mul_count(const struct elgamal *eg)
{
	return eg->muls;
}

/* Test-only: draw random scalars from rnd (see elgamal.h). */
void
elgamal_testonly_fixed_random(struct elgamal *eg, const uint8_t *rnd,
    size_t len)
{
	eg->fixed = 1;
	eg->fixed_p = rnd;
	eg->fixed_len = len;
}

/* A secret random scalar in [1, n-1] into r. 0 or -1. */
static int
elgamal_rand(struct elgamal *eg, BIGNUM *r)
{
	BN_set_flags(r, BN_FLG_CONSTTIME);
	if (eg->fixed) {
		if (eg->fixed_len < ELGAMAL_SCALAR_LEN ||
		    BN_bin2bn(eg->fixed_p, ELGAMAL_SCALAR_LEN, r) == NULL)
			return -1;
		eg->fixed_p += ELGAMAL_SCALAR_LEN;
		eg->fixed_len -= ELGAMAL_SCALAR_LEN;
		BN_set_flags(r, BN_FLG_CONSTTIME);
		return BN_is_zero(r) || BN_cmp(r, eg->n) >= 0 ? -1 : 0;
	}
	do {
		if (!BN_priv_rand_range(r, eg->n))
			return -1;
	} while (BN_is_zero(r));
	return 0;
}

/* A new BIGNUM for a secret scalar; NULL when out of memory. */
static BIGNUM *
elgamal_secret_new(void)
{
	BIGNUM *r;

	if ((r = BN_secure_new()) != NULL)
		BN_set_flags(r, BN_FLG_CONSTTIME);
	return r;
}

/* r = u G + v P (u or P and v may be NULL); counted. 0 or -1. */
static int
elgamal_mul(struct elgamal *eg, EC_POINT *r, const BIGNUM *u,
    const EC_POINT *p, const BIGNUM *v)
{
	eg->muls++;
	return EC_POINT_mul(eg->g, r, u, p, v, eg->bn) == 1 ? 0 : -1;
}

/* r = u Y + v P in the group whose generator is Y; counted. 0 or -1. */
static int
elgamal_muly(struct elgamal *eg, EC_POINT *r, const BIGNUM *u,
    const EC_POINT *p, const BIGNUM *v)
{
	eg->muls++;
	return EC_POINT_mul(eg->gy, r, u, p, v, eg->bn) == 1 ? 0 : -1;
}

/* out = -in mod n (in < n). 0 or -1. */
static int
elgamal_neg(struct elgamal *eg, BIGNUM *out, const BIGNUM *in)
{
	if (BN_is_zero(in)) {
		BN_zero(out);
		return 0;
	}
	return BN_sub(out, eg->n, in) ? 0 : -1;
}

/* out = w + c x mod n (the prover's response). 0 or -1. */
static int
elgamal_respond(struct elgamal *eg, BIGNUM *out, const BIGNUM *w,
    const BIGNUM *c, const BIGNUM *x)
{
	BIGNUM *t;
	int rc = -1;

	if ((t = elgamal_secret_new()) == NULL)
		return -1;
	if (BN_mod_mul(t, c, x, eg->n, eg->bn) &&
	    BN_mod_add(out, t, w, eg->n, eg->bn))
		rc = 0;
	BN_clear_free(t);
	return rc;
}

/* Encodes a finite point as 33 bytes. 0 or -1. */
static int
elgamal_point_put(struct elgamal *eg, const EC_POINT *p,
    uint8_t out[ELGAMAL_POINT_LEN])
{
	if (EC_POINT_is_at_infinity(eg->g, p) ||
	    EC_POINT_point2oct(eg->g, p, POINT_CONVERSION_COMPRESSED, out,
	    ELGAMAL_POINT_LEN, eg->bn) != ELGAMAL_POINT_LEN) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/* Decodes 33 bytes of compressed point: on the curve, not infinity. */
static int
elgamal_point_get(struct elgamal *eg, const uint8_t *in, EC_POINT *p)
{
	if (in[0] != 2 && in[0] != 3)
		return -1;
	if (!EC_POINT_oct2point(eg->g, p, in, ELGAMAL_POINT_LEN, eg->bn)) {
		ERR_clear_error();
		return -1;
	}
	if (EC_POINT_is_at_infinity(eg->g, p) ||
	    EC_POINT_is_on_curve(eg->g, p, eg->bn) != 1) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/* Encodes a scalar < n as 32 bytes. 0 or -1. */
static int
elgamal_scalar_put(const BIGNUM *s, uint8_t *out)
{
	return BN_bn2binpad(s, out, ELGAMAL_SCALAR_LEN) == ELGAMAL_SCALAR_LEN ?
	    0 : -1;
}

/* Decodes 32 bytes of scalar, refusing one >= n. 0 or -1. */
static int
elgamal_scalar_get(struct elgamal *eg, const uint8_t *in, BIGNUM *s)
{
	if (BN_bin2bn(in, ELGAMAL_SCALAR_LEN, s) == NULL)
		return -1;
	return BN_cmp(s, eg->n) < 0 ? 0 : -1;
}

/* Hashes one length-prefixed field. */
static void
elgamal_hash_put(struct elgamal *eg, const void *p, size_t len)
{
	uint8_t pre[4];

	pre[0] = (uint8_t)(len >> 24);
	pre[1] = (uint8_t)(len >> 16);
	pre[2] = (uint8_t)(len >> 8);
	pre[3] = (uint8_t)len;
	if (!EVP_DigestUpdate(eg->md, pre, sizeof pre) ||
	    (len > 0 && !EVP_DigestUpdate(eg->md, p, len)))
		eg->md_failed = 1;
}

/* Starts a hash with the domain and tag. */
static void
elgamal_hash_begin(struct elgamal *eg, const char *tag)
{
	eg->md_failed = !EVP_DigestInit_ex(eg->md, eg->sha, NULL);
	elgamal_hash_put(eg, ELGAMAL_DOMAIN, sizeof ELGAMAL_DOMAIN - 1);
	elgamal_hash_put(eg, tag, strlen(tag));
}

/* Hashes a point as its 33 bytes (infinity, which a forged proof may
 * produce, as 33 zero bytes: no point encodes so). */
static void
elgamal_hash_point(struct elgamal *eg, const EC_POINT *p)
{
	uint8_t b[ELGAMAL_POINT_LEN];

	if (EC_POINT_is_at_infinity(eg->g, p))
		memset(b, 0, sizeof b);
	else if (elgamal_point_put(eg, p, b) == -1) {
		eg->md_failed = 1;
		return;
	}
	elgamal_hash_put(eg, b, sizeof b);
}

/* Hashes one byte. */
static void
elgamal_hash_byte(struct elgamal *eg, int v)
{
	uint8_t b = (uint8_t)v;

	elgamal_hash_put(eg, &b, 1);
}

/* Ends the hash into 32 bytes. 0 or -1. */
static int
elgamal_hash_end(struct elgamal *eg, uint8_t out[32])
{
	unsigned int len = 0;

	if (eg->md_failed || !EVP_DigestFinal_ex(eg->md, out, &len) ||
	    len != 32)
		return -1;
	return 0;
}

/* Ends the hash into a challenge: the digest mod n. 0 or -1. */
static int
elgamal_hash_scalar(struct elgamal *eg, BIGNUM *c)
{
	uint8_t d[32];

	if (elgamal_hash_end(eg, d) == -1 || BN_bin2bn(d, 32, c) == NULL ||
	    !BN_nnmod(c, c, eg->n, eg->bn))
		return -1;
	return 0;
}

/* Decodes ballot bytes of k options into eg->bl. 0 or -1. */
static int
elgamal_ballot_decode(struct elgamal *eg, int k, const uint8_t *p,
    size_t len)
{
	struct elgamal_ballot *bl = &eg->bl;
	int i;

	if (k < ELGAMAL_MIN_OPTIONS || k > ELGAMAL_MAX_OPTIONS ||
	    p == NULL || len != ELGAMAL_BALLOT_LEN(k) ||
	    p[0] != ELGAMAL_VERSION || p[1] != k)
		return -1;
	bl->k = k;
	p += 2;
	for (i = 0; i < k; i++) {
		if (elgamal_point_get(eg, p, bl->a[i]) == -1 ||
		    elgamal_point_get(eg, p + 33, bl->b[i]) == -1 ||
		    elgamal_scalar_get(eg, p + 66, bl->c0[i]) == -1 ||
		    elgamal_scalar_get(eg, p + 98, bl->s0[i]) == -1 ||
		    elgamal_scalar_get(eg, p + 130, bl->c1[i]) == -1 ||
		    elgamal_scalar_get(eg, p + 162, bl->s1[i]) == -1)
			return -1;
		p += ELGAMAL_OPTION_LEN;
	}
	if (elgamal_scalar_get(eg, p, bl->c) == -1 ||
	    elgamal_scalar_get(eg, p + 32, bl->s) == -1)
		return -1;
	return 0;
}

/* The ballot digest D over ctx, Y, k and the k ciphertexts, hashed as
 * their wire bytes (opts: the first option of an encoded ballot; a
 * decoded point's bytes are its only encoding). 0 or -1. */
static int
elgamal_ballot_digest(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    int k, const uint8_t *opts, uint8_t d[32])
{
	int i;

	elgamal_hash_begin(eg, "ballot");
	elgamal_hash_put(eg, ctx, ctxlen);
	elgamal_hash_put(eg, eg->ykey, ELGAMAL_POINT_LEN);
	elgamal_hash_byte(eg, k);
	for (i = 0; i < k; i++, opts += ELGAMAL_OPTION_LEN) {
		elgamal_hash_put(eg, opts, ELGAMAL_POINT_LEN);
		elgamal_hash_put(eg, opts + ELGAMAL_POINT_LEN,
		    ELGAMAL_POINT_LEN);
	}
	return elgamal_hash_end(eg, d);
}

/* The challenge of option i's bit proof from its commitments. */
static int
elgamal_bit_challenge(struct elgamal *eg, const uint8_t d[32], int i,
    EC_POINT *const cm[4], BIGNUM *c)
{
	int j;

	elgamal_hash_begin(eg, "bit");
	elgamal_hash_put(eg, d, 32);
	elgamal_hash_byte(eg, i);
	for (j = 0; j < 4; j++)
		elgamal_hash_point(eg, cm[j]);
	return elgamal_hash_scalar(eg, c);
}

/* The challenge of the sum proof from its commitments. */
static int
elgamal_sum_challenge(struct elgamal *eg, const uint8_t d[32],
    const EC_POINT *a, const EC_POINT *b, BIGNUM *c)
{
	elgamal_hash_begin(eg, "sum");
	elgamal_hash_put(eg, d, 32);
	elgamal_hash_point(eg, a);
	elgamal_hash_point(eg, b);
	return elgamal_hash_scalar(eg, c);
}

/* Sets sa = sum a_i and sb = sum b_i - G over k ciphertexts. 0 or -1. */
static int
elgamal_ct_sum(struct elgamal *eg, int k, EC_POINT *const *a,
    EC_POINT *const *b, EC_POINT *sa, EC_POINT *sb)
{
	int i;

	if (!EC_POINT_copy(sa, a[0]) || !EC_POINT_add(eg->g, sb, b[0],
	    eg->neg_g, eg->bn))
		return -1;
	for (i = 1; i < k; i++)
		if (!EC_POINT_add(eg->g, sa, sa, a[i], eg->bn) ||
		    !EC_POINT_add(eg->g, sb, sb, b[i], eg->bn))
			return -1;
	return 0;
}

/* Encrypts choice among k options with proofs bound to ctx into out. */
int
elgamal_ballot_make(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    int k, int choice, uint8_t *out)
{
	struct elgamal_ballot *bl = &eg->bl;
	BIGNUM *r[ELGAMAL_K], *w = NULL, *rs = NULL, *c, *t;
	EC_POINT *cm[4], *b1 = eg->tmp[4];
	uint8_t d[32], *p;
	int i, rc = -1;

	if (eg->y == NULL || k < ELGAMAL_MIN_OPTIONS ||
	    k > ELGAMAL_MAX_OPTIONS || choice < 0 || choice >= k)
		return -1;
	memset(r, 0, sizeof r);
	for (i = 0; i < 4; i++)
		cm[i] = eg->tmp[i];
	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	if ((t = BN_CTX_get(eg->bn)) == NULL ||
	    (w = elgamal_secret_new()) == NULL ||
	    (rs = elgamal_secret_new()) == NULL)
		goto done;
	BN_zero(rs);
	/* The ciphertexts: A = rG, B = mG + rY. */
	for (i = 0; i < k; i++) {
		if ((r[i] = elgamal_secret_new()) == NULL ||
		    elgamal_rand(eg, r[i]) == -1 ||
		    elgamal_mul(eg, bl->a[i], r[i], NULL, NULL) == -1 ||
		    elgamal_mul(eg, bl->b[i], NULL, eg->y, r[i]) == -1 ||
		    !BN_mod_add(rs, rs, r[i], eg->n, eg->bn))
			goto done;
		if (i == choice && !EC_POINT_add(eg->g, bl->b[i], bl->b[i],
		    EC_GROUP_get0_generator(eg->g), eg->bn))
			goto done;
	}
	/* Their bytes first: the digest hashes them. */
	out[0] = ELGAMAL_VERSION;
	out[1] = (uint8_t)k;
	for (i = 0, p = out + 2; i < k; i++, p += ELGAMAL_OPTION_LEN)
		if (elgamal_point_put(eg, bl->a[i], p) == -1 ||
		    elgamal_point_put(eg, bl->b[i], p + 33) == -1)
			goto done;
	if (elgamal_ballot_digest(eg, ctx, ctxlen, k, out + 2, d) == -1)
		goto done;
	/* Each option's proof: the true branch j = m from a nonce w, the
	 * other one simulated from a chosen challenge and response. */
	for (i = 0; i < k; i++) {
		int m = i == choice, f = !m;
		BIGNUM *cf = f ? bl->c1[i] : bl->c0[i];
		BIGNUM *sf = f ? bl->s1[i] : bl->s0[i];
		BIGNUM *cr = m ? bl->c1[i] : bl->c0[i];
		BIGNUM *sr = m ? bl->s1[i] : bl->s0[i];

		if (elgamal_rand(eg, w) == -1 || elgamal_rand(eg, cf) == -1 ||
		    elgamal_rand(eg, sf) == -1 ||
		    elgamal_mul(eg, cm[2 * m], w, NULL, NULL) == -1 ||
		    elgamal_mul(eg, cm[2 * m + 1], NULL, eg->y, w) == -1 ||
		    elgamal_neg(eg, t, cf) == -1 ||
		    elgamal_mul(eg, cm[2 * f], sf, bl->a[i], t) == -1)
			goto done;
		if (f == 1) {
			if (!EC_POINT_add(eg->g, b1, bl->b[i], eg->neg_g,
			    eg->bn))
				goto done;
		} else if (!EC_POINT_copy(b1, bl->b[i]))
			goto done;
		if (elgamal_muly(eg, cm[2 * f + 1], sf, b1, t) == -1 ||
		    elgamal_bit_challenge(eg, d, i, cm, c) == -1 ||
		    !BN_mod_sub(cr, c, cf, eg->n, eg->bn) ||
		    elgamal_respond(eg, sr, w, cr, r[i]) == -1)
			goto done;
	}
	/* The sum proof: log_G sum(A) = log_Y (sum(B) - G) = sum(r). */
	if (elgamal_rand(eg, w) == -1 ||
	    elgamal_mul(eg, cm[0], w, NULL, NULL) == -1 ||
	    elgamal_mul(eg, cm[1], NULL, eg->y, w) == -1 ||
	    elgamal_sum_challenge(eg, d, cm[0], cm[1], bl->c) == -1 ||
	    elgamal_respond(eg, bl->s, w, bl->c, rs) == -1)
		goto done;
	p = out + 2;
	for (i = 0; i < k; i++) {
		if (elgamal_scalar_put(bl->c0[i], p + 66) == -1 ||
		    elgamal_scalar_put(bl->s0[i], p + 98) == -1 ||
		    elgamal_scalar_put(bl->c1[i], p + 130) == -1 ||
		    elgamal_scalar_put(bl->s1[i], p + 162) == -1)
			goto done;
		p += ELGAMAL_OPTION_LEN;
	}
	if (elgamal_scalar_put(bl->c, p) == -1 ||
	    elgamal_scalar_put(bl->s, p + 32) == -1)
		goto done;
	rc = 0;
done:
	for (i = 0; i < k; i++)
		BN_clear_free(r[i]);
	BN_clear_free(w);
	BN_clear_free(rs);
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* Checks every proof of a ballot of k options for ctx. */
int
elgamal_ballot_verify(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    int k, const uint8_t *ballot, size_t len)
{
	struct elgamal_ballot *bl = &eg->bl;
	BIGNUM *c, *t;
	EC_POINT *cm[4], *b1 = eg->tmp[4];
	uint8_t d[32];
	int i, rc = -1;

	if (eg->y == NULL || elgamal_ballot_decode(eg, k, ballot, len) == -1)
		return -1;
	for (i = 0; i < 4; i++)
		cm[i] = eg->tmp[i];
	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	if ((t = BN_CTX_get(eg->bn)) == NULL ||
	    elgamal_ballot_digest(eg, ctx, ctxlen, k, ballot + 2, d) == -1)
		goto done;
	for (i = 0; i < k; i++) {
		/* a_j = s_j G - c_j A, b_j = s_j Y - c_j (B - jG) */
		if (elgamal_neg(eg, t, bl->c0[i]) == -1 ||
		    elgamal_mul(eg, cm[0], bl->s0[i], bl->a[i], t) == -1 ||
		    elgamal_muly(eg, cm[1], bl->s0[i], bl->b[i], t) == -1 ||
		    elgamal_neg(eg, t, bl->c1[i]) == -1 ||
		    elgamal_mul(eg, cm[2], bl->s1[i], bl->a[i], t) == -1 ||
		    !EC_POINT_add(eg->g, b1, bl->b[i], eg->neg_g, eg->bn) ||
		    elgamal_muly(eg, cm[3], bl->s1[i], b1, t) == -1 ||
		    elgamal_bit_challenge(eg, d, i, cm, c) == -1 ||
		    !BN_mod_sub(c, c, bl->c0[i], eg->n, eg->bn) ||
		    BN_cmp(c, bl->c1[i]) != 0)
			goto done;
	}
	if (elgamal_ct_sum(eg, k, bl->a, bl->b, eg->tmp[4], eg->tmp[5]) == -1 ||
	    elgamal_neg(eg, t, bl->c) == -1 ||
	    elgamal_mul(eg, cm[0], bl->s, eg->tmp[4], t) == -1 ||
	    elgamal_muly(eg, cm[1], bl->s, eg->tmp[5], t) == -1 ||
	    elgamal_sum_challenge(eg, d, cm[0], cm[1], c) == -1 ||
	    BN_cmp(c, bl->c) != 0)
		goto done;
	rc = 0;
done:
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* The Schnorr challenge of a key share. */
static int
elgamal_share_challenge(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, const EC_POINT *x, const EC_POINT *t, BIGNUM *c)
{
	elgamal_hash_begin(eg, "share");
	elgamal_hash_put(eg, ctx, ctxlen);
	elgamal_hash_point(eg, x);
	elgamal_hash_point(eg, t);
	return elgamal_hash_scalar(eg, c);
}

/* Makes a key share x, X = xG with a Schnorr proof bound to ctx. */
int
elgamal_share_make(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    uint8_t secret[ELGAMAL_SCALAR_LEN], uint8_t share[ELGAMAL_SHARE_LEN])
{
	BIGNUM *x = NULL, *w = NULL, *c, *s;
	EC_POINT *px = eg->tmp[0], *pt = eg->tmp[1];
	int rc = -1;

	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	if ((s = BN_CTX_get(eg->bn)) == NULL ||
	    (x = elgamal_secret_new()) == NULL ||
	    (w = elgamal_secret_new()) == NULL ||
	    elgamal_rand(eg, x) == -1 ||
	    elgamal_mul(eg, px, x, NULL, NULL) == -1 ||
	    elgamal_rand(eg, w) == -1 ||
	    elgamal_mul(eg, pt, w, NULL, NULL) == -1 ||
	    elgamal_share_challenge(eg, ctx, ctxlen, px, pt, c) == -1 ||
	    elgamal_respond(eg, s, w, c, x) == -1)
		goto done;
	share[0] = ELGAMAL_VERSION;
	if (elgamal_point_put(eg, px, share + 1) == -1 ||
	    elgamal_scalar_put(c, share + 34) == -1 ||
	    elgamal_scalar_put(s, share + 66) == -1 ||
	    elgamal_scalar_put(x, secret) == -1)
		goto done;
	rc = 0;
done:
	BN_clear_free(x);
	BN_clear_free(w);
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* Decodes a share's X (and its proof's c and s when wanted). 0 or -1. */
static int
elgamal_share_decode(struct elgamal *eg, const uint8_t *share, size_t len,
    EC_POINT *x, BIGNUM *c, BIGNUM *s)
{
	if (share == NULL || len != ELGAMAL_SHARE_LEN ||
	    share[0] != ELGAMAL_VERSION ||
	    elgamal_point_get(eg, share + 1, x) == -1)
		return -1;
	if (c != NULL && (elgamal_scalar_get(eg, share + 34, c) == -1 ||
	    elgamal_scalar_get(eg, share + 66, s) == -1))
		return -1;
	return 0;
}

/* Checks a key share's proof for ctx. */
int
elgamal_share_verify(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    const uint8_t *share, size_t len)
{
	BIGNUM *c, *s, *t;
	EC_POINT *px = eg->tmp[0], *pt = eg->tmp[1];
	int rc = -1;

	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	s = BN_CTX_get(eg->bn);
	if ((t = BN_CTX_get(eg->bn)) == NULL ||
	    elgamal_share_decode(eg, share, len, px, c, s) == -1 ||
	    elgamal_neg(eg, t, c) == -1 ||
	    elgamal_mul(eg, pt, s, px, t) == -1 ||
	    elgamal_share_challenge(eg, ctx, ctxlen, px, pt, t) == -1 ||
	    BN_cmp(t, c) != 0)
		goto done;
	rc = 0;
done:
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* Y = sum of the shares' X. */
int
elgamal_key_combine(struct elgamal *eg, const uint8_t *const shares[],
    size_t n, uint8_t key[ELGAMAL_POINT_LEN])
{
	EC_POINT *sum = eg->tmp[0], *px = eg->tmp[1];
	size_t i;
	int rc = -1;

	if (n == 0 || !EC_POINT_set_to_infinity(eg->g, sum))
		goto done;
	for (i = 0; i < n; i++)
		if (elgamal_share_decode(eg, shares[i], ELGAMAL_SHARE_LEN, px,
		    NULL, NULL) == -1 ||
		    !EC_POINT_add(eg->g, sum, sum, px, eg->bn))
			goto done;
	rc = elgamal_point_put(eg, sum, key);
done:
	ERR_clear_error();
	return rc;
}

/* An empty tally of k options. */
struct elgamal_tally *
elgamal_tally_new(struct elgamal *eg, int k)
{
	struct elgamal_tally *t;
	int i;

	if (k < ELGAMAL_MIN_OPTIONS || k > ELGAMAL_MAX_OPTIONS ||
	    (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->k = k;
	for (i = 0; i < k; i++)
		if ((t->a[i] = EC_POINT_new(eg->g)) == NULL ||
		    (t->b[i] = EC_POINT_new(eg->g)) == NULL ||
		    !EC_POINT_set_to_infinity(eg->g, t->a[i]) ||
		    !EC_POINT_set_to_infinity(eg->g, t->b[i])) {
			elgamal_tally_free(t);
			return NULL;
		}
	return t;
}

/* Frees t; NULL is a no-op. */
void
elgamal_tally_free(struct elgamal_tally *t)
{
	if (t == NULL)
		return;
	elgamal_pairs_free(t->a, t->b, ELGAMAL_K);
	free(t);
}

/* Adds a ballot's ciphertexts to t. */
int
elgamal_tally_add(struct elgamal *eg, struct elgamal_tally *t,
    const uint8_t *ballot, size_t len)
{
	int i;

	if (elgamal_ballot_decode(eg, t->k, ballot, len) == -1)
		return -1;
	for (i = 0; i < t->k; i++)
		if (!EC_POINT_add(eg->g, t->a[i], t->a[i], eg->bl.a[i],
		    eg->bn) || !EC_POINT_add(eg->g, t->b[i], t->b[i],
		    eg->bl.b[i], eg->bn)) {
			ERR_clear_error();
			return -1;
		}
	t->count++;
	return 0;
}

/* How many ballots t holds. */
uint64_t
elgamal_tally_count(const struct elgamal_tally *t)
{
	return t->count;
}

/* The challenge of a decryption share's proof. */
static int
elgamal_dshare_challenge(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, const EC_POINT *x, const struct elgamal_tally *t,
    EC_POINT *const *dd, const EC_POINT *a, EC_POINT *const *bb, BIGNUM *c)
{
	int i;

	elgamal_hash_begin(eg, "decrypt");
	elgamal_hash_put(eg, ctx, ctxlen);
	elgamal_hash_put(eg, eg->ykey, ELGAMAL_POINT_LEN);
	elgamal_hash_point(eg, x);
	elgamal_hash_byte(eg, t->k);
	for (i = 0; i < t->k; i++)
		elgamal_hash_point(eg, t->a[i]);
	for (i = 0; i < t->k; i++)
		elgamal_hash_point(eg, dd[i]);
	elgamal_hash_point(eg, a);
	for (i = 0; i < t->k; i++)
		elgamal_hash_point(eg, bb[i]);
	return elgamal_hash_scalar(eg, c);
}

/* Points for a decryption share: D_i and the commitments b_i. */
struct elgamal_dpoints {
	EC_POINT	*d[ELGAMAL_K], *b[ELGAMAL_K];
};

/* Frees the points of dp. */
static void
elgamal_dpoints_free(struct elgamal_dpoints *dp)
{
	elgamal_pairs_free(dp->d, dp->b, ELGAMAL_K);
}

/* Allocates k pairs of points in dp (zeroed first). 0 or -1. */
static int
elgamal_dpoints_alloc(struct elgamal *eg, struct elgamal_dpoints *dp, int k)
{
	int i;

	memset(dp, 0, sizeof *dp);
	for (i = 0; i < k; i++)
		if ((dp->d[i] = EC_POINT_new(eg->g)) == NULL ||
		    (dp->b[i] = EC_POINT_new(eg->g)) == NULL)
			return -1;
	return 0;
}

/* A scrutineer's decryption share of t with its proof bound to ctx. */
int
elgamal_dshare_make(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    const uint8_t secret[ELGAMAL_SCALAR_LEN], const struct elgamal_tally *t,
    uint8_t *out)
{
	struct elgamal_dpoints dp;
	BIGNUM *x = NULL, *w = NULL, *c, *s;
	EC_POINT *px = eg->tmp[0], *pa = eg->tmp[1];
	uint8_t *p;
	int i, rc = -1;

	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	s = BN_CTX_get(eg->bn);
	if (elgamal_dpoints_alloc(eg, &dp, t->k) == -1 || s == NULL ||
	    eg->y == NULL || t->count == 0 ||
	    (x = elgamal_secret_new()) == NULL ||
	    (w = elgamal_secret_new()) == NULL ||
	    elgamal_scalar_get(eg, secret, x) == -1 || BN_is_zero(x) ||
	    elgamal_mul(eg, px, x, NULL, NULL) == -1 ||
	    elgamal_rand(eg, w) == -1 ||
	    elgamal_mul(eg, pa, w, NULL, NULL) == -1)
		goto done;
	for (i = 0; i < t->k; i++)
		if (EC_POINT_is_at_infinity(eg->g, t->a[i]) ||
		    elgamal_mul(eg, dp.d[i], NULL, t->a[i], x) == -1 ||
		    elgamal_mul(eg, dp.b[i], NULL, t->a[i], w) == -1)
			goto done;
	if (elgamal_dshare_challenge(eg, ctx, ctxlen, px, t, dp.d, pa, dp.b,
	    c) == -1 || elgamal_respond(eg, s, w, c, x) == -1)
		goto done;
	p = out;
	*p++ = ELGAMAL_VERSION;
	*p++ = (uint8_t)t->k;
	for (i = 0; i < t->k; i++, p += ELGAMAL_POINT_LEN)
		if (elgamal_point_put(eg, dp.d[i], p) == -1)
			goto done;
	if (elgamal_scalar_put(c, p) == -1 ||
	    elgamal_scalar_put(s, p + 32) == -1)
		goto done;
	rc = 0;
done:
	elgamal_dpoints_free(&dp);
	BN_clear_free(x);
	BN_clear_free(w);
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* Decodes a decryption share of k options: its D_i into d, and c, s when
 * wanted. 0 or -1. */
static int
elgamal_dshare_decode(struct elgamal *eg, int k, const uint8_t *p,
    size_t len, EC_POINT **d, BIGNUM *c, BIGNUM *s)
{
	int i;

	if (p == NULL || len != ELGAMAL_DSHARE_LEN(k) ||
	    p[0] != ELGAMAL_VERSION || p[1] != k)
		return -1;
	p += 2;
	for (i = 0; i < k; i++, p += ELGAMAL_POINT_LEN)
		if (elgamal_point_get(eg, p, d[i]) == -1)
			return -1;
	if (c != NULL && (elgamal_scalar_get(eg, p, c) == -1 ||
	    elgamal_scalar_get(eg, p + 32, s) == -1))
		return -1;
	return 0;
}

/* Checks a decryption share of t against its holder's key share. */
int
elgamal_dshare_verify(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    const uint8_t *share, const struct elgamal_tally *t,
    const uint8_t *dshare, size_t len)
{
	struct elgamal_dpoints dp;
	BIGNUM *c, *s, *nc;
	EC_POINT *px = eg->tmp[0], *pa = eg->tmp[1], *q = eg->tmp[2];
	int i, rc = -1;

	BN_CTX_start(eg->bn);
	c = BN_CTX_get(eg->bn);
	s = BN_CTX_get(eg->bn);
	nc = BN_CTX_get(eg->bn);
	if (elgamal_dpoints_alloc(eg, &dp, t->k) == -1 || nc == NULL ||
	    eg->y == NULL ||
	    elgamal_share_decode(eg, share, ELGAMAL_SHARE_LEN, px, NULL,
	    NULL) == -1 ||
	    elgamal_dshare_decode(eg, t->k, dshare, len, dp.d, c, s) == -1 ||
	    elgamal_neg(eg, nc, c) == -1 ||
	    elgamal_mul(eg, pa, s, px, nc) == -1)
		goto done;
	/* b_i = s A_i - c D_i: A_i is no generator here, so two calls. */
	for (i = 0; i < t->k; i++)
		if (elgamal_mul(eg, dp.b[i], NULL, t->a[i], s) == -1 ||
		    elgamal_mul(eg, q, NULL, dp.d[i], nc) == -1 ||
		    !EC_POINT_add(eg->g, dp.b[i], dp.b[i], q, eg->bn))
			goto done;
	if (elgamal_dshare_challenge(eg, ctx, ctxlen, px, t, dp.d, pa, dp.b,
	    nc) == -1 || BN_cmp(nc, c) != 0)
		goto done;
	rc = 0;
done:
	elgamal_dpoints_free(&dp);
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}

/* One baby step: a point's encoding and its multiple of G. */
struct elgamal_baby {
	uint8_t		 enc[ELGAMAL_POINT_LEN];
	uint32_t	 i;
};

/* Orders baby steps by encoding. */
static int
elgamal_baby_cmp(const void *x, const void *y)
{
	const struct elgamal_baby *a = x, *b = y;

	return memcmp(a->enc, b->enc, ELGAMAL_POINT_LEN);
}

/* Finds m in [0, max] with mG = q by baby-step giant-step over a sorted
 * table of w baby steps iG (1 <= i < w), giant step -wG. 0 or -1. */
static int
elgamal_dlog(struct elgamal *eg, const struct elgamal_baby *baby,
    uint32_t w, const EC_POINT *giant, const EC_POINT *q, uint32_t max,
    uint32_t *m)
{
	struct elgamal_baby key, *hit;
	EC_POINT *cur = eg->tmp[3];
	uint64_t j;

	if (!EC_POINT_copy(cur, q))
		return -1;
	for (j = 0; j * w <= max; j++) {
		if (EC_POINT_is_at_infinity(eg->g, cur)) {
			*m = (uint32_t)(j * w);
			return 0;
		}
		if (elgamal_point_put(eg, cur, key.enc) == -1)
			return -1;
		hit = bsearch(&key, baby, w - 1, sizeof *baby,
		    elgamal_baby_cmp);
		if (hit != NULL) {
			if (j * w + hit->i > max)
				return -1;
			*m = (uint32_t)(j * w + hit->i);
			return 0;
		}
		if (!EC_POINT_add(eg->g, cur, cur, giant, eg->bn))
			return -1;
	}
	return -1;
}

/* Combines every scrutineer's decryption share into t's counts. */
int
elgamal_tally_decrypt(struct elgamal *eg, const struct elgamal_tally *t,
    const uint8_t *const dshares[], size_t n, uint32_t max, uint32_t *counts)
{
	struct elgamal_dpoints dp;
	struct elgamal_baby *baby = NULL;
	EC_POINT *step = eg->tmp[0], *giant = eg->tmp[1], *m = eg->tmp[2];
	BIGNUM *bw;
	uint32_t w, i;
	size_t s;
	int o, rc = -1;

	BN_CTX_start(eg->bn);
	bw = BN_CTX_get(eg->bn);
	if (elgamal_dpoints_alloc(eg, &dp, t->k) == -1 || bw == NULL ||
	    n == 0 || max > ELGAMAL_MAX_COUNT)
		goto done;
	/* m = w j + i with 0 <= i < w: w - 1 baby steps iG, giant -wG. */
	for (w = 1; (uint64_t)w * w <= max; w++)
		;
	w = w < 2 ? 2 : w;
	if ((baby = calloc(w, sizeof *baby)) == NULL ||
	    !EC_POINT_set_to_infinity(eg->g, step))
		goto done;
	for (i = 1; i < w; i++) {
		if (!EC_POINT_add(eg->g, step, step,
		    EC_GROUP_get0_generator(eg->g), eg->bn) ||
		    elgamal_point_put(eg, step, baby[i - 1].enc) == -1)
			goto done;
		baby[i - 1].i = i;
	}
	qsort(baby, w - 1, sizeof *baby, elgamal_baby_cmp);
	if (!BN_set_word(bw, w) ||
	    elgamal_mul(eg, giant, NULL, eg->neg_g, bw) == -1)
		goto done;
	for (o = 0; o < t->k; o++)
		if (!EC_POINT_copy(dp.b[o], t->b[o]))
			goto done;
	/* M_o = B_o - sum D_o. */
	for (s = 0; s < n; s++) {
		if (elgamal_dshare_decode(eg, t->k, dshares[s],
		    ELGAMAL_DSHARE_LEN(t->k), dp.d, NULL, NULL) == -1)
			goto done;
		for (o = 0; o < t->k; o++)
			if (!EC_POINT_invert(eg->g, dp.d[o], eg->bn) ||
			    !EC_POINT_add(eg->g, dp.b[o], dp.b[o], dp.d[o],
			    eg->bn))
				goto done;
	}
	for (o = 0; o < t->k; o++)
		if (!EC_POINT_copy(m, dp.b[o]) ||
		    elgamal_dlog(eg, baby, w, giant, m, max, &counts[o]) == -1)
			goto done;
	rc = 0;
done:
	free(baby);
	elgamal_dpoints_free(&dp);
	BN_CTX_end(eg->bn);
	ERR_clear_error();
	return rc;
}
