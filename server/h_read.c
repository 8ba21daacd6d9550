/*
 * h_read.c: what readers ask for: the trail, and live events of a meeting
 * (the minutes are h_minutes.c's).
 */
#include "handlers.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "conn.h"
#include "db.h"
#include "event.h"
#include "headstore.h"
#include "hex.h"
#include "log.h"
#include "mstate.h"
#include "page.h"
#include "push.h"
#include "rules.h"
#include "server.h"
#include "watch.h"
#include "wire.h"

/* Trail entries per reply, at most. A page is also bounded by bytes
 * (page.h): a statement's text is up to 10,000 bytes, twice in a signed
 * entry, so 500 of them would not fit a frame; the client asks for the
 * next page from the last entry it got. */
#define H_TRAIL_PAGE PAGE_SIZE

/* Still-to lists of a watch snapshot: whole up to this many people, else
 * the first EVENT_WAITING. */
#define H_WATCH_FULL 256

/* The head this daemon remembers of the body (headstore.h), taken now,
 * before the page is read, so that a commit it has seen is in the read:
 * the row gives it back with the database's hash at its seq, and the
 * time a head signed for this page is signed at. */
static void
h_audit_prepare_known(struct req *r, struct db_batch *b)
{
	struct headstore_head k;

	(void)headstore_get(r->key, &k);
	db_batch_addf(b, "SELECT $2::bigint, $3::bigint, $4::bytea, "
	    "(SELECT hash FROM trail WHERE body_id = $1 AND seq = $3), "
	    "(extract(epoch FROM date_trunc('microseconds', now())) * "
	    "1000000)::bigint, " MSTATE_RFC3339("now()") ", $5::bigint, "
	    "EXISTS (SELECT 1 FROM checkpoints WHERE body_id = $1 AND "
	    "seq = $5)", "iiixi", (long long)r->key, (long long)k.reach,
	    (long long)k.seq, k.hash, sizeof k.hash, (long long)k.ck);
}

/* Witnesses as many at most as a page carries (the newest of each). */
#define H_WITNESSES 64

/* The newest witness cosignature of each inspector of the body
 * (h_witness.c), and their certificates: on the page that reaches the
 * head. */
static void
h_audit_prepare_witnesses(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT * FROM (SELECT DISTINCT ON (witness) seq, "
	    "hash, (extract(epoch FROM at) * 1000000)::bigint, "
	    MSTATE_RFC3339("at") ", witness, cert_fp, signature FROM "
	    "witnesses WHERE body_id = $1 ORDER BY witness, seq DESC, at DESC) "
	    "w ORDER BY seq DESC LIMIT $2", "ii", (long long)r->key,
	    (long long)H_WITNESSES);
	db_batch_addf(b, "SELECT fingerprint, pem, identity FROM certificates "
	    "WHERE fingerprint IN (SELECT cert_fp FROM witnesses WHERE "
	    "body_id = $1)", "i", (long long)r->key);
}

