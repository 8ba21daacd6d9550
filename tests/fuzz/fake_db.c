/*
 * fake_db.c: server/db.h without PostgreSQL, for the fuzz targets (see
 * fake.h). Results are plausible rather than random: row counts are small,
 * and each field is a word the schema could hold (names, roles, states,
 * dates, small numbers), or NULL, chosen by the fuzzer's bytes when the
 * daemon first reads it and then kept, so the handlers and the rules engine
 * decide on hostile but well-typed state. Misuse that PostgreSQL would not
 * survive either (reading a row past the end, a result of a failed batch,
 * too many parameters) aborts, so the fuzzer reports it. FAKE_DB_TRACE=1
 * in the environment prints which entropy byte answers which field.
 * Batches are built by the daemon's own db_batch.c; only the pool
 * (db_submit) and the results (db_rows and the other readers, PQclear) are
 * replaced.
 */
#include "fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "db.h"
#include "verify.h"

#define FAKE_COLS 64		/* widest result read */
#define FAKE_BATCHES 20000	/* completions per input before "runaway" */

struct fake_cell {
	char		*s;
	bool		 set, null;
};

struct fake_res {
	int		 rows;		/* -1 until decided */
	struct fake_cell *cells;	/* rows * FAKE_COLS */
	char		 sql[80];	/* for messages */
};

static const uint8_t *fake_p;
static size_t fake_n;
static STAILQ_HEAD(, db_batch) fake_queue =
    STAILQ_HEAD_INITIALIZER(fake_queue);
static size_t fake_queued;
static size_t fake_used;	/* entropy bytes drawn, for FAKE_DB_TRACE */
static bool fake_trace;

/* Words a text field may hold: the schema's vocabulary. */
static const char *const fake_words[] = {
	"alice", "bob", "carol", "dave", "erin", "admin",
	"secretary", "deputy", "member", "recorder", "office", "inspector",
	"observer", "scheduled", "noticed", "open", "closed", "proposed",
	"approved", "started", "voting", "decided", "deferred", "withdrawn",
	"expected", "present", "left", "leave_requested", "leave", "absent",
	"ordinary", "major_decision", "personnel", "major_project",
	"large_fund", "agree", "disagree", "defer", "abstain", "yes", "no",
	"oral", "hands", "roll_call", "secret", "passed", "rejected",
	"no_quorum", "party_group", "director_office", "bureau_affairs",
	"topic", "done", "pending", "overdue", "vote", "consensus", "", "x",
	"2024-05-06", "2024-05-06T09:00:00+08:00", "1970-01-01",
	"2038-01-19T03:14:07+00:00", "R-MTG-1", "R-VOTE-2",
	"Alice 甲", "议题：预算", "a\nb\tc\"\\",
	"abababababababababababababababababababababababababababababababab",
	"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	"1", "2", "0", "-1", "42",
};
#define FAKE_NWORDS (sizeof fake_words / sizeof fake_words[0])

/* Numbers an integer field may hold: ids, counts, seqs, microseconds. */
static const char *const fake_numbers[] = {
	"1", "0", "2", "3", "4", "5", "7", "8", "16", "100", "-1",
	"1715000000000000", "1715003600000000", "100000000", "2147483647",
	"4294967297", "-2147483648", "1000000000000", "30", "12",
};
#define FAKE_NNUMBERS (sizeof fake_numbers / sizeof fake_numbers[0])

/* Row counts, weighted towards the usual one. */
static const int fake_rowcounts[16] = {
	1, 1, 0, 2, 1, 3, 1, 4, 0, 2, 5, 1, 8, 2, 3, 33
};

/* SQLSTATEs a failing batch may report. */
static const char *const fake_states[] = {
	"40001", "23505", "23514", "22P02", "08006", "57014", "23503", "40P01",
};

/* Sets the bytes the fake database draws its answers from (borrowed). */
void
fake_db_begin(const uint8_t *p, size_t n)
{
	fake_p = p;
	fake_n = n;
	fake_used = 0;
	fake_trace = getenv("FAKE_DB_TRACE") != NULL;
}

/* Next entropy byte; 0 once the bytes are used up. */
uint8_t
fake_db_byte(void)
{
	if (fake_n == 0)
		return 0;
	fake_n--;
	fake_used++;
	return *fake_p++;
}

