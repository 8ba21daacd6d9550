/*
 * test_libyishi.c: libyishi against a scripted TLS 1.3 server in a thread:
 * mutual authentication, host and IP checks, request ids, events between
 * responses, the frame size limit and timeouts, and following a meeting
 * across lost connections (yishi_follow_*). Certificates are made with
 * the openssl command in a temporary folder; without it the tests skip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "frame.h"
#include "yishi.h"

enum mode {
	M_NORMAL,	/* answers with events around, then pushes events */
	M_TOO_BIG,	/* answers with a frame header over the limit */
	M_SILENT,	/* never answers */
	M_PAGES,	/* meeting list: meetings 1..5 in pages of two */
	M_STUCK,	/* meeting list: every page names the same next */
	M_REFUSE	/* meeting list: refuses the second page */
};

static char dir[64];
static char id_alice[128], id_stranger[128];
static int listen_fd = -1;
static int port;
static enum mode mode;
static const char *server_cert = "server";
static pthread_t thread;
static char seen_cn[64];

/* Runs a shell command in dir; returns its status. */
static int __attribute__((format(printf, 1, 2)))
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int n;

	n = snprintf(cmd, sizeof cmd, "cd %s && (", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
	va_end(ap);
	strncat(cmd, ") >/dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
	return system(cmd);
}

/* A CA, server certificates and client identities. */
static int
make_pki(void)
{
	const char *ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";

	if (sh("openssl version") != 0)
		return -1;
	if (sh("openssl req -x509 %s -keyout ca.key -out ca.pem -days 2 "
	    "-subj /CN=test-ca", ec) != 0 ||
	    sh("openssl req -x509 %s -keyout ca2.key -out ca2.pem -days 2 "
	    "-subj /CN=other-ca", ec) != 0)
		return -1;
	if (sh("openssl req %s -keyout server.key -out server.csr "
	    "-subj /CN=yishid && printf 'subjectAltName=DNS:localhost,"
	    "IP:127.0.0.1' > san1 && openssl x509 -req -in server.csr -CA "
	    "ca.pem -CAkey ca.key -CAcreateserial -days 2 -out server.pem "
	    "-extfile san1", ec) != 0)
		return -1;
	if (sh("openssl req %s -keyout wrong.key -out wrong.csr "
	    "-subj /CN=elsewhere && printf 'subjectAltName=DNS:other.example'"
	    " > san2 && openssl x509 -req -in wrong.csr -CA ca.pem -CAkey "
	    "ca.key -CAcreateserial -days 2 -out wrong.pem -extfile san2",
	    ec) != 0)
		return -1;
	if (sh("mkdir alice && openssl req %s -keyout alice/key.pem -out "
	    "alice.csr -subj /CN=alice && openssl x509 -req -in alice.csr "
	    "-CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out "
	    "alice/cert.pem && cp ca.pem alice/ca.pem", ec) != 0)
		return -1;
	/* Trusts another CA: must refuse our server. */
	if (sh("mkdir stranger && cp alice/key.pem alice/cert.pem stranger/ "
	    "&& cp ca2.pem stranger/ca.pem") != 0)
		return -1;
	snprintf(id_alice, sizeof id_alice, "%s/alice", dir);
	snprintf(id_stranger, sizeof id_stranger, "%s/stranger", dir);
	return 0;
}

/* Reads exactly n bytes. */
static int
srv_read(SSL *ssl, uint8_t *buf, size_t n)
{
	size_t got = 0;
	int r;

	while (got < n) {
		r = SSL_read(ssl, buf + got, (int)(n - got));
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* Reads one request frame. */
static Yishi__Frame *
srv_frame(SSL *ssl)
{
	uint8_t *buf;
	size_t n, used;
	Yishi__Frame *f = NULL;

	buf = malloc(FRAME_HEADER + FRAME_MAX);
	if (srv_read(ssl, buf, FRAME_HEADER) == 0 &&
	    frame_header(buf, FRAME_HEADER, &n) == FRAME_OK &&
	    srv_read(ssl, buf + FRAME_HEADER, n) == 0)
		(void)frame_decode(buf, FRAME_HEADER + n, &used, &f);
	free(buf);
	return f;
}

/* Sends f. */
static void
srv_send(SSL *ssl, Yishi__Frame *f)
{
	uint8_t *buf;
	size_t n;

	if (frame_encode(f, &buf, &n) == 0) {
		(void)SSL_write(ssl, buf, (int)n);
		free(buf);
	}
}

/* Sends an event of kind. */
static void
srv_event(SSL *ssl, const char *kind)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Event ev = YISHI__EVENT__INIT;

	ev.meeting = 9;
	ev.kind = (char *)kind;
	f.version = FRAME_VERSION;
	f.body_case = YISHI__FRAME__BODY_EVENT;
	f.event = &ev;
	srv_send(ssl, &f);
}

/* Answers request id with a whoami naming who. */
static void
srv_whoami(SSL *ssl, uint64_t id, const char *who)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	Yishi__Whoami w = YISHI__WHOAMI__INIT;

	w.name = (char *)who;
	w.server_version = 1;
	r.result_case = YISHI__RESPONSE__RESULT_WHOAMI;
	r.whoami = &w;
	f.version = FRAME_VERSION;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	f.response = &r;
	srv_send(ssl, &f);
}

/* Answers meeting list requests until the client goes: five meetings in
 * pages of two (or of the request's limit) after the request's cursor, as
 * the mode says. */
static void
srv_pages(SSL *ssl, Yishi__Frame *f)
{
	Yishi__Frame out = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	Yishi__MeetingList l = YISHI__MEETING_LIST__INIT;
	Yishi__Meeting m[5], *mp[5];
	Yishi__Page next = YISHI__PAGE__INIT;
	Yishi__Meeting init = YISHI__MEETING__INIT;
	uint64_t after, i, lim;
	int asked = 0;

	while (f != NULL) {
		const Yishi__BodyRef *b = f->request->meeting_list;

		after = b != NULL && b->page != NULL ? b->page->after : 0;
		lim = b != NULL && b->page != NULL && b->page->limit > 0 ?
		    b->page->limit : 2;
		r = (Yishi__Response)YISHI__RESPONSE__INIT;
		l = (Yishi__MeetingList)YISHI__MEETING_LIST__INIT;
		l.meetings = mp;
		for (i = after + 1; i <= 5 && l.n_meetings < lim; i++) {
			m[l.n_meetings] = init;
			m[l.n_meetings].id = i;
			m[l.n_meetings].title = (char *)"会议";
			mp[l.n_meetings] = &m[l.n_meetings];
			l.n_meetings++;
		}
		next.after = mode == M_STUCK ? 2 : i - 1;
		l.next = i <= 5 ? &next : NULL;
		r.result_case = YISHI__RESPONSE__RESULT_MEETINGS;
		r.meetings = &l;
		if (mode == M_REFUSE && asked > 0) {
			r.status = YISHI__STATUS__STATUS_PERMISSION_DENIED;
			r.result_case = YISHI__RESPONSE__RESULT__NOT_SET;
		}
		asked++;
		out.version = FRAME_VERSION;
		out.id = f->id;
		out.body_case = YISHI__FRAME__BODY_RESPONSE;
		out.response = &r;
		srv_send(ssl, &out);
		yishi__frame__free_unpacked(f, NULL);
		f = srv_frame(ssl);
	}
}

/* Accepts one connection and sets up TLS on it (the server certificate
 * named by server_cert, client certificates of ca.pem required). Returns
 * the fd (-1: none) with *ctx and *ssl; *ok tells whether the handshake
 * succeeded. */
static int
srv_accept(SSL_CTX **ctx, SSL **ssl, bool *ok)
{
	char path[128], key[128];
	int fd;

	*ok = false;
	fd = accept(listen_fd, NULL, NULL);
	if (fd == -1)
		return -1;
	*ctx = SSL_CTX_new(TLS_server_method());
	snprintf(path, sizeof path, "%s/%s.pem", dir, server_cert);
	snprintf(key, sizeof key, "%s/%s.key", dir, server_cert);
	SSL_CTX_use_certificate_file(*ctx, path, SSL_FILETYPE_PEM);
	SSL_CTX_use_PrivateKey_file(*ctx, key, SSL_FILETYPE_PEM);
	snprintf(path, sizeof path, "%s/ca.pem", dir);
	SSL_CTX_load_verify_locations(*ctx, path, NULL);
	SSL_CTX_set_verify(*ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	*ssl = SSL_new(*ctx);
	SSL_set_fd(*ssl, fd);
	*ok = SSL_accept(*ssl) == 1;
	return fd;
}

/* Serves one connection according to mode. */
static void *
srv_main(void *arg)
{
	SSL_CTX *ctx;
	SSL *ssl;
	X509 *peer;
	Yishi__Frame *f;
	uint8_t big[4] = { 0x04, 0x00, 0x00, 0x01 };	/* FRAME_MAX_REPLY + 1 */
	bool ok;
	int fd;

	(void)arg;
	fd = srv_accept(&ctx, &ssl, &ok);
	if (fd == -1)
		return NULL;
	if (!ok)
		goto out;
	peer = SSL_get1_peer_certificate(ssl);
	seen_cn[0] = '\0';
	if (peer != NULL) {
		X509_NAME_get_text_by_NID(X509_get_subject_name(peer),
		    NID_commonName, seen_cn, sizeof seen_cn);
		X509_free(peer);
	}
	f = srv_frame(ssl);
	if (f == NULL)
		goto out;
	if (mode == M_TOO_BIG) {
		(void)SSL_write(ssl, big, 4);
	} else if (mode == M_NORMAL) {
		uint64_t id = f->id;

		/* An event before the answer, then a stale answer. */
		srv_event(ssl, f->request->lang == YISHI__LANG__LANG_EN ?
		    "en" : "zh");
		srv_whoami(ssl, id + 100, "stale");
		srv_whoami(ssl, f->version == FRAME_VERSION ? id : 0, seen_cn);
		yishi__frame__free_unpacked(f, NULL);
		f = srv_frame(ssl);
		if (f != NULL)
			srv_whoami(ssl, f->id, "second");
		srv_event(ssl, "opened");
		srv_event(ssl, "checkin");
	} else if (mode == M_SILENT) {
		sleep(3);
	} else {
		srv_pages(ssl, f);
		f = NULL;
	}
	if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	SSL_shutdown(ssl);
out:
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return NULL;
}

/* Starts serving one connection in mode with the named certificate. */
static void
srv_start(enum mode m, const char *cert)
{
	mode = m;
	server_cert = cert;
	assert_int_equal(pthread_create(&thread, NULL, srv_main, NULL), 0);
}

/* What the follow server was asked on each connection. */
static struct {
	bool resume;
	uint64_t seq;
	uint32_t index;
} fw_seen[3];

/* Sends an event of kind at position (seq, index). */
static void
srv_event_at(SSL *ssl, const char *kind, uint64_t seq, uint32_t index)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Event ev = YISHI__EVENT__INIT;

	ev.meeting = 9;
	ev.kind = (char *)kind;
	ev.seq = seq;
	ev.index = index;
	f.version = FRAME_VERSION;
	f.body_case = YISHI__FRAME__BODY_EVENT;
	f.event = &ev;
	srv_send(ssl, &f);
}

/* Answers watch request id with a snapshot at (seq, index), or with a
 * refusal (seq 0). */
static void
srv_watching(SSL *ssl, uint64_t id, uint64_t seq, uint32_t index)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	Yishi__Response r = YISHI__RESPONSE__INIT;
	Yishi__Watching w = YISHI__WATCHING__INIT;
	Yishi__Meeting m = YISHI__MEETING__INIT;

	m.id = 9;
	m.title = (char *)"会议";
	w.meeting = &m;
	w.seq = seq;
	w.index = index;
	if (seq == 0) {
		r.status = YISHI__STATUS__STATUS_PERMISSION_DENIED;
		r.message = (char *)"seat removed";
	} else {
		r.result_case = YISHI__RESPONSE__RESULT_WATCHING;
		r.watching = &w;
	}
	f.version = FRAME_VERSION;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_RESPONSE;
	f.response = &r;
	srv_send(ssl, &f);
}

