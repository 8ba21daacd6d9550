/*
 * test_render_watch.c: the lines `yishi watch` prints for events, without a
 * server: every kind of docs/protocol.md's table has its sentence in
 * Chinese and in English with the office's words (never the raw kind, the
 * method, the outcome or the choice as the protocol spells them), an open
 * ballot its choice and running counts, a secret ballot only who voted and
 * how many have, the result its outcome, counts, cast and rule; an event's
 * time reads 09:31:05.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "out.h"
#include "render_watch.h"

/* An event of kind k by 委员1 (m1) on item 7. */
static Yishi__Event
ev_make(const char *k)
{
	Yishi__Event ev = YISHI__EVENT__INIT;

	ev.meeting = 3;
	ev.item = 7;
	ev.kind = (char *)k;
	ev.member = "m1";
	ev.display = "委员1";
	ev.at = "2026-12-03T09:31:05+08:00";
	ev.seq = 40;
	return ev;
}

/* The sentence for ev in lang. */
static const char *
ev_say(const Yishi__Event *ev, enum cli_lang lang, char *buf, size_t len)
{
	out_init(lang, false);
	return human_watch_event(ev, NULL, buf, len);
}

/* Whether s holds a protocol spelling that people should not see. */
static bool
ev_raw(const char *s)
{
	static const char *const raw[] = { "leave_requested",
	    "leave_approved", "minutes_signed", "minutes_corrected",
	    "delegated", "recused", "item_started", "vote_opened",
	    "vote_closed", "vote_keying", "vote_key", "vote_counting",
	    "vote_decrypt", "vote_void", "checkin", "checkout", "roll_call",
	    "no_quorum", "meeting event", "会议事件", NULL };
	size_t i;

	for (i = 0; raw[i] != NULL; i++)
		if (strstr(s, raw[i]) != NULL)
			return true;
	return false;
}

/* Every kind: a sentence with the expected words, no raw names. */
static void
test_every_kind(void **state)
{
	static const struct {
		const char *kind, *detail, *zh, *en;
	} k[] = {
		{ "noticed", "", "已发出会议通知", "notice was sent" },
		{ "opened", "", "宣布会议开始", "opened the meeting" },
		{ "closed", "", "宣布散会", "closed the meeting" },
		{ "checkin", "", "委员1 签到", "委员1 checked in" },
		{ "checkout", "", "委员1 签退离会", "委员1 checked out" },
		{ "leave_requested", "出差", "委员1 请假：出差",
		    "委员1 asked for leave: 出差" },
		{ "leave_approved", "出差", "准予 委员1 请假：出差",
		    "leave was granted to 委员1: 出差" },
		{ "delegated", "m2", "委员1 将主持工作交由 m2",
		    "委员1 handed the chair to m2" },
		{ "recused", "亲属", "委员1 就议题 #7回避：亲属",
		    "委员1 stepped aside from item #7: 亲属" },
		{ "item_started", "预算", "议题 #7「预算」开始审议",
		    "item #7 \"预算\" is being heard" },
		{ "statement", "disagree", "委员1 就议题 #7表态：不同意",
		    "委员1 stated on item #7: disagree" },
		{ "vote_opened", "roll_call", "议题 #7 开始表决（记名投票",
		    "item #7: vote opened (roll-call vote" },
		{ "vote_keying", "m2,m3", "等待监票人 m2、m3 生成计票密钥",
		    "waiting for the scrutineers m2, m3 to make the counting "
		    "key" },
		{ "vote_key", "", "监票人 委员1 已就议题 #7提交计票密钥份额",
		    "scrutineer 委员1 published a key share for item #7" },
		{ "vote_counting", "m2,m3", "投票截止（已投 0 票），等待监票人",
		    "ballots closed (0 cast), waiting for the scrutineers" },
		{ "vote_decrypt", "", "监票人 委员1 已就议题 #7提交计票份额",
		    "scrutineer 委员1 published a count share for item #7" },
		{ "vote_void", "密钥丢失", "议题 #7 的无记名投票作废：密钥丢失",
		    "item #7: the secret ballot was voided: 密钥丢失" },
		{ "decided", "", "委员1 决定议题 #7：已决定",
		    "委员1 decided item #7: decided" },
		{ "deferred", "待调研", "议题 #7 暂缓审议：待调研",
		    "item #7 was deferred: 待调研" },
		{ "minutes_signed", "", "主持人 委员1 签发了会议纪要",
		    "the chair 委员1 signed the minutes" },
		{ "minutes_corrected", "", "主持人 委员1 追加了会议纪要的更正",
		    "the chair 委员1 appended a corrigendum to the minutes" },
	};
	char buf[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof k / sizeof k[0]; i++) {
		Yishi__Event ev = ev_make(k[i].kind);

		ev.detail = (char *)k[i].detail;
		if (strcmp(k[i].kind, "decided") == 0)
			ev.outcome = "decided";
		ev_say(&ev, CLI_ZH, buf, sizeof buf);
		if (strstr(buf, k[i].zh) == NULL || ev_raw(buf))
			fail_msg("%s (zh): \"%s\", want \"%s\"", k[i].kind, buf,
			    k[i].zh);
		ev_say(&ev, CLI_EN, buf, sizeof buf);
		if (strstr(buf, k[i].en) == NULL || ev_raw(buf))
			fail_msg("%s (en): \"%s\", want \"%s\"", k[i].kind, buf,
			    k[i].en);
	}
}

