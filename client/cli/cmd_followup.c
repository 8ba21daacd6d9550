/*
 * cmd_followup.c: after the meeting: follow-up tasks (R-FOLLOW-1),
 * emergency disposals (R-EMERG-1), and decisions reported to members who
 * were absent (通报): decision pending, decision ack.
 */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "json.h"
#include "out.h"

#define S(x) ((x) != NULL ? (x) : "")

/* One follow-up task with its progress reports. */
static void
cmd_fu_json_task(struct json *j, const char *key, const Yishi__FollowupTask *t)
{
	size_t i;

	json_obj(j, key);
	json_u64(j, "id", t->id);
	json_u64(j, "item", t->item);
	json_u64(j, "body", t->body);
	json_u64(j, "meeting", t->meeting);
	json_str(j, "item_title", S(t->item_title));
	json_str(j, "unit", S(t->unit));
	json_str(j, "person", S(t->person));
	json_str(j, "due", S(t->due));
	json_str(j, "state", S(t->state));
	json_bool(j, "overdue", t->overdue);
	json_str(j, "assigned_by", S(t->assigned_by));
	if (t->assigned_at != NULL && t->assigned_at[0] != '\0')
		json_str(j, "assigned_at", t->assigned_at);
	json_arr(j, "reports");
	for (i = 0; i < t->n_reports; i++) {
		const Yishi__TaskReport *p = t->reports[i];

		json_obj(j, NULL);
		json_u64(j, "seq", p->seq);
		json_str(j, "member", S(p->member));
		json_str(j, "text", S(p->text));
		json_bool(j, "done", p->done);
		if (p->at != NULL && p->at[0] != '\0')
			json_str(j, "at", p->at);
		json_end(j);
	}
	json_end(j);
	json_end(j);
}

/* One emergency disposal. */
static void
cmd_fu_json_disposal(struct json *j, const char *key, const Yishi__Disposal *d)
{
	json_obj(j, key);
	json_u64(j, "id", d->id);
	json_u64(j, "body", d->body);
	json_str(j, "member", S(d->member));
	json_str(j, "title", S(d->title));
	json_str(j, "text", S(d->text));
	json_i64(j, "amount", d->amount);
	json_str(j, "category", S(d->category));
	json_bool(j, "alerted", d->alerted);
	if (d->item != 0)
		json_u64(j, "item", d->item);
	else
		json_null(j, "item");
	if (d->meeting != 0)
		json_u64(j, "meeting", d->meeting);
	else
		json_null(j, "meeting");
	if (d->at != NULL && d->at[0] != '\0')
		json_str(j, "at", d->at);
	json_end(j);
}

/* One decision reported to an absent member. */
static void
cmd_fu_json_decision(struct json *j, const Yishi__Decision *x)
{
	json_obj(j, NULL);
	json_u64(j, "item", x->item);
	json_u64(j, "meeting", x->meeting);
	json_u64(j, "body", x->body);
	json_str(j, "body_name", S(x->body_name));
	json_str(j, "title", S(x->title));
	json_str(j, "meeting_title", S(x->meeting_title));
	json_str(j, "outcome", S(x->outcome));
	json_str(j, "decision_mode", S(x->decision_mode));
	json_str(j, "decision_text", S(x->decision_text));
	json_str(j, "attendance", S(x->attendance));
	if (x->acked_at != NULL && x->acked_at[0] != '\0')
		json_str(j, "acked_at", x->acked_at);
	json_end(j);
}

/* Writes the result of r under its natural key. */
static void
cmd_fu_json(struct json *j, const Yishi__Response *r)
{
	size_t i;

	switch (r->result_case) {
	case YISHI__RESPONSE__RESULT_TASK:
		cmd_fu_json_task(j, "task", r->task);
		break;
	case YISHI__RESPONSE__RESULT_TASKS:
		json_arr(j, "tasks");
		for (i = 0; i < r->tasks->n_tasks; i++)
			cmd_fu_json_task(j, NULL, r->tasks->tasks[i]);
		json_end(j);
		if (r->tasks->today != NULL && r->tasks->today[0] != '\0')
			json_str(j, "today", r->tasks->today);
		break;
	case YISHI__RESPONSE__RESULT_DISPOSAL:
		cmd_fu_json_disposal(j, "disposal", r->disposal);
		break;
	case YISHI__RESPONSE__RESULT_DISPOSALS:
		json_arr(j, "disposals");
		for (i = 0; i < r->disposals->n_disposals; i++)
			cmd_fu_json_disposal(j, NULL, r->disposals->disposals[i]);
		json_end(j);
		break;
	case YISHI__RESPONSE__RESULT_DECISIONS:
		json_arr(j, "decisions");
		for (i = 0; i < r->decisions->n_decisions; i++)
			cmd_fu_json_decision(j, r->decisions->decisions[i]);
		json_end(j);
		break;
	default:
		break;
	}
}

