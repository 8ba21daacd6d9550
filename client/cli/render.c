/* render.c: protocol messages as JSON and as human text (see render.h). */
#include "render.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

#define S(x) ((x) != NULL ? (x) : "")

/* Writes key: v only when v is not empty. */
static void
render_opt_str(struct json *j, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_str(j, key, v);
}

/* A body. */
void
render_body(struct json *j, const char *key, const Yishi__Body *b)
{
	json_obj(j, key);
	json_u64(j, "id", b->id);
	json_str(j, "name", S(b->name));
	json_str(j, "kind", S(b->kind));
	json_str(j, "profile", S(b->profile));
	json_end(j);
}

/* A seat. */
void
render_seat(struct json *j, const char *key, const Yishi__Seat *s)
{
	json_obj(j, key);
	json_u64(j, "body", s->body);
	json_str(j, "member", S(s->member));
	json_str(j, "display", S(s->display));
	json_str(j, "role", S(s->role));
	json_i64(j, "rank", s->rank);
	json_end(j);
}

/* A quorum head-count. */
static void
render_quorum(struct json *j, const char *key, const Yishi__Quorum *q)
{
	json_obj(j, key);
	json_u64(j, "n", q->n);
	json_u64(j, "present", q->present);
	json_u64(j, "needed", q->needed);
	json_bool(j, "met", q->met);
	json_end(j);
}

/* Whether ballots of this method may be shown (never for secret votes). */
static bool
render_open_method(const char *method)
{
	return method == NULL || strcmp(method, "secret") != 0;
}

/* Ballots of an open vote. */
static void
render_ballots(struct json *j, const Yishi__Vote *v)
{
	size_t i;

	if (!render_open_method(v->method))
		return;
	json_arr(j, "ballots");
	for (i = 0; i < v->n_ballots; i++) {
		const Yishi__Ballot *b = v->ballots[i];

		json_obj(j, NULL);
		json_str(j, "member", S(b->member));
		json_str(j, "display", S(b->display));
		json_str(j, "choice", S(b->choice));
		render_opt_str(j, "entered_by", b->entered_by);
		json_end(j);
	}
	json_end(j);
}

/* A vote (vote show). */
void
render_vote(struct json *j, const char *key, const Yishi__Vote *v)
{
	json_obj(j, key);
	json_u64(j, "item", v->item);
	json_str(j, "method", S(v->method));
	json_str(j, "state", S(v->state));
	json_u64(j, "yes", v->yes);
	json_u64(j, "no", v->no);
	json_u64(j, "abstain", v->abstain);
	json_u64(j, "not_voting", v->not_voting);
	json_u64(j, "electorate", v->electorate);
	render_opt_str(j, "outcome", v->outcome);
	render_opt_str(j, "rule", v->rule);
	render_opt_str(j, "profile", v->profile);
	if (v->profile_version != 0)
		json_u64(j, "profile_version", v->profile_version);
	render_ballots(j, v);
	json_end(j);
}

/* The result of a closed vote (vote close). */
void
render_result(struct json *j, const char *key, const Yishi__Vote *v)
{
	json_obj(j, key);
	json_u64(j, "item", v->item);
	json_str(j, "outcome", S(v->outcome));
	json_u64(j, "yes", v->yes);
	json_u64(j, "no", v->no);
	json_u64(j, "abstain", v->abstain);
	json_u64(j, "not_voting", v->not_voting);
	json_str(j, "rule", S(v->rule));
	json_str(j, "method", S(v->method));
	json_u64(j, "electorate", v->electorate);
	json_u64(j, "n", v->n);
	json_u64(j, "present", v->present);
	render_opt_str(j, "profile", v->profile);
	if (v->profile_version != 0)
		json_u64(j, "profile_version", v->profile_version);
	render_ballots(j, v);
	json_end(j);
}

