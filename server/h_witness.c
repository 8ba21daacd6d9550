/*
 * h_witness.c: inspectors' witness cosignatures of trail heads (issue 12).
 *
 * After `yishi audit verify` holds online, an inspector's client signs the
 * head it verified with the inspector's own key (proto/sign.h,
 * sign_canon_witness) and sends it here. The server keeps it only when the
 * signature is the caller's, over this instance's bytes, and the trail has
 * exactly that hash at that seq (no head ahead of the trail, none of
 * another trail); it is appended to `witnesses` (sql/015_witnesses.sql) and
 * served with every read of the whole trail (h_read.c), so that a verifier
 * who never saw this trail learns the newest head an inspector saw, and a
 * trail rolled back below it, or changed at it, fails (docs/security.md).
 *
 * Who may: inspectors of the body alone (perm.c). A witness is no trail
 * entry: it does not move the head it attests.
 */
#include "handlers.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hex.h"
#include "server.h"
#include "sign.h"

/* How far ahead of the server's clock a witness may say it was signed. */
#define H_WITNESS_SKEW_US (5LL * 60 * 1000000)

/* The body id of audit witness. */
static uint64_t
h_witness_key(const Yishi__Request *rq)
{
	return rq->audit_witness->body;
}

/* audit witness: the trail's hash at the seq witnessed, its head, and the
 * server's clock. */
static void
h_witness_prepare(struct req *r, struct db_batch *b)
{
	const Yishi__AuditWitness *w = r->rq->audit_witness;

	db_batch_addf(b, "SELECT hash FROM trail WHERE body_id = $1 AND "
	    "seq = $2", "ii", (long long)r->key, (long long)w->seq);
	db_batch_addf(b, "SELECT coalesce(max(seq), 0), (extract(epoch FROM "
	    "date_trunc('microseconds', now())) * 1000000)::bigint FROM trail "
	    "WHERE body_id = $1", "i", (long long)r->key);
}

/* True when the trail read (result q) has hash at the seq witnessed. */
static bool
h_witness_hash_is(struct req *r, int q, const uint8_t hash[32])
{
	const char *s;
	uint8_t got[32];
	size_t n = 0;

	if (db_rows(r->rb, q) != 1 || db_isnull(r->rb, q, 0, 0))
		return false;
	s = db_get(r->rb, q, 0, 0);
	return strncmp(s, "\\x", 2) == 0 && hex_decode(s + 2, got, 32, &n) &&
	    n == 32 && memcmp(got, hash, 32) == 0;
}

/* audit witness: an inspector (perm.c) cosigns a head of the body's trail
 * that the trail really has; kept append-only. */
static void
h_witness_decide(struct req *r)
{
	const Yishi__AuditWitness *w = r->rq->audit_witness;
	uint64_t head;
	int64_t now;
	size_t len = 0;
	char *canon;

	if (w->seq == 0 || w->hash.len != 32) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "见证须给出链头的序号与哈希（32 字节）",
		    "a witness names the head's seq and its hash (32 bytes)");
		return;
	}
	head = (uint64_t)db_getll(r->rb, r->extra + 1, 0, 0);
	now = db_getll(r->rb, r->extra + 1, 0, 1);
	if (w->at_us > now + H_WITNESS_SKEW_US || w->at_us <= 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "见证的签署时间不合理（早于 1970 年或晚于服务器时钟五分钟以上）",
		    "the witness's signing time is not plausible (before 1970 "
		    "or more than five minutes after the server's clock)");
		return;
	}
	canon = sign_canon_witness(srv.instance, r->body_id, w->seq,
	    w->hash.data, w->at_us, &len);
	if (handlers_verify(r, canon, len) == NULL)
		return;		/* refused: not the caller's signature */
	if (w->seq > head) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "审计链只到第 %" PRIu64 " 条，不能见证第 %" PRIu64 " 条",
		    "the trail ends at entry %" PRIu64 ": entry %" PRIu64
		    " cannot be witnessed", head, w->seq);
		return;
	}
	if (!h_witness_hash_is(r, r->extra, w->hash.data)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "审计链第 %" PRIu64 " 条的哈希不是所见证的哈希，未予记录",
		    "the trail's hash at entry %" PRIu64 " is not the one "
		    "witnessed: not recorded", w->seq);
		return;
	}
	db_batch_addf(req_batch(r), "INSERT INTO witnesses (body_id, seq, "
	    "hash, witness, cert_fp, at, signature) VALUES ($1, $2, $3, $4, "
	    "$5, 'epoch'::timestamptz + $6::bigint * interval '1 microsecond', "
	    "$7) ON CONFLICT (body_id, witness, seq) DO NOTHING", "iixsxix",
	    (long long)r->body_id, (long long)w->seq, w->hash.data,
	    (size_t)32, r->who, r->fp, sizeof r->fp, (long long)w->at_us,
	    r->rq->signature.data, r->rq->signature.len);
	req_commit(r);
}

const struct handler h_witness[] = {
	{
		.op = YISHI__REQUEST__OP_AUDIT_WITNESS,
		.name = "audit.witness",
		.scope = REQ_SCOPE_BODY,
		.key = h_witness_key,
		.prepare = h_witness_prepare,
		.decide = h_witness_decide,
	},
	{ 0 }
};
