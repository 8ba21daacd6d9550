/* json.c: small JSON objects for trail payloads (see json.h). */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmalloc.h"

struct json_buf {
	char	*s;
	size_t	 len, cap;
};

/* Appends n bytes. */
static void
json_put(struct json_buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends s quoted, escaping what JSON requires and nothing else. */
static void
json_put_string(struct json_buf *b, const char *s)
{
	char esc[8];

	json_put(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			json_put(b, esc, 2);
		} else if (c == '\n') {
			json_put(b, "\\n", 2);
		} else if (c == '\t') {
			json_put(b, "\\t", 2);
		} else if (c == '\r') {
			json_put(b, "\\r", 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			json_put(b, esc, 6);
		} else {
			json_put(b, s, 1);
		}
	}
	json_put(b, "\"", 1);
}

/* Returns {"k":v,...} in the arena (see json.h). */
char *
json_object(struct arena *a, const char *key, ...)
{
	struct json_buf b = { NULL, 0, 0 };
	va_list ap;
	char num[32], *out;
	int first = 1;

	json_put(&b, "{", 1);
	va_start(ap, key);
	while (key != NULL) {
		enum json_type t = va_arg(ap, enum json_type);
		const char *s;

		if (t == JSON_END)
			break;
		if (!first)
			json_put(&b, ",", 1);
		first = 0;
		json_put_string(&b, key);
		json_put(&b, ":", 1);
		switch (t) {
		case JSON_S:
			s = va_arg(ap, const char *);
			if (s == NULL)
				json_put(&b, "null", 4);
			else
				json_put_string(&b, s);
			break;
		case JSON_I:
			snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
			json_put(&b, num, strlen(num));
			break;
		case JSON_B:
			s = va_arg(ap, int) ? "true" : "false";
			json_put(&b, s, strlen(s));
			break;
		case JSON_RAW:
			s = va_arg(ap, const char *);
			json_put(&b, s, strlen(s));
			break;
		case JSON_END:
			break;
		}
		key = va_arg(ap, const char *);
	}
	va_end(ap);
	json_put(&b, "}", 1);
	out = arena_strdup(a, b.s);
	free(b.s);
	return out;
}

/* Returns s as a quoted JSON string in the arena. */
char *
json_string(struct arena *a, const char *s)
{
	struct json_buf b = { NULL, 0, 0 };
	char *out;

	json_put_string(&b, s ? s : "");
	out = arena_strdup(a, b.s);
	free(b.s);
	return out;
}

/* Returns ["a","b",...] of n strings in the arena, for JSON_RAW. */
char *
json_strings(struct arena *a, const char *const *v, size_t n)
{
	struct json_buf b = { NULL, 0, 0 };
	char *out;
	size_t i;

	json_put(&b, "[", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			json_put(&b, ",", 1);
		json_put_string(&b, v[i] != NULL ? v[i] : "");
	}
	json_put(&b, "]", 1);
	out = arena_strdup(a, b.s);
	free(b.s);
	return out;
}