/* An agenda item; full adds statements and the vote. */
void
render_item(struct json *j, const char *key, const Yishi__Item *it, bool full)
{
	size_t i;

	json_obj(j, key);
	json_u64(j, "id", it->id);
	json_u64(j, "meeting", it->meeting);
	json_u64(j, "position", it->position);
	json_str(j, "title", S(it->title));
	json_str(j, "category", S(it->category));
	json_str(j, "state", S(it->state));
	json_i64(j, "amount", it->amount);
	render_opt_str(j, "domain", it->domain);
	json_str(j, "proposer", S(it->proposer));
	json_str(j, "proposer_display", S(it->proposer_display));
	render_opt_str(j, "responsible", it->responsible);
	json_bool(j, "emergency", it->emergency);
	render_opt_str(j, "decision_mode", it->decision_mode);
	render_opt_str(j, "outcome", it->outcome);
	render_opt_str(j, "note", it->note);
	if (it->revises != 0)
		json_u64(j, "revises", it->revises);
	if (it->superseded_by != 0)
		json_u64(j, "superseded_by", it->superseded_by);
	if (it->disposal != 0)
		json_u64(j, "disposal", it->disposal);
	if (full || it->n_statements > 0) {
		json_arr(j, "statements");
		for (i = 0; i < it->n_statements; i++) {
			const Yishi__Statement *s = it->statements[i];

			json_obj(j, NULL);
			json_u64(j, "seq", s->seq);
			json_str(j, "member", S(s->member));
			json_str(j, "display", S(s->display));
			json_str(j, "position", S(s->position));
			json_str(j, "text", S(s->text));
			json_str(j, "at", S(s->at));
			json_end(j);
		}
		json_end(j);
	}
	if (it->vote != NULL)
		render_vote(j, "vote", it->vote);
	else if (full)
		json_null(j, "vote");
	json_end(j);
}

/* A meeting; full adds statements and votes to its items (minutes). */
void
render_meeting(struct json *j, const char *key, const Yishi__Meeting *m,
    bool full)
{
	size_t i;

	json_obj(j, key);
	json_u64(j, "id", m->id);
	json_u64(j, "body", m->body);
	render_opt_str(j, "body_name", m->body_name);
	json_str(j, "title", S(m->title));
	json_str(j, "at", S(m->at));
	json_str(j, "place", S(m->place));
	json_str(j, "state", S(m->state));
	json_bool(j, "urgent", m->urgent);
	render_opt_str(j, "reason", m->reason);
	json_str(j, "chair", S(m->chair));
	json_str(j, "chair_display", S(m->chair_display));
	render_opt_str(j, "recorder", m->recorder);
	render_opt_str(j, "recorder_display", m->recorder_display);
	render_opt_str(j, "profile", m->profile);
	render_opt_str(j, "noticed_at", m->noticed_at);
	render_opt_str(j, "opened_at", m->opened_at);
	render_opt_str(j, "closed_at", m->closed_at);
	if (m->quorum != NULL)
		render_quorum(j, "quorum", m->quorum);
	json_arr(j, "attendance");
	for (i = 0; i < m->n_attendance; i++) {
		const Yishi__Attendance *a = m->attendance[i];

		json_obj(j, NULL);
		json_str(j, "member", S(a->member));
		json_str(j, "display", S(a->display));
		json_str(j, "role", S(a->role));
		json_str(j, "state", S(a->state));
		render_opt_str(j, "reason", a->reason);
		json_end(j);
	}
	json_end(j);
	json_arr(j, "items");
	for (i = 0; i < m->n_items; i++)
		render_item(j, NULL, m->items[i], full);
	json_end(j);
	json_end(j);
}

/* One trail entry, hashes in hex. */
void
render_trail_entry(struct json *j, const char *key,
    const Yishi__TrailEntry *e)
{
	json_obj(j, key);
	json_u64(j, "body", e->body);
	json_u64(j, "seq", e->seq);
	json_str(j, "at", S(e->at));
	json_i64(j, "at_us", e->at_us);
	json_str(j, "actor", S(e->actor));
	json_str(j, "action", S(e->action));
	json_str(j, "payload", S(e->payload));
	json_hex(j, "prev_hash", e->prev_hash.data, e->prev_hash.len);
	json_hex(j, "hash", e->hash.data, e->hash.len);
	json_end(j);
}

