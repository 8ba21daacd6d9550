/* config.c: yishid settings from an INI-style file (see config.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

enum config_type {
	CONFIG_T_STR,		/* any text */
	CONFIG_T_PATH,		/* a path; relative ones are under cfg->dir */
	CONFIG_T_INT,		/* a decimal integer in [min, max] */
	CONFIG_T_LEVEL,		/* a log level name */
};

struct config_item {
	const char		*name;
	enum config_type	 type;
	size_t			 offset;
	const char		*def;	/* CONFIG_T_STR, _PATH, _LEVEL; "" for none */
	int			 idef;	/* CONFIG_T_INT */
	int			 min, max;
	const char		*help;	/* written above the key by config_write */
};

#define CF_STR(n, f, d, h)	{ n, CONFIG_T_STR, offsetof(struct config, f), d, 0, 0, 0, h }
#define CF_PATH(n, f, d, h)	{ n, CONFIG_T_PATH, offsetof(struct config, f), d, 0, 0, 0, h }
#define CF_INT(n, f, d, lo, hi, h) { n, CONFIG_T_INT, offsetof(struct config, f), NULL, d, lo, hi, h }
#define CF_LEVEL(n, f, d, h)	{ n, CONFIG_T_LEVEL, offsetof(struct config, f), d, 0, 0, 0, h }

/* Every setting: name in the file, type, field, default. */
static const struct config_item config_items[] = {
	CF_STR("listen", listen, "127.0.0.1", "address to listen on"),
	CF_INT("port", port, 7400, 0, 65535, "TCP port; 0: any free port"),
	CF_PATH("port_file", port_file, "yishid.port",
	    "the bound port is written here; empty: nowhere"),
	CF_PATH("pid_file", pid_file, "yishid.pid", "empty: no pid file"),
	CF_STR("database", database, "",
	    "libpq URL or conninfo of a superuser of an external database;\n"
	    "# empty: the private cluster in pgdata"),
	CF_PATH("pgdata", pgdata, "pg", "private PostgreSQL data folder"),
	CF_PATH("pgsocket", pgsocket, "run",
	    "private PostgreSQL Unix socket folder"),
	CF_STR("db_role", db_role, "yishid", "role the daemon serves as"),
	CF_INT("db_pool", db_pool, 4, 1, 1000, "PostgreSQL connections"),
	CF_PATH("ca_file", ca_file, "ca.pem", "instance CA certificate"),
	CF_PATH("cert_file", cert_file, "server.pem", "server certificate"),
	CF_PATH("key_file", key_file, "server.key", "server private key"),
	CF_PATH("ca_key_file", ca_key_file, "ca.key",
	    "CA private key (yishid issue only)"),
	CF_PATH("checkpoint_cert_file", checkpoint_cert_file, "checkpoint.pem",
	    "certificate of the key that signs trail heads (its purpose:\n"
	    "# checkpoints only); inspectors pin its key's fingerprint"),
	CF_PATH("checkpoint_key_file", checkpoint_key_file, "checkpoint.key",
	    "the key that signs trail heads"),
	CF_PATH("heads_file", heads_file, "heads",
	    "the trail heads this daemon wrote and signed, kept outside the\n"
	    "# database (docs/security.md)"),
	CF_STR("timezone", timezone, "Asia/Shanghai", "time zone of meetings"),
	CF_INT("max_conns", max_conns, 10000, 1, 1000000,
	    "connection cap; when it is reached a new connection takes the\n"
	    "# place of the oldest one still in its TLS handshake"),
	CF_INT("max_handshakes_per_source", max_handshakes_per_source, 128, 0,
	    1000000,
	    "TLS handshakes under way from one address (IPv6: one /64); more\n"
	    "# are closed at accept; behind a TCP load balancer every client\n"
	    "# is the balancer: raise it or set 0 (no limit)"),
	CF_INT("max_conns_per_identity", max_conns_per_identity, 32, 0, 1000000,
	    "connections one identity (client certificate) may hold;\n"
	    "# 0: no limit"),
	CF_INT("handshake_timeout", handshake_timeout, 10, 1, 3600,
	    "TLS handshake timeout, seconds"),
	CF_INT("handshake_timeout_busy", handshake_timeout_busy, 2, 1, 3600,
	    "TLS handshake timeout while a quarter or more of max_conns\n"
	    "# are in their handshake (a flood), seconds"),
	CF_INT("idle_timeout", idle_timeout, 300, 0, 86400 * 7,
	    "seconds without a request before a connection is closed;\n"
	    "# watchers are kept (TCP keep-alives find dead ones); 0: never"),
	CF_INT("max_inflight", max_inflight, 64, 1, 65536,
	    "requests in flight per connection"),
	CF_INT("rate_limit", rate_limit, 100, 0, 1000000,
	    "requests per second one connection may send (token bucket);\n"
	    "# past it the connection is closed; 0: no limit"),
	CF_INT("rate_burst", rate_burst, 200, 1, 1000000,
	    "requests one connection may send at once, above the rate"),
	CF_INT("max_output", max_output_kib, 4096, 16, 1048576,
	    "KiB of replies and events a connection may leave unread;\n"
	    "# past it the connection is closed"),
	CF_INT("checkpoint_every", checkpoint_every, 100, 1, 1000000,
	    "trail entries of a body between two server-signed checkpoints\n"
	    "# (one is also taken at every meeting close)"),
	CF_INT("verify_threads", verify_threads, 2, 0, 64,
	    "threads checking members' signatures beside the event loop;\n"
	    "# 0: on the loop (read at start-up)"),
	CF_INT("schedule_past_minutes", schedule_past_minutes, 10, 0, 1440,
	    "minutes before now a meeting may still be scheduled for (the\n"
	    "# clocks of the office and the server may differ a little);\n"
	    "# earlier is refused: the record keeps honest times"),
	CF_LEVEL("log_level", log_level, "info", "error | warn | info | debug"),
};
#define CONFIG_NITEMS (sizeof config_items / sizeof config_items[0])

