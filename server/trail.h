/*
 * trail.h: appending a change's entry to its body's trail. Each entry
 * names the trail head the decision was taken on, so a concurrent change
 * makes the write fail with serialization_failure and the request is
 * decided again on fresh state. A request alone appends with trail_append
 * (sql/); a round of a group commit appends all its entries, in the order
 * decided, with one trail_append_many (a row each, which the round
 * coalesces: req.h's struct req_round, coalesce.h).
 *
 * Every entry carries the server's vouch (checkpoint.h's checkpoint_vouch):
 * the checkpoint key's signature over the entry as the daemon means to
 * write it, its seq included, so an entry written by anyone else fails
 * verification. An entry that cannot be vouched for is not written: the
 * write fails.
 */
#ifndef YISHI_TRAIL_H
#define YISHI_TRAIL_H

#include <stdint.h>

/*
 * The time of r's latest trail entry (r->at_us, chosen by trail_write and
 * vouched for) as SQL, from statement parameter $n: the record's rows of a
 * change that the replay compares with the trail's times (a meeting's
 * notice, opening and close, a statement: client/cli/replay_cmp.c) take
 * the entry's own time, so that what the minutes show is the vouched time.
 */
#define TRAIL_AT_SQL(n) \
	"(timestamptz 'epoch' + $" #n "::bigint * interval '1 microsecond')"

struct db_batch;
struct req;

/*
 * Starts r's write with body's trail entry (action, JSON payload), decided
 * on head r->head, timed now (r->at_us). Add the change's statements to
 * the returned batch, then call req_commit. A request alone may call it again for more entries of
 * the same body, each extending the one before.
 */
struct db_batch *trail_write(struct req *r, uint64_t body, const char *action,
    const char *payload);

/*
 * The same, for a change the caller signed (R-ENF-5): the entry keeps the
 * signer, the canonical bytes signed_text, the request's signature and the
 * caller's certificate fingerprint.
 */
struct db_batch *trail_write_signed(struct req *r, uint64_t body,
    const char *action, const char *payload, const char *signed_text);

/*
 * Adds to w an unsigned entry of another body's trail than r's own (the
 * daemon knows its head, expect, from its read, so the entry's seq is
 * known and vouched for): the second trail of a body created, an
 * identity's certificate in each body where it has a seat. A head moved
 * meanwhile fails the write with serialization_failure, and r is decided
 * again. r->nwritten does not count it.
 */
void trail_add(struct db_batch *w, struct req *r, uint64_t body,
    int64_t expect, const char *action, const char *payload);

#endif
