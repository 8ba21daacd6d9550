/*
 * h_vote.c: deliberation of one item: start it, statements in order with
 * the 一把手 last (R-LAST-2), the vote and its tally (R-VOTE-*).
 */
#include "handlers.h"

#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "arena.h"
#include "db.h"
#include "event.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "server.h"
#include "sign.h"
#include "wire.h"

/* Builds the rules view of the request's item; returns the item. */
static struct m_item *
h_item_rules(struct req *r, struct rules_item *ri)
{
	struct m_item *it = mstate_item(r->ms, r->key);

	mstate_rules(r->ms, r->a, it, ri);
	return it;
}

/* Replies with the request's item as it stands. */
static void
h_item_reply(struct req *r)
{
	struct wire_view view = wire_view_of(r->role, r->admin, r->who);

	r->resp.result_case = YISHI__RESPONSE__RESULT_ITEM;
	r->resp.item = wire_item(r->a, r->ms, mstate_item(r->ms, r->key),
	    &view);
}

/* item start: the chair opens deliberation (R-AGENDA-1, R-QUORUM-2). */
static void
h_start_decide(struct req *r)
{
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;
	int i;

	it = h_item_rules(r, &ri);
	for (i = 0; i < r->ms->nitems; i++) {
		struct m_item *o = &r->ms->items[i];

		if (o != it && (o->state == RULES_ITEM_STARTED ||
		    o->state == RULES_ITEM_VOTING)) {
			req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
			    "议题“%s”尚在审议中", "item \"%s\" is still under "
			    "deliberation", o->title);
			return;
		}
	}
	rules_may_start_item(&r->ms->rm, &ri, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	w = trail_write(r, r->body_id, "item.start", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "n", JSON_I, (long long)v.n,
	    "present", JSON_I, (long long)v.present, (char *)NULL));
	db_batch_addf(w, "UPDATE items SET state = 'started' WHERE body_id = $1 "
	    "AND id = $2", "ii", (long long)r->body_id, (long long)it->id);
	it->state = RULES_ITEM_STARTED;
	ev = req_event(r, "item_started");
	ev->item = it->id;
	ev->detail = (char *)it->title;
	event_waiting_state(r->a, r->ms, ev);
	req_commit(r);
}

/* state: a member's position on the item, in turn (R-LAST-2, R-LAST-6). */
static void
h_state_decide(struct req *r)
{
	Yishi__State *a = r->rq->state;
	enum rules_position pos;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *signed_text;
	char *canon;
	size_t len;
	int seq;

	if (!rules_position_parse(a->position, &pos) ||
	    pos == RULES_POS_NONE) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的表态：%s", "unknown position: %s", a->position);
		return;
	}
	if (strlen(a->text) > 10000) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "意见过长", "the text is too long");
		return;
	}
	it = h_item_rules(r, &ri);
	rules_may_state(&r->ms->rm, &ri, handlers_rmember(r->ms, r->who), pos,
	    a->text[0] != '\0', &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	/* R-ENF-5: the statement is the member's own, signed by them. */
	canon = sign_canon_statement(srv.instance, r->body_id, r->ms->id,
	    it->id, r->who, a->position, a->text, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	/* The snapshot follows, for requests decided after this one on it
	 * (group commit, req.c). */
	seq = it->last_seq++;
	((struct rules_member *)handlers_rmember(r->ms, r->who))->stated = pos;
	w = trail_write_signed(r, r->body_id, "statement", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "seq", JSON_I, (long long)seq + 1,
	    "member", JSON_S, r->who, "position", JSON_S, a->position,
	    "text", JSON_S, a->text, (char *)NULL), signed_text);
	db_batch_addf(w, "INSERT INTO statements (body_id, item_id, seq, member, "
	    "position, text, at) VALUES ($1, $2, $3, $4, $5, $6, "
	    TRAIL_AT_SQL(7) ")", "iiisssi", (long long)r->body_id,
	    (long long)it->id, (long long)seq + 1, r->who, a->position,
	    a->text, (long long)r->at_us);
	ev = req_event(r, "statement");
	ev->item = it->id;
	ev->detail = a->position;
	event_waiting_state(r->a, r->ms, ev);
	req_commit(r);
}

