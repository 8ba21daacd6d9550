/* args.c: command-line parsing for yishi (see args.h). */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "days.h"
#include "rfc3339.h"

enum args_global {
	G_NONE,
	G_SERVER,
	G_IDENTITY,
	G_JSON,
	G_LANG,
	G_TIMEOUT,
	G_HELP,
	G_NO_SELF_CHECK
};

/* Records a usage error in the chosen language (the first one wins). */
void
args_failf(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->err[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(cli->err, sizeof cli->err, fmt, ap);
	va_end(ap);
}

/* Fills the global options from the environment and the defaults. */
void
args_defaults(struct cli *cli)
{
	const char *s;

	s = getenv("YISHI_SERVER");
	cli->server = s != NULL && s[0] != '\0' ? s : ARGS_DEFAULT_SERVER;
	s = getenv("YISHI_IDENTITY");
	cli->identity = s != NULL && s[0] != '\0' ? s : NULL;
	s = getenv("LANG");
	cli->lang = s != NULL && strncmp(s, "en", 2) == 0 &&
	    (s[2] == '_' || s[2] == '\0' || s[2] == '.') ? CLI_EN : CLI_ZH;
	cli->timeout = ARGS_DEFAULT_TIMEOUT;
	cli->json = false;
}

/* Which global option arg names (with or without "=value"). */
static enum args_global
args_global_kind(const char *arg)
{
	static const struct {
		const char *name;
		enum args_global g;
	} globals[] = {
		{ "--server", G_SERVER },
		{ "--identity", G_IDENTITY },
		{ "--identity-dir", G_IDENTITY },
		{ "--json", G_JSON },
		{ "--lang", G_LANG },
		{ "--timeout", G_TIMEOUT },
		{ "--help", G_HELP },
		{ "-h", G_HELP },
		{ "--no-self-check", G_NO_SELF_CHECK },
	};
	size_t i, n;

	for (i = 0; i < sizeof globals / sizeof globals[0]; i++) {
		n = strlen(globals[i].name);
		if (strncmp(arg, globals[i].name, n) == 0 &&
		    (arg[n] == '\0' || arg[n] == '='))
			return globals[i].g;
	}
	return G_NONE;
}

/* Parses a decimal integer of digits only, at most max. */
static bool
args_num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/*
 * Applies one global option; value is its argument (NULL for flags).
 * Returns 0, or -1 with the error recorded.
 */
static int
args_apply_global(struct cli *cli, enum args_global g, const char *value)
{
	uint64_t t;

	switch (g) {
	case G_SERVER:
		if (value[0] == '\0')
			break;
		cli->server = value;
		return 0;
	case G_IDENTITY:
		if (value[0] == '\0')
			break;
		cli->identity = value;
		return 0;
	case G_JSON:
		cli->json = true;
		return 0;
	case G_LANG:
		if (strcmp(value, "zh") == 0)
			cli->lang = CLI_ZH;
		else if (strcmp(value, "en") == 0)
			cli->lang = CLI_EN;
		else
			break;
		return 0;
	case G_TIMEOUT:
		if (!args_num(value, 86400, &t))
			break;
		cli->timeout = (int)t;
		return 0;
	case G_HELP:
		cli->help = true;
		return 0;
	case G_NO_SELF_CHECK:
		cli->no_self_check = true;
		return 0;
	case G_NONE:
		return 0;
	}
	args_fail(cli, "全局选项的值无效：%s（--lang zh|en，--timeout 为 0 至 "
	    "86400 的秒数，--server HOST:PORT）",
	    "bad value for a global option: %s (--lang zh|en, --timeout "
	    "seconds 0..86400, --server HOST:PORT)", value);
	return -1;
}

/* Whether g takes a value. */
static bool
args_global_takes_value(enum args_global g)
{
	return g == G_SERVER || g == G_IDENTITY || g == G_LANG ||
	    g == G_TIMEOUT;
}

/*
 * Handles argv[*i] as a global option when it is one: applies it and moves
 * *i past its value. Returns 1 when consumed, 0 when not a global, -1 on
 * error.
 */
static int
args_take_global(struct cli *cli, int argc, char **argv, int *i)
{
	enum args_global g = args_global_kind(argv[*i]);
	const char *eq, *value = NULL;

	if (g == G_NONE)
		return 0;
	eq = strchr(argv[*i], '=');
	if (args_global_takes_value(g)) {
		if (eq != NULL) {
			value = eq + 1;
		} else if (*i + 1 < argc) {
			value = argv[++*i];
		} else {
			args_fail(cli, "%s 需要一个值", "%s needs a value",
			    argv[*i]);
			return -1;
		}
	} else if (eq != NULL) {
		args_fail(cli, "%s 不带值", "%s takes no value", argv[*i]);
		return -1;
	}
	return args_apply_global(cli, g, value) == -1 ? -1 : 1;
}

/* Finds the command (group, name); name NULL for one-word commands. */
static const struct cmd *
args_find(const struct cmd *table, size_t n, const char *group,
    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(table[i].group, group) != 0)
			continue;
		if (name == NULL ? table[i].name == NULL :
		    table[i].name != NULL && strcmp(table[i].name, name) == 0)
			return &table[i];
	}
	return NULL;
}

