/* fsutil.c: small file helpers (see fsutil.h). */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"

/* Writes all of data to fd, retrying short writes; returns 0 or -1. */
static int
fsutil_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes a temp file next to path, then renames it over path. */
int
fsutil_write(const char *path, const void *data, size_t len, mode_t mode,
    int excl)
{
	char *tmp;
	int fd, saved;

	if (excl && fsutil_exists(path)) {
		errno = EEXIST;
		log_warn("%s", path);
		return -1;
	}
	xasprintf(&tmp, "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		log_warn("create %s", tmp);
		free(tmp);
		return -1;
	}
	/* open() applies the umask; the mode asked for is the mode wanted. */
	if (fchmod(fd, mode) != 0 || fsutil_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		log_warn("write %s", tmp);
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		log_warn("write %s", path);
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

/* Reads the whole file into a NUL-terminated buffer. */
char *
fsutil_read(const char *path, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/* Joins two path parts with one slash. */
char *
fsutil_join(const char *a, const char *b)
{
	char *p;
	size_t la = strlen(a);

	if (la > 0 && a[la - 1] == '/')
		xasprintf(&p, "%s%s", a, b);
	else
		xasprintf(&p, "%s/%s", a, b);
	return p;
}

/* Creates path and its missing parents. */
int
fsutil_mkdirs(const char *path, mode_t mode)
{
	char *p = xstrdup(path), *s, c;
	struct stat st;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			log_warn("mkdir %s", p);
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		log_warnx("%s: not a folder", path);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

/* Tells whether path exists. */
int
fsutil_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}
