/*
 * fuzz_elgamal.c: libFuzzer target for the decoders of the encrypted
 * secret ballot (proto/elgamal.c), which yishid runs on untrusted bytes.
 *
 * Byte 0 chooses k (2 + its low four bits: 2..17, 17 out of range) and what
 * the rest is: (byte 0 >> 4) % 4 = 0 a ballot (checked, then added to a
 * tally), 1 a key share (checked, then combined with a good one), 2 a
 * decryption share (checked, then combined with a good one), 3 a vote key.
 * Nothing may crash or leak. The fixed vectors of test_elgamal.c are the
 * known good values: no ballot, key share or decryption share but the
 * vectors' may verify (the fuzzer cannot make proofs), none for another
 * context, and the vectors' decrypt to their choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elgamal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CTX_V	"instance=T;body=1;item=2;voter=zhao"
#define CTX_S1	"instance=T;body=1;item=2;scrutineer=wang"
#define CTX_S2	"instance=T;body=1;item=2;scrutineer=li"
#define U(s)	(const uint8_t *)(s), strlen(s)

/* The vectors of tests/unit/test_elgamal.c (elgamal_vectors.py). */
static const char *const fuzz_elgamal_hex[] = {
	/* share1 */
	"01027ca63f50a34c086ba3e87d4be237c998259228b9b4c1f1fbf6e547f77f95"
	"966aed5e8b3365986f959a312637f37ceea09bdd07e9108f160eeb66a5fe9a21"
	"ec3a760220dcf8f1ab802fa426dfacfe6d525c683268c886ef4f5d8747a6d0bb"
	"280b",
	/* share2 */
	"0102aa8046c70fba66772f50f99f36f3d75ce7d2a5d97f046d14363b7b69aa16"
	"633b56f8291c6d5868388d263e93c60abeb31111c2c6b8998901ee294d0635c6"
	"f363538618b718d7bfbf37b082757e2f49e6c7fe0af2a6b2e359470d5611e7ad"
	"9264",
	/* key */
	"0338ba2c3173c91f1a91336dc0e1da6442b030fa79138c8a6fcba0a409b81eab"
	"f6",
	/* ballot */
	"01030207622aa2a5a30c909baaec01c2c384bd590812ac219b1f44c97dbb77f7"
	"4bf70f0291acea34ce7d9680e42ea2b8b548b58e4686fb5e004265f3aa65852f"
	"601e3cf855ad8d32c6f4f1f72e2daffc9a01e96c7d0eca7264277b99a08ed303"
	"f8c53c29f12851f18aa61c5e8f89c937bca44ed74a8a25a5d778567fd4481a64"
	"f09721ec4de5f96cb5206b2432e1e1b4f6c40b87ea82a350e84311b5a5b47c8c"
	"bc7d22c22ffa16ba4fb60613626ed93321aeaa3c00b2ebe7f6c090237faf6a54"
	"197bae12032e997372bcbccfd944a107c85090fe0cabe798cefcd04d2e49dc6f"
	"38c3a3b2ed0286ad65ea0e017a93620f47ea84babc1d4553619e159b2fa264f6"
	"d8b88fa7cb45da6f1fbbf6a5bb9e169d080ae5bbb924560f134597626048e8fa"
	"9608df71d232fc8dede6182bf6aaf1487aa9c1411e04a2bda74b5361c36015bc"
	"e4cf79b9c89532e739f90384562d50f9096cb626f598d36ea51a18c08ad97b28"
	"df2079f1d1d1af36cc9b0f7a316f824bcdd2ea1b27e7b518522e7b3ea39c7cd1"
	"9c7e327b22ec02cd4d450ba0f912c3b12dbb274683f65f5881a43fc74668b132"
	"5339ad1a0b20c9038d94c369964e6776ee485c5f850236286b52904fca802843"
	"58c7c9d1aea71c4005bc9eb649f3687a4db8a472f5a62079b572c728e603275d"
	"a6f1fbe8b6a1070843b9c3d2ab96af6b131115b21b3bda90c3a1c466b6452e31"
	"a2342aed8cb342b937c06ee2add68401fcc626434179d0eaa42928eba67b0152"
	"bde66d788bee5d27b848c130bdcb54de6a87e7d632b2f9cecbbfb6fa2c3a71ee"
	"d7ad5fe6a8595c257586b4ad733454de1874486009cd50eb39c115418325b7aa"
	"7072e8cca9a2b4a2225a45cff7e5e2240a9cde287a8044cfd9ba8ee0ca9f9928"
	"bdb285f04c5603f2",
	/* dshare1 */
	"010302b04a547bf58a99f20d3df8eaeb238008162acfdfc446bf270ba086a257"
	"29509d03c49d6d01aa6aa91a4808d380e873baa9630a8cf3fdbaaf7c9222fdd8"
	"2938169202138383392f692ddba5a2feb9e6b4215ed0f2ae6737e5cde4268953"
	"7507a12d9d837bd2200994734ff47111ebd3a1c7e4b151f1ea63831a75ae0027"
	"75ee2784fe75f1bbf6c6419624608cc925459af621b3315090f72a06fc016708"
	"f2aec60e53",
	/* dshare2 */
	"0103025ed01c8fcd7d62f71c69b64978a045713e1c6869bde4c3bfb37484ce8c"
	"7d24cf03b48ca974ede920f8e810beb5d94085373b7c3b086297c78d50d646e1"
	"c806a336034559a96e7f60dc01ec669be0298c1bd1d0f4114e52447cc97608d3"
	"d75dd6dd5c216cbde4b62958badbdd6afc21496c3d7f0c16b0b7d74b77421790"
	"1f1a63b57b2ac293306e860e63f96e5dcfa332bd4cb0722dc78bd99e820d78bc"
	"4192d142e4",
};

