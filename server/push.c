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
#include "xmalloc.h"

/* Sends one event to one watcher. */
static void
push_one(struct conn *c, void *arg)
{
	conn_push(c, arg);
}

/* Sends ev to every local watcher of meeting. */
void
push_event(uint64_t meeting, const Yishi__Event *ev)
{
	conn_foreach_watcher(meeting, push_one, (void *)ev);
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

/* The notification payload of ev (see push.h), or NULL. */
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
	if (strlen(b64) > 7900) {
		log_warnx("event of %zu bytes too large to send", n);
		free(b64);
		return NULL;
	}
	return b64;
}

/* Adds to b the notification carrying ev, sent when b commits. */
void
push_add(struct db_batch *b, const Yishi__Event *ev)
{
	char *b64 = push_payload(ev);

	if (b64 != NULL)
		db_batch_addf(b, "SELECT pg_notify('" PUSH_CHANNEL "', $1)",
		    "s", b64);
	free(b64);
}

/* Adds to b one statement sending n payloads in order (see push.h). */
void
push_add_many(struct db_batch *b, char *const *payloads, int n)
{
	size_t len = 2;
	char *lit, *p;
	int i;

	if (n <= 0)
		return;
	for (i = 0; i < n; i++)
		len += strlen(payloads[i]) + 1;
	p = lit = xmalloc(len + 1);
	*p++ = '{';
	for (i = 0; i < n; i++) {
		/* Base64 needs no quoting in an array literal. */
		if (i > 0)
			*p++ = ',';
		len = strlen(payloads[i]);
		memcpy(p, payloads[i], len);
		p += len;
	}
	*p++ = '}';
	*p = '\0';
	db_batch_addf(b, "SELECT pg_notify('" PUSH_CHANNEL "', u.x) "
	    "FROM unnest($1::text[]) WITH ORDINALITY AS u(x, i) ORDER BY u.i",
	    "s", lit);
	free(lit);
}
