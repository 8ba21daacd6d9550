/* room_state.c: the room's model of a meeting (see room_state.h). */
#include "room_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies s (NULL: "") into a fixed field of n bytes. */
static void
room_state_copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s != NULL ? s : "");
}

#define ROOM_COPY(dst, s) room_state_copy((dst), sizeof (dst), (s))

/* Whether a and b are the same word (NULL is ""). */
static bool
room_state_is(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Makes room for one more element of size sz in *arr. 0, or -1. */
static int
room_state_grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap != 0 ? *cap * 2 : 16;
	if ((p = realloc(*arr, ncap * sz)) == NULL)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* An empty state (see room_state.h). */
void
room_state_init(struct room_state *s, const char *me)
{
	memset(s, 0, sizeof *s);
	ROOM_COPY(s->me, me);
}

/* Frees what s holds (see room_state.h). */
void
room_state_free(struct room_state *s)
{
	free(s->people);
	free(s->items);
	free(s->stmts);
	s->people = NULL;
	s->items = NULL;
	s->stmts = NULL;
	s->npeople = s->people_cap = 0;
	s->nitems = s->items_cap = 0;
	s->nstmts = s->stmts_cap = 0;
}

/* Takes the counts of a Quorum (NULL: unchanged). */
static void
room_state_quorum(struct room_state *s, const Yishi__Quorum *q)
{
	if (q == NULL)
		return;
	s->q_n = q->n;
	s->q_present = q->present;
	s->q_needed = q->needed;
	s->q_met = q->met;
}

/* Fills a still-to list from a list of Person and their total. */
static void
room_state_wait(struct room_wait *w, Yishi__Person *const *p, size_t n,
    uint32_t total)
{
	size_t i;

	memset(w, 0, sizeof *w);
	for (i = 0; i < n && i < ROOM_WAIT; i++) {
		ROOM_COPY(w->who[i].member, p[i]->member);
		ROOM_COPY(w->who[i].display, p[i]->display);
	}
	w->n = i;
	w->total = total > n ? total : (uint32_t)n;
}

/* The person named member, or NULL. */
static struct room_person *
room_state_person(struct room_state *s, const char *member)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		if (room_state_is(s->people[i].member, member))
			return &s->people[i];
	return NULL;
}

/* The agenda item id, or NULL. */
static struct room_item *
room_state_item(struct room_state *s, uint64_t id)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (s->items[i].id == id)
			return &s->items[i];
	return NULL;
}

/* The agenda item id, added at the end (titled title) when not yet
 * known; NULL when out of memory. */
static struct room_item *
room_state_item_add(struct room_state *s, uint64_t id, const char *title)
{
	struct room_item *it = room_state_item(s, id);

	if (it != NULL)
		return it;
	if (room_state_grow((void **)&s->items, &s->items_cap, s->nitems,
	    sizeof *s->items) == -1)
		return NULL;
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof *it);
	it->id = id;
	ROOM_COPY(it->title, title);
	return it;
}

/* Appends a statement of the item being heard. 0, or -1. */
static int
room_state_stmt(struct room_state *s, const char *member, const char *display,
    const char *position)
{
	struct room_stmt *st;

	if (room_state_grow((void **)&s->stmts, &s->stmts_cap, s->nstmts,
	    sizeof *s->stmts) == -1)
		return -1;
	st = &s->stmts[s->nstmts++];
	ROOM_COPY(st->member, member);
	ROOM_COPY(st->display, display != NULL && display[0] != '\0' ?
	    display : member);
	ROOM_COPY(st->position, position);
	return 0;
}

