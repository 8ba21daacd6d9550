/* cmds.c: the command table of the yishi CLI and shared helpers. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "journal.h"
#include "out.h"
#include "render.h"
#include "text.h"

#define KINDS "party_group|director_office|bureau_affairs|topic"
#define CATEGORIES "ordinary|major_decision|personnel|major_project|large_fund"
#define DOMAINS "finance|personnel|procurement|tender|approval"
#define REQ OPT_REQUIRED
#define CMD_RESEND_MAX 4	/* cli->resend: sent at most 5 times */

/* Options shared by many commands. */
#define O_BODY { "body", OPT_ID, REQ, NULL, "B", "议事机构编号", "body id" }
#define O_MEETING { "meeting", OPT_ID, REQ, NULL, "M", "会议编号", "meeting id" }
#define O_ITEM { "item", OPT_ID, REQ, NULL, "I", "议题编号", "item id" }
#define O_END { NULL, OPT_FLAG, 0, NULL, NULL, NULL, NULL }

/* Lists: one page for scripts (the whole list by default). */
#define O_LIMIT { "limit", OPT_ID, 0, NULL, "N", "只取一页，至多 N 条（供脚本" \
	"分页；输出注明下一页的 --after）", "one page only, of at most N " \
	"entries (for scripts; the output names the next page's --after)" }
#define O_AFTER { "after", OPT_ID, 0, NULL, "ID", "从该编号之后开始", \
	"start after this id" }

static const struct opt o_none[] = { O_END };
static const struct opt o_body[] = { O_BODY, O_END };
static const struct opt o_list[] = { O_LIMIT, O_AFTER, O_END };
static const struct opt o_body_list[] = { O_BODY, O_LIMIT, O_AFTER, O_END };
static const struct opt o_seat_list[] = {
	O_BODY,
	O_LIMIT,
	{ "after", OPT_STR, 0, NULL, "NAME", "从该身份名的席位之后开始",
	    "start after this identity's seat" },
	O_END
};
static const struct opt o_meeting[] = { O_MEETING, O_END };
static const struct opt o_item[] = { O_ITEM, O_END };
static const struct opt o_room[] = {
	O_MEETING,
	{ "projector", OPT_FLAG, 0, NULL, NULL, "投影模式：只读、大字，供会场大屏；"
	    "无记名投票不显示任何投票人", "projector: read-only and large, for "
	    "the wall screen; names no voter of a secret vote" },
	O_END
};

