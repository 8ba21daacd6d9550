/*
 * db.h: a small pool of non-blocking libpq connections in pipeline mode.
 *
 * Work is submitted as a batch: a list of parameterised statements sent
 * together and followed by one Sync, so that PostgreSQL runs them as one
 * implicit transaction. The callback runs on the event loop when the batch
 * has committed (ok) or failed (nothing of it was kept). Nothing here ever
 * blocks the loop.
 */
#ifndef YISHI_DB_H
#define YISHI_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <libpq-fe.h>

#include "db_batch.h"

#define DB_QUEUE_TIMEOUT_S 5	/* a batch waits this long for a connection
				   while the database is down, then fails */

struct db;

typedef void (*db_notify_cb)(const char *channel, const char *payload,
    void *arg);

/* Creates the pool; connections start at once and reconnect by themselves. */
struct db *db_new(struct event_base *base, const char *conninfo, int size);

/* Closes every connection; batches still queued fail with "unavailable". */
void db_free(struct db *db);

/*
 * Keeps one more connection that LISTENs on channel and calls cb for every
 * notification, reconnecting by itself. Notifications sent while it is
 * reconnecting are lost (PostgreSQL keeps none for absent listeners): each
 * time the LISTEN takes effect, cb is called with channel and payload
 * NULL, so that what may have been missed can be read again.
 */
void db_listen(struct db *db, const char *channel, db_notify_cb cb, void *arg);

/* Queues the batch; ownership passes to the pool until the callback. */
void db_submit(struct db *db, struct db_batch *b);

/* True when at least one connection is ready. */
bool db_ready(const struct db *db);

/* Number of batches waiting or in flight (for draining at shutdown). */
size_t db_pending(const struct db *db);

/* Helpers over a finished batch. */
int db_rows(const struct db_batch *b, int i);
const char *db_get(const struct db_batch *b, int i, int row, int col);
bool db_isnull(const struct db_batch *b, int i, int row, int col);
long long db_getll(const struct db_batch *b, int i, int row, int col);
bool db_getbool(const struct db_batch *b, int i, int row, int col);

#endif
