/*
 * test_replay.c: the audit's replay with no server: payload and signed-text
 * decoding, the canonical form of materials, and a small trail replayed and
 * held against a record built by hand, then against that record changed
 * one fact at a time (each names the entry it contradicts, or the row);
 * and the certificate each signed entry must have been made with: the one
 * the trail registered for its signer at that point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay.h"
#include "replay_cmp.h"
#include "replay_text.h"
#include "sign.h"

/* ------------------------------------------------------------ decoding */

static void
test_json_payloads(void **state)
{
	static const struct {
		const char *in, *key, *want;	/* want NULL: key absent */
	} ok[] = {
		{ "{}", "a", NULL },
		{ "{\"a\":1}", "a", "1" },
		{ "{\"a\":\"x\",\"b\":2}", "b", "2" },
		{ "{\"a\":null}", "a", "" },
		{ "{\"a\":true}", "a", "true" },
		{ "{\"t\":\"\\u4e00\\n\\\"\"}", "t", "一\n\"" },
		{ "{\"t\":\"\\ud83d\\ude00\"}", "t", "\xf0\x9f\x98\x80" },
		{ "{\"d\":[1,2,3],\"r\":\"R-EMERG-1\"}", "d", "[1,2,3]" },
		{ "{\"o\":{\"x\":[1,{\"y\":\"}\"}]},\"z\":0}", "z", "0" },
		{ "{\"k\":\"v\"}", "K", NULL },
	};
	static const char *const bad[] = {
		"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1}x",
		"{a:1}", "{\"a\":\"\\q\"}", "{\"a\":\"open", "{\"a\":[1,2}",
	};
	/* An exported bundle is untrusted: what a lenient reader would take
	 * one way and another reader another way is refused, and says why. */
	static const struct {
		const char *in;
		enum replay_text_error why;
	} refused[] = {
		{ "{\"a\":1,\"a\":2}", REPLAY_TEXT_DUPLICATE },
		{ "{\"member\":\"m1\",\"x\":0,\"member\":\"m2\"}",
		    REPLAY_TEXT_DUPLICATE },
		{ "{\"a\":\"x\\u0000y\"}", REPLAY_TEXT_NUL },
		{ "{\"a\\u0000b\":1}", REPLAY_TEXT_NUL },
		{ "{\"a\":\"\\ud800\"}", REPLAY_TEXT_SURROGATE },
		{ "{\"a\":\"\\ud800x\"}", REPLAY_TEXT_SURROGATE },
		{ "{\"a\":\"\\udc00\"}", REPLAY_TEXT_SURROGATE },
		{ "{\"a\":\"\\ud800\\u0041\"}", REPLAY_TEXT_SURROGATE },
		{ "{\"a\":\"\xff\"}", REPLAY_TEXT_UTF8 },
		{ "{\"a\":1}x", REPLAY_TEXT_SYNTAX },
		{ "[1]", REPLAY_TEXT_SYNTAX },
	};
	struct replay_text t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(replay_text_json(ok[i].in, &t), 0);
		if (ok[i].want == NULL)
			assert_null(replay_text_get(&t, ok[i].key));
		else
			assert_string_equal(replay_text_get(&t, ok[i].key),
			    ok[i].want);
		replay_text_free(&t);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(replay_text_json(bad[i], &t), -1);
		replay_text_free(&t);
	}
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_int_equal(replay_text_json(refused[i].in, &t), -1);
		assert_int_equal(t.error, refused[i].why);
		replay_text_free(&t);
	}
	assert_int_equal(replay_text_json("{\"n\":\"18446744073709551615\","
	    "\"m\":-5}", &t), 0);
	assert_true(replay_text_u64(&t, "n") == UINT64_MAX);
	assert_true(replay_text_ll(&t, "m") == -5);
	assert_true(replay_text_u64(&t, "absent") == 0);
	replay_text_free(&t);
}

