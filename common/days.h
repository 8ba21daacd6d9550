/*
 * days.h: civil dates of the proleptic Gregorian calendar as day numbers,
 * days since 1970-01-01. Pure arithmetic, for the rules and the client.
 */
#ifndef YISHI_DAYS_H
#define YISHI_DAYS_H

#include <stdint.h>

/* Days in month mon (1-12) of year y. */
int days_in_month(int y, int mon);

/* The day number of a civil date (1970-01-01 is day 0). */
int64_t days_from_civil(int y, int mon, int d);

/* The civil date of a day number. */
void days_to_civil(int64_t day, int *y, int *mon, int *d);

/* The day number of an instant, in microseconds since the epoch, at UTC
 * (add the offset first for a local day). */
int64_t days_from_us(int64_t us);

#endif
