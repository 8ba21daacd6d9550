/*
 * ballot.h: the bytes that bind a secret vote's proofs and signatures to
 * their place (issue 13, docs/ballot.md): the proof contexts of
 * proto/elgamal.h for a voter and for a scrutineer, the digest members
 * sign, and the vote's options. Built the same way by the member's client,
 * the scrutineer's client, yishid and the auditor.
 */
#ifndef YISHI_BALLOT_H
#define YISHI_BALLOT_H

#include <stddef.h>
#include <stdint.h>

/* A secret vote's options, in ballot order: yes, no, abstain. */
#define BALLOT_OPTIONS	3

/* The name of option i ("yes", "no", "abstain"), or NULL. */
const char *ballot_option_name(int i);

/* The index of the option called name, or -1. */
int ballot_option_index(const char *name);

/*
 * The context of a voter's ballot proofs: "yishi-ballot-v1", instance,
 * body, item, round (the seq of the round's vote.open entry), voter, each
 * as a 4-byte big-endian length then the bytes (numbers in decimal).
 * malloc'd (the caller frees), *len set; NULL when out of memory.
 */
uint8_t *ballot_ctx_voter(const char *instance, uint64_t body, uint64_t item,
    uint64_t round, const char *voter, size_t *len);

/* The same for a scrutineer's key share and decryption share proofs, with
 * "yishi-scrutineer-v1" first. */
uint8_t *ballot_ctx_scrutineer(const char *instance, uint64_t body,
    uint64_t item, uint64_t round, const char *scrutineer, size_t *len);

/* The lowercase hex SHA-256 of p (what sign_canon_secret_ballot and the
 * scrutineers' signatures name) into out. */
void ballot_digest_hex(const uint8_t *p, size_t len, char out[65]);

#endif
