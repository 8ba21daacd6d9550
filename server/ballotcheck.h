/*
 * ballotcheck.h: a secret ballot's proofs (proto/elgamal.h) checked on a
 * verifier thread (verify.h) together with the voter's signature, so that
 * the 14 point multiplications of a ballot of three options never run on
 * the event loop. Each thread keeps its own ElGamal context for the key it
 * last checked against (a struct elgamal is not shared between threads).
 */
#ifndef YISHI_BALLOTCHECK_H
#define YISHI_BALLOTCHECK_H

#include <stddef.h>
#include <stdint.h>

struct verify_job;

/* 1 when ballot (len bytes) is a ballot of BALLOT_OPTIONS options under
 * key whose every proof holds for ctx, else 0. Any thread. */
int ballotcheck_proofs(const uint8_t key[33], const uint8_t *ctx,
    size_t ctxlen, const uint8_t *ballot, size_t len);

/* The extra check of a verify_job whose arg is a struct req carrying a
 * secret vote_cast (req.h: vkey, vctx). */
int ballotcheck_job(const struct verify_job *j);

#endif
