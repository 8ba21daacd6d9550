/*
 * rules.h: the procedural rules of RULES.md as pure functions.
 *
 * No I/O here: no libpq, no libevent, no clock, no allocation that outlives a
 * call. The caller loads the state into the plain structs below, asks one
 * question, and gets a verdict: allowed, or refused with the rule ID from
 * RULES.md, a message in Chinese and in English, and who or what is missing.
 *
 * Every function named rules_may_* answers one "may this happen now?"
 * question; rules_tally computes the outcome of a vote.
 */
#ifndef YISHI_RULES_H
#define YISHI_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RULES_MISSING_MAX 64	/* names listed in one verdict */
#define RULES_MSG_MAX 768

enum rules_role {
	RULES_ROLE_SECRETARY,	/* 书记 / 一把手: chair and last speaker */
	RULES_ROLE_DEPUTY,
	RULES_ROLE_MEMBER,
	RULES_ROLE_RECORDER,
	RULES_ROLE_OFFICE,
	RULES_ROLE_INSPECTOR,
	RULES_ROLE_OBSERVER,
	RULES_ROLE_NONE		/* no seat in the body */
};

enum rules_category {
	RULES_CAT_ORDINARY,
	RULES_CAT_MAJOR_DECISION,
	RULES_CAT_PERSONNEL,
	RULES_CAT_MAJOR_PROJECT,
	RULES_CAT_LARGE_FUND
};

enum rules_position {
	RULES_POS_NONE,		/* has not stated */
	RULES_POS_AGREE,
	RULES_POS_DISAGREE,
	RULES_POS_DEFER,
	RULES_POS_ABSTAIN
};

enum rules_choice {
	RULES_CHOICE_NONE,	/* has not voted */
	RULES_CHOICE_YES,
	RULES_CHOICE_NO,
	RULES_CHOICE_ABSTAIN,
	RULES_CHOICE_SECRET	/* voted in a secret vote: choice unknown */
};

enum rules_method {
	RULES_METHOD_ORAL,
	RULES_METHOD_HANDS,
	RULES_METHOD_ROLL_CALL,
	RULES_METHOD_SECRET
};

enum rules_outcome {
	RULES_OUTCOME_PASSED,
	RULES_OUTCOME_REJECTED,
	RULES_OUTCOME_DEFERRED,
	RULES_OUTCOME_NO_QUORUM
};

enum rules_meeting_state {
	RULES_MTG_SCHEDULED,
	RULES_MTG_NOTICED,
	RULES_MTG_OPEN,
	RULES_MTG_CLOSED
};

enum rules_item_state {
	RULES_ITEM_PROPOSED,
	RULES_ITEM_APPROVED,
	RULES_ITEM_STARTED,	/* under deliberation: statements */
	RULES_ITEM_VOTING,	/* a vote is open */
	RULES_ITEM_DECIDED,
	RULES_ITEM_DEFERRED,
	RULES_ITEM_WITHDRAWN
};

enum rules_attendance {
	RULES_ATT_EXPECTED,	/* nothing recorded yet */
	RULES_ATT_PRESENT,
	RULES_ATT_LEFT,		/* checked out */
	RULES_ATT_LEAVE_REQUESTED,
	RULES_ATT_LEAVE,	/* approved leave */
	RULES_ATT_ABSENT
};

/* How a profile counts an opening or item quorum. */
enum rules_quorum {
	RULES_QUORUM_NONE,
	RULES_QUORUM_HALF,		/* 2*present >= N */
	RULES_QUORUM_MORE_THAN_HALF,	/* 2*present > N */
	RULES_QUORUM_TWO_THIRDS,	/* 3*present >= 2*N */
	RULES_QUORUM_MORE_THAN_TWO_THIRDS	/* 3*present > 2*N */
};

/* How items are decided under a profile. */
enum rules_decide {
	RULES_DECIDE_VOTE,	/* 集体表决 */
	RULES_DECIDE_CHAIR	/* the director or convener decides */
};

