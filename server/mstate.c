/* mstate.c: a snapshot of one meeting (see mstate.h). */
#include "mstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "hex.h"
#include "log.h"
#include "xmalloc.h"

#define RFC MSTATE_RFC3339

static const char *mstate_cte[2] = {
	"WITH m AS (SELECT body_id, id FROM meetings WHERE id = $1) ",
	"WITH m AS (SELECT mt.body_id, mt.id FROM items i JOIN meetings mt "
	"ON mt.body_id = i.body_id AND mt.id = i.meeting_id WHERE i.id = $1) ",
};

#define M_ITEMS "FROM m JOIN items i ON i.body_id = m.body_id " \
	"AND i.meeting_id = m.id "

static const char *mstate_sql[MSTATE_NQUERIES] = {
	/* 0: the meeting, its body, the trail head, the clock */
	"SELECT mt.body_id, mt.id, mt.title, " RFC("mt.at") ", "
	"(extract(epoch FROM mt.at) * 1000000)::bigint, mt.place, mt.urgent, "
	"mt.reason, mt.state, mt.chair, coalesce(mt.n, 0), "
	"coalesce(mt.present, 0), " RFC("mt.noticed_at") ", "
	RFC("mt.opened_at") ", " RFC("mt.closed_at") ", b.name, b.kind, "
	"b.profile, (SELECT coalesce(max(seq), 0) FROM trail t "
	"WHERE t.body_id = mt.body_id), "
	"(extract(epoch FROM now()) * 1000000)::bigint, "
	"to_char(now(), 'YYYY-MM-DD'), "
	"encode((SELECT t.hash FROM trail t WHERE t.body_id = mt.body_id "
	"ORDER BY t.seq DESC LIMIT 1), 'hex'), "
	MSTATE_TRAIL_PROFILE("mt.body_id", "profile") ", "
	MSTATE_TRAIL_PROFILE("mt.body_id", "profile_version") " "
	"FROM m JOIN meetings mt ON mt.body_id = m.body_id AND mt.id = m.id "
	"JOIN bodies b ON b.id = mt.body_id",
	/* 1: seats in seat order (attendance: 13) */
	"SELECT s.identity, s.display, s.role, s.rank, "
	"s.removed_at IS NOT NULL FROM m JOIN seats s ON s.body_id = m.body_id "
	"ORDER BY CASE s.role WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1 "
	"WHEN 'member' THEN 2 WHEN 'recorder' THEN 3 WHEN 'office' THEN 4 "
	"WHEN 'inspector' THEN 5 ELSE 6 END, s.rank, s.identity",
	/* 2: items in agenda order, with their vote */
	"SELECT i.id, i.position, i.title, i.category, i.amount, i.domain, "
	"i.responsible, i.proposer, i.emergency, i.reason, "
	"coalesce(i.revises, 0), i.state, coalesce(i.decision_mode, ''), "
	"coalesce(i.outcome, ''), coalesce(i.decision_text, ''), "
	"coalesce(i.rule, ''), coalesce(i.profile, ''), "
	"coalesce(i.profile_version, 0), coalesce(i.n, 0), "
	"coalesce(i.present, 0), coalesce(i.electorate, 0), "
	"v.method, v.state, v.yes, v.no, v.abstain, "
	"coalesce(v.not_voting, 0), coalesce(v.outcome, ''), "
	"coalesce(v.rule, ''), coalesce(i.superseded_by, 0), "
	"coalesce(i.disposal_id, 0), EXISTS (SELECT 1 FROM items o WHERE "
	"o.body_id = i.body_id AND o.id = i.revises AND o.state = 'decided' "
	"AND o.superseded_by IS NULL), coalesce(v.round, 0), "
	"coalesce(encode(v.key, 'hex'), ''), "
	"coalesce((extract(epoch FROM v.keyed_at) * 1000000)::bigint, 0), "
	"coalesce(v.ballots, 0), coalesce(v.void_reason, '') " M_ITEMS
	"LEFT JOIN votes v ON v.body_id = i.body_id AND v.item_id = i.id "
	"ORDER BY i.position, i.id",
	/* 3: statements in the order given */
	"SELECT s.item_id, s.seq, s.member, s.position, s.text, "
	"s.at " M_ITEMS
	"JOIN statements s ON s.body_id = i.body_id AND s.item_id = i.id "
	"ORDER BY s.item_id, s.seq",
	/* 4: ballots, by member (never in casting order) */
	"SELECT b.item_id, b.member, coalesce(b.choice, ''), "
	"coalesce(b.entered_by, '') " M_ITEMS
	"JOIN ballots b ON b.body_id = i.body_id AND b.item_id = i.id "
	"ORDER BY b.item_id, b.member",
	/* 5: electorates */
	"SELECT e.item_id, e.member, '' " M_ITEMS
	"JOIN vote_electorate e ON e.body_id = i.body_id AND e.item_id = i.id "
	"ORDER BY e.item_id, e.member",
	/* 6: recusals */
	"SELECT r.item_id, r.member, r.reason " M_ITEMS
	"JOIN recusals r ON r.body_id = i.body_id AND r.item_id = i.id "
	"ORDER BY r.item_id, r.member",
	/* 7: observers admitted per item */
	"SELECT o.item_id, o.identity, '' " M_ITEMS
	"JOIN item_observers o ON o.body_id = i.body_id AND o.item_id = i.id "
	"ORDER BY o.item_id, o.identity",
	/* 8: written opinions of members on leave */
	"SELECT o.item_id, o.member, o.position, o.text, false, "
	RFC("o.at") " " M_ITEMS
	"JOIN opinions o ON o.body_id = i.body_id AND o.item_id = i.id "
	"ORDER BY o.item_id, o.at, o.member",
	/* 9: reserved opinions (dissent) */
	"SELECT d.item_id, d.member, '', d.text, d.reported_to_higher, "
	RFC("d.at") " " M_ITEMS
	"JOIN dissents d ON d.body_id = i.body_id AND d.item_id = i.id "
	"ORDER BY d.item_id, d.at, d.member",
	/* 10: follow-up tasks (R-FOLLOW-1) */
	"SELECT f.id, f.item_id, f.unit, f.person, "
	"to_char(f.due, 'YYYY-MM-DD'), f.state, f.assigned_by, "
	RFC("f.assigned_at") ", f.state <> 'done' AND f.due < current_date "
	M_ITEMS "JOIN followups f ON f.body_id = i.body_id AND f.item_id = i.id "
	"ORDER BY f.item_id, f.id",
	/* 11: materials of the items, name and SHA-256 (R-MIN-1) */
	"SELECT mi.item_id, mi.name, encode(mi.sha256, 'hex') " M_ITEMS
	"JOIN item_materials mi ON mi.body_id = i.body_id "
	"AND mi.item_id = i.id ORDER BY mi.item_id, mi.name",
	/* 12: the chair's sign-off of the minutes (R-MIN-2) */
	("SELECT s.signed_by, " RFC("s.signed_at") ", s.head_seq, "
	"encode(s.head_hash, 'hex'), s.trail_seq FROM m "
	"JOIN minutes_signoffs s ON s.body_id = m.body_id "
	"AND s.meeting_id = m.id"),
	/* 13: attendance, merged into the seats in C: joined in SQL, a
	 * plenary's fresh check-ins (no statistics yet) made PostgreSQL
	 * nest-loop 3,000 seats over 3,000 rows (0.7 s per snapshot) */
	"SELECT a.identity, a.state, coalesce(a.reason, '') FROM m "
	"JOIN attendance a ON a.body_id = m.body_id AND a.meeting_id = m.id",
	/* 14: who is in the meeting's N, fixed when it opened */
	"SELECT v.identity FROM m JOIN meeting_voters v "
	"ON v.body_id = m.body_id AND v.meeting_id = m.id",
	/* 15: secret votes' scrutineers in the order named, what each
	 * published, and the certificate their signatures were checked
	 * against */
	"SELECT s.item_id, s.member, coalesce(encode(s.share, 'hex'), ''), "
	"coalesce(encode(s.share_signature, 'hex'), ''), "
	"coalesce(c.pem, ''), coalesce(encode(s.dshare, 'hex'), '') " M_ITEMS
	"JOIN vote_scrutineers s ON s.body_id = i.body_id "
	"AND s.item_id = i.id LEFT JOIN certificates c "
	"ON c.fingerprint = s.share_cert_fp ORDER BY s.item_id, s.position",
};

