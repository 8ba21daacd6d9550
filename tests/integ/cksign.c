/*
 * cksign.c: signs a checkpoint of a trail head with any key, as a
 * database superuser holding a member's key would to forge the server's
 * checkpoint (test_pinned_head).
 *
 * usage: cksign CA_PEM KEY_PEM BODY SEQ HASH_HEX AT_US
 * The signed bytes name the instance of CA_PEM. Prints the DER signature
 * in hex; exits 0, or 1 on a failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "hex.h"
#include "sign.h"

int
main(int argc, char **argv)
{
	EVP_PKEY *key = NULL;
	X509 *ca = NULL;
	uint8_t hash[32], *sig = NULL;
	size_t n = 0, len = 0, siglen = 0;
	char *canon, *out, instance[SIGN_INSTANCE_LEN + 1];
	FILE *f;

	if (argc != 7) {
		fprintf(stderr, "usage: cksign CA_PEM KEY_PEM BODY SEQ HASH_HEX "
		    "AT_US\n");
		return 1;
	}
	if ((f = fopen(argv[1], "r")) != NULL) {
		ca = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(argv[2], "r")) != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (ca == NULL || sign_instance_of(ca, instance) != 0 || key == NULL ||
	    !hex_decode(argv[5], hash, 32, &n) || n != 32) {
		fprintf(stderr, "cksign: cannot read the CA, the key or the "
		    "hash\n");
		return 1;
	}
	canon = sign_canon_checkpoint(instance, strtoull(argv[3], NULL, 10),
	    strtoull(argv[4], NULL, 10), hash, strtoll(argv[6], NULL, 10),
	    &len);
	if (canon == NULL || sign_make(key, canon, len, &sig, &siglen) != 0) {
		fprintf(stderr, "cksign: cannot sign\n");
		return 1;
	}
	if ((out = malloc(2 * siglen + 1)) == NULL)
		return 1;
	hex_encode(sig, siglen, out);
	printf("%s\n", out);
	free(out);
	free(sig);
	free(canon);
	EVP_PKEY_free(key);
	X509_free(ca);
	return 0;
}
