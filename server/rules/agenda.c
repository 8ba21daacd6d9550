/*
 * agenda.c: proposing items: who proposes (R-AGENDA-1), the 三重一大 class
 * by amount (R-3Z1D-1), the responsible leader (R-TOP-1), and the frozen
 * agenda after the notice (R-ADHOC-1, R-AGENDA-2).
 */
#include "rules.h"
#include "verdict.h"

#include <string.h>

static const char *const rules_agenda_domains[] = {
	"finance", "personnel", "procurement", "tender", "approval",
};

/* True for one of the five domains the 一把手 never directly manages. */
bool
rules_agenda_domain_valid(const char *domain)
{
	size_t	i;

	if (domain == NULL)
		return false;
	for (i = 0; i < sizeof(rules_agenda_domains) /
	    sizeof(rules_agenda_domains[0]); i++)
		if (strcmp(domain, rules_agenda_domains[i]) == 0)
			return true;
	return false;
}

/* R-3Z1D-1: an ordinary item over the threshold is large_fund. */
bool
rules_agenda_classify(const struct rules_profile *p, enum rules_category asked,
    int64_t amount, enum rules_category *out)
{
	*out = asked;
	if (asked == RULES_CAT_ORDINARY && amount > p->large_fund_threshold) {
		*out = RULES_CAT_LARGE_FUND;	/* R-3Z1D-1 */
		return true;
	}
	return false;
}

/* The member whose identity name is name, or NULL. */
static const struct rules_member *
rules_agenda_member(const struct rules_meeting *m, const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < m->nmembers; i++)
		if (m->members[i].name != NULL &&
		    strcmp(m->members[i].name, name) == 0)
			return &m->members[i];
	return NULL;
}

/* R-AGENDA-1, R-TOP-1, R-ADHOC-1, R-AGENDA-2: may by propose p now? */
void
rules_may_propose_item(const struct rules_meeting *m,
    const struct rules_proposal *p, const struct rules_member *by,
    struct rules_verdict *v)
{
	const struct rules_profile *pf = m->profile;
	const struct rules_member *resp, *sec;
	bool	 by_chair, by_secretary;

	rules_verdict_ok(v);
	/* R-AGENDA-1: voting seats and office staff propose */
	if (by == NULL || (!rules_member_votes(by) &&
	    by->role != RULES_ROLE_OFFICE)) {
		rules_verdict_refuse(v, "R-AGENDA-1");
		v->permission = true;
		rules_verdict_zh(v, "只有表决成员和办公室可以提出议题");
		rules_verdict_en(v, "only voting members and office staff "
		    "propose items");
		return;
	}
	/* R-AGENDA-2 */
	if (m->state == RULES_MTG_CLOSED) {
		rules_verdict_refuse(v, "R-AGENDA-2");
		rules_verdict_zh(v, "会议已闭会，议程不能再变动");
		rules_verdict_en(v, "the meeting is closed: its agenda cannot "
		    "change");
		return;
	}
	/* R-TOP-1: 五个不直接分管 */
	if (p->domain != NULL && p->domain[0] != '\0') {
		sec = rules_secretary(m);
		resp = rules_agenda_member(m, p->responsible);
		if (p->responsible == NULL || p->responsible[0] == '\0') {
			rules_verdict_refuse(v, "R-TOP-1");
			rules_verdict_zh(v, "%s领域的议题须写明分管领导",
			    p->domain);
			rules_verdict_en(v, "an item in the %s domain must name "
			    "its responsible leader", p->domain);
			return;
		}
		if (sec != NULL && rules_member_same(resp, sec)) {
			rules_verdict_refuse(v, "R-TOP-1");
			rules_verdict_zh(v, "一把手不直接分管%s，须由其他领导分管",
			    p->domain);
			rules_verdict_en(v, "the secretary does not directly "
			    "manage %s: another leader must be responsible",
			    p->domain);
			return;
		}
		if (resp == NULL || !rules_member_votes(resp)) {
			rules_verdict_refuse(v, "R-TOP-1");
			rules_verdict_zh(v, "分管领导%s不是本机构的领导成员",
			    p->responsible);
			rules_verdict_en(v, "the responsible leader %s holds no "
			    "voting seat in this body", p->responsible);
			return;
		}
	}
	/* R-ADHOC-1: an emergency item states its reason */
	if (p->emergency && !p->has_reason) {
		rules_verdict_refuse(v, "R-ADHOC-1");
		rules_verdict_zh(v, "紧急事项须说明理由");
		rules_verdict_en(v, "an emergency item needs a reason");
		return;
	}
	if (m->state == RULES_MTG_SCHEDULED)
		return;

	/* R-ADHOC-1, R-AGENDA-2: after the notice (不临时动议) */
	sec = rules_secretary(m);
	by_secretary = sec != NULL && rules_member_same(by, sec);
	by_chair = by->name != NULL && m->chair != NULL &&
	    strcmp(by->name, m->chair) == 0;
	if (pf->adhoc_by_chair) {
		if (by_chair || by_secretary)
			return;
		rules_verdict_refuse(v, "R-ADHOC-1");
		rules_verdict_zh(v, "通知发出后，只有主持人可以增加议题");
		rules_verdict_en(v, "after the notice only the chair adds "
		    "items");
		return;
	}
	if (!p->emergency) {
		rules_verdict_refuse(v, "R-ADHOC-1");
		rules_verdict_zh(v, "通知发出后不临时动议：只能由书记增加紧急事项"
		    "（须说明理由）");
		rules_verdict_en(v, "no ad-hoc items after the notice: only an "
		    "emergency item with a reason, added by the secretary");
		return;
	}
	if (!by_secretary) {
		rules_verdict_refuse(v, "R-ADHOC-1");
		v->permission = true;
		rules_verdict_zh(v, "通知发出后只有书记可以增加紧急事项");
		rules_verdict_en(v, "after the notice only the secretary adds "
		    "an emergency item");
	}
}

/* R-AGENDA-1: only the secretary approves items. */
bool
rules_agenda_may_approve(const struct rules_member *who)
{
	return who != NULL && who->role == RULES_ROLE_SECRETARY;
}