/* One pushed event. */
void
render_event(struct json *j, const char *key, const Yishi__Event *ev)
{
	json_obj(j, key);
	json_str(j, "kind", S(ev->kind));
	json_u64(j, "meeting", ev->meeting);
	if (ev->item != 0)
		json_u64(j, "item", ev->item);
	render_opt_str(j, "member", ev->member);
	render_opt_str(j, "display", ev->display);
	render_opt_str(j, "detail", ev->detail);
	if (ev->yes || ev->no || ev->abstain || ev->cast) {
		json_u64(j, "yes", ev->yes);
		json_u64(j, "no", ev->no);
		json_u64(j, "abstain", ev->abstain);
		json_u64(j, "cast", ev->cast);
	}
	if (ev->quorum != NULL)
		render_quorum(j, "quorum", ev->quorum);
	render_opt_str(j, "outcome", ev->outcome);
	json_str(j, "at", S(ev->at));
	json_end(j);
}

/* Who the server thinks we are. */
void
render_whoami(struct json *j, const char *key, const Yishi__Whoami *w)
{
	json_obj(j, key);
	json_str(j, "name", S(w->name));
	json_bool(j, "admin", w->admin);
	json_u64(j, "server_version", w->server_version);
	json_end(j);
}

/* Writes the response's result under its natural key. */
void
render_any(struct json *j, const Yishi__Response *r)
{
	size_t i;

	switch (r->result_case) {
	case YISHI__RESPONSE__RESULT_BODY:
		render_body(j, "body", r->body);
		break;
	case YISHI__RESPONSE__RESULT_SEAT:
		render_seat(j, "seat", r->seat);
		break;
	case YISHI__RESPONSE__RESULT_MEETING:
		render_meeting(j, "meeting", r->meeting, false);
		break;
	case YISHI__RESPONSE__RESULT_MEETINGS:
		json_arr(j, "meetings");
		for (i = 0; i < r->meetings->n_meetings; i++)
			render_meeting(j, NULL, r->meetings->meetings[i],
			    false);
		json_end(j);
		break;
	case YISHI__RESPONSE__RESULT_ITEM:
		render_item(j, "item", r->item, false);
		break;
	case YISHI__RESPONSE__RESULT_VOTE:
		render_vote(j, "vote", r->vote);
		break;
	case YISHI__RESPONSE__RESULT_MINUTES:
		if (r->minutes->meeting != NULL)
			render_meeting(j, "minutes", r->minutes->meeting, true);
		break;
	case YISHI__RESPONSE__RESULT_TRAIL:
		json_arr(j, "entries");
		for (i = 0; i < r->trail->n_entries; i++)
			render_trail_entry(j, NULL, r->trail->entries[i]);
		json_end(j);
		break;
	case YISHI__RESPONSE__RESULT_WHOAMI:
		render_whoami(j, "whoami", r->whoami);
		break;
	default:
		break;
	}
	json_bool(j, "ok", true);
	if (r->message != NULL && r->message[0] != '\0')
		json_str(j, "message", r->message);
}

/* A person as "张三（zhangsan）". */
const char *
render_person(const char *member, const char *display, char *buf, size_t len)
{
	member = S(member);
	display = S(display);
	if (display[0] == '\0' || strcmp(display, member) == 0)
		snprintf(buf, len, "%s", member[0] ? member : "-");
	else if (member[0] == '\0')
		snprintf(buf, len, "%s", display);
	else
		snprintf(buf, len, TR("%s（%s）", "%s (%s)"), display, member);
	return buf;
}

