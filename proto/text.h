/*
 * text.h: what a text field of a request may hold, shared by yishid (which
 * checks every request once, before any handler) and the CLI (which checks
 * before sending). Pure: no I/O, no allocation.
 *
 * Every string field of every request has a kind; the kind sets its limit
 * (in characters, i.e. Unicode code points) and which characters it may
 * hold. The table (also in docs/operations.md, "Text limits"):
 *
 *   kind    limit   fields                                  newline, tab
 *   word       64   roles, positions, methods, choices,     no
 *                   categories, domains, kinds, profiles,
 *                   dates and times
 *   ident      64   identity names (as `yishid issue`)      no
 *   display   100   display names of seats                  no
 *   name      200   body and material names, titles,        no
 *                   places, units
 *   reason  2,000   reasons (urgent, emergency, leave,      yes
 *                   recusal)
 *   long   10,000   statements, opinions, dissents,         yes
 *                   decisions, corrigenda, reports,
 *                   disposals
 *   pem    16,384   a certificate in PEM                    yes (and CR)
 *
 * In every kind: valid UTF-8 only; no NUL, no other C0 control character
 * (beyond the newline and tab above), no DEL, no C1 control; no
 * bidirectional override, embedding, isolate or mark (U+061C, U+200E/F,
 * U+202A-202E, U+2066-2069); no line or paragraph separator (U+2028/9).
 * A non-empty value must hold at least one visible character (not only
 * spaces and invisible format characters). The database's CHECKs are no
 * tighter (sql/: display names 100, titles 500, long texts 10,000).
 */
#ifndef YISHI_TEXT_H
#define YISHI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

enum text_kind {
	TEXT_WORD,
	TEXT_IDENT,
	TEXT_DISPLAY,
	TEXT_NAME,
	TEXT_REASON,
	TEXT_LONG,
	TEXT_PEM
};

enum text_fault {
	TEXT_OK,
	TEXT_TOO_LONG,		/* over the kind's limit */
	TEXT_BAD_UTF8,		/* not valid UTF-8 */
	TEXT_NUL,		/* a NUL inside (seen on the wire) */
	TEXT_CONTROL,		/* a control character */
	TEXT_NEWLINE,		/* a line break where one line is expected */
	TEXT_BIDI,		/* a bidirectional control */
	TEXT_INVISIBLE		/* only spaces and invisible characters */
};

/* What is wrong with a value, and in which field. */
struct text_verdict {
	enum text_fault	 fault;
	enum text_kind	 kind;
	size_t		 limit;		/* the kind's limit, characters */
	size_t		 chars;		/* characters counted (TOO_LONG) */
	uint32_t	 cp;		/* the offending character */
	const char	*zh, *en;	/* the field, in office words */
};

/* The largest number of characters a kind holds. */
size_t text_limit(enum text_kind kind);

/* Checks len bytes of s against kind; fills v (fault TEXT_OK when fine). */
enum text_fault text_check(enum text_kind kind, const char *s, size_t len,
    struct text_verdict *v);

/* Checks every string field of a request; false (v filled) at the first
 * that breaks its kind's rules. */
bool text_request_check(const Yishi__Request *rq, struct text_verdict *v);

/* Checks the encoded payload of a Frame (without its length prefix) for a
 * string field holding a NUL, which decoding would silently cut; false (v
 * filled) when one does. */
bool text_wire_check(const uint8_t *buf, size_t len, struct text_verdict *v);

/* Puts v as one sentence, in Chinese or English, into buf (size bytes). */
void text_message(const struct text_verdict *v, bool en, char *buf,
    size_t size);

/* True when two display names would read the same: compared with runs of
 * whitespace made one space, invisible characters dropped, both ends
 * trimmed and ASCII letters folded to lower case. */
bool text_same_name(const char *a, const char *b);

/* Writes into out (strlen(s) + 1 bytes) the key display names are compared
 * by: equal keys are names that read the same (text_same_name). */
void text_name_key(const char *s, char *out);

/* A seat of a body, for text_seats_clash; key from text_name_key. */
struct text_seat {
	const char	*identity, *display;
	char		*key;
	bool		 proposed;	/* being added or changed */
};

/*
 * Finds two seats of one body that would share a display name, at least one
 * of them proposed: s holds the proposed seats and the body's current ones
 * (a current seat of an identity also proposed is replaced, not compared).
 * Reorders s; true with *a and *b the indices of such a pair.
 */
bool text_seats_clash(struct text_seat *s, size_t n, size_t *a, size_t *b);

/* The kind of string field `field` of message `message` (short names, e.g.
 * "MeetingSchedule", "place"), with its office words; false when the table
 * has no such field. */
bool text_field_kind(const char *message, const char *field,
    enum text_kind *kind, const char **zh, const char **en);

#endif
