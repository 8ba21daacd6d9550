/*
 * push.h: delivers meeting events to the connections watching them, on
 * every daemon sharing the database. An event travels inside the
 * transaction of the change it reports (pg_notify), so it is delivered only
 * once that change has committed, and it reaches every daemon LISTENing,
 * this one included.
 */
#ifndef YISHI_PUSH_H
#define YISHI_PUSH_H

#include <stdint.h>

#include "yishi.pb-c.h"

struct db;
struct db_batch;

#define PUSH_CHANNEL "yishi_events"

/* Starts receiving events from every daemon (at start-up). */
void push_start(struct db *db);

#define PUSH_NOTIFY_MAX	7900	/* a notification's payload, at most */
#define PUSH_NOTIFY_MAX_S "7900"

/* The notification payload of ev: its meeting id, ':', and base64 of its
 * encoding (malloc'd); the id lets a daemon skip an event none of its
 * connections watches without decoding it. One longer than
 * PUSH_NOTIFY_MAX is logged and only kept in event_log. */
char *push_payload(const Yishi__Event *ev);

/*
 * Adds to b one statement that, when b commits, keeps the n events of
 * payloads (push_payload) in event_log at their positions (seqs[i],
 * idxs[i]; seq 0: not kept) and sends them, in that order: a request's
 * events, or a whole round's.
 */
void push_add_many(struct db_batch *b, char *const *payloads,
    const int64_t *seqs, const uint32_t *idxs, int n);

/* Sends ev to every local watcher of its meeting. */
void push_event(uint64_t meeting, const Yishi__Event *ev);

/*
 * Revocation: a watcher's stream ends at once when the seat it watches by
 * is removed, or turned into one that does not read the deliberation, or
 * its identity is disabled, on every daemon. push_watcher records who
 * watches (after `watch` was allowed); push_revoke_add sends, when b
 * commits, the notice that ends the watches of identity in body's meetings
 * (body 0: in every body), with a reason word ("seat_removed",
 * "identity_disabled"). The watcher gets one last event, kind "revoked"
 * with the reason in detail, and no more.
 */
void push_watcher(uint64_t conn_id, uint64_t meeting, uint64_t body,
    const char *who);
void push_revoke_add(struct db_batch *b, uint64_t body, const char *identity,
    const char *reason);

/* Logs how many notifications reached watchers here and how many were
 * for meetings nobody here watches (skipped undecoded). */
void push_log_counts(void);

#endif
