/*
 * wforge.c: a witness cosignature of a trail head (proto/sign.h,
 * sign_canon_witness) signed with any key, as a forger would make one
 * (test_witness): sent over the caller's own mutual-TLS connection, or only
 * printed, for a database superuser to insert.
 *
 * usage: wforge send SERVER IDENTITY_DIR KEY_PEM BODY SEQ HASH_HEX AT_US
 *        wforge sign CA_PEM KEY_PEM BODY SEQ HASH_HEX AT_US
 * send prints the response status name and exits with the status number
 * (0 ok, 1 invalid argument, 2 permission denied, ...); sign prints the
 * DER signature in hex over bytes naming the instance of CA_PEM and exits
 * 0. 100 on a local failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "hex.h"
#include "forgekit.h"
#include "sign.h"
#include "yishi.h"

int
main(int argc, char **argv)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__AuditWitness w = YISHI__AUDIT_WITNESS__INIT;
	Yishi__Response *resp = NULL;
	struct yishi_conn *c = NULL;
	struct yishi_error err;
	char instance[SIGN_INSTANCE_LEN + 1], *canon, *hex;
	uint8_t hash[32], *sig = NULL;
	size_t len = 0, n = 0, siglen = 0;
	EVP_PKEY *key;
	int send, a, rc;

	send = argc == 9 && strcmp(argv[1], "send") == 0;
	if (!send && !(argc == 8 && strcmp(argv[1], "sign") == 0)) {
		fprintf(stderr, "usage: wforge send SERVER IDENTITY_DIR KEY_PEM "
		    "BODY SEQ HASH_HEX AT_US\n"
		    "       wforge sign CA_PEM KEY_PEM BODY SEQ HASH_HEX "
		    "AT_US\n");
		return 100;
	}
	a = send ? 4 : 3;	/* KEY_PEM */
	if ((key = forgekit_key(argv[a])) == NULL ||
	    !hex_decode(argv[a + 3], hash, 32, &n) || n != 32) {
		fprintf(stderr, "wforge: cannot read the key or the hash\n");
		return 100;
	}
	if (send) {
		if (yishi_connect(argv[2], argv[3], 10, &c, &err) != 0) {
			fprintf(stderr, "wforge: cannot connect\n");
			return 100;
		}
		snprintf(instance, sizeof instance, "%s", yishi_instance(c));
	} else if (forgekit_instance(argv[2], instance) != 0) {
		fprintf(stderr, "wforge: cannot read the CA\n");
		return 100;
	}
	w.body = strtoull(argv[a + 1], NULL, 10);
	w.seq = strtoull(argv[a + 2], NULL, 10);
	w.hash.data = hash;
	w.hash.len = 32;
	w.at_us = strtoll(argv[a + 4], NULL, 10);
	canon = sign_canon_witness(instance, w.body, w.seq, hash, w.at_us,
	    &len);
	if (canon == NULL || sign_make(key, canon, len, &sig, &siglen) != 0) {
		fprintf(stderr, "wforge: cannot sign\n");
		return 100;
	}
	if (!send) {
		if ((hex = malloc(2 * siglen + 1)) == NULL)
			return 100;
		hex_encode(sig, siglen, hex);
		printf("%s\n", hex);
		free(hex);
		free(sig);
		free(canon);
		EVP_PKEY_free(key);
		/* Flushed here: a leak check that fails at exit would end the
		 * process before stdio's own flush. */
		return fflush(stdout) == 0 ? 0 : 100;
	}
	req.op_case = YISHI__REQUEST__OP_AUDIT_WITNESS;
	req.audit_witness = &w;
	req.signature.data = sig;
	req.signature.len = siglen;
	if (yishi_call(c, &req, &resp, &err) != 0) {
		fprintf(stderr, "wforge: %s\n", err.message);
		return 100;
	}
	rc = (int)resp->status;
	printf("%s %s\n", protobuf_c_enum_descriptor_get_value(
	    &yishi__status__descriptor, rc)->name,
	    resp->message != NULL ? resp->message : "");
	yishi_response_free(resp);
	yishi_close(c);
	free(sig);
	free(canon);
	EVP_PKEY_free(key);
	return rc;
}
