/* bench.c: what yishi-bench's modes share (see bench.h). */
#include "bench.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Starts `perf record -g -p PID -o FILE` on yishid for a timed phase when
   YISHI_BENCH_PERF names FILE (with YISHI_BENCH_PERF_ALL=1, -a: the whole
   machine, PostgreSQL and this bench included); returns its pid, or 0. */
pid_t
bench_perf_start(struct bench *b)
{
	const char *out = getenv("YISHI_BENCH_PERF");
	char pid[32];
	pid_t p;

	if (out == NULL || b->pid == 0)
		return 0;
	snprintf(pid, sizeof pid, "%ld", (long)b->pid);
	if ((p = fork()) == 0) {
		if (getenv("YISHI_BENCH_PERF_ALL") != NULL)
			execlp("perf", "perf", "record", "-q", "-g", "-a", "-o",
			    out, (char *)NULL);
		else
			execlp("perf", "perf", "record", "-q", "-g", "-p", pid,
			    "-o", out, (char *)NULL);
		_exit(127);
	}
	bench_sleep(b, 0.5);	/* perf attaches */
	return p > 0 ? p : 0;
}

/* Stops the perf of bench_perf_start. */
void
bench_perf_stop(pid_t p)
{
	if (p <= 0)
		return;
	kill(p, SIGINT);
	(void)waitpid(p, NULL, 0);
}
