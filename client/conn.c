/* conn.c: TCP + TLS 1.3 transport with deadlines (see conn.h). */
#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

/* Milliseconds on the monotonic clock. */
int64_t
conn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A deadline timeout_ms from now; CONN_NO_DEADLINE when timeout_ms < 0. */
int64_t
conn_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return CONN_NO_DEADLINE;
	return conn_now_ms() + timeout_ms;
}

/* Fills err (when not NULL) with code and a formatted message. */
void
conn_error(struct yishi_error *err, enum yishi_err code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* Appends OpenSSL's error queue to buf and clears the queue. */
static void
conn_ssl_errors(char *buf, size_t len)
{
	unsigned long e;
	size_t used = 0, n;
	char one[256];

	buf[0] = '\0';
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, one, sizeof one);
		n = strlen(one);
		if (used + 2 + n + 1 > len)
			continue;
		if (used > 0) {
			memcpy(buf + used, "; ", 2);
			used += 2;
		}
		memcpy(buf + used, one, n + 1);
		used += n;
	}
	ERR_clear_error();
	if (buf[0] == '\0')
		snprintf(buf, len, "no detail from OpenSSL");
}

/*
 * Waits until fd is readable (or writable) or the deadline passes.
 * Returns 0 when ready, or -1 with err filled.
 */
static int
conn_wait(struct yishi_conn *c, bool for_write, int64_t deadline,
    struct yishi_error *err)
{
	struct pollfd pfd;
	int64_t left;
	int n;

	for (;;) {
		left = -1;
		if (deadline != CONN_NO_DEADLINE) {
			left = deadline - conn_now_ms();
			if (left <= 0) {
				conn_error(err, YISHI_E_TIMEOUT,
				    "timed out waiting for the server");
				return -1;
			}
			if (left > INT32_MAX)
				left = INT32_MAX;
		}
		pfd.fd = c->fd;
		pfd.events = for_write ? POLLOUT : POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return 0;
		if (n == 0)
			continue;	/* the deadline check above ends it */
		if (errno == EINTR) {
			if (c->intr_ok) {
				conn_error(err, YISHI_E_INTERRUPTED,
				    "interrupted by a signal");
				return -1;
			}
			continue;
		}
		conn_error(err, YISHI_E_UNAVAILABLE, "poll: %s",
		    strerror(errno));
		return -1;
	}
}

/*
 * Turns an SSL_* result that was not success into "wait and retry" (0) or
 * an error (-1 with err filled). what names the operation for the message.
 */
static int
conn_ssl_retry(struct yishi_conn *c, int ret, const char *what,
    int64_t deadline, struct yishi_error *err)
{
	char detail[YISHI_ERROR_MAX / 2];
	int e, saved = errno;
	long vr;

	e = SSL_get_error(c->ssl, ret);
	switch (e) {
	case SSL_ERROR_WANT_READ:
		ERR_clear_error();
		return conn_wait(c, false, deadline, err);
	case SSL_ERROR_WANT_WRITE:
		ERR_clear_error();
		return conn_wait(c, true, deadline, err);
	case SSL_ERROR_ZERO_RETURN:
		ERR_clear_error();
		conn_error(err, YISHI_E_UNAVAILABLE,
		    "the server closed the connection");
		return -1;
	case SSL_ERROR_SYSCALL:
		conn_ssl_errors(detail, sizeof detail);
		if (saved != 0 && ret < 0)
			conn_error(err, YISHI_E_UNAVAILABLE, "%s: %s", what,
			    strerror(saved));
		else
			conn_error(err, YISHI_E_UNAVAILABLE,
			    "%s: the server closed the connection", what);
		return -1;
	default:
		vr = SSL_get_verify_result(c->ssl);
		conn_ssl_errors(detail, sizeof detail);
		if (vr != X509_V_OK)
			conn_error(err, YISHI_E_TLS,
			    "%s: server certificate rejected: %s", what,
			    X509_verify_cert_error_string(vr));
		else
			conn_error(err, YISHI_E_TLS, "%s: %s", what, detail);
		return -1;
	}
}

