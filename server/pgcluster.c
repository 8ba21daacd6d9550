/* pgcluster.c: the instance's private PostgreSQL cluster (see pgcluster.h). */
#include "pgcluster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

#define PGCLUSTER_PORT		5432
#define PGCLUSTER_SUPERUSER	"postgres"
#define PGCLUSTER_DB		"yishi"
#define PGCLUSTER_OSUSER	"postgres"	/* when yishid runs as root */
#define PGCLUSTER_START_TRIES	10
#define PGCLUSTER_MAX_GROUPS	64

/* Who the PostgreSQL programs run as. */
struct pgcluster_user {
	uid_t	 uid;
	gid_t	 gid;
	int	 drop;		/* 1: we are root and switch to uid */
	int	 ngroups;
	gid_t	 groups[PGCLUSTER_MAX_GROUPS];
	char	 name[64];
	char	 home[PATH_MAX];
};

/* Tells whether cfg uses the private cluster. */
int
pgcluster_is_private(const struct config *cfg)
{
	return (cfg->database == NULL || cfg->database[0] == '\0') &&
	    cfg->pgdata != NULL && cfg->pgdata[0] != '\0';
}

/* Returns a new path to the cluster's log: DIR/pg.log. */
static char *
pgcluster_logpath(const struct config *cfg)
{
	return fsutil_join(cfg->dir, "pg.log");
}

/*
 * Runs argv (argv[0] a full path, or a name looked up in PATH when
 * search is set) as u, stdin from /dev/null, stdout to outfd, stderr to
 * errfd (-1: inherited). Returns the exit status, or -1 (logged).
 */
