/* replay.c: the record a trail says, against the record reported (see
 * replay.h). */
#include "replay.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign.h"

#define REPLAY_KEYS 48		/* members of one payload, at most */

/* A flat JSON object or a canonical signed text, decoded. */
struct replay_obj {
	char	*buf;		/* keys and values, NUL-terminated */
	size_t	 used, cap;
	int	 n;
	const char *key[REPLAY_KEYS];
	const char *val[REPLAY_KEYS];	/* NULL: JSON null */
};

struct rp_item {
	uint64_t id, meeting;
	char	*method;	/* of vote.open, or NULL */
	uint64_t open_seq;
	unsigned casts;		/* secret ballots cast */
	uint64_t last_cast;
	bool	 closed;
	uint64_t close_seq;
	char	*outcome;
	long	 yes, no, abstain, not_voting;
	uint64_t decide_seq;	/* item.decide or item.defer */
	char	*decided;	/* "decided" or "deferred" */
	char	*text;
};

struct rp_note {		/* a statement, an open ballot or a dissent */
	uint64_t item, entry;
	long	 seq;
	char	*member, *a, *b;	/* position/text, choice/entered_by,
					   text/reported_to_higher */
};

struct rp_meeting {
	uint64_t id, close_seq;
};

struct rp_minutes {		/* a sign-off or a corrigendum */
	uint64_t meeting, entry;
	char	*member, *text;	/* sign-off: text is head_seq:head_hash */
};

struct rp_list {
	void	*p;
	size_t	 n, cap;
};

struct replay {
	uint64_t body;
	uint8_t	(*hashes)[32];	/* by seq - 1 */
	size_t	 nhashes, caphashes;
	struct rp_list items, stmts, ballots, dissents, meetings;
	struct rp_list signoffs, corrigenda;
	bool	 nomem;
};

/* ------------------------------------------------------------ decoding */

/* Appends n bytes and a NUL to o's buffer; returns where, or NULL. */
static char *
replay_obj_put(struct replay_obj *o, const char *s, size_t n)
{
	char *p;

	if (o->used + n + 1 > o->cap)
		return NULL;
	p = o->buf + o->used;
	memcpy(p, s, n);
	p[n] = '\0';
	o->used += n + 1;
	return p;
}

/* Starts o for text of length len. */
static int
replay_obj_init(struct replay_obj *o, size_t len)
{
	memset(o, 0, sizeof *o);
	o->cap = len + 2 * REPLAY_KEYS + 8;
	if ((o->buf = malloc(o->cap)) == NULL)
		return -1;
	return 0;
}

/* The value of key in o: its text, "" for JSON null; NULL when absent. */
static const char *
replay_get(const struct replay_obj *o, const char *key)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->key[i], key) == 0)
			return o->val[i] != NULL ? o->val[i] : "";
	return NULL;
}

/* Writes code point c as UTF-8 at *q. */
static void
replay_utf8(char **q, unsigned long c)
{
	char *p = *q;

	if (c < 0x80) {
		*p++ = (char)c;
	} else if (c < 0x800) {
		*p++ = (char)(0xc0 | (c >> 6));
		*p++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*p++ = (char)(0xe0 | (c >> 12));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (char)(0x80 | (c & 0x3f));
	} else {
		*p++ = (char)(0xf0 | (c >> 18));
		*p++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (char)(0x80 | (c & 0x3f));
	}
	*q = p;
}

/* Reads 4 hex digits; -1 when they are not. */
static long
replay_hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Decodes the JSON string at *s (at its opening quote) into o; returns the
 * decoded text, or NULL when malformed. */
static const char *
replay_json_string(struct replay_obj *o, const char **s)
{
	const char *p = *s + 1;
	char *out = o->buf + o->used, *q = out;
	long c, lo;

	for (;;) {
		if (*p == '\0')
			return NULL;
		if (*p == '"')
			break;
		if (*p != '\\') {
			*q++ = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/':
			*q++ = *p;
			break;
		case 'b': *q++ = '\b'; break;
		case 'f': *q++ = '\f'; break;
		case 'n': *q++ = '\n'; break;
		case 'r': *q++ = '\r'; break;
		case 't': *q++ = '\t'; break;
		case 'u':
			if ((c = replay_hex4(p + 1)) < 0)
				return NULL;
			p += 4;
			if (c >= 0xd800 && c < 0xdc00 && p[1] == '\\' &&
			    p[2] == 'u' && (lo = replay_hex4(p + 3)) >= 0xdc00 &&
			    lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			replay_utf8(&q, (unsigned long)c);
			break;
		default:
			return NULL;
		}
		p++;
	}
	*q = '\0';
	o->used += (size_t)(q - out) + 1;
	*s = p + 1;
	return out;
}

/* Skips a JSON value that is not a string (number, literal, nested) and
 * returns its raw text copied into o, or NULL when malformed. */
static const char *
replay_json_raw(struct replay_obj *o, const char **s)
{
	const char *p = *s, *start = *s;
	int depth = 0;
	bool str = false;

	for (; *p != '\0'; p++) {
		if (str) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				str = false;
			continue;
		}
		if (*p == '"')
			str = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				break;
			depth--;
		} else if (*p == ',' && depth == 0)
			break;
	}
	if (depth != 0 || str || p == start)
		return NULL;
	*s = p;
	return replay_obj_put(o, start, (size_t)(p - start));
}