static char *mstate_text[2][MSTATE_NQUERIES];

/* Adds the snapshot queries to b; returns the index of the first. */
int
mstate_load(struct db_batch *b, enum mstate_key key, uint64_t id)
{
	int i, first = -1, k;

	for (i = 0; i < MSTATE_NQUERIES; i++) {
		if (mstate_text[key][i] == NULL)
			xasprintf(&mstate_text[key][i], "%s%s",
			    mstate_cte[key], mstate_sql[i]);
		k = db_batch_addf(b, mstate_text[key][i], "i", (long long)id);
		if (first < 0)
			first = k;
	}
	return first;
}

static const char mstate_sql_probe[] =
	"SELECT (SELECT coalesce(max(seq), 0) FROM trail WHERE body_id = $1), "
	"(extract(epoch FROM now()) * 1000000)::bigint, "
	"to_char(now(), 'YYYY-MM-DD')";

/* Adds the query of the body's trail head and the clock to b; returns its
 * index (see mstate_probe_fresh). */
int
mstate_probe(struct db_batch *b, uint64_t body_id)
{
	return db_batch_addf(b, mstate_sql_probe, "i", (long long)body_id);
}

/*
 * Whether a snapshot kept since an earlier load is still the meeting as
 * PostgreSQL has it: true when the trail head of result q is one of the
 * heads the caller's own writes explain, h0 (the snapshot's when the probe
 * was sent) or h1 (>= 0: where a write then in flight takes it, committed
 * or not yet); every change is a trail entry, and another daemon's moves
 * the head elsewhere. The clock is taken from the result either way.
 */
