/*
 * h_read.c: what readers ask for: the trail, and live events of a meeting
 * (the minutes are h_minutes.c's).
 */
#include "handlers.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "conn.h"
#include "db.h"
#include "hex.h"
#include "mstate.h"
#include "page.h"
#include "push.h"
#include "wire.h"

/* Trail entries per reply, at most. A page is also bounded by bytes
 * (page.h): a statement's text is up to 10,000 bytes, twice in a signed
 * entry, so 500 of them would not fit a frame; the client asks for the
 * next page from the last entry it got. */
#define H_TRAIL_PAGE PAGE_SIZE

/* audit log: one page of the body's trail. */
static void
h_audit_prepare(struct req *r, struct db_batch *b)
{
	uint64_t from = r->rq->audit_log->from_seq;

	db_batch_addf(b, "SELECT seq, " MSTATE_RFC3339("at") ", "
	    "(extract(epoch FROM at) * 1000000)::bigint, actor, action, "
	    "payload, prev_hash, hash, signer, signed, signature, cert_fp "
	    "FROM trail WHERE body_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
	    "iii", (long long)r->key, (long long)from, (long long)H_TRAIL_PAGE);
	db_batch_addf(b, "SELECT seq, hash FROM trail WHERE body_id = $1 "
	    "ORDER BY seq DESC LIMIT 1", "i", (long long)r->key);
	/* The certificates of the page's signers, for offline checking. */
	db_batch_addf(b, "SELECT c.fingerprint, c.pem, c.identity "
	    "FROM certificates c WHERE c.fingerprint IN (SELECT t.cert_fp "
	    "FROM trail t WHERE t.body_id = $1 AND t.seq >= $2 "
	    "AND t.seq < $2 + $3 AND t.cert_fp IS NOT NULL)", "iii",
	    (long long)r->key, (long long)from, (long long)H_TRAIL_PAGE);
	/* The server's signed checkpoints in the page, and any past the
	 * head (an entry removed behind our back), with their certificates. */
	db_batch_addf(b, "SELECT seq, hash, (extract(epoch FROM at) * "
	    "1000000)::bigint, " MSTATE_RFC3339("at") ", cert_fp, signature "
	    "FROM checkpoints WHERE body_id = $1 AND seq >= $2 AND (seq < $2 "
	    "+ $3 OR seq > (SELECT coalesce(max(seq), 0) FROM trail WHERE "
	    "body_id = $1)) ORDER BY seq", "iii", (long long)r->key,
	    (long long)from, (long long)H_TRAIL_PAGE);
	db_batch_addf(b, "SELECT fingerprint, pem FROM server_certificates "
	    "WHERE fingerprint IN (SELECT cert_fp FROM checkpoints WHERE "
	    "body_id = $1 AND seq >= $2)", "ii", (long long)r->key,
	    (long long)from);
}

/* Decodes a bytea in PostgreSQL's hex output into the arena. */
static ProtobufCBinaryData
h_bytea(struct req *r, const char *s)
{
	ProtobufCBinaryData d = { 0, NULL };
	size_t n;

	if (strncmp(s, "\\x", 2) != 0)
		return d;
	n = strlen(s + 2) / 2;
	d.data = arena_alloc(r->a, n + 1);
	if (!hex_decode(s + 2, d.data, n, &d.len))
		d.len = 0;
	return d;
}

/* The checkpoints of a trail page (result q) and their certificates
 * (result q + 1): those of the page's entries, and any past the head. */
static void
h_audit_checkpoints(struct req *r, Yishi__TrailPage *p, int q)
{
	int i, n = db_rows(r->rb, q);
	uint64_t last = p->n_entries > 0 ?
	    p->entries[p->n_entries - 1]->seq : UINT64_MAX, seq;

	p->checkpoints = arena_alloc(r->a, sizeof *p->checkpoints *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Checkpoint *c;
		Yishi__Checkpoint cinit = YISHI__CHECKPOINT__INIT;

		seq = (uint64_t)db_getll(r->rb, q, i, 0);
		if (seq > last && seq <= p->head_seq)
			continue;	/* with its entry, in a later page */
		c = arena_alloc(r->a, sizeof *c);
		*c = cinit;
		c->body = r->body_id;
		c->seq = (uint64_t)db_getll(r->rb, q, i, 0);
		c->hash = h_bytea(r, db_get(r->rb, q, i, 1));
		c->at_us = db_getll(r->rb, q, i, 2);
		c->at = arena_strdup(r->a, db_get(r->rb, q, i, 3));
		c->cert_fp = h_bytea(r, db_get(r->rb, q, i, 4));
		c->signature = h_bytea(r, db_get(r->rb, q, i, 5));
		p->checkpoints[p->n_checkpoints++] = c;
	}
	n = db_rows(r->rb, q + 1);
	p->server_certs = arena_alloc(r->a, sizeof *p->server_certs *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Certificate *c = arena_alloc(r->a, sizeof *c);
		Yishi__Certificate cinit = YISHI__CERTIFICATE__INIT;

		*c = cinit;
		c->fingerprint = h_bytea(r, db_get(r->rb, q + 1, i, 0));
		c->pem = arena_strdup(r->a, db_get(r->rb, q + 1, i, 1));
		c->name = (char *)"yishid";
		p->server_certs[p->n_server_certs++] = c;
	}
}

