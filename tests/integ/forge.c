/*
 * forge.c: sends a statement whose signature was made with someone else's
 * key, over the caller's own mutual-TLS connection, as a forger would.
 *
 * usage: forge SERVER IDENTITY_DIR KEY_PEM BODY MEETING ITEM POSITION
 *     [INSTANCE]
 * INSTANCE (64 hex digits) is the instance the signed bytes name, the
 * connection's own when not given: another instance's replays there a
 * signature made for it. Prints the response status name and exits with
 * the status number (0 ok, 2 permission denied, ...), or 100 on a local
 * failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "forgekit.h"
#include "sign.h"
#include "yishi.h"

int
main(int argc, char **argv)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__State st = YISHI__STATE__INIT;
	Yishi__Response *resp = NULL;
	struct yishi_conn *c = NULL;
	struct yishi_error err;
	EVP_PKEY *key;
	uint8_t *sig = NULL;
	size_t len, siglen;
	char *canon;
	int rc;

	if (argc != 8 && argc != 9) {
		fprintf(stderr, "usage: forge SERVER IDENTITY_DIR KEY_PEM BODY "
		    "MEETING ITEM POSITION [INSTANCE]\n");
		return 100;
	}
	if ((key = forgekit_key(argv[3])) == NULL ||
	    yishi_connect(argv[1], argv[2], 10, &c, &err) != 0) {
		fprintf(stderr, "forge: cannot set up\n");
		return 100;
	}
	st.item = strtoull(argv[6], NULL, 10);
	st.position = argv[7];
	canon = sign_canon_statement(argc == 9 ? argv[8] : yishi_instance(c),
	    strtoull(argv[4], NULL, 10),
	    strtoull(argv[5], NULL, 10), st.item, yishi_identity_name(c),
	    st.position, "", &len);
	if (canon == NULL || sign_make(key, canon, len, &sig, &siglen) != 0) {
		fprintf(stderr, "forge: cannot sign\n");
		return 100;
	}
	req.op_case = YISHI__REQUEST__OP_STATE;
	req.state = &st;
	req.signature.data = sig;
	req.signature.len = siglen;
	if (yishi_call(c, &req, &resp, &err) != 0) {
		fprintf(stderr, "forge: %s\n", err.message);
		return 100;
	}
	rc = (int)resp->status;
	printf("%s\n", protobuf_c_enum_descriptor_get_value(
	    &yishi__status__descriptor, rc)->name);
	yishi_response_free(resp);
	yishi_close(c);
	free(canon);
	free(sig);
	EVP_PKEY_free(key);
	return rc;
}
