/*
 * bforge.c: an audit bundle altered as a forger holding the instance
 * folder would alter it (test_ballot_audit): one entry's payload (and its
 * signed bytes, re-signed with a member's own key) replaced, the hash
 * chain recomputed from it on, the server's vouch for it re-made and every
 * server-signed head from it on re-signed with the checkpoint key, and the
 * witness cosignatures (which the forger cannot make) dropped. Whatever
 * still fails is what the verifier's replay finds in the content.
 *
 * usage: bforge show BUNDLE SEQ
 *            prints {"payload":…, "signed":…, "signer":…} of entry SEQ
 *        bforge edit IN OUT CA_PEM CHECKPOINT_KEY SEQ PAYLOAD_FILE
 *            [SIGNED_FILE MEMBER_KEY]
 * Exits 0, or 1 on a failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/pem.h>

#include "bundle.h"
#include "forgekit.h"
#include "sign.h"
#include "yishi.h"

/* A whole file as a string, or NULL. */
static char *
bforge_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else
			buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* Signs msg with key into *b (its data replaced). 0 or -1. */
static int
bforge_sign(EVP_PKEY *key, const char *msg, size_t len, ProtobufCBinaryData *b)
{
	uint8_t *sig;
	size_t siglen;

	if (sign_make(key, msg, len, &sig, &siglen) != 0)
		return -1;
	free(b->data);
	b->data = sig;
	b->len = siglen;
	return 0;
}

/* The server's vouch for e re-made with key. 0 or -1. */
static int
bforge_vouch(EVP_PKEY *key, const char *instance, Yishi__TrailEntry *e)
{
	struct sign_entry se;
	char *canon;
	size_t len;
	int rc;

	memset(&se, 0, sizeof se);
	se.body = e->body;
	se.seq = e->seq;
	se.at_us = e->at_us;
	se.actor = e->actor;
	se.action = e->action;
	se.payload = e->payload;
	if (e->signature.len != 0) {
		se.signer = e->signer;
		se.signed_text = e->signed_;
		se.signature = e->signature.data;
		se.siglen = e->signature.len;
		se.cert_fp = e->cert_fp.data;
		se.fplen = e->cert_fp.len;
	}
	if ((canon = sign_canon_vouch(instance, &se, &len)) == NULL)
		return -1;
	rc = bforge_sign(key, canon, len, &e->vouch);
	free(canon);
	return rc;
}

/* A server-signed head re-made over the chain's hash at its seq. */
static int
bforge_head(EVP_PKEY *key, const char *instance, Yishi__Checkpoint *c,
    uint8_t (*hashes)[32], uint64_t n)
{
	char *canon;
	size_t len;
	int rc;

	if (c == NULL || c->seq == 0 || c->seq > n || c->hash.len != 32)
		return 0;
	memcpy(c->hash.data, hashes[c->seq - 1], 32);
	if ((canon = sign_canon_checkpoint(instance, c->body, c->seq, c->hash.data,
	    c->at_us, &len)) == NULL)
		return -1;
	rc = bforge_sign(key, canon, len, &c->signature);
	free(canon);
	return rc;
}

/* Replaces *s with a copy of v. */
static void
bforge_set(char **s, const char *v)
{
	free(*s);
	*s = strdup(v);
}