/* vote open: fixes the electorate (R-VOTE-0, R-VOTE-1, R-VOTE-6). */
static void
h_vote_open_decide(struct req *r)
{
	Yishi__VoteOpen *a = r->rq->vote_open;
	const char *const *names = (const char *const *)a->scrutineers;
	enum rules_method method;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;
	size_t i;
	unsigned electorate = 0;
	bool secret;
	int64_t round;

	if (!rules_method_parse(a->method, &method)) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的表决方式：%s", "unknown method: %s", a->method);
		return;
	}
	secret = method == RULES_METHOD_SECRET;
	if (!secret && a->n_scrutineers > 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "只有无记名投票设监票人", "only a secret vote has "
		    "scrutineers");
		return;
	}
	if (a->n_scrutineers > 16) {	/* h_ballot.c's bound */
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "监票人至多16名", "at most 16 scrutineers");
		return;
	}
	it = h_item_rules(r, &ri);
	rules_may_open_vote(&r->ms->rm, &ri, method, &v);
	if (v.ok && secret)	/* R-VOTE-10 */
		rules_may_name_scrutineers(&r->ms->rm, names, a->n_scrutineers,
		    &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	/* A secret round is named by the seq of this entry (docs/ballot.md) */
	round = r->head + r->nwritten + 1;
	if (secret)
		w = trail_write(r, r->body_id, "vote.open", json_object(r->a,
		    "item", JSON_I, (long long)it->id, "method", JSON_S,
		    rules_method_name(method), "scrutineers", JSON_RAW,
		    json_strings(r->a, names, a->n_scrutineers), "options",
		    JSON_RAW, h_ballot_options(r->a), (char *)NULL));
	else
		w = trail_write(r, r->body_id, "vote.open", json_object(r->a,
		    "item", JSON_I, (long long)it->id, "method", JSON_S,
		    rules_method_name(method), (char *)NULL));
	for (i = 0; i < r->ms->rm.nmembers; i++) {
		struct rules_member *m = &r->ms->rmembers[i];

		if (!rules_member_in_n(m) || m->recused ||
		    m->attendance != RULES_ATT_PRESENT)
			continue;
		electorate++;
		/* The snapshot follows: who is still to vote (event.h). */
		m->in_electorate = true;
		m->voted = RULES_CHOICE_NONE;
	}
	it->electors = electorate;
	/* A void round (R-VOTE-11) is whole in the trail: its electorate,
	 * ballots and scrutineers go now (sql/016), and its votes row is
	 * taken over by the new round. */
	if (it->has_vote && it->vote_state != NULL &&
	    strcmp(it->vote_state, "void") == 0)
		db_batch_addf(w, "SELECT vote_void_clear($1, $2)", "ii",
		    (long long)r->body_id, (long long)it->id);
	db_batch_addf(w, "INSERT INTO votes (body_id, item_id, method, "
	    "electorate, state, round) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (body_id, item_id) DO UPDATE SET "
	    "method = EXCLUDED.method, electorate = EXCLUDED.electorate, "
	    "state = EXCLUDED.state, round = EXCLUDED.round, yes = 0, no = 0, "
	    "abstain = 0, not_voting = NULL, outcome = NULL, rule = NULL, "
	    "opened_at = now(), closed_at = NULL, key = NULL, "
	    "keyed_at = NULL, ballots = NULL, void_reason = NULL "
	    "WHERE votes.state = 'void'", "iisisi",
	    (long long)r->body_id, (long long)it->id, rules_method_name(method),
	    (long long)electorate, secret ? "keying" : "open",
	    (long long)(secret ? round : 0));
	/* R-VOTE-6: present, non-recused voting seats, fixed now; of the
	 * meeting's N, fixed when it opened (a seat given since is not) */
	db_batch_addf(w, "INSERT INTO vote_electorate (body_id, item_id, member) "
	    "SELECT s.body_id, $2, s.identity FROM seats s JOIN attendance a "
	    "ON a.body_id = s.body_id AND a.meeting_id = $3 "
	    "AND a.identity = s.identity AND a.state = 'present' "
	    "WHERE s.body_id = $1 AND s.removed_at IS NULL "
	    "AND s.role IN ('secretary', 'deputy', 'member') "
	    "AND NOT EXISTS (SELECT 1 FROM recusals x WHERE x.body_id = $1 "
	    "AND x.item_id = $2 AND x.member = s.identity) "
	    "AND (NOT $4::boolean OR EXISTS (SELECT 1 FROM meeting_voters v "
	    "WHERE v.body_id = $1 AND v.meeting_id = $3 "
	    "AND v.identity = s.identity))", "iiis",
	    (long long)r->body_id, (long long)it->id, (long long)r->ms->id,
	    r->ms->rm.n_fixed ? "t" : "f");
	db_batch_addf(w, "UPDATE items SET state = 'voting' WHERE body_id = $1 "
	    "AND id = $2", "ii", (long long)r->body_id, (long long)it->id);
	if (secret) {
		h_ballot_open(r, w, it, names, a->n_scrutineers);
		req_commit(r);
		return;
	}
	ev = req_event(r, "vote_opened");
	ev->item = it->id;
	ev->detail = (char *)rules_method_name(method);
	ev->electorate = electorate;
	event_waiting_vote(r->a, r->ms, ev, electorate, 0);
	req_commit(r);
}

