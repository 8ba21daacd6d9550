/*
 * secret.h: `yishi-bench plenary --secret`: the plenary's body votes on a
 * personnel item by encrypted secret ballot (docs/ballot.md). Two
 * scrutineers' clients make their key shares; every member's ballot and
 * signature are made before the timed phase (the bench measures the
 * server, not the members' clients); then all N ballots go at once, each
 * on its member's connection, and every one must be acknowledged. The
 * chair closes, both scrutineers fetch the stored ballots, recompute the
 * product and publish their decryption shares, and the result must be
 * what was cast. The ceiling is measured in the same run: one core's
 * P-256 point multiplications per second over ELGAMAL_BALLOT_MULS(3).
 */
#ifndef BENCH_SECRET_H
#define BENCH_SECRET_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "conn.h"
#include "ident.h"

/* What the plenary set up for the secret vote. */
struct secret_setup {
	struct bench	*b;
	struct ident	**ids;		/* ids[0] the secretary (the chair) */
	struct conn	**conns;	/* conns[i] is ids[i]'s, handshaken */
	size_t		 n;		/* voters, at least 3 */
	uint64_t	 body, meeting, item;	/* item: personnel, started,
						   every statement made */
};

/* Runs the secret vote and prints its figures and one JSON line; 0 when
   every ballot was acknowledged, stored and counted as cast, else 1. */
int secret_run(const struct secret_setup *s);

#endif
