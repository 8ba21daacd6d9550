/* test_json.c: the CLI's JSON writer: structure, escaping, UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

/* Writes one string value inside an array and checks the text. */
static void
check_string(const char *in, size_t n, const char *want)
{
	struct json j;

	json_init(&j);
	json_arr(&j, NULL);
	json_strn(&j, NULL, in, n);
	json_end(&j);
	assert_non_null(json_text(&j));
	assert_string_equal(json_text(&j), want);
	json_free(&j);
}

static void
test_structure(void **state)
{
	struct json j;
	const uint8_t h[] = { 0x00, 0xab, 0xff };

	(void)state;
	json_init(&j);
	json_obj(&j, NULL);
	json_obj(&j, "body");
	json_u64(&j, "id", 7);
	json_str(&j, "name", "x");
	json_end(&j);
	json_arr(&j, "list");
	json_i64(&j, NULL, -3);
	json_bool(&j, NULL, true);
	json_null(&j, NULL);
	json_obj(&j, NULL);
	json_end(&j);
	json_arr(&j, NULL);
	json_end(&j);
	json_end(&j);
	json_hex(&j, "h", h, sizeof h);
	json_u64(&j, "max", UINT64_MAX);
	json_end(&j);
	assert_string_equal(json_text(&j),
	    "{\"body\":{\"id\":7,\"name\":\"x\"},\"list\":[-3,true,null,{},[]],"
	    "\"h\":\"00abff\",\"max\":18446744073709551615}");
	json_free(&j);
}

static void
test_unbalanced(void **state)
{
	struct json j;

	(void)state;
	json_init(&j);
	json_obj(&j, NULL);
	assert_null(json_text(&j));	/* still open */
	json_end(&j);
	assert_non_null(json_text(&j));
	json_end(&j);			/* one too many */
	assert_null(json_text(&j));
	json_free(&j);
}

static void
test_escapes(void **state)
{
	(void)state;
	check_string("a\"b\\c", 5, "[\"a\\\"b\\\\c\"]");
	check_string("\n\r\t\b\f", 5, "[\"\\n\\r\\t\\b\\f\"]");
	check_string("\x01\x1f", 2, "[\"\\u0001\\u001f\"]");
	check_string("a\0b", 3, "[\"a\\u0000b\"]");
	check_string("/", 1, "[\"/\"]");	/* no needless escape */
	check_string("\x7f", 1, "[\"\x7f\"]");
}

static void
test_utf8_passthrough(void **state)
{
	(void)state;
	/* Chinese, an em dash and an emoji go out as they are: no \u. */
	check_string("张三 — 党组会议", strlen("张三 — 党组会议"),
	    "[\"张三 — 党组会议\"]");
	check_string("\xf0\x9f\x98\x80", 4, "[\"\xf0\x9f\x98\x80\"]");
	check_string("\xe2\x80\xa8", 3, "[\"\xe2\x80\xa8\"]");
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	/* Bytes that are not UTF-8 become U+FFFD, one per bad byte. */
	check_string("a\xffz", 3, "[\"a\xef\xbf\xbdz\"]");
	check_string("\xc0\xaf", 2, "[\"\xef\xbf\xbd\xef\xbf\xbd\"]");
	check_string("\xed\xa0\x80", 3,
	    "[\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"]");	/* surrogate */
	check_string("\xe5\xbc", 2, "[\"\xef\xbf\xbd\xef\xbf\xbd\"]");
	check_string("\xf4\x90\x80\x80", 4,
	    "[\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"]");
}

static void
test_keys_escaped(void **state)
{
	struct json j;

	(void)state;
	json_init(&j);
	json_obj(&j, NULL);
	json_str(&j, "k\"ey", "名");
	json_str(&j, "n", NULL);
	json_end(&j);
	assert_string_equal(json_text(&j), "{\"k\\\"ey\":\"名\",\"n\":null}");
	json_free(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_unbalanced),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8_passthrough),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_keys_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