/* To whom the secretary may entrust the chair (R-MTG-2, R-MTG-4). */
enum rules_delegate {
	RULES_DELEGATE_NONE,	/* the chair is never entrusted */
	RULES_DELEGATE_DEPUTY,	/* to a deputy (副局长) */
	RULES_DELEGATE_VOTING	/* to a deputy or a member (其他党组成员) */
};

/* A profile: the settings of RULES.md "Profiles shipped", as data. */
struct rules_profile {
	const char	*name;
	unsigned	 version;
	enum rules_quorum opening_quorum;
	enum rules_quorum item_quorum_major;
	bool		 last_speaker;		/* 末位表态 on every item */
	bool		 statements_required;	/* every present voter states */
	bool		 reasons_required_major; /* R-LAST-6 */
	enum rules_decide decide;
	bool		 major_allowed;		/* R-SCOPE-1 */
	unsigned	 methods_ordinary;	/* bit (1u << enum rules_method) */
	unsigned	 methods_personnel;
	unsigned	 methods_major;		/* other major classes */
	int		 close_split;		/* |yes-no| <= close_split defers; -1 none */
	bool		 notice_required;	/* R-NOTICE-1 */
	int		 proposal_deadline_days; /* R-AGENDA-4; 0: none */
	int64_t		 large_fund_threshold;	/* amount > this: large_fund */
	int		 minutes_due_days;	/* R-MIN-3 */
	bool		 adhoc_by_chair;	/* R-ADHOC-1: after notice the
						 * chair adds any item */
	enum rules_delegate chair_delegate;	/* R-MTG-2 */
	unsigned	 min_scrutineers;	/* R-VOTE-10: named at a secret
						 * vote's opening */
	unsigned	 secret_vote_minutes;	/* R-VOTE-9: a secret vote's
						 * voting period, from its key */
};

/* One seat of the body, with its part in the meeting and the current item. */
struct rules_member {
	const char	*name;		/* identity name */
	const char	*display;	/* 张三 */
	enum rules_role	 role;
	enum rules_attendance attendance;
	bool		 recused;	/* on the current item */
	enum rules_position stated;	/* on the current item */
	bool		 in_electorate;	/* of the current item's vote */
	enum rules_choice voted;	/* in the current item's vote */
	bool		 late;		/* holds a voting seat it did not hold
					 * when the meeting opened: not in the
					 * meeting's N, never counted present,
					 * neither states nor votes in it */
};

struct rules_meeting {
	const struct rules_profile *profile;
	enum rules_meeting_state state;
	bool		 urgent;
	const char	*chair;		/* identity name of the chair */
	const struct rules_member *members;
	size_t		 nmembers;
	int64_t		 now_us;	/* current time, µs since the epoch */
	int64_t		 at_us;		/* scheduled start */
	bool		 minutes_signed; /* R-MIN-2: frozen */
	/*
	 * N (应到) is the voting seats of the body when the meeting opens
	 * (RULES.md, Conventions). Once it opened, n_fixed is set and n_open
	 * is that N: every head-count of the meeting, its quorum and every
	 * vote threshold, is taken against it, whatever seats were added or
	 * removed since. A seat added since is `late` (not in N); a seat of
	 * N since removed stays in N and is never present. n_gone_recused:
	 * such removed seats recused from the current item (they leave the
	 * item's N, R-RECUSE-1, and are not among members[]).
	 */
	bool		 n_fixed;
	unsigned	 n_open;
	unsigned	 n_gone_recused;
	/* When not NULL, rules_count's answers ([0] the meeting, [1] the
	 * item), kept by a caller that decides many requests on members whose
	 * seats and recusals do not change meanwhile; attendance changes go
	 * through rules_count_attend, which keeps them right. */
	const struct rules_counts *counts;
};

struct rules_counts {
	unsigned	 n[2], present[2];
};

