/*
 * trail.h: appending a change's entry to its body's trail. Each entry
 * names the trail head the decision was taken on, so a concurrent change
 * makes the write fail with serialization_failure and the request is
 * decided again on fresh state. A request alone appends with trail_append
 * (sql/); a round of a group commit appends all its entries, in the order
 * decided, with one trail_append_many (a row each, which the round
 * coalesces: req.h's struct req_round, coalesce.h).
 */
#ifndef YISHI_TRAIL_H
#define YISHI_TRAIL_H

#include <stdint.h>

struct db_batch;
struct req;

/*
 * Starts r's write with body's trail entry (action, JSON payload), decided
 * on head r->head. Add the change's statements to the returned batch, then
 * call req_commit. A request alone may call it again for more entries of
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

#endif
