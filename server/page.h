/*
 * page.h: lists read a page at a time (proto/yishi.proto, Page). A page
 * holds the entries after the request's cursor, at most its limit of them
 * (the server's page size when none is asked) and never more bytes than
 * PAGE_BYTES (one entry always goes), so that an answer fits one frame
 * whatever its entries hold. A handler asks the database for page_rows()
 * rows in its list's order after the cursor (keyset), offers each entry it
 * builds to page_take(), and answers with page_next() of the last it took.
 */
#ifndef YISHI_PAGE_H
#define YISHI_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

struct arena;

#define PAGE_SIZE 500			/* entries per page, at most */
#define PAGE_BYTES (512 * 1024)		/* bytes of entries per page, at most */

/* One page being filled. */
struct page {
	uint64_t after;		/* the request's cursor (0: from the start) */
	const char *after_name;	/* seat lists' cursor ("": from the start) */
	uint32_t limit;		/* entries, 1..PAGE_SIZE */
	uint32_t taken;		/* entries taken so far */
	size_t bytes;		/* their encoded size */
	bool more;		/* an entry was left for the next page */
};

/* Reads the request's page (NULL: the first, at the server's size). */
void page_init(struct page *pg, const Yishi__Page *req);

/* The rows to ask the database for: one more than the limit, so that the
 * page knows whether there is a next one. */
long long page_rows(const struct page *pg);

/* Offers the next entry m: true when it belongs in this page, false when
 * it and the rest go to the next page (the limit or the byte bound). */
bool page_take(struct page *pg, const ProtobufCMessage *m);

/* The answer's next page after the last entry taken (id or name), in the
 * arena, or NULL when this page is the last. */
Yishi__Page *page_next(struct arena *a, const struct page *pg, uint64_t id,
    const char *name);

#endif
