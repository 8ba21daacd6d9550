/*
 * verify.h: members' signatures checked off the event loop.
 *
 * An ECDSA P-256 verification costs about 50 µs of CPU, as much as all the
 * rest of a vote's work on the loop. Verifier threads (config
 * verify_threads) check signatures while the loop goes on reading,
 * deciding and writing; each answer comes back to the loop, which calls the
 * job's callback there. The threads touch nothing but their jobs: the
 * certificate's public key, the message and the signature, which the
 * submitter keeps alive and unchanged until the callback.
 *
 * With no threads (verify_threads = 0, or before verify_start) a job is
 * checked at once, on the caller's stack.
 */
#ifndef YISHI_VERIFY_H
#define YISHI_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <openssl/x509.h>

struct event_base;

typedef void (*verify_cb)(int ok, void *arg);

/* One signature to check; the submitter owns it (it may sit inside the
 * object it concerns, so that a check allocates nothing). */
struct verify_job {
	X509		*cert;		/* whose public key */
	const void	*msg;		/* the signed bytes */
	size_t		 len;
	const uint8_t	*sig;		/* DER ECDSA signature */
	size_t		 siglen;
	verify_cb	 cb;		/* called on the loop with the answer */
	void		*arg;
	int		 ok;		/* 1 the signature holds, else 0 */
	/* Optional: one more check of the same request made on the thread
	 * with the signature (a secret ballot's proofs, ballotcheck.h); its
	 * answer in xok (1 holds, else 0). */
	int		(*extra)(const struct verify_job *j);
	int		 xok;
	STAILQ_ENTRY(verify_job) entry;	/* in a queue of jobs */
};

/* Starts nthreads verifier threads answering on base (at start-up);
 * nthreads 0 checks on the loop. Returns 0 or -1 (logged). */
int verify_start(struct event_base *base, int nthreads)
    __attribute__((warn_unused_result));

/* Stops the threads (at exit); jobs not yet answered are dropped without
 * their callbacks. */
void verify_stop(void);

/*
 * Checks j->sig over j->msg against j->cert's key. Returns true when the
 * answer will come later, on the loop, through j->cb; false when there are
 * no threads and j->cb has already been called.
 */
bool verify_submit(struct verify_job *j);

/* Jobs submitted and not yet answered (for tests and the log). */
int verify_pending(void);

#endif
