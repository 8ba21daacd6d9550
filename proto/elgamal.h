/*
 * elgamal.h: encrypted secret ballots (issue 13): exponential ElGamal on
 * P-256 with zero-knowledge proofs, homomorphic tally, and a vote key held
 * in shares by the scrutineers (监票人). Pure computation, no I/O; shared
 * by yishid (checks ballots), libyishi (casts, and acts as a scrutineer)
 * and the auditor (re-checks everything from the trail).
 *
 * Group: P-256 (NID_X9_62_prime256v1), generator G, order n. Points go on
 * the wire as 33-byte compressed SEC1, scalars as 32-byte big-endian < n.
 * Every decoder refuses a wrong length, a wrong version, a point off the
 * curve or at infinity and a scalar >= n; any bytes give -1, never a crash.
 *
 * Who calls what, for one secret vote with k options (abstention counts as
 * an option like the others) and scrutineers 1..t:
 *
 *  open   each scrutineer i   elgamal_share_make(ctx_i) -> secret x_i (kept
 *                             in the scrutineer's state folder, never sent)
 *                             and share_i = X_i = x_i G with a Schnorr proof
 *         server, auditor     elgamal_share_verify(ctx_i, share_i) for each
 *                             i, then elgamal_key_combine -> Y = sum X_i
 *  cast   member's client     elgamal_ballot_make(Y, ctx_v, k, choice)
 *         server, auditor     elgamal_ballot_verify(Y, ctx_v, k, ballot)
 *                             before it acknowledges; stores the bytes only
 *  close  each scrutineer i,  elgamal_tally_add over every accepted ballot
 *         server, auditor     (each recomputes it from the ballots itself)
 *         each scrutineer i   elgamal_dshare_make(ctx_i, x_i, tally)
 *         server, auditor     elgamal_dshare_verify(ctx_i, share_i, tally,
 *                             dshare_i) for each i, then
 *                             elgamal_tally_decrypt -> the counts
 *
 * The contexts are bytes chosen by the caller and bound into every proof's
 * hash: ctx_v names the instance, body, item and voter; ctx_i the instance,
 * body, item and scrutineer. A proof made for one context fails in every
 * other, so a ballot or share cannot be replayed for another item, voter or
 * scrutineer.
 *
 * Wire bytes (all lengths fixed by k):
 *   share   (ELGAMAL_SHARE_LEN = 98):   0x01, X, c, s
 *   ballot  (ELGAMAL_BALLOT_LEN(k)):    0x01, k, then per option i
 *           A_i, B_i, c0_i, s0_i, c1_i, s1_i, then c, s
 *   dshare  (ELGAMAL_DSHARE_LEN(k)):    0x01, k, D_1..D_k, c, s
 *
 * Encryption of m in {0,1} with randomness r: (A, B) = (rG, mG + rY).
 * Each option carries a disjunctive Chaum-Pedersen (CDS) proof that it
 * encrypts 0 or 1; the ballot carries one Chaum-Pedersen proof that the
 * product of its k ciphertexts encrypts exactly 1. Fiat-Shamir: challenges
 * are SHA-256 mod n over length-prefixed fields (a 4-byte big-endian length
 * before each) starting with "yishi-elgamal-v1" and a tag:
 *   D     = SHA-256("ballot", ctx_v, Y, k, A_1, B_1, .., A_k, B_k)
 *   bit   c0 + c1 = H("bit", D, i, a0, b0, a1, b1)   (i one byte, from 0)
 *         where a_j = s_j G - c_j A_i, b_j = s_j Y - c_j (B_i - jG)
 *   sum   c = H("sum", D, a, b), a = sG - c sum(A), b = sY - c (sum(B) - G)
 *   share c = H("share", ctx_i, X, t), t = sG - cX
 *   dshare c = H("decrypt", ctx_i, Y, X, k, A_1..A_k, D_1..D_k, a, b_1..b_k)
 *         where a = sG - cX, b_i = s A_i - c D_i  (D_i = x_i A_i)
 * D binds every ciphertext of the ballot into each of its proofs: a proof
 * copied from another ballot, moved to another option or made for another
 * context fails. Nor can a voter cast a copy (or a re-randomisation) of
 * another voter's ballot to learn its choice from the result: new proofs
 * for those ciphertexts under their own context need its randomness.
 *
 * Key shares are n-of-n: Y = X_1 + .. + X_t, and decryption needs every
 * scrutineer's decryption share. A scrutineer missing at close (or whose
 * secret is lost) means the vote cannot be decrypted by anyone: the vote is
 * then declared void and retaken, recorded with its reason. The Schnorr
 * proof of knowledge of x_i stops a rogue key (X_t = xG - sum of the
 * others, which would give one scrutineer the whole key). A scrutineer must
 * decrypt only a tally it recomputed from the accepted ballots itself:
 * decrypting a single ballot's A for someone would reveal that ballot.
 *
 * Checking one ballot for k options takes ELGAMAL_BALLOT_MULS(k) calls of
 * EC_POINT_mul, each in its two-scalar form uG + vP: 2k+1 with the curve's
 * generator G (its precomputed table makes uG cheap: about 1.2 times one
 * variable-base multiplication in all) and 2k+1 in a copy of the group
 * whose generator is Y (sY - cP in one call with shared doublings, about
 * 1.5 times one multiplication, where two calls would cost 2). Decoding
 * also decompresses the 2k points (a square root mod p each, about a
 * third of a multiplication) and the 4k+2 commitments are converted to
 * affine coordinates for the hash. bench/elgamal_bench.c measures it.
 * Checking a decryption share takes 2k+1 calls.
 *
 * The prover (the member's client) branches on the choice when it builds
 * the proofs; secret scalars carry BN_FLG_CONSTTIME and the secret point
 * multiplications go through EC_POINT_mul's single-scalar path.
 *
 * One struct elgamal is not shared between threads.
 */
