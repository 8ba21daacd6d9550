/* req.c: the life of one request (see req.h). */
#include "req.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/bufferevent_ssl.h>
#include <openssl/ssl.h>

#include "arena.h"
#include "checkpoint.h"
#include "conn.h"
#include "db.h"
#include "hex.h"
#include "log.h"
#include "mstate.h"
#include "push.h"
#include "rules.h"
#include "server.h"
#include "sign.h"
#include "verify.h"
#include "xmalloc.h"

#define REQ_ATTEMPTS 64		/* decisions retried on a moved trail head */
#define REQ_BACKOFF_MS 50	/* most a group waits before such a retry */

static const char req_sql_identity[] =
	"SELECT name, is_admin, disabled FROM identities WHERE fingerprint = $1";
static const char req_sql_instance[] =
	"SELECT coalesce(max(seq), 0) FROM trail WHERE body_id = 0";
static const char req_sql_body[] =
	"SELECT b.id, b.name, b.kind, b.profile, "
	"(SELECT coalesce(max(seq), 0) FROM trail t WHERE t.body_id = b.id), "
	"(SELECT s.role FROM seats s JOIN identities i ON i.name = s.identity "
	" WHERE s.body_id = b.id AND i.fingerprint = $2 "
	" AND s.removed_at IS NULL) "
	"FROM bodies b WHERE b.id = $1 AND b.id <> 0";
static const char req_sql_append[] =
	"SELECT trail_append($1, $2, $3, $4, $5)";
static const char req_sql_append_signed[] =
	"SELECT trail_append_signed($1, $2, $3, $4, $5, $3, $6, $7, $8)";
/* A group's entries, in order, in one call (sql/008). */
static const char req_sql_append_many[] =
	"SELECT trail_append_many($1, $2, $3, $4, $5, $6, $7, $8, $9)";

#define REQ_GROUP_MAX 1000	/* requests decided on one snapshot */
#define REQ_GROUPS 1024		/* hash buckets of groups */
#define REQ_FINALS 8		/* statements of req_write_final per group */
#define REQ_ROWSETS 8		/* statements of req_write_row per group */
#define REQ_ROWS_SHARED 4	/* shared values of one such statement */
#define REQ_ROWS_COLS 8		/* columns of its rows */

/* A text growing at its end. */
/* The rows of a group for one req_write_row statement. */
struct req_rows {
	const char	*sql;
	int		 nshared, ncols;
	char		*shared[REQ_ROWS_SHARED];
	struct req_text	 col[REQ_ROWS_COLS];	/* array literals, open */
};

/* A round of a group, decided: its requests and their one write. */
struct req_round {
	struct req_group *g;
	struct req	**reqs;		/* in the order decided */
	int		 n;
	struct db_batch	*wb;
	int64_t		 next_head;	/* the trail head once it commits */
	/* When (monotonic us) its load went out, its signatures were all
	 * in, it was decided and its write went out: logged at debug. */
	int64_t		 t_load, t_sigs, t_decided, t_sent;
};

/* Requests of one kind-key waiting for, or inside, a group commit. */
struct req_group {
	enum req_scope	 scope;
	uint64_t	 key;
	struct req	*wait_head, *wait_tail;
	/* The round being loaded and decided. */
	bool		 loading;	/* from its load to its decisions */
	bool		 parked;	/* loaded, waits for g->w (see settle) */
	struct req	**run;
	int		 nrun;
	struct req_round *dec;		/* what it decided so far */
	/* Rounds decided. */
	struct req_round *w;		/* its write in flight */
	struct req_round *q;		/* decided after w, waits for it */
	struct req_round *failed;	/* w failed: to be decided again */
	struct arena	*a;		/* owns ms */
	struct mstate	*ms;		/* the snapshot, as w leaves it */
	char		*fps;		/* the round's callers' fingerprints */
	struct db_batch	*rb, *wb;
	struct db_batch	*fin[REQ_FINALS];	/* req_write_final's, one each */
	int		 nfin;
	struct req_rows	 rows[REQ_ROWSETS];	/* req_write_row's */
	int		 nrows;
	char		**notes;	/* the events' notifications, in order */
	int		 nnotes, notecap;
	int64_t		 next_head;	/* the head the next entry extends */
	int64_t		 round_head;	/* the head the round's first extends */
	int		 nstall;	/* the round's signatures not yet checked */
	int64_t		 load_heads[2];	/* where the trail head may be when a
					   kept snapshot's probe comes back */
	int		 nmoved;	/* writes failed in a row, head moved */
	int64_t		 t_load;	/* when the round's load went out */
	struct event	*backoff;	/* pending: no round starts */
	struct req_group *next;		/* hash chain */
};

static struct req_group *req_groups[REQ_GROUPS];

/* The monotonic clock in microseconds. */
static int64_t
req_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Where the items of recent groups belong: an item never moves, so a
 * request can have its signature checked before its group has a snapshot
 * (req_group_add). Direct-mapped by item id. */
#define REQ_PLACES 4096
static struct req_place {
	uint64_t	 item, body, meeting;
} req_places[REQ_PLACES];

/* The callers of a round, one row each in the round's order (a NULL name:
 * no such identity), so that no row has to be searched for. */
static const char req_sql_identities[] =
	"SELECT i.name, i.is_admin, i.disabled "
	"FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS x(fp, n) "
	"LEFT JOIN identities i ON i.fingerprint = decode(x.fp, 'hex') "
	"ORDER BY x.n";

