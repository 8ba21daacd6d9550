/*
 * h_agenda.c: the agenda: items proposed by members and the office,
 * approved by the secretary (R-AGENDA-1), frozen after the notice except for
 * emergency items (R-ADHOC-1).
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "hex.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "sign.h"
#include "wire.h"

/* The materials of a proposal as the trail keeps them: for each, in the
 * order given, "<SHA-256 hex>:<bytes>:<name>\n" (names may hold newlines). */
static const char *
h_propose_materials(struct req *r, const Yishi__AgendaPropose *a)
{
	const char *out = "";
	char hex[65];
	size_t i;

	for (i = 0; i < a->n_materials; i++) {
		hex_encode(a->materials[i]->sha256.data, 32, hex);
		out = arena_printf(r->a, "%s%s:%zu:%s\n", out, hex,
		    strlen(a->materials[i]->name), a->materials[i]->name);
	}
	return out;
}

/* agenda propose: allocates the item id and reads the calendar. */
static void
h_propose_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT nextval('item_id_seq')", "");
	(void)handlers_calendar_load(b);
	/* R-IMMUT-1: the decision an item revises */
	db_batch_addf(b, "SELECT body_id, meeting_id, state, "
	    "coalesce(outcome, ''), superseded_by IS NOT NULL FROM items "
	    "WHERE id = $1", "i", (long long)r->rq->agenda_propose->revises);
}

/* The working days R-AGENDA-4 counted, for the replay (issue 12): the
 * meeting day, the day proposals closed and the calendar days between. */
struct h_deadline {
	bool	 counted;	/* false: no deadline applied */
	char	 meeting_day[RULES_DAY_LEN], close[RULES_DAY_LEN];
	const char *days;
};

/* R-AGENDA-4: the proposal deadline in working days; true when allowed,
 * with what was counted in *d. */
static bool
h_propose_deadline(struct req *r, bool emergency, struct h_deadline *d)
{
	struct rules_calendar cal;
	struct rules_item ri;
	struct rules_verdict v;
	int32_t today, mday, last;
	int n = r->ms->profile->proposal_deadline_days;

	memset(d, 0, sizeof *d);
	snprintf(d->meeting_day, sizeof d->meeting_day, "%.10s", r->ms->at);
	if (!rules_day_parse(r->ms->today, &today) ||
	    !rules_day_parse(d->meeting_day, &mday)) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE, "日期无法解析",
		    "cannot read the dates");
		return false;
	}
	handlers_calendar(r, r->extra + 1, &cal);
	memset(&ri, 0, sizeof ri);
	ri.emergency = emergency;
	rules_may_propose(&r->ms->rm, &ri, today, mday, &cal, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return false;
	}
	if (n > 0 && !emergency) {
		last = rules_cal_add_workdays(&cal, mday, -n);
		rules_day_format(last, d->close);
		d->days = handlers_calendar_days(r, &cal, last, mday);
		d->counted = true;
	}
	return true;
}

/* R-IMMUT-1: the item revised is a decision of this body, in force, taken
 * in an earlier meeting; true when allowed. */
static bool
h_propose_revises(struct req *r)
{
	struct rules_decision d, *old = NULL;
	struct rules_verdict v;
	int i = r->extra + 2;

	if (db_rows(r->rb, i) == 1) {
		memset(&d, 0, sizeof d);
		d.body = (uint64_t)db_getll(r->rb, i, 0, 0);
		d.meeting = (uint64_t)db_getll(r->rb, i, 0, 1);
		d.state = mstate_item_state(db_get(r->rb, i, 0, 2));
		d.outcome = db_get(r->rb, i, 0, 3);
		d.superseded = db_getbool(r->rb, i, 0, 4);
		old = &d;
	}
	rules_may_revise(old, r->body_id, r->ms->id, &v);
	if (!v.ok)
		req_refuse(r, &v);
	return v.ok;
}

