/* push.c: meeting events across daemons (see push.h). */
#include "push.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "conn.h"
#include "db.h"
#include "log.h"
#include "watch.h"
#include "xmalloc.h"

/* Sends one event to one watcher (held while it catches up). */
static void
push_one(struct conn *c, void *arg)
{
	watch_deliver(c, arg);
}

/* Sends ev to every local watcher of meeting. */
void
push_event(uint64_t meeting, const Yishi__Event *ev)
{
	conn_foreach_watcher(meeting, push_one, (void *)ev);
}

/* Who watches which meeting, by connection id (see push_watcher); an
 * entry whose connection is gone or watches something else is stale and
 * dropped when met. */
struct push_watch {
	uint64_t	 conn_id, meeting, body;
	char		*who;
};
static struct push_watch *push_watches;
static size_t push_nwatches, push_capwatches;

#define PUSH_REVOKE "revoke:"	/* payload prefix of a revocation */

/* True when entry w is still a live watch. */
static bool
push_watch_live(const struct push_watch *w)
{
	struct conn *c = conn_find(w->conn_id);

	return c != NULL && c->watch_meeting == w->meeting;
}

/* Drops entry i (the last one takes its place). */
static void
push_watch_drop(size_t i)
{
	free(push_watches[i].who);
	push_watches[i] = push_watches[--push_nwatches];
}

/* Records that connection conn_id watches meeting of body as who. */
void
push_watcher(uint64_t conn_id, uint64_t meeting, uint64_t body,
    const char *who)
{
	size_t i;

	if (push_nwatches == push_capwatches) {
		for (i = push_nwatches; i-- > 0;)
			if (!push_watch_live(&push_watches[i]))
				push_watch_drop(i);
	}
	if (push_nwatches == push_capwatches) {
		push_capwatches = push_capwatches ? 2 * push_capwatches : 16;
		push_watches = xrealloc(push_watches, push_capwatches *
		    sizeof *push_watches);
	}
	push_watches[push_nwatches].conn_id = conn_id;
	push_watches[push_nwatches].meeting = meeting;
	push_watches[push_nwatches].body = body;
	push_watches[push_nwatches].who = xstrdup(who);
	push_nwatches++;
}

/* Adds to b the notice ending identity's watches in body (see push.h). */
void
push_revoke_add(struct db_batch *b, uint64_t body, const char *identity,
    const char *reason)
{
	char *payload;

	xasprintf(&payload, PUSH_REVOKE "%llu:%s:%s", (unsigned long long)body,
	    reason, identity);
	db_batch_addf(b, "SELECT pg_notify('" PUSH_CHANNEL "', $1)", "s",
	    payload);
	free(payload);
}

/* A revocation arrived ("BODY:REASON:IDENTITY"): ends the matching local
 * watches with a last "revoked" event. */
static void
push_revoked(const char *p)
{
	Yishi__Event ev = YISHI__EVENT__INIT;
	char reason[32];
	const char *who;
	uint64_t body = 0;
	size_t i, n;

	for (; *p >= '0' && *p <= '9'; p++)
		body = body * 10 + (uint64_t)(*p - '0');
	if (*p++ != ':' || (who = strchr(p, ':')) == NULL ||
	    (n = (size_t)(who - p)) >= sizeof reason) {
		log_warnx("malformed revocation notice ignored");
		return;
	}
	memcpy(reason, p, n);
	reason[n] = '\0';
	who++;
	for (i = push_nwatches; i-- > 0;) {
		struct push_watch *w = &push_watches[i];
		struct conn *c;

		if (!push_watch_live(w)) {
			push_watch_drop(i);
			continue;
		}
		if (strcmp(w->who, who) != 0 || (body != 0 && w->body != body))
			continue;
		c = conn_find(w->conn_id);
		ev.meeting = w->meeting;
		ev.kind = (char *)"revoked";
		ev.member = w->who;
		ev.detail = reason;
		conn_push(c, &ev);
		conn_watch(c, 0);
		log_info("watch of meeting %llu by %s ended: %s",
		    (unsigned long long)w->meeting, w->who, reason);
		push_watch_drop(i);
	}
}

static unsigned long long push_decoded;	/* notifications for watchers here */
static unsigned long long push_skipped;	/* for meetings none here watches */

/* The meeting id before the ':' of a payload, and the base64 after it;
 * false when the payload does not start so. */
