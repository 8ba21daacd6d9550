/* migrate.c: applies the compiled-in sql/ migrations (see migrate.h). */
#include "migrate.h"

#include <stdio.h>
#include <stdlib.h>

#include "log.h"

/* Runs one statement; returns 0, or -1 after logging the server's error. */
static int
migrate_exec(PGconn *pg, const char *sql, const char *what)
{
	PGresult *r = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	/* A migration kept only for its number is comments: an empty query. */
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_EMPTY_QUERY) {
		log_warnx("migration %s: %s", what, PQresultErrorMessage(r));
		rc = -1;
	}
	PQclear(r);
	return rc;
}

/* True when migration `version` is recorded; -1 on error. */
static int
migrate_applied(PGconn *pg, int version)
{
	char v[16];
	const char *params[1] = { v };
	PGresult *r;
	int rc;

	snprintf(v, sizeof v, "%d", version);
	r = PQexecParams(pg, "SELECT 1 FROM schema_migrations WHERE version = $1",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_warnx("migration: %s", PQresultErrorMessage(r));
		rc = -1;
	} else
		rc = PQntuples(r) == 1;
	PQclear(r);
	return rc;
}

/* Keeps the server's NOTICEs (IF NOT EXISTS and the like) at debug level. */
static void
migrate_notice(void *arg, const char *msg)
{
	(void)arg;
	log_debug("migration notice: %s", msg);
}

/* (Re)defines the trail's functions and triggers in one transaction:
 * CREATE OR REPLACE, so it is the same on every start. */
static int
migrate_functions_apply(PGconn *pg)
{
	if (migrate_exec(pg, "BEGIN", "trail_functions.sql") != 0)
		return -1;
	if (migrate_exec(pg, migrate_functions, "trail_functions.sql") != 0 ||
	    migrate_exec(pg, "COMMIT", "trail_functions.sql") != 0) {
		(void)migrate_exec(pg, "ROLLBACK", "trail_functions.sql");
		return -1;
	}
	return 0;
}

/* Applies what is missing, each migration in its own transaction, then
 * the trail's functions. */
int
migrate_apply(PGconn *pg)
{
	const struct migration *m;
	char record[160];
	int cur;

	PQsetNoticeProcessor(pg, migrate_notice, NULL);
	/* One migrator at a time, even with several daemons starting. */
	if (migrate_exec(pg, "SELECT pg_advisory_lock(7400)", "lock") != 0)
		return -1;
	if (migrate_exec(pg, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version integer PRIMARY KEY, name text NOT NULL, "
	    "applied_at timestamptz NOT NULL DEFAULT now())",
	    "schema_migrations") != 0)
		goto fail;
	/* Every version not yet recorded, in order: a migration that lands
	 * after a higher-numbered one is still applied. */
	for (m = migrate_list; m->name != NULL; m++) {
		if ((cur = migrate_applied(pg, m->version)) < 0)
			goto fail;
		if (cur)
			continue;
		log_info("applying migration %s", m->name);
		snprintf(record, sizeof record, "INSERT INTO schema_migrations "
		    "(version, name) VALUES (%d, '%s')", m->version, m->name);
		if (migrate_exec(pg, "BEGIN", m->name) != 0)
			goto fail;
		if (migrate_exec(pg, m->sql, m->name) != 0 ||
		    migrate_exec(pg, record, m->name) != 0 ||
		    migrate_exec(pg, "COMMIT", m->name) != 0) {
			(void)migrate_exec(pg, "ROLLBACK", m->name);
			goto fail;
		}
	}
	if (migrate_functions_apply(pg) != 0)
		goto fail;
	(void)migrate_exec(pg, "SELECT pg_advisory_unlock(7400)", "unlock");
	return 0;
fail:
	(void)migrate_exec(pg, "SELECT pg_advisory_unlock(7400)", "unlock");
	return -1;
}