static uint8_t fuzz_share1[ELGAMAL_SHARE_LEN], fuzz_share2[ELGAMAL_SHARE_LEN];
static uint8_t fuzz_key[ELGAMAL_POINT_LEN], fuzz_ballot[ELGAMAL_BALLOT_LEN(3)];
static uint8_t fuzz_dshare1[ELGAMAL_DSHARE_LEN(3)];
static uint8_t fuzz_dshare2[ELGAMAL_DSHARE_LEN(3)];
static struct elgamal *fuzz_eg;
static struct elgamal_tally *fuzz_tally;

/* Reports a broken property and aborts, so that the fuzzer keeps it. */
static void
fuzz_elgamal_fail(const char *what)
{
	fprintf(stderr, "fuzz_elgamal: %s\n", what);
	abort();
}

/* Hex into exactly len bytes. */
static void
fuzz_elgamal_unhex(const char *hex, uint8_t *out, size_t len)
{
	size_t i;

	if (strlen(hex) != 2 * len)
		fuzz_elgamal_fail("a vector has the wrong length");
	for (i = 0; i < len; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			fuzz_elgamal_fail("a vector is not hex");
		out[i] = (uint8_t)v;
	}
}

/* Sets up the vote of the vectors once: its key, and the tally of the
 * vector ballot. */
static void
fuzz_elgamal_init(void)
{
	if (fuzz_eg != NULL)
		return;
	fuzz_elgamal_unhex(fuzz_elgamal_hex[0], fuzz_share1,
	    sizeof fuzz_share1);
	fuzz_elgamal_unhex(fuzz_elgamal_hex[1], fuzz_share2,
	    sizeof fuzz_share2);
	fuzz_elgamal_unhex(fuzz_elgamal_hex[2], fuzz_key, sizeof fuzz_key);
	fuzz_elgamal_unhex(fuzz_elgamal_hex[3], fuzz_ballot,
	    sizeof fuzz_ballot);
	fuzz_elgamal_unhex(fuzz_elgamal_hex[4], fuzz_dshare1,
	    sizeof fuzz_dshare1);
	fuzz_elgamal_unhex(fuzz_elgamal_hex[5], fuzz_dshare2,
	    sizeof fuzz_dshare2);
	if ((fuzz_eg = elgamal_new(fuzz_key)) == NULL ||
	    (fuzz_tally = elgamal_tally_new(fuzz_eg, 3)) == NULL ||
	    elgamal_tally_add(fuzz_eg, fuzz_tally, fuzz_ballot,
	    sizeof fuzz_ballot) != 0)
		fuzz_elgamal_fail("set-up failed");
}