/* Parses a flat JSON object (the payloads of server/json.c). 0 or -1. */
static int
replay_json(const char *s, struct replay_obj *o)
{
	if (replay_obj_init(o, strlen(s)) != 0)
		return -1;
	if (*s++ != '{')
		return -1;
	if (*s == '}')
		return s[1] == '\0' ? 0 : -1;
	for (;;) {
		const char *k, *v;

		if (*s != '"' || (k = replay_json_string(o, &s)) == NULL ||
		    *s++ != ':')
			return -1;
		if (*s == '"')
			v = replay_json_string(o, &s);
		else if (strncmp(s, "null", 4) == 0 && (s[4] == ',' ||
		    s[4] == '}')) {
			v = NULL;
			s += 4;
		} else if ((v = replay_json_raw(o, &s)) == NULL)
			return -1;
		if (v == NULL && s[-1] == '"')
			return -1;
		if (o->n == REPLAY_KEYS)
			return -1;
		o->key[o->n] = k;
		o->val[o->n++] = v;
		if (*s == '}')
			return s[1] == '\0' ? 0 : -1;
		if (*s++ != ',')
			return -1;
	}
}

/* Reads NAME "=" LEN ":" VALUE "\n" at *s into o. 0 or -1. */
static int
replay_canon_field(struct replay_obj *o, const char **s)
{
	const char *p = *s, *eq = strchr(p, '='), *k, *v;
	char *end;
	unsigned long long n;

	if (eq == NULL || eq == p || o->n == REPLAY_KEYS)
		return -1;
	if ((k = replay_obj_put(o, p, (size_t)(eq - p))) == NULL ||
	    strchr(k, '\n') != NULL)
		return -1;
	if (eq[1] < '0' || eq[1] > '9')
		return -1;
	n = strtoull(eq + 1, &end, 10);
	if (*end != ':' || strlen(end + 1) < n + 1 || end[1 + n] != '\n')
		return -1;
	if ((v = replay_obj_put(o, end + 1, (size_t)n)) == NULL ||
	    strlen(v) != n)
		return -1;
	o->key[o->n] = k;
	o->val[o->n++] = v;
	*s = end + 2 + n;
	return 0;
}

/* Parses canonical signed bytes (proto/sign.h); "action" is the first
 * member. 0 or -1. */
static int
replay_canon(const char *s, struct replay_obj *o)
{
	static const char magic[] = "yishi-sign-v1\n";

	if (replay_obj_init(o, strlen(s)) != 0)
		return -1;
	if (strncmp(s, magic, sizeof magic - 1) != 0)
		return -1;
	s += sizeof magic - 1;
	while (*s != '\0')
		if (replay_canon_field(o, &s) != 0)
			return -1;
	return o->n >= 1 && strcmp(o->key[0], "action") == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ the model */

/* Returns a new zeroed element of list l, NULL when out of memory. */
static void *
replay_push(struct replay *rp, struct rp_list *l, size_t size)
{
	char *p;

	if (l->n == l->cap) {
		size_t cap = l->cap != 0 ? l->cap * 2 : 16;

		if ((p = realloc(l->p, cap * size)) == NULL) {
			rp->nomem = true;
			return NULL;
		}
		l->p = p;
		l->cap = cap;
	}
	p = (char *)l->p + l->n++ * size;
	memset(p, 0, size);
	return p;
}

/* A copy of s (NULL stays NULL; out of memory is remembered). */
static char *
replay_dup(struct replay *rp, const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		rp->nomem = true;
	return p;
}

/* A new replay of body's trail. */
struct replay *
replay_new(uint64_t body)
{
	struct replay *rp = calloc(1, sizeof *rp);

	if (rp != NULL)
		rp->body = body;
	return rp;
}

/* Frees the notes of a list. */
static void
replay_free_notes(struct rp_list *l)
{
	struct rp_note *v = l->p;
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(v[i].member);
		free(v[i].a);
		free(v[i].b);
	}
	free(l->p);
}

static uint64_t replay_u64(const struct replay_obj *o, const char *key);

