/*
 * rawframe: sends raw bytes or crafted frames to yishid over mutual TLS 1.3
 * and reports what came back. For the integration tests (test_frames.sh).
 *
 * usage: rawframe [-s HOST:PORT] [-i DIR] [-n] [-w SECONDS] OP...
 *   -s  server (default $YISHI_SERVER)
 *   -i  identity folder: cert.pem, key.pem, ca.pem (default $YISHI_IDENTITY)
 *   -n  present no client certificate (only ca.pem is used)
 *   -w  how long to wait for the server after sending (default 5);
 *       0: close at once without reading
 * OPs, sent in order:
 *   hex:HEX          these bytes
 *   random:N[:SEED]  N pseudo-random bytes (xorshift, SEED default 1)
 *   ping             a valid Frame with a Ping request
 *   unknown          a Frame whose Request sets only field 999 (no known op)
 *   version:N        a Ping frame with protocol version N
 *   response         a Frame carrying a Response instead of a Request
 *   req:OP:LANG:FIELDS  a request encoded by hand (see rawframe_req), e.g.
 *                    req:20:0:1=u3,2=x74,4=x6100 (meeting schedule, body 3,
 *                    title "t", place "a\0")
 *   sleep:MS         a pause of MS milliseconds
 *
 * Output, one line each: "response STATUS id=ID" per response frame,
 * "event" per event frame, "garbage" for bytes that are not a frame, then
 * "closed" (the server closed the connection), "open" (still open when the
 * wait ran out) or "sent" (-w 0).
 * Exit: 0 the exchange ran (see the output); 1 setup or connect error;
 * 2 usage; 3 the TLS handshake failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "frame.h"
#include "hex.h"

static uint64_t rawframe_next_id = 1;

/* Prints the usage and exits 2. */
static void
rawframe_usage(void)
{
	fprintf(stderr, "usage: rawframe [-s HOST:PORT] [-i DIR] [-n] "
	    "[-w SECONDS] hex:HEX|random:N[:SEED]|ping|unknown|version:N|"
	    "response|req:OP:LANG:FIELDS|sleep:MS ...\n");
	exit(2);
}

/* Opens a TCP connection to host:port; -1 on failure. */
static int
rawframe_dial(const char *server, char *host, size_t hostsz)
{
	struct addrinfo hints, *res, *ai;
	const char *colon = strrchr(server, ':');
	int fd = -1;

	if (colon == NULL || (size_t)(colon - server) >= hostsz)
		return -1;
	memcpy(host, server, (size_t)(colon - server));
	host[colon - server] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Builds the client context: TLS 1.3 only, server verified by ca.pem. */
static SSL_CTX *
rawframe_ctx(const char *dir, int nocert)
{
	char path[4096];
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL ||
	    !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION))
		goto fail;
	snprintf(path, sizeof path, "%s/ca.pem", dir);
	if (SSL_CTX_load_verify_locations(ctx, path, NULL) != 1)
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (!nocert) {
		snprintf(path, sizeof path, "%s/cert.pem", dir);
		if (SSL_CTX_use_certificate_chain_file(ctx, path) != 1)
			goto fail;
		snprintf(path, sizeof path, "%s/key.pem", dir);
		if (SSL_CTX_use_PrivateKey_file(ctx, path,
		    SSL_FILETYPE_PEM) != 1)
			goto fail;
	}
	return ctx;
fail:
	ERR_print_errors_fp(stderr);
	SSL_CTX_free(ctx);
	return NULL;
}

