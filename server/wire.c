/* wire.c: protobuf replies from a meeting snapshot (see wire.h). */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "access.h"
#include "ballot.h"
#include "arena.h"
#include "hex.h"
#include "mstate.h"
#include "rules.h"


/* Allocates one message of each kind, initialised. */
#define WIRE_NEW(T, t, INIT)						\
static T *								\
wire_new_ ## t(struct arena *a)						\
{									\
	T *p = arena_alloc(a, sizeof *p);				\
	T init = INIT;							\
									\
	*p = init;							\
	return p;							\
}
WIRE_NEW(Yishi__Meeting, meeting, YISHI__MEETING__INIT)
WIRE_NEW(Yishi__Quorum, quorum, YISHI__QUORUM__INIT)
WIRE_NEW(Yishi__Attendance, attendance, YISHI__ATTENDANCE__INIT)
WIRE_NEW(Yishi__Item, item, YISHI__ITEM__INIT)
WIRE_NEW(Yishi__Statement, statement, YISHI__STATEMENT__INIT)
WIRE_NEW(Yishi__Vote, vote, YISHI__VOTE__INIT)
WIRE_NEW(Yishi__Ballot, ballot, YISHI__BALLOT__INIT)
WIRE_NEW(Yishi__Note, note, YISHI__NOTE__INIT)
WIRE_NEW(Yishi__Recusal, recusal, YISHI__RECUSAL__INIT)
WIRE_NEW(Yishi__FollowupTask, task, YISHI__FOLLOWUP_TASK__INIT)
WIRE_NEW(Yishi__Material, material, YISHI__MATERIAL__INIT)
WIRE_NEW(Yishi__Scrutineer, scrutineer, YISHI__SCRUTINEER__INIT)

static char *wire_s(const char *s);

/* Hex text as bytes in the arena (none when it is not hex). */
static ProtobufCBinaryData
wire_unhex(struct arena *a, const char *s)
{
	ProtobufCBinaryData d = { 0, NULL };
	size_t n = s != NULL ? strlen(s) / 2 : 0;

	if (n == 0)
		return d;
	d.data = arena_alloc(a, n);
	if (!hex_decode(s, d.data, n, &d.len))
		d.len = 0;
	return d;
}

/* A PEM certificate as its DER bytes in the arena (none when it does not
 * parse). */
static ProtobufCBinaryData
wire_der(struct arena *a, const char *pem)
{
	ProtobufCBinaryData d = { 0, NULL };
	unsigned char *p;
	X509 *x = NULL;
	BIO *bio;
	int n;

	if (pem == NULL || pem[0] == '\0' ||
	    (bio = BIO_new_mem_buf(pem, -1)) == NULL)
		return d;
	x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x != NULL && (n = i2d_X509(x, NULL)) > 0) {
		d.data = p = arena_alloc(a, (size_t)n);
		if (i2d_X509(x, &p) == n)
			d.len = (size_t)n;
	}
	X509_free(x);
	return d;
}

/* A secret vote's round (docs/ballot.md): its state, scrutineers with
 * what they published, key, options, ballots cast, void reason; the
 * totals only once closed. */
static void
wire_secret(struct arena *a, struct mstate *ms, const struct m_item *it,
    Yishi__Vote *v)
{
	int i, n = 0;

	v->state = (char *)wire_s(it->vote_state);
	v->round = it->round;
	v->cast = it->cast;
	v->void_reason = (char *)wire_s(it->void_reason);
	if (it->keyed) {
		v->key.data = arena_alloc(a, sizeof it->key);
		memcpy(v->key.data, it->key, sizeof it->key);
		v->key.len = sizeof it->key;
	}
	v->options = arena_alloc(a, sizeof *v->options * BALLOT_OPTIONS);
	for (i = 0; i < BALLOT_OPTIONS; i++)
		v->options[i] = (char *)ballot_option_name(i);
	v->n_options = BALLOT_OPTIONS;
	for (i = 0; i < ms->nscrutineers; i++)
		n += ms->scrutineers[i].item == it->id;
	v->scrutineers = arena_alloc(a, sizeof *v->scrutineers *
	    (size_t)(n + 1));
	for (i = 0; i < ms->nscrutineers; i++) {
		const struct m_scrutineer *sc = &ms->scrutineers[i];
		Yishi__Scrutineer *x;

		if (sc->item != it->id)
			continue;
		x = wire_new_scrutineer(a);
		x->member = wire_s(sc->member);
		x->display = wire_s(mstate_display(ms, sc->member));
		x->share = wire_unhex(a, sc->share);
		x->share_signature = wire_unhex(a, sc->share_signature);
		x->cert = wire_der(a, sc->pem);
		x->dshare = wire_unhex(a, sc->dshare);
		v->scrutineers[v->n_scrutineers++] = x;
	}
	if (strcmp(v->state, "closed") != 0)
		v->yes = v->no = v->abstain = 0;
}

