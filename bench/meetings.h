/*
 * meetings.h: `yishi-bench meetings`: many nine-member party-group
 * meetings at once, each running the whole procedure (check in, open, item
 * start, statements with the secretary last, roll-call vote with the
 * secretary last, close). Prints throughput and latency, then one JSON line.
 */
#ifndef BENCH_MEETINGS_H
#define BENCH_MEETINGS_H

#include "bench.h"

#define MEETINGS_SEATS 9	/* voting seats of each meeting's body */

/* Runs the meetings; returns 0 when every one finished, 1 otherwise. */
int meetings_run(struct bench *b);

#endif
