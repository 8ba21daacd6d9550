/*
 * h_ballot.c: encrypted secret ballots (issue 13, docs/ballot.md). A round
 * opens in h_vote.c with its scrutineers (R-VOTE-10); here the
 * scrutineers' key shares make its key, members cast encrypted ballots
 * (their proofs checked on the verifier threads), the chair closes it to
 * ballots (R-VOTE-9), the scrutineers' decryption shares of the product of
 * every ballot give the totals, and the chair may void it (R-VOTE-11). No
 * count exists before the totals: votes.yes/no/abstain are written once,
 * at vote.close.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "arena.h"
#include "ballot.h"
#include "db.h"
#include "elgamal.h"
#include "event.h"
#include "hex.h"
#include "json.h"
#include "log.h"
#include "mstate.h"
#include "rules.h"
#include "server.h"
#include "sigcheck.h"
#include "sign.h"
#include "tallyjob.h"
#include "trail.h"
#include "wire.h"
#include "xmalloc.h"

#define H_BALLOT_LEN	ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS)
#define H_DSHARE_LEN	ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS)
#define H_BALLOT_PAGE	1000	/* vote_ballots: default page */
#define H_BALLOT_PAGE_MAX 5000

/* The options of a secret vote as a JSON array (see handlers.h). */
const char *
h_ballot_options(struct arena *a)
{
	const char *o[BALLOT_OPTIONS];
	int i;

	for (i = 0; i < BALLOT_OPTIONS; i++)
		o[i] = ballot_option_name(i);
	return json_strings(a, o, BALLOT_OPTIONS);
}

/* The bytes as lowercase hex in the arena. */
static char *
h_ballot_hex(struct arena *a, const uint8_t *p, size_t n)
{
	char *s = arena_alloc(a, 2 * n + 1);

	hex_encode(p, n, s);
	return s;
}

/* The scrutineer `member` of item's round, or NULL. */
static struct m_scrutineer *
h_ballot_scrutineer(const struct mstate *ms, uint64_t item,
    const char *member)
{
	int i;

	for (i = 0; i < ms->nscrutineers; i++)
		if (ms->scrutineers[i].item == item &&
		    strcmp(ms->scrutineers[i].member, member) == 0)
			return &ms->scrutineers[i];
	return NULL;
}

/* The scrutineers' names of item's round joined by ",", in the arena. */
static char *
h_ballot_names(struct req *r, uint64_t item)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < r->ms->nscrutineers; i++)
		if (r->ms->scrutineers[i].item == item)
			len += strlen(r->ms->scrutineers[i].member) + 1;
	s = arena_alloc(r->a, len);
	for (i = 0; i < r->ms->nscrutineers; i++) {
		if (r->ms->scrutineers[i].item != item)
			continue;
		if (s[0] != '\0')
			strcat(s, ",");
		strcat(s, r->ms->scrutineers[i].member);
	}
	return s;
}

/* A secret round opened: its scrutineers, in the order named (see
 * handlers.h). */
void
h_ballot_open(struct req *r, struct db_batch *w, struct m_item *it,
    const char *const *names, size_t n)
{
	Yishi__Event *ev;
	size_t i;

	for (i = 0; i < n; i++)
		db_batch_addf(w, "INSERT INTO vote_scrutineers (body_id, "
		    "item_id, member, position) VALUES ($1, $2, $3, $4)",
		    "iisi", (long long)r->body_id, (long long)it->id, names[i],
		    (long long)i + 1);
	ev = req_event(r, "vote_keying");
	ev->item = it->id;
	ev->detail = arena_alloc(r->a, 1);
	for (i = 0; i < n; i++)
		ev->detail = arena_printf(r->a, "%s%s%s", ev->detail,
		    i > 0 ? "," : "", names[i]);
}

/* The state of a secret round is s. */
static bool
h_ballot_is(const struct m_item *it, const char *s)
{
	return it->vote_state != NULL && strcmp(it->vote_state, s) == 0;
}

/* Finds the item's secret round for a scrutineer's share: refuses unless
 * one is live and `who` may publish this share now (R-VOTE-10). */
