/*
 * fuzz_frame.c: libFuzzer target for the frame codec (proto/frame.c).
 *
 * Arbitrary bytes go through frame_header and frame_decode as conn.c reads
 * them: frame after frame from the front of the buffer. Each decoded frame
 * is encoded again, and that encoding must decode and re-encode to the
 * same bytes; every shorter prefix of a frame must ask for more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken property and aborts, so that the fuzzer keeps it. */
static void
fuzz_frame_fail(const char *what)
{
	fprintf(stderr, "fuzz_frame: %s\n", what);
	abort();
}

/* Encodes f, decodes the result and encodes it again: same bytes. */
static void
fuzz_frame_roundtrip(const Yishi__Frame *f)
{
	uint8_t *a, *b;
	size_t alen, blen, used;
	Yishi__Frame *g;

	if (frame_encode(f, &a, &alen) != 0) {
		/* Only a frame grown past the limit may fail. */
		if (yishi__frame__get_packed_size(f) <= FRAME_MAX)
			fuzz_frame_fail("frame_encode failed under the limit");
		return;
	}
	if (frame_decode(a, alen, &used, &g) != FRAME_OK || used != alen)
		fuzz_frame_fail("an encoded frame does not decode");
	if (g->version != f->version || g->id != f->id ||
	    g->body_case != f->body_case)
		fuzz_frame_fail("the header fields changed in a round trip");
	if (frame_encode(g, &b, &blen) != 0)
		fuzz_frame_fail("a decoded frame does not encode again");
	if (blen != alen || memcmp(a, b, alen) != 0)
		fuzz_frame_fail("encoding is not stable");
	yishi__frame__free_unpacked(g, NULL);
	free(a);
	free(b);
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size > 0) {
		enum frame_status st, hs;
		size_t n = 0, used = 0;
		Yishi__Frame *f;

		hs = frame_header(data, size, &n);
		st = frame_decode(data, size, &used, &f);
		if (size < FRAME_HEADER) {
			if (hs != FRAME_NEED_MORE || st != FRAME_NEED_MORE)
				fuzz_frame_fail("a short header is not need_more");
			return 0;
		}
		if (hs == FRAME_TOO_BIG) {
			if (n <= FRAME_MAX || st != FRAME_TOO_BIG || f != NULL)
				fuzz_frame_fail("too_big disagrees");
			return 0;
		}
		if (hs != FRAME_OK || n > FRAME_MAX)
			fuzz_frame_fail("frame_header disagrees with the limit");
		if (size - FRAME_HEADER < n) {
			if (st != FRAME_NEED_MORE || f != NULL)
				fuzz_frame_fail("a partial frame is not need_more");
			return 0;
		}
		if (st == FRAME_BAD) {
			if (f != NULL)
				fuzz_frame_fail("bad with a frame");
			return 0;
		}
		if (st != FRAME_OK || f == NULL || used != FRAME_HEADER + n)
			fuzz_frame_fail("a complete frame is not decoded");
		/* One byte less is never a frame. */
		{
			Yishi__Frame *g;
			size_t u2;

			if (frame_decode(data, used - 1, &u2, &g) !=
			    FRAME_NEED_MORE || g != NULL)
				fuzz_frame_fail("a prefix decodes");
		}
		if (frame_status_name(st)[0] == '?')
			fuzz_frame_fail("unnamed status");
		fuzz_frame_roundtrip(f);
		yishi__frame__free_unpacked(f, NULL);
		data += used;
		size -= used;
	}
	return 0;
}
