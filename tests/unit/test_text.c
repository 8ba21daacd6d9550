/*
 * test_text.c: the rules for text fields of requests (proto/text.c): the
 * characters each kind refuses, the limits, the field table (every string
 * field of a request has a kind), the wire check for an embedded NUL and
 * the comparison of display names.
 */
#include "text.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frame.h"

/* One value, its kind and the verdict expected. */
struct test_case {
	enum text_kind	 kind;
	const char	*s;
	size_t		 len;	/* 0: strlen(s) */
	enum text_fault	 fault;
};

/* Each kind against control, bidi, invisible, UTF-8 and NUL cases. */
static void
test_characters(void **state)
{
	static const struct test_case cases[] = {
		{ TEXT_NAME, "第一会议室", 0, TEXT_OK },
		{ TEXT_NAME, "", 0, TEXT_OK },	/* required-ness is not ours */
		{ TEXT_NAME, "a\nb", 0, TEXT_NEWLINE },
		{ TEXT_NAME, "a\tb", 0, TEXT_CONTROL },
		{ TEXT_NAME, "a\rb", 0, TEXT_CONTROL },
		{ TEXT_NAME, "\x1b[31mred", 0, TEXT_CONTROL },
		{ TEXT_NAME, "del\x7f", 0, TEXT_CONTROL },
		{ TEXT_NAME, "c1\xc2\x9b" "31m", 0, TEXT_CONTROL },
		{ TEXT_NAME, "a\xe2\x80\xa8" "b", 0, TEXT_NEWLINE },
		{ TEXT_NAME, "abc\xe2\x80\xaeghi", 0, TEXT_BIDI },  /* U+202E */
		{ TEXT_NAME, "abc\xe2\x81\xa6x", 0, TEXT_BIDI },   /* U+2066 */
		{ TEXT_NAME, "abc\xe2\x80\x8fx", 0, TEXT_BIDI },   /* U+200F */
		{ TEXT_NAME, "   ", 0, TEXT_INVISIBLE },
		{ TEXT_NAME, "\xe3\x80\x80\xe2\x80\x8b", 0, TEXT_INVISIBLE },
		{ TEXT_NAME, "\xe2\x80\x8b" "赵", 0, TEXT_OK },
		{ TEXT_IDENT, "m1", 0, TEXT_OK },
		{ TEXT_IDENT, "\xef\xbb\xbf", 0, TEXT_INVISIBLE },
		{ TEXT_WORD, "agree", 0, TEXT_OK },
		{ TEXT_LONG, "同意。\n\t理由如下：\n一、……", 0, TEXT_OK },
		{ TEXT_LONG, "同意\r赵委员", 0, TEXT_CONTROL },
		{ TEXT_LONG, "同意\x1b]0;x\x07", 0, TEXT_CONTROL },
		{ TEXT_LONG, "\n\n", 0, TEXT_INVISIBLE },
		{ TEXT_REASON, "出差\n两天", 0, TEXT_OK },
		{ TEXT_PEM, "-----BEGIN\r\nX\r\n", 0, TEXT_OK },
		{ TEXT_LONG, "同意\0后文", 10, TEXT_NUL },
		{ TEXT_NAME, "bad \xff", 0, TEXT_BAD_UTF8 },
		{ TEXT_NAME, "cut \xe5\x90", 0, TEXT_BAD_UTF8 },
		{ TEXT_NAME, "over \xc0\xaf", 0, TEXT_BAD_UTF8 },
		{ TEXT_NAME, "sur \xed\xa0\x80", 0, TEXT_BAD_UTF8 },
		{ TEXT_NAME, "big \xf4\x90\x80\x80", 0, TEXT_BAD_UTF8 },
		{ TEXT_NAME, "emoji \xf0\x9f\x98\x80", 0, TEXT_OK },
	};
	struct text_verdict v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct test_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->s);

		if (text_check(c->kind, c->s, len, &v) != c->fault)
			fail_msg("case %zu (%s): fault %d, expected %d", i,
			    c->s, (int)v.fault, (int)c->fault);
		assert_int_equal(v.fault, c->fault);
	}
}

/* Fills buf with n copies of the UTF-8 character ch. */
static char *
test_repeat(const char *ch, size_t n)
{
	size_t k = strlen(ch), i;
	char *buf = malloc(n * k + 1);

	assert_non_null(buf);
	for (i = 0; i < n; i++)
		memcpy(buf + i * k, ch, k);
	buf[n * k] = '\0';
	return buf;
}

