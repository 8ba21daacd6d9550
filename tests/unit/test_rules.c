/*
 * test_rules.c: table-driven tests of the rules engine (server/rules), one
 * table per question, the worked examples of RULES.md, and property tests
 * of the tally and quorum arithmetic against the inequalities themselves.
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

#define MIN_US		(60LL * 1000000)
#define T0_US		1796086800000000LL	/* 2026-12-01T09:00+08:00 */

/* An open party_group meeting with an ordinary item under deliberation. */
static void
fx_init(struct fx *f, const char *profile, const char *seats)
{
	memset(f, 0, sizeof(*f));
	f->m.profile = rules_profile_find(profile ? profile : "party_group");
	assert_non_null(f->m.profile);
	f->m.state = RULES_MTG_OPEN;
	f->m.at_us = T0_US;
	f->m.now_us = T0_US;
	f->m.chair = "seat0";
	f->it.category = RULES_CAT_ORDINARY;
	f->it.state = RULES_ITEM_STARTED;
	f->it.method = RULES_METHOD_ORAL;
	fx_seats(f, seats);
}

/* ---------------------------------------------------------------------- */
/* Verdict tables */

enum call {
	C_OPEN,
	C_START,
	C_STATE,
	C_OPEN_VOTE,
	C_CAST,
	C_DECIDE
};

struct vcase {
	const char	*what;
	enum call	 call;
	const char	*profile;	/* NULL: party_group */
	const char	*seats;
	const char	*mstate;	/* NULL: open */
	const char	*istate;	/* NULL: started (voting for C_CAST) */
	const char	*category;	/* NULL: ordinary */
	const char	*method;	/* NULL: oral (vote open / item method) */
	const char	*pos;		/* C_STATE: NULL means none */
	bool		 reason;
	bool		 urgent;
	bool		 emergency;
	int		 early_min;	/* now = at - early_min minutes */
	size_t		 who;		/* seat index */
	size_t		 by1;		/* C_CAST: seat index + 1; 0: voter */
	/* expected */
	bool		 ok;
	const char	*rule;
	bool		 permission;
	int		 nmissing;	/* -1: don't check */
	const char	*missing[8];
	const char	*zh;		/* substring of msg_zh, or NULL */
	const char	*en;		/* substring of msg_en, or NULL */
	const char	*chair;		/* NULL: seat0 */
	bool		 counts;	/* check n, present, needed */
	unsigned	 n, present, needed;
};

#define COUNTS(a, b, c)	.counts = true, .n = (a), .present = (b), .needed = (c)
#define P7		"S+ M+ M+ M+ M+ M+ M+"	/* all seven present */

/* Runs one verdict case; fails with its description. */
static void
vcase_run(const struct vcase *c)
{
	struct fx f;
	struct rules_verdict v;
	enum rules_position pos = RULES_POS_NONE;
	enum rules_method method = RULES_METHOD_ORAL;
	const struct rules_member *by;
	size_t	i;

	fx_init(&f, c->profile, c->seats);
	if (c->mstate != NULL &&
	    !rules_meeting_state_parse(c->mstate, &f.m.state))
		fail_msg("%s: bad mstate", c->what);
	if (c->call == C_CAST)
		f.it.state = RULES_ITEM_VOTING, f.it.vote_open = true;
	if (c->istate != NULL) {
		if (!rules_item_state_parse(c->istate, &f.it.state))
			fail_msg("%s: bad istate", c->what);
		f.it.vote_open = f.it.state == RULES_ITEM_VOTING;
	}
	if (c->category != NULL &&
	    !rules_category_parse(c->category, &f.it.category))
		fail_msg("%s: bad category", c->what);
	if (c->method != NULL && !rules_method_parse(c->method, &method))
		fail_msg("%s: bad method", c->what);
	f.it.method = method;
	if (c->pos != NULL && !rules_position_parse(c->pos, &pos))
		fail_msg("%s: bad position", c->what);
	f.m.urgent = c->urgent;
	if (c->chair != NULL)
		f.m.chair = c->chair;
	f.it.emergency = c->emergency;
	f.m.now_us = f.m.at_us - c->early_min * MIN_US;
	if (c->who >= f.n || c->by1 > f.n)
		fail_msg("%s: seat out of range", c->what);
	by = c->by1 ? &f.mb[c->by1 - 1] : &f.mb[c->who];

	memset(&v, 0xa5, sizeof(v));	/* the functions must clear it */
	switch (c->call) {
	case C_OPEN:
		rules_may_open(&f.m, &v);
		break;
	case C_START:
		rules_may_start_item(&f.m, &f.it, &v);
		break;
	case C_STATE:
		rules_may_state(&f.m, &f.it, &f.mb[c->who], pos, c->reason, &v);
		break;
	case C_OPEN_VOTE:
		rules_may_open_vote(&f.m, &f.it, method, &v);
		break;
	case C_CAST:
		rules_may_cast(&f.m, &f.it, &f.mb[c->who], by, &v);
		break;
	case C_DECIDE:
		rules_may_decide(&f.m, &f.it, &v);
		break;
	}

	if (v.ok != c->ok)
		fail_msg("%s: ok %d, expected %d (rule %s: %s / %s)", c->what,
		    v.ok, c->ok, v.ok ? "-" : v.rule, v.ok ? "" : v.msg_zh,
		    v.ok ? "" : v.msg_en);
	if (v.ok) {
		if (v.rule != NULL || v.msg_zh[0] || v.msg_en[0] || v.nmissing)
			fail_msg("%s: allowed verdict not clean", c->what);
	} else {
		if (v.rule == NULL || strcmp(v.rule, c->rule) != 0)
			fail_msg("%s: rule %s, expected %s (%s)", c->what,
			    v.rule ? v.rule : "NULL", c->rule, v.msg_en);
		if (v.msg_zh[0] == '\0' || v.msg_en[0] == '\0')
			fail_msg("%s: empty message", c->what);
		if (strstr(v.msg_en, "%") != NULL)
			fail_msg("%s: unformatted message", c->what);
		if (v.permission != c->permission)
			fail_msg("%s: permission %d", c->what, v.permission);
	}
	if (c->nmissing >= 0) {
		if (v.nmissing != (size_t)c->nmissing)
			fail_msg("%s: %zu missing, expected %d (%s)", c->what,
			    v.nmissing, c->nmissing, v.msg_zh);
		for (i = 0; i < v.nmissing && i < 8; i++)
			if (c->missing[i] != NULL &&
			    strcmp(v.missing[i], c->missing[i]) != 0)
				fail_msg("%s: missing[%zu] %s, expected %s",
				    c->what, i, v.missing[i], c->missing[i]);
	}
	if (c->zh != NULL && strstr(v.msg_zh, c->zh) == NULL)
		fail_msg("%s: msg_zh \"%s\" lacks \"%s\"", c->what, v.msg_zh,
		    c->zh);
	if (c->en != NULL && strstr(v.msg_en, c->en) == NULL)
		fail_msg("%s: msg_en \"%s\" lacks \"%s\"", c->what, v.msg_en,
		    c->en);
	if (c->counts && (v.n != c->n || v.present != c->present ||
	    v.needed != c->needed))
		fail_msg("%s: n/present/needed %u/%u/%u, expected %u/%u/%u",
		    c->what, v.n, v.present, v.needed, c->n, c->present,
		    c->needed);
}

static size_t ncases;	/* table rows and property checks run */

/* Runs a whole table. */
static void
vcase_table(const struct vcase *t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		vcase_run(&t[i]);
		ncases++;
	}
}

#define TABLE(t)	vcase_table((t), sizeof(t) / sizeof((t)[0]))

/* ---------------------------------------------------------------------- */
/* R-NOTICE-1, R-MTG-5, R-QUORUM-1: opening a meeting */

static const struct vcase open_cases[] = {
	{ "example 1: 3 of 7 present cannot open", C_OPEN,
	  .seats = "S+ M+ M+ M- M- M- M-", .mstate = "noticed",
	  .rule = "R-QUORUM-1", .nmissing = 4,
	  .missing = { "委员3", "委员4", "委员5", "委员6" },
	  .zh = "实到3人，需到4人", .en = "3 present, 4 needed",
	  COUNTS(7, 3, 4) },
	{ "4 of 7 present opens", C_OPEN, .seats = "S+ M+ M+ M+ M- M- M-",
	  .mstate = "noticed", .ok = true, COUNTS(7, 4, 4) },
	{ "N = 6: exactly half opens (2*3 >= 6)", C_OPEN,
	  .seats = "S+ M+ M+ M- M- M-", .mstate = "noticed", .ok = true,
	  COUNTS(6, 3, 3) },
	{ "N = 6: 2 present cannot open", C_OPEN,
	  .seats = "S+ M+ M- M- M- M-", .mstate = "noticed",
	  .rule = "R-QUORUM-1", .nmissing = 4, COUNTS(6, 2, 3) },
	{ "N = 1 present opens", C_OPEN, .seats = "S+", .mstate = "noticed",
	  .ok = true, COUNTS(1, 1, 1) },
	{ "N = 1 absent cannot open", C_OPEN, .seats = "S-",
	  .mstate = "noticed", .rule = "R-QUORUM-1", .nmissing = 1,
	  .missing = { "书记" }, COUNTS(1, 0, 1) },
	{ "non-voting seats never count", C_OPEN,
	  .seats = "S+ M- M- M- R+ F+ I+ O+ N+", .mstate = "noticed",
	  .rule = "R-QUORUM-1", .nmissing = 3,
	  .missing = { "委员1", "委员2", "委员3" }, COUNTS(4, 1, 2) },
	{ "leave, requested leave, expected and left are not present",
	  C_OPEN, .seats = "S+ M+ MV MQ M? ML", .mstate = "noticed",
	  .rule = "R-QUORUM-1", .nmissing = 4,
	  .missing = { "委员2", "委员3", "委员4", "委员5" },
	  COUNTS(6, 2, 3) },
	{ "a recusal does not change the meeting's count", C_OPEN,
	  .seats = "S+ M+r M- M-", .mstate = "noticed", .ok = true,
	  COUNTS(4, 2, 2) },
	{ "not yet noticed", C_OPEN, .seats = P7, .mstate = "scheduled",
	  .rule = "R-NOTICE-1", .en = "notice" },
	{ "urgent but not noticed", C_OPEN, .seats = P7,
	  .mstate = "scheduled", .urgent = true, .rule = "R-NOTICE-1" },
	{ "urgent and noticed opens", C_OPEN, .seats = P7,
	  .mstate = "noticed", .urgent = true, .ok = true },
	{ "already open", C_OPEN, .seats = P7, .mstate = "open",
	  .rule = "R-MTG-5" },
	{ "closed cannot reopen", C_OPEN, .seats = P7, .mstate = "closed",
	  .rule = "R-IMMUT-1" },
	{ "31 minutes early", C_OPEN, .seats = P7, .mstate = "noticed",
	  .early_min = 31, .rule = "R-MTG-5", .zh = "还需等待1分钟",
	  .en = "1 minutes to wait" },
	{ "90 minutes early", C_OPEN, .seats = P7, .mstate = "noticed",
	  .early_min = 90, .rule = "R-MTG-5", .zh = "60分钟" },
	{ "30 minutes early opens", C_OPEN, .seats = P7,
	  .mstate = "noticed", .early_min = 30, .ok = true },
	{ "late opens", C_OPEN, .seats = P7, .mstate = "noticed",
	  .early_min = -120, .ok = true },
	{ "too early is checked before quorum", C_OPEN,
	  .seats = "S- M- M-", .mstate = "noticed", .early_min = 45,
	  .rule = "R-MTG-5" },
	{ "director_office: 2 of 5 cannot open (S10)", C_OPEN,
	  .profile = "director_office", .seats = "S+ D+ D- D- D-",
	  .mstate = "noticed", .rule = "R-QUORUM-1", .nmissing = 3,
	  COUNTS(5, 2, 3) },
	{ "director_office: 3 of 5 open", C_OPEN,
	  .profile = "director_office", .seats = "S- D+ D+ D+ D-",
	  .mstate = "noticed", .ok = true, COUNTS(5, 3, 3) },
	{ "director_office: not noticed", C_OPEN,
	  .profile = "director_office", .seats = "S+ D+", .mstate = "scheduled",
	  .rule = "R-NOTICE-1" },
	{ "bureau_affairs: no notice, no quorum", C_OPEN,
	  .profile = "bureau_affairs", .seats = "S- D- M-",
	  .mstate = "scheduled", .ok = true, COUNTS(3, 0, 0) },
	{ "topic: no notice, no quorum", C_OPEN, .profile = "topic",
	  .seats = "S- M-", .mstate = "scheduled", .ok = true },
	{ "topic: still not too early", C_OPEN, .profile = "topic",
	  .seats = "S+", .mstate = "scheduled", .early_min = 40,
	  .rule = "R-MTG-5" },
};

