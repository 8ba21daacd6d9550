/* ops.c: the requests of a meeting (see ops.h). */
#include "ops.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ballot.h"
#include "sign.h"

/* Starts o afresh. */
static void
ops_init(struct ops_req *o)
{
	Yishi__Request init = YISHI__REQUEST__INIT;

	memset(o, 0, sizeof *o);
	o->rq = init;
}

/* body create. */
void
ops_body_create(struct ops_req *o, const char *name, const char *kind)
{
	Yishi__BodyCreate m = YISHI__BODY_CREATE__INIT;

	ops_init(o);
	o->m.body = m;
	o->m.body.name = (char *)name;
	o->m.body.kind = (char *)kind;
	o->rq.op_case = YISHI__REQUEST__OP_BODY_CREATE;
	o->rq.body_create = &o->m.body;
}

/* seat add. */
void
ops_seat_add(struct ops_req *o, uint64_t body, const char *identity,
    const char *display, const char *role, int rank)
{
	Yishi__SeatAdd m = YISHI__SEAT_ADD__INIT;

	ops_init(o);
	o->m.seat = m;
	o->m.seat.body = body;
	o->m.seat.identity = (char *)identity;
	o->m.seat.display = (char *)display;
	o->m.seat.role = (char *)role;
	o->m.seat.rank = rank;
	o->rq.op_case = YISHI__REQUEST__OP_SEAT_ADD;
	o->rq.seat_add = &o->m.seat;
}

/* seat import. */
void
ops_seat_import(struct ops_req *o, uint64_t body, Yishi__SeatAdd **seats,
    size_t n)
{
	Yishi__SeatImport m = YISHI__SEAT_IMPORT__INIT;

	ops_init(o);
	o->m.import = m;
	o->m.import.body = body;
	o->m.import.seats = seats;
	o->m.import.n_seats = n;
	o->rq.op_case = YISHI__REQUEST__OP_SEAT_IMPORT;
	o->rq.seat_import = &o->m.import;
}

