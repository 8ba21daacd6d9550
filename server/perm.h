/*
 * perm.h: who may make a request at all. One table in perm.c, one row per
 * request kind in the order of the Request ops, says it for every kind;
 * req_decide looks the row up by kind (perm_for) and checks it once,
 * before the handler decides. A refusal is "permission denied" (exit 4)
 * naming what is needed.
 *
 * What the rules engine decides (R-LAST-2: may the secretary state yet?)
 * stays with the rules; what depends on the request's arguments (the
 * recorder enters another member's vote) stays with the handler. Requests
 * for the instance admin alone are also marked REQ_F_ADMIN in their
 * handler table and refused earlier, before anything of a body is loaded.
 *
 * The check itself is pure: req.c says who is asking (struct perm_caller)
 * and refuses when perm_allows says no, so this file calls nothing back.
 */
#ifndef YISHI_PERM_H
#define YISHI_PERM_H

#include <stdbool.h>

#include "access.h"
#include "rules.h"
#include "yishi.pb-c.h"

struct mstate;

#define PERM_CHAIR	0x1u	/* the chair of this meeting */
#define PERM_SELF	0x2u	/* the member the request is about */
#define PERM_ADMIN	0x4u	/* the instance admin */

struct perm {
	/* The request kind of the row. */
	Yishi__Request__OpCase op;
	/* Seat roles in the body that may (ACCESS_ROLE bits, access.h). */
	unsigned	 roles;
	/* Who else may: PERM_CHAIR, PERM_SELF, PERM_ADMIN. Both 0: anyone
	 * with an active identity. */
	unsigned	 also;
	/* PERM_SELF: the identity the request is about, read from the
	 * request and the meeting's snapshot (NULL: nobody). */
	const char	*(*self)(const Yishi__Request *rq,
			    const struct mstate *ms);
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

/* The table, one row per request kind, closed by an all-zero row. */
extern const struct perm perm_table[];

/* The row of a request kind. A kind without a row gets the closing
 * all-zero row (its op is 0): any active identity. */
const struct perm *perm_for(Yishi__Request__OpCase op);

/* True when the caller may make a request whose row is p. */
bool perm_allows(const struct perm *p, const struct perm_caller *c);

#endif
