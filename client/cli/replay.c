/* replay.c: the record a trail says, built entry by entry (see replay.h
 * and replay_int.h). */
#include "replay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "out.h"
#include "replay_ballot.h"
#include "replay_int.h"
#include "replay_text.h"
#include "rules.h"
#include "sign.h"

/* ------------------------------------------------------------ the lists */

/* The hash of key (k, s). */
static size_t
replay_hash(uint64_t k, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ k;

	h *= 1099511628211ULL;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The element at index i of l. */
static struct rp_key *
replay_at(const struct rp_list *l, size_t i)
{
	return (struct rp_key *)((char *)l->p + i * l->size);
}

/* The element with key (k, s), or NULL (see replay_int.h). */
void *
replay_find(struct rp_list *l, uint64_t k, const char *s)
{
	size_t i, mask = l->nslot - 1;

	if (s == NULL)
		s = "";
	if (l->nslot == 0)
		return NULL;
	for (i = replay_hash(k, s) & mask; l->slot[i] != 0; i = (i + 1) & mask) {
		struct rp_key *x = replay_at(l, l->slot[i] - 1);

		if (x->k == k && strcmp(x->s, s) == 0)
			return x;
	}
	return NULL;
}

/* Rebuilds l's index at twice the size. 0 or -1. */
static int
replay_rehash(struct rp_list *l)
{
	size_t n = l->nslot ? l->nslot * 2 : 64, i, j, *slot;

	if ((slot = calloc(n, sizeof *slot)) == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		struct rp_key *x = replay_at(l, i);

		for (j = replay_hash(x->k, x->s) & (n - 1); slot[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		slot[j] = i + 1;
	}
	free(l->slot);
	l->slot = slot;
	l->nslot = n;
	return 0;
}

/* The element with key (k, s), added zeroed when absent; its entry becomes
 * seq. NULL when out of memory (remembered in rp). */
void *
replay_add(struct replay *rp, struct rp_list *l, uint64_t k, const char *s,
    uint64_t seq)
{
	struct rp_key *x;
	size_t j;
	char *p;

	if (s == NULL)
		s = "";
	if ((x = replay_find(l, k, s)) != NULL) {
		x->entry = seq;
		return x;
	}
	if ((l->n + 1) * 2 > l->nslot && replay_rehash(l) != 0)
		goto nomem;
	if (l->n == l->cap) {
		size_t cap = l->cap != 0 ? l->cap * 2 : 16;

		if ((p = realloc(l->p, cap * l->size)) == NULL)
			goto nomem;
		l->p = p;
		l->cap = cap;
	}
	x = replay_at(l, l->n);
	memset(x, 0, l->size);
	if ((x->s = strdup(s)) == NULL)
		goto nomem;
	x->k = k;
	x->entry = seq;
	for (j = replay_hash(k, s) & (l->nslot - 1); l->slot[j] != 0;
	    j = (j + 1) & (l->nslot - 1))
		;
	l->slot[j] = ++l->n;
	return x;
nomem:
	rp->nomem = true;
	return NULL;
}

/* Replaces *dst with a copy of src (NULL stays NULL). */
void
replay_set(struct replay *rp, char **dst, const char *src)
{
	free(*dst);
	*dst = NULL;
	if (src != NULL && (*dst = strdup(src)) == NULL)
		rp->nomem = true;
}

/* Frees a list: the key strings and the n string members at each of
 * offsets off[]. */
static void
replay_list_free(struct rp_list *l, const size_t *off, size_t n)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		struct rp_key *x = replay_at(l, i);

		free(x->s);
		for (k = 0; k < n; k++)
			free(*(char **)((char *)x + off[k]));
	}
	free(l->p);
	free(l->slot);
}

#define RP_OFF(t, m)	offsetof(struct t, m)
#define RP_FREE(l, ...)	do {						\
	const size_t off_[] = { __VA_ARGS__ };				\
	replay_list_free((l), off_, sizeof off_ / sizeof off_[0]);	\
} while (0)

/* A new replay of body's trail. */
struct replay *
replay_new(uint64_t body)
{
	struct replay *rp = calloc(1, sizeof *rp);

	if (rp == NULL)
		return NULL;
	rp->body = body;
	rp->meetings.size = sizeof(struct rp_meeting);
	rp->items.size = sizeof(struct rp_item);
	rp->atts.size = sizeof(struct rp_att);
	rp->seats.size = sizeof(struct rp_seat);
	rp->tasks.size = sizeof(struct rp_task);
	rp->disposals.size = sizeof(struct rp_disposal);
	rp->stmts.size = rp->ballots.size = rp->dissents.size =
	    rp->opinions.size = rp->recusals.size = rp->observers.size =
	    rp->acks.size = rp->reports.size = sizeof(struct rp_note);
	rp->signoffs.size = rp->corrigenda.size = sizeof(struct rp_minutes);
	rp->certs.size = sizeof(struct rp_cert);
	rp->voters.size = rp->electors.size = sizeof(struct rp_key);
	rp->sballots.size = sizeof(struct rp_note);
	return rp;
}

/* Frees a replay; NULL is a no-op. */
void
replay_free(struct replay *rp)
{
	struct rp_list *notes[] = { &rp->stmts, &rp->ballots, &rp->dissents,
	    &rp->opinions, &rp->recusals, &rp->observers, &rp->acks,
	    &rp->reports };
	size_t i;

	if (rp == NULL)
		return;
	for (i = 0; i < rp->items.n; i++)
		replay_ballot_free(((struct rp_item *)rp->items.p)[i].round);
	RP_FREE(&rp->meetings, RP_OFF(rp_meeting, title),
	    RP_OFF(rp_meeting, at), RP_OFF(rp_meeting, place),
	    RP_OFF(rp_meeting, reason), RP_OFF(rp_meeting, chair));
	RP_FREE(&rp->items, RP_OFF(rp_item, title), RP_OFF(rp_item, category),
	    RP_OFF(rp_item, domain), RP_OFF(rp_item, responsible),
	    RP_OFF(rp_item, proposer), RP_OFF(rp_item, reason),
	    RP_OFF(rp_item, materials), RP_OFF(rp_item, method),
	    RP_OFF(rp_item, outcome), RP_OFF(rp_item, decided),
	    RP_OFF(rp_item, text), RP_OFF(rp_item, mode),
	    RP_OFF(rp_item, rule), RP_OFF(rp_item, profile),
	    RP_OFF(rp_item, version), RP_OFF(rp_item, n),
	    RP_OFF(rp_item, present), RP_OFF(rp_item, electorate));
	RP_FREE(&rp->atts, RP_OFF(rp_att, reason));
	RP_FREE(&rp->seats, RP_OFF(rp_seat, role), RP_OFF(rp_seat, display));
	RP_FREE(&rp->tasks, RP_OFF(rp_task, unit), RP_OFF(rp_task, person),
	    RP_OFF(rp_task, due), RP_OFF(rp_task, by));
	RP_FREE(&rp->disposals, RP_OFF(rp_disposal, title),
	    RP_OFF(rp_disposal, text), RP_OFF(rp_disposal, category),
	    RP_OFF(rp_disposal, member));
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++)
		RP_FREE(notes[i], RP_OFF(rp_note, member), RP_OFF(rp_note, a),
		    RP_OFF(rp_note, b));
	RP_FREE(&rp->sballots, RP_OFF(rp_note, member), RP_OFF(rp_note, a),
	    RP_OFF(rp_note, b));
	replay_list_free(&rp->electors, NULL, 0);
	RP_FREE(&rp->signoffs, RP_OFF(rp_minutes, text));
	RP_FREE(&rp->corrigenda, RP_OFF(rp_minutes, text));
	replay_list_free(&rp->certs, NULL, 0);
	replay_list_free(&rp->voters, NULL, 0);
	free(rp->profile);
	free(rp->profile_version);
	free(rp->secretary);
	free(rp->hashes);
	free(rp);
}

/* ------------------------------------------------------------ materials */

/* Orders "name\nhex" pairs. */
static int
replay_material_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The canonical form of n materials (names and SHA-256 in hex, any
 * order): "<hex>:<bytes>:<name>\n" each, sorted by name then digest; NULL
 * when out of memory. The caller frees it. */
