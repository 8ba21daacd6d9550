/*
 * h_meeting.c: meetings and attendance: schedule, notify, open, close,
 * check in and out.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "page.h"
#include "rfc3339.h"
#include "rules.h"
#include "server.h"
#include "wire.h"
#include "xmalloc.h"

/* meeting schedule: allocates the id with the load; the disposals
 * waiting for a meeting. */
static void
h_schedule_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT nextval('meeting_id_seq'), "
	    "(extract(epoch FROM now()) * 1000000)::bigint", "");
	(void)h_disposal_waiting(r, b);	/* R-EMERG-1 */
}

/*
 * meeting schedule: refuses a time in the past beyond the tolerance of
 * schedule_past_minutes (the server's clock, as every time of the record):
 * a meeting cannot be backdated. True when the time may stand.
 */
static bool
h_schedule_time_honest(struct req *r, const char *at)
{
	struct rfc3339 t;
	long long at_s, now_s, tol_s;

	if (!rfc3339_parse(at, &t))
		return false;
	at_s = rfc3339_epoch(&t);
	now_s = db_getll(r->rb, r->extra, 0, 1) / 1000000;
	tol_s = 60LL * (srv.cfg != NULL ? srv.cfg->schedule_past_minutes : 10);
	if (at_s >= now_s - tol_s)
		return true;
	req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
	    "会议时间早于现在：%s 已过去 %lld 分钟（最多可早于现在 %lld 分钟；"
	    "会议不能倒签日期）",
	    "the meeting time is in the past: %s was %lld minutes ago (at most "
	    "%lld minutes are allowed; a meeting cannot be backdated)",
	    at, (now_s - at_s) / 60, tol_s / 60);
	return false;
}

/* meeting schedule: the secretary or the office sets a meeting. */
static void
h_schedule_decide(struct req *r)
{
	Yishi__MeetingSchedule *a = r->rq->meeting_schedule;
	struct db_batch *w;

	if (!handlers_text(r, a->title, "title"))
		return;
	if (!rfc3339_parse(a->at, NULL)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "时间无效：%s（应为 RFC 3339，如 2026-12-01T09:00:00+08:00）",
		    "invalid time: %s (expected RFC 3339, e.g. "
		    "2026-12-01T09:00:00+08:00)", a->at);
		return;
	}
	if (!h_schedule_time_honest(r, a->at))
		return;
	if (a->urgent && !handlers_text(r, a->reason, "reason"))
		return;
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	w = trail_write(r, r->body_id, "meeting.schedule", json_object(r->a,
	    "meeting", JSON_I, (long long)r->new_id, "title", JSON_S, a->title,
	    "at", JSON_S, a->at, "place", JSON_S, a->place,
	    "urgent", JSON_B, (int)a->urgent, "reason", JSON_S, a->reason,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO meetings (body_id, id, title, at, place, "
	    "urgent, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	    "$8)", "iissssss", (long long)r->body_id, (long long)r->new_id,
	    a->title, a->at, a->place, a->urgent ? "t" : "f", a->reason,
	    r->who);
	h_disposal_attach(r, w, r->new_id, r->extra + 1, 0);	/* R-EMERG-1 */
	req_commit(r);
}

/* meeting schedule: replies with the new meeting's id. */
static void
h_schedule_done(struct req *r)
{
	Yishi__Meeting *m = arena_alloc(r->a, sizeof *m);
	Yishi__Meeting init = YISHI__MEETING__INIT;
	Yishi__MeetingSchedule *a = r->rq->meeting_schedule;

	*m = init;
	m->id = r->new_id;
	m->body = r->body_id;
	m->title = a->title;
	m->at = a->at;
	m->place = a->place;
	m->urgent = a->urgent;
	m->reason = a->reason;
	m->state = "scheduled";
	r->resp.result_case = YISHI__RESPONSE__RESULT_MEETING;
	r->resp.meeting = m;
}

/* Replies with the meeting as it stands (after a change, or for status). */
static void
h_meeting_reply_status(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);

	r->resp.result_case = YISHI__RESPONSE__RESULT_MEETING;
	r->resp.meeting = wire_meeting(r->a, r->ms, &view);
}

/* meeting notify: the calendar is needed for R-NOTICE-1. */
static void
h_notify_prepare(struct req *r, struct db_batch *b)
{
	(void)r;
	(void)handlers_calendar_load(b);
}