static void
test_canonical_texts(void **state)
{
	static const char *const bad[] = {
		"", "yishi-sign-v3\naction=9:statement\ninstance=1:x\n",
		/* version 1 named no instance */
		"yishi-sign-v1\naction=9:statement\ntext=1:a\n",
		"yishi-sign-v2\naction=9:statement\n",	/* no instance */
		"yishi-sign-v2\naction=9:statement\nbody=1:1\ninstance=1:x\n",
		"yishi-sign-v2\ninstance=1:x\naction=9:statement\n",
		"yishi-sign-v2\naction=10:statement\n",	/* length too long */
		"yishi-sign-v2\naction=8:statement\n",	/* too short */
		"yishi-sign-v2\nbody=1:7\n",		/* action not first */
		"yishi-sign-v2\naction=x:statement\n",
	};
	struct replay_text t;
	size_t i;

	(void)state;
	assert_int_equal(replay_text_canon("yishi-sign-v2\naction=9:statement\n"
	    "instance=3:abc\ntext=7:a\nb=c\nd\n", &t), 0);
	assert_string_equal(replay_text_get(&t, "action"), "statement");
	assert_string_equal(replay_text_get(&t, "instance"), "abc");
	assert_string_equal(replay_text_get(&t, "text"), "a\nb=c\nd");
	replay_text_free(&t);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(replay_text_canon(bad[i], &t), -1);
		replay_text_free(&t);
	}
}

/* ------------------------------------------------------------ a trail */

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"

/* One unsigned entry of body 1, written at second `at` of the epoch. */
struct ent {
	const char *actor, *action, *payload;
	int64_t at;
};

/* The trail the record below was made by: a meeting of two voting seats,
 * m2 on leave with a written opinion, an item with one material, statements
 * and a roll-call vote, a recusal, a follow-up task and its report. */
static const struct ent trail[] = {
	{ "admin", "seat.add", "{\"identity\":\"sec\",\"role\":\"secretary\"}",
	    100 },
	{ "admin", "seat.add", "{\"identity\":\"m1\",\"role\":\"member\"}", 100 },
	{ "admin", "seat.add", "{\"identity\":\"m2\",\"role\":\"member\"}", 100 },
	{ "off", "meeting.schedule", "{\"meeting\":5,\"title\":\"会\","
	    "\"at\":\"2026-12-01T09:00:00+08:00\",\"place\":\"302\","
	    "\"urgent\":false,\"reason\":\"\"}", 200 },
	{ "m1", "agenda.propose", "{\"item\":9,\"meeting\":5,\"title\":\"采购\","
	    "\"category\":\"ordinary\",\"amount\":100,\"domain\":\"\","
	    "\"responsible\":\"\",\"emergency\":false,\"reason\":\"\","
	    "\"revises\":0,\"materials\":\"" H2 ":3:b\\nc\\n" H1 ":1:a\\n\"}",
	    300 },
	{ "sec", "agenda.approve", "{\"item\":9}", 310 },
	{ "m2", "leave.request", "{\"meeting\":5,\"member\":\"m2\","
	    "\"reason\":\"出差\"}", 320 },
	{ "sec", "leave.approve", "{\"meeting\":5,\"member\":\"m2\"}", 330 },
	{ "m2", "opinion.submit", "{\"item\":9,\"member\":\"m2\","
	    "\"position\":\"agree\",\"text\":\"同意\"}", 340 },
	{ "off", "meeting.notify", "{\"meeting\":5}", 400 },
	{ "sec", "attendance.checkin", "{\"meeting\":5,\"member\":\"sec\"}", 500 },
	{ "m1", "attendance.checkin", "{\"meeting\":5,\"member\":\"m1\"}", 500 },
	{ "sec", "meeting.open", "{\"meeting\":5}", 600 },
	{ "sec", "item.start", "{\"item\":9}", 610 },
	{ "m1", "statement", "{\"item\":9,\"member\":\"m1\",\"seq\":1,"
	    "\"position\":\"agree\",\"text\":\"可\"}", 620 },
	{ "sec", "statement", "{\"item\":9,\"member\":\"sec\",\"seq\":2,"
	    "\"position\":\"agree\",\"text\":\"\"}", 630 },
	{ "sec", "vote.open", "{\"item\":9,\"method\":\"roll_call\"}", 640 },
	{ "m1", "vote.cast", "{\"item\":9,\"member\":\"m1\",\"choice\":\"yes\","
	    "\"entered_by\":\"\"}", 650 },
	{ "sec", "vote.cast", "{\"item\":9,\"member\":\"sec\",\"choice\":\"yes\","
	    "\"entered_by\":\"\"}", 660 },
	{ "sec", "vote.close", "{\"item\":9,\"outcome\":\"passed\",\"yes\":2,"
	    "\"no\":0,\"abstain\":0,\"not_voting\":0}", 670 },
	{ "sec", "followup.assign", "{\"task\":3,\"item\":9,\"unit\":\"财务\","
	    "\"person\":\"m1\",\"due\":\"2026-12-31\"}", 680 },
	{ "sec", "meeting.close", "{\"meeting\":5}", 700 },
	{ "m1", "followup.report", "{\"task\":3,\"seq\":1,\"text\":\"已办\","
	    "\"done\":true}", 800 },
};
#define NTRAIL (sizeof trail / sizeof trail[0])

