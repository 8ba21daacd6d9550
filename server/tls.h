/*
 * tls.h: the server's TLS context: TLS 1.3 only, a client certificate
 * required and verified against the instance CA.
 */
#ifndef YISHI_TLS_H
#define YISHI_TLS_H

#include <stdint.h>

#include <openssl/ssl.h>

struct config;

/* Builds a context from cfg's CA, certificate and key; NULL on failure. */
SSL_CTX *tls_ctx_new(const struct config *cfg);

/* SHA-256 fingerprint of the peer's certificate; -1 when there is none. */
int tls_peer_fingerprint(SSL *ssl, uint8_t out[32])
    __attribute__((warn_unused_result));

#endif
