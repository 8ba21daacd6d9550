/* headstore.c: the heads this daemon wrote and signed (see headstore.h). */
#include "headstore.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "db.h"
#include "fsutil.h"
#include "hex.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define HEADSTORE_MAGIC	"yishid-heads 1"
#define HEADSTORE_DELAY_MS 100	/* from a commit to its hash read back */

/* One body's remembered head, and the seq of a commit not yet read back. */
struct headstore_ent {
	uint64_t	body;
	struct headstore_head h;
	uint64_t	pending;	/* 0: none */
};

static struct headstore_ent *headstore_v;	/* by body */
static size_t	 headstore_n, headstore_cap;
static char	*headstore_path;
static struct event *headstore_timer;
static bool	 headstore_reading;	/* a read-back in flight */

/* The entry of body, or NULL. */
static struct headstore_ent *
headstore_find(uint64_t body)
{
	size_t lo = 0, hi = headstore_n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (headstore_v[mid].body == body)
			return &headstore_v[mid];
		if (headstore_v[mid].body < body)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The entry of body, made empty when absent. */
static struct headstore_ent *
headstore_ent(uint64_t body)
{
	struct headstore_ent *e = headstore_find(body);
	size_t i;

	if (e != NULL)
		return e;
	if (headstore_n == headstore_cap) {
		headstore_cap = headstore_cap ? 2 * headstore_cap : 16;
		headstore_v = xrealloc(headstore_v, headstore_cap *
		    sizeof *headstore_v);
	}
	for (i = headstore_n; i > 0 && headstore_v[i - 1].body > body; i--)
		headstore_v[i] = headstore_v[i - 1];
	memset(&headstore_v[i], 0, sizeof headstore_v[i]);
	headstore_v[i].body = body;
	headstore_n++;
	return &headstore_v[i];
}

/* Takes in a head known from elsewhere: the newer wins. */
static void
headstore_merge(uint64_t body, const struct headstore_head *h)
{
	struct headstore_ent *e = headstore_ent(body);

	if (h->reach > e->h.reach)
		e->h.reach = h->reach;
	if (h->seq > e->h.seq) {
		e->h.seq = h->seq;
		memcpy(e->h.hash, h->hash, 32);
	}
	if (h->ck > e->h.ck)
		e->h.ck = h->ck;
	if (e->h.seq > e->h.reach)
		e->h.reach = e->h.seq;
}

/* Parses the file's text into the store; -1 when a line is malformed (the
 * lines before it are kept). */
static int
headstore_parse(char *text)
{
	struct headstore_head h;
	unsigned long long body, reach, seq, ck;
	char *line, *save = NULL, hex[80];
	size_t n;
	bool first = true;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (first) {
			first = false;
			if (strcmp(line, HEADSTORE_MAGIC) != 0)
				return -1;
			continue;
		}
		if (sscanf(line, "%llu %llu %llu %79s %llu", &body, &reach,
		    &seq, hex, &ck) != 5 || strlen(hex) != 64 ||
		    !hex_decode(hex, h.hash, 32, &n) || n != 32)
			return -1;
		h.reach = reach;
		h.seq = seq;
		h.ck = ck;
		headstore_merge(body, &h);
	}
	return first ? -1 : 0;
}

/* Reads the store (see headstore.h). */
int
headstore_load(const char *path)
{
	char *text;
	int rc = 0;

	free(headstore_path);
	headstore_path = xstrdup(path);
	if ((text = fsutil_read(path, NULL)) == NULL) {
		if (errno != ENOENT) {
			log_warn("%s: starting without remembered trail heads",
			    path);
			return -1;
		}
		log_info("%s: no trail heads remembered yet", path);
		return 0;
	}
	if (headstore_parse(text) != 0) {
		log_warnx("%s is malformed: the trail heads it holds are not "
		    "checked until the next write replaces it", path);
		rc = -1;
	}
	free(text);
	log_info("%s: %zu bodies' trail heads remembered", path, headstore_n);
	return rc;
}

/* Writes the store: what another daemon of the instance wrote is merged
 * in first. Temporary file and rename, no fsync (see headstore.h). */
static void
headstore_write(void)
{
	char *text, *tmp, hex[65];
	size_t i;
	FILE *f;
	int fd;

	if (headstore_path == NULL)
		return;
	if ((text = fsutil_read(headstore_path, NULL)) != NULL) {
		(void)headstore_parse(text);
		free(text);
	}
	(void)xasprintf(&tmp, "%s.%ld.tmp", headstore_path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		log_warn("cannot write %s", tmp);
		if (fd >= 0)
			close(fd);
		free(tmp);
		return;
	}
	fprintf(f, "%s\n", HEADSTORE_MAGIC);
	for (i = 0; i < headstore_n; i++) {
		const struct headstore_ent *e = &headstore_v[i];
		uint64_t reach = e->pending > e->h.reach ? e->pending :
		    e->h.reach;

		hex_encode(e->h.hash, 32, hex);
		fprintf(f, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %s %" PRIu64
		    "\n", e->body, reach, e->h.seq, hex, e->h.ck);
	}
	if (fclose(f) != 0 || rename(tmp, headstore_path) != 0) {
		log_warn("cannot replace %s", headstore_path);
		unlink(tmp);
	}
	free(tmp);
}

