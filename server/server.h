/*
 * server.h: the daemon's one process-wide context. Modules reach shared
 * things (the loop, the settings, the pool) through it instead of through
 * scattered globals.
 */
#ifndef YISHI_SERVER_H
#define YISHI_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>
#include <openssl/ssl.h>

struct config;
struct db;
struct evconnlistener;

struct server {
	struct event_base	*base;
	struct config		*cfg;
	SSL_CTX			*ssl_ctx;	/* swapped whole on SIGHUP */
	struct db		*db;
	struct evconnlistener	*listener;
	bool			 stopping;	/* SIGTERM: drain, then exit */
	int			 port;		/* bound port */
	char			 instance[65];	/* the instance's id, which
						   signed texts name (sign.h) */
};

extern struct server srv;

#endif
