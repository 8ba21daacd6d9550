/*
 * replay_text.h: the two texts a trail entry carries, decoded into keys and
 * values: its payload (a flat JSON object, see server/json.c, read with
 * jansson; values that are not strings are kept as compact JSON text) and
 * its signed bytes (the canonical text of proto/sign.h, "action" first).
 */
#ifndef YISHI_CLI_REPLAY_TEXT_H
#define YISHI_CLI_REPLAY_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define REPLAY_TEXT_KEYS 48	/* members of one text, at most */

/* Why a payload was refused. */
enum replay_text_error {
	REPLAY_TEXT_OK,
	REPLAY_TEXT_SYNTAX,	/* not a flat JSON object, or too many keys */
	REPLAY_TEXT_DUPLICATE,	/* a key twice */
	REPLAY_TEXT_NUL,	/* \u0000 in a string */
	REPLAY_TEXT_SURROGATE,	/* an unpaired UTF-16 surrogate */
	REPLAY_TEXT_UTF8,	/* bytes that are not UTF-8 */
	REPLAY_TEXT_NOMEM
};

struct replay_text {
	char	*buf;		/* keys and values, NUL-terminated */
	size_t	 used, cap;
	int	 n;
	const char *key[REPLAY_TEXT_KEYS];
	const char *val[REPLAY_TEXT_KEYS];	/* NULL: JSON null */
	enum replay_text_error error;	/* why a payload was refused */
};

/* Decodes a payload into t. 0, or -1 when it is not a flat JSON object or
 * has a key twice, a \u0000 or an unpaired surrogate in a string (t->error
 * says which). Either way t must be freed with replay_text_free. */
int replay_text_json(const char *s, struct replay_text *t);

/* Decodes canonical signed bytes into t (version 2: "action", then
 * "instance", then the fields). 0 or -1, as replay_text_json. */
int replay_text_canon(const char *s, struct replay_text *t);

void replay_text_free(struct replay_text *t);

/* The value of key: its text, "" for JSON null; NULL when absent. */
const char *replay_text_get(const struct replay_text *t, const char *key);

/* The value of key as an integer, 0 when absent. */
uint64_t replay_text_u64(const struct replay_text *t, const char *key);
long long replay_text_ll(const struct replay_text *t, const char *key);

/* Parses a JSON array of strings (a payload member's value as t keeps
 * it) into *out, malloc'd copies, *n set. 0, or -1 when it is no such
 * array. Either way free them with replay_text_strings_free. */
int replay_text_strings(const char *json, char ***out, size_t *n);
void replay_text_strings_free(char **v, size_t n);

#endif
