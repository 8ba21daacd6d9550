/*
 * db.c: a small pool of non-blocking libpq connections in pipeline mode
 * (see db.h). Each connection carries at most one batch at a time; batches
 * wait in one FIFO shared by the pool. Each connection prepares every
 * statement text the first time it sends it (PQsendPrepare in the same
 * pipeline) and from then on sends only its name and parameters: PostgreSQL
 * then neither parses nor plans it again (the plenary sends thousands of the
 * same few statements a second).
 */
#include "db.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

enum db_state {
	DB_S_CONNECTING,
	DB_S_IDLE,
	DB_S_BUSY,
	DB_S_BROKEN,		/* waiting for the reconnect timer */
	DB_S_LISTEN		/* the listener: LISTEN sent, reading notifies */
};

#define DB_PREP_SLOTS 1024	/* per connection; a power of two */
#define DB_PREP_MAX 512		/* statements prepared per connection */

enum db_prep_state {
	DB_PREP_NONE,		/* not (or no longer) prepared */
	DB_PREP_SENT,		/* its Parse is in the pipeline */
	DB_PREP_READY		/* prepared on the connection */
};

/* A statement text and its name ("y<id>") on one connection. */
struct db_prep {
	char		*sql;		/* NULL: empty slot */
	uint32_t	 hash;
	int		 id;
	enum db_prep_state state;
};

struct db_conn {
	struct db	*db;
	int		 index;
	PGconn		*pg;
	enum db_state	 state;
	struct event	*ev;		/* on the socket */
	int		 fd;
	short		 want;		/* events ev is armed for */
	struct event	*timer;		/* reconnect backoff */
	int		 backoff_ms;
	struct db_batch	*cur;
	int		 got;		/* statements whose results are complete */
	bool		 listener;	/* the LISTEN connection, not in the pool */
	struct db_prep	*prep;		/* DB_PREP_SLOTS, or NULL */
	int		 nprep, nextid;
	int		*sent;		/* what the batch sent, in order: statement
					   index, or -1 - slot for a Parse */
	int		 nsent, sentcap, pos;
};

struct db {
	struct event_base *base;
	char		*conninfo;
	int		 size;
	struct db_conn	*conns;
	STAILQ_HEAD(, db_batch) queue;	/* waiting for a connection */
	size_t		 pending;	/* waiting + in flight */
	struct db_conn	*lconn;		/* LISTEN connection, or NULL */
	struct event	*sweep;		/* fails batches the database never took */
	char		*channel;
	db_notify_cb	 notify_cb;
	void		*notify_arg;
};

static void db_conn_start(struct db_conn *c);
static void db_conn_event(evutil_socket_t fd, short what, void *arg);
static void db_dispatch(struct db *db);
static void db_conn_timer(evutil_socket_t fd, short what, void *arg);
static void db_listen_start(struct db_conn *c);
static void db_listen_read(struct db_conn *c);

/* Names a connection state for logs. */
static const char *
db_state_name(enum db_state s)
{
	switch (s) {
	case DB_S_CONNECTING:
		return "connecting";
	case DB_S_IDLE:
		return "idle";
	case DB_S_BUSY:
		return "busy";
	case DB_S_BROKEN:
		return "broken";
	case DB_S_LISTEN:
		return "listen";
	}
	return "?";
}

/* The one place a connection changes state, logged at debug level. */
static void
db_conn_set_state(struct db_conn *c, enum db_state s)
{
	log_debug("db[%d]: %s -> %s", c->index, db_state_name(c->state),
	    db_state_name(s));
	c->state = s;
}

/* Arms the socket event for `what`, re-reading PQsocket() each time. */
static void
db_conn_watch(struct db_conn *c, short what)
{
	int fd = PQsocket(c->pg);

	if (c->ev != NULL && (fd != c->fd || what != c->want)) {
		event_free(c->ev);
		c->ev = NULL;
	}
	if (c->ev == NULL && fd >= 0) {
		c->ev = event_new(c->db->base, fd, what | EV_PERSIST,
		    db_conn_event, c);
		event_add(c->ev, NULL);
	}
	c->fd = fd;
	c->want = what;
}

/* Finishes a batch: hands it to its callback. */
static void
db_batch_done(struct db *db, struct db_batch *b)
{
	db->pending--;
	b->cb(b, b->arg);
}

/* Marks a batch failed with a SQLSTATE and a message. */
static void
db_batch_fail(struct db_batch *b, const char *sqlstate, const char *msg,
    int at)
{
	if (b->failed)
		return;
	b->failed = true;
	b->failed_at = at;
	snprintf(b->sqlstate, sizeof b->sqlstate, "%s", sqlstate);
	snprintf(b->error, sizeof b->error, "%s", msg);
	b->error[strcspn(b->error, "\n")] = '\0';
}

