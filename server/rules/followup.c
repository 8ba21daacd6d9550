/*
 * followup.c: after the meeting: follow-up tasks on passed decisions
 * (R-FOLLOW-1), re-decision by a later item (R-IMMUT-1), emergency
 * disposals (R-EMERG-1) and the acknowledgment of decisions by the members
 * who were absent (通报, R-ABSENT-4).
 */
#include "verdict.h"

#include "access.h"

#include <string.h>

/* True when the item passed: decided by a vote that passed or by the chair. */
bool
rules_decision_passed(const struct rules_decision *d)
{
	if (d->state != RULES_ITEM_DECIDED || d->outcome == NULL)
		return false;
	return strcmp(d->outcome, "passed") == 0 ||
	    strcmp(d->outcome, "decided") == 0;
}

/* R-FOLLOW-1: a task on a passed decision in force, due today or later. */
void
rules_may_assign_followup(const struct rules_decision *d, int32_t due,
    int32_t today, struct rules_verdict *v)
{
	char date[RULES_DAY_LEN];

	rules_verdict_ok(v);
	if (!rules_decision_passed(d)) {
		rules_verdict_refuse(v, "R-FOLLOW-1");
		rules_verdict_zh(v, "只有已通过的决定才能分派督办任务（议题状态：%s，"
		    "结果：%s）", rules_item_state_name(d->state),
		    d->outcome && d->outcome[0] ? d->outcome : "无");
		rules_verdict_en(v, "follow-up tasks are assigned only on a "
		    "passed decision (the item is %s, outcome: %s)",
		    rules_item_state_name(d->state),
		    d->outcome && d->outcome[0] ? d->outcome : "none");
		return;
	}
	if (d->superseded) {
		rules_verdict_refuse(v, "R-FOLLOW-1");
		rules_verdict_zh(v, "该决定已被新的决定取代，督办任务应分派给新决定");
		rules_verdict_en(v, "this decision was superseded: assign tasks "
		    "on the new decision");
		return;
	}
	if (due < today) {
		rules_day_format(due, date);
		rules_verdict_refuse(v, "R-FOLLOW-1");
		rules_verdict_zh(v, "完成期限 %s 已经过去", date);
		rules_verdict_en(v, "the due date %s is in the past", date);
	}
}

/* R-FOLLOW-1: only the responsible person reports, until the task is done. */
void
rules_may_report_followup(const char *person, const char *who, bool done,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (strcmp(person, who) != 0) {
		rules_verdict_refuse(v, "R-FOLLOW-1");
		v->permission = true;
		rules_verdict_zh(v, "只有责任人 %s 可以报告该任务的进展", person);
		rules_verdict_en(v, "only the responsible person, %s, reports "
		    "on this task", person);
		return;
	}
	if (done) {
		rules_verdict_refuse(v, "R-FOLLOW-1");
		rules_verdict_zh(v, "该任务已办结，不再接受进展报告");
		rules_verdict_en(v, "the task is done: it takes no more reports");
	}
}

/* R-FOLLOW-1: the person responsible holds a seat of the body. */
void
rules_may_be_responsible(const char *person, enum rules_role role,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (access_of_body(role))
		return;
	rules_verdict_refuse(v, "R-FOLLOW-1");
	if (role == RULES_ROLE_OBSERVER) {
		rules_verdict_zh(v, "%s 是列席人员，不能作为督办责任人；"
		    "责任人须在本机构有席位，外单位请用 --unit 写明", person);
		rules_verdict_en(v, "%s is an observer and cannot be the person "
		    "responsible: that is a seat of this body (name an outside "
		    "unit with --unit)", person);
	} else {
		rules_verdict_zh(v, "%s 在本机构没有席位，不能作为督办责任人；"
		    "外单位请用 --unit 写明", person);
		rules_verdict_en(v, "%s has no seat in this body and cannot be "
		    "the person responsible (name an outside unit with --unit)",
		    person);
	}
}

/* R-FOLLOW-1: due before today and not done. */
bool
rules_followup_overdue(int32_t due, int32_t today, bool done)
{
	return !done && due < today;
}