static void req_load(struct req *r);
static void req_written(struct db_batch *b, void *arg);
static void req_group_kick(struct req_group *g);
static void req_group_add(struct req *r);
static void req_group_written(struct db_batch *b, void *arg);
static void req_group_loaded(struct db_batch *b, void *arg);
static void req_group_decide(struct req_group *g);
static void req_rows_free(struct req_group *g);
static void req_rows_add(struct req_group *g);
static struct req_rows *req_rows_find(struct req_group *g, const char *sql,
    int nshared, const char *const *shared, int ncols);

/* Frees a request and everything it holds. */
static void
req_free(struct req *r)
{
	if (r->vpending)
		fatalx("request %s freed while its signature is checked",
		    r->h->name);
	db_batch_free(r->rb);
	db_batch_free(r->wb);
	yishi__frame__free_unpacked(r->frame, NULL);
	X509_free(r->cert);
	arena_free(r->a);
	free(r->vtext);
	free(r);
}

/* Sends r->resp to the caller if still connected, then frees r. */
static void
req_end(struct req *r)
{
	struct conn *c = conn_find(r->conn_id);
	static Yishi__Empty empty = YISHI__EMPTY__INIT;

	if (r->resp.status == YISHI__STATUS__STATUS_OK &&
	    r->resp.result_case == YISHI__RESPONSE__RESULT__NOT_SET) {
		r->resp.result_case = YISHI__RESPONSE__RESULT_EMPTY;
		r->resp.empty = &empty;
	}
	if (c != NULL)
		conn_respond(c, r->id, &r->resp);
	req_free(r);
}

/* Replies with r->resp and ends the request. */
void
req_reply(struct req *r)
{
	req_end(r);
}

/* Replies with an error; fmt is printf-checked (req_fail picks it by
 * language). */
void
req_failf(struct req *r, Yishi__Status st, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->resp.status = st;
	r->resp.message = arena_strdup(r->a, buf);
	r->resp.result_case = YISHI__RESPONSE__RESULT__NOT_SET;
	req_end(r);
}

/* Replies with a rule refusal (exit 3 at the client). */
void
req_refuse(struct req *r, const struct rules_verdict *v)
{
	size_t i;

	/* A refusal about the seat itself is a permission question (exit 4). */
	r->resp.status = v->permission ? YISHI__STATUS__STATUS_PERMISSION_DENIED :
	    YISHI__STATUS__STATUS_RULE;
	r->resp.rule = arena_strdup(r->a, v->rule ? v->rule : "");
	r->resp.message = arena_strdup(r->a, r->en ? v->msg_en : v->msg_zh);
	r->resp.n_missing = v->nmissing;
	r->resp.missing = arena_alloc(r->a, sizeof(char *) * (v->nmissing + 1));
	for (i = 0; i < v->nmissing; i++)
		r->resp.missing[i] = arena_strdup(r->a, v->missing[i]);
	r->resp.result_case = YISHI__RESPONSE__RESULT__NOT_SET;
	req_end(r);
}

/* A verifier thread answered for r: a round waiting for it goes on once
 * all of its answers are in. */
static void
req_verify_answer(int ok, void *arg)
{
	struct req *r = arg;
	struct req_group *g = r->vstall;

	r->vok = ok;
	r->vpending = false;
	r->vstall = NULL;
	if (g != NULL && --g->nstall == 0)
		req_group_decide(g);
}

/* Checks r's signature over text ahead of decide() (see req.h). */
void
req_verify_early(struct req *r, char *text, size_t len)
{
	if (r->vpending || text == NULL || r->cert == NULL ||
	    r->rq->signature.len == 0) {
		free(text);
		return;
	}
	free(r->vtext);
	r->vtext = text;
	r->vlen = len;
	r->vpending = true;
	r->vjob.cert = r->cert;
	r->vjob.msg = text;
	r->vjob.len = len;
	r->vjob.sig = r->rq->signature.data;
	r->vjob.siglen = r->rq->signature.len;
	r->vjob.cb = req_verify_answer;
	r->vjob.arg = r;
	(void)verify_submit(&r->vjob);
}

/* The early answer for exactly these bytes, or -1 (see req.h). */
int
req_verified(const struct req *r, const char *text, size_t len)
{
	if (r->vtext == NULL || r->vpending || text == NULL || len != r->vlen ||
	    memcmp(text, r->vtext, len) != 0)
		return -1;
	return r->vok ? 1 : 0;
}

/* The text parameter of a uint64 id, in the arena. */
const char *
req_id(struct req *r, uint64_t id)
{
	return arena_printf(r->a, "%llu", (unsigned long long)id);
}

/* Maps a failed batch to a reply in our words: the database's own text
 * (table, constraint and column names, its language) goes to the log. */
static void
req_db_error(struct req *r, const struct db_batch *b)
{
	const char *st = b->sqlstate;

	log_info("request %s by %s: database: %s (%s)", r->h->name,
	    r->who ? r->who : "?", b->error, st);
	if (strcmp(st, "23505") == 0)
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "该记录已存在",
		    "it already exists");
	else if (strcmp(st, "22021") == 0)
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "文字不是有效的 UTF-8", "the text is not valid UTF-8");
	else if (strncmp(st, "23", 2) == 0 || strncmp(st, "22", 2) == 0)
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "参数无效：数据库拒绝了其中的值",
		    "invalid argument: the database refused a value");
	else
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "服务暂时不可用，请稍后重试", "service unavailable, try again");
}

/*
 * Who is calling: row `row` of identity result i, or none (-1). Refuses and
 * returns false for an unknown or disabled identity, or a non-admin asking
 * for an admin request.
 */
static bool
req_identity(struct req *r, const struct db_batch *b, int i, int row)
{
	if (row < 0) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "证书未登记为身份", "this certificate is not a registered "
		    "identity");
		return false;
	}
	r->who = arena_strdup(r->a, db_get(b, i, row, 0));
	r->admin = db_getbool(b, i, row, 1);
	if (db_getbool(b, i, row, 2)) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "身份 %s 已停用", "identity %s is disabled", r->who);
		return false;
	}
	if ((r->h->flags & REQ_F_ADMIN) && !r->admin) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "仅实例管理员可执行此操作", "only the instance admin may do "
		    "this");
		return false;
	}
	return true;
}

