/*
 * mstate.h: a snapshot of one meeting as PostgreSQL has it — body, seats,
 * attendance, items, statements, votes — loaded in one pipelined batch and
 * turned into the plain structs of the rules engine.
 */
#ifndef YISHI_MSTATE_H
#define YISHI_MSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

struct arena;
struct db_batch;

/*
 * SQL: what a body's trail says its profile is (key "profile" or
 * "profile_version"): the payload of its first entry, body.create, which
 * the hash chain holds. The bodies row is a copy a database superuser can
 * change; decisions are taken by this, and the row is what the record
 * shows, so that an inspector's replay sees a difference (issue 12).
 */
#define MSTATE_TRAIL_PROFILE(body, key)					\
	"(SELECT t.payload::jsonb ->> '" key "' FROM trail t "		\
	"WHERE t.body_id = " body " AND t.seq = 1 "			\
	"AND t.action = 'body.create')"

struct m_statement {
	uint64_t	 item;
	int		 seq;
	const char	*member;
	enum rules_position pos;
	const char	*text;
	const char	*at;
};

struct m_ballot {
	uint64_t	 item;
	const char	*member;
	enum rules_choice choice;	/* RULES_CHOICE_SECRET when hidden */
	const char	*entered_by;
};

struct m_pair {			/* (item, member[, text]) rows */
	uint64_t	 item;
	const char	*member;
	const char	*text;
};

struct m_note {			/* written opinions and reserved dissent */
	uint64_t	 item;
	const char	*member;
	const char	*position;	/* opinions: agree|disagree|abstain|defer */
	const char	*text;
	bool		 flag;		/* dissent: reported to the higher body */
	const char	*at;
};

struct m_item {
	uint64_t	 id;
	int		 position;
	const char	*title;
	enum rules_category category;
	int64_t		 amount;
	const char	*domain, *responsible, *proposer, *reason;
	bool		 emergency;
	uint64_t	 revises;
	enum rules_item_state state;
	const char	*decision_mode, *outcome, *decision_text, *rule;
	const char	*profile;
	int		 profile_version, n, present, electorate;
	bool		 has_vote;
	enum rules_method method;
	bool		 vote_open;
	unsigned	 yes, no, abstain, not_voting;
	unsigned	 cast;		/* ballots cast so far */
	unsigned	 electors;	/* its vote's electorate, how many */
	int		 last_seq;	/* of its statements, 0: none */
	const char	*vote_outcome, *vote_rule;
	uint64_t	 superseded_by;	/* the later item that revised it */
	uint64_t	 disposal;	/* a disposal's report item (R-EMERG-1) */
	bool		 revises_live;	/* the item it revises is a decision
					   in force (R-IMMUT-1) */
	/* A secret vote's round (docs/ballot.md). */
	const char	*vote_state;	/* keying|open|counting|closed|void */
	uint64_t	 round;		/* seq of its vote.open entry */
	bool		 keyed;		/* key holds the vote's key */
	uint8_t		 key[33];
	int64_t		 keyed_us;	/* when the key was complete */
	unsigned	 counted;	/* ballots at vote.count */
	const char	*void_reason;
};

struct m_scrutineer {		/* a secret vote's scrutineers */
	uint64_t	 item;
	const char	*member;
	const char	*share;		/* hex, "" until published */
	const char	*share_signature; /* hex */
	const char	*pem;		/* the certificate it was checked
					   against */
	const char	*dshare;	/* hex, "" until published */
};

struct m_task {			/* follow-up tasks (R-FOLLOW-1) */
	uint64_t	 id, item;
	const char	*unit, *person, *due, *state;
	const char	*assigned_by, *assigned_at;
	bool		 overdue;
};

struct m_member {
	const char	*name, *display;
	enum rules_role	 role;
	int		 rank;
	bool		 removed;
	bool		 voter;		/* in the meeting's N when it opened */
	enum rules_attendance att;
	const char	*reason;
};

struct mstate {
	uint64_t	 body_id;
	const char	*body_name, *kind;
	const char	*profile_name;	/* the bodies row: what is shown */
	/* The profile the body's trail established, what decides; NULL when
	 * this daemon does not have it in that version. */
	const struct rules_profile *profile;
	int64_t		 head;		/* trail head seq when loaded */
	int64_t		 now_us;
	const char	*today;		/* YYYY-MM-DD, instance time zone */
	const char	*head_hash;	/* hex of the head's hash, NULL: none */

	uint64_t	 id;
	const char	*title, *at, *place, *reason, *chair_delegate;
	int64_t		 at_us;
	bool		 urgent;
	enum rules_meeting_state state;
	int		 n, present;
	int		 nvoters;	/* rows of meeting_voters: who is in n */
	const char	*noticed_at, *opened_at, *closed_at;

