/* out.c: errors, exit codes, vocabulary and help for the CLI (see out.h). */
#include "out.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum cli_lang out_language = CLI_ZH;
static bool out_json_mode;
static struct out_capture *out_cap;

/* Sets the language and the JSON mode. */
void
out_init(enum cli_lang lang, bool json)
{
	out_language = lang;
	out_json_mode = json;
}

/* The language messages are printed in. */
enum cli_lang
out_lang(void)
{
	return out_language;
}

/* Whether output is one JSON object instead of text. */
bool
out_is_json(void)
{
	return out_json_mode;
}

/* The escape of the character at s (n bytes left) that must not reach a
 * terminal as it is: C0 controls but newline and tab, DEL, C1 controls,
 * bidirectional controls, line and paragraph separators, bytes that are
 * not UTF-8. Writes it into esc and returns the bytes it covers, or 0 for
 * a character printed as it is (*len its length). */
static size_t
out_escape(const unsigned char *s, size_t n, char *esc, size_t size,
    size_t *len)
{
	uint32_t c;
	size_t k;

	*len = 1;
	if (s[0] < 0x80) {
		if ((s[0] < 0x20 && s[0] != '\n' && s[0] != '\t') ||
		    s[0] == 0x7F) {
			snprintf(esc, size, "\\x%02x", s[0]);
			return 1;
		}
		return 0;
	}
	k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (s[0] < 0xC2 || s[0] > 0xF4 || n < k) {
		snprintf(esc, size, "\\x%02x", s[0]);
		return 1;
	}
	c = s[0] & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
	for (*len = 1; *len < k; (*len)++) {
		if ((s[*len] & 0xC0) != 0x80) {
			snprintf(esc, size, "\\x%02x", s[0]);
			*len = 1;
			return 1;
		}
		c = c << 6 | (s[*len] & 0x3F);
	}
	if ((c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E ||
	    c == 0x200F || (c >= 0x2028 && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069)) {
		snprintf(esc, size, "\\u%04x", (unsigned)c);
		return k;
	}
	return 0;
}

/* Writes n bytes of s to f with what must not reach a terminal escaped
 * (see out_escape): server data may hold it from before it was refused. */
void
out_safe_write(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, k, len;
	char esc[16];

	while (i < n) {
		if ((k = out_escape(p + i, n - i, esc, sizeof esc, &len)) == 0) {
			i += len;
			continue;
		}
		fwrite(s + start, 1, i - start, f);
		fputs(esc, f);
		i += k;
		start = i;
	}
	fwrite(s + start, 1, n - start, f);
}

/* Formats into f through out_safe_write. */
static void __attribute__((format(printf, 2, 0)))
out_vsafe(FILE *f, const char *fmt, va_list ap)
{
	char small[1024], *buf = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (buf = malloc((size_t)n + 1)) != NULL)
		n = vsnprintf(buf, (size_t)n + 1, fmt, again);
	va_end(again);
	if (buf == NULL) {
		buf = small;
		n = (int)strlen(small);
	}
	if (n > 0)
		out_safe_write(f, buf, (size_t)n);
	if (buf != small)
		free(buf);
}

/* Prints to stdout, made safe for a terminal (out_safe_write). */
void
out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vsafe(stdout, fmt, ap);
	va_end(ap);
}

/* Prints to stderr, made safe for a terminal (out_safe_write). */
static void __attribute__((format(printf, 1, 2)))
out_eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vsafe(stderr, fmt, ap);
	va_end(ap);
}

/* Prints text, whose line breaks are the author's, so that its lines
 * cannot pass for the document's own: each line after the first starts
 * with cont (e.g. an indent and a bar, which no line of ours starts with). */
void
out_lines(const char *cont, const char *text)
{
	const char *p = text != NULL ? text : "", *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		out_safe_write(stdout, p, (size_t)(nl - p));
		fputc('\n', stdout);
		fputs(cont, stdout);
		p = nl + 1;
	}
	out_safe_write(stdout, p, strlen(p));
}