struct rules_item {
	enum rules_category category;
	enum rules_item_state state;
	bool		 emergency;
	bool		 vote_open;
	enum rules_method method;	/* when a vote exists */
	unsigned	 yes, no, abstain;	/* counters of the vote */
};

/* The answer to one question. */
struct rules_verdict {
	bool		 ok;
	const char	*rule;		/* "R-LAST-2" when refused */
	char		 msg_zh[RULES_MSG_MAX];
	char		 msg_en[RULES_MSG_MAX];
	const char	*missing[RULES_MISSING_MAX];	/* display names */
	size_t		 nmissing;
	unsigned	 n, present, needed;	/* head-counts behind it */
	bool		 permission;	/* refused for lack of a seat (exit 4),
					 * not for the state of the procedure */
};

/* The outcome of a tally (R-VOTE-5, R-DEFER-2, R-QUORUM-2). */
struct rules_tally {
	enum rules_outcome outcome;
	unsigned	 n, present, electorate;
	unsigned	 yes, no, abstain, not_voting;
	const char	*rule;		/* the pass rule applied */
	char		 formula[128];	/* e.g. "2*yes > N and 3*yes > 2*cast" */
};

/* Returns the shipped profile called name, or NULL. */
const struct rules_profile *rules_profile_find(const char *name);

/* Returns the default profile name for a body kind, or NULL. */
const char *rules_profile_for_kind(const char *kind);

/* True for the four 三重一大 classes. */
bool rules_category_major(enum rules_category c);

/* Parse and name helpers; *_parse return false on an unknown word. */
bool rules_role_parse(const char *s, enum rules_role *out);
const char *rules_role_name(enum rules_role r);
bool rules_role_votes(enum rules_role r);	/* counts in N */
/* Holds a voting seat that counts in the meeting's N: a voting role, and
 * not a seat added after the meeting opened. */
bool rules_member_in_n(const struct rules_member *mb);
bool rules_category_parse(const char *s, enum rules_category *out);
const char *rules_category_name(enum rules_category c);
bool rules_position_parse(const char *s, enum rules_position *out);
const char *rules_position_name(enum rules_position p);
bool rules_choice_parse(const char *s, enum rules_choice *out);
const char *rules_choice_name(enum rules_choice c);
bool rules_method_parse(const char *s, enum rules_method *out);
const char *rules_method_name(enum rules_method m);
const char *rules_outcome_name(enum rules_outcome o);
bool rules_meeting_state_parse(const char *s, enum rules_meeting_state *out);
const char *rules_meeting_state_name(enum rules_meeting_state st);
bool rules_item_state_parse(const char *s, enum rules_item_state *out);
const char *rules_item_state_name(enum rules_item_state st);
bool rules_attendance_parse(const char *s, enum rules_attendance *out);
const char *rules_attendance_name(enum rules_attendance a);

/* N and present for the meeting, or for the current item (recusals out);
 * once the meeting opened, N is the N fixed then (n_open). */
void rules_count(const struct rules_meeting *m, bool for_item,
    unsigned *n, unsigned *present);

/* Sets mb's attendance to att and keeps the head-counts c (NULL: none)
 * right, so that a check-in costs one member, not a walk over all. */
void rules_count_attend(struct rules_counts *c, struct rules_member *mb,
    enum rules_attendance att);

/*
 * R-NOTICE-1, R-QUORUM-1, R-MTG-5: may the meeting open now? Refusals by
 * quorum list the voting seats not present in missing[].
 */
void rules_may_open(const struct rules_meeting *m, struct rules_verdict *v);

/*
 * R-AGENDA-1, R-NOSUB-1, R-QUORUM-2: may this item start now? A major item
 * needs the profile's item quorum; any other item the opening quorum still
 * (R-QUORUM-1), both counted without the recused.
 */
void rules_may_start_item(const struct rules_meeting *m,
    const struct rules_item *it, struct rules_verdict *v);

