/*
 * h_minutes.c: the minutes (会议纪要) after the meeting. They are never
 * typed: `minutes show` generates them from the record (R-MIN-1); the chair
 * signs them once the meeting is closed, over the trail head read with
 * them, and the meeting is frozen from then on (R-MIN-2); a correction is
 * a corrigendum the chair signs and appends; minutes not signed in time
 * are listed as overdue (R-MIN-3).
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "hex.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "server.h"
#include "sign.h"
#include "wire.h"

/* The meeting that trail entries about the meeting or its items (and
 * their follow-up tasks) name, after a given seq: what makes the head a
 * chair read the minutes at stale (R-MIN-2). */
static const char h_minutes_sql_later[] =
	"WITH mt AS (SELECT body_id, id FROM meetings WHERE id = $1), "
	"p AS (SELECT t.seq, t.action, CASE WHEN t.payload LIKE '{%' "
	"THEN t.payload::jsonb END AS j FROM trail t, mt "
	"WHERE t.body_id = mt.body_id AND t.seq > $2) "
	"SELECT p.seq, p.action FROM p, mt WHERE p.j->>'meeting' = mt.id::text "
	"OR p.j->>'item' IN (SELECT i.id::text FROM items i "
	"WHERE i.body_id = mt.body_id AND i.meeting_id = mt.id) "
	"OR p.j->>'task' IN (SELECT f.id::text FROM followups f JOIN items i "
	"ON i.body_id = f.body_id AND i.id = f.item_id "
	"WHERE i.body_id = mt.body_id AND i.meeting_id = mt.id) "
	"ORDER BY p.seq LIMIT 1";

/* Decodes hex into bytes in the arena; NULL or not hex gives none. */
static ProtobufCBinaryData
h_minutes_unhex(struct req *r, const char *hex)
{
	ProtobufCBinaryData d = { 0, NULL };
	size_t n;

	if (hex == NULL)
		return d;
	n = strlen(hex) / 2;
	d.data = arena_alloc(r->a, n + 1);
	if (!hex_decode(hex, d.data, n, &d.len))
		d.len = 0;
	return d;
}

/* The day an RFC 3339 time of the instance zone falls on. */
static bool
h_minutes_day(const char *at, int32_t *day)
{
	char ymd[RULES_DAY_LEN];

	if (at == NULL || strlen(at) < 10)
		return false;
	memcpy(ymd, at, 10);
	ymd[10] = '\0';
	return rules_day_parse(ymd, day);
}

/* The chair's sign-off of the snapshot's meeting, or NULL. */
static Yishi__MinutesSignoff *
h_minutes_signoff(struct req *r)
{
	struct mstate *ms = r->ms;
	Yishi__MinutesSignoff *s, init = YISHI__MINUTES_SIGNOFF__INIT;

	if (!ms->minutes_signed)
		return NULL;
	s = arena_alloc(r->a, sizeof *s);
	*s = init;
	s->meeting = ms->id;
	s->member = (char *)ms->signed_by;
	s->display = (char *)mstate_display(ms, ms->signed_by);
	s->at = (char *)ms->signed_at;
	s->head_seq = (uint64_t)ms->signed_head_seq;
	s->head_hash = h_minutes_unhex(r, ms->signed_head_hash);
	s->trail_seq = (uint64_t)ms->signed_trail_seq;
	return s;
}

/* One corrigendum from row i of read q. */
static Yishi__Corrigendum *
h_minutes_corrigendum(struct req *r, int q, int i)
{
	Yishi__Corrigendum *c, init = YISHI__CORRIGENDUM__INIT;

	c = arena_alloc(r->a, sizeof *c);
	*c = init;
	c->meeting = r->ms->id;
	c->seq = (uint32_t)db_getll(r->rb, q, i, 0);
	c->member = arena_strdup(r->a, db_get(r->rb, q, i, 1));
	c->display = (char *)mstate_display(r->ms, c->member);
	c->text = arena_strdup(r->a, db_get(r->rb, q, i, 2));
	c->at = arena_strdup(r->a, db_get(r->rb, q, i, 3));
	c->trail_seq = (uint64_t)db_getll(r->rb, q, i, 4);
	return c;
}

