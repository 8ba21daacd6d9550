/*
 * replay_cmp.h: the record the server reports, held against the record a
 * trail says (replay.h), fact by fact and in both directions: every fact
 * the trail has must be in the record as the trail has it, and every row
 * of the record must come from an entry.
 */
#ifndef YISHI_CLI_REPLAY_CMP_H
#define YISHI_CLI_REPLAY_CMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay.h"
#include "yishi.h"

/* The record as the server reported it (or a bundle kept it). */
struct replay_record {
	Yishi__Minutes *const *minutes;	/* every meeting of the body */
	size_t nminutes;
	Yishi__FollowupTask *const *tasks;	/* every task, with reports */
	size_t ntasks;
	bool	no_tasks;	/* a format 1 bundle: no task list kept */
	/* The rows of the ballots table of secret votes (vote_ballots
	 * pages, each vote naming its item), compared when have_ballots
	 * (online; a bundle keeps none). */
	Yishi__Vote *const *ballots;
	size_t	nballots;
	bool	have_ballots;
};

/*
 * Compares. Returns 0, or -1 with *seq set to the first entry that does
 * not hold (0 when a row of the record has no entry at all) and why.
 */
int replay_cmp_record(struct replay *rp, const struct replay_record *r,
    uint64_t *seq, char *why, size_t whylen);

#endif
