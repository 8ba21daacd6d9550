/*
 * frame.h: the length-prefixed codec shared by yishid and libyishi.
 *
 * A frame on the wire is a u32 big-endian length followed by that many bytes
 * of one protobuf-encoded Yishi__Frame. Decoding is pure: no I/O, no
 * allocation before the length has been checked against FRAME_MAX.
 */
#ifndef YISHI_FRAME_H
#define YISHI_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

#define FRAME_MAX (1024u * 1024u)	/* largest accepted payload, bytes */
/* Largest payload yishid sends (responses, events) and libyishi accepts:
 * the minutes of a plenary of 10,000 are some 2 MB, while what yishid
 * reads stays within FRAME_MAX. */
#define FRAME_MAX_REPLY (64u * 1024u * 1024u)
#define FRAME_HEADER 4u			/* length prefix, bytes */
#define FRAME_VERSION 1u		/* YISHI__PROTOCOL_VERSION__CURRENT */

enum frame_status {
	FRAME_OK,		/* one frame decoded */
	FRAME_NEED_MORE,	/* not enough bytes yet */
	FRAME_TOO_BIG,		/* declared length over FRAME_MAX */
	FRAME_BAD		/* the payload is not a valid Frame */
};

/* Reads the length prefix of buf; FRAME_NEED_MORE while fewer than 4 bytes. */
enum frame_status frame_header(const uint8_t *buf, size_t len,
    size_t *payload_len);
/* frame_header with another limit than FRAME_MAX (FRAME_MAX_REPLY). */
enum frame_status frame_header_max(const uint8_t *buf, size_t len,
    size_t max, size_t *payload_len);

/*
 * Decodes one frame from the front of buf. On FRAME_OK *out is a new message
 * (free it with yishi__frame__free_unpacked) and *consumed the bytes used.
 */
enum frame_status frame_decode(const uint8_t *buf, size_t len,
    size_t *consumed, Yishi__Frame **out);
/* frame_decode with another limit than FRAME_MAX (FRAME_MAX_REPLY). */
enum frame_status frame_decode_max(const uint8_t *buf, size_t len,
    size_t max, size_t *consumed, Yishi__Frame **out);

/*
 * Encodes f with its length prefix into a new buffer (caller frees).
 * Returns 0, or -1 when the frame is over FRAME_MAX or memory ran out.
 */
int frame_encode(const Yishi__Frame *f, uint8_t **out, size_t *out_len)
    __attribute__((warn_unused_result));
/* frame_encode with another limit than FRAME_MAX (FRAME_MAX_REPLY). */
int frame_encode_max(const Yishi__Frame *f, size_t max, uint8_t **out,
    size_t *out_len) __attribute__((warn_unused_result));

/* Returns a short name for a status, for logs and tests. */
const char *frame_status_name(enum frame_status s);

#endif
