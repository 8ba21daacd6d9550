/* follow.c: following a meeting's events across reconnects (see yishi.h,
 * yishi_follow_*; the protocol: docs/protocol.md, "Watching a meeting"). */
#include "yishi.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "follow.h"

struct yishi_follow {
	char *server;
	char *identity;
	int timeout_s;
	uint64_t meeting;
	Yishi__Lang lang;		/* of watch's answers */
	struct yishi_conn *conn;	/* NULL while reconnecting */
	Yishi__Response *snap;		/* the answer holding the Watching */
	Yishi__Response *refusal;	/* the refusal that ended it */
	/* The position of the last event handed out (at the start: the
	 * snapshot's; nothing at or before it is handed out again). */
	uint64_t last_seq;
	uint32_t last_index;
	yishi_follow_note_cb note;
	void *note_arg;
	int attempt;			/* reconnect attempts so far */
	int64_t retry_at;		/* when the next attempt is due; 0: none
					   scheduled */
	struct yishi_error why;		/* why the last connection was lost */
	uint32_t rnd;			/* jitter state */
};

/* Whether (seq, index) comes after (last_seq, last_index) (follow.h). */
bool
follow_after(uint64_t seq, uint32_t index, uint64_t last_seq,
    uint32_t last_index)
{
	return seq > last_seq || (seq == last_seq && index > last_index);
}

/* The pause before reconnect attempt n (follow.h). */
int
follow_backoff_ms(int attempt, uint32_t rnd)
{
	int ms = FOLLOW_BACKOFF_FIRST_MS, i;

	for (i = 1; i < attempt && ms < FOLLOW_BACKOFF_MAX_MS; i++)
		ms *= 2;
	if (ms > FOLLOW_BACKOFF_MAX_MS)
		ms = FOLLOW_BACKOFF_MAX_MS;
	return ms - (int)(rnd % (uint32_t)(ms / 5 + 1));
}

/* The next jitter draw (xorshift; seeded from the clock and the address
 * of f, so that clients started together spread out). */
static uint32_t
follow_rand(struct yishi_follow *f)
{
	uint32_t x = f->rnd;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	f->rnd = x != 0 ? x : 0x9e3779b9u;
	return f->rnd;
}

/* Copies src into err when err is given. */
static void
follow_copy_error(struct yishi_error *err, const struct yishi_error *src)
{
	if (err != NULL)
		*err = *src;
}

/*
 * Connects and sends watch (resume: after the last position handed out).
 * Returns 0 with the snapshot kept in f; 1 when the server refused
 * (*refused, the answer); -1 with err filled when the connection or the
 * call failed, or the server was not ready (STATUS_UNAVAILABLE: worth
 * another attempt).
 */
static int
follow_connect(struct yishi_follow *f, bool resume,
    Yishi__Response **refused, struct yishi_error *err)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Watch w = YISHI__WATCH__INIT;
	Yishi__Response *r;
	struct yishi_conn *c;

	*refused = NULL;
	if (yishi_connect(f->server, f->identity, f->timeout_s, &c, err) == -1)
		return -1;
	w.meeting = f->meeting;
	w.resume = resume;
	if (resume) {
		w.after_seq = f->last_seq;
		w.after_index = f->last_index;
	}
	req.lang = f->lang;
	req.op_case = YISHI__REQUEST__OP_WATCH;
	req.watch = &w;
	if (yishi_call(c, &req, &r, err) == -1) {
		yishi_close(c);
		return -1;
	}
	if (r->status == YISHI__STATUS__STATUS_UNAVAILABLE) {
		conn_error(err, YISHI_E_UNAVAILABLE, "the server cannot "
		    "answer watch now: %s", r->message != NULL ? r->message :
		    "");
		yishi_response_free(r);
		yishi_close(c);
		return -1;
	}
	if (r->status != YISHI__STATUS__STATUS_OK) {
		yishi_close(c);
		*refused = r;
		return 1;
	}
	if (r->result_case != YISHI__RESPONSE__RESULT_WATCHING ||
	    r->watching == NULL) {
		conn_error(err, YISHI_E_PROTOCOL, "the server answered watch "
		    "without the meeting's snapshot");
		yishi_response_free(r);
		yishi_close(c);
		return -1;
	}
	yishi_close(f->conn);
	f->conn = c;
	yishi_response_free(f->snap);
	f->snap = r;
	if (!resume) {
		f->last_seq = r->watching->seq;
		f->last_index = r->watching->index;
	}
	return 0;
}

/* Frees f and what it holds. */
static void
follow_free(struct yishi_follow *f)
{
	if (f == NULL)
		return;
	yishi_close(f->conn);
	yishi_response_free(f->snap);
	yishi_response_free(f->refusal);
	free(f->server);
	free(f->identity);
	free(f);
}

/* Connects and watches meeting (see yishi.h). */
YISHI_EXPORT int
yishi_follow_start(const char *server, const char *identity_dir,
    int timeout_s, uint64_t meeting, Yishi__Lang lang,
    struct yishi_follow **out, Yishi__Response **refused,
    struct yishi_error *err)
{
	struct yishi_follow *f;
	Yishi__Response *r = NULL;
	int rc;

