/*
 * test_replay_ballot.c: a secret round re-checked by the audit's replay
 * (client/cli/replay_ballot.c, docs/ballot.md "Checking") on a trail made
 * by hand with real key shares, encrypted ballots and decryption shares
 * (proto/elgamal.h): the whole round replays; then each way of altering
 * it (a ballot's byte, a proof's scalar, a key share, the key, a
 * decryption share, the close's figures, a part out of its place or made
 * twice, a ballot for another voter) is refused at its entry, with the
 * reason. Signatures are not checked here (yishi_trail_verify_signature
 * is the library's): the signed texts are, field by field, so an
 * alteration is re-signed as a member holding the key would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ballot.h"
#include "elgamal.h"
#include "hex.h"
#include "out.h"
#include "replay.h"
#include "sign.h"

#define INST "abababababababababababababababababababababababababababababababab"
#define FP "1111111111111111111111111111111111111111111111111111111111111111"
#define K BALLOT_OPTIONS
#define MAXE 64

/* One entry: who signed it (NULL: unsigned), the raw bytes it publishes
 * (for its signed digest) and which part (0 none, 1 key, 2 ballot, 3
 * decryption share). */
struct tent {
	char	*actor, *action, *payload, *signer;
	int	 part;
	uint64_t round;		/* the round it belongs to */
};

/* A trail under construction. */
struct trail {
	struct tent e[MAXE];
	size_t	 n;
	uint64_t round;		/* seq of the secret vote.open */
};

/* Appends an entry (payload formatted). */
static void __attribute__((format(printf, 5, 6)))
add(struct trail *t, const char *actor, const char *action, int part,
    const char *fmt, ...)
{
	va_list ap;
	struct tent *x = &t->e[t->n++];

	assert_true(t->n <= MAXE);
	memset(x, 0, sizeof *x);
	x->actor = strdup(actor);
	x->action = strdup(action);
	x->part = part;
	x->round = t->round;
	x->signer = part != 0 ? strdup(actor) : NULL;
	va_start(ap, fmt);
	assert_true(vasprintf(&x->payload, fmt, ap) >= 0);
	va_end(ap);
}

static void tent_free(struct tent *x);

static void
trail_free(struct trail *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		tent_free(&t->e[i]);
	t->n = 0;
}

/* The hex of n bytes, malloc'd. */
static char *
hexof(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 1);

	assert_non_null(s);
	hex_encode(p, n, s);
	return s;
}

/* The members, their seats and the meeting up to the item's start. */
static void
prelude(struct trail *t)
{
	static const char *const who[] = { "sec", "m1", "m2", "m3" };
	size_t i;

	for (i = 0; i < 4; i++)
		add(t, "admin", "seat.add", 0, "{\"identity\":\"%s\","
		    "\"role\":\"%s\",\"cert_fp\":\"" FP "\"}", who[i],
		    i == 0 ? "secretary" : "member");
	add(t, "off", "meeting.schedule", 0, "{\"meeting\":5,\"title\":\"会\","
	    "\"at\":\"2026-12-01T09:00:00+08:00\",\"place\":\"\","
	    "\"urgent\":true,\"reason\":\"急\"}");
	add(t, "m1", "agenda.propose", 0, "{\"item\":9,\"meeting\":5,"
	    "\"title\":\"任免\",\"category\":\"personnel\",\"amount\":0}");
	for (i = 0; i < 4; i++)
		add(t, who[i], "attendance.checkin", 0, "{\"meeting\":5,"
		    "\"member\":\"%s\"}", who[i]);
	add(t, "sec", "meeting.open", 0, "{\"meeting\":5,\"n\":4,"
	    "\"present\":4,\"chair\":\"sec\"}");
	add(t, "sec", "item.start", 0, "{\"item\":9}");
}

/* What a round makes, kept to build altered trails from. */
struct round {
	struct elgamal *eg;
	uint8_t	 x[2][ELGAMAL_SCALAR_LEN];
	uint8_t	 share[2][ELGAMAL_SHARE_LEN];
	uint8_t	 key[ELGAMAL_POINT_LEN];
	struct elgamal_tally *tally;
};

/* The scrutineer context of who in round r. */
static uint8_t *
sctx(uint64_t r, const char *who, size_t *len)
{
	uint8_t *c = ballot_ctx_scrutineer(INST, 1, 9, r, who, len);

	assert_non_null(c);
	return c;
}

