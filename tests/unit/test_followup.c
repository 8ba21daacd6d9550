/*
 * test_followup.c: the rules after the meeting (server/rules/followup.c):
 * follow-up tasks (R-FOLLOW-1), re-decision (R-IMMUT-1), emergency
 * disposals (R-EMERG-1) and the acknowledgment of decisions (R-ABSENT-4).
 */
#include "rules.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* A decision of body 1, meeting 10. */
static struct rules_decision
test_decision(enum rules_item_state st, const char *outcome)
{
	struct rules_decision d;

	memset(&d, 0, sizeof d);
	d.body = 1;
	d.meeting = 10;
	d.state = st;
	d.outcome = outcome;
	return d;
}

/* Checks a refusal's rule and kind. */
static void
test_refused(const struct rules_verdict *v, const char *rule, bool perm)
{
	assert_false(v->ok);
	assert_string_equal(v->rule, rule);
	assert_int_equal(v->permission, perm);
	assert_true(v->msg_zh[0] != '\0' && v->msg_en[0] != '\0');
}

/* R-FOLLOW-1: only a passed decision in force, due today or later. */
static void
test_assign(void **state)
{
	struct rules_decision d;
	struct rules_verdict v;
	int32_t today;

	(void)state;
	assert_true(rules_day_parse("2026-12-01", &today));
	d = test_decision(RULES_ITEM_DECIDED, "passed");
	rules_may_assign_followup(&d, today, today, &v);
	assert_true(v.ok);
	d = test_decision(RULES_ITEM_DECIDED, "decided");	/* the chair's */
	rules_may_assign_followup(&d, today + 30, today, &v);
	assert_true(v.ok);
	rules_may_assign_followup(&d, today - 1, today, &v);
	test_refused(&v, "R-FOLLOW-1", false);
	d = test_decision(RULES_ITEM_DECIDED, "rejected");
	rules_may_assign_followup(&d, today, today, &v);
	test_refused(&v, "R-FOLLOW-1", false);
	d = test_decision(RULES_ITEM_DEFERRED, "deferred");
	rules_may_assign_followup(&d, today, today, &v);
	test_refused(&v, "R-FOLLOW-1", false);
	d = test_decision(RULES_ITEM_STARTED, NULL);
	rules_may_assign_followup(&d, today, today, &v);
	test_refused(&v, "R-FOLLOW-1", false);
	d = test_decision(RULES_ITEM_DECIDED, "passed");
	d.superseded = true;
	rules_may_assign_followup(&d, today, today, &v);
	test_refused(&v, "R-FOLLOW-1", false);
}

/* R-FOLLOW-1: the responsible person reports until done; overdue tasks. */
static void
test_report(void **state)
{
	struct rules_verdict v;

	(void)state;
	rules_may_report_followup("zhang", "zhang", false, &v);
	assert_true(v.ok);
	rules_may_report_followup("zhang", "li", false, &v);
	test_refused(&v, "R-FOLLOW-1", true);
	rules_may_report_followup("zhang", "zhang", true, &v);
	test_refused(&v, "R-FOLLOW-1", false);
	assert_true(rules_followup_overdue(100, 101, false));
	assert_false(rules_followup_overdue(100, 101, true));
	assert_false(rules_followup_overdue(101, 101, false));
	assert_false(rules_followup_overdue(102, 101, false));
}