/* meeting notify: sends the notice (R-NOTICE-1). */
static void
h_notify_decide(struct req *r)
{
	struct mstate *ms = r->ms;
	struct rules_calendar cal;
	struct rules_verdict v;
	int32_t today, mday, last;
	char date[RULES_DAY_LEN], by[RULES_DAY_LEN];
	struct db_batch *w;

	if (ms->state != RULES_MTG_SCHEDULED) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    "会议已经通知过（当前状态：%s）",
		    "the meeting was already noticed (state: %s)",
		    mstate_meeting_state_name(ms->state));
		return;
	}
	snprintf(date, sizeof date, "%.10s", ms->at);
	if (!rules_day_parse(ms->today, &today) ||
	    !rules_day_parse(date, &mday)) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE, "日期无法解析",
		    "cannot read the dates");
		return;
	}
	handlers_calendar(r, r->extra, &cal);
	mstate_rules(ms, r->a, NULL, NULL);
	rules_may_notify(&ms->rm, today, mday, &cal, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	/* The working days R-NOTICE-1 counted, for the replay (issue 12). */
	last = rules_cal_prev_workday(&cal, mday);
	rules_day_format(last, by);
	rules_day_format(mday, date);
	w = trail_write(r, r->body_id, "meeting.notify", json_object(r->a,
	    "meeting", JSON_I, (long long)ms->id, "date", JSON_S, ms->today,
	    "meeting_day", JSON_S, date, "notice_by", JSON_S, by,
	    "calendar", JSON_S, handlers_calendar_days(r, &cal, last, mday),
	    (char *)NULL));
	db_batch_addf(w, "UPDATE meetings SET state = 'noticed', "
	    "noticed_at = " TRAIL_AT_SQL(3) " WHERE body_id = $1 AND id = $2",
	    "iii", (long long)r->body_id, (long long)ms->id,
	    (long long)r->at_us);
	ms->state = RULES_MTG_NOTICED;
	req_event(r, "noticed");
	req_commit(r);
}

/* Fills an event's quorum from the snapshot (after attendance changed). */
static void
h_event_quorum(struct req *r, Yishi__Event *ev)
{
	ev->quorum = handlers_quorum(r);
}