/* R-IMMUT-1: a decided item of the same body, an earlier meeting, in force. */
void
rules_may_revise(const struct rules_decision *old, uint64_t body,
    uint64_t meeting, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (old == NULL || old->body != body) {
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "被修改的议题须是本机构已作出的决定");
		rules_verdict_en(v, "the revised item must be a decision of "
		    "this body");
		return;
	}
	if (old->state != RULES_ITEM_DECIDED) {
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "被修改的议题尚未作出决定（状态：%s）",
		    rules_item_state_name(old->state));
		rules_verdict_en(v, "the revised item is not decided (it is %s)",
		    rules_item_state_name(old->state));
		return;
	}
	if (old->meeting == meeting) {
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "决定只能由以后的会议重新作出，不能在同一次会议上"
		    "修改");
		rules_verdict_en(v, "a decision is changed only by a later "
		    "meeting, not in the meeting that took it");
		return;
	}
	if (old->superseded) {
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "被修改的决定已被取代");
		rules_verdict_en(v, "the revised decision was already "
		    "superseded");
	}
}

/* R-EMERG-1: a 三重一大 class or an amount over the threshold is major. */
bool
rules_disposal_major(const struct rules_profile *p, enum rules_category c,
    int64_t amount)
{
	if (rules_category_major(c))
		return true;
	return p != NULL && p->large_fund_threshold > 0 &&
	    amount > p->large_fund_threshold;
}

/* R-EMERG-1: the report of a disposal is heard in an open, quorate meeting. */
void
rules_may_hear_disposal(const struct rules_meeting *m,
    const struct rules_item *it, struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	unsigned n, present;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	rules_verdict_counts(v, n, present,
	    rules_quorum_needed(p->opening_quorum, n));
	if (!rules_check_open(m, v))
		return;
	if (it->state != RULES_ITEM_STARTED) {
		rules_refuse_item_state(it, v);
		return;
	}
	if (!rules_quorum_met(p->opening_quorum, present, n)) {
		rules_verdict_refuse(v, "R-QUORUM-1");
		rules_verdict_zh(v, "实到%u人，需到%u人（应到%u人，%s）",
		    present, v->needed, n,
		    rules_quorum_formula(p->opening_quorum));
		rules_verdict_en(v, "%u present, %u needed (N = %u, %s)",
		    present, v->needed, n,
		    rules_quorum_formula(p->opening_quorum));
	}
}

/* R-EMERG-1: a voting seat records an emergency disposal. */
void
rules_may_record_disposal(enum rules_role role, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!rules_role_votes(role)) {
		rules_verdict_refuse(v, "R-EMERG-1");
		v->permission = true;
		rules_verdict_zh(v, "只有机构成员可以登记临机处置");
		rules_verdict_en(v, "only a voting member records an emergency "
		    "disposal");
	}
}

/* R-ABSENT-4: a voting seat absent or on leave, after the close, once. */
void
rules_may_ack_decision(enum rules_role role, enum rules_attendance att,
    enum rules_meeting_state mst, const struct rules_decision *d,
    bool acked, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!rules_role_votes(role) || (att != RULES_ATT_ABSENT &&
	    att != RULES_ATT_LEAVE)) {
		rules_verdict_refuse(v, "R-ABSENT-4");
		rules_verdict_zh(v, "只有缺席或请假的成员需要确认会议决定的通报");
		rules_verdict_en(v, "only members who were absent or on leave "
		    "are informed of the decisions");
		return;
	}
	if (mst != RULES_MTG_CLOSED || d->state != RULES_ITEM_DECIDED) {
		rules_verdict_refuse(v, "R-ABSENT-4");
		rules_verdict_zh(v, "会议结束后才通报已作出的决定（议题状态：%s）",
		    rules_item_state_name(d->state));
		rules_verdict_en(v, "decisions are reported once the meeting "
		    "closed (the item is %s)", rules_item_state_name(d->state));
		return;
	}
	if (acked) {
		rules_verdict_refuse(v, "R-ABSENT-4");
		rules_verdict_zh(v, "您已确认过该决定的通报");
		rules_verdict_en(v, "you already acknowledged this decision");
	}
}
