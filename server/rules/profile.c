/*
 * profile.c: the four shipped profiles of RULES.md "Profiles shipped", as
 * constant data, and how a body kind picks its default one.
 */
#include "rules.h"

#include <string.h>

#define M(x)		(1u << RULES_METHOD_##x)
#define M_ANY		(M(ORAL) | M(HANDS) | M(ROLL_CALL) | M(SECRET))

/* 党组会: every item is voted, 末位表态, 三重一大 decided here. */
static const struct rules_profile rules_party_group = {
	.name = "party_group",
	.version = 1,
	.opening_quorum = RULES_QUORUM_HALF,		/* R-QUORUM-1 */
	.item_quorum_major = RULES_QUORUM_MORE_THAN_TWO_THIRDS, /* R-QUORUM-2 */
	.last_speaker = true,				/* R-LAST-2 */
	.statements_required = true,			/* R-VOTE-0 */
	.reasons_required_major = true,			/* R-LAST-6 */
	.decide = RULES_DECIDE_VOTE,
	.major_allowed = true,				/* R-SCOPE-1 */
	.methods_ordinary = M_ANY,			/* R-VOTE-1 */
	.methods_personnel = M(SECRET) | M(ROLL_CALL),	/* 票决制 */
	.methods_major = M(ROLL_CALL) | M(SECRET),
	.close_split = 1,				/* R-DEFER-2 */
	.notice_required = true,			/* R-NOTICE-1 */
	.proposal_deadline_days = 0,
	.large_fund_threshold = 20000,			/* R-3Z1D-1 */
	.minutes_due_days = 7,				/* R-MIN-3 */
	.chair_delegate = RULES_DELEGATE_VOTING,	/* R-MTG-2 (002) */
	.min_scrutineers = 2,				/* R-VOTE-10 */
	.secret_vote_minutes = 30,			/* R-VOTE-9 */
};

/* 局长办公会议: the director decides after hearing; no 三重一大 decisions. */
static const struct rules_profile rules_director_office = {
	.name = "director_office",
	.version = 1,
	.opening_quorum = RULES_QUORUM_HALF,
	.item_quorum_major = RULES_QUORUM_NONE,
	.last_speaker = true,
	.statements_required = false,
	.reasons_required_major = false,
	.decide = RULES_DECIDE_CHAIR,
	.major_allowed = false,
	.methods_ordinary = 0,
	.methods_personnel = 0,
	.methods_major = 0,
	.close_split = -1,
	.notice_required = true,
	.proposal_deadline_days = 3,			/* R-AGENDA-4 */
	.large_fund_threshold = 20000,
	.minutes_due_days = 7,
	.chair_delegate = RULES_DELEGATE_DEPUTY,	/* R-MTG-4 (001) */
	.min_scrutineers = 2,				/* R-VOTE-10 */
	.secret_vote_minutes = 30,			/* R-VOTE-9 */
};

/* 局务会议: conveying and deploying; the director decides. An entrusted
 * deputy stands in for an absent director (AB角, R-MTG-10). */
static const struct rules_profile rules_bureau_affairs = {
	.name = "bureau_affairs",
	.version = 1,
	.opening_quorum = RULES_QUORUM_NONE,
	.item_quorum_major = RULES_QUORUM_NONE,
	.last_speaker = false,
	.statements_required = false,
	.reasons_required_major = false,
	.decide = RULES_DECIDE_CHAIR,
	.major_allowed = false,
	.close_split = -1,
	.notice_required = false,
	.proposal_deadline_days = 0,
	.large_fund_threshold = 20000,
	.minutes_due_days = 7,
	.adhoc_by_chair = true,				/* R-ADHOC-1 */
	.chair_delegate = RULES_DELEGATE_DEPUTY,	/* R-MTG-10 */
	.min_scrutineers = 2,				/* R-VOTE-10 */
	.secret_vote_minutes = 30,			/* R-VOTE-9 */
};

/* 专题会议: the convener decides topics, participants and conclusions,
 * and chairs; another leader convenes a meeting of their own (R-MTG-6). */
static const struct rules_profile rules_topic = {
	.name = "topic",
	.version = 1,
	.opening_quorum = RULES_QUORUM_NONE,
	.item_quorum_major = RULES_QUORUM_NONE,
	.last_speaker = false,
	.statements_required = false,
	.reasons_required_major = false,
	.decide = RULES_DECIDE_CHAIR,
	.major_allowed = false,
	.close_split = -1,
	.notice_required = false,
	.proposal_deadline_days = 0,
	.large_fund_threshold = 20000,
	.minutes_due_days = 7,
	.adhoc_by_chair = true,				/* R-ADHOC-1 */
	.chair_delegate = RULES_DELEGATE_NONE,		/* R-MTG-6 */
	.min_scrutineers = 2,				/* R-VOTE-10 */
	.secret_vote_minutes = 30,			/* R-VOTE-9 */
};

static const struct rules_profile *const rules_profiles[] = {
	&rules_party_group,
	&rules_director_office,
	&rules_bureau_affairs,
	&rules_topic,
};

/* Returns the shipped profile called name, or NULL. */
const struct rules_profile *
rules_profile_find(const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(rules_profiles) / sizeof(rules_profiles[0]); i++)
		if (strcmp(rules_profiles[i]->name, name) == 0)
			return rules_profiles[i];
	return NULL;
}

/* Each body kind defaults to the profile of the same name. */
const char *
rules_profile_for_kind(const char *kind)
{
	const struct rules_profile *p = rules_profile_find(kind);

	return p != NULL ? p->name : NULL;
}