/* meeting open: notice, time and quorum (R-NOTICE-1, R-MTG-5, R-QUORUM-1). */
static void
h_open_decide(struct req *r)
{
	struct mstate *ms = r->ms;
	struct rules_verdict v;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *chair;

	mstate_rules(ms, r->a, NULL, NULL);
	rules_may_open(&ms->rm, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	/* The chair is fixed when the meeting opens, so that a later change
	 * of seats does not change who chaired it in its minutes (R-MIN-1). */
	chair = mstate_chair(ms) != NULL ? mstate_chair(ms) : "";
	w = trail_write(r, r->body_id, "meeting.open", json_object(r->a,
	    "meeting", JSON_I, (long long)ms->id, "n", JSON_I, (long long)v.n,
	    "present", JSON_I, (long long)v.present, "chair", JSON_S, chair,
	    (char *)NULL));
	/* The actual opening time the minutes show is the entry's, which
	 * the daemon vouched for (trail.h). */
	db_batch_addf(w, "UPDATE meetings SET state = 'open', opened_at = "
	    TRAIL_AT_SQL(6) ", n = $3, present = $4, chair = nullif($5, '') "
	    "WHERE body_id = $1 AND id = $2", "iiiisi",
	    (long long)r->body_id, (long long)ms->id, (long long)v.n,
	    (long long)v.present, chair, (long long)r->at_us);
	/* N is fixed now, and who is in it: the current voting seats (the
	 * same the verdict counted; the trail's expected head keeps seats
	 * from changing in between). */
	db_batch_addf(w, "INSERT INTO meeting_voters (body_id, meeting_id, "
	    "identity) SELECT s.body_id, $2, s.identity FROM seats s "
	    "WHERE s.body_id = $1 AND s.removed_at IS NULL "
	    "AND s.role IN ('secretary', 'deputy', 'member')", "ii",
	    (long long)r->body_id, (long long)ms->id);
	if (chair[0] != '\0')
		ms->chair_delegate = chair;
	mstate_fix_n(ms, (int)v.n, (int)v.present);
	ev = req_event(r, "opened");
	h_event_quorum(r, ev);
	req_commit(r);
}

/* meeting close: voting seats never seen are recorded absent (R-LEAVE-1):
 * the seats of N, fixed when the meeting opened. */
static void
h_close_decide(struct req *r)
{
	struct mstate *ms = r->ms;
	struct db_batch *w;
	int i;

	if (ms->state != RULES_MTG_OPEN) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "会议未在进行中",
		    "the meeting is not open");
		return;
	}
	for (i = 0; i < ms->nitems; i++) {
		if (ms->items[i].state == RULES_ITEM_VOTING) {
			req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
			    "议题“%s”的表决尚未结束",
			    "the vote on item \"%s\" is still open",
			    ms->items[i].title);
			return;
		}
	}
	w = trail_write(r, r->body_id, "meeting.close", json_object(r->a,
	    "meeting", JSON_I, (long long)ms->id, (char *)NULL));
	db_batch_addf(w, "UPDATE meetings SET state = 'closed', "
	    "closed_at = " TRAIL_AT_SQL(3) " WHERE body_id = $1 AND id = $2",
	    "iii", (long long)r->body_id, (long long)ms->id,
	    (long long)r->at_us);
	if (mstate_n_fixed(ms))
		/* The seats of N, fixed at the opening: a seat given since
		 * was not expected, a seat of N removed since was. */
		db_batch_addf(w, "INSERT INTO attendance (body_id, meeting_id, "
		    "identity, state, marked_by) SELECT v.body_id, $2, "
		    "v.identity, 'absent', $3 FROM meeting_voters v "
		    "WHERE v.body_id = $1 AND v.meeting_id = $2 "
		    "ON CONFLICT (body_id, meeting_id, identity) DO UPDATE "
		    "SET state = 'absent' WHERE attendance.state IN "
		    "('leave_requested')", "iis", (long long)r->body_id,
		    (long long)ms->id, r->who);
	else
		db_batch_addf(w, "INSERT INTO attendance (body_id, meeting_id, "
		    "identity, state, marked_by) SELECT s.body_id, $2, "
		    "s.identity, 'absent', $3 FROM seats s WHERE s.body_id = $1 "
		    "AND s.removed_at IS NULL "
		    "AND s.role IN ('secretary', 'deputy', 'member') "
		    "ON CONFLICT (body_id, meeting_id, identity) DO UPDATE "
		    "SET state = 'absent' WHERE attendance.state IN "
		    "('leave_requested')", "iis", (long long)r->body_id,
		    (long long)ms->id, r->who);
	ms->state = RULES_MTG_CLOSED;
	req_checkpoint(r, r->body_id);	/* the server signs the head */
	h_event_quorum(r, req_event(r, "closed"));
	req_commit(r);
}

/* check in / check out: the caller's own attendance. */
static void
h_checkin_decide(struct req *r)
{
	struct mstate *ms = r->ms;
	bool in = r->rq->op_case == YISHI__REQUEST__OP_CHECKIN;
	struct m_member *me = mstate_member(ms, r->who);
	struct rules_member *rm;
	struct db_batch *w;
	Yishi__Event *ev;

	if (ms->state == RULES_MTG_CLOSED) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "会议已经结束",
		    "the meeting is closed");
		return;
	}
	if (!in && me->att != RULES_ATT_PRESENT) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "您尚未签到",
		    "you have not checked in");
		return;
	}
	w = trail_write(r, r->body_id, in ? "attendance.checkin" :
	    "attendance.checkout", json_object(r->a, "meeting", JSON_I,
	    (long long)ms->id, "member", JSON_S, r->who, (char *)NULL));
	db_batch_addf(w, "INSERT INTO attendance (body_id, meeting_id, identity, "
	    "state, marked_by) VALUES ($1, $2, $3, $4, $3) "
	    "ON CONFLICT (body_id, meeting_id, identity) DO UPDATE "
	    "SET state = excluded.state, marked_by = excluded.marked_by, "
	    "at = now()", "iiss", (long long)r->body_id, (long long)ms->id,
	    r->who, in ? "present" : "left");
	me->att = in ? RULES_ATT_PRESENT : RULES_ATT_LEFT;
	/* The snapshot follows, for requests decided after this one on it
	 * (group commit, req.c), head-counts included. */
	if ((rm = mstate_rmember(ms, r->who)) != NULL)
		rules_count_attend(ms->rm.counts != NULL ? &ms->counts : NULL,
		    rm, me->att);
	ev = req_event(r, in ? "checkin" : "checkout");
	h_event_quorum(r, ev);
	req_commit(r);
}

