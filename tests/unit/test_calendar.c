/*
 * test_calendar.c: the working-day calendar (server/rules/calendar.c) and
 * the rules that count on it: R-NOTICE-1, R-AGENDA-4, R-MIN-3. The 2024
 * dates are the digest's scenario S13 (Dragon Boat holiday 2024-06-10,
 * make-up working Saturday 2024-05-11).
 */
#include "rules.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static size_t ncases;

/* Parses a date the test knows to be valid. */
static int32_t
D(const char *s)
{
	int32_t	d;

	if (!rules_day_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

/* A few exceptions of 2024 (the official calendar, in part). */
static struct rules_cal_exception cal2024_exc[16];
static struct rules_calendar cal2024;

static int
setup_cal(void **state)
{
	static const struct { const char *day; bool work; } e[] = {
		{ "2024-02-04", true },		/* 春节调休 Sunday */
		{ "2024-02-12", false },
		{ "2024-04-04", false },	/* 清明 */
		{ "2024-04-05", false },
		{ "2024-04-07", true },		/* Sunday */
		{ "2024-04-28", true },		/* Sunday */
		{ "2024-05-01", false },	/* 劳动节 */
		{ "2024-05-02", false },
		{ "2024-05-03", false },
		{ "2024-05-11", true },		/* Saturday */
		{ "2024-06-10", false },	/* 端午节 Monday */
		{ "2024-10-01", false },
		{ "2024-12-31", true },		/* invented, for bounds */
		{ "2025-01-01", false },	/* 元旦 */
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		cal2024_exc[i].day = D(e[i].day);
		cal2024_exc[i].workday = e[i].work;
	}
	cal2024.exceptions = cal2024_exc;
	cal2024.nexceptions = i;
	return 0;
}

static void
test_days(void **state)
{
	static const struct { int y, m, d; int32_t day; int wd; } t[] = {
		{ 1970, 1, 1, 0, 4 },
		{ 1969, 12, 31, -1, 3 },
		{ 2000, 2, 29, 11016, 2 },
		{ 2000, 3, 1, 11017, 3 },
		{ 2024, 3, 21, 19803, 4 },
		{ 2024, 6, 10, 19884, 1 },
		{ 2024, 5, 11, 19854, 6 },
		{ 1900, 3, 1, -25508, 4 },
		{ 2100, 2, 28, 47540, 7 },
	};
	char	buf[RULES_DAY_LEN];
	int	y, m, d;
	int32_t	day, parsed;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(rules_day_from_ymd(t[i].y, t[i].m, t[i].d),
		    t[i].day);
		rules_day_to_ymd(t[i].day, &y, &m, &d);
		assert_int_equal(y, t[i].y);
		assert_int_equal(m, t[i].m);
		assert_int_equal(d, t[i].d);
		assert_int_equal(rules_day_weekday(t[i].day), t[i].wd);
		ncases++;
	}
	/* Round trip over 1600..2400 */
	for (day = rules_day_from_ymd(1600, 1, 1);
	    day <= rules_day_from_ymd(2400, 12, 31); day++) {
		rules_day_to_ymd(day, &y, &m, &d);
		if (rules_day_from_ymd(y, m, d) != day)
			fail_msg("day %d round trip", day);
		rules_day_format(day, buf);
		if (!rules_day_parse(buf, &parsed) || parsed != day)
			fail_msg("day %d format/parse %s", day, buf);
		if (rules_day_weekday(day) != rules_day_weekday(day - 7) ||
		    rules_day_weekday(day) % 7 + 1 !=
		    rules_day_weekday(day + 1))
			fail_msg("weekday of %d", day);
	}
	ncases++;
	rules_day_format(D("2024-06-07"), buf);
	assert_string_equal(buf, "2024-06-07");

	/* Instants in Asia/Shanghai (+08:00) */
	assert_int_equal(rules_day_from_us(0, 0), 0);
	assert_int_equal(rules_day_from_us(-1, 0), -1);
	assert_int_equal(rules_day_from_us(1717977600000000LL, 28800),
	    D("2024-06-10"));		/* 2024-06-10T08:00+08:00 */
	assert_int_equal(rules_day_from_us(1717948800000000LL, 28800),
	    D("2024-06-10"));		/* 00:00+08:00 */
	assert_int_equal(rules_day_from_us(1717948799999999LL, 28800),
	    D("2024-06-09"));
	ncases += 5;
}

static void
test_parse(void **state)
{
	static const char *const bad[] = { "", "2024-6-10", "2024-06-1",
	    "2024/06/10", "2024-13-01", "2024-00-10", "2024-06-00",
	    "2023-02-29", "2024-02-30", "2024-04-31", "0000-01-01",
	    "2024-06-10 ", " 2024-06-10", "2024-06-10T", "20240610",
	    "abcd-ef-gh" };
	int32_t	d;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rules_day_parse(bad[i], &d))
			fail_msg("parsed \"%s\"", bad[i]);
		ncases++;
	}
	assert_false(rules_day_parse(NULL, &d));
	assert_true(rules_day_parse("2024-02-29", &d));
	assert_true(rules_day_parse("2000-02-29", &d));
	assert_false(rules_day_parse("1900-02-29", &d));
	assert_true(rules_day_parse("9999-12-31", &d));
	ncases += 5;
}

