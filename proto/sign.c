/* sign.c: canonical encodings and ECDSA signatures (see sign.h). */
#include "sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "hex.h"

struct sign_buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

/* Appends n bytes, growing the buffer. */
static void
sign_put(struct sign_buf *b, const char *s, size_t n)
{
	char *q;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		if ((q = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends NAME "=" LEN ":" VALUE "\n". */
static void
sign_put_field(struct sign_buf *b, const char *name, const char *value)
{
	char num[32];
	size_t n = value != NULL ? strlen(value) : 0;

	sign_put(b, name, strlen(name));
	snprintf(num, sizeof num, "=%zu:", n);
	sign_put(b, num, strlen(num));
	if (n > 0)
		sign_put(b, value, n);
	sign_put(b, "\n", 1);
}

#define SIGN_MAGIC	"yishi-sign-v2\n"

/* Returns the canonical bytes for action, instance and fields (see
 * sign.h). */
char *
sign_canonical(const char *action, const char *instance,
    const struct sign_field *fields, size_t n, size_t *len)
{
	struct sign_buf b = { NULL, 0, 0, 0 };
	size_t i;

	sign_put(&b, SIGN_MAGIC, sizeof SIGN_MAGIC - 1);
	sign_put_field(&b, "action", action);
	sign_put_field(&b, "instance", instance);
	for (i = 0; i < n; i++)
		sign_put_field(&b, fields[i].name, fields[i].value);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* Skips one field NAME "=" LEN ":" VALUE "\n" at *s; the value's start
 * and length into *v and *vlen. 0, or -1 when malformed or not name. */
static int
sign_skip_field(const char **s, const char *name, const char **v,
    size_t *vlen)
{
	size_t nl = strlen(name);
	unsigned long long n = 0;
	const char *p = *s;

	if (strncmp(p, name, nl) != 0 || p[nl] != '=')
		return -1;
	p += nl + 1;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > 100000000)
			return -1;
		n = n * 10 + (unsigned long long)(*p - '0');
	}
	if (*p++ != ':' || strnlen(p, (size_t)n + 1) < n + 1 || p[n] != '\n')
		return -1;
	*v = p;
	*vlen = (size_t)n;
	*s = p + n + 1;
	return 0;
}

/* The instance canonical bytes name (see sign.h). */
int
sign_canon_instance(const char *canon, char out[SIGN_INSTANCE_LEN + 1])
{
	const char *v;
	size_t n, i;

	if (canon == NULL ||
	    strncmp(canon, SIGN_MAGIC, sizeof SIGN_MAGIC - 1) != 0)
		return -1;
	canon += sizeof SIGN_MAGIC - 1;
	if (sign_skip_field(&canon, "action", &v, &n) != 0 ||
	    sign_skip_field(&canon, "instance", &v, &n) != 0 ||
	    n != SIGN_INSTANCE_LEN)
		return -1;
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'f')))
			return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/* The instance id of a CA certificate (see sign.h). */
int
sign_instance_of(X509 *ca, char out[SIGN_INSTANCE_LEN + 1])
{
	uint8_t fp[32];

	if (ca == NULL || sign_cert_fingerprint(ca, fp) != 0)
		return -1;
	hex_encode(fp, sizeof fp, out);
	return 0;
}

/* Formats the three ids every member signature names. */
static void
sign_ids(char b[32], char m[32], char i[32], uint64_t body, uint64_t meeting,
    uint64_t item)
{
	snprintf(b, 32, "%llu", (unsigned long long)body);
	snprintf(m, 32, "%llu", (unsigned long long)meeting);
	snprintf(i, 32, "%llu", (unsigned long long)item);
}

/* The canonical bytes of a member's act on an item: body, meeting, item,
 * member, then the act's own two fields. */
static char *
sign_canon_act(const char *action, const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, const char *name1,
    const char *value1, const char *name2, const char *value2, size_t *len)
{
	char b[32], m[32], i[32];
	struct sign_field f[6];

	sign_ids(b, m, i, body, meeting, item);
	f[0] = (struct sign_field){ "body", b };
	f[1] = (struct sign_field){ "meeting", m };
	f[2] = (struct sign_field){ "item", i };
	f[3] = (struct sign_field){ "member", member };
	f[4] = (struct sign_field){ name1, value1 };
	f[5] = (struct sign_field){ name2, value2 };
	return sign_canonical(action, instance, f, 6, len);
}

