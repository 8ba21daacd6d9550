/* ident.c: members' certificates and keys (see ident.h). */
#include "ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "sign.h"

/* Reads DIR/identities/NAME/FILE: a private key when key, else a
   certificate; NULL when it does not parse. */
static void *
ident_read(const char *dir, const char *name, const char *file, int key)
{
	char path[4096];
	FILE *f;
	void *v;

	snprintf(path, sizeof path, "%s/identities/%s/%s", dir, name, file);
	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return NULL;
	}
	v = key ? (void *)PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    (void *)PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (v == NULL)
		fprintf(stderr, "yishi-bench: %s does not parse\n", path);
	return v;
}

/* Loads an identity (see ident.h). */
struct ident *
ident_load(const char *dir, const char *name)
{
	struct ident *id = calloc(1, sizeof *id);
	X509 *ca;

	if (id == NULL)
		return NULL;
	id->name = strdup(name);
	id->cert = ident_read(dir, name, "cert.pem", 0);
	id->key = ident_read(dir, name, "key.pem", 1);
	ca = ident_read(dir, name, "ca.pem", 0);
	if (id->name == NULL || id->cert == NULL || id->key == NULL ||
	    ca == NULL || sign_instance_of(ca, id->instance) != 0) {
		X509_free(ca);
		ident_free(id);
		return NULL;
	}
	X509_free(ca);
	return id;
}

/* Frees an identity. */
void
ident_free(struct ident *id)
{
	if (id == NULL)
		return;
	X509_free(id->cert);
	EVP_PKEY_free(id->key);
	free(id->name);
	free(id);
}
