/*
 * attend.c: attendance and the rest of deliberation: leave and its approval
 * (R-LEAVE-1), roll call in the room, recusals (R-RECUSE-1), observers per
 * item (R-CONF-1), written opinions of members on leave (R-ABSENT-2),
 * deferral by the chair (R-DEFER-1), reserved opinions (R-DISSENT-1) and
 * the secretary entrusting the chair (R-MTG-2, R-MTG-4).
 *
 * Refusals for want of a seat, or of the right seat, set v->permission;
 * the others are about the state of the procedure and name its rule.
 */
#include "rules.h"
#include "verdict.h"

#include <string.h>

/* True when mb chairs m: m->chair names it (the secretary if unset). */
static bool
rules_attend_is_chair(const struct rules_meeting *m,
    const struct rules_member *mb)
{
	if (mb == NULL)
		return false;
	if (m->chair == NULL)
		return rules_member_same(mb, rules_secretary(m));
	return mb->name != NULL && strcmp(mb->name, m->chair) == 0;
}

/* Refuses v as a permission refusal under rule: no seat, or the wrong one. */
static void
rules_attend_deny(struct rules_verdict *v, const char *rule)
{
	rules_verdict_refuse(v, rule);
	v->permission = true;
}

/* Refuses v: the identity has no seat in the body. */
static void
rules_attend_no_seat(struct rules_verdict *v, const char *rule)
{
	rules_attend_deny(v, rule);
	rules_verdict_zh(v, "该身份在本机构没有席位");
	rules_verdict_en(v, "the identity has no seat in this body");
}

/* Refuses v: only the chair does this, and by does not chair. */
static void
rules_attend_not_chair(const struct rules_member *by, struct rules_verdict *v,
    const char *rule, const char *what_zh, const char *what_en)
{
	rules_attend_deny(v, rule);
	rules_verdict_zh(v, "只有会议主持人可以%s，%s不是主持人", what_zh,
	    rules_member_label(by));
	rules_verdict_en(v, "only the chair may %s; %s does not chair this "
	    "meeting", what_en, rules_member_label(by));
}

/* Refuses v: who holds no voting seat, so the question does not apply. */
static void
rules_attend_not_voting(const struct rules_member *who,
    struct rules_verdict *v, const char *rule, const char *what_zh,
    const char *what_en)
{
	rules_attend_deny(v, rule);
	rules_verdict_zh(v, "%s（%s）不是表决成员，%s", rules_member_label(who),
	    rules_role_name(who->role), what_zh);
	rules_verdict_en(v, "%s (%s) holds no voting seat: %s",
	    rules_member_label(who), rules_role_name(who->role), what_en);
}

/*
 * R-LEAVE-1: a voting seat asks leave, with a reason, before the meeting
 * opens and while not checked in. One who checked in and out again before
 * the opening (left), or was marked absent in an early roll call, may still
 * ask.
 */
void
rules_may_request_leave(const struct rules_meeting *m,
    const struct rules_member *who, bool has_reason, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (who == NULL) {
		rules_attend_no_seat(v, "R-LEAVE-1");
		return;
	}
	/* R-LEAVE-1: leave concerns the voting seats (N) */
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-LEAVE-1", "无需请假",
		    "leave is asked by voting members only");
		return;
	}
	/* R-LEAVE-1: before the meeting opens */
	if (m->state == RULES_MTG_OPEN || m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "会议%s，请假须在会前提出",
		    m->state == RULES_MTG_OPEN ? "已经开始" : "已闭会");
		rules_verdict_en(v, "the meeting is %s: leave is asked before "
		    "it opens", m->state == RULES_MTG_OPEN ? "already open" :
		    "closed");
		return;
	}
	switch (who->attendance) {
	case RULES_ATT_PRESENT:
		/* R-LEAVE-1: one who is here does not ask leave */
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s已签到，不能请假（离开请签退）",
		    rules_member_label(who));
		rules_verdict_en(v, "%s is checked in and cannot ask leave "
		    "(check out to leave)", rules_member_label(who));
		return;
	case RULES_ATT_LEAVE_REQUESTED:
		/* R-LEAVE-1: one request, awaiting the chair */
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s已提出请假，待主持人批准",
		    rules_member_label(who));
		rules_verdict_en(v, "%s has already asked leave; it awaits the "
		    "chair's approval", rules_member_label(who));
		return;
	case RULES_ATT_LEAVE:
		/* R-LEAVE-1 */
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s的请假已获批准", rules_member_label(who));
		rules_verdict_en(v, "%s is already on approved leave",
		    rules_member_label(who));
		return;
	case RULES_ATT_EXPECTED:
	case RULES_ATT_LEFT:
	case RULES_ATT_ABSENT:
		break;
	}
	/* R-LEAVE-1: with a reason */
	if (!has_reason) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "请假须说明理由");
		rules_verdict_en(v, "leave needs a reason");
	}
}