static struct m_scrutineer *
h_ballot_share_allowed(struct req *r, struct m_item *it, bool decrypt)
{
	struct m_scrutineer *sc;
	struct rules_verdict v;

	if (!it->has_vote || it->method != RULES_METHOD_SECRET ||
	    !it->vote_open) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    "该议题没有进行中的无记名投票",
		    "no secret vote is in progress on this item");
		return NULL;
	}
	sc = h_ballot_scrutineer(r->ms, it->id, r->who);
	rules_may_publish_share(sc != NULL, sc != NULL &&
	    (decrypt ? sc->dshare : sc->share)[0] != '\0',
	    h_ballot_is(it, decrypt ? "counting" : "keying"), decrypt, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return NULL;
	}
	return sc;
}

/* The published share (hex) of a scrutineer into out (len bytes). */
static bool
h_ballot_unhex(const char *s, uint8_t *out, size_t len)
{
	size_t n = 0;

	return hex_decode(s, out, len, &n) && n == len;
}

/* vote key: a scrutineer's key share with its proof of knowledge, signed;
 * the last one completes the vote's key and opens it to ballots. */
static void
h_ballot_key_decide(struct req *r)
{
	Yishi__VoteShare *a = r->rq->vote_key;
	uint8_t shares[16][ELGAMAL_SHARE_LEN], key[ELGAMAL_POINT_LEN];
	const uint8_t *sp[16];
	struct m_scrutineer *sc;
	struct rules_item ri;
	struct m_item *it;
	struct elgamal *eg;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *signed_text;
	char digest[65], *canon, *hex;
	uint8_t *ctx;
	size_t ctxlen, len, n = 0;
	int i, ok;
	bool last = true;

	it = mstate_item(r->ms, r->key);
	mstate_rules(r->ms, r->a, it, &ri);
	if ((sc = h_ballot_share_allowed(r, it, false)) == NULL)
		return;
	if (a->share.len != ELGAMAL_SHARE_LEN) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "密钥份额长度不对", "a key share is %d bytes",
		    ELGAMAL_SHARE_LEN);
		return;
	}
	/* Its proof, bound to this scrutineer of this round (R-VOTE-10). */
	ctx = ballot_ctx_scrutineer(srv.instance, r->body_id, it->id,
	    it->round, r->who, &ctxlen);
	eg = elgamal_new(NULL);
	ok = ctx != NULL && eg != NULL && elgamal_share_verify(eg, ctx, ctxlen,
	    a->share.data, a->share.len) == 0;
	free(ctx);
	if (!ok) {
		elgamal_free(eg);
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "密钥份额的证明不成立，未予受理",
		    "the key share's proof does not hold: refused");
		return;
	}
	ballot_digest_hex(a->share.data, a->share.len, digest);
	canon = sign_canon_scrutineer_key(srv.instance, r->body_id, r->ms->id,
	    it->id, r->who, it->round, digest, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL) {
		elgamal_free(eg);
		return;
	}
	/* Every other scrutineer's share in: this one completes the key. */
	for (i = 0; i < r->ms->nscrutineers && n < 16; i++) {
		const struct m_scrutineer *o = &r->ms->scrutineers[i];

		if (o->item != it->id)
			continue;
		if (o == sc) {
			memcpy(shares[n], a->share.data, ELGAMAL_SHARE_LEN);
		} else if (o->share[0] == '\0' ||
		    !h_ballot_unhex(o->share, shares[n], ELGAMAL_SHARE_LEN)) {
			last = false;
			continue;
		}
		sp[n] = shares[n];
		n++;
	}
	if (last && elgamal_key_combine(eg, sp, n, key) != 0) {
		elgamal_free(eg);
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "无法合成表决密钥", "cannot combine the vote's key");
		return;
	}
	elgamal_free(eg);
	hex = h_ballot_hex(r->a, a->share.data, a->share.len);
	w = trail_write_signed(r, r->body_id, "vote.key", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "member", JSON_S, r->who,
	    "share", JSON_S, hex, last ? "key" : (char *)NULL, JSON_S,
	    h_ballot_hex(r->a, key, sizeof key), (char *)NULL), signed_text);
	db_batch_addf(w, "UPDATE vote_scrutineers SET share = $4, "
	    "share_signature = $5, share_cert_fp = $6 WHERE body_id = $1 "
	    "AND item_id = $2 AND member = $3", "iisxxx",
	    (long long)r->body_id, (long long)it->id, r->who, a->share.data,
	    a->share.len, r->rq->signature.data, r->rq->signature.len, r->fp,
	    sizeof r->fp);
	sc->share = hex;
	sc->share_signature = h_ballot_hex(r->a, r->rq->signature.data,
	    r->rq->signature.len);
	if (!last) {
		ev = req_event(r, "vote_key");
		ev->item = it->id;
		ev->member = (char *)r->who;
		ev->display = (char *)mstate_display(r->ms, r->who);
		req_commit(r);
		return;
	}
	/* R-VOTE-9's period runs from this entry's time. */
	db_batch_addf(w, "UPDATE votes SET state = 'open', key = $3, "
	    "keyed_at = " TRAIL_AT_SQL(4) " WHERE body_id = $1 "
	    "AND item_id = $2", "iixi", (long long)r->body_id,
	    (long long)it->id, key, sizeof key, (long long)r->at_us);
	it->vote_state = "open";
	it->keyed = true;
	memcpy(it->key, key, sizeof key);
	it->keyed_us = r->at_us;
	ev = req_event(r, "vote_opened");
	ev->item = it->id;
	ev->detail = "secret";
	ev->electorate = it->electors;
	event_waiting_vote(r->a, r->ms, ev, it->electors, it->cast);
	req_commit(r);
}

