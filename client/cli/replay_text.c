/* replay_text.c: the texts of a trail entry, decoded (see replay_text.h). */
#include "replay_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Appends n bytes and a NUL to o's buffer; returns where, or NULL. */
static char *
replay_text_put(struct replay_text *o, const char *s, size_t n)
{
	char *p;

	if (o->used + n + 1 > o->cap)
		return NULL;
	p = o->buf + o->used;
	memcpy(p, s, n);
	p[n] = '\0';
	o->used += n + 1;
	return p;
}

/* Starts o for text of length len. */
static int
replay_text_init(struct replay_text *o, size_t len)
{
	memset(o, 0, sizeof *o);
	o->cap = len + 2 * REPLAY_TEXT_KEYS + 8;
	if ((o->buf = malloc(o->cap)) == NULL)
		return -1;
	return 0;
}

/* The value of key in o: its text, "" for JSON null; NULL when absent. */
const char *
replay_text_get(const struct replay_text *o, const char *key)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->key[i], key) == 0)
			return o->val[i] != NULL ? o->val[i] : "";
	return NULL;
}

/* Writes code point c as UTF-8 at *q. */
static void
replay_text_utf8(char **q, unsigned long c)
{
	char *p = *q;

	if (c < 0x80) {
		*p++ = (char)c;
	} else if (c < 0x800) {
		*p++ = (char)(0xc0 | (c >> 6));
		*p++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*p++ = (char)(0xe0 | (c >> 12));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (char)(0x80 | (c & 0x3f));
	} else {
		*p++ = (char)(0xf0 | (c >> 18));
		*p++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (char)(0x80 | (c & 0x3f));
	}
	*q = p;
}

/* Reads 4 hex digits; -1 when they are not. */
static long
replay_text_hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Decodes the JSON string at *s (at its opening quote) into o; returns the
 * decoded text, or NULL when malformed. */
static const char *
replay_text_string(struct replay_text *o, const char **s)
{
	const char *p = *s + 1;
	char *out = o->buf + o->used, *q = out;
	long c, lo;

	for (;;) {
		if (*p == '\0')
			return NULL;
		if (*p == '"')
			break;
		if (*p != '\\') {
			*q++ = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/':
			*q++ = *p;
			break;
		case 'b': *q++ = '\b'; break;
		case 'f': *q++ = '\f'; break;
		case 'n': *q++ = '\n'; break;
		case 'r': *q++ = '\r'; break;
		case 't': *q++ = '\t'; break;
		case 'u':
			if ((c = replay_text_hex4(p + 1)) < 0)
				return NULL;
			p += 4;
			if (c >= 0xd800 && c < 0xdc00 && p[1] == '\\' &&
			    p[2] == 'u' && (lo = replay_text_hex4(p + 3)) >= 0xdc00 &&
			    lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			replay_text_utf8(&q, (unsigned long)c);
			break;
		default:
			return NULL;
		}
		p++;
	}
	*q = '\0';
	o->used += (size_t)(q - out) + 1;
	*s = p + 1;
	return out;
}

/* Skips a JSON value that is not a string (number, literal, nested) and
 * returns its raw text copied into o, or NULL when malformed. */
static const char *
replay_text_raw(struct replay_text *o, const char **s)
{
	const char *p = *s, *start = *s;
	int depth = 0;
	bool str = false;

	for (; *p != '\0'; p++) {
		if (str) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				str = false;
			continue;
		}
		if (*p == '"')
			str = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				break;
			depth--;
		} else if (*p == ',' && depth == 0)
			break;
	}
	if (depth != 0 || str || p == start)
		return NULL;
	*s = p;
	return replay_text_put(o, start, (size_t)(p - start));
}

/* Parses a flat JSON object (the payloads of server/json.c). 0 or -1. */
int
replay_text_json(const char *s, struct replay_text *o)
{
	if (replay_text_init(o, strlen(s)) != 0)
		return -1;
	if (*s++ != '{')
		return -1;
	if (*s == '}')
		return s[1] == '\0' ? 0 : -1;
	for (;;) {
		const char *k, *v;

		if (*s != '"' || (k = replay_text_string(o, &s)) == NULL ||
		    *s++ != ':')
			return -1;
		if (*s == '"')
			v = replay_text_string(o, &s);
		else if (strncmp(s, "null", 4) == 0 && (s[4] == ',' ||
		    s[4] == '}')) {
			v = NULL;
			s += 4;
		} else if ((v = replay_text_raw(o, &s)) == NULL)
			return -1;
		if (v == NULL && s[-1] == '"')
			return -1;
		if (o->n == REPLAY_TEXT_KEYS)
			return -1;
		o->key[o->n] = k;
		o->val[o->n++] = v;
		if (*s == '}')
			return s[1] == '\0' ? 0 : -1;
		if (*s++ != ',')
			return -1;
	}
}

/* Reads NAME "=" LEN ":" VALUE "\n" at *s into o. 0 or -1. */
static int
replay_text_field(struct replay_text *o, const char **s)
{
	const char *p = *s, *eq = strchr(p, '='), *k, *v;
	char *end;
	unsigned long long n;

	if (eq == NULL || eq == p || o->n == REPLAY_TEXT_KEYS)
		return -1;
	if ((k = replay_text_put(o, p, (size_t)(eq - p))) == NULL ||
	    strchr(k, '\n') != NULL)
		return -1;
	if (eq[1] < '0' || eq[1] > '9')
		return -1;
	n = strtoull(eq + 1, &end, 10);
	if (*end != ':' || strlen(end + 1) < n + 1 || end[1 + n] != '\n')
		return -1;
	if ((v = replay_text_put(o, end + 1, (size_t)n)) == NULL ||
	    strlen(v) != n)
		return -1;
	o->key[o->n] = k;
	o->val[o->n++] = v;
	*s = end + 2 + n;
	return 0;
}

/* Parses canonical signed bytes (proto/sign.h); "action" is the first
 * member. 0 or -1. */
int
replay_text_canon(const char *s, struct replay_text *o)
{
	static const char magic[] = "yishi-sign-v1\n";

	if (replay_text_init(o, strlen(s)) != 0)
		return -1;
	if (strncmp(s, magic, sizeof magic - 1) != 0)
		return -1;
	s += sizeof magic - 1;
	while (*s != '\0')
		if (replay_text_field(o, &s) != 0)
			return -1;
	return o->n >= 1 && strcmp(o->key[0], "action") == 0 ? 0 : -1;
}

/* Frees what t holds; t itself is the caller's. */
void
replay_text_free(struct replay_text *t)
{
	free(t->buf);
	t->buf = NULL;
	t->n = 0;
}

/* The value of key as an unsigned integer, 0 when absent. */
uint64_t
replay_text_u64(const struct replay_text *t, const char *key)
{
	const char *s = replay_text_get(t, key);

	return s != NULL ? strtoull(s, NULL, 10) : 0;
}

/* The value of key as a signed integer, 0 when absent. */
long long
replay_text_ll(const struct replay_text *t, const char *key)
{
	const char *s = replay_text_get(t, key);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}
