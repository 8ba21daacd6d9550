/*
 * gen_corpus.c: writes the seed corpus of the fuzz targets. For every
 * request kind of proto/yishi.proto (found through the protobuf-c
 * descriptors, so new kinds are covered without editing this file) it
 * builds a request whose fields hold plausible values, and writes
 *   DIR/fuzz_frame/<kind>       the frame as on the wire
 *   DIR/fuzz_dispatch/<kind>    an options byte, the frame, and entropy
 * plus a few frames of other shapes. Usage: gen_corpus DIR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

/* A plausible text for a field, by its name. */
static const char *
gen_text(const char *name)
{
	static const struct { const char *field, *value; } map[] = {
		{ "role", "member" }, { "choice", "yes" },
		{ "position", "agree" }, { "method", "roll_call" },
		{ "category", "ordinary" }, { "profile", "party_group" },
		{ "kind", "party_group" }, { "at", "2024-05-06T09:00:00+08:00" },
		{ "due", "2024-06-01" }, { "day", "2024-05-06" },
		{ "state", "present" }, { "outcome", "passed" },
		{ "mode", "vote" }, { "head_hash",
		  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(name, map[i].field) == 0)
			return map[i].value;
	if (strstr(name, "member") != NULL || strstr(name, "identity") != NULL ||
	    strcmp(name, "name") == 0 || strstr(name, "person") != NULL)
		return "alice";
	return "x";
}

/* Fills the fields of message m (of descriptor d) with plausible values;
 * sub-messages down to depth 3. Everything is malloc'd and freed with
 * protobuf_c_message_free_unpacked. */
static void
gen_fill(ProtobufCMessage *m, const ProtobufCMessageDescriptor *d, int depth)
{
	unsigned i;

	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		char *p = (char *)m + fd->offset;

		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			if (fd->type == PROTOBUF_C_TYPE_STRING) {
				char **v = malloc(sizeof *v);

				v[0] = strdup(gen_text(fd->name));
				*(size_t *)((char *)m + fd->quantifier_offset) = 1;
				*(char ***)p = v;
			}
			continue;
		}
		if (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			continue;	/* only the request's op is set */
		switch (fd->type) {
		case PROTOBUF_C_TYPE_UINT64:
		case PROTOBUF_C_TYPE_INT64:
		case PROTOBUF_C_TYPE_SINT64:
		case PROTOBUF_C_TYPE_FIXED64:
		case PROTOBUF_C_TYPE_SFIXED64:
			*(uint64_t *)p = 1;
			break;
		case PROTOBUF_C_TYPE_UINT32:
		case PROTOBUF_C_TYPE_INT32:
		case PROTOBUF_C_TYPE_SINT32:
		case PROTOBUF_C_TYPE_FIXED32:
		case PROTOBUF_C_TYPE_SFIXED32:
			*(uint32_t *)p = 1;
			break;
		case PROTOBUF_C_TYPE_BOOL:
			*(protobuf_c_boolean *)p = 1;
			break;
		case PROTOBUF_C_TYPE_ENUM: {
			const ProtobufCEnumDescriptor *ed = fd->descriptor;

			*(int *)p = ed->n_values > 1 ? ed->values[1].value : 0;
			break;
		}
		case PROTOBUF_C_TYPE_STRING:
			*(char **)p = strdup(gen_text(fd->name));
			break;
		case PROTOBUF_C_TYPE_BYTES: {
			ProtobufCBinaryData *bd = (ProtobufCBinaryData *)p;

			bd->data = (uint8_t *)strdup("sig");
			bd->len = 3;
			break;
		}
		case PROTOBUF_C_TYPE_MESSAGE: {
			const ProtobufCMessageDescriptor *sd = fd->descriptor;
			ProtobufCMessage *sub;

			if (depth >= 3)
				break;
			sub = calloc(1, sd->sizeof_message);
			sd->message_init(sub);
			gen_fill(sub, sd, depth + 1);
			*(ProtobufCMessage **)p = sub;
			break;
		}
		default:
			break;
		}
	}
}