/* ---------------------------------------------------------------------- */
/* R-NOSUB-1, R-AGENDA-1, R-QUORUM-2: starting an item */

static const struct vcase start_cases[] = {
	{ "example 2: 4 of 7, personnel, cannot start", C_START,
	  .seats = "S+ M+ M+ M+ M- M- M-", .istate = "approved",
	  .category = "personnel", .rule = "R-QUORUM-2", .nmissing = 3,
	  .missing = { "委员4", "委员5", "委员6" },
	  .zh = "实到4人，需到5人", .en = "4 present, 5 needed",
	  COUNTS(7, 4, 5) },
	{ "5 of 7, personnel, starts", C_START,
	  .seats = "S+ M+ M+ M+ M+ M- M-", .istate = "approved",
	  .category = "personnel", .ok = true, COUNTS(7, 5, 5) },
	{ "major_decision, 4 of 7", C_START, .seats = "S+ M+ M+ M+ M- M- M-",
	  .istate = "approved", .category = "major_decision",
	  .rule = "R-QUORUM-2", .nmissing = -1 },
	{ "major_project, 4 of 7", C_START, .seats = "S+ M+ M+ M+ M- M- M-",
	  .istate = "approved", .category = "major_project",
	  .rule = "R-QUORUM-2", .nmissing = -1 },
	{ "large_fund, 4 of 7", C_START, .seats = "S+ M+ M+ M+ M- M- M-",
	  .istate = "approved", .category = "large_fund",
	  .rule = "R-QUORUM-2", .nmissing = -1 },
	{ "N = 6: 4 present is exactly 2/3, not more", C_START,
	  .seats = "S+ M+ M+ M+ M- M-", .istate = "approved",
	  .category = "personnel", .rule = "R-QUORUM-2", .nmissing = 2,
	  COUNTS(6, 4, 5) },
	{ "N = 6: 5 present starts", C_START, .seats = "S+ M+ M+ M+ M+ M-",
	  .istate = "approved", .category = "personnel", .ok = true,
	  COUNTS(6, 5, 5) },
	{ "N = 9: 6 present is not enough (S6)", C_START,
	  .seats = "S+ M+ M+ M+ M+ M+ M- M- M-", .istate = "approved",
	  .category = "large_fund", .rule = "R-QUORUM-2", .nmissing = 3,
	  COUNTS(9, 6, 7) },
	{ "N = 9: 7 present starts", C_START,
	  .seats = "S+ M+ M+ M+ M+ M+ M+ M- M-", .istate = "approved",
	  .category = "large_fund", .ok = true, COUNTS(9, 7, 7) },
	{ "ordinary, 4 of 7, starts", C_START,
	  .seats = "S+ M+ M+ M+ M- M- M-", .istate = "approved", .ok = true,
	  COUNTS(7, 4, 4) },
	{ "ordinary, quorum lost since opening", C_START,
	  .seats = "S+ M+ M+ ML ML M- M-", .istate = "approved",
	  .rule = "R-QUORUM-1", .nmissing = 4, COUNTS(7, 3, 4) },
	{ "recused leaves N and present: 4 of 6", C_START,
	  .seats = "S+ M+r M+ M+ M+ M- M-", .istate = "approved",
	  .category = "personnel", .rule = "R-QUORUM-2", .nmissing = 2,
	  .missing = { "委员5", "委员6" }, COUNTS(6, 4, 5) },
	{ "recused absent member: 5 of 6", C_START,
	  .seats = "S+ M-r M+ M+ M+ M+ M-", .istate = "approved",
	  .category = "personnel", .ok = true, COUNTS(6, 5, 5) },
	{ "meeting only noticed", C_START, .seats = P7, .mstate = "noticed",
	  .istate = "approved", .rule = "R-NOSUB-1" },
	{ "meeting closed", C_START, .seats = P7, .mstate = "closed",
	  .istate = "approved", .rule = "R-NOSUB-1" },
	{ "item not approved", C_START, .seats = P7, .istate = "proposed",
	  .rule = "R-AGENDA-1" },
	{ "item already started", C_START, .seats = P7, .istate = "started",
	  .rule = "R-AGENDA-1" },
	{ "item voting", C_START, .seats = P7, .istate = "voting",
	  .rule = "R-VOTE-6" },
	{ "item decided", C_START, .seats = P7, .istate = "decided",
	  .rule = "R-IMMUT-1" },
	{ "item withdrawn", C_START, .seats = P7, .istate = "withdrawn",
	  .rule = "R-AGENDA-2" },
	{ "item deferred", C_START, .seats = P7, .istate = "deferred",
	  .rule = "R-DEFER-2" },
	{ "director_office: a major item may start (discussed only)",
	  C_START, .profile = "director_office", .seats = "S+ D+ D+ D- D-",
	  .istate = "approved", .category = "personnel", .ok = true,
	  COUNTS(5, 3, 3) },
	{ "bureau_affairs: nobody present, still starts", C_START,
	  .profile = "bureau_affairs", .seats = "S- M-", .istate = "approved",
	  .category = "major_project", .ok = true },
	{ "topic: starts", C_START, .profile = "topic", .seats = "S+",
	  .istate = "approved", .ok = true },
};

/* ---------------------------------------------------------------------- */
/* R-LAST-2, R-LAST-6, R-RECUSE-1: statements */

#define ALL_STATED	"S+ M+A M+A M+D M+B M+F M+A"

