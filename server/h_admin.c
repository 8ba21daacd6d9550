/*
 * h_admin.c: instance administration: who am I, bodies, seats, identities,
 * the working-day calendar. Everything but ping, body list and seat list
 * needs the instance admin.
 *
 * A body's trail registers the certificate of everyone who may sign in it
 * (docs/trail.md, "Who signed"): each seat.add names the identity's
 * certificate fingerprint (cert_fp, "" when the identity is disabled), and
 * when an identity's certificate changes or is withdrawn every body where
 * it holds a seat gets an identity.certificate entry with the new one (""
 * when withdrawn). The inspector's replay holds each signed entry's
 * certificate against the one registered for its signer at that point.
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "arena.h"
#include "db.h"
#include "json.h"
#include "page.h"
#include "push.h"
#include "rules.h"

/* ping: who the server thinks the caller is. */
static void
h_ping_decide(struct req *r)
{
	Yishi__Whoami *w = arena_alloc(r->a, sizeof *w);
	Yishi__Whoami init = YISHI__WHOAMI__INIT;

	*w = init;
	w->name = (char *)r->who;
	w->admin = r->admin;
	w->server_version = 1;
	r->resp.result_case = YISHI__RESPONSE__RESULT_WHOAMI;
	r->resp.whoami = w;
	req_reply(r);
}

/* body create: allocates the id with the load. */
static void
h_body_create_prepare(struct req *r, struct db_batch *b)
{
	(void)r;
	db_batch_addf(b, "SELECT nextval('body_id_seq')", "");
}

/* body create: checks kind and profile, writes body and both trails. */
static void
h_body_create_decide(struct req *r)
{
	Yishi__BodyCreate *a = r->rq->body_create;
	const char *profile, *payload;
	struct db_batch *w;

	if (!handlers_text(r, a->name, "name"))
		return;
	if (rules_profile_for_kind(a->kind) == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的机构类型：%s", "unknown body kind: %s", a->kind);
		return;
	}
	profile = a->profile[0] != '\0' ? a->profile :
	    rules_profile_for_kind(a->kind);
	if (rules_profile_find(profile) == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的规则配置：%s", "unknown profile: %s", profile);
		return;
	}
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	payload = json_object(r->a, "body", JSON_I, (long long)r->new_id,
	    "name", JSON_S, a->name, "kind", JSON_S, a->kind,
	    "profile", JSON_S, profile, "profile_version", JSON_I,
	    (long long)rules_profile_find(profile)->version, (char *)NULL);
	w = trail_write(r, 0, "body.create", payload);
	db_batch_addf(w, "INSERT INTO bodies (id, name, kind, profile) "
	    "VALUES ($1, $2, $3, $4)", "isss", (long long)r->new_id, a->name,
	    a->kind, profile);
	trail_add(w, r, r->new_id, 0, "body.create", payload);
	r->body_profile = arena_strdup(r->a, profile);
	req_commit(r);
}

/* body create: replies with the new body. */
static void
h_body_create_done(struct req *r)
{
	Yishi__Body *b = arena_alloc(r->a, sizeof *b);
	Yishi__Body init = YISHI__BODY__INIT;

	*b = init;
	b->id = r->new_id;
	b->name = r->rq->body_create->name;
	b->kind = r->rq->body_create->kind;
	b->profile = (char *)r->body_profile;
	r->resp.result_case = YISHI__RESPONSE__RESULT_BODY;
	r->resp.body = b;
}

#define H_IMPORT_MAX 10000	/* seats in one import */

/* A seat, new or replacing the body's earlier seat of the identity. */
static const char h_sql_seat_upsert[] =
	"INSERT INTO seats (body_id, identity, role, display, rank) "
	"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (body_id, identity) "
	"DO UPDATE SET role = excluded.role, display = excluded.display, "
	"rank = excluded.rank, removed_at = NULL, added_at = now()";

/* body list: one page of the bodies after the cursor, with the caller's
 * seat in each (the caller is known by the certificate's fingerprint, as
 * req.c finds it); only those with a seat unless the caller is the admin. */
