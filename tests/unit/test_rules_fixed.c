/*
 * test_rules_fixed.c: N fixed when the meeting opens (RULES.md,
 * Conventions: "N — the voting seats of the body when the meeting opens").
 *
 * Table-driven: each row is a meeting whose seats changed after it opened
 * (seats added: flag l, late; seats removed: n_open above the seats still
 * there), one question to the rules engine, and what it must answer. Each
 * outcome row comes with its twin where N is counted from the seats of the
 * moment (n_fixed false), whose different answer shows the row would fail
 * if N moved.
 */
#include "fixture.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

enum call {
	C_START,	/* rules_may_start_item */
	C_STATE,	/* rules_may_state, position agree */
	C_OPEN_VOTE,	/* rules_may_open_vote, oral */
	C_CAST,		/* rules_may_cast, the voter themself */
	C_TALLY		/* rules_tally */
};

struct ncase {
	const char	*what;
	enum call	 call;
	const char	*seats;		/* fixture.h */
	bool		 fixed;		/* N fixed at the opening */
	unsigned	 n_open;	/* that N */
	unsigned	 gone_recused;	/* removed seats of N recused */
	const char	*category;	/* NULL: ordinary */
	unsigned	 yes, no, abstain;	/* C_TALLY */
	size_t		 who;		/* C_STATE, C_CAST: seat index */
	/* expected */
	bool		 ok;		/* verdicts */
	const char	*rule;		/* refusal's rule */
	const char	*outcome;	/* C_TALLY */
	unsigned	 n, present;
	const char	*zh, *en;	/* substrings of the refusal */
};

/* Eight voting seats at the opening, all present; one added since. */
#define ADD1	"S+ M+ M+ M+ M+ M+ M+ M+ M+l"
/* Seven at the opening, three present; three added since, present. */
#define ADD3	"S+ M+ M+ M- M- M- M- M+l M+l M+l"
/* Eight at the opening; one removed since (not among the seats). */
#define REM1	"S+ M+ M+ M+ M+ M+ M+"

static const struct ncase cases[] = {
	/* Seat added mid-meeting: N and the pass threshold do not move. */
	{ "added seat: 4 yes of N = 7 passes", C_TALLY,
	    "S+ M+ M+ M+ M+ M+ M+ M+l", true, 7, 0, NULL, 4, 1, 2, 0,
	    .outcome = "passed", .n = 7, .present = 7 },
	{ "  (twin: counted at the moment, N = 8, 2*4 > 8 fails)", C_TALLY,
	    "S+ M+ M+ M+ M+ M+ M+ M+", false, 0, 0, NULL, 4, 1, 2, 0,
	    .outcome = "rejected", .n = 8, .present = 8 },
	{ "added seat: a major item's two-thirds still of N = 8", C_TALLY,
	    ADD1, true, 8, 0, "major_project", 5, 2, 0, 0,
	    .outcome = "passed", .n = 8, .present = 8 },
	/* Seat removed mid-meeting: N stays, the seat is never present. */
	{ "removed seat: 4 yes of N = 8 is rejected", C_TALLY,
	    REM1, true, 8, 0, NULL, 4, 1, 2, 0,
	    .outcome = "rejected", .n = 8, .present = 7 },
	{ "  (twin: counted at the moment, N = 7, 2*4 > 7 passes)", C_TALLY,
	    REM1, false, 0, 0, NULL, 4, 1, 2, 0,
	    .outcome = "passed", .n = 7, .present = 7 },
	{ "removed seat recused: leaves the item's N", C_TALLY,
	    REM1, true, 8, 1, NULL, 4, 1, 2, 0,
	    .outcome = "passed", .n = 7, .present = 7 },
	/* Quorum against the fixed N. */
	{ "added seats: not present for the opening quorum", C_START,
	    ADD3, true, 7, 0, NULL, 0, 0, 0, 0,
	    .ok = false, .rule = "R-QUORUM-1", .n = 7, .present = 3 },
	{ "  (twin: counted at the moment, 6 of 10 present)", C_START,
	    "S+ M+ M+ M- M- M- M- M+ M+ M+", false, 0, 0, NULL, 0, 0, 0, 0,
	    .ok = true, .n = 10, .present = 6 },
	{ "removed seat: a major item needs 3*p > 2*8", C_START,
	    "S+ M+ M+ M+ M+ M- M-", true, 8, 0, "personnel", 0, 0, 0, 0,
	    .ok = false, .rule = "R-QUORUM-2", .n = 8, .present = 5 },
	{ "  (twin: counted at the moment, 3*5 > 2*7)", C_START,
	    "S+ M+ M+ M+ M+ M- M-", false, 0, 0, "personnel", 0, 0, 0, 0,
	    .ok = true, .n = 7, .present = 5 },
	{ "removed seat: no quorum when the vote closes", C_TALLY,
	    "S+ M+ M+ M+ M+ M- M-", true, 8, 0, "personnel", 5, 0, 0, 0,
	    .outcome = "no_quorum", .n = 8, .present = 5 },
	{ "  (twin: counted at the moment, quorum and passed)", C_TALLY,
	    "S+ M+ M+ M+ M+ M- M-", false, 0, 0, "personnel", 5, 0, 0, 0,
	    .outcome = "passed", .n = 7, .present = 5 },
	/* What a seat added mid-meeting may do: attend, not state or vote. */
	{ "an added seat cannot state", C_STATE,
	    ADD1, true, 8, 0, NULL, 0, 0, 0, 8,
	    .ok = false, .rule = "R-LAST-2", .n = 8, .present = 8,
	    .zh = "会议开始之后", .en = "after this meeting opened" },
	{ "an added seat cannot vote", C_CAST,
	    "S+ M+ M+ M+ M+ M+ M+ M+ M+le", true, 8, 0, NULL, 0, 0, 0, 8,
	    .ok = false, .rule = "R-VOTE-6", .n = 8, .present = 8,
	    .zh = "不计入本次会议应到人数", .en = "not in its N" },
	{ "the round does not wait for an added seat", C_OPEN_VOTE,
	    "S+A M+A M+A M+l", true, 3, 0, NULL, 0, 0, 0, 0,
	    .ok = true, .n = 3, .present = 3 },
	{ "a seat of N still states", C_STATE,
	    ADD1, true, 8, 0, NULL, 0, 0, 0, 1,
	    .ok = true, .n = 8, .present = 8 },
};

