/*
 * main.c: the yishi command-line client. Parses the arguments, runs one
 * command through libyishi and exits with the code CLI.md gives.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "cmd.h"
#include "out.h"
#include "selfauto.h"

/* Parses the global options and runs one command. */
int
main(int argc, char **argv)
{
	struct cli cli;
	int rc;

	memset(&cli, 0, sizeof cli);
	args_defaults(&cli);
	/* A server that goes away must not kill us in the middle of a write. */
	signal(SIGPIPE, SIG_IGN);
	if (args_parse(&cli, cli_cmds, cli_ncmds, argc, argv) == -1) {
		out_init(cli.lang, cli.json);
		return out_usage(cli.err);
	}
	out_init(cli.lang, cli.json);
	if (cli.help) {
		if (cli.cmd != NULL)
			out_help_cmd(cli.cmd);
		else if (cli.group != NULL)
			out_help_group(cli_cmds, cli_ncmds, cli.group);
		else
			out_help_top(cli_cmds, cli_ncmds);
		return fflush(stdout) == 0 ? EXIT_DONE : EXIT_UNAVAILABLE;
	}
	cli.on_signed_ack = selfauto_run;
	cli.on_json = selfauto_json;
	rc = cli.cmd->run(&cli);
	/* What the check of the member's own record found, if it ran. */
	rc = selfauto_finish(&cli, rc);
	yishi_close(cli.conn);
	if (fflush(stdout) != 0 && rc == EXIT_DONE)
		rc = EXIT_UNAVAILABLE;
	return rc;
}
