/* arena.c: a bump allocator for one response (see arena.h). */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "xmalloc.h"

#define ARENA_CHUNK 8192

struct chunk {
	SLIST_ENTRY(chunk) entry;
	size_t		 used, size;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	SLIST_HEAD(, chunk) chunks;	/* the newest, being filled, first */
};

/* Returns a new, empty arena. */
struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

/* Frees the arena and everything allocated from it. */
void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = SLIST_FIRST(&a->chunks); c != NULL; c = next) {
		next = SLIST_NEXT(c, entry);
		free(c);
	}
	free(a);
}

/* Returns n zeroed bytes that live until arena_free. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = SLIST_FIRST(&a->chunks);
	size_t align = _Alignof(max_align_t);
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = xmalloc(sizeof *c + size);
		c->used = 0;
		c->size = size;
		SLIST_INSERT_HEAD(&a->chunks, c, entry);
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

/* Copies s into the arena (NULL gives ""). */
char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		s = "";
	n = strlen(s);
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	return p;
}

/* Formats into the arena. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
	if (n > 0)
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