/*
 * A daemon that goes away twice under a follower: the first connection
 * answers watch at (10, 0), sends (11, 0) (11, 1) (12, 0) and closes; the
 * second answers at (14, 1) and sends what was missed after the position
 * asked for, with (11, 1) and (12, 0) again, (13, 0) (14, 0) (14, 1), a
 * new (15, 0) twice, the last "revoked" (seq 0), and closes; the third
 * refuses.
 */
static void *
srv_follow(void *arg)
{
	SSL_CTX *ctx;
	SSL *ssl;
	Yishi__Frame *f;
	bool ok;
	int fd, k;

	(void)arg;
	for (k = 0; k < 3; k++) {
		fd = srv_accept(&ctx, &ssl, &ok);
		if (fd == -1)
			return NULL;
		f = ok ? srv_frame(ssl) : NULL;
		if (f != NULL && f->request != NULL &&
		    f->request->op_case == YISHI__REQUEST__OP_WATCH) {
			fw_seen[k].resume = f->request->watch->resume;
			fw_seen[k].seq = f->request->watch->after_seq;
			fw_seen[k].index = f->request->watch->after_index;
		}
		if (f != NULL && k == 0) {
			srv_watching(ssl, f->id, 10, 0);
			srv_event_at(ssl, "checkin", 11, 0);
			srv_event_at(ssl, "checkin", 11, 1);
			srv_event_at(ssl, "opened", 12, 0);
		} else if (f != NULL && k == 1) {
			srv_watching(ssl, f->id, 14, 1);
			srv_event_at(ssl, "checkin", 11, 1);
			srv_event_at(ssl, "opened", 12, 0);
			srv_event_at(ssl, "item_started", 13, 0);
			srv_event_at(ssl, "statement", 14, 0);
			srv_event_at(ssl, "statement", 14, 1);
			srv_event_at(ssl, "vote_opened", 15, 0);
			srv_event_at(ssl, "vote_opened", 15, 0);
			srv_event_at(ssl, "revoked", 0, 0);
		} else if (f != NULL) {
			srv_watching(ssl, f->id, 0, 0);
		}
		if (f != NULL)
			yishi__frame__free_unpacked(f, NULL);
		SSL_shutdown(ssl);
		SSL_free(ssl);
		SSL_CTX_free(ctx);
		close(fd);
	}
	return NULL;
}

