/* handlers.c: checks shared by the request handlers (see handlers.h). */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "mstate.h"
#include "sign.h"
#include "text.h"
#include "rules.h"

/* True for secretary, deputy and member (the seats that count in N). */
bool
handlers_voting(const char *role)
{
	return role != NULL && (strcmp(role, "secretary") == 0 ||
	    strcmp(role, "deputy") == 0 || strcmp(role, "member") == 0);
}

/* Refuses with "permission denied" naming what is needed; returns false. */
bool
handlers_need(struct req *r, bool ok, const char *zh, const char *en)
{
	if (ok)
		return true;
	req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED, "无权操作：%s",
	    "permission denied: %s", r->en ? en : zh);
	return false;
}

/* True when the caller chairs the meeting: the delegate once the chair is
 * entrusted (R-MTG-2), the secretary otherwise. */
bool
handlers_is_chair(const struct req *r)
{
	const char *chair;

	if (r->ms == NULL || r->who == NULL)
		return false;
	chair = mstate_chair(r->ms);
	return chair != NULL && strcmp(chair, r->who) == 0;
}

/* Checks that a required text argument is given; refuses with invalid
 * argument. Its length and characters were checked with every request
 * (proto/text.h). */
bool
handlers_text(struct req *r, const char *s, const char *what)
{
	if (s != NULL && s[0] != '\0')
		return true;
	req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT, "%s 不能为空",
	    "%s must not be empty", what);
	return false;
}

/* Adds the read of the working-day calendar to b; returns its index. The
 * calendar is what the instance trail's calendar.set entries say (the
 * last one for each day), not the calendar table, a copy a database
 * superuser can change (issue 12; sql/013 indexes these entries). */
int
handlers_calendar_load(struct db_batch *b)
{
	return db_batch_addf(b, "SELECT (d - date '1970-01-01'), w FROM "
	    "(SELECT DISTINCT ON (payload::jsonb ->> 'date') "
	    "(payload::jsonb ->> 'date')::date AS d, "
	    "(payload::jsonb ->> 'workday')::boolean AS w FROM trail "
	    "WHERE body_id = 0 AND action = 'calendar.set' "
	    "ORDER BY payload::jsonb ->> 'date', seq DESC) c ORDER BY d", "");
}

/* The calendar's exceptions on days from..to, as a notice records the
 * working days it counted: "YYYY-MM-DD:holiday" or ":workday", comma
 * separated, in day order ("" when none); in the arena. */
const char *
handlers_calendar_days(struct req *r, const struct rules_calendar *cal,
    int32_t from, int32_t to)
{
	const char *out = "";
	char day[RULES_DAY_LEN];
	size_t k;

	for (k = 0; k < cal->nexceptions; k++) {
		const struct rules_cal_exception *x = &cal->exceptions[k];

		if (x->day < from || x->day > to)
			continue;
		rules_day_format(x->day, day);
		out = arena_printf(r->a, "%s%s%s:%s", out, out[0] ? "," : "",
		    day, x->workday ? "workday" : "holiday");
	}
	return out;
}

/* Fills cal from the calendar read at index i of r's load batch. */
void
handlers_calendar(struct req *r, int i, struct rules_calendar *cal)
{
	int n = db_rows(r->rb, i), k;
	struct rules_cal_exception *x;

	x = arena_alloc(r->a, sizeof *x * (size_t)(n + 1));
	for (k = 0; k < n; k++) {
		x[k].day = (int32_t)db_getll(r->rb, i, k, 0);
		x[k].workday = db_getbool(r->rb, i, k, 1);
	}
	cal->exceptions = x;
	cal->nexceptions = (size_t)n;
}

/* The rules view of a member (after mstate_rules), or NULL. */
const struct rules_member *
handlers_rmember(const struct mstate *ms, const char *name)
{
	return mstate_rmember(ms, name);
}

/* Verifies the request's signature over canonical (see handlers.h). */
const char *
handlers_verify(struct req *r, char *canonical, size_t len)
{
	const char *out = NULL;
	int early = sigcheck_verified(r, canonical, len);

	if (canonical == NULL || r->cert == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "无法校验签名", "cannot check the signature");
	} else if (r->rq->signature.len == 0) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "此操作须由本人签名", "this must carry your own signature");
	} else if (early == 0 || (early < 0 && sign_verify(r->cert, canonical,
	    len, r->rq->signature.data, r->rq->signature.len) != 0)) {
		req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED,
		    "签名与您的证书不符，未予受理",
		    "the signature does not match your certificate: refused");
	} else {
		out = arena_strdup(r->a, canonical);
	}
	free(canonical);
	return out;
}

/* The meeting's quorum as it stands in the snapshot (see handlers.h). */
Yishi__Quorum *
handlers_quorum(struct req *r)
{
	Yishi__Quorum *q = arena_alloc(r->a, sizeof *q);
	Yishi__Quorum init = YISHI__QUORUM__INIT;
	const struct rules_profile *p = r->ms->profile;
	unsigned n, present;

	*q = init;
	mstate_rules(r->ms, r->a, NULL, NULL);
	rules_count(&r->ms->rm, false, &n, &present);
	q->n = n;
	q->present = present;
	q->needed = rules_quorum_needed(p->opening_quorum, n);
	q->met = rules_quorum_met(p->opening_quorum, present, n);
	return q;
}

/* Refuses when the seats proposed (adds, n) would give two seats of the
 * body one display name (proto/text.h, text_seats_clash); the body's
 * current seats are rows (identity, display) of load result q. */
bool
handlers_displays_differ(struct req *r, int q, Yishi__SeatAdd *const *adds,
    size_t n)
{
	int rows = db_rows(r->rb, q), k;
	size_t m = n + (size_t)(rows > 0 ? rows : 0), i, a, b;
	struct text_seat *s = arena_alloc(r->a, sizeof *s * (m + 1));
	const char *ya, *yb;

	for (i = 0; i < m; i++) {
		k = (int)(i - n);
		s[i].identity = i < n ? adds[i]->identity : db_get(r->rb, q, k, 0);
		s[i].display = i < n ? adds[i]->display : db_get(r->rb, q, k, 1);
		s[i].proposed = i < n;
		s[i].key = arena_alloc(r->a, strlen(s[i].display) + 1);
		text_name_key(s[i].display, s[i].key);
	}
	if (!text_seats_clash(s, m, &a, &b))
		return true;
	if (!s[a].proposed) {
		i = a;
		a = b;
		b = i;
	}
	ya = s[a].identity;
	yb = s[b].identity;
	req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
	    "显示姓名“%s”（%s）与该机构的 %s 相同：同一机构内显示姓名不能重复",
	    "display name \"%s\" (%s) is the same as %s's in this body: "
	    "two seats of one body cannot share a display name",
	    s[a].display, ya, yb);
	return false;
}
