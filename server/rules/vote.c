/*
 * vote.c: opening a vote (R-SCOPE-1, R-LAST-4, R-VOTE-0, R-VOTE-1) and
 * casting a ballot (R-VOTE-6, R-VOTE-8, R-RECUSE-1).
 */
#include "rules.h"
#include "verdict.h"

/* The methods a profile allows for an item class, as a bit set. */
static unsigned
rules_vote_methods(const struct rules_profile *p, enum rules_category c)
{
	if (c == RULES_CAT_PERSONNEL)
		return p->methods_personnel;
	if (rules_category_major(c))
		return p->methods_major;
	return p->methods_ordinary;
}

/* True when a vote is open on the item. */
static bool
rules_vote_is_open(const struct rules_item *it)
{
	return it->vote_open || it->state == RULES_ITEM_VOTING;
}

/* R-SCOPE-1, R-VOTE-0, R-VOTE-1: may a vote open with this method now? */
void
rules_may_open_vote(const struct rules_meeting *m,
    const struct rules_item *it, enum rules_method method,
    struct rules_verdict *v)
{
	const struct rules_profile *p = m->profile;
	unsigned n, present, allowed, i;
	size_t	count;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	rules_verdict_counts(v, n, present, 0);

	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	if (rules_vote_is_open(it)) {
		/* R-VOTE-6: one vote, its electorate fixed at opening */
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "本议题的表决已经开始");
		rules_verdict_en(v, "a vote on this item is already open");
		return;
	}
	if (it->state != RULES_ITEM_STARTED) {
		rules_refuse_item_state(it, v);
		return;
	}
	/* R-SCOPE-1 */
	if (rules_category_major(it->category) && !p->major_allowed) {
		rules_verdict_refuse(v, "R-SCOPE-1");
		rules_verdict_zh(v, "“三重一大”事项（%s）只能由党组会表决决定",
		    rules_category_name(it->category));
		rules_verdict_en(v, "major items (%s) are voted on only in a "
		    "party_group meeting", rules_category_name(it->category));
		return;
	}
	/* R-LAST-4: the profile's decision mode */
	if (p->decide != RULES_DECIDE_VOTE) {
		rules_verdict_refuse(v, "R-LAST-4");
		rules_verdict_zh(v, "%s不实行表决：由主持人听取意见后决定",
		    p->name);
		rules_verdict_en(v, "%s takes no votes: the chair decides after "
		    "hearing the members", p->name);
		return;
	}
	/* R-VOTE-0: the statement round comes first, 一把手 included */
	if (p->last_speaker || p->statements_required) {
		count = rules_round_missing(m, true, v);
		if (count > 0) {
			rules_verdict_refuse(v, "R-VOTE-0");
			rules_verdict_zh(v, "表态尚未完成，尚有%zu名成员未表态：",
			    count);
			rules_verdict_en(v, "the statement round is not complete: "
			    "%zu member%s not yet stated: ", count,
			    count == 1 ? " has" : "s have");
			rules_verdict_names(v, count);
			return;
		}
	}
	/* R-VOTE-1 */
	allowed = rules_vote_methods(p, it->category);
	if ((unsigned)method >= 32 || (allowed & (1u << method)) == 0) {
		rules_verdict_refuse(v, "R-VOTE-1");
		rules_verdict_zh(v, "%s事项不能采用%s方式表决，可用：",
		    rules_category_name(it->category), rules_method_name(method));
		rules_verdict_en(v, "%s items cannot be voted by %s; allowed: ",
		    rules_category_name(it->category), rules_method_name(method));
		count = 0;
		for (i = RULES_METHOD_ORAL; i <= RULES_METHOD_SECRET; i++) {
			if ((allowed & (1u << i)) == 0)
				continue;
			rules_verdict_zh(v, "%s%s", count ? "、" : "",
			    rules_method_name((enum rules_method)i));
			rules_verdict_en(v, "%s%s", count ? ", " : "",
			    rules_method_name((enum rules_method)i));
			count++;
		}
		if (count == 0) {
			rules_verdict_zh(v, "无");
			rules_verdict_en(v, "none");
		}
	}
}

/* R-VOTE-6, R-VOTE-8: may voter's ballot be cast now, entered by `by`? */
void
rules_may_cast(const struct rules_meeting *m, const struct rules_item *it,
    const struct rules_member *voter, const struct rules_member *by,
    struct rules_verdict *v)
{
	const struct rules_member *mb;
	unsigned n, present;
	size_t	i, count;

	rules_verdict_ok(v);
	rules_count(m, true, &n, &present);
	rules_verdict_counts(v, n, present, 0);
	if (by == NULL)
		by = voter;

