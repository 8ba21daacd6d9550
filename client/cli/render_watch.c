/* render_watch.c: a followed meeting's snapshot and events, as text in the
 * office's words and as JSON Lines (see render_watch.h). */
#include "render_watch.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "render.h"

#define S(x) ((x) != NULL ? (x) : "")

/* A sentence being written into a caller's buffer (cut short, never
 * overrun, when it does not fit). */
struct watch_buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Appends to b. */
static void __attribute__((format(printf, 2, 3)))
watch_add(struct watch_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->len += (size_t)n;
	if (b->len >= b->cap)
		b->len = b->cap - 1;
}

/* A display name, or the identity when there is none. */
static const char *
watch_name(const char *member, const char *display)
{
	if (display != NULL && display[0] != '\0')
		return display;
	return member != NULL && member[0] != '\0' ? member : "-";
}

/* The display name of identity id from the meeting's attendance, or id. */
static const char *
watch_display(const Yishi__Meeting *m, const char *id)
{
	size_t i;

	for (i = 0; m != NULL && i < m->n_attendance; i++)
		if (strcmp(S(m->attendance[i]->member), id) == 0)
			return watch_name(id, m->attendance[i]->display);
	return id;
}

/* The item with this id in the meeting, or NULL. */
static const Yishi__Item *
watch_item(const Yishi__Meeting *m, uint64_t id)
{
	size_t i;

	for (i = 0; m != NULL && i < m->n_items; i++)
		if (m->items[i]->id == id)
			return m->items[i];
	return NULL;
}

/* Who acted in ev. */
static const char *
watch_who(const Yishi__Event *ev)
{
	return watch_name(ev->member, ev->display);
}

/* "议题 #5「标题」": the item ev is about (title from ev when it carries
 * it, else from the snapshot). True when a title was written (in Chinese
 * its closing quote needs no space after it). */
static bool
watch_add_item(struct watch_buf *b, const Yishi__Event *ev,
    const Yishi__Meeting *m, const char *title)
{
	const Yishi__Item *it = watch_item(m, ev->item);

	if ((title == NULL || title[0] == '\0') && it != NULL)
		title = it->title;
	watch_add(b, TR("议题 #%" PRIu64, "item #%" PRIu64), ev->item);
	if (title == NULL || title[0] == '\0')
		return false;
	watch_add(b, TR("「%s」", " \"%s\""), title);
	return true;
}

/* A comma-separated list of identities as names: "张三、李四". */
static void
watch_add_ids(struct watch_buf *b, const Yishi__Meeting *m, const char *list)
{
	char id[256];
	const char *p = list, *q;
	size_t n;
	int k = 0;

	while (p != NULL && *p != '\0') {
		q = strchr(p, ',');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (n > 0 && n < sizeof id) {
			memcpy(id, p, n);
			id[n] = '\0';
			watch_add(b, "%s%s", k++ ? TR("、", ", ") : "",
			    watch_display(m, id));
		}
		p = q != NULL ? q + 1 : NULL;
	}
	if (k == 0)
		watch_add(b, "%s", TR("监票人", "the scrutineers"));
}

/* The people still to act, "；尚待表态：甲、乙（共 n 人）", or that none is. */
static void
watch_add_waiting(struct watch_buf *b, const Yishi__Event *ev, bool vote)
{
	size_t i;

	if (ev->waiting_n == 0 && ev->n_waiting == 0) {
		watch_add(b, "%s", vote ? TR("；均已投票", "; all have voted") :
		    TR("；均已表态", "; all have stated"));
		return;
	}
	watch_add(b, "%s", vote ? TR("；尚待投票：", "; still to vote: ") :
	    TR("；尚待表态：", "; still to state: "));
	for (i = 0; i < ev->n_waiting; i++)
		watch_add(b, "%s%s", i ? TR("、", ", ") : "",
		    watch_name(ev->waiting[i]->member,
		    ev->waiting[i]->display));
	/* At most 32 are named; a large electorate may name none. */
	if (ev->n_waiting == 0)
		watch_add(b, TR("%u 人", "%u people"), ev->waiting_n);
	else if (ev->waiting_n > ev->n_waiting)
		watch_add(b, TR("等 %u 人", " and others, %u in all"),
		    ev->waiting_n);
}

