/* bench.c: what yishi-bench's modes share (see bench.h). */
#include "bench.h"

/* Stops the loop (bench_sleep's timer). */
static void
bench_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(int *)arg = 1;
}

/* Runs the loop for about seconds. */
void
bench_sleep(struct bench *b, double seconds)
{
	struct timeval tv;
	int flag = 0;

	tv.tv_sec = (time_t)seconds;
	tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
	event_base_once(b->base, -1, EV_TIMEOUT, bench_wake, &flag, &tv);
	while (!flag)
		if (event_base_loop(b->base, EVLOOP_ONCE) < 0)
			break;
}