/* minutes show: the corrigenda, the calendar for R-MIN-3 and absent
 * members' acknowledgments of the decisions. */
static void
h_show_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT c.seq, c.member, c.text, "
	    MSTATE_RFC3339("c.at") ", c.trail_seq FROM minutes_corrigenda c "
	    "WHERE c.body_id = (SELECT body_id FROM meetings WHERE id = $1) "
	    "AND c.meeting_id = $1 ORDER BY c.seq", "i", (long long)r->key);
	(void)handlers_calendar_load(b);
	db_batch_addf(b, "SELECT k.item_id, k.member, " MSTATE_RFC3339("k.at")
	    " FROM decision_acks k JOIN items i ON i.body_id = k.body_id "
	    "AND i.id = k.item_id WHERE i.meeting_id = $1 "
	    "ORDER BY k.item_id, k.member", "i", (long long)r->key);
}

/* Puts the acknowledgments read at index q on the items of meeting m. */
static void
h_show_acks(struct req *r, Yishi__Meeting *m, int q)
{
	Yishi__Note init = YISHI__NOTE__INIT;
	int n = db_rows(r->rb, q), i;
	size_t k;

	for (k = 0; k < m->n_items; k++) {
		Yishi__Item *it = m->items[k];

		it->acks = arena_alloc(r->a, sizeof *it->acks * (size_t)(n + 1));
		for (i = 0; i < n; i++) {
			Yishi__Note *x;

			if ((uint64_t)db_getll(r->rb, q, i, 0) != it->id)
				continue;
			x = arena_alloc(r->a, sizeof *x);
			*x = init;
			x->member = arena_strdup(r->a, db_get(r->rb, q, i, 1));
			x->display = (char *)mstate_display(r->ms, x->member);
			x->at = arena_strdup(r->a, db_get(r->rb, q, i, 2));
			it->acks[it->n_acks++] = x;
		}
	}
}

/* minutes show: the record of the meeting (R-MIN-1, R-CONF-1), with the
 * trail head it was read at, its sign-off and corrigenda (R-MIN-2), and
 * when it is due (R-MIN-3). */
static void
h_show_decide(struct req *r)
{
	Yishi__Minutes *mn = arena_alloc(r->a, sizeof *mn);
	Yishi__Minutes init = YISHI__MINUTES__INIT;
	struct wire_view view = { true, true, NULL };
	struct mstate *ms = r->ms;
	struct rules_calendar cal;
	int32_t closed, today;
	int i, n, q = r->extra;

	*mn = init;
	mn->meeting = wire_meeting(r->a, ms, &view);
	h_show_acks(r, mn->meeting, q + 2);
	mn->head_seq = (uint64_t)ms->head;
	mn->head_hash = h_minutes_unhex(r, ms->head_hash);
	mn->signoff = h_minutes_signoff(r);
	n = db_rows(r->rb, q);
	mn->corrigenda = arena_alloc(r->a, sizeof *mn->corrigenda *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++)
		mn->corrigenda[mn->n_corrigenda++] =
		    h_minutes_corrigendum(r, q, i);
	if (ms->state == RULES_MTG_CLOSED && ms->profile != NULL &&
	    h_minutes_day(ms->closed_at, &closed) &&
	    rules_day_parse(ms->today, &today)) {
		char due[RULES_DAY_LEN];

		handlers_calendar(r, q + 1, &cal);
		rules_day_format(rules_minutes_due(ms->profile, closed, &cal),
		    due);
		mn->due = arena_strdup(r->a, due);
		mn->overdue = !ms->minutes_signed &&
		    rules_minutes_overdue(ms->profile, closed, today, &cal);
	}
	r->resp.result_case = YISHI__RESPONSE__RESULT_MINUTES;
	r->resp.minutes = mn;
	req_reply(r);
}