/* The head-count, "（应到 5 人，实到 3 人，需 3 人，已达法定人数）". */
static void
watch_add_quorum(struct watch_buf *b, const Yishi__Quorum *q)
{
	if (q == NULL)
		return;
	watch_add(b, TR("（应到 %u 人，实到 %u 人，需 %u 人，%s）",
	    " (%u seats, %u present, %u needed: %s)"), q->n, q->present,
	    q->needed, q->met ? TR("已达法定人数", "quorum met") :
	    TR("未达法定人数", "no quorum"));
}

/* ", rule R-X" when ev names the rule applied. */
static void
watch_add_rule(struct watch_buf *b, const char *rule)
{
	if (rule != NULL && rule[0] != '\0')
		watch_add(b, TR("；依据 %s", "; rule %s"), rule);
}

/* A reason or detail after a colon, when there is one. */
static void
watch_add_because(struct watch_buf *b, const char *why)
{
	if (why != NULL && why[0] != '\0')
		watch_add(b, TR("：%s", ": %s"), why);
}

/* A ballot: the choice and running counts of an open vote; of a secret
 * vote, only that the member voted and how many have. */
static void
watch_ballot(struct watch_buf *b, const Yishi__Event *ev,
    const Yishi__Meeting *m)
{
	bool en = out_lang() == CLI_EN;

	if (ev->detail != NULL && ev->detail[0] != '\0') {
		if (en) {
			watch_add(b, "%s voted %s on ", watch_who(ev),
			    out_word(ev->detail));
			watch_add_item(b, ev, m, NULL);
		} else {
			watch_add(b, "%s 就", watch_who(ev));
			watch_add_item(b, ev, m, NULL);
			watch_add(b, "投票：%s", out_word(ev->detail));
		}
		watch_add(b, TR("（赞成 %u，反对 %u，弃权 %u；已投 %u 票，"
		    "应参加表决 %u 人）", " (yes %u, no %u, abstain %u; %u "
		    "cast of %u)"), ev->yes, ev->no, ev->abstain, ev->cast,
		    ev->electorate);
	} else {
		watch_add(b, TR("%s 已就", "%s voted on "), watch_who(ev));
		watch_add_item(b, ev, m, NULL);
		watch_add(b, TR("投票（无记名投票，已投 %u 票，应参加表决 %u 人）",
		    " (secret ballot: %u cast of %u)"), ev->cast,
		    ev->electorate);
	}
	watch_add_waiting(b, ev, true);
}

/* Whether kind is k. */
static bool
watch_is(const Yishi__Event *ev, const char *k)
{
	return strcmp(S(ev->kind), k) == 0;
}

/* The meeting's own events: notice, opening, closing, attendance, leave,
 * the chair handed over, the minutes. Returns false for other kinds. */
static bool
watch_meeting_event(struct watch_buf *b, const Yishi__Event *ev,
    const Yishi__Meeting *m)
{
	const char *who = watch_who(ev);

	if (watch_is(ev, "noticed"))
		watch_add(b, "%s", TR("已发出会议通知",
		    "the meeting notice was sent"));
	else if (watch_is(ev, "opened"))
		watch_add(b, TR("%s 宣布会议开始", "%s opened the meeting"), who);
	else if (watch_is(ev, "closed"))
		watch_add(b, TR("%s 宣布散会", "%s closed the meeting"), who);
	else if (watch_is(ev, "checkin"))
		watch_add(b, TR("%s 签到", "%s checked in"), who);
	else if (watch_is(ev, "checkout"))
		watch_add(b, TR("%s 签退离会", "%s checked out"), who);
	else if (watch_is(ev, "leave_requested"))
		watch_add(b, TR("%s 请假", "%s asked for leave"), who);
	else if (watch_is(ev, "leave_approved"))
		watch_add(b, TR("准予 %s 请假", "leave was granted to %s"), who);
	else if (watch_is(ev, "delegated"))
		watch_add(b, TR("%s 将主持工作交由 %s", "%s handed the chair to "
		    "%s"), who, ev->detail != NULL && ev->detail[0] != '\0' ?
		    watch_display(m, ev->detail) : "-");
	else if (watch_is(ev, "minutes_signed"))
		watch_add(b, TR("主持人 %s 签发了会议纪要",
		    "the chair %s signed the minutes"), who);
	else if (watch_is(ev, "minutes_corrected"))
		watch_add(b, TR("主持人 %s 追加了会议纪要的更正",
		    "the chair %s appended a corrigendum to the minutes"), who);
	else
		return false;
	if (watch_is(ev, "leave_requested") || watch_is(ev, "leave_approved"))
		watch_add_because(b, ev->detail);
	watch_add_quorum(b, ev->quorum);
	return true;
}

