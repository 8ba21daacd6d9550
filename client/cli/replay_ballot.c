/* replay_ballot.c: a secret round re-checked from the trail (see
 * replay_ballot.h and docs/ballot.md). */
#include "replay_ballot.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "out.h"

/* Sets c->why in the reader's language and evaluates to -1. */
#define RB_FAIL(c, zh, en, ...) \
	(snprintf((c)->why, (c)->whylen, TR(zh, en), __VA_ARGS__), -1)

/* Whether item it's vote is a secret round. */
bool
replay_ballot_secret(const struct rp_item *it)
{
	return it->round != NULL && it->round->seq == it->open_seq &&
	    it->method != NULL && strcmp(it->method, "secret") == 0;
}

/* Frees a round; NULL is a no-op. */
void
replay_ballot_free(struct rp_round *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nscr; i++)
		free(r->scr[i].name);
	free(r->scr);
	elgamal_tally_free(r->tally);
	elgamal_free(r->eg);
	free(r);
}

/* The item an entry names, or NULL. */
static struct rp_item *
replay_ballot_item(struct rp_ctx *c)
{
	return replay_find(&c->rp->items, replay_text_u64(c->pl, "item"),
	    NULL);
}

/* The secret round an entry of item it belongs to: the item's current
 * one. NULL, with why, when it has none. */
static struct rp_round *
replay_ballot_round(struct rp_ctx *c, struct rp_item *it)
{
	if (it != NULL && replay_ballot_secret(it))
		return it->round;
	snprintf(c->why, c->whylen, TR("第 %" PRIu64 " 条记录：议题 %" PRIu64
	    " 没有无记名表决，却有 %s", "entry %" PRIu64 ": item %" PRIu64
	    " has no secret vote, yet a %s"), c->e->seq,
	    replay_text_u64(c->pl, "item"), c->e->action);
	return NULL;
}

/* The round's state as the office words say it. */
static const char *
replay_ballot_state(const char *state)
{
	if (strcmp(state, "keying") == 0)
		return TR("等待监票人的密钥份额", "waiting for the scrutineers' "
		    "key shares");
	if (strcmp(state, "open") == 0)
		return TR("投票中", "open to ballots");
	if (strcmp(state, "counting") == 0)
		return TR("计票中", "counting");
	if (strcmp(state, "closed") == 0)
		return TR("已结束", "closed");
	return TR("已作废", "void");
}

/* What an entry of a round is, in office words. */
static const char *
replay_ballot_part(const char *action)
{
	if (strcmp(action, "vote.key") == 0)
		return TR("密钥份额", "key share");
	if (strcmp(action, "vote.cast") == 0)
		return TR("无记名选票", "secret ballot");
	if (strcmp(action, "vote.count") == 0)
		return TR("计票", "count");
	if (strcmp(action, "vote.decrypt") == 0)
		return TR("解密份额", "decryption share");
	return TR("表决结束", "close");
}

/* Fails entry c unless round r is in state want. */
static int
replay_ballot_when(struct rp_ctx *c, const struct rp_round *r,
    const char *want)
{
	if (strcmp(r->state, want) == 0)
		return 0;
	return RB_FAIL(c, "第 %" PRIu64 " 条记录：%s出现在第 %" PRIu64 " 条开始的"
	    "无记名表决%s时（应在%s时）", "entry %" PRIu64 ": a %s while the "
	    "secret vote opened at entry %" PRIu64 " was %s (it belongs to "
	    "when it is %s)", c->e->seq, replay_ballot_part(c->e->action),
	    r->seq, replay_ballot_state(r->state), replay_ballot_state(want));
}

/* The round's scrutineer named by the entry's member, who must have
 * signed it. NULL with why when the entry is not a named scrutineer's
 * signed one. */