static const struct {
	const char *word;
	const char *zh;
	const char *en;
} out_words[] = {
	/* body kinds */
	{ "party_group", "党组会议", "party group" },
	{ "director_office", "局长办公会议", "director's office meeting" },
	{ "bureau_affairs", "局务会议", "bureau affairs meeting" },
	{ "topic", "专题会议", "topic meeting" },
	/* roles */
	{ "secretary", "书记", "secretary" },
	{ "deputy", "副职", "deputy" },
	{ "member", "成员", "member" },
	{ "recorder", "记录人", "recorder" },
	{ "office", "办公室", "office" },
	{ "inspector", "纪检监察", "inspector" },
	{ "observer", "列席", "observer" },
	/* item classes */
	{ "ordinary", "一般事项", "ordinary" },
	{ "major_decision", "重大事项决策", "major decision" },
	{ "personnel", "重要干部任免", "personnel" },
	{ "major_project", "重大项目安排", "major project" },
	{ "large_fund", "大额资金使用", "large fund" },
	/* meeting states */
	{ "scheduled", "已安排", "scheduled" },
	{ "noticed", "已通知", "noticed" },
	{ "open", "进行中", "open" },
	{ "closed", "已结束", "closed" },
	/* item states */
	{ "proposed", "已提出", "proposed" },
	{ "approved", "已列入议程", "approved" },
	{ "started", "审议中", "under deliberation" },
	{ "voting", "表决中", "voting" },
	{ "decided", "已决定", "decided" },
	{ "deferred", "暂缓", "deferred" },
	{ "withdrawn", "已撤回", "withdrawn" },
	{ "superseded", "已被取代", "superseded" },
	/* attendance */
	{ "present", "出席", "present" },
	{ "absent", "缺席", "absent" },
	{ "leave", "请假", "on leave" },
	{ "left", "离席", "left" },
	{ "expected", "未到", "expected" },
	/* positions and choices */
	{ "agree", "同意", "agree" },
	{ "disagree", "不同意", "disagree" },
	{ "defer", "暂缓", "defer" },
	{ "abstain", "弃权", "abstain" },
	{ "yes", "赞成", "yes" },
	{ "no", "反对", "no" },
	/* outcomes */
	{ "passed", "通过", "passed" },
	{ "rejected", "未通过", "rejected" },
	{ "no_quorum", "不足法定人数", "no quorum" },
	/* methods */
	{ "oral", "口头表决", "oral vote" },
	{ "hands", "举手表决", "show of hands" },
	{ "roll_call", "记名投票", "roll-call vote" },
	{ "secret", "无记名投票", "secret ballot" },
	/* decision modes */
	{ "collective_vote", "集体表决", "collective vote" },
	{ "secretary_statement", "书记末位表态", "secretary's statement" },
	{ "chair_decision", "主持人决定", "chair's decision" },
	{ "emergency_disposal", "临机处置", "emergency disposal" },
	/* domains */
	{ "finance", "财务", "finance" },
	{ "procurement", "采购", "procurement" },
	{ "tender", "招投标", "tender" },
	{ "approval", "审批", "approval" },
	/* events */
	{ "checkin", "签到", "checked in" },
	{ "checkout", "签退", "checked out" },
	{ "opened", "会议开始", "meeting opened" },
	{ "item_started", "议题开始审议", "item started" },
	{ "statement", "表态", "statement" },
	{ "ballot", "投票", "ballot" },
	{ "vote_opened", "开始表决", "vote opened" },
	{ "vote_closed", "表决结束", "vote closed" },
	{ "vote_keying", "等待监票人生成计票密钥",
	    "waiting for the scrutineers to make the counting key" },
	{ "vote_key", "监票人已生成计票密钥份额",
	    "a scrutineer made their part of the counting key" },
	{ "vote_counting", "投票截止，等待监票人计票",
	    "ballots closed, waiting for the scrutineers to count" },
	{ "vote_decrypt", "监票人已提交计票份额",
	    "a scrutineer submitted their part of the count" },
	{ "vote_void", "表决作废", "vote void" },
	/* secret vote states (vote show) */
	{ "keying", "正在生成密钥", "making the counting key" },
	{ "counting", "计票中", "counting" },
	{ "void", "已作废", "void" },
	{ "quorum", "法定人数", "quorum" },
};

