/*
 * trail.c: recomputes the body trail's hash chain and checks its
 * signatures (see yishi.h). A member signature holds when its certificate
 * is the one named, chains to the inspector's CA, names the signer (its
 * CN), and the signed bytes name that CA's instance (proto/sign.h); that
 * the certificate is the one the body's trail registered for the signer is
 * the replay's check (client/cli/replay.c). docs/trail.md says why.
 */
#include "yishi.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509_vfy.h>

#include "hex.h"
#include "serverkey.h"
#include "sign.h"

/* Hashes one trail entry as sql/trail_functions.sql trail_digest does. */
YISHI_EXPORT int
yishi_trail_digest(const uint8_t prev[32], uint64_t body, uint64_t seq,
    int64_t at_us, const char *actor, const char *action, const char *payload,
    uint8_t out[32])
{
	EVP_MD_CTX *md;
	char nums[96];
	unsigned int outlen = 0;
	int n, ok;

	n = snprintf(nums, sizeof nums, "%" PRIu64 "\n%" PRIu64 "\n%" PRId64
	    "\n", body, seq, at_us);
	if (n < 0 || (size_t)n >= sizeof nums)
		return -1;
	md = EVP_MD_CTX_new();
	if (md == NULL)
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, prev, 32) == 1 &&
	    EVP_DigestUpdate(md, nums, (size_t)n) == 1 &&
	    EVP_DigestUpdate(md, actor, strlen(actor)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, action, strlen(action)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, payload, strlen(payload)) == 1 &&
	    EVP_DigestFinal_ex(md, out, &outlen) == 1 && outlen == 32;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

/* Feeds a decimal length, a colon and the text (as 003 digests it). */
static int
trail_put_counted(EVP_MD_CTX *md, const char *s)
{
	char num[32];
	size_t n = strlen(s);
	int k = snprintf(num, sizeof num, "%zu:", n);

	return EVP_DigestUpdate(md, num, (size_t)k) == 1 &&
	    EVP_DigestUpdate(md, s, n) == 1;
}

/* Hashes one signed trail entry as sql/trail_functions.sql
 * trail_digest_signed does. */
static int
trail_digest_signed(const uint8_t prev[32], const Yishi__TrailEntry *e,
    uint8_t out[32])
{
	EVP_MD_CTX *md;
	char nums[96], fp[65], *sig;
	unsigned int outlen = 0;
	int n, ok;

	if (e->cert_fp.len != 32)
		return -1;
	n = snprintf(nums, sizeof nums, "%" PRIu64 "\n%" PRIu64 "\n%" PRId64
	    "\n", e->body, e->seq, e->at_us);
	if (n < 0 || (size_t)n >= sizeof nums)
		return -1;
	hex_encode(e->cert_fp.data, 32, fp);
	if ((sig = malloc(2 * e->signature.len + 1)) == NULL)
		return -1;
	hex_encode(e->signature.data, e->signature.len, sig);
	if ((md = EVP_MD_CTX_new()) == NULL) {
		free(sig);
		return -1;
	}
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, prev, 32) == 1 &&
	    EVP_DigestUpdate(md, nums, (size_t)n) == 1 &&
	    EVP_DigestUpdate(md, e->actor, strlen(e->actor)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, e->action, strlen(e->action)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    trail_put_counted(md, e->payload) &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, e->signer, strlen(e->signer)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, fp, 64) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    trail_put_counted(md, e->signed_) &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, sig, strlen(sig)) == 1 &&
	    EVP_DigestFinal_ex(md, out, &outlen) == 1 && outlen == 32;
	EVP_MD_CTX_free(md);
	free(sig);
	return ok ? 0 : -1;
}

/* The hash of entry e after one whose hash is prev, signed or not, as the
 * database makes it (yishi.h). */
