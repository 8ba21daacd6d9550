/*
 * cmd_self.c: yishi audit self --body B, the member's own check of a
 * body's trail (issue 12; docs/security.md, "the operator").
 *
 * The operator who holds the instance folder can sign as the server and,
 * with the CA key, issue a certificate in the member's name. What such an
 * operator cannot have is what the member's own client remembers: the
 * journal of the signatures it made (journal.h) and the heads this user
 * verified (heads.h). The server answers audit self with the whole chain,
 * the member's own entries in full and every other entry as seq,
 * prev_hash and hash only (server/h_self.c). The check:
 *
 *  1. the chain links entry by entry (a full entry's hash is recomputed; a
 *     redacted one's is taken as given, its prev_hash must be the hash
 *     before it), each full signed entry's signature verifies, the
 *     server's checkpoints hold, and the chain ends exactly at the head
 *     the server signed for this read with the trusted key (as audit
 *     verify: cmd_audit.c). What fails here is named at once, exit 6;
 *  2. every certificate the trail registers in the member's name (seat.add
 *     and identity.certificate) is one it holds: its own, or one a journal
 *     of its on this machine was written with;
 *  3. every entry signed in its name is in its journal (the same signed
 *     bytes' SHA-256 and signature), and every journal line the server
 *     acknowledged for this body is in the trail (an "unsure" one absent
 *     is only a note: the server may never have taken it);
 *  4. the chain extends the head this user remembers for the body.
 *
 * Every finding of 2–4 is reported, naming its entry (or journal line),
 * exit 6; none, exit 0. It remembers nothing but, on first use, the
 * server's key (as audit verify).
 *
 * self_check_body runs the check and hands back the findings; audit self
 * prints them with the rest, and the check the CLI makes by itself after
 * a signed request (selfauto.c) warns with them.
 */
#include "cmd.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "args.h"
#include "audit.h"
#include "heads.h"
#include "hex.h"
#include "journal.h"
#include "json.h"
#include "out.h"
#include "render.h"
#include "replay_text.h"
#include "self.h"
#include "serverkey.h"
#include "sign.h"

#define SELF_MAX_CERTS 64	/* certificates one member's journals name */

/* The state of one check, and what it read. */
struct self_check {
	uint64_t body;
	const char *me;
	char instance[33];
	X509_STORE *ca;
	struct audit_pin pin;
	struct audit_pages p;
	Yishi__TrailPage **pages;
	struct audit_src s;
	struct audit_result res;
	const Yishi__TrailEntry **ents;	/* entry k at ents[k - 1] */
	size_t nents;			/* those the chain reached */
	uint8_t held[SELF_MAX_CERTS][32];	/* [0]: the current one */
	size_t nheld;
	uint8_t read[SELF_MAX_CERTS][32];	/* the journals read */
	size_t nread;
	struct journal_line *jl;
	size_t njl;
	struct self_finding *f, *notes;
	size_t nf, nnotes;
	size_t own, signed_, registered;
};

/* Adds a finding (notes: a note) about entry seq or journal line line. */
static void
self_add(struct self_check *c, bool note, uint64_t seq, unsigned line,
    const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Adds a finding, or a note, to c. */
static void
self_add(struct self_check *c, bool note, uint64_t seq, unsigned line,
    const char *kind, const char *fmt, ...)
{
	struct self_finding **v = note ? &c->notes : &c->f, *nv;
	size_t *n = note ? &c->nnotes : &c->nf;
	va_list ap;

	if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL)
		return;
	*v = nv;
	nv += (*n)++;
	nv->seq = seq;
	nv->line = line;
	nv->kind = kind;
	va_start(ap, fmt);
	vsnprintf(nv->msg, sizeof nv->msg, fmt, ap);
	va_end(ap);
}

/* Whether the server sent e with its hashes only (h_self.c). */
static bool
self_redacted(const Yishi__TrailEntry *e)
{
	return (e->action == NULL || e->action[0] == '\0') &&
	    (e->payload == NULL || e->payload[0] == '\0') &&
	    e->signature.len == 0;
}

/* Links a redacted entry after st: the same checks as yishi_trail_check
 * but the hash, which is taken as given. 0, or -1 with why. */