/* Attaches a meeting snapshot to r; refuses and returns false when the
 * meeting (or the item) does not exist. */
static bool
req_meeting(struct req *r, struct mstate *ms)
{
	struct m_member *m;

	r->ms = ms;
	if (ms == NULL || (r->h->scope == REQ_SCOPE_ITEM &&
	    mstate_item(ms, r->key) == NULL)) {
		if (r->h->scope == REQ_SCOPE_ITEM)
			req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
			    "议题 %llu 不存在", "item %llu not found",
			    (unsigned long long)r->key);
		else
			req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
			    "会议 %llu 不存在", "meeting %llu not found",
			    (unsigned long long)r->key);
		return false;
	}
	if (ms->profile == NULL) {
		/* A profile this daemon does not know (a newer daemon's, or
		 * edited in the database): the rules cannot be applied. */
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "机构的规则配置 %s 未知", "the body's rules profile %s is "
		    "unknown", ms->profile_name ? ms->profile_name : "");
		return false;
	}
	r->body_id = ms->body_id;
	r->body_name = ms->body_name;
	r->body_kind = ms->kind;
	r->body_profile = ms->profile_name;
	r->head = ms->head;
	m = mstate_member(ms, r->who);
	r->role = m != NULL && !m->removed ? rules_role_name(m->role) : NULL;
	return true;
}

/* The load batch came back: who is calling, and the state. */
static void
req_loaded(struct db_batch *b, void *arg)
{
	struct req *r = arg;
	int q;

	if (b->failed) {
		req_db_error(r, b);
		return;
	}
	if (!req_identity(r, b, 0, db_rows(b, 0) == 1 ? 0 : -1))
		return;
	q = 1;
	switch (r->h->scope) {
	case REQ_SCOPE_NONE:
		r->body_id = 0;
		r->head = db_getll(b, 1, 0, 0);
		q = 2;
		break;
	case REQ_SCOPE_BODY:
		if (db_rows(b, 1) != 1) {
			req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
			    "机构 %llu 不存在", "body %llu not found",
			    (unsigned long long)r->key);
			return;
		}
		r->body_id = (uint64_t)db_getll(b, 1, 0, 0);
		r->body_name = arena_strdup(r->a, db_get(b, 1, 0, 1));
		r->body_kind = arena_strdup(r->a, db_get(b, 1, 0, 2));
		r->body_profile = arena_strdup(r->a, db_get(b, 1, 0, 3));
		r->head = db_getll(b, 1, 0, 4);
		r->role = db_isnull(b, 1, 0, 5) ? NULL :
		    arena_strdup(r->a, db_get(b, 1, 0, 5));
		q = 2;
		break;
	case REQ_SCOPE_MEETING:
	case REQ_SCOPE_ITEM:
		if (!req_meeting(r, mstate_build(r->a, b, 1)))
			return;
		q = 1 + MSTATE_NQUERIES;
		break;
	}
	r->extra = q;
	perm_decide(r);
}

/* Builds and submits the load batch. */
static void
req_load(struct req *r)
{
	struct db_batch *b = db_batch_new(req_loaded, r);

	r->rb = b;
	db_batch_addf(b, req_sql_identity, "x", r->fp, sizeof r->fp);
	switch (r->h->scope) {
	case REQ_SCOPE_NONE:
		db_batch_addf(b, req_sql_instance, "");
		break;
	case REQ_SCOPE_BODY:
		db_batch_addf(b, req_sql_body, "ix", (long long)r->key,
		    r->fp, sizeof r->fp);
		break;
	case REQ_SCOPE_MEETING:
		mstate_load(b, MSTATE_BY_MEETING, r->key);
		break;
	case REQ_SCOPE_ITEM:
		mstate_load(b, MSTATE_BY_ITEM, r->key);
		break;
	}
	if (r->h->prepare != NULL)
		r->h->prepare(r, b);
	db_submit(srv.db, b);
}

/* ------------------------------------------------------------ group commit */

/*
 * A group runs its requests in rounds, two deep: while one round's write is
 * in flight (g->w), the next is loaded and decided on the snapshot as that
 * write leaves it, and its write (g->q) follows as soon as the first has
 * committed. A failed write undoes that: the rounds after it are decided
 * again on fresh state, in their order.
 */

/* Finds the group of (scope, key), creating it when asked. */
static struct req_group *
req_group_find(enum req_scope scope, uint64_t key, bool create)
{
	struct req_group **pp = &req_groups[(key * 31 + scope) % REQ_GROUPS];
	struct req_group *g;

	for (g = *pp; g != NULL; g = g->next)
		if (g->scope == scope && g->key == key)
			return g;
	if (!create)
		return NULL;
	g = xcalloc(1, sizeof *g);
	g->scope = scope;
	g->key = key;
	g->next = *pp;
	*pp = g;
	return g;
}

/* Frees a round (not its requests). */
static void
req_round_free(struct req_round *w)
{
	if (w == NULL)
		return;
	db_batch_free(w->wb);
	free(w->reqs);
	free(w);
}

/* Frees an idle, empty group. */
static void
req_group_free(struct req_group *g)
{
	struct req_group **pp = &req_groups[(g->key * 31 + g->scope) %
	    REQ_GROUPS];

	for (; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	}
	if (g->backoff != NULL)
		event_free(g->backoff);
	arena_free(g->a);
	free(g->fps);
	free(g->notes);
	free(g->run);
	req_round_free(g->dec);
	free(g);
}