/* Runs one row; fails with its description. */
static void
ncase_run(const struct ncase *c)
{
	struct fx f;
	struct rules_verdict v;
	struct rules_tally t;
	unsigned n, present;

	memset(&f, 0, sizeof f);
	f.m.profile = rules_profile_find("party_group");
	assert_non_null(f.m.profile);
	f.m.state = RULES_MTG_OPEN;
	f.m.chair = "seat0";
	f.it.state = c->call == C_TALLY ? RULES_ITEM_VOTING :
	    RULES_ITEM_STARTED;
	f.it.category = RULES_CAT_ORDINARY;
	if (c->call == C_START)
		f.it.state = RULES_ITEM_APPROVED;
	if (c->call == C_CAST) {
		f.it.state = RULES_ITEM_VOTING;
		f.it.vote_open = true;
	}
	if (c->category != NULL &&
	    !rules_category_parse(c->category, &f.it.category))
		fail_msg("%s: bad category", c->what);
	fx_seats(&f, c->seats);
	f.m.n_fixed = c->fixed;
	f.m.n_open = c->n_open;
	f.m.n_gone_recused = c->gone_recused;
	if (c->who >= f.n)
		fail_msg("%s: seat out of range", c->what);

	if (c->call == C_TALLY) {
		f.it.yes = c->yes;
		f.it.no = c->no;
		f.it.abstain = c->abstain;
		rules_tally(&f.m, &f.it, &t);
		if (strcmp(rules_outcome_name(t.outcome), c->outcome) != 0)
			fail_msg("%s: outcome %s (%s), expected %s", c->what,
			    rules_outcome_name(t.outcome), t.formula,
			    c->outcome);
		if (t.n != c->n || t.present != c->present)
			fail_msg("%s: N/present %u/%u, expected %u/%u", c->what,
			    t.n, t.present, c->n, c->present);
		return;
	}
	switch (c->call) {
	case C_START:
		rules_may_start_item(&f.m, &f.it, &v);
		break;
	case C_STATE:
		rules_may_state(&f.m, &f.it, &f.mb[c->who], RULES_POS_AGREE,
		    true, &v);
		break;
	case C_OPEN_VOTE:
		rules_may_open_vote(&f.m, &f.it, RULES_METHOD_ORAL, &v);
		break;
	default:
		rules_may_cast(&f.m, &f.it, &f.mb[c->who], NULL, &v);
		break;
	}
	if (v.ok != c->ok)
		fail_msg("%s: ok %d, expected %d (%s %s)", c->what, v.ok, c->ok,
		    v.ok ? "" : v.rule, v.ok ? "" : v.msg_en);
	if (!v.ok && strcmp(v.rule, c->rule) != 0)
		fail_msg("%s: rule %s, expected %s", c->what, v.rule, c->rule);
	if (!v.ok && v.permission)
		fail_msg("%s: a rule refusal (exit 3), not a permission one",
		    c->what);
	if (c->zh != NULL && strstr(v.msg_zh, c->zh) == NULL)
		fail_msg("%s: \"%s\" lacks \"%s\"", c->what, v.msg_zh, c->zh);
	if (c->en != NULL && strstr(v.msg_en, c->en) == NULL)
		fail_msg("%s: \"%s\" lacks \"%s\"", c->what, v.msg_en, c->en);
	rules_count(&f.m, true, &n, &present);
	if (n != c->n || present != c->present)
		fail_msg("%s: N/present %u/%u, expected %u/%u", c->what, n,
		    present, c->n, c->present);
}

/* Every row of the table. */
static void
test_fixed_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ncase_run(&cases[i]);
}

/* The meeting's N is n_open whatever the seats now; check-ins of added
 * seats leave the kept head-counts alone. */
static void
test_fixed_counts(void **state)
{
	struct fx f;
	struct rules_counts c;
	unsigned n, present;

	(void)state;
	memset(&f, 0, sizeof f);
	f.m.profile = rules_profile_find("party_group");
	fx_seats(&f, "S+ M+ M- M?l M?l");
	f.m.state = RULES_MTG_OPEN;
	f.m.n_fixed = true;
	f.m.n_open = 4;		/* one of N removed since */
	rules_count(&f.m, false, &n, &present);
	assert_int_equal(n, 4);
	assert_int_equal(present, 2);
	rules_count(&f.m, false, &c.n[0], &c.present[0]);
	rules_count(&f.m, true, &c.n[1], &c.present[1]);
	rules_count_attend(&c, &f.mb[3], RULES_ATT_PRESENT);
	rules_count_attend(&c, &f.mb[2], RULES_ATT_PRESENT);
	assert_int_equal(c.present[0], 3);	/* the added seat not counted */
	f.m.counts = &c;
	rules_count(&f.m, false, &n, &present);
	assert_int_equal(n, 4);
	assert_int_equal(present, 3);
	f.m.counts = NULL;
	rules_count(&f.m, false, &n, &present);
	assert_int_equal(present, 3);
	assert_false(rules_member_in_n(&f.mb[3]));
	assert_true(rules_member_in_n(&f.mb[2]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_table),
		cmocka_unit_test(test_fixed_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
