/*
 * replay_text.h: the two texts a trail entry carries, decoded into keys and
 * values: its payload (a flat JSON object, see server/json.c; nested values
 * are kept as their raw text) and its signed bytes (the canonical text of
 * proto/sign.h, "action" first).
 */
#ifndef YISHI_CLI_REPLAY_TEXT_H
#define YISHI_CLI_REPLAY_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define REPLAY_TEXT_KEYS 48	/* members of one text, at most */

struct replay_text {
	char	*buf;		/* keys and values, NUL-terminated */
	size_t	 used, cap;
	int	 n;
	const char *key[REPLAY_TEXT_KEYS];
	const char *val[REPLAY_TEXT_KEYS];	/* NULL: JSON null */
};

/* Decodes a payload into t. 0, or -1 when it is not a flat JSON object.
 * Either way t must be freed with replay_text_free. */
int replay_text_json(const char *s, struct replay_text *t);

/* Decodes canonical signed bytes into t. 0 or -1, as replay_text_json. */
int replay_text_canon(const char *s, struct replay_text *t);

void replay_text_free(struct replay_text *t);

/* The value of key: its text, "" for JSON null; NULL when absent. */
const char *replay_text_get(const struct replay_text *t, const char *key);

/* The value of key as an integer, 0 when absent. */
uint64_t replay_text_u64(const struct replay_text *t, const char *key);
long long replay_text_ll(const struct replay_text *t, const char *key);

#endif