/* A display name, or the identity when there is none. */
static const char *
human_name(const char *member, const char *display)
{
	if (display != NULL && display[0] != '\0')
		return display;
	return member != NULL && member[0] != '\0' ? member : "-";
}

/* The tally of a vote as one phrase. */
static void
human_tally(const Yishi__Vote *v)
{
	out_printf(TR("赞成 %u，反对 %u，弃权 %u，未投票 %u（应参加表决 %u 人）",
	    "yes %u, no %u, abstain %u, not voting %u (electorate %u)"),
	    v->yes, v->no, v->abstain, v->not_voting, v->electorate);
}

/* The per-member choices of an open vote, one line. */
static void
human_ballots(const Yishi__Vote *v, const char *indent)
{
	size_t i;

	if (!render_open_method(v->method) || v->n_ballots == 0)
		return;
	out_printf("%s%s", indent, TR("逐人：", "by member: "));
	for (i = 0; i < v->n_ballots; i++) {
		const Yishi__Ballot *b = v->ballots[i];

		out_printf("%s%s %s", i ? TR("；", "; ") : "",
		    human_name(b->member, b->display),
		    b->choice && b->choice[0] ? out_word(b->choice) :
		    TR("已投", "cast"));
		if (b->entered_by != NULL && b->entered_by[0] != '\0')
			out_printf(TR("（由 %s 录入）", " (entered by %s)"),
			    b->entered_by);
	}
	out_printf("\n");
}

/* The outcome of a vote with its rule, one line. */
void
human_result(const Yishi__Vote *v)
{
	out_printf(TR("表决结果：%s —— ", "Outcome: %s — "),
	    v->outcome && v->outcome[0] ? out_word(v->outcome) : "-");
	human_tally(v);
	if (v->rule != NULL && v->rule[0] != '\0')
		out_printf(TR("；依据 %s", "; rule %s"), v->rule);
	if (v->profile != NULL && v->profile[0] != '\0')
		out_printf(TR("（%s 第 %u 版）", " (%s v%u)"), v->profile,
		    v->profile_version);
	out_printf("\n");
	human_ballots(v, "  ");
}

/* A vote as vote show prints it. */
void
human_vote(const Yishi__Vote *v)
{
	out_printf(TR("议题 #%" PRIu64 " 的表决（%s）—— %s\n",
	    "Vote on item #%" PRIu64 " (%s) — %s\n"), v->item,
	    out_word(v->method), out_word(v->state));
	out_printf("  ");
	human_tally(v);
	out_printf("\n");
	if (v->outcome != NULL && v->outcome[0] != '\0')
		out_printf(TR("  结果：%s（%s）\n", "  outcome: %s (%s)\n"),
		    out_word(v->outcome), S(v->rule));
	human_ballots(v, "  ");
}

/* One agenda item, one line. */
void
human_item(const Yishi__Item *it)
{
	out_printf(TR("  #%" PRIu64 " 〔%s〕%s —— %s", "  #%" PRIu64
	    " [%s] %s — %s"), it->id, out_word(it->category), S(it->title),
	    out_word(it->state));
	if (it->amount > 0)
		out_printf(TR("，金额 %" PRId64 " 元", ", %" PRId64 " yuan"),
		    it->amount);
	if (it->emergency)
		out_printf("%s", TR("，紧急事项", ", emergency"));
	if (it->outcome != NULL && it->outcome[0] != '\0')
		out_printf(TR("，结果：%s", ", outcome: %s"),
		    out_word(it->outcome));
	if (it->note != NULL && it->note[0] != '\0')
		out_printf(TR("（%s）", " (%s)"), it->note);
	if (it->superseded_by != 0)
		out_printf(TR("，已被议题 #%" PRIu64 " 取代",
		    ", superseded by item #%" PRIu64), it->superseded_by);
	out_printf("\n");
}