/* check in / check out: replies with the quorum and the caller's own
 * attendance (a whole plenary's list would be a megabyte per check-in). */
static void
h_checkin_reply(struct req *r)
{
	Yishi__Meeting *m = arena_alloc(r->a, sizeof *m);
	Yishi__Meeting init = YISHI__MEETING__INIT;
	Yishi__Attendance *me = arena_alloc(r->a, sizeof *me);
	Yishi__Attendance ainit = YISHI__ATTENDANCE__INIT;
	struct m_member *x = mstate_member(r->ms, r->who);

	*m = init;
	*me = ainit;
	m->id = r->ms->id;
	m->body = r->ms->body_id;
	m->title = (char *)r->ms->title;
	m->state = (char *)mstate_meeting_state_name(r->ms->state);
	m->quorum = handlers_quorum(r);
	if (x != NULL) {
		me->member = (char *)x->name;
		me->display = (char *)x->display;
		me->role = (char *)rules_role_name(x->role);
		me->state = (char *)mstate_attendance_name(x->att);
		m->attendance = arena_alloc(r->a, sizeof *m->attendance);
		m->attendance[0] = me;
		m->n_attendance = 1;
	}
	r->resp.result_case = YISHI__RESPONSE__RESULT_MEETING;
	r->resp.meeting = m;
}

/* meeting status: any seat of the body; observers see their items only. */
static void
h_status_decide(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);

	r->resp.result_case = YISHI__RESPONSE__RESULT_MEETING;
	r->resp.meeting = wire_meeting(r->a, r->ms, &view);
	req_reply(r);
}

/* meeting list: one page of the body's meetings, by time, after the
 * cursor's meeting (keyset on at, id). */
static void
h_list_prepare(struct req *r, struct db_batch *b)
{
	struct page pg;

	page_init(&pg, r->rq->meeting_list->page);
	db_batch_addf(b, "SELECT id, title, " MSTATE_RFC3339("at") ", place, "
	    "state, urgent FROM meetings WHERE body_id = $1 AND (at, id) > "
	    "(CASE WHEN $2 = 0 THEN '-infinity' ELSE (SELECT at FROM meetings "
	    "WHERE body_id = $1 AND id = $2) END, $2) ORDER BY at, id LIMIT $3",
	    "iii", (long long)r->key,
	    (long long)pg.after, page_rows(&pg));
}

/* meeting list: any seat of the body, or the admin. */
static void
h_list_decide(struct req *r)
{
	Yishi__MeetingList *l = arena_alloc(r->a, sizeof *l);
	Yishi__MeetingList init = YISHI__MEETING_LIST__INIT;
	int i, n = db_rows(r->rb, r->extra);
	struct page pg;

	page_init(&pg, r->rq->meeting_list->page);
	*l = init;
	l->meetings = arena_alloc(r->a, sizeof *l->meetings * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Meeting *m = arena_alloc(r->a, sizeof *m);
		Yishi__Meeting minit = YISHI__MEETING__INIT;

		*m = minit;
		m->id = (uint64_t)db_getll(r->rb, r->extra, i, 0);
		m->body = r->body_id;
		m->title = arena_strdup(r->a, db_get(r->rb, r->extra, i, 1));
		m->at = arena_strdup(r->a, db_get(r->rb, r->extra, i, 2));
		m->place = arena_strdup(r->a, db_get(r->rb, r->extra, i, 3));
		m->state = arena_strdup(r->a, db_get(r->rb, r->extra, i, 4));
		m->urgent = db_getbool(r->rb, r->extra, i, 5);
		if (!page_take(&pg, &m->base))
			break;
		l->meetings[l->n_meetings++] = m;
	}
	if (l->n_meetings > 0)
		l->next = page_next(r->a, &pg,
		    l->meetings[l->n_meetings - 1]->id, NULL);
	r->resp.result_case = YISHI__RESPONSE__RESULT_MEETINGS;
	r->resp.meetings = l;
	req_reply(r);
}

