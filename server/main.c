/*
 * main.c: yishid's commands: init, issue and run (see CLI.md "Instance"),
 * start-up, signals and the clean shutdown.
 */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libpq-fe.h>
#include <openssl/ssl.h>

#include "checkpoint.h"
#include "config.h"
#include "conn.h"
#include "db.h"
#include "event.h"
#include "dispatch.h"
#include "headstore.h"
#include "instance.h"
#include "limiter.h"
#include "listener.h"
#include "log.h"
#include "migrate.h"
#include "pgcluster.h"
#include "pki.h"
#include "push.h"
#include "server.h"
#include "tls.h"
#include "verify.h"
#include "xmalloc.h"

#define MAIN_DRAIN_LIMIT_MS 10000	/* in-flight work at SIGTERM */
#define MAIN_WATCHERS_MS 300	/* then for their last frames to leave */

struct server srv;

static struct event *main_drain_timer;
static int main_drain_ms;
static int main_watchers_ms = -1;	/* since the watchers were ended */

/* Prints usage to f. */
static void
main_usage(FILE *f)
{
	fprintf(f,
	    "usage: yishid init DIR [--database URL] [--port N] [--ca-dir CADIR]\n"
	    "       yishid issue DIR NAME [--csr FILE] [--ca-dir CADIR]\n"
	    "       yishid issue DIR --batch FILE | --count N --prefix P "
	    "[--ca-dir CADIR]\n"
	    "       yishid run DIR\n"
	    "       yishid -c FILE\n"
	    "\n"
	    "init   creates an instance folder: CA, server certificate, the key\n"
	    "       that signs checkpoints (its fingerprint is printed: give it\n"
	    "       to inspectors), config, admin identity and (without\n"
	    "       --database) a private PostgreSQL; on an instance made before\n"
	    "       there was a checkpoint key, adds one; --ca-dir writes the\n"
	    "       CA key to CADIR (an offline CA folder), not to DIR\n"
	    "issue  issues a client identity into DIR/identities/NAME/;\n"
	    "       --batch (one name a line, or a seat file of yishi seat\n"
	    "       import: its first column) or --count/--prefix (P1..PN)\n"
	    "       issue many in one process and one transaction; --ca-dir\n"
	    "       names the offline CA folder holding ca.key\n"
	    "run    serves the instance in DIR (or the config FILE of -c);\n"
	    "       SIGTERM stops cleanly, SIGHUP reloads config and TLS\n");
}

/* Checks in-flight work while draining; exits the loop when done. */
static void
main_drain(evutil_socket_t fd, short what, void *arg)
{
	struct timeval tv = { 0, 50000 };

	(void)fd;
	(void)what;
	(void)arg;
	main_drain_ms += 50;
	if (db_pending(srv.db) == 0 || main_drain_ms >= MAIN_DRAIN_LIMIT_MS) {
		if (db_pending(srv.db) != 0)
			log_warnx("shutting down with %zu database batches "
			    "unfinished", db_pending(srv.db));
		/* Watchers hear why and resume elsewhere or later; their
		 * last frame gets a moment to leave. */
		if (main_watchers_ms < 0) {
			size_t n = conn_end_watchers();

			main_watchers_ms = 0;
			if (n > 0) {
				log_info("ended %zu watches", n);
				evtimer_add(main_drain_timer, &tv);
				return;
			}
		} else if ((main_watchers_ms += 50) < MAIN_WATCHERS_MS) {
			evtimer_add(main_drain_timer, &tv);
			return;
		}
		event_base_loopexit(srv.base, NULL);
		return;
	}
	evtimer_add(main_drain_timer, &tv);
}

/* At debug level, every 10 ms: says when the event loop came back late
 * (something held it: the loop must never block). */
static void
main_lag(evutil_socket_t fd, short what, void *arg)
{
	static struct timespec last;
	struct timespec now;
	long late_ms;

	(void)fd;
	(void)what;
	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	late_ms = (now.tv_sec - last.tv_sec) * 1000 +
	    (now.tv_nsec - last.tv_nsec) / 1000000 - 10;
	if (last.tv_sec != 0 && late_ms >= 20)
		log_debug("event loop %ld ms late", late_ms);
	last = now;
}

