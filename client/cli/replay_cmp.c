/* replay_cmp.c: the record reported against the record replayed (see
 * replay_cmp.h and replay_int.h). */
#include "replay_cmp.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "replay_ballot.h"
#include "replay_int.h"
#include "rfc3339.h"
#include "sign.h"

/* The first disagreement found so far: the lowest entry, else a row. */
struct rp_verdict {
	bool	 found;
	uint64_t seq;		/* 0: a row with no entry */
	char	 why[512];
};

/* Records a disagreement with entry seq (0: a row); keeps the earliest. */
static void __attribute__((format(printf, 3, 4)))
replay_cmp_fail(struct rp_verdict *v, uint64_t seq, const char *fmt, ...)
{
	va_list ap;

	if (v->found && (seq == 0 || (v->seq != 0 && v->seq <= seq)))
		return;
	v->found = true;
	v->seq = seq;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof v->why, fmt, ap);
	va_end(ap);
}

/* NULL as "". */
static const char *
replay_cmp_s(const char *s)
{
	return s != NULL ? s : "";
}

/* True when two texts (NULL as "") differ. */
static bool
replay_cmp_differ(const char *a, const char *b)
{
	return strcmp(replay_cmp_s(a), replay_cmp_s(b)) != 0;
}

/* Clears every seen mark of a list. */
static void
replay_cmp_unsee(struct rp_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		((struct rp_key *)((char *)l->p + i * l->size))->seen = false;
}

/* The element at index i of l. */
static struct rp_key *
replay_cmp_at(const struct rp_list *l, size_t i)
{
	return (struct rp_key *)((char *)l->p + i * l->size);
}

/* Parses an RFC 3339 time into seconds since the epoch, fractions
 * dropped. */
static bool
replay_cmp_instant(const char *s, long long *t)
{
	struct rfc3339 r;

	if (!rfc3339_parse(s, &r))
		return false;
	*t = rfc3339_epoch(&r);
	return true;
}

/* A time the record shows (RFC 3339, to the second) against when the
 * entry that set it was written: the row takes its entry's own time, which
 * the daemon chose and vouched for (server/trail.h, TRAIL_AT_SQL), so it
 * shows the same second. */
static void
replay_cmp_time(struct rp_verdict *v, uint64_t seq, int64_t at_us,
    const char *shown, const char *what)
{
	long long t;
	int64_t at = at_us / 1000000;

	if (seq == 0)
		return;
	if (shown == NULL || shown[0] == '\0' || !replay_cmp_instant(shown, &t) ||
	    t != at)
		replay_cmp_fail(v, seq, "the record has %s at %s, but its entry "
		    "was written %lld seconds after the epoch", what,
		    shown != NULL && shown[0] != '\0' ? shown : "no time",
		    (long long)at);
}

/* ------------------------------------------------------------ meetings */

/* The meeting's N against the one its opening fixed (the record's
 * meetings.n, shown as its quorum's N once open), and no time of
 * notice, opening or close the trail has no entry for. */
static void
replay_cmp_fixed(const struct rp_meeting *m, const Yishi__Meeting *y,
    struct rp_verdict *v)
{
	const char *shown[3] = { y->noticed_at, y->opened_at, y->closed_at };
	static const char *what[3] = { "notice", "opening", "close" };
	int i;

	if (m->has_n && y->quorum != NULL && (long)y->quorum->n != m->n_open)
		replay_cmp_fail(v, m->when_seq[1], "the record has meeting %"
		    PRIu64 " with N = %u, but N was fixed at %ld when it "
		    "opened", y->id, y->quorum->n, m->n_open);
	for (i = 0; i < 3; i++)
		if (m->when_seq[i] == 0 && shown[i] != NULL &&
		    shown[i][0] != '\0')
			replay_cmp_fail(v, 0, "meetings: the row of meeting %"
			    PRIu64 " has a time of %s (%s) the trail has no "
			    "entry for", y->id, what[i], shown[i]);
}

/* A meeting as scheduled, its state and delegated chair. */
static void
replay_cmp_meeting(struct replay *rp, const Yishi__Meeting *y,
    struct rp_verdict *v)
{
	struct rp_meeting *m = replay_find(&rp->meetings, y->id, NULL);
	long long a, b;

	if (m == NULL || !m->scheduled) {
		replay_cmp_fail(v, 0, "meetings: the row of meeting %" PRIu64
		    " has no trail entry", y->id);
		return;
	}
	m->key.seen = true;
	if (replay_cmp_differ(y->title, m->title) ||
	    replay_cmp_differ(y->place, m->place) ||
	    replay_cmp_differ(y->reason, m->reason) || y->urgent != m->urgent ||
	    !replay_cmp_instant(y->at, &a) || !replay_cmp_instant(m->at, &b) ||
	    a != b)
		replay_cmp_fail(v, m->key.entry, "the record has meeting %"
		    PRIu64 " as \"%s\" at %s in %s, the trail as scheduled "
		    "\"%s\" at %s in %s", y->id, replay_cmp_s(y->title),
		    replay_cmp_s(y->at), replay_cmp_s(y->place),
		    replay_cmp_s(m->title), replay_cmp_s(m->at),
		    replay_cmp_s(m->place));
	if (replay_cmp_differ(y->state, m->state))
		replay_cmp_fail(v, m->state_seq, "the record has meeting %"
		    PRIu64 " %s, the trail %s", y->id, replay_cmp_s(y->state),
		    m->state);
	replay_cmp_time(v, m->when_seq[0], m->when_us[0], y->noticed_at,
	    "the notice of the meeting");
	replay_cmp_time(v, m->when_seq[1], m->when_us[1], y->opened_at,
	    "the opening of the meeting");
	replay_cmp_time(v, m->when_seq[2], m->when_us[2], y->closed_at,
	    "the close of the meeting");
	replay_cmp_fixed(m, y, v);
	if (m->chair != NULL && replay_cmp_differ(y->chair, m->chair))
		replay_cmp_fail(v, m->chair_seq, "the record has %s chairing "
		    "meeting %" PRIu64 ", the trail %s",
		    replay_cmp_s(y->chair), y->id, m->chair);
}