/* Forgets the group's snapshot: the next round loads the meeting afresh. */
static void
req_group_drop(struct req_group *g)
{
	arena_free(g->a);
	g->a = NULL;
	g->ms = NULL;
}

/* Puts n requests back at the front of the wait queue, in their order. */
static void
req_group_requeue(struct req_group *g, struct req **reqs, int n)
{
	while (n-- > 0) {
		struct req *r = reqs[n];

		r->gnext = g->wait_head;
		g->wait_head = r;
		if (g->wait_tail == NULL)
			g->wait_tail = r;
	}
}

/* Remembers where the item of group g's snapshot belongs. */
static void
req_place_note(const struct req_group *g)
{
	struct req_place *p = &req_places[g->key % REQ_PLACES];

	if (g->scope != REQ_SCOPE_ITEM || g->ms == NULL)
		return;
	p->item = g->key;
	p->body = g->ms->body_id;
	p->meeting = g->ms->id;
}

/* Has r's signature checked early when its group's snapshot, or an
 * earlier one, tells where its item belongs. */
static void
req_group_early_one(const struct req_group *g, struct req *r)
{
	const struct req_place *p = &req_places[r->key % REQ_PLACES];

	if (r->h->early == NULL || r->vtext != NULL || r->vpending)
		return;
	if (g->ms != NULL)
		r->h->early(r, g->ms->body_id, g->ms->id);
	else if (r->h->scope == REQ_SCOPE_ITEM && p->item == r->key)
		r->h->early(r, p->body, p->meeting);
}

/* Queues r on its group and starts a round if the group can take one. */
static void
req_group_add(struct req *r)
{
	struct req_group *g = req_group_find(r->h->scope, r->key, true);

	r->group = NULL;
	req_group_early_one(g, r);	/* on a verifier thread, meanwhile */
	r->gnext = NULL;
	if (g->wait_tail != NULL)
		g->wait_tail->gnext = r;
	else
		g->wait_head = r;
	g->wait_tail = r;
	req_group_kick(g);
}

/* Appends n bytes of s to t. */
static void
req_text_add(struct req_text *t, const char *s, size_t n)
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
req_text_elem(struct req_text *t, const char *v)
{
	req_text_add(t, t->len == 0 ? "{" : ",", 1);
	if (v == NULL) {
		req_text_add(t, "NULL", 4);
		return;
	}
	req_text_add(t, "\"", 1);
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			req_text_add(t, "\\", 1);
		req_text_add(t, v, 1);
	}
	req_text_add(t, "\"", 1);
}

/* Closes the array literal t and returns it (see req.h). */
const char *
req_text_end(struct req_text *t)
{
	req_text_add(t, t->len == 0 ? "{}" : "}", t->len == 0 ? 2 : 1);
	return t->s;
}

/* Frees the group's row sets. */
static void
req_rows_free(struct req_group *g)
{
	int i, k;

	for (i = 0; i < g->nrows; i++) {
		for (k = 0; k < g->rows[i].nshared; k++)
			free(g->rows[i].shared[k]);
		for (k = 0; k < g->rows[i].ncols; k++)
			free(g->rows[i].col[k].s);
	}
	memset(g->rows, 0, sizeof g->rows);
	g->nrows = 0;
}

/* Adds to the group's write one statement per row set. */
static void
req_rows_add(struct req_group *g)
{
	const char *params[REQ_ROWS_SHARED + REQ_ROWS_COLS];
	int i, k;

	for (i = 0; i < g->nrows; i++) {
		struct req_rows *x = &g->rows[i];

		for (k = 0; k < x->nshared; k++)
			params[k] = x->shared[k];
		for (k = 0; k < x->ncols; k++) {
			req_text_add(&x->col[k], "}", 1);
			params[x->nshared + k] = x->col[k].s;
		}
		db_batch_add(g->wb, x->sql, x->nshared + x->ncols, params);
	}
}

/* Frees what deciding a round gathered for its write. */
static void
req_group_clear(struct req_group *g)
{
	db_batch_free(g->wb);
	g->wb = NULL;
	while (g->nfin > 0)
		db_batch_free(g->fin[--g->nfin]);
	req_rows_free(g);
	while (g->nnotes > 0)
		free(g->notes[--g->nnotes]);
}

/* Ends the round being loaded: its load is done with. */
static void
req_group_unload(struct req_group *g)
{
	db_batch_free(g->rb);
	g->rb = NULL;
	free(g->fps);
	g->fps = NULL;
	g->nrun = 0;
	g->loading = g->parked = false;
}

/* Resets a request so that it can be decided again from scratch. */
static void
req_reset(struct req *r)
{
	Yishi__Response init = YISHI__RESPONSE__INIT;

	db_batch_free(r->rb);
	db_batch_free(r->wb);
	r->rb = r->wb = NULL;
	r->ms = NULL;
	r->group = NULL;
	r->resp = init;
	r->nevents = 0;
	r->checkpoint = false;
	r->nwritten = 0;
}

/* Submits round w's write: it extends the head the previous round left. */
static void
req_group_write(struct req_group *g, struct req_round *w)
{
	g->w = w;
	w->t_sent = req_now_us();
	db_submit(srv.db, w->wb);
}

/* The group's backoff ended: its next round may start. */
static void
req_group_backoff_done(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	req_group_kick(arg);
}

/*
 * Starts the group's next round, after a pause when its writes keep
 * finding the trail head moved: another daemon writes the same body, and
 * deciding again at once would most likely lose again to its next write.
 * The pause is random (up to 2^n ms, at most REQ_BACKOFF_MS) so that two
 * daemons do not retry in step. Without an event loop (the fuzz harness),
 * at once.
 */
