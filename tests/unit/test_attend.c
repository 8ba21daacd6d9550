/*
 * test_attend.c: table-driven tests of attendance and the rest of
 * deliberation in the rules engine (server/rules/attend.c): leave, roll
 * call, recusal, observers, written opinions, deferral, reserved opinions
 * and delegation of the chair. Each table has allowed and refused rows,
 * permission and rule refusals, and runs under the profiles where the
 * answer depends on them.
 */
#include "rules.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define T0_US		1796086800000000LL	/* 2026-12-01T09:00+08:00 */
#define NOSEAT		(-1)			/* a NULL member */

static const char *const profiles[] = {
	"party_group", "director_office", "bureau_affairs", "topic",
};
#define NPROFILES	(sizeof(profiles) / sizeof(profiles[0]))

/* ---------------------------------------------------------------------- */
/* Verdict tables */

enum call {
	C_REQUEST_LEAVE,
	C_APPROVE_LEAVE,
	C_MARK,
	C_RECUSE,
	C_ADMIT,
	C_OPINION,
	C_DEFER,
	C_DISSENT,
	C_DELEGATE
};

struct acase {
	const char	*what;
	enum call	 call;
	const char	*profile;	/* NULL: party_group */
	const char	*seats;
	const char	*mstate;	/* NULL: open */
	const char	*istate;	/* NULL: started */
	const char	*category;	/* NULL: ordinary */
	const char	*method;	/* NULL: oral */
	const char	*chair;		/* NULL: seat0; "-": NULL */
	bool		 emergency;
	int		 who;		/* seat index (to, for C_DELEGATE);
					 * NOSEAT: NULL */
	int		 by;		/* seat index + 1; 0: who; NOSEAT: NULL */
	bool		 reason;	/* has_reason */
	bool		 present;	/* C_MARK: --present, else --absent */
	bool		 already;	/* submitted / filed before */
	/* expected */
	bool		 ok;
	const char	*rule;
	bool		 permission;
	int		 nmissing;
	const char	*missing[4];
	const char	*zh;		/* substring of msg_zh, or NULL */
	const char	*en;		/* substring of msg_en, or NULL */
};

static size_t ncases;	/* rows and checks run */

/* The member at index i of f, or NULL for NOSEAT. */
static const struct rules_member *
fx_member(const struct fx *f, int i, const char *what)
{
	if (i == NOSEAT)
		return NULL;
	if (i < 0 || (size_t)i >= f->n)
		fail_msg("%s: seat %d out of range", what, i);
	return &f->mb[i];
}

/* Runs one case under profile (the row's own unless overridden). */
static void
acase_run_as(const struct acase *c, const char *profile)
{
	struct fx f;
	struct rules_verdict v;
	const struct rules_member *who, *by;
	size_t	i;

	memset(&f, 0, sizeof(f));
	f.m.profile = rules_profile_find(profile);
	if (f.m.profile == NULL)
		fail_msg("%s: no profile %s", c->what, profile);
	f.m.state = RULES_MTG_OPEN;
	f.m.at_us = f.m.now_us = T0_US;
	f.m.chair = "seat0";
	f.it.category = RULES_CAT_ORDINARY;
	f.it.state = RULES_ITEM_STARTED;
	f.it.method = RULES_METHOD_ORAL;
	fx_seats(&f, c->seats);
	if (c->mstate != NULL &&
	    !rules_meeting_state_parse(c->mstate, &f.m.state))
		fail_msg("%s: bad mstate", c->what);
	if (c->istate != NULL &&
	    !rules_item_state_parse(c->istate, &f.it.state))
		fail_msg("%s: bad istate", c->what);
	f.it.vote_open = f.it.state == RULES_ITEM_VOTING;
	if (c->category != NULL &&
	    !rules_category_parse(c->category, &f.it.category))
		fail_msg("%s: bad category", c->what);
	if (c->method != NULL && !rules_method_parse(c->method, &f.it.method))
		fail_msg("%s: bad method", c->what);
	if (c->chair != NULL)
		f.m.chair = strcmp(c->chair, "-") == 0 ? NULL : c->chair;
	f.it.emergency = c->emergency;
	who = fx_member(&f, c->who, c->what);
	by = c->by == 0 ? who : fx_member(&f, c->by == NOSEAT ? NOSEAT :
	    c->by - 1, c->what);

	memset(&v, 0xa5, sizeof(v));	/* the functions must clear it */
	switch (c->call) {
	case C_REQUEST_LEAVE:
		rules_may_request_leave(&f.m, who, c->reason, &v);
		break;
	case C_APPROVE_LEAVE:
		rules_may_approve_leave(&f.m, by, who, &v);
		break;
	case C_MARK:
		rules_may_mark(&f.m, by, who, c->present, &v);
		break;
	case C_RECUSE:
		rules_may_recuse(&f.m, &f.it, by, who, c->reason, &v);
		break;
	case C_ADMIT:
		rules_may_admit(&f.m, &f.it, by, who, &v);
		break;
	case C_OPINION:
		rules_may_submit_opinion(&f.m, &f.it, who, c->already, &v);
		break;
	case C_DEFER:
		rules_may_defer(&f.m, &f.it, who, c->reason, &v);
		break;
	case C_DISSENT:
		rules_may_dissent(&f.m, &f.it, who, c->already, &v);
		break;
	case C_DELEGATE:
		rules_may_delegate(&f.m, by, who, &v);
		break;
	}

	if (v.ok != c->ok)
		fail_msg("%s [%s]: ok %d, expected %d (rule %s: %s / %s)",
		    c->what, profile, v.ok, c->ok, v.ok ? "-" : v.rule,
		    v.ok ? "" : v.msg_zh, v.ok ? "" : v.msg_en);
	if (v.ok) {
		if (v.rule != NULL || v.msg_zh[0] || v.msg_en[0] ||
		    v.nmissing || v.permission)
			fail_msg("%s [%s]: allowed verdict not clean", c->what,
			    profile);
	} else {
		if (v.rule == NULL || c->rule == NULL ||
		    strcmp(v.rule, c->rule) != 0)
			fail_msg("%s [%s]: rule %s, expected %s (%s)", c->what,
			    profile, v.rule ? v.rule : "NULL",
			    c->rule ? c->rule : "NULL", v.msg_en);
		if (v.msg_zh[0] == '\0' || v.msg_en[0] == '\0')
			fail_msg("%s [%s]: empty message", c->what, profile);
		if (strchr(v.msg_en, '%') != NULL ||
		    strchr(v.msg_zh, '%') != NULL)
			fail_msg("%s [%s]: unformatted message", c->what,
			    profile);
		if (v.permission != c->permission)
			fail_msg("%s [%s]: permission %d, expected %d (%s)",
			    c->what, profile, v.permission, c->permission,
			    v.msg_en);
	}
	if (v.nmissing != (size_t)c->nmissing)
		fail_msg("%s [%s]: %zu missing, expected %d (%s)", c->what,
		    profile, v.nmissing, c->nmissing, v.msg_zh);
	for (i = 0; i < v.nmissing && i < 4; i++)
		if (c->missing[i] != NULL &&
		    strcmp(v.missing[i], c->missing[i]) != 0)
			fail_msg("%s [%s]: missing[%zu] %s, expected %s",
			    c->what, profile, i, v.missing[i], c->missing[i]);
	if (c->zh != NULL && strstr(v.msg_zh, c->zh) == NULL)
		fail_msg("%s [%s]: msg_zh \"%s\" lacks \"%s\"", c->what,
		    profile, v.msg_zh, c->zh);
	if (c->en != NULL && strstr(v.msg_en, c->en) == NULL)
		fail_msg("%s [%s]: msg_en \"%s\" lacks \"%s\"", c->what,
		    profile, v.msg_en, c->en);
	ncases++;
}

