/*
 * test_rules_secret.c: table-driven tests of a secret vote's rules
 * (server/rules/secret.c): R-VOTE-10 (the scrutineers named at opening and
 * who publishes their shares), R-VOTE-9 (when the chair may close it to
 * ballots) and R-VOTE-11 (voiding a round), at their boundaries.
 */
#include "rules.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define MIN_US		(60LL * 1000000)
#define T0_US		1796086800000000LL	/* 2026-12-01T09:00+08:00 */

/* An open meeting under profile with the given seats. */
static void
fx_init(struct fx *f, const char *profile, const char *seats)
{
	memset(f, 0, sizeof(*f));
	f->m.profile = rules_profile_find(profile);
	assert_non_null(f->m.profile);
	f->m.state = RULES_MTG_OPEN;
	f->m.at_us = T0_US;
	f->m.now_us = T0_US;
	f->m.chair = "seat0";
	f->it.category = RULES_CAT_PERSONNEL;
	f->it.state = RULES_ITEM_STARTED;
	f->it.method = RULES_METHOD_SECRET;
	fx_seats(f, seats);
}

/* The shipped profiles all name two scrutineers at least and give a secret
 * vote 30 minutes. */
static void
test_profiles(void **state)
{
	static const char *const names[] = { "party_group", "director_office",
	    "bureau_affairs", "topic" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct rules_profile *p = rules_profile_find(names[i]);

		assert_non_null(p);
		assert_int_equal(p->min_scrutineers, 2);
		assert_int_equal(p->secret_vote_minutes, 30);
	}
}

/* R-VOTE-10 at opening: every refusal is R-VOTE-10's. */
static void
test_scrutineers(void **state)
{
	static const struct {
		const char *seats;
		const char *names[4];
		size_t n;
		const char *says;	/* NULL: allowed; else in the English
					   message of the R-VOTE-10 refusal */
	} cases[] = {
		/* two present voting members: the minimum */
		{ "S+ D+ M+ M+", { "seat1", "seat2" }, 2, NULL },
		{ "S+ D+ M+ M+", { "seat0", "seat1", "seat3" }, 3, NULL },
		/* one is too few, none too */
		{ "S+ D+ M+ M+", { "seat1" }, 1, "at least 2" },
		{ "S+ D+ M+ M+", { NULL }, 0, "at least 2" },
		/* named twice */
		{ "S+ D+ M+ M+", { "seat1", "seat1" }, 2, "named twice" },
		/* not present: absent, left, on leave */
		{ "S+ D- M+ M+", { "seat1", "seat2" }, 2, "must be present" },
		{ "S+ DL M+ M+", { "seat2", "seat1" }, 2, "must be present" },
		{ "S+ DV M+ M+", { "seat1", "seat2" }, 2, "must be present" },
		/* recused from the item */
		{ "S+ D+r M+ M+", { "seat1", "seat2" }, 2, "recused" },
		/* no voting seat: the recorder, an inspector, a stranger, a
		 * seat given after the meeting opened */
		{ "S+ D+ M+ R+", { "seat1", "seat3" }, 2, "voting member" },
		{ "S+ D+ M+ I+", { "seat3", "seat1" }, 2, "voting member" },
		{ "S+ D+ M+ M+", { "seat1", "nobody" }, 2, "voting member" },
		{ "S+ D+ M+ M+l", { "seat1", "seat3" }, 2, "voting member" },
	};
	struct rules_verdict v;
	struct fx f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_init(&f, "party_group", cases[i].seats);
		rules_may_name_scrutineers(&f.m, cases[i].names, cases[i].n,
		    &v);
		if (cases[i].says == NULL) {
			if (!v.ok)
				fail_msg("case %zu refused: %s", i, v.msg_en);
			continue;
		}
		if (v.ok)
			fail_msg("case %zu allowed", i);
		assert_string_equal(v.rule, "R-VOTE-10");
		if (strstr(v.msg_en, cases[i].says) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, v.msg_en,
			    cases[i].says);
		assert_non_null(strstr(v.msg_zh, "监票人"));
	}
}