/* The record as the server would report it for that trail. */
struct record {
	Yishi__Minutes mn;
	Yishi__Meeting mt;
	Yishi__Attendance att[4], *attp[4];
	Yishi__Item it, *itp[1];
	Yishi__Material mat[2], *matp[2];
	uint8_t sha[2][32];
	Yishi__Statement st[2], *stp[2];
	Yishi__Vote vote;
	Yishi__Ballot ba[2], *bap[2];
	Yishi__Note op, *opp[1];
	Yishi__FollowupTask task, *taskp[1];
	Yishi__TaskReport rep, *repp[1];
	Yishi__Minutes *mnp[1];
	struct replay_record r;
};

/* Fills rec with the record the trail above makes. */
static void
record_make(struct record *rec)
{
	static const Yishi__Minutes mn0 = YISHI__MINUTES__INIT;
	static const Yishi__Meeting mt0 = YISHI__MEETING__INIT;
	static const Yishi__Attendance at0 = YISHI__ATTENDANCE__INIT;
	static const Yishi__Item it0 = YISHI__ITEM__INIT;
	static const Yishi__Material ma0 = YISHI__MATERIAL__INIT;
	static const Yishi__Statement st0 = YISHI__STATEMENT__INIT;
	static const Yishi__Vote vo0 = YISHI__VOTE__INIT;
	static const Yishi__Ballot ba0 = YISHI__BALLOT__INIT;
	static const Yishi__Note no0 = YISHI__NOTE__INIT;
	static const Yishi__FollowupTask ta0 = YISHI__FOLLOWUP_TASK__INIT;
	static const Yishi__TaskReport re0 = YISHI__TASK_REPORT__INIT;
	static const char *const who[] = { "sec", "m1", "m2" };
	static const char *const how[] = { "present", "present", "leave" };
	int i;

	memset(rec, 0, sizeof *rec);
	rec->mn = mn0;
	rec->mt = mt0;
	rec->mt.id = 5;
	rec->mt.title = (char *)"会";
	rec->mt.at = (char *)"2026-12-01T01:00:00+00:00";	/* the same time */
	rec->mt.place = (char *)"302";
	rec->mt.reason = (char *)"";
	rec->mt.state = (char *)"closed";
	rec->mt.noticed_at = (char *)"1970-01-01T08:06:40+08:00";	/* 400 */
	rec->mt.opened_at = (char *)"1970-01-01T00:10:00Z";		/* 600 */
	rec->mt.closed_at = (char *)"1970-01-01T00:11:40Z";	/* 700 */
	for (i = 0; i < 4; i++) {
		rec->att[i] = at0;
		rec->att[i].member = (char *)(i < 3 ? who[i] : "m3");
		rec->att[i].state = (char *)(i < 3 ? how[i] : "present");
		rec->att[i].reason = (char *)(i == 2 ? "出差" : "");
		rec->att[i].role = (char *)(i == 0 ? "secretary" : "member");
		rec->attp[i] = &rec->att[i];
	}
	rec->mt.n_attendance = 3;
	rec->mt.attendance = rec->attp;
	rec->it = it0;
	rec->it.id = 9;
	rec->it.meeting = 5;
	rec->it.title = (char *)"采购";
	rec->it.category = (char *)"ordinary";
	rec->it.state = (char *)"decided";
	rec->it.amount = 100;
	rec->it.domain = rec->it.responsible = rec->it.reason = (char *)"";
	rec->it.proposer = (char *)"m1";
	rec->it.outcome = (char *)"passed";
	for (i = 0; i < 2; i++) {
		rec->mat[i] = ma0;
		memset(rec->sha[i], i == 0 ? 0x11 : 0x22, 32);
		rec->mat[i].sha256.data = rec->sha[i];
		rec->mat[i].sha256.len = 32;
		rec->matp[i] = &rec->mat[i];
		rec->st[i] = st0;
		rec->st[i].seq = (uint32_t)i + 1;
		rec->st[i].member = (char *)who[1 - i];
		rec->st[i].position = (char *)"agree";
		rec->st[i].text = (char *)(i == 0 ? "可" : "");
		rec->st[i].at = (char *)(i == 0 ? "1970-01-01T00:10:20Z" :
		    "1970-01-01T00:10:30Z");
		rec->stp[i] = &rec->st[i];
		rec->ba[i] = ba0;
		rec->ba[i].member = (char *)who[i];
		rec->ba[i].choice = (char *)"yes";
		rec->ba[i].entered_by = (char *)"";
		rec->bap[i] = &rec->ba[i];
	}
	rec->mat[0].name = (char *)"a";
	rec->mat[1].name = (char *)"b\nc";
	rec->it.n_materials = 2;
	rec->it.materials = rec->matp;
	rec->it.n_statements = 2;
	rec->it.statements = rec->stp;
	rec->vote = vo0;
	rec->vote.method = (char *)"roll_call";
	rec->vote.state = (char *)"closed";
	rec->vote.outcome = (char *)"passed";
	rec->vote.yes = 2;
	rec->vote.electorate = 2;
	rec->vote.n_ballots = 2;
	rec->vote.ballots = rec->bap;
	rec->it.vote = &rec->vote;
	rec->op = no0;
	rec->op.member = (char *)"m2";
	rec->op.position = (char *)"agree";
	rec->op.text = (char *)"同意";
	rec->opp[0] = &rec->op;
	rec->it.n_opinions = 1;
	rec->it.opinions = rec->opp;
	rec->itp[0] = &rec->it;
	rec->mt.n_items = 1;
	rec->mt.items = rec->itp;
	rec->mn.meeting = &rec->mt;
	rec->mnp[0] = &rec->mn;
	rec->task = ta0;
	rec->task.id = 3;
	rec->task.item = 9;
	rec->task.unit = (char *)"财务";
	rec->task.person = (char *)"m1";
	rec->task.due = (char *)"2026-12-31";
	rec->task.state = (char *)"done";
	rec->task.assigned_by = (char *)"sec";
	rec->rep = re0;
	rec->rep.seq = 1;
	rec->rep.member = (char *)"m1";
	rec->rep.text = (char *)"已办";
	rec->rep.done = true;
	rec->repp[0] = &rec->rep;
	rec->task.n_reports = 1;
	rec->task.reports = rec->repp;
	rec->taskp[0] = &rec->task;
	rec->r.minutes = rec->mnp;
	rec->r.nminutes = 1;
	rec->r.tasks = rec->taskp;
	rec->r.ntasks = 1;
}

