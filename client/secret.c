/*
 * secret.c: a member's part in an encrypted secret vote (docs/ballot.md):
 * a scrutineer's key share and decryption share, a voter's ballot. The
 * mathematics is proto/elgamal.h's; this module checks what the server
 * offers before any of it is used (the scrutineers' shares, signatures and
 * certificates; every ballot before a decryption) and builds the bytes the
 * member signs (proto/sign.h).
 */
#include "yishi.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "ballot.h"
#include "conn.h"
#include "elgamal.h"
#include "sign.h"

/* Whether v is a secret vote whose round and options this client knows. */
static int
secret_vote_usable(const Yishi__Vote *v, struct yishi_error *err)
{
	size_t i;

	if (v == NULL || v->method == NULL || strcmp(v->method, "secret") != 0 ||
	    v->round == 0) {
		conn_error(err, YISHI_E_ARG, "not a secret vote");
		return -1;
	}
	if (v->n_options == 0)
		return 0;
	if (v->n_options != BALLOT_OPTIONS) {
		conn_error(err, YISHI_E_PROTOCOL, "the vote has %zu options, "
		    "this client knows %d", v->n_options, BALLOT_OPTIONS);
		return -1;
	}
	for (i = 0; i < v->n_options; i++)
		if (v->options[i] == NULL || strcmp(v->options[i],
		    ballot_option_name((int)i)) != 0) {
			conn_error(err, YISHI_E_PROTOCOL, "the vote's option "
			    "%zu is not %s", i + 1,
			    ballot_option_name((int)i));
			return -1;
		}
	return 0;
}

/* The scrutineer entry of member in v, or NULL. */
static const Yishi__Scrutineer *
secret_scrutineer(const Yishi__Vote *v, const char *member)
{
	size_t i;

	for (i = 0; i < v->n_scrutineers; i++)
		if (v->scrutineers[i]->member != NULL &&
		    strcmp(v->scrutineers[i]->member, member) == 0)
			return v->scrutineers[i];
	return NULL;
}

/* The proof context of scrutineer member for v; malloc'd, NULL when out of
 * memory. */
static uint8_t *
secret_ctx_scrutineer(struct yishi_conn *c, uint64_t body,
    const Yishi__Vote *v, const char *member, size_t *len)
{
	return ballot_ctx_scrutineer(c->instance, body, v->item, v->round,
	    member, len);
}

/* Fills out with the signed text of action ("key", "ballot", "decrypt")
 * over the digest of out->bytes. 0, or -1 with err. */
static int
secret_canon(struct yishi_conn *c, uint64_t body, uint64_t meeting,
    const Yishi__Vote *v, const char *action, struct yishi_secret_part *out,
    struct yishi_error *err)
{
	char digest[65];

