/* pki.c: the instance certificate authority (see pki.h). */
#include "pki.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "fsutil.h"
#include "hex.h"
#include "log.h"
#include "serverkey.h"

#define PKI_CA_DAYS	(10 * 365 + 2)
#define PKI_SERVER_DAYS	(5 * 365 + 1)
#define PKI_CLIENT_DAYS	(2 * 365)
#define PKI_CHECKPOINT_DAYS (10 * 365 + 2)	/* as long as the CA */
#define PKI_CA_CN	"yishi instance CA"

enum pki_kind { PKI_K_CA, PKI_K_SERVER, PKI_K_CLIENT, PKI_K_CHECKPOINT };

/* Makes a new P-256 key, or NULL (logged). */
static EVP_PKEY *
pki_keygen(void)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	if (key == NULL)
		log_ssl("P-256 key generation");
	return key;
}

/* Writes what a BIO holds to path with mode, never over an existing file. */
static int
pki_write_bio(BIO *bio, const char *path, mode_t mode)
{
	char *data;
	long len = BIO_get_mem_data(bio, &data);

	if (len <= 0) {
		log_warnx("%s: nothing to write", path);
		return -1;
	}
	return fsutil_write(path, data, (size_t)len, mode, 1);
}

/* Writes key as unencrypted PKCS#8 PEM to dir/name, mode 0600. */
static int
pki_write_key(EVP_PKEY *key, const char *dir, const char *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *path = fsutil_join(dir, name);
	int rc = -1;

	if (bio == NULL ||
	    !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL))
		log_ssl(path);
	else
		rc = pki_write_bio(bio, path, 0600);
	BIO_free(bio);
	free(path);
	return rc;
}

/* Writes cert as PEM to dir/name, mode 0644. */
static int
pki_write_cert(X509 *cert, const char *dir, const char *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *path = fsutil_join(dir, name);
	int rc = -1;

	if (bio == NULL || !PEM_write_bio_X509(bio, cert))
		log_ssl(path);
	else
		rc = pki_write_bio(bio, path, 0644);
	BIO_free(bio);
	free(path);
	return rc;
}

/* Reads the first certificate of a PEM file, or NULL (logged). */
static X509 *
pki_read_cert(const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *cert = NULL;

	if (bio != NULL)
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (cert == NULL)
		log_ssl(path);
	BIO_free(bio);
	return cert;
}

/* Sets a random positive 128-bit serial number. */
static int
pki_set_serial(X509 *x)
{
	unsigned char r[16];
	BIGNUM *bn = NULL;
	int ok;

	if (RAND_bytes(r, sizeof r) != 1) {
		log_ssl("serial number");
		return -1;
	}
	r[0] &= 0x7f;		/* positive */
	r[0] |= 0x40;		/* always 16 bytes of DER content */
	ok = (bn = BN_bin2bn(r, sizeof r, NULL)) != NULL &&
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	if (!ok) {
		log_ssl("serial number");
		return -1;
	}
	return 0;
}

/* Adds one extension, given in openssl.cnf syntax, to x. */
static int
pki_add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext;
	int ok;

	ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	ok = ext != NULL && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (!ok) {
		log_ssl(OBJ_nid2sn(nid));
		return -1;
	}
	return 0;
}

/* Sets a subject or issuer name of just CN=cn (UTF-8). */
static int
pki_set_cn(X509_NAME *n, const char *cn)
{
	if (!X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0)) {
		log_ssl("common name");
		return -1;
	}
	return 0;
}

/*
 * Builds and signs a certificate of the given kind for pub with CN=cn,
 * issued by ca (NULL: self-signed with signkey). Returns it, or NULL.
 */
