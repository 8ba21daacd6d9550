/*
 * witness.h: inspectors' witness cosignatures of trail heads, as
 * `yishi audit verify` checks and makes them (docs/security.md, the
 * operator; docs/trail.md for the bytes).
 *
 * The operator who holds the instance folder can sign as the server, so
 * the defence is the people outside: after a verify holds online, an
 * inspector's client signs the head it verified with the inspector's own
 * key (proto/sign.h, sign_canon_witness) and sends it (audit_witness); it
 * remembers it too (heads.h, heads_witness_*). Every read of the whole
 * trail, and so every bundle, carries the newest cosignature of each
 * inspector (TrailPage.witnesses). A verifier checks each: its certificate
 * chains to the instance CA and names the inspector, the trail registered
 * that certificate for an inspector of the body, the signature holds over
 * this instance's bytes; and the trail still reaches that seq with that
 * hash. A trail rolled back below a witnessed head, or changed at it,
 * fails with exit 6, for every verifier while the server keeps the
 * cosignature, and for the inspector who made it even if the operator
 * deletes it.
 */
#ifndef YISHI_CLI_WITNESS_H
#define YISHI_CLI_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "cli.h"

struct replay;

/* The newest head witnessed, as a report shows it. */
struct witness_head {
	bool	 have;
	uint64_t seq;
	uint8_t	 hash[32];
	int64_t	 at_us;
	char	 identity[129];
};

/*
 * Checks every cosignature the page that reaches the head carries (p's
 * witnesses and witness_certs) against ca, the trail replayed (rp) and
 * its chain (ents[0..n-1], entry seq at ents[seq - 1]); the newest valid
 * one into *newest. Returns 0, or -1 with the entry into *seq and why.
 */
int witness_check(const Yishi__TrailPage *p, uint64_t body, X509_STORE *ca,
    const struct replay *rp, const Yishi__TrailEntry **ents, uint64_t n,
    struct witness_head *newest, uint64_t *seq, char *why, size_t whylen);

/*
 * Checks the chain against the head this user cosigned (heads.h) for
 * instance and body. A bundle (bundle true) whose head the server signed
 * (at signed_at_us) before this user cosigned may be shorter: an export
 * made earlier. Returns 0, 1 with *seq and why when the trail was rolled
 * back below it or changed at it, or -1 with why when the state cannot be
 * read.
 */
int witness_remembered(const char *instance, uint64_t body,
    const Yishi__TrailEntry **ents, uint64_t n, bool bundle,
    int64_t signed_at_us, uint64_t *seq, char *why, size_t whylen);

/* Whether the caller of cli should cosign: an inspector of the body (as
 * replayed) connected to the server, --no-witness not given. */
bool witness_wanted(struct cli *cli, const struct replay *rp);

/*
 * Cosigns head (seq, hash) of body as the caller, sends it to the server
 * and remembers it for instance; *done says what was signed. Returns 0,
 * or the exit code after printing the error.
 */
int witness_cosign(struct cli *cli, const char *instance, uint64_t body,
    uint64_t seq, const uint8_t hash[32], struct witness_head *done);

/* Formats at_us (microseconds since the epoch) as RFC 3339 UTC. */
void witness_time(int64_t at_us, char *out, size_t len);

#endif