/*
 * R-LEAVE-1: the chair approves a leave asked, until the meeting closes
 * (a leave asked before the opening may be granted at its start). The
 * chair does not approve their own leave: the secretary entrusts the chair
 * first (R-MTG-2), and the new chair approves.
 */
void
rules_may_approve_leave(const struct rules_meeting *m,
    const struct rules_member *by, const struct rules_member *who,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (by == NULL || who == NULL) {
		rules_attend_no_seat(v, "R-LEAVE-1");
		return;
	}
	/* R-LEAVE-1: approved by the chair */
	if (!rules_attend_is_chair(m, by)) {
		rules_attend_not_chair(by, v, "R-LEAVE-1", "批准请假",
		    "approve leave");
		return;
	}
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-LEAVE-1", "无需请假",
		    "leave concerns voting members only");
		return;
	}
	/* R-LEAVE-1: the record of a closed meeting stays as it is */
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "会议已闭会，不能再批准请假");
		rules_verdict_en(v, "the meeting is closed: leave can no longer "
		    "be approved");
		return;
	}
	/* R-LEAVE-1: only a leave that was asked */
	if (who->attendance == RULES_ATT_LEAVE) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s的请假已获批准", rules_member_label(who));
		rules_verdict_en(v, "%s is already on approved leave",
		    rules_member_label(who));
		return;
	}
	if (who->attendance != RULES_ATT_LEAVE_REQUESTED) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s未提出请假（当前：%s），须由本人会前提出并说明理由",
		    rules_member_label(who),
		    rules_attendance_name(who->attendance));
		rules_verdict_en(v, "%s has not asked leave (now %s): the member "
		    "asks it, with a reason, before the meeting opens",
		    rules_member_label(who),
		    rules_attendance_name(who->attendance));
		return;
	}
	/* R-LEAVE-1, R-MTG-2: nobody approves their own leave */
	if (rules_member_same(by, who)) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "主持人不能批准本人的请假，须先委托他人主持会议");
		rules_verdict_en(v, "the chair cannot approve their own leave: "
		    "entrust the chair to another member first");
	}
}

/*
 * Roll call in the room (R-LEAVE-1: a voting seat neither present nor on
 * approved leave is absent): the recorder or the chair marks a voting seat
 * present or absent until the meeting closes. A member on leave who comes
 * is marked present; one on leave is never marked absent. Once the meeting
 * is open, one who checked in (and maybe out) was there: marking them
 * absent would rewrite the head-counts already taken, so it is refused.
 */