bool
mstate_probe_fresh(struct mstate *ms, const struct db_batch *b, int q,
    int64_t h0, int64_t h1)
{
	if (db_rows(b, q) != 1)
		return false;
	ms->now_us = db_getll(b, q, 0, 1);
	ms->rm.now_us = ms->now_us;
	ms->today = arena_strdup(ms->arena, db_get(b, q, 0, 2));
	return db_getll(b, q, 0, 0) == h0 ||
	    (h1 >= 0 && db_getll(b, q, 0, 0) == h1);
}

/* Parses an item state word. */
enum rules_item_state
mstate_item_state(const char *s)
{
	static const char *names[] = { "proposed", "approved", "started",
	    "voting", "decided", "deferred", "withdrawn" };
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum rules_item_state)i;
	return RULES_ITEM_PROPOSED;
}

/* Names an item state as the database does. */
const char *
mstate_item_state_name(enum rules_item_state s)
{
	static const char *names[] = { "proposed", "approved", "started",
	    "voting", "decided", "deferred", "withdrawn" };

	return (unsigned)s < 7 ? names[s] : "?";
}

/* Parses a meeting state word. */
enum rules_meeting_state
mstate_meeting_state(const char *s)
{
	if (strcmp(s, "noticed") == 0)
		return RULES_MTG_NOTICED;
	if (strcmp(s, "open") == 0)
		return RULES_MTG_OPEN;
	if (strcmp(s, "closed") == 0)
		return RULES_MTG_CLOSED;
	return RULES_MTG_SCHEDULED;
}

/* Names a meeting state as the database does. */
const char *
mstate_meeting_state_name(enum rules_meeting_state s)
{
	static const char *names[] = { "scheduled", "noticed", "open",
	    "closed" };

	return (unsigned)s < 4 ? names[s] : "?";
}

/* Parses an attendance word. */
enum rules_attendance
mstate_attendance(const char *s)
{
	static const char *names[] = { "expected", "present", "left",
	    "leave_requested", "leave", "absent" };
	int i;

	for (i = 0; i < 6; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum rules_attendance)i;
	return RULES_ATT_EXPECTED;
}

/* Names an attendance state as the database does. */
const char *
mstate_attendance_name(enum rules_attendance a)
{
	static const char *names[] = { "expected", "present", "left",
	    "leave_requested", "leave", "absent" };

	return (unsigned)a < 6 ? names[a] : "?";
}

/* Copies field (i,row,col) into the arena; NULL stays NULL. */
static const char *
mstate_str(struct arena *a, const struct db_batch *b, int i, int row, int col)
{
	if (db_isnull(b, i, row, col))
		return NULL;
	return arena_strdup(a, db_get(b, i, row, col));
}

/* FNV-1a of a name, for the member index. */
static uint32_t
mstate_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* Indexes the members by name, so that a plenary of thousands is looked
 * up in constant time rather than by scanning. */
static void
mstate_index_build(struct mstate *ms, struct arena *a)
{
	size_t cap = 16, slot;
	int i;

	while (cap < (size_t)ms->nmembers * 2)
		cap *= 2;
	ms->mhcap = cap;
	ms->mhash = arena_alloc(a, sizeof *ms->mhash * cap);
	for (i = 0; i < ms->nmembers; i++) {
		slot = mstate_hash(ms->members[i].name) & (cap - 1);
		while (ms->mhash[slot] != 0)
			slot = (slot + 1) & (cap - 1);
		ms->mhash[slot] = i + 1;
	}
}

