/* cmd_audit.c: reading and verifying a body's trail. */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "render.h"

#define AUDIT_MAX_PAGES 100000	/* a bound against a server that loops */

/* The pages of a trail as fetched, kept until printed. */
struct audit_pages {
	Yishi__Response **pages;
	size_t n;
	uint64_t head_seq;
	ProtobufCBinaryData head_hash;
};

/* Frees the pages. */
static void
audit_pages_free(struct audit_pages *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		yishi_response_free(p->pages[i]);
	free(p->pages);
	memset(p, 0, sizeof *p);
}

/*
 * Fetches body's trail from seq from to its head, page by page. Returns 0,
 * or the exit code after printing the error.
 */
static int
audit_fetch(struct cli *cli, uint64_t body, uint64_t from,
    struct audit_pages *p)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AuditLog m = YISHI__AUDIT_LOG__INIT;
	Yishi__Response *r, **np;
	const Yishi__TrailPage *t;
	uint64_t last;
	int rc;

	memset(p, 0, sizeof *p);
	req.op_case = YISHI__REQUEST__OP_AUDIT_LOG;
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

/* Reports a broken chain at seq: exit 6, code "tampered". */
static int
audit_tampered(uint64_t body, uint64_t seq, const char *why)
{
	char msg[768];
	struct json j;

	snprintf(msg, sizeof msg, TR("机构 %" PRIu64 " 的审计链校验失败，"
	    "第 %" PRIu64 " 条：%s", "the trail of body %" PRIu64 " failed "
	    "verification at entry %" PRIu64 ": %s"), body, seq, why);
	if (!out_is_json()) {
		fflush(stdout);
		fprintf(stderr, "yishi: %s\n", msg);
		return EXIT_TAMPERED;
	}
	json_init(&j);
	json_obj(&j, NULL);
	json_obj(&j, "error");
	json_str(&j, "code", "tampered");
	json_str(&j, "message", msg);
	json_u64(&j, "body", body);
	json_u64(&j, "seq", seq);
	json_end(&j);
	json_end(&j);
	(void)out_json_print(&j);
	return EXIT_TAMPERED;
}

/* Loads the instance CA of the identity folder; NULL when unreadable. */
static X509_STORE *
audit_ca(struct cli *cli)
{
	X509_STORE *st = X509_STORE_new();
	char path[4096];

	if (st == NULL || cli->identity == NULL)
		goto fail;
	snprintf(path, sizeof path, "%s/ca.pem", cli->identity);
	if (X509_STORE_load_file(st, path) != 1)
		goto fail;
	return st;
fail:
	X509_STORE_free(st);
	return NULL;
}

/* yishi audit verify --body B: recomputes the whole hash chain and checks
 * every member signature against its certificate and the CA. */
int
cmd_audit_verify(struct cli *cli)
{
	struct yishi_trail_state st;
	struct audit_pages p;
	X509_STORE *ca;
	const Yishi__TrailEntry *e;
	struct json j;
	char why[256], hex[65];
	uint64_t body = args_u64(cli, "body");
	size_t i, k;
	int rc;

	if (args_str(cli, "bundle") != NULL && body != 0)
		return cmd_usage(cli, "--body 与 --bundle 只能给一个",
		    "give --body or --bundle, not both");
	if (args_str(cli, "bundle") != NULL)
		return cmd_not_implemented(cli);
	if (body == 0)
		return cmd_usage(cli, "须给出 --body B（或 --bundle FILE）",
		    "give --body B (or --bundle FILE)");
	if ((ca = audit_ca(cli)) == NULL)
		return out_fail(EXIT_USAGE, "usage", TR("无法读取身份目录中的 "
		    "ca.pem", "cannot read ca.pem of the identity folder"),
		    NULL, NULL, 0, NULL);
	if ((rc = audit_fetch(cli, body, 1, &p)) != 0) {
		X509_STORE_free(ca);
		return rc;
	}
	yishi_trail_init(&st, body);
	for (i = 0; i < p.n; i++) {
		const Yishi__TrailPage *t = p.pages[i]->trail;

		for (k = 0; k < t->n_entries; k++) {
			e = t->entries[k];
			if (yishi_trail_check(&st, e, why, sizeof why) == -1 ||
			    yishi_trail_verify_signature(e, t->certs,
			    t->n_certs, ca, why, sizeof why) == -1) {
				rc = audit_tampered(body, e->seq, why);
				audit_pages_free(&p);
				X509_STORE_free(ca);
				return rc;
			}
		}
	}
	X509_STORE_free(ca);
	if (st.seq != p.head_seq) {
		snprintf(why, sizeof why, "the server reports head %" PRIu64
		    " but the entries end at %" PRIu64, p.head_seq, st.seq);
		audit_pages_free(&p);
		return audit_tampered(body, st.seq + 1, why);
	}
	if (p.head_hash.len != 0 && (p.head_hash.len != 32 ||
	    memcmp(p.head_hash.data, st.hash, 32) != 0)) {
		audit_pages_free(&p);
		return audit_tampered(body, st.seq,
		    "the head hash the server reports differs from the chain");
	}
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", st.hash[i]);
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, "verified");
		json_u64(&j, "body", body);
		json_u64(&j, "entries", st.seq);
		json_u64(&j, "head_seq", st.seq);
		json_str(&j, "head", hex);
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		out_printf(TR("机构 %" PRIu64 " 的审计链校验通过：共 %" PRIu64
		    " 条，链头 %s\n", "trail of body %" PRIu64 " verified: %"
		    PRIu64 " entries, head %s\n"), body, st.seq, hex);
	}
	audit_pages_free(&p);
	return EXIT_DONE;
}
