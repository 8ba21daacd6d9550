/*
 * agenda.h: the agenda rules: who may add an item and when (R-AGENDA-1,
 * R-AGENDA-2, R-ADHOC-1), its class by amount (R-3Z1D-1) and the
 * responsible leader of sensitive domains (R-TOP-1). Pure, like rules.h.
 */
#ifndef YISHI_RULES_AGENDA_H
#define YISHI_RULES_AGENDA_H

#include "rules.h"

/* An item as proposed. */
struct rules_proposal {
	enum rules_category category;	/* as named by the proposer */
	int64_t		 amount;	/* yuan, 0 when none */
	const char	*domain;	/* "" or finance|personnel|procurement|
					   tender|approval */
	const char	*responsible;	/* identity name of 分管领导, or "" */
	bool		 emergency;
	bool		 has_reason;
};

/* R-3Z1D-1: the class the item takes; true when the amount changed it. */
bool rules_agenda_classify(const struct rules_profile *p,
    enum rules_category asked, int64_t amount, enum rules_category *out);

/* True for the five domains of R-TOP-1 (五个不直接分管). */
bool rules_agenda_domain_valid(const char *domain);

/*
 * R-AGENDA-1, R-ADHOC-1, R-TOP-1: may `who` add this item to meeting m now?
 * The proposal's category must already be classified.
 */
void rules_may_propose_item(const struct rules_meeting *m,
    const struct rules_proposal *p, const struct rules_member *who,
    struct rules_verdict *v);

/* R-AGENDA-1: may `who` approve items (the secretary only)? */
bool rules_agenda_may_approve(const struct rules_member *who);

#endif
