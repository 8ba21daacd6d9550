/* days.c: civil dates as day numbers (see days.h). */
#include "days.h"

#include <stdbool.h>

/* Floor division by a positive divisor. */
static int64_t
days_floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

/* Days in a month of the proleptic Gregorian calendar. */
int
days_in_month(int y, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (mon == 2 && leap)
		return 29;
	return days[mon - 1];
}

/* The day number of a civil date, counted by 400-year eras of 146097
 * days from 0000-03-01 (the leap day then ends its year). */
int64_t
days_from_civil(int y, int mon, int d)
{
	int64_t yy = mon <= 2 ? (int64_t)y - 1 : y;
	int64_t era = days_floordiv(yy, 400);
	int64_t yoe = yy - era * 400;			/* 0 .. 399 */
	int64_t doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The civil date of a day number (the inverse of days_from_civil). */
void
days_to_civil(int64_t day, int *y, int *mon, int *d)
{
	int64_t z = day + 719468;
	int64_t era = days_floordiv(z, 146097);
	int64_t doe = z - era * 146097;			/* 0 .. 146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*mon = (int)mm;
	*d = (int)dd;
}

/* The day an instant falls on, rounding towards the past. */
int64_t
days_from_us(int64_t us)
{
	return days_floordiv(us, 86400LL * 1000000);
}
