/*
 * handlers.h: the request handlers, one table per area (h_*.c), and the
 * small checks they share. dispatch.c finds a handler by request kind.
 */
#ifndef YISHI_HANDLERS_H
#define YISHI_HANDLERS_H

#include <stdbool.h>

#include "req.h"

extern const struct handler h_admin[];		/* h_admin.c */
extern const struct handler h_meeting[];	/* h_meeting.c */
extern const struct handler h_agenda[];		/* h_agenda.c */
extern const struct handler h_vote[];		/* h_vote.c */
extern const struct handler h_read[];		/* h_read.c */

/* True when the caller's role in the body is one of the listed words. */
bool handlers_role_in(const struct req *r, const char *const *roles);

/* True for secretary, deputy and member (the seats that count in N). */
bool handlers_voting(const char *role);

/* Refuses with "permission denied" naming what is needed; returns false. */
bool handlers_need(struct req *r, bool ok, const char *zh, const char *en);

/* True when the caller is the meeting's chair (or its secretary). */
bool handlers_is_chair(const struct req *r);

/* Checks a required text argument; refuses with invalid argument. */
bool handlers_text(struct req *r, const char *s, const char *what, size_t max);

#endif
