/*
 * faultcli: load and misbehaving clients for the fault tests (test_crash,
 * test_pgrestart, test_abuse). Every report goes to stdout, one line each.
 *
 * usage: faultcli MODE [-s HOST:PORT] [-d IDENTITIES] [options] [NAME...]
 *   -s  server (default $YISHI_SERVER); -d the folder holding one identity
 *       folder per NAME (cert.pem, key.pem, ca.pem)
 *
 * burst -o checkin|state|cast|ping [-b BODY] [-m MEETING] [-i ITEM]
 *       [-c CHOICE] [-u] [-j THREADS] [-p STAGGER_MS] [-t TIMEOUT_S]
 *       [-K PID -N ACKS] NAME...
 *     Each NAME, on its own connection (libyishi), does the operation:
 *     check in to MEETING, state "agree" on ITEM, cast CHOICE on ITEM
 *     (signed as the CLI signs; -u: unsigned, for a secret ballot), or ping.
 *     THREADS at a time (default: all); each waits a random 0..STAGGER_MS
 *     first. With -K, the N-th acknowledgement sends SIGKILL to PID (the
 *     acknowledgement is printed first). One line per NAME:
 *       NAME ok | NAME status STATUS_X | NAME error CODE
 * seat -b BODY [-r FIRST_RANK] NAME...
 *     As "admin", seats each NAME as a member, one connection, in order.
 * flood -i NAME -n COUNT [-m MEETING] [-b BODY] [-W] [-R RCVBUF] [-w HOLD_S]
 *     Raw TLS as NAME with a small receive buffer (-R bytes): optionally
 *     watch MEETING (-W), then pipeline COUNT requests (the audit log of
 *     BODY with -b, else the meeting status of MEETING, or ping without -m)
 *     and read nothing for HOLD_S seconds;
 *     then reads what comes within 3 s. Prints
 *       sent=S responses=R ok=K unavailable=U events=E closed|open
 * hold -i NAME -n COUNT [-w HOLD_S] [-t TIMEOUT_S] [-C]
 *     Opens COUNT TLS connections as NAME, pings on each (TIMEOUT_S, default
 *     3), prints "served=X refused=Y" at once, keeps them HOLD_S seconds.
 *     With -C it watches them meanwhile and then prints how many the
 *     server closed, and how many of those said why (a response with
 *     status unavailable):
 *       closed=C open=O unavailable=U first_ms=F last_ms=L
 * swarm -n COUNT [-a FIRST_ADDR] [-k ADDRS] [-r PER_S] [-w SECONDS] [-x]
 *     COUNT raw TCP connections that never start TLS, bound to ADDRS
 *     source addresses (loopback: FIRST_ADDR, default 127.0.1.1, and the
 *     next ones), dialed at PER_S a second (default 2000). Each one the
 *     server closes is dialed again (not with -x) until SECONDS (default
 *     10) have passed. Prints "up dialed=COUNT" once all are dialed, then
 *     at the end
 *       dialed=D open=O closed=C
 * stall -n COUNT [-w WAIT_S]
 *     Opens COUNT TCP connections that never start TLS; waits up to WAIT_S
 *     (default 10) for the server to close them. Prints
 *       closed=C open=O first_ms=F last_ms=L
 * pace -i NAME -n COUNT -r PER_S
 *     One connection, COUNT pings at PER_S a second. Prints
 *       ok=K failed=F
 * Exit: 0 the run happened (see the report); 1 set-up error; 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "frame.h"
#include "sign.h"
#include "yishi.h"

static const char *fc_server, *fc_dir, *fc_op = "ping", *fc_choice = "yes";
static const char *fc_name;
static uint64_t fc_body, fc_meeting, fc_item;
static int fc_unsigned, fc_threads, fc_stagger, fc_timeout = 20, fc_watch;
static int fc_count, fc_hold, fc_rcvbuf, fc_rate, fc_rank = 2, fc_wait = 10;
static int fc_closes, fc_naddr = 1, fc_once;
static const char *fc_addr = "127.0.1.1";
static long fc_kill_pid, fc_kill_after;
static char **fc_names;
static int fc_nnames, fc_next, fc_acks;
static pthread_mutex_t fc_lock = PTHREAD_MUTEX_INITIALIZER;

static void
fc_usage(void)
{
	fprintf(stderr, "usage: faultcli burst|seat|flood|hold|stall|swarm|pace "
	    "[options] [NAME...] (see faultcli.c)\n");
	exit(2);
}

static int64_t
fc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The identity folder of name. */
static void
fc_idpath(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", fc_dir, name);
}