static const struct vcase state_cases[] = {
	{ "example 8: the secretary states first", C_STATE, .seats = P7,
	  .who = 0, .pos = "agree", .rule = "R-LAST-2", .nmissing = 6,
	  .missing = { "委员1", "委员2", "委员3", "委员4", "委员5", "委员6" },
	  .zh = "尚有6名成员未表态：委员1、委员2、委员3、委员4、委员5、委员6",
	  .en = "6 members have not yet stated: 委员1, 委员2, 委员3, 委员4, "
	  "委员5, 委员6" },
	{ "two still to state", C_STATE, .seats = "S+ M+A M+A M+ M+A M+ M+A",
	  .who = 0, .pos = "agree", .rule = "R-LAST-2", .nmissing = 2,
	  .missing = { "委员3", "委员5" },
	  .zh = "尚有2名成员未表态：委员3、委员5",
	  .en = "2 members have not yet stated: 委员3, 委员5" },
	{ "one still to state", C_STATE, .seats = "S+ M+A M+A M+ M+A",
	  .who = 0, .pos = "agree", .rule = "R-LAST-2", .nmissing = 1,
	  .en = "1 member has not yet stated: 委员3" },
	{ "the secretary states last", C_STATE, .seats = ALL_STATED,
	  .who = 0, .pos = "agree", .ok = true },
	{ "absent, left, on leave and recused are not awaited", C_STATE,
	  .seats = "S+ M+A M- M+r ML MV M+A MQ M?", .who = 0,
	  .pos = "disagree", .ok = true },
	{ "a member states first", C_STATE, .seats = P7, .who = 1,
	  .pos = "agree", .ok = true },
	{ "a deputy states first", C_STATE, .seats = "S+ D+ M+", .who = 1,
	  .pos = "abstain", .ok = true },
	{ "after the secretary the round is closed", C_STATE,
	  .seats = "S+A M+A M+A M+A M+A M+A M+", .who = 6, .pos = "agree",
	  .rule = "R-LAST-2", .zh = "本轮表态已结束", .en = "round is closed" },
	{ "one statement each", C_STATE, .seats = "S+ M+A M+", .who = 1,
	  .pos = "disagree", .rule = "R-LAST-2", .zh = "已表态",
	  .en = "already stated" },
	{ "the secretary twice", C_STATE, .seats = "S+A M+A", .who = 0,
	  .pos = "agree", .rule = "R-LAST-2" },
	{ "a position is required", C_STATE, .seats = P7, .who = 1,
	  .pos = NULL, .rule = "R-LAST-2" },
	{ "recused member", C_STATE, .seats = "S+ M+r M+", .who = 1,
	  .pos = "agree", .rule = "R-RECUSE-1", .zh = "回避" },
	{ "recused secretary", C_STATE, .seats = "S+r M+", .who = 0,
	  .pos = "agree", .rule = "R-RECUSE-1" },
	{ "absent member", C_STATE, .seats = "S+ M- M+", .who = 1,
	  .pos = "agree", .rule = "R-LAST-2", .en = "not present" },
	{ "member on leave", C_STATE, .seats = "S+ MV M+", .who = 1,
	  .pos = "agree", .rule = "R-LAST-2" },
	{ "member who left", C_STATE, .seats = "S+ ML M+", .who = 1,
	  .pos = "agree", .rule = "R-LAST-2" },
	{ "recorder has no statement", C_STATE, .seats = "S+ M+ R+", .who = 2,
	  .pos = "agree", .rule = "R-LAST-2", .permission = true },
	{ "observer has no statement", C_STATE, .seats = "S+ M+ O+", .who = 2,
	  .pos = "agree", .rule = "R-LAST-2", .permission = true },
	{ "inspector has no statement", C_STATE, .seats = "S+ M+ I+",
	  .who = 2, .pos = "agree", .rule = "R-LAST-2", .permission = true },
	{ "office has no statement", C_STATE, .seats = "S+ M+ F+", .who = 2,
	  .pos = "agree", .rule = "R-LAST-2", .permission = true },
	{ "R-LAST-6: disagree on personnel without reason", C_STATE,
	  .seats = P7, .who = 1, .category = "personnel", .pos = "disagree",
	  .rule = "R-LAST-6", .zh = "理由", .en = "needs a reason" },
	{ "R-LAST-6: defer on large_fund without reason", C_STATE,
	  .seats = P7, .who = 2, .category = "large_fund", .pos = "defer",
	  .rule = "R-LAST-6" },
	{ "R-LAST-6: disagree on major_decision with reason", C_STATE,
	  .seats = P7, .who = 1, .category = "major_decision",
	  .pos = "disagree", .reason = true, .ok = true },
	{ "R-LAST-6: defer on major_project with reason", C_STATE,
	  .seats = P7, .who = 1, .category = "major_project", .pos = "defer",
	  .reason = true, .ok = true },
	{ "R-LAST-6: agree needs no reason", C_STATE, .seats = P7, .who = 1,
	  .category = "personnel", .pos = "agree", .ok = true },
	{ "R-LAST-6: abstain needs no reason", C_STATE, .seats = P7,
	  .who = 1, .category = "personnel", .pos = "abstain", .ok = true },
	{ "R-LAST-6: ordinary disagree needs no reason", C_STATE, .seats = P7,
	  .who = 1, .pos = "disagree", .ok = true },
	{ "R-LAST-6: the secretary too", C_STATE, .seats = ALL_STATED,
	  .who = 0, .category = "personnel", .pos = "disagree",
	  .rule = "R-LAST-6" },
	{ "order before reasons", C_STATE, .seats = P7, .who = 0,
	  .category = "personnel", .pos = "disagree", .rule = "R-LAST-2",
	  .nmissing = 6 },
	{ "delegated chair: the secretary still states last", C_STATE,
	  .seats = "S+ D+ M+", .chair = "seat1", .who = 0, .pos = "agree",
	  .rule = "R-LAST-2", .nmissing = 2, .missing = { "副职1", "委员1" } },
	{ "delegated chair: the chairing deputy states any time", C_STATE,
	  .seats = "S+ D+ M+", .chair = "seat1", .who = 1, .pos = "agree",
	  .ok = true },
	{ "secretary absent: nobody waits", C_STATE, .seats = "S- D+ M+",
	  .chair = "seat1", .who = 1, .pos = "agree", .ok = true },
	{ "item approved, not started", C_STATE, .seats = P7, .who = 1,
	  .istate = "approved", .pos = "agree", .rule = "R-AGENDA-1" },
	{ "vote open: statements closed", C_STATE, .seats = P7, .who = 1,
	  .istate = "voting", .pos = "agree", .rule = "R-LAST-2" },
	{ "item decided", C_STATE, .seats = P7, .who = 1,
	  .istate = "decided", .pos = "agree", .rule = "R-IMMUT-1" },
	{ "meeting not open", C_STATE, .seats = P7, .who = 1,
	  .mstate = "noticed", .pos = "agree", .rule = "R-NOSUB-1" },
	{ "director_office: the director states last", C_STATE,
	  .profile = "director_office", .seats = "S+ D+ D+A", .who = 0,
	  .pos = "agree", .rule = "R-LAST-2", .nmissing = 1,
	  .missing = { "副职1" } },
	{ "director_office: no reasons required", C_STATE,
	  .profile = "director_office", .seats = "S+ D+ D+", .who = 1,
	  .category = "personnel", .pos = "disagree", .ok = true },
	{ "bureau_affairs: the director may state first", C_STATE,
	  .profile = "bureau_affairs", .seats = "S+ D+ M+", .who = 0,
	  .pos = "agree", .ok = true },
	{ "bureau_affairs: others after the director", C_STATE,
	  .profile = "bureau_affairs", .seats = "S+A D+ M+", .who = 1,
	  .pos = "agree", .ok = true },
	{ "topic: the convener may state first", C_STATE,
	  .profile = "topic", .seats = "S+ M+", .who = 0, .pos = "defer",
	  .ok = true },
};

/* ---------------------------------------------------------------------- */
/* R-SCOPE-1, R-LAST-4, R-VOTE-0, R-VOTE-1: opening a vote */

static const struct vcase open_vote_cases[] = {
	{ "nobody has stated", C_OPEN_VOTE, .seats = P7, .rule = "R-VOTE-0",
	  .nmissing = 7, .missing = { "书记", "委员1" },
	  .zh = "尚有7名成员未表态", .en = "7 members have not yet stated" },
	{ "only the secretary has not stated", C_OPEN_VOTE,
	  .seats = "S+ M+A M+A", .rule = "R-VOTE-0", .nmissing = 1,
	  .missing = { "书记" } },
	{ "round complete: ordinary, oral", C_OPEN_VOTE,
	  .seats = "S+A M+A M+D", .ok = true, COUNTS(3, 3, 0) },
	{ "round complete: ordinary, hands", C_OPEN_VOTE,
	  .seats = "S+A M+A M+D", .method = "hands", .ok = true },
	{ "round complete: ordinary, roll_call", C_OPEN_VOTE,
	  .seats = "S+A M+A M+D", .method = "roll_call", .ok = true },
	{ "round complete: ordinary, secret", C_OPEN_VOTE,
	  .seats = "S+A M+A M+D", .method = "secret", .ok = true },
	{ "absent, recused and left are not awaited", C_OPEN_VOTE,
	  .seats = "S+A M- M+r ML M+B MV", .ok = true, COUNTS(5, 2, 0) },
	{ "personnel by oral", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "personnel", .method = "oral", .rule = "R-VOTE-1",
	  .zh = "可用：roll_call、secret", .en = "allowed: roll_call, secret" },
	{ "personnel by hands", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "personnel", .method = "hands", .rule = "R-VOTE-1" },
	{ "personnel by secret ballot", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "personnel", .method = "secret", .ok = true },
	{ "personnel by roll call", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "personnel", .method = "roll_call", .ok = true },
	{ "major_decision by oral", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "major_decision", .method = "oral",
	  .rule = "R-VOTE-1" },
	{ "major_project by hands", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "major_project", .method = "hands",
	  .rule = "R-VOTE-1" },
	{ "large_fund by roll call", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "large_fund", .method = "roll_call", .ok = true },
	{ "major_decision by secret ballot", C_OPEN_VOTE, .seats = "S+A M+A",
	  .category = "major_decision", .method = "secret", .ok = true },
	{ "round before method", C_OPEN_VOTE, .seats = "S+ M+A",
	  .category = "personnel", .method = "oral", .rule = "R-VOTE-0",
	  .nmissing = 1 },
	{ "already voting", C_OPEN_VOTE, .seats = "S+A M+A",
	  .istate = "voting", .rule = "R-VOTE-6" },
	{ "item decided", C_OPEN_VOTE, .seats = "S+A M+A",
	  .istate = "decided", .rule = "R-IMMUT-1" },
	{ "item approved, not started", C_OPEN_VOTE, .seats = "S+A M+A",
	  .istate = "approved", .rule = "R-AGENDA-1" },
	{ "meeting not open", C_OPEN_VOTE, .seats = "S+A M+A",
	  .mstate = "noticed", .rule = "R-NOSUB-1" },
	{ "director_office: major item", C_OPEN_VOTE,
	  .profile = "director_office", .seats = "S+A D+A",
	  .category = "large_fund", .rule = "R-SCOPE-1",
	  .en = "party_group" },
	{ "director_office: ordinary item is the director's", C_OPEN_VOTE,
	  .profile = "director_office", .seats = "S+A D+A",
	  .rule = "R-LAST-4" },
	{ "bureau_affairs: major item", C_OPEN_VOTE,
	  .profile = "bureau_affairs", .seats = "S+ M+",
	  .category = "personnel", .rule = "R-SCOPE-1" },
	{ "bureau_affairs: ordinary item", C_OPEN_VOTE,
	  .profile = "bureau_affairs", .seats = "S+ M+", .rule = "R-LAST-4" },
	{ "topic: major item", C_OPEN_VOTE, .profile = "topic",
	  .seats = "S+ M+", .category = "major_decision",
	  .rule = "R-SCOPE-1" },
	{ "topic: ordinary item", C_OPEN_VOTE, .profile = "topic",
	  .seats = "S+ M+", .rule = "R-LAST-4" },
};

/* ---------------------------------------------------------------------- */
/* R-VOTE-6, R-VOTE-8, R-RECUSE-1: casting */

#define EL4	"S+e M+e M+e M+e R+"	/* seat 4 is the recorder */