/* vote cast on a secret vote: the voter's own encrypted ballot, its
 * proofs and signature checked on a verifier thread before this (see
 * handlers.h). */
void
h_ballot_cast(struct req *r, struct m_item *it, const struct rules_member *vm)
{
	Yishi__VoteCast *a = r->rq->vote_cast;
	const char *signed_text, *shared[2], *row[2];
	char digest[65], *canon;
	Yishi__Event *ev;
	size_t len;
	int proofs;

	if (!h_ballot_is(it, "open")) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    h_ballot_is(it, "keying") ? "表决密钥尚未生成，暂不接受投票" :
		    "本次无记名投票已停止投票",
		    h_ballot_is(it, "keying") ? "the vote's key is not "
		    "complete yet: no ballots are taken" : "this secret vote "
		    "takes no more ballots");
		return;
	}
	if (a->ballot.len != H_BALLOT_LEN) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "加密选票长度不对", "an encrypted ballot is %zu bytes",
		    (size_t)H_BALLOT_LEN);
		return;
	}
	ballot_digest_hex(a->ballot.data, a->ballot.len, digest);
	canon = sign_canon_secret_ballot(srv.instance, r->body_id, r->ms->id,
	    it->id, r->who, it->round, digest, &len);
	/* The proofs were checked with the signature over exactly these
	 * bytes (they name the round, hence its key), never here on the
	 * loop. */
	proofs = sigcheck_ballot_verified(r, canon, len);
	if (proofs < 0 && r->cert != NULL && r->rq->signature.len > 0) {
		free(canon);
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "选票的证明未能校验，请重新提交",
		    "the ballot's proofs could not be checked yet: send it "
		    "again");
		return;
	}
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	if (proofs != 1) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "加密选票的证明不成立，未予受理",
		    "the encrypted ballot's proofs do not hold: refused");
		return;
	}
	trail_write_signed(r, r->body_id, "vote.cast", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "member", JSON_S, r->who,
	    "ballot", JSON_S, h_ballot_hex(r->a, a->ballot.data, a->ballot.len),
	    (char *)NULL), signed_text);
	/* The ciphertext only: a group's ballots go in one INSERT, and no
	 * counter is touched (docs/ballot.md). */
	shared[0] = req_id(r, r->body_id);
	shared[1] = req_id(r, it->id);
	row[0] = r->who;
	row[1] = h_ballot_hex(r->a, a->ballot.data, a->ballot.len);
	req_write_row(r, "INSERT INTO ballots (body_id, item_id, member, "
	    "ballot) SELECT $1::bigint, $2::bigint, u.m, decode(u.b, 'hex') "
	    "FROM unnest($3::text[], $4::text[]) AS u(m, b)", 2, shared, 2,
	    row);
	/* The snapshot follows, for the group's next requests. */
	((struct rules_member *)vm)->voted = RULES_CHOICE_SECRET;
	it->cast++;
	ev = req_event(r, "ballot");
	ev->item = it->id;
	/* Who and how many, never how (R-VOTE-9): no choice, no counts. */
	ev->cast = it->cast;
	ev->electorate = it->electors;
	event_waiting_vote(r->a, r->ms, ev, it->electors, it->cast);
	req_commit(r);
}