/* vote.open (method secret, scrutineers m1 and m2) and both key shares. */
static void
open_and_key(struct trail *t, struct round *rd)
{
	static const char *const scr[2] = { "m1", "m2" };
	const uint8_t *sh[2];
	uint8_t *ctx;
	char *hx, *kx;
	size_t len;
	int i;

	add(t, "sec", "vote.open", 0, "{\"item\":9,\"method\":\"secret\","
	    "\"scrutineers\":[\"m1\",\"m2\"],"
	    "\"options\":[\"yes\",\"no\",\"abstain\"]}");
	t->round = t->n;
	assert_non_null(rd->eg = elgamal_new(NULL));
	for (i = 0; i < 2; i++) {
		ctx = sctx(t->round, scr[i], &len);
		assert_int_equal(elgamal_share_make(rd->eg, ctx, len, rd->x[i],
		    rd->share[i]), 0);
		free(ctx);
		sh[i] = rd->share[i];
	}
	assert_int_equal(elgamal_key_combine(rd->eg, sh, 2, rd->key), 0);
	elgamal_free(rd->eg);
	assert_non_null(rd->eg = elgamal_new(rd->key));
	assert_non_null(rd->tally = elgamal_tally_new(rd->eg, K));
	hx = hexof(rd->share[0], ELGAMAL_SHARE_LEN);
	add(t, "m1", "vote.key", 1, "{\"item\":9,\"member\":\"m1\","
	    "\"share\":\"%s\"}", hx);
	free(hx);
	hx = hexof(rd->share[1], ELGAMAL_SHARE_LEN);
	kx = hexof(rd->key, ELGAMAL_POINT_LEN);
	add(t, "m2", "vote.key", 1, "{\"item\":9,\"member\":\"m2\","
	    "\"share\":\"%s\",\"key\":\"%s\"}", hx, kx);
	free(hx);
	free(kx);
}

/* who's ballot for choice, cast in round r (for_ctx: the voter whose
 * context the proofs bind, normally who). */
static void
cast(struct trail *t, struct round *rd, const char *who, const char *for_ctx,
    int choice)
{
	uint8_t b[ELGAMAL_BALLOT_LEN(K)], *ctx;
	size_t len;
	char *hx;

	assert_non_null(ctx = ballot_ctx_voter(INST, 1, 9, t->round, for_ctx,
	    &len));
	assert_int_equal(elgamal_ballot_make(rd->eg, ctx, len, K, choice, b),
	    0);
	free(ctx);
	assert_int_equal(elgamal_tally_add(rd->eg, rd->tally, b, sizeof b), 0);
	hx = hexof(b, sizeof b);
	add(t, who, "vote.cast", 2, "{\"item\":9,\"member\":\"%s\","
	    "\"ballot\":\"%s\"}", who, hx);
	free(hx);
}

/* Scrutineer i's decryption share of the tally. */
static void
decrypt(struct trail *t, struct round *rd, int i)
{
	const char *who = i == 0 ? "m1" : "m2";
	uint8_t d[ELGAMAL_DSHARE_LEN(K)], *ctx;
	size_t len;
	char *hx;

	ctx = sctx(t->round, who, &len);
	assert_int_equal(elgamal_dshare_make(rd->eg, ctx, len, rd->x[i],
	    rd->tally, d), 0);
	free(ctx);
	hx = hexof(d, sizeof d);
	add(t, who, "vote.decrypt", 3, "{\"item\":9,\"member\":\"%s\","
	    "\"dshare\":\"%s\"}", who, hx);
	free(hx);
}

/* vote.close with the figures given (electorate 4). */
static void
close_vote(struct trail *t, int yes, int no, int abstain, int nv)
{
	add(t, "sec", "vote.close", 0, "{\"item\":9,\"outcome\":\"%s\","
	    "\"yes\":%d,\"no\":%d,\"abstain\":%d,\"not_voting\":%d,\"n\":4,"
	    "\"present\":4,\"electorate\":4,\"rule\":\"R-VOTE-5\"}",
	    yes * 2 > 4 ? "passed" : "rejected", yes, no, abstain, nv);
}

static void
round_free(struct round *rd)
{
	elgamal_tally_free(rd->tally);
	elgamal_free(rd->eg);
	memset(rd, 0, sizeof *rd);
}