void
rules_may_mark(const struct rules_meeting *m, const struct rules_member *by,
    const struct rules_member *who, bool present, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (by == NULL || who == NULL) {
		rules_attend_no_seat(v, "R-LEAVE-1");
		return;
	}
	/* the recorder or the chair calls the roll */
	if (by->role != RULES_ROLE_RECORDER && !rules_attend_is_chair(m, by)) {
		rules_attend_deny(v, "R-LEAVE-1");
		rules_verdict_zh(v, "只有记录人或主持人可以点名登记出席，%s不能",
		    rules_member_label(by));
		rules_verdict_en(v, "only the recorder or the chair marks "
		    "attendance; %s cannot", rules_member_label(by));
		return;
	}
	/* R-LEAVE-1: attendance is kept for the voting seats */
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-LEAVE-1",
		    "不登记出席（列席人员按议题准许列席）",
		    "attendance is kept for voting seats (observers are "
		    "admitted per item)");
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "会议已闭会，出席情况已记录在案");
		rules_verdict_en(v, "the meeting is closed: its attendance is "
		    "on record");
		return;
	}
	if (present) {
		if (who->attendance == RULES_ATT_PRESENT) {
			rules_verdict_refuse(v, "R-LEAVE-1");
			rules_verdict_zh(v, "%s已登记为出席",
			    rules_member_label(who));
			rules_verdict_en(v, "%s is already recorded present",
			    rules_member_label(who));
		}
		return;		/* whoever arrives, on leave or not */
	}
	switch (who->attendance) {
	case RULES_ATT_ABSENT:
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s已登记为缺席", rules_member_label(who));
		rules_verdict_en(v, "%s is already recorded absent",
		    rules_member_label(who));
		return;
	case RULES_ATT_LEAVE:
		/* R-LEAVE-1: on approved leave is not absent */
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s已获准请假，不记为缺席",
		    rules_member_label(who));
		rules_verdict_en(v, "%s is on approved leave, not absent",
		    rules_member_label(who));
		return;
	case RULES_ATT_PRESENT:
	case RULES_ATT_LEFT:
		if (m->state != RULES_MTG_OPEN)
			return;	/* correcting the roll before the opening */
		rules_verdict_refuse(v, "R-LEAVE-1");
		rules_verdict_zh(v, "%s已在会议中签到%s，不能改记为缺席（离会者签退）",
		    rules_member_label(who),
		    who->attendance == RULES_ATT_LEFT ? "并已签退" : "");
		rules_verdict_en(v, "%s checked in at the open meeting%s and "
		    "cannot be recorded absent (one who leaves checks out)",
		    rules_member_label(who),
		    who->attendance == RULES_ATT_LEFT ? " and left" : "");
		return;
	case RULES_ATT_EXPECTED:
	case RULES_ATT_LEAVE_REQUESTED:
		return;		/* leave asked but not granted: absent */
	}
}

/*
 * R-RECUSE-1: the chair, or the member themself, records that a voting
 * seat recuses from the item, with a reason, while the item is on the
 * agenda and before its vote opens. Not after the member stated or voted:
 * their statement and ballot are on the record, and taking them out of N
 * and "present" now would change that record. Attendance does not matter:
 * a member on leave or who left may recuse too.
 */
void
rules_may_recuse(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *by, const struct rules_member *who,
    bool has_reason, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (by == NULL || who == NULL) {
		rules_attend_no_seat(v, "R-RECUSE-1");
		return;
	}
	/* R-RECUSE-1: the chair, or the member themself */
	if (!rules_member_same(by, who) && !rules_attend_is_chair(m, by)) {
		rules_attend_deny(v, "R-RECUSE-1");
		rules_verdict_zh(v, "只有主持人或%s本人可以登记其回避",
		    rules_member_label(who));
		rules_verdict_en(v, "only the chair or %s themself records "
		    "this recusal", rules_member_label(who));
		return;
	}
	/* R-RECUSE-1: recusal takes a voting seat out of N for the item */
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-RECUSE-1", "无需回避",
		    "there is no vote to recuse from");
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "会议已闭会，不能再登记回避");
		rules_verdict_en(v, "the meeting is closed: no more recusals");
		return;
	}
	switch (it->state) {
	case RULES_ITEM_DECIDED:
		/* R-IMMUT-1: N and the head-counts of the decision stay */
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "议题已作出决定，登记回避将改变已记录的表决基数");
		rules_verdict_en(v, "the item is decided: a recusal now would "
		    "change the head-counts on record");
		return;
	case RULES_ITEM_VOTING:
		/* R-RECUSE-1, R-VOTE-6: N and the electorate are fixed */
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "表决已开始，表决人和应到人数已确定，不能再回避");
		rules_verdict_en(v, "the vote is open: its electorate and N are "
		    "fixed, so a recusal comes too late");
		return;
	case RULES_ITEM_PROPOSED:
	case RULES_ITEM_APPROVED:
	case RULES_ITEM_STARTED:
		break;
	case RULES_ITEM_DEFERRED:
	case RULES_ITEM_WITHDRAWN:
	default:
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-RECUSE-1 */
	if (who->recused) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已对本议题回避", rules_member_label(who));
		rules_verdict_en(v, "%s is already recused from this item",
		    rules_member_label(who));
		return;
	}
	/* R-RECUSE-1: a statement or ballot on record is not taken back */
	if (who->stated != RULES_POS_NONE || who->voted != RULES_CHOICE_NONE) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已%s，回避须在表态前提出；现在回避将改变已记录的%s",
		    rules_member_label(who),
		    who->stated != RULES_POS_NONE ? "表态" : "投票",
		    who->stated != RULES_POS_NONE ? "表态" : "投票");
		rules_verdict_en(v, "%s has already %s: a recusal comes before "
		    "one states, and now it would change the %s on record",
		    rules_member_label(who),
		    who->stated != RULES_POS_NONE ? "stated" : "voted",
		    who->stated != RULES_POS_NONE ? "statement" : "vote");
		return;
	}
	/* R-RECUSE-1: with a reason */
	if (!has_reason) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "回避须说明理由");
		rules_verdict_en(v, "a recusal needs a reason");
	}
}