static int
setup(void **state)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;

	(void)state;
	signal(SIGPIPE, SIG_IGN);	/* as yishi.h asks of its callers */
	snprintf(dir, sizeof dir, "/tmp/yishi-tls-XXXXXX");
	if (mkdtemp(dir) == NULL || make_pki() == -1)
		return -1;
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(listen_fd, 4) == -1 ||
	    getsockname(listen_fd, (struct sockaddr *)&sa, &sl) == -1)
		return -1;
	port = ntohs(sa.sin_port);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (listen_fd != -1)
		close(listen_fd);
	if (dir[0] != '\0')
		(void)sh("cd / && rm -rf %s", dir);
	return 0;
}

static int events_seen;
static char first_event[16];

static void
on_event(const Yishi__Event *ev, void *arg)
{
	(void)arg;
	if (events_seen++ == 0)
		snprintf(first_event, sizeof first_event, "%s", ev->kind);
}

static void
test_roundtrip(void **state)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	struct yishi_conn *c;
	struct yishi_error e;
	Yishi__Response *r;
	Yishi__Event *ev;
	char server[32];

	(void)state;
	srv_start(M_NORMAL, "server");
	snprintf(server, sizeof server, "127.0.0.1:%d", port);
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	assert_string_equal(yishi_identity_name(c), "alice");
	yishi_set_event_cb(c, on_event, NULL);
	req.lang = YISHI__LANG__LANG_EN;
	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	assert_int_equal(yishi_call(c, &req, &r, &e), 0);
	assert_int_equal(r->result_case, YISHI__RESPONSE__RESULT_WHOAMI);
	assert_string_equal(r->whoami->name, "alice");	/* server saw CN */
	assert_int_equal(events_seen, 1);
	assert_string_equal(first_event, "en");
	yishi_response_free(r);
	yishi_set_event_cb(c, NULL, NULL);
	assert_int_equal(yishi_call(c, &req, &r, &e), 0);
	assert_string_equal(r->whoami->name, "second");
	yishi_response_free(r);
	assert_int_equal(yishi_next_event(c, &ev, 2000, &e), 1);
	assert_string_equal(ev->kind, "opened");
	yishi_event_free(ev);
	assert_int_equal(yishi_next_event(c, &ev, 2000, &e), 1);
	assert_string_equal(ev->kind, "checkin");
	yishi_event_free(ev);
	/* The server hangs up. */
	assert_int_equal(yishi_next_event(c, &ev, 2000, &e), -1);
	assert_int_equal(e.code, YISHI_E_UNAVAILABLE);
	yishi_close(c);
	pthread_join(thread, NULL);
}