/* Whether group is the first word of some two-word command. */
static bool
args_is_group(const struct cmd *table, size_t n, const char *group)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].name != NULL &&
		    strcmp(table[i].group, group) == 0)
			return true;
	return false;
}

/* Whether s is exactly n digits at p. */
static bool
args_digits(const char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

/* Reads n digits at p as a number (they were checked). */
static int
args_val(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* Whether the YYYY-MM-DD at s is a real calendar date. */
static bool
args_date_at(const char *s)
{
	int y, m, d;

	if (!args_digits(s, 4) || s[4] != '-' || !args_digits(s + 5, 2) ||
	    s[7] != '-' || !args_digits(s + 8, 2))
		return false;
	y = args_val(s, 4);
	m = args_val(s + 5, 2);
	d = args_val(s + 8, 2);
	return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Whether s is a calendar date YYYY-MM-DD. */
bool
args_is_date(const char *s)
{
	return strlen(s) == 10 && args_date_at(s);
}

/* Checks value against o's type. Returns 0, or -1 with the error recorded. */
static int
args_check(struct cli *cli, const struct opt *o, const char *value)
{
	uint64_t v;

	switch (o->type) {
	case OPT_FLAG:
		return 0;
	case OPT_STR:
		if (value[0] != '\0')
			return 0;
		args_fail(cli, "--%s 不能为空", "--%s must not be empty",
		    o->name);
		return -1;
	case OPT_ID:
		if (args_num(value, UINT64_MAX, &v) && v > 0)
			return 0;
		args_fail(cli, "--%s 须为正整数编号，而不是“%s”",
		    "--%s must be a positive integer id, not \"%s\"", o->name,
		    value);
		return -1;
	case OPT_INT:
		if (args_num(value, INT32_MAX, &v))
			return 0;
		args_fail(cli, "--%s 须为非负整数，而不是“%s”",
		    "--%s must be a non-negative integer, not \"%s\"", o->name,
		    value);
		return -1;
	case OPT_AMOUNT:
		if (args_num(value, INT64_MAX, &v))
			return 0;
		args_fail(cli, "--%s 须为以元计的整数金额，而不是“%s”",
		    "--%s must be a whole number of yuan, not \"%s\"", o->name,
		    value);
		return -1;
	case OPT_ENUM:
		if (args_is_choice(o->choices, value))
			return 0;
		args_fail(cli, "--%s 的值无效：“%s”（可选：%s）",
		    "bad value for --%s: \"%s\" (one of %s)", o->name, value,
		    o->choices);
		return -1;
	case OPT_TIME:
		if (rfc3339_parse(value, NULL))
			return 0;
		args_fail(cli, "--%s 须为 RFC 3339 时间，例如 "
		    "2026-12-01T09:00:00+08:00，而不是“%s”",
		    "--%s must be an RFC 3339 time such as "
		    "2026-12-01T09:00:00+08:00, not \"%s\"", o->name, value);
		return -1;
	case OPT_DATE:
		if (args_is_date(value))
			return 0;
		args_fail(cli, "--%s 须为日期 YYYY-MM-DD，而不是“%s”",
		    "--%s must be a date YYYY-MM-DD, not \"%s\"", o->name,
		    value);
		return -1;
	case OPT_FILE:
		if (value[0] != '\0' && access(value, R_OK) == 0)
			return 0;
		args_fail(cli, "无法读取 --%s 指定的文件“%s”：%s",
		    "cannot read the file given to --%s, \"%s\": %s", o->name,
		    value, strerror(value[0] ? errno : ENOENT));
		return -1;
	}
	return 0;
}

/* Whether s is one of the "a|b|c" choices (see args.h). */
bool
args_is_choice(const char *choices, const char *s)
{
	const char *c, *bar;
	size_t n = strlen(s);

	for (c = choices; n > 0 && *c != '\0'; c = bar + 1) {
		bar = strchr(c, '|');
		if (bar == NULL)
			bar = c + strlen(c);
		if ((size_t)(bar - c) == n && strncmp(c, s, n) == 0)
			return true;
		if (*bar == '\0')
			break;
	}
	return false;
}

/* Finds option name (without "--") of cmd; returns its index or -1. */
static int
args_opt_index(const struct cmd *cmd, const char *name, size_t len)
{
	int i;

	for (i = 0; cmd->opts != NULL && cmd->opts[i].name != NULL; i++)
		if (strlen(cmd->opts[i].name) == len &&
		    strncmp(cmd->opts[i].name, name, len) == 0)
			return i;
	return -1;
}

/*
 * Sets --lang from a quick look at argv, so that errors found before the
 * careful parse reaches it are already in that language; returns whether
 * --json appears, which decides the form of a usage error.
 */
static bool
args_prescan(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--lang=en") == 0 ||
		    (strcmp(argv[i], "--lang") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "en") == 0))
			cli->lang = CLI_EN;
		else if (strcmp(argv[i], "--lang=zh") == 0 ||
		    (strcmp(argv[i], "--lang") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "zh") == 0))
			cli->lang = CLI_ZH;
	}
	return json;
}

