/*
 * coalesce.h: statement coalescing. A round of a group commit (group.h)
 * writes its requests' changes in one transaction; some of those changes
 * are better written once for the whole round than once per request:
 *
 *   final  a statement that sets a value outright (a counter's new total,
 *          from the snapshot): only the last request's is written, once,
 *          at the end of the transaction;
 *   row    one row of a statement that takes its rows as text arrays: the
 *          rows of every request with the same statement and shared values
 *          go in one statement, at the end and in the requests' order (the
 *          round's trail entries are such rows, trail.c);
 *   note   an event's notification: all of them in one statement.
 *
 * The round's requests reach this through their struct req_round, which
 * groupdb.c makes of it (req.h: req_write_final, req_write_row and the
 * trail); a request alone writes each at once, into its own batch.
 */
#ifndef YISHI_COALESCE_H
#define YISHI_COALESCE_H

#include <stdbool.h>
#include <stdint.h>

#include "db_batch.h"

#define COALESCE_FINALS 8	/* final statements per round */
#define COALESCE_ROWSETS 8	/* row statements per round */
#define COALESCE_SHARED 4	/* shared values of one row statement (at
				   least req.h's REQ_ROW_SHARED) */
#define COALESCE_COLS 9		/* columns of its rows (at least
				   REQ_ROW_COLS) */

/* The rows of a round for one row statement. */
struct coalesce_rows {
	const char	*sql;
	int		 nshared, ncols;
	char		*shared[COALESCE_SHARED];
	struct db_text_array col[COALESCE_COLS];	/* open literals */
};

/* One round's write while its requests are decided. Start from all
 * zeroes. */
struct coalesce {
	struct db_batch	*wb;		/* the statements in order */
	struct db_batch	*fin[COALESCE_FINALS];	/* finals, one each */
	int		 nfin;
	struct coalesce_rows rows[COALESCE_ROWSETS];
	int		 nrows;
	char		**notes;	/* the events' notifications, in order */
	int64_t		*note_seqs;	/* and their positions (event.h) */
	uint32_t	*note_idxs;
	int		 nnotes, notecap;
};

/* The round's batch of statements in order, made when absent. */
struct db_batch *coalesce_batch(struct coalesce *co);

/* An empty batch for co's final statement sql, in place of an earlier
 * request's (its statements are then dropped). */
struct db_batch *coalesce_final(struct coalesce *co, const char *sql);

/* Adds one row to co's statement sql with these shared values (made when
 * absent); false when co has COALESCE_ROWSETS others. */
bool coalesce_row(struct coalesce *co, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row);

/* Adds an event's notification (malloc'd; co takes it) at its position
 * (seq, idx). */
void coalesce_note(struct coalesce *co, char *note, int64_t seq,
    uint32_t idx);

/* The round's write: its statements, then one per row set, the
 * notifications and the finals. co keeps nothing of it. */
struct db_batch *coalesce_seal(struct coalesce *co);

/* Frees what co gathered; it can gather the next round's. */
void coalesce_clear(struct coalesce *co);

#endif