/* Runs one case under its own profile. */
static void
acase_run(const struct acase *c)
{
	acase_run_as(c, c->profile != NULL ? c->profile : "party_group");
}

/* Runs a whole table, each row under its profile. */
static void
acase_table(const struct acase *t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		acase_run(&t[i]);
}

/* Runs a whole table under every profile: rows that do not depend on it. */
static void
acase_table_all(const struct acase *t, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < NPROFILES; j++)
			acase_run_as(&t[i], profiles[j]);
}

#define TABLE(t)	acase_table((t), sizeof(t) / sizeof((t)[0]))
#define TABLE_ALL(t)	acase_table_all((t), sizeof(t) / sizeof((t)[0]))

/* A body: secretary, deputy, two members, recorder, office, inspector,
 * observer, and an identity seated with no role. */
#define BODY	"S? D? M? M? R? F? I? O? N?"
#define BODY_IN	"S+ D+ M+ M+ R+ F+ I+ O+ N+"

/* ---------------------------------------------------------------------- */
/* R-LEAVE-1: asking leave (same under every profile) */

static const struct acase request_leave_cases[] = {
	{ "a member asks leave with a reason after the notice",
	  C_REQUEST_LEAVE, .seats = BODY, .mstate = "noticed", .who = 2,
	  .reason = true, .ok = true },
	{ "a member asks leave before the notice", C_REQUEST_LEAVE,
	  .seats = BODY, .mstate = "scheduled", .who = 3, .reason = true,
	  .ok = true },
	{ "a deputy asks leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 1, .reason = true, .ok = true },
	{ "the secretary asks leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 0, .reason = true, .ok = true },
	{ "one who checked in and out before the opening asks leave",
	  C_REQUEST_LEAVE, .seats = "S+ D? ML M?", .mstate = "noticed",
	  .who = 2, .reason = true, .ok = true },
	{ "one marked absent in an early roll call asks leave",
	  C_REQUEST_LEAVE, .seats = "S+ D? M- M?", .mstate = "noticed",
	  .who = 2, .reason = true, .ok = true },
	{ "no reason", C_REQUEST_LEAVE, .seats = BODY, .mstate = "noticed",
	  .who = 2, .rule = "R-LEAVE-1", .zh = "请假须说明理由",
	  .en = "leave needs a reason" },
	{ "the meeting is open", C_REQUEST_LEAVE, .seats = BODY, .who = 2,
	  .reason = true, .rule = "R-LEAVE-1", .zh = "会前",
	  .en = "before it opens" },
	{ "the meeting is closed", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "closed", .who = 2, .reason = true, .rule = "R-LEAVE-1",
	  .en = "closed" },
	{ "already checked in", C_REQUEST_LEAVE, .seats = "S+ D+ M+ M?",
	  .mstate = "noticed", .who = 2, .reason = true, .rule = "R-LEAVE-1",
	  .zh = "委员1已签到", .en = "check out" },
	{ "leave already asked", C_REQUEST_LEAVE, .seats = "S? D? MQ M?",
	  .mstate = "noticed", .who = 2, .reason = true, .rule = "R-LEAVE-1",
	  .zh = "待主持人批准", .en = "already asked" },
	{ "leave already approved", C_REQUEST_LEAVE, .seats = "S? D? MV M?",
	  .mstate = "noticed", .who = 2, .reason = true, .rule = "R-LEAVE-1",
	  .en = "already on approved leave" },
	{ "a recorder asks leave: no voting seat", C_REQUEST_LEAVE,
	  .seats = BODY, .mstate = "noticed", .who = 4, .reason = true,
	  .rule = "R-LEAVE-1", .permission = true, .zh = "不是表决成员" },
	{ "office staff ask leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 5, .reason = true, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "an inspector asks leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 6, .reason = true, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "an observer asks leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 7, .reason = true, .rule = "R-LEAVE-1",
	  .permission = true, .en = "observer" },
	{ "a seat with no role asks leave", C_REQUEST_LEAVE, .seats = BODY,
	  .mstate = "noticed", .who = 8, .reason = true, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "an identity with no seat asks leave", C_REQUEST_LEAVE,
	  .seats = BODY, .mstate = "noticed", .who = NOSEAT, .reason = true,
	  .rule = "R-LEAVE-1", .permission = true, .en = "no seat" },
	{ "no seat and no reason: permission first", C_REQUEST_LEAVE,
	  .seats = BODY, .mstate = "open", .who = NOSEAT,
	  .rule = "R-LEAVE-1", .permission = true },
};

static void
test_request_leave(void **state)
{
	(void)state;
	TABLE_ALL(request_leave_cases);
}

/* ---------------------------------------------------------------------- */
/* R-LEAVE-1: the chair approves leave */

static const struct acase approve_leave_cases[] = {
	{ "the chair approves before the opening", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ M?", .mstate = "noticed", .who = 2, .by = 1,
	  .ok = true },
	{ "the chair approves before the notice", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ M?", .mstate = "scheduled", .who = 2, .by = 1,
	  .ok = true },
	{ "the chair approves at the start of the meeting", C_APPROVE_LEAVE,
	  .seats = "S+ D+ MQ M+", .who = 2, .by = 1, .ok = true },
	{ "a deputy's leave", C_APPROVE_LEAVE, .seats = "S+ DQ M? M?",
	  .mstate = "noticed", .who = 1, .by = 1, .ok = true },
	{ "no chair named: the secretary chairs", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ M?", .mstate = "noticed", .chair = "-",
	  .who = 2, .by = 1, .ok = true },
	{ "a delegated chair approves", C_APPROVE_LEAVE,
	  .seats = "S? D+ MQ M?", .mstate = "noticed", .chair = "seat1",
	  .who = 2, .by = 2, .ok = true },
	{ "the delegated chair approves the secretary's leave",
	  C_APPROVE_LEAVE, .seats = "SQ D+ M? M?", .mstate = "noticed",
	  .chair = "seat1", .who = 0, .by = 2, .ok = true },
	{ "the secretary, no longer chair, approves", C_APPROVE_LEAVE,
	  .seats = "S+ D+ MQ M?", .mstate = "noticed", .chair = "seat1",
	  .who = 2, .by = 1, .rule = "R-LEAVE-1", .permission = true,
	  .zh = "只有会议主持人可以批准请假" },
	{ "a member approves someone's leave", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ M+", .mstate = "noticed", .who = 2, .by = 4,
	  .rule = "R-LEAVE-1", .permission = true, .en = "only the chair" },
	{ "a member approves their own leave", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ M+", .mstate = "noticed", .who = 2,
	  .rule = "R-LEAVE-1", .permission = true },
	{ "the recorder approves", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ R+", .mstate = "noticed", .who = 2, .by = 4,
	  .rule = "R-LEAVE-1", .permission = true },
	{ "no seat approves", C_APPROVE_LEAVE, .seats = "S+ D? MQ",
	  .mstate = "noticed", .who = 2, .by = NOSEAT, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "leave of an identity with no seat", C_APPROVE_LEAVE,
	  .seats = "S+ D? MQ", .mstate = "noticed", .who = NOSEAT, .by = 1,
	  .rule = "R-LEAVE-1", .permission = true },
	{ "leave of an observer", C_APPROVE_LEAVE, .seats = "S+ D? OQ",
	  .mstate = "noticed", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "the chair approves their own leave: entrust the chair first",
	  C_APPROVE_LEAVE, .seats = "SQ D? M?", .mstate = "noticed",
	  .who = 0, .by = 1, .rule = "R-LEAVE-1", .zh = "委托",
	  .en = "entrust the chair" },
	{ "no leave asked", C_APPROVE_LEAVE, .seats = "S+ D? M? M?",
	  .mstate = "noticed", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .zh = "委员1未提出请假", .en = "has not asked leave (now expected)" },
	{ "a present member has not asked", C_APPROVE_LEAVE,
	  .seats = "S+ D+ M+ M+", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .en = "now present" },
	{ "a member who left has not asked", C_APPROVE_LEAVE,
	  .seats = "S+ D+ ML M+", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .en = "now left" },
	{ "an absent member has not asked", C_APPROVE_LEAVE,
	  .seats = "S+ D+ M- M+", .who = 2, .by = 1, .rule = "R-LEAVE-1" },
	{ "already approved", C_APPROVE_LEAVE, .seats = "S+ D? MV M?",
	  .mstate = "noticed", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .en = "already on approved leave" },
	{ "the meeting is closed", C_APPROVE_LEAVE, .seats = "S+ D+ MQ M+",
	  .mstate = "closed", .who = 2, .by = 1, .rule = "R-LEAVE-1",
	  .en = "closed" },
};

static void
test_approve_leave(void **state)
{
	(void)state;
	TABLE_ALL(approve_leave_cases);
}

/* ---------------------------------------------------------------------- */
/* Roll call in the room (R-LEAVE-1) */

static const struct acase mark_cases[] = {
	{ "the recorder marks a member present before the opening", C_MARK,
	  .seats = "S+ D? M? R+", .mstate = "noticed", .who = 2, .by = 4,
	  .present = true, .ok = true },
	{ "the recorder marks a member present in the open meeting", C_MARK,
	  .seats = "S+ D+ M? R+", .who = 2, .by = 4, .present = true,
	  .ok = true },
	{ "the chair marks present", C_MARK, .seats = "S+ D? M? R?",
	  .mstate = "noticed", .who = 2, .by = 1, .present = true,
	  .ok = true },
	{ "a delegated chair marks", C_MARK, .seats = "S? D+ M? R?",
	  .mstate = "noticed", .chair = "seat1", .who = 2, .by = 2,
	  .present = true, .ok = true },
	{ "the chair marks the secretary present", C_MARK,
	  .seats = "S? D+ M? R+", .mstate = "noticed", .who = 0, .by = 4,
	  .present = true, .ok = true },
	{ "a member on approved leave arrives", C_MARK,
	  .seats = "S+ D+ MV R+", .who = 2, .by = 4, .present = true,
	  .ok = true },
	{ "a member who left comes back", C_MARK, .seats = "S+ D+ ML R+",
	  .who = 2, .by = 4, .present = true, .ok = true },
	{ "a member with leave pending arrives", C_MARK,
	  .seats = "S+ D+ MQ R+", .who = 2, .by = 4, .present = true,
	  .ok = true },
	{ "an absent member arrives late", C_MARK, .seats = "S+ D+ M- R+",
	  .who = 2, .by = 4, .present = true, .ok = true },
	{ "an expected member is absent", C_MARK, .seats = "S+ D+ M? R+",
	  .who = 2, .by = 4, .ok = true },
	{ "leave asked but not granted: absent", C_MARK,
	  .seats = "S+ D+ MQ R+", .who = 2, .by = 4, .ok = true },
	{ "correcting a check-in before the opening", C_MARK,
	  .seats = "S+ D+ M+ R+", .mstate = "noticed", .who = 2, .by = 4,
	  .ok = true },
	{ "one who left before the opening is absent", C_MARK,
	  .seats = "S+ D+ ML R+", .mstate = "noticed", .who = 2, .by = 4,
	  .ok = true },
	{ "already present", C_MARK, .seats = "S+ D+ M+ R+", .who = 2,
	  .by = 4, .present = true, .rule = "R-LEAVE-1",
	  .en = "already recorded present" },
	{ "already absent", C_MARK, .seats = "S+ D+ M- R+", .who = 2,
	  .by = 4, .rule = "R-LEAVE-1", .en = "already recorded absent" },
	{ "on approved leave is not absent", C_MARK, .seats = "S+ D+ MV R+",
	  .who = 2, .by = 4, .rule = "R-LEAVE-1", .zh = "不记为缺席",
	  .en = "on approved leave, not absent" },
	{ "a member present in the open meeting is not absent", C_MARK,
	  .seats = "S+ D+ M+ R+", .who = 2, .by = 4, .rule = "R-LEAVE-1",
	  .en = "checks out" },
	{ "a member who left the open meeting is not absent", C_MARK,
	  .seats = "S+ D+ ML R+", .who = 2, .by = 4, .rule = "R-LEAVE-1",
	  .en = "and left" },
	{ "the meeting is closed", C_MARK, .seats = "S+ D+ M? R+",
	  .mstate = "closed", .who = 2, .by = 4, .present = true,
	  .rule = "R-LEAVE-1", .en = "on record" },
	{ "a member marks another", C_MARK, .seats = "S+ D+ M? M+",
	  .who = 2, .by = 4, .present = true, .rule = "R-LEAVE-1",
	  .permission = true, .zh = "只有记录人或主持人" },
	{ "a member marks themself (that is check-in)", C_MARK,
	  .seats = "S+ D+ M? M+", .who = 2, .present = true,
	  .rule = "R-LEAVE-1", .permission = true },
	{ "a deputy who does not chair marks", C_MARK,
	  .seats = "S+ D+ M? R+", .who = 2, .by = 2, .present = true,
	  .rule = "R-LEAVE-1", .permission = true },
	{ "the secretary no longer chairing marks", C_MARK,
	  .seats = "S+ D+ M? R+", .chair = "seat1", .who = 2, .by = 1,
	  .present = true, .rule = "R-LEAVE-1", .permission = true },
	{ "office staff mark", C_MARK, .seats = "S+ D+ M? F+", .who = 2,
	  .by = 4, .present = true, .rule = "R-LEAVE-1", .permission = true },
	{ "an inspector marks", C_MARK, .seats = "S+ D+ M? I+", .who = 2,
	  .by = 4, .present = true, .rule = "R-LEAVE-1", .permission = true },
	{ "no seat marks", C_MARK, .seats = "S+ D+ M? R+", .who = 2,
	  .by = NOSEAT, .present = true, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "marking an identity with no seat", C_MARK, .seats = "S+ D+ R+",
	  .who = NOSEAT, .by = 3, .present = true, .rule = "R-LEAVE-1",
	  .permission = true },
	{ "marking an observer", C_MARK, .seats = "S+ D+ O? R+", .who = 2,
	  .by = 4, .present = true, .rule = "R-LEAVE-1", .permission = true,
	  .en = "admitted per item" },
	{ "marking the recorder", C_MARK, .seats = "S+ D+ R?", .who = 2,
	  .by = 1, .present = true, .rule = "R-LEAVE-1", .permission = true },
};

static void
test_mark(void **state)
{
	(void)state;
	TABLE_ALL(mark_cases);
}

/* ---------------------------------------------------------------------- */
/* R-RECUSE-1: recusals */

static const struct acase recuse_cases[] = {
	{ "the chair records a member's recusal", C_RECUSE,
	  .seats = "S+ D+ M+ M+", .who = 2, .by = 1, .reason = true,
	  .ok = true },
	{ "a member recuses themself", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .who = 2, .reason = true, .ok = true },
	{ "the secretary recuses themself", C_RECUSE,
	  .seats = "S+ D+ M+ M+", .who = 0, .reason = true, .ok = true },
	{ "a delegated chair records it", C_RECUSE, .seats = "S? D+ M+ M+",
	  .chair = "seat1", .who = 3, .by = 2, .reason = true, .ok = true },
	{ "recusal from an approved item before the meeting", C_RECUSE,
	  .seats = "S? D? M? M?", .mstate = "noticed", .istate = "approved",
	  .who = 2, .reason = true, .ok = true },
	{ "recusal from a proposed item", C_RECUSE, .seats = "S? D? M? M?",
	  .mstate = "scheduled", .istate = "proposed", .who = 2, .by = 1,
	  .reason = true, .ok = true },
	{ "recusal from a major item", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .category = "personnel", .who = 2, .reason = true, .ok = true },
	{ "recusal from an emergency item", C_RECUSE,
	  .seats = "S+ D+ M+ M+", .emergency = true, .who = 2, .by = 1,
	  .reason = true, .ok = true },
	{ "a member on leave recuses", C_RECUSE, .seats = "S+ D+ MV M+",
	  .who = 2, .reason = true, .ok = true },
	{ "a member who left, without a statement, recuses", C_RECUSE,
	  .seats = "S+ D+ ML M+", .who = 2, .by = 1, .reason = true,
	  .ok = true },
	{ "others stated, this member not yet", C_RECUSE,
	  .seats = "S+ D+A M+ M+D", .who = 2, .reason = true, .ok = true },
	{ "no reason", C_RECUSE, .seats = "S+ D+ M+ M+", .who = 2,
	  .rule = "R-RECUSE-1", .zh = "回避须说明理由",
	  .en = "needs a reason" },
	{ "already recused", C_RECUSE, .seats = "S+ D+ M+r M+", .who = 2,
	  .reason = true, .rule = "R-RECUSE-1", .en = "already recused" },
	{ "after the member stated: it would change a record", C_RECUSE,
	  .seats = "S+ D+ M+A M+", .who = 2, .reason = true,
	  .rule = "R-RECUSE-1", .zh = "改变已记录的表态",
	  .en = "change the statement on record" },
	{ "after a member who left had stated", C_RECUSE,
	  .seats = "S+ D+ MLD M+", .who = 2, .by = 1, .reason = true,
	  .rule = "R-RECUSE-1", .en = "already stated" },
	{ "the vote is open (not yet voted)", C_RECUSE,
	  .seats = "S+ D+ M+e M+e", .istate = "voting", .who = 2,
	  .reason = true, .rule = "R-RECUSE-1", .en = "electorate" },
	{ "the vote is open (not in the electorate)", C_RECUSE,
	  .seats = "S+e D+e M? M+e", .istate = "voting", .who = 2,
	  .by = 1, .reason = true, .rule = "R-RECUSE-1" },
	{ "the item is decided", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .istate = "decided", .who = 2, .reason = true,
	  .rule = "R-IMMUT-1", .en = "decided" },
	{ "the item is deferred", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .istate = "deferred", .who = 2, .reason = true,
	  .rule = "R-DEFER-2" },
	{ "the item is withdrawn", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .istate = "withdrawn", .who = 2, .reason = true,
	  .rule = "R-AGENDA-2" },
	{ "the meeting is closed", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .mstate = "closed", .istate = "approved", .who = 2,
	  .reason = true, .rule = "R-RECUSE-1", .en = "closed" },
	{ "another member records it", C_RECUSE, .seats = "S+ D+ M+ M+",
	  .who = 2, .by = 4, .reason = true, .rule = "R-RECUSE-1",
	  .permission = true, .zh = "只有主持人或委员1本人" },
	{ "the recorder records it", C_RECUSE, .seats = "S+ D+ M+ R+",
	  .who = 2, .by = 4, .reason = true, .rule = "R-RECUSE-1",
	  .permission = true },
	{ "the secretary, no longer chairing, records it", C_RECUSE,
	  .seats = "S+ D+ M+ M+", .chair = "seat1", .who = 2, .by = 1,
	  .reason = true, .rule = "R-RECUSE-1", .permission = true },
	{ "no seat records it", C_RECUSE, .seats = "S+ D+ M+ M+", .who = 2,
	  .by = NOSEAT, .reason = true, .rule = "R-RECUSE-1",
	  .permission = true },
	{ "recusal of an identity with no seat", C_RECUSE,
	  .seats = "S+ D+ M+", .who = NOSEAT, .by = 1, .reason = true,
	  .rule = "R-RECUSE-1", .permission = true },
	{ "an observer recuses", C_RECUSE, .seats = "S+ D+ M+ O+", .who = 3,
	  .reason = true, .rule = "R-RECUSE-1", .permission = true },
	{ "the chair records the recorder's recusal", C_RECUSE,
	  .seats = "S+ D+ M+ R+", .who = 3, .by = 1, .reason = true,
	  .rule = "R-RECUSE-1", .permission = true },
};

static void
test_recuse(void **state)
{
	(void)state;
	TABLE_ALL(recuse_cases);
}

/* ---------------------------------------------------------------------- */
/* R-CONF-1: observers admitted per item */

static const struct acase admit_cases[] = {
	{ "the chair admits an observer to a started item", C_ADMIT,
	  .seats = "S+ D+ M+ O?", .who = 3, .by = 1, .ok = true },
	{ "the chair admits an observer to an approved item", C_ADMIT,
	  .seats = "S+ D+ M+ O?", .istate = "approved", .who = 3, .by = 1,
	  .ok = true },
	{ "admission decided before the meeting", C_ADMIT,
	  .seats = "S? D? M? O?", .mstate = "noticed", .istate = "approved",
	  .who = 3, .by = 1, .ok = true },
	{ "admission to an emergency item", C_ADMIT,
	  .seats = "S+ D+ M+ O?", .emergency = true, .who = 3, .by = 1,
	  .ok = true },
	{ "admission to a major item", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .category = "major_project", .who = 3, .by = 1, .ok = true },
	{ "a delegated chair admits", C_ADMIT, .seats = "S? D+ M+ O?",
	  .chair = "seat1", .who = 3, .by = 2, .ok = true },
	{ "the second observer", C_ADMIT, .seats = "S+ D+ M+ O? O?",
	  .who = 4, .by = 1, .ok = true },
	{ "a member admits", C_ADMIT, .seats = "S+ D+ M+ O?", .who = 3,
	  .by = 3, .rule = "R-CONF-1", .permission = true,
	  .zh = "只有会议主持人可以准许列席" },
	{ "a deputy not chairing admits", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .who = 3, .by = 2, .rule = "R-CONF-1", .permission = true },
	{ "the secretary, no longer chairing, admits", C_ADMIT,
	  .seats = "S+ D+ M+ O?", .chair = "seat1", .who = 3, .by = 1,
	  .rule = "R-CONF-1", .permission = true },
	{ "the recorder admits", C_ADMIT, .seats = "S+ D+ R+ O?", .who = 3,
	  .by = 3, .rule = "R-CONF-1", .permission = true },
	{ "the office admits", C_ADMIT, .seats = "S+ D+ F+ O?", .who = 3,
	  .by = 3, .rule = "R-CONF-1", .permission = true },
	{ "an observer admits themself", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .who = 3, .rule = "R-CONF-1", .permission = true },
	{ "no seat admits", C_ADMIT, .seats = "S+ D+ M+ O?", .who = 3,
	  .by = NOSEAT, .rule = "R-CONF-1", .permission = true },
	{ "admitting an identity with no seat", C_ADMIT,
	  .seats = "S+ D+ M+", .who = NOSEAT, .by = 1, .rule = "R-CONF-1",
	  .permission = true },
	{ "admitting a member", C_ADMIT, .seats = "S+ D+ M+ O?", .who = 2,
	  .by = 1, .rule = "R-CONF-1", .permission = true,
	  .en = "holds no observer seat" },
	{ "admitting an inspector", C_ADMIT, .seats = "S+ D+ I+ O?",
	  .who = 2, .by = 1, .rule = "R-CONF-1", .permission = true },
	{ "admitting a seat with no role", C_ADMIT, .seats = "S+ D+ N+",
	  .who = 2, .by = 1, .rule = "R-CONF-1", .permission = true },
	{ "the vote is open: discussion over", C_ADMIT,
	  .seats = "S+ D+ M+ O?", .istate = "voting", .who = 3, .by = 1,
	  .rule = "R-CONF-1", .zh = "正在表决", .en = "discussion is over" },
	{ "the item is decided", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .istate = "decided", .who = 3, .by = 1, .rule = "R-CONF-1",
	  .en = "(decided)" },
	{ "the item is only proposed", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .istate = "proposed", .who = 3, .by = 1, .rule = "R-AGENDA-1" },
	{ "the item is deferred", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .istate = "deferred", .who = 3, .by = 1, .rule = "R-DEFER-2" },
	{ "the item is withdrawn", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .istate = "withdrawn", .who = 3, .by = 1, .rule = "R-AGENDA-2" },
	{ "the meeting is closed", C_ADMIT, .seats = "S+ D+ M+ O?",
	  .mstate = "closed", .istate = "approved", .who = 3, .by = 1,
	  .rule = "R-CONF-1", .en = "closed" },
};

static void
test_admit(void **state)
{
	(void)state;
	TABLE_ALL(admit_cases);
}

/* ---------------------------------------------------------------------- */
/* R-ABSENT-2: written opinions of members on leave */

static const struct acase opinion_cases[] = {
	{ "a member on leave, item started", C_OPINION,
	  .seats = "S+ D+ MV M+", .who = 2, .ok = true },
	{ "a member on leave, before the meeting", C_OPINION,
	  .seats = "S? D? MV M?", .mstate = "noticed", .istate = "approved",
	  .who = 2, .ok = true },
	{ "a member on leave, during the vote", C_OPINION,
	  .seats = "S+e D+e MV M+e", .istate = "voting", .who = 2,
	  .ok = true },
	{ "a deputy on leave, major item", C_OPINION,
	  .seats = "S+ DV M+ M+", .category = "large_fund", .who = 1,
	  .ok = true },
	{ "the secretary on leave", C_OPINION, .seats = "SV D+ M+ M+",
	  .chair = "seat1", .who = 0, .ok = true },
	{ "an emergency item", C_OPINION, .seats = "S+ D+ MV M+",
	  .emergency = true, .who = 2, .ok = true },
	{ "a present member", C_OPINION, .seats = "S+ D+ M+ M+", .who = 2,
	  .rule = "R-ABSENT-2", .zh = "请当场表态", .en = "is present" },
	{ "leave asked, not approved", C_OPINION, .seats = "S? D? MQ M?",
	  .mstate = "noticed", .istate = "approved", .who = 2,
	  .rule = "R-ABSENT-2", .en = "not yet approved" },
	{ "an absent member without leave", C_OPINION,
	  .seats = "S+ D+ M- M+", .who = 2, .rule = "R-ABSENT-2",
	  .en = "not on approved leave (now absent)" },
	{ "a member who left", C_OPINION, .seats = "S+ D+ ML M+", .who = 2,
	  .rule = "R-ABSENT-2", .en = "(now left)" },
	{ "a member expected", C_OPINION, .seats = "S? D? M? M?",
	  .mstate = "noticed", .istate = "approved", .who = 2,
	  .rule = "R-ABSENT-2", .en = "(now expected)" },
	{ "a recused member on leave", C_OPINION, .seats = "S+ D+ MVr M+",
	  .who = 2, .rule = "R-RECUSE-1", .en = "recused" },
	{ "a second opinion", C_OPINION, .seats = "S+ D+ MV M+", .who = 2,
	  .already = true, .rule = "R-ABSENT-2", .en = "one each" },
	{ "the item is decided", C_OPINION, .seats = "S+ D+ MV M+",
	  .istate = "decided", .who = 2, .rule = "R-ABSENT-2",
	  .en = "before the decision" },
	{ "the item is only proposed", C_OPINION, .seats = "S? D? MV M?",
	  .mstate = "noticed", .istate = "proposed", .who = 2,
	  .rule = "R-AGENDA-1" },
	{ "the item is deferred", C_OPINION, .seats = "S+ D+ MV M+",
	  .istate = "deferred", .who = 2, .rule = "R-DEFER-2" },
	{ "the item is withdrawn", C_OPINION, .seats = "S+ D+ MV M+",
	  .istate = "withdrawn", .who = 2, .rule = "R-AGENDA-2" },
	{ "the meeting is closed", C_OPINION, .seats = "S+ D+ MV M+",
	  .mstate = "closed", .istate = "approved", .who = 2,
	  .rule = "R-ABSENT-2", .en = "closed" },
	{ "an observer on leave", C_OPINION, .seats = "S+ D+ M+ OV",
	  .who = 3, .rule = "R-ABSENT-2", .permission = true },
	{ "the recorder", C_OPINION, .seats = "S+ D+ M+ RV", .who = 3,
	  .rule = "R-ABSENT-2", .permission = true },
	{ "no seat", C_OPINION, .seats = "S+ D+ M+", .who = NOSEAT,
	  .rule = "R-ABSENT-2", .permission = true },
};

static void
test_opinion(void **state)
{
	(void)state;
	TABLE_ALL(opinion_cases);
}

/* ---------------------------------------------------------------------- */
/* R-DEFER-1: the chair defers an item (暂缓) */

static const struct acase defer_cases[] = {
	{ "the chair defers a started item", C_DEFER, .seats = "S+ D+ M+",
	  .who = 0, .reason = true, .ok = true },
	{ "the chair defers an approved item", C_DEFER, .seats = "S+ D+ M+",
	  .istate = "approved", .who = 0, .reason = true, .ok = true },
	{ "the chair defers an emergency item", C_DEFER,
	  .seats = "S+ D+ M+", .emergency = true, .who = 0, .reason = true,
	  .ok = true },
	{ "the chair defers a major item", C_DEFER, .seats = "S+ D+ M+",
	  .category = "personnel", .who = 0, .reason = true, .ok = true },
	{ "the chair defers after statements", C_DEFER,
	  .seats = "S+ D+D M+A", .who = 0, .reason = true, .ok = true },
	{ "a delegated chair defers", C_DEFER, .seats = "S? D+ M+",
	  .chair = "seat1", .who = 1, .reason = true, .ok = true },
	{ "no reason", C_DEFER, .seats = "S+ D+ M+", .who = 0,
	  .rule = "R-DEFER-1", .zh = "暂缓议题须说明理由",
	  .en = "needs a reason" },
	{ "a member defers", C_DEFER, .seats = "S+ D+ M+", .who = 2,
	  .reason = true, .rule = "R-DEFER-1", .permission = true,
	  .en = "only the chair may defer an item" },
	{ "the secretary, no longer chairing, defers", C_DEFER,
	  .seats = "S+ D+ M+", .chair = "seat1", .who = 0, .reason = true,
	  .rule = "R-DEFER-1", .permission = true },
	{ "the recorder defers", C_DEFER, .seats = "S+ D+ R+", .who = 2,
	  .reason = true, .rule = "R-DEFER-1", .permission = true },
	{ "no seat defers", C_DEFER, .seats = "S+ D+ M+", .who = NOSEAT,
	  .reason = true, .rule = "R-DEFER-1", .permission = true },
	{ "the meeting is not open yet", C_DEFER, .seats = "S? D? M?",
	  .mstate = "noticed", .istate = "approved", .who = 0,
	  .reason = true, .rule = "R-NOSUB-1" },
	{ "the meeting is closed", C_DEFER, .seats = "S+ D+ M+",
	  .mstate = "closed", .istate = "approved", .who = 0,
	  .reason = true, .rule = "R-NOSUB-1" },
	{ "the vote is open", C_DEFER, .seats = "S+e D+e M+en",
	  .istate = "voting", .who = 0, .reason = true, .rule = "R-DEFER-1",
	  .en = "close the vote" },
	{ "already deferred", C_DEFER, .seats = "S+ D+ M+",
	  .istate = "deferred", .who = 0, .reason = true,
	  .rule = "R-DEFER-1", .en = "already deferred" },
	{ "the item is decided", C_DEFER, .seats = "S+ D+ M+",
	  .istate = "decided", .who = 0, .reason = true,
	  .rule = "R-IMMUT-1" },
	{ "the item is only proposed", C_DEFER, .seats = "S+ D+ M+",
	  .istate = "proposed", .who = 0, .reason = true,
	  .rule = "R-AGENDA-1" },
	{ "the item is withdrawn", C_DEFER, .seats = "S+ D+ M+",
	  .istate = "withdrawn", .who = 0, .reason = true,
	  .rule = "R-AGENDA-2" },
};

static void
test_defer(void **state)
{
	(void)state;
	TABLE_ALL(defer_cases);
}

/* ---------------------------------------------------------------------- */
/* R-DISSENT-1: reserved opinions (保留意见) */

static const struct acase dissent_cases[] = {
	{ "stated disagree", C_DISSENT, .seats = "S+A D+D M+A",
	  .istate = "decided", .who = 1, .ok = true },
	{ "stated defer", C_DISSENT, .seats = "S+A D+F M+A",
	  .istate = "decided", .who = 1, .ok = true },
	{ "stated abstain", C_DISSENT, .seats = "S+A D+B M+A",
	  .istate = "decided", .who = 1, .ok = true },
	{ "voted no", C_DISSENT, .seats = "S+ey D+ey M+en",
	  .istate = "decided", .who = 2, .ok = true },
	{ "voted abstain", C_DISSENT, .seats = "S+ey D+ey M+ex",
	  .istate = "decided", .who = 2, .ok = true },
	{ "stated agree, voted no", C_DISSENT, .seats = "S+Aey D+Aey M+Aen",
	  .istate = "decided", .who = 2, .ok = true },
	{ "stated disagree, voted yes", C_DISSENT,
	  .seats = "S+Aey D+Aey M+Dey", .istate = "decided", .who = 2,
	  .ok = true },
	{ "took part in a secret vote", C_DISSENT,
	  .seats = "S+Aes D+Aes M+Aes", .istate = "decided",
	  .method = "secret", .who = 2, .ok = true },
	{ "the secretary voted no", C_DISSENT, .seats = "S+Aen D+Aey M+Aey",
	  .istate = "decided", .who = 0, .ok = true },
	{ "stated disagree, then left", C_DISSENT, .seats = "S+A D+A MLD",
	  .istate = "decided", .who = 2, .ok = true },
	{ "after the meeting closed", C_DISSENT, .seats = "S+A D+A M+D",
	  .mstate = "closed", .istate = "decided", .who = 2, .ok = true },
	{ "stated agree and voted yes", C_DISSENT,
	  .seats = "S+Aey D+Aey M+Aey", .istate = "decided", .who = 2,
	  .rule = "R-DISSENT-1", .en = "stated agree, voted yes" },
	{ "stated agree, no vote", C_DISSENT, .seats = "S+A D+A M+A",
	  .istate = "decided", .who = 2, .rule = "R-DISSENT-1" },
	{ "neither stated nor voted", C_DISSENT, .seats = "S+A D+A M+",
	  .istate = "decided", .who = 2, .rule = "R-DISSENT-1",
	  .en = "stated none, voted none" },
	{ "in the electorate of a secret vote but did not vote", C_DISSENT,
	  .seats = "S+Aes D+Aes M+Ae", .istate = "decided",
	  .method = "secret", .who = 2, .rule = "R-DISSENT-1" },
	{ "on leave: wrote an opinion, stated nothing", C_DISSENT,
	  .seats = "S+A D+A MV", .istate = "decided", .who = 2,
	  .rule = "R-DISSENT-1" },
	{ "recused", C_DISSENT, .seats = "S+A D+A M+r", .istate = "decided",
	  .who = 2, .rule = "R-RECUSE-1", .en = "recused" },
	{ "filed before", C_DISSENT, .seats = "S+A D+A M+D",
	  .istate = "decided", .who = 2, .already = true,
	  .rule = "R-DISSENT-1", .zh = "不能再次提出或修改",
	  .en = "already filed" },
	{ "the item is still under deliberation", C_DISSENT,
	  .seats = "S+ D+ M+D", .who = 2, .rule = "R-DISSENT-1",
	  .en = "not decided (now started)" },
	{ "the vote is still open", C_DISSENT, .seats = "S+e D+ey M+Den",
	  .istate = "voting", .who = 2, .rule = "R-DISSENT-1",
	  .en = "now voting" },
	{ "the item was deferred", C_DISSENT, .seats = "S+A D+A M+D",
	  .istate = "deferred", .who = 2, .rule = "R-DISSENT-1",
	  .en = "now deferred" },
	{ "the item was withdrawn", C_DISSENT, .seats = "S+ D+ M+",
	  .istate = "withdrawn", .who = 2, .rule = "R-DISSENT-1" },
	{ "an observer", C_DISSENT, .seats = "S+A D+A M+A O+",
	  .istate = "decided", .who = 3, .rule = "R-DISSENT-1",
	  .permission = true },
	{ "the recorder", C_DISSENT, .seats = "S+A D+A M+A R+",
	  .istate = "decided", .who = 3, .rule = "R-DISSENT-1",
	  .permission = true },
	{ "an inspector", C_DISSENT, .seats = "S+A D+A M+A I+",
	  .istate = "decided", .who = 3, .rule = "R-DISSENT-1",
	  .permission = true },
	{ "no seat", C_DISSENT, .seats = "S+A D+A M+A",
	  .istate = "decided", .who = NOSEAT, .rule = "R-DISSENT-1",
	  .permission = true },
};

static void
test_dissent(void **state)
{
	(void)state;
	TABLE_ALL(dissent_cases);
}

/* ---------------------------------------------------------------------- */
/* R-MTG-2, R-MTG-4: the secretary entrusts the chair (by profile) */

static const struct acase delegate_cases[] = {
	/* party_group: a deputy or another member (002) */
	{ "party_group: to a deputy", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 1, .by = 1, .ok = true },
	{ "party_group: to a member", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 2, .by = 1, .ok = true },
	{ "party_group: before the notice", C_DELEGATE, .seats = BODY,
	  .mstate = "scheduled", .who = 1, .by = 1, .ok = true },
	{ "party_group: the secretary on leave entrusts the chair",
	  C_DELEGATE, .seats = "SV D? M?", .mstate = "noticed", .who = 1,
	  .by = 1, .ok = true },
	{ "party_group: during the open meeting, to one present",
	  C_DELEGATE, .seats = BODY_IN, .who = 3, .by = 1, .ok = true },
	{ "party_group: the secretary takes the chair back", C_DELEGATE,
	  .seats = BODY_IN, .chair = "seat1", .who = 0, .by = 1,
	  .ok = true },
	{ "party_group: to the recorder", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 4, .by = 1, .rule = "R-MTG-2",
	  .permission = true, .en = "holds no voting seat" },
	{ "party_group: to office staff", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 5, .by = 1, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: to an inspector", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 6, .by = 1, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: to an observer", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 7, .by = 1, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: to a seat with no role", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 8, .by = 1, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: to an identity with no seat", C_DELEGATE,
	  .seats = BODY, .mstate = "noticed", .who = NOSEAT, .by = 1,
	  .rule = "R-MTG-2", .permission = true },
	{ "party_group: a deputy entrusts", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 2, .by = 2, .rule = "R-MTG-2",
	  .permission = true, .zh = "只有书记" },
	{ "party_group: the delegated chair passes it on", C_DELEGATE,
	  .seats = BODY, .mstate = "noticed", .chair = "seat1", .who = 2,
	  .by = 2, .rule = "R-MTG-2", .permission = true },
	{ "party_group: a member entrusts it to themself", C_DELEGATE,
	  .seats = BODY, .mstate = "noticed", .who = 2, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: no seat entrusts", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .who = 1, .by = NOSEAT, .rule = "R-MTG-2",
	  .permission = true },
	{ "party_group: the meeting is closed", C_DELEGATE,
	  .seats = BODY_IN, .mstate = "closed", .who = 1, .by = 1,
	  .rule = "R-MTG-2", .en = "closed" },
	{ "party_group: already the chair", C_DELEGATE, .seats = BODY,
	  .mstate = "noticed", .chair = "seat1", .who = 1, .by = 1,
	  .rule = "R-MTG-2", .en = "副职1 already chairs" },
	{ "party_group: the secretary already chairs", C_DELEGATE,
	  .seats = BODY, .mstate = "noticed", .who = 0, .by = 1,
	  .rule = "R-MTG-2", .en = "already chairs" },
	{ "party_group: to a deputy on leave", C_DELEGATE,
	  .seats = "S? DV M?", .mstate = "noticed", .who = 1, .by = 1,
	  .rule = "R-MTG-2", .nmissing = 1, .missing = { "副职1" },
	  .en = "on approved leave" },
	{ "party_group: to a member who asked leave", C_DELEGATE,
	  .seats = "S? D? MQ", .mstate = "noticed", .who = 2, .by = 1,
	  .rule = "R-MTG-2", .nmissing = 1, .missing = { "委员1" },
	  .en = "has asked leave" },
	{ "party_group: open meeting, to one absent", C_DELEGATE,
	  .seats = "S+ D- M+", .who = 1, .by = 1, .rule = "R-MTG-2",
	  .nmissing = 1, .missing = { "副职1" }, .zh = "副职1不在会场" },
	{ "party_group: open meeting, to one who left", C_DELEGATE,
	  .seats = "S+ DL M+", .who = 1, .by = 1, .rule = "R-MTG-2",
	  .nmissing = 1, .missing = { "副职1" }, .en = "not present" },
	{ "party_group: open meeting, to one not yet arrived", C_DELEGATE,
	  .seats = "S+ D? M+", .who = 1, .by = 1, .rule = "R-MTG-2",
	  .nmissing = 1, .missing = { "副职1" } },
	{ "party_group: taking it back while away", C_DELEGATE,
	  .seats = "SL D+ M+", .chair = "seat1", .who = 0, .by = 1,
	  .rule = "R-MTG-2", .nmissing = 1, .missing = { "书记" } },
	/* director_office: a deputy (副局长) only (001) */
	{ "director_office: to a deputy", C_DELEGATE,
	  .profile = "director_office", .seats = BODY, .mstate = "noticed",
	  .who = 1, .by = 1, .ok = true },
	{ "director_office: to a member", C_DELEGATE,
	  .profile = "director_office", .seats = BODY, .mstate = "noticed",
	  .who = 2, .by = 1, .rule = "R-MTG-2", .permission = true,
	  .zh = "只能委托副职主持", .en = "only to a deputy" },
	{ "director_office: to the recorder", C_DELEGATE,
	  .profile = "director_office", .seats = BODY, .mstate = "noticed",
	  .who = 4, .by = 1, .rule = "R-MTG-2", .permission = true },
	{ "director_office: a deputy entrusts", C_DELEGATE,
	  .profile = "director_office", .seats = BODY, .mstate = "noticed",
	  .who = 1, .by = 2, .rule = "R-MTG-2", .permission = true },
	{ "director_office: to a deputy on leave", C_DELEGATE,
	  .profile = "director_office", .seats = "S? DV M?",
	  .mstate = "noticed", .who = 1, .by = 1, .rule = "R-MTG-2",
	  .nmissing = 1, .missing = { "副职1" } },
	{ "director_office: the director takes the chair back", C_DELEGATE,
	  .profile = "director_office", .seats = BODY_IN, .chair = "seat1",
	  .who = 0, .by = 1, .ok = true },
	/* bureau_affairs: a deputy, as for the director's absence (R-MTG-10) */
	{ "bureau_affairs: to a deputy", C_DELEGATE,
	  .profile = "bureau_affairs", .seats = BODY, .mstate = "noticed",
	  .who = 1, .by = 1, .ok = true },
	{ "bureau_affairs: to a member", C_DELEGATE,
	  .profile = "bureau_affairs", .seats = BODY, .mstate = "noticed",
	  .who = 2, .by = 1, .rule = "R-MTG-2", .permission = true },
	/* topic: the convener chairs */
	{ "topic: to a deputy", C_DELEGATE, .profile = "topic",
	  .seats = BODY, .mstate = "noticed", .who = 1, .by = 1,
	  .rule = "R-MTG-2", .en = "convener chairs" },
	{ "topic: to a member", C_DELEGATE, .profile = "topic",
	  .seats = BODY, .mstate = "noticed", .who = 2, .by = 1,
	  .rule = "R-MTG-2" },
	{ "topic: a member entrusts: permission first", C_DELEGATE,
	  .profile = "topic", .seats = BODY, .mstate = "noticed", .who = 1,
	  .by = 3, .rule = "R-MTG-2", .permission = true },
};

static void
test_delegate(void **state)
{
	(void)state;
	TABLE(delegate_cases);
}

/* The delegation setting of each shipped profile. */
static void
test_profiles(void **state)
{
	(void)state;
	assert_int_equal(rules_profile_find("party_group")->chair_delegate,
	    RULES_DELEGATE_VOTING);
	assert_int_equal(rules_profile_find("director_office")->chair_delegate,
	    RULES_DELEGATE_DEPUTY);
	assert_int_equal(rules_profile_find("bureau_affairs")->chair_delegate,
	    RULES_DELEGATE_DEPUTY);
	assert_int_equal(rules_profile_find("topic")->chair_delegate,
	    RULES_DELEGATE_NONE);
	ncases += 4;
}

/*
 * A walk through one member's part in a party_group meeting: asks leave,
 * the chair grants it, the member writes an opinion, arrives after all and
 * is marked present, and then can no longer write one.
 */
static void
test_walkthrough(void **state)
{
	struct rules_member mb[4];
	struct rules_meeting m;
	struct rules_item it;
	struct rules_verdict v;

	(void)state;
	memset(mb, 0, sizeof(mb));
	mb[0] = (struct rules_member){ "sec", "书记", RULES_ROLE_SECRETARY,
	    RULES_ATT_PRESENT, false, RULES_POS_NONE, false,
	    RULES_CHOICE_NONE };
	mb[1] = (struct rules_member){ "dep", "副职", RULES_ROLE_DEPUTY,
	    RULES_ATT_PRESENT, false, RULES_POS_NONE, false,
	    RULES_CHOICE_NONE };
	mb[2] = (struct rules_member){ "zhang", "张三", RULES_ROLE_MEMBER,
	    RULES_ATT_EXPECTED, false, RULES_POS_NONE, false,
	    RULES_CHOICE_NONE };
	mb[3] = (struct rules_member){ "rec", "记录员", RULES_ROLE_RECORDER,
	    RULES_ATT_PRESENT, false, RULES_POS_NONE, false,
	    RULES_CHOICE_NONE };
	memset(&m, 0, sizeof(m));
	m.profile = rules_profile_find("party_group");
	m.state = RULES_MTG_NOTICED;
	m.chair = "sec";
	m.members = mb;
	m.nmembers = 4;
	memset(&it, 0, sizeof(it));
	it.state = RULES_ITEM_APPROVED;

	rules_may_submit_opinion(&m, &it, &mb[2], false, &v);
	assert_false(v.ok);
	rules_may_request_leave(&m, &mb[2], true, &v);
	assert_true(v.ok);
	mb[2].attendance = RULES_ATT_LEAVE_REQUESTED;
	rules_may_approve_leave(&m, &mb[3], &mb[2], &v);
	assert_false(v.ok);
	assert_true(v.permission);
	rules_may_approve_leave(&m, &mb[0], &mb[2], &v);
	assert_true(v.ok);
	mb[2].attendance = RULES_ATT_LEAVE;
	rules_may_submit_opinion(&m, &it, &mb[2], false, &v);
	assert_true(v.ok);
	rules_may_submit_opinion(&m, &it, &mb[2], true, &v);
	assert_false(v.ok);
	assert_string_equal(v.rule, "R-ABSENT-2");
	m.state = RULES_MTG_OPEN;
	it.state = RULES_ITEM_STARTED;
	rules_may_mark(&m, &mb[3], &mb[2], false, &v);
	assert_false(v.ok);		/* on leave is not absent */
	rules_may_mark(&m, &mb[3], &mb[2], true, &v);
	assert_true(v.ok);		/* arrived after all */
	mb[2].attendance = RULES_ATT_PRESENT;
	rules_may_submit_opinion(&m, &it, &mb[2], false, &v);
	assert_false(v.ok);
	assert_string_equal(v.rule, "R-ABSENT-2");
	rules_may_recuse(&m, &it, &mb[2], &mb[2], true, &v);
	assert_true(v.ok);
	mb[2].recused = true;
	rules_may_recuse(&m, &it, &mb[0], &mb[2], true, &v);
	assert_false(v.ok);
	it.state = RULES_ITEM_DECIDED;
	rules_may_dissent(&m, &it, &mb[2], false, &v);
	assert_false(v.ok);
	assert_string_equal(v.rule, "R-RECUSE-1");
	ncases += 14;
}

static void
test_summary(void **state)
{
	(void)state;
	print_message("attend: %zu cases and checks\n", ncases);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_leave),
		cmocka_unit_test(test_approve_leave),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_recuse),
		cmocka_unit_test(test_admit),
		cmocka_unit_test(test_opinion),
		cmocka_unit_test(test_defer),
		cmocka_unit_test(test_dissent),
		cmocka_unit_test(test_delegate),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_walkthrough),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
