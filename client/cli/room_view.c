/* room_view.c: the room drawn with ncursesw (see room_view.h). */
#include "room_view.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "render.h"
#include "render_watch.h"
#include "room_text.h"

enum {
	ROOM_VIEW_C_BAR = 1,
	ROOM_VIEW_C_NEXT,
	ROOM_VIEW_C_DONE,
	ROOM_VIEW_C_REFUSED,
	ROOM_VIEW_C_STATUS
};

/* Sets up colours (see room_view.h). */
void
room_view_start(void)
{
	if (!has_colors())
		return;
	start_color();
	use_default_colors();
	init_pair(ROOM_VIEW_C_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(ROOM_VIEW_C_NEXT, COLOR_YELLOW, -1);
	init_pair(ROOM_VIEW_C_DONE, COLOR_GREEN, -1);
	init_pair(ROOM_VIEW_C_REFUSED, COLOR_RED, -1);
	init_pair(ROOM_VIEW_C_STATUS, COLOR_BLACK, COLOR_YELLOW);
}

/* Writes s at (y, x) in at most cols columns with attr, padded with
 * blanks to cols when pad; returns the columns written. */
static int
room_view_put(int y, int x, int cols, attr_t attr, const char *s, bool pad)
{
	char buf[2048];
	int w;

	if (y < 0 || y >= LINES || x >= COLS || cols <= 0)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	w = room_text_fit(s, cols, buf, sizeof buf);
	attron(attr);
	mvaddstr(y, x, buf);
	if (pad && w < cols)
		mvhline(y, x + w, ' ', cols - w);
	attroff(attr);
	return w;
}

/* The same, formatted. */
static int __attribute__((format(printf, 6, 7)))
room_view_putf(int y, int x, int cols, attr_t attr, bool pad,
    const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return room_view_put(y, x, cols, attr, buf, pad);
}

/* The member's next action in words (see room_view.h). */
const char *
room_view_next_words(enum room_next n)
{
	switch (n) {
	case ROOM_NEXT_NOT_OPEN:
		return TR("会议尚未开始，请稍候", "the meeting has not begun yet");
	case ROOM_NEXT_CHECKIN:
		return TR("请签到（按 c）", "please check in (press c)");
	case ROOM_NEXT_STATE:
		return TR("轮到您表态（按 s）", "your turn to state your position "
		    "(press s)");
	case ROOM_NEXT_STATE_LAST:
		return TR("您末位表态：请待其他成员表态后再表态", "you state last: "
		    "wait until the others have stated");
	case ROOM_NEXT_VOTE:
		return TR("请投票（按 v）", "please vote (press v)");
	case ROOM_NEXT_CHAIR_OPEN:
		return TR("已达法定人数，可宣布开会（按 o）", "quorum is met: "
		    "you may open the meeting (press o)");
	case ROOM_NEXT_CHAIR_START:
		return TR("请开始审议下一议题（按 t）", "start the next item "
		    "(press t)");
	case ROOM_NEXT_CHAIR_VOTE:
		return TR("表态已毕，可开始表决（按 b）", "everyone has stated: "
		    "you may open the vote (press b)");
	case ROOM_NEXT_CHAIR_CLOSE_VOTE:
		return TR("投票已齐，可结束表决（按 e）", "everyone has voted: "
		    "you may close the vote (press e)");
	case ROOM_NEXT_CHAIR_CLOSE:
		return TR("议题均已审议，可宣布散会（按 x）", "every item has been "
		    "heard: you may close the meeting (press x)");
	case ROOM_NEXT_CLOSED:
		return TR("会议已结束", "the meeting is over");
	case ROOM_NEXT_NONE:
	default:
		return TR("请关注会议进程", "follow the meeting");
	}
}

/* One event in words (see room_view.h). */
void
room_view_event_words(const struct room_event *e, bool projector, char *buf,
    size_t len)
{
	const char *k = e->kind;
	char t[32];
	int n;

	human_watch_time(e->at, t, sizeof t);
	n = snprintf(buf, len, "%s%s", t, t[0] != '\0' ? "  " : "");
	if (n < 0 || (size_t)n >= len)
		return;
	buf += n;
	len -= (size_t)n;
	/* The wall screen names nobody of a secret vote: neither who voted
	 * nor who is still to, nor the scrutineers. */
	if (projector && e->secret && strcmp(k, "ballot") == 0)
		snprintf(buf, len, TR("收到一张无记名选票（已投 %" PRIu32 " / %"
		    PRIu32 "）", "a secret ballot was cast (%" PRIu32 " of %"
		    PRIu32 ")"), e->cast, e->electorate);
	else if (projector && e->secret && strcmp(k, "vote_keying") == 0)
		snprintf(buf, len, "%s", TR("无记名投票：等待监票人生成计票密钥",
		    "secret ballot: waiting for the scrutineers' key"));
	else if (projector && e->secret && strcmp(k, "vote_key") == 0)
		snprintf(buf, len, "%s", TR("一位监票人已生成计票密钥份额",
		    "a scrutineer made their part of the key"));
	else if (projector && e->secret && strcmp(k, "vote_opened") == 0)
		snprintf(buf, len, TR("开始无记名投票，应投 %" PRIu32,
		    "the secret ballot opened, %" PRIu32 " may vote"),
		    e->electorate);
	else if (projector && e->secret && strcmp(k, "vote_counting") == 0)
		snprintf(buf, len, TR("投票截止（已投 %" PRIu32 "），等待监票人计票",
		    "ballots closed (%" PRIu32 " cast), waiting for the "
		    "scrutineers to count"), e->cast);
	else if (projector && e->secret && strcmp(k, "vote_decrypt") == 0)
		snprintf(buf, len, "%s", TR("一位监票人已提交计票份额",
		    "a scrutineer submitted their count"));
	else if (e->words[0] != '\0')
		snprintf(buf, len, "%s", e->words);
	else
		snprintf(buf, len, "%s", out_word(k));
}

/* Names of a still-to list joined in words, the last marked when it is
 * the top leader's place (last). */
static void
room_view_names(const struct room_state *s, const struct room_wait *w,
    bool last_kept, char *buf, size_t len)
{
	size_t i, o = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < w->n; i++) {
		n = snprintf(buf + o, len - o, "%s%s%s", i > 0 ? TR("、", ", ") :
		    "", w->who[i].display[0] != '\0' ? w->who[i].display :
		    w->who[i].member, last_kept && w->total > 1 &&
		    room_state_top(s, w->who[i].member) ? TR("（末位）",
		    " (last)") : "");
		if (n < 0 || (size_t)n >= len - o)
			return;
		o += (size_t)n;
	}
	if (w->total > w->n)
		snprintf(buf + o, len - o, TR(" 等 %" PRIu32 " 人",
		    " and others, %" PRIu32 " in all"), w->total);
}