/* Prints one report line atomically (burst threads share stdout). */
static void
fc_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
fc_report(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&fc_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	pthread_mutex_unlock(&fc_lock);
}

static const char *
fc_status_name(int st)
{
	const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(
	    &yishi__status__descriptor, st);

	return ev != NULL ? ev->name : "?";
}

/* ------------------------------------------------------------------ burst */

/* One NAME's operation over its own connection. */
static void
fc_burst_one(const char *name)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingRef mr = YISHI__MEETING_REF__INIT;
	Yishi__State st = YISHI__STATE__INIT;
	Yishi__VoteCast vc = YISHI__VOTE_CAST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	Yishi__Response *resp = NULL;
	struct yishi_conn *c = NULL;
	struct yishi_error err;
	char path[4096], *canon = NULL;
	uint8_t *sig = NULL;
	size_t len = 0, siglen = 0;

	fc_idpath(name, path, sizeof path);
	if (fc_stagger > 0)
		usleep((useconds_t)(random() % fc_stagger) * 1000);
	if (yishi_connect(fc_server, path, fc_timeout, &c, &err) != 0) {
		fc_report("%s error %s\n", name, yishi_err_name(err.code));
		return;
	}
	if (strcmp(fc_op, "checkin") == 0) {
		mr.meeting = fc_meeting;
		req.op_case = YISHI__REQUEST__OP_CHECKIN;
		req.checkin = &mr;
	} else if (strcmp(fc_op, "state") == 0) {
		st.item = fc_item;
		st.position = "agree";
		st.text = "同意";
		req.op_case = YISHI__REQUEST__OP_STATE;
		req.state = &st;
		canon = sign_canon_statement(yishi_instance(c), fc_body,
		    fc_meeting, fc_item, yishi_identity_name(c), st.position,
		    st.text, &len);
	} else if (strcmp(fc_op, "cast") == 0) {
		vc.item = fc_item;
		vc.choice = (char *)fc_choice;
		req.op_case = YISHI__REQUEST__OP_VOTE_CAST;
		req.vote_cast = &vc;
		if (!fc_unsigned)
			canon = sign_canon_vote(yishi_instance(c), fc_body,
			    fc_meeting, fc_item, yishi_identity_name(c),
			    fc_choice, "", &len);
	} else {
		req.op_case = YISHI__REQUEST__OP_PING;
		req.ping = &ping;
	}
	if (canon != NULL) {
		if (yishi_sign(c, canon, len, &sig, &siglen, &err) != 0) {
			fc_report("%s error sign\n", name);
			goto out;
		}
		req.signature.data = sig;
		req.signature.len = siglen;
	}
	if (yishi_call(c, &req, &resp, &err) != 0) {
		fc_report("%s error %s\n", name, yishi_err_name(err.code));
		goto out;
	}
	if (resp->status == YISHI__STATUS__STATUS_OK) {
		int n;

		fc_report("%s ok\n", name);
		pthread_mutex_lock(&fc_lock);
		n = ++fc_acks;
		pthread_mutex_unlock(&fc_lock);
		if (fc_kill_pid > 0 && n == fc_kill_after)
			kill((pid_t)fc_kill_pid, SIGKILL);
	} else {
		fc_report("%s status %s %s\n", name,
		    fc_status_name((int)resp->status),
		    resp->rule != NULL && *resp->rule ? resp->rule : "-");
	}
out:
	yishi_response_free(resp);
	yishi_close(c);
	free(canon);
	free(sig);
}