static int
self_link(struct yishi_trail_state *st, const Yishi__TrailEntry *e,
    char *why, size_t whylen)
{
	if (e->body != st->body || e->seq != st->seq + 1) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条不接在第 %" PRIu64
		    " 条之后：序号有缺漏或重复", "entry %" PRIu64 " follows entry %"
		    PRIu64 ": the sequence has a gap or a repeat"), e->seq,
		    st->seq);
		return -1;
	}
	if (e->prev_hash.len != 32 || e->hash.len != 32 ||
	    memcmp(e->prev_hash.data, st->hash, 32) != 0) {
		snprintf(why, whylen, TR("第 %" PRIu64 " 条的前一哈希与第 %"
		    PRIu64 " 条的哈希不符", "entry %" PRIu64 ": prev_hash does "
		    "not match the hash of entry %" PRIu64), e->seq, st->seq);
		return -1;
	}
	st->seq = e->seq;
	memcpy(st->hash, e->hash.data, 32);
	return 0;
}

/* Walks the chain (check 1), filling ents (entry k at ents[k - 1]) and
 * res. 0, or the exit code after naming what does not hold. */
static int
self_chain(const struct audit_src *s, X509_STORE *ca,
    const struct audit_pin *pin, const Yishi__TrailEntry **ents,
    struct audit_result *res)
{
	struct audit_ck *cks;
	char why[512];
	size_t i, k, n = 0, ck = 0, nck = 0;
	int rc = 0;

	if ((cks = audit_cks(s, &nck)) == NULL)
		return out_fail(EXIT_UNAVAILABLE, "unavailable",
		    "out of memory", NULL, NULL, 0, "nomem");
	yishi_trail_init(&res->st, s->body);
	for (i = 0; i < s->npages; i++) {
		const Yishi__TrailPage *t = s->pages[i];

		for (k = 0; k < t->n_entries; k++) {
			const Yishi__TrailEntry *e = t->entries[k];

			if (self_redacted(e) ? self_link(&res->st, e, why,
			    sizeof why) == -1 : yishi_trail_check(&res->st, e,
			    why, sizeof why) == -1 ||
			    yishi_trail_verify_signature(e, t->certs,
			    t->n_certs, ca, why, sizeof why) == -1) {
				rc = audit_tampered(s->body, e->seq, why);
				goto out;
			}
			res->signatures += e->signature.len != 0;
			ents[n++] = e;
			for (; ck < nck && cks[ck].c->seq <= e->seq; ck++)
				if ((rc = audit_checkpoint(s, &cks[ck],
				    cks[ck].c->seq == e->seq ? e : ents[0], 0,
				    ca, pin, res)) != 0)
					goto out;
		}
	}
	for (; ck < nck; ck++)
		if ((rc = audit_checkpoint(s, &cks[ck], NULL, res->st.seq, ca,
		    pin, res)) != 0)
			goto out;
	if ((rc = audit_signed_end(s, res->st.seq, res->st.hash)) != 0)
		goto out;
	if (res->st.seq != s->head_seq)
		rc = audit_tampered(s->body, res->st.seq + 1, TR("服务器所说的链头"
		    "与条目的结尾不符", "the head reported is not where the "
		    "entries end"));
out:
	free(cks);
	return rc;
}

/* Whether c holds (as far as this machine knows) the certificate fp. */
static bool
self_holds(const struct self_check *c, const uint8_t fp[32])
{
	size_t i;

	for (i = 0; i < c->nheld; i++)
		if (memcmp(c->held[i], fp, 32) == 0)
			return true;
	return false;
}

/* Reads the journal of certificate fp into c; when it has lines written
 * with that certificate, the member holds it. 0, or the exit code. */
static int
self_journal(struct self_check *c, const uint8_t fp[32])
{
	char why[512];
	size_t i, before = c->njl;
	int r;

	for (i = 0; i < c->nread; i++)
		if (memcmp(c->read[i], fp, 32) == 0)
			return 0;	/* read already */
	if (c->nread == SELF_MAX_CERTS)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR("登记在您"
		    "名下的证书过多", "too many certificates in your name"),
		    NULL, NULL, 0, "limit");
	memcpy(c->read[c->nread++], fp, 32);
	if ((r = journal_load(c->instance, fp, &c->jl, &c->njl, why,
	    sizeof why)) < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	for (i = before; i < c->njl; i++)
		if (memcmp(c->jl[i].cert_fp, fp, 32) == 0) {
			if (!self_holds(c, fp) && c->nheld < SELF_MAX_CERTS)
				memcpy(c->held[c->nheld++], fp, 32);
			break;
		}
	return 0;
}