/* Writes all of buf; returns -1 when the connection refused it. */
static int
rawframe_write(SSL *ssl, const uint8_t *buf, size_t len)
{
	size_t done;

	if (len == 0)
		return 0;
	if (SSL_write_ex(ssl, buf, len, &done) != 1 || done != len) {
		fprintf(stderr, "rawframe: write failed\n");
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/* Encodes f with the proto library and sends it. */
static int
rawframe_send_frame(SSL *ssl, Yishi__Frame *f)
{
	uint8_t *buf;
	size_t len;
	int rc;

	if (frame_encode(f, &buf, &len) != 0)
		return -1;
	rc = rawframe_write(ssl, buf, len);
	free(buf);
	return rc;
}

/* Sends a Ping request frame with the given protocol version. */
static int
rawframe_ping(SSL *ssl, uint32_t version)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Request r = YISHI__REQUEST__INIT;
	Yishi__Ping p = YISHI__PING__INIT;

	r.op_case = YISHI__REQUEST__OP_PING;
	r.ping = &p;
	f.version = version;
	f.id = rawframe_next_id++;
	f.body_case = YISHI__FRAME__BODY_REQUEST;
	f.request = &r;
	return rawframe_send_frame(ssl, &f);
}

/* Sends a Frame carrying a Response (a server-only body). */
static int
rawframe_response(SSL *ssl)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	Yishi__Empty e = YISHI__EMPTY__INIT;

	r.result_case = YISHI__RESPONSE__RESULT_EMPTY;
	r.empty = &e;
	f.version = FRAME_VERSION;
	f.id = rawframe_next_id++;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	f.response = &r;
	return rawframe_send_frame(ssl, &f);
}

/* Sends, encoded by hand, Frame{version 1, id, request: {999: 1}}. */
static int
rawframe_unknown(SSL *ssl)
{
	uint8_t b[16];
	uint64_t id = rawframe_next_id++;

	if (id > 127)
		return -1;
	b[0] = 0; b[1] = 0; b[2] = 0; b[3] = 9;	/* payload length */
	b[4] = 0x08; b[5] = 0x01;		/* 1: version = 1 */
	b[6] = 0x10; b[7] = (uint8_t)id;	/* 2: id */
	b[8] = 0x1a; b[9] = 3;			/* 3: request, 3 bytes */
	b[10] = 0xb8; b[11] = 0x3e; b[12] = 0x01; /* 999 (varint) = 1 */
	return rawframe_write(ssl, b, 13);
}

