/* coalesce.c: statement coalescing in a round's write (see coalesce.h). */
#include "coalesce.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "push.h"
#include "xmalloc.h"

/* The round's batch of statements in order, made when absent. */
struct db_batch *
coalesce_batch(struct coalesce *co)
{
	if (co->wb == NULL)	/* its callback is set with its round's */
		co->wb = db_batch_new(NULL, NULL);
	return co->wb;
}

/* An empty batch for co's final statement sql, in place of an earlier
 * request's (see coalesce.h). */
struct db_batch *
coalesce_final(struct coalesce *co, const char *sql)
{
	int i;

	for (i = 0; i < co->nfin; i++) {
		if (strcmp(co->fin[i]->stmt[0].sql, sql) == 0) {
			db_batch_free(co->fin[i]);
			return co->fin[i] = db_batch_new(NULL, NULL);
		}
	}
	if (co->nfin == COALESCE_FINALS)
		fatalx("coalesce_final: more than %d statements",
		    COALESCE_FINALS);
	return co->fin[co->nfin++] = db_batch_new(NULL, NULL);
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
coalesce_note(struct coalesce *co, char *note, int64_t seq, uint32_t idx)
{
	if (co->nnotes == co->notecap) {
		co->notecap = co->notecap == 0 ? 64 : co->notecap * 2;
		co->notes = xrealloc(co->notes, sizeof *co->notes *
		    (size_t)co->notecap);
		co->note_seqs = xrealloc(co->note_seqs, sizeof *co->note_seqs *
		    (size_t)co->notecap);
		co->note_idxs = xrealloc(co->note_idxs, sizeof *co->note_idxs *
		    (size_t)co->notecap);
	}
	co->note_seqs[co->nnotes] = seq;
	co->note_idxs[co->nnotes] = idx;
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
	push_add_many(wb, co->notes, co->note_seqs, co->note_idxs, co->nnotes);
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
