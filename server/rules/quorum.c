/*
 * quorum.c: head-counts (N and present), quorum arithmetic, and whether a
 * meeting may open (R-NOTICE-1, R-MTG-5, R-QUORUM-1) or an item may start
 * (R-NOSUB-1, R-AGENDA-1, R-QUORUM-2).
 */
#include "rules.h"
#include "verdict.h"

#include <stdio.h>

#define RULES_OPEN_EARLY_US	(30LL * 60 * 1000000)	/* R-MTG-5 */

/*
 * The N fixed when the meeting opened, for the meeting or for the current
 * item: the seats of N recused from it leave it (R-RECUSE-1), those still
 * seated (members[], not late) and those removed since (n_gone_recused).
 */
static unsigned
rules_count_fixed(const struct rules_meeting *m, bool for_item)
{
	unsigned out = m->n_open, gone = 0;
	size_t	i;

	if (!for_item)
		return out;
	for (i = 0; i < m->nmembers; i++)
		if (rules_member_votes(&m->members[i]) && m->members[i].recused)
			gone++;
	gone += m->n_gone_recused;
	return gone < out ? out - gone : 0;
}

/* N (voting seats) and present for the meeting, or for the current item. */
void
rules_count(const struct rules_meeting *m, bool for_item, unsigned *n,
    unsigned *present)
{
	const struct rules_member *mb;
	size_t	i;

	if (m->counts != NULL) {
		*n = m->counts->n[for_item];
		*present = m->counts->present[for_item];
		return;
	}
	*n = *present = 0;
	for (i = 0; i < m->nmembers; i++) {
		mb = &m->members[i];
		if (!rules_member_votes(mb))
			continue;
		if (for_item && mb->recused)	/* R-RECUSE-1 */
			continue;
		(*n)++;
		if (rules_member_present(mb))
			(*present)++;
	}
	if (m->n_fixed)
		*n = rules_count_fixed(m, for_item);
}

/* Sets mb's attendance, keeping the counts c right (see rules.h). */
void
rules_count_attend(struct rules_counts *c, struct rules_member *mb,
    enum rules_attendance att)
{
	bool was = rules_member_present(mb), now;

	mb->attendance = att;
	now = rules_member_present(mb);
	if (c == NULL || was == now || !rules_member_votes(mb))
		return;
	if (now) {
		c->present[0]++;
		if (!mb->recused)	/* R-RECUSE-1 */
			c->present[1]++;
	} else {
		c->present[0]--;
		if (!mb->recused)
			c->present[1]--;
	}
}

/* The smallest head-count out of n that meets quorum q. */
unsigned
rules_quorum_needed(enum rules_quorum q, unsigned n)
{
	switch (q) {
	case RULES_QUORUM_NONE:
		return 0;
	case RULES_QUORUM_HALF:			/* 2*p >= N */
		return (n + 1) / 2;
	case RULES_QUORUM_MORE_THAN_HALF:	/* 2*p > N */
		return n / 2 + 1;
	case RULES_QUORUM_TWO_THIRDS:		/* 3*p >= 2*N */
		return (2 * n + 2) / 3;
	case RULES_QUORUM_MORE_THAN_TWO_THIRDS:	/* 3*p > 2*N */
		return 2 * n / 3 + 1;
	}
	return 0;
}

/* The inequality of quorum q itself, in integers. */
bool
rules_quorum_met(enum rules_quorum q, unsigned present, unsigned n)
{
	unsigned long long p = present, nn = n;

	switch (q) {
	case RULES_QUORUM_NONE:
		return true;
	case RULES_QUORUM_HALF:
		return 2 * p >= nn;
	case RULES_QUORUM_MORE_THAN_HALF:
		return 2 * p > nn;
	case RULES_QUORUM_TWO_THIRDS:
		return 3 * p >= 2 * nn;
	case RULES_QUORUM_MORE_THAN_TWO_THIRDS:
		return 3 * p > 2 * nn;
	}
	return true;
}