/* agenda propose: checks who, when, class and domain; adds the item. */
static void
h_propose_decide(struct req *r)
{
	Yishi__AgendaPropose *a = r->rq->agenda_propose;
	struct mstate *ms = r->ms;
	struct rules_proposal p;
	struct rules_verdict v;
	struct h_deadline dl;
	enum rules_category asked, cat;
	const struct rules_member *me = NULL;
	struct db_batch *w;
	int pos = 0;
	size_t i;

	if (!handlers_text(r, a->title, "title"))
		return;
	if (!rules_category_parse(a->category, &asked)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的议题类别：%s", "unknown category: %s", a->category);
		return;
	}
	if (a->amount < 0 || (a->domain[0] != '\0' &&
	    !rules_agenda_domain_valid(a->domain))) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "金额或领域无效", "invalid amount or domain");
		return;
	}
	if (a->emergency && !handlers_text(r, a->reason, "reason"))
		return;
	if (a->n_materials > 64) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "材料过多", "too many materials");
		return;
	}
	for (i = 0; i < a->n_materials; i++) {
		if (a->materials[i]->sha256.len != 32 ||
		    !handlers_text(r, a->materials[i]->name, "material")) {
			if (a->materials[i]->sha256.len != 32)
				req_fail(r,
				    YISHI__STATUS__STATUS_INVALID_ARGUMENT,
				    "材料摘要无效", "invalid material digest");
			return;
		}
	}
	(void)rules_agenda_classify(ms->profile, asked, a->amount,
	    &cat);
	memset(&p, 0, sizeof p);
	p.category = cat;
	p.amount = a->amount;
	p.domain = a->domain;
	p.responsible = a->responsible;
	p.emergency = a->emergency;
	p.has_reason = a->reason[0] != '\0';
	mstate_rules(ms, r->a, NULL, NULL);
	for (i = 0; i < ms->rm.nmembers; i++)
		if (strcmp(ms->rmembers[i].name, r->who) == 0)
			me = &ms->rmembers[i];
	rules_may_propose_item(&ms->rm, &p, me, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!h_propose_deadline(r, a->emergency, &dl))
		return;
	if (a->revises != 0 && !h_propose_revises(r))
		return;
	for (i = 0; i < (size_t)ms->nitems; i++)
		if (ms->items[i].position > pos)
			pos = ms->items[i].position;
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	w = trail_write(r, r->body_id, "agenda.propose", json_object(r->a,
	    "materials", JSON_S, h_propose_materials(r, a),
	    "item", JSON_I, (long long)r->new_id, "meeting", JSON_I,
	    (long long)ms->id, "title", JSON_S, a->title,
	    "category", JSON_S, rules_category_name(cat),
	    "asked", JSON_S, a->category, "amount", JSON_I,
	    (long long)a->amount, "domain", JSON_S, a->domain,
	    "responsible", JSON_S, a->responsible,
	    "emergency", JSON_B, (int)a->emergency, "reason", JSON_S,
	    a->reason, "revises", JSON_I, (long long)a->revises,
	    /* a NULL key ends the object: no deadline, no days counted */
	    dl.counted ? "date" : NULL, JSON_S, ms->today,
	    "meeting_day", JSON_S, dl.meeting_day,
	    "proposals_close", JSON_S, dl.close, "calendar", JSON_S, dl.days,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO items (body_id, id, meeting_id, position, "
	    "title, category, amount, domain, responsible, proposer, emergency, "
	    "reason, revises) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	    "$11, $12, nullif($13::bigint, 0))", "iiiississsbsi",
	    (long long)r->body_id, (long long)r->new_id, (long long)ms->id,
	    (long long)pos + 1, a->title, rules_category_name(cat),
	    (long long)a->amount, a->domain, a->responsible, r->who,
	    (int)a->emergency, a->reason, (long long)a->revises);
	for (i = 0; i < a->n_materials; i++)
		db_batch_addf(w, "INSERT INTO item_materials (body_id, item_id, "
		    "name, sha256) VALUES ($1, $2, $3, $4)", "iisx",
		    (long long)r->body_id, (long long)r->new_id,
		    a->materials[i]->name, a->materials[i]->sha256.data,
		    a->materials[i]->sha256.len);
	r->hint = rules_category_name(cat);	/* for the reply */
	req_commit(r);
}

/* agenda propose: replies with the item and its class. */
static void
h_propose_done(struct req *r)
{
	Yishi__Item *it = arena_alloc(r->a, sizeof *it);
	Yishi__Item init = YISHI__ITEM__INIT;
	Yishi__AgendaPropose *a = r->rq->agenda_propose;

	*it = init;
	it->id = r->new_id;
	it->meeting = r->ms->id;
	it->title = a->title;
	it->category = (char *)r->hint;
	it->state = "proposed";
	it->amount = a->amount;
	it->proposer = (char *)r->who;
	it->responsible = a->responsible;
	it->emergency = a->emergency;
	it->domain = a->domain;
	if (strcmp(r->hint, a->category) != 0)
		it->note = r->en ? arena_printf(r->a, "amount over the "
		    "threshold: classified as %s (R-3Z1D-1)", r->hint) :
		    arena_printf(r->a, "金额超过限额，按%s处理（R-3Z1D-1）",
		    r->hint);
	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = it;
}

