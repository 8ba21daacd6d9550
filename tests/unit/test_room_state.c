/* test_room_state.c: the room's model (room_state.c) from a snapshot and
 * events, the member's next action through a statement round and a vote,
 * the log, and text measured in terminal columns (room_text.c), Chinese
 * included; the wall screen's words name no voter of a secret vote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include <cmocka.h>

#include "out.h"
#include "room_state.h"
#include "room_text.h"
#include "room_view.h"

/* Width of text in columns. */
static void
test_width(void **state)
{
	static const struct {
		const char *s;
		int cols;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "议事", 4 },
		{ "a议b", 4 },
		{ "会议 #12「会议1」", 17 },
		{ "e\xcc\x81", 1 },		/* e and a combining acute */
		{ "\xff", 1 },			/* not UTF-8: one "?" */
		{ "a\x01" "b", 3 },		/* a control: one "?" */
		{ "１２", 4 },			/* full-width digits */
		{ "…", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(room_text_width(cases[i].s), cases[i].cols);
	assert_int_equal(room_text_width(NULL), 0);
}

/* The start of text that fits, cut with an ellipsis. */
static void
test_fit(void **state)
{
	static const struct {
		const char *s;
		int cols;
		const char *want;
		int used;
	} cases[] = {
		{ "议事规则", 8, "议事规则", 8 },
		{ "议事规则", 9, "议事规则", 8 },
		{ "议事规则", 7, "议事规…", 7 },
		{ "议事规则", 6, "议事…", 5 },	/* no half of a character */
		{ "议事规则", 5, "议事…", 5 },
		{ "abc", 2, "a…", 2 },
		{ "abc", 3, "abc", 3 },
		{ "议事", 1, "…", 1 },
		{ "议事", 0, "", 0 },
		{ "a\x01z", 3, "a?z", 3 },	/* a control never reaches it */
		{ "\xe2\x80\xaex", 2, "?x", 2 },	/* nor a bidi override */
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(room_text_fit(cases[i].s, cases[i].cols, out,
		    sizeof out), cases[i].used);
		assert_string_equal(out, cases[i].want);
		assert_true(room_text_width(out) <= cases[i].cols);
	}
	/* A buffer too small cuts at a character, never inside one. */
	assert_int_equal(room_text_fit("议事规则", 8, out, 7), 4);
	assert_string_equal(out, "议事");
}

/* A snapshot: a meeting of sec (secretary, the top leader), m1, m2 and
 * m3 with one item heard (m2 stated) and one approved. */
static Yishi__Watching *
snapshot(const char *m1_state)
{
	static Yishi__Watching w;
	static Yishi__Meeting m;
	static Yishi__Quorum q;
	static Yishi__Attendance a[4], *ap[4];
	static Yishi__Item it[2], *itp[2];
	static Yishi__Statement st, *stp[1];
	static Yishi__Person p[2], *pp[2];
	static const char *names[4][2] = { { "sec", "书记" },
	    { "m1", "委员1" }, { "m2", "委员2" }, { "m3", "委员3" } };
	int i;

	yishi__watching__init(&w);
	yishi__meeting__init(&m);
	yishi__quorum__init(&q);
	q.n = 4, q.present = 3, q.needed = 3, q.met = true;
	m.id = 12;
	m.title = (char *)"党组会议";
	m.state = (char *)"open";
	m.chair = (char *)"sec";
	m.chair_display = (char *)"书记";
	m.quorum = &q;
	for (i = 0; i < 4; i++) {
		yishi__attendance__init(&a[i]);
		a[i].member = (char *)names[i][0];
		a[i].display = (char *)names[i][1];
		a[i].role = (char *)(i == 0 ? "secretary" : "member");
		a[i].state = (char *)"present";
		ap[i] = &a[i];
	}
	a[1].state = (char *)m1_state;
	a[3].state = (char *)"leave";
	m.attendance = ap;
	m.n_attendance = 4;
	for (i = 0; i < 2; i++) {
		yishi__item__init(&it[i]);
		it[i].id = (uint64_t)(7 + i);
		itp[i] = &it[i];
	}
	it[0].title = (char *)"办公楼维修";
	it[0].state = (char *)"started";
	it[1].title = (char *)"人事任免";
	it[1].state = (char *)"approved";
	yishi__statement__init(&st);
	st.member = (char *)"m2";
	st.display = (char *)"委员2";
	st.position = (char *)"agree";
	stp[0] = &st;
	it[0].statements = stp;
	it[0].n_statements = 1;
	for (i = 0; i < 2; i++) {
		yishi__person__init(&p[i]);
		pp[i] = &p[i];
	}
	p[0].member = (char *)"m1", p[0].display = (char *)"委员1";
	p[1].member = (char *)"sec", p[1].display = (char *)"书记";
	it[0].to_state = pp;
	it[0].n_to_state = 2;
	m.items = itp;
	m.n_items = 2;
	w.meeting = &m;
	w.seq = 40;
	w.index = 1;
	return &w;
}

/* One event of a table: kind, who, detail, item, who is still to act. */
struct ev_row {
	const char *kind;
	const char *member;
	const char *detail;
	uint64_t item;
	const char *waiting;	/* space-separated identity names */
	uint32_t cast, yes;
	const char *outcome;
	/* What each of m1, sec and m2 should do next afterwards. */
	enum room_next m1, sec, m2;
};

/* The event of row r, at position (seq, 0). */
static Yishi__Event *
event(const struct ev_row *r, uint64_t seq)
{
	static Yishi__Event ev;
	static Yishi__Person p[8], *pp[8];
	static char buf[128];
	char *w, *save = NULL;
	size_t n = 0;

	yishi__event__init(&ev);
	ev.meeting = 12;
	ev.kind = (char *)r->kind;
	ev.member = (char *)(r->member != NULL ? r->member : "");
	ev.display = ev.member;
	ev.detail = (char *)(r->detail != NULL ? r->detail : "");
	ev.item = r->item;
	ev.cast = r->cast;
	ev.yes = r->yes;
	ev.electorate = 3;
	ev.outcome = (char *)(r->outcome != NULL ? r->outcome : "");
	ev.seq = seq;
	snprintf(buf, sizeof buf, "%s", r->waiting != NULL ? r->waiting : "");
	for (w = strtok_r(buf, " ", &save); w != NULL && n < 8;
	    w = strtok_r(NULL, " ", &save)) {
		yishi__person__init(&p[n]);
		p[n].member = w;
		p[n].display = w;
		pp[n] = &p[n];
		n++;
	}
	ev.waiting = pp;
	ev.n_waiting = n;
	ev.waiting_n = (uint32_t)n;
	return &ev;
}

/* The statement round, the top leader kept last, then a secret vote. */
static void
test_round(void **state)
{
	static const struct ev_row rows[] = {
		{ "checkin", "m1", NULL, 0, NULL, 0, 0, NULL,
		    ROOM_NEXT_STATE, ROOM_NEXT_STATE_LAST, ROOM_NEXT_NONE },
		{ "statement", "m1", "disagree", 7, "sec", 0, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_STATE, ROOM_NEXT_NONE },
		{ "statement", "sec", "agree", 7, "", 0, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_CHAIR_VOTE, ROOM_NEXT_NONE },
		/* A secret vote: the key first (the daemon says the vote is
		 * open once every scrutineer's share is in). */
		{ "vote_keying", "sec", "m1,m2", 7, NULL, 0, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_NONE, ROOM_NEXT_NONE },
		{ "vote_key", "m1", NULL, 7, NULL, 0, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_NONE, ROOM_NEXT_NONE },
		{ "vote_key", "m2", NULL, 7, NULL, 0, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_NONE, ROOM_NEXT_NONE },
		{ "vote_opened", "sec", "secret", 7, "sec m1 m2", 0, 0, NULL,
		    ROOM_NEXT_VOTE, ROOM_NEXT_VOTE, ROOM_NEXT_VOTE },
		/* A secret ballot's event carries no counts; one that did
		 * would not be shown. */
		{ "ballot", "m2", NULL, 7, "sec m1", 1, 1, NULL,
		    ROOM_NEXT_VOTE, ROOM_NEXT_VOTE, ROOM_NEXT_NONE },
		{ "ballot", "m1", NULL, 7, "sec", 2, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_VOTE, ROOM_NEXT_NONE },
		{ "ballot", "sec", NULL, 7, "", 3, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_CHAIR_CLOSE_VOTE,
		    ROOM_NEXT_NONE },
		{ "vote_counting", "sec", "m1,m2", 7, NULL, 3, 0, NULL,
		    ROOM_NEXT_NONE, ROOM_NEXT_NONE, ROOM_NEXT_NONE },
		{ "vote_closed", "sec", NULL, 7, NULL, 3, 2, "passed",
		    ROOM_NEXT_NONE, ROOM_NEXT_CHAIR_START, ROOM_NEXT_NONE },
		{ "item_started", "sec", "人事任免", 8, "m1 m2 sec", 0, 0, NULL,
		    ROOM_NEXT_STATE, ROOM_NEXT_STATE_LAST, ROOM_NEXT_STATE },
		{ "deferred", "sec", "材料不全", 8, NULL, 0, 0, "deferred",
		    ROOM_NEXT_NONE, ROOM_NEXT_CHAIR_CLOSE, ROOM_NEXT_NONE },
		{ "closed", "sec", NULL, 0, NULL, 0, 0, NULL,
		    ROOM_NEXT_CLOSED, ROOM_NEXT_CLOSED, ROOM_NEXT_CLOSED },
	};
	static const char *who[3] = { "m1", "sec", "m2" };
	struct room_state s[3];
	const struct room_event *e;
	size_t i, k;

	(void)state;
	for (k = 0; k < 3; k++) {
		room_state_init(&s[k], who[k]);
		assert_int_equal(room_state_snapshot(&s[k],
		    snapshot("expected")), 0);
	}
	/* As the snapshot stands. */
	assert_int_equal(room_state_next(&s[0]), ROOM_NEXT_CHECKIN);
	assert_int_equal(room_state_next(&s[1]), ROOM_NEXT_STATE_LAST);
	assert_int_equal(room_state_next(&s[2]), ROOM_NEXT_NONE);
	assert_true(room_state_is_chair(&s[1]));
	assert_false(room_state_is_chair(&s[0]));
	assert_int_equal(s[0].current, 7);
	assert_int_equal(s[0].nstmts, 1);
	assert_string_equal(s[0].stmts[0].display, "委员2");
	assert_int_equal(s[0].to_state.total, 2);
	assert_string_equal(s[0].to_state.who[1].member, "sec");
	assert_int_equal(s[0].seq, 40);
	assert_int_equal(s[0].q_present, 3);
	assert_string_equal(room_state_me(&s[0])->state, "expected");
	assert_int_equal(room_state_next_item(&s[0])->id, 8);

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (k = 0; k < 3; k++)
			assert_int_equal(room_state_event(&s[k],
			    event(&rows[i], 41 + i), rows[i].kind), 0);
		if (room_state_next(&s[0]) != rows[i].m1 ||
		    room_state_next(&s[1]) != rows[i].sec ||
		    room_state_next(&s[2]) != rows[i].m2)
			fail_msg("after %s (row %zu): m1 %d sec %d m2 %d, "
			    "want %d %d %d", rows[i].kind, i,
			    room_state_next(&s[0]), room_state_next(&s[1]),
			    room_state_next(&s[2]), rows[i].m1, rows[i].sec,
			    rows[i].m2);
		if (strcmp(rows[i].kind, "vote_keying") == 0) {
			assert_true(room_state_secret(&s[0]));
			assert_string_equal(s[0].vote.state, "keying");
			assert_true(room_state_log(&s[0], 0)->secret);
		}
		if (strcmp(rows[i].kind, "ballot") == 0) {
			assert_true(room_state_secret(&s[0]));
			assert_int_equal(s[0].vote.cast, rows[i].cast);
			assert_int_equal(s[0].vote.yes, 0);
		}
		if (strcmp(rows[i].kind, "statement") == 0 && i == 1) {
			assert_int_equal(s[0].nstmts, 2);
			assert_string_equal(s[0].stmts[1].position,
			    "disagree");
		}
	}
	assert_int_equal(s[0].seq, 41 + sizeof rows / sizeof rows[0] - 1);
	assert_string_equal(s[0].items[0].state, "decided");
	assert_string_equal(s[0].items[0].outcome, "passed");
	assert_string_equal(s[0].items[1].state, "deferred");
	assert_int_equal(s[0].nlog, sizeof rows / sizeof rows[0]);
	e = room_state_log(&s[0], 0);
	assert_string_equal(e->kind, "closed");
	e = room_state_log(&s[0], sizeof rows / sizeof rows[0] - 1);
	assert_string_equal(e->kind, "checkin");
	assert_null(room_state_log(&s[0], sizeof rows / sizeof rows[0]));
	for (k = 0; k < 3; k++)
		room_state_free(&s[k]);
}