static void
req_group_backoff(struct req_group *g)
{
	struct timeval tv;
	long most;

	if (g->nmoved < 2 || srv.base == NULL) {
		req_group_kick(g);
		return;
	}
	most = g->nmoved < 6 ? 1L << g->nmoved : REQ_BACKOFF_MS; /* 32 < 50 */
	tv.tv_sec = 0;
	tv.tv_usec = 1000 * (1 + random() % most);
	if (g->backoff == NULL)
		g->backoff = evtimer_new(srv.base, req_group_backoff_done, g);
	if (g->backoff == NULL || evtimer_add(g->backoff, &tv) != 0) {
		req_group_kick(g);
		return;
	}
	log_debug("group %llu: %d writes found the head moved, next round in "
	    "%ld us", (unsigned long long)g->key, g->nmoved, (long)tv.tv_usec);
}

/*
 * After a failed write (g->failed), once nothing is being loaded: the
 * failed round's requests, the round decided after it and a parked round
 * go back to the front of the queue, in their order, to be decided again on
 * a fresh snapshot.
 */
static void
req_group_settle(struct req_group *g)
{
	if (g->loading && !g->parked)
		return;		/* req_group_loaded comes back here */
	log_debug("group %llu: decided again after a failed write: %d, %d and "
	    "%d requests", (unsigned long long)g->key,
	    g->failed != NULL ? g->failed->n : 0, g->q != NULL ? g->q->n : 0,
	    g->parked ? g->nrun : 0);
	if (g->parked) {
		req_group_requeue(g, g->run, g->nrun);
		req_group_unload(g);
	}
	if (g->q != NULL) {
		int i;

		for (i = 0; i < g->q->n; i++)
			req_reset(g->q->reqs[i]);
		req_group_requeue(g, g->q->reqs, g->q->n);
		req_round_free(g->q);
		g->q = NULL;
	}
	if (g->failed != NULL) {
		req_group_requeue(g, g->failed->reqs, g->failed->n);
		req_round_free(g->failed);
		g->failed = NULL;
	}
	req_group_drop(g);	/* it followed decisions that were not kept */
	req_group_backoff(g);
}

/* A round's write came back: acknowledge it, or decide again. */
static void
req_group_written(struct db_batch *b, void *arg)
{
	struct req_round *w = arg;
	struct req_group *g = w->g;
	bool parked;
	int i, n;

	g->w = NULL;
	if (b->failed) {
		bool moved = strcmp(b->sqlstate, "40001") == 0;

		if (moved)
			g->nmoved++;
		/* A moved head: decide all again on fresh state. Anything
		 * else: one of them may be at fault, so each is decided and
		 * written alone; only the faulty one fails. */
		for (i = n = 0; i < w->n; i++) {
			struct req *r = w->reqs[i];

			if ((w->n == 1 && !moved) ||
			    ++r->attempt >= REQ_ATTEMPTS) {
				req_db_error(r, b);
				continue;
			}
			req_reset(r);
			r->solo = !moved;
			w->reqs[n++] = r;
		}
		w->n = n;
		g->failed = w;
		req_group_settle(g);
		return;
	}
	g->nmoved = 0;
	if (log_level_current >= LOG_L_DEBUG) {
		int64_t t = req_now_us();

		log_debug("group %llu: round of %d: load and signatures %.1f "
		    "ms, decided in %.1f, waited %.1f, written in %.1f",
		    (unsigned long long)g->key, w->n,
		    (double)(w->t_sigs - w->t_load) / 1e3,
		    (double)(w->t_decided - w->t_sigs) / 1e3,
		    (double)(w->t_sent - w->t_decided) / 1e3,
		    (double)(t - w->t_sent) / 1e3);
	}
	if (g->ms != NULL)
		g->ms->head = w->next_head;	/* what committed */
	/* The next round's write, and load, go out before the
	 * acknowledgments. */
	if (g->q != NULL) {
		req_group_write(g, g->q);
		g->q = NULL;
	}
	parked = g->parked;
	if (parked) {
		/* A round loaded meanwhile found the head moved by someone
		 * else: it is loaded again, afresh, after these replies
		 * (they may point into the snapshot). */
		req_group_requeue(g, g->run, g->nrun);
		req_group_unload(g);
	} else if (g->wait_head != NULL)
		req_group_kick(g);
	for (i = 0; i < w->n; i++) {
		struct req *r = w->reqs[i];

		if (r->checkpoint)
			checkpoint_take(r->checkpoint_body);
		r->group = NULL;
		r->ms = NULL;	/* the group's */
		req_end(r);
	}
	req_round_free(w);
	if (parked && g->w == NULL)
		req_group_drop(g);
	req_group_kick(g);
}

/* Submits the round's load: the callers' identities, and the whole
 * meeting or, when a snapshot is kept, only the trail head and clock. */
static void
req_group_load(struct req_group *g)
{
	g->rb = db_batch_new(req_group_loaded, g);
	db_batch_addf(g->rb, req_sql_identities, "s", g->fps);
	/* The snapshot holds if the probe finds the head where it is now,
	 * or where the write in flight takes it. */
	g->load_heads[0] = g->ms != NULL ? g->ms->head : -1;
	g->load_heads[1] = g->w != NULL ? g->w->next_head : -1;
	if (g->ms != NULL)
		mstate_probe(g->rb, g->ms->body_id);
	else
		mstate_load(g->rb, g->scope == REQ_SCOPE_ITEM ?
		    MSTATE_BY_ITEM : MSTATE_BY_MEETING, g->key);
	db_submit(srv.db, g->rb);
}

/* Closes the round just decided: its changes become one write, sent now
 * or after the write in flight. */