static void
test_hostname(void **state)
{
	struct yishi_conn *c;
	struct yishi_error e;
	char server[32];

	(void)state;
	srv_start(M_SILENT, "server");
	snprintf(server, sizeof server, "localhost:%d", port);
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	yishi_close(c);
	pthread_join(thread, NULL);

	/* A certificate for another name: refused, on IP and on DNS. */
	srv_start(M_SILENT, "wrong");
	snprintf(server, sizeof server, "127.0.0.1:%d", port);
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_TLS);
	assert_non_null(strstr(e.message, "mismatch"));
	pthread_join(thread, NULL);
	srv_start(M_SILENT, "wrong");
	snprintf(server, sizeof server, "localhost:%d", port);
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_TLS);
	pthread_join(thread, NULL);
}

static void
test_untrusted(void **state)
{
	struct yishi_conn *c;
	struct yishi_error e;
	char server[32];

	(void)state;
	srv_start(M_SILENT, "server");
	snprintf(server, sizeof server, "127.0.0.1:%d", port);
	assert_int_equal(yishi_connect(server, id_stranger, 5, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_TLS);
	pthread_join(thread, NULL);
}

static void
test_too_big_and_timeout(void **state)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	struct yishi_conn *c;
	struct yishi_error e;
	Yishi__Response *r;
	char server[32];

	(void)state;
	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	snprintf(server, sizeof server, "127.0.0.1:%d", port);

	srv_start(M_TOO_BIG, "server");
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	assert_int_equal(yishi_call(c, &req, &r, &e), -1);
	assert_int_equal(e.code, YISHI_E_PROTOCOL);
	assert_null(r);
	/* The stream is lost: later calls fail at once. */
	assert_int_equal(yishi_call(c, &req, &r, &e), -1);
	assert_int_equal(e.code, YISHI_E_UNAVAILABLE);
	yishi_close(c);
	pthread_join(thread, NULL);

	srv_start(M_SILENT, "server");
	assert_int_equal(yishi_connect(server, id_alice, 1, &c, &e), 0);
	assert_int_equal(yishi_call(c, &req, &r, &e), -1);
	assert_int_equal(e.code, YISHI_E_TIMEOUT);
	yishi_close(c);
	pthread_join(thread, NULL);
}