/* Statements and what is decided without a vote: an item heard, a
 * recusal, a statement, a decision, a deferral. Returns false for other
 * kinds. */
static bool
watch_item_event(struct watch_buf *b, const Yishi__Event *ev,
    const Yishi__Meeting *m)
{
	bool en = out_lang() == CLI_EN;
	const char *who = watch_who(ev);
	bool titled;

	if (watch_is(ev, "item_started")) {
		titled = watch_add_item(b, ev, m, ev->detail);
		watch_add(b, "%s", TR(titled ? "开始审议" : " 开始审议",
		    " is being heard"));
		watch_add_waiting(b, ev, false);
	} else if (watch_is(ev, "recused")) {
		watch_add(b, TR("%s 就", "%s stepped aside from "), who);
		watch_add_item(b, ev, m, NULL);
		watch_add(b, "%s", TR("回避", ""));
		watch_add_because(b, ev->detail);
	} else if (watch_is(ev, "statement")) {
		watch_add(b, TR("%s 就", "%s stated on "), who);
		watch_add_item(b, ev, m, NULL);
		watch_add(b, TR("表态：%s", ": %s"), out_word(ev->detail));
		watch_add_waiting(b, ev, false);
	} else if (watch_is(ev, "decided")) {
		if (en)
			watch_add(b, "%s decided ", who);
		else
			watch_add(b, "%s 决定", who);
		watch_add_item(b, ev, m, NULL);
		watch_add(b, TR("：%s", ": %s"), ev->outcome != NULL &&
		    ev->outcome[0] != '\0' ? out_word(ev->outcome) :
		    TR("已决定", "decided"));
		watch_add_rule(b, ev->rule);
	} else if (watch_is(ev, "deferred")) {
		titled = watch_add_item(b, ev, m, NULL);
		watch_add(b, "%s", TR(titled ? "暂缓审议" : " 暂缓审议",
		    " was deferred"));
		watch_add_because(b, ev->detail);
		watch_add_rule(b, ev->rule);
	} else {
		return false;
	}
	return true;
}

/* A vote from its opening to its result. Returns false for other kinds. */
static bool
watch_vote_event(struct watch_buf *b, const Yishi__Event *ev,
    const Yishi__Meeting *m)
{
	const char *who = watch_who(ev);

	if (watch_is(ev, "ballot")) {
		watch_ballot(b, ev, m);
		return true;
	}
	if (watch_is(ev, "vote_key") || watch_is(ev, "vote_decrypt")) {
		watch_add(b, TR("监票人 %s 已就", "scrutineer %s published "),
		    who);
		if (out_lang() == CLI_EN)
			watch_add(b, "%s", watch_is(ev, "vote_key") ?
			    "a key share for " : "a count share for ");
		watch_add_item(b, ev, m, NULL);
		watch_add(b, "%s", watch_is(ev, "vote_key") ?
		    TR("提交计票密钥份额", "") : TR("提交计票份额", ""));
		return true;
	}
	watch_add_item(b, ev, m, NULL);
	if (watch_is(ev, "vote_opened")) {
		watch_add(b, TR(" 开始表决（%s，应参加表决 %u 人）",
		    ": vote opened (%s, electorate %u)"),
		    ev->detail != NULL && ev->detail[0] != '\0' ?
		    out_word(ev->detail) : TR("表决", "vote"), ev->electorate);
		watch_add_waiting(b, ev, true);
	} else if (watch_is(ev, "vote_keying")) {
		watch_add(b, "%s", TR(" 无记名投票：等待监票人 ",
		    ": secret ballot, waiting for the scrutineers "));
		watch_add_ids(b, m, ev->detail);
		watch_add(b, "%s", TR(" 生成计票密钥", " to make the "
		    "counting key"));
	} else if (watch_is(ev, "vote_counting")) {
		watch_add(b, TR(" 投票截止（已投 %u 票），等待监票人 ",
		    ": ballots closed (%u cast), waiting for the scrutineers "),
		    ev->cast);
		watch_add_ids(b, m, ev->detail);
		watch_add(b, "%s", TR(" 计票", " to count"));
	} else if (watch_is(ev, "vote_closed")) {
		watch_add(b, TR(" 表决结束：%s（赞成 %u，反对 %u，弃权 %u；"
		    "共投 %u 票，应参加表决 %u 人）", ": vote closed, %s (yes %u, "
		    "no %u, abstain %u; %u cast of %u)"),
		    ev->outcome != NULL && ev->outcome[0] != '\0' ?
		    out_word(ev->outcome) : "-", ev->yes, ev->no, ev->abstain,
		    ev->cast, ev->electorate);
		watch_add_rule(b, ev->rule);
	} else if (watch_is(ev, "vote_void")) {
		watch_add(b, "%s", TR(" 的无记名投票作废",
		    ": the secret ballot was voided"));
		watch_add_because(b, ev->detail);
	} else {
		return false;
	}
	return true;
}

