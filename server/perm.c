/*
 * perm.c: the permission table, who may make each kind of request, checked
 * once before a handler decides (see perm.h). Every kind of the protocol has
 * its row, in the order of the Request ops (proto/yishi.proto); a row that
 * lets anyone in says so (PERM_ANYONE) and names who decides instead.
 */
#include "perm.h"

#include <stddef.h>

#include "mstate.h"

/* Any active identity: the handler and the rules engine decide the rest
 * (each such row says who). */
#define PERM_ANYONE	.roles = 0, .also = 0

/* The instance admin alone (REQ_F_ADMIN in the handler table refuses
 * anyone else earlier, before anything is loaded, with the same words). */
#define PERM_ADMIN_ONLY	.also = PERM_ADMIN, \
	.zh = "仅实例管理员可执行此操作", \
	.en = "only the instance admin may do this"

/* The proposer of the item that agenda withdraw is about (PERM_SELF). */
static const char *
perm_proposer(const Yishi__Request *rq, const struct mstate *ms)
{
	const struct m_item *it;

	if (rq->op_case != YISHI__REQUEST__OP_AGENDA_WITHDRAW || ms == NULL)
		return NULL;
	it = mstate_item(ms, rq->agenda_withdraw->item);
	return it != NULL ? it->proposer : NULL;
}

