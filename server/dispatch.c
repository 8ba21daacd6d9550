/* dispatch.c: routes a decoded request to its handler, alone or in its
 * group (see dispatch.h). */
#include "dispatch.h"

#include <stddef.h>

#include "conn.h"
#include "groupdb.h"
#include "handlers.h"
#include "log.h"
#include "req.h"
#include "text.h"

static const struct handler *const dispatch_tables[] = {
	h_admin, h_meeting, h_agenda, h_attend, h_vote, h_decide, h_read,
	h_followup, h_disposal, h_minutes, h_self, h_witness, h_ballot, NULL
};

/* Finds the handler of a request kind, or NULL. */
static const struct handler *
dispatch_find(Yishi__Request__OpCase op)
{
	const struct handler *const *t, *h;

	for (t = dispatch_tables; *t != NULL; t++)
		for (h = *t; h->name != NULL; h++)
			if (h->op == op)
				return h;
	return NULL;
}

/* Starts the request in f (ownership passes) alone, or in a round of its
 * group (REQ_F_GROUP); unknown kinds, and text fields that break their
 * kind's rules (proto/text.h), get an error. */
void
dispatch_request(struct conn *c, Yishi__Frame *f, void *arg)
{
	const struct handler *h = dispatch_find(f->request->op_case);
	Yishi__Response r = YISHI__RESPONSE__INIT;
	struct text_verdict v;
	struct req *rq;
	char msg[256];

	(void)arg;
	if (h == NULL) {
		log_info("conn %llu: unknown request kind %d",
		    (unsigned long long)c->id, (int)f->request->op_case);
		r.status = YISHI__STATUS__STATUS_INVALID_ARGUMENT;
		r.message = f->request->lang == YISHI__LANG__LANG_EN ?
		    "unknown request" : "未知的请求";
		conn_respond(c, f->id, &r);
		yishi__frame__free_unpacked(f, NULL);
		return;
	}
	if (!text_request_check(f->request, &v)) {
		text_message(&v, f->request->lang == YISHI__LANG__LANG_EN, msg,
		    sizeof msg);
		log_info("conn %llu: %s refused: %s",
		    (unsigned long long)c->id, h->name, msg);
		r.status = YISHI__STATUS__STATUS_INVALID_ARGUMENT;
		r.message = msg;
		conn_respond(c, f->id, &r);
		yishi__frame__free_unpacked(f, NULL);
		return;
	}
	if ((rq = req_start(c, f, h)) == NULL)
		return;		/* answered already */
	if (h->flags & REQ_F_GROUP)
		groupdb_add(rq);
	else
		req_run(rq);
}
