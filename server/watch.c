/* watch.c: a connection's watch of a meeting, with catch-up (see watch.h). */
#include "watch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "conn.h"
#include "db.h"
#include "hex.h"
#include "log.h"
#include "push.h"
#include "server.h"
#include "xmalloc.h"

struct watch_held {		/* a live event held, packed */
	uint8_t		*buf;
	size_t		 len;
};

struct watch {
	uint64_t	 serial;	/* watch_start's */
	uint64_t	 meeting;
	bool		 holding;	/* catch-up under way */
	uint64_t	 last_seq;	/* the last position sent */
	uint32_t	 last_idx;
	struct watch_held *held;
	size_t		 nheld, capheld;
	struct db_batch	*b;		/* the page being read or sent */
	bool		 reading;	/*   in flight (the pool owns it) */
	int		 row, nrows;	/* the next row of it to send */
	bool		 paused;	/* waiting for the output to drain */
	bool		 again;		/* read once more before going live */
};

static void watch_read(struct conn *c);

/* Whether (seq, idx) is after the last position c was sent. */
static bool
watch_after(const struct watch *w, uint64_t seq, uint32_t idx)
{
	return seq > w->last_seq || (seq == w->last_seq && idx > w->last_idx);
}

/* Sends ev to c and moves its position. */
static void
watch_send(struct conn *c, struct watch *w, const Yishi__Event *ev)
{
	conn_push(c, ev);
	if (ev->seq != 0) {
		w->last_seq = ev->seq;
		w->last_idx = ev->index;
	}
}

/* Forgets the live events held. */
static void
watch_held_clear(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->nheld; i++)
		free(w->held[i].buf);
	free(w->held);
	w->held = NULL;
	w->nheld = w->capheld = 0;
}

/* Frees c's watch state. */
void
watch_free(struct conn *c)
{
	struct watch *w = c->watch;

	if (w == NULL)
		return;
	c->watch = NULL;
	if (!w->reading)	/* else its callback frees it */
		db_batch_free(w->b);
	watch_held_clear(w);
	free(w);
}

/* c watches meeting from now on, its live events held. */
uint64_t
watch_start(struct conn *c, uint64_t meeting, uint64_t body, const char *who)
{
	static uint64_t serial;

	conn_watch(c, meeting);		/* frees what it watched before */
	c->watch = xcalloc(1, sizeof *c->watch);
	c->watch->serial = ++serial;
	c->watch->meeting = meeting;
	c->watch->holding = true;
	/* Ended at once if the seat or the identity goes (push.h). */
	push_watcher(c->id, meeting, body, who);
	return c->watch->serial;
}

/* Ends c's watch. */
void
watch_stop(struct conn *c)
{
	conn_watch(c, 0);
}

/* Bytes c may have unsent before the catch-up waits for them to drain:
 * half the limit past which a connection is closed as a slow reader. */
static size_t
watch_room(void)
{
	return (size_t)srv.cfg->max_output_kib * 1024 / 2;
}

/* Sends the held live events not sent yet, then live events go straight
 * on; when the output fills up first, the rest are read again from
 * event_log (they have all committed), as the output drains. */
static void
watch_release(struct conn *c, struct watch *w)
{
	size_t i;

	for (i = 0; i < w->nheld; i++) {
		Yishi__Event *ev;

		if (conn_output_len(c) >= watch_room()) {
			watch_held_clear(w);
			watch_read(c);
			return;
		}
		ev = yishi__event__unpack(NULL, w->held[i].len, w->held[i].buf);
		free(w->held[i].buf);
		w->held[i].buf = NULL;
		if (ev == NULL)
			continue;
		if (ev->seq == 0 || watch_after(w, ev->seq, ev->index))
			watch_send(c, w, ev);
		yishi__event__free_unpacked(ev, NULL);
		if (c->watch != w)
			return;	/* c was closed as a slow reader */
	}
	watch_held_clear(w);
	w->holding = false;
}

/* Sends the rows of the page read while c's output has room; then reads
 * the next page, or releases the held events after the last one. */