/*
 * R-LAST-2, R-LAST-6, R-RECUSE-1: may member state this position now?
 * The 一把手 is the seat with role SECRETARY, whoever chairs.
 */
void rules_may_state(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *who, enum rules_position pos, bool has_reason,
    struct rules_verdict *v);

/*
 * R-LAST-1, R-LAST-2: who is still to state on the current item, in
 * speaking order: the present, non-recused voting members of N who have not
 * stated, in seat order, the 一把手 (the secretary's seat) last. Fills
 * out[] with the first max of them; returns how many there are in all.
 */
size_t rules_to_state(const struct rules_meeting *m,
    const struct rules_member **out, size_t max);

/*
 * R-VOTE-6, R-VOTE-8: who is still to vote in the current item's vote:
 * the electorate who have not cast, in the same order (the 一把手 last).
 * Fills out[] with the first max; returns how many in all.
 */
size_t rules_to_vote(const struct rules_meeting *m,
    const struct rules_member **out, size_t max);

/* R-SCOPE-1, R-VOTE-0, R-VOTE-1: may a vote open with this method now? */
void rules_may_open_vote(const struct rules_meeting *m,
    const struct rules_item *it, enum rules_method method,
    struct rules_verdict *v);

/*
 * R-VOTE-10: may a secret vote open with these scrutineers (identity
 * names, n of them)? At least the profile's min_scrutineers, each a
 * present, non-recused voting member (so of the electorate), named once.
 */
void rules_may_name_scrutineers(const struct rules_meeting *m,
    const char *const *names, size_t n, struct rules_verdict *v);

/*
 * R-VOTE-10: may a member publish a scrutineer's share now? named: they
 * are a scrutineer of the round; done: they published this share already;
 * phase: the round is in the state that takes it (keying for a key share,
 * counting for a decryption share, `decrypt` telling which).
 */
void rules_may_publish_share(bool named, bool done, bool phase,
    bool decrypt, struct rules_verdict *v);

/*
 * R-VOTE-9: may the chair close a secret vote to ballots now? Every member
 * of the electorate (in_electorate) has cast (voted != NONE), or is no
 * longer present, or the profile's secret_vote_minutes have passed since
 * keyed_us (m->now_us is now). The refusal lists who has not voted.
 */
void rules_may_close_secret(const struct rules_meeting *m, int64_t keyed_us,
    struct rules_verdict *v);

/*
 * R-VOTE-11: may the chair void a secret round? secret: the item's vote is
 * secret; live: the round is neither closed nor void; reason: one given.
 */
void rules_may_void(bool secret, bool live, bool reason,
    struct rules_verdict *v);

/*
 * R-VOTE-6, R-VOTE-8: may `voter`'s ballot be cast now, entered by `by`
 * (the same member, or the recorder for oral and hands votes)? by == NULL
 * means the voter. Members are the same when their identity names match.
 * The 一把手 waits only for electors still present: one who left cannot
 * vote any more.
 */
void rules_may_cast(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *voter, const struct rules_member *by,
    struct rules_verdict *v);

/*
 * R-VOTE-5, R-DEFER-2, R-QUORUM-2: the outcome of the item's vote. A close
 * split defers only a result that would pass (a failing one stays
 * rejected); an emergency item keeps its majority. Without quorum at close
 * the outcome is no_quorum (R-QUORUM-2 for major items, R-QUORUM-1 else).
 */
void rules_tally(const struct rules_meeting *m, const struct rules_item *it,
    struct rules_tally *t);

/* An item being proposed, before it exists (R-3Z1D-1, R-TOP-1, R-ADHOC-1). */
struct rules_proposal {
	enum rules_category category;	/* as classified (R-3Z1D-1) */
	int64_t		 amount;	/* yuan */
	const char	*domain;	/* finance, personnel, ... or "" */
	const char	*responsible;	/* identity of the 分管领导, or "" */
	bool		 emergency;
	bool		 has_reason;
};