static void
h_body_list_prepare(struct req *r, struct db_batch *b)
{
	struct page pg;

	page_init(&pg, r->rq->body_list);
	db_batch_addf(b, "SELECT b.id, b.name, b.kind, b.profile, s.role "
	    "FROM bodies b LEFT JOIN identities i ON i.fingerprint = $1 "
	    "LEFT JOIN seats s ON s.body_id = b.id AND s.removed_at IS NULL "
	    "AND s.identity = i.name WHERE b.id <> 0 AND b.id > $2 AND "
	    "(s.role IS NOT NULL OR coalesce(i.is_admin, false)) "
	    "ORDER BY b.id LIMIT $3", "xii", r->fp,
	    sizeof r->fp, (long long)pg.after, page_rows(&pg));
}

/* body list: the bodies the caller has a seat in; the admin sees all. */
static void
h_body_list_decide(struct req *r)
{
	Yishi__BodyList *l = arena_alloc(r->a, sizeof *l);
	Yishi__BodyList linit = YISHI__BODY_LIST__INIT;
	Yishi__Body init = YISHI__BODY__INIT;
	int q = r->extra, n = db_rows(r->rb, q), i;
	struct page pg;

	page_init(&pg, r->rq->body_list);
	*l = linit;
	l->bodies = arena_alloc(r->a, sizeof *l->bodies * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Body *b;
		bool seated = !db_isnull(r->rb, q, i, 4);

		if (!seated && !r->admin)
			continue;
		b = arena_alloc(r->a, sizeof *b);
		*b = init;
		b->id = (uint64_t)db_getll(r->rb, q, i, 0);
		b->name = (char *)db_get(r->rb, q, i, 1);
		b->kind = (char *)db_get(r->rb, q, i, 2);
		b->profile = (char *)db_get(r->rb, q, i, 3);
		b->role = (char *)(seated ? db_get(r->rb, q, i, 4) : "");
		if (!page_take(&pg, &b->base))
			break;
		l->bodies[l->n_bodies++] = b;
	}
	if (l->n_bodies > 0)
		l->next = page_next(r->a, &pg,
		    l->bodies[l->n_bodies - 1]->id, NULL);
	r->resp.result_case = YISHI__RESPONSE__RESULT_BODIES;
	r->resp.bodies = l;
	req_reply(r);
}

/* seat add/import: the body's current seats' display names. */
static void
h_seat_displays(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT identity, display FROM seats "
	    "WHERE body_id = $1 AND removed_at IS NULL", "i",
	    (long long)r->key);
}

/* The certificate a seat.add registers for identity i (docs/trail.md):
 * its fingerprint in hex, or "" when it is disabled. */
#define H_SEAT_CERT_FP "CASE WHEN i.disabled THEN '' " \
	"ELSE encode(i.fingerprint, 'hex') END"

/* seat add/remove: does the identity exist, and its current seat. */
static void
h_seat_prepare(struct req *r, struct db_batch *b)
{
	const char *name = r->rq->op_case == YISHI__REQUEST__OP_SEAT_ADD ?
	    r->rq->seat_add->identity : r->rq->seat_remove->identity;

	db_batch_addf(b, "SELECT i.name, s.role, s.removed_at IS NULL, "
	    H_SEAT_CERT_FP " FROM identities i LEFT JOIN seats s "
	    "ON s.identity = i.name AND s.body_id = $2 WHERE i.name = $1", "si",
	    name,
	    (long long)r->key);
	if (r->rq->op_case == YISHI__REQUEST__OP_SEAT_ADD)
		h_seat_displays(r, b);
}

/* A seat of identity now has role: unless it reads the deliberation, its
 * open watches of the body's meetings end when w commits (R-CONF-1). */
static void
h_seat_changed(struct req *r, struct db_batch *w, const char *identity,
    enum rules_role role)
{
	if (!access_may_read_deliberation(role))
		push_revoke_add(w, r->body_id, identity, "seat_changed");
}

/* seat add: a role for an identity in a body (replaces an earlier seat). */
static void
h_seat_add_decide(struct req *r)
{
	Yishi__SeatAdd *a = r->rq->seat_add;
	enum rules_role role;
	struct db_batch *w;

	if (db_rows(r->rb, r->extra) != 1) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "身份 %s 不存在", "identity %s not found", a->identity);
		return;
	}
	if (!rules_role_parse(a->role, &role) || role == RULES_ROLE_NONE) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的角色：%s", "unknown role: %s", a->role);
		return;
	}
	if (!handlers_text(r, a->display, "display") ||
	    !handlers_displays_differ(r, r->extra + 1, &a, 1))
		return;
	w = trail_write(r, r->body_id, "seat.add", json_object(r->a,
	    "identity", JSON_S, a->identity, "display", JSON_S, a->display,
	    "role", JSON_S, a->role, "rank", JSON_I, (long long)a->rank,
	    "cert_fp", JSON_S, db_get(r->rb, r->extra, 0, 3), (char *)NULL));
	db_batch_addf(w, h_sql_seat_upsert, "isssi", (long long)r->body_id,
	    a->identity, a->role, a->display, (long long)a->rank);
	h_seat_changed(r, w, a->identity, role);
	req_commit(r);
}