/* Whether an entry of page p was signed with the certificate fp. */
static bool
h_audit_signed(const Yishi__TrailPage *p, ProtobufCBinaryData fp)
{
	size_t i;

	for (i = 0; i < p->n_entries; i++)
		if (p->entries[i]->cert_fp.len == fp.len && fp.len > 0 &&
		    memcmp(p->entries[i]->cert_fp.data, fp.data, fp.len) == 0)
			return true;
	return false;
}

/* audit log: inspectors and the secretary (perm.c) read the
 * whole trail. */
static void
h_audit_decide(struct req *r)
{
	Yishi__TrailPage *p = arena_alloc(r->a, sizeof *p);
	Yishi__TrailPage init = YISHI__TRAIL_PAGE__INIT;
	int i, n = db_rows(r->rb, r->extra), q = r->extra;
	struct page pg;

	*p = init;
	page_init(&pg, NULL);
	/* The head as of the page's own read, with its hash. */
	if (db_rows(r->rb, q + 1) == 1) {
		p->head_seq = (uint64_t)db_getll(r->rb, q + 1, 0, 0);
		p->head_hash = h_bytea(r, db_get(r->rb, q + 1, 0, 1));
	}
	p->entries = arena_alloc(r->a, sizeof *p->entries * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__TrailEntry *e;
		Yishi__TrailEntry einit = YISHI__TRAIL_ENTRY__INIT;

		e = arena_alloc(r->a, sizeof *e);

		*e = einit;
		e->body = r->body_id;
		e->seq = (uint64_t)db_getll(r->rb, q, i, 0);
		e->at = arena_strdup(r->a, db_get(r->rb, q, i, 1));
		e->at_us = db_getll(r->rb, q, i, 2);
		e->actor = arena_strdup(r->a, db_get(r->rb, q, i, 3));
		e->action = arena_strdup(r->a, db_get(r->rb, q, i, 4));
		e->payload = arena_strdup(r->a, db_get(r->rb, q, i, 5));
		e->prev_hash = h_bytea(r, db_get(r->rb, q, i, 6));
		e->hash = h_bytea(r, db_get(r->rb, q, i, 7));
		if (!db_isnull(r->rb, q, i, 8)) {
			e->signer = arena_strdup(r->a, db_get(r->rb, q, i, 8));
			e->signed_ = arena_strdup(r->a,
			    db_get(r->rb, q, i, 9));
			e->signature = h_bytea(r, db_get(r->rb, q, i, 10));
			e->cert_fp = h_bytea(r, db_get(r->rb, q, i, 11));
		}
		if (!page_take(&pg, &e->base))
			break;		/* the rest in the next page */
		p->entries[p->n_entries++] = e;
	}
	n = db_rows(r->rb, q + 2);
	p->certs = arena_alloc(r->a, sizeof *p->certs * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Certificate *c;
		Yishi__Certificate cinit = YISHI__CERTIFICATE__INIT;
		ProtobufCBinaryData fp = h_bytea(r, db_get(r->rb, q + 2, i, 0));

		if (!h_audit_signed(p, fp))
			continue;	/* its entries are in a later page */
		c = arena_alloc(r->a, sizeof *c);
		*c = cinit;
		c->fingerprint = fp;
		c->pem = arena_strdup(r->a, db_get(r->rb, q + 2, i, 1));
		c->name = arena_strdup(r->a, db_get(r->rb, q + 2, i, 2));
		p->certs[p->n_certs++] = c;
	}
	h_audit_checkpoints(r, p, q + 3);
	r->resp.result_case = YISHI__RESPONSE__RESULT_TRAIL;
	r->resp.trail = p;
	req_reply(r);
}

/* watch: events of the meeting reach this connection from now on. */
static void
h_watch_decide(struct req *r)
{
	struct conn *c;

	if ((c = conn_find(r->conn_id)) != NULL) {
		conn_watch(c, r->ms->id);
		/* Ended at once if the seat or the identity goes (push.h). */
		push_watcher(r->conn_id, r->ms->id, r->body_id, r->who);
	}
	req_reply(r);
}

/* The meeting id of watch. */
static uint64_t
h_meeting_key(const Yishi__Request *rq)
{
	return rq->watch->meeting;
}

/* The body id of audit log. */
static uint64_t
h_body_key(const Yishi__Request *rq)
{
	return rq->audit_log->body;
}

const struct handler h_read[] = {
	{
		.op = YISHI__REQUEST__OP_AUDIT_LOG,
		.name = "audit.log",
		.scope = REQ_SCOPE_BODY,
		.key = h_body_key,
		.prepare = h_audit_prepare,
		.decide = h_audit_decide,
	},
	{
		.op = YISHI__REQUEST__OP_WATCH,
		.name = "watch",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.decide = h_watch_decide,
	},
	{ 0 }
};
