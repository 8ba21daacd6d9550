/*
 * conn.h: one client connection: TLS over a libevent bufferevent, frame
 * decoding, responses and pushed events. Connections are referenced from
 * asynchronous work by id, never by pointer, and freed only at the loop's
 * tail, never inside their own callbacks.
 */
#ifndef YISHI_CONN_H
#define YISHI_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <event2/util.h>

#include "limiter.h"
#include "yishi.pb-c.h"

struct conn;
struct watch;

/* Called for each request frame read from c (ownership of f passes). */
typedef void (*conn_frame_cb)(struct conn *c, Yishi__Frame *f, void *arg);

enum conn_state {
	CONN_S_HANDSHAKE,	/* TLS handshake under way */
	CONN_S_READY,		/* serving requests */
	CONN_S_CLOSING		/* flushing a last frame, then freed */
};

struct conn {
	uint64_t	 id;
	enum conn_state	 state;
	struct bufferevent *bev;
	struct event	*timer;		/* handshake deadline, idle check */
	uint8_t		 fp[32];	/* SHA-256 of the client certificate */
	char		 peer[64];
	unsigned	 inflight;	/* requests awaiting their response */
	bool		 read_paused;	/* inflight cap reached */
	bool		 unlinked;	/* queued for freeing */
	bool		 lingering;	/* closing: discarding input */
	uint64_t	 watch_meeting;	/* subscribed meeting, 0: none */
	struct watch	*watch;		/* its catch-up and position (watch.h) */
	LIST_ENTRY(conn) watch_entry;	/* watchers of one meeting bucket */
	double		 tokens;	/* rate limit bucket */
	int64_t		 tokens_at;	/* when it was last filled, µs */
	int64_t		 active_at;	/* last request read, seconds */
	struct limiter_addr src;		/* source, as limiter.c counts it */
	bool		 handshaking;	/* counted in the handshake list */
	bool		 id_counted;	/* counted against its identity */
	TAILQ_ENTRY(conn) hs_entry;	/* handshakes, oldest first */
	LIST_ENTRY(conn) all_entry;	/* all connections */
	LIST_ENTRY(conn) id_entry;	/* id hash chain */
	SLIST_ENTRY(conn) dead_entry;	/* freed at the loop's tail */
	conn_frame_cb	 on_frame;	/* what its requests are given to */
	void		*on_frame_arg;
};

/* Takes an accepted socket; starts the TLS handshake. Each request frame
 * read from it goes to on_frame(c, f, arg). */
void conn_accept(evutil_socket_t fd, const char *peer, conn_frame_cb on_frame,
    void *arg);

/* Returns the live connection with this id, or NULL when it is gone. */
struct conn *conn_find(uint64_t id);

/* Sends a response frame; one in-flight request is done. */
void conn_respond(struct conn *c, uint64_t id, const Yishi__Response *r);

/* Sends an event frame (id 0). */
void conn_push(struct conn *c, const Yishi__Event *ev);

/* Sends an error frame (when possible) and closes after it is written. */
void conn_close(struct conn *c, Yishi__Status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Bytes of c's output not yet written to the socket. */
size_t conn_output_len(struct conn *c);

/* Subscribes c to meeting's events (0: none), replacing what it watched
 * (its watch state, watch.h, goes with it). */
void conn_watch(struct conn *c, uint64_t meeting);

/* Calls fn for every ready connection watching meeting. */
void conn_foreach_watcher(uint64_t meeting,
    void (*fn)(struct conn *, void *), void *arg);

/* Calls fn for every ready connection watching a meeting. */
void conn_foreach_watch(void (*fn)(struct conn *));

/* Whether a ready connection watches meeting (an event for it has
 * somewhere to go here). */
bool conn_watched(uint64_t meeting);

/* Drops the oldest connection still in its TLS handshake (one that has not
 * started it first) to make room for a new one at max_conns; false when
 * there is none. */
bool conn_evict_handshake(void);

/* Applies reloaded limits (idle_timeout) to the open connections. */
void conn_limiter_reload(void);

/* Number of open connections. */
size_t conn_count(void);

/* Stops reading new requests on every connection (shutdown). */
void conn_stop_all(void);

/*
 * Shutdown, once the work in flight is done: sends every watcher a last
 * frame (a response with id 0, status unavailable, saying the server is
 * shutting down) and closes it once written. Returns how many.
 */
size_t conn_end_watchers(void);

/* Frees every connection (at exit). */
void conn_free_all(void);

#endif