/* meeting schedule, urgent, ten minutes from now (Asia/Shanghai). */
void
ops_schedule(struct ops_req *o, uint64_t body, const char *title)
{
	Yishi__MeetingSchedule m = YISHI__MEETING_SCHEDULE__INIT;
	time_t t = time(NULL) + 600 + 8 * 3600;
	struct tm tm;

	ops_init(o);
	gmtime_r(&t, &tm);
	strftime(o->at, sizeof o->at, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	o->m.schedule = m;
	o->m.schedule.body = body;
	o->m.schedule.title = (char *)title;
	o->m.schedule.at = o->at;
	o->m.schedule.place = (char *)"第一会议室";
	o->m.schedule.urgent = 1;
	o->m.schedule.reason = (char *)"压力测试";
	o->rq.op_case = YISHI__REQUEST__OP_MEETING_SCHEDULE;
	o->rq.meeting_schedule = &o->m.schedule;
}

/* agenda propose, ordinary. */
void
ops_propose(struct ops_req *o, uint64_t meeting, const char *title)
{
	ops_propose_in(o, meeting, title, "ordinary");
}

/* agenda propose in a category. */
void
ops_propose_in(struct ops_req *o, uint64_t meeting, const char *title,
    const char *category)
{
	Yishi__AgendaPropose m = YISHI__AGENDA_PROPOSE__INIT;

	ops_init(o);
	o->m.propose = m;
	o->m.propose.meeting = meeting;
	o->m.propose.title = (char *)title;
	o->m.propose.category = (char *)category;
	o->rq.op_case = YISHI__REQUEST__OP_AGENDA_PROPOSE;
	o->rq.agenda_propose = &o->m.propose;
}

/* A request on one meeting. */
void
ops_meeting(struct ops_req *o, Yishi__Request__OpCase op, uint64_t meeting)
{
	Yishi__MeetingRef m = YISHI__MEETING_REF__INIT;

	ops_init(o);
	o->m.meeting = m;
	o->m.meeting.meeting = meeting;
	o->rq.op_case = op;
	switch (op) {
	case YISHI__REQUEST__OP_MEETING_NOTIFY:
		o->rq.meeting_notify = &o->m.meeting;
		break;
	case YISHI__REQUEST__OP_MEETING_OPEN:
		o->rq.meeting_open = &o->m.meeting;
		break;
	case YISHI__REQUEST__OP_MEETING_CLOSE:
		o->rq.meeting_close = &o->m.meeting;
		break;
	case YISHI__REQUEST__OP_CHECKIN:
		o->rq.checkin = &o->m.meeting;
		break;
	case YISHI__REQUEST__OP_MINUTES_SHOW:
		o->rq.minutes_show = &o->m.meeting;
		break;
	default:
		abort();
	}
}

/* A request on one item. */
void
ops_item(struct ops_req *o, Yishi__Request__OpCase op, uint64_t item)
{
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;

	ops_init(o);
	o->m.item = m;
	o->m.item.item = item;
	o->rq.op_case = op;
	switch (op) {
	case YISHI__REQUEST__OP_AGENDA_APPROVE:
		o->rq.agenda_approve = &o->m.item;
		break;
	case YISHI__REQUEST__OP_ITEM_START:
		o->rq.item_start = &o->m.item;
		break;
	case YISHI__REQUEST__OP_VOTE_CLOSE:
		o->rq.vote_close = &o->m.item;
		break;
	case YISHI__REQUEST__OP_VOTE_SHOW:
		o->rq.vote_show = &o->m.item;
		break;
	default:
		abort();
	}
}

/* vote open. */
void
ops_vote_open(struct ops_req *o, uint64_t item, const char *method)
{
	Yishi__VoteOpen m = YISHI__VOTE_OPEN__INIT;

	ops_init(o);
	o->m.vote_open = m;
	o->m.vote_open.item = item;
	o->m.vote_open.method = (char *)method;
	o->rq.op_case = YISHI__REQUEST__OP_VOTE_OPEN;
	o->rq.vote_open = &o->m.vote_open;
}

/* vote open, secret, with its scrutineers. */
void
ops_vote_open_secret(struct ops_req *o, uint64_t item, char **scrutineers,
    size_t n)
{
	ops_vote_open(o, item, "secret");
	o->m.vote_open.scrutineers = scrutineers;
	o->m.vote_open.n_scrutineers = n;
}

/* A page of a secret vote's ballots. */
void
ops_vote_ballots(struct ops_req *o, uint64_t item, const char *after,
    uint32_t limit)
{
	Yishi__VoteBallots m = YISHI__VOTE_BALLOTS__INIT;

	ops_init(o);
	o->m.ballots = m;
	o->m.ballots.item = item;
	o->m.ballots.after = (char *)after;
	o->m.ballots.limit = limit;
	o->rq.op_case = YISHI__REQUEST__OP_VOTE_BALLOTS;
	o->rq.vote_ballots = &o->m.ballots;
}

/* Signs canon (freed here) with who's key into o->rq.signature. */
static int
ops_sign(struct ops_req *o, const struct ident *who, char *canon, size_t len)
{
	size_t siglen = 0;
	int rc;

	if (canon == NULL)
		return -1;
	rc = sign_make(who->key, canon, len, &o->sig, &siglen);
	free(canon);
	if (rc != 0)
		return -1;
	o->rq.signature.data = o->sig;
	o->rq.signature.len = siglen;
	return 0;
}

/* A signed statement. */
int
ops_state(struct ops_req *o, const struct ident *who, uint64_t body,
    uint64_t meeting, uint64_t item, const char *position, const char *text)
{
	Yishi__State m = YISHI__STATE__INIT;
	size_t len = 0;
	char *canon;

	ops_init(o);
	o->m.state = m;
	o->m.state.item = item;
	o->m.state.position = (char *)position;
	o->m.state.text = (char *)text;
	o->rq.op_case = YISHI__REQUEST__OP_STATE;
	o->rq.state = &o->m.state;
	canon = sign_canon_statement(who->instance, body, meeting, item,
	    who->name, position, text, &len);
	return ops_sign(o, who, canon, len);
}

/* A signed open vote. */
int
ops_vote_cast(struct ops_req *o, const struct ident *who, uint64_t body,
    uint64_t meeting, uint64_t item, const char *choice)
{
	Yishi__VoteCast m = YISHI__VOTE_CAST__INIT;
	size_t len = 0;
	char *canon;

	ops_init(o);
	o->m.vote_cast = m;
	o->m.vote_cast.item = item;
	o->m.vote_cast.choice = (char *)choice;
	o->rq.op_case = YISHI__REQUEST__OP_VOTE_CAST;
	o->rq.vote_cast = &o->m.vote_cast;
	canon = sign_canon_vote(who->instance, body, meeting, item, who->name,
	    choice, "", &len);
	return ops_sign(o, who, canon, len);
}

/* A scrutineer's signed key or decryption share. */
int
ops_vote_share(struct ops_req *o, Yishi__Request__OpCase op,
    const struct ident *who, uint64_t body, uint64_t meeting, uint64_t item,
    uint64_t round, const uint8_t *share, size_t len)
{
	Yishi__VoteShare m = YISHI__VOTE_SHARE__INIT;
	char digest[65];
	size_t clen = 0;
	char *canon;

	ops_init(o);
	o->m.share = m;
	o->m.share.item = item;
	o->m.share.share.data = (uint8_t *)share;
	o->m.share.share.len = len;
	o->rq.op_case = op;
	ballot_digest_hex(share, len, digest);
	if (op == YISHI__REQUEST__OP_VOTE_KEY) {
		o->rq.vote_key = &o->m.share;
		canon = sign_canon_scrutineer_key(who->instance, body, meeting,
		    item, who->name, round, digest, &clen);
	} else {
		o->rq.vote_decrypt = &o->m.share;
		canon = sign_canon_scrutineer_decrypt(who->instance, body,
		    meeting, item, who->name, round, digest, &clen);
	}
	return ops_sign(o, who, canon, clen);
}

/* A signed encrypted ballot. */
int
ops_secret_cast(struct ops_req *o, const struct ident *who, uint64_t body,
    uint64_t meeting, uint64_t item, uint64_t round, const uint8_t *ballot,
    size_t len)
{
	Yishi__VoteCast m = YISHI__VOTE_CAST__INIT;
	char digest[65];
	size_t clen = 0;
	char *canon;

	ops_init(o);
	o->m.vote_cast = m;
	o->m.vote_cast.item = item;
	o->m.vote_cast.choice = (char *)"";
	o->m.vote_cast.ballot.data = (uint8_t *)ballot;
	o->m.vote_cast.ballot.len = len;
	o->rq.op_case = YISHI__REQUEST__OP_VOTE_CAST;
	o->rq.vote_cast = &o->m.vote_cast;
	ballot_digest_hex(ballot, len, digest);
	canon = sign_canon_secret_ballot(who->instance, body, meeting, item,
	    who->name, round, digest, &clen);
	return ops_sign(o, who, canon, clen);
}

/* Frees the signature. */
void
ops_done(struct ops_req *o)
{
	free(o->sig);
	o->sig = NULL;
}
