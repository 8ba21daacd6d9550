/*
 * test_sign.c: the canonical bytes of proto/sign.h, which the client that
 * signs and the server and inspectors that verify must build alike: each
 * kind byte for byte with its instance, the instance read back, bytes of
 * one instance not those of another, and a signature over one instance's
 * bytes failing over another's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sign.h"

#define IA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define IB "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* Which builder a row uses. */
enum kind { K_STATEMENT, K_VOTE, K_DISSENT, K_SIGN, K_CORRECT, K_CHECKPOINT,
    K_WITNESS };

/* Builds the bytes of kind k for instance inst with fixed fields. */
static char *
build(enum kind k, const char *inst, size_t *len)
{
	uint8_t hash[32];

	memset(hash, 0xab, sizeof hash);
	switch (k) {
	case K_STATEMENT:
		return sign_canon_statement(inst, 3, 7, 11, "m1", "agree",
		    "同意\nx=1:y", len);
	case K_VOTE:
		return sign_canon_vote(inst, 3, 7, 11, "m1", "yes", "rec", len);
	case K_DISSENT:
		return sign_canon_dissent(inst, 3, 7, 11, "m2", "保留", 1,
		    len);
	case K_SIGN:
		return sign_canon_minutes_sign(inst, 3, 7, "sec", 42,
		    "abab", len);
	case K_CORRECT:
		return sign_canon_minutes_correct(inst, 3, 7, "sec", "更正",
		    len);
	case K_CHECKPOINT:
		return sign_canon_checkpoint(inst, 3, 42, hash, -5, len);
	case K_WITNESS:
		return sign_canon_witness(inst, 3, 42, hash,
		    1764766800123456LL, len);
	}
	return NULL;
}

#define HEAD(action, n) "yishi-sign-v2\naction=" #n ":" action "\n" \
	"instance=64:" IA "\n"
#define ABAB8 "abababababababab"
static const struct {
	enum kind kind;
	const char *want;
} rows[] = {
	{ K_STATEMENT, HEAD("statement", 9) "body=1:3\nmeeting=1:7\nitem=2:11\n"
	    "member=2:m1\nposition=5:agree\ntext=12:同意\nx=1:y\n" },
	{ K_VOTE, HEAD("vote", 4) "body=1:3\nmeeting=1:7\nitem=2:11\n"
	    "member=2:m1\nchoice=3:yes\nentered_by=3:rec\n" },
	{ K_DISSENT, HEAD("dissent", 7) "body=1:3\nmeeting=1:7\nitem=2:11\n"
	    "member=2:m2\ntext=6:保留\nreported_to_higher=4:true\n" },
	{ K_SIGN, HEAD("minutes_sign", 12) "body=1:3\nmeeting=1:7\n"
	    "member=3:sec\nhead_seq=2:42\nhead_hash=4:abab\n" },
	{ K_CORRECT, HEAD("minutes_correct", 15) "body=1:3\nmeeting=1:7\n"
	    "member=3:sec\ntext=6:更正\n" },
	{ K_CHECKPOINT, HEAD("checkpoint", 10) "body=1:3\nseq=2:42\n"
	    "hash=64:" ABAB8 ABAB8 ABAB8 ABAB8 "\nat=2:-5\n" },
	{ K_WITNESS, HEAD("yishi-witness-v1", 16) "body=1:3\nseq=2:42\n"
	    "hash=64:" ABAB8 ABAB8 ABAB8 ABAB8 "\nat=16:1764766800123456\n" },
};

/* Each kind, byte for byte, names the instance right after its action;
 * the instance reads back; another instance's bytes differ only there. */
static void
test_canonical_bytes(void **state)
{
	char got[SIGN_INSTANCE_LEN + 1], *a, *b;
	size_t i, la = 0, lb = 0;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		a = build(rows[i].kind, IA, &la);
		assert_non_null(a);
		assert_string_equal(a, rows[i].want);
		assert_int_equal(la, strlen(rows[i].want));
		assert_int_equal(sign_canon_instance(a, got), 0);
		assert_string_equal(got, IA);
		b = build(rows[i].kind, IB, &lb);
		assert_non_null(b);
		assert_int_equal(la, lb);
		assert_memory_not_equal(a, b, la);
		assert_int_equal(sign_canon_instance(b, got), 0);
		assert_string_equal(got, IB);
		/* Only the instance differs. */
		assert_string_equal(strstr(a, IA) + 64, strstr(b, IB) + 64);
		free(a);
		free(b);
	}
}

