/* xmalloc.h: allocation that aborts the daemon when memory runs out. */
#ifndef YISHI_XMALLOC_H
#define YISHI_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
int xasprintf(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
