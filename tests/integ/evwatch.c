/*
 * evwatch: a watcher that speaks the protocol through libyishi alone, for
 * the event tests (test_events, test_watch_resume): it prints every field
 * the daemon sends, and resumes from a position by itself, so that the
 * daemon's side is tested apart from the CLI's `yishi watch`.
 *
 * usage: evwatch -s HOST:PORT -d IDENTITY_DIR -m MEETING [-a SEQ:INDEX]
 *        [-w SECONDS]
 *   -a  resume after that position (Watch.resume); without it, a first
 *       watch from the snapshot on
 *   -w  give up after SECONDS without any event (default 60)
 *   -o  only the Watching answer: print it and exit
 *
 * Output, one JSON object a line, flushed at once:
 *   {"watching":{"seq":S,"index":I,"state":"open","items":[{"id":..,
 *     "state":..,"to_state":["m1",..],"to_vote":["m2",..],"cast":N}]}}
 *   {"event":{"kind":..,"seq":..,"index":..,"at":..,...,
 *     "waiting":["m1",..],"waiting_n":N}}
 *   {"end":"closed"|"timeout"|"refused","message":..}   last line
 * Exit: 0 the watch ended by the server closing the connection (a
 * shutdown, a kill: resume then), or a timeout; 1 set-up error or a
 * refusal; 2 usage.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yishi.h"
#include "yishi.pb-c.h"

/* Prints s as a JSON string. */
static void
evwatch_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	putchar('"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* Prints "key":[names] of a list of people. */
static void
evwatch_people(const char *key, Yishi__Person **p, size_t n)
{
	size_t i;

	printf(",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			putchar(',');
		evwatch_str(p[i]->member);
	}
	putchar(']');
}

/* Prints one event, every field. */
static void
evwatch_event(const Yishi__Event *ev)
{
	printf("{\"event\":{\"kind\":");
	evwatch_str(ev->kind);
	printf(",\"meeting\":%" PRIu64 ",\"item\":%" PRIu64 ",\"seq\":%"
	    PRIu64 ",\"index\":%u,\"at\":", ev->meeting, ev->item, ev->seq,
	    ev->index);
	evwatch_str(ev->at);
	printf(",\"member\":");
	evwatch_str(ev->member);
	printf(",\"display\":");
	evwatch_str(ev->display);
	printf(",\"detail\":");
	evwatch_str(ev->detail);
	printf(",\"yes\":%u,\"no\":%u,\"abstain\":%u,\"cast\":%u,"
	    "\"electorate\":%u,\"outcome\":", ev->yes, ev->no, ev->abstain,
	    ev->cast, ev->electorate);
	evwatch_str(ev->outcome);
	printf(",\"rule\":");
	evwatch_str(ev->rule);
	if (ev->quorum != NULL)
		printf(",\"quorum\":{\"n\":%u,\"present\":%u,\"met\":%s}",
		    ev->quorum->n, ev->quorum->present,
		    ev->quorum->met ? "true" : "false");
	evwatch_people("waiting", ev->waiting, ev->n_waiting);
	printf(",\"waiting_n\":%u}}\n", ev->waiting_n);
	fflush(stdout);
}

/* Prints the Watching answer: the position and the still-to lists. */
static void
evwatch_watching(const Yishi__Watching *w)
{
	const Yishi__Meeting *m = w->meeting;
	size_t i;

	printf("{\"watching\":{\"seq\":%" PRIu64 ",\"index\":%u,\"state\":",
	    w->seq, w->index);
	evwatch_str(m != NULL ? m->state : "");
	printf(",\"present\":%u,\"items\":[", m != NULL && m->quorum != NULL ?
	    m->quorum->present : 0);
	for (i = 0; m != NULL && i < m->n_items; i++) {
		const Yishi__Item *it = m->items[i];

		printf("%s{\"id\":%" PRIu64 ",\"state\":", i > 0 ? "," : "",
		    it->id);
		evwatch_str(it->state);
		printf(",\"statements\":%zu", it->n_statements);
		evwatch_people("to_state", it->to_state, it->n_to_state);
		if (it->vote != NULL) {
			printf(",\"cast\":%u", it->vote->cast);
			evwatch_people("to_vote", it->vote->to_vote,
			    it->vote->n_to_vote);
		}
		putchar('}');
	}
	printf("]}}\n");
	fflush(stdout);
}

/* Prints the last line. */
static void
evwatch_end(const char *why, const char *message)
{
	printf("{\"end\":\"%s\",\"message\":", why);
	evwatch_str(message);
	printf("}\n");
	fflush(stdout);
}

/* Watches once (see the top of this file). */
int
main(int argc, char **argv)
{
	const char *server = getenv("YISHI_SERVER"), *dir = NULL;
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Watch w = YISHI__WATCH__INIT;
	struct yishi_conn *c;
	struct yishi_error e;
	Yishi__Response *r;
	Yishi__Event *ev;
	int ch, quiet_s = 60, waited = 0, n;
	bool once = false;

	while ((ch = getopt(argc, argv, "s:d:m:a:w:o")) != -1) {
		switch (ch) {
		case 's':
			server = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'm':
			w.meeting = strtoull(optarg, NULL, 10);
			break;
		case 'a':
			if (sscanf(optarg, "%" SCNu64 ":%u", &w.after_seq,
			    &w.after_index) != 2)
				return 2;
			w.resume = true;
			break;
		case 'w':
			quiet_s = atoi(optarg);
			break;
		case 'o':
			once = true;
			break;
		default:
			return 2;
		}
	}
	if (server == NULL || dir == NULL || w.meeting == 0)
		return 2;
	if (yishi_connect(server, dir, 20, &c, &e) != 0) {
		evwatch_end("closed", e.message);
		return 0;	/* not up yet: the caller tries again */
	}
	req.op_case = YISHI__REQUEST__OP_WATCH;
	req.watch = &w;
	if (yishi_call(c, &req, &r, &e) != 0) {
		evwatch_end("closed", e.message);
		yishi_close(c);
		return 0;
	}
	if (r->status != YISHI__STATUS__STATUS_OK ||
	    r->result_case != YISHI__RESPONSE__RESULT_WATCHING) {
		/* A shutting-down daemon's last frame, or a refusal. */
		n = r->status == YISHI__STATUS__STATUS_UNAVAILABLE;
		evwatch_end(n ? "closed" : "refused", r->message);
		yishi_response_free(r);
		yishi_close(c);
		return n ? 0 : 1;
	}
	evwatch_watching(r->watching);
	yishi_response_free(r);
	for (; !once;) {
		n = yishi_next_event(c, &ev, 1000, &e);
		if (n == 0) {
			if (++waited >= quiet_s) {
				evwatch_end("timeout", "");
				break;
			}
			continue;
		}
		if (n < 0) {
			evwatch_end("closed", e.message);
			break;
		}
		waited = 0;
		evwatch_event(ev);
		yishi_event_free(ev);
	}
	yishi_close(c);
	return 0;
}
