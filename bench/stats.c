/* stats.c: samples, percentiles, the clock (see stats.h). */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
