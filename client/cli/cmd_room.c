/*
 * cmd_room.c: yishi room --meeting M [--projector], the live meeting room
 * on a full-screen terminal. It follows the meeting (yishi_follow_*, which
 * reconnects by itself), keeps its model (room_state.c), draws it
 * (room_view.c) and turns keys into the CLI's own commands (room_act.c),
 * each asked for confirmation first.
 */
#include "cmd.h"

#include <curses.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "args.h"
#include "out.h"
#include "render_watch.h"
#include "room_act.h"
#include "room_state.h"
#include "room_text.h"
#include "room_view.h"

#define ROOM_TICK_MS 100	/* the longest a key waits for the screen */
#define ROOM_INPUT_MAX 400	/* characters typed in the prompt line */

/* Where the keys stand: idle, or asking one of three kinds of question. */
enum room_mode {
	ROOM_M_IDLE,
	ROOM_M_CHOOSE,		/* one key picks one of the choices */
	ROOM_M_TEXT,		/* a line of text, Enter ends it */
	ROOM_M_CONFIRM		/* y sends, anything else does not */
};

/* An action a key starts. */
enum room_action {
	ROOM_A_CHECKIN,
	ROOM_A_STATE,
	ROOM_A_VOTE,
	ROOM_A_DISSENT,
	ROOM_A_OPEN,
	ROOM_A_START,
	ROOM_A_VOTE_OPEN,
	ROOM_A_VOTE_CLOSE,
	ROOM_A_CLOSE
};

/* One choice of a ROOM_M_CHOOSE question. */
struct room_choice {
	int key;
	const char *word;	/* the protocol word it stands for */
};

struct room {
	struct cli *cli;
	struct yishi_follow *f;
	struct room_state st;
	bool projector;
	bool quit;
	bool dirty;		/* the screen needs drawing */
	char status[256];	/* the connection, "" when well */
	char note[1400];	/* the last result */
	int note_kind;		/* room_view_ui's */
	int fatal;		/* the exit code once the follow ended, or 0 */

	enum room_mode mode;
	enum room_action action;
	const struct room_choice *choices;
	char prompt[512];
	wchar_t input[ROOM_INPUT_MAX + 1];
	size_t ninput;
	uint64_t item;		/* the item the action is about */
	char word[32];		/* the choice made (position, choice, method) */
	char text[2048];	/* the text typed (UTF-8) */
	char scrutineers[512];
};

static volatile sig_atomic_t room_stop;

/* Asks the room to end (SIGINT, SIGTERM). */
static void
room_on_signal(int sig)
{
	(void)sig;
	room_stop = 1;
}

/* Draws the room now. */
static void
room_draw(struct room *r)
{
	struct room_view_ui ui;
	char in[ROOM_INPUT_MAX * 4 + 1];

	memset(&ui, 0, sizeof ui);
	ui.projector = r->projector;
	ui.status = r->status;
	ui.note = r->note;
	ui.note_kind = r->note_kind;
	if (r->mode != ROOM_M_IDLE) {
		r->input[r->ninput] = L'\0';
		if (wcstombs(in, r->input, sizeof in) == (size_t)-1)
			in[0] = '\0';
		ui.prompt = r->prompt;
		ui.input = in;
	}
	room_view_draw(&r->st, &ui);
	r->dirty = false;
}

/* Told of each reconnect attempt by the follow (yishi.h). */
static void
room_on_note(int attempt, int delay_ms, const struct yishi_error *why,
    void *arg)
{
	struct room *r = arg;

	(void)why;
	if (attempt == 0)
		r->status[0] = '\0';
	else
		snprintf(r->status, sizeof r->status, TR(
		    " 重新连接中…（第 %d 次，%.1f 秒后）", " reconnecting… "
		    "(attempt %d, in %.1f s)"), attempt, delay_ms / 1000.0);
	room_draw(r);
}

/* Runs the command argv over the follow's connection and shows how it
 * went. */
