/* test_args.c: yishi's argument parsing: global options anywhere, values
 * checked, usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"
#include "cli.h"

/* Parses a NULL-terminated argument list into cli; returns args_parse's. */
static int
parse(struct cli *cli, const char **words)
{
	char *argv[64];
	int argc = 0;

	memset(cli, 0, sizeof *cli);
	args_defaults(cli);
	argv[argc++] = (char *)"yishi";
	while (*words != NULL)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	return args_parse(cli, cli_cmds, cli_ncmds, argc, argv);
}

#define PARSE(cli, ...) parse((cli), (const char *[]){ __VA_ARGS__, NULL })

static int
setup(void **state)
{
	(void)state;
	unsetenv("YISHI_SERVER");
	unsetenv("YISHI_IDENTITY");
	unsetenv("LANG");
	return 0;
}

static void
test_defaults(void **state)
{
	struct cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "3"), 0);
	assert_string_equal(cli.server, "127.0.0.1:7400");
	assert_null(cli.identity);
	assert_int_equal(cli.timeout, 10);
	assert_int_equal(cli.lang, CLI_ZH);
	assert_false(cli.json);
	assert_string_equal(cli.cmd->group, "checkin");
	assert_int_equal(args_u64(&cli, "meeting"), 3);

	setenv("YISHI_SERVER", "h:1", 1);
	setenv("YISHI_IDENTITY", "/id", 1);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "3"), 0);
	assert_string_equal(cli.server, "h:1");
	assert_string_equal(cli.identity, "/id");
	assert_int_equal(cli.lang, CLI_EN);
	setenv("LANG", "zh_CN.UTF-8", 1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "3"), 0);
	assert_int_equal(cli.lang, CLI_ZH);
	setup(NULL);
}

static void
test_globals_anywhere(void **state)
{
	struct cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "--json", "--server", "a:1", "vote",
	    "cast", "--item", "5", "--lang", "en", "--choice", "yes",
	    "--timeout=3", "--identity", "/x"), 0);
	assert_true(cli.json);
	assert_string_equal(cli.server, "a:1");
	assert_string_equal(cli.identity, "/x");
	assert_int_equal(cli.lang, CLI_EN);
	assert_int_equal(cli.timeout, 3);
	assert_string_equal(cli.cmd->name, "cast");
	assert_string_equal(args_str(&cli, "choice"), "yes");
	assert_null(args_str(&cli, "for"));

	/* Even between the command words. */
	assert_int_equal(PARSE(&cli, "meeting", "--json", "status",
	    "--meeting", "1"), 0);
	assert_true(cli.json);
	assert_string_equal(cli.cmd->name, "status");
	assert_int_equal(PARSE(&cli, "--lang=zh", "meeting", "status",
	    "--meeting=1", "--json"), 0);
	assert_true(cli.json);
	assert_int_equal(args_u64(&cli, "meeting"), 1);
	assert_false(cli.no_self_check);

	/* --no-self-check (selfauto.h), a flag anywhere, taking no value. */
	assert_int_equal(PARSE(&cli, "state", "--item", "2", "--no-self-check",
	    "--position", "agree"), 0);
	assert_true(cli.no_self_check);
	assert_string_equal(args_str(&cli, "position"), "agree");
	assert_int_equal(PARSE(&cli, "--no-self-check=1", "state", "--item",
	    "2", "--position", "agree"), -1);
}

static void
test_identity_clash(void **state)
{
	struct cli cli;

	(void)state;
	/* After the words, seat add's own --identity wins. */
	assert_int_equal(PARSE(&cli, "--identity", "/admin", "seat", "add",
	    "--body", "1", "--identity", "zhangsan", "--display", "张三",
	    "--role", "member"), 0);
	assert_string_equal(cli.identity, "/admin");
	assert_string_equal(args_str(&cli, "identity"), "zhangsan");
	assert_int_equal(PARSE(&cli, "seat", "add", "--body", "1",
	    "--identity", "zhangsan", "--display", "张三", "--role", "member",
	    "--identity-dir", "/admin2", "--rank", "2"), 0);
	assert_string_equal(cli.identity, "/admin2");
	assert_int_equal(args_u64(&cli, "rank"), 2);
	/* Where the command has none, --identity is the global one. */
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "2",
	    "--identity", "/me"), 0);
	assert_string_equal(cli.identity, "/me");
}

