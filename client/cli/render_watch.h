/*
 * render_watch.h: what `yishi watch` (and `yishi room`) show of a meeting
 * being followed: the snapshot it starts with and one line per event, in
 * the office's words (Chinese, or English with --lang en), and both as
 * JSON Lines (docs/protocol.md, "Events"; client/README.md, "yishi watch").
 */
#ifndef YISHI_CLI_RENDER_WATCH_H
#define YISHI_CLI_RENDER_WATCH_H

#include <stddef.h>

#include "json.h"
#include "yishi.h"

/* The snapshot as one JSON object: {"snapshot": {"meeting", "seq",
 * "index"}}, the items with their statements, votes, to_state, to_vote. */
void render_watch_snapshot(struct json *j, const Yishi__Watching *w);

/* One event as one flat JSON object: kind, meeting, item, member, display,
 * detail, the counts its kind fills, quorum, outcome, rule, at, seq,
 * index, waiting, waiting_n. */
void render_watch_event(struct json *j, const Yishi__Event *ev);

/* Prints the snapshot as text: the meeting, present and absent with
 * reasons, quorum, the agenda with states, the item being heard with its
 * statements and who is still to state, the vote and who is still to
 * vote. */
void human_watch_snapshot(const Yishi__Watching *w);

/* The time of an event as people read it ("09:31:05", the instance's
 * local time as the server wrote it), into buf; "" when at is not a time. */
const char *human_watch_time(const char *at, char *buf, size_t len);

/* What ev says, one sentence in the chosen language (no time), into buf;
 * m (the snapshot's meeting, or NULL) names people and items the event
 * gives by id. Returns buf. */
const char *human_watch_event(const Yishi__Event *ev, const Yishi__Meeting *m,
    char *buf, size_t len);

/* Prints ev as one line: its time, then human_watch_event. */
void human_watch_line(const Yishi__Event *ev, const Yishi__Meeting *m);

#endif