/*
 * R-CONF-1: the chair admits an observer seat to one item, from its
 * approval until its discussion ends (sit-ins leave when the item's
 * discussion is over, so not once its vote is open nor after). Whether
 * the observer was admitted already is the caller's business.
 */
void
rules_may_admit(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *by, const struct rules_member *who,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (by == NULL || who == NULL) {
		rules_attend_no_seat(v, "R-CONF-1");
		return;
	}
	/* R-CONF-1: admitted by the chair */
	if (!rules_attend_is_chair(m, by)) {
		rules_attend_not_chair(by, v, "R-CONF-1", "准许列席",
		    "admit observers");
		return;
	}
	/* R-CONF-1: observers (列席) are admitted; the others sit by right */
	if (who->role != RULES_ROLE_OBSERVER) {
		rules_attend_deny(v, "R-CONF-1");
		rules_verdict_zh(v, "%s（%s）不是列席席位，只有列席人员按议题准许列席",
		    rules_member_label(who), rules_role_name(who->role));
		rules_verdict_en(v, "%s (%s) holds no observer seat: only "
		    "observers are admitted per item", rules_member_label(who),
		    rules_role_name(who->role));
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-CONF-1");
		rules_verdict_zh(v, "会议已闭会，不能再准许列席");
		rules_verdict_en(v, "the meeting is closed: observers can no "
		    "longer be admitted");
		return;
	}
	switch (it->state) {
	case RULES_ITEM_APPROVED:
	case RULES_ITEM_STARTED:
		return;
	case RULES_ITEM_VOTING:
	case RULES_ITEM_DECIDED:
		/* R-CONF-1: the discussion is over; what follows is confidential */
		rules_verdict_refuse(v, "R-CONF-1");
		rules_verdict_zh(v, "议题%s，讨论已结束，不能再准许列席",
		    it->state == RULES_ITEM_VOTING ? "正在表决" : "已作出决定");
		rules_verdict_en(v, "the item's discussion is over (%s): "
		    "observers are admitted only until then",
		    rules_item_state_name(it->state));
		return;
	case RULES_ITEM_PROPOSED:
	case RULES_ITEM_DEFERRED:
	case RULES_ITEM_WITHDRAWN:
	default:
		rules_refuse_item_state(it, v);
		return;
	}
}

/*
 * R-ABSENT-2: a voting member on approved leave, not recused, submits one
 * written opinion on an item of the agenda before it is decided (before or
 * during the meeting). It never counts in a tally.
 */
