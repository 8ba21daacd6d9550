/*
 * args.h: command-line parsing for yishi. Global options may stand before or
 * after the command words; a command's own option of the same name (seat
 * add --identity NAME) wins after the command words, where --identity-dir
 * always means the global one.
 */
#ifndef YISHI_CLI_ARGS_H
#define YISHI_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

#define ARGS_DEFAULT_SERVER "127.0.0.1:7400"
#define ARGS_DEFAULT_TIMEOUT 10

/* Fills the global options from the environment and the defaults. */
void args_defaults(struct cli *cli);

/*
 * Parses argv against table. Returns 0 with cli->cmd (or cli->help with
 * cli->cmd or cli->group possibly NULL), or -1 with cli->err filled: a usage
 * error.
 */
int args_parse(struct cli *cli, const struct cmd *table, size_t n, int argc,
    char **argv) __attribute__((warn_unused_result));

/* The value of the command's option name, or NULL when not given. */
const char *args_str(const struct cli *cli, const char *name);

/* Whether the command's flag name was given. */
bool args_flag(const struct cli *cli, const char *name);

/* The numeric value of an OPT_ID/OPT_INT/OPT_AMOUNT option, or 0. */
uint64_t args_u64(const struct cli *cli, const char *name);

/* The values of a repeatable option; returns their count. */
int args_multi(const struct cli *cli, const char *name,
    const char *const **vals);

/* Whether s is a calendar date YYYY-MM-DD. */
bool args_is_date(const char *s);

/* Seat roles, as OPT_ENUM choices (seat add, seat files). */
#define ARGS_ROLES "secretary|deputy|member|recorder|office|inspector|observer"

/* Whether s is one of the "a|b|c" choices. */
bool args_is_choice(const char *choices, const char *s);

/* Records a usage error in the chosen language (the first one wins). */
void args_failf(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same in the chosen language: zh and en take the same arguments, and
 * the compiler checks both. */
#define args_fail(cli, zh_, en_, ...) \
	args_failf((cli), (cli)->lang == CLI_EN ? (en_) : (zh_), ##__VA_ARGS__)

#endif