	*out = NULL;
	if (refused != NULL)
		*refused = NULL;
	if (server == NULL || identity_dir == NULL || meeting == 0) {
		conn_error(err, YISHI_E_ARG, "no server, identity or meeting");
		return -1;
	}
	f = calloc(1, sizeof *f);
	if (f == NULL || (f->server = strdup(server)) == NULL ||
	    (f->identity = strdup(identity_dir)) == NULL) {
		follow_free(f);
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	f->timeout_s = timeout_s;
	f->meeting = meeting;
	f->lang = lang;
	f->rnd = (uint32_t)conn_now_ms() ^ (uint32_t)(uintptr_t)f ^
	    0x5bd1e995u;
	(void)follow_rand(f);
	rc = follow_connect(f, false, &r, err);
	if (rc != 0) {
		follow_free(f);
		if (rc == 1) {
			if (refused != NULL)
				*refused = r;
			else
				yishi_response_free(r);
		}
		return rc;
	}
	*out = f;
	return 0;
}

/* Sets the reconnect note callback (see yishi.h). */
YISHI_EXPORT void
yishi_follow_set_note(struct yishi_follow *f, yishi_follow_note_cb cb,
    void *arg)
{
	f->note = cb;
	f->note_arg = arg;
}

/* Milliseconds from now until deadline (never below 0; -1 for none). */
static int
follow_left(int64_t deadline)
{
	int64_t left;

	if (deadline == CONN_NO_DEADLINE)
		return -1;
	left = deadline - conn_now_ms();
	if (left < 0)
		return 0;
	return left > 86400000 ? 86400000 : (int)left;
}

/* Takes the next event from the connection in use, dropping those at or
 * before the last position handed out. Returns as yishi_follow_next does
 * (1, 0 or -1); -1 with e set when the connection is lost. */
static int
follow_read(struct yishi_follow *f, Yishi__Event **ev, int64_t deadline,
    struct yishi_error *e)
{
	int n;

	for (;;) {
		n = yishi_next_event(f->conn, ev, follow_left(deadline), e);
		if (n != 1)
			return n;
		/* seq 0: not in the trail (revoked); always handed out. */
		if ((*ev)->seq == 0)
			return 1;
		if (follow_after((*ev)->seq, (*ev)->index, f->last_seq,
		    f->last_index)) {
			f->last_seq = (*ev)->seq;
			f->last_index = (*ev)->index;
			return 1;
		}
		yishi_event_free(*ev);
		*ev = NULL;
	}
}

/* Waits until the reconnect attempt is due or the deadline passes.
 * Returns 1 when due, 0 when the time ran out first, -1 on a signal. */
static int
follow_pause(struct yishi_follow *f, int64_t deadline)
{
	int64_t now, until;

	for (;;) {
		now = conn_now_ms();
		if (now >= f->retry_at)
			return 1;
		until = f->retry_at;
		if (deadline != CONN_NO_DEADLINE && deadline < until) {
			if (now >= deadline)
				return 0;
			until = deadline;
		}
		if (poll(NULL, 0, (int)(until - now)) == -1 && errno == EINTR)
			return -1;
	}
}

/* Waits for what comes next (see yishi.h). */
YISHI_EXPORT int
yishi_follow_next(struct yishi_follow *f, Yishi__Event **ev, int timeout_ms,
    struct yishi_error *err)
{
	int64_t deadline = conn_deadline(timeout_ms);
	Yishi__Response *r;
	struct yishi_error e;
	int n, delay;

	*ev = NULL;
	if (f->refusal != NULL) {
		conn_error(err, YISHI_E_UNAVAILABLE, "the server refused to "
		    "resume the watch: %s", f->refusal->message != NULL ?
		    f->refusal->message : "");
		return -1;
	}
	for (;;) {
		if (f->conn != NULL) {
			n = follow_read(f, ev, deadline, &e);
			if (n >= 0)
				return n;
			if (e.code == YISHI_E_INTERRUPTED) {
				follow_copy_error(err, &e);
				return -1;
			}
			/* Lost: reconnect after a pause. */
			f->why = e;
			yishi_close(f->conn);
			f->conn = NULL;
			f->attempt = 0;
			f->retry_at = 0;
		}
		if (f->retry_at == 0) {
			f->attempt++;
			delay = follow_backoff_ms(f->attempt, follow_rand(f));
			f->retry_at = conn_now_ms() + delay;
			if (f->note != NULL)
				f->note(f->attempt, delay, &f->why,
				    f->note_arg);
		}
		n = follow_pause(f, deadline);
		if (n == 0)
			return 0;
		if (n < 0) {
			conn_error(err, YISHI_E_INTERRUPTED, "interrupted");
			return -1;
		}
		f->retry_at = 0;
		n = follow_connect(f, true, &r, &e);
		if (n == 1) {
			f->refusal = r;
			conn_error(err, YISHI_E_UNAVAILABLE, "the server "
			    "refused to resume the watch: %s", r->message !=
			    NULL ? r->message : "");
			return -1;
		}
		if (n == 0) {
			f->attempt = 0;
			if (f->note != NULL)
				f->note(0, 0, NULL, f->note_arg);
			return 2;
		}
		f->why = e;
	}
}

/* The latest snapshot (see yishi.h). */
YISHI_EXPORT const Yishi__Watching *
yishi_follow_snapshot(const struct yishi_follow *f)
{
	return f->snap != NULL ? f->snap->watching : NULL;
}

/* The connection in use, NULL while reconnecting (see yishi.h). */
YISHI_EXPORT struct yishi_conn *
yishi_follow_conn(struct yishi_follow *f)
{
	return f->conn;
}

/* The refusal that ended the follow (see yishi.h). */
YISHI_EXPORT const Yishi__Response *
yishi_follow_refusal(const struct yishi_follow *f)
{
	return f->refusal;
}

/* Closes and frees f (see yishi.h). */
YISHI_EXPORT void
yishi_follow_close(struct yishi_follow *f)
{
	follow_free(f);
}