/* Writes n bytes to DIR/SUB/NAME. */
static void
gen_write(const char *dir, const char *sub, const char *name,
    const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* Encodes the frame holding request rq with id into a new buffer. */
static uint8_t *
gen_frame(Yishi__Request *rq, uint64_t id, size_t *len)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	uint8_t *buf;

	f.version = FRAME_VERSION;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_REQUEST;
	f.request = rq;
	if (frame_encode(&f, &buf, len) != 0)
		exit(1);
	return buf;
}

/* Writes the seeds of one request kind (field fd of Request). */
static void
gen_kind(const char *dir, const ProtobufCFieldDescriptor *fd)
{
	const ProtobufCMessageDescriptor *sd = fd->descriptor;
	Yishi__Request *rq = calloc(1, sizeof *rq);
	ProtobufCMessage *sub = calloc(1, sd->sizeof_message);
	uint8_t *fr, *out;
	size_t len, n, k;
	char name[128];

	yishi__request__init(rq);
	sd->message_init(sub);
	gen_fill(sub, sd, 1);
	rq->op_case = (Yishi__Request__OpCase)fd->id;
	*(ProtobufCMessage **)((char *)rq + fd->offset) = sub;
	rq->signature.data = (uint8_t *)strdup("sig");
	rq->signature.len = 3;

	fr = gen_frame(rq, 7, &len);
	gen_write(dir, "fuzz_frame", fd->name, fr, len);
	/* Dispatch: one frame, and 32 zero bytes of entropy (the usual
	 * answers: one row each, the first word of each kind). */
	n = 1 + len + 32;
	out = calloc(1, n);
	memcpy(out + 1, fr, len);
	gen_write(dir, "fuzz_dispatch", fd->name, out, n);
	free(out);
	/* Three of the same from both connections, in English. */
	rq->lang = YISHI__LANG__LANG_EN;
	free(fr);
	fr = gen_frame(rq, 9, &len);
	n = 1 + 3 * len + 64;
	out = calloc(1, n);
	out[0] = 2 | 0x08;	/* three frames, the second from conn 2 */
	for (k = 0; k < 3; k++)
		memcpy(out + 1 + k * len, fr, len);
	for (k = 1 + 3 * len; k < n; k++)
		out[k] = (uint8_t)(k * 37);
	snprintf(name, sizeof name, "%s-3", fd->name);
	gen_write(dir, "fuzz_dispatch", name, out, n);
	free(out);
	free(fr);
	yishi__request__free_unpacked(rq, NULL);
}

/* Writes every seed under argv[1]. */
int
main(int argc, char **argv)
{
	const ProtobufCMessageDescriptor *d = &yishi__request__descriptor;
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	Yishi__Event ev = YISHI__EVENT__INIT;
	uint8_t *buf, big[8] = { 0x00, 0x10, 0x00, 0x01, 1, 2, 3, 4 };
	size_t len;
	unsigned i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus DIR\n");
		return 2;
	}
	for (i = 0; i < d->n_fields; i++)
		if (d->fields[i].flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			gen_kind(argv[1], &d->fields[i]);
	/* Frames a server sends, and a header over the limit. */
	f.version = FRAME_VERSION;
	f.id = 3;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	r.status = YISHI__STATUS__STATUS_RULE;
	r.rule = "R-MTG-1";
	r.message = "refused";
	f.response = &r;
	if (frame_encode(&f, &buf, &len) != 0)
		return 1;
	gen_write(argv[1], "fuzz_frame", "response", buf, len);
	free(buf);
	f.id = 0;
	f.body_case = YISHI__FRAME__BODY_EVENT;
	ev.kind = "vote_cast";
	ev.meeting = 1;
	ev.member = "alice";
	f.event = &ev;
	if (frame_encode(&f, &buf, &len) != 0)
		return 1;
	gen_write(argv[1], "fuzz_frame", "event", buf, len);
	free(buf);
	gen_write(argv[1], "fuzz_frame", "too_big", big, sizeof big);
	return 0;
}