/* The materials of one item, name and SHA-256 (R-MIN-1). */
static Yishi__Material **
wire_materials(struct arena *a, const struct mstate *ms, uint64_t item,
    size_t *count)
{
	Yishi__Material **out = arena_alloc(a, sizeof *out *
	    (size_t)(ms->nmaterials + 1));
	int i;
	size_t n;

	*count = 0;
	for (i = 0; i < ms->nmaterials; i++) {
		const char *hex = ms->materials[i].text;
		Yishi__Material *x;

		if (ms->materials[i].item != item || hex == NULL)
			continue;
		x = wire_new_material(a);
		x->name = (char *)ms->materials[i].member;
		n = strlen(hex) / 2;
		x->sha256.data = arena_alloc(a, n + 1);
		if (!hex_decode(hex, x->sha256.data, n, &x->sha256.len))
			x->sha256.len = 0;
		out[(*count)++] = x;
	}
	return out;
}

/* The notes (opinions or dissents) of one item. */
static Yishi__Note **
wire_notes(struct arena *a, struct mstate *ms, const struct m_note *p, int n,
    uint64_t item, size_t *count)
{
	Yishi__Note **out = arena_alloc(a, sizeof *out * (size_t)(n + 1));
	int i;

	*count = 0;
	for (i = 0; i < n; i++) {
		Yishi__Note *x;

		if (p[i].item != item)
			continue;
		x = wire_new_note(a);
		x->member = (char *)p[i].member;
		x->display = (char *)mstate_display(ms, p[i].member);
		x->position = (char *)(p[i].position ? p[i].position : "");
		x->text = (char *)(p[i].text ? p[i].text : "");
		x->reported_to_higher = p[i].flag;
		x->at = (char *)(p[i].at ? p[i].at : "");
		out[(*count)++] = x;
	}
	return out;
}

/* Non-NULL text for a protobuf string field. */
static char *
wire_s(const char *s)
{
	return (char *)(s != NULL ? s : "");
}

/* The vote of an item (ballots only for open methods), or NULL. */
Yishi__Vote *
wire_vote(struct arena *a, struct mstate *ms, const struct m_item *it)
{
	Yishi__Vote *v;
	const struct m_ballot **bymember;
	int i, k, n = 0;

	if (!it->has_vote)
		return NULL;
	v = wire_new_vote(a);
	v->item = it->id;
	v->method = (char *)rules_method_name(it->method);
	v->state = (char *)(it->vote_open ? "open" : "closed");
	v->yes = it->yes;
	v->no = it->no;
	v->abstain = it->abstain;
	v->not_voting = it->not_voting;
	for (i = 0; i < ms->nelectorate; i++)
		if (ms->electorate[i].item == it->id)
			n++;
	v->electorate = (uint32_t)n;
	if (it->vote_open) {
		unsigned cast = 0;

		for (i = 0; i < ms->nballots; i++)
			if (ms->ballots[i].item == it->id)
				cast++;
		v->not_voting = (uint32_t)n - cast;
	}
	if (it->method == RULES_METHOD_SECRET)
		wire_secret(a, ms, it, v);
	v->outcome = wire_s(it->vote_outcome);
	v->rule = wire_s(it->vote_rule);
	v->profile = wire_s(it->profile);
	v->profile_version = (uint32_t)it->profile_version;
	v->n = (uint32_t)it->n;
	v->present = (uint32_t)it->present;
	if (it->method == RULES_METHOD_SECRET)
		return v;	/* who voted how is never shown */
	v->ballots = arena_alloc(a, sizeof *v->ballots *
	    (size_t)(ms->nballots + 1));
	/* Open methods: ballots in seat order, as the minutes list people. */
	bymember = arena_alloc(a, sizeof *bymember * (size_t)(ms->nmembers + 1));
	for (i = 0; i < ms->nballots; i++) {
		const struct m_ballot *b = &ms->ballots[i];
		struct m_member *m;

		if (b->item == it->id &&
		    (m = mstate_member(ms, b->member)) != NULL)
			bymember[m - ms->members] = b;
	}
	for (k = 0; k < ms->nmembers; k++) {
		const struct m_ballot *b = bymember[k];
		Yishi__Ballot *x;

		if (b == NULL)
			continue;
		x = wire_new_ballot(a);
		x->member = wire_s(b->member);
		x->display = wire_s(ms->members[k].display);
		x->choice = (char *)(b->choice == RULES_CHOICE_SECRET ? "" :
		    rules_choice_name(b->choice));
		x->entered_by = wire_s(b->entered_by);
		v->ballots[v->n_ballots++] = x;
	}
	return v;
}