/* Replays the trail above; returns the replay. */
static struct replay *
replay_trail(void)
{
	struct replay *rp = replay_new(1);
	Yishi__TrailEntry e = YISHI__TRAIL_ENTRY__INIT;
	char why[512];
	size_t i;

	assert_non_null(rp);
	for (i = 0; i < NTRAIL; i++) {
		e.body = 1;
		e.seq = i + 1;
		e.actor = (char *)trail[i].actor;
		e.action = (char *)trail[i].action;
		e.payload = (char *)trail[i].payload;
		e.at_us = trail[i].at * 1000000;
		if (replay_entry(rp, &e, why, sizeof why) != 0)
			fail_msg("entry %zu: %s", i + 1, why);
	}
	return rp;
}

/* Compares; returns the seq named, or -1 when the record holds. */
static long
compare(struct record *rec)
{
	struct replay *rp = replay_trail();
	uint64_t seq = 0;
	char why[512];
	long rc;

	rc = replay_cmp_record(rp, &rec->r, &seq, why, sizeof why) == 0 ? -1 :
	    (long)seq;
	replay_free(rp);
	return rc;
}

static void
test_record_holds(void **state)
{
	struct record rec;
	struct replay *rp;
	struct replay_counts c;

	(void)state;
	record_make(&rec);
	assert_int_equal(compare(&rec), -1);
	rp = replay_trail();
	replay_counts(rp, &c);
	assert_int_equal(c.meetings, 1);
	assert_int_equal(c.items, 1);
	assert_int_equal(c.attendance, 3);
	assert_int_equal(c.statements, 2);
	assert_int_equal(c.ballots, 2);
	assert_int_equal(c.opinions, 1);
	assert_int_equal(c.tasks, 1);
	assert_int_equal(c.reports, 1);
	replay_free(rp);
}