/* The header lines: meeting, quorum, chair. Returns the next line. */
static int
room_view_header(const struct room_state *s, bool projector)
{
	attr_t bar = has_colors() ? COLOR_PAIR(ROOM_VIEW_C_BAR) | A_BOLD :
	    A_REVERSE;

	room_view_putf(0, 0, COLS, bar, true, TR(" 议事室  会议 #%" PRIu64
	    "「%s」  %s  主持：%s", " Meeting room  #%" PRIu64 " \"%s\"  %s  "
	    "chair: %s"), s->meeting, s->title, out_word(s->mstate),
	    s->chair_display[0] != '\0' ? s->chair_display : "-");
	room_view_putf(projector ? 2 : 1, 1, COLS - 2, A_BOLD, true,
	    TR("法定人数：实到 %" PRIu32 " / 应到 %" PRIu32 "（需 %" PRIu32
	    "）%s", "quorum: %" PRIu32 " present of %" PRIu32 " (%" PRIu32
	    " needed) %s"), s->q_present, s->q_n, s->q_needed, s->q_met ?
	    TR("已达到", "met") : TR("未达到", "not met"));
	return projector ? 4 : 2;
}

/* The agenda in the column at x, cols wide, from line y to ymax. */
static void
room_view_agenda(const struct room_state *s, int y, int x, int cols,
    int ymax, int step)
{
	const struct room_item *it;
	size_t i;
	char st[64];

	room_view_put(y, x, cols, A_BOLD | A_UNDERLINE, TR("议程", "Agenda"),
	    false);
	y += step;
	for (i = 0; i < s->nitems && y < ymax; i++, y += step) {
		it = &s->items[i];
		snprintf(st, sizeof st, "%s%s%s", out_word(it->state),
		    it->outcome[0] != '\0' ? TR("·", ", ") : "",
		    it->outcome[0] != '\0' ? out_word(it->outcome) : "");
		room_view_putf(y, x, cols, it->id == s->current ? A_BOLD :
		    A_NORMAL, false, "%s%zu. %s [%s]", it->id == s->current ?
		    "▶ " : "  ", i + 1, it->title, st);
	}
}