static void
test_workdays(void **state)
{
	(void)state;
	assert_true(rules_cal_valid(&cal2024));
	assert_true(rules_cal_valid(NULL));
	/* S13: Dragon Boat Monday is a holiday, 2024-05-11 a working day */
	assert_false(rules_cal_is_workday(&cal2024, D("2024-06-10")));
	assert_true(rules_cal_is_workday(NULL, D("2024-06-10")));
	assert_true(rules_cal_is_workday(&cal2024, D("2024-05-11")));
	assert_false(rules_cal_is_workday(NULL, D("2024-05-11")));
	assert_false(rules_cal_is_workday(&cal2024, D("2024-05-12")));
	assert_true(rules_cal_is_workday(&cal2024, D("2024-06-11")));
	assert_false(rules_cal_is_workday(&cal2024, D("2024-06-08")));
	assert_true(rules_cal_is_workday(&cal2024, D("2024-02-04")));
	assert_false(rules_cal_is_workday(&cal2024, D("2025-01-01")));
	assert_true(rules_cal_is_workday(&cal2024, D("2024-12-31")));

	/* S13 (a): 3 working days before Thu 2024-03-21 is Mon 03-18 */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-03-21"), -3),
	    D("2024-03-18"));
	/* materials 1 working day before: Wed 03-20 */
	assert_int_equal(rules_cal_prev_workday(&cal2024, D("2024-03-21")),
	    D("2024-03-20"));
	/* S13 (b): 7 working days after Fri 2024-06-07 is Wed 06-19 */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-06-07"), 7),
	    D("2024-06-19"));
	/* a naive weekday count gives Tue 06-18 */
	assert_int_equal(rules_cal_add_workdays(NULL, D("2024-06-07"), 7),
	    D("2024-06-18"));
	/* the working day before Tue 06-11 is Fri 06-07, not the holiday */
	assert_int_equal(rules_cal_prev_workday(&cal2024, D("2024-06-11")),
	    D("2024-06-07"));
	/* the working day before Mon 2024-05-13 is Saturday 05-11 */
	assert_int_equal(rules_cal_prev_workday(&cal2024, D("2024-05-13")),
	    D("2024-05-11"));
	assert_int_equal(rules_cal_prev_workday(NULL, D("2024-05-13")),
	    D("2024-05-10"));
	/* through 劳动节: the day after Tue 04-30 is Mon 05-06 */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-04-30"), 1),
	    D("2024-05-06"));
	/* S15: 10 working days after Mon 2024-11-04 is Mon 11-18 */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-11-04"), 10),
	    D("2024-11-18"));
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-11-18"), 10),
	    D("2024-12-02"));
	/* S15: 7 working days after Wed 2024-12-04 is Fri 12-13 */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-12-04"), 7),
	    D("2024-12-13"));
	/* n == 0 is the day itself, even a holiday */
	assert_int_equal(rules_cal_add_workdays(&cal2024, D("2024-06-10"), 0),
	    D("2024-06-10"));

	/* counting: (from, to] */
	assert_int_equal(rules_cal_count_workdays(&cal2024, D("2024-06-07"),
	    D("2024-06-19")), 7);
	assert_int_equal(rules_cal_count_workdays(NULL, D("2024-06-07"),
	    D("2024-06-19")), 8);
	assert_int_equal(rules_cal_count_workdays(&cal2024, D("2024-06-19"),
	    D("2024-06-07")), -7);	/* [06-07, 06-19) */
	assert_int_equal(rules_cal_count_workdays(&cal2024, D("2024-03-21"),
	    D("2024-03-18")), -3);
	assert_int_equal(rules_cal_count_workdays(&cal2024, D("2024-06-07"),
	    D("2024-06-07")), 0);
	assert_int_equal(rules_cal_count_workdays(&cal2024, D("2024-05-10"),
	    D("2024-05-13")), 2);	/* Saturday 05-11 and Monday */
	ncases += 30;
}