/* Frees the sign-offs or corrigenda of a list. */
static void
replay_free_minutes(struct rp_list *l)
{
	struct rp_minutes *v = l->p;
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(v[i].member);
		free(v[i].text);
	}
	free(l->p);
}

/* Records a sign-off (text: "head_seq:head_hash") or a corrigendum. */
static void
replay_add_minutes(struct replay *rp, struct rp_list *l,
    const Yishi__TrailEntry *e, const struct replay_obj *pl, bool signoff)
{
	struct rp_minutes *m = replay_push(rp, l, sizeof *m);
	char *t = NULL;
	const char *h = replay_get(pl, "head_hash");

	if (m == NULL)
		return;
	m->meeting = replay_u64(pl, "meeting");
	m->entry = e->seq;
	m->member = replay_dup(rp, e->signer ? e->signer : e->actor);
	if (!signoff)
		m->text = replay_dup(rp, replay_get(pl, "text") ?
		    replay_get(pl, "text") : "");
	else if (asprintf(&t, "%" PRIu64 ":%s", replay_u64(pl, "head_seq"),
	    h ? h : "") < 0)
		rp->nomem = true;
	else
		m->text = t;
}

/* Frees a replay; NULL is a no-op. */
void
replay_free(struct replay *rp)
{
	struct rp_item *it;
	size_t i;

	if (rp == NULL)
		return;
	it = rp->items.p;
	for (i = 0; i < rp->items.n; i++) {
		free(it[i].method);
		free(it[i].outcome);
		free(it[i].decided);
		free(it[i].text);
	}
	free(rp->items.p);
	replay_free_notes(&rp->stmts);
	replay_free_notes(&rp->ballots);
	replay_free_notes(&rp->dissents);
	free(rp->meetings.p);
	replay_free_minutes(&rp->signoffs);
	replay_free_minutes(&rp->corrigenda);
	free(rp->hashes);
	free(rp);
}

/* The item with this id, created when asked; NULL when absent. */
static struct rp_item *
replay_item(struct replay *rp, uint64_t id, bool create)
{
	struct rp_item *v = rp->items.p;
	size_t i;

	for (i = rp->items.n; i > 0; i--)
		if (v[i - 1].id == id)
			return &v[i - 1];
	if (!create || (v = replay_push(rp, &rp->items, sizeof *v)) == NULL)
		return NULL;
	v->id = id;
	return v;
}

/* The note of member on item in list l, or NULL. */
static struct rp_note *
replay_note(struct rp_list *l, uint64_t item, const char *member)
{
	struct rp_note *v = l->p;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (v[i].item == item && strcmp(v[i].member, member) == 0)
			return &v[i];
	return NULL;
}

/* A payload's unsigned integer member, 0 when absent. */
static uint64_t
replay_u64(const struct replay_obj *o, const char *key)
{
	const char *s = replay_get(o, key);

	return s != NULL ? strtoull(s, NULL, 10) : 0;
}

/* The signed action that goes with a trail action, or NULL when unknown. */
static const char *
replay_signed_action(const char *action)
{
	static const char *const map[][2] = {
		{ "statement", "statement" }, { "vote.cast", "vote" },
		{ "dissent.file", "dissent" }, { "minutes.sign", "minutes_sign" },
		{ "minutes.correct", "minutes_correct" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], action) == 0)
			return map[i][1];
	return NULL;
}

/*
 * Checks that what a member signed is what the entry's payload says: every
 * signed field against the payload member of the same name (the body and,
 * for a known item, the meeting against the trail), and the signer against
 * the member or whoever entered the vote. 0, or -1 with why.
 */
static int
replay_signed(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_obj *pl, char *why, size_t whylen)
{
	struct replay_obj sg;
	const char *want = replay_signed_action(e->action), *member = NULL,
	    *entered = NULL;
	struct rp_item *it;
	char num[32];
	int i, rc = -1;

	if (replay_canon(e->signed_, &sg) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": the signed bytes are "
		    "not a canonical signed text", e->seq);
		goto out;
	}
	if (want != NULL && strcmp(sg.val[0], want) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": a %s entry carries a "
		    "signature over a %s", e->seq, e->action, sg.val[0]);
		goto out;
	}
	for (i = 1; i < sg.n; i++) {
		const char *k = sg.key[i], *v = sg.val[i], *p;

		if (strcmp(k, "body") == 0) {
			snprintf(num, sizeof num, "%" PRIu64, e->body);
			p = num;
		} else if (strcmp(k, "meeting") == 0 &&
		    replay_get(pl, "meeting") == NULL) {
			it = replay_item(rp, replay_u64(pl, "item"), false);
			if (it == NULL || it->meeting == 0)
				continue;	/* nothing to hold it against */
			snprintf(num, sizeof num, "%" PRIu64, it->meeting);
			p = num;
		} else if (strcmp(k, "member") == 0 &&
		    replay_get(pl, "member") == NULL) {
			p = e->signer;
		} else if ((p = replay_get(pl, k)) == NULL) {
			snprintf(why, whylen, "entry %" PRIu64 ": it signs %s "
			    "but its payload has none", e->seq, k);
			goto out;
		}
		if (strcmp(p, v) != 0) {
			snprintf(why, whylen, "entry %" PRIu64 ": the payload "
			    "says %s is \"%s\" but %s signed \"%s\"", e->seq, k,
			    p, e->signer, v);
			goto out;
		}
		if (strcmp(k, "member") == 0)
			member = v;
		else if (strcmp(k, "entered_by") == 0 && v[0] != '\0')
			entered = v;
	}
	if (entered != NULL ? strcmp(entered, e->signer) != 0 :
	    member != NULL && strcmp(member, e->signer) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": signed by %s on behalf "
		    "of %s", e->seq, e->signer, entered ? entered : member);
		goto out;
	}
	rc = 0;