/* True for the 五个不直接分管 domains: finance, personnel, procurement,
 * tender, approval (R-TOP-1). */
bool rules_agenda_domain_valid(const char *domain);

/*
 * R-3Z1D-1: the class of an item asked as `asked` with this amount: an
 * ordinary item over the profile's threshold becomes large_fund. Returns
 * true when the class changed.
 */
bool rules_agenda_classify(const struct rules_profile *p,
    enum rules_category asked, int64_t amount, enum rules_category *out);

/*
 * R-AGENDA-1, R-TOP-1, R-ADHOC-1, R-AGENDA-2: may `by` (NULL: no seat)
 * propose this item to the meeting now? The day deadline of R-AGENDA-4 is
 * rules_may_propose.
 */
void rules_may_propose_item(const struct rules_meeting *m,
    const struct rules_proposal *p, const struct rules_member *by,
    struct rules_verdict *v);

/* R-AGENDA-1: may `who` approve items? The secretary seat only. */
bool rules_agenda_may_approve(const struct rules_member *who);

/*
 * R-SCOPE-1, R-LAST-4, R-LAST-2: may the chair conclude the item without a
 * vote (`item decide`), under a profile where the chair decides?
 */
void rules_may_decide(const struct rules_meeting *m,
    const struct rules_item *it, struct rules_verdict *v);

/* The quorum a profile setting asks for, out of n: the smallest head-count. */
unsigned rules_quorum_needed(enum rules_quorum q, unsigned n);

/* True when present meets quorum q out of n. */
bool rules_quorum_met(enum rules_quorum q, unsigned present, unsigned n);

/*
 * Working days (calendar.c). A date is a day number: days since 1970-01-01
 * (a Thursday), in the instance time zone. Monday to Friday are working days
 * unless an exception says otherwise; an exception can also make a Saturday
 * or Sunday a working day (调休).
 */
#define RULES_DAY_LEN 11	/* "YYYY-MM-DD" and its NUL */

struct rules_cal_exception {
	int32_t		 day;
	bool		 workday;	/* false: holiday; true: make-up day */
};

/* The caller's calendar: exceptions sorted by day, no day twice. */
struct rules_calendar {
	const struct rules_cal_exception *exceptions;
	size_t		 nexceptions;
};

int32_t rules_day_from_ymd(int y, int mon, int d);
void rules_day_to_ymd(int32_t day, int *y, int *mon, int *d);
int32_t rules_day_from_us(int64_t us, int32_t utc_offset_s);
bool rules_day_parse(const char *s, int32_t *out);	/* "YYYY-MM-DD" */
void rules_day_format(int32_t day, char out[RULES_DAY_LEN]);
int rules_day_weekday(int32_t day);	/* 1 Monday .. 7 Sunday */

/* True when the exceptions are sorted with no day twice. cal may be NULL. */
bool rules_cal_valid(const struct rules_calendar *cal);
bool rules_cal_is_workday(const struct rules_calendar *cal, int32_t day);
/* The last working day strictly before day. */
int32_t rules_cal_prev_workday(const struct rules_calendar *cal, int32_t day);
/*
 * The n-th working day after day (n > 0) or before it (n < 0), day itself
 * not counted; n == 0 gives day.
 */
int32_t rules_cal_add_workdays(const struct rules_calendar *cal, int32_t day,
    int n);
/*
 * Working days in (from, to]; when to < from, minus the working days in
 * [to, from). count(d, add(d, n)) == n.
 */
int rules_cal_count_workdays(const struct rules_calendar *cal, int32_t from,
    int32_t to);

/*
 * R-NOTICE-1: may the notice of meeting m (held on meeting_day) go out on
 * notice_day? Urgent meetings and profiles without notice are exempt.
 */
void rules_may_notify(const struct rules_meeting *m, int32_t notice_day,
    int32_t meeting_day, const struct rules_calendar *cal,
    struct rules_verdict *v);