char *
replay_materials(const char *const *name, const char *const *hex, size_t n)
{
	char **pair = calloc(n + 1, sizeof *pair), *out = NULL, *p;
	size_t i, len = 1;

	if (pair == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (asprintf(&pair[i], "%s\n%s", name[i], hex[i]) < 0)
			goto out;
		len += strlen(pair[i]) + 32;
	}
	qsort(pair, n, sizeof *pair, replay_material_cmp);
	if ((out = p = malloc(len)) == NULL)
		goto out;
	*p = '\0';
	for (i = 0; i < n; i++) {
		const char *h = strrchr(pair[i], '\n') + 1;
		int nl = (int)(h - 1 - pair[i]);

		p += sprintf(p, "%s:%d:%.*s\n", h, nl, nl, pair[i]);
	}
out:
	for (i = 0; i < n; i++)
		free(pair[i]);
	free(pair);
	return out;
}

/* The materials of an agenda.propose payload ("<hex>:<bytes>:<name>\n"
 * each, as given), in canonical form; NULL when malformed. */
static char *
replay_payload_materials(const char *s)
{
	const char *name[64] = { NULL }, *hex[64] = { NULL };
	char *copy[64], *out = NULL;
	size_t n = 0, i;

	while (*s != '\0' && n < 64) {
		char *end;
		unsigned long len;

		if (strlen(s) < 66 || s[64] != ':')
			goto out;
		len = strtoul(s + 65, &end, 10);
		if (*end != ':' || strlen(end + 1) < len + 1 ||
		    end[1 + len] != '\n')
			goto out;
		if ((copy[n] = malloc(64 + 1 + len + 1)) == NULL)
			goto out;
		memcpy(copy[n], s, 64);
		copy[n][64] = '\0';
		memcpy(copy[n] + 65, end + 1, len);
		copy[n][65 + len] = '\0';
		hex[n] = copy[n];
		name[n] = copy[n] + 65;
		n++;
		s = end + 2 + len;
	}
	if (*s == '\0')
		out = replay_materials(name, hex, n);
out:
	for (i = 0; i < n; i++)
		free(copy[i]);
	return out;
}
/* The signed action that goes with a trail action (an encrypted ballot's
 * vote.cast: secret_ballot), or NULL when unknown. */
static const char *
replay_signed_action(const char *action, const struct replay_text *pl)
{
	static const char *const map[][2] = {
		{ "statement", "statement" }, { "vote.cast", "vote" },
		{ "dissent.file", "dissent" }, { "minutes.sign", "minutes_sign" },
		{ "minutes.correct", "minutes_correct" },
		{ "vote.key", "scrutineer_key" },
		{ "vote.decrypt", "scrutineer_decrypt" },
	};
	size_t i;

	if (strcmp(action, "vote.cast") == 0 &&
	    replay_text_get(pl, "ballot") != NULL)
		return "secret_ballot";
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], action) == 0)
			return map[i][1];
	return NULL;
}

/* Why a payload was refused, in the reader's language. */
static const char *
replay_refusal(enum replay_text_error e)
{
	switch (e) {
	case REPLAY_TEXT_DUPLICATE:
		return TR("载荷中有重复的键", "a key appears twice in the payload");
	case REPLAY_TEXT_NUL:
		return TR("载荷的字符串含 \\u0000（NUL）",
		    "a string in the payload contains \\u0000 (NUL)");
	case REPLAY_TEXT_SURROGATE:
		return TR("载荷含不成对的 UTF-16 代理项（如 \\ud800）",
		    "the payload has an unpaired UTF-16 surrogate (such as "
		    "\\ud800)");
	case REPLAY_TEXT_UTF8:
		return TR("载荷不是有效的 UTF-8", "the payload is not valid UTF-8");
	case REPLAY_TEXT_NOMEM:
		return TR("内存不足", "out of memory");
	default:
		return TR("载荷不是 JSON 对象", "the payload is not a JSON object");
	}
}

/*
 * Checks that what a member signed is what the entry's payload says: every
 * signed field against the payload member of the same name (the body and,
 * for a known item, the meeting against the trail), and the signer against
 * the member or whoever entered the vote. 0, or -1 with why.
 */
static int
replay_signed(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_text *pl, char *why, size_t whylen)
{
	struct replay_text sg;
	const char *want = replay_signed_action(e->action, pl), *member = NULL,
	    *entered = NULL;
	struct rp_item *it;
	char num[80];
	int i, rc = -1;

	if (replay_text_canon(e->signed_, &sg) != 0) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条记录：签名的内容不是"
		    "规范的签名文本", "entry %" PRIu64 ": the signed bytes are "
		    "not a canonical signed text"), e->seq);
		goto out;
	}
	if (want != NULL && strcmp(sg.val[0], want) != 0) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条记录：%s 记录所附的是"
		    " %s 的签名", "entry %" PRIu64 ": a %s entry carries a "
		    "signature over a %s"), e->seq, e->action, sg.val[0]);
		goto out;
	}
	for (i = 1; i < sg.n; i++) {
		const char *k = sg.key[i], *v = sg.val[i], *p;

		if (strcmp(k, "instance") == 0)
			continue;	/* held against the CA by
					   yishi_trail_verify_signature */
		if (strcmp(k, "body") == 0) {
			snprintf(num, sizeof num, "%" PRIu64, e->body);
			p = num;
		} else if (strcmp(k, "meeting") == 0 &&
		    replay_text_get(pl, "meeting") == NULL) {
			it = replay_find(&rp->items, replay_text_u64(pl, "item"), NULL);
			if (it == NULL || it->meeting == 0)
				continue;	/* nothing to hold it against */
			snprintf(num, sizeof num, "%" PRIu64, it->meeting);
			p = num;
		} else if (strcmp(k, "member") == 0 &&
		    replay_text_get(pl, "member") == NULL) {
			p = e->signer;
		} else if ((strcmp(k, "round") == 0 ||
		    strcmp(k, "digest") == 0) &&
		    replay_text_get(pl, k) == NULL) {
			/* A secret round's part: its round and the digest of
			 * the bytes it publishes (docs/ballot.md). */
			if (replay_ballot_signed(rp, e, pl, k, num,
			    sizeof num) != 0) {
				snprintf(why, whylen, TR("第 %" PRIu64 " 条记录："
				    "签名含 %s，但载荷中没有可与之对照的内容",
				    "entry %" PRIu64 ": it signs %s but its "
				    "payload has nothing to hold it against"),
				    e->seq, k);
				goto out;
			}
			p = num;
		} else if ((p = replay_text_get(pl, k)) == NULL) {
			snprintf(why, whylen, TR("第 %" PRIu64 " 条记录：签名含 "
			    "%s，载荷中却没有", "entry %" PRIu64 ": it signs %s "
			    "but its payload has none"), e->seq, k);
			goto out;
		}
		if (strcmp(p, v) != 0) {
			snprintf(why, whylen, TR("第 %" PRIu64 " 条记录：载荷中 "
			    "%s 为“%s”，而 %s 签署的是“%s”", "entry %" PRIu64
			    ": the payload says %s is \"%s\" but %s signed "
			    "\"%s\""), e->seq, k, p, e->signer, v);
			goto out;
		}
		if (strcmp(k, "member") == 0)
			member = v;
		else if (strcmp(k, "entered_by") == 0 && v[0] != '\0')
			entered = v;
	}
	if (entered != NULL ? strcmp(entered, e->signer) != 0 :
	    member != NULL && strcmp(member, e->signer) != 0) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条记录：由 %s 代 %s "
		    "签名", "entry %" PRIu64 ": signed by %s on behalf of %s"),
		    e->seq, e->signer, entered ? entered : member);
		goto out;
	}
	rc = 0;
out:
	replay_text_free(&sg);
	return rc;
}


/* Every certificate the trail ever registered for an identity (key k 1,
 * "identity\nfp" in the certs list; k 0 is the current one), for the
 * witness check (replay_registered). */