static const struct vcase cast_cases[] = {
	{ "a member casts their own", C_CAST, .seats = EL4, .who = 1,
	  .ok = true },
	{ "a member casts in a secret vote", C_CAST, .seats = EL4, .who = 2,
	  .method = "secret", .ok = true },
	{ "arrived after the vote opened", C_CAST, .seats = "S+e M+e M+",
	  .who = 2, .rule = "R-VOTE-6", .en = "electorate" },
	{ "already voted", C_CAST, .seats = "S+e M+ey M+e", .who = 1,
	  .rule = "R-VOTE-6", .en = "final" },
	{ "already voted secretly", C_CAST, .seats = "S+e M+es M+e", .who = 1,
	  .method = "secret", .rule = "R-VOTE-6" },
	{ "recused", C_CAST, .seats = "S+e M+r M+e", .who = 1,
	  .rule = "R-RECUSE-1" },
	{ "left after the vote opened", C_CAST, .seats = "S+e MLe M+e",
	  .who = 1, .rule = "R-VOTE-6", .en = "not present" },
	{ "recorder has no vote", C_CAST, .seats = EL4, .who = 4,
	  .rule = "R-VOTE-6", .permission = true },
	{ "observer has no vote", C_CAST, .seats = "S+e M+e O+e", .who = 2,
	  .rule = "R-VOTE-6", .permission = true },
	{ "inspector has no vote", C_CAST, .seats = "S+e M+e I+", .who = 2,
	  .rule = "R-VOTE-6", .permission = true },
	{ "recorder enters an oral vote", C_CAST, .seats = EL4, .who = 1,
	  .by1 = 5, .method = "oral", .ok = true },
	{ "recorder enters a hands vote", C_CAST, .seats = EL4, .who = 1,
	  .by1 = 5, .method = "hands", .ok = true },
	{ "recorder cannot enter a roll call", C_CAST, .seats = EL4,
	  .who = 1, .by1 = 5, .method = "roll_call", .rule = "R-VOTE-6",
	  .en = "casts their own" },
	{ "recorder cannot enter a secret vote", C_CAST, .seats = EL4,
	  .who = 1, .by1 = 5, .method = "secret", .rule = "R-VOTE-6" },
	{ "another member cannot enter a vote", C_CAST, .seats = EL4,
	  .who = 1, .by1 = 3, .rule = "R-VOTE-6", .permission = true },
	{ "the secretary cannot enter a member's vote", C_CAST, .seats = EL4,
	  .who = 1, .by1 = 1, .rule = "R-VOTE-6", .permission = true },
	{ "R-VOTE-8: secretary first, oral", C_CAST, .seats = EL4, .who = 0,
	  .rule = "R-VOTE-8", .nmissing = 3,
	  .missing = { "委员1", "委员2", "委员3" },
	  .zh = "尚有3名成员未投票：委员1、委员2、委员3",
	  .en = "3 members have not yet voted: 委员1, 委员2, 委员3" },
	{ "R-VOTE-8: secretary first, hands", C_CAST, .seats = EL4, .who = 0,
	  .method = "hands", .rule = "R-VOTE-8", .nmissing = 3 },
	{ "R-VOTE-8: secretary first, roll call", C_CAST,
	  .seats = "S+e M+ey M+e M+en", .who = 0, .method = "roll_call",
	  .rule = "R-VOTE-8", .nmissing = 1, .missing = { "委员2" },
	  .en = "1 member has not yet voted: 委员2" },
	{ "R-VOTE-8: secretary last, oral", C_CAST,
	  .seats = "S+e M+ey M+en M+ex", .who = 0, .ok = true },
	{ "R-VOTE-8: not enforced in a secret vote", C_CAST, .seats = EL4,
	  .who = 0, .method = "secret", .ok = true },
	{ "R-VOTE-8: the recorder entering it changes nothing", C_CAST,
	  .seats = EL4, .who = 0, .by1 = 5, .rule = "R-VOTE-8",
	  .nmissing = 3 },
	{ "R-VOTE-8: those who left are not awaited", C_CAST,
	  .seats = "S+e M+ey MLe M+ex", .who = 0, .method = "roll_call",
	  .ok = true },
	{ "R-VOTE-8: outside the electorate is not awaited", C_CAST,
	  .seats = "S+e M+ey M+ M+r", .who = 0, .ok = true },
	{ "no vote open", C_CAST, .seats = EL4, .who = 1, .istate = "started",
	  .rule = "R-VOTE-6", .en = "no vote is open" },
	{ "meeting closed", C_CAST, .seats = EL4, .who = 1,
	  .mstate = "closed", .rule = "R-NOSUB-1" },
};

/* ---------------------------------------------------------------------- */
/* R-SCOPE-1, R-LAST-4, R-LAST-2: the chair decides */

static const struct vcase decide_cases[] = {
	{ "director_office: after hearing everyone", C_DECIDE,
	  .profile = "director_office", .seats = "S+ D+A D+F D-", .ok = true,
	  COUNTS(4, 3, 2) },
	{ "director_office: a deputy has not stated", C_DECIDE,
	  .profile = "director_office", .seats = "S+ D+A D+ D-",
	  .rule = "R-LAST-2", .nmissing = 1, .missing = { "副职2" } },
	{ "director_office: major item", C_DECIDE,
	  .profile = "director_office", .seats = "S+ D+A",
	  .category = "personnel", .rule = "R-SCOPE-1" },
	{ "director_office: quorum lost", C_DECIDE,
	  .profile = "director_office", .seats = "S+ D- D- D-",
	  .rule = "R-QUORUM-1", COUNTS(4, 1, 2) },
	{ "party_group always votes", C_DECIDE, .seats = ALL_STATED,
	  .rule = "R-LAST-4" },
	{ "party_group major item votes too", C_DECIDE, .seats = ALL_STATED,
	  .category = "personnel", .rule = "R-LAST-4" },
	{ "bureau_affairs: at once", C_DECIDE, .profile = "bureau_affairs",
	  .seats = "S+ M+ M-", .ok = true },
	{ "bureau_affairs: major item", C_DECIDE, .profile = "bureau_affairs",
	  .seats = "S+ M+", .category = "major_project",
	  .rule = "R-SCOPE-1" },
	{ "topic: at once", C_DECIDE, .profile = "topic", .seats = "S+ M-",
	  .ok = true },
	{ "item not started", C_DECIDE, .profile = "topic", .seats = "S+",
	  .istate = "approved", .rule = "R-AGENDA-1" },
	{ "meeting not open", C_DECIDE, .profile = "topic", .seats = "S+",
	  .mstate = "scheduled", .rule = "R-NOSUB-1" },
};

static void
test_open(void **state)
{
	(void)state;
	TABLE(open_cases);
}

static void
test_start(void **state)
{
	(void)state;
	TABLE(start_cases);
}

static void
test_state(void **state)
{
	(void)state;
	TABLE(state_cases);
}

static void
test_open_vote(void **state)
{
	(void)state;
	TABLE(open_vote_cases);
}

static void
test_cast(void **state)
{
	(void)state;
	TABLE(cast_cases);
}

static void
test_decide(void **state)
{
	(void)state;
	TABLE(decide_cases);
}

/* ---------------------------------------------------------------------- */
/* R-VOTE-5, R-DEFER-2, R-QUORUM-2: tallies */

struct tcase {
	const char	*what;
	const char	*profile;	/* NULL: party_group */
	const char	*seats;
	const char	*category;	/* NULL: ordinary */
	bool		 emergency;
	unsigned	 yes, no, abstain;
	enum rules_outcome outcome;
	const char	*rule;
	unsigned	 n, present, electorate, not_voting;
	const char	*formula;	/* substring, or NULL */
};

#define E7	"S+e M+e M+e M+e M+e M+e M+e"
#define E6_1	"S+e M+e M+e M+e M+e M+e M-"
#define E5_2	"S+e M+e M+e M+e M+e M- M-"