/* One task, for people. */
static void
cmd_fu_human_task(const Yishi__FollowupTask *t)
{
	size_t i;

	out_printf(TR("  任务 #%" PRIu64 "（议题 #%" PRIu64 "%s%s）：%s，责任人 %s，"
	    "期限 %s，%s%s\n", "  task #%" PRIu64 " (item #%" PRIu64 "%s%s): "
	    "%s, person %s, due %s, %s%s\n"), t->id, t->item,
	    t->item_title && t->item_title[0] ? " " : "", S(t->item_title),
	    S(t->unit), S(t->person), S(t->due),
	    strcmp(S(t->state), "done") == 0 ? TR("已办结", "done") :
	    TR("办理中", "open"), t->overdue ? TR("，已逾期", ", overdue") : "");
	for (i = 0; i < t->n_reports; i++) {
		out_printf(TR("    %u. %s：", "    %u. %s: "),
		    t->reports[i]->seq, S(t->reports[i]->member));
		out_lines("      \xe2\x94\x82 ", t->reports[i]->text);
		out_printf("%s\n", t->reports[i]->done ?
		    TR("（办结）", " (done)") : "");
	}
}

/* One disposal, for people. */
static void
cmd_fu_human_disposal(const Yishi__Disposal *d)
{
	out_printf(TR("  临机处置 #%" PRIu64 "：%s（%s，%s", "  disposal #%"
	    PRIu64 ": %s (%s, %s"), d->id, S(d->title), S(d->member),
	    out_word(S(d->category)));
	if (d->amount > 0)
		out_printf(TR("，%" PRId64 " 元", ", %" PRId64 " yuan"),
		    d->amount);
	out_printf("%s", TR("）", ")"));
	if (d->alerted)
		out_printf("%s", TR("，已提醒纪检监察", ", inspectors alerted"));
	if (d->item != 0)
		out_printf(TR("，报告议题 #%" PRIu64 "（会议 #%" PRIu64 "）",
		    ", report item #%" PRIu64 " (meeting #%" PRIu64 ")"),
		    d->item, d->meeting);
	else if (d->meeting != 0)
		out_printf(TR("，列入会议 #%" PRIu64, ", on meeting #%" PRIu64),
		    d->meeting);
	else
		out_printf("%s", TR("，待列入下次会议", ", waiting for the next "
		    "meeting"));
	out_printf("\n");
}

/* Prints r (JSON or people's text) and frees it; returns 0. */
static int
cmd_fu_finish(Yishi__Response *r, const char *zh, const char *en)
{
	struct json j;
	size_t i;

	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		cmd_fu_json(&j, r);
		cmd_page_json(&j, r);
		json_bool(&j, "ok", true);
		if (r->message != NULL && r->message[0] != '\0')
			json_str(&j, "message", r->message);
		json_end(&j);
		(void)out_json_print(&j);
		yishi_response_free(r);
		return EXIT_DONE;
	}
	out_printf("%s\n", TR(zh, en));
	switch (r->result_case) {
	case YISHI__RESPONSE__RESULT_TASK:
		cmd_fu_human_task(r->task);
		break;
	case YISHI__RESPONSE__RESULT_TASKS:
		for (i = 0; i < r->tasks->n_tasks; i++)
			cmd_fu_human_task(r->tasks->tasks[i]);
		if (r->tasks->n_tasks == 0)
			out_printf("  %s\n", TR("无", "none"));
		break;
	case YISHI__RESPONSE__RESULT_DISPOSAL:
		cmd_fu_human_disposal(r->disposal);
		break;
	case YISHI__RESPONSE__RESULT_DISPOSALS:
		for (i = 0; i < r->disposals->n_disposals; i++)
			cmd_fu_human_disposal(r->disposals->disposals[i]);
		if (r->disposals->n_disposals == 0)
			out_printf("  %s\n", TR("无", "none"));
		break;
	case YISHI__RESPONSE__RESULT_DECISIONS:
		for (i = 0; i < r->decisions->n_decisions; i++) {
			const Yishi__Decision *x = r->decisions->decisions[i];

			out_printf(TR("  议题 #%" PRIu64 "〔%s · %s〕%s：%s（%s）",
			    "  item #%" PRIu64 " [%s · %s] %s: %s (%s) "),
			    x->item, S(x->body_name), S(x->meeting_title),
			    S(x->title), out_word(S(x->outcome)),
			    out_word(S(x->decision_mode)));
			out_lines("      \xe2\x94\x82 ", x->decision_text);
			out_printf("\n");
		}
		if (r->decisions->n_decisions == 0)
			out_printf("  %s\n", TR("无", "none"));
		break;
	default:
		break;
	}
	cmd_page_note(r);
	yishi_response_free(r);
	return EXIT_DONE;
}