static void *
fc_burst_worker(void *arg)
{
	int i;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&fc_lock);
		i = fc_next++;
		pthread_mutex_unlock(&fc_lock);
		if (i >= fc_nnames)
			return NULL;
		fc_burst_one(fc_names[i]);
	}
}

static int
fc_burst(void)
{
	pthread_t *t;
	pthread_attr_t attr;
	int i, n = fc_threads > 0 && fc_threads < fc_nnames ? fc_threads :
	    fc_nnames;

	if (n == 0)
		fc_usage();
	srandom((unsigned)getpid());
	t = calloc((size_t)n, sizeof *t);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], &attr, fc_burst_worker, NULL) != 0) {
			fprintf(stderr, "faultcli: pthread_create failed\n");
			return 1;
		}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
	return 0;
}

/* ------------------------------------------------------------------- seat */

static int
fc_seat(void)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__SeatAdd sa = YISHI__SEAT_ADD__INIT;
	Yishi__Response *resp;
	struct yishi_conn *c;
	struct yishi_error err;
	char path[4096];
	int i, bad = 0;

	fc_idpath("admin", path, sizeof path);
	if (yishi_connect(fc_server, path, fc_timeout, &c, &err) != 0) {
		fprintf(stderr, "faultcli: %s\n", err.message);
		return 1;
	}
	req.op_case = YISHI__REQUEST__OP_SEAT_ADD;
	req.seat_add = &sa;
	for (i = 0; i < fc_nnames; i++) {
		sa.body = fc_body;
		sa.identity = fc_names[i];
		sa.display = fc_names[i];
		sa.role = "member";
		sa.rank = fc_rank + i;
		if (yishi_call(c, &req, &resp, &err) != 0) {
			fprintf(stderr, "faultcli: %s\n", err.message);
			return 1;
		}
		if (resp->status != YISHI__STATUS__STATUS_OK) {
			fprintf(stderr, "faultcli: seat %s: %s %s\n", fc_names[i],
			    fc_status_name((int)resp->status),
			    resp->message ? resp->message : "");
			bad++;
		}
		yishi_response_free(resp);
	}
	yishi_close(c);
	printf("seated=%d failed=%d\n", fc_nnames - bad, bad);
	return bad ? 1 : 0;
}

/* ---------------------------------------------------------- raw TLS bits */

static SSL_CTX *fc_ctx;

static int
fc_dial(char *host, size_t hostsz)
{
	struct addrinfo hints, *res, *ai;
	const char *colon = strrchr(fc_server, ':');
	int fd = -1;

	if (colon == NULL || (size_t)(colon - fc_server) >= hostsz)
		return -1;
	memcpy(host, fc_server, (size_t)(colon - fc_server));
	host[colon - fc_server] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (fc_rcvbuf > 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &fc_rcvbuf,
			    sizeof fc_rcvbuf);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int
fc_ctx_init(void)
{
	char path[4096];

	fc_ctx = SSL_CTX_new(TLS_client_method());
	if (fc_ctx == NULL ||
	    !SSL_CTX_set_min_proto_version(fc_ctx, TLS1_3_VERSION))
		return -1;
	snprintf(path, sizeof path, "%s/%s/ca.pem", fc_dir, fc_name);
	if (SSL_CTX_load_verify_locations(fc_ctx, path, NULL) != 1)
		return -1;
	SSL_CTX_set_verify(fc_ctx, SSL_VERIFY_PEER, NULL);
	snprintf(path, sizeof path, "%s/%s/cert.pem", fc_dir, fc_name);
	if (SSL_CTX_use_certificate_chain_file(fc_ctx, path) != 1)
		return -1;
	snprintf(path, sizeof path, "%s/%s/key.pem", fc_dir, fc_name);
	if (SSL_CTX_use_PrivateKey_file(fc_ctx, path, SSL_FILETYPE_PEM) != 1)
		return -1;
	return 0;
}

/* A TLS connection (blocking, SO_RCVTIMEO timeout_s), or NULL. */
static SSL *
fc_tls(int timeout_s, int *fdp)
{
	char host[256];
	struct timeval tv = { timeout_s, 0 };
	SSL *ssl;
	int fd = fc_dial(host, sizeof host);

	if (fd < 0)
		return NULL;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	ssl = SSL_new(fc_ctx);
	if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) != 1)
		X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), host, 0);
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1) {
		ERR_clear_error();
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return ssl;
}