/* SIGTERM/SIGINT: stop accepting, finish in-flight work, exit 0. */
static void
main_sigterm(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	(void)arg;
	if (srv.stopping)
		return;
	log_info("signal %d: stopping", (int)sig);
	srv.stopping = true;
	listener_stop();
	conn_stop_all();
	main_drain_timer = evtimer_new(srv.base, main_drain, NULL);
	main_drain(-1, 0, NULL);
}

/* SIGHUP: reload the config's log level and the TLS material. */
static void
main_sighup(evutil_socket_t sig, short what, void *arg)
{
	struct config cfg;
	SSL_CTX *ctx;
	char *err = NULL;

	(void)sig;
	(void)what;
	(void)arg;
	if (config_load(srv.cfg->path, &cfg, &err) != 0) {
		log_warnx("reload: %s: keeping the old settings", err);
		free(err);
		return;
	}
	if ((ctx = tls_ctx_new(&cfg)) == NULL) {
		log_warnx("reload: TLS material is broken: keeping the old one");
		config_free(&cfg);
		return;
	}
	SSL_CTX_free(srv.ssl_ctx);
	srv.ssl_ctx = ctx;
	if (checkpoint_load(&cfg) != 0)
		log_warnx("reload: keeping the old checkpoint key");
	log_set_level(cfg.log_level);
	srv.cfg->max_conns = cfg.max_conns;
	srv.cfg->max_inflight = cfg.max_inflight;
	srv.cfg->handshake_timeout = cfg.handshake_timeout;
	srv.cfg->handshake_timeout_busy = cfg.handshake_timeout_busy;
	srv.cfg->max_handshakes_per_source = cfg.max_handshakes_per_source;
	srv.cfg->max_conns_per_identity = cfg.max_conns_per_identity;
	srv.cfg->idle_timeout = cfg.idle_timeout;
	srv.cfg->rate_limit = cfg.rate_limit;
	srv.cfg->rate_burst = cfg.rate_burst;
	srv.cfg->max_output_kib = cfg.max_output_kib;
	config_free(&cfg);
	conn_limiter_reload();
	log_info("reloaded configuration and TLS material");
}

/* Raises the soft limit on open files to the hard one when max_conns needs
 * more (one descriptor a connection, plus the pool and a few files); says
 * so when even the hard limit is short. */
static void
main_raise_nofile(const struct config *cfg)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)cfg->max_conns + (rlim_t)cfg->db_pool + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < want && rl.rlim_cur < rl.rlim_max) {
		rlim_t was = rl.rlim_cur;

		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			log_warn("setrlimit RLIMIT_NOFILE");
		else
			log_info("open files: raised the soft limit from %llu "
			    "to the hard limit %llu", (unsigned long long)was,
			    (unsigned long long)rl.rlim_cur);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur < want)
		log_warnx("open files are limited to %llu, below max_conns "
		    "(%d) and the database pool: past it new connections "
		    "wait (raise ulimit -n)", (unsigned long long)rl.rlim_cur,
		    cfg->max_conns);
}

/* Applies the migrations as the superuser, before serving (blocking). */
static int
main_migrate(const struct config *cfg)
{
	char *ci = pgcluster_conninfo(cfg, NULL);
	PGconn *pg = PQconnectdb(ci);
	char sql[256];
	PGresult *r;
	int rc = -1;

	if (PQstatus(pg) != CONNECTION_OK) {
		log_warnx("cannot connect to the database: %s",
		    PQerrorMessage(pg));
		goto out;
	}
	if (migrate_apply(pg) != 0)
		goto out;
	/* Times on the wire and dates of the calendar: the instance zone. */
	snprintf(sql, sizeof sql, "ALTER ROLE %s SET TimeZone TO '%s'",
	    cfg->db_role, cfg->timezone);
	r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		log_warnx("setting the time zone: %s", PQerrorMessage(pg));
	else
		rc = 0;
	PQclear(r);
out:
	PQfinish(pg);
	free(ci);
	return rc;
}

/* Writes our pid to the pid file (temp + rename). */
static void
main_write_pid(const struct config *cfg)
{
	char tmp[PATH_MAX];
	FILE *f;

	if (cfg->pid_file == NULL || cfg->pid_file[0] == '\0')
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", cfg->pid_file);
	if ((f = fopen(tmp, "w")) == NULL) {
		log_warn("%s", tmp);
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0 || rename(tmp, cfg->pid_file) != 0)
		log_warn("%s", cfg->pid_file);
}

