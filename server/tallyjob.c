/* tallyjob.c: decryption shares checked on a verifier thread (see
 * tallyjob.h). */
#include "tallyjob.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define TALLYJOB_BALLOT	ELGAMAL_BALLOT_LEN(BALLOT_OPTIONS)
#define TALLYJOB_DSHARE	ELGAMAL_DSHARE_LEN(BALLOT_OPTIONS)

/* A job for these inputs (see tallyjob.h). */
struct tallyjob *
tallyjob_new(const char *inputs)
{
	struct tallyjob *t = xcalloc(1, sizeof *t);

	t->inputs = xstrdup(inputs);
	return t;
}

/* The thread's work: the product, the proof, the totals. */
static int
tallyjob_run(const struct verify_job *j)
{
	struct tallyjob *t = (struct tallyjob *)j->arg;
	const uint8_t *dp[17];
	struct elgamal_tally *tl = NULL;
	struct elgamal *eg;
	size_t i;

	if ((eg = elgamal_new(t->key)) == NULL ||
	    (tl = elgamal_tally_new(eg, BALLOT_OPTIONS)) == NULL)
		goto out;
	for (i = 0; i < t->nballots; i++)
		if (elgamal_tally_add(eg, tl, t->ballots + i * TALLYJOB_BALLOT,
		    TALLYJOB_BALLOT) != 0)
			goto out;
	t->built = true;
	t->proof = elgamal_dshare_verify(eg, t->ctx, t->ctxlen, t->share, tl,
	    t->dshare, t->dlen) == 0;
	if (t->proof && t->others != NULL && t->nothers < 16) {
		for (i = 0; i < t->nothers; i++)
			dp[i] = t->others + i * TALLYJOB_DSHARE;
		dp[t->nothers] = t->dshare;
		t->decrypted = elgamal_tally_decrypt(eg, tl, dp, t->nothers + 1,
		    (uint32_t)t->nballots, t->counts) == 0;
	}
out:
	elgamal_tally_free(tl);
	elgamal_free(eg);
	return t->proof;
}

/* The answer, on the loop: handed to the submitter's callback. */
static void
tallyjob_answer(int ok, void *arg)
{
	struct tallyjob *t = arg;

	(void)ok;
	t->done(t->proof, t->done_arg);
}

/* Hands t to the verifier threads (see tallyjob.h). */
void
tallyjob_submit(struct tallyjob *t, verify_cb cb, void *arg)
{
	/* No signature here: the job's check is its extra one. */
	t->done = cb;
	t->done_arg = arg;
	t->j.cert = NULL;
	t->j.extra = tallyjob_run;
	t->j.cb = tallyjob_answer;
	t->j.arg = t;
	(void)verify_submit(&t->j);
}

/* True when t answered for exactly these inputs (see tallyjob.h). */
bool
tallyjob_for(const struct tallyjob *t, const char *inputs)
{
	return t != NULL && t->built && strcmp(t->inputs, inputs) == 0;
}

/* Frees t and what it holds. */
void
tallyjob_free(struct tallyjob *t)
{
	if (t == NULL)
		return;
	free(t->ctx);
	free(t->dshare);
	free(t->ballots);
	free(t->others);
	free(t->inputs);
	free(t);
}