/* FNV-1a of a statement's text. */
static uint32_t
db_prep_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* The slot of sql on c, added when absent; -1 when the table is full. */
static int
db_prep_find(struct db_conn *c, const char *sql)
{
	uint32_t h = db_prep_hash(sql);
	size_t slot = h & (DB_PREP_SLOTS - 1);
	struct db_prep *p;

	if (c->prep == NULL)
		c->prep = xcalloc(DB_PREP_SLOTS, sizeof *c->prep);
	for (;; slot = (slot + 1) & (DB_PREP_SLOTS - 1)) {
		p = &c->prep[slot];
		if (p->sql == NULL)
			break;
		if (p->hash == h && strcmp(p->sql, sql) == 0)
			return (int)slot;
	}
	if (c->nprep >= DB_PREP_MAX)
		return -1;
	p->sql = xstrdup(sql);
	p->hash = h;
	p->id = c->nextid++;
	c->nprep++;
	p->state = DB_PREP_NONE;
	return (int)slot;
}

/* Forgets every prepared statement of c (a new session has none). */
static void
db_prep_clear(struct db_conn *c)
{
	int i;

	if (c->prep == NULL)
		return;
	for (i = 0; i < DB_PREP_SLOTS; i++)
		free(c->prep[i].sql);
	free(c->prep);
	c->prep = NULL;
	c->nprep = c->nextid = 0;
}

/* Notes what the batch sent next: statement i, or a Parse (-1 - slot). */
static void
db_conn_sent(struct db_conn *c, int what)
{
	if (c->nsent == c->sentcap) {
		c->sentcap = c->sentcap == 0 ? 64 : c->sentcap * 2;
		c->sent = xrealloc(c->sent, sizeof *c->sent *
		    (size_t)c->sentcap);
	}
	c->sent[c->nsent++] = what;
}

/* Drops a broken connection, fails its batch and schedules a reconnect. */
static void
db_conn_broken(struct db_conn *c, const char *reason)
{
	struct db_batch *b = c->cur;
	struct timeval tv;
	char why[256];

	/* reason is often PQerrorMessage(c->pg): copy it before PQfinish. */
	snprintf(why, sizeof why, "%s", reason);
	why[strcspn(why, "\n")] = '\0';
	log_warnx("database connection %d lost: %s", c->index, why);
	if (c->ev != NULL) {
		event_free(c->ev);
		c->ev = NULL;
	}
	if (c->pg != NULL) {
		PQfinish(c->pg);
		c->pg = NULL;
	}
	db_prep_clear(c);
	c->nsent = c->pos = 0;
	c->cur = NULL;
	db_conn_set_state(c, DB_S_BROKEN);
	c->backoff_ms = c->backoff_ms == 0 ? 100 : c->backoff_ms * 2;
	if (c->backoff_ms > 5000)
		c->backoff_ms = 5000;
	tv.tv_sec = c->backoff_ms / 1000;
	tv.tv_usec = (c->backoff_ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
	if (b != NULL) {
		/* 08006: connection failure; the commit state is unknown only
		 * if the Sync was sent, and then nothing was acknowledged. */
		db_batch_fail(b, "08006", why, -1);
		db_batch_done(c->db, b);
	}
}

/* Reconnect timer fired. */
static void
db_conn_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	db_conn_start(arg);
}

/* Starts an asynchronous connect. */
static void
db_conn_start(struct db_conn *c)
{
	c->pg = PQconnectStart(c->db->conninfo);
	c->fd = -1;
	if (c->pg == NULL || PQstatus(c->pg) == CONNECTION_BAD) {
		db_conn_broken(c, c->pg ? PQerrorMessage(c->pg) : "out of memory");
		return;
	}
	db_conn_set_state(c, DB_S_CONNECTING);
	db_conn_watch(c, EV_WRITE);
}