/* Serves until SIGTERM; returns the exit code. */
static int
main_run(const char *path)
{
	struct config cfg;
	struct event *ev_term, *ev_int, *ev_hup, *ev_lag = NULL;
	char *err = NULL, *ci;
	bool own_cluster = false;

	if (config_load(path, &cfg, &err) != 0) {
		fprintf(stderr, "yishid: %s\n", err);
		free(err);
		return 1;
	}
	log_set_level(cfg.log_level);
	srv.cfg = &cfg;
	event_init(cfg.timezone);	/* events' times (event.h) */
	signal(SIGPIPE, SIG_IGN);
	main_raise_nofile(&cfg);
	if (pgcluster_is_private(&cfg)) {
		/* A cluster we start is ours to stop; one already running
		 * (another daemon's, or left by a killed run) is not. */
		own_cluster = !pgcluster_running(&cfg);
		if (pgcluster_start(&cfg) != 0)
			fatalx("cannot start the private PostgreSQL in %s",
			    cfg.pgdata);
	}
	if (main_migrate(&cfg) != 0)
		fatalx("cannot prepare the database");
	if ((srv.ssl_ctx = tls_ctx_new(&cfg)) == NULL)
		fatalx("cannot load the TLS material");
	if (pki_instance_id(cfg.ca_file, srv.instance) != 0)
		fatalx("cannot read the instance CA certificate %s",
		    cfg.ca_file);
	if (checkpoint_load(&cfg) != 0)
		fatalx("cannot load the key that signs checkpoints");
	(void)headstore_load(cfg.heads_file);
	/* Retries after a lost race for a trail head wait a random pause
	 * (req.c): daemons must not draw the same one. */
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	srv.base = event_base_new();
	if (srv.base == NULL)
		fatalx("event_base_new");
	ci = pgcluster_conninfo(&cfg, cfg.db_role);
	if (verify_start(srv.base, cfg.verify_threads) != 0)
		fatalx("cannot start the signature verifier threads");
	srv.db = db_new(srv.base, ci, cfg.db_pool);
	push_start(srv.db);
	headstore_check();
	free(ci);
	if (limiter_init() != 0)
		fatalx("cannot key the connection limits' hash");
	if (listener_start(&cfg, dispatch_request, NULL) != 0)
		fatalx("cannot listen");
	main_write_pid(&cfg);
	ev_term = evsignal_new(srv.base, SIGTERM, main_sigterm, NULL);
	ev_int = evsignal_new(srv.base, SIGINT, main_sigterm, NULL);
	ev_hup = evsignal_new(srv.base, SIGHUP, main_sighup, NULL);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_hup, NULL);
	log_info("yishid ready (pid %ld)", (long)getpid());
	if (log_level_current >= LOG_L_DEBUG) {
		struct timeval ten = { 0, 10000 };

		ev_lag = event_new(srv.base, -1, EV_PERSIST, main_lag, NULL);
		event_add(ev_lag, &ten);
	}

	event_base_dispatch(srv.base);

	log_info("stopped");
	push_log_counts();
	limiter_log_counts();
	conn_free_all();
	limiter_free();
	db_free(srv.db);
	srv.db = NULL;
	headstore_stop();
	verify_stop();
	listener_stop();
	if (ev_lag != NULL)
		event_free(ev_lag);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	if (main_drain_timer != NULL)
		event_free(main_drain_timer);
	if (cfg.pid_file != NULL && cfg.pid_file[0] != '\0')
		unlink(cfg.pid_file);
	if (cfg.port_file != NULL && cfg.port_file[0] != '\0')
		unlink(cfg.port_file);
	event_base_free(srv.base);
	SSL_CTX_free(srv.ssl_ctx);
	checkpoint_unload();
	if (own_cluster && pgcluster_stop(&cfg) != 0)
		log_warnx("could not stop the private PostgreSQL");
	config_free(&cfg);
	return 0;
}

