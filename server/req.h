/*
 * req.h: the life of one request. Every request goes the same way:
 *
 *   load   one pipelined read batch: who is calling (by certificate
 *          fingerprint, so a disabled identity is refused at once), and the
 *          state the handler needs (a body, or a whole meeting snapshot),
 *          together with the body's trail head;
 *   decide the caller's permission, the request kind's row of the
 *          permission table (perm.c), is checked (req_decide, exit 4), then
 *          the handler asks the rules engine (exit 3), then replies, or
 *          builds one write batch;
 *   write  the change and its trail entry in one implicit transaction; the
 *          trail entry names the head the decision was taken on, so a
 *          concurrent change makes it fail with serialization_failure and
 *          the request is decided again on fresh state;
 *   done   after the commit, the reply and the events.
 *
 * A request references its connection by id; if the client went away, the
 * work still completes and the reply is dropped.
 *
 * Around it: dispatch.c starts a request and runs it alone (req_run) or
 * hands a REQ_F_GROUP one to its group (groupdb.h), which decides it in a
 * round and writes its change with the round's (struct req_round); handlers
 * write the trail entry with trail.h, the statements a round writes once
 * with req_write_final and req_write_row, and have a signature checked
 * early with sigcheck.h.
 */
#ifndef YISHI_REQ_H
#define YISHI_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "verify.h"
#include "yishi.pb-c.h"

struct arena;
struct conn;
struct db_batch;
struct group;
struct mstate;
struct rules_verdict;
struct req;
struct req_round;
struct req_round_ops;
struct tallyjob;

#define REQ_ATTEMPTS 64		/* decisions retried on a moved trail head */
#define REQ_ROW_SHARED 4	/* shared values of a row statement
				   (req_write_row) */
#define REQ_ROW_COLS 9		/* columns of its rows (a trail
				   entry's, trail.c) */

enum req_scope {
	REQ_SCOPE_NONE,		/* instance-wide: body 0's trail */
	REQ_SCOPE_BODY,		/* key is a body id */
	REQ_SCOPE_MEETING,	/* key is a meeting id: snapshot loaded */
	REQ_SCOPE_ITEM		/* key is an item id: its meeting's snapshot */
};

#define REQ_F_ADMIN	0x1	/* instance admin only */
/*
 * Group commit: requests of this kind for the same item or meeting that
 * arrive while one of them is being written are decided together on one
 * snapshot and written in one transaction, each acknowledged only after it
 * commits. The handler must keep the snapshot up to date with what it
 * decides (later requests of the group are decided on it), must not have a
 * prepare() and must not fail after trail_write (trail.h).
 */
#define REQ_F_GROUP	0x2

struct handler {
	Yishi__Request__OpCase op;
	const char	*name;
	enum req_scope	 scope;
	unsigned	 flags;
	/* The body, meeting or item id the request is about. */
	uint64_t	(*key)(const Yishi__Request *rq);
	/* Adds handler-specific reads to the load batch (optional). */
	void		(*prepare)(struct req *r, struct db_batch *b);
	/* Decides: req_reply, req_fail, req_refuse or req_commit. */
	void		(*decide)(struct req *r);
	/* After the write committed: fill r->resp (optional). */
	void		(*done)(struct req *r);
	/*
	 * Group commit only (optional): r has joined a group on an item of
	 * `meeting` in `body`; the handler may have r's signature checked
	 * now (sigcheck_early), on a verifier thread while the loop goes
	 * on, rather than on the loop in decide().
	 */
	void		(*early)(struct req *r, uint64_t body, uint64_t meeting);
};

struct req {
	uint64_t	 conn_id;
	uint64_t	 id;		/* the frame id to answer */
	Yishi__Frame	*frame;		/* owned */
	Yishi__Request	*rq;		/* borrowed from frame */
	const struct handler *h;
	uint8_t		 fp[32];
	bool		 en;		/* English messages */
	int		 attempt;
	int		 nwritten;	/* trail entries so far (alone) */
	int64_t		 at_us;		/* the time of r's latest trail
					   entry (trail.c): the record's
					   rows of it take the same */
	uint64_t	 trail_body;	/* the body whose trail they extend */
	int64_t		 trail_seq;	/* the seq of r's latest entry there:
					   its events' position (event.h) */
	struct arena	*a;		/* freed with the request */

	/* Who calls. */
	const char	*who;
	bool		 admin;
	X509		*cert;		/* the caller's TLS certificate (a ref) */

	/* What was loaded. */
	uint64_t	 key;
	uint64_t	 body_id;
	const char	*body_name, *body_kind, *body_profile;
	const char	*role;		/* caller's seat role in the body, or NULL */
	int64_t		 head;		/* trail head seq the decision is based on */
	struct mstate	*ms;		/* meeting and item scopes */
	struct db_batch	*rb;		/* the load batch, kept until the end */
	int		 extra;		/* index of prepare()'s first read */

	/* What is written. */
	struct db_batch	*wb;
	uint64_t	 new_id;	/* an id allocated for the change */
	const char	*hint;		/* a word the handler keeps for done() */
	bool		 checkpoint;	/* sign checkpoint_body's head after */
	uint64_t	 checkpoint_body;