/* Returns the string field of cfg an item names. */
static char **
config_str(struct config *cfg, const struct config_item *it)
{
	return (char **)(void *)((char *)cfg + it->offset);
}

/* Returns the int field of cfg an item names. */
static int *
config_int(struct config *cfg, const struct config_item *it)
{
	return (int *)(void *)((char *)cfg + it->offset);
}

/* Returns a new path: p itself if absolute or empty, else dir/p. */
static char *
config_resolve(const char *dir, const char *p)
{
	if (p[0] == '/' || p[0] == '\0')
		return xstrdup(p);
	if (strcmp(p, ".") == 0)
		return xstrdup(dir);
	return fsutil_join(dir, p);
}

/* Finds an item by name. */
static const struct config_item *
config_find(const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_NITEMS; i++)
		if (strcmp(config_items[i].name, name) == 0)
			return &config_items[i];
	return NULL;
}

/* Fills cfg with the defaults for an instance in dir. */
void
config_defaults(struct config *cfg, const char *dir)
{
	const struct config_item *it;
	size_t i;

	memset(cfg, 0, sizeof *cfg);
	cfg->dir = xstrdup(dir);
	cfg->path = fsutil_join(dir, "yishid.conf");
	for (i = 0; i < CONFIG_NITEMS; i++) {
		it = &config_items[i];
		switch (it->type) {
		case CONFIG_T_INT:
			*config_int(cfg, it) = it->idef;
			break;
		case CONFIG_T_PATH:
			*config_str(cfg, it) = config_resolve(dir, it->def);
			break;
		case CONFIG_T_STR:
		case CONFIG_T_LEVEL:
			*config_str(cfg, it) = xstrdup(it->def);
			break;
		}
	}
}

/* Sets one setting from its text. Returns 0, or -1 with *err set. */
int
config_set(struct config *cfg, const char *key, const char *value, char **err)
{
	const struct config_item *it = config_find(key);
	char **sp, *end;
	long v;

	if (it == NULL) {
		xasprintf(err, "unknown key '%s'", key);
		return -1;
	}
	switch (it->type) {
	case CONFIG_T_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    v < it->min || v > it->max) {
			xasprintf(err, "%s: '%s' is not a number from %d to %d",
			    key, value, it->min, it->max);
			return -1;
		}
		*config_int(cfg, it) = (int)v;
		return 0;
	case CONFIG_T_LEVEL:
		if (strcmp(value, "error") != 0 && strcmp(value, "warn") != 0 &&
		    strcmp(value, "info") != 0 && strcmp(value, "debug") != 0) {
			xasprintf(err, "%s: '%s' is not one of error, warn, "
			    "info, debug", key, value);
			return -1;
		}
		break;
	case CONFIG_T_STR:
	case CONFIG_T_PATH:
		break;
	}
	sp = config_str(cfg, it);
	free(*sp);
	if (it->type == CONFIG_T_PATH)
		*sp = config_resolve(cfg->dir, value);
	else
		*sp = xstrdup(value);
	return 0;
}

/* Removes leading and trailing blanks in place; returns the new start. */
static char *
config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/*
 * Parses a value in place: "quoted" (with \" and \\) or bare, where a '#'
 * after a blank starts a comment. Returns the value, or NULL if malformed.
 */