/* Bytes that name no well-formed instance read as none. */
static void
test_instance_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"yishi-sign-v1\naction=9:statement\nbody=1:3\n",
		"yishi-sign-v2\naction=9:statement\nbody=1:3\n",
		"yishi-sign-v2\naction=9:statement\ninstance=0:\n",
		"yishi-sign-v2\naction=9:statement\ninstance=3:abc\n",
		"yishi-sign-v2\naction=9:statement\ninstance=64:"
		    "0123456789ABCDEF0123456789abcdef"
		    "0123456789abcdef0123456789abcdef\n",
		"yishi-sign-v2\naction=9:statement\ninstance=64:" IA,
		"yishi-sign-v2\naction=9:statement\ninstance=65:" IA "0\n",
		"yishi-sign-v2\ninstance=64:" IA "\naction=9:statement\n",
		"yishi-sign-v2\naction=10:statement\ninstance=64:" IA "\n",
		"yishi-sign-v2\naction=99999999999:statement\ninstance=64:" IA
		    "\n",
	};
	char got[SIGN_INSTANCE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sign_canon_instance(bad[i], got) != -1)
			fail_msg("bad text %zu read as naming %s", i, got);
	assert_int_equal(sign_canon_instance(NULL, got), -1);
}

/* A signature over instance A's bytes verifies over them and fails over
 * instance B's, the same key and every other field alike. */
static void
test_signature_names_instance(void **state)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	uint8_t *sig = NULL;
	size_t i, la, lb, siglen = 0;
	char *a, *b;

	(void)state;
	assert_non_null(key);
	assert_non_null(x);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		a = build(rows[i].kind, IA, &la);
		b = build(rows[i].kind, IB, &lb);
		assert_int_equal(sign_make(key, a, la, &sig, &siglen), 0);
		assert_int_equal(sign_verify(x, a, la, sig, siglen), 0);
		assert_int_equal(sign_verify(x, b, lb, sig, siglen), -1);
		free(sig);
		free(a);
		free(b);
	}
	X509_free(x);
	EVP_PKEY_free(key);
}

/* An inspector's witness cosignature is its own kind: a signature over
 * it fails as a server checkpoint of the same head and time, and as a
 * witness of another seq, hash or time; none of the other fields can be
 * moved into another without changing the bytes. */
static void
test_witness_own_kind(void **state)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	uint8_t hash[32], other[32], *sig = NULL;
	size_t lw, lc, lo, siglen = 0;
	char *w, *c, *o;

	(void)state;
	assert_non_null(key);
	assert_non_null(x);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	memset(hash, 0xab, sizeof hash);
	memcpy(other, hash, sizeof other);
	other[31] ^= 1;
	w = sign_canon_witness(IA, 3, 42, hash, 1000, &lw);
	c = sign_canon_checkpoint(IA, 3, 42, hash, 1000, &lc);
	assert_non_null(w);
	assert_non_null(c);
	assert_string_not_equal(w, c);
	assert_int_equal(sign_make(key, w, lw, &sig, &siglen), 0);
	assert_int_equal(sign_verify(x, w, lw, sig, siglen), 0);
	assert_int_equal(sign_verify(x, c, lc, sig, siglen), -1);
	o = sign_canon_witness(IA, 3, 42, other, 1000, &lo);
	assert_int_equal(sign_verify(x, o, lo, sig, siglen), -1);
	free(o);
	o = sign_canon_witness(IA, 3, 41, hash, 1000, &lo);
	assert_int_equal(sign_verify(x, o, lo, sig, siglen), -1);
	free(o);
	o = sign_canon_witness(IA, 4, 42, hash, 1000, &lo);
	assert_int_equal(sign_verify(x, o, lo, sig, siglen), -1);
	free(o);
	o = sign_canon_witness(IA, 3, 42, hash, 1001, &lo);
	assert_int_equal(sign_verify(x, o, lo, sig, siglen), -1);
	free(o);
	free(sig);
	free(w);
	free(c);
	X509_free(x);
	EVP_PKEY_free(key);
}

/* A signed entry and an unsigned one, as the server vouches for them. */
static const uint8_t vsig[3] = { 0x30, 0x01, 0xff };
static const uint8_t vfp[2] = { 0xab, 0x0c };

/* The vouch's bytes, byte for byte: an unsigned entry has empty signer
 * fields; a signed entry's text may hold newlines and "x=1:" without
 * ambiguity; the time is the entry's, in microseconds; the magic is
 * not a member's or a checkpoint's (nor v1's, which had no time). */