static int
pgcluster_spawn(const struct pgcluster_user *u, char *const argv[],
    int outfd, int errfd, int search)
{
	char path[PATH_MAX + 8], home[PATH_MAX + 8], tz[128];
	char *envp[4];
	const char *ptz = getenv("TZ");
	int n = 0, status, devnull;
	pid_t pid, w;

	/* A small, predictable environment: no PG* variables leak in. */
	snprintf(path, sizeof path, "PATH=%s", "/usr/local/bin:/usr/bin:/bin");
	envp[n++] = path;
	if (u != NULL) {
		snprintf(home, sizeof home, "HOME=%s", u->home);
		envp[n++] = home;
	}
	if (ptz != NULL && strlen(ptz) < sizeof tz - 4) {
		snprintf(tz, sizeof tz, "TZ=%s", ptz);
		envp[n++] = tz;
	}
	envp[n] = NULL;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		log_warn("fork for %s", argv[0]);
		return -1;
	}
	if (pid == 0) {
		if ((devnull = open("/dev/null", O_RDWR)) >= 0)
			dup2(devnull, 0);
		if (outfd >= 0)
			dup2(outfd, 1);
		if (errfd >= 0)
			dup2(errfd, 2);
		closefrom(3);
		if (u != NULL && u->drop &&
		    (setgroups((size_t)u->ngroups, u->groups) != 0 ||
		    setgid(u->gid) != 0 || setuid(u->uid) != 0 ||
		    setuid(0) == 0)) {
			dprintf(2, "yishid: cannot switch to user %s: %s\n",
			    u->name, strerror(errno));
			_exit(126);
		}
		if (chdir("/") != 0)
			_exit(126);
		if (search)
			execvpe(argv[0], argv, envp);
		else
			execve(argv[0], argv, envp);
		dprintf(2, "yishid: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0) {
		log_warn("waitpid %s", argv[0]);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		log_warnx("%s killed by signal %d", argv[0], WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

/* Returns the folder of the PostgreSQL programs (cached), or NULL. */
static const char *
pgcluster_bindir(void)
{
	static char *bindir;
	char buf[PATH_MAX], *p, *initdb;
	char *argv[] = { "pg_config", "--bindir", NULL };
	const char *env = getenv("YISHI_PGBIN");
	int fds[2], best = -1, v;
	ssize_t n;
	size_t len = 0;
	DIR *d;
	struct dirent *de;

	if (bindir != NULL)
		return bindir;
	if (env != NULL && env[0] != '\0') {
		bindir = xstrdup(env);
		return bindir;
	}
	if (pipe2(fds, O_CLOEXEC) == 0) {
		if (pgcluster_spawn(NULL, argv, fds[1], -1, 1) == 0) {
			close(fds[1]);
			while (len < sizeof buf - 1 && (n = read(fds[0],
			    buf + len, sizeof buf - 1 - len)) > 0)
				len += (size_t)n;
			buf[len] = '\0';
			if ((p = strchr(buf, '\n')) != NULL)
				*p = '\0';
			initdb = fsutil_join(buf, "initdb");
			if (buf[0] == '/' && access(initdb, X_OK) == 0)
				bindir = xstrdup(buf);
			free(initdb);
		} else
			close(fds[1]);
		close(fds[0]);
	}
	if (bindir != NULL)
		return bindir;
	/* Debian keeps one folder per major version. */
	if ((d = opendir("/usr/lib/postgresql")) != NULL) {
		while ((de = readdir(d)) != NULL) {
			v = atoi(de->d_name);
			snprintf(buf, sizeof buf, "/usr/lib/postgresql/%s/bin/"
			    "initdb", de->d_name);
			if (v > best && access(buf, X_OK) == 0)
				best = v;
		}
		closedir(d);
	}
	if (best >= 0) {
		xasprintf(&bindir, "/usr/lib/postgresql/%d/bin", best);
		return bindir;
	}
	log_warnx("no PostgreSQL server programs found (pg_config --bindir, "
	    "/usr/lib/postgresql/N/bin); install postgresql or set YISHI_PGBIN");
	return NULL;
}

/* Returns a new path to PostgreSQL program prog, or NULL. */
static char *
pgcluster_prog(const char *prog)
{
	const char *bindir = pgcluster_bindir();

	return bindir == NULL ? NULL : fsutil_join(bindir, prog);
}

/* Fills u from a passwd entry. */
static int
pgcluster_user_from(struct pgcluster_user *u, const struct passwd *pw)
{
	int ng = PGCLUSTER_MAX_GROUPS;

	memset(u, 0, sizeof *u);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->drop = geteuid() == 0;
	snprintf(u->name, sizeof u->name, "%s", pw->pw_name);
	snprintf(u->home, sizeof u->home, "%s",
	    pw->pw_dir != NULL ? pw->pw_dir : "/");
	if (getgrouplist(pw->pw_name, pw->pw_gid, u->groups, &ng) < 0) {
		/* Too many groups: keep the primary one only. */
		u->groups[0] = pw->pw_gid;
		ng = 1;
	}
	u->ngroups = ng;
	return 0;
}

/* Creates the PostgreSQL system user (we are root). */
static int
pgcluster_useradd(void)
{
	char *argv[] = { "useradd", "--system", "--user-group",
	    "--home-dir", "/nonexistent", "--no-create-home",
	    "--shell", "/usr/sbin/nologin", "--comment", "PostgreSQL (yishi)",
	    PGCLUSTER_OSUSER, NULL };
	int st;

	log_info("creating the system user %s to run PostgreSQL",
	    PGCLUSTER_OSUSER);
	st = pgcluster_spawn(NULL, argv, -1, -1, 1);
	if (st != 0) {
		log_warnx("useradd %s failed (exit %d)", PGCLUSTER_OSUSER, st);
		return -1;
	}
	return 0;
}

/*
 * Decides who runs PostgreSQL for cfg. Not root: ourselves. Root: the owner
 * of an existing data folder, else the "postgres" user (created if
 * missing).
 */
static int
pgcluster_user(const struct config *cfg, struct pgcluster_user *u)
{
	struct passwd *pw;
	struct stat st;

	if (geteuid() != 0) {
		if ((pw = getpwuid(geteuid())) == NULL) {
			log_warnx("no passwd entry for uid %ld", (long)geteuid());
			return -1;
		}
		return pgcluster_user_from(u, pw);
	}
	if (stat(cfg->pgdata, &st) == 0 && st.st_uid != 0) {
		if ((pw = getpwuid(st.st_uid)) == NULL) {
			log_warnx("%s: owner uid %ld has no passwd entry",
			    cfg->pgdata, (long)st.st_uid);
			return -1;
		}
		return pgcluster_user_from(u, pw);
	}
	if ((pw = getpwnam(PGCLUSTER_OSUSER)) == NULL) {
		if (pgcluster_useradd() != 0)
			return -1;
		if ((pw = getpwnam(PGCLUSTER_OSUSER)) == NULL) {
			log_warnx("user %s still missing after useradd",
			    PGCLUSTER_OSUSER);
			return -1;
		}
	}
	if (pw->pw_uid == 0) {
		log_warnx("user %s is root: PostgreSQL cannot run as root",
		    PGCLUSTER_OSUSER);
		return -1;
	}
	return pgcluster_user_from(u, pw);
}

/*
 * As root, lets u reach path: every folder above it that u could not
 * search gets o+x (search only, nothing listable). mktemp -d folders are
 * 0700, for instance.
 */
static int
pgcluster_traversable(const struct pgcluster_user *u, const char *path)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int rc = 0, i, ingroup;

	if (!u->drop) {
		free(p);
		return 0;
	}
	while ((s = strrchr(p, '/')) != NULL) {
		if (s == p)
			s[1] = '\0';
		else
			*s = '\0';
		if (stat(p, &st) != 0) {
			log_warn("stat %s", p);
			rc = -1;
			break;
		}
		ingroup = 0;
		for (i = 0; i < u->ngroups; i++)
			if (u->groups[i] == st.st_gid)
				ingroup = 1;
		if (!(st.st_uid == u->uid ? st.st_mode & S_IXUSR :
		    ingroup ? st.st_mode & S_IXGRP : st.st_mode & S_IXOTH)) {
			if (chmod(p, (st.st_mode & 07777) | S_IXOTH) != 0) {
				log_warn("chmod o+x %s", p);
				rc = -1;
				break;
			}
			log_info("%s: added o+x so that PostgreSQL (user %s) "
			    "can reach its files", p, u->name);
		}
		if (strcmp(p, "/") == 0)
			break;
	}
	free(p);
	return rc;
}

/* Makes folder path (mode 0700) if missing and gives it to u. */
static int
pgcluster_own_dir(const struct pgcluster_user *u, const char *path)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		log_warn("mkdir %s", path);
		return -1;
	}
	if (u->drop && chown(path, u->uid, u->gid) != 0) {
		log_warn("chown %s", path);
		return -1;
	}
	if (chmod(path, 0700) != 0) {
		log_warn("chmod %s", path);
		return -1;
	}
	return 0;
}