/* Free text of the fuzzer's choice: up to 64 bytes, no NUL (PostgreSQL
 * text never holds one). */
static char *
fake_db_text(void)
{
	size_t len = fake_db_byte() % 65, i, k = 0;
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	for (i = 0; i < len; i++) {
		uint8_t c = fake_db_byte();

		if (c != 0)
			s[k++] = (char)c;
	}
	s[k] = '\0';
	return s;
}

/* Copies a string or aborts. */
static char *
fake_db_strdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

/* A new empty result for statement sql. */
static struct fake_res *
fake_db_res_new(const char *sql)
{
	struct fake_res *fr = calloc(1, sizeof *fr);

	if (fr == NULL)
		abort();
	fr->rows = -1;
	snprintf(fr->sql, sizeof fr->sql, "%s", sql);
	return fr;
}

/* Frees a result. */
static void
fake_db_res_free(struct fake_res *fr)
{
	int i;

	if (fr == NULL)
		return;
	if (fr->cells != NULL)
		for (i = 0; i < fr->rows * FAKE_COLS; i++)
			free(fr->cells[i].s);
	free(fr->cells);
	free(fr);
}

/* Fixes the row count of a result. */
static void
fake_db_res_rows(struct fake_res *fr, int rows)
{
	fr->rows = rows;
	fr->cells = calloc((size_t)rows * FAKE_COLS + 1, sizeof *fr->cells);
	if (fr->cells == NULL)
		abort();
}

/* The result of statement i of a finished batch; aborts on misuse. */
static struct fake_res *
fake_db_res(const struct db_batch *b, int i)
{
	if (i < 0 || i >= b->n) {
		fprintf(stderr, "fake_db: result %d of a batch of %d\n", i,
		    b->n);
		abort();
	}
	if (b->failed) {
		fprintf(stderr, "fake_db: result %d of a failed batch read "
		    "(%s)\n", i, b->stmt[i].sql);
		abort();
	}
	return (struct fake_res *)(void *)b->res[i];
}

static int fake_db_mstate_query(const struct db_batch *b, int i);

/* True when column col of statement i may be NULL. Every explicit
 * db_isnull is the daemon asking about a nullable column, except in the
 * meeting snapshot, which asks about every text: there the schema's
 * nullable columns are listed (mstate.c's query order). */
static bool
fake_db_nullable(const struct db_batch *b, int i, int col)
{
	switch (fake_db_mstate_query(b, i)) {
	case -1:
		return true;
	case 0:		/* chair, noticed/opened/closed_at, head hash */
		return col == 9 || (col >= 12 && col <= 14) || col == 21;
	case 2:		/* the item's vote (LEFT JOIN) */
		return col == 21;
	default:
		return false;
	}
}

/* The index of statement i among the meeting snapshot's queries
 * (mstate.c's order), or -1 for another statement. */
static int
fake_db_mstate_query(const struct db_batch *b, int i)
{
	static const char prefix[] = "WITH m AS";
	int k, q = 0;

	if (strncmp(b->stmt[i].sql, prefix, sizeof prefix - 1) != 0)
		return -1;
	for (k = 0; k < i; k++)
		if (strncmp(b->stmt[k].sql, prefix, sizeof prefix - 1) == 0)
			q++;
	return q;
}

/* The words a snapshot column holds by the schema's CHECKs, so that the
 * usual answer is a valid meeting; NULL for any word. */