/* A protocol word for people. */
const char *
out_word(const char *word)
{
	size_t i;

	if (word == NULL)
		return "";
	for (i = 0; i < sizeof out_words / sizeof out_words[0]; i++)
		if (strcmp(out_words[i].word, word) == 0)
			return TR(out_words[i].zh, out_words[i].en);
	return word;
}

/* Captures errors into c, or prints them again when NULL (see out.h). */
void
out_capture(struct out_capture *c)
{
	out_cap = c;
	if (c != NULL)
		memset(c, 0, sizeof *c);
}

/* Puts capture c in force as it is (see out.h). */
struct out_capture *
out_capture_swap(struct out_capture *c)
{
	struct out_capture *prev = out_cap;

	out_cap = c;
	return prev;
}

/* Keeps an error while capturing (see out.h). */
bool
out_captured(int exit_code, const char *code, const char *message,
    uint64_t seq)
{
	if (out_cap == NULL)
		return false;
	out_cap->exit_code = exit_code;
	out_cap->seq = seq;
	out_cap->rule[0] = '\0';
	snprintf(out_cap->code, sizeof out_cap->code, "%s", code);
	snprintf(out_cap->message, sizeof out_cap->message, "%s", message);
	return true;
}

/* Prints an error and returns exit_code (see out.h). */
int
out_fail(int exit_code, const char *code, const char *message,
    const char *rule, char *const *missing, size_t nmissing, const char *kind)
{
	struct json j;
	size_t i;

	if (out_captured(exit_code, code, message, 0)) {
		snprintf(out_cap->rule, sizeof out_cap->rule, "%s",
		    rule != NULL ? rule : "");
		return exit_code;
	}
	if (out_json_mode) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, "error");
		json_str(&j, "code", code);
		if (rule != NULL && rule[0] != '\0')
			json_str(&j, "rule", rule);
		json_str(&j, "message", message);
		if (kind != NULL)
			json_str(&j, "kind", kind);
		if (rule != NULL || nmissing > 0) {
			json_arr(&j, "missing");
			for (i = 0; i < nmissing; i++)
				json_str(&j, NULL, missing[i]);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
		return exit_code;
	}
	fflush(stdout);
	if (rule != NULL && rule[0] != '\0')
		out_eprintf(TR("yishi：被规则 %s 拒绝：%s\n",
		    "yishi: refused by rule %s: %s\n"), rule, message);
	else
		out_eprintf(TR("yishi：%s\n", "yishi: %s\n"), message);
	if (nmissing > 0) {
		fputs(TR("  尚缺：", "  missing: "), stderr);
		for (i = 0; i < nmissing; i++)
			out_eprintf("%s%s", i ? TR("、", ", ") : "",
			    missing[i]);
		fputc('\n', stderr);
	}
	return exit_code;
}

/* A usage error: exit 2, code "usage". */
int
out_usage(const char *message)
{
	if (out_captured(EXIT_USAGE, "usage", message, 0))
		return EXIT_USAGE;
	if (!out_json_mode) {
		fflush(stdout);
		out_eprintf(TR("yishi：%s\n（yishi --help 查看用法）\n",
		    "yishi: %s\n(yishi --help shows the usage)\n"), message);
		return EXIT_USAGE;
	}
	return out_fail(EXIT_USAGE, "usage", message, NULL, NULL, 0, NULL);
}