/* Opens DIR/pg.log for appending, owned by u. Returns the fd or -1. */
static int
pgcluster_open_log(const struct config *cfg, const struct pgcluster_user *u)
{
	char *path = pgcluster_logpath(cfg);
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		log_warn("open %s", path);
	else if (u->drop && fchown(fd, u->uid, u->gid) != 0) {
		log_warn("chown %s", path);
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

/* Logs the last lines of DIR/pg.log, to explain a failure. */
static void
pgcluster_log_tail(const struct config *cfg)
{
	char *path = pgcluster_logpath(cfg), *text, *p, *line;
	size_t len;
	int lines = 0;

	if ((text = fsutil_read(path, &len)) == NULL) {
		free(path);
		return;
	}
	for (p = text + len; p > text; p--)
		if (p[-1] == '\n' && p != text + len && ++lines > 12)
			break;
	log_warnx("last lines of %s:", path);
	for (line = strtok(p, "\n"); line != NULL; line = strtok(NULL, "\n"))
		log_warnx("  %s", line);
	free(text);
	free(path);
}

/* Runs a PostgreSQL program as u with output into DIR/pg.log. Returns its
   exit status or -1; a nonzero status is logged with the log's tail. */
static int
pgcluster_run(const struct config *cfg, const struct pgcluster_user *u,
    char *const argv[], int quiet)
{
	int fd, st, i;

	if ((fd = pgcluster_open_log(cfg, u)) < 0)
		return -1;
	dprintf(fd, "--- yishid runs:");
	for (i = 0; argv[i] != NULL; i++)
		dprintf(fd, " %s", argv[i]);
	dprintf(fd, "\n");
	st = pgcluster_spawn(u, argv, fd, fd, 0);
	close(fd);
	if (st != 0 && !quiet) {
		log_warnx("%s failed (exit %d)", argv[0], st);
		pgcluster_log_tail(cfg);
	}
	return st;
}

/* Checks the socket folder: short enough for sun_path, and no characters
   that would need quoting in postgresql.conf or the pg_ctl command. */
static int
pgcluster_check_socket(const struct config *cfg)
{
	struct sockaddr_un sun;
	char sock[sizeof sun.sun_path + 32];
	const char *p;

	snprintf(sock, sizeof sock, "%s/.s.PGSQL.%d", cfg->pgsocket,
	    PGCLUSTER_PORT);
	if (strlen(sock) >= sizeof sun.sun_path) {
		log_warnx("socket path %s/.s.PGSQL.%d is longer than %zu bytes: "
		    "use a shorter instance folder", cfg->pgsocket,
		    PGCLUSTER_PORT, sizeof sun.sun_path - 1);
		return -1;
	}
	for (p = cfg->pgsocket; *p != '\0'; p++)
		if (*p == '\'' || *p == '"' || *p == '\\' || *p == ',' ||
		    (unsigned char)*p < 0x20) {
			log_warnx("%s: the socket folder may not contain quotes, "
			    "backslashes, commas or control characters",
			    cfg->pgsocket);
			return -1;
		}
	if (cfg->pgsocket[0] != '/') {
		log_warnx("%s: the socket folder must be absolute",
		    cfg->pgsocket);
		return -1;
	}
	return 0;
}

/* Tells whether folder path holds anything. */
static int
pgcluster_nonempty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int any = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			any = 1;
	closedir(d);
	return any;
}

/*
 * Appends the instance settings to pgdata/postgresql.conf. The memory and
 * WAL settings are PostgreSQL's defaults but for wal_buffers (16MB, not a
 * 32nd of shared_buffers) and min_wal_size: the 10,000-voter bench writes
 * some 240MB of WAL (set-up included), and with 32MB of shared buffers (1MB
 * of WAL buffers) and 256MB of WAL its vote rounds stalled every ~150 ms
 * (README, Performance). log_lock_waits names any wait over a second.
 */
static int
pgcluster_write_conf(const struct config *cfg)
{
	char *path = fsutil_join(cfg->pgdata, "postgresql.conf");
	FILE *f;
	int rc = 0;

	if ((f = fopen(path, "a")) == NULL) {
		log_warn("open %s", path);
		free(path);
		return -1;
	}
	fprintf(f, "\n# --- yishi: private cluster of one instance, reached "
	    "only through its\n# Unix socket (trust authentication: the "
	    "socket folder is mode 0700).\n"
	    "listen_addresses = ''\n"
	    "port = %d\n"
	    "unix_socket_directories = '%s'\n"
	    "unix_socket_permissions = 0700\n"
	    "max_connections = 50\n"
	    "shared_buffers = 128MB\n"
	    "wal_buffers = 16MB\n"
	    "max_wal_size = 1GB\n"
	    "min_wal_size = 256MB\n"
	    "log_line_prefix = '%%m [%%p] '\n"
	    "log_min_messages = warning\n"
	    "log_lock_waits = on\n",
	    PGCLUSTER_PORT, cfg->pgsocket);
	if (fclose(f) != 0) {
		log_warn("write %s", path);
		rc = -1;
	}
	free(path);
	return rc;
}

/* Checks that the cluster of cfg can exist, before anything is made. */
int
pgcluster_check(const struct config *cfg)
{
	if (!pgcluster_is_private(cfg)) {
		log_warnx("no private cluster: the instance uses an external "
		    "database");
		return -1;
	}
	if (pgcluster_check_socket(cfg) != 0 || pgcluster_bindir() == NULL)
		return -1;
	return 0;
}

/* Creates the cluster of cfg (initdb and settings; not started). */
int
pgcluster_create(const struct config *cfg)
{
	struct pgcluster_user u;
	char *initdb = NULL;
	char *argv[] = { NULL, "-D", cfg->pgdata, "-A", "trust",
	    "-U", PGCLUSTER_SUPERUSER, "-N", "-E", "UTF8",
	    "--locale=C.UTF-8", NULL };
	int st, rc = -1;

	if (pgcluster_check(cfg) != 0 || pgcluster_user(cfg, &u) != 0)
		return -1;
	if (pgcluster_nonempty(cfg->pgdata)) {
		log_warnx("%s is not empty: refusing to create a cluster there",
		    cfg->pgdata);
		return -1;
	}
	if ((initdb = pgcluster_prog("initdb")) == NULL)
		return -1;
	argv[0] = initdb;
	if (pgcluster_own_dir(&u, cfg->pgdata) != 0 ||
	    pgcluster_own_dir(&u, cfg->pgsocket) != 0 ||
	    pgcluster_traversable(&u, cfg->pgdata) != 0 ||
	    pgcluster_traversable(&u, cfg->pgsocket) != 0)
		goto out;
	log_info("creating the PostgreSQL cluster in %s (as user %s)",
	    cfg->pgdata, u.name);
	st = pgcluster_run(cfg, &u, argv, 1);
	if (st != 0 && !pgcluster_nonempty(cfg->pgdata)) {
		/* The C.UTF-8 locale is missing on some systems. */
		log_info("initdb with locale C.UTF-8 failed, trying C");
		argv[10] = "--locale=C";
		st = pgcluster_run(cfg, &u, argv, 1);
	}
	if (st != 0) {
		log_warnx("initdb failed (exit %d)", st);
		pgcluster_log_tail(cfg);
		goto out;
	}
	if (pgcluster_write_conf(cfg) != 0)
		goto out;
	rc = 0;
out:
	free(initdb);
	return rc;
}

/* Appends key='value' to a conninfo, escaping quotes and backslashes. */
static void
pgcluster_kv(FILE *f, const char *key, const char *value)
{
	const char *p;

	fprintf(f, "%s%s='", ftell(f) > 0 ? " " : "", key);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('\'', f);
}

/* Builds the conninfo of the private cluster for role and database. */
static char *
pgcluster_local_conninfo(const struct config *cfg, const char *role,
    const char *db)
{
	char *buf = NULL, port[16];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		fatal("open_memstream");
	snprintf(port, sizeof port, "%d", PGCLUSTER_PORT);
	pgcluster_kv(f, "host", cfg->pgsocket);
	pgcluster_kv(f, "port", port);
	pgcluster_kv(f, "dbname", db);
	pgcluster_kv(f, "user", role != NULL ? role : PGCLUSTER_SUPERUSER);
	if (fclose(f) != 0)
		fatal("open_memstream");
	return buf;
}

/* Returns a new libpq conninfo for database yishi as role. */
char *
pgcluster_conninfo(const struct config *cfg, const char *role)
{
	PQconninfoOption *opts, *o;
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (pgcluster_is_private(cfg))
		return pgcluster_local_conninfo(cfg, role, PGCLUSTER_DB);
	if (cfg->database == NULL || cfg->database[0] == '\0') {
		log_warnx("no database: set database or pgdata in %s",
		    cfg->path);
		return NULL;
	}
	if ((opts = PQconninfoParse(cfg->database, &err)) == NULL) {
		log_warnx("database setting: %s", err != NULL ? err :
		    "out of memory");
		PQfreemem(err);
		return NULL;
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || o->val[0] == '\0')
			continue;
		if (role != NULL && (strcmp(o->keyword, "user") == 0 ||
		    strcmp(o->keyword, "password") == 0))
			continue;
		pgcluster_kv(f, o->keyword, o->val);
	}
	if (role != NULL)
		pgcluster_kv(f, "user", role);
	if (fclose(f) != 0)
		fatal("open_memstream");
	PQconninfoFree(opts);
	return buf;
}

