/*
 * access.c: who may see what of a body (R-CONF-1); see access.h.
 */
#include "access.h"

/* True when role is in the mask (RULES_ROLE_NONE never is). */
bool
access_role_in(enum rules_role role, unsigned mask)
{
	if (role < RULES_ROLE_SECRETARY || role >= RULES_ROLE_NONE)
		return false;
	return (mask & ACCESS_ROLE(role)) != 0;
}

/* True when a seat of this role reads the body's deliberation (R-CONF-1). */
bool
access_may_read_deliberation(enum rules_role role)
{
	return access_role_in(role, ACCESS_DELIBERATION);
}

/* True when a seat of this role is of the body (not an observer). */
bool
access_of_body(enum rules_role role)
{
	return access_role_in(role, ACCESS_OF_BODY);
}

/* What a reader with this role (or the admin) sees (R-CONF-1). */
struct access_view
access_visible(enum rules_role role, bool admin)
{
	struct access_view v;

	v.full = admin || access_of_body(role);
	v.record = access_may_read_deliberation(role);
	return v;
}

/* True when a reader with view v sees an item. */
bool
access_item_visible(const struct access_view *v, bool admitted)
{
	return v->full || admitted;
}