/* vote cast early on a secret vote (see handlers.h): the round and key
 * come from the item's latest snapshot (sigcheck.h); decide() builds the
 * same bytes from its own snapshot and uses the answer only when they
 * match. */
void
h_ballot_cast_early(struct req *r, uint64_t body, uint64_t meeting,
    const char *cn)
{
	Yishi__VoteCast *a = r->rq->vote_cast;
	uint8_t key[ELGAMAL_POINT_LEN], *ctx;
	uint64_t round;
	char digest[65], *canon;
	size_t len, ctxlen;

	if (!sigcheck_round(r->key, &round, key))
		return;
	ballot_digest_hex(a->ballot.data, a->ballot.len, digest);
	canon = sign_canon_secret_ballot(srv.instance, body, meeting, r->key,
	    cn, round, digest, &len);
	ctx = ballot_ctx_voter(srv.instance, body, r->key, round, cn, &ctxlen);
	sigcheck_early_ballot(r, canon, len, round, key, ctx, ctxlen);
}

/* vote close on a secret vote (R-VOTE-9): closed to ballots; the
 * scrutineers decrypt the product of the N ballots (see handlers.h). */
void
h_ballot_close(struct req *r, struct m_item *it)
{
	struct rules_verdict v;
	struct db_batch *w;
	Yishi__Event *ev;

	if (!h_ballot_is(it, "open")) {
		req_fail(r, YISHI__STATUS__STATUS_CONFLICT,
		    h_ballot_is(it, "keying") ? "表决密钥尚未生成：可等待监票人"
		    "或作废本轮表决 (R-VOTE-11)" : "本次无记名投票已在计票",
		    h_ballot_is(it, "keying") ? "the vote's key is not "
		    "complete: wait for the scrutineers or void the round "
		    "(R-VOTE-11)" : "this secret vote is already being counted");
		return;
	}
	rules_may_close_secret(&r->ms->rm, it->keyed_us, &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	w = trail_write(r, r->body_id, "vote.count", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "ballots", JSON_I,
	    (long long)it->cast, (char *)NULL));
	db_batch_addf(w, "UPDATE votes SET state = 'counting', ballots = $3 "
	    "WHERE body_id = $1 AND item_id = $2", "iii", (long long)r->body_id,
	    (long long)it->id, (long long)it->cast);
	it->vote_state = "counting";
	it->counted = it->cast;
	if (it->cast == 0) {
		/* Nothing to decrypt: every elector is not voting. */
		it->yes = it->no = it->abstain = 0;
		h_vote_close_write(r, it, 0);
		req_commit(r);
		return;
	}
	ev = req_event(r, "vote_counting");
	ev->item = it->id;
	ev->cast = it->cast;
	ev->detail = h_ballot_names(r, it->id);
	req_commit(r);
}

/* vote decrypt: reads the round's ballots, to rebuild their product. */
static void
h_ballot_decrypt_prepare(struct req *r, struct db_batch *b)
{
	db_batch_addf(b, "SELECT encode(b.ballot, 'hex') FROM ballots b "
	    "WHERE b.body_id = (SELECT i.body_id FROM items i WHERE i.id = $1) "
	    "AND b.item_id = $1 AND b.ballot IS NOT NULL", "i",
	    (long long)r->key);
}

/* A decryption share's answer came from a verifier thread: the request
 * is decided again, from the loop's next turn. */
static void
h_ballot_decrypt_again(evutil_socket_t fd, short what, void *arg)
{
	struct req *r = arg;

	(void)fd;
	(void)what;
	event_free(r->tjob->again);
	r->tjob->again = NULL;
	r->vpending = false;
	req_reset(r);
	req_run(r);
}

/* The verifier thread answered about r's decryption share (r stays, for
 * vpending, until it is decided again). */
static void
h_ballot_decrypt_answer(int ok, void *arg)
{
	struct req *r = arg;
	struct timeval now = { 0, 0 };

	(void)ok;
	r->tjob->again = event_new(srv.base, -1, 0, h_ballot_decrypt_again, r);
	if (r->tjob->again == NULL || event_add(r->tjob->again, &now) != 0)
		fatalx("vote.decrypt: cannot schedule the decision");
}