static void
room_run(struct room *r, int argc, char **argv)
{
	struct room_act_result res;

	snprintf(r->note, sizeof r->note, "%s", TR("正在提交…",
	    "sending…"));
	r->note_kind = 0;
	room_draw(r);
	room_act_run(r->cli, yishi_follow_conn(r->f), argc, argv, &res);
	if (res.rc == EXIT_DONE) {
		snprintf(r->note, sizeof r->note, "%s", res.text[0] != '\0' ?
		    res.text : TR("已完成", "done"));
		r->note_kind = 1;
	} else if (res.rule[0] != '\0') {
		snprintf(r->note, sizeof r->note, TR("被规则 %s 拒绝：%s",
		    "refused by rule %s: %s"), res.rule, res.text);
		r->note_kind = 2;
	} else {
		snprintf(r->note, sizeof r->note, TR("未能完成：%s",
		    "not done: %s"), res.text);
		r->note_kind = 2;
	}
	r->dirty = true;
}

/* Sends the action confirmed. */
static void
room_send(struct room *r)
{
	char id[48], opt1[64], opt3[2100];
	char *argv[8];
	int argc = 0;

	snprintf(id, sizeof id, "--meeting=%" PRIu64, r->st.meeting);
	switch (r->action) {
	case ROOM_A_CHECKIN:
		argv[argc++] = (char *)"checkin";
		break;
	case ROOM_A_OPEN:
	case ROOM_A_CLOSE:
		argv[argc++] = (char *)"meeting";
		argv[argc++] = (char *)(r->action == ROOM_A_OPEN ? "open" :
		    "close");
		break;
	default:
		snprintf(id, sizeof id, "--item=%" PRIu64, r->item);
		break;
	}
	switch (r->action) {
	case ROOM_A_STATE:
		argv[argc++] = (char *)"state";
		snprintf(opt1, sizeof opt1, "--position=%s", r->word);
		argv[argc++] = opt1;
		if (r->text[0] != '\0') {
			snprintf(opt3, sizeof opt3, "--text=%s", r->text);
			argv[argc++] = opt3;
		}
		break;
	case ROOM_A_VOTE:
		argv[argc++] = (char *)"vote";
		argv[argc++] = (char *)"cast";
		snprintf(opt1, sizeof opt1, "--choice=%s", r->word);
		argv[argc++] = opt1;
		break;
	case ROOM_A_DISSENT:
		argv[argc++] = (char *)"dissent";
		argv[argc++] = (char *)"file";
		snprintf(opt3, sizeof opt3, "--text=%s", r->text);
		argv[argc++] = opt3;
		break;
	case ROOM_A_START:
		argv[argc++] = (char *)"item";
		argv[argc++] = (char *)"start";
		break;
	case ROOM_A_VOTE_OPEN:
		argv[argc++] = (char *)"vote";
		argv[argc++] = (char *)"open";
		snprintf(opt1, sizeof opt1, "--method=%s", r->word);
		argv[argc++] = opt1;
		if (r->scrutineers[0] != '\0') {
			snprintf(opt3, sizeof opt3, "--scrutineers=%s",
			    r->scrutineers);
			argv[argc++] = opt3;
		}
		break;
	case ROOM_A_VOTE_CLOSE:
		argv[argc++] = (char *)"vote";
		argv[argc++] = (char *)"close";
		break;
	default:
		break;
	}
	argv[argc++] = id;
	room_run(r, argc, argv);
}

/* Asks a question in the prompt line. */
static void __attribute__((format(printf, 3, 4)))
room_ask(struct room *r, enum room_mode mode, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->prompt, sizeof r->prompt, fmt, ap);
	va_end(ap);
	r->mode = mode;
	r->ninput = 0;
	r->dirty = true;
}