/* seat add: replies with the seat. */
static void
h_seat_add_done(struct req *r)
{
	Yishi__Seat *s = arena_alloc(r->a, sizeof *s);
	Yishi__Seat init = YISHI__SEAT__INIT;
	Yishi__SeatAdd *a = r->rq->seat_add;

	*s = init;
	s->body = r->body_id;
	s->member = a->identity;
	s->display = a->display;
	s->role = a->role;
	s->rank = a->rank;
	r->resp.result_case = YISHI__RESPONSE__RESULT_SEAT;
	r->resp.seat = s;
}

/* seat remove: the seat ends; what it said and voted stays. */
static void
h_seat_remove_decide(struct req *r)
{
	Yishi__SeatRemove *a = r->rq->seat_remove;
	struct db_batch *w;

	if (db_rows(r->rb, r->extra) != 1 ||
	    db_isnull(r->rb, r->extra, 0, 1) ||
	    !db_getbool(r->rb, r->extra, 0, 2)) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "%s 在该机构没有席位", "%s has no seat in this body",
		    a->identity);
		return;
	}
	w = trail_write(r, r->body_id, "seat.remove", json_object(r->a,
	    "identity", JSON_S, a->identity, (char *)NULL));
	db_batch_addf(w, "UPDATE seats SET removed_at = now() "
	    "WHERE body_id = $1 AND identity = $2", "is",
	    (long long)r->body_id, a->identity);
	push_revoke_add(w, r->body_id, a->identity, "seat_removed");
	req_commit(r);
}

/*
 * Reads, into b, the bodies where identity name holds a seat, in order,
 * each with its trail head: h_identity_certificate writes an entry in
 * each, vouched for at the seq after that head (a head moved since makes
 * the write fail, and the request is decided again on a fresh read).
 */
static void
h_identity_seats(struct db_batch *b, const char *name)
{
	db_batch_addf(b, "SELECT s.body_id, coalesce((SELECT max(t.seq) FROM "
	    "trail t WHERE t.body_id = s.body_id), 0) FROM seats s WHERE "
	    "s.identity = $1 AND s.removed_at IS NULL AND s.body_id <> 0 "
	    "ORDER BY s.body_id", "s", name);
}

/* identity disable: does it exist; the bodies where it holds a seat,
 * with their trail heads. */
static void
h_identity_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT disabled FROM identities WHERE name = $1",
	    "s", r->rq->identity_disable->name);
	h_identity_seats(b, r->rq->identity_disable->name);
}

/*
 * Registers identity name's certificate (fingerprint fp in hex; "" when it
 * is withdrawn) in the trail of every body where it holds a seat (read at
 * index q of r's load, h_identity_seats): an identity.certificate entry
 * each, saying why (disable; issue 16's renewal: renew). Bodies are taken
 * in order, so that two of these
 * lock their trails in the same order; a body's snapshot whose head this
 * moves decides again (req.c).
 */
static void
h_identity_certificate(struct db_batch *w, struct req *r, int q,
    const char *name, const char *fp, const char *why)
{
	const char *payload = json_object(r->a, "identity", JSON_S, name,
	    "cert_fp", JSON_S, fp, "reason", JSON_S, why, (char *)NULL);
	int i, n = db_rows(r->rb, q);

	for (i = 0; i < n; i++)
		trail_add(w, r, (uint64_t)db_getll(r->rb, q, i, 0),
		    db_getll(r->rb, q, i, 1), "identity.certificate", payload);
}

/* identity disable: refused from the next request on. */
static void
h_identity_disable_decide(struct req *r)
{
	const char *name = r->rq->identity_disable->name;
	struct db_batch *w;

	if (db_rows(r->rb, r->extra) != 1) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "身份 %s 不存在", "identity %s not found", name);
		return;
	}
	if (strcmp(name, r->who) == 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "不能停用自己的身份", "you cannot disable your own identity");
		return;
	}
	w = trail_write(r, 0, "identity.disable", json_object(r->a,
	    "identity", JSON_S, name, (char *)NULL));
	h_identity_certificate(w, r, r->extra + 1, name, "", "disable");
	db_batch_addf(w, "UPDATE identities SET disabled = true "
	    "WHERE name = $1", "s", name);
	push_revoke_add(w, 0, name, "identity_disabled");
	req_commit(r);
}