out:
	free(sg.buf);
	return rc;
}

/* Records a note (statement, ballot, dissent) from entry e. */
static void
replay_add_note(struct replay *rp, struct rp_list *l,
    const Yishi__TrailEntry *e, const struct replay_obj *pl, const char *a,
    const char *b)
{
	struct rp_note *n = replay_push(rp, l, sizeof *n);
	const char *s;

	if (n == NULL)
		return;
	n->item = replay_u64(pl, "item");
	n->entry = e->seq;
	n->seq = (s = replay_get(pl, "seq")) != NULL ? atol(s) : 0;
	n->member = replay_dup(rp, replay_get(pl, "member"));
	n->a = replay_dup(rp, a != NULL ? replay_get(pl, a) : "");
	n->b = replay_dup(rp, b != NULL ? replay_get(pl, b) : "");
	if (n->member == NULL)
		n->member = replay_dup(rp, "");
	if (n->a == NULL)
		n->a = replay_dup(rp, "");
	if (n->b == NULL)
		n->b = replay_dup(rp, "");
}

/* A minutes sign-off names the head the chair read: the chain must have it. */
static int
replay_signoff(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_obj *pl, char *why, size_t whylen)
{
	uint64_t head = replay_u64(pl, "head_seq");
	const char *hex = replay_get(pl, "head_hash");
	char have[65];

	replay_add_minutes(rp, &rp->signoffs, e, pl, true);
	if (head == 0 || hex == NULL)
		return 0;
	if (head >= e->seq || head > rp->nhashes) {
		snprintf(why, whylen, "entry %" PRIu64 ": the minutes were "
		    "signed at entry %" PRIu64 ", which does not precede it",
		    e->seq, head);
		return -1;
	}
	sign_hex(rp->hashes[head - 1], 32, have);
	if (strcmp(have, hex) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": the minutes were "
		    "signed at a head whose hash the chain does not have at "
		    "entry %" PRIu64, e->seq, head);
		return -1;
	}
	return 0;
}

/* Applies a vote or decision entry to its item. */
static void
replay_item_change(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_obj *pl)
{
	struct rp_item *it = replay_item(rp, replay_u64(pl, "item"), true);
	const char *a = e->action, *s;

	if (it == NULL)
		return;
	if (strcmp(a, "vote.open") == 0) {
		free(it->method);
		it->method = replay_dup(rp, replay_get(pl, "method"));
		it->open_seq = e->seq;
	} else if (strcmp(a, "vote.cast") == 0) {
		it->casts++;
		it->last_cast = e->seq;
	} else if (strcmp(a, "vote.close") == 0) {
		it->closed = true;
		it->close_seq = e->seq;
		free(it->outcome);
		it->outcome = replay_dup(rp, replay_get(pl, "outcome"));
		it->yes = (s = replay_get(pl, "yes")) ? atol(s) : 0;
		it->no = (s = replay_get(pl, "no")) ? atol(s) : 0;
		it->abstain = (s = replay_get(pl, "abstain")) ? atol(s) : 0;
		it->not_voting = (s = replay_get(pl, "not_voting")) ? atol(s) :
		    0;
	} else {
		bool defer = strcmp(a, "item.defer") == 0;

		it->decide_seq = e->seq;
		free(it->decided);
		free(it->text);
		it->decided = replay_dup(rp, defer ? "deferred" : "decided");
		it->text = replay_dup(rp, replay_get(pl, defer ? "reason" :
		    "text"));
	}
}