/* Limits count characters, not bytes: at the limit passes, one more fails. */
static void
test_limits(void **state)
{
	static const enum text_kind kinds[] = {
		TEXT_WORD, TEXT_IDENT, TEXT_DISPLAY, TEXT_NAME, TEXT_REASON,
		TEXT_LONG
	};
	static const size_t want[] = { 64, 64, 100, 200, 2000, 10000 };
	struct text_verdict v;
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		assert_int_equal(text_limit(kinds[i]), want[i]);
		s = test_repeat("议", want[i]);
		assert_int_equal(text_check(kinds[i], s, strlen(s), &v),
		    TEXT_OK);
		free(s);
		s = test_repeat("a", want[i] + 1);
		assert_int_equal(text_check(kinds[i], s, strlen(s), &v),
		    TEXT_TOO_LONG);
		assert_int_equal(v.limit, want[i]);
		assert_int_equal(v.chars, want[i] + 1);
		free(s);
	}
}

/* Checks that every string field reachable from d has a kind. */
static void
test_table_walk(const ProtobufCMessageDescriptor *d, int depth)
{
	enum text_kind kind;
	const char *zh, *en;
	unsigned i;

	assert_true(depth < 8);
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];

		if (fd->type == PROTOBUF_C_TYPE_STRING &&
		    !text_field_kind(d->short_name, fd->name, &kind, &zh, &en))
			fail_msg("%s.%s has no text kind", d->short_name,
			    fd->name);
		if (fd->type == PROTOBUF_C_TYPE_MESSAGE)
			test_table_walk(fd->descriptor, depth + 1);
	}
}

/* Every string field a request can carry is in the table. */
static void
test_table(void **state)
{
	enum text_kind kind;
	const char *zh, *en;

	(void)state;
	test_table_walk(&yishi__request__descriptor, 0);
	assert_true(text_field_kind("MeetingSchedule", "place", &kind, &zh,
	    &en));
	assert_int_equal(kind, TEXT_NAME);
	assert_string_equal(zh, "地点");
	assert_false(text_field_kind("MeetingSchedule", "nope", &kind, &zh,
	    &en));
}

/* A request is checked field by field, into nested and repeated messages,
 * and only the oneof member set. */
static void
test_request(void **state)
{
	Yishi__Request rq = YISHI__REQUEST__INIT;
	Yishi__MeetingSchedule ms = YISHI__MEETING_SCHEDULE__INIT;
	Yishi__AgendaPropose ap = YISHI__AGENDA_PROPOSE__INIT;
	Yishi__Material m1 = YISHI__MATERIAL__INIT, m2 = YISHI__MATERIAL__INIT;
	Yishi__Material *mats[] = { &m1, &m2 };
	struct text_verdict v;
	char msg[256];
	char *big;

	(void)state;
	ms.title = "常委会";
	ms.at = "2026-01-01T09:00:00+08:00";
	ms.place = "第一会议室";
	rq.op_case = YISHI__REQUEST__OP_MEETING_SCHEDULE;
	rq.meeting_schedule = &ms;
	assert_true(text_request_check(&rq, &v));
	big = test_repeat("x", 129 * 1024);
	ms.place = big;
	assert_false(text_request_check(&rq, &v));
	assert_int_equal(v.fault, TEXT_TOO_LONG);
	text_message(&v, false, msg, sizeof msg);
	assert_non_null(strstr(msg, "地点过长：最多 200 个字符"));
	text_message(&v, true, msg, sizeof msg);
	assert_non_null(strstr(msg, "place is too long: at most 200"));
	free(big);

	ap.title = "议题";
	m1.name = "a.pdf";
	m2.name = "b\x1b[2J.pdf";
	ap.n_materials = 2;
	ap.materials = mats;
	rq.op_case = YISHI__REQUEST__OP_AGENDA_PROPOSE;
	rq.agenda_propose = &ap;
	assert_false(text_request_check(&rq, &v));
	assert_int_equal(v.fault, TEXT_CONTROL);
	assert_int_equal(v.cp, 0x1b);
	assert_string_equal(v.en, "material name");
	m2.name = "b.pdf";
	assert_true(text_request_check(&rq, &v));
}

/* Packs a Frame carrying rq into a new buffer (no length prefix). */
static uint8_t *
test_pack(Yishi__Request *rq, size_t *len)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	uint8_t *buf;

	f.version = 1;
	f.id = 7;
	f.body_case = YISHI__FRAME__BODY_REQUEST;
	f.request = rq;
	*len = yishi__frame__get_packed_size(&f);
	buf = malloc(*len);
	assert_non_null(buf);
	yishi__frame__pack(&f, buf);
	return buf;
}