#ifndef YISHI_ELGAMAL_H
#define YISHI_ELGAMAL_H

#include <stddef.h>
#include <stdint.h>

#define ELGAMAL_VERSION		1
#define ELGAMAL_POINT_LEN	33
#define ELGAMAL_SCALAR_LEN	32
#define ELGAMAL_MIN_OPTIONS	2
#define ELGAMAL_MAX_OPTIONS	16
#define ELGAMAL_MAX_COUNT	(1u << 24)	/* largest m decrypted */
#define ELGAMAL_SHARE_LEN	(1 + ELGAMAL_POINT_LEN + 2 * ELGAMAL_SCALAR_LEN)
#define ELGAMAL_OPTION_LEN	(2 * ELGAMAL_POINT_LEN + 4 * ELGAMAL_SCALAR_LEN)
#define ELGAMAL_BALLOT_LEN(k)	(2 + (size_t)(k) * ELGAMAL_OPTION_LEN + \
				 2 * ELGAMAL_SCALAR_LEN)
#define ELGAMAL_DSHARE_LEN(k)	(2 + (size_t)(k) * ELGAMAL_POINT_LEN + \
				 2 * ELGAMAL_SCALAR_LEN)
/* EC_POINT_mul calls (each two-scalar) to check one ballot of k options. */
#define ELGAMAL_BALLOT_MULS(k)	(4 * (k) + 2)

struct elgamal;
struct elgamal_tally;

/*
 * A context for one vote key Y (33 bytes, from elgamal_key_combine), or
 * for no key (NULL: enough for shares and elgamal_key_combine). NULL when
 * out of memory or when key does not decode.
 */
struct elgamal *elgamal_new(const uint8_t *key);
void elgamal_free(struct elgamal *eg);

/* Makes a scrutineer's key share for ctx: the secret x (keep it) and the
 * public share with its proof (publish it). 0 or -1. */
int elgamal_share_make(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    uint8_t secret[ELGAMAL_SCALAR_LEN], uint8_t share[ELGAMAL_SHARE_LEN])
    __attribute__((warn_unused_result));