static int
replay_on_cert_ever(struct replay *rp, const Yishi__TrailEntry *e,
    const char *who, const char *fp)
{
	char key[200];

	if (fp[0] == '\0' || strlen(who) > 128)
		return 0;
	snprintf(key, sizeof key, "%s\n%s", who, fp);
	(void)replay_add(rp, &rp->certs, 1, key, e->seq);
	return 0;
}

/*
 * seat.add, identity.certificate: the certificate registered for an
 * identity from this entry on (payload member cert_fp, lowercase hex; ""
 * or absent: none, as after identity disable). See replay_bound.
 */
static int
replay_on_cert(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_text *pl)
{
	const char *who = replay_text_get(pl, "identity"),
	    *fp = replay_text_get(pl, "cert_fp");
	struct rp_cert *c;

	if (who == NULL || (c = replay_add(rp, &rp->certs, 0, who,
	    e->seq)) == NULL)
		return 0;
	snprintf(c->fp, sizeof c->fp, "%s",
	    fp != NULL && strlen(fp) == 64 ? fp : "");
	c->withdrawn = fp != NULL && fp[0] == '\0';
	return replay_on_cert_ever(rp, e, who, c->fp);
}

/*
 * A signed entry's certificate must be the one registered for its signer
 * when it signed: the fingerprint the last seat.add or identity.certificate
 * entry of this trail gave that identity (replay_on_cert). Every signer
 * holds a seat of the body, and seating it registers its certificate, so a
 * key the CA certified for someone else, or for the same name behind the
 * trail's back, fails here. 0, or -1 with why.
 */
static int
replay_bound(struct replay *rp, const Yishi__TrailEntry *e, char *why,
    size_t whylen)
{
	struct rp_cert *c = replay_find(&rp->certs, 0, e->signer);
	char fp[65];

	if (e->cert_fp.len != 32) {
		snprintf(why, whylen, "entry %" PRIu64 ": it names no "
		    "certificate", e->seq);
		return -1;
	}
	hex_encode(e->cert_fp.data, 32, fp);
	if (c == NULL) {
		snprintf(why, whylen, "entry %" PRIu64 ": %s signed it, but "
		    "this trail never registered a certificate for %s",
		    e->seq, e->signer, e->signer);
		return -1;
	}
	if (c->fp[0] == '\0') {
		snprintf(why, whylen, c->withdrawn ? "entry %" PRIu64 ": %s "
		    "signed it after entry %" PRIu64 " withdrew their "
		    "certificate" : "entry %" PRIu64 ": %s signed it, but "
		    "entry %" PRIu64 " registered no certificate for them",
		    e->seq, e->signer, c->key.entry);
		return -1;
	}
	if (strcmp(c->fp, fp) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": %s signed it with "
		    "certificate %.16s…, not the one entry %" PRIu64 " "
		    "registered for them (%.16s…)", e->seq, e->signer, fp,
		    c->key.entry, c->fp);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ entries */

/* The item an entry names, created when new; its meeting from the payload
 * when it names one. */
static struct rp_item *
replay_item_of(struct rp_ctx *c)
{
	uint64_t id = replay_text_u64(c->pl, "item");
	struct rp_item *it = replay_find(&c->rp->items, id, NULL);

	if (it == NULL && (it = replay_add(c->rp, &c->rp->items, id, NULL,
	    c->e->seq)) == NULL)
		return NULL;
	if (it->meeting == 0)
		it->meeting = replay_text_u64(c->pl, "meeting");
	return it;
}

/* Sets an item's state as of this entry. */
static void
replay_item_state(struct rp_ctx *c, struct rp_item *it, const char *state)
{
	it->state = state;
	it->state_seq = c->e->seq;
}

/* The meeting an entry names (created when new). */
static struct rp_meeting *
replay_meeting_of(struct rp_ctx *c)
{
	uint64_t id = replay_text_u64(c->pl, "meeting");
	struct rp_meeting *m = replay_find(&c->rp->meetings, id, NULL);

	if (m == NULL)
		m = replay_add(c->rp, &c->rp->meetings, id, NULL, c->e->seq);
	return m;
}

/* seat.add, seat.remove: who holds which seat. */
static int
replay_on_seat(struct rp_ctx *c)
{
	struct rp_seat *s = replay_add(c->rp, &c->rp->seats, 0,
	    replay_text_get(c->pl, "identity"), c->e->seq);

	if (s == NULL)
		return 0;
	if (strcmp(c->e->action, "seat.remove") == 0) {
		s->removed = true;
	} else {
		s->removed = false;
		replay_set(c->rp, &s->role, replay_text_get(c->pl, "role"));
	}
	return 0;
}

/* meeting.schedule: what the notice says. */
static int
replay_on_schedule(struct rp_ctx *c)
{
	struct rp_meeting *m = replay_meeting_of(c);
	const char *u = replay_text_get(c->pl, "urgent");

	if (m == NULL)
		return 0;
	m->key.entry = c->e->seq;
	m->scheduled = true;
	replay_set(c->rp, &m->title, replay_text_get(c->pl, "title"));
	replay_set(c->rp, &m->at, replay_text_get(c->pl, "at"));
	replay_set(c->rp, &m->place, replay_text_get(c->pl, "place"));
	replay_set(c->rp, &m->reason, replay_text_get(c->pl, "reason"));
	m->urgent = u != NULL && strcmp(u, "true") == 0;
	m->state = "scheduled";
	m->state_seq = c->e->seq;
	return 0;
}

/* The attendance of member at meeting becomes state, as of this entry; a
 * reason given replaces the one recorded (server/h_attend.c). */
static void
replay_attend(struct rp_ctx *c, uint64_t meeting, const char *member,
    const char *state, const char *reason)
{
	struct rp_att *a = replay_add(c->rp, &c->rp->atts, meeting, member,
	    c->e->seq);

	if (a == NULL)
		return;
	a->state = state;
	if (reason != NULL && reason[0] != '\0')
		replay_set(c->rp, &a->reason, reason);
}

/* At the close of a meeting whose N was fixed at its opening, every seat
 * of N not marked, or whose leave was never approved, is absent (seats
 * given since were not expected; seats of N removed since were). */
static void
replay_close_absent(struct rp_ctx *c, const struct rp_meeting *m)
{
	size_t i;

	for (i = 0; i < c->rp->voters.n; i++) {
		const struct rp_key *v = (struct rp_key *)c->rp->voters.p + i;
		struct rp_att *t;

		if (v->k != m->key.k)
			continue;
		t = replay_find(&c->rp->atts, m->key.k, v->s);
		if (t == NULL || strcmp(t->state, "leave_requested") == 0)
			replay_attend(c, m->key.k, v->s, "absent", NULL);
	}
}

/* meeting.notify, .open, .close, .delegate. At the close every voting
 * seat not marked, or whose leave was never approved, is absent. */
static int
replay_on_meeting(struct rp_ctx *c)
{
	struct rp_meeting *m = replay_meeting_of(c);
	const char *a = c->e->action;
	size_t i;

	if (m == NULL)
		return 0;
	if (strcmp(a, "meeting.delegate") == 0) {
		replay_set(c->rp, &m->chair, replay_text_get(c->pl, "chair"));
		m->chair_seq = c->e->seq;
		return 0;
	}
	i = strcmp(a, "meeting.notify") == 0 ? 0 :
	    strcmp(a, "meeting.open") == 0 ? 1 : 2;
	m->state = i == 0 ? "noticed" : i == 1 ? "open" : "closed";
	m->state_seq = c->e->seq;
	m->when_seq[i] = c->e->seq;
	m->when_us[i] = c->e->at_us;
	if (i == 1 && replay_text_get(c->pl, "chair") != NULL &&
	    replay_text_get(c->pl, "chair")[0] != '\0') {
		/* Who chairs is fixed at the opening (server/h_meeting.c). */
		replay_set(c->rp, &m->chair, replay_text_get(c->pl, "chair"));
		m->chair_seq = c->e->seq;
	}
	if (strcmp(a, "meeting.close") != 0)
		return 0;
	m->close_seq = c->e->seq;
	if (m->has_n) {
		replay_close_absent(c, m);
		return 0;
	}
	for (i = 0; i < c->rp->seats.n; i++) {
		struct rp_seat *s = (struct rp_seat *)c->rp->seats.p + i;
		struct rp_att *t = replay_find(&c->rp->atts, m->key.k, s->key.s);

		if (s->removed || s->role == NULL ||
		    (strcmp(s->role, "secretary") != 0 &&
		    strcmp(s->role, "deputy") != 0 &&
		    strcmp(s->role, "member") != 0))
			continue;
		if (t == NULL || strcmp(t->state, "leave_requested") == 0)
			replay_attend(c, m->key.k, s->key.s, "absent", NULL);
	}
	return 0;
}

/* leave.request, leave.approve, attendance.mark, .checkin, .checkout. */
static int
replay_on_attend(struct rp_ctx *c)
{
	const char *a = c->e->action, *p = replay_text_get(c->pl, "present"),
	    *state;

	if (strcmp(a, "leave.request") == 0)
		state = "leave_requested";
	else if (strcmp(a, "leave.approve") == 0)
		state = "leave";
	else if (strcmp(a, "attendance.checkout") == 0)
		state = "left";
	else if (strcmp(a, "attendance.mark") == 0 && p != NULL &&
	    strcmp(p, "true") != 0)
		state = "absent";
	else
		state = "present";
	replay_attend(c, replay_text_u64(c->pl, "meeting"),
	    replay_text_get(c->pl, "member"), state,
	    replay_text_get(c->pl, "reason"));
	return 0;
}

/* agenda.propose: the item as proposed, by whoever proposed it. */
static int
replay_on_propose(struct rp_ctx *c)
{
	struct rp_item *it = replay_item_of(c);
	const char *m = replay_text_get(c->pl, "materials"),
	    *em = replay_text_get(c->pl, "emergency");

	if (it == NULL)
		return 0;
	it->key.entry = c->e->seq;
	it->proposed = true;
	it->meeting = replay_text_u64(c->pl, "meeting");
	replay_set(c->rp, &it->title, replay_text_get(c->pl, "title"));
	replay_set(c->rp, &it->category, replay_text_get(c->pl, "category"));
	replay_set(c->rp, &it->domain, replay_text_get(c->pl, "domain"));
	replay_set(c->rp, &it->responsible,
	    replay_text_get(c->pl, "responsible"));
	replay_set(c->rp, &it->proposer, c->e->actor);
	replay_set(c->rp, &it->reason, replay_text_get(c->pl, "reason"));
	it->amount = replay_text_ll(c->pl, "amount");
	it->emergency = em != NULL && strcmp(em, "true") == 0;
	it->revises = replay_text_u64(c->pl, "revises");
	replay_item_state(c, it, "proposed");
	free(it->materials);
	it->materials = NULL;
	if (m != NULL && (it->materials = replay_payload_materials(m)) ==
	    NULL) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": its list of "
		    "materials is malformed", c->e->seq);
		return -1;
	}
	return 0;
}

