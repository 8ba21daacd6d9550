/*
 * h_self.c: audit self, a seat's own view of its body's trail (issue 12).
 *
 * The operator who holds the instance folder can sign as the server and
 * mint certificates with the CA key; the member's own client is the check
 * against that (`yishi audit self`, client/cli/cmd_self.c). It needs the
 * whole chain, to check it links up to the head the server signs for this
 * read, but only its own entries in full: those it signed, and those about
 * its identity (seat.add, seat.remove, identity.certificate and the other
 * identity.* entries whose payload's "identity" or "seat" names it). Every
 * other entry comes as seq, prev_hash and hash, and nothing else: no time,
 * actor, action, payload or signature, so a member learns nothing of the
 * deliberation it is not entitled to (R-CONF-1) beyond the chain's hashes.
 * The page, its paging, the head signed now and the refusal of a trail
 * the daemon's heads contradict are audit log's (h_read.c).
 */
#include "handlers.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "json.h"

/* Whether payload holds "field":"who" as one of its own fields: payload
 * is the server's own JSON (json.h: no whitespace), and a quote inside a
 * string value is escaped, so the text cannot be forged by a value. */
static bool
h_self_names(struct req *r, const char *payload, const char *field,
    const char *who)
{
	const char *key = arena_printf(r->a, "\"%s\":%s", field,
	    json_string(r->a, who));
	const char *p = payload;
	size_t n = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == payload || p[-1] == '{' || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '}'))
			return true;
		p += n;
	}
	return false;
}

/* Whether entry e is the caller's own: signed by it, or a seat or
 * identity entry about its identity. */
static bool
h_self_own(struct req *r, const Yishi__TrailEntry *e)
{
	const char *a = e->action != NULL ? e->action : "";

	if (e->signer != NULL && strcmp(e->signer, r->who) == 0)
		return true;
	if (strncmp(a, "seat.", 5) != 0 && strncmp(a, "identity.", 9) != 0)
		return false;
	return e->payload != NULL &&
	    (h_self_names(r, e->payload, "identity", r->who) ||
	    h_self_names(r, e->payload, "seat", r->who));
}

/* Leaves only seq, prev_hash and hash of an entry not the caller's. */
static void
h_self_redact(struct req *r, Yishi__TrailEntry *e)
{
	ProtobufCBinaryData none = { 0, NULL };

	if (h_self_own(r, e))
		return;
	e->at = (char *)"";
	e->at_us = 0;
	e->actor = (char *)"";
	e->action = (char *)"";
	e->payload = (char *)"";
	e->signer = (char *)"";
	e->signed_ = (char *)"";
	e->signature = none;
	e->cert_fp = none;
	e->vouch = none;	/* it would confirm a guess at the rest */
}

/* audit self: one page of the body's trail. */
static void
h_self_prepare(struct req *r, struct db_batch *b)
{
	h_read_trail_prepare(r, b, r->rq->audit_self->from_seq);
}

/* audit self: any seat of the body (perm.c), its own entries in full. */
static void
h_self_decide(struct req *r)
{
	h_read_trail_decide(r, h_self_redact);
}

/* The body id of audit self. */
static uint64_t
h_self_key(const Yishi__Request *rq)
{
	return rq->audit_self->body;
}

const struct handler h_self[] = {
	{
		.op = YISHI__REQUEST__OP_AUDIT_SELF,
		.name = "audit.self",
		.scope = REQ_SCOPE_BODY,
		.key = h_self_key,
		.prepare = h_self_prepare,
		.decide = h_self_decide,
	},
	{ 0 }
};
