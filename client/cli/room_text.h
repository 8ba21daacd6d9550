/*
 * room_text.h: the width of text on a terminal, in columns, as the room
 * (cmd_room.c) draws it: a CJK character takes two columns, a combining
 * mark none, so that columns line up whatever the script. Needs a UTF-8
 * locale (setlocale(LC_ALL, "")).
 */
#ifndef YISHI_CLI_ROOM_TEXT_H
#define YISHI_CLI_ROOM_TEXT_H

#include <stddef.h>

/* The columns s (UTF-8) takes on a terminal; a character that cannot be
 * shown (a control, bytes that are not UTF-8) counts as one column, as
 * room_text_fit draws it ("?"). */
int room_text_width(const char *s);

/*
 * Copies into out (outlen bytes) the longest start of s that fits in cols
 * columns, ending with "…" when something was cut; controls and bytes that
 * are not UTF-8 become "?". Returns the columns the copy takes (<= cols).
 */
int room_text_fit(const char *s, int cols, char *out, size_t outlen);

#endif