/* Ballots: open with the choice and running counts and who is still to
 * vote; secret with neither choice nor counts. */
static void
test_ballots(void **state)
{
	Yishi__Person p1 = YISHI__PERSON__INIT, p2 = YISHI__PERSON__INIT;
	Yishi__Person *w[] = { &p1, &p2 };
	Yishi__Event ev = ev_make("ballot");
	char buf[1024];

	(void)state;
	p1.member = "m3";
	p1.display = "委员3";
	p2.member = "sec";
	p2.display = "书记";
	ev.detail = "yes";
	ev.yes = 2;
	ev.no = 1;
	ev.cast = 3;
	ev.electorate = 5;
	ev.waiting = w;
	ev.n_waiting = 2;
	ev.waiting_n = 2;
	assert_string_equal(ev_say(&ev, CLI_ZH, buf, sizeof buf),
	    "委员1 就议题 #7投票：赞成（赞成 2，反对 1，弃权 0；已投 3 票，"
	    "应参加表决 5 人）；尚待投票：委员3、书记");
	assert_string_equal(ev_say(&ev, CLI_EN, buf, sizeof buf),
	    "委员1 voted yes on item #7 (yes 2, no 1, abstain 0; 3 cast of 5); "
	    "still to vote: 委员3, 书记");
	/* Secret: the server sends no choice and no counts. */
	ev.detail = "";
	ev.yes = ev.no = 0;
	ev.waiting_n = 40;
	assert_string_equal(ev_say(&ev, CLI_ZH, buf, sizeof buf),
	    "委员1 已就议题 #7投票（无记名投票，已投 3 票，应参加表决 5 人）；"
	    "尚待投票：委员3、书记等 40 人");
	assert_string_equal(ev_say(&ev, CLI_EN, buf, sizeof buf),
	    "委员1 voted on item #7 (secret ballot: 3 cast of 5); still to "
	    "vote: 委员3, 书记 and others, 40 in all");
}

/* The result: outcome in words, counts, cast and the rule. */
static void
test_vote_closed(void **state)
{
	Yishi__Event ev = ev_make("vote_closed");
	char buf[1024];

	(void)state;
	ev.outcome = "no_quorum";
	ev.yes = 1;
	ev.cast = 2;
	ev.electorate = 5;
	ev.rule = "R-VOTE-1";
	assert_string_equal(ev_say(&ev, CLI_ZH, buf, sizeof buf),
	    "议题 #7 表决结束：不足法定人数（赞成 1，反对 0，弃权 0；共投 2 票，"
	    "应参加表决 5 人）；依据 R-VOTE-1");
	assert_string_equal(ev_say(&ev, CLI_EN, buf, sizeof buf),
	    "item #7: vote closed, no quorum (yes 1, no 0, abstain 0; 2 cast "
	    "of 5); rule R-VOTE-1");
}

/* Times as people read them; what is not a time gives "". */
static void
test_time(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(human_watch_time("2026-12-03T09:31:05+08:00", buf,
	    sizeof buf), "09:31:05");
	assert_string_equal(human_watch_time("2026-12-03 23:59:59.25Z", buf,
	    sizeof buf), "23:59:59");
	assert_string_equal(human_watch_time("", buf, sizeof buf), "");
	assert_string_equal(human_watch_time("2026-12-03T9:1", buf,
	    sizeof buf), "");
	assert_string_equal(human_watch_time(NULL, buf, sizeof buf), "");
}

/* A sentence that does not fit is cut, never overrun. */
static void
test_short_buffer(void **state)
{
	Yishi__Event ev = ev_make("leave_requested");
	char buf[12];

	(void)state;
	ev.detail = "一个很长很长很长的理由";
	memset(buf, 'x', sizeof buf);
	ev_say(&ev, CLI_EN, buf, sizeof buf);
	assert_int_equal(strlen(buf), sizeof buf - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_ballots),
		cmocka_unit_test(test_vote_closed),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