/* Property: add and count are inverse over two years, both directions. */
static void
test_workday_property(void **state)
{
	int32_t	day, to;
	int	n;

	(void)state;
	for (day = D("2023-12-01"); day <= D("2025-02-01"); day++) {
		for (n = -25; n <= 25; n++) {
			to = rules_cal_add_workdays(&cal2024, day, n);
			if (n != 0 && !rules_cal_is_workday(&cal2024, to))
				fail_msg("add %d to %d lands on a rest day", n,
				    day);
			if (rules_cal_count_workdays(&cal2024, day, to) != n)
				fail_msg("count(%d, add(%d)) != %d", day, n, n);
			ncases++;
		}
		if (rules_cal_prev_workday(&cal2024, day) >= day)
			fail_msg("prev of %d", day);
	}
}

static void
test_cal_valid(void **state)
{
	struct rules_cal_exception e[3] = { { 10, true }, { 5, false },
	    { 20, false } };
	struct rules_calendar c = { e, 3 };

	(void)state;
	assert_false(rules_cal_valid(&c));
	e[1].day = 10;
	assert_false(rules_cal_valid(&c));
	e[1].day = 11;
	assert_true(rules_cal_valid(&c));
	c.exceptions = NULL;
	assert_false(rules_cal_valid(&c));
	c.nexceptions = 0;
	assert_true(rules_cal_valid(&c));
	ncases += 5;
}

/* ---------------------------------------------------------------------- */

struct dcase {
	const char	*what;
	const char	*profile;
	const char	*mstate;	/* NULL: scheduled */
	bool		 urgent, emergency;
	const char	*day;		/* notice or proposal day */
	const char	*meeting;
	bool		 ok;
	const char	*rule;
	const char	*zh, *en;
};

static const struct dcase notify_cases[] = {
	{ "S13: notice Fri for Tue after the holiday", "party_group", NULL,
	  false, false, "2024-06-07", "2024-06-11", true, NULL, NULL, NULL },
	{ "notice on the holiday is too late", "party_group", NULL, false,
	  false, "2024-06-10", "2024-06-11", false, "R-NOTICE-1",
	  "2024-06-07", "is 2024-06-07; 2024-06-10 is too late" },
	{ "notice on Saturday too late", "party_group", NULL, false, false,
	  "2024-06-08", "2024-06-11", false, "R-NOTICE-1", NULL, NULL },
	{ "urgent: no notice period", "party_group", NULL, true, false,
	  "2024-06-11", "2024-06-11", true, NULL, NULL, NULL },
	{ "make-up Saturday counts: notice 05-11 for Mon 05-13",
	  "party_group", NULL, false, false, "2024-05-11", "2024-05-13", true,
	  NULL, NULL, NULL },
	{ "notice Sunday 05-12 for Mon 05-13", "party_group", NULL, false,
	  false, "2024-05-12", "2024-05-13", false, "R-NOTICE-1",
	  "2024-05-11", NULL },
	{ "notice the day before, an ordinary week", "party_group", NULL,
	  false, false, "2024-03-20", "2024-03-21", true, NULL, NULL, NULL },
	{ "notice the same day", "party_group", NULL, false, false,
	  "2024-03-21", "2024-03-21", false, "R-NOTICE-1", NULL, NULL },
	{ "notice a week early", "party_group", NULL, false, false,
	  "2024-03-14", "2024-03-21", true, NULL, NULL, NULL },
	{ "notice again while noticed", "party_group", "noticed", false,
	  false, "2024-03-14", "2024-03-21", true, NULL, NULL, NULL },
	{ "director_office: same rule", "director_office", NULL, false,
	  false, "2024-06-10", "2024-06-11", false, "R-NOTICE-1", NULL,
	  NULL },
	{ "bureau_affairs: no notice needed", "bureau_affairs", NULL, false,
	  false, "2024-06-11", "2024-06-11", true, NULL, NULL, NULL },
	{ "topic: no notice needed", "topic", NULL, false, false,
	  "2024-06-11", "2024-06-11", true, NULL, NULL, NULL },
	{ "meeting already open", "party_group", "open", false, false,
	  "2024-03-14", "2024-03-21", false, "R-NOTICE-1", NULL, NULL },
	{ "meeting closed", "topic", "closed", false, false, "2024-03-14",
	  "2024-03-21", false, "R-NOTICE-1", NULL, NULL },
};