int
main(int argc, char **argv)
{
	char why[512], instance[SIGN_INSTANCE_LEN + 1], *payload = NULL,
	    *signed_ = NULL;
	Yishi__AuditBundle *b;
	Yishi__TrailEntry *e, *target = NULL;
	EVP_PKEY *ckey = NULL, *mkey = NULL;
	uint8_t (*hashes)[32] = NULL, prev[32];
	uint64_t seq, n = 0;
	size_t i, k;
	json_t *o;

	if (!(argc == 4 && strcmp(argv[1], "show") == 0) &&
	    !((argc == 8 || argc == 10) && strcmp(argv[1], "edit") == 0)) {
		fprintf(stderr, "usage: bforge show BUNDLE SEQ\n"
		    "       bforge edit IN OUT CA_PEM CHECKPOINT_KEY SEQ "
		    "PAYLOAD_FILE [SIGNED_FILE MEMBER_KEY]\n");
		return 1;
	}
	if ((b = bundle_read(argv[2], why, sizeof why)) == NULL) {
		fprintf(stderr, "bforge: %s\n", why);
		return 1;
	}
	seq = strtoull(argv[argc == 4 ? 3 : 6], NULL, 10);
	for (i = 0; i < b->n_pages; i++)
		for (k = 0; k < b->pages[i]->n_entries; k++) {
			e = b->pages[i]->entries[k];
			if (e->seq == seq)
				target = e;
			n = e->seq > n ? e->seq : n;
		}
	if (target == NULL) {
		fprintf(stderr, "bforge: no entry %" PRIu64 "\n", seq);
		return 1;
	}
	if (argc == 4) {
		o = json_pack("{s:s, s:s, s:s}", "payload", target->payload,
		    "signed", target->signed_ ? target->signed_ : "", "signer",
		    target->signer ? target->signer : "");
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		yishi__audit_bundle__free_unpacked(b, NULL);
		return 0;
	}
	if (forgekit_instance(argv[4], instance) != 0 ||
	    (ckey = forgekit_key(argv[5])) == NULL ||
	    (payload = bforge_slurp(argv[7])) == NULL ||
	    (argc == 10 && ((signed_ = bforge_slurp(argv[8])) == NULL ||
	    (mkey = forgekit_key(argv[9])) == NULL)) ||
	    (hashes = calloc(n + 1, sizeof *hashes)) == NULL) {
		fprintf(stderr, "bforge: cannot read the CA, a key or a file\n");
		return 1;
	}
	/* The entry as the forger wants it, signed and vouched for. */
	bforge_set(&target->payload, payload);
	if (signed_ != NULL) {
		bforge_set(&target->signed_, signed_);
		if (bforge_sign(mkey, signed_, strlen(signed_),
		    &target->signature) != 0)
			goto fail;
	}
	if (bforge_vouch(ckey, instance, target) != 0)
		goto fail;
	/* The chain recomputed, and every head the server signed. */
	memset(prev, 0, sizeof prev);
	for (i = 0; i < b->n_pages; i++)
		for (k = 0; k < b->pages[i]->n_entries; k++) {
			e = b->pages[i]->entries[k];
			if (e->prev_hash.len != 32 || e->hash.len != 32 ||
			    e->seq == 0 || e->seq > n)
				goto fail;
			memcpy(e->prev_hash.data, prev, 32);
			if (yishi_trail_entry_hash(prev, e, e->hash.data) != 0)
				goto fail;
			memcpy(prev, e->hash.data, 32);
			memcpy(hashes[e->seq - 1], prev, 32);
		}
	for (i = 0; i < b->n_pages; i++) {
		Yishi__TrailPage *p = b->pages[i];

		if (p->head_hash.len == 32)
			memcpy(p->head_hash.data, prev, 32);
		for (k = 0; k < p->n_checkpoints; k++)
			if (bforge_head(ckey, instance, p->checkpoints[k], hashes,
			    n) != 0)
				goto fail;
		if (bforge_head(ckey, instance, p->signed_head, hashes, n) != 0)
			goto fail;
		/* An inspector's cosignature cannot be re-made: dropped. */
		for (k = 0; k < p->n_witnesses; k++)
			yishi__witness__free_unpacked(p->witnesses[k], NULL);
		p->n_witnesses = 0;
	}
	if (bundle_write(argv[3], b, why, sizeof why) != 0) {
		fprintf(stderr, "bforge: %s\n", why);
		return 1;
	}
	yishi__audit_bundle__free_unpacked(b, NULL);
	EVP_PKEY_free(ckey);
	EVP_PKEY_free(mkey);
	free(hashes);
	free(payload);
	free(signed_);
	return 0;
fail:
	fprintf(stderr, "bforge: cannot re-sign or rehash\n");
	return 1;
}