/* Sends n xorshift bytes from seed. */
static int
rawframe_random(SSL *ssl, size_t n, uint64_t seed)
{
	uint8_t *buf = malloc(n ? n : 1);
	uint64_t x = seed ? seed : 1;
	size_t i;
	int rc;

	if (buf == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
	rc = rawframe_write(ssl, buf, n);
	free(buf);
	return rc;
}

/* Sends the bytes spelled in hex. */
static int
rawframe_hex(SSL *ssl, const char *hex)
{
	uint8_t buf[4096];
	size_t n;

	if (!hex_decode(hex, buf, sizeof buf, &n))
		rawframe_usage();
	return rawframe_write(ssl, buf, n);
}

/* A growing buffer of protobuf bytes. */
struct rawframe_buf {
	uint8_t	*p;
	size_t	 n, cap;
};

/* Appends n bytes to b (exits when memory runs out). */
static void
rawframe_put(struct rawframe_buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			exit(1);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* Appends a varint. */
static void
rawframe_varint(struct rawframe_buf *b, uint64_t v)
{
	uint8_t c;

	do {
		c = (uint8_t)(v & 0x7F);
		v >>= 7;
		if (v != 0)
			c |= 0x80;
		rawframe_put(b, &c, 1);
	} while (v != 0);
}

/* Appends field `field` as length-delimited bytes. */
static void
rawframe_bytes(struct rawframe_buf *b, unsigned field, const uint8_t *p,
    size_t n)
{
	rawframe_varint(b, (uint64_t)field << 3 | 2);
	rawframe_varint(b, n);
	rawframe_put(b, p, n);
}

/* Appends the bytes spelled in hex (len characters), count times. */
static void
rawframe_unhex(struct rawframe_buf *b, const char *hex, size_t len,
    unsigned long count)
{
	char *s = strndup(hex, len);
	uint8_t *bytes = malloc(len / 2 + 1);
	size_t n;

	if (s == NULL || bytes == NULL || !hex_decode(s, bytes, len / 2 + 1, &n))
		rawframe_usage();
	while (count-- > 0)
		rawframe_put(b, bytes, n);
	free(bytes);
	free(s);
}

/*
 * Sends a request encoded by hand, so that its strings may hold what the
 * CLI never sends (a NUL, bytes that are not UTF-8): spec is OP:LANG:FIELDS,
 * OP the Request field number of the operation, LANG 0 (zh) or 1 (en),
 * FIELDS comma-separated N=uDECIMAL (varint), N=xHEX (bytes) or
 * N=rCOUNT/HEX (the bytes COUNT times) of the operation's message.
 */
static int
rawframe_req(SSL *ssl, const char *spec)
{
	struct rawframe_buf op = { 0 }, rq = { 0 }, fr = { 0 };
	unsigned opnum, lang, field;
	unsigned long long u;
	unsigned long count;
	const char *p, *end;
	char kind;
	int used, rc;
	uint8_t hdr[4];

	if (sscanf(spec, "%u:%u:%n", &opnum, &lang, &used) != 2)
		rawframe_usage();
	for (p = spec + used; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (sscanf(p, "%u=%c%n", &field, &kind, &used) != 2)
			rawframe_usage();
		if (kind == 'u') {
			if (sscanf(p + used, "%llu", &u) != 1)
				rawframe_usage();
			rawframe_varint(&op, (uint64_t)field << 3);
			rawframe_varint(&op, u);
			continue;
		}
		count = 1;
		if (kind == 'r') {
			char *slash;

			count = strtoul(p + used, &slash, 10);
			if (*slash != '/')
				rawframe_usage();
			used = (int)(slash + 1 - p);
		} else if (kind != 'x')
			rawframe_usage();
		{
			struct rawframe_buf v = { 0 };

			rawframe_unhex(&v, p + used, (size_t)(end - p - used),
			    count);
			rawframe_bytes(&op, field, v.p, v.n);
			free(v.p);
		}
	}
	rawframe_varint(&rq, 1 << 3);
	rawframe_varint(&rq, lang);
	rawframe_bytes(&rq, opnum, op.p, op.n);
	rawframe_varint(&fr, 1 << 3);
	rawframe_varint(&fr, FRAME_VERSION);
	rawframe_varint(&fr, 2 << 3);
	rawframe_varint(&fr, rawframe_next_id++);
	rawframe_bytes(&fr, 3, rq.p, rq.n);
	hdr[0] = (uint8_t)(fr.n >> 24);
	hdr[1] = (uint8_t)(fr.n >> 16);
	hdr[2] = (uint8_t)(fr.n >> 8);
	hdr[3] = (uint8_t)fr.n;
	rc = rawframe_write(ssl, hdr, 4);
	if (rc == 0)
		rc = rawframe_write(ssl, fr.p, fr.n);
	free(op.p);
	free(rq.p);
	free(fr.p);
	return rc;
}

/* Runs one OP; a failed write is reported but not fatal. */
static void
rawframe_op(SSL *ssl, const char *op)
{
	unsigned long n, seed = 1;

	if (strncmp(op, "hex:", 4) == 0)
		rawframe_hex(ssl, op + 4);
	else if (strncmp(op, "req:", 4) == 0)
		rawframe_req(ssl, op + 4);
	else if (sscanf(op, "random:%lu:%lu", &n, &seed) >= 1)
		rawframe_random(ssl, n, seed);
	else if (strcmp(op, "ping") == 0)
		rawframe_ping(ssl, FRAME_VERSION);
	else if (strcmp(op, "unknown") == 0)
		rawframe_unknown(ssl);
	else if (sscanf(op, "version:%lu", &n) == 1)
		rawframe_ping(ssl, (uint32_t)n);
	else if (strcmp(op, "response") == 0)
		rawframe_response(ssl);
	else if (sscanf(op, "sleep:%lu", &n) == 1)
		usleep((useconds_t)n * 1000);
	else
		rawframe_usage();
}

/* Reports one received frame. */
static void
rawframe_report(const uint8_t *buf, size_t len)
{
	Yishi__Frame *f;
	size_t used;
	const ProtobufCEnumValue *ev;

	if (frame_decode(buf, len, &used, &f) != FRAME_OK) {
		printf("garbage\n");
		return;
	}
	if (f->body_case == YISHI__FRAME__BODY_RESPONSE) {
		ev = protobuf_c_enum_descriptor_get_value(
		    &yishi__status__descriptor, (int)f->response->status);
		printf("response %s id=%llu\n", ev ? ev->name : "?",
		    (unsigned long long)f->id);
		if (f->response->message != NULL && *f->response->message)
			fprintf(stderr, "rawframe: message: %s\n",
			    f->response->message);
	} else if (f->body_case == YISHI__FRAME__BODY_EVENT)
		printf("event\n");
	else
		printf("garbage\n");
	yishi__frame__free_unpacked(f, NULL);
}

/* Reads frames until the server closes or nothing comes for wait seconds. */
static void
rawframe_read(SSL *ssl)
{
	static uint8_t buf[FRAME_HEADER + FRAME_MAX];
	size_t have = 0, got, n;
	enum frame_status st;
	int err;

	for (;;) {
		while ((st = frame_header(buf, have, &n)) == FRAME_OK &&
		    have >= FRAME_HEADER + n) {
			rawframe_report(buf, FRAME_HEADER + n);
			have -= FRAME_HEADER + n;
			memmove(buf, buf + FRAME_HEADER + n, have);
		}
		if (st == FRAME_TOO_BIG) {
			printf("garbage\n");
			have = 0;
		}
		if (SSL_read_ex(ssl, buf + have, sizeof buf - have, &got)) {
			have += got;
			continue;
		}
		err = SSL_get_error(ssl, 0);
		fprintf(stderr, "rawframe: read ends: SSL error %d, %s\n", err,
		    strerror(errno));
		ERR_print_errors_fp(stderr);
		printf(err == SSL_ERROR_WANT_READ ? "open\n" : "closed\n");
		return;
	}
}

/* Connects, runs the OPs, reports; see the top of the file. */
int
main(int argc, char **argv)
{
	const char *server = getenv("YISHI_SERVER");
	const char *dir = getenv("YISHI_IDENTITY");
	char host[256];
	int ch, nocert = 0, waitsec = 5, fd;
	struct timeval tv;
	SSL_CTX *ctx;
	SSL *ssl;
	X509_VERIFY_PARAM *vp;

	while ((ch = getopt(argc, argv, "s:i:nw:")) != -1) {
		switch (ch) {
		case 's': server = optarg; break;
		case 'i': dir = optarg; break;
		case 'n': nocert = 1; break;
		case 'w': waitsec = atoi(optarg); break;
		default: rawframe_usage();
		}
	}
	if (server == NULL || dir == NULL || optind >= argc)
		rawframe_usage();
	signal(SIGPIPE, SIG_IGN);	/* a closed peer is reported, not fatal */
	if ((ctx = rawframe_ctx(dir, nocert)) == NULL)
		return 1;
	if ((fd = rawframe_dial(server, host, sizeof host)) < 0) {
		fprintf(stderr, "rawframe: cannot connect to %s\n", server);
		return 1;
	}
	ssl = SSL_new(ctx);
	vp = SSL_get0_param(ssl);
	if (X509_VERIFY_PARAM_set1_ip_asc(vp, host) != 1)
		X509_VERIFY_PARAM_set1_host(vp, host, 0);
	SSL_set_fd(ssl, fd);
	tv.tv_sec = waitsec > 0 ? waitsec : 5;
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (SSL_connect(ssl) != 1) {
		ERR_print_errors_fp(stderr);
		printf("handshake failed\n");
		return 3;
	}
	for (; optind < argc; optind++)
		rawframe_op(ssl, argv[optind]);
	fflush(stdout);
	if (waitsec > 0)
		rawframe_read(ssl);
	else
		printf("sent\n");
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
	return 0;
}