static void
req_group_decided(struct req_group *g)
{
	struct req_round *d = g->dec;
	int i;

	g->dec = NULL;
	if (d == NULL || d->n == 0) {
		req_round_free(d);
		req_group_clear(g);
		return;
	}
	req_rows_add(g);
	push_add_many(g->wb, g->notes, g->nnotes);
	for (i = 0; i < g->nfin; i++)
		db_batch_move(g->wb, g->fin[i]);
	/* The replies are made now, on the snapshot as this round leaves
	 * it: the next round changes it before this one commits. */
	for (i = 0; i < d->n; i++)
		if (d->reqs[i]->h->done != NULL)
			d->reqs[i]->h->done(d->reqs[i]);
	d->t_decided = req_now_us();
	d->wb = g->wb;
	d->wb->cb = req_group_written;
	d->wb->arg = d;
	d->next_head = g->next_head;
	g->wb = NULL;
	req_group_clear(g);
	if (g->w == NULL)
		req_group_write(g, d);
	else {
		log_debug("group %llu: %d requests decided while %d are "
		    "written", (unsigned long long)g->key, d->n, g->w->n);
		g->q = d;
	}
}

/* Has the signatures of the round's requests, and of those waiting, checked
 * on the verifier threads as soon as the snapshot names what they sign
 * (requests that arrived while it was loading had no early check). */
static void
req_group_early(struct req_group *g)
{
	struct req *r;
	int i;

	req_place_note(g);
	for (i = 0; i < g->nrun; i++)
		req_group_early_one(g, g->run[i]);
	for (r = g->wait_head; r != NULL; r = r->gnext)
		req_group_early_one(g, r);
}

/* Decides each request of the round in order on the snapshot, once their
 * signatures are checked, then writes all the changes in one transaction
 * (req_group_decided). */
static void
req_group_decide(struct req_group *g)
{
	struct db_batch *b = g->rb;
	struct mstate *ms = b->failed ? NULL : g->ms;
	int i, nid = db_rows(b, 0);

	/* Signatures still being checked: decide once they are (in the
	 * round's order; req_verify_answer comes back here). */
	for (i = 0; i < g->nrun; i++) {
		if (g->run[i]->vpending && g->run[i]->vstall == NULL) {
			g->run[i]->vstall = g;
			g->nstall++;
		}
	}
	if (g->nstall > 0) {
		log_debug("group %llu: waits for %d signatures",
		    (unsigned long long)g->key, g->nstall);
		return;
	}
	if (g->failed != NULL) {
		/* The write before this round failed: decide it again. */
		g->parked = true;
		req_group_settle(g);
		return;
	}
	if (ms != NULL)
		g->next_head = g->round_head = g->w != NULL ?
		    g->w->next_head : ms->head;
	g->dec = xcalloc(1, sizeof *g->dec);
	g->dec->g = g;
	g->dec->t_load = g->t_load;
	g->dec->t_sigs = req_now_us();
	g->dec->reqs = xcalloc((size_t)(g->nrun > 0 ? g->nrun : 1),
	    sizeof *g->dec->reqs);
	for (i = 0; i < g->nrun; i++) {
		struct req *r = g->run[i];
		int row = i < nid && !db_isnull(b, 0, i, 0) ? i : -1;

		g->run[i] = NULL;
		if (b->failed) {
			req_db_error(r, b);
			continue;
		}
		if (!req_identity(r, b, 0, row) || !req_meeting(r, ms))
			continue;
		r->group = g;
		r->head = g->next_head;
		perm_decide(r);	/* may end r; never touch it after */
	}
	req_group_unload(g);
	req_group_decided(g);
	req_group_kick(g);
}

/* The group's load came back: settles the snapshot the round is decided
 * on (the one kept, if nobody else moved the head, or the one loaded). */
static void
req_group_loaded(struct db_batch *b, void *arg)
{
	struct req_group *g = arg;

	if (b->failed) {
		/* Requests whose signature is being checked must not end
		 * before the answer: req_group_decide waits for it. */
		if (g->w == NULL)
			req_group_drop(g);
		/* else the write in flight's replies point into it */
		req_group_decide(g);
		return;
	}
	if (g->failed != NULL) {
		/* The write before this round failed: decide it again, once
		 * its signatures are in. */
		req_group_decide(g);
		return;
	}
	if (g->ms != NULL && !mstate_probe_fresh(g->ms, b, 1,
	    g->load_heads[0], g->load_heads[1])) {
		/* The meeting changed since the kept snapshot: load it
		 * afresh, once the write in flight is back. */
		if (g->w != NULL) {
			log_debug("group %llu: %d requests wait for the write "
			    "in flight, then load afresh",
			    (unsigned long long)g->key, g->nrun);
			g->parked = true;
			return;
		}
		req_group_drop(g);
		db_batch_free(g->rb);
		req_group_load(g);
		return;
	}
	if (g->ms == NULL) {
		g->a = arena_new();
		if ((g->ms = mstate_build(g->a, b, 1)) != NULL)
			g->ms->rules_sticky = true;
		else
			req_group_drop(g);
	}
	if (g->ms != NULL)
		req_group_early(g);
	req_group_decide(g);
}

/*
 * Starts a round when the group can take one: requests are waiting, none
 * is being loaded, and no decided round waits for the write in flight.
 * Frees the group when nothing is left of it.
 */
