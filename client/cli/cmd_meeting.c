/* cmd_meeting.c: meetings, agenda and attendance commands. */
#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "render.h"

/* Whether the parsed command is "group name". */
static bool
cmd_is(const struct cli *cli, const char *group, const char *name)
{
	if (strcmp(cli->cmd->group, group) != 0)
		return false;
	if (name == NULL)
		return cli->cmd->name == NULL;
	return cli->cmd->name != NULL && strcmp(cli->cmd->name, name) == 0;
}

/* yishi meeting schedule; prints {"meeting":{"id":...}}. */
int
cmd_meeting_schedule(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingSchedule m = YISHI__MEETING_SCHEDULE__INIT;
	Yishi__Response *r;
	char done[512];
	int rc;

	if (args_flag(cli, "urgent") && args_str(cli, "reason") == NULL)
		return cmd_usage(cli, "--urgent 须附 --reason 说明理由",
		    "--urgent needs --reason");
	m.body = args_u64(cli, "body");
	m.title = (char *)args_str(cli, "title");
	m.at = (char *)args_str(cli, "at");
	if (args_str(cli, "place") != NULL)
		m.place = (char *)args_str(cli, "place");
	m.urgent = args_flag(cli, "urgent");
	if (args_str(cli, "reason") != NULL)
		m.reason = (char *)args_str(cli, "reason");
	req.op_case = YISHI__REQUEST__OP_MEETING_SCHEDULE;
	req.meeting_schedule = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (out_is_json() || r->result_case != YISHI__RESPONSE__RESULT_MEETING)
		return cmd_finish(cli, r, "已安排会议", "meeting scheduled");
	snprintf(done, sizeof done, TR("已安排会议 #%" PRIu64 "「%s」，时间 %s",
	    "meeting #%" PRIu64 " \"%s\" scheduled for %s"), r->meeting->id,
	    r->meeting->title, r->meeting->at);
	out_printf("%s\n", done);
	yishi_response_free(r);
	return EXIT_DONE;
}

/* Commands that name only a meeting: notify, open, close, status, checkin,
 * checkout. */
int
cmd_meeting_ref(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingRef m = YISHI__MEETING_REF__INIT;
	Yishi__Response *r;
	const char *zh, *en;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	if (cmd_is(cli, "meeting", "notify")) {
		req.op_case = YISHI__REQUEST__OP_MEETING_NOTIFY;
		req.meeting_notify = &m;
		zh = "已发出会议通知", en = "notice sent";
	} else if (cmd_is(cli, "meeting", "open")) {
		req.op_case = YISHI__REQUEST__OP_MEETING_OPEN;
		req.meeting_open = &m;
		zh = "会议开始", en = "meeting opened";
	} else if (cmd_is(cli, "meeting", "close")) {
		req.op_case = YISHI__REQUEST__OP_MEETING_CLOSE;
		req.meeting_close = &m;
		zh = "会议结束", en = "meeting closed";
	} else if (cmd_is(cli, "meeting", "status")) {
		req.op_case = YISHI__REQUEST__OP_MEETING_STATUS;
		req.meeting_status = &m;
		zh = NULL, en = NULL;
	} else if (cmd_is(cli, "checkin", NULL)) {
		req.op_case = YISHI__REQUEST__OP_CHECKIN;
		req.checkin = &m;
		zh = "已签到", en = "checked in";
	} else {
		req.op_case = YISHI__REQUEST__OP_CHECKOUT;
		req.checkout = &m;
		zh = "已签退", en = "checked out";
	}
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (zh == NULL && !out_is_json()) {
		if (r->result_case == YISHI__RESPONSE__RESULT_MEETING)
			human_meeting(r->meeting);
		yishi_response_free(r);
		return EXIT_DONE;
	}
	/* Other answers may carry the meeting: status is for "status". */
	if (zh != NULL && !out_is_json() &&
	    r->result_case == YISHI__RESPONSE__RESULT_MEETING) {
		out_printf("%s\n", TR(zh, en));
		if (r->message != NULL && r->message[0] != '\0')
			out_printf("  %s\n", r->message);
		yishi_response_free(r);
		return EXIT_DONE;
	}
	return cmd_finish(cli, r, zh ? zh : "", en ? en : "");
}

