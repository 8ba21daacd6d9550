/*
 * h_followup.c: after the meeting: follow-up tasks on passed decisions
 * (R-FOLLOW-1), the supersession of a decision by the item that revises it
 * (R-IMMUT-1), and the decisions reported to members who were absent or on
 * leave (通报, R-ABSENT-4), which they acknowledge.
 *
 * Who is informed is derived, not stored: every voting seat recorded absent
 * or on leave at a closed meeting is informed of each item decided there,
 * until it acknowledges (decision_acks).
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "arena.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "page.h"
#include "rules.h"
#include "wire.h"

#define RFC MSTATE_RFC3339

/* The task columns every query of this file selects, from followups f. */
#define H_TASK_COLS "f.id, f.item_id, f.body_id, i.meeting_id, i.title, " \
	"f.unit, f.person, to_char(f.due, 'YYYY-MM-DD'), f.state, " \
	"f.state <> 'done' AND f.due < current_date, f.assigned_by, " \
	RFC("f.assigned_at") " "
#define H_TASK_FROM "FROM followups f JOIN items i ON i.body_id = f.body_id " \
	"AND i.id = f.item_id "

/* Allocates one message, initialised. */
#define H_NEW(T, t, INIT)						\
static T *								\
h_new_ ## t(struct arena *a)						\
{									\
	T *p = arena_alloc(a, sizeof *p);				\
	T init = INIT;							\
									\
	*p = init;							\
	return p;							\
}
H_NEW(Yishi__FollowupTask, task, YISHI__FOLLOWUP_TASK__INIT)
H_NEW(Yishi__TaskReport, report, YISHI__TASK_REPORT__INIT)
H_NEW(Yishi__TaskList, tasks, YISHI__TASK_LIST__INIT)
H_NEW(Yishi__Decision, decision, YISHI__DECISION__INIT)
H_NEW(Yishi__DecisionList, decisions, YISHI__DECISION_LIST__INIT)

/* Copies a column into the arena. */
static char *
h_col(struct req *r, int i, int row, int col)
{
	return arena_strdup(r->a, db_get(r->rb, i, row, col));
}

/* A task from the H_TASK_COLS columns of row `row` of result i. */
static Yishi__FollowupTask *
h_task_row(struct req *r, int i, int row)
{
	Yishi__FollowupTask *t = h_new_task(r->a);

	t->id = (uint64_t)db_getll(r->rb, i, row, 0);
	t->item = (uint64_t)db_getll(r->rb, i, row, 1);
	t->body = (uint64_t)db_getll(r->rb, i, row, 2);
	t->meeting = (uint64_t)db_getll(r->rb, i, row, 3);
	t->item_title = h_col(r, i, row, 4);
	t->unit = h_col(r, i, row, 5);
	t->person = h_col(r, i, row, 6);
	t->due = h_col(r, i, row, 7);
	t->state = h_col(r, i, row, 8);
	t->overdue = db_getbool(r->rb, i, row, 9);
	t->assigned_by = h_col(r, i, row, 10);
	t->assigned_at = h_col(r, i, row, 11);
	return t;
}

/* The rules view of an item of the snapshot as a decision. */
static void
h_decision(const struct mstate *ms, const struct m_item *it,
    struct rules_decision *d)
{
	memset(d, 0, sizeof *d);
	d->body = ms->body_id;
	d->meeting = ms->id;
	d->state = it->state;
	d->outcome = it->outcome;
	d->superseded = it->superseded_by != 0;
}

/*
 * R-IMMUT-1: when item `it` passes and revises an earlier decision, marks
 * the old item superseded and records it in the trail, in the same write.
 * Nothing happens if the old item is no longer a decision in force. The
 * snapshot says whether it is (its items' revises_live): the old item
 * changes only with entries of the body's trail, so a change since moves
 * the head and the request is decided again; the entry's seq is known,
 * and the server vouches for it.
 */
void
h_followup_supersede(struct req *r, struct db_batch *w,
    const struct m_item *it)
{
	uint64_t old = it->revises;
	struct m_item *o;
	int i;

	if (old == 0 || !it->revises_live)
		return;
	(void)trail_write(r, r->body_id, "item.supersede", json_object(r->a,
	    "item", JSON_I, (long long)old, "superseded_by", JSON_I,
	    (long long)it->id, "rule", JSON_S, "R-IMMUT-1", (char *)NULL));
	db_batch_addf(w, "UPDATE items SET superseded_by = $2 WHERE "
	    "body_id = $1 AND id = $3", "iii", (long long)r->body_id,
	    (long long)it->id, (long long)old);
	/* The snapshot as the write leaves it. */
	for (i = 0; i < r->ms->nitems; i++)
		if (r->ms->items[i].revises == old)
			r->ms->items[i].revises_live = false;
	if ((o = mstate_item(r->ms, old)) != NULL)
		o->superseded_by = it->id;
}

