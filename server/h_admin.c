/*
 * h_admin.c: instance administration: who am I, bodies, seats, identities,
 * the working-day calendar. Everything but ping needs the instance admin.
 */
#include "handlers.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "json.h"
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

	if (!handlers_text(r, a->name, "name", 200))
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
	    "profile", JSON_S, profile, (char *)NULL);
	w = req_write(r, 0, "body.create", payload);
	db_batch_addf(w, "INSERT INTO bodies (id, name, kind, profile) "
	    "VALUES ($1, $2, $3, $4)", "isss", (long long)r->new_id, a->name,
	    a->kind, profile);
	db_batch_addf(w, "SELECT trail_append($1, 0, $2, 'body.create', $3)",
	    "iss", (long long)r->new_id, r->who, payload);
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

/* seat add/remove: does the identity exist, and its current seat. */
static void
h_seat_prepare(struct req *r, struct db_batch *b)
{
	const char *name = r->rq->op_case == YISHI__REQUEST__OP_SEAT_ADD ?
	    r->rq->seat_add->identity : r->rq->seat_remove->identity;

	db_batch_addf(b, "SELECT i.name, s.role, s.removed_at IS NULL "
	    "FROM identities i LEFT JOIN seats s ON s.identity = i.name "
	    "AND s.body_id = $2 WHERE i.name = $1", "si", name,
	    (long long)r->key);
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
	if (!handlers_text(r, a->display, "display", 100))
		return;
	w = req_write(r, r->body_id, "seat.add", json_object(r->a,
	    "identity", JSON_S, a->identity, "display", JSON_S, a->display,
	    "role", JSON_S, a->role, "rank", JSON_I, (long long)a->rank,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO seats (body_id, identity, role, display, "
	    "rank) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (body_id, identity) "
	    "DO UPDATE SET role = excluded.role, display = excluded.display, "
	    "rank = excluded.rank, removed_at = NULL, added_at = now()",
	    "isssi", (long long)r->body_id, a->identity, a->role, a->display,
	    (long long)a->rank);
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
	w = req_write(r, r->body_id, "seat.remove", json_object(r->a,
	    "identity", JSON_S, a->identity, (char *)NULL));
	db_batch_addf(w, "UPDATE seats SET removed_at = now() "
	    "WHERE body_id = $1 AND identity = $2", "is",
	    (long long)r->body_id, a->identity);
	req_commit(r);
}

/* identity disable: does it exist. */
static void
h_identity_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT disabled FROM identities WHERE name = $1",
	    "s", r->rq->identity_disable->name);
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
	w = req_write(r, 0, "identity.disable", json_object(r->a,
	    "identity", JSON_S, name, (char *)NULL));
	db_batch_addf(w, "UPDATE identities SET disabled = true "
	    "WHERE name = $1", "s", name);
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
	w = req_write(r, 0, "calendar.set", json_object(r->a,
	    "date", JSON_S, a->date, "workday", JSON_B, (int)a->workday,
	    (char *)NULL));
	db_batch_addf(w, "INSERT INTO calendar (day, workday) VALUES ($1, $2) "
	    "ON CONFLICT (day) DO UPDATE SET workday = excluded.workday",
	    "sb", a->date, (int)a->workday);
	req_commit(r);
}

/* The body id of seat requests. */
static uint64_t
h_seat_key(const Yishi__Request *rq)
{
	return rq->op_case == YISHI__REQUEST__OP_SEAT_ADD ?
	    rq->seat_add->body : rq->seat_remove->body;
}

const struct handler h_admin[] = {
	{ YISHI__REQUEST__OP_PING, "ping", REQ_SCOPE_NONE, 0, NULL, NULL,
	  h_ping_decide, NULL },
	{ YISHI__REQUEST__OP_BODY_CREATE, "body.create", REQ_SCOPE_NONE,
	  REQ_F_ADMIN, NULL, h_body_create_prepare, h_body_create_decide,
	  h_body_create_done },
	{ YISHI__REQUEST__OP_SEAT_ADD, "seat.add", REQ_SCOPE_BODY, REQ_F_ADMIN,
	  h_seat_key, h_seat_prepare, h_seat_add_decide, h_seat_add_done },
	{ YISHI__REQUEST__OP_SEAT_REMOVE, "seat.remove", REQ_SCOPE_BODY,
	  REQ_F_ADMIN, h_seat_key, h_seat_prepare, h_seat_remove_decide,
	  NULL },
	{ YISHI__REQUEST__OP_IDENTITY_DISABLE, "identity.disable",
	  REQ_SCOPE_NONE, REQ_F_ADMIN, NULL, h_identity_prepare,
	  h_identity_disable_decide, NULL },
	{ YISHI__REQUEST__OP_CALENDAR_SET, "calendar.set", REQ_SCOPE_NONE,
	  REQ_F_ADMIN, NULL, NULL, h_calendar_set_decide, NULL },
	{ 0 }
};