static struct rp_scrutineer *
replay_ballot_scrutineer(struct rp_ctx *c, struct rp_round *r)
{
	const char *who = replay_text_get(c->pl, "member");
	size_t i;

	for (i = 0; who != NULL && i < r->nscr; i++)
		if (strcmp(r->scr[i].name, who) == 0)
			break;
	if (who == NULL || i == r->nscr) {
		(void)RB_FAIL(c, "第 %" PRIu64 " 条记录：%s 不是第 %" PRIu64
		    " 条开始的无记名表决所指定的监票人", "entry %" PRIu64 ": %s "
		    "is not a scrutineer named by the secret vote opened at "
		    "entry %" PRIu64, c->e->seq, who ? who : "?", r->seq);
		return NULL;
	}
	if (c->e->signature.len == 0) {
		(void)RB_FAIL(c, "第 %" PRIu64 " 条记录：没有监票人 %s 的签名",
		    "entry %" PRIu64 ": it carries no signature of the scrutineer "
		    "%s", c->e->seq, who);
		return NULL;
	}
	return &r->scr[i];
}

/* Decodes the hex payload member name into exactly len bytes at out. 0,
 * or -1 with why. */
static int
replay_ballot_bytes(struct rp_ctx *c, const char *name, uint8_t *out,
    size_t len)
{
	const char *s = replay_text_get(c->pl, name);
	size_t n = 0;

	if (s != NULL && hex_decode(s, out, len, &n) && n == len)
		return 0;
	return RB_FAIL(c, "第 %" PRIu64 " 条记录：%s 不是 %zu 字节的十六进制数据",
	    "entry %" PRIu64 ": its %s is not %zu bytes in hex", c->e->seq,
	    name, len);
}

/* The proof context of who in round r of item it (proto/ballot.h):
 * malloc'd, *len set; NULL with why. */
static uint8_t *
replay_ballot_ctx(struct rp_ctx *c, const struct rp_item *it,
    const struct rp_round *r, const char *who, bool voter, size_t *len)
{
	uint8_t *ctx;

	if (c->rp->instance[0] == '\0') {
		(void)RB_FAIL(c, "第 %" PRIu64 " 条记录：不知道审计链属于哪个实例，"
		    "无法核对证明", "entry %" PRIu64 ": the instance of the trail "
		    "is not known, so no proof can be checked", c->e->seq);
		return NULL;
	}
	ctx = voter ? ballot_ctx_voter(c->rp->instance, c->rp->body,
	    it->key.k, r->seq, who, len) : ballot_ctx_scrutineer(
	    c->rp->instance, c->rp->body, it->key.k, r->seq, who, len);
	if (ctx == NULL)
		c->rp->nomem = true;
	return ctx;
}

/* The options a secret vote.open must record: yes, no, abstain. */
static bool
replay_ballot_options(const char *text)
{
	char **v;
	size_t n, i;
	bool ok;

	if (replay_text_strings(text, &v, &n) != 0) {
		replay_text_strings_free(v, n);
		return false;
	}
	ok = n == BALLOT_OPTIONS;
	for (i = 0; ok && i < n; i++)
		ok = ballot_option_index(v[i]) == (int)i;
	replay_text_strings_free(v, n);
	return ok;
}

/* vote.open of method secret: a new round, its scrutineers and options,
 * its electorate fixed (after replay_on_electorate). */