/*
 * R-AGENDA-4: may item it be proposed on proposal_day for a meeting held on
 * meeting_day? Emergency items and profiles without a deadline are exempt.
 */
void rules_may_propose(const struct rules_meeting *m,
    const struct rules_item *it, int32_t proposal_day, int32_t meeting_day,
    const struct rules_calendar *cal, struct rules_verdict *v);

/* R-MIN-3: the last day to sign the minutes of a meeting closed on a day. */
int32_t rules_minutes_due(const struct rules_profile *p, int32_t closed_day,
    const struct rules_calendar *cal);

/* R-MIN-3: are unsigned minutes overdue on today? */
bool rules_minutes_overdue(const struct rules_profile *p, int32_t closed_day,
    int32_t today, const struct rules_calendar *cal);

/*
 * The minutes (minutes.c). R-MIN-2, R-IMMUT-1: once the chair signed the
 * minutes, nothing about the meeting or its items changes. Returns false
 * with v refused when m's minutes are signed.
 */
bool rules_check_unsigned(const struct rules_meeting *m,
    struct rules_verdict *v);

/* R-MIN-2: may `by` (the chair) sign the minutes: the meeting closed, not
 * signed before? */
void rules_may_sign_minutes(const struct rules_meeting *m,
    const struct rules_member *by, struct rules_verdict *v);

/* R-MIN-2: may `by` (the chair) append a corrigendum to signed minutes? */
void rules_may_correct_minutes(const struct rules_meeting *m,
    const struct rules_member *by, struct rules_verdict *v);

/*
 * Attendance and the rest of deliberation (attend.c). In each, `by` is who
 * asks and `who` whom it is about (the same member when acting for oneself);
 * either may be NULL when the identity has no seat in the body, which is a
 * permission refusal (v->permission). `it`, where present, is the item the
 * members' recused/stated/voted fields describe.
 */

/* R-LEAVE-1: may `who` ask for leave now (a voting seat, with a reason,
 * before the meeting opens, not already present)? */
void rules_may_request_leave(const struct rules_meeting *m,
    const struct rules_member *who, bool has_reason, struct rules_verdict *v);

/* R-LEAVE-1: may `by` (the chair) approve the leave `who` asked for? */
void rules_may_approve_leave(const struct rules_meeting *m,
    const struct rules_member *by, const struct rules_member *who,
    struct rules_verdict *v);

/* Roll call in the room (attendance mark): may `by` (the recorder or the
 * chair) mark `who` present or absent now (meeting not closed)? */
void rules_may_mark(const struct rules_meeting *m,
    const struct rules_member *by, const struct rules_member *who,
    bool present, struct rules_verdict *v);

/* R-RECUSE-1: may `by` (the chair, or `who` themself) record that `who`
 * recuses from item it (a voting seat, with a reason, before `who` stated
 * or voted on it, the item not decided)? */
void rules_may_recuse(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *by,
    const struct rules_member *who, bool has_reason, struct rules_verdict *v);

/* R-CONF-1: may `by` (the chair) admit `who` (an observer seat) to item it? */
void rules_may_admit(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *by,
    const struct rules_member *who, struct rules_verdict *v);

/* R-ABSENT-2: may `who` submit a written opinion on item it (on approved
 * leave, not recused, item not yet decided, none submitted before)? */
void rules_may_submit_opinion(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *who,
    bool already_submitted, struct rules_verdict *v);

/* R-DEFER-1: may `by` (the chair) defer item it (暂缓), with a reason,
 * before it is decided? */
void rules_may_defer(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *by,
    bool has_reason, struct rules_verdict *v);

/* R-DISSENT-1: may `who` file a reserved opinion (保留意见) on item it:
 * decided, `who` a voting seat who stated disagree/defer/abstain or voted
 * no/abstain, or took part in its secret vote; only once? */
void rules_may_dissent(const struct rules_meeting *m,
    const struct rules_item *it, const struct rules_member *who,
    bool already_filed, struct rules_verdict *v);