/* Writes all of buf (see conn.h). */
int
conn_write(struct yishi_conn *c, const uint8_t *buf, size_t len,
    int64_t deadline, struct yishi_error *err)
{
	size_t done = 0;
	int n, chunk;

	while (done < len) {
		chunk = len - done > INT32_MAX ? INT32_MAX : (int)(len - done);
		ERR_clear_error();
		errno = 0;
		n = SSL_write(c->ssl, buf + done, chunk);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (conn_ssl_retry(c, n, "send", deadline, err) == -1)
			return -1;
	}
	return 0;
}

/* Reads at least one byte into buf (see conn.h). */
long
conn_read(struct yishi_conn *c, uint8_t *buf, size_t cap, int64_t deadline,
    struct yishi_error *err)
{
	int n;

	if (cap > INT32_MAX)
		cap = INT32_MAX;
	for (;;) {
		ERR_clear_error();
		errno = 0;
		n = SSL_read(c->ssl, buf, (int)cap);
		if (n > 0)
			return n;
		if (conn_ssl_retry(c, n, "receive", deadline, err) == -1)
			return -1;
	}
}

/*
 * Splits "HOST:PORT" or "[V6]:PORT" into host and port. Returns 0, or -1
 * with err filled.
 */
static int
conn_split(const char *server, char *host, size_t hostlen, char *port,
    size_t portlen, struct yishi_error *err)
{
	const char *colon, *end, *h = server;
	size_t hl;
	char *stop;
	unsigned long p;

	if (server[0] == '[') {
		end = strchr(server, ']');
		if (end == NULL || end[1] != ':')
			goto bad;
		h = server + 1;
		hl = (size_t)(end - h);
		colon = end + 1;
	} else {
		colon = strrchr(server, ':');
		if (colon == NULL)
			goto bad;
		hl = (size_t)(colon - server);
		if (memchr(server, ':', hl) != NULL)
			goto bad;	/* bare IPv6 needs brackets */
	}
	if (hl == 0 || hl >= hostlen || strlen(colon + 1) >= portlen)
		goto bad;
	errno = 0;
	p = strtoul(colon + 1, &stop, 10);
	if (colon[1] < '0' || colon[1] > '9' || *stop != '\0' || errno != 0 ||
	    p == 0 || p > 65535)
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	snprintf(port, portlen, "%lu", p);
	return 0;
bad:
	conn_error(err, YISHI_E_ARG,
	    "server must be HOST:PORT or [IPV6]:PORT, not \"%s\"", server);
	return -1;
}

/* Connects a non-blocking TCP socket to host:port before the deadline. */
static int
conn_tcp(struct yishi_conn *c, const char *host, const char *port,
    int64_t deadline, struct yishi_error *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd, rc, soerr, one = 1;
	socklen_t sl;
	char why[YISHI_ERROR_MAX] = "no address";

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		conn_error(err, YISHI_E_UNAVAILABLE, "cannot resolve %s: %s",
		    host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1) {
			snprintf(why, sizeof why, "socket: %s",
			    strerror(errno));
			continue;
		}
		c->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			goto connected;
		if (errno != EINPROGRESS) {
			snprintf(why, sizeof why, "%s", strerror(errno));
			goto next;
		}
		if (conn_wait(c, true, deadline, err) == -1) {
			snprintf(why, sizeof why, "%s", err ? err->message :
			    "timed out");
			goto next;
		}
		sl = sizeof soerr;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
			soerr = errno;
		if (soerr == 0)
			goto connected;
		snprintf(why, sizeof why, "%s", strerror(soerr));
next:
		close(fd);
		c->fd = -1;
	}
	freeaddrinfo(res);
	conn_error(err, YISHI_E_UNAVAILABLE, "cannot connect to %s:%s: %s",
	    host, port, why);
	return -1;
connected:
	freeaddrinfo(res);
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return 0;
}

/* Refuses to prompt for a key passphrase: identities are unencrypted. */
static int
conn_no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return 0;
}