/* The index of the member called name, or -1. */
static int
mstate_index(const struct mstate *ms, const char *name)
{
	size_t slot;
	int k;

	if (ms->mhcap == 0 || name == NULL)
		return -1;
	slot = mstate_hash(name) & (ms->mhcap - 1);
	while ((k = ms->mhash[slot]) != 0) {
		if (strcmp(ms->members[k - 1].name, name) == 0)
			return k - 1;
		slot = (slot + 1) & (ms->mhcap - 1);
	}
	return -1;
}

/*
 * Turns PostgreSQL's ISO output of a timestamptz ("2026-12-01 09:00:05.12+08")
 * into RFC 3339 ("2026-12-01T09:00:05+08:00"). Done here rather than with
 * to_char in SQL, which cost more than the rest of a plenary's statement
 * query (scripts/bench).
 */
static const char *
mstate_rfc3339(struct arena *a, const char *iso)
{
	char out[40];
	const char *p = iso + 19;
	size_t n = strlen(iso);

	if (n < 22 || iso[10] != ' ')
		return arena_strdup(a, iso);
	memcpy(out, iso, 19);
	out[10] = 'T';
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	/* "+08" or "+05:30"; seconds in an offset are not RFC 3339. */
	if (strlen(p) == 3)
		snprintf(out + 19, sizeof out - 19, "%s:00", p);
	else
		snprintf(out + 19, sizeof out - 19, "%.6s", p);
	return arena_strdup(a, out);
}

/* Loads (item, member, text) rows. */
static struct m_pair *
mstate_pairs(struct arena *a, const struct db_batch *b, int i, int *n)
{
	struct m_pair *p;
	int r;

	*n = db_rows(b, i);
	p = arena_alloc(a, sizeof *p * (size_t)(*n + 1));
	for (r = 0; r < *n; r++) {
		p[r].item = (uint64_t)db_getll(b, i, r, 0);
		p[r].member = mstate_str(a, b, i, r, 1);
		p[r].text = mstate_str(a, b, i, r, 2);
	}
	return p;
}

/* Loads opinion or dissent rows. */
static struct m_note *
mstate_notes(struct arena *a, const struct db_batch *b, int i, int *n)
{
	struct m_note *p;
	int r;

	*n = db_rows(b, i);
	p = arena_alloc(a, sizeof *p * (size_t)(*n + 1));
	for (r = 0; r < *n; r++) {
		p[r].item = (uint64_t)db_getll(b, i, r, 0);
		p[r].member = mstate_str(a, b, i, r, 1);
		p[r].position = mstate_str(a, b, i, r, 2);
		p[r].text = mstate_str(a, b, i, r, 3);
		p[r].flag = db_getbool(b, i, r, 4);
		p[r].at = mstate_str(a, b, i, r, 5);
	}
	return p;
}

/* Loads follow-up task rows. */
static struct m_task *
mstate_tasks(struct arena *a, const struct db_batch *b, int i, int *n)
{
	struct m_task *p;
	int r;

	*n = db_rows(b, i);
	p = arena_alloc(a, sizeof *p * (size_t)(*n + 1));
	for (r = 0; r < *n; r++) {
		p[r].id = (uint64_t)db_getll(b, i, r, 0);
		p[r].item = (uint64_t)db_getll(b, i, r, 1);
		p[r].unit = mstate_str(a, b, i, r, 2);
		p[r].person = mstate_str(a, b, i, r, 3);
		p[r].due = mstate_str(a, b, i, r, 4);
		p[r].state = mstate_str(a, b, i, r, 5);
		p[r].assigned_by = mstate_str(a, b, i, r, 6);
		p[r].assigned_at = mstate_str(a, b, i, r, 7);
		p[r].overdue = db_getbool(b, i, r, 8);
	}
	return p;
}

/* The profile the body's trail established (name, and version when the
 * entry says one: 0 when not), which decides; NULL when this daemon does
 * not ship it in that version. A bodies row that says otherwise was
 * changed behind the trail: logged, and shown as it is (issue 12). */
static const struct rules_profile *
mstate_profile(const struct mstate *ms, const char *name, long long version)
{
	const struct rules_profile *p = rules_profile_find(name);

	if (name != NULL && ms->profile_name != NULL &&
	    strcmp(name, ms->profile_name) != 0)
		log_warnx("body %llu: its row says profile %s but its trail "
		    "established %s; deciding by the trail",
		    (unsigned long long)ms->body_id, ms->profile_name, name);
	if (p != NULL && version != 0 && (long long)p->version != version)
		return NULL;
	return p;
}