/* Who may make each kind of request, in the order of the Request ops. */
const struct perm perm_table[] = {
	/*
	 * The instance: the admin runs it (bodies, seats, identities, the
	 * calendar); a body's seats read its seat list.
	 */
	/* Anyone: who the server thinks the caller is. */
	{ .op = YISHI__REQUEST__OP_PING, PERM_ANYONE },
	{ .op = YISHI__REQUEST__OP_BODY_CREATE, PERM_ADMIN_ONLY },
	{ .op = YISHI__REQUEST__OP_SEAT_ADD, PERM_ADMIN_ONLY },
	{ .op = YISHI__REQUEST__OP_SEAT_REMOVE, PERM_ADMIN_ONLY },
	{ .op = YISHI__REQUEST__OP_IDENTITY_DISABLE, PERM_ADMIN_ONLY },
	{ .op = YISHI__REQUEST__OP_CALENDAR_SET, PERM_ADMIN_ONLY },
	/* No handler serves it (unknown request): `yishid issue` records
	 * identities. Were one added, it is the admin's. */
	{ .op = YISHI__REQUEST__OP_IDENTITY_REGISTER, PERM_ADMIN_ONLY },
	{ .op = YISHI__REQUEST__OP_SEAT_IMPORT, PERM_ADMIN_ONLY },
	{
		.op = YISHI__REQUEST__OP_SEAT_LIST,
		.roles = ACCESS_OF_BODY,
		.also = PERM_ADMIN,
		.zh = "查看席位需要该机构的席位（列席除外）",
		.en = "listing seats needs a seat in this body, not an "
		    "observer's",
	},
	/* Anyone: the handler lists the bodies the caller sits in (the
	 * admin: every body). */
	{ .op = YISHI__REQUEST__OP_BODY_LIST, PERM_ANYONE },

	/*
	 * Meetings: the organisers call and notify; the chair too opens and
	 * closes; every seat, and the admin, sees them.
	 */
	{
		.op = YISHI__REQUEST__OP_MEETING_SCHEDULE,
		.roles = ACCESS_ORGANISERS,
		.zh = "召集会议需要书记或办公室席位",
		.en = "scheduling needs a secretary or office seat",
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_NOTIFY,
		.roles = ACCESS_ORGANISERS,
		.zh = "发出通知需要书记或办公室席位",
		.en = "sending the notice needs a secretary or office seat",
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_OPEN,
		.roles = ACCESS_ORGANISERS,
		.also = PERM_CHAIR,
		.zh = "宣布开会需要主持人、书记或办公室席位",
		.en = "opening needs the chair, the secretary or an office seat",
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_CLOSE,
		.roles = ACCESS_ORGANISERS,
		.also = PERM_CHAIR,
		.zh = "宣布散会需要主持人、书记或办公室席位",
		.en = "closing needs the chair, the secretary or an office seat",
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_STATUS,
		.roles = ACCESS_SEATED,
		.also = PERM_ADMIN,
		.zh = "查看会议需要在该机构有席位",
		.en = "viewing needs a seat in this body",
	},
	{
		.op = YISHI__REQUEST__OP_MEETING_LIST,
		.roles = ACCESS_SEATED,
		.also = PERM_ADMIN,
		.zh = "查看会议需要在该机构有席位",
		.en = "viewing needs a seat in this body",
	},
	/* Anyone: the rules, R-MTG-2 (the secretary entrusts the chair). */
	{ .op = YISHI__REQUEST__OP_MEETING_DELEGATE, PERM_ANYONE },

	/*
	 * The agenda (R-AGENDA-1): voting and office seats propose, the
	 * secretary approves; the proposer or the secretary withdraws.
	 */
	{
		.op = YISHI__REQUEST__OP_AGENDA_PROPOSE,
		.roles = ACCESS_VOTING | ACCESS_ROLE(RULES_ROLE_OFFICE),
		.zh = "提出议题需要成员或办公室席位 (R-AGENDA-1)",
		.en = "proposing needs a voting or office seat (R-AGENDA-1)",
	},
	{
		.op = YISHI__REQUEST__OP_AGENDA_APPROVE,
		.roles = ACCESS_ROLE(RULES_ROLE_SECRETARY),
		.zh = "只有书记可以审定议题 (R-AGENDA-1)",
		.en = "only the secretary approves items (R-AGENDA-1)",
	},
	{
		.op = YISHI__REQUEST__OP_AGENDA_WITHDRAW,
		.roles = ACCESS_ROLE(RULES_ROLE_SECRETARY),
		.also = PERM_SELF,
		.self = perm_proposer,
		.zh = "只有提出人或书记可以撤回议题",
		.en = "only the proposer or the secretary withdraws an item",
	},

	/*
	 * Attendance: every seat checks in and out; leave, roll call,
	 * observers, recusal and written opinions are the rules' to decide.
	 */
	{
		.op = YISHI__REQUEST__OP_CHECKIN,
		.roles = ACCESS_SEATED,
		.zh = "签到需要在该机构有席位",
		.en = "checking in needs a seat in this body",
	},
	{
		.op = YISHI__REQUEST__OP_CHECKOUT,
		.roles = ACCESS_SEATED,
		.zh = "签到需要在该机构有席位",
		.en = "checking in needs a seat in this body",
	},
	/* Anyone: the rules, R-LEAVE-1 (a voting member asks). */
	{ .op = YISHI__REQUEST__OP_LEAVE_REQUEST, PERM_ANYONE },
	/* Anyone: the rules, R-LEAVE-1 (the chair grants). */
	{ .op = YISHI__REQUEST__OP_LEAVE_APPROVE, PERM_ANYONE },
	/* Anyone: the rules, R-LEAVE-1 (the recorder or the chair). */
	{ .op = YISHI__REQUEST__OP_ATTENDANCE_MARK, PERM_ANYONE },
	/* Anyone: the rules, R-CONF-1 (the chair admits). */
	{ .op = YISHI__REQUEST__OP_OBSERVER_ADMIT, PERM_ANYONE },
	/* Anyone: the rules, R-RECUSE-1 (the chair or the member). */
	{ .op = YISHI__REQUEST__OP_RECUSE, PERM_ANYONE },
	/* Anyone: the rules, R-ABSENT-2 (a member on leave). */
	{ .op = YISHI__REQUEST__OP_OPINION_SUBMIT, PERM_ANYONE },

	/*
	 * Items and votes: the chair leads an item; the voting seats state
	 * and vote (the recorder enters votes for others: the handler
	 * decides whose); the deliberation is read as R-CONF-1 says.
	 */
	{
		.op = YISHI__REQUEST__OP_ITEM_START,
		.also = PERM_CHAIR,
		.zh = "只有主持人可以开始议题",
		.en = "only the chair starts an item",
	},
	{
		.op = YISHI__REQUEST__OP_STATE,
		.roles = ACCESS_VOTING,
		.zh = "表态需要有表决权的席位",
		.en = "stating needs a voting seat",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_OPEN,
		.also = PERM_CHAIR,
		.zh = "只有主持人可以发起表决",
		.en = "only the chair opens a vote",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_CAST,
		.roles = ACCESS_VOTING | ACCESS_ROLE(RULES_ROLE_RECORDER),
		.zh = "投票需要有表决权的席位",
		.en = "voting needs a voting seat",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_CLOSE,
		.also = PERM_CHAIR,
		.zh = "只有主持人可以结束表决",
		.en = "only the chair closes a vote",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_SHOW,
		.roles = ACCESS_DELIBERATION,
		.zh = "查看表决需要成员、记录人或纪检席位 (R-CONF-1)",
		.en = "viewing votes needs a voting, recorder or inspector seat "
		    "(R-CONF-1)",
	},
	{
		.op = YISHI__REQUEST__OP_ITEM_DECIDE,
		.also = PERM_CHAIR,
		.zh = "只有主持人可以作出决定",
		.en = "only the chair decides an item",
	},
	/* Anyone: the rules, R-DEFER-1 (the chair defers). */
	{ .op = YISHI__REQUEST__OP_ITEM_DEFER, PERM_ANYONE },
	/* Anyone: the rules, R-DISSENT-1 (a voting member reserves). */
	{ .op = YISHI__REQUEST__OP_DISSENT_FILE, PERM_ANYONE },
	{
		.op = YISHI__REQUEST__OP_ITEM_SHOW,
		.roles = ACCESS_SEATED,
		.also = PERM_ADMIN,
		.zh = "查看议题需要在该机构有席位",
		.en = "viewing needs a seat in this body",
	},

	/*
	 * Minutes: the deliberation's readers read them (R-CONF-1); the
	 * chair signs and corrects (R-MIN-2); the body sees what is overdue.
	 */
	{
		.op = YISHI__REQUEST__OP_MINUTES_SHOW,
		.roles = ACCESS_DELIBERATION,
		.zh = "查看纪要需要成员、记录人或纪检席位 (R-CONF-1)",
		.en = "the minutes are for voting seats, the recorder and "
		    "inspectors (R-CONF-1)",
	},
	/* Anyone: the rules, R-MIN-2 (the chair signs). */
	{ .op = YISHI__REQUEST__OP_MINUTES_SIGN, PERM_ANYONE },
	/* Anyone: the rules, R-MIN-2 (the chair corrects). */
	{ .op = YISHI__REQUEST__OP_MINUTES_CORRECT, PERM_ANYONE },
	{
		.op = YISHI__REQUEST__OP_MINUTES_OVERDUE,
		.roles = ACCESS_OF_BODY,
		.also = PERM_ADMIN,
		.zh = "查看逾期纪要需要本机构的席位",
		.en = "overdue minutes are for the seats of the body",
	},

	/* The trail: the inspectors and the secretary read it whole. */
	{
		.op = YISHI__REQUEST__OP_AUDIT_LOG,
		.roles = ACCESS_ROLE(RULES_ROLE_INSPECTOR) |
		    ACCESS_ROLE(RULES_ROLE_SECRETARY),
		.zh = "查看留痕需要纪检或书记席位",
		.en = "reading the trail needs an inspector or secretary seat",
	},
	/* A seat's own view of the trail (h_self.c): every seat, for its
	 * own signatures and certificates; the rest is hashes only. */
	{
		.op = YISHI__REQUEST__OP_AUDIT_SELF,
		.roles = ACCESS_SEATED,
		.zh = "核对本人留痕需要在该机构有席位",
		.en = "checking your own trail needs a seat in this body",
	},
	/* Cosigning a head as a witness: the inspectors alone (h_witness.c). */
	{
		.op = YISHI__REQUEST__OP_AUDIT_WITNESS,
		.roles = ACCESS_ROLE(RULES_ROLE_INSPECTOR),
		.zh = "见证审计链头需要纪检席位",
		.en = "witnessing the trail's head needs an inspector seat",
	},

	/* Watching a meeting: its events carry the deliberation (R-CONF-1). */
	/* Secret ballots (docs/ballot.md): a scrutineer holds a voting
	 * seat, and the handler checks they were named (R-VOTE-10). */
	{
		.op = YISHI__REQUEST__OP_VOTE_KEY,
		.roles = ACCESS_VOTING,
		.zh = "只有监票人可以提交密钥份额",
		.en = "only a scrutineer publishes a key share",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_DECRYPT,
		.roles = ACCESS_VOTING,
		.zh = "只有监票人可以提交解密份额",
		.en = "only a scrutineer publishes a decryption share",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_VOID,
		.also = PERM_CHAIR,
		.zh = "只有主持人可以作废表决",
		.en = "only the chair voids a vote",
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_BALLOTS,
		.roles = ACCESS_DELIBERATION,
		.zh = "查看表决需要成员、记录人或纪检席位 (R-CONF-1)",
		.en = "viewing votes needs a voting, recorder or inspector seat "
		    "(R-CONF-1)",
	},
	{
		.op = YISHI__REQUEST__OP_WATCH,
		.roles = ACCESS_DELIBERATION,
		.zh = "关注会议需要成员、记录人或纪检席位",
		.en = "watching needs a voting, recorder or inspector seat",
	},

	/*
	 * Follow-up and disposals (R-FOLLOW-1, R-EMERG-1): the chair, the
	 * secretary or the office assign; the body's seats read.
	 */
	{
		.op = YISHI__REQUEST__OP_FOLLOWUP_ASSIGN,
		.roles = ACCESS_ROLE(RULES_ROLE_SECRETARY) |
		    ACCESS_ROLE(RULES_ROLE_OFFICE),
		.also = PERM_CHAIR,
		.zh = "分派督办任务需要主持人、书记或办公室席位 (R-FOLLOW-1)",
		.en = "assigning follow-up needs the chair, the secretary or "
		    "an office seat (R-FOLLOW-1)",
	},
	/* Anyone: the rules, R-FOLLOW-1 (the person responsible, while
	 * seated: the handler checks the seat of the task's body). */
	{ .op = YISHI__REQUEST__OP_FOLLOWUP_REPORT, PERM_ANYONE },
	{
		/* Observers see only the items they are admitted to
		 * (R-CONF-1); this list names every decision. */
		.op = YISHI__REQUEST__OP_FOLLOWUP_LIST,
		.roles = ACCESS_OF_BODY,
		.also = PERM_ADMIN,
		.zh = "查看督办任务需要在该机构有席位（列席人员只看"
		    "准许列席的议题，R-CONF-1）",
		.en = "viewing follow-up needs a seat in this body "
		    "(observers see only the items they are admitted "
		    "to, R-CONF-1)",
	},
	/* Anyone: the rules, R-EMERG-1 (a voting member records). */
	{ .op = YISHI__REQUEST__OP_DISPOSAL_RECORD, PERM_ANYONE },
	{
		.op = YISHI__REQUEST__OP_DISPOSAL_LIST,
		.roles = ACCESS_OF_BODY,
		.also = PERM_ADMIN,
		.zh = "查看临机处置需要成员、记录人、办公室或纪检席位",
		.en = "viewing disposals needs a voting, recorder, office or "
		    "inspector seat",
	},
	{
		.op = YISHI__REQUEST__OP_DECISION_ACK,
		.roles = ACCESS_SEATED,
		.zh = "确认通报需要在该机构有席位",
		.en = "acknowledging needs a seat in this body",
	},
	/* Anyone: the handler lists the caller's own pending decisions. */
	{ .op = YISHI__REQUEST__OP_DECISION_PENDING, PERM_ANYONE },

	{ 0 }
};

/* The row of a request kind; the closing all-zero row when it has none. */
const struct perm *
perm_for(Yishi__Request__OpCase op)
{
	const struct perm *p;

	for (p = perm_table; p->op != YISHI__REQUEST__OP__NOT_SET; p++)
		if (p->op == op)
			break;
	return p;
}

/* True when the caller may make a request whose row is p. */
bool
perm_allows(const struct perm *p, const struct perm_caller *c)
{
	if (p->roles == 0 && p->also == 0)
		return true;
	return access_role_in(c->role, p->roles) ||
	    ((p->also & PERM_ADMIN) && c->admin) ||
	    ((p->also & PERM_CHAIR) && c->chair) ||
	    ((p->also & PERM_SELF) && c->self);
}