/* calendar set: a holiday or a make-up working day. */
static void
h_calendar_set_decide(struct req *r)
{
	Yishi__CalendarSet *a = r->rq->calendar_set;
	struct db_batch *w;
	int32_t day;

	if (!rules_day_parse(a->date, &day)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "日期无效：%s（应为 YYYY-MM-DD）",
		    "invalid date: %s (expected YYYY-MM-DD)", a->date);
		return;
	}
	w = trail_write(r, 0, "calendar.set", json_object(r->a,
	    "date", JSON_S, a->date, "workday", JSON_B, (int)a->workday,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO calendar (day, workday) VALUES ($1, $2) "
	    "ON CONFLICT (day) DO UPDATE SET workday = excluded.workday",
	    "sb", a->date, (int)a->workday);
	req_commit(r);
}

/* seat import: every identity imported, with its current seat, in order. */
static void
h_seat_import_prepare(struct req *r, struct db_batch *b)
{
	Yishi__SeatImport *a = r->rq->seat_import;
	struct db_text_array names = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < a->n_seats && i <= H_IMPORT_MAX; i++)
		db_text_array_add(&names, a->seats[i]->identity);
	db_batch_addf(b, "SELECT i.name IS NOT NULL, s.role, s.display, "
	    "s.rank, s.removed_at IS NULL, " H_SEAT_CERT_FP " "
	    "FROM unnest($1::text[]) "
	    "WITH ORDINALITY AS u(name, k) "
	    "LEFT JOIN identities i ON i.name = u.name "
	    "LEFT JOIN seats s ON s.identity = u.name AND s.body_id = $2 "
	    "ORDER BY u.k", "si", db_text_array_end(&names), (long long)r->key);
	free(names.s);
	h_seat_displays(r, b);
}

/* Orders seats by identity name (qsort). */
static int
h_import_cmp(const void *x, const void *y)
{
	const Yishi__SeatAdd *const *a = x, *const *b = y;

	return strcmp((*a)->identity, (*b)->identity);
}

/* Refuses unless every seat of the import is well formed and named once;
 * returns true when all are. */
static bool
h_import_valid(struct req *r, Yishi__SeatImport *a)
{
	Yishi__SeatAdd **sorted;
	enum rules_role role;
	char what[64];
	size_t i;

	if (a->n_seats == 0 || a->n_seats > H_IMPORT_MAX) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "一次导入 1 到 %d 个席位（本次 %zu 个）",
		    "an import takes 1 to %d seats (this one has %zu)",
		    H_IMPORT_MAX, a->n_seats);
		return false;
	}
	for (i = 0; i < a->n_seats; i++) {
		Yishi__SeatAdd *s = a->seats[i];

		snprintf(what, sizeof what, r->en ? "seat %zu: identity" :
		    "第 %zu 个席位的身份名", i + 1);
		if (!handlers_text(r, s->identity, what))
			return false;
		if (!rules_role_parse(s->role, &role) ||
		    role == RULES_ROLE_NONE) {
			req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "第 %zu 个席位（%s）：未知的角色：%s",
			    "seat %zu (%s): unknown role: %s", i + 1,
			    s->identity, s->role);
			return false;
		}
		snprintf(what, sizeof what, r->en ? "seat %zu: display" :
		    "第 %zu 个席位的显示姓名", i + 1);
		if (!handlers_text(r, s->display, what))
			return false;
	}
	sorted = arena_alloc(r->a, sizeof *sorted * a->n_seats);
	memcpy(sorted, a->seats, sizeof *sorted * a->n_seats);
	qsort(sorted, a->n_seats, sizeof *sorted, h_import_cmp);
	for (i = 1; i < a->n_seats; i++)
		if (strcmp(sorted[i - 1]->identity, sorted[i]->identity) == 0) {
			req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "身份 %s 在导入中出现了不止一次",
			    "identity %s appears more than once in the import",
			    sorted[i]->identity);
			return false;
		}
	return true;
}

/* Refuses when an imported identity does not exist, naming the first few;
 * returns true when all exist. */
