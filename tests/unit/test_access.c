/*
 * test_access.c: who sees what of a body (server/rules/access.c, R-CONF-1),
 * one row per role, written from RULES.md: the deliberation is for the
 * voting seats, the recorder and the inspectors; an observer sees only the
 * items they were admitted to; the admin runs the instance and sees the
 * meetings, never the deliberation. Then the permission table
 * (server/perm.c): every request kind of the protocol has its row, and
 * some rows hold what RULES.md says of them.
 */
#include "access.h"
#include "mstate.h"
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

/* True when field f of Request is one of its request kinds (the op). */
static bool
test_is_op(const ProtobufCFieldDescriptor *f)
{
	return (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
	    f->quantifier_offset == offsetof(Yishi__Request, op_case);
}

/* Every request kind the protocol knows has its own row, and the table
 * holds no other: a kind added to proto/yishi.proto without a row fails
 * here. The rows go in the order of the Request ops; a row that can
 * refuse says what is needed in both languages; PERM_SELF names whose. */
static void
test_table_rows(void **state)
{
	const ProtobufCMessageDescriptor *d = &yishi__request__descriptor;
	const struct perm *p;
	size_t i, nops = 0, nrows = 0;

	(void)state;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (!test_is_op(f))
			continue;
		nops++;
		p = perm_for((Yishi__Request__OpCase)f->id);
		if (p->op != (Yishi__Request__OpCase)f->id)
			fail_msg("request kind %s (%u) has no permission row",
			    f->name, f->id);
	}
	assert_true(nops > 40);
	for (p = perm_table; p->op != YISHI__REQUEST__OP__NOT_SET; p++) {
		nrows++;
		if (p != perm_table && p->op <= p[-1].op)
			fail_msg("row %d after row %d: not in the order of the "
			    "Request ops (or twice)", p->op, p[-1].op);
		if ((p->roles != 0 || p->also != 0) &&
		    (p->zh == NULL || p->en == NULL))
			fail_msg("row %d refuses without saying what is needed",
			    p->op);
		if ((p->also & PERM_SELF) && p->self == NULL)
			fail_msg("row %d: PERM_SELF without a self", p->op);
	}
	assert_int_equal(nrows, nops);
	/* A kind without a row: the closing all-zero row, any identity. */
	p = perm_for((Yishi__Request__OpCase)9999);
	assert_int_equal(p->op, YISHI__REQUEST__OP__NOT_SET);
	assert_int_equal(p->roles, 0);
	assert_int_equal(p->also, 0);
}

/* One caller against the row of one request kind. */
struct test_rule_row {
	const char		*what;
	Yishi__Request__OpCase	 op;
	struct perm_caller	 c;
	bool			 allowed;
};

#define T_SEAT(r)	{ RULES_ROLE_##r, false, false, false }
#define T_ADMIN		{ RULES_ROLE_NONE, true, false, false }
#define T_NONE		{ RULES_ROLE_NONE, false, false, false }

/* Rows of the table against RULES.md and CLI.md, written from them (never
 * from the table): who proposes and approves (R-AGENDA-1), who reads the
 * deliberation (R-CONF-1), who leads an item, who runs the instance. */