/* A meeting as meeting status prints it. */
void
human_meeting(const Yishi__Meeting *m)
{
	char who[256];
	size_t i;

	out_printf(TR("会议 #%" PRIu64 "「%s」—— %s%s\n",
	    "Meeting #%" PRIu64 " \"%s\" — %s%s\n"), m->id, S(m->title),
	    out_word(m->state), m->urgent ? TR("（临时召开）", " (urgent)") :
	    "");
	out_printf(TR("  时间：%s", "  time: %s"), S(m->at));
	if (m->place != NULL && m->place[0] != '\0')
		out_printf(TR("  地点：%s", "  place: %s"), m->place);
	out_printf("\n");
	if (m->chair != NULL && m->chair[0] != '\0')
		out_printf(TR("  主持人：%s\n", "  chair: %s\n"),
		    render_person(m->chair, m->chair_display, who, sizeof who));
	if (m->quorum != NULL)
		out_printf(TR("  法定人数：应到 %u，实到 %u，需 %u —— %s\n",
		    "  quorum: %u seats, %u present, %u needed — %s\n"),
		    m->quorum->n, m->quorum->present, m->quorum->needed,
		    m->quorum->met ? TR("已达到", "met") : TR("未达到",
		    "not met"));
	if (m->n_attendance > 0)
		out_printf("%s", TR("  出席情况：\n", "  attendance:\n"));
	for (i = 0; i < m->n_attendance; i++) {
		const Yishi__Attendance *a = m->attendance[i];

		out_printf("    %s %s %s", render_person(a->member, a->display,
		    who, sizeof who), out_word(a->role), out_word(a->state));
		if (a->reason != NULL && a->reason[0] != '\0')
			out_printf(TR("（%s）", " (%s)"), a->reason);
		out_printf("\n");
	}
	if (m->n_items > 0)
		out_printf("%s", TR("  议题：\n", "  items:\n"));
	for (i = 0; i < m->n_items; i++) {
		out_printf("  ");
		human_item(m->items[i]);
	}
}

/* Meetings of a body, one line each. */
void
human_meeting_list(const Yishi__MeetingList *l)
{
	size_t i;

	if (l->n_meetings == 0) {
		out_printf("%s", TR("（没有会议）\n", "(no meetings)\n"));
		return;
	}
	for (i = 0; i < l->n_meetings; i++) {
		const Yishi__Meeting *m = l->meetings[i];

		out_printf("#%-5" PRIu64 " %-25s %s  %s%s\n", m->id, S(m->at),
		    out_word(m->state), S(m->title),
		    m->urgent ? TR("（临时）", " (urgent)") : "");
	}
}

/* One trail entry, one line. */
void
human_trail_entry(const Yishi__TrailEntry *e)
{
	out_printf("%6" PRIu64 "  %s  %s  %s  %s\n", e->seq, S(e->at),
	    S(e->actor), S(e->action), S(e->payload));
}

/* One event, one line. */
void
human_event(const Yishi__Event *ev)
{
	out_printf("[%s] ", ev->at && ev->at[0] ? ev->at : "-");
	out_printf(TR("会议 #%" PRIu64, "meeting #%" PRIu64), ev->meeting);
	if (ev->item != 0)
		out_printf(TR(" 议题 #%" PRIu64, " item #%" PRIu64), ev->item);
	out_printf(" %s", out_word(ev->kind));
	if ((ev->member && ev->member[0]) || (ev->display && ev->display[0]))
		out_printf(" %s", human_name(ev->member, ev->display));
	if (ev->detail != NULL && ev->detail[0] != '\0')
		out_printf(" %s", out_word(ev->detail));
	if (ev->yes || ev->no || ev->abstain || ev->cast)
		out_printf(TR("（赞成 %u，反对 %u，弃权 %u，已投 %u）",
		    " (yes %u, no %u, abstain %u, cast %u)"), ev->yes, ev->no,
		    ev->abstain, ev->cast);
	if (ev->quorum != NULL)
		out_printf(TR(" 应到 %u，实到 %u，需 %u%s", " %u seats, %u "
		    "present, %u needed%s"), ev->quorum->n, ev->quorum->present,
		    ev->quorum->needed, ev->quorum->met ? TR("，已达法定人数",
		    ", quorum met") : TR("，未达法定人数", ", no quorum"));
	if (ev->outcome != NULL && ev->outcome[0] != '\0')
		out_printf(" → %s", out_word(ev->outcome));
	out_printf("\n");
}