/* agenda approve: the secretary only (R-AGENDA-1). */
static void
h_approve_decide(struct req *r)
{
	struct m_item *it = mstate_item(r->ms, r->key);
	struct db_batch *w;

	if (it->state != RULES_ITEM_PROPOSED ||
	    r->ms->state == RULES_MTG_CLOSED) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    "议题当前状态为 %s，会议状态为 %s",
		    "the item is %s and the meeting %s",
		    mstate_item_state_name(it->state),
		    mstate_meeting_state_name(r->ms->state));
		return;
	}
	w = trail_write(r, r->body_id, "agenda.approve", json_object(r->a,
	    "item", JSON_I, (long long)it->id, (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = 'approved' WHERE body_id = $1 "
	    "AND id = $2", "ii", (long long)r->body_id, (long long)it->id);
	it->state = RULES_ITEM_APPROVED;
	req_commit(r);
}

/* agenda withdraw: its proposer before the notice, afterwards only the
 * secretary (R-AGENDA-2); never once deliberation began. */
static void
h_withdraw_decide(struct req *r)
{
	struct m_item *it = mstate_item(r->ms, r->key);
	bool sec = r->role != NULL && strcmp(r->role, "secretary") == 0;
	struct rules_verdict v;
	struct db_batch *w;

	memset(&v, 0, sizeof v);
	if (!sec && r->ms->state != RULES_MTG_SCHEDULED) {
		/* R-AGENDA-2: the agenda is frozen once noticed */
		v.rule = "R-AGENDA-2";
		snprintf(v.msg_zh, sizeof v.msg_zh, "会议通知已发出，议程已冻结，"
		    "撤回议题须由书记决定");
		snprintf(v.msg_en, sizeof v.msg_en, "the notice has been sent: "
		    "the agenda is frozen and only the secretary may withdraw "
		    "an item");
		req_refuse(r, &v);
		return;
	}
	if (it->state != RULES_ITEM_PROPOSED &&
	    it->state != RULES_ITEM_APPROVED) {
		/* R-IMMUT-1: what is under deliberation or decided stays */
		v.rule = "R-IMMUT-1";
		snprintf(v.msg_zh, sizeof v.msg_zh, "议题已进入审议（%s），不能撤回",
		    mstate_item_state_name(it->state));
		snprintf(v.msg_en, sizeof v.msg_en, "the item is %s: it can no "
		    "longer be withdrawn", mstate_item_state_name(it->state));
		req_refuse(r, &v);
		return;
	}
	w = trail_write(r, r->body_id, "agenda.withdraw", json_object(r->a,
	    "item", JSON_I, (long long)it->id, (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = 'withdrawn' WHERE body_id = $1 "
	    "AND id = $2", "ii", (long long)r->body_id, (long long)it->id);
	it->state = RULES_ITEM_WITHDRAWN;
	req_commit(r);
}

/* agenda approve / withdraw: replies with the item. */
static void
h_approve_done(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);

	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = wire_item(r->a, r->ms, mstate_item(r->ms, r->key),
	    &view);
}

/* The meeting id of agenda propose. */
static uint64_t
h_propose_key(const Yishi__Request *rq)
{
	return rq->agenda_propose->meeting;
}

/* The item id of approve and withdraw. */
static uint64_t
h_item_key(const Yishi__Request *rq)
{
	return rq->op_case == YISHI__REQUEST__OP_AGENDA_APPROVE ?
	    rq->agenda_approve->item : rq->agenda_withdraw->item;
}

const struct handler h_agenda[] = {
	{
		.op = YISHI__REQUEST__OP_AGENDA_PROPOSE,
		.name = "agenda.propose",
		.scope = REQ_SCOPE_MEETING,
		.key = h_propose_key,
		.prepare = h_propose_prepare,
		.decide = h_propose_decide,
		.done = h_propose_done,
	},
	{
		.op = YISHI__REQUEST__OP_AGENDA_APPROVE,
		.name = "agenda.approve",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_approve_decide,
		.done = h_approve_done,
	},
	{
		.op = YISHI__REQUEST__OP_AGENDA_WITHDRAW,
		.name = "agenda.withdraw",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_withdraw_decide,
		.done = h_approve_done,
	},
	{ 0 }
};
