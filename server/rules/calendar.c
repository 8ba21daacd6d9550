/*
 * calendar.c: dates as day numbers and working-day arithmetic over a
 * caller-supplied calendar of holidays and make-up working days (调休).
 */
#include "rules.h"

#include <stdio.h>

#include "days.h"

/* The day number of a civil date (1970-01-01 is day 0). */
int32_t
rules_day_from_ymd(int y, int mon, int d)
{
	return (int32_t)days_from_civil(y, mon, d);
}

/* The civil date of a day number. */
void
rules_day_to_ymd(int32_t day, int *y, int *mon, int *d)
{
	days_to_civil(day, y, mon, d);
}

/* The local day of an instant, at a fixed offset east of UTC (+28800). */
int32_t
rules_day_from_us(int64_t us, int32_t utc_offset_s)
{
	return (int32_t)days_from_us(us + (int64_t)utc_offset_s * 1000000);
}

/* Parses exactly "YYYY-MM-DD" into a day number. */
bool
rules_day_parse(const char *s, int32_t *out)
{
	int	v[3] = { 0, 0, 0 }, i, f;
	static const int widths[3] = { 4, 2, 2 };

	if (s == NULL)
		return false;
	for (f = 0; f < 3; f++) {
		for (i = 0; i < widths[f]; i++, s++) {
			if (*s < '0' || *s > '9')
				return false;
			v[f] = v[f] * 10 + (*s - '0');
		}
		if (f < 2 && *s++ != '-')
			return false;
	}
	if (*s != '\0' || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > days_in_month(v[0], v[1]))
		return false;
	*out = rules_day_from_ymd(v[0], v[1], v[2]);
	return true;
}

/* Formats a day number as "YYYY-MM-DD". */
void
rules_day_format(int32_t day, char out[RULES_DAY_LEN])
{
	int	y, mon, d;

	rules_day_to_ymd(day, &y, &mon, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, RULES_DAY_LEN, "%s", "0000-00-00");
		return;
	}
	snprintf(out, RULES_DAY_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)mon % 100u, (unsigned)d % 100u);
}

/* The ISO weekday of a day number: 1 Monday .. 7 Sunday. */
int
rules_day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday */
	return (int)(((int64_t)day % 7 + 7 + 3) % 7) + 1;
}

/* True when the exceptions are sorted by day, no day twice. */
bool
rules_cal_valid(const struct rules_calendar *cal)
{
	size_t	i;

	if (cal == NULL || cal->nexceptions == 0)
		return true;
	if (cal->exceptions == NULL)
		return false;
	for (i = 1; i < cal->nexceptions; i++)
		if (cal->exceptions[i - 1].day >= cal->exceptions[i].day)
			return false;
	return true;
}

/* Working day: an exception decides, else Monday to Friday. */
bool
rules_cal_is_workday(const struct rules_calendar *cal, int32_t day)
{
	size_t	lo = 0, hi, mid;

	if (cal != NULL && cal->exceptions != NULL) {
		hi = cal->nexceptions;
		while (lo < hi) {	/* binary search */
			mid = lo + (hi - lo) / 2;
			if (cal->exceptions[mid].day == day)
				return cal->exceptions[mid].workday;
			if (cal->exceptions[mid].day < day)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return rules_day_weekday(day) <= 5;
}

/* The last working day strictly before day. */
int32_t
rules_cal_prev_workday(const struct rules_calendar *cal, int32_t day)
{
	return rules_cal_add_workdays(cal, day, -1);
}

/*
 * The n-th working day after (n > 0) or before (n < 0) day, day itself not
 * counted. Terminates: the exceptions are finite, weekdays are not.
 */
int32_t
rules_cal_add_workdays(const struct rules_calendar *cal, int32_t day, int n)
{
	int	step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		if (rules_cal_is_workday(cal, day))
			n -= step;
	}
	return day;
}

/*
 * Working days in (from, to]; when to < from, minus those in [to, from),
 * so that count(d, add(d, n)) == n.
 */
int
rules_cal_count_workdays(const struct rules_calendar *cal, int32_t from,
    int32_t to)
{
	int32_t	d;
	int	count = 0;

	if (to < from)
		return -rules_cal_count_workdays(cal, to - 1, from - 1);
	for (d = from + 1; d <= to && d > from; d++)
		if (rules_cal_is_workday(cal, d))
			count++;
	return count;
}