/* Has the share of vote_decrypt checked on a verifier thread against the
 * product of the round's ballots (read at r->extra), and the totals
 * decrypted with `others` (the other scrutineers' shares, NULL when not
 * all in); the request is decided again with the answer. */
static void
h_ballot_decrypt_submit(struct req *r, const struct m_item *it,
    const char *inputs, const uint8_t share[ELGAMAL_SHARE_LEN],
    const uint8_t *others, size_t nothers)
{
	Yishi__VoteShare *a = r->rq->vote_decrypt;
	struct tallyjob *t;
	size_t i, n = (size_t)db_rows(r->rb, r->extra);

	if (n != it->counted) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "选票数与计票时不符", "the ballots are not those counted");
		return;
	}
	tallyjob_free(r->tjob);
	t = r->tjob = tallyjob_new(inputs);
	memcpy(t->key, it->key, sizeof t->key);
	memcpy(t->share, share, sizeof t->share);
	t->dshare = xmalloc(a->share.len);
	memcpy(t->dshare, a->share.data, a->share.len);
	t->dlen = a->share.len;
	t->ctx = ballot_ctx_scrutineer(srv.instance, r->body_id, it->id,
	    it->round, r->who, &t->ctxlen);
	t->ballots = xmalloc(n * H_BALLOT_LEN + 1);
	t->nballots = n;
	for (i = 0; i < n; i++)
		if (!h_ballot_unhex(db_get(r->rb, r->extra, (int)i, 0),
		    t->ballots + i * H_BALLOT_LEN, H_BALLOT_LEN)) {
			req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
			    "存储的选票无法读取", "a stored ballot is unreadable");
			return;
		}
	if (others != NULL) {
		t->others = xmalloc(nothers * H_DSHARE_LEN + 1);
		memcpy(t->others, others, nothers * H_DSHARE_LEN);
		t->nothers = nothers;
	}
	if (t->ctx == NULL) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "无法校验解密份额", "cannot check the decryption share");
		return;
	}
	r->vpending = true;	/* r stays until the answer */
	tallyjob_submit(t, h_ballot_decrypt_answer, r);
}

/* vote decrypt: a scrutineer's decryption share of the product of every
 * ballot, with its proof, signed; the last one gives the totals and the
 * same transaction closes the vote. The product and the proof are checked
 * on a verifier thread first (tallyjob.h), never on the loop. */
