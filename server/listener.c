/* listener.c: the TCP listener (see listener.h). */
#include "listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/listener.h>

#include "config.h"
#include "conn.h"
#include "limiter.h"
#include "log.h"
#include "server.h"

#define LISTENER_PAUSE_MS 100	/* out of descriptors: stop accepting this long */

static struct event *listener_resume_ev;

/* Formats sa as host:port into peer. */
static void
listener_peer(const struct sockaddr *sa, char *peer, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	}
	snprintf(peer, len, "%s:%d", host, port);
}

/* What accepted connections give their requests to (listener_start). */
static struct listener_to {
	conn_frame_cb	 on_frame;
	void		*arg;
} listener_to;

/*
 * A new TCP connection. Before any TLS: an address with
 * max_handshakes_per_source handshakes under way gets no more; at max_conns
 * the oldest connection still in its handshake makes room (a member's
 * handshake takes one round trip, a slot holder's never ends), and only
 * when every connection is authenticated is the new one refused.
 */
static void
listener_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct limiter_addr src;
	char peer[64];

	(void)l;
	(void)salen;
	if (srv.stopping) {
		evutil_closesocket(fd);
		return;
	}
	limiter_addr_from(sa, &src);
	if (limiter_source_full(&src)) {
		listener_peer(sa, peer, sizeof peer);
		limiter_note(LIMITER_E_SOURCE, "refused a connection from %s: "
		    "%d TLS handshakes from that address are under way "
		    "(max_handshakes_per_source)", peer,
		    srv.cfg->max_handshakes_per_source);
		evutil_closesocket(fd);
		return;
	}
	if (conn_count() >= (size_t)srv.cfg->max_conns &&
	    !conn_evict_handshake()) {
		limiter_note(LIMITER_E_CAP, "connection cap of %d reached: "
		    "refusing", srv.cfg->max_conns);
		evutil_closesocket(fd);
		evconnlistener_disable(srv.listener);
		return;
	}
	listener_peer(sa, peer, sizeof peer);
	conn_accept(fd, peer, ((struct listener_to *)arg)->on_frame,
	    ((struct listener_to *)arg)->arg);
}

/* The pause after running out of descriptors is over. */
static void
listener_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (srv.listener != NULL && !srv.stopping)
		evconnlistener_enable(srv.listener);
}

/* accept() failed: usually out of descriptors. The pending connection
 * stays in the backlog and the socket stays readable, so accepting again at
 * once would spin: pause LISTENER_PAUSE_MS and go on. */
static void
listener_error(struct evconnlistener *l, void *arg)
{
	struct timeval tv = { 0, LISTENER_PAUSE_MS * 1000 };
	int e = EVUTIL_SOCKET_ERROR();

	(void)arg;
	log_warn("accept");
	if (e != EMFILE && e != ENFILE && e != ENOBUFS && e != ENOMEM)
		return;
	if (listener_resume_ev == NULL)
		listener_resume_ev = evtimer_new(srv.base, listener_resume, NULL);
	evconnlistener_disable(l);
	evtimer_add(listener_resume_ev, &tv);
}

/* Writes the bound port to path, atomically (temp + rename). */
static int
listener_write_port(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	if (path == NULL || path[0] == '\0')
		return 0;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -1;
	return 0;
}

/* Binds cfg's address and port and starts accepting; -1 on failure. */
int
listener_start(const struct config *cfg, conn_frame_cb on_frame, void *arg)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	int sslen;
	socklen_t len = sizeof ss;
	evutil_socket_t fd;
	char spec[300];

	listener_to.on_frame = on_frame;
	listener_to.arg = arg;
	memset(&ss, 0, sizeof ss);
	snprintf(spec, sizeof spec, strchr(cfg->listen, ':') ? "[%s]:%d" :
	    "%s:%d", cfg->listen, cfg->port);
	if (inet_pton(AF_INET, cfg->listen, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof *in4;
	} else if (inet_pton(AF_INET6, cfg->listen, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof *in6;
	} else {
		log_warnx("listen address %s is not an IP address", cfg->listen);
		return -1;
	}
	srv.listener = evconnlistener_new_bind(srv.base, listener_accept,
	    &listener_to, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    1024, (struct sockaddr *)&ss, sslen);
	if (srv.listener == NULL) {
		log_warn("cannot listen on %s", spec);
		return -1;
	}
	evconnlistener_set_error_cb(srv.listener, listener_error);
	fd = evconnlistener_get_fd(srv.listener);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		srv.port = ntohs(ss.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&ss)->sin6_port :
		    ((struct sockaddr_in *)&ss)->sin_port);
	if (listener_write_port(cfg->port_file, srv.port) != 0) {
		log_warn("cannot write %s", cfg->port_file);
		return -1;
	}
	log_info("listening on %s:%d", cfg->listen, srv.port);
	return 0;
}

/* Stops accepting for good (shutdown). */
void
listener_stop(void)
{
	if (srv.listener != NULL) {
		evconnlistener_free(srv.listener);
		srv.listener = NULL;
	}
	if (listener_resume_ev != NULL) {
		event_free(listener_resume_ev);
		listener_resume_ev = NULL;
	}
}
