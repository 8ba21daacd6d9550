/* frame.c: length-prefixed protobuf framing (see frame.h). */
#include "frame.h"

#include <stdbool.h>
#include <stdlib.h>

/* Reads the length prefix of buf; FRAME_NEED_MORE while fewer than 4 bytes. */
enum frame_status
frame_header(const uint8_t *buf, size_t len, size_t *payload_len)
{
	return frame_header_max(buf, len, FRAME_MAX, payload_len);
}

/* Reads the length prefix of buf against max (see frame.h). */
enum frame_status
frame_header_max(const uint8_t *buf, size_t len, size_t max,
    size_t *payload_len)
{
	uint32_t n;

	if (len < FRAME_HEADER)
		return FRAME_NEED_MORE;
	n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | (uint32_t)buf[3];
	*payload_len = n;
	if (n > max)
		return FRAME_TOO_BIG;
	return FRAME_OK;
}

/*
 * True when m, or a message inside it, kept an unknown field numbered 0:
 * never valid, yet protobuf-c accepts it behind an over-long tag (0x80 0x00),
 * and re-encoded it is a frame that no longer decodes.
 */
static bool
frame_tag0(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	unsigned i;
	size_t k, n;

	for (k = 0; k < m->n_unknown_fields; k++)
		if (m->unknown_fields[k].tag == 0)
			return true;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		const char *p = (const char *)m + fd->offset;
		const char *q = (const char *)m + fd->quantifier_offset;
		ProtobufCMessage *const *v;

		if (fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)q;
			v = *(ProtobufCMessage *const *const *)p;
		} else {
			if ((fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			    *(const uint32_t *)q != fd->id)
				continue;	/* another member of the oneof */
			n = 1;
			v = (ProtobufCMessage *const *)p;
		}
		for (k = 0; k < n; k++)
			if (v[k] != NULL && frame_tag0(v[k]))
				return true;
	}
	return false;
}

/* Decodes one frame from the front of buf (see frame.h). */
enum frame_status
frame_decode(const uint8_t *buf, size_t len, size_t *consumed,
    Yishi__Frame **out)
{
	return frame_decode_max(buf, len, FRAME_MAX, consumed, out);
}

/* Decodes one frame of at most max bytes from the front of buf. */
enum frame_status
frame_decode_max(const uint8_t *buf, size_t len, size_t max,
    size_t *consumed, Yishi__Frame **out)
{
	enum frame_status st;
	size_t n;
	Yishi__Frame *f;

	*out = NULL;
	st = frame_header_max(buf, len, max, &n);
	if (st != FRAME_OK)
		return st;
	if (len - FRAME_HEADER < n)
		return FRAME_NEED_MORE;
	f = yishi__frame__unpack(NULL, n, buf + FRAME_HEADER);
	if (f == NULL)
		return FRAME_BAD;
	if (frame_tag0(&f->base)) {
		yishi__frame__free_unpacked(f, NULL);
		return FRAME_BAD;
	}
	*consumed = FRAME_HEADER + n;
	*out = f;
	return FRAME_OK;
}

/* Encodes f with its length prefix into a new buffer (see frame.h). */
int
frame_encode(const Yishi__Frame *f, uint8_t **out, size_t *out_len)
{
	return frame_encode_max(f, FRAME_MAX, out, out_len);
}

/* Encodes f, of at most max bytes, with its length prefix. */
int
frame_encode_max(const Yishi__Frame *f, size_t max, uint8_t **out,
    size_t *out_len)
{
	size_t n;
	uint8_t *buf;

	n = yishi__frame__get_packed_size(f);
	if (n > max)
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