	ballot_digest_hex(out->bytes, out->len, digest);
	if (strcmp(action, "key") == 0)
		out->canon = sign_canon_scrutineer_key(c->instance, body,
		    meeting, v->item, c->name, v->round, digest,
		    &out->canonlen);
	else if (strcmp(action, "ballot") == 0)
		out->canon = sign_canon_secret_ballot(c->instance, body,
		    meeting, v->item, c->name, v->round, digest,
		    &out->canonlen);
	else
		out->canon = sign_canon_scrutineer_decrypt(c->instance, body,
		    meeting, v->item, c->name, v->round, digest,
		    &out->canonlen);
	if (out->canon == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* Checks that cert (DER) chains to the connection's instance CA and names
 * member (its CN). 0, or -1 with why. */
static int
secret_cert_check(struct yishi_conn *c, const ProtobufCBinaryData *der,
    const char *member, X509 **out, char *why, size_t whylen)
{
	const unsigned char *p = der->data;
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *chain;
	X509 *x;
	char cn[256], inst[SIGN_INSTANCE_LEN + 1];
	int n, rc = -1;

	*out = NULL;
	if (der->len == 0 || der->len > 65536 ||
	    (x = d2i_X509(NULL, &p, (long)der->len)) == NULL ||
	    p != der->data + der->len) {
		snprintf(why, whylen, "no certificate for %s", member);
		return -1;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, SSL_CTX_get_cert_store(c->ctx), x,
	    NULL) != 1 || X509_verify_cert(ctx) != 1 ||
	    (chain = X509_STORE_CTX_get0_chain(ctx)) == NULL ||
	    sk_X509_num(chain) < 1 || sign_instance_of(sk_X509_value(chain,
	    sk_X509_num(chain) - 1), inst) != 0 ||
	    strcmp(inst, c->instance) != 0) {
		snprintf(why, whylen, "the certificate given for %s was not "
		    "issued by this instance's CA", member);
		goto out;
	}
	n = X509_NAME_get_text_by_NID(X509_get_subject_name(x),
	    NID_commonName, cn, (int)sizeof cn);
	if (n <= 0 || (size_t)n != strlen(cn) || strcmp(cn, member) != 0) {
		snprintf(why, whylen, "the certificate given for %s names %s",
		    member, n > 0 ? cn : "nobody");
		goto out;
	}
	rc = 0;
out:
	X509_STORE_CTX_free(ctx);
	if (rc == 0)
		*out = x;
	else
		X509_free(x);
	return rc;
}

/* Checks one scrutineer's published key share: certificate, signature,
 * proof. 0, or -1 with why. */
static int
secret_share_check(struct yishi_conn *c, struct elgamal *eg, uint64_t body,
    uint64_t meeting, const Yishi__Vote *v, const Yishi__Scrutineer *s,
    char *why, size_t whylen)
{
	char digest[65], *canon;
	uint8_t *ctx;
	size_t len = 0, ctxlen = 0;
	X509 *x;
	int rc = -1;

	if (s->share.len != ELGAMAL_SHARE_LEN) {
		snprintf(why, whylen, "the key share of %s is missing",
		    s->member);
		return -1;
	}
	if (secret_cert_check(c, &s->cert, s->member, &x, why, whylen) != 0)
		return -1;
	ballot_digest_hex(s->share.data, s->share.len, digest);
	canon = sign_canon_scrutineer_key(c->instance, body, meeting, v->item,
	    s->member, v->round, digest, &len);
	ctx = secret_ctx_scrutineer(c, body, v, s->member, &ctxlen);
	if (canon == NULL || ctx == NULL)
		snprintf(why, whylen, "out of memory");
	else if (sign_verify(x, canon, len, s->share_signature.data,
	    s->share_signature.len) != 0)
		snprintf(why, whylen, "the key share of %s is not signed by %s",
		    s->member, s->member);
	else if (elgamal_share_verify(eg, ctx, ctxlen, s->share.data,
	    s->share.len) != 0)
		snprintf(why, whylen, "the proof of %s's key share does not "
		    "hold for this vote", s->member);
	else
		rc = 0;
	free(canon);
	free(ctx);
	X509_free(x);
	return rc;
}

/*
 * Checks that v->key is the sum of the scrutineers' shares, each made,
 * signed and proved by the scrutineer named (at least two, each once).
 * 0, or -1 with err (YISHI_E_FORGED when it does not hold).
 */
static int
secret_key_check(struct yishi_conn *c, uint64_t body, uint64_t meeting,
    const Yishi__Vote *v, struct yishi_error *err)
{
	const uint8_t **shares = NULL;
	uint8_t key[ELGAMAL_POINT_LEN];
	struct elgamal *eg;
	char why[512];
	size_t i, k;
	int rc = -1;

	if (v->n_scrutineers < 2 || v->key.len != ELGAMAL_POINT_LEN) {
		conn_error(err, YISHI_E_FORGED, "the vote's key is %s",
		    v->n_scrutineers < 2 ? "not held by two scrutineers or "
		    "more" : "missing");
		return -1;
	}
	if ((eg = elgamal_new(NULL)) == NULL ||
	    (shares = calloc(v->n_scrutineers, sizeof *shares)) == NULL) {
		elgamal_free(eg);
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < v->n_scrutineers; i++) {
		const Yishi__Scrutineer *s = v->scrutineers[i];

		for (k = 0; k < i; k++)
			if (strcmp(v->scrutineers[k]->member, s->member) == 0)
				break;
		if (k < i) {
			conn_error(err, YISHI_E_FORGED, "%s is named twice as "
			    "a scrutineer", s->member);
			goto out;
		}
		if (secret_share_check(c, eg, body, meeting, v, s, why,
		    sizeof why) != 0) {
			conn_error(err, YISHI_E_FORGED, "%s", why);
			goto out;
		}
		shares[i] = s->share.data;
	}
	if (elgamal_key_combine(eg, shares, v->n_scrutineers, key) != 0 ||
	    memcmp(key, v->key.data, sizeof key) != 0) {
		conn_error(err, YISHI_E_FORGED, "the vote's key is not the sum "
		    "of the scrutineers' shares");
		goto out;
	}
	rc = 0;
out:
	free(shares);
	elgamal_free(eg);
	return rc;
}

/*
 * Ends a yishi_secret_* call: out is emptied when it failed (rc != 0), the
 * context bytes and the curve are freed either way; returns rc.
 */
static int
secret_done(int rc, struct yishi_secret_part *out, uint8_t *ctx,
    struct elgamal *eg)
{
	if (rc != 0) {
		free(out->bytes);
		memset(out, 0, sizeof *out);
	}
	free(ctx);
	elgamal_free(eg);
	return rc;
}

/* Makes a scrutineer's key share (see yishi.h). */
YISHI_EXPORT int
yishi_secret_share(struct yishi_conn *c, uint64_t body, uint64_t meeting,
    const Yishi__Vote *v, uint8_t secret[YISHI_SECRET_LEN],
    struct yishi_secret_part *out, struct yishi_error *err)
{
	struct elgamal *eg = NULL;
	uint8_t *ctx = NULL;
	size_t ctxlen = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (secret_vote_usable(v, err) != 0)
		return -1;
	if (secret_scrutineer(v, c->name) == NULL) {
		conn_error(err, YISHI_E_ARG, "%s is not a scrutineer of this "
		    "vote", c->name);
		return -1;
	}
	if ((eg = elgamal_new(NULL)) == NULL ||
	    (ctx = secret_ctx_scrutineer(c, body, v, c->name,
	    &ctxlen)) == NULL ||
	    (out->bytes = malloc(ELGAMAL_SHARE_LEN)) == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		goto out;
	}
	out->len = ELGAMAL_SHARE_LEN;
	if (elgamal_share_make(eg, ctx, ctxlen, secret, out->bytes) != 0) {
		conn_error(err, YISHI_E_NOMEM, "cannot make a key share");
		goto out;
	}
	rc = secret_canon(c, body, meeting, v, "key", out, err);
out:
	if (rc != 0)
		OPENSSL_cleanse(secret, YISHI_SECRET_LEN);
	return secret_done(rc, out, ctx, eg);
}

/* Encrypts the member's choice under the checked key (see yishi.h). */
YISHI_EXPORT int
yishi_secret_ballot(struct yishi_conn *c, uint64_t body, uint64_t meeting,
    const Yishi__Vote *v, const char *choice, struct yishi_secret_part *out,
    struct yishi_error *err)
{
	struct elgamal *eg = NULL;
	uint8_t *ctx = NULL;
	size_t ctxlen = 0;
	int opt, rc = -1;