/* Tells whether the cluster answers on its socket. */
int
pgcluster_running(const struct config *cfg)
{
	char *ci = pgcluster_local_conninfo(cfg, NULL, "postgres");
	PGPing p;

	p = PQping(ci);
	free(ci);
	return p == PQPING_OK;
}

/* Creates database yishi unless it exists. */
static int
pgcluster_ensure_db(const struct config *cfg)
{
	char *ci = pgcluster_local_conninfo(cfg, NULL, "postgres");
	PGconn *pg = PQconnectdb(ci);
	PGresult *r = NULL;
	const char *state;
	int rc = -1;

	free(ci);
	if (PQstatus(pg) != CONNECTION_OK) {
		log_warnx("connecting to the private cluster: %s",
		    PQerrorMessage(pg));
		goto out;
	}
	r = PQexec(pg, "SELECT 1 FROM pg_database WHERE datname = 'yishi'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_warnx("private cluster: %s", PQresultErrorMessage(r));
		goto out;
	}
	if (PQntuples(r) == 1) {
		rc = 0;
		goto out;
	}
	PQclear(r);
	log_info("creating database %s", PGCLUSTER_DB);
	r = PQexec(pg, "CREATE DATABASE yishi");
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	/* 42P04 duplicate_database: someone else made it meanwhile. */
	if (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    (state != NULL && strcmp(state, "42P04") == 0))
		rc = 0;
	else
		log_warnx("CREATE DATABASE yishi: %s", PQresultErrorMessage(r));
out:
	PQclear(r);
	PQfinish(pg);
	return rc;
}

