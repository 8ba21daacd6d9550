/* render.c: protocol messages as JSON and as human text (see render.h). */
#include "render.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hex.h"
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
	if (b->role != NULL && b->role[0] != '\0')
		json_str(j, "role", b->role);
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

/* What a seat import did. */
static void
render_seat_import(struct json *j, const char *key,
    const Yishi__SeatImportResult *s)
{
	json_obj(j, key);
	json_u64(j, "body", s->body);
	json_u64(j, "added", s->added);
	json_u64(j, "changed", s->changed);
	json_u64(j, "unchanged", s->unchanged);
	json_bool(j, "dry_run", s->dry_run);
	json_end(j);
}

/* A quorum head-count. */
void
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

/* Whether v is a secret vote (its counts exist only once closed). */
static bool
render_secret(const Yishi__Vote *v)
{
	return !render_open_method(v->method);
}

/* The scrutineers of a secret vote and what each has published. */
static void
render_scrutineers(struct json *j, const Yishi__Vote *v)
{
	size_t i;

	json_arr(j, "scrutineers");
	for (i = 0; i < v->n_scrutineers; i++) {
		const Yishi__Scrutineer *s = v->scrutineers[i];

		json_obj(j, NULL);
		json_str(j, "member", S(s->member));
		json_str(j, "display", S(s->display));
		json_bool(j, "key_published", s->share.len > 0);
		json_bool(j, "count_published", s->dshare.len > 0);
		json_end(j);
	}
	json_end(j);
}

/* People (who is still to state or to vote), in order. */
static void
render_people(struct json *j, const char *key, Yishi__Person *const *p,
    size_t n)
{
	size_t i;

	json_arr(j, key);
	for (i = 0; i < n; i++) {
		json_obj(j, NULL);
		json_str(j, "member", S(p[i]->member));
		json_str(j, "display", S(p[i]->display));
		json_end(j);
	}
	json_end(j);
}

