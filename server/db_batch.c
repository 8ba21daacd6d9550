/* db_batch.c: building batches and text-array literals (see db_batch.h). */
#include "db_batch.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

/* Returns a new empty batch calling cb(b, arg) when done. */
struct db_batch *
db_batch_new(db_batch_cb cb, void *arg)
{
	struct db_batch *b = xcalloc(1, sizeof *b);

	b->cb = cb;
	b->arg = arg;
	b->failed_at = -1;
	return b;
}

/* Frees a batch and its results (NULL is a no-op). */
void
db_batch_free(struct db_batch *b)
{
	int i, j;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		for (j = 0; j < b->stmt[i].nparams; j++)
			free(b->stmt[i].params[j]);
		PQclear(b->res[i]);
	}
	free(b->stmt);
	free(b->res);
	free(b);
}

/* Makes room for one more statement; returns it, zeroed. */
static struct db_stmt *
db_batch_grow(struct db_batch *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 16 : b->cap * 2;
		b->stmt = xrealloc(b->stmt, sizeof *b->stmt * (size_t)b->cap);
		b->res = xrealloc(b->res, sizeof *b->res * (size_t)b->cap);
	}
	b->res[b->n] = NULL;
	memset(&b->stmt[b->n], 0, sizeof b->stmt[b->n]);
	return &b->stmt[b->n];
}

/* Appends a statement with copied text parameters; returns its index. */
int
db_batch_add(struct db_batch *b, const char *sql, int nparams,
    const char *const *params)
{
	struct db_stmt *s;
	int i;

	if (sql == NULL || nparams < 0 || nparams > DB_PARAMS_MAX)
		fatalx("db_batch_add: %d parameters", nparams);
	s = db_batch_grow(b);
	s->sql = sql;
	s->nparams = nparams;
	for (i = 0; i < nparams; i++) {
		s->params[i] = params[i] ? xstrdup(params[i]) : NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
	}
	return b->n++;
}

/* Appends a statement with parameters formatted per fmt (see db_batch.h). */
int
db_batch_addf(struct db_batch *b, const char *sql, const char *fmt, ...)
{
	va_list ap;
	int i;

	va_start(ap, fmt);
	i = db_batch_vaddf(b, sql, fmt, ap);
	va_end(ap);
	return i;
}

/* db_batch_addf with the parameters in a va_list. */
int
db_batch_vaddf(struct db_batch *b, const char *sql, const char *fmt,
    va_list ap)
{
	struct db_stmt *s;
	int i;

	if (sql == NULL || strlen(fmt) > DB_PARAMS_MAX)
		fatalx("db_batch_addf: too many parameters");
	s = db_batch_grow(b);
	s->sql = sql;
	s->nparams = (int)strlen(fmt);
	for (i = 0; fmt[i] != '\0'; i++) {
		const char *str;
		const void *p;
		size_t len;

		s->lengths[i] = 0;
		s->formats[i] = 0;
		switch (fmt[i]) {
		case 's':
			str = va_arg(ap, const char *);
			s->params[i] = str ? xstrdup(str) : NULL;
			break;
		case 'i':
			xasprintf(&s->params[i], "%lld",
			    (long long)va_arg(ap, long long));
			break;
		case 'b':
			s->params[i] = xstrdup(va_arg(ap, int) ? "t" : "f");
			break;
		case 'x':
			p = va_arg(ap, const void *);
			len = va_arg(ap, size_t);
			if (p == NULL && len > 0)
				fatalx("db_batch_addf: bytea without bytes");
			s->params[i] = xmalloc(len + 1);
			if (len > 0)
				memcpy(s->params[i], p, len);
			s->lengths[i] = (int)len;
			s->formats[i] = 1;
			break;
		default:
			fatalx("db_batch_addf: bad format %c", fmt[i]);
		}
	}
	return b->n++;
}

/* Moves every statement of src to the end of dst; src is left empty. */
void
db_batch_move(struct db_batch *dst, struct db_batch *src)
{
	int i;

	for (i = 0; i < src->n; i++) {
		*db_batch_grow(dst) = src->stmt[i];
		dst->n++;
	}
	src->n = 0;
}

/* Appends n bytes of s to t. */
static void
db_text_array_put(struct db_text_array *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/* Appends v to the array literal t, quoted (NULL: SQL NULL). */
void
db_text_array_add(struct db_text_array *t, const char *v)
{
	db_text_array_put(t, t->len == 0 ? "{" : ",", 1);
	if (v == NULL) {
		db_text_array_put(t, "NULL", 4);
		return;
	}
	db_text_array_put(t, "\"", 1);
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			db_text_array_put(t, "\\", 1);
		db_text_array_put(t, v, 1);
	}
	db_text_array_put(t, "\"", 1);
}

/* Closes the array literal t and returns it (see db_batch.h). */
const char *
db_text_array_end(struct db_text_array *t)
{
	db_text_array_put(t, t->len == 0 ? "{}" : "}", t->len == 0 ? 2 : 1);
	return t->s;
}

/* True when b failed because its connection went (see db_batch.h). */
bool
db_lost(const struct db_batch *b)
{
	return b->failed && strncmp(b->sqlstate, "08", 2) == 0;
}