/* The canonical bytes of a statement (表态). */
char *
sign_canon_statement(const char *instance, uint64_t body, uint64_t meeting,
    uint64_t item, const char *member, const char *position, const char *text,
    size_t *len)
{
	return sign_canon_act("statement", instance, body, meeting, item,
	    member, "position", position, "text", text, len);
}

/* The canonical bytes of an open-method vote. */
char *
sign_canon_vote(const char *instance, uint64_t body, uint64_t meeting,
    uint64_t item, const char *member, const char *choice,
    const char *entered_by, size_t *len)
{
	return sign_canon_act("vote", instance, body, meeting, item, member,
	    "choice", choice, "entered_by", entered_by, len);
}

/* The canonical bytes of a reserved opinion (保留意见). */
char *
sign_canon_dissent(const char *instance, uint64_t body, uint64_t meeting,
    uint64_t item, const char *member, const char *text,
    int reported_to_higher, size_t *len)
{
	return sign_canon_act("dissent", instance, body, meeting, item, member,
	    "text", text, "reported_to_higher",
	    reported_to_higher ? "true" : "false", len);
}

/* The canonical bytes of a secret vote's part (action) for round. */
static char *
sign_canon_round(const char *action, const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len)
{
	char r[32];

	snprintf(r, sizeof r, "%llu", (unsigned long long)round);
	return sign_canon_act(action, instance, body, meeting, item, member,
	    "round", r, "digest", digest, len);
}

/* The canonical bytes of a scrutineer's key share. */
char *
sign_canon_scrutineer_key(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len)
{
	return sign_canon_round("scrutineer_key", instance, body, meeting,
	    item, member, round, digest, len);
}

/* The canonical bytes of an encrypted secret ballot. */
char *
sign_canon_secret_ballot(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len)
{
	return sign_canon_round("secret_ballot", instance, body, meeting, item,
	    member, round, digest, len);
}

/* The canonical bytes of a scrutineer's decryption share. */
char *
sign_canon_scrutineer_decrypt(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len)
{
	return sign_canon_round("scrutineer_decrypt", instance, body, meeting,
	    item, member, round, digest, len);
}

/* The canonical bytes of the chair's sign-off of the minutes (R-MIN-2). */
char *
sign_canon_minutes_sign(const char *instance, uint64_t body, uint64_t meeting,
    const char *member, uint64_t head_seq, const char *head_hash, size_t *len)
{
	char b[32], m[32], i[32];
	struct sign_field f[5];

	sign_ids(b, m, i, body, meeting, head_seq);
	f[0] = (struct sign_field){ "body", b };
	f[1] = (struct sign_field){ "meeting", m };
	f[2] = (struct sign_field){ "member", member };
	f[3] = (struct sign_field){ "head_seq", i };
	f[4] = (struct sign_field){ "head_hash", head_hash };
	return sign_canonical("minutes_sign", instance, f, 5, len);
}

/* The canonical bytes of a corrigendum to signed minutes (R-MIN-2). */
char *
sign_canon_minutes_correct(const char *instance, uint64_t body,
    uint64_t meeting, const char *member, const char *text, size_t *len)
{
	char b[32], m[32], i[32];
	struct sign_field f[4];

	sign_ids(b, m, i, body, meeting, 0);
	f[0] = (struct sign_field){ "body", b };
	f[1] = (struct sign_field){ "meeting", m };
	f[2] = (struct sign_field){ "member", member };
	f[3] = (struct sign_field){ "text", text };
	return sign_canonical("minutes_correct", instance, f, 4, len);
}

/* The bytes of a signed head (body, seq, hash, time) under action: a
 * server checkpoint's or an inspector's cosignature. */
static char *
sign_canon_head(const char *action, const char *instance, uint64_t body,
    uint64_t seq, const uint8_t hash[32], int64_t at_us, size_t *len)
{
	char b[32], s[32], h[65], at[32];
	struct sign_field f[4];

	snprintf(b, sizeof b, "%llu", (unsigned long long)body);
	snprintf(s, sizeof s, "%llu", (unsigned long long)seq);
	snprintf(at, sizeof at, "%lld", (long long)at_us);
	hex_encode(hash, 32, h);
	f[0] = (struct sign_field){ "body", b };
	f[1] = (struct sign_field){ "seq", s };
	f[2] = (struct sign_field){ "hash", h };
	f[3] = (struct sign_field){ "at", at };
	return sign_canonical(action, instance, f, 4, len);
}