/* Sends the current batch: every statement, then one Sync. */
static void
db_conn_send(struct db_conn *c)
{
	struct db_batch *b = c->cur;
	int i, r, slot, ok;
	char name[16];

	c->got = 0;
	c->nsent = c->pos = 0;
	for (i = 0; i < b->n; i++) {
		struct db_stmt *s = &b->stmt[i];
		struct db_prep *p;

		if ((slot = db_prep_find(c, s->sql)) < 0) {
			ok = PQsendQueryParams(c->pg, s->sql, s->nparams, NULL,
			    (const char *const *)s->params, s->lengths,
			    s->formats, 0);
			db_conn_sent(c, i);
			if (!ok) {
				db_conn_broken(c, PQerrorMessage(c->pg));
				return;
			}
			continue;
		}
		p = &c->prep[slot];
		snprintf(name, sizeof name, "y%d", p->id);
		if (p->state == DB_PREP_NONE) {
			if (!PQsendPrepare(c->pg, name, s->sql, 0, NULL)) {
				db_conn_broken(c, PQerrorMessage(c->pg));
				return;
			}
			p->state = DB_PREP_SENT;
			db_conn_sent(c, -1 - slot);
		}
		ok = PQsendQueryPrepared(c->pg, name, s->nparams,
		    (const char *const *)s->params, s->lengths, s->formats, 0);
		db_conn_sent(c, i);
		if (!ok) {
			db_conn_broken(c, PQerrorMessage(c->pg));
			return;
		}
	}
	if (!PQpipelineSync(c->pg)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	r = PQflush(c->pg);
	if (r < 0) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	db_conn_watch(c, r == 1 ? (EV_READ | EV_WRITE) : EV_READ);
}

/*
 * A result of a Parse the batch sent (c->sent[c->pos] < 0): the statement
 * is prepared, or the batch fails as the statement itself would. Returns
 * true when r was consumed (a Sync is left to the caller).
 */
static bool
db_conn_parsed(struct db_conn *c, struct db_batch *b, PGresult *r)
{
	struct db_prep *p = &c->prep[-1 - c->sent[c->pos]];
	const char *st, *msg;

	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
		p->state = DB_PREP_READY;
		break;
	case PGRES_FATAL_ERROR:
		st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		db_batch_fail(b, st ? st : "XX000", msg ? msg : "error", c->got);
		break;
	case PGRES_PIPELINE_SYNC:
		return false;
	default:			/* PGRES_PIPELINE_ABORTED */
		break;
	}
	PQclear(r);
	return true;
}

/* The batch's Sync came back: a Parse that never ran (its pipeline had
 * failed before it) is sent again next time; a failure that says the
 * prepared statements are gone or stale makes them all prepared again. */
static void
db_conn_synced(struct db_conn *c)
{
	const char *st = c->cur->sqlstate;
	int i;

	if (c->cur->failed && (strcmp(st, "26000") == 0 ||
	    strcmp(st, "0A000") == 0)) {
		for (i = 0; c->prep != NULL && i < DB_PREP_SLOTS; i++) {
			c->prep[i].state = DB_PREP_NONE;
			c->prep[i].id = c->nextid++;	/* the old may live */
		}
		return;
	}
	for (i = 0; i < c->nsent; i++)
		if (c->sent[i] < 0 &&
		    c->prep[-1 - c->sent[i]].state == DB_PREP_SENT)
			c->prep[-1 - c->sent[i]].state = DB_PREP_NONE;
}

/* Reads every result available without blocking. */
static void
db_conn_read(struct db_conn *c)
{
	struct db_batch *b;
	PGresult *r;

	if (!PQconsumeInput(c->pg)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	while ((b = c->cur) != NULL && !PQisBusy(c->pg)) {
		r = PQgetResult(c->pg);
		if (r == NULL) {
			/* End of one statement's (or one Parse's) results. */
			if (c->pos < c->nsent && c->sent[c->pos++] >= 0)
				c->got++;
			continue;
		}
		if (c->pos < c->nsent && c->sent[c->pos] < 0 &&
		    db_conn_parsed(c, b, r))
			continue;
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			PQclear(r);
			db_conn_synced(c);
			c->cur = NULL;
			db_conn_set_state(c, DB_S_IDLE);
			db_batch_done(c->db, b);
			break;
		case PGRES_PIPELINE_ABORTED:
			db_batch_fail(b, "25P02", "aborted", c->got);
			PQclear(r);
			break;
		case PGRES_FATAL_ERROR: {
			const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			const char *msg = PQresultErrorField(r,
			    PG_DIAG_MESSAGE_PRIMARY);

			db_batch_fail(b, st ? st : "XX000", msg ? msg : "error",
			    c->got);
			PQclear(r);
			break;
		}
		default:
			if (c->got < b->n && b->res[c->got] == NULL)
				b->res[c->got] = r;
			else
				PQclear(r);
			break;
		}
	}
	if (PQstatus(c->pg) == CONNECTION_BAD)
		db_conn_broken(c, PQerrorMessage(c->pg));
}

