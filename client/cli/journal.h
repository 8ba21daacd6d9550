/*
 * journal.h: what this member signed, kept by their own client (issue 12).
 *
 * The operator holds the instance folder (server keys, possibly the CA key)
 * and could mint a certificate in a member's name and sign as them. The
 * member's own client therefore keeps, per instance and identity, a journal
 * of every signature it made that the server acknowledged, so that a later
 * check can tell the member's own signatures from forged ones.
 *
 * File: $XDG_STATE_HOME/yishi/journal/<instance>-<cert> (else
 * ~/.local/state/yishi/...), mode 0600, where <instance> is as in heads.h
 * and <cert> the first 16 bytes, in hex, of the identity certificate's
 * SHA-256. One tab-separated line per acknowledged signature, appended
 * with O_APPEND in one write:
 *   "v1" TAB unix-time TAB body-or-"-" TAB action TAB sha256(canon) hex
 *   TAB signature hex TAB certificate fingerprint hex (64 digits) TAB
 *   "ok" (acknowledged) or "unsure" (sent, the answer never came) "\n"
 */
#ifndef YISHI_CLI_JOURNAL_H
#define YISHI_CLI_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

/* One signature waiting for the server's acknowledgement. */
struct journal_pending {
	int	set;
	int	unsure;		/* sent, but no answer came */
	char	body[24];
	char	action[48];
	char	canon_hash[65];
	char	sig[2 * 256 + 1];
};

/* Fills p from the canonical bytes just signed and their signature. */
void journal_note(struct journal_pending *p, const char *canon, size_t len,
    const uint8_t *sig, size_t siglen);

/* Appends p (acknowledged, or sent and unanswered) to the journal of the identity folder idir (its ca.pem and
 * cert.pem name the file) and clears it; 0, or -1 (nothing written). */
int journal_append(struct journal_pending *p, const char *idir);

/* The journal file of identity folder idir into path; 0 or -1. */
int journal_path(const char *idir, char *path, size_t len);

/* One line of a journal, as read back by the member's check (audit self). */
struct journal_line {
	long long	at;		/* Unix time it was written */
	uint64_t	body;		/* 0 for "-" */
	char		action[48];
	uint8_t		canon_hash[32];	/* SHA-256 of the signed bytes */
	uint8_t		sig[256];
	size_t		siglen;
	uint8_t		cert_fp[32];
	int		ok;		/* acknowledged; else "unsure" */
	unsigned	lineno;		/* in its file, from 1 */
	int		found;		/* the check found it in the trail */
};

/* Reads the journal of instance (heads.h) and certificate fingerprint fp,
 * appending its lines to *v (*n of them, grown with realloc); a line that
 * does not parse is skipped. 1 when the file was read, 0 when there is
 * none, -1 when it is unreadable or memory ran out (why set). */
int journal_load(const char *instance, const uint8_t fp[32],
    struct journal_line **v, size_t *n, char *why, size_t whylen);

#endif
