/*
 * fuzz_dispatch.c: libFuzzer target for request decoding, dispatch and the
 * handlers' decisions, with the database faked (fake_db.c).
 *
 * Input: one options byte, then up to four frames as on the wire (u32 BE
 * length + protobuf Frame), then the bytes the fake database draws its
 * answers from. Options: bits 0-1 the number of frames less one; bits 2-5
 * which connection sends each frame; bit 6 the client went away before
 * the replies; bit 7 the caller presented no certificate (signatures
 * cannot be checked). Frames are accepted as conn_read_cb accepts them and
 * all dispatched before the first batch completes, so requests of one
 * group commit meet. Every request must be answered exactly once.
 */
#include <stdint.h>
#include <stdlib.h>

#include "conn.h"
#include "dispatch.h"
#include "fake.h"
#include "frame.h"
#include "log.h"

#define FUZZ_FRAMES 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned requests[FAKE_CONNS] = { 0 };
	uint8_t opts;
	int nframes, k;

	if (size < 1)
		return 0;
	log_level_current = LOG_L_ERROR;
	opts = data[0];
	nframes = 1 + (opts & 3);
	data++;
	size--;
	fake_conn_begin(opts & 0x40, opts & 0x80);
	for (k = 0; k < nframes; k++) {
		Yishi__Frame *f;
		size_t used;
		struct conn *c;
		int who = (opts >> (2 + k)) & 1;

		if (frame_decode(data, size, &used, &f) != FRAME_OK)
			break;
		data += used;
		size -= used;
		/* What conn_read_cb refuses never reaches dispatch. */
		if (f->version != FRAME_VERSION ||
		    f->body_case != YISHI__FRAME__BODY_REQUEST) {
			yishi__frame__free_unpacked(f, NULL);
			continue;
		}
		c = fake_conn_get(who);
		c->inflight++;
		requests[who]++;
		dispatch_request(c, f, NULL);
	}
	fake_db_begin(data, size);
	fake_db_drain();
	fake_conn_end(requests);
	fake_db_end();
	return 0;
}
