/*
 * h_decide.c: how an item ends besides a vote: the chair's decision where
 * the profile gives it to the chair (R-LAST-4), deferral (R-DEFER-1), and
 * reserved opinions filed afterwards (R-DISSENT-1).
 */
#include "handlers.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "server.h"
#include "sign.h"
#include "wire.h"

/* Builds the rules view of the request's item; returns the item. */
static struct m_item *
h_item(struct req *r, struct rules_item *ri)
{
	struct m_item *it = mstate_item(r->ms, r->key);

	mstate_rules(r->ms, r->a, it, ri);
	return it;
}

/* item decide: the chair concludes without a vote (行政首长负责制). */
static void
h_decide_decide(struct req *r)
{
	Yishi__ItemText *a = r->rq->item_decide;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *prof = r->ms->profile->name;
	long long ver = (long long)r->ms->profile->version;
	const char *mode = "chair_decision", *rule = "R-LAST-4";

	it = h_item(r, &ri);
	if (it->disposal != 0) {
		/* R-EMERG-1: the report of an emergency disposal is heard */
		mode = "emergency_disposal";
		rule = "R-EMERG-1";
		rules_may_hear_disposal(&r->ms->rm, &ri, &v);
	} else
		rules_may_decide(&r->ms->rm, &ri, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->text, "text"))
		return;
	w = trail_write(r, r->body_id, "item.decide", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "text", JSON_S, a->text,
	    "mode", JSON_S, mode, "n", JSON_I, (long long)v.n,
	    "present", JSON_I, (long long)v.present, "profile", JSON_S, prof,
	    "profile_version", JSON_I, ver, "rule", JSON_S, rule, (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = 'decided', decision_mode = "
	    "$8, outcome = 'decided', decision_text = $3, "
	    "rule = $9, profile = $4, profile_version = $5, n = $6, "
	    "present = $7, decided_at = now() WHERE body_id = $1 AND id = $2",
	    "iissiiiss", (long long)r->body_id, (long long)it->id, a->text,
	    prof, ver, (long long)v.n, (long long)v.present, mode, rule);
	h_followup_supersede(r, w, it);	/* R-IMMUT-1 */
	it->state = RULES_ITEM_DECIDED;
	it->decision_mode = mode;
	it->outcome = "decided";
	it->decision_text = a->text;
	it->rule = rule;
	it->profile = prof;
	it->profile_version = (int)ver;
	it->n = (int)v.n;
	it->present = (int)v.present;
	ev = req_event(r, "decided");
	ev->item = it->id;
	ev->outcome = "decided";
	ev->rule = (char *)rule;
	req_commit(r);
}

/* item defer: the chair defers the item to a later meeting (暂缓). */
static void
h_defer_decide(struct req *r)
{
	Yishi__ItemText *a = r->rq->item_defer;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;

	it = h_item(r, &ri);
	rules_may_defer(&r->ms->rm, &ri, handlers_rmember(r->ms, r->who),
	    a->text[0] != '\0', &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->text, "reason"))
		return;
	w = trail_write(r, r->body_id, "item.defer", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "reason", JSON_S, a->text,
	    (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = 'deferred', decision_mode = "
	    "'deferred', outcome = 'deferred', decision_text = $3, "
	    "rule = 'R-DEFER-1', decided_at = now() WHERE body_id = $1 "
	    "AND id = $2", "iis", (long long)r->body_id, (long long)it->id,
	    a->text);
	if (it->has_vote && it->vote_open)
		db_batch_addf(w, "UPDATE votes SET state = 'closed', "
		    "closed_at = now(), outcome = 'deferred', rule = 'R-DEFER-1' "
		    "WHERE body_id = $1 AND item_id = $2", "ii",
		    (long long)r->body_id, (long long)it->id);
	it->state = RULES_ITEM_DEFERRED;
	it->decision_mode = "deferred";
	it->outcome = "deferred";
	it->decision_text = a->text;
	it->rule = "R-DEFER-1";
	it->vote_open = false;
	ev = req_event(r, "deferred");
	ev->item = it->id;
	ev->outcome = "deferred";
	ev->detail = a->text;
	ev->rule = "R-DEFER-1";
	req_commit(r);
}

/* dissent file: a reserved opinion, kept as filed (R-DISSENT-1). */
static void
h_dissent_decide(struct req *r)
{
	Yishi__Dissent *a = r->rq->dissent_file;
	struct rules_item ri;
	struct rules_verdict v;
	struct db_batch *w;
	const char *signed_text;
	char *canon;
	size_t len;

	(void)h_item(r, &ri);
	rules_may_dissent(&r->ms->rm, &ri, handlers_rmember(r->ms, r->who),
	    mstate_has_note(r->ms->dissents, r->ms->ndissents, r->key, r->who),
	    &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->text, "text"))
		return;
	/* R-ENF-5: a reserved opinion is signed by its author. */
	canon = sign_canon_dissent(srv.instance, r->body_id, r->ms->id, r->key,
	    r->who, a->text, a->reported_to_higher, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	w = trail_write_signed(r, r->body_id, "dissent.file", json_object(r->a,
	    "item", JSON_I, (long long)r->key, "member", JSON_S, r->who,
	    "text", JSON_S, a->text, "reported_to_higher", JSON_B,
	    (int)a->reported_to_higher, (char *)NULL), signed_text);
	db_batch_addf(w, "INSERT INTO dissents (body_id, item_id, member, text, "
	    "reported_to_higher) VALUES ($1, $2, $3, $4, $5)", "iissb",
	    (long long)r->body_id, (long long)r->key, r->who, a->text,
	    (int)a->reported_to_higher);
	req_commit(r);
}

/* Replies with the request's item as it stands. */
static void
h_item_reply(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);

	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = wire_item(r->a, r->ms, mstate_item(r->ms, r->key),
	    &view);
}

/* item show: an item with its body and meeting (what a signer names). */
static void
h_show_decide(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);
	Yishi__Item *x;

	if (!view.full && !mstate_has_pair(r->ms->observers,
	    r->ms->nobservers, r->key, r->who)) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "列席人员只能查看获准列席的议题 (R-CONF-1)",
		    "observers see only the items they were admitted to "
		    "(R-CONF-1)");
		return;
	}
	x = wire_item(r->a, r->ms, mstate_item(r->ms, r->key), &view);
	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = x;
	req_reply(r);
}

/* The item id of the requests of this file. */
static uint64_t
h_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_ITEM_DECIDE:
		return rq->item_decide->item;
	case YISHI__REQUEST__OP_ITEM_DEFER:
		return rq->item_defer->item;
	case YISHI__REQUEST__OP_DISSENT_FILE:
		return rq->dissent_file->item;
	case YISHI__REQUEST__OP_ITEM_SHOW:
		return rq->item_show->item;
	default:
		return 0;
	}
}

const struct handler h_decide[] = {
	{
		.op = YISHI__REQUEST__OP_ITEM_DECIDE,
		.name = "item.decide",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_decide_decide,
		.done = h_item_reply,
	},
	{
		.op = YISHI__REQUEST__OP_ITEM_DEFER,
		.name = "item.defer",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_defer_decide,
		.done = h_item_reply,
	},
	{
		.op = YISHI__REQUEST__OP_DISSENT_FILE,
		.name = "dissent.file",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_dissent_decide,
	},
	{
		.op = YISHI__REQUEST__OP_ITEM_SHOW,
		.name = "item.show",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_show_decide,
	},
	{ 0 }
};