/* Attendance: each member the trail marked, as it marked them. */
static void
replay_cmp_attendance(struct replay *rp, const Yishi__Meeting *y,
    struct rp_verdict *v)
{
	size_t k;

	for (k = 0; k < y->n_attendance; k++) {
		const Yishi__Attendance *x = y->attendance[k];
		struct rp_att *a = replay_find(&rp->atts, y->id, x->member);

		if (a == NULL) {
			if (replay_cmp_differ(x->state, "expected"))
				replay_cmp_fail(v, 0, "attendance: the row of %s "
				    "at meeting %" PRIu64 " (%s) has no trail "
				    "entry", x->member, y->id,
				    replay_cmp_s(x->state));
			continue;
		}
		a->key.seen = true;
		if (replay_cmp_differ(x->state, a->state) ||
		    replay_cmp_differ(x->reason, a->reason))
			replay_cmp_fail(v, a->key.entry, "the record has %s %s "
			    "(\"%s\") at meeting %" PRIu64 ", the trail %s "
			    "(\"%s\")", x->member, replay_cmp_s(x->state),
			    replay_cmp_s(x->reason), y->id, a->state,
			    replay_cmp_s(a->reason));
	}
}

/* ------------------------------------------------------------ items */

/* The canonical materials of a record item; NULL when out of memory. */
static char *
replay_cmp_materials(const Yishi__Item *x)
{
	const char **name = calloc(x->n_materials + 1, sizeof *name);
	char (*hex)[65] = calloc(x->n_materials + 1, sizeof *hex);
	const char **hp = calloc(x->n_materials + 1, sizeof *hp);
	char *out = NULL;
	size_t i;

	if (name != NULL && hex != NULL && hp != NULL) {
		for (i = 0; i < x->n_materials; i++) {
			name[i] = replay_cmp_s(x->materials[i]->name);
			hex[i][0] = '\0';
			if (x->materials[i]->sha256.len == 32)
				hex_encode(x->materials[i]->sha256.data, 32,
				    hex[i]);
			hp[i] = hex[i];
		}
		out = replay_materials(name, hp, x->n_materials);
	}
	free(name);
	free(hex);
	free(hp);
	return out;
}

/* A report item of an emergency disposal (R-EMERG-1): the disposal as
 * recorded, on the agenda it was reported to. */
static void
replay_cmp_disposal_item(struct replay *rp, const Yishi__Meeting *y,
    const Yishi__Item *x, struct rp_verdict *v)
{
	struct rp_disposal *d = replay_find(&rp->disposals, x->disposal, NULL);

	if (d == NULL || d->meeting != y->id) {
		replay_cmp_fail(v, 0, "items: report item %" PRIu64 " of "
		    "disposal %" PRIu64 " on meeting %" PRIu64 " has no trail "
		    "entry", x->id, x->disposal, y->id);
		return;
	}
	d->key.seen = true;
	if (replay_cmp_differ(x->title, d->title) ||
	    replay_cmp_differ(x->category, d->category) ||
	    x->amount != d->amount || replay_cmp_differ(x->reason, d->text) ||
	    replay_cmp_differ(x->proposer, d->member))
		replay_cmp_fail(v, d->key.entry, "the record's report item %"
		    PRIu64 " is not disposal %" PRIu64 " as recorded", x->id,
		    x->disposal);
}

/* An item as proposed, its state and what superseded it. */
static void
replay_cmp_item(struct replay *rp, const Yishi__Meeting *y,
    const Yishi__Item *x, struct rp_verdict *v)
{
	struct rp_item *it = replay_find(&rp->items, x->id, NULL);
	const char *state = "approved";
	uint64_t state_seq = 0;
	char *mat;

	if (x->disposal != 0) {
		/* Approved when reported; later entries name the item. */
		struct rp_disposal *d = replay_find(&rp->disposals,
		    x->disposal, NULL);

		replay_cmp_disposal_item(rp, y, x, v);
		state_seq = d != NULL ? d->report_seq : 0;
		if (it != NULL && it->state != NULL) {
			state = it->state;
			state_seq = it->state_seq;
		}
	} else if (it == NULL || !it->proposed) {
		replay_cmp_fail(v, 0, "items: the row of item %" PRIu64 " on "
		    "meeting %" PRIu64 " has no trail entry", x->id, y->id);
		return;
	} else {
		it->key.seen = true;
		state = it->state;
		state_seq = it->state_seq;
		if (it->meeting != y->id)
			replay_cmp_fail(v, it->key.entry, "the record has item %"
			    PRIu64 " on meeting %" PRIu64 ", the trail on %"
			    PRIu64, x->id, y->id, it->meeting);
		if (replay_cmp_differ(x->title, it->title) ||
		    replay_cmp_differ(x->category, it->category) ||
		    x->amount != it->amount ||
		    replay_cmp_differ(x->domain, it->domain) ||
		    replay_cmp_differ(x->responsible, it->responsible) ||
		    replay_cmp_differ(x->proposer, it->proposer) ||
		    x->emergency != it->emergency ||
		    replay_cmp_differ(x->reason, it->reason) ||
		    x->revises != it->revises)
			replay_cmp_fail(v, it->key.entry, "the record has item %"
			    PRIu64 " as \"%s\" (%s, %" PRId64 " yuan, by %s), "
			    "the trail as proposed \"%s\" (%s, %lld yuan, by "
			    "%s)", x->id, replay_cmp_s(x->title),
			    replay_cmp_s(x->category), x->amount,
			    replay_cmp_s(x->proposer), replay_cmp_s(it->title),
			    replay_cmp_s(it->category), it->amount,
			    replay_cmp_s(it->proposer));
		if (it->materials != NULL) {
			if ((mat = replay_cmp_materials(x)) == NULL)
				rp->nomem = true;
			else if (strcmp(mat, it->materials) != 0)
				replay_cmp_fail(v, it->key.entry, "the record's "
				    "materials of item %" PRIu64 " are not "
				    "those proposed", x->id);
			free(mat);
		}
	}
	if (x->vote != NULL && (it == NULL || it->open_seq == 0))
		replay_cmp_fail(v, 0, "votes: the row of item %" PRIu64 " has "
		    "no trail entry", x->id);
	if (replay_cmp_differ(x->state, state))
		replay_cmp_fail(v, state_seq, "the record has item %" PRIu64
		    " %s, the trail %s", x->id, replay_cmp_s(x->state), state);
	if (it != NULL && x->superseded_by != it->superseded_by)
		replay_cmp_fail(v, it->supersede_seq, "the record has item %"
		    PRIu64 " superseded by %" PRIu64 ", the trail by %" PRIu64,
		    x->id, x->superseded_by, it->superseded_by);
	else if (it == NULL && x->superseded_by != 0)
		replay_cmp_fail(v, 0, "items: item %" PRIu64 " is superseded "
		    "with no trail entry", x->id);
}