/* Asks for the confirmation of the action, saying what it does. */
static void
room_confirm(struct room *r)
{
	const char *irrev = TR("提交后不可撤回。", "This cannot be undone. ");

	switch (r->action) {
	case ROOM_A_CHECKIN:
		room_ask(r, ROOM_M_CONFIRM, TR("确认签到？(y/N) ",
		    "Check in now? (y/N) "));
		break;
	case ROOM_A_STATE:
		room_ask(r, ROOM_M_CONFIRM, TR("确认就议题 #%" PRIu64
		    " 表态“%s”？%s(y/N) ", "State on item #%" PRIu64
		    ": \"%s\"? %s(y/N) "), r->item, out_word(r->word), irrev);
		break;
	case ROOM_A_VOTE:
		room_ask(r, ROOM_M_CONFIRM, TR("确认投票“%s”？%s(y/N) ",
		    "Vote \"%s\"? %s(y/N) "), out_word(r->word), irrev);
		break;
	case ROOM_A_DISSENT:
		room_ask(r, ROOM_M_CONFIRM, TR("确认就议题 #%" PRIu64
		    " 提出保留意见？%s(y/N) ", "File the reserved opinion on "
		    "item #%" PRIu64 "? %s(y/N) "), r->item, irrev);
		break;
	case ROOM_A_OPEN:
		room_ask(r, ROOM_M_CONFIRM, TR("确认宣布开会？%s(y/N) ",
		    "Open the meeting? %s(y/N) "), irrev);
		break;
	case ROOM_A_START:
		room_ask(r, ROOM_M_CONFIRM, TR("确认开始审议议题 #%" PRIu64
		    "？%s(y/N) ", "Start item #%" PRIu64 "? %s(y/N) "), r->item,
		    irrev);
		break;
	case ROOM_A_VOTE_OPEN:
		room_ask(r, ROOM_M_CONFIRM, TR("确认就议题 #%" PRIu64
		    " 开始表决（%s）？%s(y/N) ", "Open the vote on item #%" PRIu64
		    " (%s)? %s(y/N) "), r->item, out_word(r->word), irrev);
		break;
	case ROOM_A_VOTE_CLOSE:
		room_ask(r, ROOM_M_CONFIRM, TR("确认结束议题 #%" PRIu64
		    " 的表决？%s(y/N) ", "Close the vote on item #%" PRIu64
		    "? %s(y/N) "), r->item, irrev);
		break;
	case ROOM_A_CLOSE:
		room_ask(r, ROOM_M_CONFIRM, TR("确认宣布散会？%s(y/N) ",
		    "Close the meeting? %s(y/N) "), irrev);
		break;
	}
}

static const struct room_choice room_positions[] = {
	{ '1', "agree" }, { '2', "disagree" }, { '3', "defer" },
	{ '4', "abstain" }, { 0, NULL }
};
static const struct room_choice room_ballots[] = {
	{ 'y', "yes" }, { 'n', "no" }, { 'a', "abstain" }, { 0, NULL }
};
static const struct room_choice room_methods[] = {
	{ '1', "oral" }, { '2', "hands" }, { '3', "roll_call" },
	{ '4', "secret" }, { 0, NULL }
};

/* Says that the key cannot be used now. */
static void
room_refuse_key(struct room *r, const char *msg)
{
	snprintf(r->note, sizeof r->note, "%s", msg);
	r->note_kind = 2;
	r->dirty = true;
}

/* The item a member's key is about: the one being heard (or last heard);
 * 0 after saying there is none. */
static uint64_t
room_item(struct room *r)
{
	if (r->st.current != 0)
		return r->st.current;
	room_refuse_key(r, TR("当前没有审议中的议题", "no item is being heard"));
	return 0;
}