/* Maps a response that is not OK to its exit code (see out.h). */
int
out_response_error(const Yishi__Response *r)
{
	const char *msg = r->message != NULL && r->message[0] != '\0' ?
	    r->message : NULL;
	char other[64];

	switch (r->status) {
	case YISHI__STATUS__STATUS_OK:
		return EXIT_DONE;
	case YISHI__STATUS__STATUS_INVALID_ARGUMENT:
		return out_fail(EXIT_USAGE, "invalid_argument", msg ? msg :
		    TR("服务器拒绝了参数的值", "the server refused a value"),
		    NULL, r->missing, r->n_missing, NULL);
	case YISHI__STATUS__STATUS_PERMISSION_DENIED:
		/* A seat refused by a rule still names it (R-FOLLOW-1...). */
		return out_fail(EXIT_PERMISSION, "permission", msg ? msg :
		    TR("无权执行此操作", "permission denied"),
		    r->rule != NULL && r->rule[0] ? r->rule : NULL,
		    r->missing, r->n_missing, NULL);
	case YISHI__STATUS__STATUS_RULE:
		return out_fail(EXIT_RULE, "rule", msg ? msg :
		    TR("程序规则不允许此操作", "refused by a procedural rule"),
		    r->rule != NULL && r->rule[0] ? r->rule : "R-?",
		    r->missing, r->n_missing, NULL);
	case YISHI__STATUS__STATUS_NOT_FOUND:
		return out_fail(EXIT_NOT_FOUND, "not_found", msg ? msg :
		    TR("未找到", "not found"), NULL, r->missing,
		    r->n_missing, NULL);
	case YISHI__STATUS__STATUS_CONFLICT:
		/* Not possible in the present state (meeting not open, already
		 * closed): CLI.md makes "may it be done now" exit 3. */
		return out_fail(EXIT_RULE, "conflict", msg ? msg :
		    TR("与当前状态冲突", "conflicts with the present state"),
		    NULL, r->missing, r->n_missing, NULL);
	case YISHI__STATUS__STATUS_UNAVAILABLE:
		return out_fail(EXIT_UNAVAILABLE, "unavailable", msg ? msg :
		    TR("服务暂不可用", "the service is unavailable"), NULL,
		    NULL, 0, "server");
	default:
		snprintf(other, sizeof other, TR("服务器返回未知状态 %d",
		    "the server answered with unknown status %d"),
		    (int)r->status);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", msg ? msg :
		    other, NULL, NULL, 0, "protocol");
	}
}

/* Maps a library failure to its exit code (see out.h). */
int
out_lib_error(const struct yishi_error *e)
{
	char msg[YISHI_ERROR_MAX + 128];
	const char *what;

	switch (e->code) {
	case YISHI_E_ARG:
	case YISHI_E_IDENTITY:
		snprintf(msg, sizeof msg, "%s%s%s", e->code == YISHI_E_ARG ?
		    TR("参数无效", "bad argument") : TR("身份目录不可用",
		    "identity unusable"), TR("：", ": "), e->message);
		return out_fail(EXIT_USAGE, "usage", msg, NULL, NULL, 0,
		    yishi_err_name(e->code));
	case YISHI_E_FORGED:
		/* The server offered what its signers did not make. */
		snprintf(msg, sizeof msg, "%s%s%s", TR("服务器提供的内容不成立，"
		    "已拒绝使用", "what the server offered does not hold; "
		    "refused"), TR("：", ": "), e->message);
		return out_fail(EXIT_TAMPERED, "tampered", msg, NULL, NULL, 0,
		    yishi_err_name(e->code));
	case YISHI_E_TLS:
		what = TR("TLS 连接失败", "TLS failure");
		break;
	case YISHI_E_TIMEOUT:
		what = TR("等待服务器超时", "timed out");
		break;
	case YISHI_E_PROTOCOL:
		what = TR("协议错误", "protocol error");
		break;
	default:
		what = TR("服务器不可用", "server unavailable");
		break;
	}
	snprintf(msg, sizeof msg, "%s%s%s", what, TR("：", ": "), e->message);
	return out_fail(EXIT_UNAVAILABLE, "unavailable", msg, NULL, NULL, 0,
	    yishi_err_name(e->code));
}

/* Prints j on stdout and frees it. */
int
out_json_print(struct json *j)
{
	const char *t = json_text(j);
	int rc = 0;

	if (t == NULL) {
		fputs("{\"error\":{\"code\":\"unavailable\","
		    "\"message\":\"out of memory writing JSON\"}}\n", stdout);
		rc = -1;
	} else {
		fputs(t, stdout);
		fputc('\n', stdout);
	}
	json_free(j);
	return rc;
}