/* Sleeps ms milliseconds. */
static void
pgcluster_sleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Starts the cluster unless it answers, then makes sure yishi exists. */
int
pgcluster_start(const struct config *cfg)
{
	struct pgcluster_user u;
	char *pg_ctl = NULL, *logpath = NULL, *opts = NULL;
	char *argv[] = { NULL, "-D", cfg->pgdata, "-w", "-t", "60", "-l", NULL,
	    "-o", NULL, "start", NULL };
	int tries, st, fd, rc = -1;

	if (!pgcluster_is_private(cfg)) {
		log_warnx("no private cluster to start");
		return -1;
	}
	if (pgcluster_check_socket(cfg) != 0)
		return -1;
	if (pgcluster_running(cfg)) {
		log_info("PostgreSQL in %s is already running", cfg->pgdata);
		return pgcluster_ensure_db(cfg);
	}
	if (pgcluster_user(cfg, &u) != 0 ||
	    (pg_ctl = pgcluster_prog("pg_ctl")) == NULL)
		return -1;
	if (pgcluster_own_dir(&u, cfg->pgsocket) != 0 ||
	    pgcluster_traversable(&u, cfg->pgdata) != 0 ||
	    pgcluster_traversable(&u, cfg->pgsocket) != 0)
		goto out;
	/* pg_ctl opens the log itself, as u: make sure u owns it. */
	if ((fd = pgcluster_open_log(cfg, &u)) < 0)
		goto out;
	close(fd);
	logpath = pgcluster_logpath(cfg);
	/* The socket folder of this config wins over postgresql.conf, so a
	   moved instance still works (pg_ctl passes -o through sh). */
	xasprintf(&opts, "-k '%s'", cfg->pgsocket);
	argv[0] = pg_ctl;
	argv[7] = logpath;
	argv[9] = opts;
	log_info("starting PostgreSQL in %s", cfg->pgdata);
	for (tries = 1; ; tries++) {
		st = pgcluster_run(cfg, &u, argv, 1);
		if (st == 0 || pgcluster_running(cfg))
			break;
		/* After a kill -9 the old backends may still hold the shared
		   memory for a moment: wait and retry. */
		if (tries == PGCLUSTER_START_TRIES) {
			log_warnx("pg_ctl start failed (exit %d), %d tries", st,
			    tries);
			pgcluster_log_tail(cfg);
			goto out;
		}
		log_info("pg_ctl start failed (exit %d), retrying: processes "
		    "of an earlier server may still be exiting", st);
		pgcluster_sleep(250L * tries);
	}
	rc = pgcluster_ensure_db(cfg);
out:
	free(opts);
	free(logpath);
	free(pg_ctl);
	return rc;
}

