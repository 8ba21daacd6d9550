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

/* The notification payload of ev: its meeting id, ':', and base64 of its
 * encoding (malloc'd), or NULL when it is too large to send (logged). The
 * id lets a daemon skip an event none of its connections watches without
 * decoding it. */
char *push_payload(const Yishi__Event *ev);

/* Adds to b one statement sending the n payloads of push_payload, in that
 * order, when b commits (a group's events in one statement). */
void push_add_many(struct db_batch *b, char *const *payloads, int n);

/* Adds to b the notification carrying ev, sent when b commits. */
void push_add(struct db_batch *b, const Yishi__Event *ev);

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