/* Feeds the next entry (see replay.h). */
int
replay_entry(struct replay *rp, const Yishi__TrailEntry *e, char *why,
    size_t whylen)
{
	struct replay_obj pl;
	const char *a = e->action;
	struct rp_item *it;
	struct rp_meeting *m;
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
	if (replay_json(e->payload, &pl) != 0) {
		free(pl.buf);
		snprintf(why, whylen, "entry %" PRIu64 ": the payload is not a "
		    "JSON object", e->seq);
		return -1;
	}
	if (e->signature.len != 0 &&
	    replay_signed(rp, e, &pl, why, whylen) != 0)
		goto out;
	if (replay_get(&pl, "item") != NULL &&
	    replay_get(&pl, "meeting") != NULL &&
	    (it = replay_item(rp, replay_u64(&pl, "item"), true)) != NULL &&
	    it->meeting == 0)
		it->meeting = replay_u64(&pl, "meeting");
	if (strcmp(a, "statement") == 0)
		replay_add_note(rp, &rp->stmts, e, &pl, "position", "text");
	else if (strcmp(a, "vote.cast") == 0 &&
	    replay_get(&pl, "choice") != NULL)
		replay_add_note(rp, &rp->ballots, e, &pl, "choice",
		    "entered_by");
	else if (strcmp(a, "dissent.file") == 0)
		replay_add_note(rp, &rp->dissents, e, &pl, "text",
		    "reported_to_higher");
	else if (strcmp(a, "minutes.sign") == 0 &&
	    replay_signoff(rp, e, &pl, why, whylen) != 0)
		goto out;
	else if (strcmp(a, "minutes.correct") == 0)
		replay_add_minutes(rp, &rp->corrigenda, e, &pl, false);
	else if (strcmp(a, "meeting.close") == 0 &&
	    (m = replay_push(rp, &rp->meetings, sizeof *m)) != NULL) {
		m->id = replay_u64(&pl, "meeting");
		m->close_seq = e->seq;
	}
	if ((strcmp(a, "vote.cast") == 0 && replay_get(&pl, "choice") ==
	    NULL) || strcmp(a, "vote.open") == 0 ||
	    strcmp(a, "vote.close") == 0 || strcmp(a, "item.decide") == 0 ||
	    strcmp(a, "item.defer") == 0)
		replay_item_change(rp, e, &pl);
	if (rp->nomem) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(pl.buf);
	return rc;
}

/* ------------------------------------------------------------ comparing */

/* The first disagreement found so far: the lowest entry, else a row. */
struct rp_verdict {
	bool	 found;
	uint64_t seq;		/* 0: a row with no entry */
	char	 why[512];
};

/* Records a disagreement with entry seq (0: a row); keeps the earliest. */
static void __attribute__((format(printf, 3, 4)))
replay_fail(struct rp_verdict *v, uint64_t seq, const char *fmt, ...)
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

/* The items of the record, flattened. */
struct rp_record {
	Yishi__Item **items;
	size_t n;
};

/* The record's item with this id, or NULL. */
static Yishi__Item *
replay_record_item(const struct rp_record *r, uint64_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->items[i]->id == id)
			return r->items[i];
	return NULL;
}

/* Statements: each one the trail has, as it has it, and no other. */
static void
replay_cmp_statements(struct replay *rp, const struct rp_record *r,
    struct rp_verdict *v)
{
	struct rp_note *s = rp->stmts.p;
	size_t i, k;

	for (i = 0; i < rp->stmts.n; i++) {
		Yishi__Item *x = replay_record_item(r, s[i].item);
		Yishi__Statement *y = NULL;

		for (k = 0; x != NULL && k < x->n_statements && y == NULL; k++)
			if (strcmp(x->statements[k]->member, s[i].member) == 0)
				y = x->statements[k];
		if (y == NULL) {
			replay_fail(v, s[i].entry, "the statement of %s on item "
			    "%" PRIu64 " is missing from the record",
			    s[i].member, s[i].item);
			continue;
		}
		if (strcmp(y->position, s[i].a) != 0 ||
		    strcmp(y->text, s[i].b) != 0 ||
		    (s[i].seq != 0 && (long)y->seq != s[i].seq))
			replay_fail(v, s[i].entry, "the record has %s stating "
			    "\"%s\" (\"%s\", #%u) on item %" PRIu64 ", the "
			    "trail \"%s\" (\"%s\", #%ld)", s[i].member,
			    y->position, y->text, y->seq, s[i].item, s[i].a,
			    s[i].b, s[i].seq);
	}
	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->items[i]->n_statements; k++)
			if (replay_note(&rp->stmts, r->items[i]->id,
			    r->items[i]->statements[k]->member) == NULL)
				replay_fail(v, 0, "statements: the row of %s on "
				    "item %" PRIu64 " has no trail entry",
				    r->items[i]->statements[k]->member,
				    r->items[i]->id);
}

