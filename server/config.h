/*
 * config.h: yishid settings, from DIR/yishid.conf (INI style, "key = value",
 * '#' comments, one [yishid] section) and from flags.
 *
 * Relative paths in the file are relative to the folder holding it.
 */
#ifndef YISHI_CONFIG_H
#define YISHI_CONFIG_H

#include <stdbool.h>

struct config {
	char	*path;		/* the file read, absolute */
	char	*dir;		/* instance folder (the file's folder) */
	char	*listen;	/* address, default 127.0.0.1 */
	int	 port;		/* default 7400; 0: any free port */
	char	*port_file;	/* bound port written here (temp + rename) */
	char	*pid_file;
	char	*database;	/* libpq conninfo or URL of the superuser used
				   for migrations; "" when pgdata is set */
	char	*pgdata;	/* private cluster data folder, or "" */
	char	*pgsocket;	/* private cluster socket folder */
	char	*db_role;	/* role the daemon serves as: "yishid" */
	int	 db_pool;	/* PostgreSQL connections, default 4 */
	char	*ca_file;	/* instance CA certificate (PEM) */
	char	*cert_file;	/* server certificate (PEM) */
	char	*key_file;	/* server key (PEM) */
	char	*ca_key_file;	/* CA key, used by `yishid issue` only */
	char	*checkpoint_cert_file; /* the checkpoint key's certificate */
	char	*checkpoint_key_file;  /* the key that signs trail heads */
	char	*heads_file;	/* heads written and signed (headstore.h) */
	char	*timezone;	/* default Asia/Shanghai */
	int	 max_conns;	/* connection cap, default 10000 */
	int	 max_handshakes_per_source; /* handshakes under way from one
					   address (IPv6: /64), 0: no limit */
	int	 max_conns_per_identity; /* 0: no limit */
	int	 handshake_timeout;	/* seconds, default 10 */
	int	 handshake_timeout_busy; /* seconds, under pressure */
	int	 idle_timeout;	/* seconds, default 300, 0: none */
	int	 max_inflight;	/* requests in flight per connection, 64 */
	int	 rate_limit;	/* requests/second per connection, 0: none */
	int	 rate_burst;	/* token bucket depth */
	int	 max_output_kib; /* unread output before a slow reader is closed */
	int	 checkpoint_every; /* trail entries between signed checkpoints */
	int	 verify_threads; /* signature verifier threads; 0: the loop */
	int	 schedule_past_minutes; /* how far in the past a meeting may
					   be scheduled (clock skew), default 10 */
	char	*log_level;	/* error | warn | info | debug */
};

/* Reads path into cfg (defaults first, cfg->dir is the file's folder).
   Returns 0, or -1 with *err set (malloc'd, "file:line: what"); on error
   cfg holds nothing to free. */
int config_load(const char *path, struct config *cfg, char **err)
    __attribute__((warn_unused_result));

/* Fills cfg with the defaults for an instance in dir. */
void config_defaults(struct config *cfg, const char *dir);

/* Sets one setting by its file name from text (for flags): ints are
   range-checked, relative paths are taken under cfg->dir. Returns 0, or -1
   with *err set (malloc'd). */
int config_set(struct config *cfg, const char *key, const char *value,
    char **err) __attribute__((warn_unused_result));

/* Writes cfg as a yishid.conf to path (temp + rename), every setting with
   a comment; paths under cfg->dir are written relative. Returns 0 or -1
   (logged, errno set). */
int config_write(const struct config *cfg, const char *path)
    __attribute__((warn_unused_result));

/* Frees the strings of cfg; the struct itself is the caller's. */
void config_free(struct config *cfg);

#endif