void
rules_may_submit_opinion(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *who,
    bool already_submitted, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (who == NULL) {
		rules_attend_no_seat(v, "R-ABSENT-2");
		return;
	}
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-ABSENT-2", "不能提交书面意见",
		    "written opinions come from voting members on leave");
		return;
	}
	/* R-RECUSE-1: a recused member files no opinion on the item */
	if (who->recused) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已对本议题回避，不能提交书面意见",
		    rules_member_label(who));
		rules_verdict_en(v, "%s is recused from this item and cannot "
		    "submit a written opinion", rules_member_label(who));
		return;
	}
	/* R-ABSENT-2: only a member on approved leave */
	if (who->attendance != RULES_ATT_LEAVE) {
		rules_verdict_refuse(v, "R-ABSENT-2");
		switch (who->attendance) {
		case RULES_ATT_PRESENT:
			rules_verdict_zh(v, "%s在会，请当场表态；书面意见只适用于获准请假的成员",
			    rules_member_label(who));
			rules_verdict_en(v, "%s is present and states in the "
			    "meeting; written opinions are for members on "
			    "approved leave", rules_member_label(who));
			break;
		case RULES_ATT_LEAVE_REQUESTED:
			rules_verdict_zh(v, "%s的请假尚未获主持人批准，"
			    "批准后方可提交书面意见",
			    rules_member_label(who));
			rules_verdict_en(v, "%s's leave is not yet approved by "
			    "the chair; a written opinion needs approved leave",
			    rules_member_label(who));
			break;
		default:
			rules_verdict_zh(v, "%s未获准请假（当前：%s），只有获准请假的成员可以提交书面意见",
			    rules_member_label(who),
			    rules_attendance_name(who->attendance));
			rules_verdict_en(v, "%s is not on approved leave (now "
			    "%s): only members on approved leave submit "
			    "written opinions", rules_member_label(who),
			    rules_attendance_name(who->attendance));
			break;
		}
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-ABSENT-2");
		rules_verdict_zh(v, "会议已闭会，不能再提交书面意见");
		rules_verdict_en(v, "the meeting is closed: written opinions "
		    "are no longer accepted");
		return;
	}
	switch (it->state) {
	case RULES_ITEM_APPROVED:
	case RULES_ITEM_STARTED:
	case RULES_ITEM_VOTING:
		break;
	case RULES_ITEM_DECIDED:
		/* R-ABSENT-2: before the item is decided */
		rules_verdict_refuse(v, "R-ABSENT-2");
		rules_verdict_zh(v, "议题已作出决定，书面意见须在决定前提交");
		rules_verdict_en(v, "the item is decided: written opinions "
		    "come before the decision");
		return;
	case RULES_ITEM_PROPOSED:
	case RULES_ITEM_DEFERRED:
	case RULES_ITEM_WITHDRAWN:
	default:
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-ABSENT-2: one written opinion each */
	if (already_submitted) {
		rules_verdict_refuse(v, "R-ABSENT-2");
		rules_verdict_zh(v, "%s已就本议题提交书面意见，每人一份",
		    rules_member_label(who));
		rules_verdict_en(v, "%s has already submitted a written opinion "
		    "on this item: one each", rules_member_label(who));
	}
}

/*
 * R-DEFER-1: the chair defers (暂缓) an approved or started item of the open
 * meeting, with a reason, under every profile; an emergency item too (the
 * emergency exemption of R-DEFER-2 is about a close split, not the chair's
 * judgement). Not while its vote is open: the ballots cast are final
 * (R-VOTE-6), and a close split defers on its own (R-DEFER-2).
 */
