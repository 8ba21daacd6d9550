/* meetings.c: many meetings at once (see meetings.h). */
#include "meetings.h"

#include <stdio.h>

/* Runs the meetings. */
int
meetings_run(struct bench *b)
{
	(void)b;
	fprintf(stderr, "yishi-bench: meetings: not yet\n");
	return 1;
}