/* ------------------------------------------------------------ notes */

/* What one kind of note is called, for the messages. */
struct rp_kind {
	const char *table, *what;
};

/* One member's note on an item in the record against the trail's:
 * a and b are the record's values of the trail note's a and b (NULL: not
 * compared). */
static struct rp_note *
replay_cmp_note(struct rp_list *l, const struct rp_kind *kd, uint64_t item,
    const char *member, const char *a, const char *b, long seq,
    struct rp_verdict *v)
{
	struct rp_note *n = replay_find(l, item, member);

	if (n == NULL) {
		replay_cmp_fail(v, 0, "%s: the row of %s on item %" PRIu64
		    " has no trail entry", kd->table, member, item);
		return NULL;
	}
	n->key.seen = true;
	if ((a != NULL && strcmp(a, n->a) != 0) ||
	    (b != NULL && strcmp(b, n->b) != 0) ||
	    (seq != 0 && n->seq != 0 && seq != n->seq))
		replay_cmp_fail(v, n->key.entry, "the record has the %s of %s "
		    "on item %" PRIu64 " as \"%s\" (\"%s\"), the trail \"%s\" "
		    "(\"%s\")", kd->what, member, item, a ? a : "",
		    b ? b : "", n->a, n->b);
	return n;
}

/* Every member's note the record shows on an item. */
static void
replay_cmp_notes(struct replay *rp, const Yishi__Item *x,
    struct rp_verdict *v)
{
	static const struct rp_kind st = { "statements", "statement" },
	    ba = { "ballots", "ballot" }, di = { "dissents", "reserved "
	    "opinion" }, op = { "opinions", "written opinion" },
	    re = { "recusals", "recusal" }, ob = { "item_observers",
	    "admission as observer" }, ac = { "decision_acks",
	    "acknowledgment" };
	struct rp_note *n;
	size_t k;

	for (k = 0; k < x->n_statements; k++)
		if ((n = replay_cmp_note(&rp->stmts, &st, x->id,
		    x->statements[k]->member, replay_cmp_s(
		    x->statements[k]->position), replay_cmp_s(
		    x->statements[k]->text), (long)x->statements[k]->seq,
		    v)) != NULL)
			replay_cmp_time(v, n->key.entry, n->at_us,
			    x->statements[k]->at, "a statement");
	for (k = 0; x->vote != NULL && k < x->vote->n_ballots; k++)
		replay_cmp_note(&rp->ballots, &ba, x->id,
		    x->vote->ballots[k]->member, replay_cmp_s(
		    x->vote->ballots[k]->choice), replay_cmp_s(
		    x->vote->ballots[k]->entered_by), 0, v);
	for (k = 0; k < x->n_dissents; k++)
		replay_cmp_note(&rp->dissents, &di, x->id,
		    x->dissents[k]->member, replay_cmp_s(x->dissents[k]->text),
		    x->dissents[k]->reported_to_higher ? "true" : "false", 0, v);
	for (k = 0; k < x->n_opinions; k++)
		replay_cmp_note(&rp->opinions, &op, x->id,
		    x->opinions[k]->member, replay_cmp_s(
		    x->opinions[k]->position), replay_cmp_s(
		    x->opinions[k]->text), 0, v);
	for (k = 0; k < x->n_recusals; k++)
		replay_cmp_note(&rp->recusals, &re, x->id,
		    x->recusals[k]->member, replay_cmp_s(
		    x->recusals[k]->reason), NULL, 0, v);
	for (k = 0; k < x->n_observers; k++)
		replay_cmp_note(&rp->observers, &ob, x->id, x->observers[k],
		    NULL, NULL, 0, v);
	for (k = 0; k < x->n_acks; k++)
		replay_cmp_note(&rp->acks, &ac, x->id, x->acks[k]->member, NULL,
		    NULL, 0, v);
}