static const struct tcase tally_cases[] = {
	{ "example 3: 5 present, personnel, 4/1", NULL, E5_2, "personnel",
	  false, 4, 1, 0, RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 5, 5, 0,
	  "3*4 > 2*5" },
	{ "example 4: ordinary 4/3 deferred", NULL, E7, NULL, false, 4, 3, 0,
	  RULES_OUTCOME_DEFERRED, "R-DEFER-2", 7, 7, 7, 0,
	  "abs(yes-no) <= 1: abs(4-3)" },
	{ "example 4: as an emergency, passed", NULL, E7, NULL, true, 4, 3, 0,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 7, 7, 0, "emergency" },
	{ "example 5: 3/1/2 of 6 present", NULL, E6_1, NULL, false, 3, 1, 2,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 6, 6, 0,
	  "2*3 > 7 fails" },
	{ "example 6: major_project 5/0/1", NULL, E6_1, "major_project",
	  false, 5, 0, 1, RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 6, 6, 0,
	  "3*5 > 2*6" },
	{ "example 7: one recused, personnel 4/2", NULL,
	  "S+e M+r M+e M+e M+e M+e M+e", "personnel", false, 4, 2, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 6, 6, 6, 0, "3*4 > 2*6 fails" },
	{ "example 2 at close: 4 present, personnel", NULL,
	  "S+e M+e M+e M+e M- M- M-", "personnel", false, 4, 0, 0,
	  RULES_OUTCOME_NO_QUORUM, "R-QUORUM-2", 7, 4, 4, 0,
	  "3*present > 2*N" },
	{ "S14: N 8, one recused, 4/3 personnel", NULL,
	  "S+e M+r M+e M+e M+e M+e M+e M+e", "personnel", false, 4, 3, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "close split that fails stays rejected", NULL, E7, NULL, false,
	  3, 4, 0, RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "emergency and failing: rejected", NULL, E7, NULL, true, 3, 4, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "tie 3/3 of 6: rejected, not deferred", NULL,
	  "S+e M+e M+e M+e M+e M+e", NULL, false, 3, 3, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 6, 6, 6, 0, NULL },
	{ "tie 3/3 with an abstention", NULL, E7, NULL, false, 3, 3, 1,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "4/2/1 of 7: split of 2 passes", NULL, E7, NULL, false, 4, 2, 1,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "not voting is not abstaining", NULL, E7, NULL, false, 4, 1, 0,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 7, 7, 2, NULL },
	{ "not voting, ordinary below half of N", NULL, E7, NULL, false,
	  3, 0, 0, RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 4, NULL },
	{ "N 6: 3 yes is exactly half, rejected (S4)", NULL,
	  "S+e M+e M+e M- M- M-", NULL, false, 3, 0, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 6, 3, 3, 0, "2*3 > 6 fails" },
	{ "N 6: 4 yes passes", NULL, "S+e M+e M+e M+e M- M-", NULL, false,
	  4, 0, 0, RULES_OUTCOME_PASSED, "R-VOTE-5", 6, 4, 4, 0, NULL },
	{ "N 6, major: 4 present is no quorum", NULL,
	  "S+e M+e M+e M+e M- M-", "major_decision", false, 4, 0, 0,
	  RULES_OUTCOME_NO_QUORUM, "R-QUORUM-2", 6, 4, 4, 0, NULL },
	{ "N 6, major: 5 present, 4/1 passes", NULL,
	  "S+e M+e M+e M+e M+e M-", "major_decision", false, 4, 1, 0,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 6, 5, 5, 0, NULL },
	{ "N 6, major: 4/2 is exactly 2/3, rejected", NULL,
	  "S+e M+e M+e M+e M+e M+e", "major_decision", false, 4, 2, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 6, 6, 6, 0, "fails" },
	{ "N 9, major: 6/3 is exactly 2/3, rejected", NULL,
	  "S+e M+e M+e M+e M+e M+e M+e M+e M+e", "large_fund", false, 6, 3, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 9, 9, 9, 0, NULL },
	{ "N 9, major: 7/2 passes", NULL,
	  "S+e M+e M+e M+e M+e M+e M+e M+e M+e", "large_fund", false, 7, 2, 0,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 9, 9, 9, 0, NULL },
	{ "N 9, major: 6 present is no quorum (S6)", NULL,
	  "S+e M+e M+e M+e M+e M+e M- M- M-", "large_fund", false, 5, 1, 0,
	  RULES_OUTCOME_NO_QUORUM, "R-QUORUM-2", 9, 6, 6, 0, NULL },
	{ "S9: abstentions in the 2/3 base", NULL, E7, "major_decision",
	  false, 4, 1, 2, RULES_OUTCOME_REJECTED, "R-VOTE-5", 7, 7, 7, 0,
	  "3*4 > 2*7 fails" },
	{ "S1: 5 of 7, cadre 4/1", NULL, E5_2, "personnel", false, 4, 1, 0,
	  RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 5, 5, 0, NULL },
	{ "S8: 5 of 5, 3/2 personnel fails 2/3", NULL, "S+e M+e M+e M+e M+e",
	  "personnel", false, 3, 2, 0, RULES_OUTCOME_REJECTED, "R-VOTE-5",
	  5, 5, 5, 0, NULL },
	{ "major emergency close split: would need 2/3 anyway", NULL, E7,
	  "personnel", true, 4, 3, 0, RULES_OUTCOME_REJECTED, "R-VOTE-5",
	  7, 7, 7, 0, NULL },
	{ "N 1: 1/0 would pass, split 1: deferred", NULL, "S+e", NULL, false,
	  1, 0, 0, RULES_OUTCOME_DEFERRED, "R-DEFER-2", 1, 1, 1, 0, NULL },
	{ "N 1 major: 1/0 deferred", NULL, "S+e", "personnel", false,
	  1, 0, 0, RULES_OUTCOME_DEFERRED, "R-DEFER-2", 1, 1, 1, 0, NULL },
	{ "ordinary, quorum lost at close", NULL, "S+e M+e MLe M- M- M- M-",
	  NULL, false, 2, 0, 0, RULES_OUTCOME_NO_QUORUM, "R-QUORUM-1",
	  7, 2, 3, 1, "2*present >= N" },
	{ "everyone recused: N 0", NULL, "S+r M+r", NULL, false, 0, 0, 0,
	  RULES_OUTCOME_REJECTED, "R-VOTE-5", 0, 0, 0, 0, NULL },
	{ "everyone recused, major: no quorum", NULL, "S+r M+r", "personnel",
	  false, 0, 0, 0, RULES_OUTCOME_NO_QUORUM, "R-QUORUM-2", 0, 0, 0, 0,
	  NULL },
	{ "non-voting seats do not count", NULL, "S+e M+e M+e R+ O+ I+ F+",
	  NULL, false, 3, 0, 0, RULES_OUTCOME_PASSED, "R-VOTE-5", 3, 3, 3, 0,
	  NULL },
	{ "director_office: no close split", "director_office", E7, NULL,
	  false, 4, 3, 0, RULES_OUTCOME_PASSED, "R-VOTE-5", 7, 7, 7, 0, NULL },
	{ "bureau_affairs: no quorum needed", "bureau_affairs",
	  "S-e M- M-", NULL, false, 0, 0, 0, RULES_OUTCOME_REJECTED,
	  "R-VOTE-5", 3, 0, 1, 1, NULL },
	{ "topic: majority of N", "topic", "S+e M+e M+e", NULL, false,
	  2, 1, 0, RULES_OUTCOME_PASSED, "R-VOTE-5", 3, 3, 3, 0, NULL },
};

/* Runs the tally table. */
static void
test_tally(void **state)
{
	const struct tcase *c;
	struct rules_tally t;
	struct fx f;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(tally_cases) / sizeof(tally_cases[0]); i++) {
		c = &tally_cases[i];
		fx_init(&f, c->profile, c->seats);
		if (c->category != NULL &&
		    !rules_category_parse(c->category, &f.it.category))
			fail_msg("%s: bad category", c->what);
		f.it.state = RULES_ITEM_VOTING;
		f.it.vote_open = true;
		f.it.emergency = c->emergency;
		f.it.yes = c->yes;
		f.it.no = c->no;
		f.it.abstain = c->abstain;
		memset(&t, 0xa5, sizeof(t));
		rules_tally(&f.m, &f.it, &t);
		if (t.outcome != c->outcome)
			fail_msg("%s: %s, expected %s (%s)", c->what,
			    rules_outcome_name(t.outcome),
			    rules_outcome_name(c->outcome), t.formula);
		if (t.rule == NULL || strcmp(t.rule, c->rule) != 0)
			fail_msg("%s: rule %s, expected %s", c->what,
			    t.rule ? t.rule : "NULL", c->rule);
		if (t.n != c->n || t.present != c->present ||
		    t.electorate != c->electorate ||
		    t.not_voting != c->not_voting)
			fail_msg("%s: n/present/electorate/not_voting "
			    "%u/%u/%u/%u, expected %u/%u/%u/%u", c->what, t.n,
			    t.present, t.electorate, t.not_voting, c->n,
			    c->present, c->electorate, c->not_voting);
		if (t.yes != c->yes || t.no != c->no || t.abstain != c->abstain)
			fail_msg("%s: counts not copied", c->what);
		if (memchr(t.formula, '\0', sizeof(t.formula)) == NULL ||
		    t.formula[0] == '\0')
			fail_msg("%s: no formula", c->what);
		if (c->formula != NULL && strstr(t.formula, c->formula) == NULL)
			fail_msg("%s: formula \"%s\" lacks \"%s\"", c->what,
			    t.formula, c->formula);
		ncases++;
	}
}

/* The outcome, transcribed straight from RULES.md for a vote profile. */
static enum rules_outcome
ref_outcome(const struct rules_profile *p, bool major, bool emergency,
    long n, long present, long yes, long no, long abstain)
{
	long	cast = yes + no + abstain;
	bool	quorate = false, pass;

	if (major && p->item_quorum_major == RULES_QUORUM_MORE_THAN_TWO_THIRDS)
		quorate = 3 * present > 2 * n;
	else if (major && p->item_quorum_major != RULES_QUORUM_NONE)
		fail_msg("ref_outcome: transcribe this quorum");
	else if (p->opening_quorum == RULES_QUORUM_HALF)
		quorate = 2 * present >= n;
	else if (p->opening_quorum == RULES_QUORUM_NONE)
		quorate = true;
	else
		fail_msg("ref_outcome: transcribe this quorum");
	if (!quorate)
		return RULES_OUTCOME_NO_QUORUM;
	if (major)
		pass = 2 * yes > n && 3 * yes > 2 * (yes + no + abstain);
	else
		pass = 2 * yes > n;
	if (yes == no)
		pass = false;
	(void)cast;
	if (pass && !emergency && p->close_split >= 0 &&
	    labs(yes - no) <= p->close_split)
		return RULES_OUTCOME_DEFERRED;
	return pass ? RULES_OUTCOME_PASSED : RULES_OUTCOME_REJECTED;
}

/*
 * Property: for every profile, N 1..30, every head-count present and every
 * (yes, no, abstain) cast by those present, both classes, with and without
 * emergency, rules_tally agrees with the inequalities.
 */
static void
test_tally_property(void **state)
{
	static const char *const profiles[] = { "party_group",
	    "director_office", "bureau_affairs", "topic" };
	struct fx f;
	struct rules_tally t;
	enum rules_outcome want;
	unsigned n, present, yes, no, abstain, cls, em, pi, i;
	size_t	count = 0;

	(void)state;
	for (pi = 0; pi < 4; pi++)
	for (n = 1; n <= 30; n++) {
		fx_init(&f, profiles[pi], "S+");
		for (i = 1; i < n; i++) {
			f.mb[i] = f.mb[0];
			f.mb[i].role = RULES_ROLE_MEMBER;
		}
		f.m.nmembers = f.n = n;
		for (present = 0; present <= n; present++) {
			for (i = 0; i < n; i++) {
				f.mb[i].attendance = i < present ?
				    RULES_ATT_PRESENT : RULES_ATT_ABSENT;
				f.mb[i].in_electorate = i < present;
			}
			for (yes = 0; yes <= present; yes++)
			for (no = 0; yes + no <= present; no++)
			for (abstain = 0; yes + no + abstain <= present;
			    abstain++)
			for (cls = 0; cls < 2; cls++)
			for (em = 0; em < 2; em++) {
				f.it.category = cls ? RULES_CAT_PERSONNEL :
				    RULES_CAT_ORDINARY;
				f.it.emergency = em;
				f.it.yes = yes;
				f.it.no = no;
				f.it.abstain = abstain;
				rules_tally(&f.m, &f.it, &t);
				want = ref_outcome(f.m.profile, cls, em, n,
				    present, yes, no, abstain);
				if (t.outcome != want || t.n != n ||
				    t.present != present ||
				    t.electorate != present ||
				    t.not_voting != present - yes - no - abstain)
					fail_msg("%s N %u present %u %u/%u/%u "
					    "%s%s: %s, expected %s (%s)",
					    profiles[pi], n, present, yes, no,
					    abstain, cls ? "major" : "ordinary",
					    em ? " emergency" : "",
					    rules_outcome_name(t.outcome),
					    rules_outcome_name(want), t.formula);
				count++;
			}
		}
	}
	print_message("tally property: %zu tallies checked\n", count);
	ncases += count;
}