/* Parses "--flag VALUE" pairs after the positional arguments. */
static const char *
main_flag(int argc, char **argv, int from, const char *name)
{
	int i;

	for (i = from; i < argc - 1; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* Refuses unknown flags: returns 0 when every flag is in `known`. */
static int
main_check_flags(int argc, char **argv, int from, const char *const *known)
{
	int i;
	const char *const *k;

	/* Flags come in pairs: the flag, then its value. */
	for (i = from; i < argc; i += 2) {
		for (k = known; *k != NULL; k++)
			if (strcmp(argv[i], *k) == 0)
				break;
		if (*k == NULL || i + 1 >= argc) {
			fprintf(stderr, "yishid: unexpected argument: %s\n",
			    argv[i]);
			return -1;
		}
	}
	return 0;
}

/* Refuses an operand that looks like an option ("-rf" where a folder or
 * an identity name is expected); returns -1 after saying so. */
static int
main_operand(const char *arg, bool folder)
{
	if (arg[0] != '-')
		return 0;
	if (folder)
		fprintf(stderr, "yishid: %s looks like an option, not a folder "
		    "(write ./%s for a folder so named); see yishid --help\n",
		    arg, arg);
	else
		fprintf(stderr, "yishid: %s looks like an option, not an "
		    "identity name (a name may not start with '-'); see yishid "
		    "--help\n", arg);
	return -1;
}

/* Dispatches yishid's subcommands: init, issue, run. */
int
main(int argc, char **argv)
{
	char path[PATH_MAX];

	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "init") == 0 && argc >= 3) {
		static const char *const known[] = { "--database", "--port",
		    "--ca-dir", NULL };
		const char *port = main_flag(argc, argv, 3, "--port");
		char *end = NULL;
		long p = INSTANCE_PORT_DEFAULT;

		if (main_operand(argv[2], true) != 0 ||
		    main_check_flags(argc, argv, 3, known) != 0)
			return 2;
		if (port != NULL) {
			p = strtol(port, &end, 10);
			if (*end != '\0' || p < 0 || p > 65535) {
				fprintf(stderr, "yishid: bad port %s\n", port);
				return 2;
			}
		}
		return instance_init(argv[2], main_flag(argc, argv, 3,
		    "--database"), (int)p, main_flag(argc, argv, 3,
		    "--ca-dir")) == 0 ? 0 : 1;
	}
	if (strcmp(argv[1], "issue") == 0 && argc >= 5 &&
	    (strcmp(argv[3], "--batch") == 0 ||
	    strcmp(argv[3], "--count") == 0)) {
		static const char *const known[] = { "--batch", "--count",
		    "--prefix", "--ca-dir", NULL };
		const char *file = main_flag(argc, argv, 3, "--batch");
		const char *count = main_flag(argc, argv, 3, "--count");
		const char *prefix = main_flag(argc, argv, 3, "--prefix");
		char *end = NULL;
		long n = 0;

		if (main_operand(argv[2], true) != 0 ||
		    main_check_flags(argc, argv, 3, known) != 0)
			return 2;
		if ((file == NULL) == (count == NULL) ||
		    (count != NULL) != (prefix != NULL)) {
			fprintf(stderr, "yishid: issue takes --batch FILE or "
			    "--count N --prefix P\n");
			return 2;
		}
		if (count != NULL) {
			n = strtol(count, &end, 10);
			if (*end != '\0' || n < 1 || n > 1000000) {
				fprintf(stderr, "yishid: bad count %s\n", count);
				return 2;
			}
		}
		return instance_issue_batch(argv[2], file, n, prefix,
		    main_flag(argc, argv, 3, "--ca-dir")) == 0 ? 0 : 1;
	}
	if (strcmp(argv[1], "issue") == 0 && argc >= 4) {
		static const char *const known[] = { "--csr", "--ca-dir",
		    NULL };

		if (main_operand(argv[2], true) != 0 ||
		    main_operand(argv[3], false) != 0 ||
		    main_check_flags(argc, argv, 4, known) != 0)
			return 2;
		return instance_issue(argv[2], argv[3], main_flag(argc, argv,
		    4, "--csr"), main_flag(argc, argv, 4, "--ca-dir")) == 0 ?
		    0 : 1;
	}
	if (strcmp(argv[1], "run") == 0 && argc == 3) {
		if (main_operand(argv[2], true) != 0)
			return 2;
		snprintf(path, sizeof path, "%s/yishid.conf", argv[2]);
		return main_run(path);
	}
	if (strcmp(argv[1], "-c") == 0 && argc == 3)
		return main_run(argv[2]);
	main_usage(stderr);
	return 2;
}