/* Chinese numbering for headings: 一 .. 九十九. */
static const char *
human_cn_number(unsigned n, char *buf, size_t len)
{
	static const char *d[] = { "", "一", "二", "三", "四", "五", "六",
	    "七", "八", "九" };

	if (n == 0 || n > 99)
		snprintf(buf, len, "%u", n);
	else if (n < 10)
		snprintf(buf, len, "%s", d[n]);
	else
		snprintf(buf, len, "%s十%s", n / 10 == 1 ? "" : d[n / 10],
		    d[n % 10]);
	return buf;
}

/* The names of attendees in one state, joined; returns how many. */
static size_t
human_attendees(const Yishi__Meeting *m, const char *state, bool reasons)
{
	size_t i, k = 0;

	for (i = 0; i < m->n_attendance; i++) {
		const Yishi__Attendance *a = m->attendance[i];

		if (strcmp(S(a->state), state) != 0)
			continue;
		out_printf("%s%s", k++ ? TR("、", ", ") : "",
		    human_name(a->member, a->display));
		if (reasons && a->reason != NULL && a->reason[0] != '\0')
			out_printf(TR("（%s）", " (%s)"), a->reason);
	}
	if (k == 0)
		out_printf("%s", TR("无", "none"));
	return k;
}

/* One item of the minutes. */
static void
human_minutes_item(const Yishi__Item *it, unsigned n, bool md)
{
	const Yishi__Vote *v = it->vote;
	const char *li = md ? "- " : "  ";
	char num[32];
	size_t i;

	if (md)
		out_printf(TR("\n## %s、%s\n\n", "\n## %s. %s\n\n"),
		    out_lang() == CLI_ZH ? human_cn_number(n, num, sizeof num) :
		    (snprintf(num, sizeof num, "%u", n), num), S(it->title));
	else
		out_printf(TR("\n%s、%s\n", "\n%s. %s\n"),
		    out_lang() == CLI_ZH ? human_cn_number(n, num, sizeof num) :
		    (snprintf(num, sizeof num, "%u", n), num), S(it->title));
	out_printf(TR("%s类别：%s", "%sclass: %s"), li, out_word(it->category));
	if (it->emergency)
		out_printf("%s", TR("（紧急事项）", " (emergency)"));
	out_printf("\n");
	if ((it->proposer && it->proposer[0]) ||
	    (it->proposer_display && it->proposer_display[0]))
		out_printf(TR("%s提出人：%s\n", "%sproposed by: %s\n"), li,
		    human_name(it->proposer, it->proposer_display));
	if (it->responsible != NULL && it->responsible[0] != '\0')
		out_printf(TR("%s分管领导：%s\n", "%sresponsible leader: %s\n"),
		    li, it->responsible);
	if (it->amount > 0)
		out_printf(TR("%s金额：%" PRId64 " 元\n",
		    "%samount: %" PRId64 " yuan\n"), li, it->amount);
	if (it->n_statements > 0)
		out_printf(TR("%s表态（按发言顺序）：\n",
		    "%sstatements, in order:\n"), li);
	for (i = 0; i < it->n_statements; i++) {
		const Yishi__Statement *s = it->statements[i];

		out_printf(md ? TR("  %u. **%s**：%s", "  %u. **%s**: %s") :
		    TR("    %u. %s：%s", "    %u. %s: %s"),
		    s->seq ? s->seq : (unsigned)(i + 1),
		    human_name(s->member, s->display), out_word(s->position));
		if (s->text != NULL && s->text[0] != '\0')
			out_printf(TR("。%s", ". %s"), s->text);
		out_printf("\n");
	}
	if (it->decision_mode != NULL && it->decision_mode[0] != '\0')
		out_printf(TR("%s决定方式：%s\n", "%sdecided by: %s\n"), li,
		    out_word(it->decision_mode));
	if (v != NULL) {
		out_printf(TR("%s表决方式：%s；应参加表决 %u 人\n",
		    "%svote: %s; electorate %u\n"), li, out_word(v->method),
		    v->electorate);
		out_printf(TR("%s计票：", "%stally: "), li);
		human_tally(v);
		out_printf("\n");
		human_ballots(v, md ? "- " : "  ");
		if (v->rule != NULL && v->rule[0] != '\0')
			out_printf(TR("%s适用规则：%s（%s 第 %u 版）\n",
			    "%srule applied: %s (%s v%u)\n"), li, v->rule,
			    S(v->profile), v->profile_version);
	}
	out_printf(TR("%s结果：%s\n", "%soutcome: %s\n"), li,
	    it->outcome && it->outcome[0] ? out_word(it->outcome) :
	    out_word(it->state));
	if (it->note != NULL && it->note[0] != '\0')
		out_printf(TR("%s备注：%s\n", "%snote: %s\n"), li, it->note);
}