/* Each row: one change to the record, and the entry it must name (0: a
 * row no entry made). */
static void
test_record_changed(void **state)
{
	static const struct {
		const char *what;
		int change;
		long want;
	} rows[] = {
		{ "meeting title", 0, 4 },
		{ "meeting time", 1, 4 },
		{ "meeting state", 2, 22 },
		{ "close time after its entry", 3, 22 },
		{ "leave turned into presence", 4, 8 },
		{ "leave reason", 5, 8 },
		{ "an absent member marked present", 6, 0 },
		{ "item title", 7, 5 },
		{ "a material's digest", 8, 5 },
		{ "a statement's text", 9, 15 },
		{ "a statement's time", 10, 15 },
		{ "a ballot's choice (sec's)", 11, 19 },
		{ "the written opinion dropped", 12, 9 },
		{ "a task's due date", 13, 21 },
		{ "a report's text", 14, 23 },
		{ "the task list empty", 15, 21 },
		{ "an item's state", 16, 20 },
		{ "a vote count", 17, 20 },
		{ "close time a second before its entry", 18, 22 },
		{ "a statement a second before its entry", 19, 15 },
	};
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		record_make(&rec);
		switch (rows[i].change) {
		case 0: rec.mt.title = (char *)"另一个会"; break;
		case 1: rec.mt.at = (char *)"2026-12-01T09:00:00Z"; break;
		case 2: rec.mt.state = (char *)"open"; break;
		case 3: rec.mt.closed_at = (char *)"1970-01-01T00:11:42Z"; break;
		case 4: rec.att[2].state = (char *)"present"; break;
		case 5: rec.att[2].reason = (char *)"病假"; break;
		case 6: rec.mt.n_attendance = 4; break;
		case 7: rec.it.title = (char *)"别的"; break;
		case 8: rec.sha[0][31] ^= 1; break;
		case 9: rec.st[0].text = (char *)"不可"; break;
		case 10: rec.st[0].at = (char *)"1970-01-01T01:10:20Z"; break;
		case 11: rec.ba[0].choice = (char *)"no"; break;
		case 12: rec.it.n_opinions = 0; break;
		case 13: rec.task.due = (char *)"2027-01-31"; break;
		case 14: rec.rep.text = (char *)"未办"; break;
		case 15: rec.r.ntasks = 0; break;
		case 16: rec.it.state = (char *)"deferred"; break;
		case 17: rec.vote.yes = 1; rec.vote.no = 1; break;
		/* The row takes its entry's own time: a second off is a
		 * change (server/trail.h, TRAIL_AT_SQL). */
		case 18: rec.mt.closed_at = (char *)"1970-01-01T00:11:39Z"; break;
		case 19: rec.st[0].at = (char *)"1970-01-01T00:10:19Z"; break;
		}
		if (compare(&rec) != rows[i].want)
			fail_msg("%s: named %ld, want %ld", rows[i].what,
			    compare(&rec), rows[i].want);
	}
}

