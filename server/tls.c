/* tls.c: the server's TLS context (see tls.h). */
#include "tls.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "config.h"
#include "log.h"

/* Builds a context from cfg's CA, certificate and key; NULL on failure. */
SSL_CTX *
tls_ctx_new(const struct config *cfg)
{
	SSL_CTX *ctx;
	STACK_OF(X509_NAME) *names;
	static const unsigned char sid_ctx[] = "yishid";

	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		log_ssl("SSL_CTX_new");
		return NULL;
	}
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION)) {
		log_ssl("TLS 1.3 only");
		goto fail;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1) {
		log_ssl(cfg->cert_file);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, cfg->key_file,
	    SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		log_ssl(cfg->key_file);
		goto fail;
	}
	if (SSL_CTX_load_verify_locations(ctx, cfg->ca_file, NULL) != 1) {
		log_ssl(cfg->ca_file);
		goto fail;
	}
	names = SSL_load_client_CA_file(cfg->ca_file);
	if (names != NULL)
		SSL_CTX_set_client_CA_list(ctx, names);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_verify_depth(ctx, 2);
	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* SHA-256 fingerprint of the peer's certificate; -1 when there is none. */
int
tls_peer_fingerprint(SSL *ssl, uint8_t out[32])
{
	X509 *x = SSL_get1_peer_certificate(ssl);
	unsigned int n = 0;
	int rc = -1;

	if (x == NULL)
		return -1;
	if (SSL_get_verify_result(ssl) == X509_V_OK &&
	    X509_digest(x, EVP_sha256(), out, &n) == 1 && n == 32)
		rc = 0;
	X509_free(x);
	return rc;
}