/* Appends one request frame (id) to buf. */
static void
fc_frame(Yishi__Request *r, uint64_t id, uint8_t **buf, size_t *len,
    size_t *cap)
{
	Yishi__Frame f = YISHI__FRAME__INIT;
	uint8_t *p;
	size_t n;

	f.version = FRAME_VERSION;
	f.id = id;
	f.body_case = YISHI__FRAME__BODY_REQUEST;
	f.request = r;
	if (frame_encode(&f, &p, &n) != 0)
		exit(1);
	if (*len + n > *cap) {
		*cap = (*len + n) * 2;
		*buf = realloc(*buf, *cap);
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	free(p);
}

struct fc_tally {
	int responses, ok, unavailable, events;
};

/* Reads frames until the peer closes or nothing comes for timeout_ms;
 * returns 1 when closed, 0 when still open. */
static int
fc_read(SSL *ssl, int fd, int timeout_ms, int want, struct fc_tally *t)
{
	static uint8_t buf[FRAME_HEADER + FRAME_MAX];
	size_t have = 0, got, n, used;
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	Yishi__Frame *f;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	for (;;) {
		while (frame_header(buf, have, &n) == FRAME_OK &&
		    have >= FRAME_HEADER + n) {
			if (frame_decode(buf, FRAME_HEADER + n, &used, &f) ==
			    FRAME_OK) {
				if (f->body_case == YISHI__FRAME__BODY_EVENT)
					t->events++;
				else if (f->body_case ==
				    YISHI__FRAME__BODY_RESPONSE) {
					t->responses++;
					if (f->response->status ==
					    YISHI__STATUS__STATUS_OK)
						t->ok++;
					else if (f->response->status ==
					    YISHI__STATUS__STATUS_UNAVAILABLE)
						t->unavailable++;
				}
				yishi__frame__free_unpacked(f, NULL);
			}
			have -= FRAME_HEADER + n;
			memmove(buf, buf + FRAME_HEADER + n, have);
		}
		if (want > 0 && t->responses >= want)
			return 0;
		if (SSL_read_ex(ssl, buf + have, sizeof buf - have, &got)) {
			have += got;
			continue;
		}
		n = (size_t)SSL_get_error(ssl, 0);
		ERR_clear_error();
		return n == SSL_ERROR_WANT_READ ? 0 : 1;
	}
}

/* ------------------------------------------------------------------ flood */

static int
fc_flood(void)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Watch w = YISHI__WATCH__INIT;
	Yishi__MeetingRef mr = YISHI__MEETING_REF__INIT;
	Yishi__AuditLog al = YISHI__AUDIT_LOG__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	struct fc_tally t = { 0, 0, 0, 0 };
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, off = 0, done;
	int fd, i, closed, sent = 0;
	uint64_t id = 1;
	SSL *ssl;

	if (fc_ctx_init() != 0 || (ssl = fc_tls(5, &fd)) == NULL) {
		fprintf(stderr, "faultcli: cannot connect\n");
		return 1;
	}
	mr.meeting = w.meeting = fc_meeting;
	if (fc_watch) {
		req.op_case = YISHI__REQUEST__OP_WATCH;
		req.watch = &w;
		fc_frame(&req, id++, &buf, &len, &cap);
	}
	for (i = 0; i < fc_count; i++) {
		if (fc_body != 0) {
			al.body = fc_body;
			req.op_case = YISHI__REQUEST__OP_AUDIT_LOG;
			req.audit_log = &al;
		} else if (fc_meeting != 0 && !fc_watch) {
			req.op_case = YISHI__REQUEST__OP_MEETING_STATUS;
			req.meeting_status = &mr;
		} else {
			req.op_case = YISHI__REQUEST__OP_PING;
			req.ping = &ping;
		}
		fc_frame(&req, id++, &buf, &len, &cap);
	}
	/* Sends without reading; a write that blocks past the timeout, or
	 * a closed connection, ends the sending. */
	while (off < len) {
		size_t chunk = len - off > 16384 ? 16384 : len - off;

		if (SSL_write_ex(ssl, buf + off, chunk, &done) != 1) {
			ERR_clear_error();
			break;
		}
		off += done;
	}
	sent = (int)(off == len ? (size_t)fc_count + (fc_watch ? 1 : 0) : 0);
	if (fc_hold > 0)
		sleep((unsigned)fc_hold);
	closed = fc_read(ssl, fd, 3000, 0, &t);
	printf("sent=%d responses=%d ok=%d unavailable=%d events=%d %s\n",
	    sent, t.responses, t.ok, t.unavailable, t.events,
	    closed ? "closed" : "open");
	SSL_free(ssl);
	close(fd);
	free(buf);
	return 0;
}