/* What ev says, one sentence (see render_watch.h). */
const char *
human_watch_event(const Yishi__Event *ev, const Yishi__Meeting *m,
    char *buf, size_t len)
{
	struct watch_buf b = { buf, 0, len };

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (watch_meeting_event(&b, ev, m) || watch_item_event(&b, ev, m))
		return buf;
	b.len = 0;
	buf[0] = '\0';
	if (watch_vote_event(&b, ev, m))
		return buf;
	b.len = 0;
	buf[0] = '\0';
	if (watch_is(ev, "revoked")) {
		watch_add(&b, "%s", TR("关注已结束", "the watch has ended"));
		watch_add_because(&b, ev->detail);
		return buf;
	}
	/* A kind this client does not know yet: say what it can. */
	watch_add(&b, TR("会议事件：%s", "meeting event: %s"),
	    out_word(ev->kind));
	if ((ev->member && ev->member[0]) || (ev->display && ev->display[0]))
		watch_add(&b, " %s", watch_who(ev));
	if (ev->item != 0)
		watch_add(&b, TR("，议题 #%" PRIu64, ", item #%" PRIu64),
		    ev->item);
	watch_add_because(&b, ev->detail);
	return buf;
}

/* The time of an event as people read it (see render_watch.h). */
const char *
human_watch_time(const char *at, char *buf, size_t len)
{
	const char *t;
	size_t i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	at = S(at);
	/* RFC 3339: "2026-12-03T09:31:05.123+08:00" (or a space for T). */
	t = strpbrk(at, "T ");
	if (t == NULL || len < 9)
		return buf;
	t++;
	for (i = 0; i < 8; i++) {
		bool colon = i == 2 || i == 5;

		if (colon ? t[i] != ':' : (t[i] < '0' || t[i] > '9'))
			return buf;
	}
	memcpy(buf, t, 8);
	buf[8] = '\0';
	return buf;
}

/* Prints ev as one line (see render_watch.h). */
void
human_watch_line(const Yishi__Event *ev, const Yishi__Meeting *m)
{
	char when[16], what[4096];

	human_watch_time(ev->at, when, sizeof when);
	out_printf("%s%s%s\n", when, when[0] ? "  " : "",
	    human_watch_event(ev, m, what, sizeof what));
}

/* Whether the kind fills field (docs/protocol.md, "Events"). */
static bool
watch_fills(const Yishi__Event *ev, const char *const *kinds)
{
	for (; *kinds != NULL; kinds++)
		if (watch_is(ev, *kinds))
			return true;
	return false;
}