/* yishi meeting delegate --meeting M --chair NAME. */
int
cmd_meeting_delegate(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingDelegate m = YISHI__MEETING_DELEGATE__INIT;
	Yishi__Response *r;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	m.chair = (char *)args_str(cli, "chair");
	req.op_case = YISHI__REQUEST__OP_MEETING_DELEGATE;
	req.meeting_delegate = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已委托主持", "chair entrusted");
}

/* yishi meeting list --body B; prints {"meetings":[...]}. */
int
cmd_meeting_list(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef m = YISHI__BODY_REF__INIT;
	Yishi__MeetingList empty = YISHI__MEETING_LIST__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	Yishi__Response *r;
	struct json j;
	int rc;

	m.body = args_u64(cli, "body");
	m.page = cmd_page(cli, &pg, false);
	req.op_case = YISHI__REQUEST__OP_MEETING_LIST;
	req.meeting_list = &m;
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case != YISHI__RESPONSE__RESULT_MEETINGS) {
		/* No meetings may come back as an empty result. */
		if (out_is_json()) {
			json_init(&j);
			json_obj(&j, NULL);
			json_arr(&j, "meetings");
			json_end(&j);
			json_end(&j);
			(void)out_json_print(&j);
		} else {
			human_meeting_list(&empty);
		}
		yishi_response_free(r);
		return EXIT_DONE;
	}
	if (out_is_json())
		return cmd_finish(cli, r, "", "");
	human_meeting_list(r->meetings);
	cmd_page_note(r);
	yishi_response_free(r);
	return EXIT_DONE;
}

/* Fills mat with the name and SHA-256 of the file at path. */
static int
cmd_material(const char *path, Yishi__Material *mat, uint8_t *digest)
{
	unsigned char buf[65536];
	EVP_MD_CTX *md;
	unsigned int len = 0;
	const char *slash;
	size_t n;
	FILE *f;
	int ok;

	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	md = EVP_MD_CTX_new();
	ok = md != NULL && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
		ok = EVP_DigestUpdate(md, buf, n) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(md, digest, &len) == 1 &&
	    len == 32;
	EVP_MD_CTX_free(md);
	fclose(f);
	if (!ok)
		return -1;
	slash = strrchr(path, '/');
	mat->name = (char *)(slash != NULL ? slash + 1 : path);
	mat->sha256.data = digest;
	mat->sha256.len = 32;
	return 0;
}

/* yishi agenda propose; prints {"item":{"id":...,"category":...}}. */
int
cmd_agenda_propose(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AgendaPropose m = YISHI__AGENDA_PROPOSE__INIT;
	Yishi__Material mats[8], *matp[8];
	uint8_t digests[8][32];
	const char *const *files;
	Yishi__Response *r;
	char done[512], msg[512];
	int rc, n, i;

	if (args_flag(cli, "emergency") && args_str(cli, "reason") == NULL)
		return cmd_usage(cli, "--emergency 须附 --reason 说明理由",
		    "--emergency needs --reason");
	m.meeting = args_u64(cli, "meeting");
	m.title = (char *)args_str(cli, "title");
	m.category = (char *)args_str(cli, "category");
	m.amount = (int64_t)args_u64(cli, "amount");
	if (args_str(cli, "domain") != NULL)
		m.domain = (char *)args_str(cli, "domain");
	if (args_str(cli, "responsible") != NULL)
		m.responsible = (char *)args_str(cli, "responsible");
	m.emergency = args_flag(cli, "emergency");
	if (args_str(cli, "reason") != NULL)
		m.reason = (char *)args_str(cli, "reason");
	m.revises = args_u64(cli, "revises");
	n = args_multi(cli, "material", &files);
	for (i = 0; i < n; i++) {
		yishi__material__init(&mats[i]);
		if (cmd_material(files[i], &mats[i], digests[i]) == -1) {
			snprintf(msg, sizeof msg, TR("无法读取材料“%s”：%s",
			    "cannot read the material \"%s\": %s"), files[i],
			    strerror(errno ? errno : EIO));
			return out_usage(msg);
		}
		matp[i] = &mats[i];
	}
	m.n_materials = (size_t)n;
	m.materials = matp;
	req.op_case = YISHI__REQUEST__OP_AGENDA_PROPOSE;
	req.agenda_propose = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (out_is_json() || r->result_case != YISHI__RESPONSE__RESULT_ITEM)
		return cmd_finish(cli, r, "已提出议题", "item proposed");
	snprintf(done, sizeof done, TR("已提出议题 #%" PRIu64 "「%s」（%s）",
	    "item #%" PRIu64 " \"%s\" proposed (%s)"), r->item->id,
	    r->item->title, out_word(r->item->category));
	out_printf("%s\n", done);
	if (r->item->note != NULL && r->item->note[0] != '\0')
		out_printf("  %s\n", r->item->note);
	if (r->message != NULL && r->message[0] != '\0')
		out_printf("  %s\n", r->message);
	yishi_response_free(r);
	return EXIT_DONE;
}