/* A vote (vote show). */
void
render_vote(struct json *j, const char *key, const Yishi__Vote *v)
{
	bool secret = render_secret(v);

	json_obj(j, key);
	json_u64(j, "item", v->item);
	json_str(j, "method", S(v->method));
	json_str(j, "state", S(v->state));
	if (!secret || strcmp(S(v->state), "closed") == 0) {
		json_u64(j, "yes", v->yes);
		json_u64(j, "no", v->no);
		json_u64(j, "abstain", v->abstain);
		json_u64(j, "not_voting", v->not_voting);
	}
	json_u64(j, "electorate", v->electorate);
	if (secret) {
		json_u64(j, "round", v->round);
		json_u64(j, "cast", v->cast);
		json_bool(j, "key_ready", v->key.len > 0);
		render_scrutineers(j, v);
		render_opt_str(j, "void_reason", v->void_reason);
	}
	render_opt_str(j, "outcome", v->outcome);
	render_opt_str(j, "rule", v->rule);
	render_opt_str(j, "profile", v->profile);
	if (v->profile_version != 0)
		json_u64(j, "profile_version", v->profile_version);
	render_ballots(j, v);
	if (v->n_to_vote > 0)
		render_people(j, "to_vote", v->to_vote, v->n_to_vote);
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

/* Written or reserved opinions of an item. */
static void
render_notes(struct json *j, const char *key, Yishi__Note *const *n,
    size_t count, bool dissent)
{
	size_t i;

	json_arr(j, key);
	for (i = 0; i < count; i++) {
		json_obj(j, NULL);
		json_str(j, "member", S(n[i]->member));
		json_str(j, "display", S(n[i]->display));
		if (dissent)
			json_bool(j, "reported_to_higher",
			    n[i]->reported_to_higher);
		else
			json_str(j, "position", S(n[i]->position));
		json_str(j, "text", S(n[i]->text));
		render_opt_str(j, "at", n[i]->at);
		json_end(j);
	}
	json_end(j);
}

/* What the minutes record of an item beyond statements and the vote
 * (R-MIN-1): materials, recusals, observers, the decision, opinions and
 * follow-up. */
static void
render_item_record(struct json *j, const Yishi__Item *it)
{
	size_t i;

	render_opt_str(j, "responsible_display", it->responsible_display);
	render_opt_str(j, "decision_text", it->decision_text);
	render_opt_str(j, "rule", it->rule);
	render_opt_str(j, "profile", it->profile);
	if (it->profile_version != 0)
		json_u64(j, "profile_version", it->profile_version);
	json_arr(j, "materials");
	for (i = 0; i < it->n_materials; i++) {
		json_obj(j, NULL);
		json_str(j, "name", S(it->materials[i]->name));
		json_hex(j, "sha256", it->materials[i]->sha256.data,
		    it->materials[i]->sha256.len);
		json_end(j);
	}
	json_end(j);
	json_arr(j, "recusals");
	for (i = 0; i < it->n_recusals; i++) {
		json_obj(j, NULL);
		json_str(j, "member", S(it->recusals[i]->member));
		json_str(j, "display", S(it->recusals[i]->display));
		json_str(j, "reason", S(it->recusals[i]->reason));
		json_end(j);
	}
	json_end(j);
	json_arr(j, "observers");
	for (i = 0; i < it->n_observers; i++)
		json_str(j, NULL, S(it->observers[i]));
	json_end(j);
	render_notes(j, "opinions", it->opinions, it->n_opinions, false);
	render_notes(j, "dissents", it->dissents, it->n_dissents, true);
	json_arr(j, "acks");
	for (i = 0; i < it->n_acks; i++) {
		json_obj(j, NULL);
		json_str(j, "member", S(it->acks[i]->member));
		json_str(j, "display", S(it->acks[i]->display));
		render_opt_str(j, "at", it->acks[i]->at);
		json_end(j);
	}
	json_end(j);
	json_arr(j, "followups");
	for (i = 0; i < it->n_followups; i++) {
		const Yishi__FollowupTask *t = it->followups[i];

		json_obj(j, NULL);
		json_u64(j, "id", t->id);
		json_str(j, "unit", S(t->unit));
		json_str(j, "person", S(t->person));
		json_str(j, "due", S(t->due));
		json_str(j, "state", S(t->state));
		json_bool(j, "overdue", t->overdue);
		json_end(j);
	}
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
	if (it->n_to_state > 0)
		render_people(j, "to_state", it->to_state, it->n_to_state);
	if (full)
		render_item_record(j, it);
	json_end(j);
}

/* The fields of a meeting, inside an open object. */
static void
render_meeting_fields(struct json *j, const Yishi__Meeting *m, bool full)
{
	size_t i;

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
}

/* A meeting; full adds statements and votes to its items (minutes). */
void
render_meeting(struct json *j, const char *key, const Yishi__Meeting *m,
    bool full)
{
	json_obj(j, key);
	render_meeting_fields(j, m, full);
	json_end(j);
}

/* The seats in one attendance state, with reasons when asked. */
static void
render_attendees(struct json *j, const char *key, const Yishi__Meeting *m,
    const char *state, bool reasons)
{
	size_t i;

	json_arr(j, key);
	for (i = 0; i < m->n_attendance; i++) {
		const Yishi__Attendance *a = m->attendance[i];

		if (strcmp(S(a->state), state) != 0)
			continue;
		json_obj(j, NULL);
		json_str(j, "member", S(a->member));
		json_str(j, "display", S(a->display));
		if (reasons)
			json_str(j, "reason", S(a->reason));
		json_end(j);
	}
	json_end(j);
}

/* The chair's sign-off of the minutes. */
static void
render_signoff(struct json *j, const char *key, const Yishi__MinutesSignoff *s)
{
	json_obj(j, key);
	json_u64(j, "meeting", s->meeting);
	json_str(j, "member", S(s->member));
	json_str(j, "display", S(s->display));
	render_opt_str(j, "at", s->at);
	json_u64(j, "head_seq", s->head_seq);
	json_hex(j, "head_hash", s->head_hash.data, s->head_hash.len);
	json_u64(j, "trail_seq", s->trail_seq);
	json_end(j);
}

/* A corrigendum to signed minutes. */
static void
render_corrigendum(struct json *j, const char *key,
    const Yishi__Corrigendum *c)
{
	json_obj(j, key);
	json_u64(j, "meeting", c->meeting);
	json_u64(j, "seq", c->seq);
	json_str(j, "member", S(c->member));
	json_str(j, "display", S(c->display));
	json_str(j, "text", S(c->text));
	render_opt_str(j, "at", c->at);
	json_u64(j, "trail_seq", c->trail_seq);
	json_end(j);
}

/* The minutes: the meeting as recorded (R-MIN-1), who was there, the
 * trail head read at, sign-off and corrigenda (R-MIN-2), due (R-MIN-3). */
void
render_minutes(struct json *j, const char *key, const Yishi__Minutes *mn)
{
	const Yishi__Meeting *m = mn->meeting;
	size_t i;

	json_obj(j, key);
	if (m != NULL) {
		render_meeting_fields(j, m, true);
		render_attendees(j, "present", m, "present", false);
		render_attendees(j, "on_leave", m, "leave", true);
		render_attendees(j, "absent", m, "absent", false);
	}
	json_u64(j, "head_seq", mn->head_seq);
	json_hex(j, "head_hash", mn->head_hash.data, mn->head_hash.len);
	json_bool(j, "signed", mn->signoff != NULL);
	if (mn->signoff != NULL)
		render_signoff(j, "signoff", mn->signoff);
	else
		json_null(j, "signoff");
	json_arr(j, "corrigenda");
	for (i = 0; i < mn->n_corrigenda; i++)
		render_corrigendum(j, NULL, mn->corrigenda[i]);
	json_end(j);
	render_opt_str(j, "due", mn->due);
	json_bool(j, "overdue", mn->overdue);
	json_end(j);
}

/* Meetings whose minutes are overdue (R-MIN-3). */
static void
render_overdue(struct json *j, const char *key, const Yishi__OverdueMinutes *o)
{
	size_t i;

	json_arr(j, key);
	for (i = 0; i < o->n_meetings; i++) {
		const Yishi__OverdueMeeting *x = o->meetings[i];

		json_obj(j, NULL);
		json_u64(j, "meeting", x->meeting);
		json_str(j, "title", S(x->title));
		json_str(j, "closed_at", S(x->closed_at));
		json_str(j, "due", S(x->due));
		json_u64(j, "working_days", x->working_days);
		json_end(j);
	}
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
	case YISHI__RESPONSE__RESULT_BODIES:
		json_arr(j, "bodies");
		for (i = 0; i < r->bodies->n_bodies; i++)
			render_body(j, NULL, r->bodies->bodies[i]);
		json_end(j);
		break;
	case YISHI__RESPONSE__RESULT_SEATS:
		json_arr(j, "seats");
		for (i = 0; i < r->seats->n_seats; i++)
			render_seat(j, NULL, r->seats->seats[i]);
		json_end(j);
		break;
	case YISHI__RESPONSE__RESULT_SEAT_IMPORT:
		render_seat_import(j, "seat_import", r->seat_import);
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
		render_minutes(j, "minutes", r->minutes);
		break;
	case YISHI__RESPONSE__RESULT_SIGNOFF:
		render_signoff(j, "signoff", r->signoff);
		break;
	case YISHI__RESPONSE__RESULT_CORRIGENDUM:
		render_corrigendum(j, "corrigendum", r->corrigendum);
		break;
	case YISHI__RESPONSE__RESULT_OVERDUE_MINUTES:
		render_overdue(j, "meetings", r->overdue_minutes);
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

/* What starts each further line of a text whose line breaks are its
 * author's (out_lines): an indent and a bar, which no line of the
 * document's own starts with. */
#define HUMAN_CONT "      \xe2\x94\x82 "

/* The state of a secret vote in office words. */
const char *
human_secret_state(const char *state)
{
	state = S(state);
	if (strcmp(state, "keying") == 0)
		return TR("正在生成密钥", "making the counting key");
	if (strcmp(state, "open") == 0)
		return TR("投票中", "voting");
	if (strcmp(state, "counting") == 0)
		return TR("计票中", "counting");
	if (strcmp(state, "closed") == 0)
		return TR("已结束", "closed");
	if (strcmp(state, "void") == 0)
		return TR("已作废", "void");
	return out_word(state);
}

/* The scrutineers of a secret vote who have not yet published their key
 * share (count: their count share), as "张三、李四", into buf. */
const char *
human_scrutineers_waiting(const Yishi__Vote *v, bool count, char *buf,
    size_t len)
{
	size_t i, n = 0;
	int k;

	buf[0] = '\0';
	for (i = 0; i < v->n_scrutineers; i++) {
		const Yishi__Scrutineer *s = v->scrutineers[i];

		if ((count ? s->dshare.len : s->share.len) > 0)
			continue;
		k = snprintf(buf + n, len - n, "%s%s", n ? TR("、", ", ") : "",
		    human_name(s->member, s->display));
		if (k < 0 || (size_t)k >= len - n)
			break;
		n += (size_t)k;
	}
	return buf;
}

/* A secret vote as vote show prints it: no counts before it is closed. */
static void
human_secret_vote(const Yishi__Vote *v)
{
	const char *st = S(v->state);
	size_t i;

	out_printf("  %s", TR("监票人：", "scrutineers: "));
	for (i = 0; i < v->n_scrutineers; i++) {
		const Yishi__Scrutineer *s = v->scrutineers[i];

		out_printf("%s%s%s", i ? TR("、", ", ") : "",
		    human_name(s->member, s->display),
		    s->dshare.len > 0 ? TR("（已提交计票份额）",
		    " (count share submitted)") : s->share.len > 0 ?
		    TR("（已生成密钥）", " (key made)") :
		    TR("（尚未生成密钥）", " (key not yet made)"));
	}
	out_printf("\n");
	out_printf(TR("  已投票 %u 人（应参加表决 %u 人）\n",
	    "  ballots cast: %u (electorate %u)\n"), v->cast, v->electorate);
	if (strcmp(st, "closed") == 0) {
		out_printf("  ");
		human_tally(v);
		out_printf("\n");
	}
	if (v->void_reason != NULL && v->void_reason[0] != '\0') {
		out_printf("%s", TR("  作废理由：", "  voided because: "));
		out_lines(HUMAN_CONT, v->void_reason);
		out_printf("\n");
	}
}

/* A vote as vote show prints it. */
void
human_vote(const Yishi__Vote *v)
{
	bool secret = render_secret(v);

	out_printf(TR("议题 #%" PRIu64 " 的表决（%s）—— %s\n",
	    "Vote on item #%" PRIu64 " (%s) — %s\n"), v->item,
	    out_word(v->method), secret ? human_secret_state(v->state) :
	    out_word(v->state));
	if (secret) {
		human_secret_vote(v);
	} else {
		out_printf("  ");
		human_tally(v);
		out_printf("\n");
	}
	if (v->outcome != NULL && v->outcome[0] != '\0')
		out_printf(TR("  结果：%s（%s）\n", "  outcome: %s (%s)\n"),
		    out_word(v->outcome), S(v->rule));
	human_ballots(v, "  ");
}


/* A reason in parentheses, its further lines marked (out_lines). */
static void
human_paren(const char *reason)
{
	out_printf("%s", TR("（", " ("));
	out_lines(HUMAN_CONT, reason);
	out_printf("%s", TR("）", ")"));
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
	if (m->opened_at != NULL && m->opened_at[0] != '\0')
		out_printf(TR("  召开时间：%s 至 %s\n", "  held: %s to %s\n"),
		    m->opened_at, m->closed_at != NULL && m->closed_at[0] !=
		    '\0' ? m->closed_at : TR("（尚未散会）", "(not yet closed)"));
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
			human_paren(a->reason);
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

/* Bodies, one a line: id, name, kind, the caller's seat. */
void
human_body_list(const Yishi__BodyList *l)
{
	size_t i;

	if (l->n_bodies == 0) {
		out_printf("%s", TR("（没有议事机构）\n", "(no bodies)\n"));
		return;
	}
	for (i = 0; i < l->n_bodies; i++) {
		const Yishi__Body *b = l->bodies[i];

		out_printf("#%-5" PRIu64 " %s  %s", b->id, S(b->name),
		    out_word(S(b->kind)));
		if (b->role != NULL && b->role[0] != '\0')
			out_printf(TR("  本人：%s", "  you: %s"),
			    out_word(b->role));
		out_printf("\n");
	}
}

/* A body's seats, one a line: rank, person, role. */
void
human_seat_list(const Yishi__SeatList *l)
{
	char who[256];
	size_t i;

	if (l->n_seats == 0) {
		out_printf("%s", TR("（没有席位）\n", "(no seats)\n"));
		return;
	}
	for (i = 0; i < l->n_seats; i++) {
		const Yishi__Seat *s = l->seats[i];

		if (s->rank > 0)
			out_printf("%6d  ", (int)s->rank);
		else
			out_printf("%6s  ", "-");
		out_printf("%s  %s\n", render_person(s->member, s->display,
		    who, sizeof who), out_word(s->role));
	}
	out_printf(TR("共 %zu 个席位\n", "%zu seats\n"), l->n_seats);
}

/* One trail entry, one line. */
void
human_trail_entry(const Yishi__TrailEntry *e)
{
	out_printf("%6" PRIu64 "  %s  %s  %s  %s\n", e->seq, S(e->at),
	    S(e->actor), S(e->action), S(e->payload));
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
			human_paren(a->reason);
	}
	if (k == 0)
		out_printf("%s", TR("无", "none"));
	return k;
}

/* Prints n bytes as lowercase hex. */
static void
human_hex(const uint8_t *p, size_t n)
{
	char hex[2 * 32 + 1];
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < 32 ? n - i : 32;
		hex_encode(p + i, k, hex);
		out_printf("%s", hex);
	}
}

/* The display name of an identity from the attendance list. */
static const char *
human_attendee(const Yishi__Meeting *m, const char *member)
{
	size_t i;

	for (i = 0; i < m->n_attendance; i++)
		if (strcmp(S(m->attendance[i]->member), S(member)) == 0)
			return human_name(member, m->attendance[i]->display);
	return human_name(member, NULL);
}

/* The heading number of an item: 一、二、… in Chinese, 1. 2. … else. */
static const char *
human_item_number(unsigned n, char *buf, size_t len)
{
	if (out_lang() == CLI_ZH)
		return human_cn_number(n, buf, len);
	snprintf(buf, len, "%u", n);
	return buf;
}

/* The vote of an item in the minutes: method, electorate, tally, rule. */
static void
human_minutes_vote(const Yishi__Vote *v, const char *li, bool md)
{
	out_printf(TR("%s表决方式：%s；应参加表决 %u 人\n",
	    "%svote: %s; electorate %u\n"), li, out_word(v->method),
	    v->electorate);
	out_printf(TR("%s计票：", "%stally: "), li);
	human_tally(v);
	out_printf("\n");
	if (render_open_method(v->method))
		human_ballots(v, md ? "- " : "  ");
	else
		out_printf(TR("%s无记名投票：只记票数，不记个人选择\n",
		    "%ssecret ballot: counts only, no one's choice\n"), li);
}

/* Written (书面意见) or reserved (保留意见) opinions of an item. */
static void
human_minutes_notes(Yishi__Note *const *n, size_t count, bool dissent,
    const char *li)
{
	size_t i;

	if (dissent)
		out_printf(TR("%s保留意见：", "%sreserved opinions: "), li);
	else
		out_printf(TR("%s书面意见（请假成员，不计入表决）：",
		    "%swritten opinions (members on leave, not counted): "), li);
	if (count == 0)
		out_printf("%s\n", TR("无", "none"));
	else
		out_printf("\n");
	for (i = 0; i < count; i++) {
		out_printf("    %s", human_name(n[i]->member, n[i]->display));
		if (!dissent && n[i]->position != NULL &&
		    n[i]->position[0] != '\0')
			out_printf(TR("（%s）", " (%s)"),
			    out_word(n[i]->position));
		out_printf("%s", TR("：", ": "));
		out_lines(HUMAN_CONT, n[i]->text);
		if (dissent && n[i]->reported_to_higher)
			out_printf("%s", TR("（已向上级报告）",
			    " (reported to the higher body)"));
		out_printf("\n");
	}
}

/* One item of the minutes, every element R-MIN-1 names. */
static void
human_minutes_item(const Yishi__Meeting *m, const Yishi__Item *it,
    unsigned n, bool md)
{
	const Yishi__Vote *v = it->vote;
	const char *li = md ? "- " : "  ";
	const char *rule, *profile;
	unsigned version;
	char num[32];
	size_t i;

	out_printf(md ? TR("\n## %s、%s\n\n", "\n## %s. %s\n\n") :
	    TR("\n%s、%s\n", "\n%s. %s\n"),
	    human_item_number(n, num, sizeof num), S(it->title));
	out_printf(TR("%s类别：%s", "%sclass: %s"), li, out_word(it->category));
	if (it->emergency) {
		out_printf("%s", TR("（紧急事项：", " (emergency: "));
		out_lines(HUMAN_CONT, it->reason);
		out_printf("%s", TR("）", ")"));
	}
	out_printf("\n");
	if (it->amount > 0)
		out_printf(TR("%s金额：%" PRId64 " 元\n",
		    "%samount: %" PRId64 " yuan\n"), li, it->amount);
	out_printf(TR("%s提出人：%s\n", "%sproposed by: %s\n"), li,
	    human_name(it->proposer, it->proposer_display));
	out_printf(TR("%s分管领导：%s\n", "%sresponsible leader: %s\n"), li,
	    it->responsible != NULL && it->responsible[0] != '\0' ?
	    human_name(it->responsible, it->responsible_display) :
	    TR("无", "none"));
	if (it->revises != 0)
		out_printf(TR("%s修改原议题 #%" PRIu64 "\n",
		    "%srevises item #%" PRIu64 "\n"), li, it->revises);
	out_printf(TR("%s材料：", "%smaterials: "), li);
	out_printf("%s\n", it->n_materials == 0 ? TR("无", "none") : "");
	for (i = 0; i < it->n_materials; i++) {
		out_printf("    %s  SHA-256 ", S(it->materials[i]->name));
		human_hex(it->materials[i]->sha256.data,
		    it->materials[i]->sha256.len);
		out_printf("\n");
	}
	out_printf(TR("%s回避：", "%srecusals: "), li);
	for (i = 0; i < it->n_recusals; i++) {
		out_printf("%s%s", i ? TR("；", "; ") : "",
		    human_name(it->recusals[i]->member,
		    it->recusals[i]->display));
		human_paren(it->recusals[i]->reason);
	}
	out_printf("%s\n", it->n_recusals == 0 ? TR("无", "none") : "");
	out_printf(TR("%s列席：", "%sobservers: "), li);
	for (i = 0; i < it->n_observers; i++)
		out_printf("%s%s", i ? TR("、", ", ") : "",
		    human_attendee(m, it->observers[i]));
	out_printf("%s\n", it->n_observers == 0 ? TR("无", "none") : "");
	out_printf(TR("%s表态（按发言顺序）：", "%sstatements, in order: "), li);
	out_printf("%s\n", it->n_statements == 0 ? TR("无", "none") : "");
	for (i = 0; i < it->n_statements; i++) {
		const Yishi__Statement *st = it->statements[i];

		out_printf(md ? TR("  %u. **%s**：%s", "  %u. **%s**: %s") :
		    TR("    %u. %s：%s", "    %u. %s: %s"),
		    st->seq ? st->seq : (unsigned)(i + 1),
		    human_name(st->member, st->display), out_word(st->position));
		if (st->text != NULL && st->text[0] != '\0') {
			out_printf("%s", TR("。理由：", ". Reason: "));
			out_lines(HUMAN_CONT, st->text);
		}
		out_printf("\n");
	}
	out_printf(TR("%s决定方式：%s\n", "%sdecided by: %s\n"), li,
	    it->decision_mode && it->decision_mode[0] ?
	    out_word(it->decision_mode) : TR("未决", "undecided"));
	if (v != NULL)
		human_minutes_vote(v, li, md);
	rule = v != NULL && v->rule && v->rule[0] ? v->rule : it->rule;
	profile = v != NULL && v->profile && v->profile[0] ? v->profile :
	    it->profile;
	version = v != NULL && v->profile_version ? v->profile_version :
	    it->profile_version;
	if (rule != NULL && rule[0] != '\0')
		out_printf(TR("%s适用规则：%s（%s 第 %u 版）\n",
		    "%srule applied: %s (%s v%u)\n"), li, rule, S(profile),
		    version);
	out_printf(TR("%s结果：%s\n", "%soutcome: %s\n"), li,
	    it->outcome && it->outcome[0] ? out_word(it->outcome) :
	    out_word(it->state));
	if (it->decision_text != NULL && it->decision_text[0] != '\0') {
		out_printf(TR("%s决定内容：", "%sdecision: "), li);
		out_lines(HUMAN_CONT, it->decision_text);
		out_printf("\n");
	}
	human_minutes_notes(it->opinions, it->n_opinions, false, li);
	human_minutes_notes(it->dissents, it->n_dissents, true, li);
	/* 通报: absent members who acknowledged the decision. */
	if (it->n_acks > 0) {
		out_printf(TR("%s已通报并确认：", "%sreported to and "
		    "acknowledged by: "), li);
		for (i = 0; i < it->n_acks; i++)
			out_printf(TR("%s%s（%s）", "%s%s (%s)"),
			    i ? TR("、", ", ") : "", human_name(
			    it->acks[i]->member, it->acks[i]->display),
			    S(it->acks[i]->at));
		out_printf("\n");
	}
	/* Follow-up assignments (R-FOLLOW-1), as the record has them. */
	out_printf(TR("%s督办：", "%sfollow-up: "), li);
	out_printf("%s\n", it->n_followups == 0 ? TR("无", "none") : "");
	for (i = 0; i < it->n_followups; i++) {
		const Yishi__FollowupTask *t = it->followups[i];

		out_printf(TR("    #%" PRIu64 " 承办单位 %s，责任人 %s，期限 %s"
		    "（%s）\n", "    #%" PRIu64 " unit %s, person %s, due %s "
		    "(%s)\n"), t->id, S(t->unit),
		    human_attendee(m, t->person), S(t->due),
		    out_word(S(t->state)));
	}
	if (it->note != NULL && it->note[0] != '\0')
		out_printf(TR("%s备注：%s\n", "%snote: %s\n"), li, it->note);
	if (it->superseded_by != 0)
		out_printf(TR("%s已被议题 #%" PRIu64 " 取代\n",
		    "%ssuperseded by item #%" PRIu64 "\n"), li,
		    it->superseded_by);
}

/* The sign-off, or when the minutes are due (R-MIN-2, R-MIN-3), and the
 * corrigenda after the original. */
static void
human_minutes_signoff(const Yishi__Minutes *mn, bool md)
{
	const Yishi__MinutesSignoff *s = mn->signoff;
	size_t i;

	out_printf("%s", md ? TR("\n## 签发\n\n", "\n## Sign-off\n\n") :
	    TR("\n签发\n", "\nSign-off\n"));
	if (s != NULL) {
		out_printf(TR("%s主持人 %s 于 %s 签发，依据留痕 #%" PRIu64 "（",
		    "%ssigned by the chair %s on %s, at trail #%" PRIu64 " ("),
		    md ? "- " : "  ", human_name(s->member, s->display),
		    S(s->at), s->head_seq);
		human_hex(s->head_hash.data, s->head_hash.len);
		out_printf("%s", TR("）\n", ")\n"));
	} else {
		out_printf(TR("%s尚未签发", "%snot signed yet"),
		    md ? "- " : "  ");
		if (mn->due != NULL && mn->due[0] != '\0')
			out_printf(TR("，签发期限 %s%s", ", due %s%s"), mn->due,
			    mn->overdue ? TR("，已逾期（R-MIN-3）",
			    ", overdue (R-MIN-3)") : "");
		out_printf("\n");
	}
	out_printf(TR("%s本纪要依据留痕 #%" PRIu64 " 生成（",
	    "%sgenerated from the record at trail #%" PRIu64 " ("),
	    md ? "- " : "  ", mn->head_seq);
	human_hex(mn->head_hash.data, mn->head_hash.len);
	out_printf("%s", TR("）\n", ")\n"));
	if (mn->n_corrigenda == 0)
		return;
	out_printf("%s", md ? TR("\n## 更正\n\n", "\n## Corrigenda\n\n") :
	    TR("\n更正\n", "\nCorrigenda\n"));
	for (i = 0; i < mn->n_corrigenda; i++) {
		const Yishi__Corrigendum *c = mn->corrigenda[i];

		out_printf(TR("%s更正 %u（%s，%s）：",
		    "%scorrigendum %u (%s, %s): "), md ? "- " : "  ",
		    c->seq, human_name(c->member, c->display), S(c->at));
		out_lines(HUMAN_CONT, c->text);
		out_printf("\n");
	}
}

/* The minutes' times: when the meeting was actually held (opened and
 * closed by the server's clock), and the time it was scheduled for when
 * that differs; a meeting never opened shows its scheduled time only. */
static void
human_minutes_times(const Yishi__Meeting *m, const char *li)
{
	const char *open = m->opened_at, *close = m->closed_at;

	if (open == NULL || open[0] == '\0') {
		out_printf(TR("%s时间：%s\n", "%stime: %s\n"), li, S(m->at));
		return;
	}
	out_printf(TR("%s召开时间：%s 至 %s\n", "%sheld: %s to %s\n"), li,
	    open, close != NULL && close[0] != '\0' ? close :
	    TR("（尚未散会）", "(not yet closed)"));
	if (strcmp(open, S(m->at)) != 0)
		out_printf(TR("%s原定时间：%s\n", "%sscheduled for: %s\n"), li,
		    S(m->at));
}

/* Minutes (会议纪要) as text or markdown, laid out as a secretary files
 * them: the meeting, who was there, each item, then the sign-off. */
void
human_minutes(const Yishi__Minutes *mn, bool md)
{
	const Yishi__Meeting *m = mn->meeting;
	const char *li = md ? "- " : "";
	char who[256];
	size_t i, c;

	if (md)
		out_printf(TR("# %s 会议纪要\n\n", "# Minutes: %s\n\n"),
		    S(m->title));
	else
		out_printf(TR("%s\n会议纪要\n\n", "%s\nMinutes\n\n"),
		    S(m->title));
	out_printf(TR("%s会议名称：%s\n", "%smeeting: %s\n"), li, S(m->title));
	if (m->body_name != NULL && m->body_name[0] != '\0')
		out_printf(TR("%s议事机构：%s\n", "%sbody: %s\n"), li,
		    m->body_name);
	human_minutes_times(m, li);
	out_printf(TR("%s地点：%s\n", "%splace: %s\n"), li,
	    m->place != NULL && m->place[0] != '\0' ? m->place : "-");
	if (m->urgent) {
		out_printf(TR("%s临时召开：", "%surgent meeting: "), li);
		out_lines(HUMAN_CONT, m->reason);
		out_printf("\n");
	}
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
	for (i = 0, c = 0; i < m->n_attendance; i++)
		if (strcmp(S(m->attendance[i]->role), "observer") == 0)
			out_printf("%s%s", c++ ? TR("、", ", ") :
			    TR(md ? "- 列席人员：" : "列席人员：",
			    md ? "- observers: " : "observers: "),
			    human_name(m->attendance[i]->member,
			    m->attendance[i]->display));
	if (c > 0)
		out_printf("%s", TR("（各议题列席情况见议题）\n",
		    " (per item, see each item)\n"));
	for (i = 0; i < m->n_items; i++)
		human_minutes_item(m, m->items[i], (unsigned)(i + 1), md);
	human_minutes_signoff(mn, md);
}