/* The follow-up tasks of one item (R-FOLLOW-1), as the minutes list them. */
static Yishi__FollowupTask **
wire_tasks(struct arena *a, struct mstate *ms, const struct m_item *it,
    size_t *count)
{
	Yishi__FollowupTask **out = arena_alloc(a, sizeof *out *
	    (size_t)(ms->ntasks + 1));
	int i;

	*count = 0;
	for (i = 0; i < ms->ntasks; i++) {
		const struct m_task *t = &ms->tasks[i];
		Yishi__FollowupTask *x;

		if (t->item != it->id)
			continue;
		/* Signed minutes hold the assignments they were signed with
		 * (R-MIN-2); later ones are followed up in `followup list`. */
		if (ms->minutes_signed && ms->signed_at != NULL &&
		    t->assigned_at != NULL &&
		    strcmp(t->assigned_at, ms->signed_at) > 0)
			continue;
		x = wire_new_task(a);
		x->id = t->id;
		x->item = t->item;
		x->body = ms->body_id;
		x->meeting = ms->id;
		x->item_title = wire_s(it->title);
		x->unit = wire_s(t->unit);
		x->person = wire_s(t->person);
		x->due = wire_s(t->due);
		x->state = wire_s(t->state);
		x->overdue = t->overdue;
		x->assigned_by = wire_s(t->assigned_by);
		x->assigned_at = wire_s(t->assigned_at);
		out[(*count)++] = x;
	}
	return out;
}

/* The view of a reader with this seat role in the body: what R-CONF-1
 * lets them see (rules/access.c), and who they are for the items an
 * observer was admitted to. */
struct wire_view
wire_view_of(const char *role, bool admin, const char *who)
{
	enum rules_role rr = RULES_ROLE_NONE;
	struct access_view av;
	struct wire_view v;

	if (role != NULL && !rules_role_parse(role, &rr))
		rr = RULES_ROLE_NONE;
	av = access_visible(rr, admin);
	v.full = av.full;
	v.record = av.record;
	v.observer = who;
	return v;
}

/* One item; its statements, vote and opinions when view->record. */
Yishi__Item *
wire_item(struct arena *a, struct mstate *ms, const struct m_item *it,
    const struct wire_view *view)
{
	Yishi__Item *x = wire_new_item(a);
	int i;

	x->id = it->id;
	x->meeting = ms->id;
	x->body = ms->body_id;
	x->title = wire_s(it->title);
	x->category = (char *)rules_category_name(it->category);
	x->state = (char *)mstate_item_state_name(it->state);
	x->amount = it->amount;
	x->proposer = wire_s(it->proposer);
	x->proposer_display = wire_s(mstate_display(ms, it->proposer));
	x->responsible = wire_s(it->responsible);
	x->emergency = it->emergency;
	x->position = (uint32_t)it->position;
	x->decision_mode = wire_s(it->decision_mode);
	x->outcome = wire_s(it->outcome);
	x->domain = wire_s(it->domain);
	x->statements = arena_alloc(a, sizeof *x->statements *
	    (size_t)(ms->nstmts + 1));
	for (i = 0; view->record && i < ms->nstmts; i++) {
		const struct m_statement *s = &ms->stmts[i];
		Yishi__Statement *y;

		if (s->item != it->id)
			continue;
		y = wire_new_statement(a);
		y->seq = (uint32_t)s->seq;
		y->member = wire_s(s->member);
		y->display = wire_s(mstate_display(ms, s->member));
		y->position = (char *)rules_position_name(s->pos);
		y->text = wire_s(s->text);
		y->at = wire_s(s->at);
		x->statements[x->n_statements++] = y;
	}
	if (view->record) {
		/* Statements, votes, dissent: voting seats, the recorder and
		 * inspectors only (R-CONF-1). */
		x->vote = wire_vote(a, ms, it);
		x->opinions = wire_notes(a, ms, ms->opinions, ms->nopinions,
		    it->id, &x->n_opinions);
		x->dissents = wire_notes(a, ms, ms->dissents, ms->ndissents,
		    it->id, &x->n_dissents);
	}
	x->recusals = arena_alloc(a, sizeof *x->recusals *
	    (size_t)(ms->nrecusals + 1));
	for (i = 0; i < ms->nrecusals; i++) {
		Yishi__Recusal *y;

		if (ms->recusals[i].item != it->id)
			continue;
		y = wire_new_recusal(a);
		y->member = wire_s(ms->recusals[i].member);
		y->display = wire_s(mstate_display(ms, ms->recusals[i].member));
		y->reason = wire_s(ms->recusals[i].text);
		x->recusals[x->n_recusals++] = y;
	}
	x->observers = arena_alloc(a, sizeof *x->observers *
	    (size_t)(ms->nobservers + 1));
	for (i = 0; i < ms->nobservers; i++)
		if (ms->observers[i].item == it->id)
			x->observers[x->n_observers++] =
			    (char *)ms->observers[i].member;
	x->decision_text = wire_s(it->decision_text);
	x->reason = wire_s(it->reason);
	x->responsible_display = wire_s(it->responsible[0] != '\0' ?
	    mstate_display(ms, it->responsible) : "");
	x->revises = it->revises;
	x->rule = wire_s(it->rule);
	x->superseded_by = it->superseded_by;
	x->disposal = it->disposal;
	x->followups = wire_tasks(a, ms, it, &x->n_followups);
	x->materials = wire_materials(a, ms, it->id, &x->n_materials);
	x->profile = wire_s(it->profile);
	x->profile_version = (uint32_t)it->profile_version;
	return x;
}