/* Open ballots: who chose what, as the trail has it, and no other. */
static void
replay_cmp_ballots(struct replay *rp, const struct rp_record *r,
    struct rp_verdict *v)
{
	struct rp_note *b = rp->ballots.p;
	size_t i, k;

	for (i = 0; i < rp->ballots.n; i++) {
		Yishi__Item *x = replay_record_item(r, b[i].item);
		Yishi__Ballot *y = NULL;

		for (k = 0; x != NULL && x->vote != NULL &&
		    k < x->vote->n_ballots && y == NULL; k++)
			if (strcmp(x->vote->ballots[k]->member,
			    b[i].member) == 0)
				y = x->vote->ballots[k];
		if (y == NULL) {
			replay_fail(v, b[i].entry, "the ballot of %s on item "
			    "%" PRIu64 " is missing from the record",
			    b[i].member, b[i].item);
			continue;
		}
		if (strcmp(y->choice, b[i].a) != 0 ||
		    strcmp(y->entered_by, b[i].b) != 0)
			replay_fail(v, b[i].entry, "the record has %s voting "
			    "\"%s\" on item %" PRIu64 ", the trail \"%s\"",
			    b[i].member, y->choice, b[i].item, b[i].a);
	}
	for (i = 0; i < r->n; i++) {
		const Yishi__Vote *x = r->items[i]->vote;

		for (k = 0; x != NULL && k < x->n_ballots; k++)
			if (replay_note(&rp->ballots, r->items[i]->id,
			    x->ballots[k]->member) == NULL)
				replay_fail(v, 0, "ballots: the row of %s on "
				    "item %" PRIu64 " has no trail entry",
				    x->ballots[k]->member, r->items[i]->id);
	}
}

/* Counts the open ballots of item by choice. */
static void
replay_tally(const struct replay *rp, uint64_t item, long n[3])
{
	const struct rp_note *b = rp->ballots.p;
	size_t i;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; i < rp->ballots.n; i++) {
		if (b[i].item != item)
			continue;
		if (strcmp(b[i].a, "yes") == 0)
			n[0]++;
		else if (strcmp(b[i].a, "no") == 0)
			n[1]++;
		else if (strcmp(b[i].a, "abstain") == 0)
			n[2]++;
	}
}

/* One item's vote: method, counts (secret: only how many), result. */
static void
replay_cmp_vote(struct replay *rp, const struct rp_item *it,
    const Yishi__Item *x, struct rp_verdict *v)
{
	const Yishi__Vote *y = x->vote;
	bool secret = it->method != NULL && strcmp(it->method, "secret") == 0;
	long n[3], cast;
	uint64_t at = it->closed ? it->close_seq : it->last_cast ?
	    it->last_cast : it->open_seq;

	if (y == NULL || strcmp(y->method, it->method) != 0) {
		replay_fail(v, it->open_seq, "the record has no %s vote on "
		    "item %" PRIu64, it->method, it->id);
		return;
	}
	if (secret) {
		n[0] = n[1] = n[2] = 0;
		cast = (long)it->casts;
	} else {
		replay_tally(rp, it->id, n);
		cast = n[0] + n[1] + n[2];
	}
	if (it->closed && (strcmp(y->state, "closed") != 0 ||
	    strcmp(y->outcome, it->outcome ? it->outcome : "") != 0)) {
		replay_fail(v, it->close_seq, "the record has the vote on item "
		    "%" PRIu64 " %s (%s), the trail closed it as %s", it->id,
		    y->state, y->outcome, it->outcome);
		return;
	}
	if (it->closed && (it->yes + it->no + it->abstain != cast ||
	    (!secret && (it->yes != n[0] || it->no != n[1] ||
	    it->abstain != n[2])))) {
		replay_fail(v, it->close_seq, "the result closing item %"
		    PRIu64 " (%ld/%ld/%ld) is not the count of its %ld "
		    "ballots", it->id, it->yes, it->no, it->abstain, cast);
		return;
	}
	if (it->closed && ((long)y->yes != it->yes || (long)y->no != it->no ||
	    (long)y->abstain != it->abstain)) {
		replay_fail(v, it->close_seq, "the record counts %u yes, %u "
		    "no, %u abstain on item %" PRIu64 ", the trail %ld, %ld, %ld",
		    y->yes, y->no, y->abstain, it->id, it->yes, it->no,
		    it->abstain);
		return;
	}
	if (!it->closed && !secret && ((long)y->yes != n[0] ||
	    (long)y->no != n[1] || (long)y->abstain != n[2]))
		replay_fail(v, at, "the record counts %u yes, %u no, %u "
		    "abstain on item %" PRIu64 ", the ballots %ld, %ld, %ld",
		    y->yes, y->no, y->abstain, it->id, n[0], n[1], n[2]);
	if ((long)y->electorate - (long)y->not_voting != cast)
		replay_fail(v, at, "the record has %u of %u voting on item %"
		    PRIu64 ", the trail %ld", y->electorate - y->not_voting,
		    y->electorate, it->id, cast);
}