/* The whole secret vote: 3 ballots (the secretary first: yes; m1 no;
 * m3 yes), counted, decrypted by both scrutineers, closed 2/1/0. */
static void
whole(struct trail *t, struct round *rd)
{
	memset(t, 0, sizeof *t);
	prelude(t);
	open_and_key(t, rd);
	cast(t, rd, "sec", "sec", 0);
	cast(t, rd, "m1", "m1", 1);
	cast(t, rd, "m3", "m3", 0);
	add(t, "sec", "vote.count", 0, "{\"item\":9,\"ballots\":3}");
	decrypt(t, rd, 0);
	decrypt(t, rd, 1);
	close_vote(t, 2, 1, 0, 1);
}

/* Replays t; the seq of the entry refused (0: none), why. Signed entries
 * carry the canonical bytes of their part over what their payload
 * publishes, as the member would sign them (signed_as NULL), or the
 * bytes of signed_as at entry signed_at (what the member signed before
 * the payload was altered). */
static uint64_t
replay_trail(const struct trail *t, size_t signed_at, const char *signed_as,
    char *why, size_t whylen, struct replay_counts *counts)
{
	struct replay *rp = replay_new(1);
	uint8_t fp[32], sig[1] = { 0x30 }, raw[ELGAMAL_BALLOT_LEN(K)];
	uint64_t bad = 0;
	size_t i;

	assert_non_null(rp);
	replay_instance(rp, INST);
	memset(fp, 0x11, sizeof fp);
	why[0] = '\0';
	for (i = 0; i < t->n && bad == 0; i++) {
		const struct tent *x = &t->e[i];
		Yishi__TrailEntry e = YISHI__TRAIL_ENTRY__INIT;
		char *canon = NULL, digest[65], *p, *q;
		size_t len, n = 0;

		e.body = 1;
		e.seq = i + 1;
		e.at_us = (int64_t)(i + 1) * 1000000;
		e.actor = x->actor;
		e.action = x->action;
		e.payload = x->payload;
		if (x->signer != NULL) {
			/* The digest of the hex the payload publishes. */
			p = strstr(x->payload, x->part == 1 ? "\"share\":\"" :
			    x->part == 2 ? "\"ballot\":\"" : "\"dshare\":\"");
			assert_non_null(p);
			p = strchr(p + 2, ':') + 2;
			q = strchr(p, '"');
			*q = '\0';
			assert_true(hex_decode(p, raw, sizeof raw, &n));
			*q = '"';
			ballot_digest_hex(raw, n, digest);
			canon = (x->part == 1 ? sign_canon_scrutineer_key :
			    x->part == 2 ? sign_canon_secret_ballot :
			    sign_canon_scrutineer_decrypt)(INST, 1, 5, 9,
			    x->signer, x->round, digest, &len);
			assert_non_null(canon);
			e.signer = x->signer;
			e.signed_ = i + 1 == signed_at ? (char *)signed_as :
			    canon;
			e.signature.data = sig;
			e.signature.len = sizeof sig;
			e.cert_fp.data = fp;
			e.cert_fp.len = sizeof fp;
		}
		if (replay_entry(rp, &e, why, whylen) != 0)
			bad = e.seq;
		free(canon);
	}
	if (counts != NULL)
		replay_counts(rp, counts);
	replay_free(rp);
	return bad;
}

/* Replays t and checks the entry refused and that why names it. */
static void
expect(const struct trail *t, uint64_t want, const char *says,
    const char *what)
{
	char why[512];
	uint64_t got = replay_trail(t, 0, NULL, why, sizeof why, NULL);

	if (getenv("SHOW_WHY") != NULL)
		print_message("%s: %s\n", what, why);

	if (got != want)
		fail_msg("%s: entry %llu refused (%s), want %llu", what,
		    (unsigned long long)got, why, (unsigned long long)want);
	if (says != NULL && strstr(why, says) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", what, why, says);
}

/* The seq (1-based) of the first entry of action by actor in t. */
static size_t
find(const struct trail *t, const char *action, const char *actor)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->e[i].action, action) == 0 &&
		    (actor == NULL || strcmp(t->e[i].actor, actor) == 0))
			return i + 1;
	fail_msg("no %s by %s", action, actor ? actor : "anyone");
	return 0;
}

/* Flips one hex digit of the member name of entry seq, at byte off of
 * its bytes (the digit of the low nibble). */