/* A key pressed while nothing is being asked. */
static void
room_key_idle(struct room *r, wint_t key)
{
	const struct room_item *next;
	bool chair = room_state_is_chair(&r->st);

	r->text[0] = r->word[0] = r->scrutineers[0] = '\0';
	switch (key) {
	case 'q':
	case 'Q':
		r->quit = true;
		return;
	case 'c':
		r->action = ROOM_A_CHECKIN;
		room_confirm(r);
		return;
	case 's':
		if ((r->item = room_item(r)) == 0)
			return;
		r->action = ROOM_A_STATE;
		r->choices = room_positions;
		room_ask(r, ROOM_M_CHOOSE, TR("表态：1 同意  2 不同意  3 暂缓  "
		    "4 弃权（Esc 取消）", "Position: 1 agree  2 disagree  "
		    "3 defer  4 abstain (Esc cancels)"));
		return;
	case 'v':
		if ((r->item = room_item(r)) == 0)
			return;
		r->action = ROOM_A_VOTE;
		r->choices = room_ballots;
		room_ask(r, ROOM_M_CHOOSE, TR("投票：y 赞成  n 反对  a 弃权"
		    "（Esc 取消）", "Vote: y yes  n no  a abstain "
		    "(Esc cancels)"));
		return;
	case 'd':
		if ((r->item = room_item(r)) == 0)
			return;
		r->action = ROOM_A_DISSENT;
		room_ask(r, ROOM_M_TEXT, TR("保留意见（回车结束，Esc 取消）：",
		    "Reserved opinion (Enter ends, Esc cancels): "));
		return;
	default:
		break;
	}
	if (!chair) {
		if (key < 128 && strchr("otbex", (int)key) != NULL)
			room_refuse_key(r, TR("只有主持人可以这样做",
			    "only the chair may do that"));
		return;
	}
	switch (key) {
	case 'o':
		r->action = ROOM_A_OPEN;
		room_confirm(r);
		break;
	case 't':
		if ((next = room_state_next_item(&r->st)) == NULL) {
			room_refuse_key(r, TR("议程中没有待审议的议题",
			    "no item of the agenda is waiting"));
			return;
		}
		r->item = next->id;
		r->action = ROOM_A_START;
		room_confirm(r);
		break;
	case 'b':
		if ((r->item = room_item(r)) == 0)
			return;
		r->action = ROOM_A_VOTE_OPEN;
		r->choices = room_methods;
		room_ask(r, ROOM_M_CHOOSE, TR("表决方式：1 口头  2 举手  3 记名  "
		    "4 无记名（Esc 取消）", "Method: 1 oral  2 hands  "
		    "3 roll call  4 secret (Esc cancels)"));
		break;
	case 'e':
		if ((r->item = room_item(r)) == 0)
			return;
		r->action = ROOM_A_VOTE_CLOSE;
		room_confirm(r);
		break;
	case 'x':
		r->action = ROOM_A_CLOSE;
		room_confirm(r);
		break;
	default:
		break;
	}
}

/* The choice made by key in a ROOM_M_CHOOSE question. */
static void
room_key_choose(struct room *r, wint_t key)
{
	const struct room_choice *c;

	for (c = r->choices; c->word != NULL; c++) {
		if ((wint_t)c->key != key)
			continue;
		snprintf(r->word, sizeof r->word, "%s", c->word);
		if (r->action == ROOM_A_STATE)
			room_ask(r, ROOM_M_TEXT, TR("理由或发言要点（可空，回车结束）：",
			    "Reasons or remarks (may be empty; Enter ends): "));
		else if (r->action == ROOM_A_VOTE_OPEN &&
		    strcmp(c->word, "secret") == 0)
			room_ask(r, ROOM_M_TEXT, TR("监票人（身份名，逗号分隔）：",
			    "Scrutineers (identity names, comma-separated): "));
		else
			room_confirm(r);
		return;
	}
}

/* The text typed ends (Enter): keeps it and asks for confirmation. */
static void
room_text_done(struct room *r)
{
	char *dst = r->action == ROOM_A_VOTE_OPEN ? r->scrutineers : r->text;
	size_t len = r->action == ROOM_A_VOTE_OPEN ? sizeof r->scrutineers :
	    sizeof r->text;

	r->input[r->ninput] = L'\0';
	if (wcstombs(dst, r->input, len) == (size_t)-1)
		dst[0] = '\0';
	dst[len - 1] = '\0';
	room_confirm(r);
}

