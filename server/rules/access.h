/*
 * access.h: who may see what of a body (R-CONF-1), as pure functions of a
 * reader's seat role. The request handlers and the permission table
 * (server/perm.c) ask here; nothing else writes these sets down.
 */
#ifndef YISHI_ACCESS_H
#define YISHI_ACCESS_H

#include <stdbool.h>

#include "rules.h"

/* The bit of a role in a mask of roles. */
#define ACCESS_ROLE(r)	(1u << (unsigned)(r))

/* The voting seats: secretary, deputies, members (N). */
#define ACCESS_VOTING	(ACCESS_ROLE(RULES_ROLE_SECRETARY) | \
	ACCESS_ROLE(RULES_ROLE_DEPUTY) | ACCESS_ROLE(RULES_ROLE_MEMBER))

/* Who reads the deliberation (statements, votes, opinions, dissent and
 * draft minutes): the voting seats, the recorder and the inspectors
 * (R-CONF-1). */
#define ACCESS_DELIBERATION	(ACCESS_VOTING | \
	ACCESS_ROLE(RULES_ROLE_RECORDER) | ACCESS_ROLE(RULES_ROLE_INSPECTOR))

/* The seats of the body proper: every seat but an observer's (列席, who
 * attends the items they are admitted to and is not of the body). */
#define ACCESS_OF_BODY	(ACCESS_DELIBERATION | ACCESS_ROLE(RULES_ROLE_OFFICE))

/* Every seat, observers included. */
#define ACCESS_SEATED	(ACCESS_OF_BODY | ACCESS_ROLE(RULES_ROLE_OBSERVER))

/* Who organises the body's meetings: the secretary and the office. */
#define ACCESS_ORGANISERS	(ACCESS_ROLE(RULES_ROLE_SECRETARY) | \
	ACCESS_ROLE(RULES_ROLE_OFFICE))

/* What a reader may see of a body's meetings (R-CONF-1). */
struct access_view {
	bool	 full;		/* every item; else only those admitted to */
	bool	 record;	/* the deliberation of the items seen */
};

/* True when role is in the mask (RULES_ROLE_NONE never is). */
bool access_role_in(enum rules_role role, unsigned mask);

/* True when a seat of this role reads the body's deliberation (R-CONF-1). */
bool access_may_read_deliberation(enum rules_role role);

/* True when a seat of this role is of the body (not an observer, not
 * none): it may be named responsible for a follow-up task (R-FOLLOW-1). */
bool access_of_body(enum rules_role role);

/*
 * What a reader sees of the body's meetings: a seat of the body sees every
 * item, an observer only the items they were admitted to; the deliberation
 * only as access_may_read_deliberation says. The instance admin (no seat)
 * sees the meetings and their agenda, to run the instance, but never the
 * deliberation.
 */
struct access_view access_visible(enum rules_role role, bool admin);

/* True when a reader with view v sees an item (admitted: the reader was
 * admitted to it as an observer). */
bool access_item_visible(const struct access_view *v, bool admitted);

#endif