/* Every note of the trail the record did not show. */
static void
replay_cmp_unseen_notes(struct replay *rp, struct rp_verdict *v)
{
	static const struct {
		size_t list;
		const char *what;
	} map[] = {
		{ offsetof(struct replay, stmts), "statement" },
		{ offsetof(struct replay, ballots), "ballot" },
		{ offsetof(struct replay, dissents), "reserved opinion" },
		{ offsetof(struct replay, opinions), "written opinion" },
		{ offsetof(struct replay, recusals), "recusal" },
		{ offsetof(struct replay, observers), "admission as observer" },
		{ offsetof(struct replay, acks), "acknowledgment" },
	};
	size_t i, k;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		struct rp_list *l = (struct rp_list *)((char *)rp +
		    map[i].list);

		for (k = 0; k < l->n; k++) {
			struct rp_note *n = (struct rp_note *)
			    replay_cmp_at(l, k);

			if (!n->key.seen)
				replay_cmp_fail(v, n->key.entry, "the %s of %s "
				    "on item %" PRIu64 " is missing from the "
				    "record", map[i].what, n->member, n->key.k);
		}
	}
}

/* ------------------------------------------------------------ votes */

/* What the record shows of one published part (a key, a key share or a
 * decryption share, len bytes at have; what names it) against the
 * trail's, at entry seq (0: none yet). */
static void
replay_cmp_part(struct rp_verdict *v, const ProtobufCBinaryData *shown,
    const uint8_t *have, size_t len, uint64_t seq, uint64_t round,
    uint64_t item, const char *what)
{
	if (seq == 0 && shown->len != 0)
		replay_cmp_fail(v, 0, "vote_scrutineers: the %s on item %"
		    PRIu64 " has no trail entry", what, item);
	else if (seq != 0 && shown->len == 0)
		replay_cmp_fail(v, seq, "the %s on item %" PRIu64 " is missing "
		    "from the record", what, item);
	else if (seq != 0 && (shown->len != len ||
	    memcmp(shown->data, have, len) != 0))
		replay_cmp_fail(v, seq, "the record has another %s on item %"
		    PRIu64 " (round %" PRIu64 ") than the trail", what, item,
		    round);
}

/*
 * A secret round in the record (docs/ballot.md: votes' round, state, key
 * and cast; each scrutineer's row with its shares) against the trail's;
 * no totals before the close. True when the comparison is done (a void
 * round: nothing else is compared).
 */
static bool
replay_cmp_round(const struct rp_item *it, const Yishi__Vote *y,
    struct rp_verdict *v)
{
	const struct rp_round *r = it->round;
	char what[200];
	size_t i, k;

	if (strcmp(r->state, "void") == 0) {
		if (replay_cmp_differ(y->state, "void"))
			replay_cmp_fail(v, r->state_seq, "the record has the "
			    "vote on item %" PRIu64 " %s, the trail voided it",
			    it->key.k, replay_cmp_s(y->state));
		return true;
	}
	if (y->round != r->seq)
		replay_cmp_fail(v, r->seq, "the record has the secret vote on "
		    "item %" PRIu64 " as round %" PRIu64 ", the trail opened it "
		    "at entry %" PRIu64, it->key.k, y->round, r->seq);
	if (replay_cmp_differ(y->state, r->state))
		replay_cmp_fail(v, r->state_seq, "the record has the secret "
		    "vote on item %" PRIu64 " %s, the trail %s", it->key.k,
		    replay_cmp_s(y->state), r->state);
	replay_cmp_part(v, &y->key, r->key, sizeof r->key, r->key_seq, r->seq,
	    it->key.k, "key of the vote");
	if (y->cast != r->ballots)
		replay_cmp_fail(v, r->count_seq ? r->count_seq : r->state_seq,
		    "the record has %u ballots cast on item %" PRIu64 ", the "
		    "trail %" PRIu64, y->cast, it->key.k, r->ballots);
	if (strcmp(r->state, "closed") != 0 && (y->yes != 0 || y->no != 0 ||
	    y->abstain != 0))
		replay_cmp_fail(v, r->state_seq, "the record shows totals of "
		    "the secret vote on item %" PRIu64 " (%u, %u, %u) before "
		    "it closed", it->key.k, y->yes, y->no, y->abstain);
	for (k = 0; k < y->n_scrutineers; k++) {
		const Yishi__Scrutineer *x = y->scrutineers[k];

		for (i = 0; i < r->nscr; i++)
			if (strcmp(r->scr[i].name, replay_cmp_s(x->member)) == 0)
				break;
		if (i == r->nscr) {
			replay_cmp_fail(v, 0, "vote_scrutineers: the row of %s "
			    "on item %" PRIu64 " has no trail entry",
			    replay_cmp_s(x->member), it->key.k);
			continue;
		}
		snprintf(what, sizeof what, "key share of %s", r->scr[i].name);
		replay_cmp_part(v, &x->share, r->scr[i].share,
		    sizeof r->scr[i].share, r->scr[i].share_seq, r->seq,
		    it->key.k, what);
		snprintf(what, sizeof what, "decryption share of %s",
		    r->scr[i].name);
		replay_cmp_part(v, &x->dshare, r->scr[i].dshare,
		    sizeof r->scr[i].dshare, r->scr[i].dshare_seq, r->seq,
		    it->key.k, what);
	}
	for (i = 0; i < r->nscr; i++) {
		for (k = 0; k < y->n_scrutineers; k++)
			if (strcmp(r->scr[i].name,
			    replay_cmp_s(y->scrutineers[k]->member)) == 0)
				break;
		if (k == y->n_scrutineers)
			replay_cmp_fail(v, r->seq, "the scrutineer %s of the "
			    "secret vote on item %" PRIu64 " is missing from the "
			    "record", r->scr[i].name, it->key.k);
	}
	return false;
}