static char *
config_value(char *s)
{
	char *r, *w, *p;

	s = config_trim(s);
	if (*s != '"') {
		for (p = s; *p != '\0'; p++)
			if (*p == '#' && (p == s || p[-1] == ' ' ||
			    p[-1] == '\t')) {
				*p = '\0';
				break;
			}
		return config_trim(s);
	}
	for (r = w = s + 1; *r != '"'; r++, w++) {
		if (*r == '\0')
			return NULL;
		if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w = *r;
	}
	p = config_trim(r + 1);
	if (*p != '\0' && *p != '#')
		return NULL;
	*w = '\0';
	return s + 1;
}

/* Reads path into cfg (defaults first). */
int
config_load(const char *path, struct config *cfg, char **err)
{
	char *abs, *text, *line, *next, *slash, *key, *val, *eq, *why;
	int lineno = 0;

	*err = NULL;
	memset(cfg, 0, sizeof *cfg);
	if ((abs = realpath(path, NULL)) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((text = fsutil_read(abs, NULL)) == NULL) {
		xasprintf(err, "%s: %s", abs, strerror(errno));
		free(abs);
		return -1;
	}
	slash = strrchr(abs, '/');
	*slash = '\0';
	config_defaults(cfg, abs[0] == '\0' ? "/" : abs);
	*slash = '/';
	free(cfg->path);
	cfg->path = abs;

	for (line = text; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		key = config_trim(line);
		if (*key == '\0' || *key == '#' || *key == ';')
			continue;
		if (*key == '[') {
			if (strcmp(key, "[yishid]") == 0)
				continue;
			xasprintf(err, "%s:%d: unknown section %s", abs, lineno,
			    key);
			goto fail;
		}
		if ((eq = strchr(key, '=')) == NULL) {
			xasprintf(err, "%s:%d: expected key = value", abs,
			    lineno);
			goto fail;
		}
		*eq = '\0';
		key = config_trim(key);
		if ((val = config_value(eq + 1)) == NULL) {
			xasprintf(err, "%s:%d: %s: unterminated or malformed "
			    "quoted value", abs, lineno, key);
			goto fail;
		}
		if (config_set(cfg, key, val, &why) != 0) {
			xasprintf(err, "%s:%d: %s", abs, lineno, why);
			free(why);
			goto fail;
		}
	}
	free(text);
	return 0;
fail:
	free(text);
	config_free(cfg);
	return -1;
}

/* Appends a value to f, quoted when a bare value would not read back. */
static void
config_put_value(FILE *f, const char *v)
{
	const char *p;
	size_t n = strlen(v);

	if (n > 0 && strchr(v, '#') == NULL && v[0] != '"' && v[0] != ' ' &&
	    v[0] != '\t' && v[n - 1] != ' ' && v[n - 1] != '\t') {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* Writes cfg as a yishid.conf to path. */
int
config_write(const struct config *cfg, const char *path)
{
	const struct config_item *it;
	struct config *c = (struct config *)(uintptr_t)cfg;
	const char *v;
	char *buf = NULL;
	size_t len = 0, dl, i;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL) {
		log_warn("config_write");
		return -1;
	}
	fputs("# yishid.conf: settings of one yishi instance (key = value).\n"
	    "# Relative paths are relative to this file's folder.\n\n"
	    "[yishid]\n", f);
	dl = strlen(cfg->dir);
	for (i = 0; i < CONFIG_NITEMS; i++) {
		it = &config_items[i];
		fprintf(f, "\n# %s\n%s = ", it->help, it->name);
		if (it->type == CONFIG_T_INT) {
			fprintf(f, "%d\n", *config_int(c, it));
			continue;
		}
		v = *config_str(c, it);
		if (v == NULL)
			v = "";
		/* Keep the instance relocatable: paths inside it are relative. */
		if (it->type == CONFIG_T_PATH && strcmp(v, cfg->dir) == 0)
			v = ".";
		else if (it->type == CONFIG_T_PATH && dl > 1 &&
		    strncmp(v, cfg->dir, dl) == 0 && v[dl] == '/')
			v += dl + 1;
		config_put_value(f, v);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		log_warn("config_write");
		free(buf);
		return -1;
	}
	/* A database URL may hold a password. */
	rc = fsutil_write(path, buf, len,
	    cfg->database != NULL && cfg->database[0] != '\0' ? 0600 : 0644, 0);
	free(buf);
	return rc;
}

/* Frees the strings of cfg; the struct itself is the caller's. */
void
config_free(struct config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < CONFIG_NITEMS; i++)
		if (config_items[i].type != CONFIG_T_INT) {
			free(*config_str(cfg, &config_items[i]));
			*config_str(cfg, &config_items[i]) = NULL;
		}
	free(cfg->path);
	free(cfg->dir);
	cfg->path = cfg->dir = NULL;
}