/* Parses the arguments after the command words (second pass). */
static void
args_command(struct cli *cli, int argc, char **argv, const bool *used)
{
	const struct cmd *cmd = cli->cmd;
	const struct opt *o;
	const char *arg, *eq, *value;
	bool rest_positional = false;
	struct optval *ov;
	size_t len;
	int i, k, r;

	for (i = 1; i < argc; i++) {
		if (used[i])
			continue;
		arg = argv[i];
		if (!rest_positional && strcmp(arg, "--") == 0) {
			rest_positional = true;
			continue;
		}
		if (rest_positional || arg[0] != '-' || arg[1] == '\0') {
			if (cmd->pos != NULL && cli->npos < 1) {
				cli->pos[cli->npos++] = arg;
				continue;
			}
			args_fail(cli, "多余的参数“%s”", "unexpected argument "
			    "\"%s\"", arg);
			continue;
		}
		eq = strchr(arg, '=');
		len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		k = arg[1] == '-' ? args_opt_index(cmd, arg + 2, len - 2) : -1;
		if (k < 0) {
			r = args_take_global(cli, argc, argv, &i);
			if (r == 0)
				args_fail(cli, "“%s%s%s”不支持选项 %.*s",
				    "\"%s%s%s\" has no option %.*s",
				    cmd->group, cmd->name ? " " : "",
				    cmd->name ? cmd->name : "", (int)len, arg);
			continue;
		}
		o = &cmd->opts[k];
		ov = &cli->opt[k];
		if (o->type == OPT_FLAG) {
			if (eq != NULL) {
				args_fail(cli, "--%s 不带值",
				    "--%s takes no value", o->name);
				continue;
			}
			value = "";
		} else if (eq != NULL) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			args_fail(cli, "--%s 需要一个值", "--%s needs a value",
			    o->name);
			continue;
		}
		if (ov->count > 0 && !(o->flags & OPT_MULTI)) {
			args_fail(cli, "--%s 只能给一次",
			    "--%s may be given only once", o->name);
			continue;
		}
		if (ov->count >= (int)(sizeof ov->vals / sizeof ov->vals[0])) {
			args_fail(cli, "--%s 给得太多", "too many --%s",
			    o->name);
			continue;
		}
		if (args_check(cli, o, value) == -1)
			continue;
		ov->vals[ov->count++] = value;
	}
}