/* One event as a flat JSON object (see render_watch.h). */
void
render_watch_event(struct json *j, const Yishi__Event *ev)
{
	static const char *const with_cast[] = { "ballot", "vote_counting",
	    "vote_closed", NULL };
	static const char *const with_electorate[] = { "vote_opened",
	    "ballot", "vote_closed", NULL };
	static const char *const with_waiting[] = { "item_started",
	    "statement", "vote_opened", "ballot", NULL };
	/* Open ballots carry the choice in detail and the running counts;
	 * a secret ballot never says how. */
	bool counts = watch_is(ev, "vote_closed") || (watch_is(ev, "ballot") &&
	    ev->detail != NULL && ev->detail[0] != '\0');
	size_t i;

	json_obj(j, NULL);
	json_str(j, "kind", S(ev->kind));
	json_u64(j, "meeting", ev->meeting);
	if (ev->item != 0)
		json_u64(j, "item", ev->item);
	if (ev->member != NULL && ev->member[0] != '\0')
		json_str(j, "member", ev->member);
	if (ev->display != NULL && ev->display[0] != '\0')
		json_str(j, "display", ev->display);
	if (ev->detail != NULL && ev->detail[0] != '\0')
		json_str(j, "detail", ev->detail);
	if (counts) {
		json_u64(j, "yes", ev->yes);
		json_u64(j, "no", ev->no);
		json_u64(j, "abstain", ev->abstain);
	}
	if (watch_fills(ev, with_cast))
		json_u64(j, "cast", ev->cast);
	if (watch_fills(ev, with_electorate))
		json_u64(j, "electorate", ev->electorate);
	if (ev->quorum != NULL)
		render_quorum(j, "quorum", ev->quorum);
	if (ev->outcome != NULL && ev->outcome[0] != '\0')
		json_str(j, "outcome", ev->outcome);
	if (ev->rule != NULL && ev->rule[0] != '\0')
		json_str(j, "rule", ev->rule);
	json_str(j, "at", S(ev->at));
	json_u64(j, "seq", ev->seq);
	json_u64(j, "index", ev->index);
	if (watch_fills(ev, with_waiting)) {
		json_arr(j, "waiting");
		for (i = 0; i < ev->n_waiting; i++) {
			json_obj(j, NULL);
			json_str(j, "member", S(ev->waiting[i]->member));
			json_str(j, "display", S(ev->waiting[i]->display));
			json_end(j);
		}
		json_end(j);
		json_u64(j, "waiting_n", ev->waiting_n);
	}
	json_end(j);
}

/* The snapshot as one JSON object (see render_watch.h). */
void
render_watch_snapshot(struct json *j, const Yishi__Watching *w)
{
	json_obj(j, NULL);
	json_obj(j, "snapshot");
	if (w->meeting != NULL)
		render_meeting(j, "meeting", w->meeting, true);
	else
		json_null(j, "meeting");
	json_u64(j, "seq", w->seq);
	json_u64(j, "index", w->index);
	json_end(j);
	json_end(j);
}

/* The attendees in one state, "出席（3 人）：甲、乙、丙", reasons in
 * parentheses; nothing when there are none (unless always). */
static void
watch_attendees(const Yishi__Meeting *m, const char *state, bool always)
{
	size_t i, k = 0;

	for (i = 0; i < m->n_attendance; i++)
		if (strcmp(S(m->attendance[i]->state), state) == 0 &&
		    strcmp(S(m->attendance[i]->role), "observer") != 0)
			k++;
	if (k == 0 && !always)
		return;
	out_printf(TR("  %s（%zu 人）：", "  %s (%zu): "), out_word(state), k);
	for (i = 0, k = 0; i < m->n_attendance; i++) {
		const Yishi__Attendance *a = m->attendance[i];

		if (strcmp(S(a->state), state) != 0 ||
		    strcmp(S(a->role), "observer") == 0)
			continue;
		out_printf("%s%s", k++ ? TR("、", ", ") : "",
		    watch_name(a->member, a->display));
		if (a->reason != NULL && a->reason[0] != '\0') {
			out_printf("%s", TR("（", " ("));
			out_lines("      ", a->reason);
			out_printf("%s", TR("）", ")"));
		}
	}
	out_printf("%s\n", k == 0 ? TR("无", "none") : "");
}

/* People, "甲、乙、丙", or "无". */
static void
watch_people(Yishi__Person *const *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out_printf("%s%s", i ? TR("、", ", ") : "",
		    watch_name(p[i]->member, p[i]->display));
	out_printf("%s\n", n == 0 ? TR("无", "none") : "");
}

/* The vote of the item being heard: method, state, counts (a secret vote:
 * only how many voted until it is closed), who is still to vote. */
static void
watch_snapshot_vote(const Yishi__Vote *v)
{
	bool secret = strcmp(S(v->method), "secret") == 0;
	bool closed = strcmp(S(v->state), "closed") == 0;

	out_printf(TR("    表决：%s —— %s", "    vote: %s — %s"),
	    out_word(v->method), secret ? human_secret_state(v->state) :
	    out_word(v->state));
	if (!secret || closed)
		out_printf(TR("；赞成 %u，反对 %u，弃权 %u", "; yes %u, no %u, "
		    "abstain %u"), v->yes, v->no, v->abstain);
	out_printf(TR("；已投 %u 票，应参加表决 %u 人\n",
	    "; %u cast of %u\n"), secret ? v->cast : v->yes + v->no +
	    v->abstain, v->electorate);
	if (v->outcome != NULL && v->outcome[0] != '\0')
		out_printf(TR("    结果：%s%s%s\n", "    outcome: %s%s%s\n"),
		    out_word(v->outcome), v->rule && v->rule[0] ?
		    TR("；依据 ", "; rule ") : "", S(v->rule));
	if (closed || strcmp(S(v->state), "void") == 0)
		return;
	out_printf("%s", TR("    尚待投票：", "    still to vote: "));
	watch_people(v->to_vote, v->n_to_vote);
}

