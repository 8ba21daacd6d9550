/*
 * tally.c: the outcome of a vote when it closes (R-VOTE-5), with the item
 * quorum (R-QUORUM-2) and the close-split deferral (R-DEFER-2).
 */
#include "rules.h"
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends printf output to the formula, cutting at its end. */
static void __attribute__((format(printf, 2, 3)))
rules_tally_note(struct rules_tally *t, const char *fmt, ...)
{
	size_t	len = strlen(t->formula);
	va_list	ap;

	if (len + 1 >= sizeof(t->formula))
		return;
	va_start(ap, fmt);
	vsnprintf(t->formula + len, sizeof(t->formula) - len, fmt, ap);
	va_end(ap);
}

/* R-VOTE-5, R-DEFER-2, R-QUORUM-2: the outcome of the item's vote. */
void
rules_tally(const struct rules_meeting *m, const struct rules_item *it,
    struct rules_tally *t)
{
	const struct rules_profile *p = m->profile;
	unsigned long long yes, no, abstain, cast, n;
	enum rules_quorum q;
	bool	 item_q, major, pass_half, pass_two_thirds = true, pass;
	size_t	 i;

	memset(t, 0, sizeof(*t));
	rules_count(m, true, &t->n, &t->present);
	for (i = 0; i < m->nmembers; i++)
		if (m->members[i].in_electorate && !m->members[i].recused)
			t->electorate++;
	t->yes = it->yes;
	t->no = it->no;
	t->abstain = it->abstain;
	yes = it->yes;
	no = it->no;
	abstain = it->abstain;
	cast = yes + no + abstain;
	n = t->n;
	/* R-VOTE-5: electors who did not vote are not voting, not abstaining */
	t->not_voting = cast < t->electorate ? t->electorate - (unsigned)cast : 0;
	major = rules_category_major(it->category);

	/* R-QUORUM-2: a major item closes with a result only with quorum */
	item_q = major && p->item_quorum_major != RULES_QUORUM_NONE;
	q = item_q ? p->item_quorum_major : p->opening_quorum;
	if (!rules_quorum_met(q, t->present, t->n)) {
		t->outcome = RULES_OUTCOME_NO_QUORUM;
		t->rule = item_q ? "R-QUORUM-2" : "R-QUORUM-1";
		rules_tally_note(t, "%s: present %u, N %u fails",
		    rules_quorum_formula(q), t->present, t->n);
		return;
	}

	/* R-VOTE-5: more than half of N, and for major items two thirds */
	pass_half = 2 * yes > n;
	rules_tally_note(t, "2*yes > N: 2*%llu > %llu%s", yes, n,
	    pass_half ? "" : " fails");
	if (major) {
		pass_two_thirds = 3 * yes > 2 * cast;
		rules_tally_note(t, "; 3*yes > 2*(yes+no+abstain): 3*%llu > "
		    "2*%llu%s", yes, cast, pass_two_thirds ? "" : " fails");
	}
	pass = pass_half && pass_two_thirds && yes != no;	/* a tie fails */
	t->rule = "R-VOTE-5";
	t->outcome = pass ? RULES_OUTCOME_PASSED : RULES_OUTCOME_REJECTED;

	/*
	 * R-DEFER-2: a result that would pass on a close split is deferred,
	 * unless the item is an emergency (the majority stands). A result
	 * that fails stays rejected: nothing would be executed, and a tie is
	 * rejected by R-VOTE-5.
	 */
	if (pass && p->close_split >= 0 &&
	    (yes > no ? yes - no : no - yes) <= (unsigned long long)p->close_split) {
		if (it->emergency) {
			rules_tally_note(t, "; close split, emergency item: the "
			    "majority stands");
			return;
		}
		t->outcome = RULES_OUTCOME_DEFERRED;
		t->rule = "R-DEFER-2";
		rules_tally_note(t, "; abs(yes-no) <= %d: abs(%llu-%llu)",
		    p->close_split, yes, no);
	}
}
