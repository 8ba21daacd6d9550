/* test_serverkey.c: the checkpoint key's purpose and fingerprint
 * (proto/serverkey.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "serverkey.h"

/* A self-signed certificate of a new P-256 key with the extended key
 * usage eku (NULL: none), and the key (the caller frees both). */
static X509 *
make_cert(const char *eku, EVP_PKEY **keyp)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	assert_non_null(key);
	assert_non_null(x);
	assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	if (eku != NULL) {
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		ext = X509V3_EXT_nconf_nid(NULL, &ctx, NID_ext_key_usage, eku);
		assert_non_null(ext);
		assert_int_equal(X509_add_ext(x, ext, -1), 1);
		X509_EXTENSION_free(ext);
	}
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	*keyp = key;
	return x;
}

/* Only a certificate naming the purpose has it, alone or among others. */
static void
test_purpose(void **state)
{
	static const char *with[] = { SERVERKEY_PURPOSE_OID,
	    "critical," SERVERKEY_PURPOSE_OID,
	    "clientAuth," SERVERKEY_PURPOSE_OID };
	static const char *without[] = { "clientAuth", "serverAuth",
	    "2.25.143786957915471688053860426725168507371", NULL };
	EVP_PKEY *key;
	X509 *x;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof with / sizeof with[0]; i++) {
		x = make_cert(with[i], &key);
		assert_true(serverkey_has_purpose(x));
		X509_free(x);
		EVP_PKEY_free(key);
	}
	for (i = 0; i < sizeof without / sizeof without[0]; i++) {
		x = make_cert(without[i], &key);
		assert_false(serverkey_has_purpose(x));
		X509_free(x);
		EVP_PKEY_free(key);
	}
}

/* The fingerprint is of the public key: the same for two certificates of
 * one key, different for another key; its text parses back. */
static void
test_fp(void **state)
{
	EVP_PKEY *k1, *k2;
	X509 *a = make_cert(NULL, &k1), *b, *c;
	uint8_t fa[32], fb[32], fc[32], back[32];
	unsigned char *der = NULL;
	unsigned int n = 0;
	uint8_t want[32];
	char text[SERVERKEY_FP_TEXT];
	int len;

	(void)state;
	b = X509_new();
	assert_int_equal(X509_set_pubkey(b, k1), 1);
	c = make_cert(SERVERKEY_PURPOSE_OID, &k2);
	assert_int_equal(serverkey_fp(a, fa), 0);
	assert_int_equal(serverkey_fp(b, fb), 0);
	assert_int_equal(serverkey_fp(c, fc), 0);
	assert_memory_equal(fa, fb, 32);
	assert_memory_not_equal(fa, fc, 32);
	len = i2d_PUBKEY(k1, &der);
	assert_true(len > 0);
	assert_int_equal(EVP_Digest(der, (size_t)len, want, &n, EVP_sha256(),
	    NULL), 1);
	OPENSSL_free(der);
	assert_memory_equal(fa, want, 32);

	serverkey_fp_text(fa, text);
	assert_int_equal(strncmp(text, "SHA256:", 7), 0);
	assert_int_equal(strlen(text), 7 + 64);
	assert_int_equal(serverkey_fp_parse(text, back), 0);
	assert_memory_equal(back, fa, 32);
	assert_int_equal(serverkey_fp_parse(text + 7, back), 0);
	assert_memory_equal(back, fa, 32);
	X509_free(a);
	X509_free(b);
	X509_free(c);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

/* Malformed fingerprints are refused; case and colons do not matter. */
static void
test_parse(void **state)
{
	uint8_t fp[32];
	char hex[80];

	(void)state;
	memset(hex, 'a', 64);
	hex[64] = '\0';
	assert_int_equal(serverkey_fp_parse(hex, fp), 0);
	assert_int_equal(fp[0], 0xaa);
	hex[0] = 'A';
	assert_int_equal(serverkey_fp_parse(hex, fp), 0);
	assert_int_equal(serverkey_fp_parse("sha256:ab:cd:ef:01:23:45:67:89:"
	    "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:"
	    "23:45:67:89", fp), 0);
	assert_int_equal(fp[31], 0x89);
	hex[63] = '\0';
	assert_int_equal(serverkey_fp_parse(hex, fp), -1);	/* 63 digits */
	hex[63] = 'a';
	hex[64] = 'a';
	hex[65] = '\0';
	assert_int_equal(serverkey_fp_parse(hex, fp), -1);	/* 65 */
	hex[64] = '\0';
	hex[10] = 'g';
	assert_int_equal(serverkey_fp_parse(hex, fp), -1);
	assert_int_equal(serverkey_fp_parse("", fp), -1);
	assert_int_equal(serverkey_fp_parse("SHA256:", fp), -1);
	assert_int_equal(serverkey_fp_parse("MD5:aa", fp), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purpose),
		cmocka_unit_test(test_fp),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
