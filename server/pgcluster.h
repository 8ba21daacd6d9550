/*
 * pgcluster.h: the instance's private PostgreSQL cluster, data in
 * cfg->pgdata (DIR/pg), listening only on a Unix socket in cfg->pgsocket
 * (DIR/run), superuser "postgres" with trust authentication, database
 * "yishi". Nothing else can connect: the socket folder is mode 0700.
 *
 * The PostgreSQL programs never run as root. When yishid runs as root they
 * run as the owner of the data folder, which pgcluster_create makes the
 * "postgres" system user (created with useradd when missing); otherwise as
 * the current user. Their output goes to DIR/pg.log.
 *
 * The programs are found in $YISHI_PGBIN, else `pg_config --bindir`, else
 * the newest /usr/lib/postgresql/N/bin.
 *
 * Blocking: start-up and `yishid init/issue` only. Fallible functions
 * return 0, or -1 after logging.
 */
#ifndef YISHI_PGCLUSTER_H
#define YISHI_PGCLUSTER_H

struct config;

/* Tells whether cfg uses the private cluster: database is empty and pgdata
   is set. With a database URL, pgdata is ignored. */
int pgcluster_is_private(const struct config *cfg);

/* Checks, before anything is made, that the cluster of cfg can exist:
   the socket path fits in sun_path, and the PostgreSQL programs are
   installed. */
int pgcluster_check(const struct config *cfg)
    __attribute__((warn_unused_result));

/* Creates the cluster of cfg: initdb into cfg->pgdata, the socket folder,
   and the settings. Does not start it (pgcluster_start also creates the
   database "yishi"). Refuses when pgdata is not empty. */
int pgcluster_create(const struct config *cfg)
    __attribute__((warn_unused_result));

/* Tells whether the cluster answers on its socket (1) or not (0). */
int pgcluster_running(const struct config *cfg);

/* Starts the cluster unless it already answers, then makes sure database
   "yishi" exists. Copes with a cluster left running or killed by an
   earlier run (stale postmaster.pid, backends still exiting). */
int pgcluster_start(const struct config *cfg)
    __attribute__((warn_unused_result));

/* Stops the cluster (fast shutdown); a stopped cluster is fine. */
int pgcluster_stop(const struct config *cfg)
    __attribute__((warn_unused_result));

/*
 * Returns a new libpq conninfo for database "yishi" as role, or as the
 * superuser when role is NULL. Private cluster:
 * "host='DIR/run' port=5432 dbname=yishi user=ROLE". External database
 * (cfg->database, a URL or conninfo naming a superuser): its parameters as
 * key='value' pairs; for a role other than NULL, user becomes role and
 * password is dropped (the daemon role authenticates by its own means:
 * ~/.pgpass, PGPASSFILE, peer or cert). Returns NULL if cfg->database does
 * not parse (logged).
 */
char *pgcluster_conninfo(const struct config *cfg, const char *role)
    __attribute__((warn_unused_result));

#endif