/* The listener connected: send LISTEN and wait for notifications. */
static void
db_listen_start(struct db_conn *c)
{
	char *q, *ch = PQescapeIdentifier(c->pg, c->db->channel,
	    strlen(c->db->channel));

	if (ch == NULL || PQsetnonblocking(c->pg, 1) != 0) {
		PQfreemem(ch);
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	xasprintf(&q, "LISTEN %s", ch);
	PQfreemem(ch);
	if (!PQsendQuery(c->pg, q)) {
		free(q);
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	free(q);
	(void)PQflush(c->pg);
	c->backoff_ms = 0;
	db_conn_set_state(c, DB_S_LISTEN);
	db_conn_watch(c, EV_READ);
	log_info("listening for events on %s", c->db->channel);
}

/* The listener is readable: drain results, deliver notifications. */
static void
db_listen_read(struct db_conn *c)
{
	PGnotify *n;
	PGresult *r;

	if (!PQconsumeInput(c->pg)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	while (!PQisBusy(c->pg) && (r = PQgetResult(c->pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			log_warnx("LISTEN: %s", PQresultErrorMessage(r));
		else	/* listening (again): what came before may be lost */
			c->db->notify_cb(NULL, NULL, c->db->notify_arg);
		PQclear(r);
	}
	while ((n = PQnotifies(c->pg)) != NULL) {
		c->db->notify_cb(n->relname, n->extra, c->db->notify_arg);
		PQfreemem(n);
	}
	if (PQstatus(c->pg) == CONNECTION_BAD)
		db_conn_broken(c, PQerrorMessage(c->pg));
}

/* Keeps a LISTEN connection on channel (see db.h). */
void
db_listen(struct db *db, const char *channel, db_notify_cb cb, void *arg)
{
	struct db_conn *c = xcalloc(1, sizeof *c);

	db->channel = xstrdup(channel);
	db->notify_cb = cb;
	db->notify_arg = arg;
	c->db = db;
	c->index = -1;
	c->fd = -1;
	c->listener = true;
	c->timer = evtimer_new(db->base, db_conn_timer, c);
	db->lconn = c;
	db_conn_start(c);
}

/* Socket event of one connection: connect, flush or read. */
static void
db_conn_event(evutil_socket_t fd, short what, void *arg)
{
	struct db_conn *c = arg;
	PostgresPollingStatusType ps;

	(void)fd;
	if (c->state == DB_S_CONNECTING) {
		ps = PQconnectPoll(c->pg);
		switch (ps) {
		case PGRES_POLLING_READING:
			db_conn_watch(c, EV_READ);
			return;
		case PGRES_POLLING_WRITING:
			db_conn_watch(c, EV_WRITE);
			return;
		case PGRES_POLLING_OK:
			if (c->listener) {
				db_listen_start(c);
				return;
			}
			if (PQsetnonblocking(c->pg, 1) != 0 ||
			    !PQenterPipelineMode(c->pg)) {
				db_conn_broken(c, PQerrorMessage(c->pg));
				return;
			}
			log_info("database connection %d ready", c->index);
			c->backoff_ms = 0;
			db_conn_set_state(c, DB_S_IDLE);
			db_conn_watch(c, EV_READ);
			db_dispatch(c->db);
			return;
		default:
			db_conn_broken(c, PQerrorMessage(c->pg));
			return;
		}
	}
	if (c->state == DB_S_LISTEN) {
		db_listen_read(c);
		return;
	}
	if (what & EV_WRITE) {
		int r = PQflush(c->pg);

		if (r < 0) {
			db_conn_broken(c, PQerrorMessage(c->pg));
			return;
		}
		if (r == 0)
			db_conn_watch(c, EV_READ);
	}
	if (what & EV_READ) {
		if (c->state == DB_S_IDLE) {
			/* Nothing is expected: only a closed socket wakes us. */
			if (!PQconsumeInput(c->pg) ||
			    PQstatus(c->pg) == CONNECTION_BAD)
				db_conn_broken(c, PQerrorMessage(c->pg));
			return;
		}
		db_conn_read(c);
		if (c->state == DB_S_IDLE)
			db_dispatch(c->db);
	}
}

/* Hands waiting batches to idle connections. */
static void
db_dispatch(struct db *db)
{
	int i;

	for (i = 0; i < db->size && !STAILQ_EMPTY(&db->queue); i++) {
		struct db_conn *c = &db->conns[i];
		struct db_batch *b;

		if (c->state != DB_S_IDLE)
			continue;
		b = STAILQ_FIRST(&db->queue);
		STAILQ_REMOVE_HEAD(&db->queue, entry);
		c->cur = b;
		db_conn_set_state(c, DB_S_BUSY);
		db_conn_send(c);
	}
}

/* Now, in µs, from the loop's cached clock. */
static int64_t
db_now(const struct db *db)
{
	struct timeval tv;

	event_base_gettimeofday_cached(db->base, &tv);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/*
 * Once a second: while no connection is up, batches that have waited
 * DB_QUEUE_TIMEOUT_S fail as "unavailable" instead of holding their clients
 * until the database comes back (a crashed or full PostgreSQL may not).
 */
static void
db_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct db *db = arg;
	int64_t limit = db_now(db) - (int64_t)DB_QUEUE_TIMEOUT_S * 1000000;
	struct db_batch *b;

	(void)fd;
	(void)what;
	if (db_ready(db))
		return;
	while ((b = STAILQ_FIRST(&db->queue)) != NULL &&
	    b->queued_at <= limit) {
		STAILQ_REMOVE_HEAD(&db->queue, entry);
		db_batch_fail(b, "08006", "the database is unreachable", -1);
		db_batch_done(db, b);
	}
}

/* Creates the pool; connections start at once and reconnect by themselves. */
struct db *
db_new(struct event_base *base, const char *conninfo, int size)
{
	struct db *db = xcalloc(1, sizeof *db);
	int i;

	db->base = base;
	db->conninfo = xstrdup(conninfo);
	db->size = size < 1 ? 1 : size;
	STAILQ_INIT(&db->queue);
	db->conns = xcalloc((size_t)db->size, sizeof *db->conns);
	for (i = 0; i < db->size; i++) {
		struct db_conn *c = &db->conns[i];

		c->db = db;
		c->index = i;
		c->fd = -1;
		c->timer = evtimer_new(base, db_conn_timer, c);
		db_conn_start(c);
	}
	db->sweep = event_new(base, -1, EV_PERSIST, db_sweep, db);
	{
		struct timeval tv = { 1, 0 };

		event_add(db->sweep, &tv);
	}
	return db;
}

/* Closes every connection; batches still queued fail with "unavailable". */
void
db_free(struct db *db)
{
	struct db_batch *b;
	struct db_conn *c0;
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < db->size; i++) {
		struct db_conn *c = &db->conns[i];

		if (c->ev != NULL)
			event_free(c->ev);
		event_free(c->timer);
		if (c->pg != NULL)
			PQfinish(c->pg);
		if ((b = c->cur) != NULL) {
			db_batch_fail(b, "08006", "shutting down", -1);
			db_batch_done(db, b);
		}
		db_prep_clear(c);
		free(c->sent);
	}
	while ((b = STAILQ_FIRST(&db->queue)) != NULL) {
		STAILQ_REMOVE_HEAD(&db->queue, entry);
		db_batch_fail(b, "08006", "shutting down", -1);
		db_batch_done(db, b);
	}
	if ((c0 = db->lconn) != NULL) {
		if (c0->ev != NULL)
			event_free(c0->ev);
		event_free(c0->timer);
		if (c0->pg != NULL)
			PQfinish(c0->pg);
		free(c0);
	}
	if (db->sweep != NULL)
		event_free(db->sweep);
	free(db->channel);
	free(db->conns);
	free(db->conninfo);
	free(db);
}

/* Queues the batch; ownership passes to the pool until the callback. */
void
db_submit(struct db *db, struct db_batch *b)
{
	b->queued_at = db_now(db);
	STAILQ_INSERT_TAIL(&db->queue, b, entry);
	db->pending++;
	db_dispatch(db);
}

/* True when at least one connection is ready. */
bool
db_ready(const struct db *db)
{
	int i;

	for (i = 0; i < db->size; i++)
		if (db->conns[i].state == DB_S_IDLE ||
		    db->conns[i].state == DB_S_BUSY)
			return true;
	return false;
}

/* Number of batches waiting or in flight. */
size_t
db_pending(const struct db *db)
{
	return db->pending;
}

/* Rows of statement i's result (0 when it has none). */
int
db_rows(const struct db_batch *b, int i)
{
	return b->res[i] ? PQntuples(b->res[i]) : 0;
}

/* Text of one field ("" for NULL). */
const char *
db_get(const struct db_batch *b, int i, int row, int col)
{
	return PQgetvalue(b->res[i], row, col);
}

/* True when the field is SQL NULL. */
bool
db_isnull(const struct db_batch *b, int i, int row, int col)
{
	return PQgetisnull(b->res[i], row, col);
}

/* The field as an integer (0 for NULL). */
long long
db_getll(const struct db_batch *b, int i, int row, int col)
{
	return strtoll(PQgetvalue(b->res[i], row, col), NULL, 10);
}

/* The field as a boolean. */
bool
db_getbool(const struct db_batch *b, int i, int row, int col)
{
	return PQgetvalue(b->res[i], row, col)[0] == 't';
}