/* The certificate fingerprint a seat.add or identity.certificate entry
 * registers for the member (fp), when it is about the member. */
static bool
self_registers(const struct self_check *c, const Yishi__TrailEntry *e,
    uint8_t fp[32])
{
	struct replay_text pl;
	const char *who, *hex;
	size_t n;
	bool ok = false;

	if (strcmp(e->action, "seat.add") != 0 &&
	    strcmp(e->action, "identity.certificate") != 0)
		return false;
	if (replay_text_json(e->payload, &pl) == 0 &&
	    (who = replay_text_get(&pl, "identity")) != NULL &&
	    strcmp(who, c->me) == 0 &&
	    (hex = replay_text_get(&pl, "cert_fp")) != NULL &&
	    hex[0] != '\0')
		ok = hex_decode(hex, fp, 32, &n) && n == 32;
	replay_text_free(&pl);
	return ok;
}

/* Check 2: the certificates registered in the member's name. First reads
 * the journals of each (a certificate it signed with is one it holds). 0,
 * or the exit code. */
static int
self_certs(struct self_check *c, const Yishi__TrailEntry **ents, size_t n)
{
	uint8_t fp[32];
	char hex[65];
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (!self_redacted(ents[i]) && self_registers(c, ents[i], fp) &&
		    (rc = self_journal(c, fp)) != 0)
			return rc;
	for (i = 0; i < n; i++) {
		if (self_redacted(ents[i]) || !self_registers(c, ents[i], fp))
			continue;
		c->registered++;
		if (self_holds(c, fp))
			continue;
		hex_encode(fp, 32, hex);
		self_add(c, false, ents[i]->seq, 0, "certificate", TR("登记在您"
		    "名下的证书 %.16s… 不是您持有的：既不是您现在的证书，您的客户端"
		    "也从未用它签名", "a certificate registered in your name, "
		    "%.16s…, is not one you hold: it is not your certificate and "
		    "your client never signed with it"), hex);
	}
	return 0;
}

/* The journal line of c with the signed bytes' SHA-256 h and signature
 * sig, or NULL. */
static struct journal_line *
self_line(struct self_check *c, const uint8_t h[32],
    const ProtobufCBinaryData *sig)
{
	size_t i;

	for (i = 0; i < c->njl; i++)
		if (memcmp(c->jl[i].canon_hash, h, 32) == 0 &&
		    c->jl[i].siglen == sig->len &&
		    memcmp(c->jl[i].sig, sig->data, sig->len) == 0)
			return &c->jl[i];
	return NULL;
}

/* A journal line's time as "2026-12-03 14:05:00 UTC". */
static void
self_when(const struct journal_line *l, char *buf, size_t len)
{
	time_t t = (time_t)l->at;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, len, "%lld", l->at);
}

/* Check 3: the entries signed in the member's name against its journal,
 * and its journal against the trail. */
static void
self_signed(struct self_check *c, const Yishi__TrailEntry **ents, size_t n)
{
	struct journal_line *l;
	uint8_t h[32];
	char hex[65], when[64];
	size_t i;

	for (i = 0; i < n; i++) {
		const Yishi__TrailEntry *e = ents[i];

		if (self_redacted(e))
			continue;
		c->own++;
		if (e->signature.len == 0 || e->signer == NULL ||
		    strcmp(e->signer, c->me) != 0)
			continue;
		c->signed_++;
		SHA256((const unsigned char *)e->signed_, strlen(e->signed_),
		    h);
		if ((l = self_line(c, h, &e->signature)) != NULL) {
			l->found = 1;
			continue;
		}
		hex_encode(e->cert_fp.data, e->cert_fp.len == 32 ? 32 : 0, hex);
		self_add(c, false, e->seq, 0, "signed", TR("以您的名义签署的这一条"
		    "（%s，证书 %.16s…）不是您的客户端签署的：您的签名记录中没有它",
		    "this entry signed in your name (%s, certificate %.16s…) "
		    "was not signed by your client: your signature journal does "
		    "not hold it"), e->action, hex);
	}
	for (i = 0; i < c->njl; i++) {
		l = &c->jl[i];
		if (l->found || l->body != c->body)
			continue;
		hex_encode(l->canon_hash, 32, hex);
		self_when(l, when, sizeof when);
		if (l->ok)
			self_add(c, false, 0, l->lineno, "missing", TR("您于 %s "
			    "签署、服务器已确认的 %s（签名记录第 %u 行，所签内容摘要 "
			    "%.16s…）不在审计链中：它被删除或改动", "what you signed "
			    "at %s and the server acknowledged, %s (journal line "
			    "%u, signed bytes %.16s…), is not in the trail: it was "
			    "removed or altered"), when, l->action, l->lineno, hex);
		else
			self_add(c, true, 0, l->lineno, "unsure", TR("您于 %s "
			    "签署、未收到服务器答复的 %s（签名记录第 %u 行）不在审计链"
			    "中：服务器可能未收到", "what you signed at %s with no "
			    "answer from the server, %s (journal line %u), is not "
			    "in the trail: the server may never have taken it"),
			    when, l->action, l->lineno);
	}
}