void
rules_may_defer(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *by, bool has_reason, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (by == NULL) {
		rules_attend_no_seat(v, "R-DEFER-1");
		return;
	}
	/* R-DEFER-1: the chair defers */
	if (!rules_attend_is_chair(m, by)) {
		rules_attend_not_chair(by, v, "R-DEFER-1", "暂缓议题",
		    "defer an item");
		return;
	}
	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	switch (it->state) {
	case RULES_ITEM_APPROVED:
	case RULES_ITEM_STARTED:
		break;
	case RULES_ITEM_VOTING:
		/* R-DEFER-1: before the vote, not instead of its result */
		rules_verdict_refuse(v, "R-DEFER-1");
		rules_verdict_zh(v, "表决已开始，不能暂缓：须关闭表决得出结果"
		    "（票数接近时依规自动暂缓）");
		rules_verdict_en(v, "a vote is open: it cannot be deferred; close "
		    "the vote for its outcome (a close split defers it)");
		return;
	case RULES_ITEM_DEFERRED:
		rules_verdict_refuse(v, "R-DEFER-1");
		rules_verdict_zh(v, "议题已暂缓");
		rules_verdict_en(v, "the item is already deferred");
		return;
	case RULES_ITEM_DECIDED:	/* R-IMMUT-1 */
	case RULES_ITEM_PROPOSED:	/* R-AGENDA-1 */
	case RULES_ITEM_WITHDRAWN:	/* R-AGENDA-2 */
	default:
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-DEFER-1: with a reason */
	if (!has_reason) {
		rules_verdict_refuse(v, "R-DEFER-1");
		rules_verdict_zh(v, "暂缓议题须说明理由");
		rules_verdict_en(v, "deferring an item needs a reason");
	}
}

/* True when who's statement or ballot on the item allows a dissent. */
static bool
rules_dissent_standing(const struct rules_item *it,
    const struct rules_member *who)
{
	switch (who->stated) {
	case RULES_POS_DISAGREE:
	case RULES_POS_DEFER:
	case RULES_POS_ABSTAIN:
		return true;
	case RULES_POS_NONE:
	case RULES_POS_AGREE:
		break;
	}
	switch (who->voted) {
	case RULES_CHOICE_NO:
	case RULES_CHOICE_ABSTAIN:
	case RULES_CHOICE_SECRET:	/* any participant of a secret vote */
		return true;
	case RULES_CHOICE_YES:
		return it->method == RULES_METHOD_SECRET;
	case RULES_CHOICE_NONE:
		break;
	}
	return false;
}

/*
 * R-DISSENT-1: after the item is decided, a voting member, not recused, who
 * stated disagree/defer/abstain, voted no/abstain, or took part in its
 * secret vote, files one reserved opinion; it is never edited or
 * withdrawn. A member on leave wrote an opinion instead (R-ABSENT-2) and
 * has no standing here. Same under every profile.
 */
void
rules_may_dissent(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *who, bool already_filed,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	/* R-MIN-2: nothing is filed once the minutes are signed */
	if (!rules_check_unsigned(m, v))
		return;
	if (who == NULL) {
		rules_attend_no_seat(v, "R-DISSENT-1");
		return;
	}
	if (!rules_member_votes(who)) {
		rules_attend_not_voting(who, v, "R-DISSENT-1", "不能保留意见",
		    "reserved opinions are filed by voting members");
		return;
	}
	/* R-DISSENT-1: after the item is decided */
	if (it->state != RULES_ITEM_DECIDED) {
		rules_verdict_refuse(v, "R-DISSENT-1");
		rules_verdict_zh(v, "议题尚未作出决定（当前：%s），保留意见须在决定后提出",
		    rules_item_state_name(it->state));
		rules_verdict_en(v, "the item is not decided (now %s): a "
		    "reserved opinion is filed after the decision",
		    rules_item_state_name(it->state));
		return;
	}
	/* R-RECUSE-1: no opinion on an item one recused from */
	if (who->recused) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已对本议题回避，不能保留意见",
		    rules_member_label(who));
		rules_verdict_en(v, "%s was recused from this item and cannot "
		    "file a reserved opinion", rules_member_label(who));
		return;
	}
	/* R-DISSENT-1: one whose view did not carry */
	if (!rules_dissent_standing(it, who)) {
		rules_verdict_refuse(v, "R-DISSENT-1");
		rules_verdict_zh(v, "%s未表态不同意、缓议或弃权，也未投反对或弃权票，"
		    "不能保留意见（表态：%s，投票：%s）",
		    rules_member_label(who), rules_position_name(who->stated),
		    rules_choice_name(who->voted));
		rules_verdict_en(v, "%s neither stated disagree, defer or "
		    "abstain nor voted no or abstain (stated %s, voted %s), "
		    "so has no reserved opinion to file",
		    rules_member_label(who), rules_position_name(who->stated),
		    rules_choice_name(who->voted));
		return;
	}
	/* R-DISSENT-1: once; never edited or withdrawn */
	if (already_filed) {
		rules_verdict_refuse(v, "R-DISSENT-1");
		rules_verdict_zh(v, "%s已就本议题提出保留意见，不能再次提出或修改",
		    rules_member_label(who));
		rules_verdict_en(v, "%s has already filed a reserved opinion on "
		    "this item; it cannot be filed again or edited",
		    rules_member_label(who));
	}
}

/* True when the profile lets the chair go to a seat of this role. */
static bool
rules_delegate_fits(enum rules_delegate d, enum rules_role role)
{
	switch (d) {
	case RULES_DELEGATE_NONE:
		return false;
	case RULES_DELEGATE_DEPUTY:
		return role == RULES_ROLE_DEPUTY;
	case RULES_DELEGATE_VOTING:
		return role == RULES_ROLE_DEPUTY || role == RULES_ROLE_MEMBER;
	}
	return false;
}