/* R-VOTE-10 at each share: named, once, in its phase. */
static void
test_publish(void **state)
{
	static const struct {
		bool named, done, phase, decrypt, ok, permission;
	} cases[] = {
		{ true, false, true, false, true, false },
		{ true, false, true, true, true, false },
		{ false, false, true, false, false, true },	/* not named */
		{ false, false, true, true, false, true },
		{ true, true, true, false, false, false },	/* twice */
		{ true, true, true, true, false, false },
		{ true, false, false, false, false, false },	/* not keying */
		{ true, false, false, true, false, false },	/* not counting */
	};
	struct rules_verdict v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rules_may_publish_share(cases[i].named, cases[i].done,
		    cases[i].phase, cases[i].decrypt, &v);
		assert_int_equal(v.ok, cases[i].ok);
		if (!v.ok) {
			assert_string_equal(v.rule, "R-VOTE-10");
			assert_int_equal(v.permission, cases[i].permission);
		}
	}
}

/* R-VOTE-9: closing a secret vote to ballots. */
static void
test_close(void **state)
{
	static const struct {
		const char *seats;	/* e: of the electorate, s: cast */
		int64_t since_key_us;	/* now - keyed_at */
		bool ok;
		size_t missing;
	} cases[] = {
		/* everyone cast: at once */
		{ "S+es D+es M+es", 0, true, 0 },
		/* one has not: refused, named, until the period is over */
		{ "S+es D+es M+e", 0, false, 1 },
		{ "S+es D+es M+e", 30 * MIN_US - 1000000, false, 1 },
		{ "S+es D+es M+e", 30 * MIN_US - 1, false, 1 },
		{ "S+es D+es M+e", 30 * MIN_US, true, 0 },
		{ "S+es D+es M+e", 30 * MIN_US + 1000000, true, 0 },
		/* the one who has not voted left, or was marked absent */
		{ "S+es D+es MLe", 0, true, 0 },
		{ "S+es D+es M-e", 0, true, 0 },
		/* two missing; seats outside the electorate do not count */
		{ "S+e D+es M+e M+ R+", 0, false, 2 },
		{ "S+es D+es M+es M+r", 0, true, 0 },
		/* nobody cast, nobody left: the period decides */
		{ "S+e D+e", 0, false, 2 },
	};
	struct rules_verdict v;
	struct fx f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_init(&f, "party_group", cases[i].seats);
		f.m.now_us = T0_US + 3600 * 1000000LL;
		rules_may_close_secret(&f.m, f.m.now_us -
		    cases[i].since_key_us, &v);
		if (v.ok != cases[i].ok)
			fail_msg("case %zu: ok %d: %s", i, v.ok, v.msg_en);
		if (v.ok)
			continue;
		assert_string_equal(v.rule, "R-VOTE-9");
		assert_int_equal(v.nmissing, cases[i].missing);
		assert_non_null(strstr(v.msg_en, v.missing[0]));
		assert_non_null(strstr(v.msg_zh, v.missing[0]));
		assert_non_null(strstr(v.msg_en, "30 minutes"));
	}
}

/* R-VOTE-11: voiding a round. */
static void
test_void(void **state)
{
	static const struct {
		bool secret, live, reason, ok;
	} cases[] = {
		{ true, true, true, true },
		{ true, true, false, false },	/* no reason */
		{ true, false, true, false },	/* closed or void already */
		{ false, true, true, false },	/* an open method */
	};
	struct rules_verdict v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rules_may_void(cases[i].secret, cases[i].live, cases[i].reason,
		    &v);
		assert_int_equal(v.ok, cases[i].ok);
		if (!v.ok)
			assert_string_equal(v.rule, "R-VOTE-11");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_scrutineers),
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_void),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