/* followup assign: the task id and whether the person exists. */
static void
h_assign_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT nextval('followup_id_seq'), EXISTS (SELECT 1 "
	    "FROM identities WHERE name = $1 AND NOT disabled)", "s",
	    r->rq->followup_assign->person);
}

/* followup assign: the chair, secretary or office, on a passed decision. */
static void
h_assign_decide(struct req *r)
{
	Yishi__FollowupAssign *a = r->rq->followup_assign;
	struct m_item *it = mstate_item(r->ms, r->key);
	const struct m_member *pm;
	struct rules_decision d;
	struct rules_verdict v;
	struct db_batch *w;
	int32_t due, today;

	if (!handlers_text(r, a->unit, "unit") ||
	    !handlers_text(r, a->person, "person"))
		return;
	if (!rules_day_parse(a->due, &due) ||
	    !rules_day_parse(r->ms->today, &today)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "日期无效：%s（应为 YYYY-MM-DD）",
		    "invalid date: %s (expected YYYY-MM-DD)", a->due);
		return;
	}
	if (!db_getbool(r->rb, r->extra, 0, 1)) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "责任人 %s 不是有效的身份", "%s is not an active identity",
		    a->person);
		return;
	}
	pm = mstate_member(r->ms, a->person);
	rules_may_be_responsible(a->person, pm != NULL && !pm->removed ?
	    pm->role : RULES_ROLE_NONE, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	h_decision(r->ms, it, &d);
	rules_may_assign_followup(&d, due, today, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	w = trail_write(r, r->body_id, "followup.assign", json_object(r->a,
	    "task", JSON_I, (long long)r->new_id, "item", JSON_I,
	    (long long)it->id, "unit", JSON_S, a->unit, "person", JSON_S,
	    a->person, "due", JSON_S, a->due, (char *)NULL));
	db_batch_addf(w, "INSERT INTO followups (body_id, id, item_id, unit, "
	    "person, due, assigned_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	    "iiissss", (long long)r->body_id, (long long)r->new_id,
	    (long long)it->id, a->unit, a->person, a->due, r->who);
	req_commit(r);
}

/* followup assign: replies with the new task. */
static void
h_assign_done(struct req *r)
{
	Yishi__FollowupAssign *a = r->rq->followup_assign;
	Yishi__FollowupTask *t = h_new_task(r->a);
	struct m_item *it = mstate_item(r->ms, r->key);

	t->id = r->new_id;
	t->item = it->id;
	t->body = r->body_id;
	t->meeting = r->ms->id;
	t->item_title = (char *)it->title;
	t->unit = a->unit;
	t->person = a->person;
	t->due = a->due;
	t->state = "open";
	t->assigned_by = (char *)r->who;
	r->resp.result_case = YISHI__RESPONSE__RESULT_TASK;
	r->resp.task = t;
}

/* followup report: the task, its body's trail head and its reports. */
static void
h_report_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT " H_TASK_COLS ", (SELECT coalesce(max(seq), 0) "
	    "FROM trail t WHERE t.body_id = f.body_id), (SELECT "
	    "coalesce(max(seq), 0) FROM followup_reports p WHERE "
	    "p.body_id = f.body_id AND p.task_id = f.id), (SELECT s.role "
	    "FROM seats s JOIN identities c ON c.name = s.identity "
	    "WHERE s.body_id = f.body_id AND c.fingerprint = $2 "
	    "AND s.removed_at IS NULL) " H_TASK_FROM
	    "WHERE f.id = $1", "ix", (long long)r->rq->followup_report->task,
	    r->fp, sizeof r->fp);
}