/* One item's vote: method, counts (secret: only how many), result. */
static void
replay_cmp_vote(const struct rp_item *it, const long n[3],
    const Yishi__Item *x, struct rp_verdict *v)
{
	const Yishi__Vote *y = x->vote;
	bool secret = it->method != NULL && strcmp(it->method, "secret") == 0;
	long cast = secret ? (long)it->casts : n[0] + n[1] + n[2];
	uint64_t at = it->closed ? it->close_seq : it->last_cast ?
	    it->last_cast : it->open_seq;

	if (y == NULL || replay_cmp_differ(y->method, it->method)) {
		replay_cmp_fail(v, it->open_seq, "the record has no %s vote on "
		    "item %" PRIu64, replay_cmp_s(it->method), it->key.k);
		return;
	}
	if (secret && replay_ballot_secret(it) && replay_cmp_round(it, y, v))
		return;
	if (it->closed && (replay_cmp_differ(y->state, "closed") ||
	    replay_cmp_differ(y->outcome, it->outcome))) {
		replay_cmp_fail(v, it->close_seq, "the record has the vote on "
		    "item %" PRIu64 " %s (%s), the trail closed it as %s",
		    it->key.k, replay_cmp_s(y->state), replay_cmp_s(y->outcome),
		    replay_cmp_s(it->outcome));
		return;
	}
	if (it->closed && (it->yes + it->no + it->abstain != cast ||
	    (!secret && (it->yes != n[0] || it->no != n[1] ||
	    it->abstain != n[2])))) {
		replay_cmp_fail(v, it->close_seq, "the result closing item %"
		    PRIu64 " (%ld/%ld/%ld) is not the count of its %ld "
		    "ballots", it->key.k, it->yes, it->no, it->abstain, cast);
		return;
	}
	if (it->closed && ((long)y->yes != it->yes || (long)y->no != it->no ||
	    (long)y->abstain != it->abstain)) {
		replay_cmp_fail(v, it->close_seq, "the record counts %u yes, %u "
		    "no, %u abstain on item %" PRIu64 ", the trail %ld, %ld, %ld",
		    y->yes, y->no, y->abstain, it->key.k, it->yes, it->no,
		    it->abstain);
		return;
	}
	if (!it->closed && !secret && ((long)y->yes != n[0] ||
	    (long)y->no != n[1] || (long)y->abstain != n[2]))
		replay_cmp_fail(v, at, "the record counts %u yes, %u no, %u "
		    "abstain on item %" PRIu64 ", the ballots %ld, %ld, %ld",
		    y->yes, y->no, y->abstain, it->key.k, n[0], n[1], n[2]);
	if ((long)y->electorate - (long)y->not_voting != cast)
		replay_cmp_fail(v, at, "the record has %u of %u voting on item %"
		    PRIu64 ", the trail %ld", y->electorate - y->not_voting,
		    y->electorate, it->key.k, cast);
}

/* The open ballots of every item, counted by choice in one pass. */
static long (*
replay_cmp_tallies(struct replay *rp))[3]
{
	long (*n)[3] = calloc(rp->items.n + 1, sizeof *n);
	struct rp_item *base = rp->items.p;
	size_t i;

	if (n == NULL)
		return NULL;
	for (i = 0; i < rp->ballots.n; i++) {
		const struct rp_note *b = (struct rp_note *)
		    replay_cmp_at(&rp->ballots, i);
		struct rp_item *it = replay_find(&rp->items, b->key.k, NULL);

		if (it == NULL)
			continue;
		if (strcmp(b->a, "yes") == 0)
			n[it - base][0]++;
		else if (strcmp(b->a, "no") == 0)
			n[it - base][1]++;
		else if (strcmp(b->a, "abstain") == 0)
			n[it - base][2]++;
	}
	return n;
}

/* True when a number the record shows is not the one the payload says
 * (NULL: it does not say). */
static bool
replay_cmp_num(const char *said, uint64_t shown)
{
	return said != NULL && strtoull(said, NULL, 10) != shown;
}

/* What the record says was applied to an item (R-MIN-1: decision mode,
 * rule, profile and version, head-counts) against its deciding entry. */
static void
replay_cmp_applied(const struct rp_item *it, const Yishi__Item *y,
    struct rp_verdict *v)
{
	const Yishi__Vote *x = y->vote;
	bool vote = it->closed && it->close_seq > it->decide_seq;
	uint64_t seq = vote ? it->close_seq : it->decide_seq;
	const char *rule = vote && x != NULL ? x->rule : y->rule,
	    *profile = vote && x != NULL ? x->profile : y->profile;
	uint64_t version = vote && x != NULL ? x->profile_version :
	    y->profile_version;

	if ((it->mode != NULL && replay_cmp_differ(y->decision_mode,
	    it->mode)) ||
	    (it->rule != NULL && replay_cmp_differ(rule, it->rule)) ||
	    (it->profile != NULL && replay_cmp_differ(profile, it->profile)) ||
	    replay_cmp_num(it->version, version))
		replay_cmp_fail(v, seq, "the record has item %" PRIu64 " "
		    "decided under %s (%s v%" PRIu64 "), the trail under %s "
		    "(%s v%s)", it->key.k, replay_cmp_s(rule),
		    replay_cmp_s(profile), version, replay_cmp_s(it->rule),
		    replay_cmp_s(it->profile), replay_cmp_s(it->version));
	if (vote && x != NULL && (replay_cmp_num(it->n, x->n) ||
	    replay_cmp_num(it->present, x->present) ||
	    replay_cmp_num(it->electorate, x->electorate)))
		replay_cmp_fail(v, seq, "the record has the vote on item %"
		    PRIu64 " with N %u, %u present, electorate %u; the trail "
		    "%s, %s, %s", it->key.k, x->n, x->present, x->electorate,
		    replay_cmp_s(it->n), replay_cmp_s(it->present),
		    replay_cmp_s(it->electorate));
}

