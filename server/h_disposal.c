/*
 * h_disposal.c: emergency disposals (临机处置, R-EMERG-1). A voting member
 * records what was done without a meeting: the facts, the action, the
 * amount. It becomes a report item on the next meeting of the body:
 *
 *   - the earliest meeting of the body not yet opened (scheduled or
 *     noticed) gets it at once, even after its notice: the rules require
 *     the report, and a report item counts as noticed, not as ad hoc;
 *   - with no such meeting it waits, and the next meeting scheduled gets
 *     every waiting disposal (h_disposal_attach, called by meeting
 *     schedule).
 *
 * The report item is approved as it is created, proposed by the member who
 * acted, classed as the disposal (R-3Z1D-1), and concluded with decision
 * mode emergency_disposal. A major disposal (a 三重一大 class or an amount
 * over the profile's threshold) alerts the body's inspectors: the record is
 * marked alerted and a "disposal.alert" entry joins the trail.
 */
#include "handlers.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "json.h"
#include "mstate.h"
#include "page.h"
#include "rules.h"

/* Disposals of body $1 not yet reported on any meeting. */
#define H_WAITING "FROM disposals d WHERE d.body_id = $1 AND NOT EXISTS " \
	"(SELECT 1 FROM items i WHERE i.body_id = d.body_id " \
	"AND i.disposal_id = d.id) "

/* Adds the read of the body's waiting disposals, their ids in order
 * (see handlers.h). */
int
h_disposal_waiting(struct req *r, struct db_batch *b)
{
	return db_batch_addf(b, "SELECT coalesce(string_agg(d.id::text, ',' "
	    "ORDER BY d.id), '') " H_WAITING, "i", (long long)r->key);
}

/*
 * Adds the report items of the waiting disposals to w, with their trail
 * entry (see handlers.h). The disposals are those read with the snapshot:
 * a disposal is recorded only with an entry of the body's trail, so one
 * recorded since moves the head and the request is decided again; the
 * entry's seq is known, and the server vouches for it.
 */
void
h_disposal_attach(struct req *r, struct db_batch *w, uint64_t meeting,
    int q, uint64_t new_disposal)
{
	const char *ids = db_rows(r->rb, q) == 1 ? db_get(r->rb, q, 0, 0) : "";

	if (new_disposal != 0)
		ids = arena_printf(r->a, "%s%s%llu", ids, ids[0] != '\0' ? "," :
		    "", (unsigned long long)new_disposal);
	if (ids[0] == '\0')
		return;
	(void)trail_write(r, r->body_id, "disposal.report", arena_printf(r->a,
	    "{\"meeting\":%llu,\"disposals\":[%s],\"rule\":\"R-EMERG-1\"}",
	    (unsigned long long)meeting, ids));
	db_batch_addf(w, "INSERT INTO items (body_id, id, meeting_id, position, "
	    "title, category, amount, responsible, proposer, reason, state, "
	    "disposal_id) SELECT d.body_id, nextval('item_id_seq'), $2, "
	    "(SELECT coalesce(max(position), 0) FROM items x WHERE "
	    "x.body_id = $1 AND x.meeting_id = $2) + row_number() OVER "
	    "(ORDER BY d.id), d.title, d.category, d.amount, d.member, "
	    "d.member, d.text, 'approved', d.id " H_WAITING "ORDER BY d.id",
	    "ii", (long long)r->body_id, (long long)meeting);
}

/* disposal record: the id, and the body's next meeting not yet open. */
static void
h_record_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT nextval('disposal_id_seq')", "");
	db_batch_addf(b, "SELECT id FROM meetings WHERE body_id = $1 AND state "
	    "IN ('scheduled', 'noticed') ORDER BY at, id LIMIT 1", "i",
	    (long long)r->key);
	(void)h_disposal_waiting(r, b);
}

