/*
 * db.h: a small pool of non-blocking libpq connections in pipeline mode.
 *
 * Work is submitted as a batch: a list of parameterised statements sent
 * together and followed by one Sync, so that PostgreSQL runs them as one
 * implicit transaction. The callback runs on the event loop when the batch
 * has committed (ok) or failed (nothing of it was kept). Nothing here ever
 * blocks the loop.
 */
#ifndef YISHI_DB_H
#define YISHI_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <libpq-fe.h>

#define DB_PARAMS_MAX 16	/* parameters of one statement */
#define DB_QUEUE_TIMEOUT_S 5	/* a batch waits this long for a connection
				   while the database is down, then fails */

struct db;
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
	struct db_batch	*next;			/* queue link */
	int64_t		 queued_at;		/* µs, for the queue timeout */
};

typedef void (*db_notify_cb)(const char *channel, const char *payload,
    void *arg);

/* Creates the pool; connections start at once and reconnect by themselves. */
struct db *db_new(struct event_base *base, const char *conninfo, int size);

/* Closes every connection; batches still queued fail with "unavailable". */
void db_free(struct db *db);

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
 * Keeps one more connection that LISTENs on channel and calls cb for every
 * notification, reconnecting by itself. Notifications sent while it is
 * reconnecting are lost (PostgreSQL keeps none for absent listeners).
 */
void db_listen(struct db *db, const char *channel, db_notify_cb cb, void *arg);

/* Queues the batch; ownership passes to the pool until the callback. */
void db_submit(struct db *db, struct db_batch *b);

/* True when at least one connection is ready. */
bool db_ready(const struct db *db);

/* Number of batches waiting or in flight (for draining at shutdown). */
size_t db_pending(const struct db *db);

/* Helpers over a finished batch. */
int db_rows(const struct db_batch *b, int i);
const char *db_get(const struct db_batch *b, int i, int row, int col);
bool db_isnull(const struct db_batch *b, int i, int row, int col);
long long db_getll(const struct db_batch *b, int i, int row, int col);
bool db_getbool(const struct db_batch *b, int i, int row, int col);

#endif