/* A key pressed while a question is asked. */
static void
room_key_asked(struct room *r, int kind, wint_t key)
{
	r->dirty = true;
	if (kind == OK && key == 27) {		/* Esc */
		r->mode = ROOM_M_IDLE;
		snprintf(r->note, sizeof r->note, "%s", TR("已取消",
		    "cancelled"));
		r->note_kind = 0;
		return;
	}
	switch (r->mode) {
	case ROOM_M_CHOOSE:
		if (kind == OK)
			room_key_choose(r, key);
		break;
	case ROOM_M_CONFIRM:
		r->mode = ROOM_M_IDLE;
		if (kind == OK && (key == 'y' || key == 'Y')) {
			room_send(r);
		} else {
			snprintf(r->note, sizeof r->note, "%s", TR("已取消",
			    "cancelled"));
			r->note_kind = 0;
		}
		break;
	case ROOM_M_TEXT:
		if ((kind == OK && (key == '\n' || key == '\r')) ||
		    (kind == KEY_CODE_YES && key == KEY_ENTER)) {
			room_text_done(r);
		} else if ((kind == KEY_CODE_YES && key == KEY_BACKSPACE) ||
		    (kind == OK && (key == 127 || key == 8))) {
			if (r->ninput > 0)
				r->ninput--;
		} else if (kind == OK && key >= L' ' &&
		    r->ninput < ROOM_INPUT_MAX) {
			r->input[r->ninput++] = (wchar_t)key;
		}
		break;
	default:
		break;
	}
}