static void
watch_pump(struct conn *c)
{
	struct watch *w = c->watch;
	size_t room = watch_room();

	while (w->row < w->nrows) {
		const char *hx = db_get(w->b, 0, w->row, 2);
		size_t n = strlen(hx) / 2, len = 0;
		uint8_t *buf;
		Yishi__Event *ev;

		if (conn_output_len(c) >= room) {
			w->paused = true;	/* watch_drained goes on */
			return;
		}
		w->row++;
		buf = xmalloc(n + 1);
		if (strncmp(hx, "\\x", 2) != 0 ||
		    !hex_decode(hx + 2, buf, n, &len) ||
		    (ev = yishi__event__unpack(NULL, len, buf)) == NULL) {
			log_warnx("event_log: an undecodable event of meeting "
			    "%llu skipped", (unsigned long long)w->meeting);
			free(buf);
			continue;
		}
		free(buf);
		watch_send(c, w, ev);
		yishi__event__free_unpacked(ev, NULL);
		if (c->watch != w)
			return;		/* closed as a slow reader */
	}
	db_batch_free(w->b);
	w->b = NULL;
	/* Every event held has committed, so event_log has it: many of them
	 * are read again rather than sent at once past the output limit. */
	if (w->nrows == WATCH_PAGE || w->nheld > WATCH_HELD_SEND ||
	    w->again) {
		w->again = false;
		watch_held_clear(w);
		watch_read(c);
	} else
		watch_release(c, w);
}

/* A page of event_log came back. */
static void
watch_read_done(struct db_batch *b, void *arg)
{
	struct conn *c = conn_find((uint64_t)(uintptr_t)arg);
	struct watch *w = c != NULL ? c->watch : NULL;

	if (w == NULL || w->b != b) {
		db_batch_free(b);	/* the watch ended meanwhile */
		return;
	}
	w->reading = false;
	if (b->failed) {
		log_info("conn %llu: reading the events of meeting %llu: %s",
		    (unsigned long long)c->id, (unsigned long long)w->meeting,
		    b->error);
		conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "读取会议事件失败，请重新连接 / could not read the meeting's "
		    "events: connect again and resume");
		return;
	}
	w->row = 0;
	w->nrows = db_rows(b, 0);
	watch_pump(c);
}

/* Reads the next page of c's events after its position. */
static void
watch_read(struct conn *c)
{
	struct watch *w = c->watch;

	w->b = db_batch_new(watch_read_done, (void *)(uintptr_t)c->id);
	w->reading = true;
	db_batch_addf(w->b, "SELECT seq, idx, event FROM event_log "
	    "WHERE meeting = $1 AND (seq, idx) > ($2, $3) ORDER BY seq, idx "
	    "LIMIT $4", "iiii", (long long)w->meeting, (long long)w->last_seq,
	    (long long)w->last_idx, (long long)WATCH_PAGE);
	db_submit(srv.db, w->b);
}

/* Sends c every event after (seq, idx), then the held ones. */
void
watch_catch_up(struct conn *c, uint64_t serial, uint64_t seq, uint32_t idx)
{
	if (c->watch == NULL || c->watch->serial != serial)
		return;
	c->watch->last_seq = seq;
	c->watch->last_idx = idx;
	watch_read(c);
}

/* A live event for c: held during the catch-up, else sent once. */
void
watch_deliver(struct conn *c, const Yishi__Event *ev)
{
	struct watch *w = c->watch;
	struct watch_held *h;

	if (w == NULL) {
		conn_push(c, ev);
		return;
	}
	if (!w->holding) {
		if (ev->seq == 0 || watch_after(w, ev->seq, ev->index))
			watch_send(c, w, ev);
		return;
	}
	if (w->nheld == WATCH_HELD_MAX) {
		conn_close(c, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "追赶会议事件时积压过多，请重新连接 / too many events while "
		    "catching up: connect again and resume");
		return;
	}
	if (w->nheld == w->capheld) {
		w->capheld = w->capheld ? 2 * w->capheld : 16;
		w->held = xrealloc(w->held, w->capheld * sizeof *w->held);
	}
	h = &w->held[w->nheld++];
	h->len = yishi__event__get_packed_size(ev);
	h->buf = xmalloc(h->len + 1);
	yishi__event__pack(ev, h->buf);
}

/* Notifications may have been lost: c catches up again from event_log. */
void
watch_resync(struct conn *c)
{
	struct watch *w = c->watch;

	if (w == NULL)
		return;
	if (w->holding) {
		w->again = true;	/* a catch-up under way reads once more */
		return;
	}
	w->holding = true;
	watch_read(c);
}

/* c's output drained: the catch-up goes on. */
void
watch_drained(struct conn *c)
{
	if (c->watch == NULL || !c->watch->paused)
		return;
	c->watch->paused = false;
	watch_pump(c);
}
