/*
 * wire.h: builds the protobuf replies from a meeting snapshot. Everything
 * is allocated in the request's arena and borrowed until the reply is sent.
 */
#ifndef YISHI_WIRE_H
#define YISHI_WIRE_H

#include <stdbool.h>

#include "yishi.pb-c.h"

struct arena;
struct m_item;
struct mstate;

/* What a reader may see of a meeting. */
struct wire_view {
	bool	 full;		/* voting seat, recorder, inspector, admin */
	const char *observer;	/* else: only items this observer attends */
};

/* The meeting with quorum, attendance and items (statements, votes). */
Yishi__Meeting *wire_meeting(struct arena *a, struct mstate *ms,
    const struct wire_view *view);

/* One item with its statements and vote. */
Yishi__Item *wire_item(struct arena *a, struct mstate *ms,
    const struct m_item *it);

/* The vote of an item (ballots only for open methods), or NULL. */
Yishi__Vote *wire_vote(struct arena *a, struct mstate *ms,
    const struct m_item *it);

#endif