static void
h_ballot_decrypt_decide(struct req *r)
{
	Yishi__VoteShare *a = r->rq->vote_decrypt;
	uint8_t share[ELGAMAL_SHARE_LEN], ds[16][H_DSHARE_LEN];
	struct m_scrutineer *sc;
	struct rules_item ri;
	struct m_item *it;
	struct tallyjob *t;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *signed_text, *inputs;
	char digest[65], *canon, *hex;
	size_t len, n = 0;
	int i;
	bool last = true;

	it = mstate_item(r->ms, r->key);
	mstate_rules(r->ms, r->a, it, &ri);
	if ((sc = h_ballot_share_allowed(r, it, true)) == NULL)
		return;
	if (a->share.len != H_DSHARE_LEN) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "解密份额长度不对", "a decryption share is %zu bytes",
		    (size_t)H_DSHARE_LEN);
		return;
	}
	if (!it->keyed || !h_ballot_unhex(sc->share, share, sizeof share)) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "本轮表决缺少密钥", "the round has no key");
		return;
	}
	/* The other scrutineers' shares as published: all in, this one is
	 * the last. */
	inputs = arena_printf(r->a, "%llu:%u:", (unsigned long long)it->round,
	    it->counted);
	for (i = 0; i < r->ms->nscrutineers && n < 16; i++) {
		const struct m_scrutineer *o = &r->ms->scrutineers[i];

		if (o->item != it->id || o == sc)
			continue;
		inputs = arena_printf(r->a, "%s%s,", inputs, o->dshare);
		if (o->dshare[0] == '\0' ||
		    !h_ballot_unhex(o->dshare, ds[n], H_DSHARE_LEN))
			last = false;
		else
			n++;
	}
	if (!tallyjob_for(r->tjob, inputs)) {
		h_ballot_decrypt_submit(r, it, inputs, share,
		    last ? &ds[0][0] : NULL, n);
		return;
	}
	t = r->tjob;
	if (!t->proof) {
		req_fail(r, YISHI__STATUS__STATUS_INVALID_ARGUMENT,
		    "解密份额的证明不成立，未予受理",
		    "the decryption share's proof does not hold: refused");
		return;
	}
	if (last && !t->decrypted) {
		req_fail(r, YISHI__STATUS__STATUS_UNAVAILABLE,
		    "无法解出票数", "cannot decrypt the totals");
		return;
	}
	ballot_digest_hex(a->share.data, a->share.len, digest);
	canon = sign_canon_scrutineer_decrypt(srv.instance, r->body_id,
	    r->ms->id, it->id, r->who, it->round, digest, &len);
	if ((signed_text = handlers_verify(r, canon, len)) == NULL)
		return;
	hex = h_ballot_hex(r->a, a->share.data, a->share.len);
	w = trail_write_signed(r, r->body_id, "vote.decrypt", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "member", JSON_S, r->who,
	    "dshare", JSON_S, hex, (char *)NULL), signed_text);
	db_batch_addf(w, "UPDATE vote_scrutineers SET dshare = $4, "
	    "dshare_signature = $5 WHERE body_id = $1 AND item_id = $2 "
	    "AND member = $3", "iisxx", (long long)r->body_id,
	    (long long)it->id, r->who, a->share.data, a->share.len,
	    r->rq->signature.data, r->rq->signature.len);
	sc->dshare = hex;
	if (!last) {
		ev = req_event(r, "vote_decrypt");
		ev->item = it->id;
		ev->member = (char *)r->who;
		ev->display = (char *)mstate_display(r->ms, r->who);
		req_commit(r);
		return;
	}
	/* The totals, written now and only now, and the close as for any
	 * vote (R-VOTE-5, R-DEFER-2). */
	it->yes = t->counts[0];
	it->no = t->counts[1];
	it->abstain = t->counts[2];
	h_vote_close_write(r, it, (long long)it->counted);
	req_commit(r);
}

/* vote void: the chair voids a secret round that cannot be counted, with
 * its reason (R-VOTE-11); the item goes back to deliberation. */
static void
h_ballot_void_decide(struct req *r)
{
	Yishi__ItemText *a = r->rq->vote_void;
	struct rules_item ri;
	struct rules_verdict v;
	struct m_item *it;
	struct db_batch *w;
	Yishi__Event *ev;

	it = mstate_item(r->ms, r->key);
	mstate_rules(r->ms, r->a, it, &ri);
	rules_may_void(it->has_vote && it->method == RULES_METHOD_SECRET,
	    it->vote_open, a->text[0] != '\0', &v);
	if (!v.ok) {
		req_refuse(r, &v);
		return;
	}
	if (!handlers_text(r, a->text, "reason"))
		return;
	w = trail_write(r, r->body_id, "vote.void", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "reason", JSON_S, a->text,
	    (char *)NULL));
	db_batch_addf(w, "UPDATE votes SET state = 'void', void_reason = $3, "
	    "closed_at = now() WHERE body_id = $1 AND item_id = $2", "iis",
	    (long long)r->body_id, (long long)it->id, a->text);
	/* The round's rows stay, shown as void, until the vote is opened
	 * again (h_vote.c, sql/016). */
	db_batch_addf(w, "UPDATE items SET state = 'started' WHERE body_id = $1 "
	    "AND id = $2", "ii", (long long)r->body_id, (long long)it->id);
	it->state = RULES_ITEM_STARTED;
	it->vote_open = false;
	it->vote_state = "void";
	it->void_reason = a->text;
	ev = req_event(r, "vote_void");
	ev->item = it->id;
	ev->detail = a->text;
	req_commit(r);
}