/* Votes and decisions of every item the trail changed. */
static void
replay_cmp_items(struct replay *rp, const struct rp_record *r,
    struct rp_verdict *v)
{
	struct rp_item *it = rp->items.p;
	size_t i;

	for (i = 0; i < rp->items.n; i++) {
		Yishi__Item *x;

		if (it[i].open_seq == 0 && it[i].decide_seq == 0)
			continue;
		if ((x = replay_record_item(r, it[i].id)) == NULL) {
			replay_fail(v, it[i].open_seq ? it[i].open_seq :
			    it[i].decide_seq, "item %" PRIu64 " is missing "
			    "from the record", it[i].id);
			continue;
		}
		if (it[i].open_seq != 0)
			replay_cmp_vote(rp, &it[i], x, v);
		if (it[i].decide_seq > it[i].close_seq &&
		    (strcmp(x->outcome, it[i].decided) != 0 ||
		    strcmp(x->decision_text, it[i].text ? it[i].text : "") !=
		    0))
			replay_fail(v, it[i].decide_seq, "the record has item %"
			    PRIu64 " %s (\"%s\"), the trail %s (\"%s\")",
			    it[i].id, x->outcome, x->decision_text,
			    it[i].decided, it[i].text);
		else if (it[i].closed && it[i].close_seq > it[i].decide_seq &&
		    strcmp(x->outcome, it[i].outcome) != 0)
			replay_fail(v, it[i].close_seq, "the record has item %"
			    PRIu64 " %s, the trail closed its vote as %s",
			    it[i].id, x->outcome, it[i].outcome);
	}
	for (i = 0; i < r->n; i++) {
		const struct rp_item *m = replay_item(rp, r->items[i]->id,
		    false);

		if (r->items[i]->vote != NULL && (m == NULL ||
		    m->open_seq == 0))
			replay_fail(v, 0, "votes: the row of item %" PRIu64
			    " has no trail entry", r->items[i]->id);
	}
}

/* Reserved opinions: each one the trail has, and no other. */
static void
replay_cmp_dissents(struct replay *rp, const struct rp_record *r,
    struct rp_verdict *v)
{
	struct rp_note *d = rp->dissents.p;
	size_t i, k;

	for (i = 0; i < rp->dissents.n; i++) {
		Yishi__Item *x = replay_record_item(r, d[i].item);
		Yishi__Note *y = NULL;

		for (k = 0; x != NULL && k < x->n_dissents && y == NULL; k++)
			if (strcmp(x->dissents[k]->member, d[i].member) == 0)
				y = x->dissents[k];
		if (y == NULL || strcmp(y->text, d[i].a) != 0 ||
		    strcmp(y->reported_to_higher ? "true" : "false",
		    d[i].b) != 0)
			replay_fail(v, d[i].entry, "the reserved opinion of %s "
			    "on item %" PRIu64 " is %s the record", d[i].member,
			    d[i].item, y == NULL ? "missing from" :
			    "different in");
	}
	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->items[i]->n_dissents; k++)
			if (replay_note(&rp->dissents, r->items[i]->id,
			    r->items[i]->dissents[k]->member) == NULL)
				replay_fail(v, 0, "dissents: the row of %s on "
				    "item %" PRIu64 " has no trail entry",
				    r->items[i]->dissents[k]->member,
				    r->items[i]->id);
}

