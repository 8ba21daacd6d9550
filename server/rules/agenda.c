/* agenda.c: who may add which item, and when (see agenda.h). */
#include "agenda.h"

#include <string.h>

#include "verdict.h"

static const char *const agenda_domains[] = { "finance", "personnel",
    "procurement", "tender", "approval", NULL };

/* R-3Z1D-1: the class the item takes; true when the amount changed it. */
bool
rules_agenda_classify(const struct rules_profile *p, enum rules_category asked,
    int64_t amount, enum rules_category *out)
{
	*out = asked;
	/* R-3Z1D-1: an ordinary item over the threshold is large_fund */
	if (asked == RULES_CAT_ORDINARY && amount > p->large_fund_threshold) {
		*out = RULES_CAT_LARGE_FUND;
		return true;
	}
	return false;
}

/* True for the five domains of R-TOP-1 (五个不直接分管). */
bool
rules_agenda_domain_valid(const char *domain)
{
	int i;

	for (i = 0; agenda_domains[i] != NULL; i++)
		if (strcmp(domain, agenda_domains[i]) == 0)
			return true;
	return false;
}

/* R-AGENDA-1, R-ADHOC-1, R-TOP-1: may `who` add this item now? */
void
rules_may_propose_item(const struct rules_meeting *m,
    const struct rules_proposal *p, const struct rules_member *who,
    struct rules_verdict *v)
{
	const struct rules_member *sec = rules_secretary(m);
	bool after_notice = m->state != RULES_MTG_SCHEDULED;
	bool is_sec = sec != NULL && rules_member_same(sec, who);

	rules_verdict_ok(v);
	/* R-AGENDA-1: seated voting members and office staff propose */
	if (!rules_role_votes(who->role) && who->role != RULES_ROLE_OFFICE) {
		rules_verdict_refuse(v, "R-AGENDA-1");
		rules_verdict_zh(v, "只有有表决权的成员和办公室可以提出议题");
		rules_verdict_en(v, "only voting members and office staff "
		    "propose items");
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		/* R-ADHOC-1: nothing is added to a closed meeting */
		rules_verdict_refuse(v, "R-ADHOC-1");
		rules_verdict_zh(v, "会议已闭会，不能再增加议题");
		rules_verdict_en(v, "the meeting is closed: no item can be added");
		return;
	}
	/* R-ADHOC-1 (不临时动议), R-AGENDA-2: after the notice only an
	 * emergency item with a reason, added by the secretary */
	if (after_notice && (!p->emergency || !p->has_reason || !is_sec)) {
		rules_verdict_refuse(v, "R-ADHOC-1");
		if (!p->emergency || !p->has_reason) {
			rules_verdict_zh(v, "会议通知已发出，不得临时动议；"
			    "只有紧急事项（注明理由）可由书记增加");
			rules_verdict_en(v, "the notice has been sent: no "
			    "ad-hoc motions; only an emergency item with a "
			    "reason may be added, by the secretary");
		} else {
			rules_verdict_zh(v, "会议通知已发出，紧急事项只能由书记"
			    "（%s）增加", sec ? rules_member_label(sec) : "—");
			rules_verdict_en(v, "the notice has been sent: an "
			    "emergency item can only be added by the secretary "
			    "(%s)", sec ? rules_member_label(sec) : "-");
		}
		return;
	}
	if (p->emergency && !p->has_reason) {
		/* R-ADHOC-1: an emergency item states its reason */
		rules_verdict_refuse(v, "R-ADHOC-1");
		rules_verdict_zh(v, "紧急事项须说明理由");
		rules_verdict_en(v, "an emergency item needs a reason");
		return;
	}
	/* R-TOP-1 (五个不直接分管): a responsible leader who is not the
	 * 一把手 */
	if (p->domain[0] != '\0') {
		size_t i;
		bool seated = false;

		for (i = 0; i < m->nmembers; i++)
			if (strcmp(m->members[i].name, p->responsible) == 0 &&
			    rules_role_votes(m->members[i].role))
				seated = true;
		if (p->responsible[0] == '\0' || !seated ||
		    (sec != NULL && strcmp(sec->name, p->responsible) == 0)) {
			rules_verdict_refuse(v, "R-TOP-1");
			rules_verdict_zh(v, "%s类事项须指定一名不是一把手的分管"
			    "领导（五个不直接分管）", p->domain);
			rules_verdict_en(v, "a %s item must name a responsible "
			    "leader of the body who is not the secretary "
			    "(五个不直接分管)", p->domain);
			return;
		}
	}
}

/* R-AGENDA-1: may `who` approve items (the secretary only)? */
bool
rules_agenda_may_approve(const struct rules_member *who)
{
	return who != NULL && who->role == RULES_ROLE_SECRETARY;
}
