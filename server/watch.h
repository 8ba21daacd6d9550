/*
 * watch.h: one connection's watch of a meeting (docs/protocol.md,
 * "Watching a meeting"): every event after a position, exactly once and in
 * order. The watcher is registered first and its live events held; the
 * events after the position are read from event_log page by page and sent
 * as the connection's output drains; then the held ones, less any at or
 * before the last position sent; then live events as they come.
 */
#ifndef YISHI_WATCH_H
#define YISHI_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "yishi.pb-c.h"

struct conn;
struct db_batch;

#define WATCH_PAGE	500	/* event_log rows a read, at most */
#define WATCH_HELD_MAX	100000	/* live events held during a catch-up */
#define WATCH_HELD_SEND	256	/* more held at its end: read them again
				   from event_log, page by page */

/* c watches meeting of body as who from now on; live events are held
 * until watch_catch_up has sent what came before them. Returns the
 * watch's serial number (unique in this daemon). */
uint64_t watch_start(struct conn *c, uint64_t meeting, uint64_t body,
    const char *who);

/* Sends c every event of its meeting after (seq, idx) from event_log, then
 * the held ones, then live events; nothing when c's watch is no longer
 * the one numbered serial (it watched again meanwhile). */
void watch_catch_up(struct conn *c, uint64_t serial, uint64_t seq,
    uint32_t idx);

/* Ends c's watch (the watch request failed, or c stops watching). */
void watch_stop(struct conn *c);

/* A live event for c (push.h): held, sent, or dropped as one already
 * sent. */
void watch_deliver(struct conn *c, const Yishi__Event *ev);

/* The daemon may have missed notifications (its LISTEN connection was
 * lost, push.h): c reads what came after its position from event_log
 * again, its live events held meanwhile. */
void watch_resync(struct conn *c);

/* c's output drained: the catch-up goes on (conn.c). */
void watch_drained(struct conn *c);

/* Frees c's watch state (conn.c, when it stops watching). */
void watch_free(struct conn *c);

#endif
