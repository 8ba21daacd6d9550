/*
 * cmd_audit.c: reading, verifying and exporting a body's trail.
 *
 * audit verify checks, entry by entry, the hash chain, every member
 * signature (against its certificate and the CA) and that what was signed
 * is what the payload says; the server's vouch for every entry (its
 * checkpoint key's signature over the entry as it wrote it, seq included:
 * an entry the server did not write has none that verifies); every server
 * checkpoint (against the CA and the server's checkpoint key: the one
 * given with --server-key or YISHI_SERVER_KEY, else the one remembered for
 * the instance, else the one that signed this trail's head, then
 * remembered: trust on first use) and
 * that the chain still has the hash it signed; that the chain ends exactly
 * at the head the server signed for this read (TrailPage.signed_head), so
 * that nothing after a checkpoint can be cut unseen; that the chain
 * extends the newest head this user verified before (heads.h); and that
 * the record the server reports now is exactly what the trail says
 * (replay.h). The first thing that does not hold is named, exit 6. With
 * --bundle the same checks run on an export, with no server.
 */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include <openssl/x509_vfy.h>

#include "args.h"
#include "audit.h"
#include "bundle.h"
#include "heads.h"
#include "hex.h"
#include "json.h"
#include "out.h"
#include "render.h"
#include "replay.h"
#include "replay_cmp.h"
#include "serverkey.h"
#include "sign.h"
#include "witness.h"

#define AUDIT_MAX_PAGES 100000	/* a bound against a server that loops */
#define AUDIT_BUNDLE_FORMAT 4	/* with the head the server signed and
				   the server's vouch of every entry */

/* Frees the pages. */
void
audit_pages_free(struct audit_pages *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		yishi_response_free(p->pages[i]);
	free(p->pages);
	memset(p, 0, sizeof *p);
}

/* Fetches body's trail with request op (audit.h). */
int
audit_fetch_op(struct cli *cli, Yishi__Request__OpCase op, uint64_t body,
    uint64_t from, struct audit_pages *p)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AuditLog m = YISHI__AUDIT_LOG__INIT;
	Yishi__Response *r, **np;
	const Yishi__TrailPage *t;
	uint64_t last;
	int rc;

	memset(p, 0, sizeof *p);
	req.op_case = op;
	if (op == YISHI__REQUEST__OP_AUDIT_SELF)
		req.audit_self = &m;
	else
		req.audit_log = &m;
	m.body = body;
	m.from_seq = from;
	while (p->n < AUDIT_MAX_PAGES) {
		if ((rc = cmd_call(cli, &req, &r)) != 0) {
			audit_pages_free(p);
			return rc;
		}
		if (r->result_case != YISHI__RESPONSE__RESULT_TRAIL) {
			yishi_response_free(r);
			audit_pages_free(p);
			return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
			    "服务器的答复中没有审计链",
			    "the server's answer holds no trail"), NULL, NULL,
			    0, "protocol");
		}
		np = realloc(p->pages, (p->n + 1) * sizeof *np);
		if (np == NULL) {
			yishi_response_free(r);
			audit_pages_free(p);
			return out_fail(EXIT_UNAVAILABLE, "unavailable",
			    "out of memory", NULL, NULL, 0, "nomem");
		}
		p->pages = np;
		p->pages[p->n++] = r;
		t = r->trail;
		if (t->refused_seq != 0) {
			/* The server itself says its database was cut or
			 * rewritten behind its back. */
			rc = audit_tampered(body, t->refused_seq,
			    t->refused != NULL ? t->refused : "");
			audit_pages_free(p);
			return rc;
		}
		p->head_seq = t->head_seq;
		p->head_hash = t->head_hash;
		if (t->n_entries == 0)
			break;
		last = t->entries[t->n_entries - 1]->seq;
		if (last >= t->head_seq || last < m.from_seq)
			break;
		m.from_seq = last + 1;
	}
	return 0;
}

/*
 * Fetches body's trail from seq from to its head, page by page. Returns 0,
 * or the exit code after printing the error.
 */
static int
audit_fetch(struct cli *cli, uint64_t body, uint64_t from,
    struct audit_pages *p)
{
	return audit_fetch_op(cli, YISHI__REQUEST__OP_AUDIT_LOG, body, from, p);
}

/* yishi audit log --body B [--from SEQ]; prints {"entries":[...]}. */
int
cmd_audit_log(struct cli *cli)
{
	struct audit_pages p;
	struct json j;
	size_t i, k, total = 0;
	int rc;

	rc = audit_fetch(cli, args_u64(cli, "body"), args_u64(cli, "from"),
	    &p);
	if (rc != 0)
		return rc;
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_arr(&j, "entries");
		for (i = 0; i < p.n; i++)
			for (k = 0; k < p.pages[i]->trail->n_entries; k++)
				render_trail_entry(&j, NULL,
				    p.pages[i]->trail->entries[k]);
		json_end(&j);
		json_u64(&j, "head_seq", p.head_seq);
		json_hex(&j, "head_hash", p.head_hash.data, p.head_hash.len);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		for (i = 0; i < p.n; i++) {
			for (k = 0; k < p.pages[i]->trail->n_entries; k++)
				human_trail_entry(
				    p.pages[i]->trail->entries[k]);
			total += p.pages[i]->trail->n_entries;
		}
		out_printf(TR("共 %zu 条；链头 #%" PRIu64 "\n",
		    "%zu entries; head #%" PRIu64 "\n"), total, p.head_seq);
	}
	audit_pages_free(&p);
	return EXIT_DONE;
}

/* Reports a broken trail at entry seq, or at a table row when seq is 0:
 * exit 6, code "tampered". */