/* ------------------------------------------------------------ signers */

#define FA "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FB "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define INST "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* One step of a trail about who may sign: an unsigned entry (signer
 * NULL), or m's statement signed with the certificate whose fingerprint
 * is fp (one hex digit repeated). */
struct bind_step {
	const char *action, *payload, *signer;
	char fp;
};

/* Replays steps; returns the seq of the first entry refused, 0 when none,
 * and the reason in why. */
static uint64_t
bind_replay(const struct bind_step *steps, char *why, size_t whylen)
{
	struct replay *rp = replay_new(1);
	uint64_t seq, bad = 0;
	uint8_t fp[32], sig[1] = { 0x30 };
	char payload[256], *canon = NULL;
	size_t len;

	assert_non_null(rp);
	for (seq = 1; steps[seq - 1].action != NULL && bad == 0; seq++) {
		const struct bind_step *st = &steps[seq - 1];
		Yishi__TrailEntry e = YISHI__TRAIL_ENTRY__INIT;

		e.body = 1;
		e.seq = seq;
		e.at_us = (int64_t)seq * 1000000;
		e.actor = (char *)(st->signer ? st->signer : "admin");
		e.action = (char *)st->action;
		e.payload = (char *)st->payload;
		if (st->signer != NULL) {
			snprintf(payload, sizeof payload, "{\"item\":9,"
			    "\"member\":\"%s\",\"position\":\"agree\","
			    "\"text\":\"\"}", st->signer);
			e.payload = payload;
			canon = sign_canon_statement(INST, 1, 5, 9, st->signer,
			    "agree", "", &len);
			assert_non_null(canon);
			memset(fp, (st->fp >= 'a' ? st->fp - 'a' + 10 :
			    st->fp - '0') * 0x11, sizeof fp);
			e.signer = (char *)st->signer;
			e.signed_ = canon;
			e.signature.data = sig;
			e.signature.len = sizeof sig;
			e.cert_fp.data = fp;
			e.cert_fp.len = sizeof fp;
		}
		if (replay_entry(rp, &e, why, whylen) != 0)
			bad = seq;
		free(canon);
		canon = NULL;
	}
	replay_free(rp);
	return bad;
}

#define SEAT(who, fp) { "seat.add", "{\"identity\":\"" who "\"," \
	"\"role\":\"member\",\"cert_fp\":\"" fp "\"}", NULL, 0 }
#define CERT(who, fp, why) { "identity.certificate", "{\"identity\":\"" \
	who "\",\"cert_fp\":\"" fp "\",\"reason\":\"" why "\"}", NULL, 0 }
#define SIGNED(who, fp) { "statement", NULL, who, fp }
#define END { NULL, NULL, NULL, 0 }