	/* Group commit (REQ_F_GROUP, group.h). */
	struct req_round *round;	/* while decided in a round */
	struct req	*gnext;		/* queue link */
	bool		 solo;		/* retry alone after a group failed */
	/* Its signature checked early (sigcheck.h). */
	char		*vtext;		/* the bytes checked */
	size_t		 vlen;
	bool		 vok;		/* the answer, */
	bool		 vpending;	/*   not yet given (r is not freed) */
	struct group	*vstall;	/* a round waiting for that answer */
	struct verify_job vjob;
	/* A secret ballot's proofs checked with that signature, under the
	 * round's key and the voter's context (ballotcheck.h). */
	bool		 vballot;	/* asked for: the answer is vjob.xok */
	uint8_t		 vkey[33];
	uint64_t	 vround;
	/* A decryption share checked on a verifier thread (tallyjob.h);
	 * r is not freed while vpending. */
	struct tallyjob	*tjob;
	uint8_t		*vctx;		/* malloc'd */
	size_t		 vctxlen;

	Yishi__Response	 resp;		/* the reply being built */
	Yishi__Event	*events[8];	/* sent with the commit */
	int		 nevents;
};

/*
 * The round of a group commit that a request is decided in: its group
 * (groupdb.c) sets r->round before r decides and clears it once r is
 * answered. r's change goes into the round's one write through it
 * (req_batch, req_commit, req_write_final, req_write_row, trail.c); how the
 * round gathers that write is the round's (coalesce.h).
 */
struct req_round {
	const struct req_round_ops *ops;
	void		*arg;		/* the round's owner's */
	int64_t		 round_head;	/* the trail head the round's first
					   entry extends */
	int64_t		 next_head;	/* the head the next entry extends */
};

/* What a request asks of its round. */
struct req_round_ops {
	/* The round's write: its statements in order. */
	struct db_batch	*(*batch)(struct req_round *rd);
	/* An empty batch for the round's statement sql that sets a value
	 * outright: the last request's replaces the one before. */
	struct db_batch	*(*final)(struct req_round *rd, const char *sql);
	/* Adds one row to the round's statement sql (see req_write_row);
	 * false when the round has no room for that statement. */
	bool		 (*row)(struct req_round *rd, const char *sql,
			    int nshared, const char *const *shared, int ncols,
			    const char *const *row);
	/* Adds an event's notification (malloc'd; the round takes it), at
	 * position (seq, idx): logged and sent in one statement. */
	void		 (*note)(struct req_round *rd, char *note, int64_t seq,
			    uint32_t idx);
	/* r, decided, is written with the round. */
	void		 (*join)(struct req_round *rd, struct req *r);
};

/* Starts a request read from c; takes ownership of f. Returns it, or NULL
 * when it was answered at once (an id missing). */
struct req *req_start(struct conn *c, Yishi__Frame *f,
    const struct handler *h);

/* Runs r alone: loads, decides and writes it. */
void req_run(struct req *r);

/* Replies with r->resp (status OK unless set) and ends the request. */
void req_reply(struct req *r);

/* Replies with an error; fmt is printf-checked. */
void req_failf(struct req *r, Yishi__Status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Replies with an error in the caller's language: zh and en are formats
 * taking the same arguments. The compiler checks both against them (a
 * conditional of two literals is checked arm by arm).
 */
#define req_fail(r, st, zh_, en_, ...) \
	req_failf((r), (st), (r)->en ? (en_) : (zh_), ##__VA_ARGS__)

/* Replies with a rule refusal (exit 3 at the client). */
void req_refuse(struct req *r, const struct rules_verdict *v);

/* Asks for a server-signed checkpoint of body's trail head once the change
 * has committed (checkpoint.h). */
void req_checkpoint(struct req *r, uint64_t body);

/* Submits the write batch; h->done and the reply follow the commit. */
void req_commit(struct req *r);

/* Returns a new event for the meeting, delivered when the change commits. */
Yishi__Event *req_event(struct req *r, const char *kind);

/* The text parameter of a uint64 id, in the arena. */
const char *req_id(struct req *r, uint64_t id);

/*
 * The write batch r's change goes into: its own, or, in a round, the
 * round's one write (trail.h adds to it).
 */
struct db_batch *req_batch(struct req *r);

/*
 * For handlers: adds to r's write a statement that sets a value outright;
 * in a round, only the last request's of the same text is written, once,
 * at the end of the round's write.
 */
void req_write_final(struct req *r, const char *sql, const char *fmt, ...);

/*
 * For handlers: adds one row to a statement that takes its rows as arrays:
 * sql's first nshared parameters are values shared by the rows, the next
 * ncols are text arrays, one per column (row[k] NULL is SQL NULL). In a
 * round, the rows of every request with the same statement and shared
 * values go in one statement, at the end and in the requests' order;
 * alone, the one row is written at once.
 */
void req_write_row(struct req *r, const char *sql, int nshared,
    const char *const *shared, int ncols, const char *const *row);

/* What a round of a group does with each of its requests (groupdb.c). */

/* Who is calling: row `row` of identity result i of b, or none (-1).
 * Refuses and returns false for an unknown or disabled identity, or a
 * non-admin asking for an admin request. */
bool req_identity(struct req *r, const struct db_batch *b, int i, int row);

/* Attaches a meeting snapshot to r; refuses and returns false when the
 * meeting (or the item) does not exist. */
bool req_meeting(struct req *r, struct mstate *ms);

/* Runs r's handler once the caller holds the permission of its request
 * kind (the permission table, perm.c); refuses otherwise. May end r. */
void req_decide(struct req *r);

/* Answers the error of the failed batch b. */
void req_db_error(struct req *r, const struct db_batch *b);

/* Resets r so that it can be decided again from scratch. */
void req_reset(struct req *r);

#endif
