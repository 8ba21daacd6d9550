/*
 * forgekit.c: keys and instance ids for the forging test tools
 * (forgekit.h).
 */
#include "forgekit.h"

#include <stdio.h>

#include <openssl/pem.h>

/* Loads a private key from a PEM file. */
EVP_PKEY *
forgekit_key(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (f == NULL)
		return NULL;
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

/* The instance id of a CA certificate file. */
int
forgekit_instance(const char *path, char out[SIGN_INSTANCE_LEN + 1])
{
	FILE *f = fopen(path, "r");
	X509 *x;
	int rc;

	if (f == NULL)
		return -1;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	rc = x != NULL ? sign_instance_of(x, out) : -1;
	X509_free(x);
	return rc;
}