/* minutes sign: the hash at the head the chair read, and the first later
 * entry about this meeting. */
static void
h_sign_prepare(struct req *r, struct db_batch *b)
{
	long long seq = (long long)r->rq->minutes_sign->head_seq;

	db_batch_addf(b, "SELECT encode(hash, 'hex') FROM trail "
	    "WHERE body_id = (SELECT body_id FROM meetings WHERE id = $1) "
	    "AND seq = $2", "ii", (long long)r->key, seq);
	db_batch_addf(b, h_minutes_sql_later, "ii", (long long)r->key, seq);
}

/* True when the head the chair signs is one the minutes hold still:
 * the current head, or one no entry about this meeting came after. */
static bool
h_sign_head(struct req *r, const char *hex)
{
	Yishi__MinutesSign *a = r->rq->minutes_sign;
	struct rules_verdict v;
	int q = r->extra;

	memset(&v, 0, sizeof v);
	v.rule = "R-MIN-2";
	if (a->head_seq > (uint64_t)r->ms->head || a->head_hash.len != 32 ||
	    db_rows(r->rb, q) != 1 || strcmp(db_get(r->rb, q, 0, 0), hex)) {
		snprintf(v.msg_zh, sizeof v.msg_zh, "签发所依据的留痕位置 #%llu "
		    "与记录不符", (unsigned long long)a->head_seq);
		snprintf(v.msg_en, sizeof v.msg_en, "the trail head #%llu the "
		    "signature names is not in the record",
		    (unsigned long long)a->head_seq);
		req_refuse(r, &v);
		return false;
	}
	if (db_rows(r->rb, q + 1) > 0) {
		snprintf(v.msg_zh, sizeof v.msg_zh, "阅读纪要（留痕 #%llu）后记录"
		    "又有变化（留痕 #%s %s），请重新阅读纪要后签发",
		    (unsigned long long)a->head_seq, db_get(r->rb, q + 1, 0, 0),
		    db_get(r->rb, q + 1, 0, 1));
		snprintf(v.msg_en, sizeof v.msg_en, "the record changed after "
		    "the minutes were read at trail #%llu (trail #%s %s): read "
		    "them again and sign", (unsigned long long)a->head_seq,
		    db_get(r->rb, q + 1, 0, 0), db_get(r->rb, q + 1, 0, 1));
		req_refuse(r, &v);
		return false;
	}
	return true;
}

/* minutes sign: the chair signs the minutes of the closed meeting, as
 * read at a trail head; from then on they cannot change (R-MIN-2). */
static void
h_sign_decide(struct req *r)
{
	Yishi__MinutesSign *a = r->rq->minutes_sign;
	struct mstate *ms = r->ms;
	struct rules_verdict v;
	struct db_batch *w;
	const char *signed_text;
	char hex[65], *canon;
	size_t len = 0;

	mstate_rules(ms, r->a, NULL, NULL);
	rules_may_sign_minutes(&ms->rm, handlers_rmember(ms, r->who), &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	hex[0] = '\0';
	if (a->head_hash.len == 32)
		hex_encode(a->head_hash.data, 32, hex);
	if (!h_sign_head(r, hex))
		return;
	canon = sign_canon_minutes_sign(srv.instance, r->body_id, ms->id,
	    r->who, a->head_seq, hex, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	w = trail_write_signed(r, r->body_id, "minutes.sign", json_object(r->a,
	    "meeting", JSON_I, (long long)ms->id, "head_seq", JSON_I,
	    (long long)a->head_seq, "head_hash", JSON_S, hex, (char *)NULL),
	    signed_text);
	db_batch_addf(w, "INSERT INTO minutes_signoffs (body_id, meeting_id, "
	    "signed_by, head_seq, head_hash, trail_seq) VALUES ($1, $2, $3, "
	    "$4, decode($5, 'hex'), $6)", "iisisi", (long long)r->body_id,
	    (long long)ms->id, r->who, (long long)a->head_seq, hex,
	    (long long)r->head + 1);
	ms->minutes_signed = true;
	ms->signed_by = r->who;
	ms->signed_at = "";
	ms->signed_head_seq = (int64_t)a->head_seq;
	ms->signed_head_hash = arena_strdup(r->a, hex);
	ms->signed_trail_seq = r->head + 1;
	(void)req_event(r, "minutes_signed");
	req_commit(r);
}

/* minutes sign: replies with the sign-off. */
static void
h_sign_done(struct req *r)
{
	r->resp.result_case = YISHI__RESPONSE__RESULT_SIGNOFF;
	r->resp.signoff = h_minutes_signoff(r);
}

/* minutes correct: the number of the next corrigendum. */
static void
h_correct_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT coalesce(max(seq), 0) FROM minutes_corrigenda "
	    "WHERE body_id = (SELECT body_id FROM meetings WHERE id = $1) "
	    "AND meeting_id = $1", "i", (long long)r->key);
}

