/*
 * perm.c: the permission column of the handler table, checked once before
 * a handler decides (see perm.h).
 */
#include "perm.h"

#include <string.h>

#include "handlers.h"
#include "req.h"
#include "rules.h"

/* The caller's seat role in the request's body, RULES_ROLE_NONE without. */
static enum rules_role
perm_role(const struct req *r)
{
	enum rules_role role;

	if (r->role == NULL || !rules_role_parse(r->role, &role))
		return RULES_ROLE_NONE;
	return role;
}

/* True when the caller may make request r (see perm.h). */
bool
perm_check(struct req *r)
{
	const struct perm *p = &r->h->perm;
	const char *self;
	bool ok;

	if (p->roles == 0 && p->also == 0)
		return true;
	ok = access_role_in(perm_role(r), p->roles) ||
	    ((p->also & PERM_ADMIN) && r->admin) ||
	    ((p->also & PERM_CHAIR) && handlers_is_chair(r));
	if (!ok && (p->also & PERM_SELF) && p->self != NULL && r->who != NULL &&
	    (self = p->self(r)) != NULL)
		ok = strcmp(self, r->who) == 0;
	return handlers_need(r, ok, p->zh != NULL ? p->zh : "",
	    p->en != NULL ? p->en : "");
}

/* Runs r's handler once the caller holds its permission (see perm.h). */
void
perm_decide(struct req *r)
{
	if (perm_check(r))
		r->h->decide(r);
}