/* Builds the snapshot from the results starting at index q. */
struct mstate *
mstate_build(struct arena *a, const struct db_batch *b, int q)
{
	struct mstate *ms;
	int r, n;

	if (db_rows(b, q) != 1)
		return NULL;
	ms = arena_alloc(a, sizeof *ms);
	ms->arena = a;
	ms->body_id = (uint64_t)db_getll(b, q, 0, 0);
	ms->id = (uint64_t)db_getll(b, q, 0, 1);
	ms->title = mstate_str(a, b, q, 0, 2);
	ms->at = mstate_str(a, b, q, 0, 3);
	ms->at_us = db_getll(b, q, 0, 4);
	ms->place = mstate_str(a, b, q, 0, 5);
	ms->urgent = db_getbool(b, q, 0, 6);
	ms->reason = mstate_str(a, b, q, 0, 7);
	ms->state = mstate_meeting_state(db_get(b, q, 0, 8));
	ms->chair_delegate = mstate_str(a, b, q, 0, 9);
	ms->n = (int)db_getll(b, q, 0, 10);
	ms->present = (int)db_getll(b, q, 0, 11);
	ms->noticed_at = mstate_str(a, b, q, 0, 12);
	ms->opened_at = mstate_str(a, b, q, 0, 13);
	ms->closed_at = mstate_str(a, b, q, 0, 14);
	ms->body_name = mstate_str(a, b, q, 0, 15);
	ms->kind = mstate_str(a, b, q, 0, 16);
	ms->profile_name = mstate_str(a, b, q, 0, 17);
	ms->profile = mstate_profile(ms, mstate_str(a, b, q, 0, 22),
	    db_isnull(b, q, 0, 23) ? 0 : db_getll(b, q, 0, 23));
	ms->head = db_getll(b, q, 0, 18);
	ms->now_us = db_getll(b, q, 0, 19);
	ms->today = mstate_str(a, b, q, 0, 20);
	ms->head_hash = mstate_str(a, b, q, 0, 21);

	n = ms->nmembers = db_rows(b, q + 1);
	ms->members = arena_alloc(a, sizeof *ms->members * (size_t)(n + 1));
	for (r = 0; r < n; r++) {
		struct m_member *m = &ms->members[r];

		m->name = mstate_str(a, b, q + 1, r, 0);
		m->display = mstate_str(a, b, q + 1, r, 1);
		if (!rules_role_parse(db_get(b, q + 1, r, 2), &m->role))
			m->role = RULES_ROLE_NONE;
		m->rank = (int)db_getll(b, q + 1, r, 3);
		m->removed = db_getbool(b, q + 1, r, 4);
		m->att = RULES_ATT_EXPECTED;
		m->reason = "";
	}
	mstate_index_build(ms, a);
	for (r = 0; r < db_rows(b, q + 13); r++) {
		struct m_member *m = mstate_member(ms, db_get(b, q + 13, r, 0));

		if (m == NULL)
			continue;	/* a seat since removed for good */
		m->att = mstate_attendance(db_get(b, q + 13, r, 1));
		m->reason = mstate_str(a, b, q + 13, r, 2);
	}
	ms->nvoters = db_rows(b, q + 14);
	for (r = 0; r < ms->nvoters; r++) {
		struct m_member *m = mstate_member(ms, db_get(b, q + 14, r, 0));

		if (m != NULL)
			m->voter = true;
	}

	n = ms->nitems = db_rows(b, q + 2);
	ms->items = arena_alloc(a, sizeof *ms->items * (size_t)(n + 1));
	for (r = 0; r < n; r++) {
		struct m_item *it = &ms->items[r];
		int k = q + 2;
		size_t klen;

		it->id = (uint64_t)db_getll(b, k, r, 0);
		it->position = (int)db_getll(b, k, r, 1);
		it->title = mstate_str(a, b, k, r, 2);
		if (!rules_category_parse(db_get(b, k, r, 3), &it->category))
			it->category = RULES_CAT_ORDINARY;
		it->amount = db_getll(b, k, r, 4);
		it->domain = mstate_str(a, b, k, r, 5);
		it->responsible = mstate_str(a, b, k, r, 6);
		it->proposer = mstate_str(a, b, k, r, 7);
		it->emergency = db_getbool(b, k, r, 8);
		it->reason = mstate_str(a, b, k, r, 9);
		it->revises = (uint64_t)db_getll(b, k, r, 10);
		it->state = mstate_item_state(db_get(b, k, r, 11));
		it->decision_mode = mstate_str(a, b, k, r, 12);
		it->outcome = mstate_str(a, b, k, r, 13);
		it->decision_text = mstate_str(a, b, k, r, 14);
		it->rule = mstate_str(a, b, k, r, 15);
		it->profile = mstate_str(a, b, k, r, 16);
		it->profile_version = (int)db_getll(b, k, r, 17);
		it->n = (int)db_getll(b, k, r, 18);
		it->present = (int)db_getll(b, k, r, 19);
		it->electorate = (int)db_getll(b, k, r, 20);
		it->has_vote = !db_isnull(b, k, r, 21);
		if (it->has_vote) {
			if (!rules_method_parse(db_get(b, k, r, 21), &it->method))
				it->method = RULES_METHOD_ROLL_CALL;
			it->vote_state = mstate_str(a, b, k, r, 22);
			/* a secret round is live while keying, open and
			 * counting */
			it->vote_open = strcmp(it->vote_state, "open") == 0 ||
			    strcmp(it->vote_state, "keying") == 0 ||
			    strcmp(it->vote_state, "counting") == 0;
			it->yes = (unsigned)db_getll(b, k, r, 23);
			it->no = (unsigned)db_getll(b, k, r, 24);
			it->abstain = (unsigned)db_getll(b, k, r, 25);
			it->not_voting = (unsigned)db_getll(b, k, r, 26);
			it->vote_outcome = mstate_str(a, b, k, r, 27);
			it->vote_rule = mstate_str(a, b, k, r, 28);
		}
		it->superseded_by = (uint64_t)db_getll(b, k, r, 29);
		it->disposal = (uint64_t)db_getll(b, k, r, 30);
		it->revises_live = db_getbool(b, k, r, 31);
		it->round = (uint64_t)db_getll(b, k, r, 32);
		it->keyed = hex_decode(db_get(b, k, r, 33), it->key,
		    sizeof it->key, &klen) && klen == sizeof it->key;
		it->keyed_us = db_getll(b, k, r, 34);
		it->counted = (unsigned)db_getll(b, k, r, 35);
		it->void_reason = mstate_str(a, b, k, r, 36);
	}

	n = ms->nstmts = db_rows(b, q + 3);
	ms->stmts = arena_alloc(a, sizeof *ms->stmts * (size_t)(n + 1));
	for (r = 0; r < n; r++) {
		struct m_statement *s = &ms->stmts[r];

		s->item = (uint64_t)db_getll(b, q + 3, r, 0);
		s->seq = (int)db_getll(b, q + 3, r, 1);
		s->member = mstate_str(a, b, q + 3, r, 2);
		if (!rules_position_parse(db_get(b, q + 3, r, 3), &s->pos))
			s->pos = RULES_POS_NONE;
		s->text = mstate_str(a, b, q + 3, r, 4);
		s->at = mstate_rfc3339(a, db_get(b, q + 3, r, 5));
	}
	for (r = 0; r < n; r++) {
		struct m_item *it = mstate_item(ms, ms->stmts[r].item);

		if (it != NULL && ms->stmts[r].seq > it->last_seq)
			it->last_seq = ms->stmts[r].seq;
	}

	n = ms->nballots = db_rows(b, q + 4);
	ms->ballots = arena_alloc(a, sizeof *ms->ballots * (size_t)(n + 1));
	for (r = 0; r < n; r++) {
		struct m_ballot *x = &ms->ballots[r];
		const char *ch = db_get(b, q + 4, r, 2);

		x->item = (uint64_t)db_getll(b, q + 4, r, 0);
		x->member = mstate_str(a, b, q + 4, r, 1);
		if (*ch == '\0' || !rules_choice_parse(ch, &x->choice))
			x->choice = RULES_CHOICE_SECRET;
		x->entered_by = mstate_str(a, b, q + 4, r, 3);
	}
	for (r = 0; r < n; r++) {
		struct m_item *it = mstate_item(ms, ms->ballots[r].item);

		if (it != NULL)
			it->cast++;
	}
	n = ms->nscrutineers = db_rows(b, q + 15);
	ms->scrutineers = arena_alloc(a, sizeof *ms->scrutineers *
	    (size_t)(n + 1));
	for (r = 0; r < n; r++) {
		struct m_scrutineer *x = &ms->scrutineers[r];

		x->item = (uint64_t)db_getll(b, q + 15, r, 0);
		x->member = mstate_str(a, b, q + 15, r, 1);
		x->share = mstate_str(a, b, q + 15, r, 2);
		x->share_signature = mstate_str(a, b, q + 15, r, 3);
		x->pem = mstate_str(a, b, q + 15, r, 4);
		x->dshare = mstate_str(a, b, q + 15, r, 5);
	}
	ms->electorate = mstate_pairs(a, b, q + 5, &ms->nelectorate);
	for (r = 0; r < ms->nelectorate; r++) {
		struct m_item *it = mstate_item(ms, ms->electorate[r].item);

		if (it != NULL)
			it->electors++;
	}
	ms->recusals = mstate_pairs(a, b, q + 6, &ms->nrecusals);
	ms->observers = mstate_pairs(a, b, q + 7, &ms->nobservers);
	ms->opinions = mstate_notes(a, b, q + 8, &ms->nopinions);
	ms->dissents = mstate_notes(a, b, q + 9, &ms->ndissents);
	ms->tasks = mstate_tasks(a, b, q + 10, &ms->ntasks);
	ms->materials = mstate_pairs(a, b, q + 11, &ms->nmaterials);
	if (db_rows(b, q + 12) == 1) {
		ms->minutes_signed = true;
		ms->signed_by = mstate_str(a, b, q + 12, 0, 0);
		ms->signed_at = mstate_str(a, b, q + 12, 0, 1);
		ms->signed_head_seq = db_getll(b, q + 12, 0, 2);
		ms->signed_head_hash = mstate_str(a, b, q + 12, 0, 3);
		ms->signed_trail_seq = db_getll(b, q + 12, 0, 4);
	}
	return ms;
}