/* The ids of a meeting list answer, "1 2 3". */
static void
list_ids(const Yishi__Response *r, char *buf, size_t n)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < r->meetings->n_meetings && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%llu", i ? " " : "",
		    (unsigned long long)r->meetings->meetings[i]->id);
}

/* yishi_call_all follows a list's pages into one answer; a server that
 * does not move on, and a refusal half-way, end it. */
static void
test_pages(void **state)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef b = YISHI__BODY_REF__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	struct yishi_conn *c;
	struct yishi_error e;
	Yishi__Response *r;
	char server[32], ids[64];

	(void)state;
	req.op_case = YISHI__REQUEST__OP_MEETING_LIST;
	req.meeting_list = &b;
	snprintf(server, sizeof server, "127.0.0.1:%d", port);

	srv_start(M_PAGES, "server");
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	assert_int_equal(yishi_call(c, &req, &r, &e), 0);
	list_ids(r, ids, sizeof ids);
	assert_string_equal(ids, "1 2");
	assert_non_null(yishi_next_page(r));
	assert_int_equal(yishi_next_page(r)->after, 2);
	yishi_response_free(r);
	assert_int_equal(yishi_call_all(c, &req, &r, &e), 0);
	list_ids(r, ids, sizeof ids);
	assert_string_equal(ids, "1 2 3 4 5");
	assert_null(yishi_next_page(r));
	assert_null(b.page);	/* the request as it was given */
	yishi_response_free(r);
	pg.after = 1;
	pg.limit = 3;
	b.page = &pg;
	assert_int_equal(yishi_call_all(c, &req, &r, &e), 0);
	list_ids(r, ids, sizeof ids);
	assert_string_equal(ids, "2 3 4 5");
	assert_ptr_equal(b.page, &pg);
	assert_int_equal(pg.after, 1);
	yishi_response_free(r);
	b.page = NULL;
	yishi_close(c);
	pthread_join(thread, NULL);

	srv_start(M_STUCK, "server");
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	assert_int_equal(yishi_call_all(c, &req, &r, &e), -1);
	assert_int_equal(e.code, YISHI_E_PROTOCOL);
	assert_null(r);
	yishi_close(c);
	pthread_join(thread, NULL);

	srv_start(M_REFUSE, "server");
	assert_int_equal(yishi_connect(server, id_alice, 5, &c, &e), 0);
	assert_int_equal(yishi_call_all(c, &req, &r, &e), 0);
	assert_int_equal(r->status, YISHI__STATUS__STATUS_PERMISSION_DENIED);
	assert_null(yishi_next_page(r));
	yishi_response_free(r);
	yishi_close(c);
	pthread_join(thread, NULL);
}