/* Check 4: the head this user remembers for the body. 0, or the exit
 * code (an unreadable state folder). */
static int
self_remembered(struct self_check *c, const Yishi__TrailEntry **ents,
    size_t n)
{
	uint64_t seq;
	char why[512];
	int r;

	r = audit_remembered_check(c->body, ents, n, c->instance, &seq, why,
	    sizeof why);
	if (r < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	if (r == 2 && n < seq)
		self_add(c, false, seq, 0, "rollback", TR("您此前核验过这一条，"
		    "但审计链现在只到第 %zu 条：其后的条目被删去", "you verified "
		    "this entry before, but the trail now ends at entry %zu: "
		    "entries were removed"), n);
	else if (r == 2)
		self_add(c, false, seq, 0, "rollback", TR("这一条的哈希不是您此前"
		    "核验过的：审计链被改写到此处", "its hash is not the one you "
		    "verified before: the trail was rewritten up to here"));
	return 0;
}

/* One entry as the server sent it, every field (a redacted one's empty). */
static void
self_entry_json(struct json *j, const Yishi__TrailEntry *e)
{
	json_obj(j, NULL);
	json_u64(j, "seq", e->seq);
	json_bool(j, "redacted", self_redacted(e));
	json_str(j, "at", e->at != NULL ? e->at : "");
	json_str(j, "actor", e->actor != NULL ? e->actor : "");
	json_str(j, "action", e->action != NULL ? e->action : "");
	json_str(j, "payload", e->payload != NULL ? e->payload : "");
	json_str(j, "signer", e->signer != NULL ? e->signer : "");
	json_str(j, "signed", e->signed_ != NULL ? e->signed_ : "");
	json_hex(j, "signature", e->signature.data, e->signature.len);
	json_hex(j, "cert_fp", e->cert_fp.data, e->cert_fp.len);
	json_hex(j, "prev_hash", e->prev_hash.data, e->prev_hash.len);
	json_hex(j, "hash", e->hash.data, e->hash.len);
	json_end(j);
}

/* The findings (or notes) as a JSON array named key (see self.h). */
void
self_findings_json(struct json *j, const char *key,
    const struct self_finding *f, size_t n)
{
	size_t i;

	json_arr(j, key);
	for (i = 0; i < n; i++) {
		json_obj(j, NULL);
		json_u64(j, "seq", f[i].seq);
		if (f[i].seq == 0)
			json_u64(j, "journal_line", f[i].line);
		json_str(j, "kind", f[i].kind);
		json_str(j, "message", f[i].msg);
		json_end(j);
	}
	json_end(j);
}

/* One finding or note in human text, on f. */
static void
self_say(FILE *f, const struct self_check *c, const struct self_finding *x)
{
	char msg[900];

	if (x->seq != 0)
		snprintf(msg, sizeof msg, TR("机构 %" PRIu64 " 第 %" PRIu64
		    " 条：%s", "body %" PRIu64 ", entry %" PRIu64 ": %s"),
		    c->body, x->seq, x->msg);
	else
		snprintf(msg, sizeof msg, TR("机构 %" PRIu64 "：%s", "body %"
		    PRIu64 ": %s"), c->body, x->msg);
	fputs("yishi: ", f);
	out_safe_write(f, msg, strlen(msg));
	fputc('\n', f);
}

/* Prints the outcome of check c (entries: every entry as sent too); the
 * exit code (6 when anything was found). */
static int
self_report(const struct self_check *c, bool entries)
{
	const struct audit_src *s = &c->s;
	const struct audit_result *res = &c->res;
	const struct audit_pin *pin = &c->pin;
	const Yishi__TrailEntry **ents = c->ents;
	char hex[65], key[SERVERKEY_FP_TEXT];
	struct json j;
	size_t i, n = c->nents;

	hex_encode(res->st.hash, 32, hex);
	serverkey_fp_text(pin->fp, key);
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, c->nf > 0 ? "error" : "self");
		if (c->nf > 0) {
			json_str(&j, "code", "tampered");
			json_str(&j, "message", c->f[0].msg);
			json_u64(&j, "seq", c->f[0].seq);
		}
		json_u64(&j, "body", c->body);
		json_str(&j, "identity", c->me);
		json_u64(&j, "entries", res->st.seq);
		json_str(&j, "head", hex);
		json_u64(&j, "own_entries", c->own);
		json_u64(&j, "signed", c->signed_);
		json_u64(&j, "certificates", c->registered);
		json_u64(&j, "journal_lines", c->njl);
		json_str(&j, "server_key", key);
		json_str(&j, "server_key_trust", pin->trust);
		json_u64(&j, "signed_head_seq", s->signed_head->seq);
		json_str(&j, "signed_head_at", s->signed_head->at);
		self_findings_json(&j, "findings", c->f, c->nf);
		self_findings_json(&j, "notes", c->notes, c->nnotes);
		if (entries) {
			json_arr(&j, "trail");
			for (i = 0; i < n; i++)
				self_entry_json(&j, ents[i]);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
		return c->nf > 0 ? EXIT_TAMPERED : EXIT_DONE;
	}
	audit_key_note(pin, key);
	for (i = 0; entries && i < n; i++)
		if (self_redacted(ents[i]))
			out_printf(TR("#%" PRIu64 "  （他人的条目，仅哈希）\n",
			    "#%" PRIu64 "  (not yours: hashes only)\n"),
			    ents[i]->seq);
		else
			human_trail_entry(ents[i]);
	fflush(stdout);
	for (i = 0; i < c->nnotes; i++)
		self_say(stdout, c, &c->notes[i]);
	if (c->nf > 0) {
		for (i = 0; i < c->nf; i++)
			self_say(stderr, c, &c->f[i]);
		if (out_lang() == CLI_EN)
			fprintf(stderr, "yishi: %zu things in the trail of "
			    "body %" PRIu64 " do not match what you hold\n",
			    c->nf, c->body);
		else
			fprintf(stderr, "yishi: 机构 %" PRIu64 " 的审计链中您的"
			    "留痕有 %zu 处不符\n", c->body, c->nf);
		return EXIT_TAMPERED;
	}
	out_printf(TR("机构 %" PRIu64 " 中您（%s）的留痕核对无误：审计链共 %"
	    PRIu64 " 条，服务器于 %s 签署了链头；您的条目 %zu 条，其中您签署的 %zu"
	    " 条均在您的签名记录中；签名记录中服务器已确认的均在审计链中；登记在"
	    "您名下的证书 %zu 次，均为您持有\n", "your record in body %" PRIu64
	    " (%s) holds: %" PRIu64 " entries, the head signed by the server "
	    "at %s; %zu entries of yours, the %zu you signed all in your "
	    "signature journal; everything the server acknowledged in your "
	    "journal is in the trail; %zu registrations of certificates in "
	    "your name, all of certificates you hold\n"), c->body, c->me,
	    res->st.seq, s->signed_head->at, c->own, c->signed_,
	    c->registered);
	return EXIT_DONE;
}