/* agenda.approve, agenda.withdraw, item.start. */
static int
replay_on_item(struct rp_ctx *c)
{
	struct rp_item *it = replay_item_of(c);
	const char *a = c->e->action;

	if (it != NULL)
		replay_item_state(c, it, strcmp(a, "agenda.approve") == 0 ?
		    "approved" : strcmp(a, "agenda.withdraw") == 0 ?
		    "withdrawn" : "started");
	return 0;
}

/* A member's note on an item (or a report on a task) into list l: the
 * member from the payload member `who` (NULL: the entry's actor), a and b
 * from the payload members of those names. */
static struct rp_note *
replay_note_add(struct rp_ctx *c, struct rp_list *l, const char *kname,
    const char *who, const char *a, const char *b)
{
	struct rp_note *n;
	const char *m = who != NULL ? replay_text_get(c->pl, who) :
	    c->e->actor, *s;
	char num[24];

	/* A member reports on a task many times: reports are keyed by
	 * their number. */
	snprintf(num, sizeof num, "%lld", replay_text_ll(c->pl, "seq"));
	if ((n = replay_add(c->rp, l, replay_text_u64(c->pl, kname),
	    l == &c->rp->reports ? num : m, c->e->seq)) == NULL)
		return NULL;
	replay_set(c->rp, &n->member, m != NULL ? m : "");
	n->at_us = c->e->at_us;
	n->seq = (s = replay_text_get(c->pl, "seq")) != NULL ? atol(s) : 0;
	replay_set(c->rp, &n->a, a != NULL && replay_text_get(c->pl, a) ?
	    replay_text_get(c->pl, a) : "");
	replay_set(c->rp, &n->b, b != NULL && replay_text_get(c->pl, b) ?
	    replay_text_get(c->pl, b) : "");
	return n;
}

/* statement, dissent.file, opinion.submit, recuse, observer.admit,
 * decision.ack: one member's note on an item. */
static int
replay_on_note(struct rp_ctx *c)
{
	static const struct {
		const char *action, *who, *a, *b;
		size_t list;
	} map[] = {
		{ "statement", "member", "position", "text",
		    offsetof(struct replay, stmts) },
		{ "dissent.file", "member", "text", "reported_to_higher",
		    offsetof(struct replay, dissents) },
		{ "opinion.submit", "member", "position", "text",
		    offsetof(struct replay, opinions) },
		{ "recuse", "member", "reason", NULL,
		    offsetof(struct replay, recusals) },
		{ "observer.admit", "identity", NULL, NULL,
		    offsetof(struct replay, observers) },
		{ "decision.ack", "member", NULL, NULL,
		    offsetof(struct replay, acks) },
	};
	size_t i;

	(void)replay_item_of(c);
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].action, c->e->action) == 0)
			(void)replay_note_add(c, (struct rp_list *)
			    ((char *)c->rp + map[i].list), "item", map[i].who,
			    map[i].a, map[i].b);
	return 0;
}

/* What a closing or deciding entry says it applied. */
static void
replay_applied(struct rp_ctx *c, struct rp_item *it)
{
	replay_set(c->rp, &it->mode, replay_text_get(c->pl, "mode"));
	replay_set(c->rp, &it->rule, replay_text_get(c->pl, "rule"));
	replay_set(c->rp, &it->profile, replay_text_get(c->pl, "profile"));
	replay_set(c->rp, &it->version, replay_text_get(c->pl,
	    "profile_version"));
	replay_set(c->rp, &it->n, replay_text_get(c->pl, "n"));
	replay_set(c->rp, &it->present, replay_text_get(c->pl, "present"));
	replay_set(c->rp, &it->electorate, replay_text_get(c->pl,
	    "electorate"));
}

/* vote.open, vote.cast, vote.close, item.decide, item.defer. */
static int
replay_on_vote(struct rp_ctx *c)
{
	struct rp_item *it = replay_item_of(c);
	const char *a = c->e->action, *o;

	if (it == NULL)
		return 0;
	if (strcmp(a, "vote.open") == 0) {
		replay_set(c->rp, &it->method, replay_text_get(c->pl, "method"));
		it->open_seq = c->e->seq;
		it->casts = 0;
		it->last_cast = 0;
		it->closed = false;
		replay_item_state(c, it, "voting");
		/* A secret round is checked from here on (replay_ballot.c),
		 * once the electorate is fixed (replay_on_electorate). */
	} else if (strcmp(a, "vote.cast") == 0) {
		if (replay_ballot_secret(it) ||
		    replay_text_get(c->pl, "ballot") != NULL) {
			if (replay_ballot_cast(c, it) != 0)
				return -1;
			it->casts++;
			it->last_cast = c->e->seq;
			return 0;
		}
		if (replay_text_get(c->pl, "choice") != NULL) {
			(void)replay_note_add(c, &c->rp->ballots, "item",
			    "member", "choice", "entered_by");
			return 0;
		}
		it->casts++;
		it->last_cast = c->e->seq;
	} else if (strcmp(a, "vote.close") == 0) {
		it->closed = true;
		it->close_seq = c->e->seq;
		replay_set(c->rp, &it->outcome, replay_text_get(c->pl,
		    "outcome"));
		it->yes = (long)replay_text_ll(c->pl, "yes");
		it->no = (long)replay_text_ll(c->pl, "no");
		it->abstain = (long)replay_text_ll(c->pl, "abstain");
		it->not_voting = (long)replay_text_ll(c->pl, "not_voting");
		replay_applied(c, it);
		o = it->outcome != NULL ? it->outcome : "";
		replay_item_state(c, it, strcmp(o, "passed") == 0 ||
		    strcmp(o, "rejected") == 0 ? "decided" : "deferred");
		if (replay_ballot_secret(it) && replay_ballot_close(c, it) != 0)
			return -1;
	} else {
		bool defer = strcmp(a, "item.defer") == 0;

		it->decide_seq = c->e->seq;
		if (!defer)
			replay_applied(c, it);
		replay_set(c->rp, &it->decided, defer ? "deferred" : "decided");
		replay_set(c->rp, &it->text, replay_text_get(c->pl, defer ?
		    "reason" : "text"));
		replay_item_state(c, it, it->decided);
	}
	return 0;
}