static void
test_local_errors(void **state)
{
	struct yishi_conn *c;
	struct yishi_error e;

	(void)state;
	assert_int_equal(yishi_connect("nocolon", id_alice, 1, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_ARG);
	assert_int_equal(yishi_connect("::1:80", id_alice, 1, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_ARG);
	assert_int_equal(yishi_connect("h:99999", id_alice, 1, &c, &e), -1);
	assert_int_equal(e.code, YISHI_E_ARG);
	assert_int_equal(yishi_connect("127.0.0.1:1", "/nonexistent", 1, &c,
	    &e), -1);
	assert_int_equal(e.code, YISHI_E_IDENTITY);
	/* Nothing listens on port 1. */
	assert_int_equal(yishi_connect("127.0.0.1:1", id_alice, 1, &c, &e),
	    -1);
	assert_int_equal(e.code, YISHI_E_UNAVAILABLE);
	assert_null(c);
}

static int notes[8], note_delay[8], note_n;

/* Keeps what the follow told of its reconnects. */
static void
on_note(int attempt, int delay_ms, const struct yishi_error *why, void *arg)
{
	(void)arg;
	if (attempt > 0)
		assert_non_null(why);
	if (note_n < 8) {
		notes[note_n] = attempt;
		note_delay[note_n] = delay_ms;
	}
	note_n++;
}

/* The next event's position and kind as "seq/index kind". */
static const char *
follow_one(struct yishi_follow *f, char *buf, size_t n)
{
	struct yishi_error e;
	Yishi__Event *ev;
	int rc;

	rc = yishi_follow_next(f, &ev, 5000, &e);
	if (rc != 1) {
		snprintf(buf, n, "rc %d", rc);
		return buf;
	}
	snprintf(buf, n, "%llu/%u %s", (unsigned long long)ev->seq,
	    ev->index, ev->kind);
	yishi_event_free(ev);
	return buf;
}

/* yishi_follow_*: the snapshot kept, events handed out in order and once
 * each across two lost connections, the resume asking after the last
 * event handed out, the reconnects told with their pause, the event that
 * is not in the trail (seq 0) handed out, and a refusal on reconnect
 * ending it with the answer kept. */
static void
test_follow(void **state)
{
	static const char *const want1[] = { "11/0 checkin", "11/1 checkin",
	    "12/0 opened" };
	static const char *const want2[] = { "13/0 item_started",
	    "14/0 statement", "14/1 statement", "15/0 vote_opened",
	    "0/0 revoked" };
	struct yishi_follow *f;
	Yishi__Response *refused;
	struct yishi_error e;
	Yishi__Event *ev;
	char server[64], buf[64];
	size_t i;

	(void)state;
	server_cert = "server";
	assert_int_equal(pthread_create(&thread, NULL, srv_follow, NULL), 0);
	snprintf(server, sizeof server, "127.0.0.1:%d", port);
	assert_int_equal(yishi_follow_start(server, id_alice, 5, 9,
	    YISHI__LANG__LANG_ZH, &f,
	    &refused, &e), 0);
	assert_null(refused);
	assert_int_equal(yishi_follow_snapshot(f)->seq, 10);
	assert_int_equal(yishi_follow_snapshot(f)->meeting->id, 9);
	assert_non_null(yishi_follow_conn(f));
	yishi_follow_set_note(f, on_note, NULL);
	for (i = 0; i < 3; i++)
		assert_string_equal(follow_one(f, buf, sizeof buf), want1[i]);
	/* Lost: one attempt after 0.4-0.5 s, resumed with a fresh snapshot. */
	assert_int_equal(yishi_follow_next(f, &ev, 5000, &e), 2);
	assert_int_equal(note_n, 2);
	assert_int_equal(notes[0], 1);
	assert_true(note_delay[0] >= 400 && note_delay[0] <= 500);
	assert_int_equal(notes[1], 0);
	assert_int_equal(yishi_follow_snapshot(f)->seq, 14);
	assert_int_equal(yishi_follow_snapshot(f)->index, 1);
	for (i = 0; i < 5; i++)
		assert_string_equal(follow_one(f, buf, sizeof buf), want2[i]);
	/* Lost again; the server refuses: the follow ends, answer kept. */
	assert_int_equal(yishi_follow_next(f, &ev, 5000, &e), -1);
	assert_non_null(yishi_follow_refusal(f));
	assert_int_equal(yishi_follow_refusal(f)->status,
	    YISHI__STATUS__STATUS_PERMISSION_DENIED);
	assert_int_equal(yishi_follow_next(f, &ev, 0, &e), -1);
	assert_int_equal(notes[2], 1);
	assert_int_equal(note_n, 3);
	pthread_join(thread, NULL);
	assert_false(fw_seen[0].resume);
	assert_true(fw_seen[1].resume);
	assert_int_equal(fw_seen[1].seq, 12);
	assert_int_equal(fw_seen[1].index, 0);
	assert_true(fw_seen[2].resume);
	assert_int_equal(fw_seen[2].seq, 15);
	assert_int_equal(fw_seen[2].index, 0);
	yishi_follow_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_untrusted),
		cmocka_unit_test(test_too_big_and_timeout),
		cmocka_unit_test(test_local_errors),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_follow),
	};

	if (system("openssl version >/dev/null 2>&1") != 0)
		return 77;	/* no openssl command: skip */
	return cmocka_run_group_tests(tests, setup, teardown);
}