/*
 * R-MTG-2, R-MTG-4: the secretary entrusts the chair to another seat, as
 * the profile allows (party_group: a deputy or member, 另一名党组成员;
 * director_office and bureau_affairs: a deputy, 副局长; topic: nobody,
 * the convener chairs), or takes it back, before the meeting closes. The
 * new chair must not be on leave, and must be present once it is open.
 * The secretary need not be away: the seeds set no such condition.
 */
void
rules_may_delegate(const struct rules_meeting *m,
    const struct rules_member *by, const struct rules_member *to,
    struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	const struct rules_member *sec = rules_secretary(m);
	bool	 back;

	rules_verdict_ok(v);
	if (by == NULL || to == NULL) {
		rules_attend_no_seat(v, "R-MTG-2");
		return;
	}
	/* R-MTG-2: the secretary entrusts the chair */
	if (sec == NULL || !rules_member_same(by, sec)) {
		rules_attend_deny(v, "R-MTG-2");
		rules_verdict_zh(v, "只有书记（一把手）可以委托他人主持会议，%s不能",
		    rules_member_label(by));
		rules_verdict_en(v, "only the secretary entrusts the chair; %s "
		    "cannot", rules_member_label(by));
		return;
	}
	/* R-MTG-2: the profile says whether, and to whom */
	if (p->chair_delegate == RULES_DELEGATE_NONE) {
		rules_verdict_refuse(v, "R-MTG-2");
		rules_verdict_zh(v, "%s的会议由召集人主持，不能委托他人主持",
		    p->name);
		rules_verdict_en(v, "under %s the convener chairs: the chair "
		    "is not entrusted to another", p->name);
		return;
	}
	back = rules_member_same(to, sec);
	if (!back && !rules_delegate_fits(p->chair_delegate, to->role)) {
		rules_attend_deny(v, "R-MTG-2");
		if (p->chair_delegate == RULES_DELEGATE_DEPUTY) {
			rules_verdict_zh(v, "%s的会议只能委托副职主持，%s（%s）不是副职",
			    p->name, rules_member_label(to),
			    rules_role_name(to->role));
			rules_verdict_en(v, "under %s the chair is entrusted only "
			    "to a deputy; %s is %s", p->name,
			    rules_member_label(to), rules_role_name(to->role));
		} else {
			rules_verdict_zh(v, "只能委托其他领导成员主持，%s（%s）不是表决成员",
			    rules_member_label(to), rules_role_name(to->role));
			rules_verdict_en(v, "the chair is entrusted only to "
			    "another member of the body; %s (%s) holds no "
			    "voting seat", rules_member_label(to),
			    rules_role_name(to->role));
		}
		return;
	}
	/* R-MTG-2: before the meeting closes */
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-MTG-2");
		rules_verdict_zh(v, "会议已闭会，主持人不能再变更");
		rules_verdict_en(v, "the meeting is closed: its chair cannot "
		    "change");
		return;
	}
	if (rules_attend_is_chair(m, to)) {
		rules_verdict_refuse(v, "R-MTG-2");
		rules_verdict_zh(v, "%s已是本次会议的主持人",
		    rules_member_label(to));
		rules_verdict_en(v, "%s already chairs this meeting",
		    rules_member_label(to));
		return;
	}
	/* R-MTG-2: the chair is someone who attends */
	if (to->attendance == RULES_ATT_LEAVE ||
	    to->attendance == RULES_ATT_LEAVE_REQUESTED ||
	    (m->state == RULES_MTG_OPEN && !rules_member_present(to))) {
		rules_verdict_refuse(v, "R-MTG-2");
		rules_verdict_missing(v, to);
		rules_verdict_zh(v, "%s%s，不能主持会议", rules_member_label(to),
		    to->attendance == RULES_ATT_LEAVE ? "已获准请假" :
		    to->attendance == RULES_ATT_LEAVE_REQUESTED ? "已提出请假" :
		    "不在会场");
		rules_verdict_en(v, "%s %s and cannot chair the meeting",
		    rules_member_label(to),
		    to->attendance == RULES_ATT_LEAVE ? "is on approved leave" :
		    to->attendance == RULES_ATT_LEAVE_REQUESTED ?
		    "has asked leave" : "is not present");
	}
}