static const struct opt o_body_create[] = {
	{ "name", OPT_STR, REQ, NULL, "NAME", "名称", "name" },
	{ "kind", OPT_ENUM, REQ, KINDS, NULL, "类型", "kind" },
	{ "profile", OPT_STR, 0, NULL, "P", "规则配置（默认按类型）",
	    "rule profile (default: the kind's)" },
	O_END
};
static const struct opt o_seat_add[] = {
	O_BODY,
	{ "identity", OPT_STR, REQ, NULL, "NAME", "成员的身份名（证书 CN）",
	    "the member's identity name (certificate CN)" },
	{ "display", OPT_STR, REQ, NULL, "NAME", "显示姓名，如“张三”",
	    "display name, e.g. \"张三\"" },
	{ "role", OPT_ENUM, REQ, ARGS_ROLES, NULL, "角色", "role" },
	{ "rank", OPT_INT, 0, NULL, "N", "排序（发言、署名顺序）",
	    "rank (order of speaking and signing)" },
	O_END
};
static const struct opt o_seat_remove[] = {
	O_BODY,
	{ "identity", OPT_STR, REQ, NULL, "NAME", "成员的身份名",
	    "the member's identity name" },
	O_END
};
static const struct opt o_seat_import[] = {
	O_BODY,
	{ "file", OPT_FILE, REQ, NULL, "FILE", "席位文件（CSV：身份名,显示姓名,"
	    "角色[,排序]，每行一个）", "seat file (CSV: identity,display,"
	    "role[,rank], one per line)" },
	{ "dry-run", OPT_FLAG, 0, NULL, NULL, "只检查（文件与身份），不写入",
	    "check only (the file and the identities), write nothing" },
	O_END
};
static const struct opt o_identity_request[] = {
	{ "name", OPT_STR, REQ, NULL, "NAME", "身份名", "identity name" },
	{ "out", OPT_STR, REQ, NULL, "DIR", "输出目录", "output folder" },
	O_END
};
static const struct opt o_calendar_set[] = {
	{ "date", OPT_DATE, REQ, NULL, "YYYY-MM-DD", "日期", "date" },
	{ "workday", OPT_FLAG, 0, NULL, NULL, "设为工作日（含调休）",
	    "make it a working day (incl. make-up days)" },
	{ "holiday", OPT_FLAG, 0, NULL, NULL, "设为休息日",
	    "make it a holiday" },
	O_END
};
static const struct opt o_meeting_schedule[] = {
	O_BODY,
	{ "title", OPT_STR, REQ, NULL, "T", "会议名称", "title" },
	{ "at", OPT_TIME, REQ, NULL, "TIME", "时间（RFC 3339）",
	    "time (RFC 3339)" },
	{ "place", OPT_STR, 0, NULL, "P", "地点", "place" },
	{ "urgent", OPT_FLAG, 0, NULL, NULL, "临时召开（免通知期限，需 --reason）",
	    "urgent: waives the notice period (needs --reason)" },
	{ "reason", OPT_STR, 0, NULL, "R", "临时召开的理由",
	    "why it is urgent" },
	O_END
};
static const struct opt o_meeting_delegate[] = {
	O_MEETING,
	{ "chair", OPT_STR, REQ, NULL, "NAME", "受托主持的成员",
	    "member entrusted with the chair" },
	O_END
};
static const struct opt o_agenda_propose[] = {
	O_MEETING,
	{ "title", OPT_STR, REQ, NULL, "T", "议题名称", "title" },
	{ "category", OPT_ENUM, REQ, CATEGORIES, NULL, "类别（三重一大）",
	    "class" },
	{ "amount", OPT_AMOUNT, 0, NULL, "YUAN", "金额，整数元",
	    "amount in whole yuan" },
	{ "domain", OPT_ENUM, 0, DOMAINS, NULL, "领域（五个不直接分管）",
	    "domain" },
	{ "responsible", OPT_STR, 0, NULL, "NAME", "分管领导",
	    "responsible leader" },
	{ "material", OPT_FILE, OPT_MULTI, NULL, "FILE",
	    "材料文件（记名称与 SHA-256，可多次）",
	    "material file (name and SHA-256 recorded; repeatable)" },
	{ "emergency", OPT_FLAG, 0, NULL, NULL, "紧急事项（需 --reason）",
	    "emergency item (needs --reason)" },
	{ "reason", OPT_STR, 0, NULL, "R", "紧急的理由", "why it is urgent" },
	{ "revises", OPT_ID, 0, NULL, "ITEM", "修改的原议题",
	    "the earlier item this one revises" },
	O_END
};
static const struct opt o_leave_request[] = {
	O_MEETING,
	{ "reason", OPT_STR, REQ, NULL, "R", "请假理由", "reason" },
	O_END
};
static const struct opt o_leave_approve[] = {
	O_MEETING,
	{ "member", OPT_STR, REQ, NULL, "NAME", "请假的成员",
	    "the member on leave" },
	O_END
};
static const struct opt o_attendance_mark[] = {
	O_MEETING,
	{ "member", OPT_STR, REQ, NULL, "NAME", "成员", "member" },
	{ "present", OPT_FLAG, 0, NULL, NULL, "出席", "present" },
	{ "absent", OPT_FLAG, 0, NULL, NULL, "缺席", "absent" },
	O_END
};
static const struct opt o_observer_admit[] = {
	O_ITEM,
	{ "identity", OPT_STR, REQ, NULL, "NAME", "列席人员的身份名",
	    "the observer's identity name" },
	O_END
};
static const struct opt o_recuse[] = {
	O_ITEM,
	{ "member", OPT_STR, REQ, NULL, "NAME", "回避的成员",
	    "the member who recuses" },
	{ "reason", OPT_STR, REQ, NULL, "R", "回避理由", "reason" },
	O_END
};
static const struct opt o_opinion[] = {
	O_ITEM,
	{ "position", OPT_ENUM, REQ, "agree|disagree|abstain", NULL, "意见",
	    "position" },
	{ "text", OPT_STR, REQ, NULL, "T", "书面意见", "written opinion" },
	O_END
};
static const struct opt o_state[] = {
	O_ITEM,
	{ "position", OPT_ENUM, REQ, "agree|disagree|defer|abstain", NULL,
	    "表态", "position" },
	{ "text", OPT_STR, 0, NULL, "T", "理由或发言要点",
	    "reasons or remarks" },
	O_END
};
static const struct opt o_item_decide[] = {
	O_ITEM,
	{ "text", OPT_STR, REQ, NULL, "T", "结论", "conclusion" },
	O_END
};
static const struct opt o_item_defer[] = {
	O_ITEM,
	{ "reason", OPT_STR, REQ, NULL, "R", "暂缓理由", "reason" },
	O_END
};
static const struct opt o_vote_open[] = {
	O_ITEM,
	{ "method", OPT_ENUM, REQ, "oral|hands|roll_call|secret", NULL,
	    "表决方式", "method" },
	{ "scrutineers", OPT_STR, 0, NULL, "NAME,NAME", "无记名投票的监票人："
	    "出席的表决成员的身份名，以逗号分隔，至少两人；他们的客户端生成计票密钥"
	    "并在表决结束后计票", "the scrutineers of a secret ballot: identity "
	    "names of present voting members, comma-separated, at least two; "
	    "their clients make the counting key and count once the vote is "
	    "closed" },
	O_END
};
static const struct opt o_vote_close[] = {
	O_ITEM,
	{ "wait", OPT_FLAG, 0, NULL, NULL, "无记名投票：等待监票人计票完成后显示"
	    "结果", "secret ballot: wait until the scrutineers have counted, "
	    "then show the result" },
	O_END
};
static const struct opt o_vote_void[] = {
	O_ITEM,
	{ "reason", OPT_STR, REQ, NULL, "R", "作废理由（如监票人缺席或丢失密钥）",
	    "why (e.g. a scrutineer is absent or lost their key)" },
	O_END
};
static const struct opt o_vote_cast[] = {
	O_ITEM,
	{ "choice", OPT_ENUM, REQ, "yes|no|abstain", NULL, "赞成、反对或弃权",
	    "choice" },
	{ "for", OPT_STR, 0, NULL, "NAME",
	    "记录人代为录入该成员的口头或举手表决",
	    "the recorder enters this member's oral or hands vote" },
	O_END
};
static const struct opt o_dissent[] = {
	O_ITEM,
	{ "text", OPT_STR, REQ, NULL, "T", "保留意见", "reserved opinion" },
	{ "reported-to-higher", OPT_FLAG, 0, NULL, NULL, "已向上级组织报告",
	    "reported to the higher organisation" },
	O_END
};
static const struct opt o_disposal[] = {
	O_BODY,
	{ "title", OPT_STR, REQ, NULL, "T", "事项", "title" },
	{ "text", OPT_STR, REQ, NULL, "T", "情况与处置", "facts and action" },
	{ "amount", OPT_AMOUNT, 0, NULL, "YUAN", "金额，整数元",
	    "amount in whole yuan" },
	{ "category", OPT_ENUM, 0, CATEGORIES, NULL, "类别", "class" },
	O_END
};
static const struct opt o_minutes_sign[] = {
	O_MEETING,
	{ "head", OPT_STR, 0, NULL, "SEQ[:HASH]", "签发所阅读的版本：纪要注明的"
	    "留痕位置与摘要（默认为当前版本）", "the version read: the trail "
	    "position and hash the minutes name (default: the current one)" },
	O_END
};
static const struct opt o_minutes_show[] = {
	O_MEETING,
	{ "format", OPT_ENUM, 0, "text|markdown|json", NULL,
	    "格式（默认 text；--json 即 json）",
	    "format (default text; --json means json)" },
	O_END
};
static const struct opt o_minutes_correct[] = {
	O_MEETING,
	{ "text", OPT_STR, REQ, NULL, "T", "更正内容", "corrigendum" },
	O_END
};
static const struct opt o_followup_assign[] = {
	O_ITEM,
	{ "unit", OPT_STR, REQ, NULL, "U", "承办单位（本机构以外的单位写在这里）",
	  "the unit that carries it out (an outside unit is named here)" },
	{ "person", OPT_STR, REQ, NULL, "NAME",
	  "责任人：在本机构有席位的身份（列席除外）",
	  "the person responsible: an identity with a seat of this body "
	  "(not an observer's)" },
	{ "due", OPT_DATE, REQ, NULL, "YYYY-MM-DD", "完成期限", "due date" },
	O_END
};
static const struct opt o_followup_report[] = {
	{ "task", OPT_ID, REQ, NULL, "T", "任务编号", "task id" },
	{ "text", OPT_STR, REQ, NULL, "T", "进展", "progress" },
	{ "done", OPT_FLAG, 0, NULL, NULL, "已办结", "done" },
	O_END
};
static const struct opt o_followup_list[] = {
	O_BODY,
	{ "overdue", OPT_FLAG, 0, NULL, NULL, "只列逾期", "overdue only" },
	O_LIMIT,
	O_AFTER,
	O_END
};
static const struct opt o_decision_pending[] = {
	{ "body", OPT_ID, 0, NULL, "B", "只列该机构的决定",
	    "only this body's decisions" },
	O_LIMIT,
	{ "after", OPT_ID, 0, NULL, "ITEM", "从该议题之后开始",
	    "start after this item" },
	O_END
};
/* The server's checkpoint key an inspector trusts (docs/security.md). */
#define O_SERVER_KEY { "server-key", OPT_STR, 0, NULL, "SHA256:HEX", \
	"信任的服务器签名密钥指纹（yishid init 打印；也可设 YISHI_SERVER_KEY；" \
	"默认：此前记住的，或首次信任并记住）", "the fingerprint of the " \
	"server's signing key to trust (yishid init prints it; or set " \
	"YISHI_SERVER_KEY; default: the one remembered, or trusted on first " \
	"use and remembered)" }
