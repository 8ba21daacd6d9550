/*
 * out.h: what the CLI prints: the chosen language, errors with their exit
 * codes (CLI.md), JSON documents, vocabulary, help.
 */
#ifndef YISHI_CLI_OUT_H
#define YISHI_CLI_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "json.h"

/* Picks the text for the chosen language. Used as a format, both
 * literals are checked against the arguments by the compiler. */
#define TR(zh, en) (out_lang() == CLI_EN ? (en) : (zh))

/* Sets the language and the JSON mode for everything printed after. */
void out_init(enum cli_lang lang, bool json);

enum cli_lang out_lang(void);
bool out_is_json(void);

/* A protocol word (role, state, class...) for people; "" stays "". */
const char *out_word(const char *word);

/* Prints to stdout. */
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes n bytes of s to f, escaping what must not reach a terminal: C0
 * controls but newline and tab, DEL, C1 and bidirectional controls, line
 * separators and bytes that are not UTF-8 (as \xHH or \uHHHH). */
void out_safe_write(FILE *f, const char *s, size_t n);
/* Prints text with each line after the first starting with cont, so that
 * the author's line breaks cannot forge the document's lines. */
void out_lines(const char *cont, const char *text);

/*
 * Prints an error (JSON on stdout under --json, else a sentence on stderr)
 * and returns exit_code. rule and kind may be NULL; missing holds nmissing
 * names.
 */
int out_fail(int exit_code, const char *code, const char *message,
    const char *rule, char *const *missing, size_t nmissing, const char *kind);

/* What out_fail kept instead of printing while capturing (out_capture). */
struct out_capture {
	int		exit_code;	/* 0: nothing failed */
	char		code[32];
	char		message[1024];
	char		rule[32];	/* the rule a refusal names, or "" */
	uint64_t	seq;		/* the entry a "tampered" names, or 0 */
};

/*
 * From now on out_fail (and a broken trail's report, audit.h) prints
 * nothing and keeps its error in *c, the last one winning; NULL prints
 * again. For a check the CLI makes on its own (selfauto.h), whose failure
 * to run must not reach the command's output.
 */
void out_capture(struct out_capture *c);

/* Puts c (or NULL) in force without clearing it and returns the capture
 * that was: a capture made inside another one puts the outer back. */
struct out_capture *out_capture_swap(struct out_capture *c);

/* When capturing, keeps the error (seq: the entry it names, or 0) and
 * returns true; else false, and the caller prints it. */
bool out_captured(int exit_code, const char *code, const char *message,
    uint64_t seq);

/* A usage error: exit 2, code "usage". */
int out_usage(const char *message);

/* Maps a response that is not OK to its exit code, printing the error. */
int out_response_error(const Yishi__Response *r);

/* Maps a library failure to its exit code, printing the error. */
int out_lib_error(const struct yishi_error *e);

/* Prints j (one document and a newline) on stdout and frees it. */
int out_json_print(struct json *j);

/* Help texts, on stdout. */
void out_help_top(const struct cmd *table, size_t n);
void out_help_group(const struct cmd *table, size_t n, const char *group);
void out_help_cmd(const struct cmd *cmd);

#endif
