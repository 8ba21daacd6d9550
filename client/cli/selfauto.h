/*
 * selfauto.h: the member's check of its own record, made by the CLI by
 * itself as the member uses it (issue 12: "a command a member runs, and
 * the library does it as they use it"; the command is audit self).
 *
 * When the server acknowledges a signed request of the member (a
 * statement, an open vote, a dissent, a minutes sign-off or corrigendum:
 * cmds.c, once its journal line is written), the CLI runs audit self's
 * check (self.h) of the body the request named, on the same connection,
 * at most once per interval per instance, identity certificate and body.
 * YISHI_SELF_CHECK sets the interval: "always", "never", or a whole
 * number of hours (default, and for any other value: 24); the global
 * flag --no-self-check skips it for one command.
 *
 * The time of the last check that ran (clean or not) is remembered in the
 * state folder, self-check/<instance>-<cert>-<body> (the journal's file
 * name, journal.h, and the body), as the lines "yishi-self-check 1" and
 * the Unix time, replaced atomically (heads.h).
 *
 * Clean: nothing is printed. Findings: the command's own output stands
 * (the request was acknowledged), a warning names each finding on stderr
 * (under --json: a "self_check" member of the command's object instead),
 * and the command exits 6. A check that cannot be made (refused, network,
 * state folder) prints nothing, leaves the exit code and the remembered
 * time alone: it is tried again with the next signed request.
 */
#ifndef YISHI_CLI_SELFAUTO_H
#define YISHI_CLI_SELFAUTO_H

#include "cli.h"

struct json;

/* After the server acknowledged a signed request naming body ("-" or
 * the body id, as journal.h keeps it): runs the check when it is due. */
void selfauto_run(struct cli *cli, const char *body);

/* Adds "self_check": {"body", "findings": [...]} to the command's JSON
 * object j when the check found anything. */
void selfauto_json(struct cli *cli, struct json *j);

/* After the command returned rc: when it succeeded and the check found
 * anything, warns (unless the JSON holds it) and returns 6; else rc.
 * Frees what the check found. */
int selfauto_finish(struct cli *cli, int rc);

#endif
