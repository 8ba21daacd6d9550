/*
 * ident.h: one member's identity as the bench holds it: the name, the
 * certificate and private key of DIR/identities/NAME/ (made by `yishid
 * issue`), loaded once and shared by every connection of that member.
 */
#ifndef BENCH_IDENT_H
#define BENCH_IDENT_H

#include <openssl/evp.h>
#include <openssl/x509.h>

struct ident {
	char		*name;
	X509		*cert;
	EVP_PKEY	*key;
	char		 instance[65];	/* of its ca.pem (sign.h) */
};

/* Loads DIR/identities/NAME/{cert,key,ca}.pem; NULL (reason on stderr) when
   either does not load. */
struct ident *ident_load(const char *dir, const char *name);

/* Frees an identity; NULL is a no-op. */
void ident_free(struct ident *id);

#endif
