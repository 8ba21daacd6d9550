/* event.c: stamping meeting events and who is still to act (see event.h). */
#include "event.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "mstate.h"
#include "req.h"
#include "rules.h"

/* Sets the zone of event times (see event.h). */
void
event_init(const char *timezone)
{
	if (timezone != NULL && timezone[0] != '\0')
		(void)setenv("TZ", timezone, 1);
	tzset();
}

/* The time at_us as RFC 3339 in the instance zone (see event.h). */
char *
event_at(struct arena *a, int64_t at_us)
{
	time_t t = (time_t)(at_us / 1000000);
	struct tm tm;
	long off;

	if (at_us <= 0 || localtime_r(&t, &tm) == NULL)
		return (char *)"";
	off = tm.tm_gmtoff / 60;
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60,
	    labs(off) % 60);
}

/* The first n bytes of s or less, cut on a UTF-8 character boundary, and
 * "…", in a. */
static char *
event_cut(struct arena *a, const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return arena_printf(a, "%.*s…", (int)n, s);
}

/* Makes ev fit one notification (see event.h): fewer names in waiting
 * (waiting_n still counts them all), then a shorter detail. */
static void
event_fit(struct arena *a, Yishi__Event *ev)
{
	size_t n, d;

	while ((n = yishi__event__get_packed_size(ev)) > EVENT_PACKED_MAX &&
	    ev->n_waiting > 0)
		ev->n_waiting /= 2;
	if (n > EVENT_PACKED_MAX && ev->detail != NULL &&
	    (d = strlen(ev->detail)) > n - EVENT_PACKED_MAX + 8)
		ev->detail = event_cut(a, ev->detail,
		    d - (n - EVENT_PACKED_MAX) - 8);
}

/* Stamps r's events with their trail entry's time and position. */
void
event_stamp(struct req *r)
{
	char *at = event_at(r->a, r->at_us);
	int i;

	for (i = 0; i < r->nevents; i++) {
		r->events[i]->at = at;
		r->events[i]->seq = r->trail_seq > 0 ?
		    (uint64_t)r->trail_seq : 0;
		r->events[i]->index = (uint32_t)i;
		event_fit(r->a, r->events[i]);
	}
}

/* The first max of who is still to state or vote, as Persons. */
Yishi__Person **
event_people(struct arena *a, struct mstate *ms, bool vote, size_t max,
    size_t *n, uint32_t *total)
{
	const struct rules_member **who = arena_alloc(a, sizeof *who *
	    (max + 1));
	Yishi__Person **out;
	size_t i, count;

	count = vote ? rules_to_vote(&ms->rm, who, max) :
	    rules_to_state(&ms->rm, who, max);
	if (total != NULL)
		*total = (uint32_t)count;
	if (count > max)
		count = max;
	out = arena_alloc(a, sizeof *out * (count + 1));
	for (i = 0; i < count; i++) {
		Yishi__Person *p = arena_alloc(a, sizeof *p);
		Yishi__Person init = YISHI__PERSON__INIT;

		*p = init;
		p->member = (char *)who[i]->name;
		p->display = (char *)(who[i]->display != NULL ?
		    who[i]->display : who[i]->name);
		out[i] = p;
	}
	*n = count;
	return out;
}

/* Who is still to state after ev (see event.h). */
void
event_waiting_state(struct arena *a, struct mstate *ms, Yishi__Event *ev)
{
	ev->waiting = event_people(a, ms, false, EVENT_WAITING,
	    &ev->n_waiting, &ev->waiting_n);
}

/* Who is still to vote after ev (see event.h): the count always, the
 * names when the electorate is small or few remain, so that a ballot of a
 * large vote costs no walk over the electorate. */
void
event_waiting_vote(struct arena *a, struct mstate *ms, Yishi__Event *ev,
    unsigned electorate, unsigned cast)
{
	ev->waiting_n = cast < electorate ? electorate - cast : 0;
	if (electorate > EVENT_SCAN_MAX && ev->waiting_n > EVENT_WAITING)
		return;
	ev->waiting = event_people(a, ms, true, EVENT_WAITING,
	    &ev->n_waiting, NULL);
}