static const struct opt o_audit_log[] = {
	O_BODY,
	{ "from", OPT_ID, 0, NULL, "SEQ", "起始序号", "first seq" },
	O_END
};
static const struct opt o_audit_verify[] = {
	{ "body", OPT_ID, 0, NULL, "B", "校验该机构在服务器上的完整审计链",
	    "verify this body's whole trail from the server" },
	{ "bundle", OPT_FILE, 0, NULL, "FILE", "离线校验导出包（无需服务器）",
	    "verify an exported bundle offline (no server)" },
	{ "ca", OPT_FILE, 0, NULL, "CA.pem", "信任的实例 CA 证书（默认：身份目录的 "
	    "ca.pem）", "the instance CA to trust (default: the identity "
	    "folder's ca.pem)" },
	O_SERVER_KEY,
	{ "no-witness", OPT_FLAG, 0, NULL, NULL, "校验通过后不以检查人员身份"
	    "见证（联署）链头", "do not cosign the verified head as a witness "
	    "(inspectors)" },
	O_END
};
static const struct opt o_audit_self[] = {
	O_BODY,
	O_SERVER_KEY,
	{ "entries", OPT_FLAG, 0, NULL, NULL, "同时列出服务器给出的每一条（他人的"
	    "条目只有哈希）", "also list every entry as the server sent it "
	    "(others' entries: hashes only)" },
	O_END
};
static const struct opt o_audit_export[] = {
	O_BODY,
	{ "out", OPT_STR, REQ, NULL, "FILE", "输出文件", "output file" },
	{ "ca", OPT_FILE, 0, NULL, "CA.pem", "信任的实例 CA 证书（默认：身份目录的 "
	    "ca.pem）", "the instance CA to trust (default: the identity "
	    "folder's ca.pem)" },
	O_SERVER_KEY,
	O_END
};