/* The canonical bytes of a server checkpoint (see sign.h). */
char *
sign_canon_checkpoint(const char *instance, uint64_t body, uint64_t seq,
    const uint8_t hash[32], int64_t at_us, size_t *len)
{
	return sign_canon_head("checkpoint", instance, body, seq, hash, at_us,
	    len);
}

/* The canonical bytes of an inspector's witness cosignature (see sign.h). */
char *
sign_canon_witness(const char *instance, uint64_t body, uint64_t seq,
    const uint8_t hash[32], int64_t at_us, size_t *len)
{
	return sign_canon_head("yishi-witness-v1", instance, body, seq, hash,
	    at_us, len);
}

#define SIGN_VOUCH_MAGIC	"yishi-vouch-v2\n"

/* Appends NAME "=" LEN ":" hex(bytes) "\n" (an empty value for none). */
static void
sign_put_hex(struct sign_buf *b, const char *name, const uint8_t *v,
    size_t n)
{
	char *h;

	if (v == NULL || n == 0) {
		sign_put_field(b, name, "");
		return;
	}
	if ((h = malloc(2 * n + 1)) == NULL) {
		b->failed = 1;
		return;
	}
	hex_encode(v, n, h);
	sign_put_field(b, name, h);
	free(h);
}

/* The canonical bytes of the server's vouch for a trail entry (see
 * sign.h). */
char *
sign_canon_vouch(const char *instance, const struct sign_entry *e,
    size_t *len)
{
	struct sign_buf b = { NULL, 0, 0, 0 };
	char num[32];

	sign_put(&b, SIGN_VOUCH_MAGIC, sizeof SIGN_VOUCH_MAGIC - 1);
	sign_put_field(&b, "instance", instance);
	snprintf(num, sizeof num, "%llu", (unsigned long long)e->body);
	sign_put_field(&b, "body", num);
	snprintf(num, sizeof num, "%llu", (unsigned long long)e->seq);
	sign_put_field(&b, "seq", num);
	snprintf(num, sizeof num, "%lld", (long long)e->at_us);
	sign_put_field(&b, "at", num);
	sign_put_field(&b, "actor", e->actor);
	sign_put_field(&b, "action", e->action);
	sign_put_field(&b, "payload", e->payload);
	sign_put_field(&b, "signer", e->signer);
	sign_put_hex(&b, "cert_fp", e->cert_fp, e->fplen);
	sign_put_field(&b, "signed", e->signed_text);
	sign_put_hex(&b, "signature", e->signature, e->siglen);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* Signs msg with key (see sign.h). */
int
sign_make(EVP_PKEY *key, const void *msg, size_t len, uint8_t **sig,
    size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = 0;
	uint8_t *out = NULL;
	int rc = -1;

	if (ctx == NULL)
		return -1;
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, &n, msg, len) != 1 ||
	    (out = malloc(n)) == NULL ||
	    EVP_DigestSign(ctx, out, &n, msg, len) != 1) {
		free(out);
		out = NULL;
		ERR_clear_error();
	} else {
		*sig = out;
		*siglen = n;
		rc = 0;
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Verifies sig over msg with cert's public key (see sign.h). */
int
sign_verify(X509 *cert, const void *msg, size_t len, const uint8_t *sig,
    size_t siglen)
{
	EVP_PKEY *key = X509_get0_pubkey(cert);
	EVP_MD_CTX *ctx;
	int rc = -1;

	if (key == NULL || sig == NULL || siglen == 0 || siglen > SIGN_MAX)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1)
		rc = 0;
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Parses a PEM certificate; NULL when it does not parse. */
X509 *
sign_cert_from_pem(const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x;

	if (bio == NULL)
		return NULL;
	x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL)
		ERR_clear_error();
	return x;
}

/* SHA-256 of the DER certificate. */
int
sign_cert_fingerprint(X509 *cert, uint8_t out[32])
{
	unsigned int n = 0;

	if (X509_digest(cert, EVP_sha256(), out, &n) != 1 || n != 32) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}