static bool
push_split(const char *payload, uint64_t *meeting, const char **b64)
{
	const char *p;
	uint64_t m = 0;

	for (p = payload; *p >= '0' && *p <= '9' && p - payload < 20; p++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (p == payload || *p != ':')
		return false;
	*meeting = m;
	*b64 = p + 1;
	return true;
}

/* A notification arrived: unless nobody here watches its meeting, decode
 * the event and hand it to the watchers. */
static void
push_notified(const char *channel, const char *payload, void *arg)
{
	size_t n, pad = 0;
	uint8_t *buf;
	Yishi__Event *ev;
	uint64_t meeting = 0;
	bool split;
	int len;

	(void)channel;
	(void)arg;
	if (payload == NULL) {
		/* Listening again: the watchers here read what they may have
		 * missed meanwhile from event_log. */
		conn_foreach_watch(watch_resync);
		return;
	}
	if (strncmp(payload, PUSH_REVOKE, strlen(PUSH_REVOKE)) == 0) {
		push_revoked(payload + strlen(PUSH_REVOKE));
		return;
	}
	/* Without the prefix: from a daemon older than it, decoded. */
	if ((split = push_split(payload, &meeting, &payload)) &&
	    !conn_watched(meeting)) {
		push_skipped++;
		return;
	}
	n = strlen(payload);
	if (n == 0 || n % 4 != 0 || n > 8000) {
		log_warnx("event notification of %zu bytes ignored", n);
		return;
	}
	buf = xmalloc(n);
	len = EVP_DecodeBlock(buf, (const unsigned char *)payload, (int)n);
	while (pad < 2 && payload[n - 1 - pad] == '=')
		pad++;
	if (len < 0 || (size_t)len < pad ||
	    (ev = yishi__event__unpack(NULL, (size_t)len - pad, buf)) == NULL) {
		log_warnx("undecodable event notification ignored");
		free(buf);
		return;
	}
	if (!split || ev->meeting == meeting) {
		push_decoded++;
		push_event(ev->meeting, ev);
	} else
		log_warnx("event notification for meeting %llu carries meeting "
		    "%llu: ignored", (unsigned long long)meeting,
		    (unsigned long long)ev->meeting);
	yishi__event__free_unpacked(ev, NULL);
	free(buf);
}

/* Logs the notification counts (see push.h). */
void
push_log_counts(void)
{
	log_info("event notifications: %llu for watchers here, %llu for "
	    "meetings nobody here watches (not decoded)", push_decoded,
	    push_skipped);
}

/* Starts receiving events from every daemon (at start-up). */
void
push_start(struct db *db)
{
	db_listen(db, PUSH_CHANNEL, push_notified, NULL);
}

/* The notification payload of ev (see push.h). */
char *
push_payload(const Yishi__Event *ev)
{
	size_t n = yishi__event__get_packed_size(ev);
	uint8_t *packed = xmalloc(n + 1);
	char *b64 = xmalloc(24 + 4 * ((n + 2) / 3) + 1);
	int off = snprintf(b64, 24, "%llu:", (unsigned long long)ev->meeting);

	yishi__event__pack(ev, packed);
	EVP_EncodeBlock((unsigned char *)b64 + off, packed, (int)n);
	free(packed);
	if (strlen(b64) > PUSH_NOTIFY_MAX)
		log_warnx("event %s of meeting %llu (%zu bytes) too large to "
		    "send live: kept in event_log only", ev->kind,
		    (unsigned long long)ev->meeting, n);
	return b64;
}

/* Appends s to the array literal being built at *p. */
static void
push_lit_add(char **p, const char *s, bool first)
{
	size_t len = strlen(s);

	if (!first)
		*(*p)++ = ',';
	memcpy(*p, s, len);
	*p += len;
}

/* Adds to b one statement logging and sending n payloads (see push.h). */
void
push_add_many(struct db_batch *b, char *const *payloads, const int64_t *seqs,
    const uint32_t *idxs, int n)
{
	size_t len = 2;
	char *lit, *p, *slit, *sp, *ilit, *ip, num[24];
	int i;

	if (n <= 0)
		return;
	for (i = 0; i < n; i++)
		len += strlen(payloads[i]) + 1;
	p = lit = xmalloc(len + 1);
	sp = slit = xmalloc(24 * (size_t)n + 3);
	ip = ilit = xmalloc(12 * (size_t)n + 3);
	*p++ = *sp++ = *ip++ = '{';
	for (i = 0; i < n; i++) {
		/* Base64 and numbers need no quoting in an array literal. */
		push_lit_add(&p, payloads[i], i == 0);
		snprintf(num, sizeof num, "%lld", (long long)seqs[i]);
		push_lit_add(&sp, num, i == 0);
		snprintf(num, sizeof num, "%u", idxs[i]);
		push_lit_add(&ip, num, i == 0);
	}
	*p++ = *sp++ = *ip++ = '}';
	*p = *sp = *ip = '\0';
	/* One statement: the rows (an event without a trail entry, seq 0,
	 * is not kept), then the notifications in order; one too large for
	 * a notification is in the log only (push_payload said so). */
	db_batch_addf(b, "WITH u AS (SELECT x, s, i, o FROM unnest($1::text[], "
	    "$2::bigint[], $3::integer[]) WITH ORDINALITY AS u(x, s, i, o)), "
	    "l AS (INSERT INTO event_log (meeting, seq, idx, event) "
	    "SELECT split_part(x, ':', 1)::bigint, s, i, "
	    "decode(split_part(x, ':', 2), 'base64') FROM u WHERE s > 0) "
	    "SELECT pg_notify('" PUSH_CHANNEL "', x) FROM u "
	    "WHERE length(x) <= " PUSH_NOTIFY_MAX_S " ORDER BY o", "sss", lit,
	    slit, ilit);
	free(lit);
	free(slit);
	free(ilit);
}
