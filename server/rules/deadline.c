/*
 * deadline.c: the rules that count working days: the notice period
 * (R-NOTICE-1), the proposal deadline (R-AGENDA-4) and minutes due
 * (R-MIN-3).
 */
#include "rules.h"
#include "verdict.h"

/* R-NOTICE-1: may the notice go out on notice_day? */
void
rules_may_notify(const struct rules_meeting *m, int32_t notice_day,
    int32_t meeting_day, const struct rules_calendar *cal,
    struct rules_verdict *v)
{
	char	nd[RULES_DAY_LEN], md[RULES_DAY_LEN], ld[RULES_DAY_LEN];
	int32_t	last;

	rules_verdict_ok(v);
	if (m->state == RULES_MTG_OPEN || m->state == RULES_MTG_CLOSED) {
		/* R-NOTICE-1: the notice comes before the meeting */
		rules_verdict_refuse(v, "R-NOTICE-1");
		rules_verdict_zh(v, "会议%s，不能再发通知",
		    m->state == RULES_MTG_OPEN ? "已开始" : "已闭会");
		rules_verdict_en(v, "the meeting is %s: too late for a notice",
		    rules_meeting_state_name(m->state));
		return;
	}
	/* R-NOTICE-1: urgent meetings (临时召开) waive the period */
	if (!m->profile->notice_required || m->urgent)
		return;
	last = rules_cal_prev_workday(cal, meeting_day);
	if (notice_day <= last)
		return;
	/* R-NOTICE-1 */
	rules_day_format(notice_day, nd);
	rules_day_format(meeting_day, md);
	rules_day_format(last, ld);
	rules_verdict_refuse(v, "R-NOTICE-1");
	rules_verdict_zh(v, "通知须不晚于会议日（%s）前的最后一个工作日（%s），"
	    "%s发出已过期限；紧急会议须标明临时召开及理由", md, ld, nd);
	rules_verdict_en(v, "the notice must go out by the last working day "
	    "before the meeting on %s, which is %s; %s is too late (an urgent "
	    "meeting must be scheduled as urgent with a reason)", md, ld, nd);
}

/* R-AGENDA-4: may the item be proposed on proposal_day? */
void
rules_may_propose(const struct rules_meeting *m,
    const struct rules_item *it, int32_t proposal_day, int32_t meeting_day,
    const struct rules_calendar *cal, struct rules_verdict *v)
{
	char	pd[RULES_DAY_LEN], md[RULES_DAY_LEN], ld[RULES_DAY_LEN];
	int	days = m->profile->proposal_deadline_days;
	int32_t	last;

	rules_verdict_ok(v);
	/* R-AGENDA-4: emergency items are excepted */
	if (days <= 0 || it->emergency)
		return;
	last = rules_cal_add_workdays(cal, meeting_day, -days);
	if (proposal_day <= last)
		return;
	/* R-AGENDA-4 */
	rules_day_format(proposal_day, pd);
	rules_day_format(meeting_day, md);
	rules_day_format(last, ld);
	rules_verdict_refuse(v, "R-AGENDA-4");
	rules_verdict_zh(v, "议题须在会议日（%s）前%d个工作日即%s之前提出，"
	    "%s提出已过期限（紧急事项除外）", md, days, ld, pd);
	rules_verdict_en(v, "proposals close %d working days before the "
	    "meeting on %s, on %s; %s is too late (emergency items excepted)",
	    days, md, ld, pd);
}

/* R-MIN-3: the last day to sign minutes of a meeting closed on closed_day. */
int32_t
rules_minutes_due(const struct rules_profile *p, int32_t closed_day,
    const struct rules_calendar *cal)
{
	return rules_cal_add_workdays(cal, closed_day,
	    p->minutes_due_days > 0 ? p->minutes_due_days : 0);
}

/* R-MIN-3: unsigned minutes are overdue after their due day. */
bool
rules_minutes_overdue(const struct rules_profile *p, int32_t closed_day,
    int32_t today, const struct rules_calendar *cal)
{
	return today > rules_minutes_due(p, closed_day, cal);
}