const struct cmd cli_cmds[] = {
	{ "whoami", NULL, NULL, o_none, cmd_whoami,
	    "显示服务器认定的身份", "show who the server thinks you are" },
	{ "ping", NULL, NULL, o_none, cmd_whoami,
	    "检查与服务器的连接", "check the connection to the server" },

	{ "body", "create", NULL, o_body_create, cmd_body_create,
	    "创建议事机构（管理员）", "create a body (admin)" },
	{ "body", "list", NULL, o_list, cmd_body_list,
	    "列出本人有席位的议事机构（管理员：全部）",
	    "list the bodies you have a seat in (the admin: all)" },
	{ "seat", "add", NULL, o_seat_add, cmd_seat_add,
	    "在机构中添加席位（管理员）", "add a seat to a body (admin)" },
	{ "seat", "import", NULL, o_seat_import, cmd_seat_import,
	    "从文件导入一个机构的多个席位，全部成功或全部不变（管理员）",
	    "import many seats of a body from a file, all or none (admin)" },
	{ "seat", "list", NULL, o_seat_list, cmd_seat_list,
	    "列出机构的席位（按角色、排序；该机构的席位（列席除外）或管理员）",
	    "list a body's seats, by role and rank (its seats but observers, "
	    "or the admin)" },
	{ "seat", "remove", NULL, o_seat_remove, cmd_seat_remove,
	    "移除席位（管理员）", "remove a seat (admin)" },
	{ "identity", "disable", "NAME", o_none, cmd_identity_disable,
	    "停用身份（管理员）", "disable an identity (admin)" },
	{ "identity", "request", NULL, o_identity_request,
	    cmd_identity_request, "在本机生成密钥与证书申请",
	    "make a key and certificate request on this machine" },
	{ "calendar", "set", NULL, o_calendar_set, cmd_calendar_set,
	    "设置工作日历（管理员）", "set the working-day calendar (admin)" },

	{ "meeting", "schedule", NULL, o_meeting_schedule,
	    cmd_meeting_schedule, "安排会议", "schedule a meeting" },
	{ "meeting", "notify", NULL, o_meeting, cmd_meeting_ref,
	    "发出会议通知", "send the meeting notice" },
	{ "meeting", "delegate", NULL, o_meeting_delegate,
	    cmd_meeting_delegate, "委托他人主持", "entrust the chair" },
	{ "meeting", "open", NULL, o_meeting, cmd_meeting_ref,
	    "宣布开会（须达法定人数）", "open the meeting (needs quorum)" },
	{ "meeting", "close", NULL, o_meeting, cmd_meeting_ref,
	    "宣布散会", "close the meeting" },
	{ "meeting", "status", NULL, o_meeting, cmd_meeting_ref,
	    "会议状态、法定人数、出席与议题",
	    "state, quorum, attendance and items" },
	{ "meeting", "list", NULL, o_body_list, cmd_meeting_list,
	    "列出机构的会议", "list a body's meetings" },

	{ "agenda", "propose", NULL, o_agenda_propose, cmd_agenda_propose,
	    "提出议题", "propose an item" },
	{ "agenda", "approve", NULL, o_item, cmd_item_ref,
	    "批准议题列入议程（书记）", "approve an item (secretary)" },
	{ "agenda", "withdraw", NULL, o_item, cmd_item_ref,
	    "撤回议题", "withdraw an item" },

	{ "leave", "request", NULL, o_leave_request, cmd_leave_request,
	    "请假", "ask for leave" },
	{ "leave", "approve", NULL, o_leave_approve, cmd_leave_approve,
	    "批准请假（主持人）", "approve leave (chair)" },
	{ "checkin", NULL, NULL, o_meeting, cmd_meeting_ref,
	    "签到", "check in" },
	{ "checkout", NULL, NULL, o_meeting, cmd_meeting_ref,
	    "签退（离席）", "check out (leave the room)" },
	{ "attendance", "mark", NULL, o_attendance_mark, cmd_attendance_mark,
	    "点名登记出席或缺席", "roll call: mark present or absent" },
	{ "observer", "admit", NULL, o_observer_admit, cmd_observer_admit,
	    "准许列席某议题（主持人）", "admit an observer to an item (chair)" },
	{ "recuse", NULL, NULL, o_recuse, cmd_recuse,
	    "登记回避", "record a recusal" },
	{ "opinion", "submit", NULL, o_opinion, cmd_opinion_submit,
	    "提交书面意见（请假成员）",
	    "submit a written opinion (member on leave)" },

	{ "item", "start", NULL, o_item, cmd_item_ref,
	    "开始审议议题", "start deliberating an item" },
	{ "state", NULL, NULL, o_state, cmd_state,
	    "表态（末位表态规则适用）",
	    "state your position (last-speaker rule)" },
	{ "item", "decide", NULL, o_item_decide, cmd_item_text,
	    "主持人不经表决作出结论", "the chair decides without a vote" },
	{ "item", "defer", NULL, o_item_defer, cmd_item_text,
	    "暂缓议题（主持人）", "defer an item (chair)" },
	{ "vote", "open", NULL, o_vote_open, cmd_vote_open,
	    "开始表决", "open the vote" },
	{ "vote", "cast", NULL, o_vote_cast, cmd_vote_cast,
	    "投票", "cast a vote" },
	{ "vote", "close", NULL, o_vote_close, cmd_vote_close,
	    "结束表决并计票（无记名投票：由监票人计票）",
	    "close the vote and count (secret ballot: the scrutineers count)" },
	{ "vote", "key", NULL, o_item, cmd_vote_key,
	    "监票人：生成本人的计票密钥（开始表决后；vote open 与 watch 会自动"
	    "完成）", "scrutineer: make your part of the counting key (after "
	    "the vote opens; vote open and watch do it for you)" },
	{ "vote", "count", NULL, o_item, cmd_vote_count,
	    "监票人：计票（投票截止后；核对每张选票，提交本人的计票份额；vote "
	    "close 与 watch 会自动完成）", "scrutineer: count (once the ballots "
	    "are closed: checks every ballot, submits your part of the count; "
	    "vote close and watch do it for you)" },
	{ "vote", "void", NULL, o_vote_void, cmd_vote_void,
	    "作废本轮无记名投票（主持人；无法计票时，之后重新表决）",
	    "void this round of a secret ballot (the chair; when it cannot be "
	    "counted, then vote again)" },
	{ "vote", "show", NULL, o_item, cmd_vote_show,
	    "查看表决", "show the vote" },
	{ "dissent", "file", NULL, o_dissent, cmd_dissent_file,
	    "提出保留意见", "file a reserved opinion" },
	{ "disposal", "record", NULL, o_disposal, cmd_disposal_record,
	    "登记临机处置（向下次会议报告）",
	    "record an emergency disposal (reported to the next meeting)" },
	{ "disposal", "list", NULL, o_body_list, cmd_disposal_list,
	    "列出临机处置及纪检提醒", "list emergency disposals and alerts" },

	{ "minutes", "show", NULL, o_minutes_show, cmd_minutes_show,
	    "显示会议纪要", "show the minutes" },
	{ "minutes", "sign", NULL, o_minutes_sign, cmd_minutes_sign,
	    "签发会议纪要（主持人；签发后不可更改）",
	    "sign the minutes (the chair; they cannot change afterwards)" },
	{ "minutes", "correct", NULL, o_minutes_correct, cmd_minutes_correct,
	    "追加签名的更正说明（主持人，纪要签发后）",
	    "append a signed corrigendum (the chair, once signed)" },
	{ "minutes", "overdue", NULL, o_body, cmd_minutes_overdue,
	    "逾期未签发的会议纪要（闭会后 7 个工作日）",
	    "minutes not signed 7 working days after closing" },
	{ "followup", "assign", NULL, o_followup_assign, cmd_followup_assign,
	    "分派督办任务（主持人、书记或办公室）",
	    "assign a follow-up task (chair, secretary or office)" },
	{ "followup", "report", NULL, o_followup_report, cmd_followup_report,
	    "报告督办进展（责任人）", "report progress (the responsible person)" },
	{ "followup", "list", NULL, o_followup_list, cmd_followup_list,
	    "列出督办任务", "list follow-up tasks" },
	{ "decision", "pending", NULL, o_decision_pending, cmd_decision_pending,
	    "缺席期间作出、尚待确认的决定（通报）",
	    "decisions taken in your absence, to acknowledge" },
	{ "decision", "ack", NULL, o_item, cmd_decision_ack,
	    "确认知悉缺席期间作出的决定", "acknowledge a decision taken in your "
	    "absence" },
	{ "audit", "log", NULL, o_audit_log, cmd_audit_log,
	    "查看审计链（纪检监察、书记）", "read the trail (inspector, secretary)" },
	{ "audit", "verify", NULL, o_audit_verify, cmd_audit_verify,
	    "校验审计链、签名、检查点及记录与审计链一致（篡改：退出码 6）",
	    "verify the trail, its signatures and checkpoints, and that the "
	    "record matches it (tampered: exit 6)" },
	{ "audit", "export", NULL, o_audit_export, cmd_audit_export,
	    "导出自足的审计包（审计链、签名、证书、检查点、记录）",
	    "export a self-contained bundle (trail, signatures, certificates, "
	    "checkpoints, record)" },
	{ "audit", "self", NULL, o_audit_self, cmd_audit_self,
	    "核对本人留痕：登记在您名下的证书都是您持有的，您签署的发言、表决、"
	    "签字与您的签名记录一致（不符：退出码 6）", "check your own record: "
	    "every certificate registered in your name is yours, and what you "
	    "signed (statements, votes, sign-offs) matches your signature "
	    "journal (mismatch: exit 6)" },
	{ "watch", NULL, NULL, o_meeting, cmd_watch,
	    "先显示会议现状，再实时逐条显示会议事件，直到中断",
	    "show the meeting as it stands, then its events as they happen",
	    "先显示会议现状：出席与缺席（含事由）、法定人数、议程及各议题状态、\n"
	    "正在审议的议题、按顺序的表态及尚待表态的人、表决进度及尚待投票的人；\n"
	    "随后每个事件一行：时间（如 09:31:05）和办公用语的说明。与服务器的\n"
	    "连接中断时在标准错误上说明并自动重连（0.5 秒起加倍，至多 8 秒），\n"
	    "从最后收到的事件之后接续，不重不漏。Ctrl-C 或 SIGTERM 结束（退出码\n"
	    "0）；席位或身份被撤销时结束（退出码 4）。\n"
	    "--json：JSON Lines，每行一个对象：第一行 {\"snapshot\": {\"meeting\",\n"
	    "\"seq\", \"index\"}}，之后每个事件一行，字段 kind、meeting、item、\n"
	    "member、display、detail、yes、no、abstain、cast、electorate、quorum、\n"
	    "outcome、rule、at、seq、index、waiting、waiting_n（按事件类型填写，\n"
	    "见 docs/protocol.md「Events」；无记名投票的 ballot 从不含选择与计数）。\n"
	    "监票人的 watch 会在轮到其时自动提交密钥份额与计票份额。\n",
	    "First the meeting as it stands: present and absent (with reasons),\n"
	    "quorum, the agenda with each item's state, the item being heard, its\n"
	    "statements in order and who is still to state, the vote and who is\n"
	    "still to vote; then one line per event: its time (e.g. 09:31:05) and\n"
	    "what happened in the office's words. A lost connection is said on\n"
	    "standard error and mended by reconnecting (0.5 s doubling to 8 s),\n"
	    "resuming after the last event received: none lost, none twice.\n"
	    "Ctrl-C or SIGTERM ends it (exit 0); a removed seat or identity ends\n"
	    "it (exit 4).\n"
	    "--json: JSON Lines, one object a line: first {\"snapshot\":\n"
	    "{\"meeting\", \"seq\", \"index\"}}, then one per event with kind,\n"
	    "meeting, item, member, display, detail, yes, no, abstain, cast,\n"
	    "electorate, quorum, outcome, rule, at, seq, index, waiting, waiting_n\n"
	    "(as each kind fills them: docs/protocol.md, \"Events\"; a secret\n"
	    "ballot's event never carries a choice or counts).\n"
	    "A scrutineer's watch publishes their key and count shares when due.\n" },
	{ "room", NULL, NULL, o_room, cmd_room,
	    "会场实时界面（全屏终端）：议程、表态、表决、法定人数与您的下一步，"
	    "可签到、表态、投票；主持人可开始议题与表决、散会",
	    "the live meeting room (full-screen terminal): agenda, statements, "
	    "vote, quorum and your next step; check in, state, vote; the chair "
	    "starts items and votes and closes the meeting",
	    "按键：c 签到；s 表态（1 同意 2 不同意 3 暂缓 4 弃权，再输入理由）；\n"
	    "v 投票（y 赞成 n 反对 a 弃权）；d 保留意见；q 退出。主持人另有：\n"
	    "o 宣布开会；t 开始下一议题；b 开始表决（1 口头 2 举手 3 记名\n"
	    "4 无记名，再输入监票人）；e 结束表决；x 宣布散会。\n"
	    "每个提交都先确认（y/N），并与相应命令（checkin、state、vote cast…）\n"
	    "完全相同地签名与提交；被拒绝时在界面中显示规则编号与服务器的说明。\n"
	    "监票人的界面在轮到其时自动提交密钥份额与计票份额。连接中断时显示\n"
	    "“重新连接中…”并自动接续。终端至少 60×16。\n"
	    "--projector：供会场大屏，只读、大字、不显示按键；无记名投票进行中\n"
	    "只显示已投票数与应投票数，不显示任何人名。\n",
	    "Keys: c check in; s state (1 agree 2 disagree 3 defer 4 abstain,\n"
	    "then the reasons); v vote (y yes n no a abstain); d reserved\n"
	    "opinion; q quit. The chair also: o open the meeting; t start the\n"
	    "next item; b open the vote (1 oral 2 hands 3 roll call 4 secret,\n"
	    "then the scrutineers); e close the vote; x close the meeting.\n"
	    "Each asks first (y/N) and is signed and sent exactly as its command\n"
	    "(checkin, state, vote cast...) would; a refusal is shown with its\n"
	    "rule ID and the server's message. A scrutineer's room publishes\n"
	    "their key and count shares when due. A lost connection shows\n"
	    "\"reconnecting...\" and is resumed. The terminal needs 60x16.\n"
	    "--projector: for the wall screen, read-only and large, no keys\n"
	    "shown; while a secret vote runs only the ballots cast and the\n"
	    "electorate, no one's name.\n" },
};

