/*
 * cli.h: what the yishi CLI's modules share: the command table's types and
 * the state of one invocation.
 */
#ifndef YISHI_CLI_H
#define YISHI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "journal.h"
#include "yishi.h"

/* Exit codes (CLI.md). */
#define EXIT_DONE 0
#define EXIT_UNAVAILABLE 1
#define EXIT_USAGE 2
#define EXIT_RULE 3
#define EXIT_PERMISSION 4
#define EXIT_NOT_FOUND 5
#define EXIT_TAMPERED 6

#define CLI_MAX_OPTS 16
#define CLI_MAX_POS 4

enum cli_lang {
	CLI_ZH,
	CLI_EN
};

enum opt_type {
	OPT_FLAG,	/* no value */
	OPT_STR,	/* any non-empty text */
	OPT_ID,		/* a positive integer id */
	OPT_INT,	/* a non-negative integer (rank, seq) */
	OPT_AMOUNT,	/* whole yuan, non-negative */
	OPT_ENUM,	/* one of choices, "a|b|c" */
	OPT_TIME,	/* RFC 3339 date-time */
	OPT_DATE,	/* YYYY-MM-DD */
	OPT_FILE	/* a readable file */
};

#define OPT_REQUIRED 0x1u
#define OPT_MULTI 0x2u		/* may be given more than once */

struct opt {
	const char *name;	/* without the leading "--" */
	enum opt_type type;
	unsigned flags;
	const char *choices;	/* OPT_ENUM: "a|b|c" */
	const char *meta;	/* value placeholder in usage, e.g. "B" */
	const char *zh;		/* help text */
	const char *en;
};

struct cli;

struct cmd {
	const char *group;	/* first word ("meeting"), or the only word */
	const char *name;	/* second word, or NULL */
	const char *pos;	/* positional placeholder ("NAME"), or NULL */
	const struct opt *opts;	/* ends with a NULL name */
	int (*run)(struct cli *);
	const char *zh;		/* one-line summary */
	const char *en;
	const char *more_zh;	/* what --help says beyond it, or NULL */
	const char *more_en;
};

/* The values given for one option of the command. */
struct optval {
	const char *vals[8];	/* OPT_MULTI keeps up to 8 */
	int count;
};

struct self_finding;
struct json;

/* The check of the member's own record the CLI made by itself after its
 * signed request was acknowledged (selfauto.h). */
struct cli_selfauto {
	bool running;		/* being made: no second one inside it */
	uint64_t body;		/* the body checked; 0: none */
	struct self_finding *f;	/* what it found */
	size_t nf;
	bool shown;		/* put into the command's JSON */
};

struct cli {
	/* Global options. */
	const char *server;
	const char *identity;
	bool json;
	enum cli_lang lang;
	int timeout;		/* seconds; 0: none */
	bool help;
	bool no_self_check;	/* --no-self-check (selfauto.h) */

	/* The command and its arguments. */
	const struct cmd *cmd;
	const char *group;	/* "yishi meeting --help": the group asked for */
	struct optval opt[CLI_MAX_OPTS];
	const char *pos[CLI_MAX_POS];
	int npos;

	char err[512];		/* a usage error, in the chosen language */

	struct yishi_conn *conn;	/* opened on the first request */
	/* Send the same request again (a few times, after a pause) when
	 * the server answers that it could not check it yet and asks for
	 * it again (an encrypted ballot's proofs, cmd_secret.c). */
	bool resend;
	struct journal_pending pending;	/* signed, not yet acknowledged */
	struct cli_selfauto self;	/* the automatic check (selfauto.h) */

	/* Called by cmds.c, set by main.c (selfauto.h's, so that the command
	 * table does not depend on the check it triggers): after the server
	 * acknowledged a signed request naming body, and to add to a
	 * successful command's JSON object. NULL: nothing. */
	void (*on_signed_ack)(struct cli *cli, const char *body);
	void (*on_json)(struct cli *cli, struct json *j);
};

/* The command table (cmds.c). */
extern const struct cmd cli_cmds[];
extern const size_t cli_ncmds;

#endif