/* yishi followup assign --item I --unit U --person NAME --due DATE. */
int
cmd_followup_assign(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__FollowupAssign m = YISHI__FOLLOWUP_ASSIGN__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	m.unit = (char *)args_str(cli, "unit");
	m.person = (char *)args_str(cli, "person");
	m.due = (char *)args_str(cli, "due");
	req.op_case = YISHI__REQUEST__OP_FOLLOWUP_ASSIGN;
	req.followup_assign = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, "已分派督办任务", "follow-up task assigned");
}

/* yishi followup report --task T --text T [--done]. */
int
cmd_followup_report(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__FollowupProgress m = YISHI__FOLLOWUP_PROGRESS__INIT;
	Yishi__Response *r;
	int rc;

	m.task = args_u64(cli, "task");
	m.text = (char *)args_str(cli, "text");
	m.done = args_flag(cli, "done");
	req.op_case = YISHI__REQUEST__OP_FOLLOWUP_REPORT;
	req.followup_report = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, m.done ? "已报告办结" : "已报告进展",
	    m.done ? "reported done" : "progress reported");
}

/* yishi followup list --body B [--overdue]. */
int
cmd_followup_list(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__FollowupList m = YISHI__FOLLOWUP_LIST__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	Yishi__Response *r;
	int rc;

	m.body = args_u64(cli, "body");
	m.overdue = args_flag(cli, "overdue");
	m.page = cmd_page(cli, &pg, false);
	req.op_case = YISHI__REQUEST__OP_FOLLOWUP_LIST;
	req.followup_list = &m;
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, m.overdue ? "逾期的督办任务：" : "督办任务：",
	    m.overdue ? "overdue follow-up tasks:" : "follow-up tasks:");
}

/* yishi disposal record --body B --title T --text T [--amount] [--category]. */
int
cmd_disposal_record(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__DisposalRecord m = YISHI__DISPOSAL_RECORD__INIT;
	Yishi__Response *r;
	int rc;

	m.body = args_u64(cli, "body");
	m.title = (char *)args_str(cli, "title");
	m.text = (char *)args_str(cli, "text");
	m.amount = (int64_t)args_u64(cli, "amount");
	if (args_str(cli, "category") != NULL)
		m.category = (char *)args_str(cli, "category");
	req.op_case = YISHI__REQUEST__OP_DISPOSAL_RECORD;
	req.disposal_record = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, "已登记临机处置，将向下次会议报告",
	    "emergency disposal recorded; it is reported to the next meeting");
}

/* yishi disposal list --body B. */
int
cmd_disposal_list(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef m = YISHI__BODY_REF__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	Yishi__Response *r;
	int rc;

	m.body = args_u64(cli, "body");
	m.page = cmd_page(cli, &pg, false);
	req.op_case = YISHI__REQUEST__OP_DISPOSAL_LIST;
	req.disposal_list = &m;
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, "临机处置：", "emergency disposals:");
}

/* yishi decision ack --item I. */
int
cmd_decision_ack(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	req.op_case = YISHI__REQUEST__OP_DECISION_ACK;
	req.decision_ack = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, "已确认知悉该决定",
	    "decision acknowledged");
}

/* yishi decision pending [--body B]. */
int
cmd_decision_pending(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef m = YISHI__BODY_REF__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	Yishi__Response *r;
	int rc;

	m.body = args_u64(cli, "body");
	m.page = cmd_page(cli, &pg, false);
	req.op_case = YISHI__REQUEST__OP_DECISION_PENDING;
	req.decision_pending = &m;
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	return cmd_fu_finish(r, "缺席期间作出、尚待确认的决定：",
	    "decisions taken in your absence, not yet acknowledged:");
}
