/*
 * rfc3339.h: the one reader of RFC 3339 date-times
 * ("2026-12-01T09:00:00+08:00"), for the server's requests, the CLI's
 * options and the inspector's replay.
 */
#ifndef YISHI_RFC3339_H
#define YISHI_RFC3339_H

#include <stdbool.h>

struct rfc3339 {
	int	year, month, day;		/* a real calendar date */
	int	hour, minute, second;		/* 0-23, 0-59, 0-60 */
	int	offset_min;			/* east of UTC, in minutes */
};

/*
 * Parses exactly a date-time of RFC 3339 section 5.6: "T" or "t", seconds
 * (60 for a leap second), at most 9 digits of fraction (dropped), "Z", "z"
 * or an offset +hh:mm/-hh:mm. Narrower than the grammar where PostgreSQL
 * is: the year is 0001 or later, the offset one of a time zone (-12:00 to
 * +14:00). False for anything else, trailing text included. t may be NULL
 * to check only.
 */
bool rfc3339_parse(const char *s, struct rfc3339 *t);

/* Seconds since 1970-01-01T00:00:00Z of a parsed time (a leap second
 * counts as the next one). */
long long rfc3339_epoch(const struct rfc3339 *t);

#endif