static void
flip(struct trail *t, size_t seq, const char *name, size_t off)
{
	char pat[32], *p;

	snprintf(pat, sizeof pat, "\"%s\":\"", name);
	assert_non_null(p = strstr(t->e[seq - 1].payload, pat));
	p += strlen(pat) + 2 * off + 1;
	*p = *p == '0' ? '1' : '0';
}

/* Moves entry from (1-based) to just before entry to. */
static void
move(struct trail *t, size_t from, size_t to)
{
	struct tent x = t->e[from - 1];

	if (from < to) {
		memmove(&t->e[from - 1], &t->e[from], (to - 1 - from) *
		    sizeof x);
		t->e[to - 2] = x;
	} else {
		memmove(&t->e[to], &t->e[to - 1], (from - to) * sizeof x);
		t->e[to - 1] = x;
	}
}

/* Frees one entry's strings. */
static void
tent_free(struct tent *x)
{
	free(x->actor);
	free(x->action);
	free(x->payload);
	free(x->signer);
}

/* Drops entry seq. */
static void
drop(struct trail *t, size_t seq)
{
	struct tent x = t->e[seq - 1];

	memmove(&t->e[seq - 1], &t->e[seq], (t->n - seq) * sizeof x);
	t->n--;
	tent_free(&x);
}

/* Keeps the first n entries. */
static void
cut(struct trail *t, size_t n)
{
	while (t->n > n)
		tent_free(&t->e[--t->n]);
}

/* Entry seq's payload with its member (and actor, signer) replaced by
 * who. */
static void
retag(struct trail *t, size_t seq, const char *who)
{
	struct tent *x = &t->e[seq - 1];
	char *p = strstr(x->payload, "\"member\":\"") + 10, *q = strchr(p, '"'),
	    *np;

	assert_true(asprintf(&np, "%.*s%s%s", (int)(p - x->payload),
	    x->payload, who, q) > 0);
	free(x->payload);
	x->payload = np;
	free(x->actor);
	x->actor = strdup(who);
	if (x->signer != NULL) {
		free(x->signer);
		x->signer = strdup(who);
	}
}

/* Replaces entry seq's payload. */
static void
repay(struct trail *t, size_t seq, const char *payload)
{
	free(t->e[seq - 1].payload);
	t->e[seq - 1].payload = strdup(payload);
}

/* The round as made replays; the counts say so. */
static void
test_whole_round(void **state)
{
	struct trail t;
	struct round rd;
	struct replay_counts c;
	char why[512];

	(void)state;
	whole(&t, &rd);
	assert_int_equal(replay_trail(&t, 0, NULL, why, sizeof why, &c), 0);
	assert_int_equal(c.secret_rounds, 1);
	assert_int_equal(c.secret_checked, 3);
	assert_int_equal(c.secret, 3);
	trail_free(&t);
	round_free(&rd);
}

/* Offsets in a ballot (proto/elgamal.h): option i's A at 2 + i * OPT,
 * its s0 after A, B and c0; the sum proof's s last. */
#define OPT	ELGAMAL_OPTION_LEN
#define P	ELGAMAL_POINT_LEN
#define S	ELGAMAL_SCALAR_LEN

/* Each alteration, re-signed where the member could, is refused at its
 * entry by the check it is for. */
static void
test_altered(void **state)
{
	static const struct {
		const char *what, *action, *actor, *name;
		size_t off;
		const char *says;
	} rows[] = {
		{ "a ballot's ciphertext byte", "vote.cast", "m1", "ballot",
		    2 + OPT + P + 5, "m1" },
		{ "a ballot's bit proof scalar", "vote.cast", "m3", "ballot",
		    2 + 2 * P + S + 9, "m3" },
		{ "a ballot's sum proof scalar", "vote.cast", "sec", "ballot",
		    2 + 3 * OPT + S + 3, "sec" },
		{ "a key share's proof scalar", "vote.key", "m1", "share",
		    1 + P + S + 7, "m1" },
		{ "a decryption share's point", "vote.decrypt", "m2", "dshare",
		    2 + P + 4, "m2" },
		{ "a decryption share's proof scalar", "vote.decrypt", "m1",
		    "dshare", 2 + 3 * P + S + 1, "m1" },
	};
	struct trail t;
	struct round rd;
	size_t i, at;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		whole(&t, &rd);
		at = find(&t, rows[i].action, rows[i].actor);
		flip(&t, at, rows[i].name, rows[i].off);
		expect(&t, at, rows[i].says, rows[i].what);
		/* in the reader's language: the proof is what fails */
		expect(&t, at, "证明不成立", rows[i].what);
		out_init(CLI_EN, false);
		expect(&t, at, "does not hold", rows[i].what);
		out_init(CLI_ZH, false);
		trail_free(&t);
		round_free(&rd);
	}
}