int
audit_tampered(uint64_t body, uint64_t seq, const char *why)
{
	char msg[1024];
	struct json j;

	if (seq != 0)
		snprintf(msg, sizeof msg, TR("机构 %" PRIu64 " 的审计链校验失败，"
		    "第 %" PRIu64 " 条：%s", "the trail of body %" PRIu64 " failed "
		    "verification at entry %" PRIu64 ": %s"), body, seq, why);
	else
		snprintf(msg, sizeof msg, TR("机构 %" PRIu64 " 的记录与审计链不符："
		    "%s", "the record of body %" PRIu64 " does not match its "
		    "trail: %s"), body, why);
	if (out_captured(EXIT_TAMPERED, "tampered", msg, seq))
		return EXIT_TAMPERED;
	if (!out_is_json()) {
		fflush(stdout);
		fputs("yishi: ", stderr);
		out_safe_write(stderr, msg, strlen(msg));	/* quotes data */
		fputc('\n', stderr);
		return EXIT_TAMPERED;
	}
	json_init(&j);
	json_obj(&j, NULL);
	json_obj(&j, "error");
	json_str(&j, "code", "tampered");
	json_str(&j, "message", msg);
	json_u64(&j, "body", body);
	json_u64(&j, "seq", seq);
	if (seq == 0)
		json_str(&j, "row", why);
	json_end(&j);
	json_end(&j);
	(void)out_json_print(&j);
	return EXIT_TAMPERED;
}

/* The CA an inspector trusts: --ca, else the identity folder's ca.pem.
 * Loads it into *st and names the instance; 0, or the exit code. */
int
audit_ca(struct cli *cli, X509_STORE **st, char instance[33])
{
	char path[4096];
	const char *ca = args_str(cli, "ca");

	*st = NULL;
	if (ca == NULL && cli->identity == NULL)
		return out_fail(EXIT_USAGE, "usage", TR("须给出 --ca CA.pem（或 "
		    "--identity）", "give --ca CA.pem (or --identity)"), NULL,
		    NULL, 0, NULL);
	if (ca == NULL)
		snprintf(path, sizeof path, "%s/ca.pem", cli->identity);
	else
		snprintf(path, sizeof path, "%s", ca);
	if ((*st = X509_STORE_new()) == NULL ||
	    X509_STORE_load_file(*st, path) != 1 ||
	    heads_instance(path, instance) != 0) {
		X509_STORE_free(*st);
		*st = NULL;
		return out_fail(EXIT_USAGE, "usage", TR("无法读取 CA 证书",
		    "cannot read the CA certificate"), NULL, NULL, 0, path);
	}
	return 0;
}

/* The key given (--server-key, else YISHI_SERVER_KEY), else remembered for
 * instance; none on first use. 0, or the exit code. */
int
audit_pin(struct cli *cli, const char *instance, struct audit_pin *pin)
{
	const char *given = args_str(cli, "server-key");
	char why[512];
	int r;

	memset(pin, 0, sizeof *pin);
	if (given == NULL && (given = getenv("YISHI_SERVER_KEY")) != NULL &&
	    given[0] == '\0')
		given = NULL;
	if (given != NULL) {
		if (serverkey_fp_parse(given, pin->fp) != 0)
			return out_fail(EXIT_USAGE, "usage", TR("服务器签名密钥的指纹"
			    "应为 SHA256: 加 64 位十六进制数", "the server key's "
			    "fingerprint is SHA256: and 64 hex digits"), NULL,
			    NULL, 0, given);
		pin->have = true;
		pin->trust = "given";
		return 0;
	}
	if ((r = heads_key_load(instance, pin->fp, why, sizeof why)) < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	pin->have = r == 1;
	pin->trust = r == 1 ? "remembered" : "first_use";
	return 0;
}

/* Checks the head the server signed for this read with the trusted key;
 * on first use the key that signed it becomes the one trusted (remembered
 * once the whole check holds). 0, or the exit code. */
int
audit_signed_head(const struct audit_src *s, X509_STORE *ca,
    struct audit_pin *pin)
{
	const Yishi__Checkpoint *c = s->signed_head;
	uint8_t got[32];
	char why[512];

	if (s->bundle && s->format == 3) {
		snprintf(why, sizeof why, TR("审计包格式 3 没有服务器对每条记录的"
		    "担保，无法表明每条记录都是本服务器写入的：请用本版本重新导出",
		    "bundle format 3 has no vouch of the server for each entry, "
		    "so it cannot show that the server wrote every entry: export "
		    "it again with this version"));
		return audit_tampered(s->body, s->head_seq, why);
	}
	if (s->bundle && s->format < AUDIT_BUNDLE_FORMAT) {
		snprintf(why, sizeof why, TR("审计包格式 %u 没有服务器签名的链头，"
		    "无法表明其后没有被删去的条目：请用本版本重新导出", "bundle "
		    "format %u has no head signed by the server, so it cannot "
		    "show that nothing after its last entry was cut: export it "
		    "again with this version"), s->format);
		return audit_tampered(s->body, s->head_seq, why);
	}
	if (c == NULL)
		return audit_tampered(s->body, s->head_seq, TR("没有服务器签名的"
		    "链头：无法表明其后没有被删去的条目", "no head signed by the "
		    "server: nothing shows that entries after it were not cut"));
	if (c->body != s->body) {
		snprintf(why, sizeof why, "the head signed is of body %" PRIu64,
		    c->body);
		return audit_tampered(s->body, c->seq, why);
	}
	if (yishi_checkpoint_verify(c, s->signed_page->server_certs,
	    s->signed_page->n_server_certs, ca, pin->have ? pin->fp : NULL,
	    got, why, sizeof why) != 0)
		return audit_tampered(s->body, c->seq, why);
	if (!pin->have) {
		memcpy(pin->fp, got, 32);
		pin->have = true;
	}
	return 0;
}

/* Checks that the chain, verified up to res_seq with hash, ends exactly at
 * the head the server signed. 0, or the exit code. */
int
audit_signed_end(const struct audit_src *s, uint64_t end,
    const uint8_t hash[32])
{
	const Yishi__Checkpoint *c = s->signed_head;
	char why[512];

	if (end < c->seq) {
		snprintf(why, sizeof why, TR("服务器于 %s 签署的链头是这一条，"
		    "但审计链只到第 %" PRIu64 " 条：其后的条目被删去", "the server "
		    "signed this entry as the head at %s, but the trail ends at "
		    "entry %" PRIu64 ": the entries after it were cut"), c->at,
		    end);
		return audit_tampered(s->body, c->seq, why);
	}
	if (end > c->seq) {
		snprintf(why, sizeof why, TR("这一条在服务器于 %s 签署的链头（第 %"
		    PRIu64 " 条）之后，没有服务器签名覆盖", "this entry comes "
		    "after the head the server signed at %s (entry %" PRIu64 "): "
		    "no signature of the server covers it"), c->at, c->seq);
		return audit_tampered(s->body, c->seq + 1, why);
	}
	if (memcmp(hash, c->hash.data, 32) != 0) {
		snprintf(why, sizeof why, TR("审计链在此处的哈希不是服务器于 %s "
		    "签署的链头：审计链被改写", "the chain's hash here is not the "
		    "head the server signed at %s: the trail was rewritten"),
		    c->at);
		return audit_tampered(s->body, c->seq, why);
	}
	return 0;
}

/* The record the server reports: every meeting's minutes, and every
 * follow-up task with its reports. */
struct audit_record {
	Yishi__Response **resp;
	size_t n;
	Yishi__Minutes **minutes;
	Yishi__Response *tasks;
	/* The encrypted ballots of every secret vote, page by page
	 * (vote_ballots): each page's vote names its item. */
	Yishi__Response **bpages;
	Yishi__Vote **bvotes;
	size_t nb;
};

/* Frees a fetched record. */
static void
audit_record_free(struct audit_record *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		yishi_response_free(rec->resp[i]);
	if (rec->tasks != NULL)
		yishi_response_free(rec->tasks);
	for (i = 0; i < rec->nb; i++)
		yishi_response_free(rec->bpages[i]);
	free(rec->bpages);
	free(rec->bvotes);
	free(rec->resp);
	free(rec->minutes);
	memset(rec, 0, sizeof *rec);
}

/* Fetches every follow-up task of body into rec. 0, or the exit code. */
static int
audit_fetch_tasks(struct cli *cli, uint64_t body, struct audit_record *rec)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__FollowupList f = YISHI__FOLLOWUP_LIST__INIT;
	int rc;

	req.op_case = YISHI__REQUEST__OP_FOLLOWUP_LIST;
	req.followup_list = &f;
	f.body = body;
	if ((rc = cmd_call_all(cli, &req, &rec->tasks)) != 0) {
		audit_record_free(rec);
		return rc;
	}
	if (rec->tasks->result_case != YISHI__RESPONSE__RESULT_TASKS) {
		audit_record_free(rec);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("服务器的"
		    "答复中没有督办事项", "the server's answer holds no "
		    "follow-up tasks"), NULL, NULL, 0, "protocol");
	}
	return 0;
}

