/*
 * room_state.h: what the room (yishi room) knows of a meeting, built from
 * the watch's snapshot (Watching) and kept up to date by its events; and
 * from it, what the member at this terminal should do next. Pure: no I/O,
 * no terminal, no language (the view puts it into words).
 */
#ifndef YISHI_CLI_ROOM_STATE_H
#define YISHI_CLI_ROOM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

#define ROOM_NAME 96	/* bytes kept of a name or a protocol word */
#define ROOM_TITLE 192	/* bytes kept of a title or a detail */
#define ROOM_LOG 64	/* events kept for the log pane */

/* A member as the room shows them. */
struct room_person {
	char member[ROOM_NAME];		/* identity name */
	char display[ROOM_NAME];	/* the name people know */
	char role[24];			/* secretary, member, ... ("" unknown) */
	char state[24];			/* present, absent, leave, left, expected */
};

/* A statement of the item being heard. */
struct room_stmt {
	char member[ROOM_NAME];
	char display[ROOM_NAME];
	char position[24];		/* agree, disagree, defer, abstain */
};

/* An item of the agenda. */
struct room_item {
	uint64_t id;
	char title[ROOM_TITLE];
	char state[24];			/* approved, started, voting, decided... */
	char outcome[24];		/* passed, rejected, deferred, ... */
};

/* A list of people still to act, in order (at most ROOM_WAIT named). */
#define ROOM_WAIT 64
struct room_wait {
	struct room_person who[ROOM_WAIT];
	size_t n;			/* named */
	uint32_t total;			/* all of them (>= n) */
};

/* The vote of the item being heard. */
struct room_vote {
	uint64_t item;			/* 0: no vote */
	char method[24];		/* oral, hands, roll_call, secret */
	char state[24];			/* keying, open, counting, closed, void */
	uint32_t yes, no, abstain, cast, electorate;
	char outcome[24];
	char rule[32];
	struct room_wait to_vote;
	uint32_t scrutineers, keys;	/* secret: named, key shares in */
};

/* One event kept for the log (the view puts it into words). */
struct room_event {
	char kind[32];
	char at[40];
	char display[ROOM_NAME];	/* who acted (their display, else name) */
	char detail[ROOM_TITLE];
	uint64_t item;
	char outcome[24];
	uint32_t yes, no, abstain, cast, electorate;
	bool secret;			/* about a secret vote: names no voter */
	char words[320];		/* what it says, as the caller put it */
};

/* What the member at this terminal should do next. */
enum room_next {
	ROOM_NEXT_NONE,		/* nothing to do: follow the meeting */
	ROOM_NEXT_NOT_OPEN,	/* the meeting has not begun */
	ROOM_NEXT_CHECKIN,	/* check in */
	ROOM_NEXT_STATE,	/* state a position: it is your turn */
	ROOM_NEXT_STATE_LAST,	/* you state last: wait for the others */
	ROOM_NEXT_VOTE,		/* cast your vote */
	ROOM_NEXT_CHAIR_OPEN,	/* the chair: open the meeting (quorum met) */
	ROOM_NEXT_CHAIR_START,	/* the chair: start the next item */
	ROOM_NEXT_CHAIR_VOTE,	/* the chair: the round is complete, vote */
	ROOM_NEXT_CHAIR_CLOSE_VOTE, /* the chair: everyone voted, close it */
	ROOM_NEXT_CHAIR_CLOSE,	/* the chair: every item heard, close */
	ROOM_NEXT_CLOSED	/* the meeting is over */
};

struct room_state {
	char me[ROOM_NAME];		/* the identity at this terminal */
	uint64_t meeting;
	char title[ROOM_TITLE];
	char mstate[24];		/* scheduled, noticed, open, closed */
	char chair[ROOM_NAME];		/* identity ("" unknown) */
	char chair_display[ROOM_NAME];
	uint32_t q_n, q_present, q_needed;
	bool q_met;

	struct room_person *people;	/* attendance, in the body's order */
	size_t npeople, people_cap;
	struct room_item *items;	/* the agenda, in order */
	size_t nitems, items_cap;

	uint64_t current;		/* the item being heard, 0: none */
	struct room_stmt *stmts;	/* its statements, in order */
	size_t nstmts, stmts_cap;
	struct room_wait to_state;	/* who is still to state */
	struct room_vote vote;

	struct room_event log[ROOM_LOG];	/* a ring, the newest last */
	size_t nlog, log_head;

	uint64_t seq;			/* position of the last thing seen */
	uint32_t index;
	bool ended;			/* the watch ended (revoked) */
};

/* An empty state for identity me. */
void room_state_init(struct room_state *s, const char *me);

/* Frees what s holds (s may be used again after room_state_init). */
void room_state_free(struct room_state *s);

/* Replaces what s knows of the meeting by the snapshot w (the log is
 * kept). 0, or -1 when out of memory. */
int room_state_snapshot(struct room_state *s, const Yishi__Watching *w)
    __attribute__((warn_unused_result));

/* Applies one event to s and keeps it for the log with words (what it
 * says in the chosen language; NULL: nothing). 0, or -1 when out of
 * memory. */
int room_state_event(struct room_state *s, const Yishi__Event *ev,
    const char *words) __attribute__((warn_unused_result));

/* The i-th newest event kept (0: the newest), or NULL. */
const struct room_event *room_state_log(const struct room_state *s,
    size_t i);

/* The item being heard, or NULL. */
const struct room_item *room_state_current(const struct room_state *s);

/* The member me in the attendance, or NULL. */
const struct room_person *room_state_me(const struct room_state *s);

/* The member named member in the attendance, or NULL. */
const struct room_person *room_state_find(const struct room_state *s,
    const char *member);

/* Whether member holds the top leader's seat (the secretary's: 一把手),
 * who states last (R-LAST-2). */
bool room_state_top(const struct room_state *s, const char *member);

/* Whether me chairs the meeting. */
bool room_state_is_chair(const struct room_state *s);

/* Whether the vote of the item being heard is secret. */
bool room_state_secret(const struct room_state *s);

/* The first agenda item not yet heard (approved), or NULL. */
const struct room_item *room_state_next_item(const struct room_state *s);

/* What me should do next. */
enum room_next room_state_next(const struct room_state *s);

#endif