	memset(out, 0, sizeof *out);
	if (secret_vote_usable(v, err) != 0)
		return -1;
	if (choice == NULL || (opt = ballot_option_index(choice)) < 0) {
		conn_error(err, YISHI_E_ARG, "not a choice of this vote");
		return -1;
	}
	/* Never encrypt under a key the scrutineers did not make. */
	if (secret_key_check(c, body, meeting, v, err) != 0)
		return -1;
	if ((eg = elgamal_new(v->key.data)) == NULL ||
	    (ctx = ballot_ctx_voter(c->instance, body, v->item, v->round,
	    c->name, &ctxlen)) == NULL ||
	    (out->bytes = malloc(ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS))) == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		goto out;
	}
	out->len = ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS);
	if (elgamal_ballot_make(eg, ctx, ctxlen, BALLOT_OPTIONS, opt,
	    out->bytes) != 0) {
		conn_error(err, YISHI_E_NOMEM, "cannot encrypt the ballot");
		goto out;
	}
	rc = secret_canon(c, body, meeting, v, "ballot", out, err);
out:
	return secret_done(rc, out, ctx, eg);
}

/* Whether secret's public point x G is the X of share. */
static int
secret_is_share_of(const uint8_t secret[YISHI_SECRET_LEN],
    const uint8_t *share, size_t len)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *p = NULL;
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *x = BN_secure_new();
	uint8_t X[ELGAMAL_POINT_LEN];
	int ok = 0;

	if (g != NULL && bc != NULL && x != NULL &&
	    len == ELGAMAL_SHARE_LEN &&
	    (p = EC_POINT_new(g)) != NULL) {
		BN_set_flags(x, BN_FLG_CONSTTIME);
		ok = BN_bin2bn(secret, YISHI_SECRET_LEN, x) != NULL &&
		    !BN_is_zero(x) && BN_cmp(x, EC_GROUP_get0_order(g)) < 0 &&
		    EC_POINT_mul(g, p, x, NULL, NULL, bc) == 1 &&
		    EC_POINT_point2oct(g, p, POINT_CONVERSION_COMPRESSED, X,
		    sizeof X, bc) == sizeof X &&
		    memcmp(X, share + 1, sizeof X) == 0;
	}
	BN_clear_free(x);
	EC_POINT_free(p);
	BN_CTX_free(bc);
	EC_GROUP_free(g);
	return ok;
}

/* Orders ballots by voter name (qsort). */
static int
secret_by_member(const void *a, const void *b)
{
	const Yishi__Ballot *x = *(const Yishi__Ballot *const *)a;
	const Yishi__Ballot *y = *(const Yishi__Ballot *const *)b;

	return strcmp(x->member, y->member);
}

