/*
 * room_view.h: draws the room (yishi room) on the terminal with ncursesw:
 * the meeting, quorum, agenda, the item being heard with its statements
 * and who is still to state, the vote, the member's next action, recent
 * events and the keys; or, for the wall screen (--projector), a large
 * read-only view that names no voter of a secret vote. Columns are
 * measured with room_text.h, so Chinese lines up.
 */
#ifndef YISHI_CLI_ROOM_VIEW_H
#define YISHI_CLI_ROOM_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "room_state.h"

/* The smallest terminal the room draws in. */
#define ROOM_VIEW_MIN_COLS 60
#define ROOM_VIEW_MIN_LINES 16

/* What the view shows besides the meeting. */
struct room_view_ui {
	bool projector;		/* the wall screen: read-only, large */
	const char *status;	/* the connection ("" when well) */
	const char *note;	/* the last key's result ("" none) */
	int note_kind;		/* 0 information, 1 done, 2 refused */
	const char *prompt;	/* a question being asked, or NULL */
	const char *input;	/* what has been typed after it */
};

/* Sets up colours once ncurses is started. */
void room_view_start(void);

/* Draws everything and refreshes the screen. */
void room_view_draw(const struct room_state *s, const struct room_view_ui *ui);

/* The member's next action in words. */
const char *room_view_next_words(enum room_next n);

/* One event of the log in words into buf; on the wall screen (projector)
 * a voter of a secret vote is not named. */
void room_view_event_words(const struct room_event *e, bool projector,
    char *buf, size_t len);

#endif
