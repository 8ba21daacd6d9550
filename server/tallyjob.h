/*
 * tallyjob.h: a scrutineer's decryption share of a secret vote checked on a
 * verifier thread (verify.h), never on the event loop: the product of
 * every ballot of the round is rebuilt from the stored ciphertexts (about
 * 1.2 s of one core for 10,000 ballots), the share's proof is checked
 * against it and the scrutineer's key share, and, when every other
 * scrutineer's share is in, the totals are decrypted. The request waits
 * for the answer and is then decided again (h_ballot.c).
 */
#ifndef YISHI_TALLYJOB_H
#define YISHI_TALLYJOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ballot.h"
#include "elgamal.h"
#include "verify.h"

struct event;

struct tallyjob {
	struct verify_job j;		/* the thread's job (j.extra) */
	/* What is checked (owned). */
	uint8_t		 key[ELGAMAL_POINT_LEN];
	uint8_t		*ctx;		/* the scrutineer's proof context */
	size_t		 ctxlen;
	uint8_t		 share[ELGAMAL_SHARE_LEN];	/* their key share */
	uint8_t		*dshare;	/* the share sent */
	size_t		 dlen;
	uint8_t		*ballots;	/* nballots ballots, end to end */
	size_t		 nballots;
	uint8_t		*others;	/* the other scrutineers' decryption
					   shares, when they are all in */
	size_t		 nothers;
	char		*inputs;	/* what it was asked, to match */
	/* The answer. */
	bool		 built;		/* the product was rebuilt */
	bool		 proof;		/* the share's proof holds */
	bool		 decrypted;	/* counts holds the totals */
	uint32_t	 counts[BALLOT_OPTIONS];
	verify_cb	 done;		/* the submitter's, on the loop */
	void		*done_arg;
	struct event	*again;		/* the submitter's, to go on */
};

/* A job for these inputs (a description to match later, copied); NULL
 * when out of memory. Fill the rest, then tallyjob_submit. */
struct tallyjob *tallyjob_new(const char *inputs);

/* Hands it to the verifier threads; cb(arg) is called on the loop with the
 * answer in the job. */
void tallyjob_submit(struct tallyjob *t, verify_cb cb, void *arg);

/* True when t answered for exactly these inputs. */
bool tallyjob_for(const struct tallyjob *t, const char *inputs);

void tallyjob_free(struct tallyjob *t);

#endif