/* R-IMMUT-1: a decided item of the same body and an earlier meeting. */
static void
test_revise(void **state)
{
	struct rules_decision d;
	struct rules_verdict v;

	(void)state;
	d = test_decision(RULES_ITEM_DECIDED, "passed");
	rules_may_revise(&d, 1, 11, &v);
	assert_true(v.ok);
	d = test_decision(RULES_ITEM_DECIDED, "rejected");
	rules_may_revise(&d, 1, 11, &v);
	assert_true(v.ok);	/* a rejection may be revisited too */
	rules_may_revise(&d, 1, 10, &v);
	test_refused(&v, "R-IMMUT-1", false);
	rules_may_revise(&d, 2, 11, &v);
	test_refused(&v, "R-IMMUT-1", false);
	rules_may_revise(NULL, 1, 11, &v);
	test_refused(&v, "R-IMMUT-1", false);
	d = test_decision(RULES_ITEM_APPROVED, NULL);
	rules_may_revise(&d, 1, 11, &v);
	test_refused(&v, "R-IMMUT-1", false);
	d = test_decision(RULES_ITEM_DECIDED, "passed");
	d.superseded = true;
	rules_may_revise(&d, 1, 11, &v);
	test_refused(&v, "R-IMMUT-1", false);
}

/* R-EMERG-1: who records, and what is major. */
static void
test_disposal(void **state)
{
	const struct rules_profile *p = rules_profile_find("party_group");
	struct rules_verdict v;

	(void)state;
	assert_non_null(p);
	assert_false(rules_disposal_major(p, RULES_CAT_ORDINARY, 0));
	assert_false(rules_disposal_major(p, RULES_CAT_ORDINARY,
	    p->large_fund_threshold));
	assert_true(rules_disposal_major(p, RULES_CAT_ORDINARY,
	    p->large_fund_threshold + 1));
	assert_true(rules_disposal_major(p, RULES_CAT_PERSONNEL, 0));
	assert_true(rules_disposal_major(p, RULES_CAT_LARGE_FUND, 1));
	rules_may_record_disposal(RULES_ROLE_MEMBER, &v);
	assert_true(v.ok);
	rules_may_record_disposal(RULES_ROLE_SECRETARY, &v);
	assert_true(v.ok);
	rules_may_record_disposal(RULES_ROLE_OFFICE, &v);
	test_refused(&v, "R-EMERG-1", true);
	rules_may_record_disposal(RULES_ROLE_INSPECTOR, &v);
	test_refused(&v, "R-EMERG-1", true);
}

/* R-ABSENT-4: absent or on leave, after the close, a decided item, once. */
static void
test_ack(void **state)
{
	struct rules_decision d = test_decision(RULES_ITEM_DECIDED, "passed");
	struct rules_decision open = test_decision(RULES_ITEM_STARTED, NULL);
	struct rules_verdict v;

	(void)state;
	rules_may_ack_decision(RULES_ROLE_MEMBER, RULES_ATT_ABSENT,
	    RULES_MTG_CLOSED, &d, false, &v);
	assert_true(v.ok);
	rules_may_ack_decision(RULES_ROLE_DEPUTY, RULES_ATT_LEAVE,
	    RULES_MTG_CLOSED, &d, false, &v);
	assert_true(v.ok);
	rules_may_ack_decision(RULES_ROLE_MEMBER, RULES_ATT_PRESENT,
	    RULES_MTG_CLOSED, &d, false, &v);
	test_refused(&v, "R-ABSENT-4", false);
	rules_may_ack_decision(RULES_ROLE_INSPECTOR, RULES_ATT_ABSENT,
	    RULES_MTG_CLOSED, &d, false, &v);
	test_refused(&v, "R-ABSENT-4", false);
	rules_may_ack_decision(RULES_ROLE_MEMBER, RULES_ATT_ABSENT,
	    RULES_MTG_OPEN, &d, false, &v);
	test_refused(&v, "R-ABSENT-4", false);
	rules_may_ack_decision(RULES_ROLE_MEMBER, RULES_ATT_ABSENT,
	    RULES_MTG_CLOSED, &open, false, &v);
	test_refused(&v, "R-ABSENT-4", false);
	rules_may_ack_decision(RULES_ROLE_MEMBER, RULES_ATT_ABSENT,
	    RULES_MTG_CLOSED, &d, true, &v);
	test_refused(&v, "R-ABSENT-4", false);
}

/* Runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assign),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_revise),
		cmocka_unit_test(test_disposal),
		cmocka_unit_test(test_ack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