static const char *const *
fake_db_vocab(const struct db_batch *b, int i, int col, size_t *n)
{
	static const char *const profiles[] = { "party_group",
	    "director_office", "bureau_affairs", "topic" };
	static const char *const mstates[] = { "open", "scheduled",
	    "noticed", "closed" };
	static const char *const roles[] = { "secretary", "member", "deputy",
	    "recorder", "office", "inspector", "observer" };
	static const char *const atts[] = { "present", "expected", "left",
	    "leave_requested", "leave", "absent" };
	static const char *const cats[] = { "ordinary", "major_decision",
	    "personnel", "major_project", "large_fund" };
	static const char *const istates[] = { "started", "proposed",
	    "approved", "voting", "decided", "deferred", "withdrawn" };
	static const char *const methods[] = { "roll_call", "hands", "oral",
	    "secret" };
	static const char *const vstates[] = { "open", "closed" };
	static const char *const positions[] = { "agree", "disagree", "defer",
	    "abstain" };
	static const char *const choices[] = { "yes", "no", "abstain", "" };
	static const char *const names[] = { "alice", "bob", "carol", "dave",
	    "erin" };
#define FAKE_V(v) (*n = sizeof v / sizeof v[0], v)

	switch (fake_db_mstate_query(b, i) * 100 + col) {
	case 8:
		return FAKE_V(mstates);
	case 16:
	case 17:
		return FAKE_V(profiles);
	case 100:
	case 300 + 2:
	case 400 + 1:
	case 500 + 1:
	case 600 + 1:
	case 700 + 1:
	case 800 + 1:
	case 900 + 1:
	case 1300:
		return FAKE_V(names);
	case 100 + 2:
		return FAKE_V(roles);
	case 1300 + 1:
		return FAKE_V(atts);
	case 200 + 3:
		return FAKE_V(cats);
	case 200 + 11:
		return FAKE_V(istates);
	case 200 + 21:
		return FAKE_V(methods);
	case 200 + 22:
		return FAKE_V(vstates);
	case 300 + 3:
	case 800 + 2:
		return FAKE_V(positions);
	case 400 + 2:
		return FAKE_V(choices);
	default:
		return NULL;
	}
#undef FAKE_V
}

/* The cell (row, col) of result i; kind is how it is first read:
 * 's' text, 'n' nullable text, 'i' integer, 'b' boolean. */
static struct fake_cell *
fake_db_cell(const struct db_batch *b, int i, int row, int col, char kind)
{
	struct fake_res *fr = fake_db_res(b, i);
	struct fake_cell *c;
	uint8_t x;

	if (fr->rows < 0)	/* read without asking how many: one row is
				   certain (an aggregate) */
		fake_db_res_rows(fr, row + 1 > 0 ? row + 1 : 1);
	if (row < 0 || row >= fr->rows || col < 0 || col >= FAKE_COLS) {
		fprintf(stderr, "fake_db: field (%d, %d) of %d rows read in "
		    "statement %d: %s\n", row, col, fr->rows, i, fr->sql);
		abort();
	}
	c = &fr->cells[row * FAKE_COLS + col];
	if (c->set)
		return c;
	c->set = true;
	if (fake_trace)
		fprintf(stderr, "fake_db: byte %zu: statement %d (%.40s) row %d "
		    "col %d as %c\n", fake_used, i, fr->sql, row, col, kind);
	x = fake_db_byte();
	switch (kind) {
	case 'i':
		c->s = fake_db_strdup(fake_numbers[x % FAKE_NNUMBERS]);
		break;
	case 'b':
		c->s = fake_db_strdup(x & 1 ? "t" : "f");
		break;
	case 'n':
		if (x >= 0xe0 && fake_db_nullable(b, i, col)) {
			c->null = true;
			c->s = fake_db_strdup("");
			break;
		}
		/* FALLTHROUGH */
	default: {
		const char *const *v;
		size_t nv;

		if (x == 0xdf)
			c->s = fake_db_text();
		else if (x < 0xc0 && (v = fake_db_vocab(b, i, col, &nv)) != NULL)
			c->s = fake_db_strdup(v[x % nv]);
		else
			c->s = fake_db_strdup(fake_words[x % FAKE_NWORDS]);
		break;
	}
	}
	return c;
}

/* Creates the pool: nothing to connect to. */
struct db *
db_new(struct event_base *base, const char *conninfo, int size)
{
	(void)base;
	(void)conninfo;
	(void)size;
	return NULL;
}

/* Closes the pool: nothing to close. */
void
db_free(struct db *db)
{
	(void)db;
}

/* libpq's PQclear for the results made here: db_batch_free (the daemon's
 * own, db_batch.c) frees a batch's results with it. */
void
PQclear(PGresult *res)
{
	fake_db_res_free((struct fake_res *)(void *)res);
}

/* Listens: no notification ever arrives. */
void
db_listen(struct db *db, const char *channel, db_notify_cb cb, void *arg)
{
	(void)db;
	(void)channel;
	(void)cb;
	(void)arg;
}

/* Queues the batch; fake_db_drain completes it. */
void
db_submit(struct db *db, struct db_batch *b)
{
	(void)db;
	if (b->n == 0) {
		fprintf(stderr, "fake_db: empty batch submitted\n");
		abort();
	}
	STAILQ_INSERT_TAIL(&fake_queue, b, entry);
	fake_queued++;
}

