/*
 * stats.h: latency samples and their percentiles, the clock, and the
 * resident memory and CPU time of a process.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stats {
	double	*v;		/* samples, milliseconds */
	size_t	 n, cap;
	int	 sorted;
};

/* Microseconds of the monotonic clock. */
int64_t stats_now_us(void);

/* Adds one sample (milliseconds). */
void stats_add(struct stats *s, double ms);

/* The p-th percentile (0..100) of the samples, nearest rank; 0 when none. */
double stats_pct(struct stats *s, double p);

/* Empties s and frees its memory. */
void stats_clear(struct stats *s);

/* Resident set of process pid in KiB (VmRSS), or -1. */
long stats_rss_kib(pid_t pid);

/* CPU seconds (user + system) so far of pid's main thread and of all its
   other threads together (yishid: its verifier threads). 0 or -1. */
int stats_task_cpu(pid_t pid, double *main_s, double *others_s);

/* CPU seconds so far of process pid and its children together (PostgreSQL:
   the postmaster and its backends). 0 or -1. */
int stats_family_cpu(pid_t pid, double *cpu_s);

/* Busy and total CPU seconds of the whole machine so far, every core
   (/proc/stat; idle and iowait are not busy). 0 or -1. */
int stats_machine_cpu(double *busy_s, double *total_s);

#endif