/* The inequality of quorum q as text, for messages and formulas. */
const char *
rules_quorum_formula(enum rules_quorum q)
{
	switch (q) {
	case RULES_QUORUM_NONE:
		return "none";
	case RULES_QUORUM_HALF:
		return "2*present >= N";
	case RULES_QUORUM_MORE_THAN_HALF:
		return "2*present > N";
	case RULES_QUORUM_TWO_THIRDS:
		return "3*present >= 2*N";
	case RULES_QUORUM_MORE_THAN_TWO_THIRDS:
		return "3*present > 2*N";
	}
	return "?";
}

/* R-NOSUB-1: decisions only inside an open meeting. False and v refused. */
bool
rules_check_open(const struct rules_meeting *m, struct rules_verdict *v)
{
	if (!rules_check_unsigned(m, v))
		return false;
	if (m->state == RULES_MTG_OPEN)
		return true;
	/* R-NOSUB-1 */
	rules_verdict_refuse(v, "R-NOSUB-1");
	rules_verdict_zh(v, "会议未在进行中（%s）：议事决策只能在召开的会议上进行",
	    m->state == RULES_MTG_CLOSED ? "已闭会" : "尚未开会");
	rules_verdict_en(v, "the meeting is not open (%s): items are handled "
	    "only inside an open meeting",
	    rules_meeting_state_name(m->state));
	return false;
}

/* Refuses an action the item's state does not allow. */
void
rules_refuse_item_state(const struct rules_item *it, struct rules_verdict *v)
{
	switch (it->state) {
	case RULES_ITEM_DECIDED:
		/* R-IMMUT-1 */
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "议题已作出决定，不可更改");
		rules_verdict_en(v, "the item is decided and cannot change");
		return;
	case RULES_ITEM_PROPOSED:
		/* R-AGENDA-1 */
		rules_verdict_refuse(v, "R-AGENDA-1");
		rules_verdict_zh(v, "议题尚未经书记批准");
		rules_verdict_en(v, "the item has not been approved by the "
		    "secretary");
		return;
	case RULES_ITEM_APPROVED:
		/* R-AGENDA-1 */
		rules_verdict_refuse(v, "R-AGENDA-1");
		rules_verdict_zh(v, "议题尚未开始审议");
		rules_verdict_en(v, "the item has not been started");
		return;
	case RULES_ITEM_STARTED:
		/* R-AGENDA-1 */
		rules_verdict_refuse(v, "R-AGENDA-1");
		rules_verdict_zh(v, "议题已在审议中");
		rules_verdict_en(v, "the item is already under deliberation");
		return;
	case RULES_ITEM_VOTING:
		/* R-VOTE-6 */
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "议题正在表决中");
		rules_verdict_en(v, "a vote on the item is open");
		return;
	case RULES_ITEM_DEFERRED:
		/* R-DEFER-2 */
		rules_verdict_refuse(v, "R-DEFER-2");
		rules_verdict_zh(v, "议题已暂缓，须在以后的会议上重新列入议程");
		rules_verdict_en(v, "the item was deferred and must be tabled "
		    "again at a later meeting");
		return;
	case RULES_ITEM_WITHDRAWN:
		/* R-AGENDA-2 */
		rules_verdict_refuse(v, "R-AGENDA-2");
		rules_verdict_zh(v, "议题已撤回");
		rules_verdict_en(v, "the item was withdrawn");
		return;
	}
	rules_verdict_refuse(v, "R-AGENDA-1");
	rules_verdict_zh(v, "议题状态无效");
	rules_verdict_en(v, "the item is in an unknown state");
}

/* Lists the voting seats not present (and not recused, for an item). */
static size_t
rules_quorum_absent(const struct rules_meeting *m, bool for_item,
    struct rules_verdict *v)
{
	const struct rules_member *mb;
	size_t	i, count = 0;

	for (i = 0; i < m->nmembers; i++) {
		mb = &m->members[i];
		if (!rules_member_votes(mb) || rules_member_present(mb))
			continue;
		if (for_item && mb->recused)
			continue;
		rules_verdict_missing(v, mb);
		count++;
	}
	return count;
}