const size_t cli_ncmds = sizeof cli_cmds / sizeof cli_cmds[0];

/* Journals the signature the server just acknowledged (journal.h); a
 * failure to write is said on stderr, the request stands. Whether a line
 * was written. */
static bool
cmd_journal(struct cli *cli)
{
	if (!cli->pending.set)
		return false;
	if (journal_append(&cli->pending, cli->identity) != 0) {
		fprintf(stderr, "%s\n", TR("警告：无法写入本人签名日志",
		    "warning: cannot write your signature journal"));
		return false;
	}
	return true;
}

/* Checks req's text fields, connects when needed and sends req, following
 * a list's pages when all is set; a refusal is printed and its exit code
 * returned. */
static int
cmd_send(struct cli *cli, Yishi__Request *req, Yishi__Response **resp,
    bool all)
{
	struct yishi_error e;
	struct text_verdict v;
	char msg[256], body[sizeof cli->pending.body];
	int rc, tries;

	*resp = NULL;
	if (!text_request_check(req, &v)) {
		/* The server refuses it too (proto/text.h): say so first. */
		text_message(&v, cli->lang == CLI_EN, msg, sizeof msg);
		return out_fail(EXIT_USAGE, "invalid_argument", msg, NULL,
		    NULL, 0, NULL);
	}
	if (cli->conn == NULL) {
		if (cli->identity == NULL)
			return out_fail(EXIT_USAGE, "usage", TR(
			    "未指定身份目录：请用 --identity DIR 或环境变量 "
			    "YISHI_IDENTITY", "no identity folder: give "
			    "--identity DIR or set YISHI_IDENTITY"), NULL,
			    NULL, 0, NULL);
		if (yishi_connect(cli->server, cli->identity, cli->timeout,
		    &cli->conn, &e) == -1)
			return out_lib_error(&e);
	}
	req->lang = cli->lang == CLI_EN ? YISHI__LANG__LANG_EN :
	    YISHI__LANG__LANG_ZH;
	for (tries = 0;; tries++) {
		if ((all ? yishi_call_all(cli->conn, req, resp, &e) :
		    yishi_call(cli->conn, req, resp, &e)) == -1) {
			/* Unknown whether the server took it: journal it as
			 * such, so the member's self-check does not call it
			 * a forgery. */
			cli->pending.unsure = 1;
			cmd_journal(cli);
			return out_lib_error(&e);
		}
		if (!cli->resend || tries == CMD_RESEND_MAX || (*resp)->status !=
		    YISHI__STATUS__STATUS_UNAVAILABLE)
			break;
		/* Not taken; the same bytes again after a pause. */
		yishi_response_free(*resp);
		*resp = NULL;
		usleep(200000u * (unsigned)(tries + 1));
	}
	if ((*resp)->status == YISHI__STATUS__STATUS_OK) {
		/* Acknowledged: journal it, then (when due) check the
		 * member's record of its body with it (selfauto.h). */
		snprintf(body, sizeof body, "%s", cli->pending.body);
		if (cmd_journal(cli) && cli->on_signed_ack != NULL)
			cli->on_signed_ack(cli, body);
		return 0;
	}
	cli->pending.set = 0;
	rc = out_response_error(*resp);
	yishi_response_free(*resp);
	*resp = NULL;
	return rc;
}