YISHI_EXPORT int
yishi_trail_entry_hash(const uint8_t prev[32], const Yishi__TrailEntry *e,
    uint8_t out[32])
{
	return e->signature.len != 0 ? trail_digest_signed(prev, e, out) :
	    yishi_trail_digest(prev, e->body, e->seq, e->at_us,
	    e->actor ? e->actor : "", e->action ? e->action : "",
	    e->payload ? e->payload : "", out);
}

/* The instance (sign.h) of the CA at the end of ctx's verified chain into
 * out; 0 or -1. */
static int
trail_anchor(X509_STORE_CTX *ctx, char out[SIGN_INSTANCE_LEN + 1])
{
	STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
	int n = chain != NULL ? sk_X509_num(chain) : 0;

	return n > 0 ? sign_instance_of(sk_X509_value(chain, n - 1), out) : -1;
}

/* Checks that certificate x names the signer of e (its CN, which `yishid
 * issue` sets to the identity's name) and that the bytes e signed name
 * instance, the CA x chains to. 0, or -1 with why. */
static int
trail_signer_named(const Yishi__TrailEntry *e, X509 *x, const char *instance,
    char *why, size_t whylen)
{
	char cn[256], named[SIGN_INSTANCE_LEN + 1];
	int n = X509_NAME_get_text_by_NID(X509_get_subject_name(x),
	    NID_commonName, cn, (int)sizeof cn);

	if (n <= 0 || (size_t)n != strlen(cn) || strcmp(cn, e->signer) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": signed by the "
		    "certificate of %s, not of %s", e->seq,
		    n > 0 ? cn : "nobody", e->signer);
		return -1;
	}
	if (sign_canon_instance(e->signed_, named) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": what %s signed names "
		    "no instance", e->seq, e->signer);
		return -1;
	}
	if (strcmp(named, instance) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": %s signed it for "
		    "another instance (%.16s…), not this one (%.16s…)",
		    e->seq, e->signer, named, instance);
		return -1;
	}
	return 0;
}

/* Checks a signed entry's signature with the certificate it names, which
 * must chain to the instance CA and name the signer (see yishi.h). */
YISHI_EXPORT int
yishi_trail_verify_signature(const Yishi__TrailEntry *e,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    char *why, size_t whylen)
{
	X509 *x = NULL;
	X509_STORE_CTX *ctx = NULL;
	char instance[SIGN_INSTANCE_LEN + 1];
	uint8_t fp[32];
	size_t i;
	int rc = -1;

	if (e->signature.len == 0)
		return 0;
	for (i = 0; i < ncerts && x == NULL; i++)
		if (certs[i]->fingerprint.len == 32 &&
		    e->cert_fp.len == 32 && memcmp(certs[i]->fingerprint.data,
		    e->cert_fp.data, 32) == 0)
			x = sign_cert_from_pem(certs[i]->pem);
	if (x == NULL) {
		snprintf(why, whylen, "entry %" PRIu64 ": the certificate of "
		    "its signer %s is missing", e->seq, e->signer);
		return -1;
	}
	if (sign_cert_fingerprint(x, fp) != 0 ||
	    memcmp(fp, e->cert_fp.data, 32) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": the certificate "
		    "given for %s is not the one that signed", e->seq,
		    e->signer);
		goto out;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, ca, x, NULL) != 1 ||
	    X509_verify_cert(ctx) != 1 || trail_anchor(ctx, instance) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": the certificate of "
		    "%s was not issued by this instance's CA", e->seq,
		    e->signer);
		goto out;
	}
	if (trail_signer_named(e, x, instance, why, whylen) != 0)
		goto out;
	if (sign_verify(x, e->signed_, strlen(e->signed_), e->signature.data,
	    e->signature.len) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": the signature of %s "
		    "does not verify", e->seq, e->signer);
		goto out;
	}
	rc = 0;
out:
	X509_STORE_CTX_free(ctx);
	X509_free(x);
	return rc;
}

/* Finds the certificate with fingerprint fp among certs and checks that it
 * is that one and chains to ca, whose instance goes into instance; NULL
 * with why set when not. */