/* ------------------------------------------------------------------- hold */

/* hold -C: for HOLD_S seconds, notes which connections the server closes
 * (their SSL is freed and set to NULL) and prints the tally. */
static void
fc_hold_watch(SSL **ssl, int *fds)
{
	struct pollfd *p = calloc((size_t)fc_count, sizeof *p);
	int64_t start = fc_now_ms(), first = -1, last = -1;
	int i, open = 0, closed = 0, unavailable = 0;

	for (i = 0; i < fc_count; i++) {
		p[i].fd = ssl[i] != NULL ? fds[i] : -1;
		p[i].events = POLLIN;
		open += ssl[i] != NULL;
	}
	while (open > 0 && fc_now_ms() - start < fc_hold * 1000) {
		if (poll(p, (nfds_t)fc_count, 100) <= 0)
			continue;
		for (i = 0; i < fc_count; i++) {
			struct fc_tally t = { 0, 0, 0, 0 };

			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			if (!fc_read(ssl[i], fds[i], 200, 0, &t)) {
				unavailable += t.unavailable;
				continue;
			}
			unavailable += t.unavailable;
			SSL_free(ssl[i]);
			ssl[i] = NULL;
			close(fds[i]);
			p[i].fd = -1;
			open--;
			closed++;
			last = fc_now_ms() - start;
			if (first < 0)
				first = last;
		}
	}
	printf("closed=%d open=%d unavailable=%d first_ms=%lld last_ms=%lld\n",
	    closed, open, unavailable, (long long)first, (long long)last);
	free(p);
}

static int
fc_hold_conns(void)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	SSL **ssl = calloc((size_t)fc_count, sizeof *ssl);
	int *fds = calloc((size_t)fc_count, sizeof *fds);
	int i, served = 0, refused = 0, timeout = fc_timeout < 20 ?
	    fc_timeout : 3;

	if (fc_ctx_init() != 0) {
		fprintf(stderr, "faultcli: bad identity\n");
		return 1;
	}
	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	for (i = 0; i < fc_count; i++) {
		struct fc_tally t = { 0, 0, 0, 0 };
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, done;

		ssl[i] = fc_tls(timeout, &fds[i]);
		if (ssl[i] != NULL) {
			fc_frame(&req, 1, &buf, &len, &cap);
			if (SSL_write_ex(ssl[i], buf, len, &done) == 1)
				(void)fc_read(ssl[i], fds[i], timeout * 1000, 1,
				    &t);
			ERR_clear_error();
			free(buf);
		}
		if (t.ok == 1)
			served++;
		else
			refused++;
	}
	printf("served=%d refused=%d\n", served, refused);
	fflush(stdout);
	if (fc_closes)
		fc_hold_watch(ssl, fds);
	else if (fc_hold > 0)
		sleep((unsigned)fc_hold);
	for (i = 0; i < fc_count; i++)
		if (ssl[i] != NULL) {
			SSL_free(ssl[i]);
			close(fds[i]);
		}
	free(ssl);
	free(fds);
	return 0;
}