int
replay_ballot_open(struct rp_ctx *c)
{
	struct replay *rp = c->rp;
	struct rp_item *it = replay_ballot_item(c);
	const struct rp_seat *s = rp->seats.p;
	struct rp_round *r;
	char **names = NULL;
	size_t n = 0, i, k;
	int rc = -1;

	if (it == NULL || !(it->method != NULL &&
	    strcmp(it->method, "secret") == 0))
		return 0;
	if (it->round != NULL && (strcmp(it->round->state, "closed") != 0 &&
	    strcmp(it->round->state, "void") != 0))
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：第 %" PRIu64 " 条开始的"
		    "无记名表决尚未结束或作废，又开始一轮", "entry %" PRIu64 ": "
		    "a new round while the secret vote opened at entry %" PRIu64
		    " has neither closed nor been voided", c->e->seq,
		    it->round->seq);
	if (!replay_ballot_options(replay_text_get(c->pl, "options")))
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：无记名表决的选项应为 "
		    "yes、no、abstain", "entry %" PRIu64 ": a secret vote's "
		    "options must be yes, no, abstain", c->e->seq);
	if (replay_text_strings(replay_text_get(c->pl, "scrutineers"), &names,
	    &n) != 0 || n < 2) {
		(void)RB_FAIL(c, "第 %" PRIu64 " 条记录：无记名表决须指定至少两名"
		    "监票人（R-VOTE-10）", "entry %" PRIu64 ": a secret vote "
		    "names at least two scrutineers (R-VOTE-10)", c->e->seq);
		goto out;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(names[k], names[i]) == 0)
				break;
		if (k < i || !replay_elector(rp, it, names[i])) {
			(void)RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人 %s %s"
			    "（R-VOTE-10）", "entry %" PRIu64 ": the scrutineer "
			    "%s %s (R-VOTE-10)", c->e->seq, names[i], k < i ?
			    TR("被指定了两次", "is named twice") :
			    TR("不是出席且未回避的表决成员", "is not a present, "
			    "non-recused voting member"));
			goto out;
		}
	}
	replay_ballot_free(it->round);
	if ((it->round = r = calloc(1, sizeof *r)) == NULL ||
	    (r->scr = calloc(n, sizeof *r->scr)) == NULL ||
	    (r->eg = elgamal_new(NULL)) == NULL) {
		rp->nomem = true;
		rc = 0;
		goto out;
	}
	r->seq = c->e->seq;
	r->state = "keying";
	r->state_seq = c->e->seq;
	for (i = 0; i < n; i++) {
		r->scr[i].name = names[i];
		names[i] = NULL;
	}
	r->nscr = n;
	for (i = 0; i < rp->seats.n; i++)
		if (replay_elector(rp, it, s[i].key.s)) {
			(void)replay_add(rp, &rp->electors, r->seq, s[i].key.s,
			    c->e->seq);
			r->electorate++;
		}
	rp->rounds++;
	rc = 0;
out:
	replay_text_strings_free(names, n);
	return rc;
}

/* vote.key: a named scrutineer's key share, once, its proof holding; the
 * last one's entry carries the vote's key, their sum. */
int
replay_ballot_key(struct rp_ctx *c)
{
	struct rp_item *it = replay_ballot_item(c);
	struct rp_round *r = replay_ballot_round(c, it);
	struct rp_scrutineer *x;
	const uint8_t **shares;
	uint8_t key[ELGAMAL_POINT_LEN], *ctx;
	size_t len, i;
	int ok;

	if (r == NULL || replay_ballot_when(c, r, "keying") != 0 ||
	    (x = replay_ballot_scrutineer(c, r)) == NULL)
		return -1;
	if (x->share_seq != 0)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人 %s 已在第 %" PRIu64
		    " 条记录发布过密钥份额", "entry %" PRIu64 ": the scrutineer %s "
		    "already published a key share at entry %" PRIu64,
		    c->e->seq, x->name, x->share_seq);
	if (replay_ballot_bytes(c, "share", x->share, sizeof x->share) != 0)
		return -1;
	if ((ctx = replay_ballot_ctx(c, it, r, x->name, false, &len)) == NULL)
		return c->rp->nomem ? 0 : -1;
	ok = elgamal_share_verify(r->eg, ctx, len, x->share,
	    sizeof x->share) == 0;
	free(ctx);
	if (!ok)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人 %s 的密钥份额的证明"
		    "不成立", "entry %" PRIu64 ": the proof of the scrutineer "
		    "%s's key share does not hold", c->e->seq, x->name);
	x->share_seq = c->e->seq;
	r->nshares++;
	if (r->nshares < r->nscr) {
		if (replay_text_get(c->pl, "key") != NULL)
			return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人的密钥份额"
			    "尚未到齐，却已记有表决密钥", "entry %" PRIu64 ": it "
			    "records the vote's key before every scrutineer's "
			    "share is in", c->e->seq);
		return 0;
	}
	if (replay_ballot_bytes(c, "key", r->key, sizeof r->key) != 0)
		return -1;
	if ((shares = calloc(r->nscr, sizeof *shares)) == NULL) {
		c->rp->nomem = true;
		return 0;
	}
	for (i = 0; i < r->nscr; i++)
		shares[i] = r->scr[i].share;
	ok = elgamal_key_combine(r->eg, shares, r->nscr, key) == 0 &&
	    memcmp(key, r->key, sizeof key) == 0;
	free(shares);
	if (!ok)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：记录的表决密钥不是各监票人"
		    "密钥份额之和", "entry %" PRIu64 ": the vote's key it records "
		    "is not the sum of the scrutineers' key shares", c->e->seq);
	elgamal_free(r->eg);
	if ((r->eg = elgamal_new(r->key)) == NULL ||
	    (r->tally = elgamal_tally_new(r->eg, BALLOT_OPTIONS)) == NULL) {
		c->rp->nomem = true;
		return 0;
	}
	r->key_seq = c->e->seq;
	r->state = "open";
	r->state_seq = c->e->seq;
	return 0;
}