/* followup report: the responsible person appends a progress report. */
static void
h_report_decide(struct req *r)
{
	Yishi__FollowupProgress *a = r->rq->followup_report;
	Yishi__FollowupTask *t;
	struct rules_verdict v;
	enum rules_role role;
	struct db_batch *w;
	long long seq;
	bool seated;

	if (db_rows(r->rb, r->extra) != 1) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND, "督办任务 %llu 不存在",
		    "follow-up task %llu not found", (unsigned long long)a->task);
		return;
	}
	t = h_task_row(r, r->extra, 0);
	rules_may_report_followup(t->person, r->who,
	    strcmp(t->state, "done") == 0, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	/* A person whose seat ended (or a task given before R-FOLLOW-1 asked
	 * for one) no longer writes into the body's trail. */
	seated = !db_isnull(r->rb, r->extra, 0, 14) &&
	    rules_role_parse(db_get(r->rb, r->extra, 0, 14), &role) &&
	    access_of_body(role);
	if (!handlers_need(r, seated, "报告督办进展需要在该机构有席位",
	    "reporting progress needs a seat in this body"))
		return;
	if (!handlers_text(r, a->text, "text"))
		return;
	/* The change is the task's body's: decide on that trail's head. */
	r->body_id = t->body;
	r->head = db_getll(r->rb, r->extra, 0, 12);
	seq = db_getll(r->rb, r->extra, 0, 13) + 1;
	w = trail_write(r, t->body, "followup.report", json_object(r->a,
	    "task", JSON_I, (long long)t->id, "seq", JSON_I, seq,
	    "text", JSON_S, a->text, "done", JSON_B, (int)a->done,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO followup_reports (body_id, task_id, seq, "
	    "member, text, done) VALUES ($1, $2, $3, $4, $5, $6)", "iiissb",
	    (long long)t->body, (long long)t->id, seq, r->who, a->text,
	    (int)a->done);
	if (a->done) {
		db_batch_addf(w, "UPDATE followups SET state = 'done', "
		    "done_at = now() WHERE body_id = $1 AND id = $2", "ii",
		    (long long)t->body, (long long)t->id);
		t->state = "done";
		t->overdue = false;
	}
	t->reports = arena_alloc(r->a, sizeof *t->reports);
	t->reports[0] = h_new_report(r->a);
	t->reports[0]->seq = (uint32_t)seq;
	t->reports[0]->member = (char *)r->who;
	t->reports[0]->text = a->text;
	t->reports[0]->done = a->done;
	t->n_reports = 1;
	r->resp.result_case = YISHI__RESPONSE__RESULT_TASK;
	r->resp.task = t;
	req_commit(r);
}

/* The tasks of a followup list page: the body's ($1), the overdue ones
 * only when $2, after the cursor's task ($3; keyset on due, id), $4 of
 * them at most. */
#define H_LIST_PAGE "WHERE f.body_id = $1 AND (NOT $2 OR (f.state <> " \
	"'done' AND f.due < current_date)) AND (f.due, f.id) > (CASE WHEN " \
	"$3 = 0 THEN '-infinity' ELSE (SELECT due FROM followups WHERE " \
	"body_id = $1 AND id = $3) END, $3) ORDER BY f.due, f.id LIMIT $4"

/* followup list: one page of the body's tasks (or the overdue ones) and
 * their reports. */
static void
h_list_prepare(struct req *r, struct db_batch *b)
{
	bool overdue = r->rq->followup_list->overdue;
	struct page pg;

	page_init(&pg, r->rq->followup_list->page);
	db_batch_addf(b, "SELECT " H_TASK_COLS H_TASK_FROM H_LIST_PAGE, "ibii",
	    (long long)r->key, (int)overdue, (long long)pg.after,
	    page_rows(&pg));
	db_batch_addf(b, "SELECT p.task_id, p.seq, p.member, p.text, p.done, "
	    RFC("p.at") " FROM followup_reports p WHERE p.body_id = $1 "
	    "AND p.task_id IN (SELECT f.id FROM followups f " H_LIST_PAGE ") "
	    "ORDER BY p.task_id, p.seq", "ibii", (long long)r->key,
	    (int)overdue, (long long)pg.after, page_rows(&pg));
	db_batch_addf(b, "SELECT to_char(current_date, 'YYYY-MM-DD')", "");
}

/* followup list: any seat of the body, or the admin. */
static void
h_list_decide(struct req *r)
{
	Yishi__TaskList *l = h_new_tasks(r->a);
	int i, k, n = db_rows(r->rb, r->extra), nrep;
	struct page pg;

	page_init(&pg, r->rq->followup_list->page);
	nrep = db_rows(r->rb, r->extra + 1);
	l->today = h_col(r, r->extra + 2, 0, 0);
	l->tasks = arena_alloc(r->a, sizeof *l->tasks * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__FollowupTask *t = h_task_row(r, r->extra, i);

		t->reports = arena_alloc(r->a, sizeof *t->reports *
		    (size_t)(nrep + 1));
		for (k = 0; k < nrep; k++) {
			Yishi__TaskReport *p;

			if ((uint64_t)db_getll(r->rb, r->extra + 1, k, 0) !=
			    t->id)
				continue;
			p = h_new_report(r->a);
			p->seq = (uint32_t)db_getll(r->rb, r->extra + 1, k, 1);
			p->member = h_col(r, r->extra + 1, k, 2);
			p->text = h_col(r, r->extra + 1, k, 3);
			p->done = db_getbool(r->rb, r->extra + 1, k, 4);
			p->at = h_col(r, r->extra + 1, k, 5);
			t->reports[t->n_reports++] = p;
		}
		if (!page_take(&pg, &t->base))
			break;
		l->tasks[l->n_tasks++] = t;
	}
	if (l->n_tasks > 0)
		l->next = page_next(r->a, &pg, l->tasks[l->n_tasks - 1]->id,
		    NULL);
	r->resp.result_case = YISHI__RESPONSE__RESULT_TASKS;
	r->resp.tasks = l;
	req_reply(r);
}

/* decision ack: whether the caller already acknowledged the item. */
static void
h_ack_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT count(*) FROM decision_acks a JOIN identities i "
	    "ON i.name = a.member WHERE a.item_id = $1 AND i.fingerprint = $2",
	    "ix", (long long)r->key, r->fp, sizeof r->fp);
}

