/*
 * fuzz_payload.c: libFuzzer target for the inspector's reader of trail
 * payloads and signed texts (client/cli/replay_text.c), which reads
 * untrusted audit bundles.
 *
 * The input is read as a payload and as a signed text. An accepted payload
 * must have no key twice, each found again by replay_text_get; a refused
 * one must say why. An accepted signed text starts with its action.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken property and aborts, so that the fuzzer keeps it. */
static void
fuzz_payload_fail(const char *what)
{
	fprintf(stderr, "fuzz_payload: %s\n", what);
	abort();
}

/* Every key once, and found by replay_text_get. */
static void
fuzz_payload_keys(const struct replay_text *t)
{
	int i, k;

	for (i = 0; i < t->n; i++) {
		if (t->key[i] == NULL)
			fuzz_payload_fail("a key without text");
		for (k = 0; k < i; k++)
			if (strcmp(t->key[i], t->key[k]) == 0)
				fuzz_payload_fail("a key twice");
		if (replay_text_get(t, t->key[i]) == NULL)
			fuzz_payload_fail("a key not found again");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay_text t;
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (replay_text_json(s, &t) == 0) {
		if (t.error != REPLAY_TEXT_OK)
			fuzz_payload_fail("accepted with an error");
		fuzz_payload_keys(&t);
	} else if (t.error == REPLAY_TEXT_OK) {
		fuzz_payload_fail("refused without a reason");
	}
	replay_text_free(&t);
	if (replay_text_canon(s, &t) == 0 &&
	    (t.n < 1 || strcmp(t.key[0], "action") != 0))
		fuzz_payload_fail("a signed text accepted without its action");
	replay_text_free(&t);
	free(s);
	return 0;
}
