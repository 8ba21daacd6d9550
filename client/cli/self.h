/*
 * self.h: the member's own check of a body's trail against what its
 * client holds (cmd_self.c), shared by `yishi audit self` and the check
 * the CLI makes by itself after a signed request (selfauto.h).
 */
#ifndef YISHI_CLI_SELF_H
#define YISHI_CLI_SELF_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

struct json;

/* One thing the check found (or noted). */
struct self_finding {
	uint64_t seq;		/* the entry; 0 for a journal line */
	unsigned line;		/* the journal line, when seq is 0 */
	const char *kind;	/* certificate | signed | missing | unsure |
				 * rollback | trail (selfauto.h) */
	char msg[600];
};

/*
 * Runs the check of body's trail on cli's connection, as audit self does
 * (the same request, the same four checks; on first use, when nothing is
 * found, the server's key is remembered). Returns 0 when the check ran,
 * its findings in *f (*nf of them, NULL when none; free() it; notes are
 * not findings); else the exit code after out_fail or audit_tampered said
 * why: EXIT_TAMPERED when the chain itself does not hold (its links,
 * signatures, checkpoints or signed head), another code when the check
 * could not be made.
 */
int self_check_body(struct cli *cli, uint64_t body, struct self_finding **f,
    size_t *nf);

/* Adds findings f (n of them) to j as an array named key: each "seq" (and
 * "journal_line" when seq is 0), "kind" and "message". */
void self_findings_json(struct json *j, const char *key,
    const struct self_finding *f, size_t n);

#endif