/* vote cast: one final ballot per elector, 一把手 last (R-VOTE-6, -8). */
static void
h_vote_cast_decide(struct req *r)
{
	Yishi__VoteCast *a = r->rq->vote_cast;
	const char *voter = a->for_member[0] != '\0' ? a->for_member : r->who;
	const struct rules_member *vm, *by;
	enum rules_choice choice;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	Yishi__Event *ev;
	const char *signed_text, *entered_by, *shared[2], *row[3];
	char *canon;
	size_t len;
	bool secret;

	/* The recorder (let in by the table) enters other members' votes,
	 * never one of their own (R-VOTE-6). */
	if (!handlers_need(r, handlers_voting(r->role) ||
	    a->for_member[0] != '\0', "投票需要有表决权的席位",
	    "voting needs a voting seat"))
		return;
	it = h_item_rules(r, &ri);
	secret = it->has_vote && it->method == RULES_METHOD_SECRET;
	if (secret) {
		choice = RULES_CHOICE_SECRET;
		if (a->choice[0] != '\0' || a->ballot.len == 0 ||
		    a->for_member[0] != '\0') {
			req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "无记名投票须由本人提交加密选票，不填选项",
			    "a secret vote takes the voter's own encrypted "
			    "ballot, and no choice");
			return;
		}
	} else if (a->ballot.len > 0) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "加密选票只用于无记名投票", "an encrypted ballot is only "
		    "for a secret vote");
		return;
	} else if (!rules_choice_parse(a->choice, &choice) ||
	    choice == RULES_CHOICE_NONE || choice == RULES_CHOICE_SECRET) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "未知的选项：%s", "unknown choice: %s", a->choice);
		return;
	}
	vm = handlers_rmember(r->ms, voter);
	by = handlers_rmember(r->ms, r->who);
	if (vm == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "%s 在该机构没有席位", "%s has no seat in this body", voter);
		return;
	}
	rules_may_cast(&r->ms->rm, &ri, vm, by, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (secret) {
		h_ballot_cast(r, it, vm);	/* encrypted (docs/ballot.md) */
		return;
	}
	entered_by = strcmp(voter, r->who) != 0 ? r->who : "";
	/* R-ENF-5: an open vote is signed by whoever casts it; a vote the
	 * recorder enters is signed by the recorder and says so. */
	canon = sign_canon_vote(srv.instance, r->body_id, r->ms->id, it->id,
	    voter, a->choice, entered_by, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	trail_write_signed(r, r->body_id, "vote.cast", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "member", JSON_S, voter,
	    "choice", JSON_S, a->choice, "entered_by", JSON_S,
	    entered_by[0] ? entered_by : NULL, (char *)NULL), signed_text);
	/* The ballot: a group's ballots go in one INSERT (req.c). */
	shared[0] = req_id(r, r->body_id);
	shared[1] = req_id(r, it->id);
	row[0] = voter;
	row[1] = a->choice;
	row[2] = entered_by[0] ? entered_by : NULL;
	req_write_row(r, "INSERT INTO ballots (body_id, item_id, member, "
	    "choice, entered_by) SELECT $1::bigint, $2::bigint, u.m, u.c, u.e "
	    "FROM unnest($3::text[], $4::text[], $5::text[]) AS u(m, c, e)",
	    2, shared, 3, row);
	/* The snapshot follows the ballot, for requests decided after this
	 * one on the same snapshot (group commit, req.c). */
	((struct rules_member *)vm)->voted = choice;
	it->yes += choice == RULES_CHOICE_YES;
	it->no += choice == RULES_CHOICE_NO;
	it->abstain += choice == RULES_CHOICE_ABSTAIN;
	it->cast++;
	/* The counters' new totals: the snapshot's are the database's (the
	 * trail head has not moved), so a group writes them once. */
	req_write_final(r, "UPDATE votes SET yes = $3, no = $4, abstain = $5 "
	    "WHERE body_id = $1 AND item_id = $2", "iiiii",
	    (long long)r->body_id, (long long)it->id, (long long)it->yes,
	    (long long)it->no, (long long)it->abstain);
	ev = req_event(r, "ballot");
	ev->item = it->id;
	ev->member = (char *)voter;
	ev->display = (char *)mstate_display(r->ms, voter);
	ev->detail = a->choice;
	ev->yes = it->yes;
	ev->no = it->no;
	ev->abstain = it->abstain;
	ev->cast = it->cast;
	ev->electorate = it->electors;
	event_waiting_vote(r->a, r->ms, ev, it->electors, it->cast);
	req_commit(r);
}

