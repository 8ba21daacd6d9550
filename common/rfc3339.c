/* rfc3339.c: RFC 3339 date-times (see rfc3339.h). */
#include "rfc3339.h"

#include <stddef.h>

#include "days.h"

#define RFC3339_FRAC_MAX 9	/* digits of fraction, at most */
/* The offsets of the world's time zones, -12:00 to +14:00, in minutes:
 * the grammar's -23:59 .. +23:59 is more than PostgreSQL takes. */
#define RFC3339_OFFSET_MIN	(-12 * 60)
#define RFC3339_OFFSET_MAX	(14 * 60)

/* Reads n decimal digits at *p into *v and moves past them; false when
 * they are not all digits. */
static bool
rfc3339_num(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return false;
		*v = *v * 10 + (c - '0');
	}
	*p += n;
	return true;
}

/* Moves past the character c at *p; false when it is not there. */
static bool
rfc3339_sep(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* Parses exactly one RFC 3339 date-time. */
bool
rfc3339_parse(const char *s, struct rfc3339 *out)
{
	struct rfc3339 t;
	const char *p = s;
	int oh, om, sign, n;

	if (s == NULL)
		return false;
	if (!rfc3339_num(&p, 4, &t.year) || !rfc3339_sep(&p, '-') ||
	    !rfc3339_num(&p, 2, &t.month) || !rfc3339_sep(&p, '-') ||
	    !rfc3339_num(&p, 2, &t.day))
		return false;
	if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 ||
	    t.day > days_in_month(t.year, t.month))
		return false;
	if (*p != 'T' && *p != 't')
		return false;
	p++;
	if (!rfc3339_num(&p, 2, &t.hour) || !rfc3339_sep(&p, ':') ||
	    !rfc3339_num(&p, 2, &t.minute) || !rfc3339_sep(&p, ':') ||
	    !rfc3339_num(&p, 2, &t.second))
		return false;
	if (t.hour > 23 || t.minute > 59 || t.second > 60)
		return false;
	if (*p == '.') {
		for (p++, n = 0; *p >= '0' && *p <= '9'; p++, n++)
			;
		if (n == 0 || n > RFC3339_FRAC_MAX)
			return false;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		t.offset_min = 0;
	} else {
		if (*p != '+' && *p != '-')
			return false;
		sign = *p++ == '-' ? -1 : 1;
		if (!rfc3339_num(&p, 2, &oh) || !rfc3339_sep(&p, ':') ||
		    !rfc3339_num(&p, 2, &om) || *p != '\0' || oh > 23 ||
		    om > 59)
			return false;
		t.offset_min = sign * (oh * 60 + om);
		if (t.offset_min < RFC3339_OFFSET_MIN ||
		    t.offset_min > RFC3339_OFFSET_MAX)
			return false;
	}
	if (out != NULL)
		*out = t;
	return true;
}

/* Seconds since the epoch of a parsed time. */
long long
rfc3339_epoch(const struct rfc3339 *t)
{
	return (long long)days_from_civil(t->year, t->month, t->day) * 86400 +
	    t->hour * 3600 + t->minute * 60 + t->second -
	    (long long)t->offset_min * 60;
}
