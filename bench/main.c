/*
 * main.c: yishi-bench, the load generator of scripts/bench: many mutual
 * TLS connections in one process on libevent, real member identities, real
 * signed protobuf frames, against a yishid the wrapper set up.
 *
 * usage: yishi-bench plenary|meetings --dir INST --server HOST:PORT
 *            --count N [--prefix P] [--pid PID] [--pg-pid PID]
 *            [--sserver HOST:PORT]
 *            [--window W] [--burst SECONDS] [--ceil-db V] [--ceil-ecdsa V]
 *            [--server2 HOST:PORT] [--forge K] [--secret]
 *
 * --secret (plenary): the vote is an encrypted secret ballot on a
 * personnel item (bench/secret.c) instead of the two roll-call votes.
 *
 * --server2 and --forge are for tests (tests/integ/test_burst.sh): the
 * plenary's odd members vote through a second daemon on the same database,
 * and every K-th member's vote carries a broken signature, which must be
 * refused while every other vote is acknowledged and stored.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <openssl/err.h>

#include "bench.h"
#include "conn.h"
#include "meetings.h"
#include "plenary.h"

/* Prints the usage and exits 2. */
static void
main_usage(void)
{
	fprintf(stderr, "usage: yishi-bench plenary|meetings --dir INST "
	    "--server HOST:PORT --count N\n"
	    "           [--prefix P] [--pid PID] [--pg-pid PID] "
	    "[--sserver HOST:PORT] [--window W]\n"
	    "           [--burst SECONDS] [--ceil-db V] [--ceil-ecdsa V]\n"
	    "           [--server2 HOST:PORT] [--forge K] [--secret]\n");
	exit(2);
}

/* Splits HOST:PORT into host and *port; exits on nonsense. */
static void
main_addr(const char *s, char *host, size_t hostsz, int *port)
{
	const char *colon = strrchr(s, ':');

	if (colon == NULL || (size_t)(colon - s) >= hostsz)
		main_usage();
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = atoi(colon + 1);
	if (*port <= 0 || *port > 65535)
		main_usage();
}

/* Raises RLIMIT_NOFILE to what want connections need, or as far as it
   goes; says so when it falls short. */
static void
main_nofile(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	want += 64;
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want) {
		rl.rlim_max = rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			fprintf(stderr, "yishi-bench: open files limited to %lu "
			    "(need %zu): raise ulimit -n\n",
			    (unsigned long)rl.rlim_cur, want);
	}
}

/* Parses the options and runs one mode. */
int
main(int argc, char **argv)
{
	struct bench b;
	char path[4096];
	const char *mode;
	int i, rc;

	if (argc < 2)
		main_usage();
	memset(&b, 0, sizeof b);
	mode = argv[1];
	b.prefix = NULL;
	b.window = 64;
	b.burst_s = 1.0;
	for (i = 2; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(k, "--secret") == 0) {	/* takes no value */
			b.secret = 1;
			i--;
			continue;
		}
		if (v == NULL)
			main_usage();
		if (strcmp(k, "--dir") == 0)
			b.dir = v;
		else if (strcmp(k, "--server") == 0)
			main_addr(v, b.host, sizeof b.host, &b.port);
		else if (strcmp(k, "--sserver") == 0) {
			char h[64];

			main_addr(v, h, sizeof h, &b.sport);
		} else if (strcmp(k, "--count") == 0)
			b.count = atol(v);
		else if (strcmp(k, "--prefix") == 0)
			b.prefix = v;
		else if (strcmp(k, "--pid") == 0)
			b.pid = (pid_t)atol(v);
		else if (strcmp(k, "--pg-pid") == 0)
			b.pgpid = (pid_t)atol(v);
		else if (strcmp(k, "--window") == 0)
			b.window = (size_t)atol(v);
		else if (strcmp(k, "--burst") == 0)
			b.burst_s = atof(v);
		else if (strcmp(k, "--ceil-db") == 0)
			b.ceil_db = atof(v);
		else if (strcmp(k, "--ceil-ecdsa") == 0)
			b.ceil_ecdsa = atof(v);
		else if (strcmp(k, "--server2") == 0)
			main_addr(v, b.host2, sizeof b.host2, &b.port2);
		else if (strcmp(k, "--forge") == 0)
			b.forge = atol(v);
		else
			main_usage();
	}
	if (i != argc || b.dir == NULL || b.port == 0 || b.count < 1 ||
	    b.window < 1 || b.burst_s <= 0 || b.forge < 0)
		main_usage();
	if (b.prefix == NULL)
		b.prefix = strcmp(mode, "plenary") == 0 ? "v" : "p";
	setvbuf(stdout, NULL, _IOLBF, 0);	/* progress shows as it comes */
	signal(SIGPIPE, SIG_IGN);
	main_nofile(strcmp(mode, "meetings") == 0 ?
	    (size_t)b.count * MEETINGS_SEATS : (size_t)b.count);
	if ((b.base = event_base_new()) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/ca.pem", b.dir);
	if ((b.ctx = conn_ctx_new(path)) == NULL)
		return 1;
	if (strcmp(mode, "plenary") == 0)
		rc = plenary_run(&b);
	else if (strcmp(mode, "meetings") == 0)
		rc = meetings_run(&b);
	else {
		main_usage();
		rc = 2;
	}
	SSL_CTX_free(b.ctx);
	event_base_free(b.base);
	return rc;
}