/* The name the caller's certificate gives (its CN) into cn; false when it
 * has none, or the request carries no signature to check early. */
static bool
h_signer_cn(const struct req *r, char *cn, int size)
{
	return r->cert != NULL && r->rq->signature.len > 0 &&
	    X509_NAME_get_text_by_NID(X509_get_subject_name(r->cert),
	    NID_commonName, cn, size) > 0;
}

/*
 * vote cast, early (req.h): has the signature of the vote checked over what
 * decide() will build for the item of `meeting` in `body`, the caller named
 * by the CN of its certificate, on a verifier thread; decide() checks again
 * itself whenever its bytes (with the name from the database) differ. A
 * secret ballot's proofs are checked there too, with its signature
 * (h_ballot.c).
 */
static void
h_vote_cast_early(struct req *r, uint64_t body, uint64_t meeting)
{
	Yishi__VoteCast *a = r->rq->vote_cast;
	const char *voter;
	char cn[256], *canon;
	size_t len;

	if (!h_signer_cn(r, cn, sizeof cn))
		return;
	if (a->ballot.len > 0) {
		h_ballot_cast_early(r, body, meeting, cn);
		return;
	}
	voter = a->for_member[0] != '\0' ? a->for_member : cn;
	canon = sign_canon_vote(srv.instance, body, meeting, r->key, voter,
	    a->choice, strcmp(voter, cn) != 0 ? cn : "", &len);
	sigcheck_early(r, canon, len);
}

/* state, early (req.h): the same for a statement. */
static void
h_state_early(struct req *r, uint64_t body, uint64_t meeting)
{
	Yishi__State *a = r->rq->state;
	char cn[256], *canon;
	size_t len;

	if (!h_signer_cn(r, cn, sizeof cn))
		return;
	canon = sign_canon_statement(srv.instance, body, meeting, r->key, cn,
	    a->position, a->text, &len);
	sigcheck_early(r, canon, len);
}

/* vote close: the tally under the body's profile (R-VOTE-5, R-DEFER-2). */
static void
h_vote_close_decide(struct req *r)
{
	struct rules_item ri;
	struct m_item *it;

	it = h_item_rules(r, &ri);
	if (!it->has_vote || !it->vote_open) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT, "该议题没有进行中的表决",
		    "no vote is open on this item");
		return;
	}
	if (it->method == RULES_METHOD_SECRET) {
		h_ballot_close(r, it);	/* R-VOTE-9, docs/ballot.md */
		return;
	}
	h_vote_close_write(r, it, -1);
	req_commit(r);
}

/* vote show: for who reads the deliberation (R-CONF-1, perm.c). */
static void
h_vote_show_decide(struct req *r)
{
	struct m_item *it = mstate_item(r->ms, r->key);

	if (!it->has_vote) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND, "该议题尚未表决",
		    "no vote on this item yet");
		return;
	}
	h_vote_reply(r);
	req_reply(r);
}

/* The item id of the requests of this file. */
static uint64_t
h_item_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_ITEM_START:
		return rq->item_start->item;
	case YISHI__REQUEST__OP_STATE:
		return rq->state->item;
	case YISHI__REQUEST__OP_VOTE_OPEN:
		return rq->vote_open->item;
	case YISHI__REQUEST__OP_VOTE_CAST:
		return rq->vote_cast->item;
	case YISHI__REQUEST__OP_VOTE_CLOSE:
		return rq->vote_close->item;
	case YISHI__REQUEST__OP_VOTE_SHOW:
		return rq->vote_show->item;
	default:
		return 0;
	}
}

const struct handler h_vote[] = {
	{
		.op = YISHI__REQUEST__OP_ITEM_START,
		.name = "item.start",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_start_decide,
		.done = h_item_reply,
	},
	{
		.op = YISHI__REQUEST__OP_STATE,
		.name = "state",
		.scope = REQ_SCOPE_ITEM,
		.flags = REQ_F_GROUP,
		.key = h_item_key,
		.decide = h_state_decide,
		.early = h_state_early,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_OPEN,
		.name = "vote.open",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_vote_open_decide,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_CAST,
		.name = "vote.cast",
		.scope = REQ_SCOPE_ITEM,
		.flags = REQ_F_GROUP,
		.key = h_item_key,
		.decide = h_vote_cast_decide,
		.early = h_vote_cast_early,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_CLOSE,
		.name = "vote.close",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_vote_close_decide,
		.done = h_vote_reply,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_SHOW,
		.name = "vote.show",
		.scope = REQ_SCOPE_ITEM,
		.key = h_item_key,
		.decide = h_vote_show_decide,
	},
	{ 0 }
};