/* Five rows of three columns for each digit and the slash: the wall
 * screen's large numbers ('#' is a full block). */
static const char *const room_view_glyphs[11][5] = {
	{ "###", "# #", "# #", "# #", "###" }, { " # ", "## ", " # ", " # ", "###" },
	{ "###", "  #", "###", "#  ", "###" }, { "###", "  #", "###", "  #", "###" },
	{ "# #", "# #", "###", "  #", "  #" }, { "###", "#  ", "###", "  #", "###" },
	{ "###", "#  ", "###", "# #", "###" }, { "###", "  #", "  #", "  #", "  #" },
	{ "###", "# #", "###", "# #", "###" }, { "###", "# #", "###", "  #", "###" },
	{ "  #", "  #", " # ", "#  ", "#  " },
};

/* Draws text (digits, '/' and blanks) in large glyphs from line y at x;
 * returns the lines used (0 when it does not fit in cols). */
static int
room_view_big(const char *text, int y, int x, int cols, int ymax)
{
	const char *p;
	int row, col, g, i;

	if ((int)strlen(text) * 4 > cols || y + 5 > ymax)
		return 0;
	for (row = 0; row < 5; row++) {
		col = x;
		for (p = text; *p != '\0'; p++, col += 4) {
			g = *p == '/' ? 10 : *p >= '0' && *p <= '9' ? *p - '0' :
			    -1;
			if (g < 0)
				continue;
			for (i = 0; i < 3; i++)
				if (room_view_glyphs[g][row][i] == '#')
					mvaddstr(y + row, col + i, "\xe2\x96\x88");
		}
	}
	return 6;
}

/* The vote of the item being heard, from line y; returns the next line. */
static int
room_view_vote(const struct room_state *s, bool projector, int y, int x,
    int cols, int ymax, int step)
{
	const struct room_vote *v = &s->vote;
	bool secret = room_state_secret(s);
	char names[2048];
	attr_t big = projector ? A_BOLD : A_NORMAL;

	room_view_putf(y, x, cols, A_BOLD, false, TR("表决：%s · %s",
	    "Vote: %s, %s"), out_word(v->method), human_secret_state(v->state));
	y += step;
	if (strcmp(v->state, "closed") == 0) {
		room_view_putf(y, x, cols, A_BOLD, false, TR("结果：%s　赞成 %"
		    PRIu32 "　反对 %" PRIu32 "　弃权 %" PRIu32 "　已投 %" PRIu32
		    " / %" PRIu32, "result: %s  yes %" PRIu32 "  no %" PRIu32
		    "  abstain %" PRIu32 "  cast %" PRIu32 " of %" PRIu32),
		    out_word(v->outcome), v->yes, v->no, v->abstain, v->cast,
		    v->electorate);
		y += step;
		if (v->rule[0] != '\0')
			room_view_putf(y, x, cols, A_NORMAL, false,
			    TR("依据：%s", "under: %s"), v->rule), y += step;
		return y;
	}
	if (secret)
		room_view_putf(y, x, cols, big, false, TR("已投 %" PRIu32
		    " / 应投 %" PRIu32 "（无记名，不显示投票内容）", "cast %"
		    PRIu32 " of %" PRIu32 " (secret: how anyone voted is never "
		    "shown)"), v->cast, v->electorate);
	else
		room_view_putf(y, x, cols, big, false, TR("赞成 %" PRIu32
		    "　反对 %" PRIu32 "　弃权 %" PRIu32 "　已投 %" PRIu32
		    " / 应投 %" PRIu32, "yes %" PRIu32 "  no %" PRIu32
		    "  abstain %" PRIu32 "  cast %" PRIu32 " of %" PRIu32),
		    v->yes, v->no, v->abstain, v->cast, v->electorate);
	y += step;
	if (projector) {
		/* Large, for the back of the room: cast of the electorate. */
		char n[32];

		snprintf(n, sizeof n, "%" PRIu32 " / %" PRIu32, v->cast,
		    v->electorate);
		attron(A_BOLD);
		y += room_view_big(n, y, x + 2, cols - 2, ymax);
		attroff(A_BOLD);
	}
	/* The wall screen names no voter of a secret vote. */
	if (v->to_vote.total > 0 && !(projector && secret)) {
		room_view_names(s, &v->to_vote, false, names, sizeof names);
		room_view_putf(y, x, cols, A_NORMAL, false,
		    TR("尚未投票（%" PRIu32 "）：%s", "still to vote (%" PRIu32
		    "): %s"), v->to_vote.total, names);
		y += step;
	}
	return y;
}

