/* bundle.c: audit bundle files (see bundle.h). */
#include "bundle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes b to path (see bundle.h). */
int
bundle_write(const char *path, const Yishi__AuditBundle *b, char *why,
    size_t whylen)
{
	size_t len = yishi__audit_bundle__get_packed_size(b);
	uint8_t *buf = malloc(len + 1);
	char tmp[4200];
	FILE *f;
	int ok;

	if (buf == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	(void)yishi__audit_bundle__pack(b, buf);
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "wb")) == NULL) {
		snprintf(why, whylen, "cannot write %s: %s", tmp,
		    strerror(errno));
		free(buf);
		return -1;
	}
	ok = fwrite(BUNDLE_MAGIC, 1, sizeof BUNDLE_MAGIC - 1, f) ==
	    sizeof BUNDLE_MAGIC - 1 && fwrite(buf, 1, len, f) == len &&
	    fflush(f) == 0 && fsync(fileno(f)) == 0;
	free(buf);
	if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
		snprintf(why, whylen, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Reads a bundle (see bundle.h). */
Yishi__AuditBundle *
bundle_read(const char *path, char *why, size_t whylen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *p;
	size_t len = 0, cap = 0, n;
	Yishi__AuditBundle *b = NULL;

	if (f == NULL) {
		snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((p = realloc(buf, cap)) == NULL) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
			buf = p;
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (len < sizeof BUNDLE_MAGIC - 1 ||
	    memcmp(buf, BUNDLE_MAGIC, sizeof BUNDLE_MAGIC - 1) != 0) {
		snprintf(why, whylen, "%s is not a yishi audit bundle", path);
		goto out;
	}
	b = yishi__audit_bundle__unpack(NULL, len - (sizeof BUNDLE_MAGIC - 1),
	    buf + sizeof BUNDLE_MAGIC - 1);
	if (b == NULL)
		snprintf(why, whylen, "%s: the bundle does not parse", path);
	else if (b->format < 1 || b->format > 4) {
		snprintf(why, whylen, "%s: bundle format %u is not known", path,
		    b->format);
		yishi__audit_bundle__free_unpacked(b, NULL);
		b = NULL;
	}
out:
	free(buf);
	fclose(f);
	return b;
}