static void
test_values_are_taken_whole(void **state)
{
	struct cli cli;

	(void)state;
	/* A value that looks like an option is still the value. */
	assert_int_equal(PARSE(&cli, "state", "--item", "4", "--position",
	    "disagree", "--text", "--json"), 0);
	assert_false(cli.json);
	assert_string_equal(args_str(&cli, "text"), "--json");
	assert_int_equal(PARSE(&cli, "identity", "disable", "lisi"), 0);
	assert_int_equal(cli.npos, 1);
	assert_string_equal(cli.pos[0], "lisi");
}

static void
test_usage_errors(void **state)
{
	struct cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "seat", "add", "--body", "1",
	    "--identity", "a", "--display", "A", "--role", "nonsense"), -1);
	assert_non_null(strstr(cli.err, "--role"));
	assert_int_equal(PARSE(&cli, "meeting", "schedule", "--body", "1",
	    "--title", "t", "--at", "2026-12-01 09:00"), -1);
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "1"), -1);
	assert_non_null(strstr(cli.err, "--choice"));
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "1",
	    "--choice", "yes", "--bogus"), -1);
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "0",
	    "--choice", "yes"), -1);
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "1",
	    "--item", "2", "--choice", "yes"), -1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting"), -1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "1", "extra"),
	    -1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "1",
	    "--lang", "fr"), -1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "1",
	    "--timeout", "-1"), -1);
	assert_int_equal(PARSE(&cli, "agenda", "propose", "--meeting", "1",
	    "--title", "t", "--category", "ordinary", "--amount", "2.5"), -1);
	assert_int_equal(PARSE(&cli, "agenda", "propose", "--meeting", "1",
	    "--title", "t", "--category", "ordinary", "--amount",
	    "99999999999999999999"), -1);
	assert_int_equal(PARSE(&cli, "nonsense"), -1);
	assert_int_equal(PARSE(&cli, "meeting"), -1);
	assert_int_equal(PARSE(&cli, "meeting", "fly"), -1);
	assert_int_equal(PARSE(&cli, "--json"), -1);
	assert_true(cli.json);	/* so the error itself is JSON */
	assert_int_equal(PARSE(&cli, "identity", "disable"), -1);
	assert_int_equal(PARSE(&cli, "checkin", "--meeting", "1", "--json=1"),
	    -1);
}

static void
test_error_language(void **state)
{
	struct cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "1",
	    "--lang", "en"), -1);
	assert_string_equal(cli.err, "missing required option --choice");
	assert_int_equal(PARSE(&cli, "vote", "cast", "--item", "1"), -1);
	assert_string_equal(cli.err, "缺少必需的选项 --choice");
}

static void
test_help(void **state)
{
	struct cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "--help"), 0);
	assert_true(cli.help);
	assert_null(cli.cmd);
	assert_null(cli.group);
	assert_int_equal(PARSE(&cli, "meeting", "--help"), 0);
	assert_true(cli.help);
	assert_string_equal(cli.group, "meeting");
	/* Help wins over missing or bad options. */
	assert_int_equal(PARSE(&cli, "vote", "cast", "--help"), 0);
	assert_true(cli.help);
	assert_string_equal(cli.cmd->name, "cast");
	assert_int_equal(PARSE(&cli, "vote", "cast", "--choice", "maybe",
	    "-h"), 0);
	assert_true(cli.help);
	assert_int_equal(PARSE(&cli, "nonsense", "--help"), -1);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(args_is_date("2026-12-01"));
	assert_true(args_is_date("2000-02-29"));
	assert_false(args_is_date("1900-02-29"));
	assert_false(args_is_date("2026-04-31"));
	assert_false(args_is_date("2026-1-01"));
	assert_false(args_is_date("2026-12-01T"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_globals_anywhere),
		cmocka_unit_test(test_identity_clash),
		cmocka_unit_test(test_values_are_taken_whole),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_error_language),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
