/*
 * names.c: the words the database and the command line use for the enums of
 * rules.h, both ways.
 */
#include "rules.h"

#include <string.h>

/* Looks s up in a NULL-padded table indexed by enum value. */
static bool
rules_names_find(const char *const *tab, size_t n, const char *s, int *out)
{
	size_t	i;

	if (s == NULL)
		return false;
	for (i = 0; i < n; i++) {
		if (tab[i] != NULL && strcmp(tab[i], s) == 0) {
			*out = (int)i;
			return true;
		}
	}
	return false;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const rules_role_names[] = {
	[RULES_ROLE_SECRETARY] = "secretary",
	[RULES_ROLE_DEPUTY] = "deputy",
	[RULES_ROLE_MEMBER] = "member",
	[RULES_ROLE_RECORDER] = "recorder",
	[RULES_ROLE_OFFICE] = "office",
	[RULES_ROLE_INSPECTOR] = "inspector",
	[RULES_ROLE_OBSERVER] = "observer",
	[RULES_ROLE_NONE] = NULL,	/* never parsed */
};

static const char *const rules_category_names[] = {
	[RULES_CAT_ORDINARY] = "ordinary",
	[RULES_CAT_MAJOR_DECISION] = "major_decision",
	[RULES_CAT_PERSONNEL] = "personnel",
	[RULES_CAT_MAJOR_PROJECT] = "major_project",
	[RULES_CAT_LARGE_FUND] = "large_fund",
};

static const char *const rules_position_names[] = {
	[RULES_POS_NONE] = NULL,
	[RULES_POS_AGREE] = "agree",
	[RULES_POS_DISAGREE] = "disagree",
	[RULES_POS_DEFER] = "defer",
	[RULES_POS_ABSTAIN] = "abstain",
};

static const char *const rules_choice_names[] = {
	[RULES_CHOICE_NONE] = NULL,
	[RULES_CHOICE_YES] = "yes",
	[RULES_CHOICE_NO] = "no",
	[RULES_CHOICE_ABSTAIN] = "abstain",
	[RULES_CHOICE_SECRET] = NULL,	/* never parsed */
};

static const char *const rules_method_names[] = {
	[RULES_METHOD_ORAL] = "oral",
	[RULES_METHOD_HANDS] = "hands",
	[RULES_METHOD_ROLL_CALL] = "roll_call",
	[RULES_METHOD_SECRET] = "secret",
};

static const char *const rules_outcome_names[] = {
	[RULES_OUTCOME_PASSED] = "passed",
	[RULES_OUTCOME_REJECTED] = "rejected",
	[RULES_OUTCOME_DEFERRED] = "deferred",
	[RULES_OUTCOME_NO_QUORUM] = "no_quorum",
};

/* True for the four 三重一大 classes. */
bool
rules_category_major(enum rules_category c)
{
	return c == RULES_CAT_MAJOR_DECISION || c == RULES_CAT_PERSONNEL ||
	    c == RULES_CAT_MAJOR_PROJECT || c == RULES_CAT_LARGE_FUND;
}

/* Parses a seat role: secretary, deputy, member, recorder, ... */
bool
rules_role_parse(const char *s, enum rules_role *out)
{
	int	i;

	if (!rules_names_find(rules_role_names, NELEM(rules_role_names), s, &i))
		return false;
	*out = (enum rules_role)i;
	return true;
}

/* Names a seat role; RULES_ROLE_NONE is "none". */
const char *
rules_role_name(enum rules_role r)
{
	if ((unsigned)r < NELEM(rules_role_names) && rules_role_names[r])
		return rules_role_names[r];
	return "none";
}

/* The voting seats, which make up N: secretary, deputy, member. */
bool
rules_role_votes(enum rules_role r)
{
	return r == RULES_ROLE_SECRETARY || r == RULES_ROLE_DEPUTY ||
	    r == RULES_ROLE_MEMBER;
}

/* Parses an item class. */
bool
rules_category_parse(const char *s, enum rules_category *out)
{
	int	i;

	if (!rules_names_find(rules_category_names, NELEM(rules_category_names),
	    s, &i))
		return false;
	*out = (enum rules_category)i;
	return true;
}

/* Names an item class. */
const char *
rules_category_name(enum rules_category c)
{
	if ((unsigned)c < NELEM(rules_category_names))
		return rules_category_names[c];
	return "?";
}

/* Parses a statement: agree, disagree, defer, abstain. */
bool
rules_position_parse(const char *s, enum rules_position *out)
{
	int	i;

	if (!rules_names_find(rules_position_names, NELEM(rules_position_names),
	    s, &i))
		return false;
	*out = (enum rules_position)i;
	return true;
}

/* Names a statement; RULES_POS_NONE is "none". */
const char *
rules_position_name(enum rules_position p)
{
	if ((unsigned)p < NELEM(rules_position_names) &&
	    rules_position_names[p] != NULL)
		return rules_position_names[p];
	return "none";
}

/* Parses a ballot: yes, no, abstain. */
bool
rules_choice_parse(const char *s, enum rules_choice *out)
{
	int	i;

	if (!rules_names_find(rules_choice_names, NELEM(rules_choice_names),
	    s, &i))
		return false;
	*out = (enum rules_choice)i;
	return true;
}

/* Names a ballot; "none" when not cast, "secret" when cast unseen. */
const char *
rules_choice_name(enum rules_choice c)
{
	if (c == RULES_CHOICE_SECRET)
		return "secret";
	if ((unsigned)c < NELEM(rules_choice_names) &&
	    rules_choice_names[c] != NULL)
		return rules_choice_names[c];
	return "none";
}

/* Parses a vote method: oral, hands, roll_call, secret. */
bool
rules_method_parse(const char *s, enum rules_method *out)
{
	int	i;

	if (!rules_names_find(rules_method_names, NELEM(rules_method_names),
	    s, &i))
		return false;
	*out = (enum rules_method)i;
	return true;
}

/* Names a vote method. */
const char *
rules_method_name(enum rules_method m)
{
	if ((unsigned)m < NELEM(rules_method_names))
		return rules_method_names[m];
	return "?";
}

/* Names a vote outcome. */
const char *
rules_outcome_name(enum rules_outcome o)
{
	if ((unsigned)o < NELEM(rules_outcome_names))
		return rules_outcome_names[o];
	return "?";
}

static const char *const rules_meeting_state_names[] = {
	[RULES_MTG_SCHEDULED] = "scheduled",
	[RULES_MTG_NOTICED] = "noticed",
	[RULES_MTG_OPEN] = "open",
	[RULES_MTG_CLOSED] = "closed",
};

static const char *const rules_item_state_names[] = {
	[RULES_ITEM_PROPOSED] = "proposed",
	[RULES_ITEM_APPROVED] = "approved",
	[RULES_ITEM_STARTED] = "started",
	[RULES_ITEM_VOTING] = "voting",
	[RULES_ITEM_DECIDED] = "decided",
	[RULES_ITEM_DEFERRED] = "deferred",
	[RULES_ITEM_WITHDRAWN] = "withdrawn",
};

static const char *const rules_attendance_names[] = {
	[RULES_ATT_EXPECTED] = "expected",
	[RULES_ATT_PRESENT] = "present",
	[RULES_ATT_LEFT] = "left",
	[RULES_ATT_LEAVE_REQUESTED] = "leave_requested",
	[RULES_ATT_LEAVE] = "leave",
	[RULES_ATT_ABSENT] = "absent",
};

/* Parses a meeting state as stored: scheduled, noticed, open, closed. */
bool
rules_meeting_state_parse(const char *s, enum rules_meeting_state *out)
{
	int	i;

	if (!rules_names_find(rules_meeting_state_names,
	    NELEM(rules_meeting_state_names), s, &i))
		return false;
	*out = (enum rules_meeting_state)i;
	return true;
}

/* Names a meeting state. */
const char *
rules_meeting_state_name(enum rules_meeting_state st)
{
	if ((unsigned)st < NELEM(rules_meeting_state_names))
		return rules_meeting_state_names[st];
	return "?";
}

/* Parses an item state as stored: proposed, approved, started, ... */
bool
rules_item_state_parse(const char *s, enum rules_item_state *out)
{
	int	i;

	if (!rules_names_find(rules_item_state_names,
	    NELEM(rules_item_state_names), s, &i))
		return false;
	*out = (enum rules_item_state)i;
	return true;
}

/* Names an item state. */
const char *
rules_item_state_name(enum rules_item_state st)
{
	if ((unsigned)st < NELEM(rules_item_state_names))
		return rules_item_state_names[st];
	return "?";
}

/* Parses an attendance state: present, left, leave_requested, leave, ... */
bool
rules_attendance_parse(const char *s, enum rules_attendance *out)
{
	int	i;

	if (!rules_names_find(rules_attendance_names,
	    NELEM(rules_attendance_names), s, &i))
		return false;
	*out = (enum rules_attendance)i;
	return true;
}

/* Names an attendance state; "expected" when nothing is recorded. */
const char *
rules_attendance_name(enum rules_attendance a)
{
	if ((unsigned)a < NELEM(rules_attendance_names))
		return rules_attendance_names[a];
	return "?";
}