/* Fills what the check knows of the member: its name, its certificate,
 * and the journal of that certificate. 0, or the exit code. */
static int
self_me(struct cli *cli, struct self_check *c)
{
	char path[4096];
	FILE *f;
	X509 *x = NULL;
	int ok;

	c->me = yishi_identity_name(cli->conn);
	snprintf(path, sizeof path, "%s/cert.pem", cli->identity);
	if ((f = fopen(path, "r")) != NULL) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	ok = x != NULL && sign_cert_fingerprint(x, c->held[0]) == 0;
	X509_free(x);
	ERR_clear_error();
	if (!ok || c->me == NULL)
		return out_fail(EXIT_USAGE, "usage", TR("无法读取身份证书",
		    "cannot read the identity's certificate"), NULL, NULL, 0,
		    path);
	c->nheld = 1;
	return self_journal(c, c->held[0]);
}

/* Frees what check c read and found. */
static void
self_free(struct self_check *c)
{
	audit_pages_free(&c->p);
	X509_STORE_free(c->ca);
	free(c->pages);
	free(c->ents);
	free(c->jl);
	free(c->f);
	free(c->notes);
	memset(c, 0, sizeof *c);
}

/* Holds the pages fetched into c->s, entry by entry in c->ents. 0, or
 * the exit code. */