/* meeting delegate: the secretary entrusts the chair (R-MTG-2). */
static void
h_delegate_decide(struct req *r)
{
	Yishi__MeetingDelegate *a = r->rq->meeting_delegate;
	const struct rules_member *to;
	struct rules_verdict v;
	struct db_batch *w;

	mstate_rules(r->ms, r->a, NULL, NULL);
	if ((to = handlers_rmember(r->ms, a->chair)) == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "%s 在该机构没有席位", "%s has no seat in this body",
		    a->chair);
		return;
	}
	rules_may_delegate(&r->ms->rm, handlers_rmember(r->ms, r->who), to,
	    &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	w = trail_write(r, r->body_id, "meeting.delegate", json_object(r->a,
	    "meeting", JSON_I, (long long)r->ms->id, "chair", JSON_S, a->chair,
	    (char *)NULL));
	db_batch_addf(w, "UPDATE meetings SET chair = $3 WHERE body_id = $1 "
	    "AND id = $2", "iis", (long long)r->body_id, (long long)r->ms->id,
	    a->chair);
	r->ms->chair_delegate = a->chair;
	req_event(r, "delegated")->detail = a->chair;
	req_commit(r);
}

/* The meeting id of a meeting-scoped request. */
static uint64_t
h_meeting_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_MEETING_NOTIFY:
		return rq->meeting_notify->meeting;
	case YISHI__REQUEST__OP_MEETING_OPEN:
		return rq->meeting_open->meeting;
	case YISHI__REQUEST__OP_MEETING_CLOSE:
		return rq->meeting_close->meeting;
	case YISHI__REQUEST__OP_MEETING_STATUS:
		return rq->meeting_status->meeting;
	case YISHI__REQUEST__OP_CHECKIN:
		return rq->checkin->meeting;
	case YISHI__REQUEST__OP_CHECKOUT:
		return rq->checkout->meeting;
	case YISHI__REQUEST__OP_MEETING_DELEGATE:
		return rq->meeting_delegate->meeting;
	default:
		return 0;
	}
}

/* The body id of a body-scoped request. */
static uint64_t
h_body_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_MEETING_SCHEDULE:
		return rq->meeting_schedule->body;
	case YISHI__REQUEST__OP_MEETING_LIST:
		return rq->meeting_list->body;
	default:
		return 0;
	}
}

const struct handler h_meeting[] = {
	{
		.op = YISHI__REQUEST__OP_MEETING_SCHEDULE,
		.name = "meeting.schedule",
		.scope = REQ_SCOPE_BODY,
		.key = h_body_key,
		.prepare = h_schedule_prepare,
		.decide = h_schedule_decide,
		.done = h_schedule_done,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_NOTIFY,
		.name = "meeting.notify",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.prepare = h_notify_prepare,
		.decide = h_notify_decide,
		.done = h_meeting_reply_status,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_OPEN,
		.name = "meeting.open",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.decide = h_open_decide,
		.done = h_meeting_reply_status,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_CLOSE,
		.name = "meeting.close",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.decide = h_close_decide,
		.done = h_meeting_reply_status,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_STATUS,
		.name = "meeting.status",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.decide = h_status_decide,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_LIST,
		.name = "meeting.list",
		.scope = REQ_SCOPE_BODY,
		.key = h_body_key,
		.prepare = h_list_prepare,
		.decide = h_list_decide,
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_DELEGATE,
		.name = "meeting.delegate",
		.scope = REQ_SCOPE_MEETING,
		.key = h_meeting_key,
		.decide = h_delegate_decide,
		.done = h_meeting_reply_status,
	},
	{
		.op = YISHI__REQUEST__OP_CHECKIN,
		.name = "checkin",
		.scope = REQ_SCOPE_MEETING,
		.flags = REQ_F_GROUP,
		.key = h_meeting_key,
		.decide = h_checkin_decide,
		.done = h_checkin_reply,
	},
	{
		.op = YISHI__REQUEST__OP_CHECKOUT,
		.name = "checkout",
		.scope = REQ_SCOPE_MEETING,
		.flags = REQ_F_GROUP,
		.key = h_meeting_key,
		.decide = h_checkin_decide,
		.done = h_checkin_reply,
	},
	{ 0 }
};