/* Commands that name only an item: agenda approve/withdraw, item start. */
int
cmd_item_ref(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	Yishi__Response *r;
	const char *zh, *en;
	int rc;

	m.item = args_u64(cli, "item");
	if (cmd_is(cli, "agenda", "approve")) {
		req.op_case = YISHI__REQUEST__OP_AGENDA_APPROVE;
		req.agenda_approve = &m;
		zh = "议题已列入议程", en = "item approved";
	} else if (cmd_is(cli, "agenda", "withdraw")) {
		req.op_case = YISHI__REQUEST__OP_AGENDA_WITHDRAW;
		req.agenda_withdraw = &m;
		zh = "议题已撤回", en = "item withdrawn";
	} else {
		req.op_case = YISHI__REQUEST__OP_ITEM_START;
		req.item_start = &m;
		zh = "开始审议议题", en = "item started";
	}
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, zh, en);
}

/* yishi leave request --meeting M --reason R. */
int
cmd_leave_request(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__LeaveRequest m = YISHI__LEAVE_REQUEST__INIT;
	Yishi__Response *r;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	m.reason = (char *)args_str(cli, "reason");
	req.op_case = YISHI__REQUEST__OP_LEAVE_REQUEST;
	req.leave_request = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已提交请假", "leave requested");
}

/* yishi leave approve --meeting M --member NAME. */
int
cmd_leave_approve(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MemberRef m = YISHI__MEMBER_REF__INIT;
	Yishi__Response *r;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	m.member = (char *)args_str(cli, "member");
	req.op_case = YISHI__REQUEST__OP_LEAVE_APPROVE;
	req.leave_approve = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已批准请假", "leave approved");
}

/* yishi attendance mark --meeting M --member NAME --present|--absent. */
int
cmd_attendance_mark(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AttendanceMark m = YISHI__ATTENDANCE_MARK__INIT;
	Yishi__Response *r;
	bool present = args_flag(cli, "present");
	int rc;

	if (present == args_flag(cli, "absent"))
		return cmd_usage(cli, "须且只能给出 --present 或 --absent 之一",
		    "give exactly one of --present and --absent");
	m.meeting = args_u64(cli, "meeting");
	m.member = (char *)args_str(cli, "member");
	m.present = present;
	req.op_case = YISHI__REQUEST__OP_ATTENDANCE_MARK;
	req.attendance_mark = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, present ? "已登记出席" : "已登记缺席",
	    present ? "marked present" : "marked absent");
}

/* yishi observer admit --item I --identity NAME. */
int
cmd_observer_admit(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemMember m = YISHI__ITEM_MEMBER__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	m.identity = (char *)args_str(cli, "identity");
	req.op_case = YISHI__REQUEST__OP_OBSERVER_ADMIT;
	req.observer_admit = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已准许列席", "observer admitted");
}

/* yishi recuse --item I --member NAME --reason R. */
int
cmd_recuse(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Recuse m = YISHI__RECUSE__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	m.member = (char *)args_str(cli, "member");
	m.reason = (char *)args_str(cli, "reason");
	req.op_case = YISHI__REQUEST__OP_RECUSE;
	req.recuse = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已登记回避", "recusal recorded");
}

/* yishi opinion submit --item I --position P --text T. */
int
cmd_opinion_submit(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Opinion m = YISHI__OPINION__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	m.position = (char *)args_str(cli, "position");
	m.text = (char *)args_str(cli, "text");
	req.op_case = YISHI__REQUEST__OP_OPINION_SUBMIT;
	req.opinion_submit = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已提交书面意见", "written opinion submitted");
}
