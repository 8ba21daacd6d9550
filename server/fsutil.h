/*
 * fsutil.h: small file helpers for the blocking start-up and instance code:
 * whole-file reads, atomic writes (temp + fsync + rename), path joins.
 */
#ifndef YISHI_FSUTIL_H
#define YISHI_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Writes data to path atomically with the given mode. Returns 0, or -1
   (logged, errno set). An existing file is replaced unless excl is set. */
int fsutil_write(const char *path, const void *data, size_t len, mode_t mode,
    int excl) __attribute__((warn_unused_result));

/* Returns the whole file, NUL-terminated, in a new buffer (length in *lenp
   if not NULL), or NULL with errno set (not logged). */
char *fsutil_read(const char *path, size_t *lenp)
    __attribute__((warn_unused_result));

/* Returns a new string "a/b". */
char *fsutil_join(const char *a, const char *b);

/* Creates path and its missing parents (new folders get mode). Returns 0,
   or -1 (logged). */
int fsutil_mkdirs(const char *path, mode_t mode)
    __attribute__((warn_unused_result));

/* Returns 1 if path exists (any type), 0 if not. */
int fsutil_exists(const char *path);

#endif
