/*
 * sign.h: signatures shared by yishid and libyishi.
 *
 * A member signs what they said or voted with the private key of their own
 * certificate, so that neither the operator nor a database administrator
 * can put words in their mouth (R-ENF-5). The server signs checkpoints of
 * each body's trail with its own key. Both sign the same kind of bytes: a
 * canonical encoding that names its purpose, the instance and every field,
 * unambiguous whatever the fields contain:
 *
 *   "yishi-sign-v2\n" "action=" LEN ":" ACTION "\n"
 *   "instance=64:" INSTANCE "\n"
 *   then for each field, in the order given: NAME "=" LEN ":" VALUE "\n"
 *
 * where LEN is the decimal byte length of what follows the colon up to the
 * newline. Signatures are ECDSA over SHA-256, DER-encoded.
 *
 * INSTANCE is the lowercase hex SHA-256 of the DER instance CA certificate
 * (the client's identity folder's ca.pem, the server's ca_file). Body,
 * meeting and item ids restart at 1 in every instance, and one member key
 * may be certified by two instances (yishid issue --csr): naming the
 * instance makes a signature made for one instance fail in every other,
 * whose server and verifiers rebuild or hold the bytes with their own.
 * Version 1 bytes (no instance) are no longer accepted anywhere.
 */
#ifndef YISHI_SIGN_H
#define YISHI_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define SIGN_MAX 256		/* bytes of one DER ECDSA signature, at most */
#define SIGN_INSTANCE_LEN 64	/* hex digits of an instance id */

struct sign_field {
	const char	*name;
	const char	*value;		/* NULL is written as "" */
};

/*
 * Returns the canonical bytes for action, instance and fields as a
 * NUL-terminated malloc'd string (the caller frees); *len is its length.
 * NULL when out of memory. instance is written as given (callers pass
 * srv.instance or sign_instance_of's id); sign_canon_instance checks its
 * form when the bytes are read back.
 */
char *sign_canonical(const char *action, const char *instance,
    const struct sign_field *fields, size_t n, size_t *len);

/* The instance canonical bytes name into out (64 hex digits + NUL): 0, or
 * -1 when they do not start with the version 2 magic, an action and a
 * well-formed instance field. */
int sign_canon_instance(const char *canon, char out[SIGN_INSTANCE_LEN + 1]);

/* The instance id of a CA certificate (see above) into out. 0 or -1. */
int sign_instance_of(X509 *ca, char out[SIGN_INSTANCE_LEN + 1])
    __attribute__((warn_unused_result));

/*
 * The canonical bytes of what members sign, built the same way by the
 * client that signs and the server that verifies, each for `instance` (its
 * id, as above; each malloc'd, NULL when out of memory; *len set):
 *   statement  body, meeting, item, member, position, text
 *   vote       body, meeting, item, member, choice, entered_by ("" when
 *              the member cast it; the recorder's name when entered)
 *   dissent    body, meeting, item, member, text, reported_to_higher
 *              ("true" or "false")
 */
char *sign_canon_statement(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, const char *position,
    const char *text, size_t *len);
char *sign_canon_vote(const char *instance, uint64_t body, uint64_t meeting,
    uint64_t item, const char *member, const char *choice,
    const char *entered_by, size_t *len);
char *sign_canon_dissent(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, const char *text,
    int reported_to_higher, size_t *len);

/*
 * The canonical bytes of a secret vote's parts (docs/ballot.md), each
 * naming body, meeting, item, member, then round (the seq of the round's
 * vote.open entry, decimal) and digest (64 lowercase hex digits of the
 * SHA-256 of the raw bytes, ballot_digest_hex):
 *   scrutineer_key      a scrutineer's key share (VoteShare at vote_key)
 *   secret_ballot       a voter's encrypted ballot (VoteCast.ballot)
 *   scrutineer_decrypt  a scrutineer's decryption share (vote_decrypt)
 */
char *sign_canon_scrutineer_key(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len);
char *sign_canon_secret_ballot(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len);
char *sign_canon_scrutineer_decrypt(const char *instance, uint64_t body,
    uint64_t meeting, uint64_t item, const char *member, uint64_t round,
    const char *digest, size_t *len);

/*
 * The canonical bytes of a server checkpoint of body's trail head: body,
 * seq, hash (64 lowercase hex digits), at (microseconds since the epoch).
 */
char *sign_canon_checkpoint(const char *instance, uint64_t body,
    uint64_t seq, const uint8_t hash[32], int64_t at_us, size_t *len);

/*
 * The canonical bytes of an inspector's witness cosignature of body's
 * trail head (yishi audit verify): action "yishi-witness-v1", fields body,
 * seq, hash (64 lowercase hex digits), at (when the inspector signed,
 * microseconds since the epoch). Its own action, so that no checkpoint or
 * member signature can pass for one.
 */
char *sign_canon_witness(const char *instance, uint64_t body, uint64_t seq,
    const uint8_t hash[32], int64_t at_us, size_t *len);

/*
 * A trail entry as the server vouches for it: what the daemon writes,
 * its time included (the daemon chooses it), not what the database makes
 * (the chain's hashes). signer and signed_text NULL (signature, cert_fp
 * NULL or empty) for an unsigned entry.
 */
struct sign_entry {
	uint64_t	 body, seq;
	int64_t		 at_us;		/* the entry's time, microseconds
					   since the epoch, as the trail
					   stores it */
	const char	*actor, *action, *payload;
	const char	*signer, *signed_text;
	const uint8_t	*signature, *cert_fp;
	size_t		 siglen, fplen;
};

/*
 * The canonical bytes of the server's vouch for a trail entry (the server
 * signs them with its checkpoint key as it writes the entry, so that an
 * entry the server did not write fails verification):
 *
 *   "yishi-vouch-v2\n" then, each as NAME "=" LEN ":" VALUE "\n":
 *   instance, body, seq (decimal), at (decimal microseconds since the
 *   epoch), actor, action, payload, signer, cert_fp (lowercase hex),
 *   signed, signature (lowercase hex)
 *
 * with an empty value for what an unsigned entry has not. The entry's
 * hashes are not in them: the database makes those, and the chain and the
 * server's signed heads cover them. v1 (without at) is no longer made nor
 * accepted. NULL when out of memory.
 */
char *sign_canon_vouch(const char *instance, const struct sign_entry *e,
    size_t *len);

/*
 * The chair's minutes (R-MIN-2), built the same way:
 *   minutes_sign     body, meeting, member, head_seq, head_hash (the body's
 *                    trail head the chair read the minutes at, lowercase hex)
 *   minutes_correct  body, meeting, member, text
 */
char *sign_canon_minutes_sign(const char *instance, uint64_t body,
    uint64_t meeting, const char *member, uint64_t head_seq,
    const char *head_hash, size_t *len);
char *sign_canon_minutes_correct(const char *instance, uint64_t body,
    uint64_t meeting, const char *member, const char *text, size_t *len);

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
