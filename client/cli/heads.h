/*
 * heads.h: the newest trail head this user has verified, per instance and
 * body, so that a later chain that does not extend it (shorter, or with a
 * different hash at that seq) is caught as a rewrite.
 *
 * One file per instance and body in the user's state folder
 * ($XDG_STATE_HOME/yishi, else ~/.local/state/yishi), named
 * heads/<instance>-<body>, where <instance> is the first 16 bytes, in hex,
 * of the SHA-256 of the instance CA certificate: the same trail reached
 * through another address, or read from a bundle, is the same file. The
 * file holds three lines, "yishi-head 1", "<seq>", "<hash hex>", and is
 * replaced atomically (temporary file, fsync, rename).
 *
 * Beside them, heads/<instance>.server-key holds the key this user trusts
 * to sign the instance's checkpoints and heads (proto/serverkey.h): the
 * lines "yishi-server-key 1" and "SHA256:<hex>", written the first time a
 * trail of the instance verified with no key given (trust on first use).
 */
#ifndef YISHI_CLI_HEADS_H
#define YISHI_CLI_HEADS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

/* The instance name of a CA certificate file (32 hex digits + NUL); 0 or
 * -1 when the file is unreadable. */
int heads_instance(const char *ca_path, char out[33]);

/* Reads the remembered head; 1 when there is one, 0 when none, -1 when the
 * file is unreadable or malformed (why set). */
int heads_load(const char *instance, uint64_t body, uint64_t *seq,
    uint8_t hash[32], char *why, size_t whylen);

/* Remembers a head. 0, or -1 with why set. */
int heads_save(const char *instance, uint64_t body, uint64_t seq,
    const uint8_t hash[32], char *why, size_t whylen);

/* Reads the server key trusted for instance: 1 when there is one (fp
 * set), 0 when none, -1 when the file is unreadable or malformed. */
int heads_key_load(const char *instance, uint8_t fp[32], char *why,
    size_t whylen);

/* Remembers the server key trusted for instance. 0, or -1 with why. */
int heads_key_save(const char *instance, const uint8_t fp[32], char *why,
    size_t whylen);

/*
 * The newest head this user cosigned as a witness (yishi audit verify as an
 * inspector, witness.h), per instance and body: heads/<instance>-<body>
 * .witnessed, the lines "yishi-witnessed 1", seq, hash (hex), at (when it
 * was signed, microseconds since the epoch) and the inspector's identity.
 * The server keeps the cosignature too, but the operator can delete it
 * there; this file is the inspector's own memory of it.
 */
struct heads_witness {
	uint64_t seq;
	uint8_t	 hash[32];
	int64_t	 at_us;
	char	 identity[129];
};

/* Reads the head cosigned: 1 when there is one, 0 when none, -1 when the
 * file is unreadable or malformed (why set). */
int heads_witness_load(const char *instance, uint64_t body,
    struct heads_witness *w, char *why, size_t whylen);

/* Remembers the head cosigned (replaced atomically). 0, or -1 with why. */
int heads_witness_save(const char *instance, uint64_t body,
    const struct heads_witness *w, char *why, size_t whylen);

/* The client's state folder NAME ($XDG_STATE_HOME/yishi/NAME, else
 * ~/.local/state/yishi/NAME) into dir; 0 or -1 (no home, too long). */
int heads_state_dir(const char *name, char *dir, size_t len);

/* Makes dir and its parents (mode 0700); 0 or -1. */
int heads_mkdirs(char *dir);

/* Reads the small file path whole (at most len - 1 bytes, the rest
 * ignored) into buf, NUL-terminated: 1 when read, 0 when there is no such
 * file, -1 when it is unreadable (why set). */
int heads_file_read(const char *path, char *buf, size_t len, char *why,
    size_t whylen);

/* Replaces the file path, in folder dir (made if missing, mode 0700),
 * with the n bytes of text atomically: a temporary file beside it (mode
 * 0600), written, fsynced, renamed over path. 0, or -1 with why set. */
int heads_file_replace(char *dir, const char *path, const char *text,
    size_t n, char *why, size_t whylen);

#endif