/* Whether the n ballots name a voter each, each voter once. */
static int
secret_one_each(Yishi__Ballot *const *ballots, size_t n)
{
	Yishi__Ballot **s;
	size_t i;
	int ok = 1;

	for (i = 0; i < n; i++)
		if (ballots[i]->member == NULL || ballots[i]->member[0] == '\0')
			return 0;
	if (n < 2)
		return 1;
	if ((s = malloc(n * sizeof *s)) == NULL)
		return 0;
	memcpy(s, ballots, n * sizeof *s);
	qsort(s, n, sizeof *s, secret_by_member);
	for (i = 1; i < n && ok; i++)
		ok = strcmp(s[i - 1]->member, s[i]->member) != 0;
	free(s);
	return ok;
}

/* Checks every ballot and adds it into t. 0, or -1 with err. */
static int
secret_tally(struct yishi_conn *c, uint64_t body, const Yishi__Vote *v,
    struct elgamal *eg, struct elgamal_tally *t,
    Yishi__Ballot *const *ballots, size_t n, struct yishi_error *err)
{
	uint8_t *ctx;
	size_t i, ctxlen = 0;
	int bad;

	if (n != v->cast) {
		conn_error(err, YISHI_E_FORGED, "the server gave %zu ballots "
		    "for %u cast", n, v->cast);
		return -1;
	}
	if (!secret_one_each(ballots, n)) {
		conn_error(err, YISHI_E_FORGED, "the ballots are not one per "
		    "voter");
		return -1;
	}
	for (i = 0; i < n; i++) {
		const Yishi__Ballot *b = ballots[i];

		if ((ctx = ballot_ctx_voter(c->instance, body, v->item,
		    v->round, b->member, &ctxlen)) == NULL) {
			conn_error(err, YISHI_E_NOMEM, "out of memory");
			return -1;
		}
		bad = elgamal_ballot_verify(eg, ctx, ctxlen, BALLOT_OPTIONS,
		    b->ballot.data, b->ballot.len) != 0 ||
		    elgamal_tally_add(eg, t, b->ballot.data,
		    b->ballot.len) != 0;
		free(ctx);
		if (bad) {
			conn_error(err, YISHI_E_FORGED, "the ballot of %s does "
			    "not hold (its proofs fail for this vote)",
			    b->member);
			return -1;
		}
	}
	return 0;
}

/* Decrypts the scrutineer's share of the tally it recomputed (see
 * yishi.h). */
YISHI_EXPORT int
yishi_secret_dshare(struct yishi_conn *c, uint64_t body, uint64_t meeting,
    const Yishi__Vote *v, Yishi__Ballot *const *ballots, size_t n,
    const uint8_t secret[YISHI_SECRET_LEN], struct yishi_secret_part *out,
    struct yishi_error *err)
{
	const Yishi__Scrutineer *me;
	struct elgamal *eg = NULL;
	struct elgamal_tally *t = NULL;
	uint8_t *ctx = NULL;
	size_t ctxlen = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (secret_vote_usable(v, err) != 0)
		return -1;
	if ((me = secret_scrutineer(v, c->name)) == NULL) {
		conn_error(err, YISHI_E_ARG, "%s is not a scrutineer of this "
		    "vote", c->name);
		return -1;
	}
	if (!secret_is_share_of(secret, me->share.data, me->share.len)) {
		conn_error(err, YISHI_E_ARG, "the secret kept here is not the "
		    "one of the key share %s published", c->name);
		return -1;
	}
	if (secret_key_check(c, body, meeting, v, err) != 0)
		return -1;
	if (n == 0) {
		conn_error(err, YISHI_E_ARG, "no ballot to count");
		return -1;
	}
	if ((eg = elgamal_new(v->key.data)) == NULL ||
	    (t = elgamal_tally_new(eg, BALLOT_OPTIONS)) == NULL ||
	    (ctx = secret_ctx_scrutineer(c, body, v, c->name,
	    &ctxlen)) == NULL ||
	    (out->bytes = malloc(ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS))) == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		goto out;
	}
	out->len = ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS);
	if (secret_tally(c, body, v, eg, t, ballots, n, err) != 0)
		goto out;
	if (elgamal_dshare_make(eg, ctx, ctxlen, secret, t, out->bytes) != 0) {
		conn_error(err, YISHI_E_NOMEM, "cannot decrypt the tally");
		goto out;
	}
	rc = secret_canon(c, body, meeting, v, "decrypt", out, err);
out:
	elgamal_tally_free(t);
	return secret_done(rc, out, ctx, eg);
}