/* Builds the TLS context from the identity folder. */
static int
conn_ctx(struct yishi_conn *c, const char *dir, struct yishi_error *err)
{
	char cert[4096], key[4096], ca[4096], detail[YISHI_ERROR_MAX / 2];
	const char *bad;
	X509 *x;
	int n;

	if (dir == NULL || dir[0] == '\0') {
		conn_error(err, YISHI_E_IDENTITY,
		    "no identity folder given (cert.pem, key.pem, ca.pem)");
		return -1;
	}
	if (snprintf(cert, sizeof cert, "%s/cert.pem", dir) >= (int)sizeof cert ||
	    snprintf(key, sizeof key, "%s/key.pem", dir) >= (int)sizeof key ||
	    snprintf(ca, sizeof ca, "%s/ca.pem", dir) >= (int)sizeof ca) {
		conn_error(err, YISHI_E_ARG, "identity path too long");
		return -1;
	}
	bad = access(cert, R_OK) ? cert : access(key, R_OK) ? key :
	    access(ca, R_OK) ? ca : NULL;
	if (bad != NULL) {
		conn_error(err, YISHI_E_IDENTITY, "cannot read %s: %s", bad,
		    strerror(errno));
		return -1;
	}
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (c->ctx == NULL)
		goto ssl_fail;
	if (SSL_CTX_set_min_proto_version(c->ctx, TLS1_3_VERSION) != 1)
		goto ssl_fail;
	SSL_CTX_set_default_passwd_cb(c->ctx, conn_no_password);
	bad = cert;
	if (SSL_CTX_use_certificate_chain_file(c->ctx, cert) != 1)
		goto id_fail;
	bad = key;
	if (SSL_CTX_use_PrivateKey_file(c->ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(c->ctx) != 1)
		goto id_fail;
	bad = ca;
	if (SSL_CTX_load_verify_locations(c->ctx, ca, NULL) != 1)
		goto id_fail;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(c->ctx, SSL_MODE_AUTO_RETRY);
	x = SSL_CTX_get0_certificate(c->ctx);
	if (x != NULL) {
		n = X509_NAME_get_text_by_NID(X509_get_subject_name(x),
		    NID_commonName, c->name, (int)sizeof c->name);
		if (n < 0)
			c->name[0] = '\0';
	}
	return 0;
id_fail:
	conn_ssl_errors(detail, sizeof detail);
	conn_error(err, YISHI_E_IDENTITY, "unusable %s: %s", bad, detail);
	return -1;
ssl_fail:
	conn_ssl_errors(detail, sizeof detail);
	conn_error(err, YISHI_E_TLS, "TLS setup: %s", detail);
	return -1;
}

/* Opens TCP to server and completes the TLS handshake (see conn.h). */
int
conn_open(struct yishi_conn *c, const char *server, const char *identity_dir,
    int64_t deadline, struct yishi_error *err)
{
	char host[256], port[16], detail[YISHI_ERROR_MAX / 2];
	unsigned char addr[sizeof(struct in6_addr)];
	bool is_ip;
	int n;

	if (server == NULL ||
	    conn_split(server, host, sizeof host, port, sizeof port, err) == -1)
		return -1;
	if (conn_ctx(c, identity_dir, err) == -1)
		return -1;
	if (conn_tcp(c, host, port, deadline, err) == -1)
		return -1;
	c->ssl = SSL_new(c->ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
		goto ssl_fail;
	is_ip = inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
	if (is_ip) {
		/* RFC 6066: no SNI for address literals; check the IP SAN. */
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl),
		    host) != 1)
			goto ssl_fail;
	} else {
		SSL_set_hostflags(c->ssl,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (SSL_set_tlsext_host_name(c->ssl, host) != 1 ||
		    SSL_set1_host(c->ssl, host) != 1)
			goto ssl_fail;
	}
	for (;;) {
		ERR_clear_error();
		errno = 0;
		n = SSL_connect(c->ssl);
		if (n == 1)
			break;
		if (conn_ssl_retry(c, n, "TLS handshake", deadline, err) == -1) {
			if (err != NULL && err->code == YISHI_E_UNAVAILABLE)
				err->code = YISHI_E_TLS;
			return -1;
		}
	}
	return 0;
ssl_fail:
	conn_ssl_errors(detail, sizeof detail);
	conn_error(err, YISHI_E_TLS, "TLS setup: %s", detail);
	return -1;
}

/* Shuts TLS down politely (without waiting) and frees the transport. */
void
conn_shutdown(struct yishi_conn *c)
{
	if (c->ssl != NULL) {
		if (!c->broken)
			(void)SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	ERR_clear_error();
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
	SSL_CTX_free(c->ctx);
	c->ctx = NULL;
}
