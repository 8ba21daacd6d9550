/*
 * verdict.c: building verdicts (allowed, or refused with a rule ID, a message
 * in Chinese and English and the names of who is missing), and the few
 * member predicates every rule shares.
 */
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define RULES_ELLIPSIS "…"

/* True once a message was cut: it then ends in the ellipsis. */
static bool
rules_verdict_cut(const char *buf, size_t len)
{
	size_t	el = sizeof(RULES_ELLIPSIS) - 1;

	return len >= el && memcmp(buf + len - el, RULES_ELLIPSIS, el) == 0;
}

/* Appends to a message whole or not at all; a cut message ends in "…". */
static void RULES_PRINTF(2, 0)
rules_verdict_vappend(char *buf, const char *fmt, va_list ap)
{
	size_t	len = strlen(buf), room;
	int	r;

	if (rules_verdict_cut(buf, len))
		return;
	room = RULES_MSG_MAX - sizeof(RULES_ELLIPSIS) - len;
	r = vsnprintf(buf + len, room, fmt, ap);
	if (r < 0 || (size_t)r >= room) {
		/* Never leave half a UTF-8 sequence: drop the piece. */
		memcpy(buf + len, RULES_ELLIPSIS, sizeof(RULES_ELLIPSIS));
	}
}

/* Sets v to "allowed", clearing everything else. */
void
rules_verdict_ok(struct rules_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->ok = true;
}

/* Turns v into a refusal under rule; messages are appended afterwards. */
void
rules_verdict_refuse(struct rules_verdict *v, const char *rule)
{
	v->ok = false;
	v->rule = rule;
	v->msg_zh[0] = '\0';
	v->msg_en[0] = '\0';
}

/* Appends to the Chinese message. */
void
rules_verdict_zh(struct rules_verdict *v, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	rules_verdict_vappend(v->msg_zh, fmt, ap);
	va_end(ap);
}

/* Appends to the English message. */
void
rules_verdict_en(struct rules_verdict *v, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	rules_verdict_vappend(v->msg_en, fmt, ap);
	va_end(ap);
}

/* Adds a member to the missing list (its display name); drops past the cap. */
void
rules_verdict_missing(struct rules_verdict *v, const struct rules_member *mb)
{
	if (v->nmissing < RULES_MISSING_MAX)
		v->missing[v->nmissing++] = rules_member_label(mb);
}

/*
 * Appends the missing names to both messages: "甲、乙" and "甲, 乙"; total
 * is how many there are, which can be more than the list holds.
 */
void
rules_verdict_names(struct rules_verdict *v, size_t total)
{
	size_t	i;

	for (i = 0; i < v->nmissing; i++) {
		rules_verdict_zh(v, "%s%s", i ? "、" : "", v->missing[i]);
		rules_verdict_en(v, "%s%s", i ? ", " : "", v->missing[i]);
	}
	if (total > v->nmissing) {
		rules_verdict_zh(v, "等%zu人", total);
		rules_verdict_en(v, " and %zu more", total - v->nmissing);
	}
}

/* Stores the head-counts behind a verdict. */
void
rules_verdict_counts(struct rules_verdict *v, unsigned n, unsigned present,
    unsigned needed)
{
	v->n = n;
	v->present = present;
	v->needed = needed;
}

/* Checked in and not checked out. */
bool
rules_member_present(const struct rules_member *mb)
{
	return mb->attendance == RULES_ATT_PRESENT;
}

/* Holds a voting seat that counts in N: a voting role, and not a seat
 * added after the meeting opened (N is fixed then). */
bool
rules_member_votes(const struct rules_member *mb)
{
	return rules_role_votes(mb->role) && !mb->late;
}

/* The public name of rules_member_votes (rules.h). */
bool
rules_member_in_n(const struct rules_member *mb)
{
	return rules_member_votes(mb);
}

/* The same person: same identity name, or the same struct. */
bool
rules_member_same(const struct rules_member *a, const struct rules_member *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->name == NULL || b->name == NULL)
		return false;
	return strcmp(a->name, b->name) == 0;
}

/* The name shown for a member: display, else identity, else "?". */
const char *
rules_member_label(const struct rules_member *mb)
{
	if (mb->display != NULL && mb->display[0] != '\0')
		return mb->display;
	if (mb->name != NULL)
		return mb->name;
	return "?";
}

/* The 一把手: the seat marked secretary (not the delegated chair), or NULL. */
const struct rules_member *
rules_secretary(const struct rules_meeting *m)
{
	size_t	i;

	for (i = 0; i < m->nmembers; i++)
		if (m->members[i].role == RULES_ROLE_SECRETARY)
			return &m->members[i];
	return NULL;
}