/* Takes the vote of an item from the snapshot. */
static void
room_state_vote_from(struct room_state *s, const Yishi__Item *it)
{
	const Yishi__Vote *v = it->vote;

	memset(&s->vote, 0, sizeof s->vote);
	if (v == NULL || v->method == NULL || v->method[0] == '\0')
		return;
	s->vote.item = it->id;
	ROOM_COPY(s->vote.method, v->method);
	ROOM_COPY(s->vote.state, v->state);
	s->vote.yes = v->yes;
	s->vote.no = v->no;
	s->vote.abstain = v->abstain;
	s->vote.cast = v->cast;
	s->vote.electorate = v->electorate;
	ROOM_COPY(s->vote.outcome, v->outcome);
	ROOM_COPY(s->vote.rule, v->rule);
	room_state_wait(&s->vote.to_vote, v->to_vote, v->n_to_vote,
	    (uint32_t)v->n_to_vote);
}

/* Replaces what s knows by the snapshot (see room_state.h). */
int
room_state_snapshot(struct room_state *s, const Yishi__Watching *w)
{
	const Yishi__Meeting *m = w->meeting;
	const Yishi__Item *cur = NULL;
	struct room_person *p;
	struct room_item *it;
	size_t i;

	s->npeople = s->nitems = s->nstmts = 0;
	s->current = 0;
	memset(&s->to_state, 0, sizeof s->to_state);
	memset(&s->vote, 0, sizeof s->vote);
	s->seq = w->seq;
	s->index = w->index;
	if (m == NULL)
		return 0;
	s->meeting = m->id;
	ROOM_COPY(s->title, m->title);
	ROOM_COPY(s->mstate, m->state);
	ROOM_COPY(s->chair, m->chair);
	ROOM_COPY(s->chair_display, m->chair_display);
	room_state_quorum(s, m->quorum);
	for (i = 0; i < m->n_attendance; i++) {
		if (room_state_grow((void **)&s->people, &s->people_cap,
		    s->npeople, sizeof *s->people) == -1)
			return -1;
		p = &s->people[s->npeople++];
		ROOM_COPY(p->member, m->attendance[i]->member);
		ROOM_COPY(p->display, m->attendance[i]->display);
		ROOM_COPY(p->role, m->attendance[i]->role);
		ROOM_COPY(p->state, m->attendance[i]->state);
	}
	for (i = 0; i < m->n_items; i++) {
		if ((it = room_state_item_add(s, m->items[i]->id,
		    m->items[i]->title)) == NULL)
			return -1;
		ROOM_COPY(it->state, m->items[i]->state);
		ROOM_COPY(it->outcome, m->items[i]->outcome);
		if (room_state_is(it->state, "started") ||
		    room_state_is(it->state, "voting"))
			cur = m->items[i];
	}
	if (cur == NULL)
		return 0;
	s->current = cur->id;
	for (i = 0; i < cur->n_statements; i++)
		if (room_state_stmt(s, cur->statements[i]->member,
		    cur->statements[i]->display,
		    cur->statements[i]->position) == -1)
			return -1;
	room_state_wait(&s->to_state, cur->to_state, cur->n_to_state,
	    (uint32_t)cur->n_to_state);
	room_state_vote_from(s, cur);
	return 0;
}

/* Keeps ev in the log ring. */
static void
room_state_keep(struct room_state *s, const Yishi__Event *ev,
    const char *words)
{
	struct room_event *e;
	size_t slot = (s->log_head + s->nlog) % ROOM_LOG;

	if (s->nlog == ROOM_LOG) {
		slot = s->log_head;
		s->log_head = (s->log_head + 1) % ROOM_LOG;
	} else {
		s->nlog++;
	}
	e = &s->log[slot];
	memset(e, 0, sizeof *e);
	ROOM_COPY(e->kind, ev->kind);
	ROOM_COPY(e->at, ev->at);
	ROOM_COPY(e->display, ev->display != NULL && ev->display[0] != '\0' ?
	    ev->display : ev->member);
	ROOM_COPY(e->detail, ev->detail);
	ROOM_COPY(e->outcome, ev->outcome);
	e->item = ev->item;
	e->yes = ev->yes;
	e->no = ev->no;
	e->abstain = ev->abstain;
	e->cast = ev->cast;
	e->electorate = ev->electorate;
	e->secret = ev->item != 0 && s->vote.item == ev->item &&
	    room_state_is(s->vote.method, "secret");
	/* Only a secret vote has a key and scrutineers. */
	if (room_state_is(ev->kind, "vote_opened"))
		e->secret = room_state_is(ev->detail, "secret");
	else if (strncmp(e->kind, "vote_key", 8) == 0 ||
	    room_state_is(ev->kind, "vote_decrypt") ||
	    room_state_is(ev->kind, "vote_counting"))
		e->secret = true;
	ROOM_COPY(e->words, words);
}