/* A NUL inside a string on the wire is found, where decoding cuts it. */
static void
test_wire(void **state)
{
	Yishi__Request rq = YISHI__REQUEST__INIT;
	Yishi__State st = YISHI__STATE__INIT;
	Yishi__Frame *f;
	struct text_verdict v;
	uint8_t *buf, *p;
	size_t len;

	(void)state;
	st.item = 3;
	st.position = "agree";
	st.text = "同意XYZ";
	rq.op_case = YISHI__REQUEST__OP_STATE;
	rq.state = &st;
	buf = test_pack(&rq, &len);
	assert_true(text_wire_check(buf, len, &v));
	/* Put a NUL where X is: same length, same framing. */
	p = memchr(buf, 'X', len);
	assert_non_null(p);
	*p = '\0';
	f = yishi__frame__unpack(NULL, len, buf);
	assert_non_null(f);
	assert_string_equal(f->request->state->text, "同意");	/* cut */
	yishi__frame__free_unpacked(f, NULL);
	assert_false(text_wire_check(buf, len, &v));
	assert_int_equal(v.fault, TEXT_NUL);
	assert_string_equal(v.en, "statement");
	/* Bytes fields (the signature) may hold NUL. */
	*p = 'X';
	rq.signature.data = (uint8_t *)"\0\0\0";
	rq.signature.len = 3;
	free(buf);
	buf = test_pack(&rq, &len);
	assert_true(text_wire_check(buf, len, &v));
	free(buf);
}

/* Display names compare with whitespace runs, invisible characters, ends
 * and ASCII case folded. */
static void
test_same_name(void **state)
{
	(void)state;
	assert_true(text_same_name("赵委员", "赵委员"));
	assert_true(text_same_name("赵委员", " 赵委员  "));
	assert_true(text_same_name("赵 委员", "赵\xe3\x80\x80\t委员"));
	assert_true(text_same_name("赵委员", "赵\xe2\x80\x8b委员"));
	assert_true(text_same_name("Zhao Wei", "zhao  wei"));
	assert_false(text_same_name("赵委员", "钱委员"));
	assert_false(text_same_name("赵委员", "赵 委员"));
	assert_false(text_same_name("赵委", "赵委员"));
	assert_false(text_same_name("", "a"));
	/* Old data that is not UTF-8 compares bytewise, its key no longer
	 * than the name (a byte 0xff is not U+00FF). */
	assert_true(text_same_name("a\xff b", "a\xff  b"));
	assert_false(text_same_name("a\xff", "a\xc3\xbf"));
	{
		char key[8];

		text_name_key(" \xff\xfe\xfd ", key);
		assert_string_equal(key, "\xff\xfe\xfd");
	}
}

/* Fills seat i of s and its key (in keys, 64 bytes each). */
static void
test_seat(struct text_seat *s, char (*keys)[64], size_t i, const char *id,
    const char *display, bool proposed)
{
	s[i].identity = id;
	s[i].display = display;
	s[i].proposed = proposed;
	s[i].key = keys[i];
	text_name_key(display, keys[i]);
}

/* Two seats of one body sharing a display name, one of them proposed, are
 * found; a seat replaced by its own proposal is not compared. */
static void
test_clash(void **state)
{
	struct text_seat s[5];
	char keys[5][64];
	size_t a, b;

	(void)state;
	text_name_key("  Zhao\xe3\x80\x80\xe2\x80\x8bWei ", keys[0]);
	assert_string_equal(keys[0], "zhao wei");
	/* m1 renames itself to what it is called already: fine. */
	test_seat(s, keys, 0, "m1", "委员1", true);
	test_seat(s, keys, 1, "m1", "委员1", false);
	test_seat(s, keys, 2, "m2", "委员2", false);
	assert_false(text_seats_clash(s, 3, &a, &b));
	/* m3 takes m2's name, spaced differently. */
	test_seat(s, keys, 0, "m3", " 委员2", true);
	test_seat(s, keys, 1, "m1", "委员1", false);
	test_seat(s, keys, 2, "m2", "委员2", false);
	assert_true(text_seats_clash(s, 3, &a, &b));
	assert_string_equal(s[a].key, s[b].key);
	assert_true(s[a].proposed || s[b].proposed);
	/* m2 renames itself away, so m3 may take its old name. */
	test_seat(s, keys, 0, "m3", "委员2", true);
	test_seat(s, keys, 1, "m2", "二委员", true);
	test_seat(s, keys, 2, "m2", "委员2", false);
	test_seat(s, keys, 3, "m1", "委员1", false);
	assert_false(text_seats_clash(s, 4, &a, &b));
	/* Two proposed seats with one name. */
	test_seat(s, keys, 0, "m4", "同名", true);
	test_seat(s, keys, 1, "m5", "同名", true);
	assert_true(text_seats_clash(s, 2, &a, &b));
	/* Two current seats that already clash (old data) are not ours to
	 * refuse: only a proposal is. */
	test_seat(s, keys, 0, "m6", "旧名", false);
	test_seat(s, keys, 1, "m7", "旧名", false);
	test_seat(s, keys, 2, "m8", "新名", true);
	assert_false(text_seats_clash(s, 3, &a, &b));
}

/* Runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_characters),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_wire),
		cmocka_unit_test(test_same_name),
		cmocka_unit_test(test_clash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
