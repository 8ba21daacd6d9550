/*
 * json.h: a small streaming JSON writer into a growing buffer.
 *
 * Strings are written as UTF-8, as is: only '"', '\\' and control
 * characters are escaped (\u00XX for those without a short form); bytes
 * that are not valid UTF-8 become U+FFFD so the output is always valid.
 * key is the member name inside an object, NULL inside an array or at the
 * top level.
 */
#ifndef YISHI_CLI_JSON_H
#define YISHI_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_DEPTH 32

struct json {
	char *buf;
	size_t len;
	size_t cap;
	int depth;
	bool nonempty[JSON_DEPTH];	/* the container at depth has a member */
	char kind[JSON_DEPTH];		/* '{' or '[' */
	bool failed;			/* out of memory or nesting too deep */
};

void json_init(struct json *j);
void json_free(struct json *j);

void json_obj(struct json *j, const char *key);	/* opens an object */
void json_arr(struct json *j, const char *key);	/* opens an array */
void json_end(struct json *j);			/* closes either */

void json_str(struct json *j, const char *key, const char *v);	/* NULL: null */
void json_strn(struct json *j, const char *key, const char *v, size_t n);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
void json_hex(struct json *j, const char *key, const uint8_t *b, size_t n);

/* The text so far (NUL-terminated), or NULL when writing failed. */
const char *json_text(const struct json *j);

#endif
