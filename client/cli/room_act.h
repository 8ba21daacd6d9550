/*
 * room_act.h: the room's keys run the CLI's own commands (cmds.c), so that
 * what the room sends is built, signed, journaled and refused exactly as
 * `yishi state`, `yishi vote cast`... would be: the words of a command line
 * are parsed by args.c and run by the command's function, over the room's
 * connection, with what the command prints kept for the view instead of
 * reaching the terminal.
 */
#ifndef YISHI_CLI_ROOM_ACT_H
#define YISHI_CLI_ROOM_ACT_H

#include "cli.h"

/* What a command run inside the room came to. */
struct room_act_result {
	int rc;			/* its exit code (EXIT_DONE: done) */
	char rule[32];		/* the rule a refusal names, or "" */
	char text[1024];	/* done: what it printed; else the error */
};

/*
 * Runs the command argv (without "yishi" and without global options, e.g.
 * {"state", "--item", "5", "--position", "agree"}) as base's identity and
 * language, over conn. Returns the exit code, also in res.
 */
int room_act_run(const struct cli *base, struct yishi_conn *conn, int argc,
    char **argv, struct room_act_result *res);

#endif