/* Sets the attendance state of member (when known). */
static void
room_state_attend(struct room_state *s, const char *member, const char *state)
{
	struct room_person *p = room_state_person(s, member);

	if (p != NULL)
		ROOM_COPY(p->state, state);
}

/* Sets the state (and outcome, when given) of item id, when known. */
static void
room_state_item_set(struct room_state *s, uint64_t id, const char *state,
    const char *outcome)
{
	struct room_item *it = room_state_item(s, id);

	if (it == NULL)
		return;
	ROOM_COPY(it->state, state);
	if (outcome != NULL && outcome[0] != '\0')
		ROOM_COPY(it->outcome, outcome);
}

/* The vote event ev about the vote being followed (opening a new one
 * when ev opens it). */
static void
room_state_vote_event(struct room_state *s, const Yishi__Event *ev,
    const char *k)
{
	struct room_vote *v = &s->vote;
	const char *d;
	bool secret;

	if (strcmp(k, "vote_opened") == 0) {
		memset(v, 0, sizeof *v);
		v->item = ev->item;
		ROOM_COPY(v->method, ev->detail);
		ROOM_COPY(v->state, "open");
		v->electorate = ev->electorate;
		room_state_wait(&v->to_vote, ev->waiting, ev->n_waiting,
		    ev->waiting_n);
		s->current = ev->item;
		room_state_item_set(s, ev->item, "voting", NULL);
		return;
	}
	if (strcmp(k, "vote_keying") == 0 && v->item != ev->item) {
		/* A secret vote waits for its key before it opens. */
		memset(v, 0, sizeof *v);
		v->item = ev->item;
		ROOM_COPY(v->method, "secret");
		s->current = ev->item;
		room_state_item_set(s, ev->item, "voting", NULL);
	}
	if (v->item != ev->item)
		return;
	secret = strcmp(v->method, "secret") == 0;
	if (strcmp(k, "vote_keying") == 0) {
		ROOM_COPY(v->state, "keying");
		v->scrutineers = ev->detail != NULL && ev->detail[0] != '\0' ?
		    1 : 0;
		for (d = ev->detail; d != NULL && *d != '\0'; d++)
			if (*d == ',')
				v->scrutineers++;
		v->keys = 0;
	} else if (strcmp(k, "vote_key") == 0) {
		/* Every scrutineer's share in: the vote takes ballots. */
		if (++v->keys >= v->scrutineers &&
		    room_state_is(v->state, "keying"))
			ROOM_COPY(v->state, "open");
	} else if (strcmp(k, "ballot") == 0) {
		ROOM_COPY(v->state, "open");
		v->cast = ev->cast;
		if (ev->electorate != 0)
			v->electorate = ev->electorate;
		if (!secret) {
			v->yes = ev->yes;
			v->no = ev->no;
			v->abstain = ev->abstain;
		}
		room_state_wait(&v->to_vote, ev->waiting, ev->n_waiting,
		    ev->waiting_n);
	} else if (strcmp(k, "vote_counting") == 0) {
		ROOM_COPY(v->state, "counting");
		v->cast = ev->cast;
		memset(&v->to_vote, 0, sizeof v->to_vote);
	} else if (strcmp(k, "vote_closed") == 0) {
		ROOM_COPY(v->state, "closed");
		v->yes = ev->yes;
		v->no = ev->no;
		v->abstain = ev->abstain;
		v->cast = ev->cast;
		if (ev->electorate != 0)
			v->electorate = ev->electorate;
		ROOM_COPY(v->outcome, ev->outcome);
		ROOM_COPY(v->rule, ev->rule);
		memset(&v->to_vote, 0, sizeof v->to_vote);
		room_state_item_set(s, ev->item, "decided", ev->outcome);
	} else if (strcmp(k, "vote_void") == 0) {
		ROOM_COPY(v->state, "void");
		memset(&v->to_vote, 0, sizeof v->to_vote);
		room_state_item_set(s, ev->item, "started", NULL);
	}
}