/* vote.cast in a secret round: a voter of its electorate, once, signed,
 * while it is open, every proof holding; added to the tally. */
int
replay_ballot_cast(struct rp_ctx *c, struct rp_item *it)
{
	struct replay *rp = c->rp;
	struct rp_round *r = replay_ballot_round(c, it);
	const char *who = replay_text_get(c->pl, "member");
	uint8_t ballot[ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS)], *ctx;
	struct rp_note *n;
	size_t len;
	int ok;

	if (r == NULL || replay_ballot_when(c, r, "open") != 0)
		return -1;
	if (replay_text_get(c->pl, "choice") != NULL)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：无记名选票的记录写明了选择",
		    "entry %" PRIu64 ": a secret ballot's entry names a choice",
		    c->e->seq);
	if (who == NULL || replay_find(&rp->electors, r->seq, who) == NULL)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：%s 不在第 %" PRIu64 " 条"
		    "开始的无记名表决的选民之中", "entry %" PRIu64 ": %s is not "
		    "of the electorate of the secret vote opened at entry %"
		    PRIu64, c->e->seq, who ? who : "?", r->seq);
	if ((n = replay_find(&rp->sballots, it->key.k, who)) != NULL &&
	    (uint64_t)n->seq == r->seq)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：%s 已在第 %" PRIu64
		    " 条记录投过票", "entry %" PRIu64 ": %s already cast a ballot "
		    "at entry %" PRIu64, c->e->seq, who, n->key.entry);
	if (c->e->signature.len == 0)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：无记名选票没有 %s 的签名",
		    "entry %" PRIu64 ": the secret ballot carries no signature "
		    "of %s", c->e->seq, who);
	if (replay_ballot_bytes(c, "ballot", ballot, sizeof ballot) != 0)
		return -1;
	if ((ctx = replay_ballot_ctx(c, it, r, who, true, &len)) == NULL)
		return rp->nomem ? 0 : -1;
	ok = elgamal_ballot_verify(r->eg, ctx, len, BALLOT_OPTIONS, ballot,
	    sizeof ballot) == 0;
	free(ctx);
	if (!ok)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：%s 的无记名选票的证明不成立",
		    "entry %" PRIu64 ": the proof of %s's secret ballot does not "
		    "hold", c->e->seq, who);
	if (elgamal_tally_add(r->eg, r->tally, ballot, sizeof ballot) != 0) {
		rp->nomem = true;
		return 0;
	}
	r->ballots++;
	rp->ballots_checked++;
	if ((n = replay_add(rp, &rp->sballots, it->key.k, who,
	    c->e->seq)) != NULL) {
		n->seq = (long)r->seq;
		n->at_us = c->e->at_us;
		replay_set(rp, &n->member, who);
		replay_set(rp, &n->a, replay_text_get(c->pl, "ballot"));
	}
	return 0;
}

