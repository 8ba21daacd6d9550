/*
 * render.h: yishi.proto messages as JSON (CLI.md shapes: members by identity
 * name with "display" beside, ids as numbers, times as the server sent them)
 * and as concise human text in the chosen language.
 */
#ifndef YISHI_CLI_RENDER_H
#define YISHI_CLI_RENDER_H

#include <stdbool.h>

#include "json.h"
#include "yishi.h"

void render_body(struct json *j, const char *key, const Yishi__Body *b);
void render_seat(struct json *j, const char *key, const Yishi__Seat *s);
void render_vote(struct json *j, const char *key, const Yishi__Vote *v);
void render_result(struct json *j, const char *key, const Yishi__Vote *v);
void render_item(struct json *j, const char *key, const Yishi__Item *it,
    bool full);
/* The minutes with sign-off and corrigenda (minutes show). */
void render_minutes(struct json *j, const char *key, const Yishi__Minutes *mn);
void render_meeting(struct json *j, const char *key, const Yishi__Meeting *m,
    bool full);
void render_trail_entry(struct json *j, const char *key,
    const Yishi__TrailEntry *e);
/* A quorum head-count (n, present, needed, met). */
void render_quorum(struct json *j, const char *key, const Yishi__Quorum *q);
void render_whoami(struct json *j, const char *key, const Yishi__Whoami *w);

/* Writes the response's result, whatever it is, under its natural key. */
void render_any(struct json *j, const Yishi__Response *r);

/* Human text on stdout. */
void human_meeting(const Yishi__Meeting *m);
void human_meeting_list(const Yishi__MeetingList *l);
/* Bodies, one a line. */
void human_body_list(const Yishi__BodyList *l);
/* A body's seats, one a line. */
void human_seat_list(const Yishi__SeatList *l);
void human_item(const Yishi__Item *it);
void human_vote(const Yishi__Vote *v);
void human_result(const Yishi__Vote *v);
/* The state of a secret vote in office words (正在生成密钥 .. 已作废). */
const char *human_secret_state(const char *state);
/* The scrutineers of v who have not published their key share (count:
 * their count share), as "张三、李四", into buf; returns buf. */
const char *human_scrutineers_waiting(const Yishi__Vote *v, bool count,
    char *buf, size_t len);
void human_trail_entry(const Yishi__TrailEntry *e);
void human_minutes(const Yishi__Minutes *mn, bool markdown);

/* A person as "张三（zhangsan）", or just the one that is known. */
const char *render_person(const char *member, const char *display, char *buf,
    size_t len);

#endif