/* Only the top leader (the secretary's seat) waits to state last, where
 * ever the list puts them; a member last in the list states now. */
static void
test_last_is_the_top_leader(void **state)
{
	static const struct {
		const char *me, *waiting;
		enum room_next want;
	} cases[] = {
		{ "m1", "m2 m1", ROOM_NEXT_STATE },
		{ "m1", "m1", ROOM_NEXT_STATE },
		{ "sec", "m2 sec", ROOM_NEXT_STATE_LAST },
		{ "sec", "sec m2", ROOM_NEXT_STATE_LAST },
		{ "sec", "sec", ROOM_NEXT_STATE },
		{ "m2", "m1 sec", ROOM_NEXT_NONE },
	};
	struct ev_row row = { "item_started", "sec", "人事任免", 8, NULL, 0, 0,
	    NULL, 0, 0, 0 };
	struct room_state s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		room_state_init(&s, cases[i].me);
		assert_int_equal(room_state_snapshot(&s, snapshot("present")),
		    0);
		row.waiting = cases[i].waiting;
		assert_int_equal(room_state_event(&s, event(&row, 50), NULL),
		    0);
		if (room_state_next(&s) != cases[i].want)
			fail_msg("%s with %s still to state: %d, want %d",
			    cases[i].me, cases[i].waiting, room_state_next(&s),
			    cases[i].want);
		room_state_free(&s);
	}
}