/* The item being heard: its statements in order, who is still to state,
 * and its vote. */
static void
watch_snapshot_item(const Yishi__Item *it)
{
	size_t i;

	out_printf(TR("  正在审议：议题 #%" PRIu64 "「%s」—— %s\n",
	    "  being heard: item #%" PRIu64 " \"%s\" — %s\n"), it->id,
	    S(it->title), out_word(it->state));
	for (i = 0; i < it->n_recusals; i++)
		out_printf(TR("    回避：%s\n", "    stepped aside: %s\n"),
		    watch_name(it->recusals[i]->member,
		    it->recusals[i]->display));
	out_printf("%s", TR("    表态（按发言顺序）：", "    statements, in "
	    "order: "));
	for (i = 0; i < it->n_statements; i++)
		out_printf("%s%u. %s %s", i ? TR("；", "; ") :
		    "", it->statements[i]->seq ? it->statements[i]->seq :
		    (unsigned)(i + 1), watch_name(it->statements[i]->member,
		    it->statements[i]->display),
		    out_word(it->statements[i]->position));
	out_printf("%s\n", it->n_statements == 0 ? TR("无", "none") : "");
	if (it->vote == NULL || strcmp(S(it->state), "started") == 0) {
		out_printf("%s", TR("    尚待表态：", "    still to state: "));
		watch_people(it->to_state, it->n_to_state);
	}
	if (it->vote != NULL)
		watch_snapshot_vote(it->vote);
}

/* Prints the snapshot as text (see render_watch.h). */
void
human_watch_snapshot(const Yishi__Watching *w)
{
	const Yishi__Meeting *m = w->meeting;
	const Yishi__Item *heard = NULL;
	char who[256];
	size_t i;

	if (m == NULL)
		return;
	out_printf(TR("会议 #%" PRIu64 "「%s」—— %s\n",
	    "Meeting #%" PRIu64 " \"%s\" — %s\n"), m->id, S(m->title),
	    out_word(m->state));
	if (m->chair != NULL && m->chair[0] != '\0')
		out_printf(TR("  主持人：%s\n", "  chair: %s\n"),
		    render_person(m->chair, m->chair_display, who, sizeof who));
	watch_attendees(m, "present", true);
	watch_attendees(m, "leave", false);
	watch_attendees(m, "absent", false);
	watch_attendees(m, "left", false);
	watch_attendees(m, "expected", false);
	if (m->quorum != NULL)
		out_printf(TR("  法定人数：应到 %u 人，实到 %u 人，需 %u 人 —— %s\n",
		    "  quorum: %u seats, %u present, %u needed — %s\n"),
		    m->quorum->n, m->quorum->present, m->quorum->needed,
		    m->quorum->met ? TR("已达到", "met") :
		    TR("未达到", "not met"));
	out_printf("%s", TR("  议程：\n", "  agenda:\n"));
	for (i = 0; i < m->n_items; i++) {
		const Yishi__Item *it = m->items[i];

		out_printf(TR("    %zu. #%" PRIu64 "「%s」—— %s",
		    "    %zu. #%" PRIu64 " \"%s\" — %s"), i + 1, it->id,
		    S(it->title), out_word(it->state));
		if (it->outcome != NULL && it->outcome[0] != '\0')
			out_printf(TR("，%s", ", %s"), out_word(it->outcome));
		out_printf("\n");
		if (strcmp(S(it->state), "started") == 0 ||
		    strcmp(S(it->state), "voting") == 0)
			heard = it;
	}
	if (m->n_items == 0)
		out_printf("%s", TR("    无\n", "    none\n"));
	if (heard != NULL)
		watch_snapshot_item(heard);
	else
		out_printf("%s", TR("  当前没有正在审议的议题\n",
		    "  no item is being heard\n"));
	out_printf(TR("（截至留痕 #%" PRIu64 "）\n",
	    "(as of trail entry #%" PRIu64 ")\n"), w->seq);
}