/* ------------------------------------------------------------------ stall */

static int
fc_stall(void)
{
	struct pollfd *p = calloc((size_t)fc_count, sizeof *p);
	int64_t start = fc_now_ms(), first = -1, last = -1, now;
	int i, open, closed = 0;
	char host[256], b[256];

	for (i = 0; i < fc_count; i++) {
		if ((p[i].fd = fc_dial(host, sizeof host)) < 0) {
			fprintf(stderr, "faultcli: cannot connect\n");
			return 1;
		}
		p[i].events = POLLIN;
	}
	open = fc_count;
	while (open > 0 && (now = fc_now_ms()) - start < fc_wait * 1000) {
		if (poll(p, (nfds_t)fc_count, 100) <= 0)
			continue;
		for (i = 0; i < fc_count; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			if (read(p[i].fd, b, sizeof b) > 0)
				continue;	/* not expected; keep waiting */
			close(p[i].fd);
			p[i].fd = -1;
			open--;
			closed++;
			now = fc_now_ms() - start;
			if (first < 0)
				first = now;
			last = now;
		}
	}
	printf("closed=%d open=%d first_ms=%lld last_ms=%lld\n", closed, open,
	    (long long)first, (long long)last);
	for (i = 0; i < fc_count; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	free(p);
	return 0;
}

/* ------------------------------------------------------------------ swarm */

/* Dials slot fd number i of the swarm from its source address; -1 when
 * the socket cannot even be made. */
static int
fc_swarm_dial(const struct sockaddr_in *dst, uint32_t first, int i)
{
	struct sockaddr_in src;
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0)
		return -1;
	memset(&src, 0, sizeof src);
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(first + (uint32_t)(i % fc_naddr));
#ifdef IP_BIND_ADDRESS_NO_PORT
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
	(void)one;
	if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
	    (connect(fd, (const struct sockaddr *)dst, sizeof *dst) != 0 &&
	    errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
fc_swarm(void)
{
	struct pollfd *p = calloc((size_t)fc_count, sizeof *p);
	struct sockaddr_in dst;
	struct in_addr a;
	char host[256], b[256];
	const char *colon = strrchr(fc_server, ':');
	int64_t start = fc_now_ms(), now;
	int rate = fc_rate > 0 ? fc_rate : 2000;
	long dialed = 0, closed = 0, budget;
	int i, open = 0, next = 0, up = 0;
	uint32_t first;

	if (colon == NULL || (size_t)(colon - fc_server) >= sizeof host ||
	    inet_pton(AF_INET, fc_addr, &a) != 1)
		fc_usage();
	memcpy(host, fc_server, (size_t)(colon - fc_server));
	host[colon - fc_server] = '\0';
	memset(&dst, 0, sizeof dst);
	dst.sin_family = AF_INET;
	dst.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &dst.sin_addr) != 1)
		fc_usage();
	first = ntohl(a.s_addr);
	for (i = 0; i < fc_count; i++) {
		p[i].fd = -1;
		p[i].events = POLLIN;
	}
	while ((now = fc_now_ms()) - start < fc_wait * 1000) {
		/* Dial the slots that are down, at most `rate` a second;
		 * with -x each slot once. */
		budget = rate * (now - start) / 1000 + 1;
		for (i = 0; i < fc_count && dialed < budget; i++) {
			int k = fc_once ? (int)dialed : (next + i) % fc_count;

			if (fc_once && dialed >= fc_count)
				break;
			if (p[k].fd >= 0)
				continue;
			p[k].fd = fc_swarm_dial(&dst, first, k);
			dialed++;
			open += p[k].fd >= 0;
		}
		next = (next + i) % fc_count;
		if (!up && dialed >= fc_count) {
			up = fc_count;
			printf("up dialed=%ld\n", dialed);
			fflush(stdout);
		}
		if (poll(p, (nfds_t)fc_count, 10) <= 0)
			continue;
		for (i = 0; i < fc_count; i++) {
			ssize_t n;

			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			n = recv(p[i].fd, b, sizeof b, MSG_DONTWAIT);
			if (n > 0 || (n < 0 && errno == EAGAIN))
				continue;
			close(p[i].fd);
			p[i].fd = -1;
			open--;
			closed++;
		}
	}
	printf("dialed=%ld open=%d closed=%ld\n", dialed, open, closed);
	for (i = 0; i < fc_count; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	free(p);
	return 0;
}

/* ------------------------------------------------------------------- pace */

static int
fc_pace(void)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	Yishi__Response *resp;
	struct yishi_conn *c;
	struct yishi_error err;
	char path[4096];
	int i, ok = 0, failed = 0;

	fc_idpath(fc_name, path, sizeof path);
	if (yishi_connect(fc_server, path, 5, &c, &err) != 0) {
		fprintf(stderr, "faultcli: %s\n", err.message);
		return 1;
	}
	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	for (i = 0; i < fc_count; i++) {
		if (i > 0 && fc_rate > 0)
			usleep((useconds_t)(1000000 / fc_rate));
		if (yishi_call(c, &req, &resp, &err) != 0) {
			failed += fc_count - i;
			break;
		}
		if (resp->status == YISHI__STATUS__STATUS_OK)
			ok++;
		else
			failed++;
		yishi_response_free(resp);
	}
	yishi_close(c);
	printf("ok=%d failed=%d\n", ok, failed);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode;
	int ch;

	if (argc < 2)
		fc_usage();
	mode = argv[1];
	optind = 2;
	fc_server = getenv("YISHI_SERVER");
	while ((ch = getopt(argc, argv, "s:d:o:b:m:i:c:uj:p:t:K:N:r:n:Ww:R:a:k:xC"))
	    != -1) {
		switch (ch) {
		case 's': fc_server = optarg; break;
		case 'd': fc_dir = optarg; break;
		case 'o': fc_op = optarg; break;
		case 'b': fc_body = strtoull(optarg, NULL, 10); break;
		case 'm': fc_meeting = strtoull(optarg, NULL, 10); break;
		case 'i':
			fc_item = strtoull(optarg, NULL, 10);
			fc_name = optarg;
			break;
		case 'c': fc_choice = optarg; break;
		case 'u': fc_unsigned = 1; break;
		case 'j': fc_threads = atoi(optarg); break;
		case 'p': fc_stagger = atoi(optarg); break;
		case 't': fc_timeout = atoi(optarg); break;
		case 'K': fc_kill_pid = atol(optarg); break;
		case 'N': fc_kill_after = atol(optarg); break;
		case 'r': fc_rate = fc_rank = atoi(optarg); break;
		case 'n': fc_count = atoi(optarg); break;
		case 'W': fc_watch = 1; break;
		case 'w': fc_hold = fc_wait = atoi(optarg); break;
		case 'R': fc_rcvbuf = atoi(optarg); break;
		case 'a': fc_addr = optarg; break;
		case 'k': fc_naddr = atoi(optarg) > 0 ? atoi(optarg) : 1; break;
		case 'x': fc_once = 1; break;
		case 'C': fc_closes = 1; break;
		default: fc_usage();
		}
	}
	if (fc_server == NULL || fc_dir == NULL)
		fc_usage();
	fc_names = argv + optind;
	fc_nnames = argc - optind;
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(mode, "burst") == 0)
		return fc_burst();
	if (strcmp(mode, "seat") == 0)
		return fc_seat();
	if (strcmp(mode, "stall") == 0)
		return fc_stall();
	if (strcmp(mode, "swarm") == 0)
		return fc_swarm();
	if (fc_name == NULL)
		fc_usage();
	if (strcmp(mode, "flood") == 0)
		return fc_flood();
	if (strcmp(mode, "hold") == 0)
		return fc_hold_conns();
	if (strcmp(mode, "pace") == 0)
		return fc_pace();
	fc_usage();
	return 2;
}