/* Applies one event (see room_state.h). */
int
room_state_event(struct room_state *s, const Yishi__Event *ev,
    const char *words)
{
	const char *k = ev->kind != NULL ? ev->kind : "";
	struct room_item *it;
	size_t i;

	if (ev->seq != 0) {
		s->seq = ev->seq;
		s->index = ev->index;
	}
	room_state_keep(s, ev, words);
	room_state_quorum(s, ev->quorum);
	if (strcmp(k, "checkin") == 0) {
		room_state_attend(s, ev->member, "present");
	} else if (strcmp(k, "checkout") == 0) {
		room_state_attend(s, ev->member, "left");
	} else if (strcmp(k, "leave_approved") == 0) {
		room_state_attend(s, ev->member, "leave");
	} else if (strcmp(k, "opened") == 0) {
		ROOM_COPY(s->mstate, "open");
	} else if (strcmp(k, "closed") == 0) {
		ROOM_COPY(s->mstate, "closed");
	} else if (strcmp(k, "noticed") == 0) {
		ROOM_COPY(s->mstate, "noticed");
	} else if (strcmp(k, "delegated") == 0) {
		/* The detail names the new chair by the name people know. */
		ROOM_COPY(s->chair_display, ev->detail);
		s->chair[0] = '\0';
		for (i = 0; i < s->npeople; i++)
			if (room_state_is(s->people[i].display, ev->detail) ||
			    room_state_is(s->people[i].member, ev->detail))
				ROOM_COPY(s->chair, s->people[i].member);
	} else if (strcmp(k, "item_started") == 0) {
		if ((it = room_state_item_add(s, ev->item, ev->detail)) == NULL)
			return -1;
		ROOM_COPY(it->state, "started");
		s->current = ev->item;
		s->nstmts = 0;
		memset(&s->vote, 0, sizeof s->vote);
		room_state_wait(&s->to_state, ev->waiting, ev->n_waiting,
		    ev->waiting_n);
	} else if (strcmp(k, "statement") == 0) {
		if (ev->item == s->current) {
			if (room_state_stmt(s, ev->member, ev->display,
			    ev->detail) == -1)
				return -1;
			room_state_wait(&s->to_state, ev->waiting,
			    ev->n_waiting, ev->waiting_n);
		}
	} else if (strncmp(k, "vote_", 5) == 0 || strcmp(k, "ballot") == 0) {
		room_state_vote_event(s, ev, k);
	} else if (strcmp(k, "decided") == 0) {
		room_state_item_set(s, ev->item, "decided", ev->outcome);
	} else if (strcmp(k, "deferred") == 0) {
		room_state_item_set(s, ev->item, "deferred",
		    ev->outcome != NULL && ev->outcome[0] != '\0' ?
		    ev->outcome : "deferred");
	} else if (strcmp(k, "revoked") == 0) {
		s->ended = true;
	}
	return 0;
}

/* The i-th newest event kept (see room_state.h). */
const struct room_event *
room_state_log(const struct room_state *s, size_t i)
{
	if (i >= s->nlog)
		return NULL;
	return &s->log[(s->log_head + s->nlog - 1 - i) % ROOM_LOG];
}

/* The item being heard (see room_state.h). */
const struct room_item *
room_state_current(const struct room_state *s)
{
	size_t i;

	for (i = 0; s->current != 0 && i < s->nitems; i++)
		if (s->items[i].id == s->current)
			return &s->items[i];
	return NULL;
}

/* The member named member (see room_state.h). */
const struct room_person *
room_state_find(const struct room_state *s, const char *member)
{
	size_t i;

	for (i = 0; i < s->npeople; i++)
		if (room_state_is(s->people[i].member, member))
			return &s->people[i];
	return NULL;
}