	/* R-NOSUB-1 */
	if (!rules_check_open(m, v))
		return;
	/* R-VOTE-6 */
	if (!rules_vote_is_open(it)) {
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "本议题没有正在进行的表决");
		rules_verdict_en(v, "no vote is open on this item");
		return;
	}
	/* R-VOTE-6: the voting seats of the meeting's N, fixed when it
	 * opened */
	if (voter->late && rules_role_votes(voter->role)) {
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "%s的表决席位设于本次会议开始之后，不计入本次"
		    "会议应到人数（应到人数在开会时确定），不能在本次会议投票",
		    rules_member_label(voter));
		rules_verdict_en(v, "%s was given a voting seat after this "
		    "meeting opened: not in its N (fixed when it opened), and "
		    "cannot vote in it", rules_member_label(voter));
		return;
	}
	/* R-VOTE-6: only voting seats vote */
	if (!rules_member_votes(voter)) {
		rules_verdict_refuse(v, "R-VOTE-6");
		v->permission = true;
		rules_verdict_zh(v, "%s（%s）没有表决权",
		    rules_member_label(voter), rules_role_name(voter->role));
		rules_verdict_en(v, "%s (%s) has no vote",
		    rules_member_label(voter), rules_role_name(voter->role));
		return;
	}
	/* R-RECUSE-1 */
	if (voter->recused) {
		rules_verdict_refuse(v, "R-RECUSE-1");
		rules_verdict_zh(v, "%s已对本议题回避，不能投票",
		    rules_member_label(voter));
		rules_verdict_en(v, "%s is recused from this item and cannot "
		    "vote", rules_member_label(voter));
		return;
	}
	/* R-VOTE-6: the electorate was fixed when the vote opened */
	if (!voter->in_electorate) {
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "%s不在本次表决开始时确定的表决人之列",
		    rules_member_label(voter));
		rules_verdict_en(v, "%s is not in the electorate fixed when the "
		    "vote opened", rules_member_label(voter));
		return;
	}
	/* R-VOTE-6: one vote each, final once cast */
	if (voter->voted != RULES_CHOICE_NONE) {
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "%s已投票，投票一经作出不可更改",
		    rules_member_label(voter));
		rules_verdict_en(v, "%s has already voted; a vote is final",
		    rules_member_label(voter));
		return;
	}
	/* R-VOTE-6: only members present vote */
	if (!rules_member_present(voter)) {
		rules_verdict_refuse(v, "R-VOTE-6");
		rules_verdict_zh(v, "%s不在会场，不能投票",
		    rules_member_label(voter));
		rules_verdict_en(v, "%s is not present and cannot vote",
		    rules_member_label(voter));
		return;
	}
	/* R-VOTE-6: own ballot, or the recorder in oral and hands votes */
	if (!rules_member_same(voter, by)) {
		if (by->role != RULES_ROLE_RECORDER) {
			rules_verdict_refuse(v, "R-VOTE-6");
			v->permission = true;
			rules_verdict_zh(v, "只有本人或记录人可代为录入%s的表决",
			    rules_member_label(voter));
			rules_verdict_en(v, "only %s or the recorder may enter "
			    "this vote", rules_member_label(voter));
			return;
		}
		if (it->method != RULES_METHOD_ORAL &&
		    it->method != RULES_METHOD_HANDS) {
			rules_verdict_refuse(v, "R-VOTE-6");
			rules_verdict_zh(v, "%s表决须由本人投票，记录人不能代录",
			    rules_method_name(it->method));
			rules_verdict_en(v, "in a %s vote each member casts their "
			    "own; the recorder may enter only oral and hands "
			    "votes", rules_method_name(it->method));
			return;
		}
	}
	/* R-VOTE-8: the 一把手 votes last, except in a secret vote */
	if (voter->role == RULES_ROLE_SECRETARY &&
	    it->method != RULES_METHOD_SECRET) {
		count = 0;
		for (i = 0; i < m->nmembers; i++) {
			mb = &m->members[i];
			if (!mb->in_electorate || mb->recused ||
			    rules_member_same(mb, voter) ||
			    mb->voted != RULES_CHOICE_NONE ||
			    !rules_member_present(mb))
				continue;
			rules_verdict_missing(v, mb);
			count++;
		}
		if (count > 0) {
			rules_verdict_refuse(v, "R-VOTE-8");
			rules_verdict_zh(v, "一把手须最后投票，尚有%zu名成员未投票：",
			    count);
			rules_verdict_en(v, "the secretary votes last; %zu "
			    "member%s not yet voted: ", count,
			    count == 1 ? " has" : "s have");
			rules_verdict_names(v, count);
		}
	}
}