static const struct dcase propose_cases[] = {
	{ "S13 (a): proposal Mon 03-18 for Thu 03-21", "director_office",
	  NULL, false, false, "2024-03-18", "2024-03-21", true, NULL, NULL,
	  NULL },
	{ "S13 (a): proposal Tue 03-19 is late", "director_office", NULL,
	  false, false, "2024-03-19", "2024-03-21", false, "R-AGENDA-4",
	  "2024-03-18", "3 working days" },
	{ "late but an emergency item", "director_office", NULL, false, true,
	  "2024-03-20", "2024-03-21", true, NULL, NULL, NULL },
	{ "across the holiday: Tue 06-11 meeting, Wed 06-05 last",
	  "director_office", NULL, false, false, "2024-06-05", "2024-06-11",
	  true, NULL, NULL, NULL },
	{ "across the holiday: Thu 06-06 is late", "director_office", NULL,
	  false, false, "2024-06-06", "2024-06-11", false, "R-AGENDA-4",
	  "2024-06-05", NULL },
	{ "party_group has no day deadline", "party_group", NULL, false,
	  false, "2024-03-21", "2024-03-21", true, NULL, NULL, NULL },
	{ "topic has no deadline", "topic", NULL, false, false, "2024-03-21",
	  "2024-03-21", true, NULL, NULL, NULL },
};

/* Runs a table of R-NOTICE-1 or R-AGENDA-4 cases. */
static void
dcase_table(const struct dcase *t, size_t n, bool notify)
{
	struct rules_meeting m;
	struct rules_item it;
	struct rules_verdict v;
	size_t	i;

	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		memset(&it, 0, sizeof(it));
		m.profile = rules_profile_find(t[i].profile);
		assert_non_null(m.profile);
		m.state = RULES_MTG_SCHEDULED;
		if (t[i].mstate != NULL)
			assert_true(rules_meeting_state_parse(t[i].mstate,
			    &m.state));
		m.urgent = t[i].urgent;
		it.emergency = t[i].emergency;
		if (notify)
			rules_may_notify(&m, D(t[i].day), D(t[i].meeting),
			    &cal2024, &v);
		else
			rules_may_propose(&m, &it, D(t[i].day),
			    D(t[i].meeting), &cal2024, &v);
		if (v.ok != t[i].ok)
			fail_msg("%s: ok %d (%s)", t[i].what, v.ok, v.msg_en);
		if (!v.ok && strcmp(v.rule, t[i].rule) != 0)
			fail_msg("%s: rule %s", t[i].what, v.rule);
		if (!v.ok && (v.msg_zh[0] == '\0' || v.msg_en[0] == '\0'))
			fail_msg("%s: no message", t[i].what);
		if (t[i].zh && strstr(v.msg_zh, t[i].zh) == NULL)
			fail_msg("%s: msg_zh %s", t[i].what, v.msg_zh);
		if (t[i].en && strstr(v.msg_en, t[i].en) == NULL)
			fail_msg("%s: msg_en %s", t[i].what, v.msg_en);
		ncases++;
	}
}

static void
test_notify(void **state)
{
	(void)state;
	dcase_table(notify_cases, sizeof(notify_cases) /
	    sizeof(notify_cases[0]), true);
}

static void
test_propose(void **state)
{
	(void)state;
	dcase_table(propose_cases, sizeof(propose_cases) /
	    sizeof(propose_cases[0]), false);
}

/* R-MIN-3: minutes due 7 working days after closing. */
static void
test_minutes(void **state)
{
	const struct rules_profile *p = rules_profile_find("party_group");

	(void)state;
	assert_int_equal(rules_minutes_due(p, D("2024-06-07"), &cal2024),
	    D("2024-06-19"));
	assert_false(rules_minutes_overdue(p, D("2024-06-07"), D("2024-06-19"),
	    &cal2024));
	assert_true(rules_minutes_overdue(p, D("2024-06-07"), D("2024-06-20"),
	    &cal2024));
	/* Without the holiday they would have been due on 06-18. */
	assert_true(rules_minutes_overdue(p, D("2024-06-07"), D("2024-06-19"),
	    NULL));
	/* Closed on a Saturday: counting starts Monday. */
	assert_int_equal(rules_minutes_due(p, D("2024-03-23"), &cal2024),
	    D("2024-04-02"));
	/* Across 劳动节 and the make-up Saturday. */
	assert_int_equal(rules_minutes_due(p, D("2024-04-30"), &cal2024),
	    D("2024-05-13"));
	assert_int_equal(rules_minutes_due(rules_profile_find("topic"),
	    D("2024-04-30"), &cal2024), D("2024-05-13"));
	ncases += 7;
}

static void
test_summary(void **state)
{
	(void)state;
	print_message("calendar: %zu cases and checks\n", ncases);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_workdays),
		cmocka_unit_test(test_workday_property),
		cmocka_unit_test(test_cal_valid),
		cmocka_unit_test(test_notify),
		cmocka_unit_test(test_propose),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, setup_cal, NULL);
}
