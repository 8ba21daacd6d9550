/*
 * arena.h: a bump allocator for the short-lived pieces of one response
 * (protobuf sub-messages, formatted strings), freed all at once.
 */
#ifndef YISHI_ARENA_H
#define YISHI_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Returns n zeroed bytes that live until arena_free. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies s into the arena (NULL gives ""). */
char *arena_strdup(struct arena *a, const char *s);
/* Formats into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