/* minutes correct: the chair appends a signed corrigendum to the signed
 * minutes; the minutes show it after the original (R-MIN-2). */
static void
h_correct_decide(struct req *r)
{
	Yishi__MinutesCorrect *a = r->rq->minutes_correct;
	struct mstate *ms = r->ms;
	struct rules_verdict v;
	struct db_batch *w;
	const char *signed_text;
	char *canon;
	size_t len = 0;
	long long seq;

	mstate_rules(ms, r->a, NULL, NULL);
	rules_may_correct_minutes(&ms->rm, handlers_rmember(ms, r->who), &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->text, "text"))
		return;
	canon = sign_canon_minutes_correct(srv.instance, r->body_id, ms->id,
	    r->who, a->text, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	seq = db_getll(r->rb, r->extra, 0, 0) + 1;
	w = trail_write_signed(r, r->body_id, "minutes.correct",
	    json_object(r->a, "meeting", JSON_I, (long long)ms->id, "seq",
	    JSON_I, seq, "text", JSON_S, a->text, (char *)NULL), signed_text);
	db_batch_addf(w, "INSERT INTO minutes_corrigenda (body_id, meeting_id, "
	    "seq, member, text, trail_seq) VALUES ($1, $2, $3, $4, $5, $6)",
	    "iiissi", (long long)r->body_id, (long long)ms->id, seq, r->who,
	    a->text, (long long)r->head + 1);
	r->new_id = (uint64_t)seq;
	(void)req_event(r, "minutes_corrected");
	req_commit(r);
}

/* minutes correct: replies with the corrigendum. */
static void
h_correct_done(struct req *r)
{
	Yishi__Corrigendum *c = arena_alloc(r->a, sizeof *c);
	Yishi__Corrigendum init = YISHI__CORRIGENDUM__INIT;

	*c = init;
	c->meeting = r->ms->id;
	c->seq = (uint32_t)r->new_id;
	c->member = (char *)r->who;
	c->display = (char *)mstate_display(r->ms, r->who);
	c->text = r->rq->minutes_correct->text;
	c->trail_seq = (uint64_t)r->head + 1;
	r->resp.result_case = YISHI__RESPONSE__RESULT_CORRIGENDUM;
	r->resp.corrigendum = c;
}

/* minutes overdue: closed meetings of the body not signed, the calendar. */
static void
h_overdue_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT mt.id, mt.title, " MSTATE_RFC3339("mt.closed_at")
	    ", to_char(now(), 'YYYY-MM-DD') FROM meetings mt "
	    "WHERE mt.body_id = $1 AND mt.state = 'closed' "
	    "AND mt.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	    "minutes_signoffs s WHERE s.body_id = mt.body_id "
	    "AND s.meeting_id = mt.id) ORDER BY mt.closed_at, mt.id", "i",
	    (long long)r->key);
	(void)handlers_calendar_load(b);
}

