/*
 * sign.h: signatures shared by yishid and libyishi.
 *
 * A member signs what they said or voted with the private key of their own
 * certificate, so that neither the operator nor a database administrator
 * can put words in their mouth (R-ENF-5). The server signs checkpoints of
 * each body's trail with its own key. Both sign the same kind of bytes: a
 * canonical encoding that names its purpose and every field, unambiguous
 * whatever the fields contain:
 *
 *   "yishi-sign-v1\n" "action=" LEN ":" ACTION "\n"
 *   then for each field, in the order given: NAME "=" LEN ":" VALUE "\n"
 *
 * where LEN is the decimal byte length of what follows the colon up to the
 * newline. Signatures are ECDSA over SHA-256, DER-encoded.
 */
#ifndef YISHI_SIGN_H
#define YISHI_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define SIGN_MAX 256		/* bytes of one DER ECDSA signature, at most */

struct sign_field {
	const char	*name;
	const char	*value;		/* NULL is written as "" */
};

/*
 * Returns the canonical bytes for action and fields as a NUL-terminated
 * malloc'd string (the caller frees); *len is its length. NULL when out of
 * memory.
 */
char *sign_canonical(const char *action, const struct sign_field *fields,
    size_t n, size_t *len);

/*
 * The canonical bytes of what members sign, built the same way by the
 * client that signs and the server that verifies (each malloc'd, NULL when
 * out of memory; *len set):
 *   statement  body, meeting, item, member, position, text
 *   vote       body, meeting, item, member, choice, entered_by ("" when
 *              the member cast it; the recorder's name when entered)
 *   dissent    body, meeting, item, member, text, reported_to_higher
 *              ("true" or "false")
 */
char *sign_canon_statement(uint64_t body, uint64_t meeting, uint64_t item,
    const char *member, const char *position, const char *text, size_t *len);
char *sign_canon_vote(uint64_t body, uint64_t meeting, uint64_t item,
    const char *member, const char *choice, const char *entered_by,
    size_t *len);
char *sign_canon_dissent(uint64_t body, uint64_t meeting, uint64_t item,
    const char *member, const char *text, int reported_to_higher,
    size_t *len);

/*
 * The canonical bytes of a server checkpoint of body's trail head: body,
 * seq, hash (64 lowercase hex digits), at (microseconds since the epoch).
 */
char *sign_canon_checkpoint(uint64_t body, uint64_t seq,
    const uint8_t hash[32], int64_t at_us, size_t *len);

/*
 * The chair's minutes (R-MIN-2), built the same way:
 *   minutes_sign     body, meeting, member, head_seq, head_hash (the body's
 *                    trail head the chair read the minutes at, lowercase hex)
 *   minutes_correct  body, meeting, member, text
 */
char *sign_canon_minutes_sign(uint64_t body, uint64_t meeting,
    const char *member, uint64_t head_seq, const char *head_hash,
    size_t *len);
char *sign_canon_minutes_correct(uint64_t body, uint64_t meeting,
    const char *member, const char *text, size_t *len);

/* Signs msg with key; *sig (malloc'd) and *siglen. Returns 0 or -1. */
int sign_make(EVP_PKEY *key, const void *msg, size_t len, uint8_t **sig,
    size_t *siglen) __attribute__((warn_unused_result));

/* Verifies sig over msg with the public key of cert. Returns 0 when it
 * holds, -1 when it does not. */
int sign_verify(X509 *cert, const void *msg, size_t len, const uint8_t *sig,
    size_t siglen) __attribute__((warn_unused_result));

/* Parses a PEM certificate; NULL when it does not parse. */
X509 *sign_cert_from_pem(const char *pem);

/* SHA-256 of the DER certificate. Returns 0 or -1. */
int sign_cert_fingerprint(X509 *cert, uint8_t out[32])
    __attribute__((warn_unused_result));

#endif