static void
req_group_kick(struct req_group *g)
{
	struct req *r;
	char *fps = NULL;
	size_t len = 0;
	int n = 0;

	if (g->loading || g->q != NULL || g->failed != NULL ||
	    (g->backoff != NULL && evtimer_pending(g->backoff, NULL)))
		return;
	if (g->wait_head == NULL) {
		if (g->w == NULL)
			req_group_free(g);
		return;
	}
	g->loading = true;
	g->run = xrealloc(g->run, sizeof *g->run * REQ_GROUP_MAX);
	while ((r = g->wait_head) != NULL && n < REQ_GROUP_MAX) {
		/* A request to retry alone goes alone. */
		if (r->solo && n > 0)
			break;
		g->wait_head = r->gnext;
		if (g->wait_head == NULL)
			g->wait_tail = NULL;
		g->run[n++] = r;
		fps = xrealloc(fps, len + 66);
		hex_encode(r->fp, sizeof r->fp, fps + len + (len > 0));
		if (len > 0)
			fps[len] = ',';
		len += (len > 0) + 2 * sizeof r->fp;
		if (r->solo) {
			r->solo = false;
			break;
		}
	}
	g->nrun = n;
	if (n > 1)
		log_debug("group %llu: %d requests on one snapshot",
		    (unsigned long long)g->key, n);
	g->fps = fps;
	g->t_load = req_now_us();
	req_group_load(g);
}

/* Starts a request read from c; takes ownership of f. */
void
req_start(struct conn *c, Yishi__Frame *f, const struct handler *h)
{
	struct req *r = xcalloc(1, sizeof *r);
	Yishi__Response init = YISHI__RESPONSE__INIT;

	r->conn_id = c->id;
	r->id = f->id;
	r->frame = f;
	r->rq = f->request;
	r->h = h;
	r->en = r->rq->lang == YISHI__LANG__LANG_EN;
	memcpy(r->fp, c->fp, sizeof r->fp);
	/* The certificate whose fingerprint names the caller: signatures are
	 * checked against it, without parsing PEM per request. */
	r->cert = SSL_get1_peer_certificate(
	    bufferevent_openssl_get_ssl(c->bev));
	r->a = arena_new();
	r->resp = init;
	r->key = h->key != NULL ? h->key(r->rq) : 0;
	if (h->scope != REQ_SCOPE_NONE && r->key == 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "缺少编号", "missing id");
		return;
	}
	if (h->flags & REQ_F_GROUP)
		req_group_add(r);
	else
		req_load(r);
}

/* The batch r writes into: its own, or its group's shared one. */
static struct db_batch *
req_wbatch(struct req *r)
{
	struct req_group *g = r->group;

	if (g == NULL) {
		if (r->wb == NULL)
			r->wb = db_batch_new(req_written, r);
		return r->wb;
	}
	if (g->wb == NULL)	/* its callback is set with its round's */
		g->wb = db_batch_new(NULL, NULL);
	return g->wb;
}

/* The trail head r's entry extends: one past the previous entry, of the
 * group's previous request or of r's own (a request may write several). */
static int64_t
req_expect(struct req *r)
{
	return r->group != NULL ? r->group->next_head++ :
	    r->head + r->nwritten++;
}

/* In a group, adds r's trail entry to the round's one trail_append_many
 * (entries in the order decided, the first extending the round's head);
 * false when r is alone. signed_text NULL: an unsigned entry. */
static bool
req_write_many(struct req *r, uint64_t body, const char *action,
    const char *payload, const char *signed_text)
{
	struct req_group *g = r->group;
	char sbody[24], shead[24], fp[65], *sig = NULL;
	const char *shared[2] = { sbody, shead }, *row[7];
	struct req_rows *x;
	int k;

	if (g == NULL)
		return false;
	snprintf(sbody, sizeof sbody, "%llu", (unsigned long long)body);
	snprintf(shead, sizeof shead, "%lld", (long long)g->round_head);
	if ((x = req_rows_find(g, req_sql_append_many, 2, shared, 7)) == NULL)
		return false;
	if (signed_text != NULL) {
		sig = xmalloc(2 * r->rq->signature.len + 1);
		hex_encode(r->rq->signature.data, r->rq->signature.len, sig);
		hex_encode(r->fp, sizeof r->fp, fp);
	}
	row[0] = r->who;
	row[1] = action;
	row[2] = payload;
	row[3] = signed_text != NULL ? r->who : NULL;
	row[4] = signed_text;
	row[5] = sig;
	row[6] = signed_text != NULL ? fp : NULL;
	for (k = 0; k < 7; k++)
		req_text_elem(&x->col[k], row[k]);
	free(sig);
	return true;
}

/* Starts the write batch with the trail entry of the change. */
struct db_batch *
req_write(struct req *r, uint64_t body, const char *action,
    const char *payload)
{
	struct db_batch *w = req_wbatch(r);
	int64_t expect = req_expect(r);

	if (!req_write_many(r, body, action, payload, NULL))
		db_batch_addf(w, req_sql_append, "iisss", (long long)body,
		    (long long)expect, r->who, action, payload);
	if (checkpoint_due(expect + 1))
		req_checkpoint(r, body);
	return w;
}

/* Starts the write batch with a trail entry the caller signed. */
struct db_batch *
req_write_signed(struct req *r, uint64_t body, const char *action,
    const char *payload, const char *signed_text)
{
	struct db_batch *w = req_wbatch(r);
	int64_t expect = req_expect(r);

	if (!req_write_many(r, body, action, payload, signed_text))
		db_batch_addf(w, req_sql_append_signed, "iissssxx",
		    (long long)body, (long long)expect, r->who, action,
		    payload, signed_text, r->rq->signature.data,
		    r->rq->signature.len, r->fp, sizeof r->fp);
	if (checkpoint_due(expect + 1))
		req_checkpoint(r, body);
	return w;
}

/* Adds a statement that sets a value outright: in a group, only the last
 * one of the same text is written, at the end of the transaction. */
