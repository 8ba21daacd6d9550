/*
 * test_common.c: the code the server and the client share (common/): the
 * one RFC 3339 reader, civil day numbers and hex, each table-driven with
 * the boundary cases. The expected instants and day numbers were computed
 * independently with Python's datetime (year 0: 0001-03-01 less 365).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/err.h>

#include "days.h"
#include "hex.h"
#include "rfc3339.h"

/* ------------------------------------------------------------ RFC 3339 */

static void
test_rfc3339(void **state)
{
	static const struct {
		const char *in;
		int ok;
		long long epoch;	/* when ok */
		int offset_min;
	} t[] = {
		{ "2026-12-01T09:00:00+08:00", 1, 1796086800LL, 480 },
		{ "2026-12-01T01:00:00Z", 1, 1796086800LL, 0 },
		{ "2026-12-01t01:00:00z", 1, 1796086800LL, 0 },
		{ "2026-12-01T01:00:00.123456789Z", 1, 1796086800LL, 0 },
		{ "2026-12-01T01:00:00.5+00:00", 1, 1796086800LL, 0 },
		{ "1970-01-01T00:00:00Z", 1, 0, 0 },
		{ "1969-12-31T23:59:59Z", 1, -1, 0 },
		/* The widest offsets in use. */
		{ "2026-12-01T23:00:00+14:00", 1, 1796115600LL, 840 },
		{ "2026-11-30T13:00:00-12:00", 1, 1796086800LL, -720 },
		{ "2026-12-01T01:00:00-00:00", 1, 1796086800LL, 0 },
		/* Leap day, and a leap second (counted as the next second). */
		{ "2028-02-29T12:00:00Z", 1, 1835438400LL, 0 },
		{ "2000-02-29T00:00:00Z", 1, 951782400LL, 0 },
		{ "2016-12-31T23:59:60Z", 1, 1483228800LL, 0 },
		{ "2028-02-29T23:59:60-05:30", 1, 1835501400LL, -330 },
		/* Refused. */
		{ "2026-02-29T09:00:00+08:00", 0, 0, 0 },	/* not a leap year */
		{ "1900-02-29T09:00:00Z", 0, 0, 0 },
		{ "2026-04-31T09:00:00Z", 0, 0, 0 },
		{ "2026-13-01T09:00:00Z", 0, 0, 0 },
		{ "2026-00-01T09:00:00Z", 0, 0, 0 },
		{ "2026-12-00T09:00:00Z", 0, 0, 0 },
		{ "2026-12-01T24:00:00Z", 0, 0, 0 },
		{ "2026-12-01T23:60:00Z", 0, 0, 0 },
		{ "2026-12-01T23:59:61Z", 0, 0, 0 },
		{ "2026-12-01T09:00:00", 0, 0, 0 },		/* no offset */
		{ "2026-12-01T09:00:00+0800", 0, 0, 0 },
		{ "2026-12-01T09:00:00+08", 0, 0, 0 },
		{ "2026-12-01T09:00:00+24:00", 0, 0, 0 },
		{ "2026-12-01T09:00:00+23:59", 0, 0, 0 },	/* no such zone */
		{ "2026-12-01T09:00:00+14:01", 0, 0, 0 },
		{ "2026-12-01T09:00:00-12:01", 0, 0, 0 },
		{ "0000-03-01T00:00:00Z", 0, 0, 0 },		/* year 0 */
		{ "0001-01-01T00:00:00Z", 1, -62135596800LL, 0 },
		{ "2026-12-01T09:00:00+08:60", 0, 0, 0 },
		{ "2026-12-01T09:00:00+08:00:00", 0, 0, 0 },
		{ "2026-12-01T09:00Z", 0, 0, 0 },
		{ "2026-12-01 09:00:00Z", 0, 0, 0 },
		{ "2026-12-01T09:00:00.Z", 0, 0, 0 },
		{ "2026-12-01T09:00:00.1234567890Z", 0, 0, 0 },	/* 10 digits */
		{ "2026-12-01T09:00:00,5Z", 0, 0, 0 },
		{ "2026-12-01T09:00:00Zjunk", 0, 0, 0 },
		{ "2026-12-01T09:00:00+08:00 ", 0, 0, 0 },
		{ "2026-12-01T09:00:00+08:00\n", 0, 0, 0 },
		{ " 2026-12-01T09:00:00Z", 0, 0, 0 },
		{ "2026-1-01T09:00:00Z", 0, 0, 0 },
		{ "+2026-12-01T09:00:00Z", 0, 0, 0 },
		{ "2026-12-01", 0, 0, 0 },
		{ "", 0, 0, 0 },
	};
	struct rfc3339 r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&r, 0x55, sizeof r);
		if (rfc3339_parse(t[i].in, &r) != (t[i].ok != 0))
			fail_msg("rfc3339_parse(\"%s\") should be %s", t[i].in,
			    t[i].ok ? "accepted" : "refused");
		assert_int_equal(rfc3339_parse(t[i].in, NULL), t[i].ok != 0);
		if (!t[i].ok)
			continue;
		assert_int_equal(r.offset_min, t[i].offset_min);
		if (rfc3339_epoch(&r) != t[i].epoch)
			fail_msg("%s: epoch %lld, want %lld", t[i].in,
			    rfc3339_epoch(&r), t[i].epoch);
	}
	assert_false(rfc3339_parse(NULL, &r));
}