/* Altered and not re-signed: the signed digest is what names it. */
static void
test_not_resigned(void **state)
{
	struct trail t;
	struct round rd;
	char why[512], *canon, digest[65];
	uint8_t raw[ELGAMAL_BALLOT_LEN(K)];
	size_t at, len, n;
	char *p;

	(void)state;
	whole(&t, &rd);
	at = find(&t, "vote.cast", "m1");
	/* What m1 signed: the ballot as cast. */
	p = strstr(t.e[at - 1].payload, "\"ballot\":\"") + 10;
	*strchr(p, '"') = '\0';
	assert_true(hex_decode(p, raw, sizeof raw, &n));
	p[strlen(p)] = '"';
	ballot_digest_hex(raw, n, digest);
	canon = sign_canon_secret_ballot(INST, 1, 5, 9, "m1", t.round, digest,
	    &len);
	flip(&t, at, "ballot", 40);
	assert_int_equal(replay_trail(&t, at, canon, why, sizeof why, NULL),
	    at);
	assert_non_null(strstr(why, "digest"));
	free(canon);
	trail_free(&t);
	round_free(&rd);
}

/* The results and the key: what the entries say against what the shares
 * give. */
static void
test_figures(void **state)
{
	struct trail t;
	struct round rd;
	char *p;
	size_t at;

	(void)state;
	/* the close's yes count, the totals kept */
	whole(&t, &rd);
	at = t.n;
	cut(&t, at - 1);
	close_vote(&t, 1, 2, 0, 1);
	expect(&t, at, NULL, "the close's yes and no swapped");
	trail_free(&t);
	round_free(&rd);

	/* not_voting not the electorate less the ballots */
	whole(&t, &rd);
	cut(&t, t.n - 1);
	close_vote(&t, 2, 1, 0, 0);
	expect(&t, t.n, NULL, "not voting miscounted");
	trail_free(&t);
	round_free(&rd);

	/* the key is not the sum of the shares */
	whole(&t, &rd);
	at = find(&t, "vote.key", "m2");
	p = strstr(t.e[at - 1].payload, "\"key\":\"") + 7;
	p[1] = p[1] == '2' ? '3' : '2';		/* 02.. <-> 03..: -Y */
	expect(&t, at, NULL, "a key that is not the sum");
	trail_free(&t);
	round_free(&rd);

	/* a key before every share is in */
	whole(&t, &rd);
	at = find(&t, "vote.key", "m1");
	p = t.e[at - 1].payload;
	p[strlen(p) - 1] = '\0';
	assert_true(asprintf(&t.e[at - 1].payload, "%s,\"key\":\"%0*d\"}", p,
	    2 * P, 0) > 0);
	free(p);
	expect(&t, at, NULL, "a key with the first share");
	trail_free(&t);
	round_free(&rd);

	/* the count says another number of ballots */
	whole(&t, &rd);
	at = find(&t, "vote.count", NULL);
	repay(&t, at, "{\"item\":9,\"ballots\":2}");
	expect(&t, at, NULL, "a count of 2 for 3 ballots");
	trail_free(&t);
	round_free(&rd);

	/* closed without m2's decryption share */
	whole(&t, &rd);
	drop(&t, find(&t, "vote.decrypt", "m2"));
	expect(&t, t.n, "m2", "closed without a decryption share");
	trail_free(&t);
	round_free(&rd);
}