void
req_write_final(struct req *r, const char *sql, const char *fmt, ...)
{
	struct req_group *g = r->group;
	struct db_batch *b = NULL;
	va_list ap;
	int i;

	if (g != NULL) {
		for (i = 0; i < g->nfin && b == NULL; i++)
			if (strcmp(g->fin[i]->stmt[0].sql, sql) == 0)
				b = g->fin[i];
		if (b == NULL && g->nfin == REQ_FINALS)
			fatalx("req_write_final: more than %d statements",
			    REQ_FINALS);
		if (b == NULL)
			b = g->fin[g->nfin++] = db_batch_new(NULL, NULL);
		else {
			db_batch_free(b);
			b = g->fin[i - 1] = db_batch_new(NULL, NULL);
		}
	} else
		b = req_wbatch(r);
	va_start(ap, fmt);
	db_batch_vaddf(b, sql, fmt, ap);
	va_end(ap);
}

/* The row set of g for sql and shared, made when absent; NULL when g has
 * REQ_ROWSETS others. */
static struct req_rows *
req_rows_find(struct req_group *g, const char *sql, int nshared,
    const char *const *shared, int ncols)
{
	struct req_rows *x;
	int i, k;

	for (i = 0; i < g->nrows; i++) {
		x = &g->rows[i];
		if (strcmp(x->sql, sql) != 0 || x->nshared != nshared ||
		    x->ncols != ncols)
			continue;
		for (k = 0; k < nshared; k++)
			if (strcmp(x->shared[k], shared[k]) != 0)
				break;
		if (k == nshared)
			return x;
	}
	if (g->nrows == REQ_ROWSETS)
		return NULL;
	x = &g->rows[g->nrows++];
	x->sql = sql;
	x->nshared = nshared;
	x->ncols = ncols;
	for (k = 0; k < nshared; k++)
		x->shared[k] = xstrdup(shared[k]);
	return x;
}

/* Adds one row to a statement taking its rows as arrays (see req.h). */
void
req_write_row(struct req *r, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row)
{
	const char *params[REQ_ROWS_SHARED + REQ_ROWS_COLS];
	struct req_text one[REQ_ROWS_COLS];
	struct req_rows *x = NULL;
	int k;

	if (nshared > REQ_ROWS_SHARED || ncols > REQ_ROWS_COLS)
		fatalx("req_write_row: too many values");
	if (r->group != NULL)
		x = req_rows_find(r->group, sql, nshared, shared, ncols);
	if (x != NULL) {
		for (k = 0; k < ncols; k++)
			req_text_elem(&x->col[k], row[k]);
		return;
	}
	/* Alone: one row, written now. */
	memset(one, 0, sizeof one);
	for (k = 0; k < nshared; k++)
		params[k] = shared[k];
	for (k = 0; k < ncols; k++) {
		req_text_elem(&one[k], row[k]);
		req_text_add(&one[k], "}", 1);
		params[nshared + k] = one[k].s;
	}
	db_batch_add(req_wbatch(r), sql, nshared + ncols, params);
	for (k = 0; k < ncols; k++)
		free(one[k].s);
}

/* Asks for a checkpoint of body's trail after the commit. */
void
req_checkpoint(struct req *r, uint64_t body)
{
	r->checkpoint = true;
	r->checkpoint_body = body;
}

/* Submits the write batch with its events: they are delivered, to every
 * daemon's watchers, once the change has committed. */
void
req_commit(struct req *r)
{
	struct db_batch *w = req_wbatch(r);
	struct req_group *g = r->group;
	int i;

	for (i = 0; i < r->nevents; i++) {
		char *note;

		if (g == NULL) {
			push_add(w, r->events[i]);
			continue;
		}
		/* A group's events go in one statement, in order. */
		if ((note = push_payload(r->events[i])) == NULL)
			continue;
		if (g->nnotes == g->notecap) {
			g->notecap = g->notecap == 0 ? 64 : g->notecap * 2;
			g->notes = xrealloc(g->notes, sizeof *g->notes *
			    (size_t)g->notecap);
		}
		g->notes[g->nnotes++] = note;
	}
	if (g != NULL)
		g->dec->reqs[g->dec->n++] = r;	/* written with the round */
	else
		db_submit(srv.db, w);
}

/* Returns a new event for the meeting, pushed after the commit. */
Yishi__Event *
req_event(struct req *r, const char *kind)
{
	Yishi__Event *ev = arena_alloc(r->a, sizeof *ev);
	Yishi__Event init = YISHI__EVENT__INIT;

	*ev = init;
	ev->kind = (char *)kind;
	if (r->ms != NULL)
		ev->meeting = r->ms->id;
	ev->member = (char *)(r->who ? r->who : "");
	ev->display = (char *)(r->ms ? mstate_display(r->ms, r->who) : r->who);
	if (r->nevents < (int)(sizeof r->events / sizeof r->events[0]))
		r->events[r->nevents++] = ev;
	return ev;
}

/* The write batch came back: retry on a moved head, else reply. */
static void
req_written(struct db_batch *b, void *arg)
{
	struct req *r = arg;
	Yishi__Response init = YISHI__RESPONSE__INIT;

	if (b->failed && strcmp(b->sqlstate, "40001") == 0 &&
	    r->attempt + 1 < REQ_ATTEMPTS) {
		/* Someone changed the body since we looked: decide again. */
		r->attempt++;
		db_batch_free(r->rb);
		db_batch_free(r->wb);
		r->rb = r->wb = NULL;
		r->ms = NULL;
		r->resp = init;
		r->nevents = 0;
		r->checkpoint = false;
		r->nwritten = 0;
		req_load(r);
		return;
	}
	if (b->failed) {
		req_db_error(r, b);
		return;
	}
	if (r->checkpoint)
		checkpoint_take(r->checkpoint_body);
	if (r->h->done != NULL)
		r->h->done(r);
	req_end(r);
}
