/*
 * replay_ballot.h: a secret round re-checked from the trail alone
 * (docs/ballot.md, "Checking"), entry by entry, as replay.c feeds them:
 *
 *   vote.open     method secret names its scrutineers (at least two,
 *                 each of the electorate, once) and the options yes, no,
 *                 abstain; the round is that entry's seq
 *   vote.key      a named scrutineer, once, signed (scrutineer_key), the
 *                 share's proof holds for its context; the last share's
 *                 entry carries the key, which is their sum, and no
 *                 earlier one carries any
 *   vote.cast     a voter of the round's electorate, once, signed
 *                 (secret_ballot), between the key and vote.count, every
 *                 proof of the ballot holding under the key for the
 *                 voter's context; it joins the round's tally
 *   vote.count    the number of ballots is the round's
 *   vote.decrypt  a named scrutineer, once, after vote.count, signed
 *                 (scrutineer_decrypt), its proof holding against the
 *                 product of every ballot and that scrutineer's share
 *   vote.close    every decryption share in, and what they decrypt to is
 *                 exactly its yes, no and abstain (all 0 with no ballot);
 *                 not_voting is the electorate less the ballots
 *   vote.void     ends an unfinished round with nothing counted
 *
 * Each failure is -1 with why naming the entry (zh, or en with --lang en).
 * Internal to replay.c and replay_cmp.c.
 */
#ifndef YISHI_CLI_REPLAY_BALLOT_H
#define YISHI_CLI_REPLAY_BALLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ballot.h"
#include "elgamal.h"
#include "replay_int.h"

/* A scrutineer of a round and what they published. */
struct rp_scrutineer {
	char	*name;
	uint8_t	 share[ELGAMAL_SHARE_LEN];
	uint8_t	 dshare[ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS)];
	uint64_t share_seq, dshare_seq;		/* 0: not yet */
};

/* One secret round: one vote.open of method secret. */
struct rp_round {
	uint64_t seq;		/* its vote.open entry: the round */
	const char *state;	/* keying | open | counting | closed | void */
	uint64_t state_seq;
	struct rp_scrutineer *scr;
	size_t	 nscr, nshares, ndshares;
	uint8_t	 key[ELGAMAL_POINT_LEN];
	uint64_t key_seq;	/* 0: no key yet */
	struct elgamal *eg;	/* with the key once it is known */
	struct elgamal_tally *tally;
	uint64_t ballots;	/* accepted in the round */
	uint64_t count_seq;	/* its vote.count */
	long	 electorate;	/* electors when it opened */
};

/* Whether item it's vote is a secret round under way or done. */
bool replay_ballot_secret(const struct rp_item *it);

/* The entry handlers (see above); 0, or -1 with c->why. */
int replay_ballot_open(struct rp_ctx *c);
int replay_ballot_key(struct rp_ctx *c);
int replay_ballot_cast(struct rp_ctx *c, struct rp_item *it);
int replay_ballot_count(struct rp_ctx *c);
int replay_ballot_decrypt(struct rp_ctx *c);
int replay_ballot_close(struct rp_ctx *c, struct rp_item *it);
int replay_ballot_void(struct rp_ctx *c);

/* What a secret round's signed field `round` or `digest` must say for
 * entry e (its round; the SHA-256 of the bytes it publishes) into out. 0,
 * or -1 when the entry has nothing to say it. */
int replay_ballot_signed(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_text *pl, const char *field, char *out,
    size_t outlen);

void replay_ballot_free(struct rp_round *r);

#endif