/* decision ack: an absent member acknowledges a decision (R-ABSENT-4). */
static void
h_ack_decide(struct req *r)
{
	struct m_item *it = mstate_item(r->ms, r->key);
	struct m_member *me = mstate_member(r->ms, r->who);
	struct rules_decision d;
	struct rules_verdict v;
	struct db_batch *w;
	Yishi__DecisionList *l;
	Yishi__Decision *x;

	h_decision(r->ms, it, &d);
	rules_may_ack_decision(me->role, me->att, r->ms->state, &d,
	    db_getll(r->rb, r->extra, 0, 0) > 0, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	w = trail_write(r, r->body_id, "decision.ack", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "member", JSON_S, r->who,
	    "attendance", JSON_S, mstate_attendance_name(me->att),
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO decision_acks (body_id, item_id, member) "
	    "VALUES ($1, $2, $3)", "iis", (long long)r->body_id,
	    (long long)it->id, r->who);
	l = h_new_decisions(r->a);
	x = h_new_decision(r->a);
	x->item = it->id;
	x->meeting = r->ms->id;
	x->body = r->body_id;
	x->body_name = (char *)r->ms->body_name;
	x->title = (char *)it->title;
	x->meeting_title = (char *)r->ms->title;
	x->outcome = (char *)(it->outcome ? it->outcome : "");
	x->decision_mode = (char *)(it->decision_mode ? it->decision_mode : "");
	x->decision_text = (char *)(it->decision_text ? it->decision_text : "");
	x->attendance = (char *)mstate_attendance_name(me->att);
	x->acked_at = (char *)r->ms->today;
	l->decisions = arena_alloc(r->a, sizeof *l->decisions);
	l->decisions[l->n_decisions++] = x;
	r->resp.result_case = YISHI__RESPONSE__RESULT_DECISIONS;
	r->resp.decisions = l;
	req_commit(r);
}

/* decision pending: one page of what the caller was informed of and did
 * not acknowledge, by meeting time, meeting, position on the agenda, after
 * the cursor's item (keyset on those). */
static void
h_pending_prepare(struct req *r, struct db_batch *b)
{
	struct page pg;

	page_init(&pg, r->rq->decision_pending->page);
	db_batch_addf(b, "SELECT i.id, i.meeting_id, i.body_id, bo.name, "
	    "i.title, m.title, coalesce(i.outcome, ''), "
	    "coalesce(i.decision_mode, ''), coalesce(i.decision_text, ''), "
	    "a.state FROM identities me "
	    "JOIN seats s ON s.identity = me.name AND s.removed_at IS NULL "
	    "AND s.role IN ('secretary', 'deputy', 'member') "
	    "JOIN meetings m ON m.body_id = s.body_id AND m.state = 'closed' "
	    "JOIN attendance a ON a.body_id = m.body_id AND a.meeting_id = m.id "
	    "AND a.identity = me.name AND a.state IN ('absent', 'leave') "
	    "JOIN items i ON i.body_id = m.body_id AND i.meeting_id = m.id "
	    "AND i.state = 'decided' JOIN bodies bo ON bo.id = m.body_id "
	    "WHERE me.fingerprint = $1 AND ($2::bigint = 0 OR "
	    "m.body_id = $2::bigint) "
	    "AND NOT EXISTS (SELECT 1 FROM decision_acks k WHERE "
	    "k.body_id = i.body_id AND k.item_id = i.id AND k.member = me.name) "
	    "AND ($3 = 0 OR (m.at, m.id, i.position, i.id) > (SELECT m2.at, "
	    "m2.id, i2.position, i2.id FROM items i2 JOIN meetings m2 ON "
	    "m2.body_id = i2.body_id AND m2.id = i2.meeting_id WHERE i2.id = $3)) "
	    "ORDER BY m.at, m.id, i.position, i.id LIMIT $4", "xiii", r->fp,
	    sizeof r->fp, (long long)r->rq->decision_pending->body,
	    (long long)pg.after, page_rows(&pg));
}

/* decision pending: lists them; anyone may ask about themself. */
static void
h_pending_decide(struct req *r)
{
	Yishi__DecisionList *l = h_new_decisions(r->a);
	int i, n = db_rows(r->rb, r->extra);
	struct page pg;

	page_init(&pg, r->rq->decision_pending->page);
	l->decisions = arena_alloc(r->a, sizeof *l->decisions *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Decision *x = h_new_decision(r->a);

		x->item = (uint64_t)db_getll(r->rb, r->extra, i, 0);
		x->meeting = (uint64_t)db_getll(r->rb, r->extra, i, 1);
		x->body = (uint64_t)db_getll(r->rb, r->extra, i, 2);
		x->body_name = h_col(r, r->extra, i, 3);
		x->title = h_col(r, r->extra, i, 4);
		x->meeting_title = h_col(r, r->extra, i, 5);
		x->outcome = h_col(r, r->extra, i, 6);
		x->decision_mode = h_col(r, r->extra, i, 7);
		x->decision_text = h_col(r, r->extra, i, 8);
		x->attendance = h_col(r, r->extra, i, 9);
		if (!page_take(&pg, &x->base))
			break;
		l->decisions[l->n_decisions++] = x;
	}
	if (l->n_decisions > 0)
		l->next = page_next(r->a, &pg,
		    l->decisions[l->n_decisions - 1]->item, NULL);
	r->resp.result_case = YISHI__RESPONSE__RESULT_DECISIONS;
	r->resp.decisions = l;
	req_reply(r);
}

/* The id a request of this file is about. */
static uint64_t
h_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_FOLLOWUP_ASSIGN:
		return rq->followup_assign->item;
	case YISHI__REQUEST__OP_FOLLOWUP_LIST:
		return rq->followup_list->body;
	case YISHI__REQUEST__OP_DECISION_ACK:
		return rq->decision_ack->item;
	default:
		return 0;
	}
}