/* vote ballots: a page of the round's encrypted ballots by voter name. */
static void
h_ballot_page_prepare(struct req *r, struct db_batch *b)
{
	Yishi__VoteBallots *a = r->rq->vote_ballots;
	unsigned limit = a->limit == 0 ? H_BALLOT_PAGE : a->limit;

	if (limit > H_BALLOT_PAGE_MAX)
		limit = H_BALLOT_PAGE_MAX;
	db_batch_addf(b, "SELECT b.member, encode(b.ballot, 'hex') "
	    "FROM ballots b WHERE b.body_id = (SELECT i.body_id FROM items i "
	    "WHERE i.id = $1) AND b.item_id = $1 AND b.ballot IS NOT NULL "
	    "AND b.member > $2 ORDER BY b.member LIMIT $3", "isi",
	    (long long)r->key, a->after, (long long)limit + 1);
}

/* vote ballots: for who reads the vote (perm.c). */
static void
h_ballot_page_decide(struct req *r)
{
	Yishi__VoteBallots *a = r->rq->vote_ballots;
	unsigned limit = a->limit == 0 ? H_BALLOT_PAGE : a->limit;
	struct m_item *it = mstate_item(r->ms, r->key);
	Yishi__Vote *v;
	int i, n = db_rows(r->rb, r->extra);

	if (limit > H_BALLOT_PAGE_MAX)
		limit = H_BALLOT_PAGE_MAX;
	if (!it->has_vote || it->method != RULES_METHOD_SECRET) {
		req_fail(r, YISHI__STATUS__STATUS_NOT_FOUND,
		    "该议题没有无记名投票", "no secret vote on this item");
		return;
	}
	v = wire_vote(r->a, r->ms, it);
	v->ballots = arena_alloc(r->a, sizeof *v->ballots * (size_t)(n + 1));
	v->n_ballots = 0;
	for (i = 0; i < n && (unsigned)i < limit; i++) {
		Yishi__Ballot *x = arena_alloc(r->a, sizeof *x);
		Yishi__Ballot init = YISHI__BALLOT__INIT;
		const char *hex = db_get(r->rb, r->extra, i, 1);
		size_t blen = strlen(hex) / 2, got = 0;

		*x = init;
		x->member = arena_strdup(r->a, db_get(r->rb, r->extra, i, 0));
		x->display = (char *)mstate_display(r->ms, x->member);
		x->ballot.data = arena_alloc(r->a, blen + 1);
		if (!hex_decode(hex, x->ballot.data, blen, &got))
			got = 0;
		x->ballot.len = got;
		v->ballots[v->n_ballots++] = x;
	}
	v->next = (char *)"";
	if ((unsigned)n > limit && v->n_ballots > 0)
		v->next = v->ballots[v->n_ballots - 1]->member;
	r->resp.result_case = YISHI__RESPONSE__RESULT_VOTE;
	r->resp.vote = v;
	req_reply(r);
}

/* The item id of the requests of this file. */
static uint64_t
h_ballot_key(const Yishi__Request *rq)
{
	switch (rq->op_case) {
	case YISHI__REQUEST__OP_VOTE_KEY:
		return rq->vote_key->item;
	case YISHI__REQUEST__OP_VOTE_DECRYPT:
		return rq->vote_decrypt->item;
	case YISHI__REQUEST__OP_VOTE_VOID:
		return rq->vote_void->item;
	case YISHI__REQUEST__OP_VOTE_BALLOTS:
		return rq->vote_ballots->item;
	default:
		return 0;
	}
}

const struct handler h_ballot[] = {
	{
		.op = YISHI__REQUEST__OP_VOTE_KEY,
		.name = "vote.key",
		.scope = REQ_SCOPE_ITEM,
		.key = h_ballot_key,
		.decide = h_ballot_key_decide,
		.done = h_vote_reply,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_DECRYPT,
		.name = "vote.decrypt",
		.scope = REQ_SCOPE_ITEM,
		.key = h_ballot_key,
		.prepare = h_ballot_decrypt_prepare,
		.decide = h_ballot_decrypt_decide,
		.done = h_vote_reply,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_VOID,
		.name = "vote.void",
		.scope = REQ_SCOPE_ITEM,
		.key = h_ballot_key,
		.decide = h_ballot_void_decide,
		.done = h_vote_reply,
	},
	{
		.op = YISHI__REQUEST__OP_VOTE_BALLOTS,
		.name = "vote.ballots",
		.scope = REQ_SCOPE_ITEM,
		.key = h_ballot_key,
		.prepare = h_ballot_page_prepare,
		.decide = h_ballot_page_decide,
	},
	{ 0 }
};