/* Decodes PostgreSQL's hex output of a 32-byte bytea; 0 or -1. */
static int
headstore_unhex(const char *s, uint8_t out[32])
{
	size_t n;

	if (s == NULL || strncmp(s, "\\x", 2) != 0 ||
	    !hex_decode(s + 2, out, 32, &n) || n != 32)
		return -1;
	return 0;
}

static void headstore_fire(evutil_socket_t fd, short what, void *arg);

/* Reads back, a tenth of a second from now, the hash of every head moved
 * meanwhile. */
static void
headstore_arm(void)
{
	struct timeval tv = { 0, HEADSTORE_DELAY_MS * 1000 };

	if (srv.base == NULL || headstore_reading)
		return;
	if (headstore_timer == NULL)
		headstore_timer = evtimer_new(srv.base, headstore_fire, NULL);
	if (!evtimer_pending(headstore_timer, NULL))
		evtimer_add(headstore_timer, &tv);
}

/* The hashes came back: remember them, say loudly which are missing. */
static void
headstore_read_back(struct db_batch *b, void *arg)
{
	uint64_t *asked = arg;		/* the count, then body, seq pairs */
	struct headstore_head h;
	struct headstore_ent *e;
	size_t i, end = 1 + 2 * asked[0];
	int row, n;

	headstore_reading = false;
	if (b->failed) {
		log_warnx("trail heads: reading back the hashes: %s (%s)",
		    b->error, b->sqlstate);
		for (i = 1; i < end; i += 2)
			if ((e = headstore_find(asked[i])) != NULL &&
			    e->pending < asked[i + 1])
				e->pending = asked[i + 1];
	} else {
		n = db_rows(b, 0);
		for (i = 1; i < end; i += 2) {
			for (row = 0; row < n; row++)
				if ((uint64_t)db_getll(b, 0, row, 0) ==
				    asked[i] && headstore_unhex(db_get(b, 0,
				    row, 1), h.hash) == 0)
					break;
			if (row == n) {
				log_warnx("TRAIL OF BODY %" PRIu64 " CUT: entry "
				    "%" PRIu64 ", which this daemon wrote, is "
				    "not in the database: its trail will not "
				    "be served", asked[i], asked[i + 1]);
				continue;
			}
			h.reach = h.seq = asked[i + 1];
			h.ck = 0;
			headstore_merge(asked[i], &h);
		}
		headstore_write();
	}
	free(asked);
	db_batch_free(b);
	for (i = 0; i < headstore_n; i++)
		if (headstore_v[i].pending != 0) {
			headstore_arm();
			break;
		}
}

/* The timer: one query for every body whose head moved. */
static void
headstore_fire(evutil_socket_t fd, short what, void *arg)
{
	struct db_batch *b;
	uint64_t *asked;
	char *bodies = NULL, *seqs = NULL;
	size_t i, k = 0, blen = 0, slen = 0;
	FILE *fb, *fs;

	(void)fd;
	(void)what;
	(void)arg;
	if (srv.db == NULL || headstore_reading)
		return;
	asked = xcalloc(2 * headstore_n + 1, sizeof *asked);
	fb = open_memstream(&bodies, &blen);
	fs = open_memstream(&seqs, &slen);
	if (fb == NULL || fs == NULL)
		fatal("open_memstream");
	fputc('{', fb);
	fputc('{', fs);
	for (i = 0; i < headstore_n; i++) {
		struct headstore_ent *e = &headstore_v[i];

		if (e->pending == 0)
			continue;
		fprintf(fb, "%s%" PRIu64, k ? "," : "", e->body);
		fprintf(fs, "%s%" PRIu64, k ? "," : "", e->pending);
		asked[1 + 2 * k] = e->body;
		asked[2 + 2 * k] = e->pending;
		k++;
		if (e->pending > e->h.reach)
			e->h.reach = e->pending;
		e->pending = 0;
	}
	fputc('}', fb);
	fputc('}', fs);
	if (fclose(fb) != 0 || fclose(fs) != 0)
		fatal("open_memstream");
	if (k == 0) {
		free(asked);
		free(bodies);
		free(seqs);
		return;
	}
	asked[0] = k;
	headstore_reading = true;
	b = db_batch_new(headstore_read_back, asked);
	db_batch_addf(b, "SELECT t.body_id, t.hash FROM unnest($1::bigint[], "
	    "$2::bigint[]) AS p(b, s) JOIN trail t ON t.body_id = p.b AND "
	    "t.seq = p.s", "ss", bodies, seqs);
	free(bodies);
	free(seqs);
	db_submit(srv.db, b);
}

/* A commit of this daemon moved body's head (see headstore.h). */
void
headstore_moved(uint64_t body, uint64_t seq)
{
	struct headstore_ent *e = headstore_ent(body);

	if (seq > e->pending && seq > e->h.seq)
		e->pending = seq;
	headstore_arm();
}

