/*
 * perm.c: the permission column of the handler table, checked once before
 * a handler decides (see perm.h).
 */
#include "perm.h"

/* True when the caller may make a request whose handler declares p. */
bool
perm_allows(const struct perm *p, const struct perm_caller *c)
{
	if (p->roles == 0 && p->also == 0)
		return true;
	return access_role_in(c->role, p->roles) ||
	    ((p->also & PERM_ADMIN) && c->admin) ||
	    ((p->also & PERM_CHAIR) && c->chair) ||
	    ((p->also & PERM_SELF) && c->self);
}