/* minutes overdue: minutes not signed within the profile's working days
 * after the meeting closed (R-MIN-3), on the working-day calendar. */
static void
h_overdue_decide(struct req *r)
{
	const struct rules_profile *p = rules_profile_find(r->body_profile);
	Yishi__OverdueMinutes *o = arena_alloc(r->a, sizeof *o);
	Yishi__OverdueMinutes init = YISHI__OVERDUE_MINUTES__INIT;
	struct rules_calendar cal;
	int i, n, q = r->extra;

	*o = init;
	handlers_calendar(r, q + 1, &cal);
	n = db_rows(r->rb, q);
	o->meetings = arena_alloc(r->a, sizeof *o->meetings * (size_t)(n + 1));
	for (i = 0; i < n && p != NULL; i++) {
		Yishi__OverdueMeeting *x, xinit = YISHI__OVERDUE_MEETING__INIT;
		const char *closed_at = db_get(r->rb, q, i, 2);
		char due[RULES_DAY_LEN];
		int32_t closed, today;

		if (!h_minutes_day(closed_at, &closed) ||
		    !rules_day_parse(db_get(r->rb, q, i, 3), &today) ||
		    !rules_minutes_overdue(p, closed, today, &cal))
			continue;
		x = arena_alloc(r->a, sizeof *x);
		*x = xinit;
		x->meeting = (uint64_t)db_getll(r->rb, q, i, 0);
		x->title = arena_strdup(r->a, db_get(r->rb, q, i, 1));
		x->closed_at = arena_strdup(r->a, closed_at);
		rules_day_format(rules_minutes_due(p, closed, &cal), due);
		x->due = arena_strdup(r->a, due);
		x->working_days = (uint32_t)rules_cal_count_workdays(&cal,
		    closed, today);
		o->meetings[o->n_meetings++] = x;
	}
	r->resp.result_case = YISHI__RESPONSE__RESULT_OVERDUE_MINUTES;
	r->resp.overdue_minutes = o;
	req_reply(r);
}

/* The meeting or body id of the requests of this file. */
static uint64_t
h_minutes_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_MINUTES_SHOW:
		return rq->minutes_show->meeting;
	case YISHI__REQUEST__OP_MINUTES_SIGN:
		return rq->minutes_sign->meeting;
	case YISHI__REQUEST__OP_MINUTES_CORRECT:
		return rq->minutes_correct->meeting;
	case YISHI__REQUEST__OP_MINUTES_OVERDUE:
		return rq->minutes_overdue->body;
	default:
		return 0;
	}
}

const struct handler h_minutes[] = {
	{
		.op = YISHI__REQUEST__OP_MINUTES_SHOW,
		.name = "minutes.show",
		.scope = REQ_SCOPE_MEETING,
		.key = h_minutes_key,
		.prepare = h_show_prepare,
		.decide = h_show_decide,
	},
	{
		.op = YISHI__REQUEST__OP_MINUTES_SIGN,
		.name = "minutes.sign",
		.scope = REQ_SCOPE_MEETING,
		.key = h_minutes_key,
		.prepare = h_sign_prepare,
		.decide = h_sign_decide,
		.done = h_sign_done,
	},
	{
		.op = YISHI__REQUEST__OP_MINUTES_CORRECT,
		.name = "minutes.correct",
		.scope = REQ_SCOPE_MEETING,
		.key = h_minutes_key,
		.prepare = h_correct_prepare,
		.decide = h_correct_decide,
		.done = h_correct_done,
	},
	{
		.op = YISHI__REQUEST__OP_MINUTES_OVERDUE,
		.name = "minutes.overdue",
		.scope = REQ_SCOPE_BODY,
		.key = h_minutes_key,
		.prepare = h_overdue_prepare,
		.decide = h_overdue_decide,
	},
	{ 0 }
};