/* Finds a seat by identity name, or NULL. */
struct m_member *
mstate_member(const struct mstate *ms, const char *name)
{
	int i = mstate_index(ms, name);

	return i < 0 ? NULL : &ms->members[i];
}

/* Finds an item of the meeting, or NULL. */
struct m_item *
mstate_item(const struct mstate *ms, uint64_t id)
{
	int i;

	for (i = 0; i < ms->nitems; i++)
		if (ms->items[i].id == id)
			return &ms->items[i];
	return NULL;
}

/* The identity name of the chair (delegate, else the secretary), or NULL. */
const char *
mstate_chair(const struct mstate *ms)
{
	int i;

	if (ms->chair_delegate != NULL)
		return ms->chair_delegate;
	for (i = 0; i < ms->nmembers; i++)
		if (ms->members[i].role == RULES_ROLE_SECRETARY &&
		    !ms->members[i].removed)
			return ms->members[i].name;
	return NULL;
}

/* The rules view of a member (after mstate_rules), or NULL. */
struct rules_member *
mstate_rmember(const struct mstate *ms, const char *name)
{
	int i = mstate_index(ms, name);

	if (i < 0 || ms->rpos == NULL || ms->rpos[i] < 0)
		return NULL;
	return &ms->rmembers[ms->rpos[i]];
}