/* Each row a trail and the entry the replay must refuse (0: none). */
static void
test_signer_bound(void **state)
{
	static const struct {
		const char *what;
		struct bind_step steps[6];
		uint64_t want;
		const char *says;
	} rows[] = {
		{ "signed with the certificate seating registered",
		    { SEAT("m1", FA), SIGNED("m1", 'a'), END }, 0, NULL },
		{ "signed with another certificate of the CA",
		    { SEAT("m1", FA), SIGNED("m1", 'b'), END }, 2,
		    "not the one entry 1 registered" },
		{ "a signer the trail never seated",
		    { SEAT("m2", FA), SIGNED("m1", 'a'), END }, 2,
		    "never registered a certificate for m1" },
		{ "a seat.add that names no certificate",
		    { { "seat.add", "{\"identity\":\"m1\"}", NULL, 0 },
		    SIGNED("m1", 'a'), END }, 2,
		    "entry 1 registered no certificate" },
		{ "signed after the identity was disabled",
		    { SEAT("m1", FA), SIGNED("m1", 'a'),
		    CERT("m1", "", "disable"), SIGNED("m1", 'a'), END }, 4,
		    "entry 3 withdrew" },
		{ "a renewed certificate signs from its entry on",
		    { SEAT("m1", FA), SIGNED("m1", 'a'),
		    CERT("m1", FB, "renew"), SIGNED("m1", 'b'), END }, 0,
		    NULL },
		{ "the old certificate no longer signs after a renewal",
		    { SEAT("m1", FA), CERT("m1", FB, "renew"),
		    SIGNED("m1", 'a'), END }, 3, "entry 2 registered" },
		{ "seated again, the new seat's certificate holds",
		    { SEAT("m1", FA), CERT("m1", "", "disable"),
		    SEAT("m1", FB), SIGNED("m1", 'b'), END }, 0, NULL },
	};
	char why[512];
	uint64_t got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		why[0] = '\0';
		got = bind_replay(rows[i].steps, why, sizeof why);
		if (got != rows[i].want)
			fail_msg("%s: refused entry %llu (%s), want %llu",
			    rows[i].what, (unsigned long long)got, why,
			    (unsigned long long)rows[i].want);
		if (rows[i].says != NULL && strstr(why, rows[i].says) == NULL)
			fail_msg("%s: \"%s\" does not say \"%s\"",
			    rows[i].what, why, rows[i].says);
	}
}

/* Replays n entries of body 1; returns the seq of the first refused, or
 * 0 when every one replays. */
static uint64_t
replay_some(const struct ent *t, size_t n)
{
	struct replay *rp = replay_new(1);
	Yishi__TrailEntry e = YISHI__TRAIL_ENTRY__INIT;
	uint64_t bad = 0;
	char why[512];
	size_t i;

	assert_non_null(rp);
	for (i = 0; i < n && bad == 0; i++) {
		e.body = 1;
		e.seq = i + 1;
		e.actor = (char *)t[i].actor;
		e.action = (char *)t[i].action;
		e.payload = (char *)t[i].payload;
		e.at_us = t[i].at * 1000000;
		if (replay_entry(rp, &e, why, sizeof why) != 0)
			bad = e.seq;
	}
	replay_free(rp);
	return bad;
}

/*
 * N is fixed when the meeting opens (RULES.md): the opening's "n" is the
 * voting seats the trail holds then; a seat added afterwards neither
 * states nor votes in it; a vote's N is the opening's, less the recused,
 * whatever seats were added or removed since.
 */