/* Votes and decisions of every item the trail changed. */
static void
replay_cmp_votes(struct replay *rp, Yishi__Item *const *x,
    struct rp_verdict *v)
{
	struct rp_item *it = rp->items.p;
	long (*n)[3] = replay_cmp_tallies(rp);
	size_t i;

	if (n == NULL) {
		rp->nomem = true;
		return;
	}
	for (i = 0; i < rp->items.n; i++) {
		const Yishi__Item *y = x[i];

		if (it[i].open_seq == 0 && it[i].decide_seq == 0)
			continue;
		if (y == NULL) {
			replay_cmp_fail(v, it[i].open_seq ? it[i].open_seq :
			    it[i].decide_seq, "item %" PRIu64 " is missing "
			    "from the record", it[i].key.k);
			continue;
		}
		if (it[i].open_seq != 0)
			replay_cmp_vote(&it[i], n[i], y, v);
		if (it[i].closed || it[i].decide_seq != 0)
			replay_cmp_applied(&it[i], y, v);
		if (it[i].decide_seq > it[i].close_seq &&
		    (replay_cmp_differ(y->outcome, it[i].decided) ||
		    replay_cmp_differ(y->decision_text, it[i].text)))
			replay_cmp_fail(v, it[i].decide_seq, "the record has "
			    "item %" PRIu64 " %s (\"%s\"), the trail %s "
			    "(\"%s\")", it[i].key.k, replay_cmp_s(y->outcome),
			    replay_cmp_s(y->decision_text), it[i].decided,
			    replay_cmp_s(it[i].text));
		else if (it[i].closed && it[i].close_seq > it[i].decide_seq &&
		    replay_cmp_differ(y->outcome, it[i].outcome))
			replay_cmp_fail(v, it[i].close_seq, "the record has item "
			    "%" PRIu64 " %s, the trail closed its vote as %s",
			    it[i].key.k, replay_cmp_s(y->outcome),
			    replay_cmp_s(it[i].outcome));
	}
	free(n);
}

/* ------------------------------------------------------------ follow-up */

/* A task as the record has it against the task as assigned and reported;
 * with reports, each one of them too. */
static void
replay_cmp_task(struct replay *rp, const Yishi__FollowupTask *x,
    bool reports, struct rp_verdict *v)
{
	struct rp_task *t = replay_find(&rp->tasks, x->id, NULL);
	char num[24];
	size_t k;

	if (t == NULL) {
		replay_cmp_fail(v, 0, "followups: the row of task %" PRIu64
		    " has no trail entry", x->id);
		return;
	}
	if (reports)
		t->key.seen = true;
	if (x->item != t->item || replay_cmp_differ(x->unit, t->unit) ||
	    replay_cmp_differ(x->person, t->person) ||
	    replay_cmp_differ(x->due, t->due) ||
	    replay_cmp_differ(x->assigned_by, t->by))
		replay_cmp_fail(v, t->key.entry, "the record has task %" PRIu64
		    " as %s / %s due %s, the trail as assigned %s / %s due %s",
		    x->id, replay_cmp_s(x->unit), replay_cmp_s(x->person),
		    replay_cmp_s(x->due), replay_cmp_s(t->unit),
		    replay_cmp_s(t->person), replay_cmp_s(t->due));
	if (replay_cmp_differ(x->state, t->done ? "done" : "open"))
		replay_cmp_fail(v, t->done ? t->done_seq : t->key.entry,
		    "the record has task %" PRIu64 " %s, the trail %s", x->id,
		    replay_cmp_s(x->state), t->done ? "done" : "open");
	for (k = 0; reports && k < x->n_reports; k++) {
		const Yishi__TaskReport *y = x->reports[k];
		struct rp_note *n;

		snprintf(num, sizeof num, "%u", y->seq);
		if ((n = replay_find(&rp->reports, x->id, num)) == NULL) {
			replay_cmp_fail(v, 0, "followup_reports: report %u of "
			    "task %" PRIu64 " has no trail entry", y->seq,
			    x->id);
			continue;
		}
		n->key.seen = true;
		if (replay_cmp_differ(y->member, n->member) ||
		    replay_cmp_differ(y->text, n->a) ||
		    strcmp(y->done ? "true" : "false", n->b) != 0)
			replay_cmp_fail(v, n->key.entry, "the record's report %u "
			    "of task %" PRIu64 " is not the one filed", y->seq,
			    x->id);
	}
}

/* ------------------------------------------------------------ minutes */

/* Sign-offs and corrigenda: each one the trail has, and no other. */
static void
replay_cmp_minutes(struct replay *rp, const Yishi__Minutes *y,
    struct rp_verdict *v)
{
	const Yishi__MinutesSignoff *o = y->signoff;
	struct rp_minutes *s;
	char hex[65], *text = NULL;
	size_t k;

