/*
 * replay_int.h: the record a trail says, as replay.c builds it from the
 * entries and replay_cmp.c holds it against the record the server reports.
 * Internal to those two files.
 *
 * Every fact keeps the trail entry that last set it, so that a difference
 * names the entry. Lists grow by doubling; each has a hash index on its key
 * (a number, and a name where the key has one) so that a body with a
 * ten-thousand-member plenary replays in linear time.
 */
#ifndef YISHI_CLI_REPLAY_INT_H
#define YISHI_CLI_REPLAY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay_text.h"
#include "yishi.h"

/* A growable array of one kind of fact, indexed by (k, s). */
struct rp_list {
	void	*p;
	size_t	 n, cap, size;	/* size: of one element */
	size_t	*slot;		/* open addressing: element index + 1 */
	size_t	 nslot;		/* a power of two, or 0 */
};

/* The key every element begins with. */
struct rp_key {
	uint64_t k;		/* item, meeting, task, disposal id */
	char	*s;		/* member or identity; "" when none */
	uint64_t entry;		/* the trail entry that set it last */
	bool	 seen;		/* matched by a row of the record */
};

struct rp_meeting {
	struct rp_key key;	/* k: meeting; entry: meeting.schedule */
	bool	 scheduled;
	char	*title, *at, *place, *reason;
	bool	 urgent;
	const char *state;	/* scheduled | noticed | open | closed */
	uint64_t state_seq, close_seq;
	uint64_t when_seq[3];	/* notice, open, close entries */
	int64_t	 when_us[3];	/* and when they were written */
	char	*chair;		/* delegated chair, or NULL */
	uint64_t chair_seq;
	bool	 has_n;		/* N fixed at its opening, as the seats of
				   the trail then count it (replay_fix_n) */
	long	 n_open;
};

struct rp_item {
	struct rp_key key;	/* k: item; entry: agenda.propose */
	uint64_t meeting;
	bool	 proposed;
	char	*title, *category, *domain, *responsible, *proposer, *reason;
	char	*materials;	/* canonical, sorted; NULL: not in the trail */
	long long amount;
	bool	 emergency;
	uint64_t revises;
	const char *state;	/* proposed ... decided | deferred */
	uint64_t state_seq;
	uint64_t superseded_by, supersede_seq;
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
	/* What the closing or deciding entry says it applied (R-MIN-1), as
	 * the payload has it; NULL when it does not say. */
	char	*mode, *rule, *profile, *version, *n, *present, *electorate;
	/* The electorate the trail's seats and attendance give when the
	 * vote opened (R-VOTE-6); valid when electorate_seq is not 0. */
	long	 trail_electorate;
	uint64_t electorate_seq;
	/* The item's secret round, the last one opened (replay_ballot.c);
	 * NULL when it never had one. */
	struct rp_round *round;
};

/* A member's fact about an item (a statement, an open ballot, a reserved
 * or written opinion, a recusal, an admitted observer, an acknowledgment)
 * or about a task (a progress report). */
struct rp_note {
	struct rp_key key;	/* k: item (task); s: member (report: seq) */
	char	*member;
	long	 seq;
	int64_t	 at_us;		/* when the entry was written */
	char	*a, *b;		/* position/text, choice/entered_by,
				   text/reported_to_higher, reason, text/done */
};

/* A member's attendance at a meeting. */
struct rp_att {
	struct rp_key key;	/* k: meeting; s: member */
	const char *state;	/* leave_requested | leave | present | absent
				   | left */
	char	*reason;
};

struct rp_seat {
	struct rp_key key;	/* s: identity */
	char	*role;
	bool	 removed;
	/* The trail's seat roster (replay.c "seats"): the name shown, NULL
	 * when the entry does not say; whether it is a voting seat now, and
	 * the last span it was one, from the entry that made it one to the
	 * entry that ended it (0: not ended). */
	char	*display;
	bool	 voting;
	uint64_t voting_from, voting_to;
};

struct rp_task {
	struct rp_key key;	/* k: task; entry: followup.assign */
	uint64_t item;
	char	*unit, *person, *due, *by;
	bool	 done;
	uint64_t done_seq;
};

struct rp_disposal {
	struct rp_key key;	/* k: disposal; entry: disposal.record */
	char	*title, *text, *category, *member;
	long long amount;
	uint64_t meeting, report_seq;	/* reported on this meeting's agenda */
};

/* The certificate registered for an identity (replay_bound): the
 * fingerprint a seat.add or identity.certificate entry gave it last. */
struct rp_cert {
	struct rp_key key;	/* s: identity; entry: the registering one */
	char	 fp[65];	/* lowercase hex; "" when none */
	bool	 withdrawn;	/* none because the entry said "" */
};

/* A sign-off or a corrigendum of minutes. */
struct rp_minutes {
	struct rp_key key;	/* k: meeting (corrigendum: its entry);
				   s: member */
	uint64_t meeting;
	char	*text;		/* sign-off: "head_seq:head_hash" */
};

struct replay {
	uint64_t body;
	char	 instance[65];	/* its id (proto/sign.h); "" when not set */
	uint8_t	(*hashes)[32];	/* by seq - 1 */
	size_t	 nhashes, caphashes;
	struct rp_list meetings, items, atts, seats, tasks, disposals;
	struct rp_list stmts, ballots, dissents, opinions, recusals, observers;
	struct rp_list acks, reports;
	struct rp_list signoffs, corrigenda;
	struct rp_list certs;	/* struct rp_cert, by identity */
	struct rp_list voters;	/* rp_key (meeting, identity): in its N */
	/* Secret rounds (replay_ballot.c): the electors of each round, rp_key
	 * (round, identity); every encrypted ballot, struct rp_note (item,
	 * voter) with a the ballot in hex and seq its round. */
	struct rp_list electors, sballots;
	size_t	 rounds, ballots_checked;	/* for the report */
	bool	 nomem;
	/* What the trail established that decisions depend on (issue 12):
	 * the profile and its version (body.create, profile_seq; NULL when
	 * the trail has no such entry, or the entry no version), the
	 * secretary's seat now (NULL: none), how many voting seats, and the
	 * last entry that changed a seat. */
	char	*profile, *profile_version, *secretary;
	uint64_t profile_seq, roster_seq;
	long	 nvoting;
};

/* What an entry handler gets (replay.c, replay_ballot.c). */
struct rp_ctx {
	struct replay *rp;
	const Yishi__TrailEntry *e;
	const struct replay_text *pl;
	char	*why;
	size_t	 whylen;
};

/* The element with key (k, s) (s NULL for ""), or NULL. */
void *replay_find(struct rp_list *l, uint64_t k, const char *s);

/* The canonical text of n materials given by name and SHA-256 hex, in
 * any order; NULL when out of memory. The caller frees it. */
char *replay_materials(const char *const *name, const char *const *hex,
    size_t n);

/* The element with key (k, s), added zeroed when absent; its entry becomes
 * seq. NULL when out of memory (remembered in rp). */
void *replay_add(struct replay *rp, struct rp_list *l, uint64_t k,
    const char *s, uint64_t seq);

/* Replaces *dst with a copy of src (NULL stays NULL). */
void replay_set(struct replay *rp, char **dst, const char *src);

/* True when who is of the electorate of item it as the trail stands now
 * (R-VOTE-6): a voting seat (of the meeting's N once fixed), present, not
 * recused from the item. */
bool replay_elector(struct replay *rp, const struct rp_item *it,
    const char *who);

#endif
