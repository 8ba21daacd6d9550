/*
 * forgekit.h: what the forging test tools (forge, wforge, bforge) read as
 * the attacker does: a private key from a PEM file (a member's, or the
 * server's from the instance folder), and the instance id of a CA.
 */
#ifndef YISHI_FORGEKIT_H
#define YISHI_FORGEKIT_H

#include <openssl/evp.h>

#include "sign.h"

/* The private key in the PEM file at path, or NULL. */
EVP_PKEY *forgekit_key(const char *path);

/* The instance id of the CA certificate (PEM) at path into out; 0 or -1. */
int forgekit_instance(const char *path, char out[SIGN_INSTANCE_LEN + 1]);

#endif