/* The member me (see room_state.h). */
const struct room_person *
room_state_me(const struct room_state *s)
{
	return room_state_find(s, s->me);
}

/* Whether member holds the top leader's seat (see room_state.h). */
bool
room_state_top(const struct room_state *s, const char *member)
{
	const struct room_person *p = room_state_find(s, member);

	return p != NULL && room_state_is(p->role, "secretary");
}

/* Whether me chairs (see room_state.h). */
bool
room_state_is_chair(const struct room_state *s)
{
	return s->me[0] != '\0' && room_state_is(s->chair, s->me);
}

/* Whether the vote followed is secret (see room_state.h). */
bool
room_state_secret(const struct room_state *s)
{
	return s->vote.item != 0 && room_state_is(s->vote.method, "secret");
}

/* The first item not yet heard (see room_state.h). */
const struct room_item *
room_state_next_item(const struct room_state *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (room_state_is(s->items[i].state, "approved"))
			return &s->items[i];
	return NULL;
}

/* Whether w names me, and (when last is not NULL) whether I am the last
 * of several still to act. */
static bool
room_state_waits(const struct room_state *s, const struct room_wait *w,
    bool *last)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (!room_state_is(w->who[i].member, s->me))
			continue;
		/* The top leader states last: others are still to. */
		if (last != NULL)
			*last = w->total > 1 && room_state_top(s, s->me);
		return true;
	}
	return false;
}

/* What the chair should do next, or ROOM_NEXT_NONE. */
static enum room_next
room_state_chair_next(const struct room_state *s)
{
	const struct room_item *cur = room_state_current(s);
	const struct room_vote *v = &s->vote;

	if (!room_state_is(s->mstate, "open"))
		return s->q_met && !room_state_is(s->mstate, "closed") ?
		    ROOM_NEXT_CHAIR_OPEN : ROOM_NEXT_NONE;
	if (cur != NULL && v->item == cur->id &&
	    room_state_is(v->state, "open") && v->electorate != 0 &&
	    v->cast >= v->electorate)
		return ROOM_NEXT_CHAIR_CLOSE_VOTE;
	if (cur != NULL && room_state_is(cur->state, "started") &&
	    s->to_state.total == 0 && s->nstmts > 0)
		return ROOM_NEXT_CHAIR_VOTE;
	if (cur == NULL || room_state_is(cur->state, "decided") ||
	    room_state_is(cur->state, "deferred"))
		return room_state_next_item(s) != NULL ?
		    ROOM_NEXT_CHAIR_START : ROOM_NEXT_CHAIR_CLOSE;
	return ROOM_NEXT_NONE;
}

/* What me should do next (see room_state.h). */
enum room_next
room_state_next(const struct room_state *s)
{
	const struct room_person *me = room_state_me(s);
	const struct room_item *cur = room_state_current(s);
	enum room_next chair = ROOM_NEXT_NONE;
	bool last = false;

	if (room_state_is(s->mstate, "closed"))
		return ROOM_NEXT_CLOSED;
	if (room_state_is_chair(s))
		chair = room_state_chair_next(s);
	if (me != NULL && !room_state_is(me->state, "present") &&
	    !room_state_is(me->state, "leave"))
		return ROOM_NEXT_CHECKIN;
	if (!room_state_is(s->mstate, "open"))
		return chair != ROOM_NEXT_NONE ? chair : ROOM_NEXT_NOT_OPEN;
	if (s->vote.item != 0 && cur != NULL && s->vote.item == cur->id &&
	    room_state_is(s->vote.state, "open") &&
	    room_state_waits(s, &s->vote.to_vote, NULL))
		return ROOM_NEXT_VOTE;
	if (cur != NULL && room_state_is(cur->state, "started") &&
	    room_state_waits(s, &s->to_state, &last))
		return last ? ROOM_NEXT_STATE_LAST : ROOM_NEXT_STATE;
	return chair;
}
