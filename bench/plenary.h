/*
 * plenary.h: `yishi-bench plenary`: one party group of N voting seats
 * votes roll_call on one item, every member on their own handshaken
 * connection, in a one-second burst, the secretary (一把手) last
 * (R-VOTE-8). Prints the figures beside their baselines, then one JSON
 * line. With --secret the same set-up leads to an encrypted secret vote
 * on a personnel item instead (secret.h).
 */
#ifndef BENCH_PLENARY_H
#define BENCH_PLENARY_H

#include "bench.h"

/* Runs the plenary; returns 0 when every vote was acknowledged and
   counted, 1 otherwise. */
int plenary_run(struct bench *b);

#endif
