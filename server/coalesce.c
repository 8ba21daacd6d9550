/* coalesce.c: statement coalescing in a round's write (see coalesce.h). */
#include "coalesce.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "push.h"
#include "req.h"
#include "xmalloc.h"

/* The round's batch of statements in order, made when absent. */
struct db_batch *
coalesce_batch(struct coalesce *co)
{
	if (co->wb == NULL)	/* its callback is set with its round's */
		co->wb = db_batch_new(NULL, NULL);
	return co->wb;
}

/* The row set of co for sql and shared, made when absent; NULL when co has
 * COALESCE_ROWSETS others. */
static struct coalesce_rows *
coalesce_rows_find(struct coalesce *co, const char *sql, int nshared,
    const char *const *shared, int ncols)
{
	struct coalesce_rows *x;
	int i, k;

	for (i = 0; i < co->nrows; i++) {
		x = &co->rows[i];
		if (strcmp(x->sql, sql) != 0 || x->nshared != nshared ||
		    x->ncols != ncols)
			continue;
		for (k = 0; k < nshared; k++)
			if (strcmp(x->shared[k], shared[k]) != 0)
				break;
		if (k == nshared)
			return x;
	}
	if (co->nrows == COALESCE_ROWSETS)
		return NULL;
	x = &co->rows[co->nrows++];
	x->sql = sql;
	x->nshared = nshared;
	x->ncols = ncols;
	for (k = 0; k < nshared; k++)
		x->shared[k] = xstrdup(shared[k]);
	return x;
}

/* Adds one row to co's statement sql (see coalesce.h). */
bool
coalesce_row(struct coalesce *co, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row)
{
	struct coalesce_rows *x;
	int k;

	if (nshared > COALESCE_SHARED || ncols > COALESCE_COLS)
		fatalx("coalesce_row: too many values");
	if ((x = coalesce_rows_find(co, sql, nshared, shared, ncols)) == NULL)
		return false;
	for (k = 0; k < ncols; k++)
		db_text_array_add(&x->col[k], row[k]);
	return true;
}

/* Adds an event's notification. */
void
coalesce_note(struct coalesce *co, char *note)
{
	if (co->nnotes == co->notecap) {
		co->notecap = co->notecap == 0 ? 64 : co->notecap * 2;
		co->notes = xrealloc(co->notes, sizeof *co->notes *
		    (size_t)co->notecap);
	}
	co->notes[co->nnotes++] = note;
}

/* The round's write, in its final order (see coalesce.h). */
struct db_batch *
coalesce_seal(struct coalesce *co)
{
	const char *params[COALESCE_SHARED + COALESCE_COLS];
	struct db_batch *wb = coalesce_batch(co);
	int i, k;

	for (i = 0; i < co->nrows; i++) {
		struct coalesce_rows *x = &co->rows[i];

		for (k = 0; k < x->nshared; k++)
			params[k] = x->shared[k];
		for (k = 0; k < x->ncols; k++)
			params[x->nshared + k] = db_text_array_end(&x->col[k]);
		db_batch_add(wb, x->sql, x->nshared + x->ncols, params);
	}
	push_add_many(wb, co->notes, co->nnotes);
	for (i = 0; i < co->nfin; i++)
		db_batch_move(wb, co->fin[i]);
	co->wb = NULL;
	return wb;
}

/* Frees what co gathered. */
void
coalesce_clear(struct coalesce *co)
{
	int i, k;

	db_batch_free(co->wb);
	co->wb = NULL;
	while (co->nfin > 0)
		db_batch_free(co->fin[--co->nfin]);
	for (i = 0; i < co->nrows; i++) {
		for (k = 0; k < co->rows[i].nshared; k++)
			free(co->rows[i].shared[k]);
		for (k = 0; k < co->rows[i].ncols; k++)
			free(co->rows[i].col[k].s);
	}
	memset(co->rows, 0, sizeof co->rows);
	co->nrows = 0;
	while (co->nnotes > 0)
		free(co->notes[--co->nnotes]);
}

/* Adds a statement that sets a value outright (see coalesce.h). */
void
coalesce_write_final(struct req *r, const char *sql, const char *fmt, ...)
{
	struct coalesce *co = r->co;
	struct db_batch *b = NULL;
	va_list ap;
	int i;

	if (co != NULL) {
		for (i = 0; i < co->nfin && b == NULL; i++)
			if (strcmp(co->fin[i]->stmt[0].sql, sql) == 0)
				b = co->fin[i];
		if (b == NULL && co->nfin == COALESCE_FINALS)
			fatalx("coalesce_write_final: more than %d statements",
			    COALESCE_FINALS);
		if (b == NULL)
			b = co->fin[co->nfin++] = db_batch_new(NULL, NULL);
		else {
			db_batch_free(b);
			b = co->fin[i - 1] = db_batch_new(NULL, NULL);
		}
	} else
		b = req_batch(r);
	va_start(ap, fmt);
	db_batch_vaddf(b, sql, fmt, ap);
	va_end(ap);
}

/* Adds one row to a statement taking its rows as arrays (see
 * coalesce.h). */
void
coalesce_write_row(struct req *r, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row)
{
	const char *params[COALESCE_SHARED + COALESCE_COLS];
	struct db_text_array one[COALESCE_COLS];
	int k;

	if (nshared > COALESCE_SHARED || ncols > COALESCE_COLS)
		fatalx("coalesce_write_row: too many values");
	if (r->co != NULL &&
	    coalesce_row(r->co, sql, nshared, shared, ncols, row))
		return;
	/* Alone: one row, written now. */
	memset(one, 0, sizeof one);
	for (k = 0; k < nshared; k++)
		params[k] = shared[k];
	for (k = 0; k < ncols; k++) {
		db_text_array_add(&one[k], row[k]);
		params[nshared + k] = db_text_array_end(&one[k]);
	}
	db_batch_add(req_batch(r), sql, nshared + ncols, params);
	for (k = 0; k < ncols; k++)
		free(one[k].s);
}
