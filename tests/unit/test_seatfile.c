/* test_seatfile.c: the seat file of `yishi seat import`, table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "seatfile.h"

struct good {
	const char	*text;
	size_t		 n;
	const char	*seats;	/* "identity|display|role|rank;" per seat */
};

static const struct good goods[] = {
	{ "a,甲,member\n", 1, "a|甲|member|0;" },
	{ "a,甲,member", 1, "a|甲|member|0;" },			/* no LF */
	{ "a,甲,member,3\nb,乙,secretary,1\n", 2,
	    "a|甲|member|3;b|乙|secretary|1;" },
	{ "\xef\xbb\xbfidentity,display,role,rank\r\na,甲,deputy,2\r\n", 1,
	    "a|甲|deputy|2;" },
	{ "IDENTITY,DISPLAY,ROLE\na,甲,office\n", 1, "a|甲|office|0;" },
	{ "身份名,显示姓名,角色,排序\na,甲,recorder,\n", 1,
	    "a|甲|recorder|0;" },
	{ "# comment\n\n   \n\t# indented comment\na,甲,inspector\n", 1,
	    "a|甲|inspector|0;" },
	{ "a,\"甲, 乙\",observer\n", 1, "a|甲, 乙|observer|0;" },
	{ "a,\"say \"\"hi\"\"\",member\n", 1, "a|say \"hi\"|member|0;" },
	{ "\"a\" , \"甲\" ,member , 4 \n", 1, "a|甲|member|4;" },
	{ "  a  ,  张 三  ,member\n", 1, "a|张 三|member|0;" },
	{ "a,\"\"\"\",member\n", 1, "a|\"|member|0;" },
	/* Column names only on the first seat line. */
	{ "a,甲,member\nidentity,乙,member\n", 2,
	    "a|甲|member|0;identity|乙|member|0;" },
};

struct bad {
	const char	*text;
	size_t		 len;	/* 0: strlen */
	const char	*en;
};

static const struct bad bads[] = {
	{ "", 0, "the file holds no seats" },
	{ "# only a comment\n\n", 0, "the file holds no seats" },
	{ "identity,display,role\n", 0, "the file holds no seats" },
	{ "a,甲\n", 0, "line 1: expected 3 or 4 fields (identity,display,"
	    "role[,rank]), found 2" },
	{ "a,甲,member,1,x\n", 0, "line 1: expected 3 or 4 fields "
	    "(identity,display,role[,rank]), found 5" },
	{ "\n\na,甲,chair\n", 0, "line 3: unknown role \"chair\" (one of "
	    "secretary|deputy|member|recorder|office|inspector|observer)" },
	{ "a,甲,Member\n", 0, "line 1: unknown role \"Member\"" },
	{ "a,甲,member,x\n", 0, "line 1: rank \"x\" is not a whole number" },
	{ "a,甲,member,-1\n", 0, "line 1: rank \"-1\"" },
	{ "a,甲,member,1x\n", 0, "line 1: rank \"1x\"" },
	{ "a,甲,member,99999999999\n", 0, "line 1: rank \"99999999999\"" },
	{ ",甲,member\n", 0, "line 1: the identity is empty" },
	{ "a,,member\n", 0, "line 1: the display name is empty" },
	{ "a,\"\",member\n", 0, "line 1: the display name is empty" },
	{ "a,\"甲,member\n", 0, "line 1: a quote is not closed" },
	{ "a,\"甲\"x,member\n", 0, "line 1: a quote is not closed, or is "
	    "followed" },
	{ "a,甲,member\nb,乙,member\r\na,丙,deputy\n", 0,
	    "line 3: identity a already appears on line 1" },
	{ "a,甲,member\n\0b,乙,member\n", 27, "NUL byte" },
};

/* Formats the parsed seats as goods[].seats does. */
static void
seats_text(const struct seatfile *sf, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sf->n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s|%s|%s|%d;",
		    sf->seats[i].identity, sf->seats[i].display,
		    sf->seats[i].role, (int)sf->seats[i].rank);
}

static void
test_good(void **state)
{
	struct seatfile sf;
	char got[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		memset(&sf, 0, sizeof sf);
		if (seatfile_parse(&sf, goods[i].text,
		    strlen(goods[i].text)) != 0)
			fail_msg("case %zu: refused: %s", i, sf.en);
		seats_text(&sf, got, sizeof got);
		if (sf.n != goods[i].n || strcmp(got, goods[i].seats) != 0)
			fail_msg("case %zu: got %zu seats \"%s\", want \"%s\"",
			    i, sf.n, got, goods[i].seats);
		seatfile_free(&sf);
	}
}

static void
test_bad(void **state)
{
	struct seatfile sf;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		memset(&sf, 0, sizeof sf);
		len = bads[i].len ? bads[i].len : strlen(bads[i].text);
		if (seatfile_parse(&sf, bads[i].text, len) == 0)
			fail_msg("case %zu: accepted", i);
		if (strstr(sf.en, bads[i].en) == NULL)
			fail_msg("case %zu: said \"%s\", want \"%s\"", i, sf.en,
			    bads[i].en);
		if (sf.zh[0] == '\0')
			fail_msg("case %zu: no Chinese message", i);
		/* A refusal keeps nothing. */
		assert_int_equal(sf.n, 0);
		assert_null(sf.seats);
	}
	/* The line in Chinese too. */
	memset(&sf, 0, sizeof sf);
	assert_int_equal(seatfile_parse(&sf, "a,甲,member\nb,乙,x\n", 21), -1);
	assert_non_null(strstr(sf.zh, "第 2 行：未知的角色“x”"));
}

/* SEATFILE_MAX seats pass; one more is refused on the line past it. */
static void
test_max(void **state)
{
	struct seatfile sf;
	size_t cap = (SEATFILE_MAX + 1) * 32, off = 0;
	char *text = malloc(cap), want[64];
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 1; i <= SEATFILE_MAX; i++)
		off += (size_t)snprintf(text + off, cap - off, "m%d,委员%d,"
		    "member,%d\n", i, i, i);
	memset(&sf, 0, sizeof sf);
	assert_int_equal(seatfile_parse(&sf, text, off), 0);
	assert_int_equal(sf.n, SEATFILE_MAX);
	assert_string_equal(sf.seats[SEATFILE_MAX - 1].identity, "m10000");
	seatfile_free(&sf);
	off += (size_t)snprintf(text + off, cap - off, "x,甲,member\n");
	assert_int_equal(seatfile_parse(&sf, text, off), -1);
	snprintf(want, sizeof want, "line %d: at most %d seats",
	    SEATFILE_MAX + 1, SEATFILE_MAX);
	assert_non_null(strstr(sf.en, want));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
