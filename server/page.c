/*
 * page.c: lists read a page at a time, bounded by entries and by bytes
 * (see page.h).
 */
#include "page.h"

#include "arena.h"

/* Reads the request's page (NULL: the first, at the server's size). */
void
page_init(struct page *pg, const Yishi__Page *req)
{
	pg->after = req != NULL ? req->after : 0;
	pg->after_name = req != NULL && req->after_name != NULL ?
	    req->after_name : "";
	pg->limit = req != NULL && req->limit > 0 && req->limit < PAGE_SIZE ?
	    req->limit : PAGE_SIZE;
	pg->taken = 0;
	pg->bytes = 0;
	pg->more = false;
}

/* The rows to ask the database for: the limit and one. */
long long
page_rows(const struct page *pg)
{
	return (long long)pg->limit + 1;
}

/* Offers the next entry: true when it goes in this page. */
bool
page_take(struct page *pg, const ProtobufCMessage *m)
{
	size_t n;

	if (pg->more || pg->taken >= pg->limit) {
		pg->more = true;
		return false;
	}
	/* Its encoding and the tag and length that frame it in the list. */
	n = protobuf_c_message_get_packed_size(m) + 8;
	if (pg->taken > 0 && pg->bytes + n > PAGE_BYTES) {
		pg->more = true;
		return false;
	}
	pg->bytes += n;
	pg->taken++;
	return true;
}

/* The next page after the last entry taken, or NULL on the last page. */
Yishi__Page *
page_next(struct arena *a, const struct page *pg, uint64_t id,
    const char *name)
{
	Yishi__Page init = YISHI__PAGE__INIT;
	Yishi__Page *p;

	if (!pg->more || pg->taken == 0)
		return NULL;
	p = arena_alloc(a, sizeof *p);
	*p = init;
	p->after = id;
	/* The size the request asked for, so that the next page is sent
	 * back as it is (the server's own size: 0). */
	p->limit = pg->limit < PAGE_SIZE ? pg->limit : 0;
	p->after_name = name != NULL ? arena_strdup(a, name) : (char *)"";
	return p;
}