/* Property: rules_quorum_needed is the least head-count rules_quorum_met takes. */
static void
test_quorum_property(void **state)
{
	enum rules_quorum q;
	unsigned n, p, need;
	bool	 met, direct;

	(void)state;
	for (q = RULES_QUORUM_NONE; q <= RULES_QUORUM_MORE_THAN_TWO_THIRDS; q++)
	for (n = 0; n <= 120; n++) {
		need = rules_quorum_needed(q, n);
		for (p = 0; p <= n + 1; p++) {
			met = rules_quorum_met(q, p, n);
			switch (q) {
			case RULES_QUORUM_NONE: direct = true; break;
			case RULES_QUORUM_HALF: direct = 2 * p >= n; break;
			case RULES_QUORUM_MORE_THAN_HALF: direct = 2 * p > n;
				break;
			case RULES_QUORUM_TWO_THIRDS: direct = 3 * p >= 2 * n;
				break;
			default: direct = 3 * p > 2 * n; break;
			}
			if (met != direct || met != (p >= need))
				fail_msg("quorum %d n %u p %u: met %d direct %d "
				    "need %u", q, n, p, met, direct, need);
			ncases++;
		}
	}
	/* The worked examples' figures */
	assert_int_equal(rules_quorum_needed(RULES_QUORUM_HALF, 7), 4);
	assert_int_equal(rules_quorum_needed(
	    RULES_QUORUM_MORE_THAN_TWO_THIRDS, 7), 5);
	assert_int_equal(rules_quorum_needed(
	    RULES_QUORUM_MORE_THAN_TWO_THIRDS, 6), 5);
	assert_int_equal(rules_quorum_needed(RULES_QUORUM_TWO_THIRDS, 6), 4);
	assert_int_equal(rules_quorum_needed(
	    RULES_QUORUM_MORE_THAN_TWO_THIRDS, 9), 7);
	assert_int_equal(rules_quorum_needed(RULES_QUORUM_MORE_THAN_HALF, 6),
	    4);
}

/* ---------------------------------------------------------------------- */
/* Counting, profiles, names, messages */

static void
test_count(void **state)
{
	struct fx f;
	unsigned n, present;

	(void)state;
	fx_init(&f, NULL, "S+ D+r M- MV ML M+ R+ F+ I+ O+ N+ M?r");
	rules_count(&f.m, false, &n, &present);
	assert_int_equal(n, 7);
	assert_int_equal(present, 3);
	rules_count(&f.m, true, &n, &present);
	assert_int_equal(n, 5);
	assert_int_equal(present, 2);
	f.m.nmembers = 0;
	rules_count(&f.m, true, &n, &present);
	assert_int_equal(n, 0);
	assert_int_equal(present, 0);
	ncases += 3;
}

/* Fails unless c holds what a walk over f's members counts. */
static void
count_check(struct fx *f, const struct rules_counts *c, const char *when)
{
	const struct rules_counts *kept = f->m.counts;
	unsigned n, present;
	int k;

	f->m.counts = NULL;
	for (k = 0; k < 2; k++) {
		rules_count(&f->m, k == 1, &n, &present);
		if (n != c->n[k] || present != c->present[k])
			fail_msg("%s: %s count kept %u/%u, walked %u/%u", when,
			    k ? "item" : "meeting", c->present[k], c->n[k],
			    present, n);
		ncases++;
	}
	f->m.counts = kept;
}

/* Check-ins decided on one snapshot keep its head-counts (group commit):
 * every seat through every attendance, voting or not, recused or not. */
static void
test_count_attend(void **state)
{
	static const enum rules_attendance att[] = { RULES_ATT_EXPECTED,
	    RULES_ATT_PRESENT, RULES_ATT_LEFT, RULES_ATT_LEAVE_REQUESTED,
	    RULES_ATT_LEAVE, RULES_ATT_ABSENT, RULES_ATT_PRESENT,
	    RULES_ATT_PRESENT, RULES_ATT_EXPECTED };
	struct fx f;
	struct rules_counts c;
	unsigned n, present;
	char when[64];
	size_t i, a;

	(void)state;
	fx_init(&f, NULL, "S+ D+r M- MV ML M+ R+ F+ I+ O+ N+ M?r DQ");
	rules_count(&f.m, false, &c.n[0], &c.present[0]);
	rules_count(&f.m, true, &c.n[1], &c.present[1]);
	f.m.counts = &c;
	for (i = 0; i < f.n; i++)
		for (a = 0; a < sizeof att / sizeof att[0]; a++) {
			rules_count_attend(&c, &f.mb[i], att[a]);
			assert_int_equal(f.mb[i].attendance, att[a]);
			snprintf(when, sizeof when, "seat %zu to %s", i,
			    rules_attendance_name(att[a]));
			count_check(&f, &c, when);
			/* rules_count answers from the kept counts */
			rules_count(&f.m, false, &n, &present);
			assert_int_equal(present, c.present[0]);
		}
	/* Without counts, only the attendance changes. */
	rules_count_attend(NULL, &f.mb[0], RULES_ATT_LEFT);
	assert_int_equal(f.mb[0].attendance, RULES_ATT_LEFT);
	ncases++;
}

static void
test_profiles(void **state)
{
	static const char *const names[] = { "party_group",
	    "director_office", "bureau_affairs", "topic" };
	const struct rules_profile *p;
	size_t	i;

	(void)state;
	for (i = 0; i < 4; i++) {
		p = rules_profile_find(names[i]);
		assert_non_null(p);
		assert_string_equal(p->name, names[i]);
		assert_true(p->version >= 1);
		assert_string_equal(rules_profile_for_kind(names[i]), names[i]);
		assert_int_equal(p->large_fund_threshold, 20000);
		assert_int_equal(p->minutes_due_days, 7);
		ncases++;
	}
	assert_null(rules_profile_find("instance"));
	assert_null(rules_profile_find(""));
	assert_null(rules_profile_find(NULL));
	assert_null(rules_profile_find("Party_group"));
	assert_null(rules_profile_for_kind("instance"));
	assert_null(rules_profile_for_kind(NULL));

	p = rules_profile_find("party_group");
	assert_int_equal(p->opening_quorum, RULES_QUORUM_HALF);
	assert_int_equal(p->item_quorum_major,
	    RULES_QUORUM_MORE_THAN_TWO_THIRDS);
	assert_true(p->last_speaker && p->statements_required &&
	    p->reasons_required_major && p->major_allowed &&
	    p->notice_required);
	assert_int_equal(p->decide, RULES_DECIDE_VOTE);
	assert_int_equal(p->methods_ordinary, 0xfu);
	assert_int_equal(p->methods_personnel,
	    (1u << RULES_METHOD_SECRET) | (1u << RULES_METHOD_ROLL_CALL));
	assert_int_equal(p->methods_major, p->methods_personnel);
	assert_int_equal(p->close_split, 1);
	assert_int_equal(p->proposal_deadline_days, 0);

	p = rules_profile_find("director_office");
	assert_int_equal(p->opening_quorum, RULES_QUORUM_HALF);
	assert_int_equal(p->item_quorum_major, RULES_QUORUM_NONE);
	assert_true(p->last_speaker && !p->statements_required &&
	    !p->major_allowed && p->notice_required);
	assert_int_equal(p->decide, RULES_DECIDE_CHAIR);
	assert_int_equal(p->proposal_deadline_days, 3);
	assert_int_equal(p->close_split, -1);

	for (i = 2; i < 4; i++) {
		p = rules_profile_find(names[i]);
		assert_int_equal(p->opening_quorum, RULES_QUORUM_NONE);
		assert_true(!p->last_speaker && !p->major_allowed &&
		    !p->notice_required);
		assert_int_equal(p->decide, RULES_DECIDE_CHAIR);
	}
	ncases += 4;
}

/* Every enum value names itself and parses back. */
static void
test_names(void **state)
{
	enum rules_role r;
	enum rules_category c;
	enum rules_position p;
	enum rules_choice ch;
	enum rules_method m;
	enum rules_outcome o;
	enum rules_meeting_state ms;
	enum rules_item_state is;
	enum rules_attendance a;
	int	i;

	(void)state;
	for (i = RULES_ROLE_SECRETARY; i < RULES_ROLE_NONE; i++) {
		assert_true(rules_role_parse(rules_role_name(i), &r));
		assert_int_equal(r, i);
		ncases++;
	}
	assert_string_equal(rules_role_name(RULES_ROLE_NONE), "none");
	assert_false(rules_role_parse("none", &r));
	assert_true(rules_role_votes(RULES_ROLE_SECRETARY));
	assert_true(rules_role_votes(RULES_ROLE_DEPUTY));
	assert_true(rules_role_votes(RULES_ROLE_MEMBER));
	for (i = RULES_ROLE_RECORDER; i <= RULES_ROLE_NONE; i++)
		assert_false(rules_role_votes(i));

	for (i = RULES_CAT_ORDINARY; i <= RULES_CAT_LARGE_FUND; i++) {
		assert_true(rules_category_parse(rules_category_name(i), &c));
		assert_int_equal(c, i);
		assert_int_equal(rules_category_major(i),
		    i != RULES_CAT_ORDINARY);
		ncases++;
	}
	for (i = RULES_POS_AGREE; i <= RULES_POS_ABSTAIN; i++) {
		assert_true(rules_position_parse(rules_position_name(i), &p));
		assert_int_equal(p, i);
		ncases++;
	}
	assert_string_equal(rules_position_name(RULES_POS_NONE), "none");
	assert_false(rules_position_parse("none", &p));
	for (i = RULES_CHOICE_YES; i <= RULES_CHOICE_ABSTAIN; i++) {
		assert_true(rules_choice_parse(rules_choice_name(i), &ch));
		assert_int_equal(ch, i);
		ncases++;
	}
	assert_string_equal(rules_choice_name(RULES_CHOICE_NONE), "none");
	assert_string_equal(rules_choice_name(RULES_CHOICE_SECRET), "secret");
	assert_false(rules_choice_parse("secret", &ch));
	for (i = RULES_METHOD_ORAL; i <= RULES_METHOD_SECRET; i++) {
		assert_true(rules_method_parse(rules_method_name(i), &m));
		assert_int_equal(m, i);
		ncases++;
	}
	assert_string_equal(rules_method_name(RULES_METHOD_ROLL_CALL),
	    "roll_call");
	for (i = RULES_OUTCOME_PASSED; i <= RULES_OUTCOME_NO_QUORUM; i++)
		assert_string_not_equal(rules_outcome_name(i), "?");
	(void)o;
	assert_string_equal(rules_outcome_name(RULES_OUTCOME_NO_QUORUM),
	    "no_quorum");
	for (i = RULES_MTG_SCHEDULED; i <= RULES_MTG_CLOSED; i++) {
		assert_true(rules_meeting_state_parse(
		    rules_meeting_state_name(i), &ms));
		assert_int_equal(ms, i);
		ncases++;
	}
	for (i = RULES_ITEM_PROPOSED; i <= RULES_ITEM_WITHDRAWN; i++) {
		assert_true(rules_item_state_parse(rules_item_state_name(i),
		    &is));
		assert_int_equal(is, i);
		ncases++;
	}
	for (i = RULES_ATT_EXPECTED; i <= RULES_ATT_ABSENT; i++) {
		assert_true(rules_attendance_parse(rules_attendance_name(i),
		    &a));
		assert_int_equal(a, i);
		ncases++;
	}
	/* Unknown words */
	assert_false(rules_role_parse("chair", &r));
	assert_false(rules_role_parse(NULL, &r));
	assert_false(rules_category_parse("", &c));
	assert_false(rules_category_parse("Ordinary", &c));
	assert_false(rules_position_parse("yes", &p));
	assert_false(rules_choice_parse("agree", &ch));
	assert_false(rules_method_parse("rollcall", &m));
	assert_false(rules_meeting_state_parse("opened", &ms));
	assert_false(rules_item_state_parse("", &is));
	assert_false(rules_attendance_parse("here", &a));
}

