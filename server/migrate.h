/*
 * migrate.h: applies the numbered migrations of sql/ (compiled in) to a
 * database, each in its own transaction, recorded in schema_migrations;
 * then the trail's functions (sql/trail_functions.sql), every time, in one
 * transaction. Blocking: called at start-up and by `yishid init/issue`,
 * never on the loop.
 */
#ifndef YISHI_MIGRATE_H
#define YISHI_MIGRATE_H

#include <libpq-fe.h>

struct migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

extern const struct migration migrate_list[];	/* ends with a NULL name */
extern const char migrate_functions[];		/* sql/trail_functions.sql */

/* Applies what is missing, then the trail's functions, as a superuser.
 * Returns 0, or -1 (logged). */
int migrate_apply(PGconn *pg) __attribute__((warn_unused_result));

#endif
