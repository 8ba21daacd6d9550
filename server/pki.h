/*
 * pki.h: the instance's own certificate authority (OpenSSL 3, P-256 keys,
 * ECDSA with SHA-256). Files are PEM; private keys are unencrypted PKCS#8,
 * mode 0600. Blocking: `yishid init/issue` and start-up only.
 *
 * Every fallible function returns 0, or -1 after logging (log_warnx or
 * log_ssl, which also drains the OpenSSL error queue).
 */
#ifndef YISHI_PKI_H
#define YISHI_PKI_H

#include <stdint.h>

#include <openssl/x509.h>

#define PKI_FP_LEN	32	/* SHA-256 */

/* A loaded CA: its certificate and private key. */
struct pki_ca {
	X509		*cert;
	EVP_PKEY	*key;
};

/* Creates dir/ca.pem and dir/ca.key (0600): a P-256 key and a self-signed
   CA certificate, CN "yishi instance CA", valid 10 years. Refuses to
   overwrite either file. */
int pki_ca_create(const char *dir) __attribute__((warn_unused_result));

/* Loads a CA from its certificate and key files into *ca, checking that
   they belong together. Free with pki_ca_free. */
int pki_ca_load(struct pki_ca *ca, const char *cert_path,
    const char *key_path) __attribute__((warn_unused_result));

/* Frees what ca holds; the struct itself is the caller's. NULL-safe. */
void pki_ca_free(struct pki_ca *ca);

/* Issues the server certificate into dir/server.pem and dir/server.key
   (0600): CN localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1,
   EKU serverAuth, 5 years. */
int pki_server_issue(const struct pki_ca *ca, const char *dir)
    __attribute__((warn_unused_result));

/* Issues the key that signs checkpoints into dir/checkpoint.pem and
   dir/checkpoint.key (0600): CN "yishi checkpoint signer", key usage
   digitalSignature, a critical extended key usage of the checkpoint
   purpose alone (serverkey.h), 10 years. */
int pki_checkpoint_issue(const struct pki_ca *ca, const char *dir)
    __attribute__((warn_unused_result));

/* Issues a client identity into outdir (which must exist): a new P-256 key
   (key.pem, 0600), a certificate with CN=name, EKU clientAuth, a random
   128-bit serial, 2 years (cert.pem), and a copy of the CA (ca.pem). */
int pki_client_issue(const struct pki_ca *ca, const char *name,
    const char *outdir) __attribute__((warn_unused_result));

/* Signs the PEM request at csr_path as a client certificate for name (the
   request's own subject is ignored) into outdir/cert.pem and outdir/ca.pem.
   The request's self-signature must verify and its key must be P-256; a
   request asking for the checkpoint purpose (serverkey.h) is refused. */
int pki_client_sign_csr(const struct pki_ca *ca, const char *csr_path,
    const char *name, const char *outdir) __attribute__((warn_unused_result));

/* Makes a P-256 key (outdir/key.pem, 0600) and a request for CN=name
   (outdir/request.pem), as `yishi identity request` does on a member's
   machine. */
int pki_csr_create(const char *name, const char *outdir)
    __attribute__((warn_unused_result));

/* SHA-256 over the DER encoding of cert into out. */
int pki_fingerprint(X509 *cert, uint8_t out[PKI_FP_LEN])
    __attribute__((warn_unused_result));

/* The same, for the first certificate in a PEM text. */
int pki_fingerprint_pem(const char *pem, uint8_t out[PKI_FP_LEN])
    __attribute__((warn_unused_result));

/* The instance's id, which every signed text names (proto/sign.h): the
   lowercase hex SHA-256 of the CA certificate in ca_file, into out. */
int pki_instance_id(const char *ca_file, char out[2 * PKI_FP_LEN + 1])
    __attribute__((warn_unused_result));

#endif