static X509 *
trail_cert(const ProtobufCBinaryData *fp, Yishi__Certificate *const *certs,
    size_t ncerts, X509_STORE *ca, const char *whose,
    char instance[SIGN_INSTANCE_LEN + 1], char *why, size_t whylen)
{
	X509 *x = NULL;
	X509_STORE_CTX *ctx = NULL;
	uint8_t got[32];
	size_t i;

	for (i = 0; i < ncerts && x == NULL; i++)
		if (fp->len == 32 && certs[i]->fingerprint.len == 32 &&
		    memcmp(certs[i]->fingerprint.data, fp->data, 32) == 0)
			x = sign_cert_from_pem(certs[i]->pem);
	if (x == NULL) {
		snprintf(why, whylen, "the certificate of %s is missing",
		    whose);
		return NULL;
	}
	if (sign_cert_fingerprint(x, got) != 0 ||
	    memcmp(got, fp->data, 32) != 0) {
		snprintf(why, whylen, "the certificate given for %s is not the "
		    "one that signed", whose);
		X509_free(x);
		return NULL;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, ca, x, NULL) != 1 ||
	    X509_verify_cert(ctx) != 1 || trail_anchor(ctx, instance) != 0) {
		snprintf(why, whylen, "the certificate of %s was not issued by "
		    "this instance's CA", whose);
		X509_STORE_CTX_free(ctx);
		X509_free(x);
		return NULL;
	}
	X509_STORE_CTX_free(ctx);
	return x;
}

/* Checks that x is a checkpoint key's certificate (its purpose) and, when
 * pinned is given, of that key; the key's fingerprint into got. 0, or -1
 * with why set. */
static int
trail_checkpoint_key(X509 *x, const Yishi__Checkpoint *c,
    const uint8_t *pinned, uint8_t got[32], char *why, size_t whylen)
{
	char have[SERVERKEY_FP_TEXT], want[SERVERKEY_FP_TEXT];

	if (!serverkey_has_purpose(x)) {
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": its "
		    "certificate is not the server's checkpoint key (it lacks "
		    "the purpose %s): a member's or another key signed it",
		    c->seq, SERVERKEY_PURPOSE_OID);
		return -1;
	}
	if (serverkey_fp(x, got) != 0) {
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": cannot "
		    "read its key", c->seq);
		return -1;
	}
	if (pinned != NULL && memcmp(got, pinned, 32) != 0) {
		serverkey_fp_text(got, have);
		serverkey_fp_text(pinned, want);
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": signed "
		    "by the key %s, not by the server's key %s that is "
		    "trusted", c->seq, have, want);
		return -1;
	}
	return 0;
}

/* Checks a server checkpoint's certificate and signature (see yishi.h). */
YISHI_EXPORT int
yishi_checkpoint_verify(const Yishi__Checkpoint *c,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    const uint8_t *pinned, uint8_t *key_fp, char *why, size_t whylen)
{
	char sub[200], *canon, instance[SIGN_INSTANCE_LEN + 1];
	uint8_t got[32];
	size_t len = 0;
	X509 *x;
	int rc;

	if (c->hash.len != 32) {
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": its "
		    "hash is malformed", c->seq);
		return -1;
	}
	if ((x = trail_cert(&c->cert_fp, certs, ncerts, ca, "the server",
	    instance, sub, sizeof sub)) == NULL) {
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": %s",
		    c->seq, sub);
		return -1;
	}
	if (trail_checkpoint_key(x, c, pinned, got, why, whylen) != 0) {
		X509_free(x);
		return -1;
	}
	if (key_fp != NULL)
		memcpy(key_fp, got, 32);
	if ((canon = sign_canon_checkpoint(instance, c->body, c->seq,
	    c->hash.data, c->at_us, &len)) == NULL) {
		X509_free(x);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	rc = sign_verify(x, canon, len, c->signature.data, c->signature.len);
	free(canon);
	X509_free(x);
	if (rc != 0)
		snprintf(why, whylen, "checkpoint at entry %" PRIu64 ": the "
		    "server's signature does not verify", c->seq);
	return rc;
}

