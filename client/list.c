/*
 * list.c: lists read a page at a time (yishi.proto, Page). yishi_call_all
 * follows a list's pages and hands back one answer with all of them. It
 * finds the request's page and the answer's entries and next page through
 * the protoc-c descriptors, so that every list, present and future, is
 * paged by the same code.
 */
#include "yishi.h"

#include <stdlib.h>
#include <string.h>

#include "conn.h"

/* Where a request's page goes: the op itself when it is a Page (body
 * list), else its `page` field; NULL for a request that is not a list. */
static Yishi__Page **
list_req_slot(Yishi__Request *req)
{
	const ProtobufCFieldDescriptor *f, *pf;
	ProtobufCMessage **op;

	f = protobuf_c_message_descriptor_get_field(&yishi__request__descriptor,
	    (unsigned)req->op_case);
	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	op = (ProtobufCMessage **)(void *)((char *)req + f->offset);
	if (f->descriptor == &yishi__page__descriptor)
		return (Yishi__Page **)(void *)op;
	if (*op == NULL)
		return NULL;
	pf = protobuf_c_message_descriptor_get_field_by_name((*op)->descriptor,
	    "page");
	if (pf == NULL || pf->descriptor != &yishi__page__descriptor)
		return NULL;
	return (Yishi__Page **)(void *)((char *)*op + pf->offset);
}

/* The list message of an answer (its result), or NULL. */
static ProtobufCMessage *
list_result(const Yishi__Response *r)
{
	const ProtobufCFieldDescriptor *f;

	f = protobuf_c_message_descriptor_get_field(
	    &yishi__response__descriptor, (unsigned)r->result_case);
	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	return *(ProtobufCMessage **)(void *)((const char *)r + f->offset);
}

/* The `next` field of an answer's list, or NULL when it has none. */
static Yishi__Page **
list_next_slot(const Yishi__Response *r)
{
	ProtobufCMessage *m = list_result(r);
	const ProtobufCFieldDescriptor *f;

	if (m == NULL)
		return NULL;
	f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
	    "next");
	if (f == NULL || f->descriptor != &yishi__page__descriptor)
		return NULL;
	return (Yishi__Page **)(void *)((char *)m + f->offset);
}

/* The entries of an answer's list (its first repeated message field):
 * their count and array; false when it has none. */
static bool
list_entries(const Yishi__Response *r, size_t **n, void ***v)
{
	ProtobufCMessage *m = list_result(r);
	const ProtobufCMessageDescriptor *d;
	unsigned i;

	if (m == NULL)
		return false;
	d = m->descriptor;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->label != PROTOBUF_C_LABEL_REPEATED ||
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		*n = (size_t *)(void *)((char *)m + f->quantifier_offset);
		*v = (void **)(void *)((char *)m + f->offset);
		return true;
	}
	return false;
}

/* Moves the entries of page into all (both answers to the same list). */
static int
list_append(Yishi__Response *all, Yishi__Response *page,
    struct yishi_error *err)
{
	size_t *na, *np;
	void **va, **vp;
	void **grown;

	if (!list_entries(all, &na, &va) || !list_entries(page, &np, &vp)) {
		conn_error(err, YISHI_E_PROTOCOL, "a list page holds no list");
		return -1;
	}
	if (*np == 0)
		return 0;
	grown = realloc(*va, (*na + *np) * sizeof *grown);
	if (grown == NULL) {
		conn_error(err, YISHI_E_NOMEM, "out of memory");
		return -1;
	}
	memcpy(grown + *na, *vp, *np * sizeof *grown);
	*va = grown;
	*na += *np;
	*np = 0;		/* all owns them now */
	return 0;
}

/* The next page a list answer names, or NULL (see yishi.h). */
YISHI_EXPORT const Yishi__Page *
yishi_next_page(const Yishi__Response *r)
{
	Yishi__Page **next;

	if (r == NULL || r->status != YISHI__STATUS__STATUS_OK ||
	    (next = list_next_slot(r)) == NULL)
		return NULL;
	return *next;
}

/* Whether next names the page just asked for (cur): a server that does
 * not move on would be asked for it forever. */
static bool
list_stuck(const Yishi__Page *next, const Yishi__Page *cur)
{
	return next->after == cur->after && strcmp(next->after_name != NULL ?
	    next->after_name : "", cur->after_name) == 0;
}

/* Sends a list request and follows its pages (see yishi.h). */
YISHI_EXPORT int
yishi_call_all(struct yishi_conn *c, Yishi__Request *req,
    Yishi__Response **resp, struct yishi_error *err)
{
	Yishi__Page **slot = list_req_slot(req), *given, cur = YISHI__PAGE__INIT;
	Yishi__Response *all = NULL, *page;
	Yishi__Page **next;
	char *name = NULL;
	int rc = 0;

	*resp = NULL;
	if (slot == NULL)
		return yishi_call(c, req, resp, err);
	given = *slot;
	if (given != NULL) {
		cur.after = given->after;
		cur.limit = given->limit;
		cur.after_name = given->after_name;
	}
	if (cur.after_name == NULL)
		cur.after_name = (char *)"";
	*slot = &cur;
	while ((rc = yishi_call(c, req, &page, err)) == 0) {
		if (page->status != YISHI__STATUS__STATUS_OK) {
			yishi_response_free(all);
			all = page;	/* the refusal is the answer */
			break;
		}
		if (all == NULL) {
			all = page;
		} else if (page->result_case != all->result_case) {
			conn_error(err, YISHI_E_PROTOCOL, "a list page of "
			    "another kind");
			yishi_response_free(page);
			rc = -1;
			break;
		} else {
			/* The entries join all's, the cursor goes on from
			 * this page's. */
			rc = list_append(all, page, err);
			next = list_next_slot(all);
			yishi__page__free_unpacked(*next, NULL);
			*next = *list_next_slot(page);
			*list_next_slot(page) = NULL;
			yishi_response_free(page);
			if (rc == -1)
				break;
		}
		next = list_next_slot(all);
		if (next == NULL || *next == NULL)
			break;		/* the last page */
		if (list_stuck(*next, &cur)) {
			conn_error(err, YISHI_E_PROTOCOL, "a list page that "
			    "does not move on");
			rc = -1;
			break;
		}
		free(name);
		if ((name = strdup((*next)->after_name != NULL ?
		    (*next)->after_name : "")) == NULL) {
			conn_error(err, YISHI_E_NOMEM, "out of memory");
			rc = -1;
			break;
		}
		cur.after = (*next)->after;
		cur.after_name = name;
	}
	*slot = given;
	free(name);
	if (rc == -1) {
		yishi_response_free(all);
		return -1;
	}
	if ((next = list_next_slot(all)) != NULL && *next != NULL &&
	    all->status == YISHI__STATUS__STATUS_OK) {
		yishi__page__free_unpacked(*next, NULL);
		*next = NULL;
	}
	*resp = all;
	return 0;
}