/* vote.count: the round closed to ballots, with as many as it has. */
int
replay_ballot_count(struct rp_ctx *c)
{
	struct rp_item *it = replay_ballot_item(c);
	struct rp_round *r = replay_ballot_round(c, it);
	const char *n = replay_text_get(c->pl, "ballots");

	if (r == NULL || replay_ballot_when(c, r, "open") != 0)
		return -1;
	if (n == NULL || strtoull(n, NULL, 10) != r->ballots)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：计票记为 %s 张选票，而审计"
		    "链中这一轮有 %" PRIu64 " 张", "entry %" PRIu64 ": the count "
		    "says %s ballots, but the trail holds %" PRIu64 " in the "
		    "round", c->e->seq, n ? n : "?", r->ballots);
	r->count_seq = c->e->seq;
	r->state = "counting";
	r->state_seq = c->e->seq;
	return 0;
}

/* vote.decrypt: a named scrutineer's decryption share of the product of
 * every ballot, once, after the count, its proof holding. */
int
replay_ballot_decrypt(struct rp_ctx *c)
{
	struct rp_item *it = replay_ballot_item(c);
	struct rp_round *r = replay_ballot_round(c, it);
	struct rp_scrutineer *x;
	uint8_t *ctx;
	size_t len;
	int ok;

	if (r == NULL || replay_ballot_when(c, r, "counting") != 0 ||
	    (x = replay_ballot_scrutineer(c, r)) == NULL)
		return -1;
	if (r->ballots == 0)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：没有选票可解密",
		    "entry %" PRIu64 ": there is no ballot to decrypt",
		    c->e->seq);
	if (x->dshare_seq != 0)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人 %s 已在第 %" PRIu64
		    " 条记录发布过解密份额", "entry %" PRIu64 ": the scrutineer %s "
		    "already published a decryption share at entry %" PRIu64,
		    c->e->seq, x->name, x->dshare_seq);
	if (replay_ballot_bytes(c, "dshare", x->dshare, sizeof x->dshare) != 0)
		return -1;
	if ((ctx = replay_ballot_ctx(c, it, r, x->name, false, &len)) == NULL)
		return c->rp->nomem ? 0 : -1;
	ok = elgamal_dshare_verify(r->eg, ctx, len, x->share, r->tally,
	    x->dshare, sizeof x->dshare) == 0;
	free(ctx);
	if (!ok)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人 %s 的解密份额的证明"
		    "不成立", "entry %" PRIu64 ": the proof of the scrutineer %s's "
		    "decryption share does not hold", c->e->seq, x->name);
	x->dshare_seq = c->e->seq;
	r->ndshares++;
	return 0;
}

/* vote.close of a secret round (after replay_on_vote took its figures):
 * what every decryption share decrypts to is exactly its result. */
