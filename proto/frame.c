/* frame.c: length-prefixed protobuf framing (see frame.h). */
#include "frame.h"

#include <stdlib.h>

/* Reads the length prefix of buf; FRAME_NEED_MORE while fewer than 4 bytes. */
enum frame_status
frame_header(const uint8_t *buf, size_t len, size_t *payload_len)
{
	uint32_t n;

	if (len < FRAME_HEADER)
		return FRAME_NEED_MORE;
	n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | (uint32_t)buf[3];
	*payload_len = n;
	if (n > FRAME_MAX)
		return FRAME_TOO_BIG;
	return FRAME_OK;
}

/* Decodes one frame from the front of buf (see frame.h). */
enum frame_status
frame_decode(const uint8_t *buf, size_t len, size_t *consumed,
    Yishi__Frame **out)
{
	enum frame_status st;
	size_t n;
	Yishi__Frame *f;

	*out = NULL;
	st = frame_header(buf, len, &n);
	if (st != FRAME_OK)
		return st;
	if (len - FRAME_HEADER < n)
		return FRAME_NEED_MORE;
	f = yishi__frame__unpack(NULL, n, buf + FRAME_HEADER);
	if (f == NULL)
		return FRAME_BAD;
	*consumed = FRAME_HEADER + n;
	*out = f;
	return FRAME_OK;
}

/* Encodes f with its length prefix into a new buffer (see frame.h). */
int
frame_encode(const Yishi__Frame *f, uint8_t **out, size_t *out_len)
{
	size_t n;
	uint8_t *buf;

	n = yishi__frame__get_packed_size(f);
	if (n > FRAME_MAX)
		return -1;
	buf = malloc(FRAME_HEADER + n);
	if (buf == NULL)
		return -1;
	buf[0] = (uint8_t)(n >> 24);
	buf[1] = (uint8_t)(n >> 16);
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	yishi__frame__pack(f, buf + FRAME_HEADER);
	*out = buf;
	*out_len = FRAME_HEADER + n;
	return 0;
}

/* Returns a short name for a status, for logs and tests. */
const char *
frame_status_name(enum frame_status s)
{
	switch (s) {
	case FRAME_OK:
		return "ok";
	case FRAME_NEED_MORE:
		return "need_more";
	case FRAME_TOO_BIG:
		return "too_big";
	case FRAME_BAD:
		return "bad";
	}
	return "?";
}