/* True when the observer was admitted to the item. */
static bool
wire_admitted(const struct mstate *ms, uint64_t item, const char *who)
{
	int i;

	for (i = 0; i < ms->nobservers; i++)
		if (ms->observers[i].item == item &&
		    strcmp(ms->observers[i].member, who) == 0)
			return true;
	return false;
}

/* The meeting with quorum, attendance and items (statements, votes). */
Yishi__Meeting *
wire_meeting(struct arena *a, struct mstate *ms, const struct wire_view *view)
{
	Yishi__Meeting *m = wire_new_meeting(a);
	unsigned n, present;
	const char *chair;
	int i;

	m->id = ms->id;
	m->body = ms->body_id;
	m->body_name = wire_s(ms->body_name);
	m->profile = wire_s(ms->profile_name);
	m->title = wire_s(ms->title);
	m->at = wire_s(ms->at);
	m->place = wire_s(ms->place);
	m->state = (char *)mstate_meeting_state_name(ms->state);
	m->urgent = ms->urgent;
	m->reason = wire_s(ms->reason);
	chair = mstate_chair(ms);
	m->chair = wire_s(chair);
	m->chair_display = wire_s(chair ? mstate_display(ms, chair) : NULL);
	m->noticed_at = wire_s(ms->noticed_at);
	m->opened_at = wire_s(ms->opened_at);
	m->closed_at = wire_s(ms->closed_at);

	mstate_rules(ms, a, NULL, NULL);
	rules_count(&ms->rm, false, &n, &present);
	m->quorum = wire_new_quorum(a);
	m->quorum->n = n;
	m->quorum->present = present;
	if (ms->profile != NULL) {
		m->quorum->needed = rules_quorum_needed(
		    ms->profile->opening_quorum, n);
		m->quorum->met = rules_quorum_met(ms->profile->opening_quorum,
		    present, n);
	}

	m->attendance = arena_alloc(a, sizeof *m->attendance *
	    (size_t)(ms->nmembers + 1));
	for (i = 0; i < ms->nmembers; i++) {
		const struct m_member *x = &ms->members[i];
		Yishi__Attendance *y;

		/* A seat removed since keeps the attendance it had. */
		if (x->removed && x->att == RULES_ATT_EXPECTED)
			continue;
		y = wire_new_attendance(a);
		y->member = wire_s(x->name);
		y->display = wire_s(x->display);
		y->role = (char *)rules_role_name(x->role);
		y->state = (char *)mstate_attendance_name(x->att);
		y->reason = wire_s(x->reason);
		if (x->role == RULES_ROLE_RECORDER && m->recorder[0] == '\0') {
			m->recorder = y->member;
			m->recorder_display = y->display;
		}
		m->attendance[m->n_attendance++] = y;
	}

	m->items = arena_alloc(a, sizeof *m->items * (size_t)(ms->nitems + 1));
	for (i = 0; i < ms->nitems; i++) {
		const struct m_item *it = &ms->items[i];
		struct access_view av = { view->full, view->record };

		if (!access_item_visible(&av, view->observer != NULL &&
		    wire_admitted(ms, it->id, view->observer)))
			continue;
		m->items[m->n_items++] = wire_item(a, ms, it, view);
	}
	return m;
}
