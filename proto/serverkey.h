/*
 * serverkey.h: the key that signs the server's checkpoints of the trail,
 * as yishid and libyishi both see it.
 *
 * Its certificate, issued by the instance CA, carries an extended key
 * usage of its own (SERVERKEY_PURPOSE_OID, under 2.25, a UUID as an
 * integer: no registration needed) that `yishid issue` never puts in a
 * member's or the admin's certificate, and refuses in a request. An
 * inspector pins the key by the SHA-256 of its public key (the DER
 * SubjectPublicKeyInfo), so that a renewed certificate for the same key
 * keeps the pin; it is written "SHA256:" and 64 lowercase hex digits.
 */
#ifndef YISHI_SERVERKEY_H
#define YISHI_SERVERKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

/* "yishi trail checkpoint signing": 2.25 and a random UUID. */
#define SERVERKEY_PURPOSE_OID "2.25.143786957915471688053860426725168507370"

/* "SHA256:" and 64 hex digits, and the NUL. */
#define SERVERKEY_FP_TEXT 72

/* True when cert's extended key usage names the checkpoint purpose. */
bool serverkey_has_purpose(X509 *cert);

/* SHA-256 of cert's public key (DER SubjectPublicKeyInfo). 0 or -1. */
int serverkey_fp(X509 *cert, uint8_t out[32])
    __attribute__((warn_unused_result));

/* Writes fp as "SHA256:<hex>" into out. */
void serverkey_fp_text(const uint8_t fp[32], char out[SERVERKEY_FP_TEXT]);

/* Parses "SHA256:<hex>" or the 64 hex digits alone (either case, colons
 * between bytes allowed). 0 or -1. */
int serverkey_fp_parse(const char *s, uint8_t out[32]);

#endif
