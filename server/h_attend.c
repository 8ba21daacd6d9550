/*
 * h_attend.c: attendance beyond checking in: leave and its approval
 * (R-LEAVE-1), roll call by the recorder, observers admitted per item
 * (R-CONF-1), recusals (R-RECUSE-1) and written opinions of members on
 * leave (R-ABSENT-2).
 */
#include "handlers.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "wire.h"

/* Builds the rules view (of the request's item for item scopes). */
static void
h_rules(struct req *r, struct rules_item *ri)
{
	const struct m_item *it = r->h->scope == REQ_SCOPE_ITEM ?
	    mstate_item(r->ms, r->key) : NULL;

	mstate_rules(r->ms, r->a, it, ri);
}

/* The rules member named `name`; refuses with not found when unseated. */
static const struct rules_member *
h_subject(struct req *r, const char *name)
{
	const struct rules_member *m = handlers_rmember(r->ms, name);

	if (m == NULL)
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "%s 在该机构没有席位", "%s has no seat in this body", name);
	return m;
}

/* Refuses with the verdict unless it allows; returns v->ok. */
static bool
h_allowed(struct req *r, const struct rules_verdict *v)
{
	if (!v->ok)
		req_refuse(r, v);
	return v->ok;
}

/* Upserts one attendance row in the write batch. */
static void
h_attendance_write(struct req *r, struct db_batch *w, const char *member,
    const char *state, const char *reason)
{
	db_batch_addf(w, "INSERT INTO attendance (body_id, meeting_id, identity, "
	    "state, reason, marked_by) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (body_id, meeting_id, identity) DO UPDATE "
	    "SET state = excluded.state, reason = CASE WHEN excluded.reason = '' "
	    "THEN attendance.reason ELSE excluded.reason END, "
	    "marked_by = excluded.marked_by, at = now()", "iissss",
	    (long long)r->body_id, (long long)r->ms->id, member, state,
	    reason, r->who);
}

/* Attaches the meeting's quorum to an event after attendance changed. */
static void
h_quorum_event(struct req *r, const char *kind, const char *member)
{
	Yishi__Event *ev = req_event(r, kind);

	ev->member = (char *)member;
	ev->display = (char *)mstate_display(r->ms, member);
	ev->quorum = handlers_quorum(r);
}

/* leave request: a member asks the chair for leave, with a reason. */
static void
h_leave_request_decide(struct req *r)
{
	Yishi__LeaveRequest *a = r->rq->leave_request;
	struct rules_verdict v;
	struct m_member *me;
	struct db_batch *w;

	h_rules(r, NULL);
	rules_may_request_leave(&r->ms->rm, handlers_rmember(r->ms, r->who),
	    a->reason[0] != '\0', &v);
	if (!h_allowed(r, &v) || !handlers_text(r, a->reason, "reason"))
		return;
	w = trail_write(r, r->body_id, "leave.request", json_object(r->a,
	    "meeting", JSON_I, (long long)r->ms->id, "member", JSON_S, r->who,
	    "reason", JSON_S, a->reason, (char *)NULL));
	h_attendance_write(r, w, r->who, "leave_requested", a->reason);
	if ((me = mstate_member(r->ms, r->who)) != NULL)
		me->att = RULES_ATT_LEAVE_REQUESTED;
	req_event(r, "leave_requested")->detail = a->reason;
	req_commit(r);
}

/* leave approve: the chair grants a requested leave. */
static void
h_leave_approve_decide(struct req *r)
{
	Yishi__MemberRef *a = r->rq->leave_approve;
	const struct rules_member *who;
	struct rules_verdict v;
	struct m_member *m;
	struct db_batch *w;

	h_rules(r, NULL);
	if ((who = h_subject(r, a->member)) == NULL)
		return;
	rules_may_approve_leave(&r->ms->rm, handlers_rmember(r->ms, r->who),
	    who, &v);
	if (!h_allowed(r, &v))
		return;
	w = trail_write(r, r->body_id, "leave.approve", json_object(r->a,
	    "meeting", JSON_I, (long long)r->ms->id, "member", JSON_S,
	    a->member, (char *)NULL));
	h_attendance_write(r, w, a->member, "leave", "");
	m = mstate_member(r->ms, a->member);
	m->att = RULES_ATT_LEAVE;
	h_quorum_event(r, "leave_approved", a->member);
	/* The reason the member gave (kept by the write above). */
	r->events[r->nevents - 1]->detail = (char *)(m->reason != NULL ?
	    m->reason : "");
	req_commit(r);
}

/* attendance mark: roll call in the room by the recorder or the chair. */
static void
h_mark_decide(struct req *r)
{
	Yishi__AttendanceMark *a = r->rq->attendance_mark;
	const struct rules_member *who;
	struct rules_verdict v;
	struct db_batch *w;

	h_rules(r, NULL);
	if ((who = h_subject(r, a->member)) == NULL)
		return;
	rules_may_mark(&r->ms->rm, handlers_rmember(r->ms, r->who), who,
	    a->present, &v);
	if (!h_allowed(r, &v))
		return;
	w = trail_write(r, r->body_id, "attendance.mark", json_object(r->a,
	    "meeting", JSON_I, (long long)r->ms->id, "member", JSON_S,
	    a->member, "present", JSON_B, (int)a->present, (char *)NULL));
	h_attendance_write(r, w, a->member, a->present ? "present" : "absent",
	    "");
	mstate_member(r->ms, a->member)->att = a->present ? RULES_ATT_PRESENT :
	    RULES_ATT_ABSENT;
	h_quorum_event(r, a->present ? "checkin" : "absent", a->member);
	req_commit(r);
}

