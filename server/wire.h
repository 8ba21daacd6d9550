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

/* What a reader may see of a meeting (R-CONF-1). */
struct wire_view {
	bool	 full;		/* every item; else only those `observer`
				   was admitted to */
	bool	 record;	/* statements, votes, opinions, dissent:
				   voting seats, recorder, inspectors */
	const char *observer;
};

/* The view of a reader with this seat role (NULL: none) in the body. */
struct wire_view wire_view_of(const char *role, bool admin, const char *who);

/* The meeting with quorum, attendance and items (statements, votes). */
Yishi__Meeting *wire_meeting(struct arena *a, struct mstate *ms,
    const struct wire_view *view);

/* One item; its statements, vote and opinions when view->record. */
Yishi__Item *wire_item(struct arena *a, struct mstate *ms,
    const struct m_item *it, const struct wire_view *view);

/* The vote of an item (ballots only for open methods), or NULL. */
Yishi__Vote *wire_vote(struct arena *a, struct mstate *ms,
    const struct m_item *it);

#endif