/* One page of the body's trail from seq from (handlers.h). */
void
h_read_trail_prepare(struct req *r, struct db_batch *b, uint64_t from)
{
	db_batch_addf(b, "SELECT seq, " MSTATE_RFC3339("at") ", "
	    "(extract(epoch FROM at) * 1000000)::bigint, actor, action, "
	    "payload, prev_hash, hash, signer, signed, signature, cert_fp, "
	    "vouch FROM trail WHERE body_id = $1 AND seq >= $2 ORDER BY seq "
	    "LIMIT $3",
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
	h_audit_prepare_known(r, b);
	h_audit_prepare_witnesses(r, b);
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

/* The witnesses (result q) and their certificates (q + 1) into the page
 * that reaches the head. */
static void
h_audit_witnesses(struct req *r, Yishi__TrailPage *p, int q)
{
	int i, n = db_rows(r->rb, q);

	p->witnesses = arena_alloc(r->a, sizeof *p->witnesses *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Witness *w = arena_alloc(r->a, sizeof *w);
		Yishi__Witness winit = YISHI__WITNESS__INIT;

		*w = winit;
		w->body = r->body_id;
		w->seq = (uint64_t)db_getll(r->rb, q, i, 0);
		w->hash = h_bytea(r, db_get(r->rb, q, i, 1));
		w->at_us = db_getll(r->rb, q, i, 2);
		w->at = arena_strdup(r->a, db_get(r->rb, q, i, 3));
		w->identity = arena_strdup(r->a, db_get(r->rb, q, i, 4));
		w->cert_fp = h_bytea(r, db_get(r->rb, q, i, 5));
		w->signature = h_bytea(r, db_get(r->rb, q, i, 6));
		p->witnesses[p->n_witnesses++] = w;
	}
	n = db_rows(r->rb, q + 1);
	p->witness_certs = arena_alloc(r->a, sizeof *p->witness_certs *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Certificate *c = arena_alloc(r->a, sizeof *c);
		Yishi__Certificate cinit = YISHI__CERTIFICATE__INIT;
		size_t k;
		bool used = false;

		*c = cinit;
		c->fingerprint = h_bytea(r, db_get(r->rb, q + 1, i, 0));
		for (k = 0; k < p->n_witnesses && !used; k++)
			used = p->witnesses[k]->cert_fp.len == 32 &&
			    c->fingerprint.len == 32 &&
			    memcmp(p->witnesses[k]->cert_fp.data,
			    c->fingerprint.data, 32) == 0;
		if (!used)
			continue;	/* of an older witness not served */
		c->pem = arena_strdup(r->a, db_get(r->rb, q + 1, i, 1));
		c->name = arena_strdup(r->a, db_get(r->rb, q + 1, i, 2));
		p->witness_certs[p->n_witness_certs++] = c;
	}
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

/* Refuses the body's trail when the newest checkpoint this daemon stored
 * (result q, column 6) is gone from the database. True when refused. */
static bool
h_audit_refused_ck(struct req *r, Yishi__TrailPage *p, int q)
{
	uint64_t ck = (uint64_t)db_getll(r->rb, q, 0, 6);

	if (ck == 0 || db_getbool(r->rb, q, 0, 7))
		return false;
	log_warnx("TRAIL OF BODY %" PRIu64 " REFUSED: the checkpoint this "
	    "server stored at entry %" PRIu64 " was removed", r->body_id, ck);
	p->refused_seq = ck;
	p->refused = arena_printf(r->a, r->en ? "the server's checkpoint at "
	    "this entry was removed from the database" : "服务器在这一条的"
	    "检查点已从数据库中删除");
	return true;
}

/* Refuses the body's trail when the database is behind, or differs at,
 * the head this daemon remembers (result q, see h_audit_prepare_known):
 * the page says so and holds nothing else. True when refused. */
static bool
h_audit_refused(struct req *r, Yishi__TrailPage *p, int q)
{
	uint64_t reach = (uint64_t)db_getll(r->rb, q, 0, 0);
	uint64_t seq = (uint64_t)db_getll(r->rb, q, 0, 1);
	ProtobufCBinaryData known = h_bytea(r, db_get(r->rb, q, 0, 2)), got;

	if (p->head_seq < reach) {
		log_warnx("TRAIL OF BODY %" PRIu64 " REFUSED: this server wrote "
		    "or signed entry %" PRIu64 ", the database ends at %" PRIu64
		    ": truncated or rolled back", r->body_id, reach,
		    p->head_seq);
		p->refused_seq = reach;
		p->refused = arena_printf(r->a, r->en ? "the trail is behind "
		    "the head the server wrote and signed (entry %" PRIu64 "), "
		    "the database ends at entry %" PRIu64 ": it was truncated "
		    "or rolled back" : "审计链落后于服务器记住的链头（第 %" PRIu64
		    " 条），数据库中只到第 %" PRIu64 " 条：审计链被截断或回滚", reach,
		    p->head_seq);
		return true;
	}
	got = db_isnull(r->rb, q, 0, 3) ? known : h_bytea(r, db_get(r->rb, q,
	    0, 3));
	if (seq == 0 || (!db_isnull(r->rb, q, 0, 3) && got.len == 32 &&
	    known.len == 32 && memcmp(got.data, known.data, 32) == 0))
		return h_audit_refused_ck(r, p, q);
	log_warnx("TRAIL OF BODY %" PRIu64 " REFUSED: entry %" PRIu64 " is not "
	    "the one this server wrote or signed: rewritten", r->body_id, seq);
	p->refused_seq = seq;
	p->refused = arena_printf(r->a, r->en ? "entry %" PRIu64 " is not the "
	    "one the server wrote and signed: the trail was rewritten" :
	    "第 %" PRIu64 " 条不是服务器写入并签名的那一条：审计链被改写", seq);
	return true;
}

/* Signs the head the page ends at, now, with the checkpoint key (result
 * q gives the time), and adds the key's certificate to the page. False
 * when it cannot sign. */
static bool
h_audit_sign_head(struct req *r, Yishi__TrailPage *p, int q)
{
	Yishi__Checkpoint *c = arena_alloc(r->a, sizeof *c);
	Yishi__Checkpoint cinit = YISHI__CHECKPOINT__INIT;
	Yishi__Certificate *cert;
	Yishi__Certificate certinit = YISHI__CERTIFICATE__INIT;
	static const uint8_t zero[32];
	const uint8_t *fp;
	const char *pem = checkpoint_cert(&fp);
	uint8_t *sig = NULL;
	size_t siglen = 0, i;

	*c = cinit;
	c->body = r->body_id;
	c->seq = p->head_seq;
	c->hash.len = 32;
	c->hash.data = arena_alloc(r->a, 32);
	memcpy(c->hash.data, p->head_hash.len == 32 ? p->head_hash.data : zero,
	    32);
	c->at_us = db_getll(r->rb, q, 0, 4);
	c->at = arena_strdup(r->a, db_get(r->rb, q, 0, 5));
	if (pem == NULL || checkpoint_sign_head(c->body, c->seq, c->hash.data,
	    c->at_us, &sig, &siglen) != 0)
		return false;
	c->signature.len = siglen;
	c->signature.data = arena_alloc(r->a, siglen);
	memcpy(c->signature.data, sig, siglen);
	free(sig);
	c->cert_fp.len = 32;
	c->cert_fp.data = arena_alloc(r->a, 32);
	memcpy(c->cert_fp.data, fp, 32);
	p->signed_head = c;
	for (i = 0; i < p->n_server_certs; i++)
		if (p->server_certs[i]->fingerprint.len == 32 &&
		    memcmp(p->server_certs[i]->fingerprint.data, fp, 32) == 0)
			return true;
	/* h_audit_checkpoints left room for one more. */
	cert = arena_alloc(r->a, sizeof *cert);
	*cert = certinit;
	cert->fingerprint = c->cert_fp;
	cert->pem = arena_strdup(r->a, pem);
	cert->name = (char *)"yishid";
	p->server_certs[p->n_server_certs++] = cert;
	return true;
}

/* Replies with the page read, redacted by redact (handlers.h). */
void
h_read_trail_decide(struct req *r,
    void (*redact)(struct req *r, Yishi__TrailEntry *e))
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
	if (h_audit_refused(r, p, q + 5)) {
		r->resp.result_case = YISHI__RESPONSE__RESULT_TRAIL;
		r->resp.trail = p;
		req_reply(r);
		return;
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
		if (!db_isnull(r->rb, q, i, 12))
			e->vouch = h_bytea(r, db_get(r->rb, q, i, 12));
		if (redact != NULL)
			redact(r, e);
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
	/* The page that reaches the head carries it, signed now. */
	if ((p->n_entries == 0 || p->entries[p->n_entries - 1]->seq ==
	    p->head_seq) && !h_audit_sign_head(r, p, q + 5)) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "服务器无法签署链头", "the server cannot sign the head");
		return;
	}
	/* The whole trail's readers (not audit self's redacted view) get
	 * the inspectors' witness cosignatures with the head. */
	if (p->signed_head != NULL && redact == NULL)
		h_audit_witnesses(r, p, q + 6);
	r->resp.result_case = YISHI__RESPONSE__RESULT_TRAIL;
	r->resp.trail = p;
	req_reply(r);
}

/* audit log: one page of the body's trail. */
static void
h_audit_prepare(struct req *r, struct db_batch *b)
{
	h_read_trail_prepare(r, b, r->rq->audit_log->from_seq);
}

/* audit log: inspectors and the secretary (perm.c) read the
 * whole trail. */
static void
h_audit_decide(struct req *r)
{
	h_read_trail_decide(r, NULL);
}

/* watch: the item being heard gets who is still to state and to vote
 * (the full lists up to H_WATCH_FULL people, else the first
 * EVENT_WAITING), for who reads the deliberation. */
static void
h_watch_still(struct req *r, Yishi__Meeting *m)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);
	size_t i, n;
	uint32_t total;

	if (!view.record)
		return;
	for (i = 0; i < m->n_items; i++) {
		Yishi__Item *x = m->items[i];
		struct m_item *it = mstate_item(r->ms, x->id);
		struct rules_item ri;

		if (it == NULL || (it->state != RULES_ITEM_STARTED &&
		    it->state != RULES_ITEM_VOTING))
			continue;
		mstate_rules(r->ms, r->a, it, &ri);
		if (it->state == RULES_ITEM_STARTED) {
			x->to_state = event_people(r->a, r->ms, false,
			    H_WATCH_FULL, &n, &total);
			if (total > H_WATCH_FULL)
				x->to_state = event_people(r->a, r->ms, false,
				    EVENT_WAITING, &n, NULL);
			x->n_to_state = n;
		}
		if (x->vote != NULL)
			x->vote->cast = it->cast;	/* how far it is */
		if (x->vote != NULL && it->vote_state != NULL &&
		    strcmp(it->vote_state, "open") == 0) {
			x->vote->to_vote = event_people(r->a, r->ms, true,
			    H_WATCH_FULL, &n, &total);
			if (total > H_WATCH_FULL)
				x->vote->to_vote = event_people(r->a, r->ms,
				    true, EVENT_WAITING, &n, NULL);
			x->vote->n_to_vote = n;
		}
	}
}

