/*
 * json.h: builds the small JSON objects of trail payloads. Output is UTF-8
 * as is, keys in the order given, no whitespace: the exact bytes hashed.
 */
#ifndef YISHI_JSON_H
#define YISHI_JSON_H

#include <stddef.h>

struct arena;

enum json_type {
	JSON_END,	/* ends the argument list */
	JSON_S,		/* const char * (NULL is null) */
	JSON_I,		/* long long */
	JSON_B,		/* int, as true/false */
	JSON_RAW	/* const char *, already JSON */
};

/*
 * Returns {"k":v,...} in the arena. Arguments: key, type, value, ...,
 * ending with a NULL key: json_object(a, "id", JSON_I, 5LL,
 * "name", JSON_S, "x", (char *)NULL).
 */
char *json_object(struct arena *a, const char *key, ...);

/* Returns s as a quoted JSON string in the arena. */
char *json_string(struct arena *a, const char *s);

/* Returns the JSON array of n strings in the arena (a value for
 * JSON_RAW): ["a","b"]. */
char *json_strings(struct arena *a, const char *const *v, size_t n);

#endif