/* Display name of a member, the name itself when unknown. */
const char *
mstate_display(const struct mstate *ms, const char *name)
{
	const struct m_member *m = mstate_member(ms, name);

	return m != NULL ? m->display : name;
}

/* True when (item, member) is among the rows. */
bool
mstate_has_pair(const struct m_pair *p, int n, uint64_t item,
    const char *member)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i].item == item && strcmp(p[i].member, member) == 0)
			return true;
	return false;
}

/* True when member has a note on item among the rows. */
bool
mstate_has_note(const struct m_note *p, int n, uint64_t item,
    const char *member)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i].item == item && strcmp(p[i].member, member) == 0)
			return true;
	return false;
}

/* True when the meeting's N is fixed (see mstate.h). */
bool
mstate_n_fixed(const struct mstate *ms)
{
	if (ms->state != RULES_MTG_OPEN && ms->state != RULES_MTG_CLOSED)
		return false;
	return ms->nvoters > 0 || ms->n == 0;
}

/* The meeting opens now: the current voting seats are its N. */
void
mstate_fix_n(struct mstate *ms, int n, int present)
{
	int i;

	ms->nvoters = 0;
	for (i = 0; i < ms->nmembers; i++) {
		struct m_member *m = &ms->members[i];

		m->voter = !m->removed && rules_role_votes(m->role);
		ms->nvoters += m->voter;
	}
	ms->n = n;
	ms->present = present;
	ms->state = RULES_MTG_OPEN;
	ms->rules_built = false;
}

/* Fills the rules view of an item from the snapshot's item. */
static void
mstate_rules_item(const struct m_item *it, struct rules_item *ri)
{
	if (it == NULL || ri == NULL)
		return;
	memset(ri, 0, sizeof *ri);
	ri->category = it->category;
	ri->state = it->state;
	ri->emergency = it->emergency;
	ri->vote_open = it->vote_open;
	ri->method = it->method;
	ri->yes = it->yes;
	ri->no = it->no;
	ri->abstain = it->abstain;
}

