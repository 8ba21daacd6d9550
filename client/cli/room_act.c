/* room_act.c: the CLI's commands run inside the room (see room_act.h). */
#include "room_act.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "out.h"

/* Points descriptor fd at a fresh temporary file; returns the file (and
 * the descriptor fd was, in *saved), or NULL when it cannot. */
static FILE *
room_act_divert(int fd, int *saved)
{
	FILE *tmp = tmpfile();

	*saved = -1;
	if (tmp == NULL)
		return NULL;
	if ((*saved = dup(fd)) == -1 || dup2(fileno(tmp), fd) == -1) {
		if (*saved != -1)
			close(*saved);
		*saved = -1;
		fclose(tmp);
		return NULL;
	}
	return tmp;
}

/* Puts descriptor fd back and reads what was written to tmp into out
 * (lines joined with "; ", leading blanks dropped). */
static void
room_act_restore(int fd, int saved, FILE *tmp, char *out, size_t outlen)
{
	char line[512];
	size_t o = 0, n;
	char *p;

	if (tmp == NULL)
		return;
	dup2(saved, fd);
	close(saved);
	rewind(tmp);
	while (out != NULL && fgets(line, sizeof line, tmp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (p = line; *p == ' '; p++)
			;
		if (*p == '\0')
			continue;
		n = (size_t)snprintf(out + o, outlen - o, "%s%s",
		    o > 0 ? "; " : "", p);
		o = o + n < outlen ? o + n : outlen - 1;
	}
	fclose(tmp);
}

/* Runs one command inside the room (see room_act.h). */
int
room_act_run(const struct cli *base, struct yishi_conn *conn, int argc,
    char **argv, struct room_act_result *res)
{
	struct out_capture cap, *outer;
	struct cli c;
	FILE *out_tmp, *err_tmp;
	int out_saved, err_saved;
	char *full[24];
	int i;

	memset(res, 0, sizeof *res);
	if (argc < 1 || argc + 1 > (int)(sizeof full / sizeof full[0])) {
		res->rc = EXIT_USAGE;
		return res->rc;
	}
	/* args_parse reads a command line: argv[0] is the program. */
	full[0] = (char *)"yishi";
	for (i = 0; i < argc; i++)
		full[i + 1] = argv[i];
	memset(&c, 0, sizeof c);
	args_defaults(&c);
	c.lang = base->lang;
	if (args_parse(&c, cli_cmds, cli_ncmds, argc + 1, full) == -1 ||
	    c.cmd == NULL) {
		res->rc = EXIT_USAGE;
		snprintf(res->text, sizeof res->text, "%s", c.err);
		return res->rc;
	}
	c.server = base->server;
	c.identity = base->identity;
	c.lang = base->lang;
	c.timeout = base->timeout;
	c.json = false;
	c.no_self_check = true;
	c.conn = conn;
	fflush(stdout);
	fflush(stderr);
	out_tmp = room_act_divert(STDOUT_FILENO, &out_saved);
	err_tmp = room_act_divert(STDERR_FILENO, &err_saved);
	outer = out_capture_swap(NULL);
	out_capture(&cap);
	res->rc = c.cmd->run(&c);
	out_capture_swap(outer);
	fflush(stdout);
	fflush(stderr);
	room_act_restore(STDOUT_FILENO, out_saved, out_tmp, res->text,
	    sizeof res->text);
	room_act_restore(STDERR_FILENO, err_saved, err_tmp, NULL, 0);
	if (res->rc != EXIT_DONE) {
		snprintf(res->rule, sizeof res->rule, "%s", cap.rule);
		snprintf(res->text, sizeof res->text, "%s", cap.message);
	}
	return res->rc;
}
