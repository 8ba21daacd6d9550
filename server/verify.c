/* verify.c: signatures checked on verifier threads (see verify.h). */
#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "sign.h"
#include "xmalloc.h"

/* A FIFO of jobs. */
STAILQ_HEAD(verify_queue, verify_job);

static pthread_mutex_t	 verify_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 verify_wake = PTHREAD_COND_INITIALIZER;
static struct verify_queue verify_todo =	/* waiting for a thread */
    STAILQ_HEAD_INITIALIZER(verify_todo);
static struct verify_queue verify_done =	/* answered, for the loop */
    STAILQ_HEAD_INITIALIZER(verify_done);
static bool		 verify_stopping;
static pthread_t	*verify_threads;
static int		 verify_nthreads;
static int		 verify_npending;	/* loop side only */
static int		 verify_pipe[2] = { -1, -1 };	/* threads -> loop */
static struct event	*verify_ev;

/* Checks one job's signature (any thread). */
static void
verify_check(struct verify_job *j)
{
	j->ok = j->cert != NULL && j->sig != NULL && j->siglen > 0 &&
	    sign_verify(j->cert, j->msg, j->len, j->sig, j->siglen) == 0;
	j->xok = j->extra != NULL ? j->extra(j) : 1;
}

/* A verifier thread: takes jobs in order, answers each to the loop. */
static void *
verify_main(void *arg)
{
	struct verify_job *j;
	bool was_empty;
	char c = 0;

	(void)arg;
	pthread_mutex_lock(&verify_lock);
	for (;;) {
		while (STAILQ_EMPTY(&verify_todo) && !verify_stopping)
			pthread_cond_wait(&verify_wake, &verify_lock);
		if (verify_stopping)
			break;
		j = STAILQ_FIRST(&verify_todo);
		STAILQ_REMOVE_HEAD(&verify_todo, entry);
		pthread_mutex_unlock(&verify_lock);

		verify_check(j);

		pthread_mutex_lock(&verify_lock);
		was_empty = STAILQ_EMPTY(&verify_done);
		STAILQ_INSERT_TAIL(&verify_done, j, entry);
		/* One byte per batch: the loop takes the whole list after
		 * reading the pipe, so a job added to a non-empty list is
		 * always found. */
		if (was_empty)
			while (write(verify_pipe[1], &c, 1) < 0 &&
			    errno == EINTR)
				;
	}
	pthread_mutex_unlock(&verify_lock);
	return NULL;
}

/* The loop is told answers are ready: calls their callbacks in order. */
static void
verify_answered(evutil_socket_t fd, short what, void *arg)
{
	struct verify_queue ready = STAILQ_HEAD_INITIALIZER(ready);
	struct verify_job *j, *next;
	char buf[64];

	(void)what;
	(void)arg;
	/* Drain first, then take the list (see verify_main). */
	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&verify_lock);
	STAILQ_CONCAT(&ready, &verify_done);
	pthread_mutex_unlock(&verify_lock);
	for (j = STAILQ_FIRST(&ready); j != NULL; j = next) {
		next = STAILQ_NEXT(j, entry);	/* the callback may free j */
		verify_npending--;
		j->cb(j->ok, j->arg);
	}
}

/* Starts the verifier threads (see verify.h). */
int
verify_start(struct event_base *base, int nthreads)
{
	int i, rc;

	if (nthreads <= 0)
		return 0;
	if (pipe2(verify_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		log_warn("verify: pipe");
		return -1;
	}
	verify_ev = event_new(base, verify_pipe[0], EV_READ | EV_PERSIST,
	    verify_answered, NULL);
	if (verify_ev == NULL || event_add(verify_ev, NULL) != 0) {
		log_warnx("verify: cannot watch the answers");
		return -1;
	}
	verify_stopping = false;
	verify_threads = xcalloc((size_t)nthreads, sizeof *verify_threads);
	for (i = 0; i < nthreads; i++) {
		if ((rc = pthread_create(&verify_threads[i], NULL, verify_main,
		    NULL)) != 0) {
			errno = rc;
			log_warn("verify: starting thread %d", i + 1);
			verify_stop();
			return -1;
		}
		verify_nthreads++;
	}
	log_info("%d signature verifier thread%s", nthreads,
	    nthreads == 1 ? "" : "s");
	return 0;
}

/* Stops the threads and forgets what they held (see verify.h). */
void
verify_stop(void)
{
	int i;

	pthread_mutex_lock(&verify_lock);
	verify_stopping = true;
	pthread_cond_broadcast(&verify_wake);
	pthread_mutex_unlock(&verify_lock);
	for (i = 0; i < verify_nthreads; i++)
		pthread_join(verify_threads[i], NULL);
	free(verify_threads);
	verify_threads = NULL;
	verify_nthreads = 0;
	STAILQ_INIT(&verify_todo);
	STAILQ_INIT(&verify_done);
	verify_npending = 0;
	if (verify_ev != NULL)
		event_free(verify_ev);
	verify_ev = NULL;
	for (i = 0; i < 2; i++) {
		if (verify_pipe[i] >= 0)
			close(verify_pipe[i]);
		verify_pipe[i] = -1;
	}
}

/* Hands a job to the threads, or checks it now (see verify.h). */
bool
verify_submit(struct verify_job *j)
{
	if (verify_nthreads == 0) {
		verify_check(j);
		j->cb(j->ok, j->arg);
		return false;
	}
	verify_npending++;
	pthread_mutex_lock(&verify_lock);
	STAILQ_INSERT_TAIL(&verify_todo, j, entry);
	pthread_cond_signal(&verify_wake);
	pthread_mutex_unlock(&verify_lock);
	return true;
}

/* Jobs not yet answered. */
int
verify_pending(void)
{
	return verify_npending;
}