/* True when s is well-formed UTF-8. */
static bool
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int	more;

	while (*p) {
		if (*p < 0x80)
			more = 0;
		else if ((*p & 0xe0) == 0xc0)
			more = 1;
		else if ((*p & 0xf0) == 0xe0)
			more = 2;
		else if ((*p & 0xf8) == 0xf0)
			more = 3;
		else
			return false;
		p++;
		while (more-- > 0)
			if ((*p++ & 0xc0) != 0x80)
				return false;
	}
	return true;
}

/* A body too large for one message: capped list, whole characters, "…". */
static void
test_long_messages(void **state)
{
	struct fx f;
	struct rules_verdict v;
	char	 spec[SEATS_MAX * 4];
	size_t	 i;

	(void)state;
	strcpy(spec, "S+");
	for (i = 1; i < SEATS_MAX; i++)
		strcat(spec, " M+");
	fx_init(&f, NULL, spec);
	rules_may_state(&f.m, &f.it, &f.mb[0], RULES_POS_AGREE, false, &v);
	assert_false(v.ok);
	assert_string_equal(v.rule, "R-LAST-2");
	assert_int_equal(v.nmissing, RULES_MISSING_MAX);
	assert_string_equal(v.missing[0], "委员1");
	assert_string_equal(v.missing[RULES_MISSING_MAX - 1], "委员64");
	assert_non_null(strstr(v.msg_zh, "尚有99名成员未表态"));
	assert_non_null(strstr(v.msg_en, "99 members have not yet stated"));
	/* 64 names fit in a message; the rest are counted. */
	assert_non_null(strstr(v.msg_zh, "委员64等99人"));
	assert_non_null(strstr(v.msg_en, "委员64 and 35 more"));
	assert_true(utf8_ok(v.msg_zh));

	/* Long names: the message is cut at a whole name and ends in "…". */
	for (i = 1; i < SEATS_MAX; i++)
		snprintf(f.disp[i], sizeof(f.disp[0]),
		    "欧阳长名字成员%zu号", i);
	rules_may_state(&f.m, &f.it, &f.mb[0], RULES_POS_AGREE, false, &v);
	assert_false(v.ok);
	assert_int_equal(v.nmissing, RULES_MISSING_MAX);
	assert_string_equal(v.missing[1], "欧阳长名字成员2号");
	assert_true(strlen(v.msg_zh) < RULES_MSG_MAX);
	assert_true(strlen(v.msg_en) < RULES_MSG_MAX);
	assert_true(utf8_ok(v.msg_zh));
	assert_true(utf8_ok(v.msg_en));
	/* The ellipsis ends it: nothing was appended after the cut. */
	assert_string_equal(v.msg_zh + strlen(v.msg_zh) - strlen("…"), "…");
	assert_string_equal(v.msg_en + strlen(v.msg_en) - strlen("…"), "…");
	assert_null(strstr(v.msg_zh, "等99人"));

	/* A quorum refusal of the same body lists the absent. */
	for (i = 1; i < SEATS_MAX; i++)
		f.mb[i].attendance = RULES_ATT_ABSENT;
	f.m.state = RULES_MTG_NOTICED;
	rules_may_open(&f.m, &v);
	assert_false(v.ok);
	assert_string_equal(v.rule, "R-QUORUM-1");
	assert_int_equal(v.n, 100);
	assert_int_equal(v.present, 1);
	assert_int_equal(v.needed, 50);
	assert_int_equal(v.nmissing, RULES_MISSING_MAX);
	assert_true(utf8_ok(v.msg_zh));
	ncases += 2;
}

/* A refusal followed by a question that is allowed leaves nothing behind. */
static void
test_verdict_reuse(void **state)
{
	struct fx f;
	struct rules_verdict v;

	(void)state;
	fx_init(&f, NULL, P7);
	rules_may_state(&f.m, &f.it, &f.mb[0], RULES_POS_AGREE, false, &v);
	assert_false(v.ok);
	assert_int_equal(v.nmissing, 6);
	rules_may_state(&f.m, &f.it, &f.mb[1], RULES_POS_AGREE, false, &v);
	assert_true(v.ok);
	assert_null(v.rule);
	assert_int_equal(v.nmissing, 0);
	assert_string_equal(v.msg_zh, "");
	assert_false(v.permission);
	ncases++;
}

/* A whole item under party_group, step by step, as the daemon would run it. */
static void
test_walkthrough(void **state)
{
	struct fx f;
	struct rules_verdict v;
	struct rules_tally t;
	size_t	i;

	(void)state;
	fx_init(&f, NULL, "S? M? M? M? M? M? M? R?");
	f.m.state = RULES_MTG_SCHEDULED;
	f.it.state = RULES_ITEM_APPROVED;
	f.it.category = RULES_CAT_PERSONNEL;
	rules_may_open(&f.m, &v);
	assert_string_equal(v.rule, "R-NOTICE-1");
	f.m.state = RULES_MTG_NOTICED;
	for (i = 0; i < 5; i++)
		f.mb[i].attendance = RULES_ATT_PRESENT;
	f.mb[5].attendance = RULES_ATT_LEAVE;
	f.mb[6].attendance = RULES_ATT_ABSENT;
	rules_may_open(&f.m, &v);
	assert_true(v.ok);
	f.m.state = RULES_MTG_OPEN;
	rules_may_start_item(&f.m, &f.it, &v);
	assert_true(v.ok);
	f.it.state = RULES_ITEM_STARTED;
	for (i = 1; i < 5; i++) {
		rules_may_state(&f.m, &f.it, &f.mb[0], RULES_POS_AGREE, true,
		    &v);
		assert_string_equal(v.rule, "R-LAST-2");
		assert_int_equal(v.nmissing, 5 - i);
		rules_may_open_vote(&f.m, &f.it, RULES_METHOD_SECRET, &v);
		assert_string_equal(v.rule, "R-VOTE-0");
		rules_may_state(&f.m, &f.it, &f.mb[i], RULES_POS_DISAGREE,
		    false, &v);
		assert_string_equal(v.rule, "R-LAST-6");
		rules_may_state(&f.m, &f.it, &f.mb[i], RULES_POS_DISAGREE,
		    true, &v);
		assert_true(v.ok);
		f.mb[i].stated = RULES_POS_AGREE;
	}
	rules_may_state(&f.m, &f.it, &f.mb[0], RULES_POS_AGREE, false, &v);
	assert_true(v.ok);
	f.mb[0].stated = RULES_POS_AGREE;
	rules_may_open_vote(&f.m, &f.it, RULES_METHOD_HANDS, &v);
	assert_string_equal(v.rule, "R-VOTE-1");
	rules_may_open_vote(&f.m, &f.it, RULES_METHOD_ROLL_CALL, &v);
	assert_true(v.ok);
	f.it.state = RULES_ITEM_VOTING;
	f.it.vote_open = true;
	f.it.method = RULES_METHOD_ROLL_CALL;
	for (i = 0; i < 5; i++)
		f.mb[i].in_electorate = true;
	rules_may_cast(&f.m, &f.it, &f.mb[0], &f.mb[0], &v);
	assert_string_equal(v.rule, "R-VOTE-8");
	assert_int_equal(v.nmissing, 4);
	rules_may_cast(&f.m, &f.it, &f.mb[1], &f.mb[7], &v);
	assert_string_equal(v.rule, "R-VOTE-6");	/* recorder, roll call */
	for (i = 1; i < 5; i++) {
		rules_may_cast(&f.m, &f.it, &f.mb[i], &f.mb[i], &v);
		assert_true(v.ok);
		f.mb[i].voted = i == 4 ? RULES_CHOICE_NO : RULES_CHOICE_YES;
		f.it.yes += i == 4 ? 0 : 1;
		f.it.no += i == 4 ? 1 : 0;
	}
	rules_may_cast(&f.m, &f.it, &f.mb[0], &f.mb[0], &v);
	assert_true(v.ok);
	f.mb[0].voted = RULES_CHOICE_YES;
	f.it.yes++;
	rules_tally(&f.m, &f.it, &t);
	/* Example 3: 5 present, personnel, 4 yes / 1 no */
	assert_int_equal(t.outcome, RULES_OUTCOME_PASSED);
	assert_string_equal(t.rule, "R-VOTE-5");
	assert_int_equal(t.n, 7);
	assert_int_equal(t.present, 5);
	assert_int_equal(t.electorate, 5);
	assert_int_equal(t.not_voting, 0);
	ncases++;
}

