/* replay_text.c: the texts of a trail entry, decoded (see replay_text.h). */
#include "replay_text.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

/* Why jansson refused a payload. */
static enum replay_text_error
replay_text_refusal(const json_error_t *e)
{
	switch (json_error_code(e)) {
	case json_error_duplicate_key:
		return REPLAY_TEXT_DUPLICATE;
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return REPLAY_TEXT_NUL;
	case json_error_invalid_utf8:
		return REPLAY_TEXT_UTF8;
	case json_error_out_of_memory:
		return REPLAY_TEXT_NOMEM;
	case json_error_invalid_syntax:
		/* jansson's only "invalid Unicode" is a surrogate unpaired. */
		if (strncmp(e->text, "invalid Unicode", 15) == 0)
			return REPLAY_TEXT_SURROGATE;
		break;
	default:
		break;
	}
	return REPLAY_TEXT_SYNTAX;
}

/* The text of a member's value: a string as is, null as NULL, any other
 * value in compact JSON (malloc'd into *tmp). -1 when out of memory. */
static int
replay_text_value(json_t *v, const char **text, char **tmp)
{
	*tmp = NULL;
	if (json_is_string(v)) {
		*text = json_string_value(v);
		return 0;
	}
	if (json_is_null(v)) {
		*text = NULL;
		return 0;
	}
	*tmp = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	*text = *tmp;
	return *tmp != NULL ? 0 : -1;
}

/*
 * Parses a flat JSON object (the payloads of server/json.c) with jansson:
 * a key twice, a string holding \u0000, an unpaired surrogate, bytes that
 * are not UTF-8 and anything after the object are refused. 0 or -1, with
 * o->error saying why.
 */
int
replay_text_json(const char *s, struct replay_text *o)
{
	const char *text[REPLAY_TEXT_KEYS], *key;
	char *tmp[REPLAY_TEXT_KEYS];
	json_error_t err;
	json_t *root, *v;
	size_t need = 0;
	int i, n = 0, rc = -1;

	memset(o, 0, sizeof *o);
	o->error = REPLAY_TEXT_SYNTAX;
	if ((root = json_loads(s, JSON_REJECT_DUPLICATES, &err)) == NULL) {
		o->error = replay_text_refusal(&err);
		return -1;
	}
	if (!json_is_object(root) || json_object_size(root) > REPLAY_TEXT_KEYS)
		goto out;
	json_object_foreach(root, key, v) {
		if (replay_text_value(v, &text[n], &tmp[n]) != 0) {
			o->error = REPLAY_TEXT_NOMEM;
			goto out;
		}
		need += strlen(key) + 1 + (text[n] != NULL ?
		    strlen(text[n]) + 1 : 0);
		n++;
	}
	o->cap = need + 1;
	if ((o->buf = malloc(o->cap)) == NULL) {
		o->error = REPLAY_TEXT_NOMEM;
		goto out;
	}
	i = 0;
	json_object_foreach(root, key, v) {
		o->key[i] = replay_text_put(o, key, strlen(key));
		o->val[i] = text[i] != NULL ?
		    replay_text_put(o, text[i], strlen(text[i])) : NULL;
		i++;
	}
	o->n = n;
	o->error = REPLAY_TEXT_OK;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(tmp[i]);
	json_decref(root);
	return rc;
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

/* Parses canonical signed bytes (proto/sign.h, version 2); "action" is
 * the first member and "instance" the second. 0 or -1. */
int
replay_text_canon(const char *s, struct replay_text *o)
{
	static const char magic[] = "yishi-sign-v2\n";

	if (replay_text_init(o, strlen(s)) != 0)
		return -1;
	if (strncmp(s, magic, sizeof magic - 1) != 0)
		return -1;
	s += sizeof magic - 1;
	while (*s != '\0')
		if (replay_text_field(o, &s) != 0)
			return -1;
	return o->n >= 2 && strcmp(o->key[0], "action") == 0 &&
	    strcmp(o->key[1], "instance") == 0 ? 0 : -1;
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

/* Parses a JSON array of strings (see replay_text.h). */
int
replay_text_strings(const char *text, char ***out, size_t *n)
{
	json_t *a = text != NULL ? json_loads(text, 0, NULL) : NULL;
	size_t i;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (a == NULL || !json_is_array(a))
		goto out;
	if ((*out = calloc(json_array_size(a) + 1, sizeof **out)) == NULL)
		goto out;
	for (i = 0; i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);

		if (!json_is_string(v) ||
		    ((*out)[i] = strdup(json_string_value(v))) == NULL)
			goto out;
		*n = i + 1;
	}
	rc = 0;
out:
	json_decref(a);
	return rc;
}

/* Frees what replay_text_strings made. */
void
replay_text_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