/* Always ready. */
bool
db_ready(const struct db *db)
{
	(void)db;
	return true;
}

/* Batches queued. */
size_t
db_pending(const struct db *db)
{
	(void)db;
	return fake_queued;
}

/* True when a text parameter is valid UTF-8, as PostgreSQL demands. */
static bool
fake_db_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 :
		    (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (n < 0 || (n == 1 && *p < 0xc2))
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
}

/* Marks b failed as PostgreSQL would report it. */
static void
fake_db_fail(struct db_batch *b, const char *state, int at)
{
	b->failed = true;
	b->failed_at = at;
	snprintf(b->sqlstate, sizeof b->sqlstate, "%s", state);
	snprintf(b->error, sizeof b->error, "fake failure %s", state);
}

/* Finishes one batch: a failure, or empty results filled on demand. */
static void
fake_db_complete(struct db_batch *b)
{
	uint8_t x = fake_db_byte();
	int i, j;

	for (i = 0; i < b->n && !b->failed; i++)
		for (j = 0; j < b->stmt[i].nparams; j++)
			if (b->stmt[i].params[j] != NULL &&
			    b->stmt[i].formats[j] == 0 &&
			    !fake_db_utf8(b->stmt[i].params[j]))
				fake_db_fail(b, "22021", i);
	if (!b->failed && x >= 0xf0)
		fake_db_fail(b, fake_states[x & 7], b->n - 1);
	if (b->failed)
		return;
	for (i = 0; i < b->n; i++)
		b->res[i] = (PGresult *)(void *)fake_db_res_new(b->stmt[i].sql);
}

/* Completes queued batches until none is left (see fake.h). */
int
fake_db_drain(void)
{
	struct db_batch *b;
	int done = 0;

	for (;;) {
		/* A signature's answer may come before or after a batch's. */
		if ((STAILQ_EMPTY(&fake_queue) || (verify_pending() > 0 &&
		    (fake_db_byte() & 1))) && fake_verify_answer())
			continue;
		if ((b = STAILQ_FIRST(&fake_queue)) == NULL) {
			/* Idle: a timer's turn (a group's pause). */
			if (!fake_timer_fire())
				break;
			if (++done > FAKE_BATCHES) {
				fprintf(stderr, "fake_db: runaway: %d\n", done);
				abort();
			}
			continue;
		}
		STAILQ_REMOVE_HEAD(&fake_queue, entry);
		fake_queued--;
		if (++done > FAKE_BATCHES) {
			fprintf(stderr, "fake_db: runaway: %d batches\n", done);
			abort();
		}
		fake_db_complete(b);
		b->cb(b, b->arg);
	}
	return done;
}

/* Frees what a test left queued. */
void
fake_db_end(void)
{
	struct db_batch *b;

	while ((b = STAILQ_FIRST(&fake_queue)) != NULL) {
		STAILQ_REMOVE_HEAD(&fake_queue, entry);
		db_batch_free(b);
	}
	fake_queued = 0;
	fake_p = NULL;
	fake_n = 0;
}

/* Number of rows of result i. */
int
db_rows(const struct db_batch *b, int i)
{
	struct fake_res *fr;

	if (b->failed && i >= 0 && i < b->n)
		return 0;	/* db.c: no result kept */
	fr = fake_db_res(b, i);

	if (fr->rows < 0)
		fake_db_res_rows(fr, fake_rowcounts[fake_db_byte() & 15]);
	return fr->rows;
}

/* Text of one field ("" for NULL). */
const char *
db_get(const struct db_batch *b, int i, int row, int col)
{
	return fake_db_cell(b, i, row, col, 's')->s;
}

/* True when the field is SQL NULL. */
bool
db_isnull(const struct db_batch *b, int i, int row, int col)
{
	return fake_db_cell(b, i, row, col, 'n')->null;
}

/* The field as an integer (0 for NULL). */
long long
db_getll(const struct db_batch *b, int i, int row, int col)
{
	return strtoll(fake_db_cell(b, i, row, col, 'i')->s, NULL, 10);
}

/* The field as a boolean. */
bool
db_getbool(const struct db_batch *b, int i, int row, int col)
{
	return fake_db_cell(b, i, row, col, 'b')->s[0] == 't';
}