/* The log keeps the newest ROOM_LOG events. */
static void
test_log_ring(void **state)
{
	static const struct ev_row row = { "checkout", "m2", NULL, 0, NULL,
	    0, 0, NULL, 0, 0, 0 };
	struct room_state s;
	size_t i;

	(void)state;
	room_state_init(&s, "m1");
	assert_int_equal(room_state_snapshot(&s, snapshot("present")), 0);
	for (i = 0; i < ROOM_LOG + 5; i++)
		assert_int_equal(room_state_event(&s, event(&row, 100 + i),
		    NULL), 0);
	assert_int_equal(s.nlog, ROOM_LOG);
	assert_string_equal(room_state_me(&s)->state, "present");
	assert_string_equal(s.people[2].state, "left");
	assert_int_equal(s.seq, 100 + ROOM_LOG + 4);
	/* A snapshot after a reconnect keeps the log. */
	assert_int_equal(room_state_snapshot(&s, snapshot("present")), 0);
	assert_int_equal(s.nlog, ROOM_LOG);
	assert_string_equal(s.people[2].state, "present");
	room_state_free(&s);
}

/* A secret ballot in words: the member's room says what watch says; the
 * wall screen names nobody. An open ballot on the wall is as said. */
static void
test_words(void **state)
{
	struct room_event e;
	char buf[512];

	(void)state;
	memset(&e, 0, sizeof e);
	snprintf(e.kind, sizeof e.kind, "ballot");
	snprintf(e.display, sizeof e.display, "委员1");
	snprintf(e.words, sizeof e.words, "委员1 已投票");
	snprintf(e.at, sizeof e.at, "2026-12-03T20:01:02+08:00");
	e.cast = 2, e.electorate = 5, e.secret = true;
	out_init(CLI_ZH, false);
	room_view_event_words(&e, true, buf, sizeof buf);
	assert_null(strstr(buf, "委员1"));
	assert_non_null(strstr(buf, "20:01:02"));
	assert_non_null(strstr(buf, "2 / 5"));
	room_view_event_words(&e, false, buf, sizeof buf);
	assert_non_null(strstr(buf, "委员1 已投票"));
	snprintf(e.kind, sizeof e.kind, "vote_key");
	snprintf(e.words, sizeof e.words, "监票人 委员1 已生成密钥份额");
	room_view_event_words(&e, true, buf, sizeof buf);
	assert_null(strstr(buf, "委员1"));
	snprintf(e.kind, sizeof e.kind, "vote_opened");
	snprintf(e.words, sizeof e.words, "开始表决；尚待投票：委员1、委员2");
	room_view_event_words(&e, true, buf, sizeof buf);
	assert_null(strstr(buf, "委员1"));
	assert_non_null(strstr(buf, "应投 5"));
	e.secret = false;
	snprintf(e.kind, sizeof e.kind, "ballot");
	snprintf(e.words, sizeof e.words, "委员1 投票：赞成");
	room_view_event_words(&e, true, buf, sizeof buf);
	assert_non_null(strstr(buf, "委员1 投票：赞成"));
	out_init(CLI_EN, false);
	assert_string_equal(room_view_next_words(ROOM_NEXT_CHECKIN),
	    "please check in (press c)");
	out_init(CLI_ZH, false);
	assert_string_equal(room_view_next_words(ROOM_NEXT_VOTE),
	    "请投票（按 v）");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_last_is_the_top_leader),
		cmocka_unit_test(test_log_ring),
		cmocka_unit_test(test_words),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 77;	/* skipped: no UTF-8 locale */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