	struct m_member	*members;
	int		 nmembers;
	int		*mhash;		/* name -> member index + 1 (open addressing) */
	size_t		 mhcap;
	struct m_item	*items;
	int		 nitems;
	struct m_statement *stmts;
	int		 nstmts;
	struct m_ballot	*ballots;
	int		 nballots;
	struct m_scrutineer *scrutineers;	/* by item, in order named */
	int		 nscrutineers;
	struct m_pair	*electorate, *recusals, *observers;
	int		 nelectorate, nrecusals, nobservers;
	struct m_note	*opinions, *dissents;
	int		 nopinions, ndissents;
	struct m_task	*tasks;
	int		 ntasks;
	struct m_pair	*materials;	/* (item, name, SHA-256 in hex) */
	int		 nmaterials;

	/* R-MIN-2: the chair's sign-off of the minutes, once signed. */
	bool		 minutes_signed;
	const char	*signed_by, *signed_at, *signed_head_hash;
	int64_t		 signed_head_seq, signed_trail_seq;

	/* Rules view, rebuilt by mstate_rules(). */
	struct rules_member *rmembers;
	int		*rpos;		/* member index -> rmembers index, or -1 */
	struct rules_meeting rm;
	struct arena	*arena;		/* owns the snapshot and its views */
	/* Group commit (req.c) decides many requests on one snapshot: the
	 * rules view is then built once and kept up to date by the deciding
	 * handler instead of rebuilt for every request. */
	bool		 rules_sticky;
	const struct m_item *rules_for;
	bool		 rules_built;
	struct rules_counts counts;	/* rm.counts of a sticky item view */
};

enum mstate_key { MSTATE_BY_MEETING, MSTATE_BY_ITEM };

/* Adds the snapshot queries to b; returns the index of the first. */
int mstate_load(struct db_batch *b, enum mstate_key key, uint64_t id);

/* Adds the query of the body's trail head and the clock to b; returns its
 * index. */
int mstate_probe(struct db_batch *b, uint64_t body_id);

/* Takes the clock of probe result q into ms; true when the trail head is
 * h0 (the snapshot's head when the probe was sent) or h1 (>= 0: where a
 * write then in flight takes it): nobody else has changed the meeting. */
bool mstate_probe_fresh(struct mstate *ms, const struct db_batch *b, int q,
    int64_t h0, int64_t h1);

/* Number of statements mstate_load adds. */
#define MSTATE_NQUERIES 16

/*
 * Builds the snapshot from the results starting at index first.
 * Returns NULL when the meeting does not exist.
 */
struct mstate *mstate_build(struct arena *a, const struct db_batch *b,
    int first);

/* True when (item, member) is among the rows. */
bool mstate_has_pair(const struct m_pair *p, int n, uint64_t item,
    const char *member);

/* True when member has a note on item among the rows. */
bool mstate_has_note(const struct m_note *p, int n, uint64_t item,
    const char *member);

/* Finds a seat by identity name, or NULL. */
struct m_member *mstate_member(const struct mstate *ms, const char *name);

/* Finds an item of the meeting, or NULL. */
struct m_item *mstate_item(const struct mstate *ms, uint64_t id);

/* The identity name of the chair (delegate, else the secretary), or NULL. */
const char *mstate_chair(const struct mstate *ms);

/* True when the meeting's N is fixed: it opened, and who was in N then is
 * known (meetings opened before meeting_voters existed are counted as
 * before, from the current seats). */
bool mstate_n_fixed(const struct mstate *ms);

/* The meeting opens now: every current voting seat is in its N, n of them
 * (the snapshot follows the write of server/h_meeting.c). */
void mstate_fix_n(struct mstate *ms, int n, int present);

/* Fills ms->rm and the rules members for item it (NULL: meeting only),
 * in the snapshot's own arena (a is unused and kept for callers). */
void mstate_rules(struct mstate *ms, struct arena *a, const struct m_item *it,
    struct rules_item *ri);

/* The rules view of a member (after mstate_rules), or NULL. */
struct rules_member *mstate_rmember(const struct mstate *ms, const char *name);

/* Display name of a member, the name itself when unknown. */
const char *mstate_display(const struct mstate *ms, const char *name);

/* Parses a state word of the database. */
enum rules_item_state mstate_item_state(const char *s);
const char *mstate_item_state_name(enum rules_item_state s);
enum rules_meeting_state mstate_meeting_state(const char *s);
const char *mstate_meeting_state_name(enum rules_meeting_state s);
enum rules_attendance mstate_attendance(const char *s);
const char *mstate_attendance_name(enum rules_attendance a);

/* SQL that formats a timestamptz column as RFC 3339 in the session zone. */
#define MSTATE_RFC3339(col) \
	"to_char(" col ", 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM')"

#endif