static bool
h_import_known(struct req *r, Yishi__SeatImport *a)
{
	char names[512];
	size_t i, n = 0, len = 0;

	names[0] = '\0';
	for (i = 0; i < a->n_seats; i++) {
		if (db_getbool(r->rb, r->extra, (int)i, 0))
			continue;
		if (n++ < 5 && len < sizeof names)
			len += (size_t)snprintf(names + len, sizeof names - len,
			    "%s%s", len > 0 ? (r->en ? ", " : "、") : "",
			    a->seats[i]->identity);
	}
	if (n == 0)
		return true;
	if (n == 1)
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND, "身份不存在：%s",
		    "identity not found: %s", names);
	else
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "%zu 个身份不存在：%s%s", "%zu identities not found: %s%s",
		    n, names, n > 5 ? (r->en ? ", ..." : "等") : "");
	return false;
}

/*
 * seat import: many seats of one body in one transaction, all or none.
 * Each new or changed seat gets the trail entry a seat add would (so the
 * record reads the same); seats already so are left alone, which makes an
 * import safe to run again. A dry run checks everything and writes nothing.
 */
static void
h_seat_import_decide(struct req *r)
{
	Yishi__SeatImport *a = r->rq->seat_import;
	Yishi__SeatImportResult *res;
	Yishi__SeatImportResult init = YISHI__SEAT_IMPORT_RESULT__INIT;
	enum rules_role role;
	struct db_batch *w;
	size_t i;
	int q = r->extra;

	if (!h_import_valid(r, a))
		return;
	if (db_rows(r->rb, q) != (int)a->n_seats) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "读取现有席位失败", "reading the current seats failed");
		return;
	}
	if (!h_import_known(r, a) ||
	    !handlers_displays_differ(r, q + 1, a->seats, a->n_seats))
		return;
	res = arena_alloc(r->a, sizeof *res);
	*res = init;
	res->body = r->body_id;
	res->dry_run = a->dry_run;
	for (i = 0; i < a->n_seats; i++) {
		Yishi__SeatAdd *s = a->seats[i];
		int row = (int)i;

		if (db_isnull(r->rb, q, row, 1))
			res->added++;
		else if (db_getbool(r->rb, q, row, 4) &&
		    strcmp(db_get(r->rb, q, row, 1), s->role) == 0 &&
		    strcmp(db_get(r->rb, q, row, 2), s->display) == 0 &&
		    db_getll(r->rb, q, row, 3) == s->rank) {
			res->unchanged++;
			continue;
		} else
			res->changed++;
		if (a->dry_run)
			continue;
		w = trail_write(r, r->body_id, "seat.add", json_object(r->a,
		    "identity", JSON_S, s->identity, "display", JSON_S,
		    s->display, "role", JSON_S, s->role, "rank", JSON_I,
		    (long long)s->rank, "cert_fp", JSON_S,
		    db_get(r->rb, q, row, 5), (char *)NULL));
		db_batch_addf(w, h_sql_seat_upsert, "isssi",
		    (long long)r->body_id, s->identity, s->role, s->display,
		    (long long)s->rank);
		if (rules_role_parse(s->role, &role))
			h_seat_changed(r, w, s->identity, role);
	}
	r->resp.result_case = YISHI__RESPONSE__RESULT_SEAT_IMPORT;
	r->resp.seat_import = res;
	if (a->dry_run || res->added + res->changed == 0)
		req_reply(r);	/* nothing to write */
	else
		req_commit(r);
}

/* The order of a roster: by role (the secretary first), then rank
 * (unranked last), then name. */
#define H_SEAT_ORDER "array_position(ARRAY['secretary', 'deputy', " \
	"'member', 'recorder', 'office', 'inspector', 'observer'], role), " \
	"rank = 0, rank, identity"

/* seat list: one page of the body's seats as a roster reads, after the
 * cursor's seat (keyset on the roster's order; a removed seat keeps its
 * place). */
static void
h_seat_list_prepare(struct req *r, struct db_batch *b)
{
	struct page pg;

	page_init(&pg, r->rq->seat_list->page);
	db_batch_addf(b, "SELECT identity, display, role, rank FROM seats "
	    "WHERE body_id = $1 AND removed_at IS NULL AND ($2 = '' OR "
	    "(" H_SEAT_ORDER ") > (SELECT " H_SEAT_ORDER " FROM seats WHERE "
	    "body_id = $1 AND identity = $2)) ORDER BY " H_SEAT_ORDER
	    " LIMIT $3", "isi", (long long)r->key, pg.after_name,
	    page_rows(&pg));
}