/* The certificate of the checkpoint key that signed c, chained to ca, and
 * the instance it belongs to (see yishi.h). */
YISHI_EXPORT X509 *
yishi_checkpoint_key(const Yishi__Checkpoint *c,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    char instance[65], char *why, size_t whylen)
{
	X509 *x;

	if ((x = trail_cert(&c->cert_fp, certs, ncerts, ca, "the server",
	    instance, why, whylen)) != NULL && !serverkey_has_purpose(x)) {
		snprintf(why, whylen, "the certificate of the server is not "
		    "its checkpoint key's");
		X509_free(x);
		x = NULL;
	}
	return x;
}

/* Checks the server's vouch for entry e with its key (see yishi.h). */
YISHI_EXPORT int
yishi_trail_verify_vouch(const Yishi__TrailEntry *e, X509 *key,
    const char *instance, char *why, size_t whylen)
{
	struct sign_entry se;
	char *canon;
	size_t len = 0;
	int rc;

	if (e->vouch.len == 0) {
		snprintf(why, whylen, "entry %" PRIu64 " carries no vouch of "
		    "the server", e->seq);
		return -1;
	}
	memset(&se, 0, sizeof se);
	se.body = e->body;
	se.seq = e->seq;
	se.at_us = e->at_us;	/* the daemon chose it and vouched for it */
	se.actor = e->actor != NULL ? e->actor : "";
	se.action = e->action != NULL ? e->action : "";
	se.payload = e->payload != NULL ? e->payload : "";
	if (e->signature.len != 0) {
		se.signer = e->signer;
		se.signed_text = e->signed_;
		se.signature = e->signature.data;
		se.siglen = e->signature.len;
		se.cert_fp = e->cert_fp.data;
		se.fplen = e->cert_fp.len;
	}
	if ((canon = sign_canon_vouch(instance, &se, &len)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	rc = sign_verify(key, canon, len, e->vouch.data, e->vouch.len);
	free(canon);
	if (rc != 0)
		snprintf(why, whylen, "entry %" PRIu64 ": the server's vouch "
		    "does not verify", e->seq);
	return rc;
}

/* Starts a check of body's trail from its first entry. */
YISHI_EXPORT void
yishi_trail_init(struct yishi_trail_state *st, uint64_t body)
{
	memset(st, 0, sizeof *st);
	st->body = body;
}

/* Checks that e follows st (see yishi.h). */
YISHI_EXPORT int
yishi_trail_check(struct yishi_trail_state *st, const Yishi__TrailEntry *e,
    char *why, size_t whylen)
{
	uint8_t h[32];

	if (e->body != st->body) {
		snprintf(why, whylen, "entry %" PRIu64 " belongs to body %"
		    PRIu64 ", not %" PRIu64, e->seq, e->body, st->body);
		return -1;
	}
	if (e->seq != st->seq + 1) {
		snprintf(why, whylen, "entry %" PRIu64 " follows entry %"
		    PRIu64 ": the sequence has a gap or a repeat", e->seq,
		    st->seq);
		return -1;
	}
	if (e->prev_hash.len != 32 ||
	    memcmp(e->prev_hash.data, st->hash, 32) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": prev_hash does not "
		    "match the hash of entry %" PRIu64, e->seq, st->seq);
		return -1;
	}
	if (e->signature.len != 0 ? trail_digest_signed(st->hash, e, h) == -1 :
	    yishi_trail_digest(st->hash, e->body, e->seq, e->at_us,
	    e->actor ? e->actor : "", e->action ? e->action : "",
	    e->payload ? e->payload : "", h) == -1) {
		snprintf(why, whylen, "entry %" PRIu64 ": cannot hash", e->seq);
		return -1;
	}
	if (e->hash.len != 32 || memcmp(e->hash.data, h, 32) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": hash does not match "
		    "its content", e->seq);
		return -1;
	}
	st->seq = e->seq;
	memcpy(st->hash, h, 32);
	return 0;
}