/* Prints the global options. */
static void
out_help_globals(void)
{
	out_printf("%s", TR(
	    "全局选项（可放在命令前或后）：\n"
	    "  --server HOST:PORT   服务器地址（环境变量 YISHI_SERVER，默认 "
	    "127.0.0.1:7400）\n"
	    "  --identity DIR       身份目录：cert.pem、key.pem、ca.pem（环境变量 "
	    "YISHI_IDENTITY）；\n"
	    "                       命令自带 --identity 时，命令词之后的 "
	    "--identity 属于命令，可用 --identity-dir\n"
	    "  --json               输出一个 JSON 对象（结果或错误）\n"
	    "  --lang zh|en         输出语言（默认中文；LANG=en_* 时为英文）\n"
	    "  --timeout SECONDS    连接与每个请求的时限，默认 10，0 为不限\n"
	    "  --no-self-check      本次不做本人留痕的自动核对（见下）\n"
	    "  --help               显示帮助\n"
	    "本人签署的请求（表态、公开表决、保留意见、纪要签发与更正）经服务器确认后，\n"
	    "客户端随即对该机构做与 yishi audit self 相同的核对：每个机构至多每 24 小时\n"
	    "一次（环境变量 YISHI_SELF_CHECK=always|never|小时数）。无误时不输出；发现\n"
	    "问题时命令的输出照常，警告逐条写在 stderr（--json：命令的 JSON 中的\n"
	    "self_check），退出码为 6；无法核对（被拒、网络）时不输出、不影响退出码。\n",
	    "Global options (before or after the command):\n"
	    "  --server HOST:PORT   server address (env YISHI_SERVER, default "
	    "127.0.0.1:7400)\n"
	    "  --identity DIR       identity folder: cert.pem, key.pem, ca.pem "
	    "(env YISHI_IDENTITY);\n"
	    "                       after the command words a command's own "
	    "--identity wins: use --identity-dir\n"
	    "  --json               print one JSON object (result or error)\n"
	    "  --lang zh|en         language (default Chinese; English when "
	    "LANG=en_*)\n"
	    "  --timeout SECONDS    limit for connecting and for each request, "
	    "default 10, 0 for none\n"
	    "  --no-self-check      skip the automatic check of your own record "
	    "this time (below)\n"
	    "  --help               show help\n"
	    "Once the server acknowledges a request you signed (a statement, an "
	    "open vote,\n"
	    "a dissent, a minutes sign-off or corrigendum), the client makes "
	    "the check of\n"
	    "yishi audit self for that body: at most once per 24 hours per body "
	    "(env\n"
	    "YISHI_SELF_CHECK=always|never|hours). Clean: nothing is printed. "
	    "Findings: the\n"
	    "command's output stands, a warning names each on stderr (--json: "
	    "self_check in\n"
	    "the command's JSON), exit 6. A check that cannot be made (refused, "
	    "network)\n"
	    "prints nothing and leaves the exit code alone.\n"));
}

/* Prints the exit codes. */
static void
out_help_exits(void)
{
	out_printf("%s", TR(
	    "退出码：0 完成；1 服务器不可用、TLS 失败、内部错误或尚未实现；\n"
	    "  2 用法错误或取值无效（服务器的 invalid_argument 亦然）；\n"
	    "  3 被程序规则拒绝或与当前状态冲突（conflict）；4 无权限；5 未找到；\n"
	    "  6 审计链校验失败，或本人签署的请求已完成而其后的留痕核对发现问题，\n"
	    "    或服务器提供的无记名投票计票密钥、选票不成立（未投票、未计票）\n",
	    "Exit codes: 0 done; 1 server unavailable, TLS failure, internal "
	    "error or not implemented yet;\n"
	    "  2 usage error or bad value (also the server's "
	    "invalid_argument);\n"
	    "  3 refused by a procedural rule, or a conflict with the present "
	    "state;\n"
	    "  4 permission denied; 5 not found; 6 trail verification failed, "
	    "or a request\n"
	    "  you signed was done and the check of your record after it found "
	    "problems,\n"
	    "  or a secret vote's key or ballots the server offered do not hold "
	    "(nothing cast or counted)\n"));
}

