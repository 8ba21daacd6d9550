/* trail.c: recomputes the body trail's hash chain (see yishi.h). */
#include "yishi.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

/* Hashes one trail entry as sql/001_schema.sql trail_digest does. */
YISHI_EXPORT int
yishi_trail_digest(const uint8_t prev[32], uint64_t body, uint64_t seq,
    int64_t at_us, const char *actor, const char *action, const char *payload,
    uint8_t out[32])
{
	EVP_MD_CTX *md;
	char nums[96];
	unsigned int outlen = 0;
	int n, ok;

	n = snprintf(nums, sizeof nums, "%" PRIu64 "\n%" PRIu64 "\n%" PRId64
	    "\n", body, seq, at_us);
	if (n < 0 || (size_t)n >= sizeof nums)
		return -1;
	md = EVP_MD_CTX_new();
	if (md == NULL)
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, prev, 32) == 1 &&
	    EVP_DigestUpdate(md, nums, (size_t)n) == 1 &&
	    EVP_DigestUpdate(md, actor, strlen(actor)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, action, strlen(action)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, payload, strlen(payload)) == 1 &&
	    EVP_DigestFinal_ex(md, out, &outlen) == 1 && outlen == 32;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

/* Starts a check of body's trail from its first entry. */
YISHI_EXPORT void
yishi_trail_init(struct yishi_trail_state *st, uint64_t body)
{
	memset(st, 0, sizeof *st);
	st->body = body;
}

/* Checks that e follows st (see yishi.h). */
YISHI_EXPORT int
yishi_trail_check(struct yishi_trail_state *st, const Yishi__TrailEntry *e,
    char *why, size_t whylen)
{
	uint8_t h[32];

	if (e->body != st->body) {
		snprintf(why, whylen, "entry %" PRIu64 " belongs to body %"
		    PRIu64 ", not %" PRIu64, e->seq, e->body, st->body);
		return -1;
	}
	if (e->seq != st->seq + 1) {
		snprintf(why, whylen, "entry %" PRIu64 " follows entry %"
		    PRIu64 ": the sequence has a gap or a repeat", e->seq,
		    st->seq);
		return -1;
	}
	if (e->prev_hash.len != 32 ||
	    memcmp(e->prev_hash.data, st->hash, 32) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": prev_hash does not "
		    "match the hash of entry %" PRIu64, e->seq, st->seq);
		return -1;
	}
	if (yishi_trail_digest(st->hash, e->body, e->seq, e->at_us,
	    e->actor ? e->actor : "", e->action ? e->action : "",
	    e->payload ? e->payload : "", h) == -1) {
		snprintf(why, whylen, "entry %" PRIu64 ": cannot hash", e->seq);
		return -1;
	}
	if (e->hash.len != 32 || memcmp(e->hash.data, h, 32) != 0) {
		snprintf(why, whylen, "entry %" PRIu64 ": hash does not match "
		    "its content", e->seq);
		return -1;
	}
	st->seq = e->seq;
	memcpy(st->hash, h, 32);
	return 0;
}