	if (o != NULL) {
		hex[0] = '\0';
		if (o->head_hash.len == 32)
			hex_encode(o->head_hash.data, 32, hex);
		s = replay_find(&rp->signoffs, y->meeting->id, o->member);
		if (s == NULL || s->key.entry != o->trail_seq)
			replay_cmp_fail(v, 0, "minutes_signoffs: the row of "
			    "meeting %" PRIu64 " has no trail entry",
			    y->meeting->id);
		else if (asprintf(&text, "%" PRIu64 ":%s", o->head_seq,
		    hex) < 0)
			rp->nomem = true;
		else {
			s->key.seen = true;
			if (strcmp(text, replay_cmp_s(s->text)) != 0)
				replay_cmp_fail(v, s->key.entry, "the record's "
				    "sign-off of meeting %" PRIu64 " is not the "
				    "one signed", y->meeting->id);
		}
		free(text);
	}
	for (k = 0; k < y->n_corrigenda; k++) {
		const Yishi__Corrigendum *c = y->corrigenda[k];

		s = replay_find(&rp->corrigenda, c->trail_seq, c->member);
		if (s == NULL) {
			replay_cmp_fail(v, 0, "minutes_corrigenda: row %u of "
			    "meeting %" PRIu64 " has no trail entry", c->seq,
			    y->meeting->id);
			continue;
		}
		s->key.seen = true;
		if (s->meeting != y->meeting->id ||
		    replay_cmp_differ(c->text, s->text))
			replay_cmp_fail(v, s->key.entry, "the record's "
			    "corrigendum %u of meeting %" PRIu64 " is not the "
			    "one signed", c->seq, y->meeting->id);
	}
}

/* ------------------------------------------------------------ facts */

/* The profile the record shows the body under (its bodies row) against
 * the one the trail established (issue 12). */
static void
replay_cmp_profile(const struct replay *rp, const Yishi__Meeting *y,
    struct rp_verdict *v)
{
	if (rp->profile != NULL && replay_cmp_differ(y->profile, rp->profile))
		replay_cmp_fail(v, rp->profile_seq, "the record shows the body "
		    "under profile %s (meeting %" PRIu64 "), but its trail "
		    "established %s", replay_cmp_s(y->profile), y->id,
		    rp->profile);
}

/* The seats the record lists at a meeting (every seat of the body, and a
 * removed one that attended) against the trail's: each one seated by an
 * entry, with the role and name it gave, and no seat of the trail left
 * out. */
static void
replay_cmp_seats(struct replay *rp, const Yishi__Meeting *y,
    struct rp_verdict *v)
{
	struct rp_seat *s;
	size_t k;

	replay_cmp_unsee(&rp->seats);
	for (k = 0; k < y->n_attendance; k++) {
		const Yishi__Attendance *x = y->attendance[k];

		if ((s = replay_find(&rp->seats, 0, x->member)) == NULL) {
			replay_cmp_fail(v, 0, "seats: %s (%s) listed at "
			    "meeting %" PRIu64 " has no seat in the trail",
			    x->member, replay_cmp_s(x->role), y->id);
			continue;
		}
		s->key.seen = true;
		if (replay_cmp_differ(x->role, s->role) ||
		    (s->display != NULL && replay_cmp_differ(x->display,
		    s->display)))
			replay_cmp_fail(v, s->key.entry, "the record has %s "
			    "as %s (\"%s\") at meeting %" PRIu64 ", the trail "
			    "seated %s (\"%s\")", x->member,
			    replay_cmp_s(x->role), replay_cmp_s(x->display),
			    y->id, replay_cmp_s(s->role),
			    replay_cmp_s(s->display));
	}
	for (k = 0; k < rp->seats.n; k++) {
		s = (struct rp_seat *)replay_cmp_at(&rp->seats, k);
		if (!s->removed && !s->key.seen)
			replay_cmp_fail(v, s->key.entry, "the seat of %s "
			    "(%s) is missing from the record of meeting %"
			    PRIu64, s->key.s, replay_cmp_s(s->role), y->id);
	}
}

/* ------------------------------------------------------------ the rest */

/* Every fact of the trail the record did not show at all (tasks and their
 * reports only when the record has the task list). */
static void
replay_cmp_unseen(struct replay *rp, bool tasks, struct rp_verdict *v)
{
	size_t i;

	for (i = 0; i < rp->meetings.n; i++) {
		struct rp_meeting *m = (struct rp_meeting *)rp->meetings.p + i;

		if (m->scheduled && !m->key.seen)
			replay_cmp_fail(v, m->key.entry, "meeting %" PRIu64
			    " is missing from the record", m->key.k);
	}
	for (i = 0; i < rp->items.n; i++) {
		struct rp_item *it = (struct rp_item *)rp->items.p + i;

		if (it->proposed && !it->key.seen)
			replay_cmp_fail(v, it->key.entry, "item %" PRIu64
			    " is missing from the record", it->key.k);
	}
	for (i = 0; i < rp->disposals.n; i++) {
		struct rp_disposal *d = (struct rp_disposal *)
		    rp->disposals.p + i;

		if (d->meeting != 0 && !d->key.seen)
			replay_cmp_fail(v, d->report_seq, "the report item of "
			    "disposal %" PRIu64 " is missing from meeting %"
			    PRIu64, d->key.k, d->meeting);
	}
	for (i = 0; i < rp->atts.n; i++) {
		struct rp_att *a = (struct rp_att *)rp->atts.p + i;

		if (!a->key.seen)
			replay_cmp_fail(v, a->key.entry, "the attendance of %s "
			    "at meeting %" PRIu64 " (%s) is missing from the "
			    "record", a->key.s, a->key.k, a->state);
	}
	for (i = 0; tasks && i < rp->tasks.n; i++) {
		struct rp_task *t = (struct rp_task *)rp->tasks.p + i;

		if (!t->key.seen)
			replay_cmp_fail(v, t->key.entry, "task %" PRIu64
			    " is missing from the record", t->key.k);
	}
	for (i = 0; tasks && i < rp->reports.n; i++) {
		struct rp_note *n = (struct rp_note *)rp->reports.p + i;

		if (!n->key.seen)
			replay_cmp_fail(v, n->key.entry, "report %s of task %"
			    PRIu64 " is missing from the record", n->key.s,
			    n->key.k);
	}
	for (i = 0; i < rp->signoffs.n; i++) {
		struct rp_minutes *s = (struct rp_minutes *)rp->signoffs.p + i;

		if (!s->key.seen)
			replay_cmp_fail(v, s->key.entry, "the record has no "
			    "sign-off of meeting %" PRIu64, s->meeting);
	}
	for (i = 0; i < rp->corrigenda.n; i++) {
		struct rp_minutes *s = (struct rp_minutes *)
		    rp->corrigenda.p + i;

		if (!s->key.seen)
			replay_cmp_fail(v, s->key.entry, "the record has no "
			    "corrigendum of meeting %" PRIu64, s->meeting);
	}
	replay_cmp_unseen_notes(rp, v);
}

