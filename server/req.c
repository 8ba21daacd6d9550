/*
 * req.c: the life of one request (see req.h). Group commit's rounds are in
 * group.c and groupdb.c (a request in a round writes through its struct
 * req_round), the trail entries in trail.c, early signature checks in
 * sigcheck.c.
 */
#include "req.h"
#include "tallyjob.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent_ssl.h>
#include <openssl/ssl.h>

#include "arena.h"
#include "checkpoint.h"
#include "conn.h"
#include "db.h"
#include "event.h"
#include "headstore.h"
#include "log.h"
#include "mstate.h"
#include "perm.h"
#include "push.h"
#include "rules.h"
#include "server.h"
#include "xmalloc.h"

static const char req_sql_identity[] =
	"SELECT name, is_admin, disabled FROM identities WHERE fingerprint = $1";
static const char req_sql_instance[] =
	"SELECT coalesce(max(seq), 0) FROM trail WHERE body_id = 0";
static const char req_sql_body[] =
	"SELECT b.id, b.name, b.kind, "
	/* decided by the profile the trail established (mstate.h) */
	MSTATE_TRAIL_PROFILE("b.id", "profile") ", "
	"(SELECT coalesce(max(seq), 0) FROM trail t WHERE t.body_id = b.id), "
	"(SELECT s.role FROM seats s JOIN identities i ON i.name = s.identity "
	" WHERE s.body_id = b.id AND i.fingerprint = $2 "
	" AND s.removed_at IS NULL) "
	"FROM bodies b WHERE b.id = $1 AND b.id <> 0";

static void req_load(struct req *r);
static void req_written(struct db_batch *b, void *arg);

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
	free(r->vctx);
	tallyjob_free(r->tjob);
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

/* The text parameter of a uint64 id, in the arena. */
const char *
req_id(struct req *r, uint64_t id)
{
	return arena_printf(r->a, "%llu", (unsigned long long)id);
}

/* Maps a failed batch to a reply in our words: the database's own text
 * (table, constraint and column names, its language) goes to the log. */
void
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
bool
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
bool
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

/*
 * Runs r's handler once the caller holds the permission its request kind's
 * row declares (perm.c): the one place a handler decides from, for a request
 * alone and for a group's round. Refuses with "permission denied" naming
 * what is needed otherwise.
 */
void
req_decide(struct req *r)
{
	const struct perm *p = perm_for(r->rq->op_case);
	struct perm_caller c = { .role = RULES_ROLE_NONE, .admin = r->admin };
	const char *chair, *self;

	if (r->role != NULL && !rules_role_parse(r->role, &c.role))
		c.role = RULES_ROLE_NONE;
	chair = r->ms != NULL ? mstate_chair(r->ms) : NULL;
	c.chair = chair != NULL && r->who != NULL && strcmp(chair, r->who) == 0;
	self = (p->also & PERM_SELF) && p->self != NULL ?
	    p->self(r->rq, r->ms) : NULL;
	c.self = self != NULL && r->who != NULL && strcmp(self, r->who) == 0;
	if (!perm_allows(p, &c)) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "无权操作：%s", "permission denied: %s",
		    r->en ? (p->en != NULL ? p->en : "") :
		    (p->zh != NULL ? p->zh : ""));
		return;
	}
	r->h->decide(r);
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
	req_decide(r);
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

/* Resets a request so that it can be decided again from scratch. */
void
req_reset(struct req *r)
{
	Yishi__Response init = YISHI__RESPONSE__INIT;

	db_batch_free(r->rb);
	db_batch_free(r->wb);
	r->rb = r->wb = NULL;
	r->ms = NULL;
	r->round = NULL;
	r->resp = init;
	r->nevents = 0;
	r->checkpoint = false;
	r->nwritten = 0;
	r->trail_seq = 0;
}

/* Starts a request read from c; takes ownership of f. Returns it, or
 * NULL when it was answered at once. */
struct req *
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
		return NULL;
	}
	return r;
}

/* Runs r alone: loads, decides and writes it. */
void
req_run(struct req *r)
{
	req_load(r);
}

/* The batch r's change is written into: its own, or its round's. */
struct db_batch *
req_batch(struct req *r)
{
	if (r->round != NULL)
		return r->round->ops->batch(r->round);
	if (r->wb == NULL)
		r->wb = db_batch_new(req_written, r);
	return r->wb;
}

/* Adds a statement that sets a value outright (see req.h). */
void
req_write_final(struct req *r, const char *sql, const char *fmt, ...)
{
	struct db_batch *b;
	va_list ap;

	if (r->round != NULL)
		b = r->round->ops->final(r->round, sql);
	else
		b = req_batch(r);
	va_start(ap, fmt);
	db_batch_vaddf(b, sql, fmt, ap);
	va_end(ap);
}

/* Adds one row to a statement taking its rows as arrays (see req.h). */
void
req_write_row(struct req *r, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row)
{
	const char *params[REQ_ROW_SHARED + REQ_ROW_COLS];
	struct db_text_array one[REQ_ROW_COLS];
	int k;

	if (nshared > REQ_ROW_SHARED || ncols > REQ_ROW_COLS)
		fatalx("req_write_row: too many values");
	if (r->round != NULL &&
	    r->round->ops->row(r->round, sql, nshared, shared, ncols, row))
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

/* Asks for a checkpoint of body's trail after the commit. */
void
req_checkpoint(struct req *r, uint64_t body)
{
	r->checkpoint = true;
	r->checkpoint_body = body;
}

/* Submits the write batch with its events, stamped with their trail
 * entry's time and position: logged in event_log with the change, and
 * delivered, to every daemon's watchers, once it has committed. */
void
req_commit(struct req *r)
{
	struct db_batch *w = req_batch(r);
	char *notes[sizeof r->events / sizeof r->events[0]];
	int64_t seqs[sizeof r->events / sizeof r->events[0]];
	uint32_t idxs[sizeof r->events / sizeof r->events[0]];
	int i;

	event_stamp(r);
	for (i = 0; i < r->nevents; i++) {
		notes[i] = push_payload(r->events[i]);
		seqs[i] = (int64_t)r->events[i]->seq;
		idxs[i] = r->events[i]->index;
		/* A round's events go in its one statement, in order. */
		if (r->round != NULL)
			r->round->ops->note(r->round, notes[i], seqs[i],
			    idxs[i]);
	}
	if (r->round == NULL) {
		push_add_many(w, notes, seqs, idxs, r->nevents);
		for (i = 0; i < r->nevents; i++)
			free(notes[i]);
	}
	if (r->round != NULL)
		r->round->ops->join(r->round, r);	/* written with the round */
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

	if (b->failed && strcmp(b->sqlstate, "40001") == 0 &&
	    r->attempt + 1 < REQ_ATTEMPTS) {
		/* Someone changed the body since we looked: decide again. */
		r->attempt++;
		req_reset(r);
		req_load(r);
		return;
	}
	if (b->failed) {
		req_db_error(r, b);
		return;
	}
	if (r->nwritten > 0)	/* the daemon remembers its heads */
		headstore_moved(r->trail_body, (uint64_t)(r->head +
		    r->nwritten));
	if (r->checkpoint)
		checkpoint_take(r->checkpoint_body);
	if (r->h->done != NULL)
		r->h->done(r);
	req_end(r);
}