static int
self_src(struct self_check *c)
{
	size_t i, n = 0;

	c->pages = calloc(c->p.n + 1, sizeof *c->pages);
	for (i = 0; i < c->p.n; i++)
		n += c->p.pages[i]->trail->n_entries;
	c->ents = calloc(n + 1, sizeof *c->ents);
	if (c->pages == NULL || c->ents == NULL)
		return out_fail(EXIT_UNAVAILABLE, "unavailable",
		    "out of memory", NULL, NULL, 0, "nomem");
	c->s.body = c->body;
	for (i = 0; i < c->p.n; i++)
		c->pages[i] = c->p.pages[i]->trail;
	c->s.pages = c->pages;
	c->s.npages = c->p.n;
	c->s.head_seq = c->p.head_seq;
	c->s.head_hash = c->p.head_hash;
	if (c->p.n > 0) {
		c->s.signed_page = c->pages[c->p.n - 1];
		c->s.signed_head = c->s.signed_page->signed_head;
	}
	return 0;
}

/* Fetches c->body's trail with audit self's request and runs the four
 * checks on it, filling c; on first use, when nothing was found, remembers
 * the server's key. 0, or the exit code after saying why. */
static int
self_run(struct cli *cli, struct self_check *c)
{
	char why[512];
	int rc;

	if ((rc = audit_ca(cli, &c->ca, c->instance)) != 0 ||
	    (rc = audit_pin(cli, c->instance, &c->pin)) != 0 ||
	    (rc = audit_fetch_op(cli, YISHI__REQUEST__OP_AUDIT_SELF, c->body,
	    1, &c->p)) != 0 ||
	    (rc = self_src(c)) != 0 ||
	    (rc = audit_signed_head(&c->s, c->ca, &c->pin)) != 0 ||
	    (rc = self_chain(&c->s, c->ca, &c->pin, c->ents, &c->res)) != 0 ||
	    (rc = self_me(cli, c)) != 0)
		return rc;
	c->nents = c->res.st.seq;
	if ((rc = self_certs(c, c->ents, c->nents)) != 0)
		return rc;
	self_signed(c, c->ents, c->nents);
	if ((rc = self_remembered(c, c->ents, c->nents)) != 0)
		return rc;
	if (c->nf == 0 && strcmp(c->pin.trust, "first_use") == 0 &&
	    heads_key_save(c->instance, c->pin.fp, why, sizeof why) != 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, "state");
	return 0;
}

/* Runs the check of body and hands back its findings (see self.h). */
int
self_check_body(struct cli *cli, uint64_t body, struct self_finding **f,
    size_t *nf)
{
	struct self_check c;
	int rc;

	*f = NULL;
	*nf = 0;
	memset(&c, 0, sizeof c);
	c.body = body;
	if ((rc = self_run(cli, &c)) == 0) {
		*f = c.f;
		*nf = c.nf;
		c.f = NULL;
	}
	self_free(&c);
	return rc;
}

/* yishi audit self --body B [--server-key SHA256:…] [--entries]. */
int
cmd_audit_self(struct cli *cli)
{
	struct self_check c;
	int rc;

	memset(&c, 0, sizeof c);
	c.body = args_u64(cli, "body");
	if ((rc = self_run(cli, &c)) == 0)
		rc = self_report(&c, args_flag(cli, "entries"));
	self_free(&c);
	return rc;
}