/* Fills ms->rm and the rules members for item it (NULL: meeting only). */
void
mstate_rules(struct mstate *ms, struct arena *a, const struct m_item *it,
    struct rules_item *ri)
{
	int i, n = 0, *rpos;
	bool fixed = mstate_n_fixed(ms);
	unsigned gone_recused = 0;

	(void)a;
	a = ms->arena;
	if (ms->rules_sticky && ms->rules_built && ms->rules_for == it) {
		mstate_rules_item(it, ri);
		return;
	}
	ms->rules_for = it;
	ms->rules_built = true;
	/* One pass over the seats, then one over each kind of row of the
	 * item, each row finding its member through the index. */
	ms->rmembers = arena_alloc(a, sizeof *ms->rmembers *
	    (size_t)(ms->nmembers + 1));
	rpos = ms->rpos = arena_alloc(a, sizeof *rpos *
	    (size_t)(ms->nmembers + 1));
	for (i = 0; i < ms->nmembers; i++) {
		const struct m_member *m = &ms->members[i];
		struct rules_member *rm = &ms->rmembers[n];

		rpos[i] = -1;
		if (m->removed)
			continue;
		rm->name = m->name;
		rm->display = m->display;
		rm->role = m->role;
		rm->attendance = m->att;
		/* N is fixed when the meeting opens: a voting seat given
		 * since is not in it (RULES.md, Conventions). */
		rm->late = fixed && rules_role_votes(m->role) && !m->voter;
		rpos[i] = n++;
	}
	if (it != NULL) {
		struct rules_member *rm;

#define MSTATE_RM(name) (i = mstate_index(ms, (name)), \
	i >= 0 && rpos[i] >= 0 ? &ms->rmembers[rpos[i]] : NULL)
		for (int k = 0; k < ms->nrecusals; k++) {
			const struct m_member *g;

			if (ms->recusals[k].item != it->id)
				continue;
			if ((rm = MSTATE_RM(ms->recusals[k].member)) != NULL)
				rm->recused = true;
			/* A seat of N recused, whose seat has since ended
			 * or stopped voting: it leaves the item's N. */
			g = mstate_member(ms, ms->recusals[k].member);
			if (fixed && g != NULL && g->voter && (g->removed ||
			    !rules_role_votes(g->role)))
				gone_recused++;
		}
		for (int k = 0; k < ms->nelectorate; k++)
			if (ms->electorate[k].item == it->id &&
			    (rm = MSTATE_RM(ms->electorate[k].member)) != NULL)
				rm->in_electorate = true;
		for (int k = 0; k < ms->nstmts; k++)
			if (ms->stmts[k].item == it->id &&
			    (rm = MSTATE_RM(ms->stmts[k].member)) != NULL)
				rm->stated = ms->stmts[k].pos;
		for (int k = 0; k < ms->nballots; k++)
			if (ms->ballots[k].item == it->id &&
			    (rm = MSTATE_RM(ms->ballots[k].member)) != NULL)
				rm->voted = ms->ballots[k].choice;
#undef MSTATE_RM
	}
	memset(&ms->rm, 0, sizeof ms->rm);
	ms->rm.profile = ms->profile;
	ms->rm.state = ms->state;
	ms->rm.urgent = ms->urgent;
	ms->rm.chair = mstate_chair(ms);
	ms->rm.members = ms->rmembers;
	ms->rm.nmembers = (size_t)n;
	ms->rm.now_us = ms->now_us;
	ms->rm.at_us = ms->at_us;
	ms->rm.minutes_signed = ms->minutes_signed;
	ms->rm.n_fixed = fixed;
	ms->rm.n_open = fixed ? (unsigned)ms->n : 0;
	ms->rm.n_gone_recused = gone_recused;
	if (ms->rules_sticky) {
		/* A group decides statements and votes (on an item) or
		 * check-ins (on the meeting): none changes a seat or a
		 * recusal, and check-ins keep the counts right through
		 * rules_count_attend. So the head-counts are taken once per
		 * snapshot instead of a walk over every member per request. */
		rules_count(&ms->rm, false, &ms->counts.n[0],
		    &ms->counts.present[0]);
		rules_count(&ms->rm, true, &ms->counts.n[1],
		    &ms->counts.present[1]);
		ms->rm.counts = &ms->counts;
	}
	mstate_rules_item(it, ri);
}
