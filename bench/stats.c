/* stats.c: samples, percentiles, the clock, processes' CPU (see
 * stats.h). */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

/* Microseconds of the monotonic clock. */
int64_t
stats_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Adds one sample. */
void
stats_add(struct stats *s, double ms)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		if ((s->v = realloc(s->v, s->cap * sizeof *s->v)) == NULL) {
			perror("yishi-bench");
			exit(1);
		}
	}
	s->v[s->n++] = ms;
	s->sorted = 0;
}

/* Orders two doubles for qsort. */
static int
stats_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile, nearest rank. */
double
stats_pct(struct stats *s, double p)
{
	size_t k;

	if (s->n == 0)
		return 0;
	if (!s->sorted) {
		qsort(s->v, s->n, sizeof *s->v, stats_cmp);
		s->sorted = 1;
	}
	k = (size_t)ceil(p / 100.0 * (double)s->n);
	if (k < 1)
		k = 1;
	if (k > s->n)
		k = s->n;
	return s->v[k - 1];
}

/* Empties s. */
void
stats_clear(struct stats *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* VmRSS of pid from /proc. */
long
stats_rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* utime + stime of one /proc stat file, in seconds; -1 when unreadable. */
static double
stats_stat_cpu(const char *path)
{
	char buf[1024], *p;
	unsigned long ut = 0, st = 0;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* after the command name, which may hold spaces: fields 3.. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu "
	    "%lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU seconds of pid's main thread and of its other threads. */
int
stats_task_cpu(pid_t pid, double *main_s, double *others_s)
{
	char path[96];
	struct dirent *e;
	DIR *d;

	*main_s = *others_s = 0;
	snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		double s;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%ld/task/%.20s/stat",
		    (long)pid, e->d_name);
		if ((s = stats_stat_cpu(path)) < 0)
			continue;
		if (atol(e->d_name) == (long)pid)
			*main_s += s;
		else
			*others_s += s;
	}
	closedir(d);
	return 0;
}

/* Busy and total CPU seconds of the whole machine so far (/proc/stat). */
int
stats_machine_cpu(double *busy_s, double *total_s)
{
	unsigned long long v[8] = { 0 };
	double hz = (double)sysconf(_SC_CLK_TCK);
	FILE *f;
	int n, i;

	*busy_s = *total_s = 0;
	if ((f = fopen("/proc/stat", "r")) == NULL)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n != 8)
		return -1;
	for (i = 0; i < 8; i++)
		*total_s += (double)v[i] / hz;
	/* idle and iowait are not busy */
	*busy_s = *total_s - (double)(v[3] + v[4]) / hz;
	return 0;
}

/* CPU seconds so far of process pid and of its children (PostgreSQL's
   postmaster and its backends). 0 or -1. */
int
stats_family_cpu(pid_t pid, double *cpu_s)
{
	char path[96], buf[512], *p;
	struct dirent *e;
	DIR *d;

	*cpu_s = 0;
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		long ppid = 0, self = atol(e->d_name);
		size_t n;
		double s;
		FILE *f;

		if (self <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/stat", self);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		if ((p = strrchr(buf, ')')) == NULL ||
		    sscanf(p + 1, " %*c %ld", &ppid) != 1 ||
		    (self != (long)pid && ppid != (long)pid))
			continue;
		if ((s = stats_stat_cpu(path)) > 0)
			*cpu_s += s;
	}
	closedir(d);
	return 0;
}
