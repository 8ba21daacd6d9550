/* serverkey.c: the checkpoint key's purpose and fingerprint (see
 * serverkey.h). */
#include "serverkey.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "hex.h"

/* True when cert's extended key usage names the checkpoint purpose. */
bool
serverkey_has_purpose(X509 *cert)
{
	EXTENDED_KEY_USAGE *eku;
	ASN1_OBJECT *want;
	bool found = false;
	int i;

	eku = X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
	want = OBJ_txt2obj(SERVERKEY_PURPOSE_OID, 1);
	if (eku != NULL && want != NULL)
		for (i = 0; i < sk_ASN1_OBJECT_num(eku) && !found; i++)
			found = OBJ_cmp(sk_ASN1_OBJECT_value(eku, i),
			    want) == 0;
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	ERR_clear_error();
	return found;
}

/* SHA-256 of cert's DER SubjectPublicKeyInfo. */
int
serverkey_fp(X509 *cert, uint8_t out[32])
{
	unsigned char *der = NULL;
	unsigned int n = 0;
	int len;
	int ok;

	len = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
	ok = len > 0 && EVP_Digest(der, (size_t)len, out, &n, EVP_sha256(),
	    NULL) == 1 && n == 32;
	OPENSSL_free(der);
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

/* Writes fp as "SHA256:<hex>". */
void
serverkey_fp_text(const uint8_t fp[32], char out[SERVERKEY_FP_TEXT])
{
	memcpy(out, "SHA256:", 7);
	hex_encode(fp, 32, out + 7);
}

/* Parses a fingerprint as serverkey_fp_text writes it, or its hex. */
int
serverkey_fp_parse(const char *s, uint8_t out[32])
{
	char hex[65];
	size_t n = 0;

	if (strncasecmp(s, "SHA256:", 7) == 0)
		s += 7;
	for (; *s != '\0'; s++) {
		if (*s == ':' || *s == ' ')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 64)
			return -1;
		hex[n++] = (char)tolower((unsigned char)*s);
	}
	hex[n] = '\0';
	if (n != 64 || !hex_decode(hex, out, 32, &n) || n != 32)
		return -1;
	return 0;
}
