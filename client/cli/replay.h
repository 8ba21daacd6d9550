/*
 * replay.h: what a body's trail says the record is, and whether the record
 * the server reports now is exactly that.
 *
 * The entries are fed in order, after their hash chain and signatures were
 * checked. Each signed entry's signed bytes (proto/sign.h) must say what
 * its payload says. Statements, ballots (open methods: who chose what;
 * secret: how many voted), vote results, decisions, deferrals, reserved
 * opinions, closed meetings, minutes sign-offs and corrigenda are replayed
 * into an expected record, then
 * compared with the minutes of every meeting as the server returns them.
 */
#ifndef YISHI_CLI_REPLAY_H
#define YISHI_CLI_REPLAY_H

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
 * head the chain does not have).
 */
int replay_entry(struct replay *rp, const Yishi__TrailEntry *e, char *why,
    size_t whylen);

/*
 * Compares the record (the minutes of every meeting of the body) with the
 * replay. Returns 0, or -1 with *seq set to the first entry that does not
 * hold (0 when a table row has no entry at all) and why.
 */
int replay_compare(struct replay *rp, Yishi__Minutes *const *record,
    size_t n, uint64_t *seq, char *why, size_t whylen);

/* What was replayed, for the report. */
struct replay_counts {
	size_t statements, ballots, secret, votes, decisions, dissents;
	size_t signoffs;
};
void replay_counts(const struct replay *rp, struct replay_counts *c);

#endif
