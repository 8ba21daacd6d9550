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

/* Logs how many notifications reached watchers here and how many were
 * for meetings nobody here watches (skipped undecoded). */
void push_log_counts(void);

#endif
