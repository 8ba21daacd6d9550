/*
 * minutes.c: after the meeting, the minutes (R-MIN-2). The chair signs the
 * minutes of a closed meeting once; from then on the meeting and its items
 * are frozen, and a correction is a corrigendum the chair appends.
 */
#include "rules.h"

#include <string.h>

#include "verdict.h"

/* True when by chairs the meeting. */
static bool
rules_minutes_is_chair(const struct rules_meeting *m,
    const struct rules_member *by)
{
	return m->chair != NULL && by != NULL && by->name != NULL &&
	    strcmp(by->name, m->chair) == 0;
}

/* Refuses v as a permission refusal: only the chair signs and corrects. */
static void
rules_minutes_not_chair(const struct rules_member *by,
    struct rules_verdict *v, const char *what_zh, const char *what_en)
{
	rules_verdict_refuse(v, "R-MIN-2");
	v->permission = true;
	if (by == NULL) {
		rules_verdict_zh(v, "该身份在本机构没有席位");
		rules_verdict_en(v, "the identity has no seat in this body");
		return;
	}
	rules_verdict_zh(v, "只有会议主持人可以%s，%s不是主持人", what_zh,
	    rules_member_label(by));
	rules_verdict_en(v, "only the chair may %s; %s does not chair this "
	    "meeting", what_en, rules_member_label(by));
}

/* R-MIN-2: false and v refused once the minutes are signed. */
bool
rules_check_unsigned(const struct rules_meeting *m, struct rules_verdict *v)
{
	if (!m->minutes_signed)
		return true;
	/* R-MIN-2, R-IMMUT-1 */
	rules_verdict_refuse(v, "R-MIN-2");
	rules_verdict_zh(v, "会议纪要已由主持人签发，会议及其议题不可再更改"
	    "（更正须由主持人追加签名的更正说明）");
	rules_verdict_en(v, "the chair has signed the minutes: the meeting and "
	    "its items cannot change any more (a correction is a signed "
	    "corrigendum the chair appends)");
	return false;
}

/*
 * R-MIN-2: may by sign the minutes? The chair, once the meeting is closed
 * (nothing is decided afterwards but reserved opinions), and only once.
 */
void
rules_may_sign_minutes(const struct rules_meeting *m,
    const struct rules_member *by, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!rules_minutes_is_chair(m, by)) {
		rules_minutes_not_chair(by, v, "签发会议纪要",
		    "sign the minutes");
		return;
	}
	if (m->state != RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-MIN-2");
		rules_verdict_zh(v, "会议尚未闭会（%s），闭会后才能签发会议纪要",
		    rules_meeting_state_name(m->state));
		rules_verdict_en(v, "the meeting is not closed (%s): the minutes "
		    "are signed after it closes",
		    rules_meeting_state_name(m->state));
		return;
	}
	if (m->minutes_signed) {
		rules_verdict_refuse(v, "R-MIN-2");
		rules_verdict_zh(v, "会议纪要已经签发，不能再次签发；"
		    "更正请追加更正说明");
		rules_verdict_en(v, "the minutes are already signed and cannot "
		    "be signed again; append a corrigendum instead");
	}
}

/* R-MIN-2: may by append a corrigendum? The chair, to signed minutes. */
void
rules_may_correct_minutes(const struct rules_meeting *m,
    const struct rules_member *by, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!rules_minutes_is_chair(m, by)) {
		rules_minutes_not_chair(by, v, "更正会议纪要",
		    "correct the minutes");
		return;
	}
	if (!m->minutes_signed) {
		rules_verdict_refuse(v, "R-MIN-2");
		rules_verdict_zh(v, "会议纪要尚未签发：纪要由记录生成，"
		    "签发后才以更正说明更正");
		rules_verdict_en(v, "the minutes are not signed yet: they are "
		    "generated from the record, and corrected by corrigenda "
		    "once signed");
	}
}