/* Connects when needed and sends req (see cmd.h). */
int
cmd_call(struct cli *cli, Yishi__Request *req, Yishi__Response **resp)
{
	return cmd_send(cli, req, resp, false);
}

/* Sends a list request and reads all its pages (see cmd.h). */
int
cmd_call_all(struct cli *cli, Yishi__Request *req, Yishi__Response **resp)
{
	return cmd_send(cli, req, resp, true);
}

/* Fills pg from --limit and --after (see cmd.h). */
Yishi__Page *
cmd_page(struct cli *cli, Yishi__Page *pg, bool by_name)
{
	pg->limit = (uint32_t)args_u64(cli, "limit");
	if (by_name)
		pg->after_name = (char *)args_str(cli, "after");
	else
		pg->after = args_u64(cli, "after");
	return pg;
}

/* Sends a list request: one page under --limit, else all (see cmd.h). */
int
cmd_call_list(struct cli *cli, Yishi__Request *req, Yishi__Response **resp)
{
	return cmd_send(cli, req, resp, args_str(cli, "limit") == NULL);
}

/* Adds the next page's cursor to a list's JSON (see cmd.h). */
void
cmd_page_json(struct json *j, const Yishi__Response *r)
{
	const Yishi__Page *next = yishi_next_page(r);

	if (next == NULL)
		return;
	if (next->after_name != NULL && next->after_name[0] != '\0')
		json_str(j, "next", next->after_name);
	else
		json_u64(j, "next", next->after);
}