static X509 *
pki_make_cert(enum pki_kind kind, EVP_PKEY *pub, const char *cn,
    const struct pki_ca *ca, EVP_PKEY *signkey)
{
	X509 *x = X509_new();
	X509 *issuer;
	X509V3_CTX ctx;
	long days;

	if (x == NULL) {
		log_ssl("X509_new");
		return NULL;
	}
	issuer = ca != NULL ? ca->cert : x;
	days = kind == PKI_K_CA ? PKI_CA_DAYS :
	    kind == PKI_K_SERVER ? PKI_SERVER_DAYS :
	    kind == PKI_K_CHECKPOINT ? PKI_CHECKPOINT_DAYS : PKI_CLIENT_DAYS;
	if (!X509_set_version(x, X509_VERSION_3) || pki_set_serial(x) != 0 ||
	    pki_set_cn(X509_get_subject_name(x), cn) != 0)
		goto fail;
	if (!X509_set_issuer_name(x, X509_get_subject_name(issuer)) ||
	    !X509_set_pubkey(x, pub) ||
	    /* A few minutes back, for clocks that are slightly behind. */
	    X509_gmtime_adj(X509_getm_notBefore(x), -300) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, NULL) == NULL) {
		log_ssl("certificate fields");
		goto fail;
	}
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if (pki_add_ext(x, &ctx, NID_subject_key_identifier, "hash") != 0)
		goto fail;
	switch (kind) {
	case PKI_K_CA:
		if (pki_add_ext(x, &ctx, NID_basic_constraints,
		    "critical,CA:TRUE") != 0 ||
		    pki_add_ext(x, &ctx, NID_key_usage,
		    "critical,keyCertSign,cRLSign") != 0)
			goto fail;
		break;
	case PKI_K_SERVER:
	case PKI_K_CLIENT:
		if (pki_add_ext(x, &ctx, NID_authority_key_identifier,
		    "keyid:always") != 0 ||
		    pki_add_ext(x, &ctx, NID_basic_constraints,
		    "critical,CA:FALSE") != 0 ||
		    pki_add_ext(x, &ctx, NID_key_usage,
		    "critical,digitalSignature") != 0 ||
		    pki_add_ext(x, &ctx, NID_ext_key_usage,
		    kind == PKI_K_SERVER ? "serverAuth" : "clientAuth") != 0)
			goto fail;
		if (kind == PKI_K_SERVER && pki_add_ext(x, &ctx,
		    NID_subject_alt_name,
		    "DNS:localhost,IP:127.0.0.1,IP:::1") != 0)
			goto fail;
		break;
	case PKI_K_CHECKPOINT:
		/* Good for one thing only: signing trail heads. */
		if (pki_add_ext(x, &ctx, NID_authority_key_identifier,
		    "keyid:always") != 0 ||
		    pki_add_ext(x, &ctx, NID_basic_constraints,
		    "critical,CA:FALSE") != 0 ||
		    pki_add_ext(x, &ctx, NID_key_usage,
		    "critical,digitalSignature") != 0 ||
		    pki_add_ext(x, &ctx, NID_ext_key_usage,
		    "critical," SERVERKEY_PURPOSE_OID) != 0)
			goto fail;
		break;
	}
	if (X509_sign(x, ca != NULL ? ca->key : signkey, EVP_sha256()) <= 0) {
		log_ssl("signing the certificate");
		goto fail;
	}
	return x;
fail:
	X509_free(x);
	return NULL;
}

/* Creates dir/ca.pem and dir/ca.key. */
int
pki_ca_create(const char *dir)
{
	EVP_PKEY *key;
	X509 *cert = NULL;
	int rc = -1;

	if ((key = pki_keygen()) == NULL)
		return -1;
	if ((cert = pki_make_cert(PKI_K_CA, key, PKI_CA_CN, NULL, key)) == NULL)
		goto out;
	if (pki_write_key(key, dir, "ca.key") != 0 ||
	    pki_write_cert(cert, dir, "ca.pem") != 0)
		goto out;
	rc = 0;
out:
	X509_free(cert);
	EVP_PKEY_free(key);
	return rc;
}