/* The words of a command, "meeting schedule". */
static void
out_cmd_words(const struct cmd *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", c->group, c->name ? " " : "",
	    c->name ? c->name : "");
}

/* Prints the top-level help. */
void
out_help_top(const struct cmd *table, size_t n)
{
	char words[64];
	size_t i;

	out_printf("%s", TR(
	    "yishi —— 议事：会议与集体决策客户端\n\n"
	    "用法：yishi [全局选项] 命令 [选项]\n"
	    "      yishi 命令 --help    查看某个命令的选项\n\n",
	    "yishi — meetings and collective decisions (议事), the client\n\n"
	    "Usage: yishi [global options] COMMAND [options]\n"
	    "       yishi COMMAND --help    shows a command's options\n\n"));
	out_printf("%s", TR("命令：\n", "Commands:\n"));
	for (i = 0; i < n; i++) {
		out_cmd_words(&table[i], words, sizeof words);
		out_printf("  %-20s %s\n", words, TR(table[i].zh, table[i].en));
	}
	out_printf("\n");
	out_help_globals();
	out_printf("\n");
	out_help_exits();
}

/* Prints the help of a group of commands ("yishi meeting --help"). */
void
out_help_group(const struct cmd *table, size_t n, const char *group)
{
	char words[64];
	size_t i;

	out_printf(TR("用法：yishi %s 子命令 [选项]\n\n子命令：\n",
	    "Usage: yishi %s SUBCOMMAND [options]\n\nSubcommands:\n"), group);
	for (i = 0; i < n; i++) {
		if (strcmp(table[i].group, group) != 0)
			continue;
		out_cmd_words(&table[i], words, sizeof words);
		out_printf("  %-20s %s\n", words, TR(table[i].zh, table[i].en));
	}
	out_printf(TR("\n用 yishi %s 子命令 --help 查看其选项。\n",
	    "\nyishi %s SUBCOMMAND --help shows its options.\n"), group);
}

/* Prints the help of one command. */
void
out_help_cmd(const struct cmd *c)
{
	const struct opt *o;
	char words[64], left[96];

	out_cmd_words(c, words, sizeof words);
	out_printf("%s yishi %s", TR("用法：", "Usage:"), words);
	if (c->pos != NULL)
		out_printf(" %s", c->pos);
	for (o = c->opts; o != NULL && o->name != NULL; o++) {
		const char *meta = o->type == OPT_ENUM ? o->choices : o->meta;
		bool req = (o->flags & OPT_REQUIRED) != 0;

		out_printf(" %s--%s%s%s%s%s", req ? "" : "[", o->name,
		    o->type == OPT_FLAG ? "" : " ",
		    o->type == OPT_FLAG ? "" : (meta ? meta : "X"),
		    req ? "" : "]", (o->flags & OPT_MULTI) ? "..." : "");
	}
	out_printf("\n\n%s\n", TR(c->zh, c->en));
	if (c->more_zh != NULL)
		out_printf("\n%s", TR(c->more_zh, c->more_en));
	if (c->opts != NULL && c->opts[0].name != NULL) {
		out_printf("\n%s", TR("选项：\n", "Options:\n"));
		for (o = c->opts; o->name != NULL; o++) {
			const char *meta = o->type == OPT_ENUM ? o->choices :
			    o->meta;

			snprintf(left, sizeof left, "--%s%s%s", o->name,
			    o->type == OPT_FLAG ? "" : " ",
			    o->type == OPT_FLAG ? "" : (meta ? meta : "X"));
			out_printf("  %-28s %s%s\n", left, TR(o->zh, o->en),
			    (o->flags & OPT_REQUIRED) ? TR("（必需）",
			    " (required)") : "");
		}
	}
	out_printf("\n");
	out_help_globals();
	out_printf("\n");
	out_help_exits();
}
