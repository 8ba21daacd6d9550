/*
 * ops.h: the requests the bench sends, built as the CLI builds them
 * (client/cli/): fill a struct ops_req with one ops_* call, send &o->rq
 * (conn_call, conn_encode or conn_call_wait), then ops_done(o). Statements
 * and open votes are signed with the member's own key over the canonical
 * bytes of proto/sign.h, exactly what the server verifies.
 */
#ifndef BENCH_OPS_H
#define BENCH_OPS_H

#include <stdint.h>

#include "frame.h"
#include "ident.h"

struct ops_req {
	Yishi__Request	rq;
	union {
		Yishi__BodyCreate	body;
		Yishi__SeatAdd		seat;
		Yishi__SeatImport	import;
		Yishi__MeetingSchedule	schedule;
		Yishi__AgendaPropose	propose;
		Yishi__MeetingRef	meeting;
		Yishi__ItemRef		item;
		Yishi__State		state;
		Yishi__VoteOpen		vote_open;
		Yishi__VoteCast		vote_cast;
		Yishi__VoteShare	share;
		Yishi__VoteBallots	ballots;
	} m;
	uint8_t		*sig;
	char		 at[40];
};

/* body create --kind party_group --name NAME. */
void ops_body_create(struct ops_req *o, const char *name, const char *kind);
/* seat add. */
void ops_seat_add(struct ops_req *o, uint64_t body, const char *identity,
    const char *display, const char *role, int rank);
/* seat import of the n seats (their body fields unused). */
void ops_seat_import(struct ops_req *o, uint64_t body, Yishi__SeatAdd **seats,
    size_t n);
/* meeting schedule --urgent, ten minutes from now. */
void ops_schedule(struct ops_req *o, uint64_t body, const char *title);
/* agenda propose --category ordinary. */
void ops_propose(struct ops_req *o, uint64_t meeting, const char *title);
/* agenda propose --category CATEGORY. */
void ops_propose_in(struct ops_req *o, uint64_t meeting, const char *title,
    const char *category);
/* A request on one meeting: checkin, meeting open/notify/close, minutes
 * show. */
void ops_meeting(struct ops_req *o, Yishi__Request__OpCase op,
    uint64_t meeting);
/* A request on one item: agenda approve, item start, vote close/show. */
void ops_item(struct ops_req *o, Yishi__Request__OpCase op, uint64_t item);
/* vote open --method M. */
void ops_vote_open(struct ops_req *o, uint64_t item, const char *method);
/* vote open --method secret --scrutineers S1,S2,.. (n names, borrowed). */
void ops_vote_open_secret(struct ops_req *o, uint64_t item,
    char **scrutineers, size_t n);
/* A scrutineer's key share (vote_key) or decryption share (vote_decrypt),
 * signed by who over sign_canon_scrutineer_key / _decrypt for round;
 * share is borrowed. Returns 0 or -1. */
int ops_vote_share(struct ops_req *o, Yishi__Request__OpCase op,
    const struct ident *who, uint64_t body, uint64_t meeting, uint64_t item,
    uint64_t round, const uint8_t *share, size_t len)
    __attribute__((warn_unused_result));
/* An encrypted secret ballot of who (borrowed bytes, proto/elgamal.h),
 * signed over sign_canon_secret_ballot for round. Returns 0 or -1. */
int ops_secret_cast(struct ops_req *o, const struct ident *who,
    uint64_t body, uint64_t meeting, uint64_t item, uint64_t round,
    const uint8_t *ballot, size_t len) __attribute__((warn_unused_result));
/* A page of a secret vote's ballots after voter `after` (borrowed). */
void ops_vote_ballots(struct ops_req *o, uint64_t item, const char *after,
    uint32_t limit);
/* A signed statement of who. Returns 0, or -1 when signing failed. */
int ops_state(struct ops_req *o, const struct ident *who, uint64_t body,
    uint64_t meeting, uint64_t item, const char *position, const char *text)
    __attribute__((warn_unused_result));
/* A signed open vote of who. Returns 0 or -1. */
int ops_vote_cast(struct ops_req *o, const struct ident *who, uint64_t body,
    uint64_t meeting, uint64_t item, const char *choice)
    __attribute__((warn_unused_result));
/* Frees what o holds (the signature). */
void ops_done(struct ops_req *o);

#endif