/* observer admit: the chair admits an observer (列席) to one item. */
static void
h_admit_decide(struct req *r)
{
	Yishi__ItemMember *a = r->rq->observer_admit;
	const struct rules_member *who;
	struct rules_item ri;
	struct rules_verdict v;
	struct db_batch *w;

	h_rules(r, &ri);
	if ((who = h_subject(r, a->identity)) == NULL)
		return;
	rules_may_admit(&r->ms->rm, &ri, handlers_rmember(r->ms, r->who), who,
	    &v);
	if (!h_allowed(r, &v))
		return;
	if (mstate_has_pair(r->ms->observers, r->ms->nobservers, r->key,
	    a->identity)) {
		req_reply(r);	/* already admitted: nothing changes */
		return;
	}
	w = trail_write(r, r->body_id, "observer.admit", json_object(r->a,
	    "item", JSON_I, (long long)r->key, "identity", JSON_S, a->identity,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO item_observers (body_id, item_id, identity, "
	    "admitted_by) VALUES ($1, $2, $3, $4)", "iiss",
	    (long long)r->body_id, (long long)r->key, a->identity, r->who);
	req_commit(r);
}

/* recuse: the chair or the member records a recusal from one item. */
static void
h_recuse_decide(struct req *r)
{
	Yishi__Recuse *a = r->rq->recuse;
	const struct rules_member *who;
	struct rules_item ri;
	struct rules_verdict v;
	struct db_batch *w;
	Yishi__Event *ev;

	h_rules(r, &ri);
	if ((who = h_subject(r, a->member)) == NULL)
		return;
	rules_may_recuse(&r->ms->rm, &ri, handlers_rmember(r->ms, r->who), who,
	    a->reason[0] != '\0', &v);
	if (!h_allowed(r, &v) || !handlers_text(r, a->reason, "reason"))
		return;
	w = trail_write(r, r->body_id, "recuse", json_object(r->a,
	    "item", JSON_I, (long long)r->key, "member", JSON_S, a->member,
	    "reason", JSON_S, a->reason, (char *)NULL));
	db_batch_addf(w, "INSERT INTO recusals (body_id, item_id, member, reason, "
	    "recorded_by) VALUES ($1, $2, $3, $4, $5)", "iisss",
	    (long long)r->body_id, (long long)r->key, a->member, a->reason,
	    r->who);
	ev = req_event(r, "recused");
	ev->item = r->key;
	ev->detail = a->reason;
	ev->member = a->member;
	ev->display = (char *)mstate_display(r->ms, a->member);
	req_commit(r);
}

/* opinion submit: a member on leave writes an opinion (never counted). */
static void
h_opinion_decide(struct req *r)
{
	Yishi__Opinion *a = r->rq->opinion_submit;
	struct rules_item ri;
	struct rules_verdict v;
	struct db_batch *w;

	if (strcmp(a->position, "agree") != 0 &&
	    strcmp(a->position, "disagree") != 0 &&
	    strcmp(a->position, "abstain") != 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的意见：%s", "unknown position: %s", a->position);
		return;
	}
	h_rules(r, &ri);
	rules_may_submit_opinion(&r->ms->rm, &ri,
	    handlers_rmember(r->ms, r->who), mstate_has_note(r->ms->opinions,
	    r->ms->nopinions, r->key, r->who), &v);
	if (!h_allowed(r, &v) || !handlers_text(r, a->text, "text"))
		return;
	w = trail_write(r, r->body_id, "opinion.submit", json_object(r->a,
	    "item", JSON_I, (long long)r->key, "member", JSON_S, r->who,
	    "position", JSON_S, a->position, "text", JSON_S, a->text,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO opinions (body_id, item_id, member, "
	    "position, text) VALUES ($1, $2, $3, $4, $5)", "iisss",
	    (long long)r->body_id, (long long)r->key, r->who, a->position,
	    a->text);
	req_commit(r);
}

/* The meeting or item id of the requests of this file. */
static uint64_t
h_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_LEAVE_REQUEST:
		return rq->leave_request->meeting;
	case YISHI__REQUEST__OP_LEAVE_APPROVE:
		return rq->leave_approve->meeting;
	case YISHI__REQUEST__OP_ATTENDANCE_MARK:
		return rq->attendance_mark->meeting;
	case YISHI__REQUEST__OP_OBSERVER_ADMIT:
		return rq->observer_admit->item;
	case YISHI__REQUEST__OP_RECUSE:
		return rq->recuse->item;
	case YISHI__REQUEST__OP_OPINION_SUBMIT:
		return rq->opinion_submit->item;
	default:
		return 0;
	}
}

const struct handler h_attend[] = {
	{
		.op = YISHI__REQUEST__OP_LEAVE_REQUEST,
		.name = "leave.request",
		.scope = REQ_SCOPE_MEETING,
		.key = h_key,
		.decide = h_leave_request_decide,
	},
	{
		.op = YISHI__REQUEST__OP_LEAVE_APPROVE,
		.name = "leave.approve",
		.scope = REQ_SCOPE_MEETING,
		.key = h_key,
		.decide = h_leave_approve_decide,
	},
	{
		.op = YISHI__REQUEST__OP_ATTENDANCE_MARK,
		.name = "attendance.mark",
		.scope = REQ_SCOPE_MEETING,
		.key = h_key,
		.decide = h_mark_decide,
	},
	{
		.op = YISHI__REQUEST__OP_OBSERVER_ADMIT,
		.name = "observer.admit",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_admit_decide,
	},
	{
		.op = YISHI__REQUEST__OP_RECUSE,
		.name = "recuse",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_recuse_decide,
	},
	{
		.op = YISHI__REQUEST__OP_OPINION_SUBMIT,
		.name = "opinion.submit",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.decide = h_opinion_decide,
	},
	{ 0 }
};