/* Fetches every page of the encrypted ballots of item's secret vote (the
 * ballots table) into rec. 0, or the exit code. */
static int
audit_fetch_ballots(struct cli *cli, uint64_t item, struct audit_record *rec)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteBallots m = YISHI__VOTE_BALLOTS__INIT;
	Yishi__Response *r, **np;
	Yishi__Vote **nv;
	char after[512] = "";
	int rc;

	req.op_case = YISHI__REQUEST__OP_VOTE_BALLOTS;
	req.vote_ballots = &m;
	m.item = item;
	for (;;) {
		m.after = after;
		if ((rc = cmd_call(cli, &req, &r)) != 0)
			return rc;
		if (r->result_case != YISHI__RESPONSE__RESULT_VOTE ||
		    (np = realloc(rec->bpages, (rec->nb + 1) *
		    sizeof *np)) == NULL) {
			yishi_response_free(r);
			return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
			    "服务器的答复中没有选票", "the server's answer holds "
			    "no ballots"), NULL, NULL, 0, "protocol");
		}
		rec->bpages = np;
		if ((nv = realloc(rec->bvotes, (rec->nb + 1) *
		    sizeof *nv)) == NULL) {
			yishi_response_free(r);
			return out_fail(EXIT_UNAVAILABLE, "unavailable",
			    "out of memory", NULL, NULL, 0, "nomem");
		}
		rec->bvotes = nv;
		rec->bpages[rec->nb] = r;
		rec->bvotes[rec->nb++] = r->vote;
		r->vote->item = item;
		if (r->vote->next == NULL || r->vote->next[0] == '\0')
			return 0;
		/* Each page must move on, or the server is looping us (by
		 * its collation, not strcmp's: only "not the same again"). */
		if (r->vote->n_ballots == 0 || strcmp(r->vote->next, after) == 0 ||
		    strlen(r->vote->next) >= sizeof after ||
		    rec->nb > AUDIT_MAX_PAGES)
			return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
			    "服务器返回的选票分页不前进", "the server's ballot "
			    "pages do not move on"), NULL, NULL, 0, "protocol");
		snprintf(after, sizeof after, "%s", r->vote->next);
	}
}

/* Fetches the encrypted ballots of every secret vote the minutes show
 * (not a void one: its rows are cleared). 0, or the exit code. */