/* The item being heard, in the column at x; returns the next line. */
static int
room_view_current(const struct room_state *s, bool projector, bool hush,
    int y, int x, int cols, int ymax, int step)
{
	const struct room_item *cur = room_state_current(s);
	char names[2048];
	size_t i, first;
	int rows;

	if (cur == NULL) {
		room_view_put(y, x, cols, A_BOLD, TR("当前无审议中的议题",
		    "no item is being heard"), false);
		return y + step;
	}
	room_view_putf(y, x, cols, A_BOLD | (projector ? A_STANDOUT : 0),
	    false, TR("当前议题 #%" PRIu64 "「%s」%s", "item #%" PRIu64
	    " \"%s\" %s"), cur->id, cur->title, out_word(cur->state));
	y += step;
	if (hush)
		return room_view_vote(s, projector, y + step, x, cols, ymax,
		    step);
	room_view_put(y, x, cols, A_UNDERLINE, TR("表态（按顺序）",
	    "Statements, in order"), false);
	y += step;
	/* Keep the lines for the still-to list and the vote. */
	rows = (ymax - y) / step - (s->vote.item != cur->id ? 1 :
	    projector ? 7 : 4);
	first = rows > 0 && s->nstmts > (size_t)rows ? s->nstmts - (size_t)rows :
	    0;
	for (i = first; i < s->nstmts && rows > 0; i++, y += step)
		room_view_putf(y, x, cols, A_NORMAL, false, "%3zu. %s  %s",
		    i + 1, s->stmts[i].display, out_word(s->stmts[i].position));
	if (s->nstmts == 0)
		room_view_put(y, x, cols, A_DIM, TR("   （尚无）", "   (none yet)"),
		    false), y += step;
	if (s->to_state.total > 0) {
		room_view_names(s, &s->to_state, true, names, sizeof names);
		room_view_putf(y, x, cols, A_NORMAL, false,
		    TR("尚未表态（%" PRIu32 "）：%s", "still to state (%" PRIu32
		    "): %s"), s->to_state.total, names);
		y += step;
	}
	if (s->vote.item == cur->id && y < ymax)
		y = room_view_vote(s, projector, y, x, cols, ymax, step);
	return y;
}

/* The log of recent events between lines y and ymax (newest last). */
static void
room_view_log(const struct room_state *s, bool projector, bool hush, int y,
    int ymax)
{
	const struct room_event *e, *shown[ROOM_LOG];
	char line[1024];
	int rows = ymax - y - 1;
	size_t i, n = 0;

	if (rows <= 0)
		return;
	mvhline(y, 0, ACS_HLINE, COLS);
	room_view_put(y, 2, COLS - 4, A_BOLD, TR(" 动态 ", " Events "), false);
	/* The newest that fit; while a secret vote runs on the wall, only
	 * the vote's own progress, which names nobody. */
	for (i = 0; (e = room_state_log(s, i)) != NULL && n < (size_t)rows;
	    i++) {
		if (hush && (e->item != s->vote.item ||
		    (strcmp(e->kind, "ballot") != 0 &&
		    strncmp(e->kind, "vote_", 5) != 0)))
			continue;
		shown[n++] = e;
	}
	for (i = 0; i < n; i++) {
		room_view_event_words(shown[n - 1 - i], projector, line,
		    sizeof line);
		room_view_put(y + 1 + (int)i, 1, COLS - 2, A_NORMAL, line,
		    false);
	}
}

/* The keys of the member (and the chair) on the last line, shorter when
 * the terminal is narrow. */