/* Minutes (会议纪要) as text or markdown. */
void
human_minutes(const Yishi__Meeting *m, bool md)
{
	const char *li = md ? "- " : "";
	char who[256];
	size_t i;

	if (md)
		out_printf(TR("# %s 会议纪要\n\n", "# Minutes: %s\n\n"),
		    S(m->title));
	else
		out_printf(TR("%s\n会议纪要\n\n", "%s\nMinutes\n\n"),
		    S(m->title));
	if (m->body_name != NULL && m->body_name[0] != '\0')
		out_printf(TR("%s议事机构：%s\n", "%sbody: %s\n"), li,
		    m->body_name);
	out_printf(TR("%s时间：%s\n", "%stime: %s\n"), li, S(m->at));
	if (m->place != NULL && m->place[0] != '\0')
		out_printf(TR("%s地点：%s\n", "%splace: %s\n"), li, m->place);
	if (m->urgent)
		out_printf(TR("%s临时召开：%s\n", "%surgent meeting: %s\n"), li,
		    S(m->reason));
	out_printf(TR("%s主持人：%s\n", "%schair: %s\n"), li,
	    render_person(m->chair, m->chair_display, who, sizeof who));
	out_printf(TR("%s记录人：%s\n", "%srecorder: %s\n"), li,
	    render_person(m->recorder, m->recorder_display, who, sizeof who));
	if (m->quorum != NULL)
		out_printf(TR("%s应到 %u 人，实到 %u 人\n",
		    "%s%u voting seats, %u present\n"), li, m->quorum->n,
		    m->quorum->present);
	out_printf(TR("%s出席：", "%spresent: "), li);
	(void)human_attendees(m, "present", false);
	out_printf(TR("\n%s请假：", "\n%son leave: "), li);
	(void)human_attendees(m, "leave", true);
	out_printf(TR("\n%s缺席：", "\n%sabsent: "), li);
	(void)human_attendees(m, "absent", false);
	out_printf("\n");
	for (i = 0; i < m->n_attendance; i++)
		if (strcmp(S(m->attendance[i]->role), "observer") == 0)
			break;
	if (i < m->n_attendance) {
		out_printf(TR("%s列席：", "%sobservers: "), li);
		for (size_t k = 0, c = 0; k < m->n_attendance; k++)
			if (strcmp(S(m->attendance[k]->role), "observer") == 0)
				out_printf("%s%s", c++ ? TR("、", ", ") : "",
				    human_name(m->attendance[k]->member,
				    m->attendance[k]->display));
		out_printf("\n");
	}
	for (i = 0; i < m->n_items; i++)
		human_minutes_item(m->items[i], (unsigned)(i + 1), md);
}