/* disposal record: a voting member records it (R-EMERG-1). */
static void
h_record_decide(struct req *r)
{
	Yishi__DisposalRecord *a = r->rq->disposal_record;
	const struct rules_profile *p = rules_profile_find(r->body_profile);
	enum rules_category asked = RULES_CAT_ORDINARY, cat;
	enum rules_role role = RULES_ROLE_NONE;
	struct rules_verdict v;
	struct db_batch *w;
	uint64_t meeting = 0;
	bool major;

	if (r->role != NULL && !rules_role_parse(r->role, &role))
		role = RULES_ROLE_NONE;
	rules_may_record_disposal(role, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->title, "title") ||
	    !handlers_text(r, a->text, "text"))
		return;
	if (a->amount < 0 || (a->category[0] != '\0' &&
	    !rules_category_parse(a->category, &asked))) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "金额或类别无效", "invalid amount or category");
		return;
	}
	if (p == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "机构的规则配置 %s 不存在", "the body's profile %s is unknown",
		    r->body_profile);
		return;
	}
	(void)rules_agenda_classify(p, asked, a->amount, &cat);
	major = rules_disposal_major(p, cat, a->amount);
	if (db_rows(r->rb, r->extra + 1) == 1)
		meeting = (uint64_t)db_getll(r->rb, r->extra + 1, 0, 0);
	r->new_id = (uint64_t)db_getll(r->rb, r->extra, 0, 0);
	w = trail_write(r, r->body_id, "disposal.record", json_object(r->a,
	    "disposal", JSON_I, (long long)r->new_id, "title", JSON_S, a->title,
	    "text", JSON_S, a->text, "amount", JSON_I, (long long)a->amount,
	    "category", JSON_S, rules_category_name(cat), "major", JSON_B,
	    (int)major, "rule", JSON_S, "R-EMERG-1", (char *)NULL));
	db_batch_addf(w, "INSERT INTO disposals (body_id, id, member, title, "
	    "text, amount, category, alerted) VALUES ($1, $2, $3, $4, $5, $6, "
	    "$7, $8)", "iisssisb", (long long)r->body_id, (long long)r->new_id,
	    r->who, a->title, a->text, (long long)a->amount,
	    rules_category_name(cat), (int)major);
	if (major) {
		/* R-EMERG-1: a major disposal alerts the inspectors. */
		(void)trail_write(r, r->body_id, "disposal.alert",
		    json_object(r->a, "disposal", JSON_I,
		    (long long)r->new_id, "to", JSON_S, "inspector",
		    "category", JSON_S, rules_category_name(cat),
		    "amount", JSON_I, (long long)a->amount,
		    "threshold", JSON_I, (long long)p->large_fund_threshold,
		    "rule", JSON_S, "R-EMERG-1", (char *)NULL));
	}
	if (meeting != 0)
		h_disposal_attach(r, w, meeting, r->extra + 2, r->new_id);
	r->hint = rules_category_name(cat);
	r->resp.result_case = YISHI__RESPONSE__RESULT_DISPOSAL;
	r->resp.disposal = arena_alloc(r->a, sizeof *r->resp.disposal);
	{
		Yishi__Disposal init = YISHI__DISPOSAL__INIT;

		*r->resp.disposal = init;
	}
	r->resp.disposal->id = r->new_id;
	r->resp.disposal->body = r->body_id;
	r->resp.disposal->member = (char *)r->who;
	r->resp.disposal->title = a->title;
	r->resp.disposal->text = a->text;
	r->resp.disposal->amount = a->amount;
	r->resp.disposal->category = (char *)r->hint;
	r->resp.disposal->alerted = major;
	r->resp.disposal->meeting = meeting;
	req_commit(r);
}

/* disposal list: one page of the body's disposals after the cursor's,
 * and where each is reported. */
static void
h_list_prepare(struct req *r, struct db_batch *b)
{
	struct page pg;

	page_init(&pg, r->rq->disposal_list->page);
	db_batch_addf(b, "SELECT d.id, d.member, d.title, d.text, d.amount, "
	    "d.category, d.alerted, coalesce(i.id, 0), coalesce(i.meeting_id, 0), "
	    MSTATE_RFC3339("d.at") " FROM disposals d LEFT JOIN items i "
	    "ON i.body_id = d.body_id AND i.disposal_id = d.id "
	    "WHERE d.body_id = $1 AND d.id > $2 ORDER BY d.id LIMIT $3", "iii",
	    (long long)r->key, (long long)pg.after, page_rows(&pg));
}

/* disposal list: voting seats, recorder, office, inspectors, the admin. */
static void
h_list_decide(struct req *r)
{
	Yishi__DisposalList *l = arena_alloc(r->a, sizeof *l);
	Yishi__DisposalList linit = YISHI__DISPOSAL_LIST__INIT;
	int i, n = db_rows(r->rb, r->extra);
	struct page pg;

	page_init(&pg, r->rq->disposal_list->page);
	*l = linit;
	l->disposals = arena_alloc(r->a, sizeof *l->disposals *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Yishi__Disposal *d = arena_alloc(r->a, sizeof *d);
		Yishi__Disposal init = YISHI__DISPOSAL__INIT;
		int k = r->extra;

		*d = init;
		d->id = (uint64_t)db_getll(r->rb, k, i, 0);
		d->body = r->body_id;
		d->member = arena_strdup(r->a, db_get(r->rb, k, i, 1));
		d->title = arena_strdup(r->a, db_get(r->rb, k, i, 2));
		d->text = arena_strdup(r->a, db_get(r->rb, k, i, 3));
		d->amount = db_getll(r->rb, k, i, 4);
		d->category = arena_strdup(r->a, db_get(r->rb, k, i, 5));
		d->alerted = db_getbool(r->rb, k, i, 6);
		d->item = (uint64_t)db_getll(r->rb, k, i, 7);
		d->meeting = (uint64_t)db_getll(r->rb, k, i, 8);
		d->at = arena_strdup(r->a, db_get(r->rb, k, i, 9));
		if (!page_take(&pg, &d->base))
			break;
		l->disposals[l->n_disposals++] = d;
	}
	if (l->n_disposals > 0)
		l->next = page_next(r->a, &pg,
		    l->disposals[l->n_disposals - 1]->id, NULL);
	r->resp.result_case = YISHI__RESPONSE__RESULT_DISPOSALS;
	r->resp.disposals = l;
	req_reply(r);
}

/* The body id of the requests of this file. */
static uint64_t
h_key(const Yishi__Request *rq)
{
	return rq->op_case == YISHI__REQUEST__OP_DISPOSAL_RECORD ?
	    rq->disposal_record->body : rq->disposal_list->body;
}

const struct handler h_disposal[] = {
	{
		.op = YISHI__REQUEST__OP_DISPOSAL_RECORD,
		.name = "disposal.record",
		.scope = REQ_SCOPE_BODY,
		.key = h_key,
		.prepare = h_record_prepare,
		.decide = h_record_decide,
	},
	{
		.op = YISHI__REQUEST__OP_DISPOSAL_LIST,
		.name = "disposal.list",
		.scope = REQ_SCOPE_BODY,
		.key = h_key,
		.prepare = h_list_prepare,
		.decide = h_list_decide,
	},
	{ 0 }
};