/* watch: the position of the snapshot came back (the last event at or
 * before its trail head): answers Watching, then the events after it. */
static void
h_watch_positioned(struct db_batch *b, void *arg)
{
	struct req *r = arg;
	Yishi__Watch *a = r->rq->watch;
	Yishi__Watching *w;
	struct wire_view view;
	struct conn *c;
	uint64_t conn_id = r->conn_id, serial = r->new_id, seq, after_seq;
	uint32_t idx, after_idx;

	if (b->failed) {
		if ((c = conn_find(conn_id)) != NULL)
			watch_stop(c);
		req_db_error(r, b);
		return;
	}
	seq = (uint64_t)r->ms->head;
	idx = 0;
	if (db_rows(b, 0) == 1) {
		seq = (uint64_t)db_getll(b, 0, 0, 0);
		idx = (uint32_t)db_getll(b, 0, 0, 1);
	}
	view = wire_view_of(r->role, r->admin, r->who);
	w = arena_alloc(r->a, sizeof *w);
	yishi__watching__init(w);
	w->meeting = wire_meeting(r->a, r->ms, &view);
	h_watch_still(r, w->meeting);
	w->seq = seq;
	w->index = idx;
	after_seq = a->resume ? a->after_seq : seq;
	after_idx = a->resume ? a->after_index : idx;
	r->resp.result_case = YISHI__RESPONSE__RESULT_WATCHING;
	r->resp.watching = w;
	req_reply(r);		/* r is gone */
	if ((c = conn_find(conn_id)) != NULL)
		watch_catch_up(c, serial, after_seq, after_idx);
}

/* watch: registers the watcher, its live events held, then finds where
 * the snapshot stands; Watching and the events follow (watch.h). */
static void
h_watch_decide(struct req *r)
{
	struct conn *c = conn_find(r->conn_id);

	if (c == NULL) {
		req_reply(r);
		return;
	}
	/* new_id: the watch this request started (a later watch on the same
	 * connection replaces it). */
	r->new_id = watch_start(c, r->ms->id, r->body_id, r->who);
	r->wb = db_batch_new(h_watch_positioned, r);
	/* Every event at or before the snapshot's head committed before it
	 * was read: this later read sees them all. */
	db_batch_addf(r->wb, "SELECT seq, idx FROM event_log WHERE meeting = $1 "
	    "AND seq <= $2 ORDER BY seq DESC, idx DESC LIMIT 1", "ii",
	    (long long)r->ms->id, (long long)r->ms->head);
	db_submit(srv.db, r->wb);
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
