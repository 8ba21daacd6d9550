/* witness.c: inspectors' witness cosignatures of trail heads (see
 * witness.h). */
#include "witness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "args.h"
#include "cmd.h"
#include "heads.h"
#include "hex.h"
#include "out.h"
#include "replay.h"
#include "sign.h"

/* Formats at_us as RFC 3339 UTC (see witness.h). */
void
witness_time(int64_t at_us, char *out, size_t len)
{
	time_t t = (time_t)(at_us / 1000000);
	struct tm tm;

	if (at_us < 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, len, "%lld", (long long)at_us);
}

/* The certificate with fingerprint fp among certs, checked to be that one
 * and to chain to ca, whose instance goes into instance; NULL when not. */
static X509 *
witness_cert(const ProtobufCBinaryData *fp, Yishi__Certificate *const *certs,
    size_t ncerts, X509_STORE *ca, char instance[SIGN_INSTANCE_LEN + 1])
{
	X509 *x = NULL;
	X509_STORE_CTX *ctx;
	STACK_OF(X509) *chain;
	uint8_t got[32];
	size_t i;
	int ok = 0, n;

	for (i = 0; i < ncerts && x == NULL; i++)
		if (fp->len == 32 && certs[i]->fingerprint.len == 32 &&
		    memcmp(certs[i]->fingerprint.data, fp->data, 32) == 0)
			x = sign_cert_from_pem(certs[i]->pem);
	if (x == NULL || sign_cert_fingerprint(x, got) != 0 ||
	    memcmp(got, fp->data, 32) != 0) {
		X509_free(x);
		return NULL;
	}
	if ((ctx = X509_STORE_CTX_new()) != NULL &&
	    X509_STORE_CTX_init(ctx, ca, x, NULL) == 1 &&
	    X509_verify_cert(ctx) == 1 &&
	    (chain = X509_STORE_CTX_get0_chain(ctx)) != NULL &&
	    (n = sk_X509_num(chain)) > 0 &&
	    sign_instance_of(sk_X509_value(chain, n - 1), instance) == 0)
		ok = 1;
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Checks that one cosignature is an inspector's of this body, made with a
 * certificate of the CA the trail registered for them. 0, or -1 with
 * why. */
static int
witness_one(const Yishi__TrailPage *p, const Yishi__Witness *w,
    uint64_t body, X509_STORE *ca, const struct replay *rp, char *why,
    size_t whylen)
{
	char instance[SIGN_INSTANCE_LEN + 1], cn[256], fp[65], *canon;
	const char *who = w->identity != NULL ? w->identity : "", *role;
	size_t len = 0;
	X509 *x;
	int n, rc;

	if (w->body != body || w->seq == 0 || w->hash.len != 32 ||
	    w->cert_fp.len != 32) {
		snprintf(why, whylen, TR("一份见证联署格式不对（机构 %" PRIu64
		    "）", "a witness cosignature is malformed (body %" PRIu64
		    ")"), w->body);
		return -1;
	}
	if ((x = witness_cert(&w->cert_fp, p->witness_certs,
	    p->n_witness_certs, ca, instance)) == NULL) {
		snprintf(why, whylen, TR("自称为检查人员 %s 的见证联署，其证书缺失"
		    "或不是本实例 CA 签发的", "the witness cosignature said to "
		    "be the inspector %s's: its certificate is missing or was "
		    "not issued by this instance's CA"), who);
		return -1;
	}
	n = X509_NAME_get_text_by_NID(X509_get_subject_name(x),
	    NID_commonName, cn, (int)sizeof cn);
	if (n <= 0 || (size_t)n != strlen(cn) || strcmp(cn, who) != 0) {
		snprintf(why, whylen, TR("自称为检查人员 %s 的见证联署是 %s 的证书"
		    "签的", "the witness cosignature said to be the inspector "
		    "%s's was signed with the certificate of %s"), who,
		    n > 0 ? cn : "nobody");
		X509_free(x);
		return -1;
	}
	canon = sign_canon_witness(instance, body, w->seq, w->hash.data,
	    w->at_us, &len);
	rc = canon != NULL ? sign_verify(x, canon, len, w->signature.data,
	    w->signature.len) : -1;
	free(canon);
	X509_free(x);
	if (rc != 0) {
		snprintf(why, whylen, TR("检查人员 %s 的见证联署签名不成立",
		    "the witness cosignature of the inspector %s does not "
		    "verify"), who);
		return -1;
	}
	role = replay_role(rp, who);
	hex_encode(w->cert_fp.data, 32, fp);
	if (role == NULL || strcmp(role, "inspector") != 0) {
		snprintf(why, whylen, TR("见证联署由 %s 签署，但其在本机构的审计链"
		    "中不是检查人员（%s）", "the witness cosignature was signed by "
		    "%s, who is no inspector of this body in its trail (%s)"),
		    who, role != NULL ? role : TR("无席位", "no seat"));
		return -1;
	}
	if (!replay_registered(rp, who, fp)) {
		snprintf(why, whylen, TR("检查人员 %s 的见证联署所用证书 %.16s… "
		    "从未在本机构审计链中登记", "the inspector %s cosigned with "
		    "certificate %.16s…, which this body's trail never "
		    "registered for them"), who, fp);
		return -1;
	}
	return 0;
}

/* Says that a head witnessed by who at at_us is gone: the trail, n entries
 * long, is behind it or (hash) different at it. */
static void
witness_gone(uint64_t seq, const char *who, int64_t at_us, uint64_t n,
    bool changed, char *why, size_t whylen)
{
	char at[64];

	witness_time(at_us, at, sizeof at);
	if (changed)
		snprintf(why, whylen, TR("第 %" PRIu64 " 条已由检查人员 %s 于 %s "
		    "见证，记录现已改变（此处哈希不同）", "entry %" PRIu64 " was "
		    "witnessed by the inspector %s at %s; the trail has since "
		    "changed (its hash here differs)"), seq, who, at);
	else
		snprintf(why, whylen, TR("第 %" PRIu64 " 条已由检查人员 %s 于 %s "
		    "见证，记录现已回退（审计链只到第 %" PRIu64 " 条）", "entry %"
		    PRIu64 " was witnessed by the inspector %s at %s; the trail "
		    "has since been rolled back (it ends at entry %" PRIu64 ")"),
		    seq, who, at, n);
}

/* Checks every cosignature the page carries (see witness.h). */
int
witness_check(const Yishi__TrailPage *p, uint64_t body, X509_STORE *ca,
    const struct replay *rp, const Yishi__TrailEntry **ents, uint64_t n,
    struct witness_head *newest, uint64_t *seq, char *why, size_t whylen)
{
	const Yishi__Witness *w;
	size_t i;

	memset(newest, 0, sizeof *newest);
	for (i = 0; p != NULL && i < p->n_witnesses; i++) {
		w = p->witnesses[i];
		*seq = w->seq;
		if (witness_one(p, w, body, ca, rp, why, whylen) != 0)
			return -1;
		if (w->seq > n || ents[w->seq - 1]->hash.len != 32 ||
		    memcmp(ents[w->seq - 1]->hash.data, w->hash.data,
		    32) != 0) {
			witness_gone(w->seq, w->identity, w->at_us, n,
			    w->seq <= n, why, whylen);
			return -1;
		}
		if (!newest->have || w->seq > newest->seq ||
		    (w->seq == newest->seq && w->at_us > newest->at_us)) {
			newest->have = true;
			newest->seq = w->seq;
			memcpy(newest->hash, w->hash.data, 32);
			newest->at_us = w->at_us;
			snprintf(newest->identity, sizeof newest->identity,
			    "%s", w->identity);
		}
	}
	return 0;
}

/* Checks the chain against the head this user cosigned (see witness.h). */
int
witness_remembered(const char *instance, uint64_t body,
    const Yishi__TrailEntry **ents, uint64_t n, bool bundle,
    int64_t signed_at_us, uint64_t *seq, char *why, size_t whylen)
{
	struct heads_witness w;
	int r;

	if ((r = heads_witness_load(instance, body, &w, why, whylen)) <= 0)
		return r;
	*seq = w.seq;
	if (w.seq > n && bundle && signed_at_us < w.at_us)
		return 0;	/* an export made before it was witnessed */
	if (w.seq > n) {
		witness_gone(w.seq, w.identity, w.at_us, n, false, why, whylen);
		return 1;
	}
	if (w.seq > 0 && memcmp(ents[w.seq - 1]->hash.data, w.hash, 32) != 0) {
		witness_gone(w.seq, w.identity, w.at_us, n, true, why, whylen);
		return 1;
	}
	return 0;
}

/* Whether the caller should cosign (see witness.h). */
bool
witness_wanted(struct cli *cli, const struct replay *rp)
{
	const char *me, *role;

	if (args_flag(cli, "no-witness") || cli->conn == NULL ||
	    (me = yishi_identity_name(cli->conn)) == NULL)
		return false;
	role = replay_role(rp, me);
	return role != NULL && strcmp(role, "inspector") == 0;
}

/* Cosigns a head, sends and remembers it (see witness.h). */
int
witness_cosign(struct cli *cli, const char *instance, uint64_t body,
    uint64_t seq, const uint8_t hash[32], struct witness_head *done)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AuditWitness m = YISHI__AUDIT_WITNESS__INIT;
	Yishi__Response *r;
	struct yishi_error e;
	struct heads_witness hw;
	struct timespec ts;
	uint8_t *sig = NULL;
	size_t len = 0, siglen = 0;
	char *canon, why[512];
	int rc;

	memset(done, 0, sizeof *done);
	clock_gettime(CLOCK_REALTIME, &ts);
	m.body = body;
	m.seq = seq;
	m.hash.data = (uint8_t *)hash;
	m.hash.len = 32;
	m.at_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if ((canon = sign_canon_witness(yishi_instance(cli->conn), body, seq,
	    hash, m.at_us, &len)) == NULL)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("内存不足",
		    "out of memory"), NULL, NULL, 0, NULL);
	/* Not journalled (journal.h): a cosignature is no trail entry. */
	rc = yishi_sign(cli->conn, canon, len, &sig, &siglen, &e);
	free(canon);
	if (rc == -1)
		return out_lib_error(&e);
	req.op_case = YISHI__REQUEST__OP_AUDIT_WITNESS;
	req.audit_witness = &m;
	req.signature.data = sig;
	req.signature.len = siglen;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	yishi_response_free(r);
	memset(&hw, 0, sizeof hw);
	hw.seq = seq;
	memcpy(hw.hash, hash, 32);
	hw.at_us = m.at_us;
	snprintf(hw.identity, sizeof hw.identity, "%s",
	    yishi_identity_name(cli->conn));
	if (heads_witness_save(instance, body, &hw, why, sizeof why) != 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	done->have = true;
	done->seq = seq;
	memcpy(done->hash, hash, 32);
	done->at_us = m.at_us;
	snprintf(done->identity, sizeof done->identity, "%s", hw.identity);
	return 0;
}