/* 0 when share decodes and its proof holds for ctx, else -1. */
int elgamal_share_verify(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, const uint8_t *share, size_t len)
    __attribute__((warn_unused_result));

/* The vote key Y = X_1 + .. + X_n of n verified shares. 0 or -1. */
int elgamal_key_combine(struct elgamal *eg, const uint8_t *const shares[],
    size_t n, uint8_t key[ELGAMAL_POINT_LEN])
    __attribute__((warn_unused_result));

/* Encrypts choice (0..k-1) of k options under eg's key, with proofs bound
 * to ctx, into out (ELGAMAL_BALLOT_LEN(k) bytes). 0, or -1 (out is then
 * garbage). */
int elgamal_ballot_make(struct elgamal *eg, const uint8_t *ctx, size_t ctxlen,
    int k, int choice, uint8_t *out)
    __attribute__((warn_unused_result));

/* 0 when ballot is a well-formed ballot of k options under eg's key whose
 * every proof holds for ctx, else -1. */
int elgamal_ballot_verify(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, int k, const uint8_t *ballot, size_t len)
    __attribute__((warn_unused_result));

/* An empty tally of k options; NULL when out of memory or k is out of
 * range. */
struct elgamal_tally *elgamal_tally_new(struct elgamal *eg, int k);
void elgamal_tally_free(struct elgamal_tally *t);

/* Adds a ballot's ciphertexts to t, option by option (the ballot is
 * decoded, not verified: verify it first). 0, or -1 when it does not
 * decode. */
int elgamal_tally_add(struct elgamal *eg, struct elgamal_tally *t,
    const uint8_t *ballot, size_t len) __attribute__((warn_unused_result));

/* How many ballots t holds. */
uint64_t elgamal_tally_count(const struct elgamal_tally *t);

/* A scrutineer's decryption share of t (at least one ballot) with its
 * proof bound to ctx, into out (ELGAMAL_DSHARE_LEN(k) bytes). 0 or -1. */
int elgamal_dshare_make(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, const uint8_t secret[ELGAMAL_SCALAR_LEN],
    const struct elgamal_tally *t, uint8_t *out)
    __attribute__((warn_unused_result));

/* 0 when dshare is the decryption of t by the holder of share (its key
 * share, as published at open) with a proof that holds for ctx, else -1. */
int elgamal_dshare_verify(struct elgamal *eg, const uint8_t *ctx,
    size_t ctxlen, const uint8_t *share, const struct elgamal_tally *t,
    const uint8_t *dshare, size_t len) __attribute__((warn_unused_result));

/* Combines the verified decryption shares of every scrutineer into the
 * counts of t's k options, each in [0, max] (max <= ELGAMAL_MAX_COUNT, e.g.
 * the number of ballots). 0, or -1 when a share does not decode or a count
 * is not in range (a share missing or wrong). */
int elgamal_tally_decrypt(struct elgamal *eg, const struct elgamal_tally *t,
    const uint8_t *const dshares[], size_t n, uint32_t max, uint32_t *counts)
    __attribute__((warn_unused_result));

/* EC_POINT_mul calls eg has made so far (for tests and the bench). */
uint64_t elgamal_mul_count(const struct elgamal *eg);

/*
 * FOR TESTS ONLY (fixed vectors): from now on eg draws its random scalars
 * from rnd (32-byte big-endian scalars, each in [1, n-1], in order) instead
 * of the operating system; a draw past the end fails. rnd is borrowed.
 * Order of draws: share_make x, then the proof nonce; ballot_make r for
 * each option, then for each option the proof's nonce w and the simulated
 * branch's c and s, then the sum proof's nonce; dshare_make the proof
 * nonce. Never call this outside tests: fixed randomness reveals the vote.
 */
void elgamal_testonly_fixed_random(struct elgamal *eg, const uint8_t *rnd,
    size_t len);

#endif
