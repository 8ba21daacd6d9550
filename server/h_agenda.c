/*
 * h_agenda.c: the agenda: items proposed by members and the office,
 * approved by the secretary (R-AGENDA-1), frozen after the notice except for
 * emergency items (R-ADHOC-1).
 */
#include "handlers.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "wire.h"

/* agenda propose: allocates the item id with the load. */
static void
h_propose_prepare(struct req *r, struct db_batch *b)
{
	(void)r;
	db_batch_addf(b, "SELECT nextval('item_id_seq')", "");
}

/* agenda propose: checks who, when, class and domain; adds the item. */
static void
h_propose_decide(struct req *r)
{
	Yishi__AgendaPropose *a = r->rq->agenda_propose;
	struct mstate *ms = r->ms;
	struct rules_proposal p;
	struct rules_verdict v;
	enum rules_category asked, cat;
	const struct rules_member *me = NULL;
	struct db_batch *w;
	int pos = 0;
	size_t i;

	if (!handlers_need(r, handlers_voting(r->role) ||
	    (r->role != NULL && strcmp(r->role, "office") == 0),
	    "提出议题需要成员或办公室席位 (R-AGENDA-1)",
	    "proposing needs a voting or office seat (R-AGENDA-1)"))
		return;
	if (!handlers_text(r, a->title, "title", 500))
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
	if (a->emergency && !handlers_text(r, a->reason, "reason", 1000))
		return;
	if (a->n_materials > 64) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "材料过多", "too many materials");
		return;
	}
	for (i = 0; i < a->n_materials; i++) {
		if (a->materials[i]->sha256.len != 32 ||
		    !handlers_text(r, a->materials[i]->name, "material", 255)) {
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
	for (i = 0; i < (size_t)ms->nitems; i++)
		if (ms->items[i].position > pos)
			pos = ms->items[i].position;
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	w = req_write(r, r->body_id, "agenda.propose", json_object(r->a,
	    "item", JSON_I, (long long)r->new_id, "meeting", JSON_I,
	    (long long)ms->id, "title", JSON_S, a->title,
	    "category", JSON_S, rules_category_name(cat),
	    "asked", JSON_S, a->category, "amount", JSON_I,
	    (long long)a->amount, "domain", JSON_S, a->domain,
	    "responsible", JSON_S, a->responsible,
	    "emergency", JSON_B, (int)a->emergency, "reason", JSON_S,
	    a->reason, "revises", JSON_I, (long long)a->revises,
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

/* agenda approve / withdraw: the secretary (R-AGENDA-1, R-AGENDA-2). */
static void
h_approve_decide(struct req *r)
{
	bool approve = r->rq->op_case == YISHI__REQUEST__OP_AGENDA_APPROVE;
	struct m_item *it = mstate_item(r->ms, r->key);
	struct db_batch *w;

	if (!handlers_need(r, r->role != NULL &&
	    strcmp(r->role, "secretary") == 0,
	    "只有书记可以审定议题 (R-AGENDA-1)",
	    "only the secretary approves items (R-AGENDA-1)"))
		return;
	if (approve ? it->state != RULES_ITEM_PROPOSED :
	    (it->state != RULES_ITEM_PROPOSED &&
	    it->state != RULES_ITEM_APPROVED)) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    "议题当前状态为 %s", "the item is %s",
		    mstate_item_state_name(it->state));
		return;
	}
	if (r->ms->state == RULES_MTG_CLOSED) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "会议已经结束",
		    "the meeting is closed");
		return;
	}
	w = req_write(r, r->body_id, approve ? "agenda.approve" :
	    "agenda.withdraw", json_object(r->a, "item", JSON_I,
	    (long long)it->id, (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = $3 WHERE body_id = $1 "
	    "AND id = $2", "iis", (long long)r->body_id, (long long)it->id,
	    approve ? "approved" : "withdrawn");
	it->state = approve ? RULES_ITEM_APPROVED : RULES_ITEM_WITHDRAWN;
	req_commit(r);
}

/* agenda approve / withdraw: replies with the item. */
static void
h_approve_done(struct req *r)
{
	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = wire_item(r->a, r->ms, mstate_item(r->ms, r->key));
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
	{ YISHI__REQUEST__OP_AGENDA_PROPOSE, "agenda.propose",
	  REQ_SCOPE_MEETING, 0, h_propose_key, h_propose_prepare,
	  h_propose_decide, h_propose_done },
	{ YISHI__REQUEST__OP_AGENDA_APPROVE, "agenda.approve", REQ_SCOPE_ITEM,
	  0, h_item_key, NULL, h_approve_decide, h_approve_done },
	{ YISHI__REQUEST__OP_AGENDA_WITHDRAW, "agenda.withdraw",
	  REQ_SCOPE_ITEM, 0, h_item_key, NULL, h_approve_decide,
	  h_approve_done },
	{ 0 }
};