/* A checkpoint signed body's head (see headstore.h). */
void
headstore_signed(uint64_t body, uint64_t seq, const uint8_t hash[32])
{
	struct headstore_head h;

	h.reach = h.seq = h.ck = seq;
	memcpy(h.hash, hash, 32);
	headstore_merge(body, &h);
	headstore_write();
}

/* What is remembered of body (see headstore.h). */
bool
headstore_get(uint64_t body, struct headstore_head *h)
{
	const struct headstore_ent *e = headstore_find(body);

	memset(h, 0, sizeof *h);
	if (e == NULL)
		return false;
	*h = e->h;
	if (e->pending > h->reach)
		h->reach = e->pending;
	return h->reach > 0;
}

/* The start-up check came back: say loudly what does not hold. */
static void
headstore_checked(struct db_batch *b, void *arg)
{
	size_t i, bad = 0;
	int row;
	uint8_t hash[32];

	(void)arg;
	if (b->failed) {
		log_warnx("trail heads: the start-up check failed: %s (%s)",
		    b->error, b->sqlstate);
		db_batch_free(b);
		return;
	}
	for (row = 0; row < db_rows(b, 0); row++) {
		uint64_t body = (uint64_t)db_getll(b, 0, row, 0);
		uint64_t head = (uint64_t)db_getll(b, 0, row, 1);
		const struct headstore_ent *e = headstore_find(body);

		if (e == NULL)
			continue;
		if (head < e->h.reach) {
			log_warnx("TRAIL OF BODY %" PRIu64 " IS BEHIND: this "
			    "server wrote or signed its entry %" PRIu64 ", the "
			    "database ends at %" PRIu64 ": it was truncated or "
			    "rolled back; its trail will not be served", body,
			    e->h.reach, head);
			bad++;
		} else if (e->h.seq > 0 && (db_isnull(b, 0, row, 2) ||
		    headstore_unhex(db_get(b, 0, row, 2), hash) != 0 ||
		    memcmp(hash, e->h.hash, 32) != 0)) {
			log_warnx("TRAIL OF BODY %" PRIu64 " WAS REWRITTEN: its "
			    "entry %" PRIu64 " is not the one this server wrote "
			    "or signed; its trail will not be served", body,
			    e->h.seq);
			bad++;
		} else if (e->h.ck > 0 && !db_getbool(b, 0, row, 3)) {
			log_warnx("CHECKPOINT OF BODY %" PRIu64 " REMOVED: the "
			    "one this server stored at entry %" PRIu64 " is not "
			    "in the database; its trail will not be served",
			    body, e->h.ck);
			bad++;
		}
	}
	if (bad == 0)
		log_info("trail heads: the database holds the %zu remembered",
		    headstore_n);
	for (i = 0; i < headstore_n; i++)
		if (headstore_v[i].pending != 0)
			headstore_arm();
	db_batch_free(b);
}

/* Checks the database against every remembered head (see headstore.h). */
void
headstore_check(void)
{
	struct db_batch *b;
	char *bodies = NULL, *seqs = NULL, *cks = NULL;
	size_t i, blen = 0, slen = 0, clen = 0;
	FILE *fb, *fs, *fc;

	if (headstore_n == 0 || srv.db == NULL)
		return;
	fb = open_memstream(&bodies, &blen);
	fs = open_memstream(&seqs, &slen);
	fc = open_memstream(&cks, &clen);
	if (fb == NULL || fs == NULL || fc == NULL)
		fatal("open_memstream");
	fputc('{', fb);
	fputc('{', fs);
	fputc('{', fc);
	for (i = 0; i < headstore_n; i++) {
		fprintf(fb, "%s%" PRIu64, i ? "," : "", headstore_v[i].body);
		fprintf(fs, "%s%" PRIu64, i ? "," : "", headstore_v[i].h.seq);
		fprintf(fc, "%s%" PRIu64, i ? "," : "", headstore_v[i].h.ck);
	}
	fputc('}', fb);
	fputc('}', fs);
	fputc('}', fc);
	if (fclose(fb) != 0 || fclose(fs) != 0 || fclose(fc) != 0)
		fatal("open_memstream");
	b = db_batch_new(headstore_checked, NULL);
	db_batch_addf(b, "SELECT p.b, (SELECT coalesce(max(t.seq), 0) FROM "
	    "trail t WHERE t.body_id = p.b), (SELECT t.hash FROM trail t "
	    "WHERE t.body_id = p.b AND t.seq = p.s), EXISTS (SELECT 1 FROM "
	    "checkpoints c WHERE c.body_id = p.b AND c.seq = p.c) FROM "
	    "unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS p(b, s, c)",
	    "sss", bodies, seqs, cks);
	free(bodies);
	free(seqs);
	free(cks);
	db_submit(srv.db, b);
}

/* Writes the file now and frees the store (see headstore.h). */
void
headstore_stop(void)
{
	headstore_write();
	if (headstore_timer != NULL)
		event_free(headstore_timer);
	headstore_timer = NULL;
	free(headstore_v);
	headstore_v = NULL;
	headstore_n = headstore_cap = 0;
	free(headstore_path);
	headstore_path = NULL;
}