/* ------------------------------------------------------------ days */

static void
test_days(void **state)
{
	static const struct {
		int y, m, d;
		int64_t day;
	} t[] = {
		{ 1970, 1, 1, 0 },
		{ 1969, 12, 31, -1 },
		{ 2000, 2, 29, 11016 },
		{ 2000, 3, 1, 11017 },
		{ 2026, 12, 1, 20788 },
		{ 2028, 2, 29, 21243 },
		{ 1900, 3, 1, -25508 },
		{ 1600, 1, 1, -135140 },
		{ 0, 3, 1, -719468 },
		{ 9999, 12, 31, 2932896 },
	};
	static const struct {
		int y, m, n;
	} months[] = {
		{ 2026, 1, 31 }, { 2026, 2, 28 }, { 2028, 2, 29 },
		{ 2000, 2, 29 }, { 1900, 2, 28 }, { 2100, 2, 28 },
		{ 2026, 4, 30 }, { 2026, 12, 31 },
	};
	size_t i;
	int y, m, d;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(days_from_civil(t[i].y, t[i].m, t[i].d),
		    t[i].day);
		days_to_civil(t[i].day, &y, &m, &d);
		assert_int_equal(y, t[i].y);
		assert_int_equal(m, t[i].m);
		assert_int_equal(d, t[i].d);
	}
	for (i = 0; i < sizeof months / sizeof months[0]; i++)
		assert_int_equal(days_in_month(months[i].y, months[i].m),
		    months[i].n);
	/* An instant's day rounds towards the past, also before 1970. */
	assert_int_equal(days_from_us(0), 0);
	assert_int_equal(days_from_us(86400LL * 1000000 - 1), 0);
	assert_int_equal(days_from_us(86400LL * 1000000), 1);
	assert_int_equal(days_from_us(-1), -1);
	assert_int_equal(days_from_us(-86400LL * 1000000), -1);
	assert_int_equal(days_from_us(-86400LL * 1000000 - 1), -2);
}

/* ------------------------------------------------------------ hex */

static void
test_hex(void **state)
{
	static const struct {
		const char *in;
		int ok;
		size_t n;
		const char *bytes;
	} t[] = {
		{ "", 1, 0, "" },
		{ "00", 1, 1, "\x00" },
		{ "0aff10", 1, 3, "\x0a\xff\x10" },
		{ "0AFF10", 1, 3, "\x0a\xff\x10" },		/* uppercase */
		{ "0aFf10", 1, 3, "\x0a\xff\x10" },
		{ "0", 0, 0, NULL },				/* odd length */
		{ "0af", 0, 0, NULL },
		{ "0g", 0, 0, NULL },				/* not hex */
		{ "g0", 0, 0, NULL },
		{ "0a:ff", 0, 0, NULL },			/* separator */
		{ "0a ff", 0, 0, NULL },
		{ " 0a", 0, 0, NULL },
		{ "0x0a", 0, 0, NULL },
		{ "0a\n", 0, 0, NULL },
		{ "0011223344", 0, 0, NULL },			/* over max */
	};
	static const uint8_t all[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	uint8_t out[4];
	char hex[2 * sizeof all + 1];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = 99;
		if (hex_decode(t[i].in, out, sizeof out, &n) != (t[i].ok != 0))
			fail_msg("hex_decode(\"%s\") should be %s", t[i].in,
			    t[i].ok ? "accepted" : "refused");
		/* A refusal leaves nothing on OpenSSL's error queue. */
		assert_int_equal(ERR_peek_error(), 0);
		if (!t[i].ok)
			continue;
		assert_int_equal(n, t[i].n);
		assert_memory_equal(out, t[i].bytes, n);
	}
	assert_false(hex_decode(NULL, out, sizeof out, &n));
	hex_encode(all, sizeof all, hex);
	assert_string_equal(hex, "00017f80abff");
	hex_encode(all, 0, hex);
	assert_string_equal(hex, "");
	/* Round trip, encoder to decoder. */
	hex_encode(all, 4, hex);
	assert_true(hex_decode(hex, out, sizeof out, &n));
	assert_int_equal(n, 4);
	assert_memory_equal(out, all, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