/* Parses argv against table (see args.h). */
int
args_parse(struct cli *cli, const struct cmd *table, size_t n, int argc,
    char **argv)
{
	const char *w1 = NULL, *w2 = NULL;
	int i, i1 = -1, i2 = -1, r, k;
	bool *used, json_seen;

	json_seen = args_prescan(cli, argc, argv);
	used = calloc((size_t)argc + 1, sizeof *used);
	if (used == NULL) {
		args_fail(cli, "内存不足", "out of memory");
		return -1;
	}
	/* First pass: global options before the command words, the words. */
	for (i = 1; i < argc; i++) {
		k = i;
		r = args_take_global(cli, argc, argv, &i);
		if (r == -1)
			goto fail;
		if (r == 1) {
			while (k <= i)
				used[k++] = true;
			continue;
		}
		if (argv[i][0] == '-')
			break;
		if (w1 == NULL) {
			w1 = argv[i];
			i1 = i;
		} else {
			w2 = argv[i];
			i2 = i;
			break;
		}
	}
	if (w1 == NULL) {
		if (cli->help)
			goto done;
		args_fail(cli, "缺少命令；用 yishi --help 查看全部命令",
		    "no command given; yishi --help lists them");
		goto fail;
	}
	if (w2 != NULL && (cli->cmd = args_find(table, n, w1, w2)) != NULL) {
		used[i1] = used[i2] = true;
	} else if ((cli->cmd = args_find(table, n, w1, NULL)) != NULL) {
		used[i1] = true;
	} else if (args_is_group(table, n, w1)) {
		cli->group = w1;
		if (w2 == NULL && cli->help)
			goto done;
		if (w2 == NULL)
			args_fail(cli, "“%s”后缺少子命令；用 yishi %s --help 查看",
			    "\"%s\" needs a subcommand; see yishi %s --help",
			    w1, w1);
		else
			args_fail(cli, "未知命令“%s %s”；用 yishi %s --help 查看",
			    "unknown command \"%s %s\"; see yishi %s --help",
			    w1, w2, w1);
		goto fail;
	} else {
		args_fail(cli, "未知命令“%s”；用 yishi --help 查看全部命令",
		    "unknown command \"%s\"; yishi --help lists them", w1);
		goto fail;
	}
	/* Second pass: everything else, against the command's options. */
	args_command(cli, argc, argv, used);
	if (cli->help)
		goto done;
	if (cli->err[0] != '\0')
		goto fail;
	for (k = 0; cli->cmd->opts != NULL && cli->cmd->opts[k].name != NULL;
	    k++) {
		if ((cli->cmd->opts[k].flags & OPT_REQUIRED) &&
		    cli->opt[k].count == 0) {
			args_fail(cli, "缺少必需的选项 --%s",
			    "missing required option --%s",
			    cli->cmd->opts[k].name);
			goto fail;
		}
	}
	if (cli->cmd->pos != NULL && cli->npos == 0) {
		args_fail(cli, "缺少参数 %s", "missing argument %s",
		    cli->cmd->pos);
		goto fail;
	}
done:
	cli->err[0] = '\0';
	free(used);
	return 0;
fail:
	if (cli->help && cli->err[0] != '\0' && (cli->cmd || cli->group ||
	    w1 == NULL)) {
		cli->err[0] = '\0';
		free(used);
		return 0;
	}
	free(used);
	if (json_seen)
		cli->json = true;	/* the parse may not have got that far */
	return -1;
}

/* Index of option name in the parsed command, or -1. */
static int
args_index(const struct cli *cli, const char *name)
{
	if (cli->cmd == NULL)
		return -1;
	return args_opt_index(cli->cmd, name, strlen(name));
}

/* The value of the command's option name, or NULL when not given. */
const char *
args_str(const struct cli *cli, const char *name)
{
	int k = args_index(cli, name);

	if (k < 0 || cli->opt[k].count == 0)
		return NULL;
	return cli->opt[k].vals[0];
}

/* Whether the command's flag name was given. */
bool
args_flag(const struct cli *cli, const char *name)
{
	int k = args_index(cli, name);

	return k >= 0 && cli->opt[k].count > 0;
}

/* The numeric value of an integer option, or 0. */
uint64_t
args_u64(const struct cli *cli, const char *name)
{
	const char *s = args_str(cli, name);
	uint64_t v;

	if (s == NULL || !args_num(s, UINT64_MAX, &v))
		return 0;
	return v;
}

/* The values of a repeatable option; returns their count. */
int
args_multi(const struct cli *cli, const char *name, const char *const **vals)
{
	int k = args_index(cli, name);

	if (k < 0) {
		*vals = NULL;
		return 0;
	}
	*vals = cli->opt[k].vals;
	return cli->opt[k].count;
}