/* Loads a CA certificate and its key, checking they match. */
int
pki_ca_load(struct pki_ca *ca, const char *cert_path, const char *key_path)
{
	BIO *bio;

	memset(ca, 0, sizeof *ca);
	if ((ca->cert = pki_read_cert(cert_path)) == NULL)
		return -1;
	if ((bio = BIO_new_file(key_path, "r")) != NULL)
		ca->key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (ca->key == NULL) {
		log_ssl(key_path);
		goto fail;
	}
	if (X509_check_private_key(ca->cert, ca->key) != 1) {
		log_ssl("the CA key does not match the CA certificate");
		goto fail;
	}
	return 0;
fail:
	pki_ca_free(ca);
	return -1;
}

/* Frees what ca holds. */
void
pki_ca_free(struct pki_ca *ca)
{
	if (ca == NULL)
		return;
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	ca->cert = NULL;
	ca->key = NULL;
}

/* Issues a new key and certificate of a kind, writing them to dir. */
static int
pki_issue(const struct pki_ca *ca, enum pki_kind kind, const char *cn,
    const char *dir, const char *certname, const char *keyname)
{
	EVP_PKEY *key;
	X509 *cert = NULL;
	int rc = -1;

	if ((key = pki_keygen()) == NULL)
		return -1;
	if ((cert = pki_make_cert(kind, key, cn, ca, NULL)) == NULL)
		goto out;
	if (pki_write_key(key, dir, keyname) != 0 ||
	    pki_write_cert(cert, dir, certname) != 0)
		goto out;
	if (kind == PKI_K_CLIENT && pki_write_cert(ca->cert, dir, "ca.pem") != 0)
		goto out;
	rc = 0;
out:
	X509_free(cert);
	EVP_PKEY_free(key);
	return rc;
}

/* Issues dir/server.pem and dir/server.key. */
int
pki_server_issue(const struct pki_ca *ca, const char *dir)
{
	return pki_issue(ca, PKI_K_SERVER, "localhost", dir, "server.pem",
	    "server.key");
}

/* Issues dir/checkpoint.pem and dir/checkpoint.key. */
int
pki_checkpoint_issue(const struct pki_ca *ca, const char *dir)
{
	return pki_issue(ca, PKI_K_CHECKPOINT, "yishi checkpoint signer", dir,
	    "checkpoint.pem", "checkpoint.key");
}

/* Issues outdir/cert.pem, key.pem and ca.pem for name. */
int
pki_client_issue(const struct pki_ca *ca, const char *name,
    const char *outdir)
{
	return pki_issue(ca, PKI_K_CLIENT, name, outdir, "cert.pem", "key.pem");
}

/* Returns 0 if key is an EC key on P-256. */
static int
pki_check_p256(EVP_PKEY *key)
{
	char group[64];
	size_t len = 0;

	if (!EVP_PKEY_is_a(key, "EC") ||
	    !EVP_PKEY_get_group_name(key, group, sizeof group, &len) ||
	    strcmp(group, SN_X9_62_prime256v1) != 0) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/* Returns 0 unless req asks for the checkpoint purpose (logged). The
 * certificate made never copies a request's extensions; a request that
 * asks for the server's purpose is refused all the same, so that its
 * author learns it will not be had. */
static int
pki_csr_purpose(X509_REQ *req, const char *csr_path)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	X509 *probe = NULL;
	bool bad = false;
	int i;

	if (exts != NULL && (probe = X509_new()) != NULL) {
		for (i = 0; i < sk_X509_EXTENSION_num(exts); i++)
			(void)X509_add_ext(probe, sk_X509_EXTENSION_value(exts,
			    i), -1);
		bad = serverkey_has_purpose(probe);
	}
	X509_free(probe);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	ERR_clear_error();
	if (bad) {
		log_warnx("%s asks for the purpose of the server's checkpoint "
		    "key (%s): a member's certificate never carries it",
		    csr_path, SERVERKEY_PURPOSE_OID);
		return -1;
	}
	return 0;
}