/* Prints where the next page starts, when there is one (see cmd.h). */
void
cmd_page_note(const Yishi__Response *r)
{
	const Yishi__Page *next = yishi_next_page(r);

	if (next == NULL)
		return;
	if (next->after_name != NULL && next->after_name[0] != '\0')
		out_printf(TR("  （未完，下一页：--after %s）\n",
		    "  (more: --after %s)\n"), next->after_name);
	else
		out_printf(TR("  （未完，下一页：--after %" PRIu64 "）\n",
		    "  (more: --after %" PRIu64 ")\n"), next->after);
}

/* Looks up an item's body, meeting and vote method (see cmd.h). */
int
cmd_item_info(struct cli *cli, uint64_t item, uint64_t *body,
    uint64_t *meeting, char *method, size_t methodlen)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	Yishi__Response *r;
	int rc;

	m.item = item;
	req.op_case = YISHI__REQUEST__OP_ITEM_SHOW;
	req.item_show = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case != YISHI__RESPONSE__RESULT_ITEM) {
		yishi_response_free(r);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
		    "服务器未返回议题", "the server sent no item"), NULL, NULL,
		    0, NULL);
	}
	*body = r->item->body;
	*meeting = r->item->meeting;
	if (method != NULL)
		snprintf(method, methodlen, "%s", r->item->vote != NULL &&
		    r->item->vote->method != NULL ? r->item->vote->method : "");
	yishi_response_free(r);
	return 0;
}