/* Sign-offs and corrigenda: each one the trail has, and no other. */
static void
replay_cmp_minutes(struct replay *rp, Yishi__Minutes *const *record,
    size_t n, struct rp_verdict *v)
{
	struct rp_minutes *s = rp->signoffs.p, *c = rp->corrigenda.p;
	const Yishi__Minutes *y;
	char hex[65];
	size_t i, k, found;

	for (i = 0; i < n; i++) {
		y = record[i];
		if (y->signoff != NULL) {
			const Yishi__MinutesSignoff *o = y->signoff;
			char *text = NULL;

			hex[0] = '\0';
			if (o->head_hash.len == 32)
				sign_hex(o->head_hash.data, 32, hex);
			for (k = 0, found = 0; k < rp->signoffs.n && !found;
			    k++)
				found = s[k].meeting == y->meeting->id &&
				    s[k].entry == o->trail_seq;
			if (!found)
				replay_fail(v, 0, "minutes_signoffs: the row of "
				    "meeting %" PRIu64 " has no trail entry",
				    y->meeting->id);
			else if (strcmp(s[k - 1].member, o->member) != 0 ||
			    asprintf(&text, "%" PRIu64 ":%s", o->head_seq,
			    hex) < 0 || strcmp(text, s[k - 1].text) != 0)
				replay_fail(v, s[k - 1].entry, "the record's "
				    "sign-off of meeting %" PRIu64 " is not the "
				    "one signed", y->meeting->id);
			free(text);
		}
		for (k = 0; k < y->n_corrigenda; k++) {
			const Yishi__Corrigendum *o = y->corrigenda[k];
			size_t j;

			for (j = 0, found = 0; j < rp->corrigenda.n && !found;
			    j++)
				found = c[j].entry == o->trail_seq;
			if (!found)
				replay_fail(v, 0, "minutes_corrigenda: row %u of "
				    "meeting %" PRIu64 " has no trail entry",
				    o->seq, y->meeting->id);
			else if (c[j - 1].meeting != y->meeting->id ||
			    strcmp(c[j - 1].text, o->text) != 0 ||
			    strcmp(c[j - 1].member, o->member) != 0)
				replay_fail(v, c[j - 1].entry, "the record's "
				    "corrigendum %u of meeting %" PRIu64 " is not "
				    "the one signed", o->seq, y->meeting->id);
		}
	}
	for (i = 0; i < rp->signoffs.n; i++) {
		for (k = 0, found = 0; k < n && !found; k++)
			found = record[k]->meeting->id == s[i].meeting &&
			    record[k]->signoff != NULL;
		if (!found)
			replay_fail(v, s[i].entry, "the record has no sign-off "
			    "of meeting %" PRIu64, s[i].meeting);
	}
	for (i = 0; i < rp->corrigenda.n; i++) {
		for (k = 0, found = 0; k < n && !found; k++) {
			size_t j;

			for (j = 0; j < record[k]->n_corrigenda && !found; j++)
				found = record[k]->corrigenda[j]->trail_seq ==
				    c[i].entry;
		}
		if (!found)
			replay_fail(v, c[i].entry, "the record has no "
			    "corrigendum of meeting %" PRIu64, c[i].meeting);
	}
}

/* Compares the record with the replay (see replay.h). */
int
replay_compare(struct replay *rp, Yishi__Minutes *const *minutes, size_t n,
    uint64_t *seq, char *why, size_t whylen)
{
	struct rp_verdict v;
	struct rp_record r = { NULL, 0 };
	struct rp_meeting *m = rp->meetings.p;
	Yishi__Meeting **record;
	size_t i, k, total = 0;

	memset(&v, 0, sizeof v);
	for (i = 0; i < n; i++)
		if (minutes[i]->meeting == NULL) {
			*seq = 0;
			snprintf(why, whylen, "the record holds minutes with no "
			    "meeting");
			return -1;
		}
	if ((record = calloc(n + 1, sizeof *record)) == NULL) {
		*seq = 0;
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		record[i] = minutes[i]->meeting;
		total += record[i]->n_items;
	}
	if ((r.items = calloc(total + 1, sizeof *r.items)) == NULL) {
		free(record);
		*seq = 0;
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < record[i]->n_items; k++)
			r.items[r.n++] = record[i]->items[k];
	for (i = 0; i < rp->meetings.n; i++) {
		const Yishi__Meeting *y = NULL;

		for (k = 0; k < n && y == NULL; k++)
			if (record[k]->id == m[i].id)
				y = record[k];
		if (y == NULL || strcmp(y->state, "closed") != 0)
			replay_fail(&v, m[i].close_seq, "the trail closed "
			    "meeting %" PRIu64 " but the record has it %s",
			    m[i].id, y == NULL ? "missing" : y->state);
	}
	replay_cmp_statements(rp, &r, &v);
	replay_cmp_ballots(rp, &r, &v);
	replay_cmp_items(rp, &r, &v);
	replay_cmp_dissents(rp, &r, &v);
	replay_cmp_minutes(rp, minutes, n, &v);
	free(r.items);
	free(record);
	if (!v.found)
		return 0;
	*seq = v.seq;
	snprintf(why, whylen, "%s", v.why);
	return -1;
}

/* What was replayed, for the report. */
void
replay_counts(const struct replay *rp, struct replay_counts *c)
{
	const struct rp_item *it = rp->items.p;
	size_t i;

	memset(c, 0, sizeof *c);
	c->statements = rp->stmts.n;
	c->ballots = rp->ballots.n;
	c->dissents = rp->dissents.n;
	c->signoffs = rp->signoffs.n;
	for (i = 0; i < rp->items.n; i++) {
		c->secret += it[i].casts;
		c->votes += it[i].closed;
		c->decisions += it[i].decide_seq != 0;
	}
}