static void
room_view_keys(const struct room_state *s, int y)
{
	const char *full, *brief;

	if (room_state_is_chair(s)) {
		full = TR(" c 签到  s 表态  v 投票  d 保留意见 | 主持：o 开会  "
		    "t 开始议题  b 开始表决  e 结束表决  x 散会 | q 退出",
		    " c check in  s state  v vote  d dissent | chair: o open  "
		    "t start item  b open vote  e close vote  x close meeting | "
		    "q quit");
		brief = TR(" q退出|c签到 s表态 v投票 d保留意见|o开会 t开始议题 "
		    "b开始表决 e结束表决 x散会", " q quit|c check in s state "
		    "v vote d dissent|o open t item b vote e end vote x close");
	} else {
		full = TR(" c 签到  s 表态  v 投票  d 保留意见  q 退出",
		    " c check in  s state  v vote  d dissent  q quit");
		brief = full;
	}
	room_view_put(y, 0, COLS, A_REVERSE, room_text_width(full) <= COLS ?
	    full : brief, true);
}

/* Says that the terminal is too small instead of drawing. */
static void
room_view_too_small(void)
{
	char msg[256];
	int w, y = LINES / 2;

	snprintf(msg, sizeof msg, TR("终端太小：至少需要 %d×%d（当前 %d×%d）",
	    "terminal too small: %dx%d needed (now %dx%d)"),
	    ROOM_VIEW_MIN_COLS, ROOM_VIEW_MIN_LINES, COLS, LINES);
	w = room_text_width(msg);
	room_view_put(y, w < COLS ? (COLS - w) / 2 : 0, COLS, A_BOLD, msg,
	    false);
	room_view_put(y + 1, 0, COLS, A_NORMAL, TR("按 q 退出", "q to quit"),
	    false);
}

/* Draws everything (see room_view.h). */
void
room_view_draw(const struct room_state *s, const struct room_view_ui *ui)
{
	int y, left, right_x, logh, bottom, step = ui->projector ? 2 : 1;
	/* The wall screen during a secret vote: the vote alone, no names. */
	bool hush = ui->projector && room_state_secret(s) &&
	    strcmp(s->vote.state, "closed") != 0 &&
	    strcmp(s->vote.state, "void") != 0;
	attr_t a;
	char buf[1200];

	erase();
	if (COLS < ROOM_VIEW_MIN_COLS || LINES < ROOM_VIEW_MIN_LINES) {
		room_view_too_small();
		refresh();
		return;
	}
	y = room_view_header(s, ui->projector);
	if (!ui->projector) {
		a = A_BOLD | (has_colors() ? COLOR_PAIR(ROOM_VIEW_C_NEXT) : 0);
		room_view_putf(y, 1, COLS - 2, a, false, TR("您的下一步：%s",
		    "your next step: %s"), room_view_next_words(
		    room_state_next(s)));
		y += 1;
	}
	mvhline(y, 0, ACS_HLINE, COLS);
	y += 1;
	/* Bottom: the log, then the status and the keys (none on the wall). */
	bottom = ui->projector ? LINES - 1 : LINES - 3;
	logh = (LINES - y) / 3;
	if (logh < 4)
		logh = 4;
	left = COLS / 3 < 40 ? COLS / 3 : 40;
	right_x = left + 2;
	room_view_agenda(s, y, 1, left - 1, bottom - logh, step);
	mvvline(y, left, ACS_VLINE, bottom - logh - y);
	room_view_current(s, ui->projector, hush, y, right_x,
	    COLS - right_x - 1, bottom - logh, step);
	room_view_log(s, ui->projector, hush, bottom - logh, bottom);
	if (ui->status != NULL && ui->status[0] != '\0')
		room_view_put(bottom, 0, COLS, has_colors() ?
		    COLOR_PAIR(ROOM_VIEW_C_STATUS) : A_REVERSE, ui->status,
		    true);
	if (ui->projector) {
		refresh();
		return;
	}
	if ((ui->status == NULL || ui->status[0] == '\0') && ui->note != NULL &&
	    ui->note[0] != '\0') {
		a = ui->note_kind == 2 ? A_BOLD | (has_colors() ?
		    COLOR_PAIR(ROOM_VIEW_C_REFUSED) : 0) : ui->note_kind == 1 ?
		    (has_colors() ? COLOR_PAIR(ROOM_VIEW_C_DONE) : A_NORMAL) :
		    A_NORMAL;
		room_view_put(bottom, 1, COLS - 2, a, ui->note, false);
	}
	if (ui->prompt != NULL) {
		snprintf(buf, sizeof buf, "%s%s", ui->prompt,
		    ui->input != NULL ? ui->input : "");
		room_view_put(LINES - 2, 0, COLS, A_BOLD, buf, true);
	}
	room_view_keys(s, LINES - 1);
	refresh();
}