/* ---------------------------------------------------------------------- */
/* R-AGENDA-1, R-3Z1D-1, R-TOP-1, R-ADHOC-1, R-AGENDA-2: proposing */

struct pcase {
	const char	*what;
	const char	*profile;	/* NULL: party_group */
	const char	*mstate;	/* NULL: scheduled */
	const char	*chair;		/* NULL: seat0 */
	int		 by;		/* seat index; -1: no seat */
	const char	*domain;
	const char	*responsible;
	bool		 emergency, reason;
	bool		 ok;
	const char	*rule;
	bool		 permission;
};

#define PSEATS	"S+ D+ M+ R+ F+ O+"	/* seat0 .. seat5 */

static const struct pcase propose_cases[] = {
	{ "member proposes before the notice", .by = 2, .ok = true },
	{ "deputy proposes", .by = 1, .ok = true },
	{ "office proposes", .by = 4, .ok = true },
	{ "recorder cannot propose", .by = 3, .rule = "R-AGENDA-1",
	  .permission = true },
	{ "observer cannot propose", .by = 5, .rule = "R-AGENDA-1",
	  .permission = true },
	{ "no seat cannot propose", .by = -1, .rule = "R-AGENDA-1",
	  .permission = true },
	{ "closed meeting", .mstate = "closed", .by = 0,
	  .rule = "R-AGENDA-2" },
	{ "finance item without a responsible leader", .by = 2,
	  .domain = "finance", .responsible = "", .rule = "R-TOP-1" },
	{ "personnel item under the secretary", .by = 2,
	  .domain = "personnel", .responsible = "seat0", .rule = "R-TOP-1" },
	{ "procurement item under a deputy", .by = 2,
	  .domain = "procurement", .responsible = "seat1", .ok = true },
	{ "tender item under a member", .by = 4, .domain = "tender",
	  .responsible = "seat2", .ok = true },
	{ "approval item under a stranger", .by = 2, .domain = "approval",
	  .responsible = "nobody", .rule = "R-TOP-1" },
	{ "approval item under the recorder", .by = 2, .domain = "approval",
	  .responsible = "seat3", .rule = "R-TOP-1" },
	{ "no domain, no leader needed", .by = 2, .domain = "",
	  .responsible = "", .ok = true },
	{ "emergency without a reason", .by = 2, .emergency = true,
	  .rule = "R-ADHOC-1" },
	{ "emergency with a reason before notice", .by = 2,
	  .emergency = true, .reason = true, .ok = true },
	{ "after notice: a member's ordinary item", .mstate = "noticed",
	  .by = 2, .rule = "R-ADHOC-1" },
	{ "after notice: the secretary's ordinary item", .mstate = "noticed",
	  .by = 0, .rule = "R-ADHOC-1" },
	{ "after notice: the secretary's emergency item", .mstate = "noticed",
	  .by = 0, .emergency = true, .reason = true, .ok = true },
	{ "after notice: a member's emergency item", .mstate = "noticed",
	  .by = 2, .emergency = true, .reason = true, .rule = "R-ADHOC-1",
	  .permission = true },
	{ "in the meeting: the secretary's emergency item", .mstate = "open",
	  .by = 0, .emergency = true, .reason = true, .ok = true },
	{ "in the meeting: a delegated chair is not the secretary",
	  .mstate = "open", .chair = "seat1", .by = 1, .emergency = true,
	  .reason = true, .rule = "R-ADHOC-1", .permission = true },
	{ "director_office: the director's urgent item", "director_office",
	  "noticed", .by = 0, .emergency = true, .reason = true, .ok = true },
	{ "director_office: a deputy's urgent item", "director_office",
	  "noticed", .by = 1, .emergency = true, .reason = true,
	  .rule = "R-ADHOC-1", .permission = true },
	{ "bureau_affairs: the chair adds anything", "bureau_affairs",
	  "open", .by = 0, .ok = true },
	{ "bureau_affairs: a member cannot", "bureau_affairs", "open",
	  .by = 2, .rule = "R-ADHOC-1" },
	{ "topic: the convener adds anything", "topic", "noticed",
	  .chair = "seat1", .by = 1, .ok = true },
	{ "topic: office cannot after notice", "topic", "noticed", .by = 4,
	  .rule = "R-ADHOC-1" },
};

static void
test_propose_item(void **state)
{
	const struct pcase *c;
	struct rules_proposal p;
	struct rules_verdict v;
	struct fx f;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(propose_cases) / sizeof(propose_cases[0]);
	    i++) {
		c = &propose_cases[i];
		fx_init(&f, c->profile, PSEATS);
		f.m.state = RULES_MTG_SCHEDULED;
		if (c->mstate != NULL)
			assert_true(rules_meeting_state_parse(c->mstate,
			    &f.m.state));
		if (c->chair != NULL)
			f.m.chair = c->chair;
		memset(&p, 0, sizeof(p));
		p.category = RULES_CAT_ORDINARY;
		p.domain = c->domain ? c->domain : "";
		p.responsible = c->responsible ? c->responsible : "";
		p.emergency = c->emergency;
		p.has_reason = c->reason;
		rules_may_propose_item(&f.m, &p, c->by < 0 ? NULL :
		    &f.mb[c->by], &v);
		if (v.ok != c->ok)
			fail_msg("%s: ok %d (%s %s)", c->what, v.ok,
			    v.ok ? "" : v.rule, v.msg_en);
		if (!v.ok && (strcmp(v.rule, c->rule) != 0 ||
		    v.permission != c->permission || !v.msg_zh[0] ||
		    !v.msg_en[0]))
			fail_msg("%s: rule %s permission %d", c->what, v.rule,
			    v.permission);
		ncases++;
	}
}

/* R-3Z1D-1: the amount makes an ordinary item large_fund. */
static void
test_classify(void **state)
{
	const struct rules_profile *p = rules_profile_find("party_group");
	enum rules_category c;

	(void)state;
	assert_false(rules_agenda_classify(p, RULES_CAT_ORDINARY, 20000, &c));
	assert_int_equal(c, RULES_CAT_ORDINARY);
	assert_true(rules_agenda_classify(p, RULES_CAT_ORDINARY, 20001, &c));
	assert_int_equal(c, RULES_CAT_LARGE_FUND);
	assert_false(rules_agenda_classify(p, RULES_CAT_ORDINARY, 0, &c));
	assert_int_equal(c, RULES_CAT_ORDINARY);
	assert_false(rules_agenda_classify(p, RULES_CAT_PERSONNEL, 50000, &c));
	assert_int_equal(c, RULES_CAT_PERSONNEL);
	assert_false(rules_agenda_classify(p, RULES_CAT_LARGE_FUND, 1, &c));
	assert_int_equal(c, RULES_CAT_LARGE_FUND);
	assert_true(rules_agenda_classify(rules_profile_find("topic"),
	    RULES_CAT_ORDINARY, 80000, &c));
	assert_true(rules_agenda_domain_valid("finance"));
	assert_true(rules_agenda_domain_valid("personnel"));
	assert_true(rules_agenda_domain_valid("procurement"));
	assert_true(rules_agenda_domain_valid("tender"));
	assert_true(rules_agenda_domain_valid("approval"));
	assert_false(rules_agenda_domain_valid(""));
	assert_false(rules_agenda_domain_valid("construction"));
	assert_false(rules_agenda_domain_valid(NULL));
	ncases += 14;
}

/* R-AGENDA-1: the secretary approves, nobody else. */
static void
test_approve(void **state)
{
	struct fx f;
	size_t	i;

	(void)state;
	fx_init(&f, NULL, PSEATS " I+ N+");
	for (i = 0; i < f.n; i++) {
		assert_int_equal(rules_agenda_may_approve(&f.mb[i]), i == 0);
		ncases++;
	}
	assert_false(rules_agenda_may_approve(NULL));
}

/* Checks that out[0..n) names seats want (seat numbers, -1 ends). */
static void
still_expect(const char *what, const struct rules_member **out, size_t n,
    const int *want)
{
	char name[16];
	size_t i;

	for (i = 0; want[i] >= 0; i++) {
		if (i >= n)
			fail_msg("%s: only %zu listed", what, n);
		snprintf(name, sizeof name, "seat%d", want[i]);
		if (strcmp(out[i]->name, name) != 0)
			fail_msg("%s: #%zu is %s, want %s", what, i,
			    out[i]->name, name);
	}
	if (i != n)
		fail_msg("%s: %zu listed, want %zu", what, n, i);
	ncases++;
}

/* R-LAST-1, R-LAST-2, R-VOTE-8: who is still to state and to vote, in
 * seat order with the 一把手 last, and the count beyond the cap. */
static void
test_still_to(void **state)
{
	const struct rules_member *out[8];
	static const int state_all[] = { 2, 5, 0, -1 };
	static const int state_cap[] = { 2, 5, -1 };
	static const int vote_all[] = { 2, 4, 0, -1 };
	static const int none[] = { -1 };
	struct fx f;
	size_t n;

	(void)state;
	/* stated, recused, absent, recorder and late seats are not to state */
	fx_init(&f, NULL, "S+ M+A M+ M+r M- D+ R+ M+l");
	n = rules_to_state(&f.m, out, 8);
	assert_int_equal(n, 3);
	still_expect("to state", out, n, state_all);
	n = rules_to_state(&f.m, out, 2);
	assert_int_equal(n, 3);	/* all counted, two named */
	still_expect("to state, two named", out, 2, state_cap);
	/* the electorate who have not voted, absent or not */
	fx_init(&f, NULL, "S+e M+ey M+e D+ex M-e M+");
	n = rules_to_vote(&f.m, out, 8);
	assert_int_equal(n, 3);
	still_expect("to vote", out, n, vote_all);
	fx_init(&f, NULL, "S+ey M+en M+ex");
	n = rules_to_vote(&f.m, out, 8);
	still_expect("nobody left to vote", out, n, none);
}

static void
test_summary(void **state)
{
	(void)state;
	print_message("rules: %zu cases and checks\n", ncases);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_open_vote),
		cmocka_unit_test(test_cast),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_tally_property),
		cmocka_unit_test(test_quorum_property),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_count_attend),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_long_messages),
		cmocka_unit_test(test_verdict_reuse),
		cmocka_unit_test(test_still_to),
		cmocka_unit_test(test_walkthrough),
		cmocka_unit_test(test_propose_item),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_approve),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
