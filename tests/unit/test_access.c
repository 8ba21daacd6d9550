/*
 * test_access.c: who sees what of a body (server/rules/access.c, R-CONF-1),
 * one row per role, written from RULES.md: the deliberation is for the
 * voting seats, the recorder and the inspectors; an observer sees only the
 * items they were admitted to; the admin runs the instance and sees the
 * meetings, never the deliberation.
 */
#include "access.h"
#include "perm.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* What RULES.md says of one reader. */
struct test_row {
	const char	*what;
	enum rules_role	 role;
	bool		 admin;
	bool		 deliberation;	/* reads statements, votes, minutes */
	bool		 of_body;	/* may be responsible for a task */
	bool		 full;		/* sees every item */
};

static const struct test_row test_rows[] = {
	{ "secretary", RULES_ROLE_SECRETARY, false, true, true, true },
	{ "deputy", RULES_ROLE_DEPUTY, false, true, true, true },
	{ "member", RULES_ROLE_MEMBER, false, true, true, true },
	{ "recorder", RULES_ROLE_RECORDER, false, true, true, true },
	{ "office", RULES_ROLE_OFFICE, false, false, true, true },
	{ "inspector", RULES_ROLE_INSPECTOR, false, true, true, true },
	{ "observer", RULES_ROLE_OBSERVER, false, false, false, false },
	{ "no seat", RULES_ROLE_NONE, false, false, false, false },
	{ "the admin, no seat", RULES_ROLE_NONE, true, false, false, true },
	/* The admin who also holds a seat reads as that seat. */
	{ "the admin as a member", RULES_ROLE_MEMBER, true, true, true, true },
	{ "the admin as an observer", RULES_ROLE_OBSERVER, true, false, false,
	  true },
};

/* Every row: the deliberation set, the body's own seats and the view. */
static void
test_roles(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof test_rows / sizeof test_rows[0]; i++) {
		const struct test_row *t = &test_rows[i];
		struct access_view v = access_visible(t->role, t->admin);

		print_message("%s\n", t->what);
		assert_int_equal(access_may_read_deliberation(t->role),
		    t->deliberation);
		assert_int_equal(access_of_body(t->role), t->of_body);
		assert_int_equal(v.record, t->deliberation);
		assert_int_equal(v.full, t->full);
		/* An admitted item is seen by everyone who sees items at all;
		 * an item not admitted to only with the full view. */
		assert_true(access_item_visible(&v, true));
		assert_int_equal(access_item_visible(&v, false), t->full);
	}
}

/* The masks the permission table is written with. */
static void
test_masks(void **state)
{
	(void)state;
	assert_true(access_role_in(RULES_ROLE_SECRETARY, ACCESS_VOTING));
	assert_true(access_role_in(RULES_ROLE_DEPUTY, ACCESS_VOTING));
	assert_true(access_role_in(RULES_ROLE_MEMBER, ACCESS_VOTING));
	assert_false(access_role_in(RULES_ROLE_RECORDER, ACCESS_VOTING));
	assert_false(access_role_in(RULES_ROLE_OFFICE, ACCESS_DELIBERATION));
	assert_false(access_role_in(RULES_ROLE_OBSERVER, ACCESS_OF_BODY));
	assert_true(access_role_in(RULES_ROLE_OBSERVER, ACCESS_SEATED));
	/* No seat is in no mask, however wide. */
	assert_false(access_role_in(RULES_ROLE_NONE, ~0u));
	assert_false(access_role_in((enum rules_role)99, ~0u));
	assert_false(access_role_in(RULES_ROLE_SECRETARY, 0));
}

/* One caller against one permission column (server/perm.c). */
struct test_perm_row {
	const char		*what;
	unsigned		 roles, also;
	struct perm_caller	 c;
	bool			 allowed;
};

/* The permission column: a role in the mask, or one of the "also" ways
 * (the admin, the chair of this meeting, the member themself), never a way
 * the column does not name; an empty column lets any active identity in. */
static void
test_perm(void **state)
{
	static const struct test_perm_row rows[] = {
		{ "open column, no seat", 0, 0,
		    { RULES_ROLE_NONE, false, false, false }, true },
		{ "voting mask, member", ACCESS_VOTING, 0,
		    { RULES_ROLE_MEMBER, false, false, false }, true },
		{ "voting mask, recorder", ACCESS_VOTING, 0,
		    { RULES_ROLE_RECORDER, false, false, false }, false },
		{ "voting mask, observer", ACCESS_VOTING, 0,
		    { RULES_ROLE_OBSERVER, false, false, false }, false },
		{ "voting mask, no seat", ACCESS_VOTING, 0,
		    { RULES_ROLE_NONE, false, false, false }, false },
		{ "admin not named, admin", ACCESS_OF_BODY, 0,
		    { RULES_ROLE_NONE, true, false, false }, false },
		{ "admin named, admin", ACCESS_OF_BODY, PERM_ADMIN,
		    { RULES_ROLE_NONE, true, false, false }, true },
		{ "chair named, delegate deputy", ACCESS_ROLE(RULES_ROLE_OFFICE),
		    PERM_CHAIR, { RULES_ROLE_DEPUTY, false, true, false }, true },
		{ "chair named, deputy not chairing",
		    ACCESS_ROLE(RULES_ROLE_OFFICE), PERM_CHAIR,
		    { RULES_ROLE_DEPUTY, false, false, false }, false },
		{ "chair not named, chairing deputy",
		    ACCESS_ROLE(RULES_ROLE_OFFICE), 0,
		    { RULES_ROLE_DEPUTY, false, true, false }, false },
		{ "self named, proposer", ACCESS_ROLE(RULES_ROLE_SECRETARY),
		    PERM_SELF, { RULES_ROLE_MEMBER, false, false, true }, true },
		{ "self named, someone else", ACCESS_ROLE(RULES_ROLE_SECRETARY),
		    PERM_SELF, { RULES_ROLE_MEMBER, false, false, false }, false },
		{ "self not named, proposer", ACCESS_ROLE(RULES_ROLE_SECRETARY),
		    0, { RULES_ROLE_MEMBER, false, false, true }, false },
		{ "only also, no role mask, admin", 0, PERM_ADMIN,
		    { RULES_ROLE_SECRETARY, false, false, false }, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct test_perm_row *t = &rows[i];
		struct perm p = { .roles = t->roles, .also = t->also };

		if (perm_allows(&p, &t->c) != t->allowed)
			fail_msg("%s: want %s", t->what,
			    t->allowed ? "allowed" : "refused");
	}
}

/* Runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_perm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