/* Signs a request made elsewhere as a client certificate for name. */
int
pki_client_sign_csr(const struct pki_ca *ca, const char *csr_path,
    const char *name, const char *outdir)
{
	BIO *bio;
	X509_REQ *req = NULL;
	EVP_PKEY *pub;
	X509 *cert = NULL;
	int rc = -1;

	if ((bio = BIO_new_file(csr_path, "r")) != NULL)
		req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (req == NULL) {
		log_ssl(csr_path);
		return -1;
	}
	if ((pub = X509_REQ_get0_pubkey(req)) == NULL) {
		log_ssl("certificate request without a public key");
		goto out;
	}
	/* Whoever made the request holds the private key. */
	if (X509_REQ_verify(req, pub) != 1) {
		log_ssl("the certificate request's signature does not verify");
		goto out;
	}
	if (pki_check_p256(pub) != 0) {
		log_warnx("%s: the key must be an EC P-256 key", csr_path);
		goto out;
	}
	if (pki_csr_purpose(req, csr_path) != 0)
		goto out;
	if ((cert = pki_make_cert(PKI_K_CLIENT, pub, name, ca, NULL)) == NULL)
		goto out;
	if (pki_write_cert(cert, outdir, "cert.pem") != 0 ||
	    pki_write_cert(ca->cert, outdir, "ca.pem") != 0)
		goto out;
	rc = 0;
out:
	X509_free(cert);
	X509_REQ_free(req);
	return rc;
}

/* Makes outdir/key.pem and outdir/request.pem for name. */
int
pki_csr_create(const char *name, const char *outdir)
{
	EVP_PKEY *key;
	X509_REQ *req = NULL;
	BIO *bio = NULL;
	char *path = NULL;
	int rc = -1;

	if ((key = pki_keygen()) == NULL)
		return -1;
	if ((req = X509_REQ_new()) == NULL ||
	    !X509_REQ_set_version(req, X509_REQ_VERSION_1) ||
	    pki_set_cn(X509_REQ_get_subject_name(req), name) != 0 ||
	    !X509_REQ_set_pubkey(req, key) ||
	    X509_REQ_sign(req, key, EVP_sha256()) <= 0) {
		log_ssl("certificate request");
		goto out;
	}
	if (pki_write_key(key, outdir, "key.pem") != 0)
		goto out;
	path = fsutil_join(outdir, "request.pem");
	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    !PEM_write_bio_X509_REQ(bio, req)) {
		log_ssl(path);
		goto out;
	}
	rc = pki_write_bio(bio, path, 0644);
out:
	free(path);
	BIO_free(bio);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	return rc;
}

/* SHA-256 over the DER certificate. */
int
pki_fingerprint(X509 *cert, uint8_t out[PKI_FP_LEN])
{
	unsigned int len = 0;

	if (!X509_digest(cert, EVP_sha256(), out, &len) || len != PKI_FP_LEN) {
		log_ssl("certificate fingerprint");
		return -1;
	}
	return 0;
}

/* SHA-256 over the DER form of the first certificate in pem. */
int
pki_fingerprint_pem(const char *pem, uint8_t out[PKI_FP_LEN])
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *cert = NULL;
	int rc = -1;

	if (bio != NULL)
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (cert == NULL)
		log_ssl("reading a PEM certificate");
	else
		rc = pki_fingerprint(cert, out);
	X509_free(cert);
	BIO_free(bio);
	return rc;
}

/* The instance id (proto/sign.h) of the CA certificate file ca_file. */
int
pki_instance_id(const char *ca_file, char out[2 * PKI_FP_LEN + 1])
{
	char *pem = fsutil_read(ca_file, NULL);
	uint8_t fp[PKI_FP_LEN];
	int rc = -1;

	if (pem == NULL)
		log_warn("%s", ca_file);
	else if (pki_fingerprint_pem(pem, fp) == 0) {
		hex_encode(fp, PKI_FP_LEN, out);
		rc = 0;
	}
	free(pem);
	return rc;
}