/* seat list: the admin or a seat of the body, observers (列席) excepted:
 * they attend items, they are not of the body. */
static void
h_seat_list_decide(struct req *r)
{
	Yishi__SeatList *l = arena_alloc(r->a, sizeof *l);
	Yishi__SeatList linit = YISHI__SEAT_LIST__INIT;
	Yishi__Seat init = YISHI__SEAT__INIT;
	int q = r->extra, n = db_rows(r->rb, q), i;
	struct page pg;

	page_init(&pg, r->rq->seat_list->page);
	*l = linit;
	l->seats = arena_alloc(r->a, sizeof *l->seats * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Seat *s = arena_alloc(r->a, sizeof *s);

		*s = init;
		s->body = r->body_id;
		s->member = (char *)db_get(r->rb, q, i, 0);
		s->display = (char *)db_get(r->rb, q, i, 1);
		s->role = (char *)db_get(r->rb, q, i, 2);
		s->rank = (int32_t)db_getll(r->rb, q, i, 3);
		if (!page_take(&pg, &s->base))
			break;
		l->seats[l->n_seats++] = s;
	}
	if (l->n_seats > 0)
		l->next = page_next(r->a, &pg, 0,
		    l->seats[l->n_seats - 1]->member);
	r->resp.result_case = YISHI__RESPONSE__RESULT_SEATS;
	r->resp.seats = l;
	req_reply(r);
}

/* The body id of seat requests. */
static uint64_t
h_seat_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_SEAT_ADD:
		return rq->seat_add->body;
	case YISHI__REQUEST__OP_SEAT_IMPORT:
		return rq->seat_import->body;
	case YISHI__REQUEST__OP_SEAT_LIST:
		return rq->seat_list->body;
	default:
		return rq->seat_remove->body;
	}
}

const struct handler h_admin[] = {
	{
		.op = YISHI__REQUEST__OP_PING,
		.name = "ping",
		.scope = REQ_SCOPE_NONE,
		.decide = h_ping_decide,
	},
	{
		.op = YISHI__REQUEST__OP_BODY_CREATE,
		.name = "body.create",
		.scope = REQ_SCOPE_NONE,
		.flags = REQ_F_ADMIN,
		.prepare = h_body_create_prepare,
		.decide = h_body_create_decide,
		.done = h_body_create_done,
	},
	{
		.op = YISHI__REQUEST__OP_BODY_LIST,
		.name = "body.list",
		.scope = REQ_SCOPE_NONE,
		.prepare = h_body_list_prepare,
		.decide = h_body_list_decide,
	},
	{
		.op = YISHI__REQUEST__OP_SEAT_ADD,
		.name = "seat.add",
		.scope = REQ_SCOPE_BODY,
		.flags = REQ_F_ADMIN,
		.key = h_seat_key,
		.prepare = h_seat_prepare,
		.decide = h_seat_add_decide,
		.done = h_seat_add_done,
	},
	{
		.op = YISHI__REQUEST__OP_SEAT_IMPORT,
		.name = "seat.import",
		.scope = REQ_SCOPE_BODY,
		.flags = REQ_F_ADMIN,
		.key = h_seat_key,
		.prepare = h_seat_import_prepare,
		.decide = h_seat_import_decide,
	},
	{
		.op = YISHI__REQUEST__OP_SEAT_LIST,
		.name = "seat.list",
		.scope = REQ_SCOPE_BODY,
		.key = h_seat_key,
		.prepare = h_seat_list_prepare,
		.decide = h_seat_list_decide,
	},
	{
		.op = YISHI__REQUEST__OP_SEAT_REMOVE,
		.name = "seat.remove",
		.scope = REQ_SCOPE_BODY,
		.flags = REQ_F_ADMIN,
		.key = h_seat_key,
		.prepare = h_seat_prepare,
		.decide = h_seat_remove_decide,
	},
	{
		.op = YISHI__REQUEST__OP_IDENTITY_DISABLE,
		.name = "identity.disable",
		.scope = REQ_SCOPE_NONE,
		.flags = REQ_F_ADMIN,
		.prepare = h_identity_prepare,
		.decide = h_identity_disable_decide,
	},
	{
		.op = YISHI__REQUEST__OP_CALENDAR_SET,
		.name = "calendar.set",
		.scope = REQ_SCOPE_NONE,
		.flags = REQ_F_ADMIN,
		.decide = h_calendar_set_decide,
	},
	{ 0 }
};
