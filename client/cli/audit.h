/*
 * audit.h: the parts of audit verify (cmd_audit.c) that audit self
 * (cmd_self.c) reuses: fetching a trail in pages, the CA and the server
 * key trusted, the head the server signed for the read, its checkpoints,
 * the head remembered, and the report of a broken trail (exit 6).
 */
#ifndef YISHI_CLI_AUDIT_H
#define YISHI_CLI_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509_vfy.h>

#include "cli.h"
#include "witness.h"
#include "yishi.h"

/* The pages of a trail as fetched, kept until printed. */
struct audit_pages {
	Yishi__Response **pages;
	size_t n;
	uint64_t head_seq;
	ProtobufCBinaryData head_hash;
};

/* What one verification reads: the trail in pages and the record. */
struct audit_src {
	uint64_t body;
	Yishi__TrailPage **pages;
	size_t npages;
	uint64_t head_seq;
	ProtobufCBinaryData head_hash;
	Yishi__Minutes **record;
	size_t nrecord;
	Yishi__FollowupTask **tasks;
	size_t ntasks;
	bool no_tasks;		/* a format 1 bundle */
	/* Online: the encrypted ballots of every secret vote, in pages (each
	 * page's vote names its item). A bundle keeps none. */
	Yishi__Vote *const *ballots;
	size_t nballots;
	bool bundle;
	uint32_t format;	/* of a bundle */
	/* The head the server signed for this read, and its page (whose
	 * server_certs hold the key's certificate). */
	const Yishi__Checkpoint *signed_head;
	const Yishi__TrailPage *signed_page;
	/* audit verify online: the CLI, whose inspector cosigns the head
	 * verified (witness.h); NULL otherwise. */
	struct cli *cli;
};

/* The server's checkpoint key the inspector trusts. */
struct audit_pin {
	uint8_t fp[32];
	bool have;
	const char *trust;	/* given | remembered | first_use */
};

/* What verification found, for the report. */
struct audit_result {
	struct yishi_trail_state st;
	size_t signatures, checkpoints;
	const char *remembered;	/* new | same | extended | older */
	/* The newest head inspectors cosigned, and the one this inspector
	 * cosigned now (witness.h). */
	struct witness_head witnessed, cosigned;
};

/* A server checkpoint and the page whose certificates go with it. */
struct audit_ck {
	const Yishi__Checkpoint *c;
	const Yishi__TrailPage *t;
};

/* Fetches body's trail from seq from to its head, page by page, with
 * request op (audit log or audit self, both an AuditLog). 0, or the exit
 * code after printing the error (a trail the server refuses: exit 6). */
int audit_fetch_op(struct cli *cli, Yishi__Request__OpCase op, uint64_t body,
    uint64_t from, struct audit_pages *p);

/* Frees fetched pages. */
void audit_pages_free(struct audit_pages *p);

/* Reports a broken trail at entry seq (a table row when 0): exit 6. */
int audit_tampered(uint64_t body, uint64_t seq, const char *why);

/* The CA trusted (--ca, else the identity folder's ca.pem) into *st, and
 * the instance it names. 0, or the exit code. */
int audit_ca(struct cli *cli, X509_STORE **st, char instance[33]);

/* The server key trusted (--server-key, YISHI_SERVER_KEY, remembered, or
 * none: first use). 0, or the exit code. */
int audit_pin(struct cli *cli, const char *instance, struct audit_pin *pin);

/* Checks the head the server signed for this read with the trusted key
 * (on first use, the key that signed it). 0, or the exit code. */
int audit_signed_head(const struct audit_src *s, X509_STORE *ca,
    struct audit_pin *pin);

/* Checks that the chain, verified up to end with hash, ends exactly at
 * the signed head. 0, or the exit code. */
int audit_signed_end(const struct audit_src *s, uint64_t end,
    const uint8_t hash[32]);

/* The checkpoints of the pages, by seq (*n of them); NULL when out of
 * memory. */
struct audit_ck *audit_cks(const struct audit_src *s, size_t *n);

/* Checks one checkpoint against its certificate, the CA, the trusted key
 * and the chain's entry at its seq (e; NULL when the chain ends at end,
 * before it). 0, or the exit code. */
int audit_checkpoint(const struct audit_src *s, const struct audit_ck *k,
    const Yishi__TrailEntry *e, uint64_t end, X509_STORE *ca,
    const struct audit_pin *pin, struct audit_result *res);

/* Holds a chain of n entries (ents[0] is entry 1) against the head this
 * user remembers for instance and body (heads.h), remembering nothing:
 * 0 when none is remembered, 1 when the chain extends it (*seq its seq),
 * 2 when it does not (*seq the entry to name, why says how), -1 when the
 * state folder is unreadable (why). */
int audit_remembered_check(uint64_t body, const Yishi__TrailEntry **ents,
    uint64_t n, const char *instance, uint64_t *seq, char *why,
    size_t whylen);

/* Says, before a result, that the server key was trusted on first use. */
void audit_key_note(const struct audit_pin *pin, const char *key);

#endif
