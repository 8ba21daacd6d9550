/*
 * handlers.h: the request handlers, one table per area (h_*.c), and the
 * small checks they share. dispatch.c finds a handler by request kind;
 * who may make each kind is the permission table's (perm.c).
 */
#ifndef YISHI_HANDLERS_H
#define YISHI_HANDLERS_H

#include <stdbool.h>

#include "req.h"
#include "sigcheck.h"
#include "trail.h"

extern const struct handler h_admin[];		/* h_admin.c */
extern const struct handler h_meeting[];	/* h_meeting.c */
extern const struct handler h_agenda[];		/* h_agenda.c */
extern const struct handler h_vote[];		/* h_vote.c */
extern const struct handler h_read[];		/* h_read.c */
extern const struct handler h_self[];		/* h_self.c */
extern const struct handler h_witness[];	/* h_witness.c */

struct db_batch;

/* h_read.c: adds the reads of one page of the trail of r's body from seq
 * from (audit log, audit self). */
void h_read_trail_prepare(struct req *r, struct db_batch *b, uint64_t from);

/* h_read.c: replies with the page read (or the refusal of a trail the
 * daemon's heads contradict), the head signed now on the page reaching
 * it. redact, when not NULL, is called on each entry before it is paged:
 * what it clears is not sent, and the certificates of signers left out. */
void h_read_trail_decide(struct req *r,
    void (*redact)(struct req *r, Yishi__TrailEntry *e));

/* True for secretary, deputy and member (the seats that count in N). */
bool handlers_voting(const char *role);

/* Refuses with "permission denied" naming what is needed; returns false. */
bool handlers_need(struct req *r, bool ok, const char *zh, const char *en);

/* True when the caller chairs the meeting (delegate, else secretary). */
bool handlers_is_chair(const struct req *r);

struct db_batch;
struct mstate;
struct rules_calendar;
struct rules_member;
struct arena;

extern const struct handler h_attend[];		/* h_attend.c */
extern const struct handler h_decide[];		/* h_decide.c */
extern const struct handler h_minutes[];	/* h_minutes.c */

/* Adds the read of the working-day calendar to b; returns its index. */
int handlers_calendar_load(struct db_batch *b);

/* Fills cal from the calendar read at index i of r's load batch. */
void handlers_calendar(struct req *r, int i, struct rules_calendar *cal);

/* The calendar's exceptions on days from..to: "YYYY-MM-DD:holiday" or
 * ":workday", comma separated (a notice's record of the working days it
 * counted); in the arena. */
const char *handlers_calendar_days(struct req *r,
    const struct rules_calendar *cal, int32_t from, int32_t to);

/* The meeting's quorum as it stands in the snapshot, for events and
 * replies (in the request's arena). */
Yishi__Quorum *handlers_quorum(struct req *r);

/* The rules view of a member (after mstate_rules), or NULL. */
const struct rules_member *handlers_rmember(const struct mstate *ms,
    const char *name);

/*
 * Verifies the request's signature over canonical (malloc'd; freed here)
 * with the caller's certificate. Returns the canonical text in the arena,
 * or NULL after refusing (permission denied: the member did not sign it).
 */
const char *handlers_verify(struct req *r, char *canonical, size_t len);

/* Refuses (conflict) when the seats proposed would give two seats of the
 * body one display name; rows (identity, display) of load result q are
 * the body's current seats. True when the names all differ. */
bool handlers_displays_differ(struct req *r, int q,
    Yishi__SeatAdd *const *adds, size_t n);

/* Checks that a required text argument is given (not empty); refuses with
 * invalid argument. Limits and characters: proto/text.h, for every request. */
bool handlers_text(struct req *r, const char *s, const char *what);

extern const struct handler h_followup[];	/* h_followup.c */
extern const struct handler h_disposal[];	/* h_disposal.c */
struct m_item;

/* R-IMMUT-1: marks the item it revises superseded, with a trail entry, in
 * w, when `it` passes (h_followup.c). */
void h_followup_supersede(struct req *r, struct db_batch *w,
    const struct m_item *it);

/*
 * Adds to b the read of the request's body's disposals waiting for a
 * meeting (r->key is the body); returns its index in the load.
 */
int h_disposal_waiting(struct req *r, struct db_batch *b);

/*
 * Adds to write batch w the report items of every waiting disposal (read
 * at index q of r's load, and new_disposal when not 0: one recorded by
 * this request) on meeting `meeting`, after the last item of its agenda,
 * with one "disposal.report" trail entry naming them.
 */
void h_disposal_attach(struct req *r, struct db_batch *w, uint64_t meeting,
    int q, uint64_t new_disposal);

/* Replies with the request's item's vote (h_result.c). */
void h_vote_reply(struct req *r);

/*
 * Writes the vote.close entry of the item's vote from its counters (a
 * secret vote's once decrypted, with its ballots counted; ballots -1 for
 * an open method) and the item's decision, under the profile (R-VOTE-5,
 * R-DEFER-2), with its event; the caller commits (h_result.c).
 */
void h_vote_close_write(struct req *r, struct m_item *it, long long ballots);

/* Encrypted secret ballots (h_ballot.c, docs/ballot.md). */
extern const struct handler h_ballot[];
struct rules_member;
struct arena;

/* The options of a secret vote as a JSON array ("yes","no","abstain"). */
const char *h_ballot_options(struct arena *a);

/* A secret round opened by the vote.open in w: its scrutineers' rows and
 * the vote_keying event. */
void h_ballot_open(struct req *r, struct db_batch *w, struct m_item *it,
    const char *const *names, size_t n);

/* vote cast on a secret vote, after the rules allowed voter `vm`. */
void h_ballot_cast(struct req *r, struct m_item *it,
    const struct rules_member *vm);

/* vote cast early on a secret vote: the signature and the ballot's proofs
 * on a verifier thread, cn the caller's name. */
void h_ballot_cast_early(struct req *r, uint64_t body, uint64_t meeting,
    const char *cn);

/* vote close on a secret vote (R-VOTE-9): closed to ballots, counting. */
void h_ballot_close(struct req *r, struct m_item *it);

#endif
