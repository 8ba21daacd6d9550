/*
 * bench.h: what yishi-bench's modes share: the options of the run, the
 * event base and the client TLS context (main.c fills them), and a pause
 * that keeps the loop running.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stddef.h>
#include <sys/types.h>

#include <event2/event.h>
#include <openssl/ssl.h>

struct bench {
	const char	*dir;		/* the instance folder */
	char		 host[64];	/* yishid's address */
	int		 port;
	int		 sport;		/* openssl s_server's port; 0: none */
	char		 host2[64];	/* a second yishid on the same database */
	int		 port2;		/*   (0: none): odd members vote there */
	long		 forge;		/* every forge-th member's vote carries a
					   broken signature; 0: none */
	pid_t		 pid;		/* yishid's pid, for its RSS; 0: none */
	pid_t		 pgpid;		/* the postmaster's, for its CPU; 0: none */
	long		 count;		/* voters, or meetings */
	const char	*prefix;	/* identity names: PREFIX1.. */
	size_t		 window;	/* handshakes in flight */
	double		 ceil_db;	/* votes/s the database can write */
	double		 ceil_ecdsa;	/* ECDSA P-256 verifications/s */
	double		 burst_s;	/* the plenary burst lasts this long */
	int		 secret;	/* plenary: an encrypted secret vote */
	struct event_base *base;
	SSL_CTX		*ctx;
};

/* Runs the loop for about seconds (lets the server settle). */
void bench_sleep(struct bench *b, double seconds);

/* Starts `perf record` of yishid for a timed phase when YISHI_BENCH_PERF
   names its output (see scripts/bench); its pid, or 0. */
pid_t bench_perf_start(struct bench *b);
/* Stops what bench_perf_start started (0: nothing). */
void bench_perf_stop(pid_t p);

#endif