/* item.supersede: a later decision replaced this one (R-IMMUT-1). */
static int
replay_on_supersede(struct rp_ctx *c)
{
	struct rp_item *it = replay_item_of(c);

	if (it != NULL) {
		it->superseded_by = replay_text_u64(c->pl, "superseded_by");
		it->supersede_seq = c->e->seq;
	}
	return 0;
}

/* followup.assign and followup.report (R-FOLLOW-1). */
static int
replay_on_task(struct rp_ctx *c)
{
	uint64_t id = replay_text_u64(c->pl, "task");
	struct rp_task *t;
	struct rp_note *n;
	const char *d;

	if (strcmp(c->e->action, "followup.report") == 0) {
		n = replay_note_add(c, &c->rp->reports, "task", NULL, "text",
		    "done");
		d = replay_text_get(c->pl, "done");
		if (n != NULL && d != NULL && strcmp(d, "true") == 0 &&
		    (t = replay_find(&c->rp->tasks, id, NULL)) != NULL) {
			t->done = true;
			t->done_seq = c->e->seq;
		}
		return 0;
	}
	if ((t = replay_add(c->rp, &c->rp->tasks, id, NULL, c->e->seq)) ==
	    NULL)
		return 0;
	t->item = replay_text_u64(c->pl, "item");
	replay_set(c->rp, &t->unit, replay_text_get(c->pl, "unit"));
	replay_set(c->rp, &t->person, replay_text_get(c->pl, "person"));
	replay_set(c->rp, &t->due, replay_text_get(c->pl, "due"));
	replay_set(c->rp, &t->by, c->e->actor);
	return 0;
}

/* disposal.record: an emergency disposal; disposal.report: the disposals
 * put on a meeting's agenda as report items (R-EMERG-1). */
static int
replay_on_disposal(struct rp_ctx *c)
{
	struct rp_disposal *d;
	const char *p;
	char *end;

	if (strcmp(c->e->action, "disposal.record") == 0) {
		if ((d = replay_add(c->rp, &c->rp->disposals,
		    replay_text_u64(c->pl, "disposal"), NULL, c->e->seq)) ==
		    NULL)
			return 0;
		replay_set(c->rp, &d->title, replay_text_get(c->pl, "title"));
		replay_set(c->rp, &d->text, replay_text_get(c->pl, "text"));
		replay_set(c->rp, &d->category, replay_text_get(c->pl,
		    "category"));
		replay_set(c->rp, &d->member, c->e->actor);
		d->amount = replay_text_ll(c->pl, "amount");
		return 0;
	}
	if ((p = replay_text_get(c->pl, "disposals")) == NULL || *p++ != '[')
		goto bad;
	while (*p != ']') {
		uint64_t id = strtoull(p, &end, 10);

		if (end == p || (*end != ',' && *end != ']'))
			goto bad;
		if ((d = replay_find(&c->rp->disposals, id, NULL)) == NULL) {
			snprintf(c->why, c->whylen, "entry %" PRIu64 ": it "
			    "reports disposal %" PRIu64 ", which the trail "
			    "never recorded", c->e->seq, id);
			return -1;
		}
		d->meeting = replay_text_u64(c->pl, "meeting");
		d->report_seq = c->e->seq;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
bad:
	snprintf(c->why, c->whylen, "entry %" PRIu64 ": its list of "
	    "disposals is malformed", c->e->seq);
	return -1;
}

/* A sign-off (text "head_seq:head_hash") or a corrigendum. */
static struct rp_minutes *
replay_minutes_add(struct rp_ctx *c, struct rp_list *l)
{
	struct rp_minutes *m;
	const char *who = c->e->signer ? c->e->signer : c->e->actor;

	/* Corrigenda are many per meeting: their key is the entry. */
	if ((m = replay_add(c->rp, l, l == &c->rp->corrigenda ? c->e->seq :
	    replay_text_u64(c->pl, "meeting"), who, c->e->seq)) == NULL)
		return NULL;
	m->meeting = replay_text_u64(c->pl, "meeting");
	return m;
}

/* minutes.correct: a corrigendum the chair signed. */
static int
replay_on_correct(struct rp_ctx *c)
{
	struct rp_minutes *m = replay_minutes_add(c, &c->rp->corrigenda);
	const char *t = replay_text_get(c->pl, "text");

	if (m != NULL)
		replay_set(c->rp, &m->text, t != NULL ? t : "");
	return 0;
}

/* minutes.sign names the head the chair read: the chain must have it. */
static int
replay_on_sign(struct rp_ctx *c)
{
	uint64_t head = replay_text_u64(c->pl, "head_seq");
	const char *hex = replay_text_get(c->pl, "head_hash");
	struct rp_minutes *m = replay_minutes_add(c, &c->rp->signoffs);
	struct replay *rp = c->rp;
	char have[65], *t = NULL;

	if (m != NULL) {
		if (asprintf(&t, "%" PRIu64 ":%s", head, hex ? hex : "") < 0)
			rp->nomem = true;
		free(m->text);
		m->text = t;
	}
	if (head == 0 || hex == NULL)
		return 0;
	if (head >= c->e->seq || head > rp->nhashes) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": the minutes "
		    "were signed at entry %" PRIu64 ", which does not precede "
		    "it", c->e->seq, head);
		return -1;
	}
	hex_encode(rp->hashes[head - 1], 32, have);
	if (strcmp(have, hex) != 0) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": the minutes "
		    "were signed at a head whose hash the chain does not have "
		    "at entry %" PRIu64, c->e->seq, head);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ N fixed */

/* True for the roles that count in N (RULES.md): secretary, deputy,
 * member. */
static bool
replay_role_votes(const char *role)
{
	return role != NULL && (strcmp(role, "secretary") == 0 ||
	    strcmp(role, "deputy") == 0 || strcmp(role, "member") == 0);
}

/*
 * meeting.open fixes N: the voting seats the trail's seat.add and
 * seat.remove entries hold at that point. The entry's "n" must be their
 * number; they are the meeting's voters from then on. 0, or -1 with why.
 */
static int
replay_fix_n(struct rp_ctx *c)
{
	struct rp_meeting *m = replay_find(&c->rp->meetings,
	    replay_text_u64(c->pl, "meeting"), NULL);
	const char *n = replay_text_get(c->pl, "n");
	long count = 0;
	size_t i;

	if (m == NULL)
		return 0;
	for (i = 0; i < c->rp->seats.n; i++) {
		struct rp_seat *s = (struct rp_seat *)c->rp->seats.p + i;

		if (s->removed || !replay_role_votes(s->role))
			continue;
		if (replay_add(c->rp, &c->rp->voters, m->key.k, s->key.s,
		    c->e->seq) == NULL)
			return 0;
		count++;
	}
	m->has_n = true;
	m->n_open = count;
	if (n != NULL && strtol(n, NULL, 10) != count) {
		snprintf(c->why, c->whylen, TR("第 %" PRIu64 " 条：会议 %" PRIu64
		    " 开会时应到人数记为 %s，而此前的席位记录有 %ld 个表决席位",
		    "entry %" PRIu64 ": meeting %" PRIu64 " opens with N = %s, "
		    "but the trail's seats before it hold %ld voting seats"),
		    c->e->seq, m->key.k, n, count);
		return -1;
	}
	return 0;
}