/* Whether the comma-separated list names me (all when it is empty). */
static bool
room_names_me(const char *list, const char *me)
{
	size_t n = strlen(me);
	const char *p = list;

	if (list[0] == '\0')
		return true;
	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (strncmp(p, me, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		if ((p = strchr(p, ',')) != NULL)
			p++;
	}
	return false;
}

/* A scrutineer's room does their part of a secret vote by itself, as
 * their watch does (vote key at keying, vote count at counting). */
static void
room_scrutineer(struct room *r, const Yishi__Event *ev)
{
	char id[48];
	char *argv[4];
	bool key = strcmp(ev->kind, "vote_keying") == 0;

	if (r->projector || (!key && strcmp(ev->kind, "vote_counting") != 0))
		return;
	if (!room_names_me(ev->detail != NULL ? ev->detail : "", r->st.me))
		return;
	snprintf(id, sizeof id, "--item=%" PRIu64, ev->item);
	argv[0] = (char *)"vote";
	argv[1] = (char *)(key ? "key" : "count");
	argv[2] = id;
	room_run(r, 3, argv);
}

/* Takes what the follow has for us now; false when it ended. */
static bool
room_follow(struct room *r)
{
	const Yishi__Watching *snap;
	struct yishi_error e;
	Yishi__Event *ev;
	char words[320];
	int rc, n;

	for (n = 0; n < 256; n++) {
		rc = yishi_follow_next(r->f, &ev, 0, &e);
		if (rc == 0)
			return true;
		if (rc == 2) {
			if (room_state_snapshot(&r->st,
			    yishi_follow_snapshot(r->f)) == -1)
				goto oom;
			r->dirty = true;
			continue;
		}
		if (rc == 1) {
			snap = yishi_follow_snapshot(r->f);
			human_watch_event(ev, snap != NULL ? snap->meeting :
			    NULL, words, sizeof words);
			rc = room_state_event(&r->st, ev, words);
			if (rc == 0 && ev->kind != NULL)
				room_scrutineer(r, ev);
			yishi_event_free(ev);
			if (rc == -1)
				goto oom;
			r->dirty = true;
			if (r->st.ended) {
				snprintf(r->status, sizeof r->status, "%s", TR(
				    " 关注已结束：您的席位或身份已不能查看本会议（按 q "
				    "退出）", " the watch has ended: your seat "
				    "or identity may no longer read this meeting "
				    "(q quits)"));
				r->fatal = EXIT_PERMISSION;
				return false;
			}
			continue;
		}
		if (e.code == YISHI_E_INTERRUPTED)
			return true;
		snprintf(r->status, sizeof r->status, TR(" 关注已结束：%s（按 q "
		    "退出）", " the watch has ended: %s (q quits)"), e.message);
		r->fatal = yishi_follow_refusal(r->f) != NULL ?
		    EXIT_PERMISSION : EXIT_UNAVAILABLE;
		r->dirty = true;
		return false;
	}
	return true;
oom:
	snprintf(r->status, sizeof r->status, "%s", TR(" 内存不足",
	    " out of memory"));
	r->fatal = EXIT_UNAVAILABLE;
	r->dirty = true;
	return false;
}

/* Makes sure the locale reads UTF-8, so that wide characters work. */
static void
room_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* The room's loop: keys and events until q. */
static void
room_loop(struct room *r)
{
	bool following = true;
	wint_t key;
	int kind;

	r->dirty = true;
	while (!r->quit && !room_stop) {
		if (following)
			following = room_follow(r);
		if (r->dirty)
			room_draw(r);
		kind = get_wch(&key);
		if (kind == ERR)
			continue;
		if (kind == KEY_CODE_YES && key == KEY_RESIZE) {
			r->dirty = true;
			continue;
		}
		if (r->projector || !following) {
			if (kind == OK && (key == 'q' || key == 'Q'))
				r->quit = true;
			continue;
		}
		if (COLS < ROOM_VIEW_MIN_COLS || LINES < ROOM_VIEW_MIN_LINES) {
			if (kind == OK && (key == 'q' || key == 'Q'))
				r->quit = true;
			continue;
		}
		if (r->mode == ROOM_M_IDLE) {
			if (kind == OK)
				room_key_idle(r, key);
		} else {
			room_key_asked(r, kind, key);
		}
	}
}

/* yishi room --meeting M [--projector]. */
int
cmd_room(struct cli *cli)
{
	struct sigaction sa, old_int, old_term;
	Yishi__Response *refused = NULL;
	struct yishi_error e;
	struct room r;
	SCREEN *scr;
	FILE *tty_out;
	int rc, fd;

	if (cli->identity == NULL)
		return cmd_usage(cli, "未指定身份目录：请用 --identity DIR 或环境变量 "
		    "YISHI_IDENTITY", "no identity folder: give --identity DIR "
		    "or set YISHI_IDENTITY");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cmd_usage(cli, "yishi room 需要在终端中运行",
		    "yishi room needs a terminal");
	memset(&r, 0, sizeof r);
	r.cli = cli;
	r.projector = args_flag(cli, "projector");
	rc = yishi_follow_start(cli->server, cli->identity, cli->timeout,
	    args_u64(cli, "meeting"),
	    cli->lang == CLI_EN ? YISHI__LANG__LANG_EN : YISHI__LANG__LANG_ZH,
	    &r.f, &refused, &e);
	if (rc == -1)
		return out_lib_error(&e);
	if (rc == 1) {
		rc = out_response_error(refused);
		yishi_response_free(refused);
		return rc;
	}
	room_state_init(&r.st, yishi_identity_name(yishi_follow_conn(r.f)));
	if (room_state_snapshot(&r.st, yishi_follow_snapshot(r.f)) == -1) {
		yishi_follow_close(r.f);
		room_state_free(&r.st);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("内存不足",
		    "out of memory"), NULL, NULL, 0, NULL);
	}
	yishi_follow_set_note(r.f, room_on_note, &r);

	room_locale();
	/* ncurses draws on its own descriptor: what a command prints while
	 * it runs in the room (room_act.c) is kept away from the screen. */
	fflush(stdout);
	fd = dup(STDOUT_FILENO);
	tty_out = fd != -1 ? fdopen(fd, "w") : NULL;
	scr = tty_out != NULL ? newterm(NULL, tty_out, stdin) : NULL;
	if (scr == NULL) {
		if (tty_out != NULL)
			fclose(tty_out);
		else if (fd != -1)
			close(fd);
		yishi_follow_close(r.f);
		room_state_free(&r.st);
		return out_fail(EXIT_USAGE, "usage", TR("无法使用此终端（TERM？）",
		    "cannot use this terminal (TERM?)"), NULL, NULL, 0, NULL);
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(ROOM_TICK_MS);
	set_escdelay(25);
	room_view_start();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = room_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	room_stop = 0;

	room_loop(&r);

	endwin();
	delscreen(scr);
	fclose(tty_out);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	yishi_follow_close(r.f);
	room_state_free(&r.st);
	return r.fatal;
}