static void
test_fixed_n(void **state)
{
	static const struct {
		const char *what;
		int entry;		/* replaced, 1-based */
		const char *action, *payload;
		uint64_t want;		/* entry refused; 0: none */
	} rows[] = {
		{ "as the server writes it", 0, NULL, NULL, 0 },
		{ "an opening with N = 4 of 3 voting seats", 6, "meeting.open",
		    "{\"meeting\":5,\"n\":4}", 6 },
		{ "an opening with N = 2", 6, "meeting.open",
		    "{\"meeting\":5,\"n\":2}", 6 },
		{ "a statement by the seat added after the opening", 9,
		    "statement", "{\"item\":9,\"member\":\"m3\",\"seq\":1,"
		    "\"position\":\"agree\",\"text\":\"\"}", 9 },
		{ "a ballot by the seat added after the opening", 9,
		    "vote.cast", "{\"item\":9,\"member\":\"m3\","
		    "\"choice\":\"yes\",\"entered_by\":\"\"}", 9 },
		{ "a statement by the seat removed (it was in N)", 9,
		    "statement", "{\"item\":9,\"member\":\"m2\",\"seq\":1,"
		    "\"position\":\"agree\",\"text\":\"\"}", 0 },
		{ "a vote counted against N moved by the removal", 10,
		    "vote.close", "{\"item\":9,\"outcome\":\"passed\","
		    "\"yes\":1,\"no\":0,\"abstain\":0,\"not_voting\":0,"
		    "\"n\":2}", 10 },
		{ "a vote counted against N moved by the addition", 10,
		    "vote.close", "{\"item\":9,\"outcome\":\"passed\","
		    "\"yes\":1,\"no\":0,\"abstain\":0,\"not_voting\":0,"
		    "\"n\":4}", 10 },
		{ "a recusal takes one out of the item's N", 8, "recuse",
		    "{\"item\":9,\"member\":\"m2\",\"reason\":\"亲属\"}",
		    10 },
	};
	struct ent t[] = {
		{ "admin", "seat.add", "{\"identity\":\"sec\","
		    "\"role\":\"secretary\"}", 100 },
		{ "admin", "seat.add", "{\"identity\":\"m1\","
		    "\"role\":\"member\"}", 100 },
		{ "admin", "seat.add", "{\"identity\":\"m2\","
		    "\"role\":\"member\"}", 100 },
		{ "off", "meeting.schedule", "{\"meeting\":5,\"title\":\"会\","
		    "\"at\":\"2026-12-01T09:00:00+08:00\",\"place\":\"\","
		    "\"urgent\":true,\"reason\":\"急\"}", 200 },
		{ "m1", "agenda.propose", "{\"item\":9,\"meeting\":5,"
		    "\"title\":\"事\",\"category\":\"ordinary\"}", 300 },
		{ "sec", "meeting.open", "{\"meeting\":5,\"n\":3}", 600 },
		{ "admin", "seat.add", "{\"identity\":\"m3\","
		    "\"role\":\"member\"}", 610 },
		{ "admin", "seat.remove", "{\"identity\":\"m2\"}", 620 },
		{ "m1", "statement", "{\"item\":9,\"member\":\"m1\","
		    "\"seq\":1,\"position\":\"agree\",\"text\":\"\"}",
		    630 },
		{ "sec", "vote.close", "{\"item\":9,\"outcome\":\"passed\","
		    "\"yes\":1,\"no\":0,\"abstain\":0,\"not_voting\":0,"
		    "\"n\":3}", 640 },
	};
	struct ent base[sizeof t / sizeof t[0]];
	uint64_t got;
	size_t i;

	(void)state;
	memcpy(base, t, sizeof t);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memcpy(t, base, sizeof t);
		if (rows[i].entry > 0) {
			t[rows[i].entry - 1].action = rows[i].action;
			t[rows[i].entry - 1].payload = rows[i].payload;
		}
		got = replay_some(t, sizeof t / sizeof t[0]);
		if (got != rows[i].want)
			fail_msg("%s: refused entry %llu, want %llu",
			    rows[i].what, (unsigned long long)got,
			    (unsigned long long)rows[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_payloads),
		cmocka_unit_test(test_canonical_texts),
		cmocka_unit_test(test_record_holds),
		cmocka_unit_test(test_record_changed),
		cmocka_unit_test(test_signer_bound),
		cmocka_unit_test(test_fixed_n),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
