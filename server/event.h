/*
 * event.h: the events of a meeting as the daemon records them
 * (docs/protocol.md, "Events"): each stamped with the time and the
 * position of the trail entry that records it, kept in event_log in the
 * transaction of the change itself (push.h sends it the same way), and
 * saying who is still to act after it.
 */
#ifndef YISHI_EVENT_H
#define YISHI_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

struct arena;
struct m_item;
struct mstate;
struct req;

#define EVENT_WAITING	32	/* names in Event.waiting, at most */
#define EVENT_SCAN_MAX	256	/* an electorate up to this size is walked
				   for the names on every ballot; a larger
				   one only once EVENT_WAITING remain */

/* An event's encoding, at most: its notification (push.h, base64 of it
 * after the meeting id) stays under PostgreSQL's 8000 bytes. */
#define EVENT_PACKED_MAX 5800

/* Sets the zone event times are given in (the instance's, as PostgreSQL
 * gives every other time): at start-up. */
void event_init(const char *timezone);

/* The time at_us (µs since the epoch) as RFC 3339 in the instance zone,
 * to the second, in a: "2026-12-01T09:00:00+08:00". */
char *event_at(struct arena *a, int64_t at_us);

/* Stamps r's events with the time and position of r's trail entry: at,
 * seq (that entry's, in the meeting's body's trail) and index (0, 1, ...
 * among them); and makes each fit EVENT_PACKED_MAX: fewer names in
 * waiting, then a detail cut short with "…" (the record has it whole). */
void event_stamp(struct req *r);

/* Fills ev's waiting and waiting_n with who is still to state on the item
 * of ms's rules view (mstate_rules for it first). */
void event_waiting_state(struct arena *a, struct mstate *ms,
    Yishi__Event *ev);

/* Fills ev's waiting_n (electorate - cast) and, while that is cheap (see
 * EVENT_SCAN_MAX), waiting with who is still to vote, from ms's rules
 * view of the item. */
void event_waiting_vote(struct arena *a, struct mstate *ms,
    Yishi__Event *ev, unsigned electorate, unsigned cast);

/* The first max of who is still to state (vote false) or to vote (true)
 * on the item of ms's rules view, as Persons in a; *n gets how many are
 * listed, *total (when not NULL) how many there are. */
Yishi__Person **event_people(struct arena *a, struct mstate *ms, bool vote,
    size_t max, size_t *n, uint32_t *total);

#endif
