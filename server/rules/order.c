/*
 * order.c: statements (表态) and the last-speaker rule (末位表态): who may
 * state, when, and whether the statement round is complete (R-LAST-2,
 * R-LAST-6, R-RECUSE-1), and whether the chair may conclude an item without
 * a vote (R-SCOPE-1, R-LAST-4).
 */
#include "rules.h"
#include "verdict.h"

/*
 * Adds to v's missing list every present, non-recused voting member who has
 * not stated, in seat order; the secretary only if with_secretary. Returns
 * how many there are (the list itself stops at RULES_MISSING_MAX).
 */
size_t
rules_round_missing(const struct rules_meeting *m, bool with_secretary,
    struct rules_verdict *v)
{
	const struct rules_member *mb;
	size_t	i, count = 0;

	for (i = 0; i < m->nmembers; i++) {
		mb = &m->members[i];
		if (!rules_member_votes(mb) || !rules_member_present(mb) ||
		    mb->recused || mb->stated != RULES_POS_NONE)
			continue;
		if (!with_secretary && mb->role == RULES_ROLE_SECRETARY)
			continue;
		rules_verdict_missing(v, mb);
		count++;
	}
	return count;
}

/* Refuses v because count members have not stated; names them. */
static void
rules_order_refuse_round(struct rules_verdict *v, const char *rule,
    size_t count, const char *before_zh, const char *before_en)
{
	rules_verdict_refuse(v, rule);
	rules_verdict_zh(v, "%s尚有%zu名成员未表态：", before_zh, count);
	rules_verdict_en(v, "%s%zu member%s not yet stated: ", before_en,
	    count, count == 1 ? " has" : "s have");
	rules_verdict_names(v, count);
}

/* R-LAST-2, R-LAST-6, R-RECUSE-1: may member state this position now? */
void
rules_may_state(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *who, enum rules_position pos, bool has_reason,
    struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	const struct rules_member *sec;
	unsigned n, present;
	size_t	count;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	rules_verdict_counts(v, n, present, 0);

	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	if (it->state != RULES_ITEM_STARTED) {
		if (it->state == RULES_ITEM_VOTING) {
			/* R-LAST-2: the round ended when the vote opened */
			rules_verdict_refuse(v, "R-LAST-2");
			rules_verdict_zh(v, "表决已开始，表态已结束");
			rules_verdict_en(v, "the vote is open: statements are "
			    "closed");
		} else
			rules_refuse_item_state(it, v);
		return;
	}
	/* R-LAST-2: statements are made by the voting members of the
	 * meeting, those of its N (fixed when it opened) */
	if (who->late && rules_role_votes(who->role)) {
		rules_verdict_refuse(v, "R-LAST-2");
		rules_verdict_zh(v, "%s的表决席位设于本次会议开始之后，不计入本次"
		    "会议应到人数（应到人数在开会时确定），不能在本次会议表态",
		    rules_member_label(who));
		rules_verdict_en(v, "%s was given a voting seat after this "
		    "meeting opened: not in its N (fixed when it opened), and "
		    "cannot state a position in it", rules_member_label(who));
		return;
	}
	/* R-LAST-2: statements are made by voting members */
	if (!rules_member_votes(who)) {
		rules_verdict_refuse(v, "R-LAST-2");
		v->permission = true;
		rules_verdict_zh(v, "%s（%s）不是表决成员，不能表态",
		    rules_member_label(who), rules_role_name(who->role));
		rules_verdict_en(v, "%s (%s) holds no voting seat and cannot "
		    "state a position", rules_member_label(who),
		    rules_role_name(who->role));
		return;
	}
	/* R-RECUSE-1 */
	if (who->recused) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已对本议题回避，不能表态",
		    rules_member_label(who));
		rules_verdict_en(v, "%s is recused from this item and cannot "
		    "state a position", rules_member_label(who));
		return;
	}
	/* R-LAST-2: every present member states */
	if (!rules_member_present(who)) {
		rules_verdict_refuse(v, "R-LAST-2");
		rules_verdict_zh(v, "%s未到会，不能表态（请假成员可提交书面意见）",
		    rules_member_label(who));
		rules_verdict_en(v, "%s is not present and cannot state a "
		    "position (a member on leave may file a written opinion)",
		    rules_member_label(who));
		return;
	}
	if (pos == RULES_POS_NONE) {
		/* R-LAST-2: agree, disagree, abstain or defer */
		rules_verdict_refuse(v, "R-LAST-2");
		rules_verdict_zh(v, "须明确表态：同意、不同意、弃权或缓议");
		rules_verdict_en(v, "a position is required: agree, disagree, "
		    "abstain or defer");
		return;
	}
	/* R-LAST-2: one statement each */
	if (who->stated != RULES_POS_NONE) {
		rules_verdict_refuse(v, "R-LAST-2");
		rules_verdict_zh(v, "%s已表态（%s），每人只表态一次",
		    rules_member_label(who), rules_position_name(who->stated));
		rules_verdict_en(v, "%s has already stated (%s): one statement "
		    "each", rules_member_label(who),
		    rules_position_name(who->stated));
		return;
	}
	if (p->last_speaker) {
		sec = rules_secretary(m);
		if (sec != NULL && rules_member_same(who, sec)) {
			/* R-LAST-2: the 一把手 states last */
			count = rules_round_missing(m, false, v);
			if (count > 0) {
				rules_order_refuse_round(v, "R-LAST-2", count,
				    "一把手须最后表态，", "the secretary states "
				    "last; ");
				return;
			}
		} else if (sec != NULL && sec->stated != RULES_POS_NONE) {
			/* R-LAST-2: the 一把手's statement closes the round */
			rules_verdict_refuse(v, "R-LAST-2");
			rules_verdict_zh(v, "一把手%s已表态，本轮表态已结束",
			    rules_member_label(sec));
			rules_verdict_en(v, "the secretary %s has stated: the "
			    "round is closed", rules_member_label(sec));
			return;
		}
	}
	/* R-LAST-6 */
	if (p->reasons_required_major && rules_category_major(it->category) &&
	    (pos == RULES_POS_DISAGREE || pos == RULES_POS_DEFER) &&
	    !has_reason) {
		rules_verdict_refuse(v, "R-LAST-6");
		rules_verdict_zh(v, "重大事项表态%s须说明理由",
		    pos == RULES_POS_DISAGREE ? "不同意" : "缓议");
		rules_verdict_en(v, "on a major item, %s needs a reason",
		    rules_position_name(pos));
	}
}