/* The meeting of the item an entry names, when its N is fixed; or NULL. */
static struct rp_meeting *
replay_fixed_meeting(struct rp_ctx *c)
{
	struct rp_item *it = replay_find(&c->rp->items,
	    replay_text_u64(c->pl, "item"), NULL);
	struct rp_meeting *m;

	if (it == NULL || it->meeting == 0 ||
	    (m = replay_find(&c->rp->meetings, it->meeting, NULL)) == NULL ||
	    !m->has_n)
		return NULL;
	return m;
}

/* statement, vote.cast: only the voters of the meeting's N (fixed when it
 * opened) state and vote (R-LAST-2, R-VOTE-6). 0, or -1 with why. */
static int
replay_check_voter(struct rp_ctx *c)
{
	struct rp_meeting *m = replay_fixed_meeting(c);
	const char *who = replay_text_get(c->pl, "member");

	if (m == NULL || who == NULL ||
	    replay_find(&c->rp->voters, m->key.k, who) != NULL)
		return 0;
	snprintf(c->why, c->whylen, TR("第 %" PRIu64 " 条：%s 在会议 %" PRIu64
	    " 中表态或投票，但开会时（第 %" PRIu64 " 条）不是表决席位",
	    "entry %" PRIu64 ": %s states or votes in meeting %" PRIu64 ", but "
	    "held no voting seat when it opened (entry %" PRIu64 ")"),
	    c->e->seq, who, m->key.k, m->when_seq[1]);
	return -1;
}

/* vote.close, item.decide: the item's N is the meeting's, fixed when it
 * opened, less its voters recused from the item (R-RECUSE-1). 0, or -1
 * with why. */
static int
replay_check_item_n(struct rp_ctx *c)
{
	struct rp_meeting *m = replay_fixed_meeting(c);
	const char *n = replay_text_get(c->pl, "n");
	uint64_t item = replay_text_u64(c->pl, "item");
	long want;
	size_t i;

	if (m == NULL || n == NULL)
		return 0;
	want = m->n_open;
	for (i = 0; i < c->rp->recusals.n; i++) {
		struct rp_note *r = (struct rp_note *)c->rp->recusals.p + i;

		if (r->key.k == item &&
		    replay_find(&c->rp->voters, m->key.k, r->key.s) != NULL)
			want--;
	}
	if (strtol(n, NULL, 10) == want)
		return 0;
	snprintf(c->why, c->whylen, TR("第 %" PRIu64 " 条：议题 %" PRIu64
	    " 按应到 %s 人计算，而会议开会时（第 %" PRIu64 " 条）确定的应到人数"
	    "（除去回避者）为 %ld", "entry %" PRIu64 ": item %" PRIu64
	    " was counted against N = %s, but the N fixed when its meeting "
	    "opened (entry %" PRIu64 "), less the recused, is %ld"),
	    c->e->seq, item, n, m->when_seq[1], want);
	return -1;
}

/* What fixing N at the opening holds an entry to (after the entry's own
 * replay). 0, or -1 with why. */
static int
replay_fixed_n(struct rp_ctx *c)
{
	const char *a = c->e->action;

	if (strcmp(a, "meeting.open") == 0)
		return replay_fix_n(c);
	if (strcmp(a, "statement") == 0 || strcmp(a, "vote.cast") == 0)
		return replay_check_voter(c);
	if (strcmp(a, "vote.close") == 0 || strcmp(a, "item.decide") == 0)
		return replay_check_item_n(c);
	return 0;
}

/* ------------------------------------------------------------ facts */

/*
 * What a decision depends on beyond the entry itself, as the trail
 * establishes it (issue 12): the body's profile and version (body.create),
 * its seats (seat.add, seat.remove). The server's tables hold copies a
 * database superuser can change; these checks hold the entries that used
 * them against the trail, and replay_cmp.c holds the record against it.
 */

/* body.create of this body: the profile and version its decisions are
 * taken under. (The instance's trail holds every body's: not this one's.) */
static int
replay_on_body(struct rp_ctx *c)
{
	struct replay *rp = c->rp;

	if (replay_text_u64(c->pl, "body") != rp->body)
		return 0;
	if (rp->profile_seq != 0) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": the body was "
		    "already created at entry %" PRIu64, c->e->seq,
		    rp->profile_seq);
		return -1;
	}
	rp->profile_seq = c->e->seq;
	replay_set(rp, &rp->profile, replay_text_get(c->pl, "profile"));
	replay_set(rp, &rp->profile_version, replay_text_get(c->pl,
	    "profile_version"));
	return 0;
}

/* vote.close, item.decide: the profile and version the entry says it
 * applied must be the body's, as its trail established them. */
static int
replay_on_profile(struct rp_ctx *c)
{
	const struct replay *rp = c->rp;
	const char *name = replay_text_get(c->pl, "profile"),
	    *ver = replay_text_get(c->pl, "profile_version");

	if (rp->profile == NULL)
		return 0;	/* a trail that never said */
	if (name != NULL && strcmp(name, rp->profile) == 0 &&
	    (rp->profile_version == NULL || (ver != NULL &&
	    strcmp(ver, rp->profile_version) == 0)))
		return 0;
	snprintf(c->why, c->whylen, "entry %" PRIu64 ": item %" PRIu64 " was "
	    "decided under profile %s v%s, but the body's trail established %s "
	    "v%s at entry %" PRIu64, c->e->seq, replay_text_u64(c->pl, "item"),
	    name ? name : "(none)", ver ? ver : "?", rp->profile,
	    rp->profile_version ? rp->profile_version : "?", rp->profile_seq);
	return -1;
}

/* seat.add, seat.remove (after replay_on_seat): the name shown, whether
 * the seat votes and since when, the secretary, how many seats vote. */
static int
replay_on_roster(struct rp_ctx *c)
{
	struct replay *rp = c->rp;
	const char *who = replay_text_get(c->pl, "identity");
	struct rp_seat *s = replay_find(&rp->seats, 0, who);
	bool voting;

	if (s == NULL)
		return 0;
	rp->roster_seq = c->e->seq;
	if (!s->removed && replay_text_get(c->pl, "display") != NULL)
		replay_set(rp, &s->display, replay_text_get(c->pl, "display"));
	voting = !s->removed && replay_role_votes(s->role);
	if (voting && !s->voting) {
		s->voting_from = c->e->seq;
		s->voting_to = 0;
		rp->nvoting++;
	} else if (!voting && s->voting) {
		s->voting_to = c->e->seq;
		rp->nvoting--;
	}
	s->voting = voting;
	if (!s->removed && s->role != NULL &&
	    strcmp(s->role, "secretary") == 0)
		replay_set(rp, &rp->secretary, s->key.s);
	else if (rp->secretary != NULL && strcmp(rp->secretary, s->key.s) == 0)
		replay_set(rp, &rp->secretary, NULL);
	return 0;
}

/* Whether who is of item it's electorate as the trail stands now (see
 * replay_int.h). */
bool
replay_elector(struct replay *rp, const struct rp_item *it, const char *who)
{
	const struct rp_seat *s = replay_find(&rp->seats, 0, who);
	const struct rp_meeting *m = replay_find(&rp->meetings, it->meeting,
	    NULL);
	const struct rp_att *a;

	if (s == NULL || !s->voting || (m != NULL && m->has_n &&
	    replay_find(&rp->voters, m->key.k, who) == NULL))
		return false;
	a = replay_find(&rp->atts, it->meeting, who);
	return a != NULL && strcmp(a->state, "present") == 0 &&
	    replay_find(&rp->recusals, it->key.k, who) == NULL;
}

/* vote.open: the electorate as the trail's seats, attendance and
 * recusals give it (R-VOTE-6: the present voting seats of N, fixed when
 * the meeting opened), for vote.close to be held against. */