/* The encrypted ballots of the record (the ballots table, online) against
 * the trail's: each row one the voter cast in the item's current round,
 * with the same bytes, and every ballot of the round shown. */
static void
replay_cmp_sballots(struct replay *rp, const struct replay_record *r,
    struct rp_verdict *v)
{
	struct rp_note *n;
	struct rp_item *it;
	char *hex;
	size_t i, k;

	replay_cmp_unsee(&rp->sballots);
	for (i = 0; i < r->nballots; i++) {
		const Yishi__Vote *y = r->ballots[i];

		it = replay_find(&rp->items, y->item, NULL);
		for (k = 0; k < y->n_ballots; k++) {
			const Yishi__Ballot *b = y->ballots[k];

			n = replay_find(&rp->sballots, y->item, b->member);
			if (it == NULL || !replay_ballot_secret(it) ||
			    n == NULL || (uint64_t)n->seq != it->round->seq) {
				replay_cmp_fail(v, 0, "ballots: the encrypted "
				    "ballot of %s on item %" PRIu64 " has no "
				    "trail entry in its round",
				    replay_cmp_s(b->member), y->item);
				continue;
			}
			if (n->key.seen) {
				replay_cmp_fail(v, 0, "ballots: the encrypted "
				    "ballot of %s on item %" PRIu64 " is shown "
				    "twice", n->member, y->item);
				continue;
			}
			n->key.seen = true;
			if ((hex = malloc(2 * b->ballot.len + 1)) == NULL) {
				rp->nomem = true;
				return;
			}
			hex_encode(b->ballot.data, b->ballot.len, hex);
			if (strcmp(hex, n->a) != 0)
				replay_cmp_fail(v, n->key.entry, "the record has "
				    "another encrypted ballot of %s on item %"
				    PRIu64 " than the trail", n->member,
				    y->item);
			free(hex);
		}
	}
	for (i = 0; i < rp->sballots.n; i++) {
		n = (struct rp_note *)replay_cmp_at(&rp->sballots, i);
		it = replay_find(&rp->items, n->key.k, NULL);
		if (!n->key.seen && it != NULL && replay_ballot_secret(it) &&
		    (uint64_t)n->seq == it->round->seq &&
		    strcmp(it->round->state, "void") != 0)
			replay_cmp_fail(v, n->key.entry, "the encrypted ballot "
			    "of %s on item %" PRIu64 " is missing from the "
			    "record", n->member, n->key.k);
	}
}

/* Compares the record with the replay (see replay_cmp.h). */
int
replay_cmp_record(struct replay *rp, const struct replay_record *r,
    uint64_t *seq, char *why, size_t whylen)
{
	struct rp_list *lists[] = { &rp->meetings, &rp->items, &rp->atts,
	    &rp->tasks, &rp->disposals, &rp->stmts, &rp->ballots,
	    &rp->dissents, &rp->opinions, &rp->recusals, &rp->observers,
	    &rp->acks, &rp->reports, &rp->signoffs, &rp->corrigenda };
	Yishi__Item **byitem;	/* the record's item of each replayed item */
	struct rp_verdict v;
	size_t i, k;

	memset(&v, 0, sizeof v);
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		replay_cmp_unsee(lists[i]);
	if ((byitem = calloc(rp->items.n + 1, sizeof *byitem)) == NULL) {
		*seq = 0;
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (i = 0; i < r->nminutes; i++) {
		const Yishi__Meeting *y = r->minutes[i]->meeting;

		if (y == NULL) {
			replay_cmp_fail(&v, 0, "the record holds minutes with "
			    "no meeting");
			continue;
		}
		replay_cmp_meeting(rp, y, &v);
		replay_cmp_attendance(rp, y, &v);
		replay_cmp_profile(rp, y, &v);
		replay_cmp_seats(rp, y, &v);
		for (k = 0; k < y->n_items; k++) {
			struct rp_item *it = replay_find(&rp->items,
			    y->items[k]->id, NULL);
			size_t j;

			if (it != NULL)
				byitem[it - (struct rp_item *)rp->items.p] =
				    y->items[k];
			replay_cmp_item(rp, y, y->items[k], &v);
			replay_cmp_notes(rp, y->items[k], &v);
			for (j = 0; j < y->items[k]->n_followups; j++)
				replay_cmp_task(rp, y->items[k]->followups[j],
				    false, &v);
		}
		replay_cmp_minutes(rp, r->minutes[i], &v);
	}
	for (i = 0; i < r->ntasks; i++)
		replay_cmp_task(rp, r->tasks[i], true, &v);
	replay_cmp_votes(rp, byitem, &v);
	if (r->have_ballots)
		replay_cmp_sballots(rp, r, &v);
	replay_cmp_unseen(rp, !r->no_tasks, &v);
	free(byitem);
	if (rp->nomem) {
		*seq = 0;
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (!v.found)
		return 0;
	*seq = v.seq;
	snprintf(why, whylen, "%s", v.why);
	return -1;
}