static void
test_vouch_bytes(void **state)
{
	struct sign_entry u = { 0, 1, 1764745200000001LL, "admin",
	    "body.create", "{\"a\":1}", NULL, NULL, NULL, NULL, 0, 0 };
	struct sign_entry s = { 18446744073709551615ULL, 7, -1, "m1",
	    "statement", "{}", "m1", "a\nseq=1:9\n", vsig, vfp, sizeof vsig,
	    sizeof vfp };
	char *a;
	size_t len = 0;

	(void)state;
	a = sign_canon_vouch(IA, &u, &len);
	assert_non_null(a);
	assert_string_equal(a, "yishi-vouch-v2\ninstance=64:" IA "\nbody=1:0\n"
	    "seq=1:1\nat=16:1764745200000001\nactor=5:admin\naction=11:body.create\n"
	    "payload=7:{\"a\":1}\nsigner=0:\ncert_fp=0:\nsigned=0:\n"
	    "signature=0:\n");
	assert_int_equal(len, strlen(a));
	/* Not bytes a member or a checkpoint signs. */
	assert_int_equal(sign_canon_instance(a, (char[SIGN_INSTANCE_LEN + 1]){
	    0 }), -1);
	free(a);
	a = sign_canon_vouch(IA, &s, &len);
	assert_non_null(a);
	assert_string_equal(a, "yishi-vouch-v2\ninstance=64:" IA "\nbody=20:"
	    "18446744073709551615\nseq=1:7\nat=2:-1\nactor=2:m1\naction=9:statement\n"
	    "payload=2:{}\nsigner=2:m1\ncert_fp=4:ab0c\nsigned=10:a\nseq=1:9\n"
	    "\nsignature=6:3001ff\n");
	assert_int_equal(len, strlen(a));
	free(a);
}

/* A vouch verifies over its entry and fails when anything the server
 * vouched for differs: the seq (a vouch copied onto another entry), the
 * body, the instance, the payload, the signature, a signed entry made
 * unsigned, the entry's time (by a microsecond, by 40 days); and under
 * another key. */
static void
test_vouch_sign_verify(void **state)
{
	EVP_PKEY *key = EVP_EC_gen("P-256"), *other = EVP_EC_gen("P-256");
	X509 *x = X509_new(), *y = X509_new();
	struct sign_entry e = { 5, 42, 1764745200123456LL, "m1", "vote.cast",
	    "{\"c\":\"yes\"}", "m1", "vote", vsig, vfp, sizeof vsig,
	    sizeof vfp }, f;
	uint8_t *sig = NULL;
	size_t len = 0, flen = 0, siglen = 0, i;
	char *a, *b;

	(void)state;
	assert_non_null(key);
	assert_non_null(other);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	assert_int_equal(X509_set_pubkey(y, other), 1);
	a = sign_canon_vouch(IA, &e, &len);
	assert_int_equal(sign_make(key, a, len, &sig, &siglen), 0);
	assert_int_equal(sign_verify(x, a, len, sig, siglen), 0);
	assert_int_equal(sign_verify(y, a, len, sig, siglen), -1);
	assert_int_equal(sign_verify(x, a, len, sig, 0), -1);
	for (i = 0; i < 9; i++) {
		f = e;
		switch (i) {
		case 0: f.seq = 43; break;
		case 1: f.body = 6; break;
		case 2: f.payload = "{\"c\":\"no\"}"; break;
		case 3: f.siglen = 2; break;
		case 4: f.signer = NULL; f.signed_text = NULL;
			f.signature = NULL; f.siglen = 0; break;
		case 5: f.actor = "m2"; break;
		case 6: f.seq = 0; break;
		case 7: f.at_us = e.at_us - 1; break;	/* a microsecond */
		case 8: f.at_us = e.at_us - 40LL * 86400 * 1000000; break;
		}
		b = sign_canon_vouch(IA, &f, &flen);
		assert_non_null(b);
		if (sign_verify(x, b, flen, sig, siglen) != -1)
			fail_msg("vouch verified over changed entry %zu", i);
		free(b);
	}
	b = sign_canon_vouch(IB, &e, &flen);
	assert_int_equal(sign_verify(x, b, flen, sig, siglen), -1);
	free(b);
	free(sig);
	free(a);
	X509_free(x);
	X509_free(y);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_bytes),
		cmocka_unit_test(test_instance_refused),
		cmocka_unit_test(test_signature_names_instance),
		cmocka_unit_test(test_witness_own_kind),
		cmocka_unit_test(test_vouch_bytes),
		cmocka_unit_test(test_vouch_sign_verify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