/* R-MTG-2 (chair delegation): may `by` (the secretary) entrust the chair
 * of meeting m to `to` (a deputy, or a voting member where the profile
 * allows it), before the meeting closes? */
void rules_may_delegate(const struct rules_meeting *m,
    const struct rules_member *by, const struct rules_member *to,
    struct rules_verdict *v);

/*
 * After the meeting (followup.c): follow-up tasks (R-FOLLOW-1), re-decision
 * (R-IMMUT-1), emergency disposals (R-EMERG-1) and the acknowledgment of
 * decisions by the members who were absent (通报, R-ABSENT-4).
 */

/* A decided (or undecided) item as the questions after the meeting see it. */
struct rules_decision {
	uint64_t	 body, meeting;
	enum rules_item_state state;
	const char	*outcome;	/* passed|rejected|decided|deferred|... */
	bool		 superseded;	/* a later item revised it */
};

/* True when the item passed: decided by a vote that passed or by the chair. */
bool rules_decision_passed(const struct rules_decision *d);

/*
 * R-FOLLOW-1: may a follow-up task due on `due` be assigned on decision d
 * on `today`? Only a passed decision still in force, due today or later.
 */
void rules_may_assign_followup(const struct rules_decision *d, int32_t due,
    int32_t today, struct rules_verdict *v);

/*
 * R-FOLLOW-1: may `person`, whose seat in the body has this role
 * (RULES_ROLE_NONE: none, or removed), be the person responsible for a
 * follow-up task? Only a seat of the body, not an observer's: a unit
 * outside the body is named as the task's unit, not as its person.
 */
void rules_may_be_responsible(const char *person, enum rules_role role,
    struct rules_verdict *v);

/*
 * R-FOLLOW-1: may `who` report progress on a task whose responsible person
 * is `person`? Someone else is a permission refusal; a task already done
 * takes no more reports.
 */
void rules_may_report_followup(const char *person, const char *who,
    bool done, struct rules_verdict *v);

/* R-FOLLOW-1: a task is overdue when due before today and not done. */
bool rules_followup_overdue(int32_t due, int32_t today, bool done);

/*
 * R-IMMUT-1: may an item of meeting `meeting` in body `body` revise decision
 * `old`? The old item must be decided, in the same body, in an earlier
 * meeting, and not superseded already. old == NULL: no such item.
 */
void rules_may_revise(const struct rules_decision *old, uint64_t body,
    uint64_t meeting, struct rules_verdict *v);

/*
 * R-EMERG-1: is a disposal of this class and amount major (a 三重一大 class,
 * or an amount over the profile's large-fund threshold)? A major one alerts
 * the inspectors.
 */
bool rules_disposal_major(const struct rules_profile *p,
    enum rules_category c, int64_t amount);

/*
 * R-EMERG-1, R-LAST-4: may the chair conclude the report item of an
 * emergency disposal (`item decide`, decision mode emergency_disposal)? The
 * report is heard in an open meeting with quorum once the item started,
 * whatever the profile's decision mode or the item's class.
 */
void rules_may_hear_disposal(const struct rules_meeting *m,
    const struct rules_item *it, struct rules_verdict *v);

/* R-EMERG-1: may a seat of role `role` record an emergency disposal? Only a
 * voting seat (permission refusal otherwise). */
void rules_may_record_disposal(enum rules_role role, struct rules_verdict *v);

/*
 * R-ABSENT-4 (通报): may a member of role `role` whose attendance at the
 * meeting was `att` acknowledge decision d of a meeting in state `mst`?
 * Only a voting seat absent or on leave, once the meeting closed, for a
 * decided item, once.
 */
void rules_may_ack_decision(enum rules_role role, enum rules_attendance att,
    enum rules_meeting_state mst, const struct rules_decision *d,
    bool acked, struct rules_verdict *v);

#endif