int
replay_ballot_close(struct rp_ctx *c, struct rp_item *it)
{
	struct rp_round *r = it->round;
	const uint8_t *ds[16];
	uint32_t n[BALLOT_OPTIONS] = { 0, 0, 0 };
	const char *el = replay_text_get(c->pl, "electorate"),
	    *nv = replay_text_get(c->pl, "not_voting");
	size_t i;

	if (replay_ballot_when(c, r, "counting") != 0)
		return -1;
	if (r->ballots > 0) {
		for (i = 0; i < r->nscr; i++)
			if (r->scr[i].dshare_seq == 0)
				return RB_FAIL(c, "第 %" PRIu64 " 条记录：表决结束时"
				    "缺少监票人 %s 的解密份额", "entry %" PRIu64
				    ": the vote closed without the scrutineer "
				    "%s's decryption share", c->e->seq,
				    r->scr[i].name);
		if (r->nscr > sizeof ds / sizeof ds[0])
			return RB_FAIL(c, "第 %" PRIu64 " 条记录：监票人过多（%zu）",
			    "entry %" PRIu64 ": too many scrutineers (%zu)",
			    c->e->seq, r->nscr);
		for (i = 0; i < r->nscr; i++)
			ds[i] = r->scr[i].dshare;
		if (elgamal_tally_decrypt(r->eg, r->tally, ds, r->nscr,
		    (uint32_t)r->ballots, n) != 0)
			return RB_FAIL(c, "第 %" PRIu64 " 条记录：各监票人的解密份额"
			    "解不出 %" PRIu64 " 张选票的结果", "entry %" PRIu64
			    ": the scrutineers' decryption shares do not decrypt "
			    "the %" PRIu64 " ballots", c->e->seq, r->ballots);
	}
	if (it->yes != (long)n[0] || it->no != (long)n[1] ||
	    it->abstain != (long)n[2] ||
	    replay_text_get(c->pl, "yes") == NULL ||
	    replay_text_get(c->pl, "no") == NULL ||
	    replay_text_get(c->pl, "abstain") == NULL)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：记录的结果为赞成 %ld、"
		    "反对 %ld、弃权 %ld，而 %" PRIu64 " 张选票解密所得为赞成 %u、"
		    "反对 %u、弃权 %u", "entry %" PRIu64 ": it records %ld yes, "
		    "%ld no, %ld abstain, but the %" PRIu64 " ballots decrypt to "
		    "%u yes, %u no, %u abstain", c->e->seq, it->yes, it->no,
		    it->abstain, r->ballots, n[0], n[1], n[2]);
	if (el != NULL && nv != NULL && strtoll(nv, NULL, 10) !=
	    strtoll(el, NULL, 10) - (long long)r->ballots)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：未投票记为 %s，而应为表决"
		    "人数 %s 减去 %" PRIu64 " 张选票", "entry %" PRIu64 ": it "
		    "records %s not voting, but the electorate of %s less the %"
		    PRIu64 " ballots gives otherwise", c->e->seq, nv, el,
		    r->ballots);
	r->state = "closed";
	r->state_seq = c->e->seq;
	return 0;
}

/* vote.void: an unfinished round ends with nothing counted (R-VOTE-11);
 * the item goes back to deliberation. */
int
replay_ballot_void(struct rp_ctx *c)
{
	struct rp_item *it = replay_ballot_item(c);
	struct rp_round *r = replay_ballot_round(c, it);

	if (r == NULL)
		return -1;
	if (strcmp(r->state, "closed") == 0 || strcmp(r->state, "void") == 0)
		return RB_FAIL(c, "第 %" PRIu64 " 条记录：第 %" PRIu64 " 条开始的"
		    "无记名表决%s，不能再作废", "entry %" PRIu64 ": the secret vote "
		    "opened at entry %" PRIu64 " is %s and cannot be voided",
		    c->e->seq, r->seq, replay_ballot_state(r->state));
	r->state = "void";
	r->state_seq = c->e->seq;
	it->state = "started";
	it->state_seq = c->e->seq;
	return 0;
}

/* What a secret round's signed round or digest must say (see
 * replay_ballot.h). */
int
replay_ballot_signed(struct replay *rp, const Yishi__TrailEntry *e,
    const struct replay_text *pl, const char *field, char *out,
    size_t outlen)
{
	struct rp_item *it = replay_find(&rp->items, replay_text_u64(pl,
	    "item"), NULL);
	uint8_t raw[ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS)];
	const char *name, *hex;
	size_t n = 0;

	if (strcmp(field, "round") == 0) {
		if (it == NULL || !replay_ballot_secret(it))
			return -1;
		snprintf(out, outlen, "%" PRIu64, it->round->seq);
		return 0;
	}
	name = strcmp(e->action, "vote.key") == 0 ? "share" :
	    strcmp(e->action, "vote.cast") == 0 ? "ballot" :
	    strcmp(e->action, "vote.decrypt") == 0 ? "dshare" : NULL;
	if (name == NULL || outlen < 65 ||
	    (hex = replay_text_get(pl, name)) == NULL ||
	    !hex_decode(hex, raw, sizeof raw, &n))
		return -1;
	ballot_digest_hex(raw, n, out);
	return 0;
}