const struct handler h_followup[] = {
	{
		.op = YISHI__REQUEST__OP_FOLLOWUP_ASSIGN,
		.name = "followup.assign",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.prepare = h_assign_prepare,
		.decide = h_assign_decide,
		.done = h_assign_done,
	},
	{
		.op = YISHI__REQUEST__OP_FOLLOWUP_REPORT,
		.name = "followup.report",
		.scope = REQ_SCOPE_NONE,
		.prepare = h_report_prepare,
		.decide = h_report_decide,
	},
	{
		.op = YISHI__REQUEST__OP_FOLLOWUP_LIST,
		.name = "followup.list",
		.scope = REQ_SCOPE_BODY,
		.key = h_key,
		.prepare = h_list_prepare,
		.decide = h_list_decide,
	},
	{
		.op = YISHI__REQUEST__OP_DECISION_ACK,
		.name = "decision.ack",
		.scope = REQ_SCOPE_ITEM,
		.key = h_key,
		.prepare = h_ack_prepare,
		.decide = h_ack_decide,
	},
	{
		.op = YISHI__REQUEST__OP_DECISION_PENDING,
		.name = "decision.pending",
		.scope = REQ_SCOPE_NONE,
		.prepare = h_pending_prepare,
		.decide = h_pending_decide,
	},
	{ 0 }
};