/* 1 when p, n are the bytes of want, wlen. */
static int
fuzz_elgamal_is(const uint8_t *p, size_t n, const uint8_t *want,
    size_t wlen)
{
	return n == wlen && memcmp(p, want, n) == 0;
}

/* A ballot of k options: checked, and added to a fresh tally. */
static void
fuzz_elgamal_ballot(int k, const uint8_t *p, size_t n)
{
	struct elgamal_tally *t;

	if (elgamal_ballot_verify(fuzz_eg, U(CTX_V), k, p, n) == 0 &&
	    !fuzz_elgamal_is(p, n, fuzz_ballot, sizeof fuzz_ballot))
		fuzz_elgamal_fail("a forged ballot verifies");
	if (elgamal_ballot_verify(fuzz_eg, U(CTX_S1), k, p, n) == 0)
		fuzz_elgamal_fail("a ballot verifies for another context");
	if ((t = elgamal_tally_new(fuzz_eg, k)) == NULL)
		return;
	if (elgamal_tally_add(fuzz_eg, t, p, n) == 0 &&
	    elgamal_tally_count(t) != 1)
		fuzz_elgamal_fail("a tally of one ballot does not count one");
	elgamal_tally_free(t);
}

/* A key share: checked, and combined with a good one. */
static void
fuzz_elgamal_share(const uint8_t *p, size_t n)
{
	uint8_t key[ELGAMAL_POINT_LEN];
	const uint8_t *sh[2] = { fuzz_share1, p };

	if (elgamal_share_verify(fuzz_eg, U(CTX_S2), p, n) == 0 &&
	    !fuzz_elgamal_is(p, n, fuzz_share2, sizeof fuzz_share2))
		fuzz_elgamal_fail("a forged key share verifies");
	if (n == ELGAMAL_SHARE_LEN &&
	    elgamal_key_combine(fuzz_eg, sh, 2, key) == 0 &&
	    memcmp(p, fuzz_share2, n) == 0 && memcmp(key, fuzz_key,
	    sizeof key) != 0)
		fuzz_elgamal_fail("the vector shares combine to another key");
}

/* A decryption share: checked against share2, and combined with the
 * vector's first. */
static void
fuzz_elgamal_dshare(const uint8_t *p, size_t n)
{
	const uint8_t *ds[2] = { fuzz_dshare1, p };
	uint32_t counts[3];
	int good = fuzz_elgamal_is(p, n, fuzz_dshare2, sizeof fuzz_dshare2);

	if (elgamal_dshare_verify(fuzz_eg, U(CTX_S2), fuzz_share2, fuzz_tally,
	    p, n) != (good ? 0 : -1))
		fuzz_elgamal_fail(good ? "the vector's share is refused" :
		    "a forged decryption share verifies");
	if (n == ELGAMAL_DSHARE_LEN(3) &&
	    elgamal_tally_decrypt(fuzz_eg, fuzz_tally, ds, 2, 10, counts) ==
	    0 && good && (counts[0] != 0 || counts[1] != 1 || counts[2] != 0))
		fuzz_elgamal_fail("the vector does not decrypt to its choice");
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elgamal *eg;
	int k;

	fuzz_elgamal_init();
	if (size < 1)
		return 0;
	k = 2 + (data[0] & 15);
	switch ((data[0] >> 4) % 4) {
	case 0:
		fuzz_elgamal_ballot(k, data + 1, size - 1);
		break;
	case 1:
		fuzz_elgamal_share(data + 1, size - 1);
		break;
	case 2:
		fuzz_elgamal_dshare(data + 1, size - 1);
		break;
	default:
		if (size - 1 == ELGAMAL_POINT_LEN &&
		    (eg = elgamal_new(data + 1)) != NULL)
			elgamal_free(eg);
		break;
	}
	return 0;
}