/* Signs canon (malloc'd, freed here) into req->signature (see cmd.h). */
int
cmd_sign(struct cli *cli, Yishi__Request *req, char *canon, size_t len,
    uint8_t **sig)
{
	struct yishi_error e;
	size_t siglen = 0;

	*sig = NULL;
	if (canon == NULL)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("内存不足",
		    "out of memory"), NULL, NULL, 0, NULL);
	if (yishi_sign(cli->conn, canon, len, sig, &siglen, &e) == -1) {
		free(canon);
		return out_lib_error(&e);
	}
	journal_note(&cli->pending, canon, len, *sig, siglen);
	free(canon);
	req->signature.data = *sig;
	req->signature.len = siglen;
	return 0;
}

/* Prints a successful response (see cmd.h). */
int
cmd_finish(struct cli *cli, Yishi__Response *r, const char *zh,
    const char *en)
{
	struct json j;
	size_t i;

	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		render_any(&j, r);
		cmd_page_json(&j, r);
		if (cli->on_json != NULL)
			cli->on_json(cli, &j);
		json_end(&j);
		(void)out_json_print(&j);
		yishi_response_free(r);
		return EXIT_DONE;
	}
	out_printf("%s\n", TR(zh, en));
	if (r->message != NULL && r->message[0] != '\0')
		out_printf("  %s\n", r->message);
	switch (r->result_case) {
	case YISHI__RESPONSE__RESULT_MEETING:
		human_meeting(r->meeting);
		break;
	case YISHI__RESPONSE__RESULT_MEETINGS:
		human_meeting_list(r->meetings);
		break;
	case YISHI__RESPONSE__RESULT_SEATS:
		human_seat_list(r->seats);
		break;
	case YISHI__RESPONSE__RESULT_BODIES:
		human_body_list(r->bodies);
		break;
	case YISHI__RESPONSE__RESULT_ITEM:
		human_item(r->item);
		break;
	case YISHI__RESPONSE__RESULT_VOTE:
		human_vote(r->vote);
		break;
	case YISHI__RESPONSE__RESULT_TRAIL:
		for (i = 0; i < r->trail->n_entries; i++)
			human_trail_entry(r->trail->entries[i]);
		break;
	default:
		break;
	}
	cmd_page_note(r);
	yishi_response_free(r);
	return EXIT_DONE;
}

/* Refuses a command whose server side does not exist yet. */
int
cmd_not_implemented(struct cli *cli)
{
	char msg[256];

	snprintf(msg, sizeof msg, TR("“%s%s%s”尚未实现",
	    "\"%s%s%s\" is not implemented yet"), cli->cmd->group,
	    cli->cmd->name ? " " : "", cli->cmd->name ? cli->cmd->name : "");
	return out_fail(EXIT_UNAVAILABLE, "not_implemented", msg, NULL, NULL,
	    0, NULL);
}

/* A usage error found after parsing. */
int
cmd_usage(struct cli *cli, const char *zh, const char *en)
{
	(void)cli;
	return out_usage(TR(zh, en));
}