static int
audit_fetch_secret(struct cli *cli, struct audit_record *rec)
{
	size_t i, k;
	int rc;

	for (i = 0; i < rec->n; i++) {
		const Yishi__Meeting *y = rec->minutes[i]->meeting;

		for (k = 0; k < y->n_items; k++) {
			const Yishi__Vote *v = y->items[k]->vote;

			if (v == NULL || v->method == NULL ||
			    strcmp(v->method, "secret") != 0 ||
			    (v->state != NULL && strcmp(v->state, "void") == 0))
				continue;
			if ((rc = audit_fetch_ballots(cli, y->items[k]->id,
			    rec)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Fetches the minutes of every meeting of body and every follow-up task.
 * 0, or the exit code. */
static int
audit_fetch_record(struct cli *cli, uint64_t body, struct audit_record *rec)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef b = YISHI__BODY_REF__INIT;
	Yishi__MeetingRef m = YISHI__MEETING_REF__INIT;
	Yishi__Response *list, *r;
	size_t i;
	int rc;

	memset(rec, 0, sizeof *rec);
	req.op_case = YISHI__REQUEST__OP_MEETING_LIST;
	req.meeting_list = &b;
	b.body = body;
	if ((rc = cmd_call_all(cli, &req, &list)) != 0)
		return rc;
	if (list->result_case != YISHI__RESPONSE__RESULT_MEETINGS) {
		yishi_response_free(list);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("服务器的"
		    "答复中没有会议列表", "the server's answer holds no meeting "
		    "list"), NULL, NULL, 0, "protocol");
	}
	rec->resp = calloc(list->meetings->n_meetings + 1, sizeof *rec->resp);
	rec->minutes = calloc(list->meetings->n_meetings + 1,
	    sizeof *rec->minutes);
	if (rec->resp == NULL || rec->minutes == NULL) {
		yishi_response_free(list);
		audit_record_free(rec);
		return out_fail(EXIT_UNAVAILABLE, "unavailable",
		    "out of memory", NULL, NULL, 0, "nomem");
	}
	req.op_case = YISHI__REQUEST__OP_MINUTES_SHOW;
	req.minutes_show = &m;
	for (i = 0; i < list->meetings->n_meetings; i++) {
		m.meeting = list->meetings->meetings[i]->id;
		if ((rc = cmd_call(cli, &req, &r)) != 0) {
			yishi_response_free(list);
			audit_record_free(rec);
			return rc;
		}
		rec->resp[rec->n++] = r;
		if (r->result_case != YISHI__RESPONSE__RESULT_MINUTES ||
		    r->minutes->meeting == NULL) {
			yishi_response_free(list);
			audit_record_free(rec);
			return out_fail(EXIT_UNAVAILABLE, "unavailable",
			    TR("服务器的答复中没有纪要", "the server's answer "
			    "holds no minutes"), NULL, NULL, 0, "protocol");
		}
		rec->minutes[i] = r->minutes;
	}
	yishi_response_free(list);
	if ((rc = audit_fetch_secret(cli, rec)) != 0) {
		audit_record_free(rec);
		return rc;
	}
	return audit_fetch_tasks(cli, body, rec);
}

/* Orders checkpoints by seq. */
static int
audit_ck_cmp(const void *a, const void *b)
{
	const struct audit_ck *x = a, *y = b;

	return x->c->seq < y->c->seq ? -1 : x->c->seq > y->c->seq;
}

/* The checkpoints of the pages, by seq; NULL when out of memory. */
struct audit_ck *
audit_cks(const struct audit_src *s, size_t *n)
{
	struct audit_ck *v;
	size_t i, k, total = 0;

	for (i = 0; i < s->npages; i++)
		total += s->pages[i]->n_checkpoints;
	if ((v = calloc(total + 1, sizeof *v)) == NULL)
		return NULL;
	*n = 0;
	for (i = 0; i < s->npages; i++)
		for (k = 0; k < s->pages[i]->n_checkpoints; k++) {
			v[*n].c = s->pages[i]->checkpoints[k];
			v[*n].t = s->pages[i];
			(*n)++;
		}
	qsort(v, *n, sizeof *v, audit_ck_cmp);
	return v;
}

/* Checks one checkpoint against the server certificate, the CA and the
 * chain's entry at its seq (e, or NULL when the chain ends before it).
 * 0, or the exit code. */
int
audit_checkpoint(const struct audit_src *s, const struct audit_ck *k,
    const Yishi__TrailEntry *e, uint64_t end, X509_STORE *ca,
    const struct audit_pin *pin, struct audit_result *res)
{
	const Yishi__Checkpoint *c = k->c;
	char why[512];

	if (c->body != s->body || c->seq == 0) {
		snprintf(why, sizeof why, "a checkpoint of body %" PRIu64 " at "
		    "entry %" PRIu64 " is in this trail", c->body, c->seq);
		return audit_tampered(s->body, c->seq, why);
	}
	if (yishi_checkpoint_verify(c, k->t->server_certs,
	    k->t->n_server_certs, ca, pin->fp, NULL, why, sizeof why) != 0)
		return audit_tampered(s->body, c->seq, why);
	if (e == NULL) {
		snprintf(why, sizeof why, "the server signed this entry at %s, "
		    "but the trail ends at entry %" PRIu64, c->at, end);
		return audit_tampered(s->body, c->seq, why);
	}
	if (e->hash.len != 32 || memcmp(e->hash.data, c->hash.data, 32) != 0) {
		snprintf(why, sizeof why, "the chain's hash at this entry is "
		    "not the one the server signed at %s: the trail was "
		    "rewritten up to here", c->at);
		return audit_tampered(s->body, c->seq, why);
	}
	res->checkpoints++;
	return 0;
}

/* Holds a chain against the remembered head (audit.h). */
int
audit_remembered_check(uint64_t body, const Yishi__TrailEntry **ents,
    uint64_t n, const char *instance, uint64_t *seq, char *why,
    size_t whylen)
{
	uint8_t hash[32];
	int r;

	*seq = 0;
	if ((r = heads_load(instance, body, seq, hash, why, whylen)) <= 0)
		return r;
	if (n < *seq) {
		snprintf(why, whylen, "this entry was verified before, but "
		    "the trail now ends at entry %" PRIu64 ": entries were "
		    "removed", n);
		return 2;
	}
	if (*seq > 0 && (ents[*seq - 1]->hash.len != 32 ||
	    memcmp(ents[*seq - 1]->hash.data, hash, 32) != 0)) {
		snprintf(why, whylen, "its hash is not the one verified "
		    "before: the trail was rewritten up to here");
		return 2;
	}
	return 1;
}

/* Checks the chain against the head remembered for this instance and
 * body, and remembers the new one. 0, or the exit code. */
static int
audit_remembered(const struct audit_src *s, const Yishi__TrailEntry **ents,
    const char *instance, struct audit_result *res)
{
	uint64_t seq = 0, n = res->st.seq;
	uint8_t hash[32];
	char why[512];
	int r;

	if ((r = heads_load(instance, s->body, &seq, hash, why,
	    sizeof why)) < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	res->remembered = r == 0 ? "new" : seq == n ? "same" : "extended";
	if (r == 1 && n < seq && s->bundle) {
		res->remembered = "older";	/* an earlier export */
		return 0;
	}
	if ((r = audit_remembered_check(s->body, ents, n, instance, &seq, why,
	    sizeof why)) < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	if (r == 2)
		return audit_tampered(s->body, seq, why);
	r = r == 1;
	if ((r == 0 || n > seq) && n > 0 &&
	    heads_save(instance, s->body, n, res->st.hash, why,
	    sizeof why) != 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	return 0;
}

/* Says, before the result, which server key was trusted and why. */
void
audit_key_note(const struct audit_pin *pin, const char *key)
{
	if (strcmp(pin->trust, "first_use") == 0)
		out_printf(TR("首次信任服务器签名密钥 %s（已记住；此后只接受该密钥"
		    "签署的检查点与链头，可用 --server-key 指定）\n", "trusting "
		    "the server's signing key %s on first use (remembered: "
		    "from now on only checkpoints and heads it signed are "
		    "accepted; --server-key names it)\n"), key);
}

/* Checks the witness cosignatures the trail carries, then the head this
 * user cosigned, against the chain (witness.h). 0, or the exit code. */
static int
audit_witnessed(const struct audit_src *s, X509_STORE *ca,
    const struct replay *rp, const Yishi__TrailEntry **ents,
    const char *instance, struct audit_result *res)
{
	char why[512];
	uint64_t seq = 0;
	int r;

	if (witness_check(s->signed_page, s->body, ca, rp, ents, res->st.seq,
	    &res->witnessed, &seq, why, sizeof why) != 0)
		return audit_tampered(s->body, seq, why);
	if ((r = witness_remembered(instance, s->body, ents, res->st.seq,
	    s->bundle, s->signed_head->at_us, &seq, why, sizeof why)) < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	if (r > 0)
		return audit_tampered(s->body, seq, why);
	return 0;
}

/* Adds a witnessed head to the JSON report as name. */
static void
audit_witness_json(struct json *j, const char *name,
    const struct witness_head *w)
{
	char hex[65], at[64];

	if (!w->have)
		return;
	hex_encode(w->hash, 32, hex);
	witness_time(w->at_us, at, sizeof at);
	json_obj(j, name);
	json_u64(j, "seq", w->seq);
	json_str(j, "hash", hex);
	json_str(j, "identity", w->identity);
	json_str(j, "at", at);
	json_end(j);
}

/* Prints the newest witnessed head and this inspector's cosignature. */
static void
audit_witness_note(const struct audit_result *res)
{
	const struct witness_head *w = &res->witnessed;
	char hex[65], at[64];

	if (w->have) {
		hex_encode(w->hash, 32, hex);
		witness_time(w->at_us, at, sizeof at);
		if (out_lang() == CLI_EN)
			out_printf("newest witnessed head: %" PRIu64 " by %s at "
			    "%s (%.16s…)\n", w->seq, w->identity, at, hex);
		else
			out_printf("最新见证：%s 于 %s 确认第 %" PRIu64 " 条（%.16s…）"
			    "\n", w->identity, at, w->seq, hex);
	}
	w = &res->cosigned;
	if (w->have) {
		hex_encode(w->hash, 32, hex);
		if (out_lang() == CLI_EN)
			out_printf("witnessed entry %" PRIu64 " (%.16s…) as the "
			    "inspector %s: the cosignature was sent to the "
			    "server and remembered here\n", w->seq, hex,
			    w->identity);
		else
			out_printf("已以检查人员 %s 的身份见证第 %" PRIu64 " 条（%.16s…），"
			    "联署已送交服务器并记在本机\n", w->identity, w->seq,
			    hex);
	}
}

/* Prints a verified trail. */
static void
audit_report(const struct audit_src *s, const struct audit_result *res,
    struct replay *rp, const struct audit_pin *pin)
{
	struct replay_counts c;
	struct json j;
	char hex[65], key[SERVERKEY_FP_TEXT];

	replay_counts(rp, &c);
	hex_encode(res->st.hash, 32, hex);
	serverkey_fp_text(pin->fp, key);
	if (!out_is_json()) {
		audit_key_note(pin, key);
		out_printf(TR("服务器于 %s 以密钥 %s 签署了链头（第 %" PRIu64
		    " 条）\n", "the server signed the head at %s with the key "
		    "%s (entry %" PRIu64 ")\n"), s->signed_head->at, key,
		    s->signed_head->seq);
		out_printf(TR("机构 %" PRIu64 " 的审计链校验通过：共 %" PRIu64
		    " 条，链头 %s；成员签名 %zu 个，服务器检查点 %zu 个，"
		    "会议记录 %zu 次与审计链一致\n", "trail of body %" PRIu64
		    " verified: %" PRIu64 " entries, head %s; %zu member "
		    "signatures, %zu server checkpoints, the record of %zu "
		    "meetings matches it\n"), s->body, res->st.seq, hex,
		    res->signatures, res->checkpoints, s->nrecord);
		if (c.secret_rounds > 0)
			out_printf(TR("无记名表决 %zu 轮按审计链重新核对：选票 %zu 张的"
			    "证明、密钥份额、解密份额与结果均成立\n", "%zu secret "
			    "rounds re-checked from the trail: the proofs of %zu "
			    "ballots, the key shares, the decryption shares and the "
			    "results hold\n"), c.secret_rounds, c.secret_checked);
		audit_witness_note(res);
		return;
	}
	json_init(&j);
	json_obj(&j, NULL);
	json_obj(&j, "verified");
	json_u64(&j, "body", s->body);
	json_str(&j, "source", s->bundle ? "bundle" : "server");
	json_u64(&j, "entries", res->st.seq);
	json_u64(&j, "head_seq", res->st.seq);
	json_str(&j, "head", hex);
	json_u64(&j, "signatures", res->signatures);
	json_u64(&j, "checkpoints", res->checkpoints);
	json_str(&j, "remembered", res->remembered);
	json_str(&j, "server_key", key);
	json_str(&j, "server_key_trust", pin->trust);
	json_u64(&j, "signed_head_seq", s->signed_head->seq);
	json_str(&j, "signed_head_at", s->signed_head->at);
	audit_witness_json(&j, "witnessed", &res->witnessed);
	audit_witness_json(&j, "cosigned", &res->cosigned);
	json_obj(&j, "record");
	json_u64(&j, "meetings", s->nrecord);
	json_u64(&j, "attendance", c.attendance);
	json_u64(&j, "items", c.items);
	json_u64(&j, "statements", c.statements);
	json_u64(&j, "ballots", c.ballots);
	json_u64(&j, "secret_ballots", c.secret);
	json_u64(&j, "secret_rounds", c.secret_rounds);
	json_u64(&j, "secret_ballots_checked", c.secret_checked);
	json_u64(&j, "votes", c.votes);
	json_u64(&j, "decisions", c.decisions);
	json_u64(&j, "dissents", c.dissents);
	json_u64(&j, "opinions", c.opinions);
	json_u64(&j, "recusals", c.recusals);
	json_u64(&j, "observers", c.observers);
	json_u64(&j, "acks", c.acks);
	json_u64(&j, "tasks", c.tasks);
	json_u64(&j, "reports", c.reports);
	json_u64(&j, "disposals", c.disposals);
	json_u64(&j, "signoffs", c.signoffs);
	json_u64(&j, "corrigenda", c.corrigenda);
	json_end(&j);
	json_end(&j);
	json_end(&j);
	(void)out_json_print(&j);
}

/* Checks the server's vouch for entry e with its key: an entry the server
 * did not write, or whose content or time was changed since, has none that
 * verifies. 0, or the exit code. */
static int
audit_vouched(const struct audit_src *s, const Yishi__TrailEntry *e,
    X509 *key, const char *instance)
{
	char why[512];

	if (yishi_trail_verify_vouch(e, key, instance, why, sizeof why) == 0)
		return 0;
	snprintf(why, sizeof why, TR("第 %" PRIu64 " 条记录不是本服务器写入的，"
	    "或写入后被改动过（没有服务器的有效担保）", "entry %" PRIu64 " was "
	    "not written by this server, or was changed since (no valid server "
	    "vouch)"), e->seq);
	return audit_tampered(s->body, e->seq, why);
}

/* Verifies a trail and its record (see the top of this file). Returns the
 * exit code after printing the outcome. */
static int
audit_verify_src(const struct audit_src *s, X509_STORE *ca,
    const char *instance, struct audit_pin *pin)
{
	struct audit_result res;
	struct replay_record rec;
	struct replay *rp = replay_new(s->body);
	const Yishi__TrailEntry **ents = NULL;
	struct audit_ck *cks = NULL;
	char why[512], vinst[65];
	size_t i, k, n = 0, ck = 0, nck = 0;
	uint64_t seq;
	X509 *vkey = NULL;
	int rc = EXIT_DONE;

	memset(&res, 0, sizeof res);
	if ((rc = audit_signed_head(s, ca, pin)) != 0) {
		replay_free(rp);
		return rc;
	}
	/* The key that signed the head (the pinned one) vouches for every
	 * entry. */
	if ((vkey = yishi_checkpoint_key(s->signed_head,
	    s->signed_page->server_certs, s->signed_page->n_server_certs, ca,
	    vinst, why, sizeof why)) == NULL) {
		replay_free(rp);
		return audit_tampered(s->body, s->signed_head->seq, why);
	}
	/* A secret round's proofs name the instance: the one of the CA that
	 * certifies the key vouching for every entry. */
	if (rp != NULL)
		replay_instance(rp, vinst);
	for (i = 0; i < s->npages; i++)
		n += s->pages[i]->n_entries;
	if (rp == NULL || (ents = calloc(n + 1, sizeof *ents)) == NULL ||
	    (cks = audit_cks(s, &nck)) == NULL) {
		free(ents);
		replay_free(rp);
		return out_fail(EXIT_UNAVAILABLE, "unavailable",
		    "out of memory", NULL, NULL, 0, "nomem");
	}
	yishi_trail_init(&res.st, s->body);
	n = 0;
	for (i = 0; i < s->npages; i++) {
		const Yishi__TrailPage *t = s->pages[i];

		for (k = 0; k < t->n_entries; k++) {
			const Yishi__TrailEntry *e = t->entries[k];

			if (yishi_trail_check(&res.st, e, why,
			    sizeof why) == -1 ||
			    yishi_trail_verify_signature(e, t->certs,
			    t->n_certs, ca, why, sizeof why) == -1 ||
			    replay_entry(rp, e, why, sizeof why) == -1) {
				rc = audit_tampered(s->body, e->seq, why);
				goto out;
			}
			if ((rc = audit_vouched(s, e, vkey, vinst)) != 0)
				goto out;
			res.signatures += e->signature.len != 0;
			ents[n++] = e;
			/* The server's checkpoints at this entry, in order, so
			 * that the earliest thing that does not hold is named. */
			for (; ck < nck && cks[ck].c->seq <= e->seq; ck++)
				if ((rc = audit_checkpoint(s, &cks[ck],
				    cks[ck].c->seq == e->seq ? e : ents[0], 0, ca,
				    pin, &res)) != 0)
					goto out;
		}
	}
	for (; ck < nck; ck++)
		if ((rc = audit_checkpoint(s, &cks[ck], NULL, res.st.seq, ca,
		    pin, &res)) != 0)
			goto out;
	if ((rc = audit_signed_end(s, res.st.seq, res.st.hash)) != 0)
		goto out;
	if (res.st.seq != s->head_seq) {
		snprintf(why, sizeof why, "the head is said to be entry %" PRIu64
		    " but the entries end at %" PRIu64, s->head_seq, res.st.seq);
		rc = audit_tampered(s->body, res.st.seq + 1, why);
		goto out;
	}
	if (s->head_hash.len != 0 && (s->head_hash.len != 32 ||
	    memcmp(s->head_hash.data, res.st.hash, 32) != 0)) {
		rc = audit_tampered(s->body, res.st.seq, "the head hash "
		    "reported differs from the chain");
		goto out;
	}
	if ((rc = audit_witnessed(s, ca, rp, ents, instance, &res)) != 0 ||
	    (rc = audit_remembered(s, ents, instance, &res)) != 0)
		goto out;
	rec.minutes = s->record;
	rec.nminutes = s->nrecord;
	rec.tasks = s->tasks;
	rec.ntasks = s->ntasks;
	rec.no_tasks = s->no_tasks;
	rec.ballots = s->ballots;
	rec.nballots = s->nballots;
	rec.have_ballots = !s->bundle;
	if (replay_cmp_record(rp, &rec, &seq, why, sizeof why) != 0) {
		rc = audit_tampered(s->body, seq, why);
		goto out;
	}
	if (strcmp(pin->trust, "first_use") == 0 &&
	    heads_key_save(instance, pin->fp, why, sizeof why) != 0) {
		rc = out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL, NULL,
		    0, "state");
		goto out;
	}
	/* Verified online: an inspector cosigns it as a witness. */
	if (s->cli != NULL && witness_wanted(s->cli, rp) &&
	    (rc = witness_cosign(s->cli, instance, s->body, res.st.seq,
	    res.st.hash, &res.cosigned)) != 0)
		goto out;
	audit_report(s, &res, rp, pin);
out:
	X509_free(vkey);
	free(cks);
	free(ents);
	replay_free(rp);
	return rc;
}

/* yishi audit verify --bundle FILE: the same checks, with no server. */
static int
audit_verify_bundle(struct cli *cli, const char *path)
{
	struct audit_src s;
	struct audit_pin pin;
	Yishi__AuditBundle *b;
	X509_STORE *ca;
	char why[512], instance[33];
	int rc;

	if ((b = bundle_read(path, why, sizeof why)) == NULL)
		return out_fail(EXIT_USAGE, "usage", why, NULL, NULL, 0, NULL);
	if ((rc = audit_ca(cli, &ca, instance)) != 0) {
		yishi__audit_bundle__free_unpacked(b, NULL);
		return rc;
	}
	if ((rc = audit_pin(cli, instance, &pin)) != 0) {
		X509_STORE_free(ca);
		yishi__audit_bundle__free_unpacked(b, NULL);
		return rc;
	}
	memset(&s, 0, sizeof s);
	s.body = b->body;
	s.pages = b->pages;
	s.npages = b->n_pages;
	if (b->n_pages > 0) {
		s.head_seq = b->pages[b->n_pages - 1]->head_seq;
		s.head_hash = b->pages[b->n_pages - 1]->head_hash;
		s.signed_page = b->pages[b->n_pages - 1];
		s.signed_head = s.signed_page->signed_head;
	}
	s.record = b->record;
	s.nrecord = b->n_record;
	s.tasks = b->tasks;
	s.ntasks = b->n_tasks;
	s.no_tasks = b->format == 1;
	s.bundle = true;
	s.format = b->format;
	rc = audit_verify_src(&s, ca, instance, &pin);
	X509_STORE_free(ca);
	yishi__audit_bundle__free_unpacked(b, NULL);
	return rc;
}

/* Points s at fetched pages and a record. */
static void
audit_src_of(struct audit_src *s, uint64_t body, struct audit_pages *p,
    Yishi__TrailPage **pages, struct audit_record *rec)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->body = body;
	for (i = 0; i < p->n; i++)
		pages[i] = p->pages[i]->trail;
	s->pages = pages;
	s->npages = p->n;
	s->head_seq = p->head_seq;
	s->head_hash = p->head_hash;
	if (p->n > 0) {
		s->signed_page = pages[p->n - 1];
		s->signed_head = s->signed_page->signed_head;
	}
	s->record = rec->minutes;
	s->nrecord = rec->n;
	s->tasks = rec->tasks->tasks->tasks;
	s->ntasks = rec->tasks->tasks->n_tasks;
	s->ballots = rec->bvotes;
	s->nballots = rec->nb;
}

/* yishi audit verify --body B | --bundle FILE [--ca CA.pem]. */
int
cmd_audit_verify(struct cli *cli)
{
	struct audit_pages p;
	struct audit_record rec;
	struct audit_src s;
	struct audit_pin pin;
	Yishi__TrailPage **pages;
	X509_STORE *ca;
	char instance[33];
	uint64_t body = args_u64(cli, "body");
	int rc;

	if (args_str(cli, "bundle") != NULL && body != 0)
		return cmd_usage(cli, "--body 与 --bundle 只能给一个",
		    "give --body or --bundle, not both");
	if (args_str(cli, "bundle") != NULL)
		return audit_verify_bundle(cli, args_str(cli, "bundle"));
	if (body == 0)
		return cmd_usage(cli, "须给出 --body B（或 --bundle FILE）",
		    "give --body B (or --bundle FILE)");
	if ((rc = audit_ca(cli, &ca, instance)) != 0)
		return rc;
	if ((rc = audit_pin(cli, instance, &pin)) != 0 ||
	    (rc = audit_fetch(cli, body, 1, &p)) != 0) {
		X509_STORE_free(ca);
		return rc;
	}
	if ((rc = audit_fetch_record(cli, body, &rec)) != 0) {
		audit_pages_free(&p);
		X509_STORE_free(ca);
		return rc;
	}
	if ((pages = calloc(p.n + 1, sizeof *pages)) == NULL)
		rc = out_fail(EXIT_UNAVAILABLE, "unavailable", "out of memory",
		    NULL, NULL, 0, "nomem");
	else {
		audit_src_of(&s, body, &p, pages, &rec);
		s.cli = cli;
		rc = audit_verify_src(&s, ca, instance, &pin);
	}
	free(pages);
	audit_record_free(&rec);
	audit_pages_free(&p);
	X509_STORE_free(ca);
	return rc;
}

/* Reads a whole small text file; NULL when unreadable. */
static char *
audit_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *p;
	size_t len = 0, n;

	if (f == NULL)
		return NULL;
	for (;;) {
		if ((p = realloc(buf, len + 4097)) == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = p;
		if ((n = fread(buf + len, 1, 4096, f)) == 0)
			break;
		len += n;
	}
	if (buf != NULL)
		buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Before a bundle is written: the head the server signed for it is checked
 * with the trusted key (remembered on first use), so that the exporter
 * learns at once when another key signed it. 0, or the exit code; the key
 * into pin. */
static int
audit_export_check(struct cli *cli, const struct audit_src *s,
    struct audit_pin *pin)
{
	X509_STORE *ca;
	char instance[33], why[512], key[SERVERKEY_FP_TEXT];
	int rc;

	if ((rc = audit_ca(cli, &ca, instance)) != 0)
		return rc;
	if ((rc = audit_pin(cli, instance, pin)) == 0 &&
	    (rc = audit_signed_head(s, ca, pin)) == 0 &&
	    strcmp(pin->trust, "first_use") == 0) {
		if (heads_key_save(instance, pin->fp, why, sizeof why) != 0)
			rc = out_fail(EXIT_UNAVAILABLE, "unavailable", why,
			    NULL, NULL, 0, "state");
		else if (!out_is_json()) {
			serverkey_fp_text(pin->fp, key);
			audit_key_note(pin, key);
		}
	}
	X509_STORE_free(ca);
	return rc;
}

/* yishi audit export --body B --out FILE: a self-contained bundle. */
int
cmd_audit_export(struct cli *cli)
{
	Yishi__AuditBundle b = YISHI__AUDIT_BUNDLE__INIT;
	struct audit_pages p;
	struct audit_record rec;
	struct audit_src s;
	struct audit_pin pin;
	Yishi__TrailPage **pages;
	char why[512], at[32], path[4096], *ca = NULL, key[SERVERKEY_FP_TEXT];
	const char *out = args_str(cli, "out");
	uint64_t body = args_u64(cli, "body");
	time_t now = time(NULL);
	struct json j;
	size_t i, nck = 0;
	int rc;

	if ((rc = audit_fetch(cli, body, 1, &p)) != 0)
		return rc;
	if ((rc = audit_fetch_record(cli, body, &rec)) != 0) {
		audit_pages_free(&p);
		return rc;
	}
	if ((pages = calloc(p.n + 1, sizeof *pages)) == NULL) {
		audit_record_free(&rec);
		audit_pages_free(&p);
		return out_fail(EXIT_UNAVAILABLE, "unavailable",
		    "out of memory", NULL, NULL, 0, "nomem");
	}
	audit_src_of(&s, body, &p, pages, &rec);
	if ((rc = audit_export_check(cli, &s, &pin)) != 0) {
		free(pages);
		audit_record_free(&rec);
		audit_pages_free(&p);
		return rc;
	}
	serverkey_fp_text(pin.fp, key);
	for (i = 0; i < s.npages; i++)
		nck += s.pages[i]->n_checkpoints;
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (cli->identity != NULL) {
		snprintf(path, sizeof path, "%s/ca.pem", cli->identity);
		ca = audit_slurp(path);
	}
	b.format = AUDIT_BUNDLE_FORMAT;
	b.body = body;
	b.server = (char *)(cli->server ? cli->server : "");
	b.exported_at = at;
	b.exported_by = (char *)yishi_identity_name(cli->conn);
	b.n_pages = s.npages;
	b.pages = s.pages;
	b.n_record = s.nrecord;
	b.record = s.record;
	b.n_tasks = s.ntasks;
	b.tasks = s.tasks;
	b.ca_pem = ca != NULL ? ca : (char *)"";
	rc = bundle_write(out, &b, why, sizeof why);
	free(ca);
	if (rc != 0) {
		rc = out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL, NULL,
		    0, "io");
	} else if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, "exported");
		json_u64(&j, "body", body);
		json_str(&j, "file", out);
		json_u64(&j, "entries", p.head_seq);
		json_u64(&j, "checkpoints", nck);
		json_u64(&j, "meetings", s.nrecord);
		json_u64(&j, "signed_head_seq", s.signed_head->seq);
		json_str(&j, "server_key", key);
		json_str(&j, "server_key_trust", pin.trust);
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		out_printf(TR("已导出机构 %" PRIu64 " 的审计包 %s：%" PRIu64
		    " 条，检查点 %zu 个，会议 %zu 次\n", "exported the trail of "
		    "body %" PRIu64 " to %s: %" PRIu64 " entries, %zu "
		    "checkpoints, %zu meetings\n"), body, out, p.head_seq, nck,
		    s.nrecord);
	}
	free(pages);
	audit_record_free(&rec);
	audit_pages_free(&p);
	return rc;
}
