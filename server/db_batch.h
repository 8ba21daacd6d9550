/*
 * db_batch.h: building a batch of statements for the pool (db.h), and the
 * PostgreSQL text-array literal a statement takes its rows in. Nothing here
 * talks to PostgreSQL: the fuzz harness links this file as it is and fakes
 * only the pool (db_submit) and the results.
 */
#ifndef YISHI_DB_BATCH_H
#define YISHI_DB_BATCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <libpq-fe.h>

#define DB_PARAMS_MAX 16	/* parameters of one statement */

struct db_batch;

typedef void (*db_batch_cb)(struct db_batch *b, void *arg);

struct db_stmt {
	const char	*sql;		/* static text, borrowed */
	int		 nparams;
	char		*params[DB_PARAMS_MAX];	/* owned; NULL is SQL NULL */
	int		 lengths[DB_PARAMS_MAX];
	int		 formats[DB_PARAMS_MAX];	/* 1: binary (bytea) */
};

struct db_batch {
	struct db_stmt	*stmt;			/* grows as statements are added */
	PGresult	**res;			/* owned, freed by db_batch_free */
	int		 n, cap;
	bool		 failed;
	char		 sqlstate[6];		/* of the first failure */
	char		 error[256];
	int		 failed_at;		/* statement index, or -1 */
	db_batch_cb	 cb;
	void		*arg;
	STAILQ_ENTRY(db_batch) entry;		/* in the pool's queue */
	int64_t		 queued_at;		/* µs, for the queue timeout */
};

/* Returns a new empty batch calling cb(b, arg) when done. */
struct db_batch *db_batch_new(db_batch_cb cb, void *arg);

/* Frees a batch and its results (NULL is a no-op). */
void db_batch_free(struct db_batch *b);

/*
 * Appends a statement; the params are copied (NULL entries are SQL NULL).
 * Returns the statement's index.
 */
int db_batch_add(struct db_batch *b, const char *sql, int nparams,
    const char *const *params);

/* Appends a statement whose parameters are formatted from a format string
 * of 's' (string, NULL allowed), 'i' (int64), 'b' (bool), 'x' (bytea as
 * ptr,len). Returns the statement's index. */
int db_batch_addf(struct db_batch *b, const char *sql, const char *fmt, ...);

/* db_batch_addf with the parameters in a va_list. */
int db_batch_vaddf(struct db_batch *b, const char *sql, const char *fmt,
    va_list ap);

/* Moves every statement of src (not yet submitted) to the end of dst; src is
 * left empty. */
void db_batch_move(struct db_batch *dst, struct db_batch *src);

/*
 * A text array literal for one statement parameter, built element by
 * element: db_text_array_add adds one (quoted; NULL is SQL NULL),
 * db_text_array_end closes it ("{}" when empty) and returns it. Start from
 * all zeroes; the caller frees t->s.
 */
struct db_text_array {
	char		*s;
	size_t		 len, cap;
};
void db_text_array_add(struct db_text_array *t, const char *v);
const char *db_text_array_end(struct db_text_array *t);

/* True when b failed because its connection went (SQLSTATE class 08):
 * whether it committed is not known. */
bool db_lost(const struct db_batch *b);

#endif
