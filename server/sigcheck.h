/*
 * sigcheck.h: a request's signature checked early, on a verifier thread
 * (verify.h), while the loop goes on: a group commit's round (group.h) is
 * decided once its requests' answers are in, and decide() then asks for the
 * answer over the bytes it built instead of checking again.
 *
 * What is signed names the instance (srv.instance: a signature made for
 * another instance never holds here) and the item's body and meeting,
 * which only a snapshot tells; an item never moves, so where the items of
 * recent rounds belong is kept (a small cache), and a request on such an
 * item is checked as soon as it arrives, before its round has a snapshot.
 */
#ifndef YISHI_SIGCHECK_H
#define YISHI_SIGCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mstate;
struct req;

/* Has r's early check started through its handler's early() when ms (its
 * group's snapshot, or NULL) or the cache tells where its item belongs. */
void sigcheck_start(struct req *r, const struct mstate *ms);

/* Remembers where item `item` belongs, from its meeting's snapshot. */
void sigcheck_place(uint64_t item, const struct mstate *ms);

/* For handlers' early(): checks r's signature over text (len bytes,
 * malloc'd; r takes it). */
void sigcheck_early(struct req *r, char *text, size_t len);

/* The round and key of item's secret vote as its latest snapshot here had
 * them (once keyed); false when not known. */
bool sigcheck_round(uint64_t item, uint64_t *round, uint8_t key[33]);

/* For a secret vote_cast's early(): checks r's signature over text and its
 * ballot's proofs under round's key for ctx (malloc'd; r takes text and
 * ctx) on a verifier thread (ballotcheck.h). */
void sigcheck_early_ballot(struct req *r, char *text, size_t len,
    uint64_t round, const uint8_t key[33], uint8_t *ctx, size_t ctxlen);

/* The early answer about r's ballot proofs, given with its signature over
 * exactly these bytes: 1 they hold, 0 they do not, -1 not checked early. */
int sigcheck_ballot_verified(const struct req *r, const char *text,
    size_t len);

/* The early answer for exactly these bytes: 1 the signature holds, 0 it
 * does not, -1 not checked early. */
int sigcheck_verified(const struct req *r, const char *text, size_t len);

#endif