/* Parts out of their place, twice, or by someone else. */
static void
test_order(void **state)
{
	struct trail t;
	struct round rd;
	size_t at;

	(void)state;
	/* a ballot before the key is complete */
	whole(&t, &rd);
	at = find(&t, "vote.key", "m2");
	move(&t, find(&t, "vote.cast", "m1"), at);
	expect(&t, at, NULL, "a ballot before the key");
	trail_free(&t);
	round_free(&rd);

	/* a ballot after the count (of the two before it) */
	whole(&t, &rd);
	at = find(&t, "vote.count", NULL);
	move(&t, find(&t, "vote.cast", "m3"), at + 1);
	repay(&t, at - 1, "{\"item\":9,\"ballots\":2}");
	expect(&t, at, NULL, "a ballot after the count");
	trail_free(&t);
	round_free(&rd);

	/* a secret ballot's entry that names the choice too */
	whole(&t, &rd);
	at = find(&t, "vote.cast", "m1");
	{
		char *x = t.e[at - 1].payload, *np;

		assert_true(asprintf(&np, "{\"choice\":\"no\",%s", x + 1) > 0);
		free(x);
		t.e[at - 1].payload = np;
	}
	expect(&t, at, NULL, "a secret ballot naming its choice");
	trail_free(&t);
	round_free(&rd);

	/* m1 casts twice */
	whole(&t, &rd);
	at = find(&t, "vote.count", NULL);
	cut(&t, at - 1);
	cast(&t, &rd, "m1", "m1", 0);
	expect(&t, at, "m1", "a second ballot of m1");
	trail_free(&t);
	round_free(&rd);

	/* m2 casts a ballot whose proofs were made for m1 */
	whole(&t, &rd);
	at = find(&t, "vote.count", NULL);
	cut(&t, at - 1);
	drop(&t, find(&t, "vote.cast", "m3"));
	at--;
	cast(&t, &rd, "m2", "m1", 0);
	expect(&t, at, "m2", "a ballot made for another voter");
	trail_free(&t);
	round_free(&rd);

	/* the secretary, not a scrutineer, publishes m1's key share */
	whole(&t, &rd);
	at = find(&t, "vote.key", "m1");
	retag(&t, at, "sec");
	expect(&t, at, "sec", "a key share of someone not named");
	trail_free(&t);
	round_free(&rd);

	/* m1 publishes a second decryption share */
	whole(&t, &rd);
	at = find(&t, "vote.decrypt", "m2");
	retag(&t, at, "m1");
	expect(&t, at, "m1", "a second decryption share of m1");
	trail_free(&t);
	round_free(&rd);

	/* a decryption share before the count */
	whole(&t, &rd);
	at = find(&t, "vote.count", NULL);
	move(&t, find(&t, "vote.decrypt", "m1"), at);
	expect(&t, at, NULL, "a decryption share before the count");
	trail_free(&t);
	round_free(&rd);
}

/* A round voided and voted again; a vote with no ballot. */
static void
test_void_and_empty(void **state)
{
	struct trail t;
	struct round rd, rd2;
	char why[512];
	size_t at;

	(void)state;
	memset(&t, 0, sizeof t);
	prelude(&t);
	open_and_key(&t, &rd);
	cast(&t, &rd, "m1", "m1", 0);
	add(&t, "sec", "vote.void", 0, "{\"item\":9,\"reason\":\"监票人缺席\"}");
	at = t.n + 1;
	open_and_key(&t, &rd2);
	cast(&t, &rd2, "m1", "m1", 2);
	cast(&t, &rd2, "m2", "m2", 2);
	add(&t, "sec", "vote.count", 0, "{\"item\":9,\"ballots\":2}");
	decrypt(&t, &rd2, 0);
	decrypt(&t, &rd2, 1);
	close_vote(&t, 0, 0, 2, 2);
	assert_int_equal(replay_trail(&t, 0, NULL, why, sizeof why, NULL), 0);
	/* a ballot of the void round cast in the new one */
	repay(&t, at + 3, t.e[at - 3].payload);
	expect(&t, at + 3, "m1", "a ballot of the voided round");
	trail_free(&t);
	round_free(&rd);
	round_free(&rd2);

	/* no ballot: counted 0, closed at once, all zero */
	memset(&t, 0, sizeof t);
	prelude(&t);
	open_and_key(&t, &rd);
	add(&t, "sec", "vote.count", 0, "{\"item\":9,\"ballots\":0}");
	close_vote(&t, 0, 0, 0, 4);
	assert_int_equal(replay_trail(&t, 0, NULL, why, sizeof why, NULL), 0);
	cut(&t, t.n - 1);
	close_vote(&t, 1, 0, 0, 4);
	expect(&t, t.n, NULL, "a yes out of no ballot");
	trail_free(&t);
	round_free(&rd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_round),
		cmocka_unit_test(test_altered),
		cmocka_unit_test(test_not_resigned),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_void_and_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