static void
test_table_rules(void **state)
{
	static const struct test_rule_row rows[] = {
		{ "R-AGENDA-1: a member proposes",
		    YISHI__REQUEST__OP_AGENDA_PROPOSE, T_SEAT(MEMBER), true },
		{ "R-AGENDA-1: the office proposes",
		    YISHI__REQUEST__OP_AGENDA_PROPOSE, T_SEAT(OFFICE), true },
		{ "R-AGENDA-1: the recorder does not propose",
		    YISHI__REQUEST__OP_AGENDA_PROPOSE, T_SEAT(RECORDER), false },
		{ "R-AGENDA-1: an observer does not propose",
		    YISHI__REQUEST__OP_AGENDA_PROPOSE, T_SEAT(OBSERVER), false },
		{ "R-AGENDA-1: the secretary approves",
		    YISHI__REQUEST__OP_AGENDA_APPROVE, T_SEAT(SECRETARY), true },
		{ "R-AGENDA-1: a deputy does not approve",
		    YISHI__REQUEST__OP_AGENDA_APPROVE, T_SEAT(DEPUTY), false },
		{ "R-AGENDA-1: the chair (a deputy) does not approve",
		    YISHI__REQUEST__OP_AGENDA_APPROVE,
		    { RULES_ROLE_DEPUTY, false, true, false }, false },
		{ "R-AGENDA-1: the admin does not approve",
		    YISHI__REQUEST__OP_AGENDA_APPROVE, T_ADMIN, false },
		{ "the proposer withdraws their item",
		    YISHI__REQUEST__OP_AGENDA_WITHDRAW,
		    { RULES_ROLE_MEMBER, false, false, true }, true },
		{ "another member does not withdraw it",
		    YISHI__REQUEST__OP_AGENDA_WITHDRAW, T_SEAT(MEMBER), false },
		{ "R-CONF-1: an inspector reads the minutes",
		    YISHI__REQUEST__OP_MINUTES_SHOW, T_SEAT(INSPECTOR), true },
		{ "R-CONF-1: the office does not read the minutes",
		    YISHI__REQUEST__OP_MINUTES_SHOW, T_SEAT(OFFICE), false },
		{ "R-CONF-1: an observer does not read the votes",
		    YISHI__REQUEST__OP_VOTE_SHOW, T_SEAT(OBSERVER), false },
		{ "R-CONF-1: the admin does not read the votes",
		    YISHI__REQUEST__OP_VOTE_SHOW, T_ADMIN, false },
		{ "R-CONF-1: the admin does not watch",
		    YISHI__REQUEST__OP_WATCH, T_ADMIN, false },
		{ "R-CONF-1: the recorder watches",
		    YISHI__REQUEST__OP_WATCH, T_SEAT(RECORDER), true },
		{ "a member states", YISHI__REQUEST__OP_STATE, T_SEAT(MEMBER),
		    true },
		{ "the recorder does not state", YISHI__REQUEST__OP_STATE,
		    T_SEAT(RECORDER), false },
		{ "the recorder enters votes", YISHI__REQUEST__OP_VOTE_CAST,
		    T_SEAT(RECORDER), true },
		{ "an inspector does not vote", YISHI__REQUEST__OP_VOTE_CAST,
		    T_SEAT(INSPECTOR), false },
		{ "the chair opens the vote", YISHI__REQUEST__OP_VOTE_OPEN,
		    { RULES_ROLE_DEPUTY, false, true, false }, true },
		{ "the secretary not in the chair does not open it",
		    YISHI__REQUEST__OP_VOTE_OPEN, T_SEAT(SECRETARY), false },
		{ "the chair decides an item", YISHI__REQUEST__OP_ITEM_DECIDE,
		    { RULES_ROLE_SECRETARY, false, true, false }, true },
		{ "R-FOLLOW-1: the office assigns follow-up",
		    YISHI__REQUEST__OP_FOLLOWUP_ASSIGN, T_SEAT(OFFICE), true },
		{ "R-FOLLOW-1: a member does not assign",
		    YISHI__REQUEST__OP_FOLLOWUP_ASSIGN, T_SEAT(MEMBER), false },
		{ "an inspector reads the trail", YISHI__REQUEST__OP_AUDIT_LOG,
		    T_SEAT(INSPECTOR), true },
		{ "a member does not read the trail",
		    YISHI__REQUEST__OP_AUDIT_LOG, T_SEAT(MEMBER), false },
		{ "the admin does not read the trail",
		    YISHI__REQUEST__OP_AUDIT_LOG, T_ADMIN, false },
		{ "a member checks its own trail",
		    YISHI__REQUEST__OP_AUDIT_SELF, T_SEAT(MEMBER), true },
		{ "an observer checks its own trail",
		    YISHI__REQUEST__OP_AUDIT_SELF, T_SEAT(OBSERVER), true },
		{ "no seat, no own trail", YISHI__REQUEST__OP_AUDIT_SELF,
		    T_NONE, false },
		{ "the admin lists seats", YISHI__REQUEST__OP_SEAT_LIST,
		    T_ADMIN, true },
		{ "an observer does not list seats",
		    YISHI__REQUEST__OP_SEAT_LIST, T_SEAT(OBSERVER), false },
		{ "an observer checks in", YISHI__REQUEST__OP_CHECKIN,
		    T_SEAT(OBSERVER), true },
		{ "no seat, no check-in", YISHI__REQUEST__OP_CHECKIN, T_NONE,
		    false },
		{ "the admin creates bodies", YISHI__REQUEST__OP_BODY_CREATE,
		    T_ADMIN, true },
		{ "a secretary does not create bodies",
		    YISHI__REQUEST__OP_BODY_CREATE, T_SEAT(SECRETARY), false },
		{ "the admin adds seats", YISHI__REQUEST__OP_SEAT_ADD,
		    T_ADMIN, true },
		{ "a secretary does not add seats", YISHI__REQUEST__OP_SEAT_ADD,
		    T_SEAT(SECRETARY), false },
		/* Rows that let anyone in: the rules decide (R-MTG-2, R-MIN-2). */
		{ "delegating the chair is the rules' (R-MTG-2)",
		    YISHI__REQUEST__OP_MEETING_DELEGATE, T_NONE, true },
		{ "signing the minutes is the rules' (R-MIN-2)",
		    YISHI__REQUEST__OP_MINUTES_SIGN, T_SEAT(OBSERVER), true },
		{ "ping: anyone", YISHI__REQUEST__OP_PING, T_NONE, true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct test_rule_row *t = &rows[i];

		if (perm_allows(perm_for(t->op), &t->c) != t->allowed)
			fail_msg("%s: want %s", t->what,
			    t->allowed ? "allowed" : "refused");
	}
}

/* agenda withdraw: the identity it is about is the proposer of the item
 * it names, read from the meeting's snapshot; no item, nobody. */
static void
test_table_self(void **state)
{
	struct m_item items[2] = {
		{ .id = 7, .proposer = "li" },
		{ .id = 8, .proposer = "wang" },
	};
	struct mstate ms = { .items = items, .nitems = 2 };
	Yishi__ItemRef ref = YISHI__ITEM_REF__INIT;
	Yishi__Request rq = YISHI__REQUEST__INIT;
	const struct perm *p = perm_for(YISHI__REQUEST__OP_AGENDA_WITHDRAW);

	(void)state;
	assert_true(p->also & PERM_SELF);
	rq.op_case = YISHI__REQUEST__OP_AGENDA_WITHDRAW;
	rq.agenda_withdraw = &ref;
	ref.item = 8;
	assert_string_equal(p->self(&rq, &ms), "wang");
	ref.item = 7;
	assert_string_equal(p->self(&rq, &ms), "li");
	ref.item = 9;
	assert_null(p->self(&rq, &ms));
}

/* Runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_perm),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_table_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
