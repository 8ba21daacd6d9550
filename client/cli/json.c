/* json.c: a small streaming JSON writer (see json.h). */
#include "json.h"
#include "hex.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Initialises an empty writer. */
void
json_init(struct json *j)
{
	memset(j, 0, sizeof *j);
}

/* Frees the writer's buffer. */
void
json_free(struct json *j)
{
	free(j->buf);
	memset(j, 0, sizeof *j);
}

/* Appends n raw bytes. */
static void
json_put(struct json *j, const char *s, size_t n)
{
	size_t ncap;
	char *nb;

	if (j->failed)
		return;
	if (j->len + n + 1 > j->cap) {
		ncap = j->cap ? j->cap : 256;
		while (ncap < j->len + n + 1)
			ncap *= 2;
		nb = realloc(j->buf, ncap);
		if (nb == NULL) {
			j->failed = true;
			return;
		}
		j->buf = nb;
		j->cap = ncap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

/* Appends a NUL-terminated string, raw. */
static void
json_puts(struct json *j, const char *s)
{
	json_put(j, s, strlen(s));
}

/*
 * Returns the length of the valid UTF-8 sequence at s (n bytes left), or 0
 * when it is not one (overlong, surrogate, beyond U+10FFFF, truncated).
 */
static size_t
json_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Appends s (n bytes) as a quoted, escaped JSON string. */
static void
json_quote(struct json *j, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, k;
	char esc[8];

	json_put(j, "\"", 1);
	while (i < n) {
		/* Copy the longest run that needs no escaping at once. */
		run = 0;
		while (i + run < n && u[i + run] >= 0x20 &&
		    u[i + run] != '"' && u[i + run] != '\\') {
			k = json_utf8_len(u + i + run, n - i - run);
			if (k == 0)
				break;
			run += k;
		}
		json_put(j, s + i, run);
		i += run;
		if (i >= n)
			break;
		switch (u[i]) {
		case '"':
			json_puts(j, "\\\"");
			break;
		case '\\':
			json_puts(j, "\\\\");
			break;
		case '\n':
			json_puts(j, "\\n");
			break;
		case '\r':
			json_puts(j, "\\r");
			break;
		case '\t':
			json_puts(j, "\\t");
			break;
		case '\b':
			json_puts(j, "\\b");
			break;
		case '\f':
			json_puts(j, "\\f");
			break;
		default:
			if (u[i] < 0x20) {
				snprintf(esc, sizeof esc, "\\u%04x", u[i]);
				json_puts(j, esc);
			} else {
				json_puts(j, "\xef\xbf\xbd");	/* U+FFFD */
			}
		}
		i++;
	}
	json_put(j, "\"", 1);
}

/* Writes the separator and the key (when given) before a value. */
static void
json_pre(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->nonempty[j->depth - 1])
			json_put(j, ",", 1);
		j->nonempty[j->depth - 1] = true;
	}
	if (key != NULL && j->depth > 0) {
		json_quote(j, key, strlen(key));
		json_put(j, ":", 1);
	}
}

/* Opens a container with the given bracket. */
static void
json_open(struct json *j, const char *key, const char *bracket)
{
	json_pre(j, key);
	json_puts(j, bracket);
	if (j->depth >= JSON_DEPTH) {
		j->failed = true;
		return;
	}
	j->kind[j->depth] = bracket[0];
	j->nonempty[j->depth++] = false;
}

/* Opens an object. */
void
json_obj(struct json *j, const char *key)
{
	json_open(j, key, "{");
}

/* Opens an array. */
void
json_arr(struct json *j, const char *key)
{
	json_open(j, key, "[");
}

/* Closes the innermost container. */
void
json_end(struct json *j)
{
	if (j->depth == 0) {
		j->failed = true;
		return;
	}
	j->depth--;
	json_puts(j, j->kind[j->depth] == '{' ? "}" : "]");
}

/* Writes a string value; NULL writes null. */
void
json_str(struct json *j, const char *key, const char *v)
{
	if (v == NULL) {
		json_null(j, key);
		return;
	}
	json_strn(j, key, v, strlen(v));
}

/* Writes a string value of n bytes. */
void
json_strn(struct json *j, const char *key, const char *v, size_t n)
{
	json_pre(j, key);
	json_quote(j, v, n);
}

/* Writes an unsigned integer. */
void
json_u64(struct json *j, const char *key, uint64_t v)
{
	char num[32];

	json_pre(j, key);
	snprintf(num, sizeof num, "%" PRIu64, v);
	json_puts(j, num);
}

/* Writes a signed integer. */
void
json_i64(struct json *j, const char *key, int64_t v)
{
	char num[32];

	json_pre(j, key);
	snprintf(num, sizeof num, "%" PRId64, v);
	json_puts(j, num);
}

/* Writes true or false. */
void
json_bool(struct json *j, const char *key, bool v)
{
	json_pre(j, key);
	json_puts(j, v ? "true" : "false");
}

/* Writes null. */
void
json_null(struct json *j, const char *key)
{
	json_pre(j, key);
	json_puts(j, "null");
}

/* Writes bytes as a lower-case hex string. */
void
json_hex(struct json *j, const char *key, const uint8_t *b, size_t n)
{
	char hex[2 * 32 + 1];
	size_t i, k;

	json_pre(j, key);
	json_put(j, "\"", 1);
	for (i = 0; i < n; i += k) {
		k = n - i < 32 ? n - i : 32;
		hex_encode(b + i, k, hex);
		json_put(j, hex, 2 * k);
	}
	json_put(j, "\"", 1);
}

/* The text so far, or NULL when writing failed. */
const char *
json_text(const struct json *j)
{
	if (j->failed || j->depth != 0)
		return NULL;
	return j->buf ? j->buf : "";
}