static int
replay_on_electorate(struct rp_ctx *c)
{
	struct replay *rp = c->rp;
	struct rp_item *it = replay_find(&rp->items,
	    replay_text_u64(c->pl, "item"), NULL);
	const struct rp_seat *s = rp->seats.p;
	const struct rp_meeting *m;
	size_t i;

	if (it == NULL)
		return 0;
	m = replay_find(&rp->meetings, it->meeting, NULL);
	it->trail_electorate = 0;
	it->electorate_seq = c->e->seq;
	for (i = 0; i < rp->seats.n; i++) {
		const struct rp_att *a;

		if (!s[i].voting || (m != NULL && m->has_n &&
		    replay_find(&rp->voters, m->key.k, s[i].key.s) == NULL))
			continue;
		a = replay_find(&rp->atts, it->meeting, s[i].key.s);
		if (a != NULL && strcmp(a->state, "present") == 0 &&
		    replay_find(&rp->recusals, it->key.k, s[i].key.s) == NULL)
			it->trail_electorate++;
	}
	return 0;
}

/* vote.close: the electorate it counts is the one the trail gave. */
static int
replay_on_close_electorate(struct rp_ctx *c)
{
	struct rp_item *it = replay_find(&c->rp->items,
	    replay_text_u64(c->pl, "item"), NULL);
	const char *e = replay_text_get(c->pl, "electorate");

	/* A seat removed while the vote ran leaves it (tally.c): then the
	 * count at the opening is not the one to hold it against. */
	if (it == NULL || it->electorate_seq == 0 || e == NULL ||
	    c->rp->roster_seq > it->electorate_seq ||
	    replay_text_ll(c->pl, "electorate") == it->trail_electorate)
		return 0;
	snprintf(c->why, c->whylen, "entry %" PRIu64 ": the vote on item %"
	    PRIu64 " closed with an electorate of %s, but the trail's seats "
	    "and attendance gave %ld when it opened at entry %" PRIu64,
	    c->e->seq, it->key.k, e, it->trail_electorate, it->electorate_seq);
	return -1;
}

/* Parses a notice's record of the calendar days it counted ("YYYY-MM-DD:
 * holiday" or ":workday", comma separated, in day order) into x (room for
 * max). The count, or -1 when malformed. */
static int
replay_calendar_days(const char *s, struct rules_cal_exception *x,
    size_t max)
{
	char day[RULES_DAY_LEN];
	size_t n = 0;

	while (*s != '\0') {
		if (n == max || strlen(s) < 10 || s[10] != ':')
			return -1;
		memcpy(day, s, 10);
		day[10] = '\0';
		if (!rules_day_parse(day, &x[n].day))
			return -1;
		s += 11;
		if (strncmp(s, "holiday", 7) == 0)
			x[n].workday = false;
		else if (strncmp(s, "workday", 7) == 0)
			x[n].workday = true;
		else
			return -1;
		s += 7;
		if (*s == ',')
			s++;
		n++;
	}
	return (int)n;
}

/* The calendar an entry records (its "calendar" days) into *cal, its
 * exceptions malloc'd (the caller frees cal->exceptions); md, the day
 * counted from ("meeting_day"), into *mday. 0, or -1 when malformed or
 * absent (nothing to free). */
static int
replay_calendar_of(struct rp_ctx *c, struct rules_calendar *cal,
    int32_t *mday)
{
	const char *days = replay_text_get(c->pl, "calendar"),
	    *md = replay_text_get(c->pl, "meeting_day"), *q;
	struct rules_cal_exception *x;
	size_t max = 1;
	int n;

	memset(cal, 0, sizeof *cal);
	if (days == NULL || md == NULL || !rules_day_parse(md, mday))
		return -1;
	for (q = days; *q != '\0'; q++)
		max += *q == ',';
	if ((x = calloc(max, sizeof *x)) == NULL) {
		c->rp->nomem = true;
		return -1;
	}
	cal->exceptions = x;
	if ((n = replay_calendar_days(days, x, max)) >= 0) {
		cal->nexceptions = (size_t)n;
		if (rules_cal_valid(cal))
			return 0;
	}
	free(x);
	cal->exceptions = NULL;
	return -1;
}

/* meeting.notify: the last working day before the meeting, as the notice
 * says it counted it from the calendar days it lists, is what those days
 * give; and a notice the profile requires went out by then (R-NOTICE-1).
 * The days themselves are the instance's calendar.set entries (body 0). */
static int
replay_on_notice(struct rp_ctx *c)
{
	struct rules_calendar cal;
	const char *by = replay_text_get(c->pl, "notice_by"),
	    *md = replay_text_get(c->pl, "meeting_day"),
	    *date = replay_text_get(c->pl, "date");
	const struct rp_meeting *m = replay_find(&c->rp->meetings,
	    replay_text_u64(c->pl, "meeting"), NULL);
	const struct rules_profile *p = rules_profile_find(c->rp->profile);
	int32_t mday, last, nday, said;
	char want[RULES_DAY_LEN];

	if (by == NULL)
		return 0;	/* a notice that did not say */
	if (date == NULL || !rules_day_parse(by, &said) ||
	    !rules_day_parse(date, &nday) ||
	    replay_calendar_of(c, &cal, &mday) != 0) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": its record of "
		    "working days is malformed", c->e->seq);
		return -1;
	}
	last = rules_cal_prev_workday(&cal, mday);
	free((void *)cal.exceptions);
	if (last != said) {
		rules_day_format(last, want);
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": the notice "
		    "says the last working day before %s is %s, but the "
		    "calendar days it lists give %s", c->e->seq, md, by, want);
		return -1;
	}
	if (m != NULL && !m->urgent && p != NULL && p->notice_required &&
	    nday > last) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": the notice "
		    "went out on %s, after the last working day %s before the "
		    "meeting on %s (R-NOTICE-1)", c->e->seq, date, by, md);
		return -1;
	}
	return 0;
}

/* agenda.propose: the day proposals closed, as the entry says it counted
 * it back from the meeting over the calendar days it lists, is what the
 * profile's working days and those days give; and the item came by then
 * (R-AGENDA-4). */
static int
replay_on_deadline(struct rp_ctx *c)
{
	struct rules_calendar cal;
	const char *close = replay_text_get(c->pl, "proposals_close"),
	    *date = replay_text_get(c->pl, "date");
	const struct rules_profile *p = rules_profile_find(c->rp->profile);
	int32_t mday, last, pday, said;
	char want[RULES_DAY_LEN];

	if (close == NULL || p == NULL)
		return 0;	/* nothing counted, or nothing to count by */
	if (date == NULL || !rules_day_parse(close, &said) ||
	    !rules_day_parse(date, &pday) ||
	    replay_calendar_of(c, &cal, &mday) != 0) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": its record of "
		    "working days is malformed", c->e->seq);
		return -1;
	}
	last = rules_cal_add_workdays(&cal, mday, -p->proposal_deadline_days);
	free((void *)cal.exceptions);
	if (p->proposal_deadline_days <= 0 || last != said) {
		rules_day_format(last, want);
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": it says "
		    "proposals closed on %s, but %d working days of profile %s "
		    "before %s over the calendar days it lists give %s",
		    c->e->seq, close, p->proposal_deadline_days, p->name,
		    replay_text_get(c->pl, "meeting_day"), want);
		return -1;
	}
	if (pday > said) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": proposed on "
		    "%s, after proposals closed on %s (R-AGENDA-4)", c->e->seq,
		    date, close);
		return -1;
	}
	return 0;
}

/* True when seat s voted at entry seq (its last span as a voting seat). */
static bool
replay_voting_at(const struct rp_seat *s, uint64_t seq)
{
	return s->voting_from != 0 && s->voting_from < seq &&
	    (s->voting_to == 0 || s->voting_to > seq);
}

/* statement, vote.cast (after their handlers): only a voting seat of the
 * trail states, or votes (one that voted when the vote opened); and, in
 * the order the profile asks, nobody after the secretary (R-LAST-2, and
 * R-VOTE-8 for open ballots). */