/* Stops the cluster with a fast shutdown. */
int
pgcluster_stop(const struct config *cfg)
{
	struct pgcluster_user u;
	char *pg_ctl;
	char *stop[] = { NULL, "-D", cfg->pgdata, "-m", "fast", "-w", "-t",
	    "60", "stop", NULL };
	char *status[] = { NULL, "-D", cfg->pgdata, "status", NULL };
	int st, rc = -1;

	if (!pgcluster_is_private(cfg))
		return 0;
	if (pgcluster_user(cfg, &u) != 0 ||
	    (pg_ctl = pgcluster_prog("pg_ctl")) == NULL)
		return -1;
	stop[0] = status[0] = pg_ctl;
	/* pg_ctl status: 0 running, 3 not running, 4 no data folder. */
	st = pgcluster_run(cfg, &u, status, 1);
	if (st == 3 || st == 4) {
		rc = 0;
		goto out;
	}
	log_info("stopping PostgreSQL in %s", cfg->pgdata);
	st = pgcluster_run(cfg, &u, stop, 1);
	if (st == 0 || pgcluster_run(cfg, &u, status, 1) == 3)
		rc = 0;
	else {
		log_warnx("pg_ctl stop failed (exit %d)", st);
		pgcluster_log_tail(cfg);
	}
out:
	free(pg_ctl);
	return rc;
}
