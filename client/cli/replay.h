/*
 * replay.h: what a body's trail says the record is.
 *
 * The entries are fed in order, after their hash chain and signatures were
 * checked. Each signed entry's signed bytes (proto/sign.h) must say what
 * its payload says. Every entry that makes the record is replayed: seats,
 * meetings as scheduled and their state and chair, attendance (leave,
 * check-in and out, marks, the absences a close records), items as
 * proposed (title, class, amount, materials, proposer …) and their state,
 * recusals, observers, written opinions, statements, ballots (open
 * methods: who chose what; secret: how many voted), vote results,
 * decisions, deferrals, supersession, reserved opinions, acknowledgments,
 * follow-up tasks and reports, emergency disposals, minutes sign-offs and
 * corrigenda. replay_cmp.h holds the result against the record the server
 * reports.
 *
 * A signed entry's certificate must also be the one the trail registered
 * for its signer at that point: seat.add and identity.certificate name it
 * (docs/trail.md).
 *
 * What decisions depend on is held against what the trail established
 * (issue 12): every vote.close and item.decide names the profile and
 * version body.create gave; N at meeting.open, who states and votes, the
 * last speaker's order (R-LAST-2, R-VOTE-8) and the electorate follow the
 * seats seat.add and seat.remove gave; a notice's last working day is
 * counted again from the calendar days it records (R-NOTICE-1), and a
 * proposal's deadline (R-AGENDA-4).
 */
#ifndef YISHI_CLI_REPLAY_H
#define YISHI_CLI_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.h"

struct replay;

/* A new, empty replay of body's trail; NULL when out of memory. */
struct replay *replay_new(uint64_t body);
void replay_free(struct replay *rp);

/*
 * Feeds the next entry (its hash already checked, so e->hash is the
 * chain's). Returns 0, or -1 with why when the entry contradicts itself
 * (signed bytes against payload) or the chain (a minutes sign-off naming a
 * head the chain does not have, a disposal reported that was never
 * recorded).
 */
int replay_entry(struct replay *rp, const Yishi__TrailEntry *e, char *why,
    size_t whylen);

/* Names the instance the trail is of (its id, 64 lowercase hex digits,
 * proto/sign.h): the contexts of a secret round's proofs name it
 * (proto/ballot.h). Set it before the first entry. */
void replay_instance(struct replay *rp, const char *instance);

/* What was replayed, for the report. */
struct replay_counts {
	size_t meetings, attendance, items, statements, ballots, secret;
	size_t votes, decisions, dissents, opinions, recusals, observers;
	size_t acks, tasks, reports, disposals, signoffs, corrigenda;
	/* Secret rounds re-checked from the trail (docs/ballot.md), and the
	 * encrypted ballots whose proofs were checked in them. */
	size_t secret_rounds, secret_checked;
};
void replay_counts(const struct replay *rp, struct replay_counts *c);

/* The seat role identity holds, or held last, in the body as the trail
 * replayed so far says ("inspector", "member"…); NULL when never seated. */
const char *replay_role(const struct replay *rp, const char *identity);

/* Whether the trail replayed so far registered certificate fp (lowercase
 * hex SHA-256) for identity at some entry (seat.add, identity.certificate),
 * even if a later entry replaced it: a witness cosignature (witness.h) is
 * checked against the certificates its inspector signed with. */
bool replay_registered(const struct replay *rp, const char *identity,
    const char *fp);

#endif
