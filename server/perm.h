/*
 * perm.h: who may make a request at all, declared in the handler table
 * (struct handler's .perm) and checked in one place, before the handler
 * decides. A refusal is "permission denied" (exit 4) naming what is needed.
 *
 * What the rules engine decides (R-LAST-2: may the secretary state yet?)
 * stays with the rules; what depends on the request's arguments (the
 * recorder enters another member's vote) stays with the handler. Requests
 * for the instance admin alone are marked REQ_F_ADMIN and refused earlier,
 * before anything of a body is loaded.
 *
 * The check itself is pure: req.c says who is asking (struct perm_caller)
 * and refuses when perm_allows says no, so this file calls nothing back.
 */
#ifndef YISHI_PERM_H
#define YISHI_PERM_H

#include <stdbool.h>

#include "access.h"
#include "rules.h"

struct req;

#define PERM_CHAIR	0x1u	/* the chair of this meeting */
#define PERM_SELF	0x2u	/* the member the request is about */
#define PERM_ADMIN	0x4u	/* the instance admin */

struct perm {
	/* Seat roles in the body that may (ACCESS_ROLE bits, access.h). */
	unsigned	 roles;
	/* Who else may: PERM_CHAIR, PERM_SELF, PERM_ADMIN. Both 0: anyone
	 * with an active identity. */
	unsigned	 also;
	/* PERM_SELF: the identity the request is about (NULL: nobody). */
	const char	*(*self)(const struct req *r);
	/* What is needed, in the refusal (Chinese, English). */
	const char	*zh, *en;
};

/* Who is asking, as the permission column needs it. */
struct perm_caller {
	enum rules_role	 role;	/* seat role in the body, RULES_ROLE_NONE */
	bool		 admin;	/* the instance admin */
	bool		 chair;	/* chairs the request's meeting */
	bool		 self;	/* the identity the request is about */
};

/* True when the caller may make a request whose handler declares p. */
bool perm_allows(const struct perm *p, const struct perm_caller *c);

#endif