/* R-SCOPE-1, R-LAST-4, R-LAST-2: may the chair conclude without a vote? */
void
rules_may_decide(const struct rules_meeting *m, const struct rules_item *it,
    struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	unsigned n, present;
	size_t	count;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	rules_verdict_counts(v, n, present,
	    rules_quorum_needed(p->opening_quorum, n));

	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	if (it->state != RULES_ITEM_STARTED) {
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-SCOPE-1 */
	if (rules_category_major(it->category) && !p->major_allowed) {
		rules_verdict_refuse(v, "R-SCOPE-1");
		rules_verdict_zh(v, "“三重一大”事项（%s）只能由党组会决定",
		    rules_category_name(it->category));
		rules_verdict_en(v, "major items (%s) are decided only in a "
		    "party_group meeting", rules_category_name(it->category));
		return;
	}
	/* R-LAST-4: the profile's decision mode */
	if (p->decide != RULES_DECIDE_CHAIR) {
		rules_verdict_refuse(v, "R-LAST-4");
		rules_verdict_zh(v, "%s的议题须集体表决，不能由主持人决定",
		    p->name);
		rules_verdict_en(v, "under %s items are decided by a collective "
		    "vote, not by the chair", p->name);
		return;
	}
	/* R-QUORUM-1, R-NOSUB-1: a decision needs a meeting with quorum */
	if (!rules_quorum_met(p->opening_quorum, present, n)) {
		rules_verdict_refuse(v, "R-QUORUM-1");
		rules_verdict_zh(v, "实到%u人，需到%u人（应到%u人，%s）",
		    present, v->needed, n,
		    rules_quorum_formula(p->opening_quorum));
		rules_verdict_en(v, "%u present, %u needed (N = %u, %s)",
		    present, v->needed, n,
		    rules_quorum_formula(p->opening_quorum));
		return;
	}
	/* R-LAST-2: the chair concludes after hearing everyone else */
	if (p->last_speaker) {
		count = rules_round_missing(m, false, v);
		if (count > 0)
			rules_order_refuse_round(v, "R-LAST-2", count,
			    "主持人须在其他成员表态后决定，",
			    "the chair decides after the others have "
			    "stated; ");
	}
}

/* Takes mb into out (at most max) and counts it. */
static void
rules_order_take(const struct rules_member *mb,
    const struct rules_member **out, size_t max, size_t *count)
{
	if (*count < max)
		out[*count] = mb;
	(*count)++;
}

/* Who is still to act: those for whom still(mb) holds, in seat order,
 * the 一把手 (the secretary's seat) last (R-LAST-1, R-LAST-2). */
static size_t
rules_order_still(const struct rules_meeting *m,
    bool (*still)(const struct rules_member *),
    const struct rules_member **out, size_t max)
{
	const struct rules_member *top = NULL;
	size_t i, count = 0;

	for (i = 0; i < m->nmembers; i++) {
		const struct rules_member *mb = &m->members[i];

		if (!still(mb))
			continue;
		if (mb->role == RULES_ROLE_SECRETARY && top == NULL) {
			top = mb;
			continue;
		}
		rules_order_take(mb, out, max, &count);
	}
	if (top != NULL)
		rules_order_take(top, out, max, &count);
	return count;
}

/* Still to state on the current item (R-LAST-2). */
static bool
rules_order_to_state(const struct rules_member *mb)
{
	return rules_member_votes(mb) && rules_member_present(mb) &&
	    !mb->recused && mb->stated == RULES_POS_NONE;
}

/* Still to vote in the current item's vote (R-VOTE-6). */
static bool
rules_order_to_vote(const struct rules_member *mb)
{
	return mb->in_electorate && mb->voted == RULES_CHOICE_NONE;
}

/* R-LAST-1, R-LAST-2: who is still to state (see rules.h). */
size_t
rules_to_state(const struct rules_meeting *m, const struct rules_member **out,
    size_t max)
{
	return rules_order_still(m, rules_order_to_state, out, max);
}

/* R-VOTE-6, R-VOTE-8: who is still to vote (see rules.h). */
size_t
rules_to_vote(const struct rules_meeting *m, const struct rules_member **out,
    size_t max)
{
	return rules_order_still(m, rules_order_to_vote, out, max);
}