/* Refuses v for a quorum short of needed, naming who is not present. */
static void
rules_quorum_refuse(const struct rules_meeting *m, bool for_item,
    const char *rule, enum rules_quorum q, struct rules_verdict *v)
{
	size_t	count;

	rules_verdict_refuse(v, rule);
	rules_verdict_zh(v, "实到%u人，需到%u人（应到%u人，%s）", v->present,
	    v->needed, v->n, rules_quorum_formula(q));
	rules_verdict_en(v, "%u present, %u needed (N = %u, %s)", v->present,
	    v->needed, v->n, rules_quorum_formula(q));
	count = rules_quorum_absent(m, for_item, v);
	if (count > 0) {
		rules_verdict_zh(v, "；未到：");
		rules_verdict_en(v, "; not present: ");
		rules_verdict_names(v, count);
	}
}

/* R-NOTICE-1, R-MTG-5, R-QUORUM-1: may the meeting open now? */
void
rules_may_open(const struct rules_meeting *m, struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	unsigned n, present;
	int64_t	 earliest;

	rules_verdict_ok(v);
	rules_count(m, false, &n, &present);
	rules_verdict_counts(v, n, present,
	    rules_quorum_needed(p->opening_quorum, n));

	if (m->state == RULES_MTG_OPEN) {
		/* R-MTG-5: it opens once */
		rules_verdict_refuse(v, "R-MTG-5");
		rules_verdict_zh(v, "会议已经开始");
		rules_verdict_en(v, "the meeting is already open");
		return;
	}
	if (m->state == RULES_MTG_CLOSED) {
		/* R-IMMUT-1 */
		rules_verdict_refuse(v, "R-IMMUT-1");
		rules_verdict_zh(v, "会议已闭会，不能再次召开");
		rules_verdict_en(v, "the meeting is closed and cannot reopen");
		return;
	}
	/* R-NOTICE-1: never opens before the notice, urgent or not */
	if (p->notice_required && m->state != RULES_MTG_NOTICED) {
		rules_verdict_refuse(v, "R-NOTICE-1");
		rules_verdict_zh(v, "会议尚未发出通知，不能召开");
		rules_verdict_en(v, "the meeting cannot open before its notice "
		    "was sent");
		return;
	}
	/* R-MTG-5: no earlier than 30 minutes before the scheduled start */
	earliest = m->at_us - RULES_OPEN_EARLY_US;
	if (m->now_us < earliest) {
		long long wait = (earliest - m->now_us + 59999999) / 60000000;

		rules_verdict_refuse(v, "R-MTG-5");
		rules_verdict_zh(v, "会议最早于预定开始前30分钟召开，还需等待%lld分钟",
		    wait);
		rules_verdict_en(v, "the meeting opens no earlier than 30 "
		    "minutes before its scheduled start: %lld minutes to wait",
		    wait);
		return;
	}
	/* R-QUORUM-1 */
	if (!rules_quorum_met(p->opening_quorum, present, n))
		rules_quorum_refuse(m, false, "R-QUORUM-1", p->opening_quorum,
		    v);
}

/* R-NOSUB-1, R-AGENDA-1, R-QUORUM-2: may this item start now? */
void
rules_may_start_item(const struct rules_meeting *m,
    const struct rules_item *it, struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	enum rules_quorum q;
	const char *rule;
	unsigned n, present;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	if (rules_category_major(it->category) &&
	    p->item_quorum_major != RULES_QUORUM_NONE) {
		q = p->item_quorum_major;	/* R-QUORUM-2 */
		rule = "R-QUORUM-2";
	} else {
		q = p->opening_quorum;		/* R-QUORUM-1, still held */
		rule = "R-QUORUM-1";
	}
	rules_verdict_counts(v, n, present, rules_quorum_needed(q, n));

	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	/* R-AGENDA-1: only approved items start */
	if (it->state != RULES_ITEM_APPROVED) {
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-QUORUM-2 (major items), R-QUORUM-1 (the others) */
	if (!rules_quorum_met(q, present, n))
		rules_quorum_refuse(m, true, rule, q, v);
}
