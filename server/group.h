/*
 * group.h: group commit's scheduler. Requests of one kind on the same item
 * or meeting (REQ_F_GROUP) that arrive while one of them is being written
 * wait in their group's queue; the group takes them in rounds: a round is
 * loaded once (one snapshot), its requests are decided in order on it, and
 * their changes go in one write, each request acknowledged only after that
 * write commits.
 *
 * Rounds go two deep: while one round's write is in flight, the next is
 * loaded and decided on the snapshot as that write leaves it, and its
 * write follows as soon as the first has committed. A failed write undoes
 * that: the rounds after it go back to the queue, in their order, to be
 * decided again on fresh state; a write that failed for another reason
 * than a moved trail head has its requests decided again one at a time, so
 * that only the faulty one fails. When writes keep finding the head moved
 * (another daemon writes the same body), the next round waits a random
 * pause first.
 *
 * The scheduler does no I/O itself: the database, the snapshot, the
 * decisions and the timer are the caller's, reached through struct
 * group_ops (the daemon's are in groupdb.c), and their results come back
 * through group_loaded, group_written, group_signature_in and
 * group_timer_done. Where a group is, is its state (enum group_state); it
 * changes in one place, group_set_state, logged at debug level.
 */
#ifndef YISHI_GROUP_H
#define YISHI_GROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "req.h"

#define GROUP_MAX 1000		/* requests decided on one snapshot */
#define GROUP_BACKOFF_MS 50	/* most a group waits before a new round */

struct group;
struct group_round;

enum group_state {
	GROUP_S_IDLE,		/* nothing loading, no write in flight */
	GROUP_S_LOADING,	/* a round is loaded and decided */
	GROUP_S_WRITING,	/* a round's write is in flight */
	GROUP_S_OVERLAP,	/* a write in flight, the next round loading
				   and decided on what it leaves */
	GROUP_S_QUEUED,		/* a write in flight, the next round decided,
				   its write waiting for the first */
	GROUP_S_PARKED,		/* a write in flight; the next round found its
				   snapshot moved by someone else and waits to
				   be loaded afresh after it */
	GROUP_S_FAILED,		/* a write failed while the next round was
				   loading: waits for that load to be back */
	GROUP_S_BACKOFF		/* writes found the head moved: a pause */
};

/* How a round's load came back (group_loaded). */
enum group_load {
	GROUP_LOAD_OK,		/* the snapshot to decide on is there */
	GROUP_LOAD_STALE,	/* the kept snapshot is out of date */
	GROUP_LOAD_FAILED	/* the load failed: decide() fails each */
};

/* How a round's write came back (group_written). */
enum group_write {
	GROUP_WRITE_OK,
	GROUP_WRITE_MOVED,	/* the trail head moved: decide all again */
	GROUP_WRITE_LOST,	/* the connection went: the outcome is not
				   known, so each answers "unavailable" */
	GROUP_WRITE_FAILED	/* anything else */
};

/* What the scheduler asks of its caller. Optional entries may be NULL. */
struct group_ops {
	/* r joins g's queue (optional: e.g. start its signature check). */
	void	(*arrive)(struct group *g, struct req *r);
	/* Loads the round g->run[0..nrun): group_loaded follows. */
	void	(*load)(struct group *g);
	/* Decides the loaded round in order; each request either ends or
	 * joins the round with group_join. */
	void	(*decide)(struct group *g);
	/* The round's load is done with (decided, or put back). */
	void	(*unload)(struct group *g);
	/* Makes round d's write (d->n may be 0: nothing to write). */
	void	(*seal)(struct group *g, struct group_round *d);
	/* Sends d's write: group_written(d, ...) follows. */
	void	(*submit)(struct group *g, struct group_round *d);
	/* r's write committed: acknowledge it (it is out of the group). */
	void	(*ack)(struct group *g, struct group_round *d, struct req *r);
	/* r's write failed for good: answer the error. */
	void	(*fail)(struct group *g, struct group_round *d, struct req *r);
	/* r goes back to the queue, to be decided again from scratch. */
	void	(*reset)(struct req *r);
	/* Forgets the snapshot: the next round loads afresh (optional). */
	void	(*drop)(struct group *g);
	/* Calls group_timer_done(g) in usec microseconds; false when it
	 * cannot (the round starts at once). */
	bool	(*arm)(struct group *g, long usec);
	/* g is freed: free what the caller keeps for it (optional). */
	void	(*release)(struct group *g);
};

/* A round, decided: its requests and their one write. */
struct group_round {
	struct group	*g;
	struct req	**reqs;		/* in the order decided */
	int		 n;
	struct db_batch	*wb;		/* its write (ops->seal) */
	int64_t		 next_head;	/* the trail head once it commits */
	/* When (monotonic us) its load went out, its signatures were all in,
	 * it was decided and its write went out: logged at debug. */
	int64_t		 t_load, t_sigs, t_decided, t_sent;
};

/* Requests of one scope and key waiting for, or inside, a group commit.
 * Only group.c changes these fields; ops may read them. */
struct group {
	const struct group_ops *ops;
	enum req_scope	 scope;
	uint64_t	 key;
	enum group_state state;
	struct req	*wait_head, *wait_tail;	/* the queue */
	struct req	**run;		/* the round being loaded and decided */
	int		 nrun;
	struct group_round *dec;	/* what it decided so far */
	struct group_round *w;		/* the write in flight */
	struct group_round *q;		/* decided after w, waits for it */
	struct group_round *failed;	/* w failed: to be decided again */
	int		 nstall;	/* the round's signatures not yet in */
	int		 nmoved;	/* writes failed in a row, head moved */
	int64_t		 t_load;	/* when the round's load went out */
	void		*io;		/* the caller's (ops) */
	LIST_ENTRY(group) entry;	/* hash chain */
};

/* Queues r on the group of its scope and key (made with ops when there is
 * none) and starts a round if the group can take one. */
void group_add(const struct group_ops *ops, struct req *r);

/* The round's load came back (see enum group_load). */
void group_loaded(struct group *g, enum group_load how);

/* ops->decide: r, decided, writes with the round. */
void group_join(struct group *g, struct req *r);

/* Round d's write came back (see enum group_write). */
void group_written(struct group_round *d, enum group_write how);

/* A signature check of a request of g's round, that the round waited
 * for, is answered. */
void group_signature_in(struct group *g);

/* The pause asked with ops->arm is over. */
void group_timer_done(struct group *g);

/* The group of scope and key, or NULL. */
struct group *group_find(enum req_scope scope, uint64_t key);

/* Names a state for logs and tests. */
const char *group_state_name(enum group_state s);

/* The monotonic clock in microseconds. */
int64_t group_now_us(void);

#endif
