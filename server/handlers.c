/* handlers.c: checks shared by the request handlers (see handlers.h). */
#include "handlers.h"

#include <string.h>

#include "mstate.h"
#include "rules.h"

/* True when the caller's role in the body is one of the listed words. */
bool
handlers_role_in(const struct req *r, const char *const *roles)
{
	if (r->role == NULL)
		return false;
	for (; *roles != NULL; roles++)
		if (strcmp(r->role, *roles) == 0)
			return true;
	return false;
}

/* True for secretary, deputy and member (the seats that count in N). */
bool
handlers_voting(const char *role)
{
	return role != NULL && (strcmp(role, "secretary") == 0 ||
	    strcmp(role, "deputy") == 0 || strcmp(role, "member") == 0);
}

/* Refuses with "permission denied" naming what is needed; returns false. */
bool
handlers_need(struct req *r, bool ok, const char *zh, const char *en)
{
	if (ok)
		return true;
	req_fail(r, YISHI__STATUS__STATUS_PERMISSION_DENIED, "无权操作：%s",
	    "permission denied: %s", r->en ? en : zh);
	return false;
}

/* True when the caller is the meeting's chair (or its secretary). */
bool
handlers_is_chair(const struct req *r)
{
	const char *chair;

	if (r->ms == NULL || r->who == NULL)
		return false;
	chair = mstate_chair(r->ms);
	if (chair != NULL && strcmp(chair, r->who) == 0)
		return true;
	return r->role != NULL && strcmp(r->role, "secretary") == 0;
}

/* Checks a required text argument; refuses with invalid argument. */
bool
handlers_text(struct req *r, const char *s, const char *what, size_t max)
{
	size_t n = s != NULL ? strlen(s) : 0;
	const unsigned char *p;

	if (n == 0 || n > max) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "%s 不能为空且不超过 %zu 字节", "%s must be 1 to %zu bytes",
		    what, max);
		return false;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\n' && *p != '\t') {
			req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
			    "%s 含有控制字符", "%s contains control characters",
			    what);
			return false;
		}
	}
	return true;
}