static int
replay_on_seated(struct rp_ctx *c)
{
	struct replay *rp = c->rp;
	const char *who = replay_text_get(c->pl, "member");
	bool stmt = strcmp(c->e->action, "statement") == 0;
	struct rp_item *it = replay_find(&rp->items,
	    replay_text_u64(c->pl, "item"), NULL);
	const struct rp_seat *s = replay_find(&rp->seats, 0, who);
	const struct rules_profile *p = rules_profile_find(rp->profile);
	const struct rp_meeting *m;
	const struct rp_note *sec;

	if (who == NULL || it == NULL || rp->seats.n == 0)
		return 0;	/* no member named, or a trail with no seats */
	/* In a meeting whose opening fixed N, the voters of N state and
	 * vote (replay_check_voter), unless the trail since gave their seat
	 * a role that does not vote; else the seats now. */
	m = replay_find(&rp->meetings, it->meeting, NULL);
	if (m != NULL && m->has_n ? s != NULL && !s->removed &&
	    !replay_role_votes(s->role) : s == NULL || !(s->voting ||
	    (!stmt && it->open_seq != 0 &&
	    replay_voting_at(s, it->open_seq)))) {
		snprintf(c->why, c->whylen, "entry %" PRIu64 ": %s %s on item %"
		    PRIu64 " but holds no voting seat in the body's trail (%s)",
		    c->e->seq, who, stmt ? "stated" : "voted", it->key.k,
		    s == NULL ? "never seated" : s->removed ? "seat removed" :
		    s->role ? s->role : "?");
		return -1;
	}
	if (rp->secretary == NULL || strcmp(who, rp->secretary) == 0 ||
	    (stmt && (p == NULL || !p->last_speaker)) ||
	    (!stmt && replay_text_get(c->pl, "choice") == NULL))
		return 0;
	sec = replay_find(stmt ? &rp->stmts : &rp->ballots, it->key.k,
	    rp->secretary);
	if (sec == NULL || sec->key.entry >= c->e->seq)
		return 0;
	snprintf(c->why, c->whylen, "entry %" PRIu64 ": %s %s on item %" PRIu64
	    " after the secretary %s did at entry %" PRIu64 " (%s)", c->e->seq,
	    who, stmt ? "stated" : "voted", it->key.k, rp->secretary,
	    sec->key.entry, stmt ? "R-LAST-2" : "R-VOTE-8");
	return -1;
}

/* What each action does to the record. */
static const struct {
	const char *action;
	int (*fn)(struct rp_ctx *);
} replay_actions[] = {
	{ "seat.add", replay_on_seat },
	{ "seat.remove", replay_on_seat },
	{ "meeting.schedule", replay_on_schedule },
	{ "meeting.notify", replay_on_meeting },
	{ "meeting.open", replay_on_meeting },
	{ "meeting.close", replay_on_meeting },
	{ "meeting.delegate", replay_on_meeting },
	{ "leave.request", replay_on_attend },
	{ "leave.approve", replay_on_attend },
	{ "attendance.mark", replay_on_attend },
	{ "attendance.checkin", replay_on_attend },
	{ "attendance.checkout", replay_on_attend },
	{ "agenda.propose", replay_on_propose },
	{ "agenda.approve", replay_on_item },
	{ "agenda.withdraw", replay_on_item },
	{ "item.start", replay_on_item },
	{ "statement", replay_on_note },
	{ "dissent.file", replay_on_note },
	{ "opinion.submit", replay_on_note },
	{ "recuse", replay_on_note },
	{ "observer.admit", replay_on_note },
	{ "decision.ack", replay_on_note },
	{ "vote.open", replay_on_vote },
	{ "vote.cast", replay_on_vote },
	{ "vote.close", replay_on_vote },
	{ "item.decide", replay_on_vote },
	{ "item.defer", replay_on_vote },
	{ "item.supersede", replay_on_supersede },
	{ "followup.assign", replay_on_task },
	{ "followup.report", replay_on_task },
	{ "disposal.record", replay_on_disposal },
	{ "disposal.report", replay_on_disposal },
	{ "minutes.sign", replay_on_sign },
	{ "minutes.correct", replay_on_correct },
	/* What decisions depend on, held against what the trail established
	 * (after the entry's own handler above). */
	{ "body.create", replay_on_body },
	{ "seat.add", replay_on_roster },
	{ "seat.remove", replay_on_roster },
	{ "meeting.notify", replay_on_notice },
	{ "agenda.propose", replay_on_deadline },
	{ "statement", replay_on_seated },
	{ "vote.open", replay_on_electorate },
	{ "vote.open", replay_ballot_open },
	{ "vote.key", replay_ballot_key },
	{ "vote.count", replay_ballot_count },
	{ "vote.decrypt", replay_ballot_decrypt },
	{ "vote.void", replay_ballot_void },
	{ "vote.cast", replay_on_seated },
	{ "vote.close", replay_on_profile },
	{ "vote.close", replay_on_close_electorate },
	{ "item.decide", replay_on_profile },
};

/* The instance the trail is of (see replay.h). */
void
replay_instance(struct replay *rp, const char *instance)
{
	snprintf(rp->instance, sizeof rp->instance, "%s", instance);
}

/* Feeds the next entry (see replay.h). */
int
replay_entry(struct replay *rp, const Yishi__TrailEntry *e, char *why,
    size_t whylen)
{
	struct replay_text pl;
	struct rp_ctx c = { rp, e, &pl, why, whylen };
	size_t i;
	int rc = -1;

	if (rp->nhashes == rp->caphashes) {
		size_t cap = rp->caphashes ? rp->caphashes * 2 : 1024;
		void *p = realloc(rp->hashes, cap * 32);

		if (p == NULL) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		rp->hashes = p;
		rp->caphashes = cap;
	}
	if (e->hash.len == 32)
		memcpy(rp->hashes[rp->nhashes], e->hash.data, 32);
	rp->nhashes++;
	if (replay_text_json(e->payload, &pl) != 0) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条：%s", "entry %" PRIu64
		    ": %s"), e->seq, replay_refusal(pl.error));
		goto out;
	}
	if (e->signature.len != 0 &&
	    (replay_signed(rp, e, &pl, why, whylen) != 0 ||
	    replay_bound(rp, e, why, whylen) != 0))
		goto out;
	if (strcmp(e->action, "seat.add") == 0 ||
	    strcmp(e->action, "identity.certificate") == 0)
		(void)replay_on_cert(rp, e, &pl);
	for (i = 0; i < sizeof replay_actions / sizeof replay_actions[0]; i++)
		if (strcmp(replay_actions[i].action, e->action) == 0 &&
		    replay_actions[i].fn(&c) != 0)
			goto out;
	if (replay_fixed_n(&c) != 0)
		goto out;
	if (rp->nomem) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	replay_text_free(&pl);
	return rc;
}

/* The seat role identity holds or last held in the body (see replay.h). */
const char *
replay_role(const struct replay *rp, const char *identity)
{
	const struct rp_seat *s = replay_find((struct rp_list *)&rp->seats, 0,
	    identity);

	return s != NULL ? s->role : NULL;
}

/* Whether the trail ever registered certificate fp for identity (see
 * replay.h). */
bool
replay_registered(const struct replay *rp, const char *identity,
    const char *fp)
{
	char key[200];

	if (strlen(identity) > 128 || strlen(fp) != 64)
		return false;
	snprintf(key, sizeof key, "%s\n%s", identity, fp);
	return replay_find((struct rp_list *)&rp->certs, 1, key) != NULL;
}

/* What was replayed, for the report. */
void
replay_counts(const struct replay *rp, struct replay_counts *c)
{
	const struct rp_item *it = rp->items.p;
	size_t i;

	memset(c, 0, sizeof *c);
	c->meetings = rp->meetings.n;
	c->attendance = rp->atts.n;
	c->statements = rp->stmts.n;
	c->ballots = rp->ballots.n;
	c->dissents = rp->dissents.n;
	c->opinions = rp->opinions.n;
	c->recusals = rp->recusals.n;
	c->observers = rp->observers.n;
	c->acks = rp->acks.n;
	c->tasks = rp->tasks.n;
	c->reports = rp->reports.n;
	c->disposals = rp->disposals.n;
	c->signoffs = rp->signoffs.n;
	c->corrigenda = rp->corrigenda.n;
	c->secret_rounds = rp->rounds;
	c->secret_checked = rp->ballots_checked;
	for (i = 0; i < rp->items.n; i++) {
		c->items += it[i].proposed;
		c->secret += it[i].casts;
		c->votes += it[i].closed;
		c->decisions += it[i].decide_seq != 0;
	}
}
