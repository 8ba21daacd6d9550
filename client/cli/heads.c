/* heads.c: the remembered trail heads (see heads.h). */
#include "heads.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "hex.h"
#include "serverkey.h"
#include "sign.h"

/* The instance name of a CA certificate file (see heads.h). */
int
heads_instance(const char *ca_path, char out[33])
{
	FILE *f = fopen(ca_path, "r");
	X509 *x = NULL;
	uint8_t fp[32];
	int rc = -1;

	if (f == NULL)
		return -1;
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL &&
	    sign_cert_fingerprint(x, fp) == 0) {
		hex_encode(fp, 16, out);
		rc = 0;
	}
	ERR_clear_error();
	X509_free(x);
	fclose(f);
	return rc;
}

/* Makes dir and its parents (mode 0700); 0 or -1 (see heads.h). */
int
heads_mkdirs(char *dir)
{
	char *p;

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* The client's state folder NAME into dir; 0 or -1 (see heads.h). */
int
heads_state_dir(const char *name, char *dir, size_t len)
{
	const char *s = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int n;

	if (s != NULL && s[0] == '/')
		n = snprintf(dir, len, "%s/yishi/%s", s, name);
	else if (home != NULL && home[0] != '\0')
		n = snprintf(dir, len, "%s/.local/state/yishi/%s", home, name);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* The folder of the remembered heads into dir; 0 or -1 (no home). */
static int
heads_dir(char *dir, size_t len)
{
	return heads_state_dir("heads", dir, len);
}

/* The file of instance and body into path; 0 or -1. */
static int
heads_path(const char *instance, uint64_t body, char *path, size_t len)
{
	char dir[3072];
	int n;

	if (heads_dir(dir, sizeof dir) != 0)
		return -1;
	n = snprintf(path, len, "%s/%s-%" PRIu64, dir, instance, body);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Reads the small file path whole (see heads.h). */
int
heads_file_read(const char *path, char *buf, size_t len, char *why,
    size_t whylen)
{
	size_t got = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (got + 1 < len && (r = read(fd, buf + got, len - 1 - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, whylen, "cannot read %s: %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	buf[got] = '\0';
	close(fd);
	return 1;
}

/* Replaces the file path in dir atomically (see heads.h). */
int
heads_file_replace(char *dir, const char *path, const char *text, size_t n,
    char *why, size_t whylen)
{
	char tmp[4200];
	int fd;

	if (heads_mkdirs(dir) != 0) {
		snprintf(why, whylen, "cannot create %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		snprintf(why, whylen, "cannot write %s: %s", tmp,
		    strerror(errno));
		return -1;
	}
	if (write(fd, text, n) != (ssize_t)n || fsync(fd) != 0) {
		snprintf(why, whylen, "cannot write %s: %s", tmp,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		snprintf(why, whylen, "cannot replace %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * Writes text (n bytes, as snprintf counted them) as path, a file of the
 * heads folder (NULL when its name could not be made); 0, or -1 with why.
 */
static int
heads_store(const char *path, const char *text, int n, char *why,
    size_t whylen)
{
	char dir[3072];

	if (heads_dir(dir, sizeof dir) != 0 || path == NULL) {
		snprintf(why, whylen, "no state folder (set XDG_STATE_HOME or "
		    "HOME)");
		return -1;
	}
	return heads_file_replace(dir, path, text, (size_t)n, why, whylen);
}

/* Reads the remembered head (see heads.h). */
int
heads_load(const char *instance, uint64_t body, uint64_t *seq,
    uint8_t hash[32], char *why, size_t whylen)
{
	char path[4096], magic[32], hex[80], text[512];
	unsigned long long s;
	size_t n;
	int r, ok;

	if (heads_path(instance, body, path, sizeof path) != 0)
		return 0;	/* no state folder: nothing remembered */
	if ((r = heads_file_read(path, text, sizeof text, why, whylen)) <= 0)
		return r;
	ok = sscanf(text, "%31s 1 %llu %79s", magic, &s, hex) == 3 &&
	    strcmp(magic, "yishi-head") == 0 && strlen(hex) == 64;
	if (!ok || !hex_decode(hex, hash, 32, &n) || n != 32) {
		snprintf(why, whylen, "%s is malformed", path);
		return -1;
	}
	*seq = s;
	return 1;
}

/* Remembers a head (see heads.h). */
int
heads_save(const char *instance, uint64_t body, uint64_t seq,
    const uint8_t hash[32], char *why, size_t whylen)
{
	char path[4096], hex[65], text[128];
	int n;

	hex_encode(hash, 32, hex);
	n = snprintf(text, sizeof text, "yishi-head 1\n%" PRIu64 "\n%s\n", seq,
	    hex);
	return heads_store(heads_path(instance, body, path, sizeof path) == 0 ?
	    path : NULL, text, n, why, whylen);
}

/* The file of the server key trusted for instance into path; 0 or -1. */
static int
heads_key_path(const char *instance, char *path, size_t len)
{
	char dir[3072];
	int n;

	if (heads_dir(dir, sizeof dir) != 0)
		return -1;
	n = snprintf(path, len, "%s/%s.server-key", dir, instance);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Reads the server key trusted for instance (see heads.h). */
int
heads_key_load(const char *instance, uint8_t fp[32], char *why,
    size_t whylen)
{
	char path[4096], magic[32], text[128], file[512];
	int r, ok;

	if (heads_key_path(instance, path, sizeof path) != 0)
		return 0;
	if ((r = heads_file_read(path, file, sizeof file, why, whylen)) <= 0)
		return r;
	ok = sscanf(file, "%31s 1 %127s", magic, text) == 2 &&
	    strcmp(magic, "yishi-server-key") == 0 &&
	    serverkey_fp_parse(text, fp) == 0;
	if (!ok) {
		snprintf(why, whylen, "%s is malformed", path);
		return -1;
	}
	return 1;
}

/* Remembers the server key trusted for instance (see heads.h). */
int
heads_key_save(const char *instance, const uint8_t fp[32], char *why,
    size_t whylen)
{
	char path[4096], text[128], fptext[SERVERKEY_FP_TEXT];
	int n;

	serverkey_fp_text(fp, fptext);
	n = snprintf(text, sizeof text, "yishi-server-key 1\n%s\n", fptext);
	return heads_store(heads_key_path(instance, path, sizeof path) == 0 ?
	    path : NULL, text, n, why, whylen);
}

/* The file of the head cosigned for instance and body into path; 0 or -1. */
static int
heads_witness_path(const char *instance, uint64_t body, char *path,
    size_t len)
{
	char dir[3072];
	int n;

	if (heads_dir(dir, sizeof dir) != 0)
		return -1;
	n = snprintf(path, len, "%s/%s-%" PRIu64 ".witnessed", dir, instance,
	    body);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Reads the head cosigned (see heads.h). */
int
heads_witness_load(const char *instance, uint64_t body,
    struct heads_witness *w, char *why, size_t whylen)
{
	char path[4096], magic[32], hex[80], text[512];
	unsigned long long s;
	long long at;
	size_t n;
	int r, ok;

	memset(w, 0, sizeof *w);
	if (heads_witness_path(instance, body, path, sizeof path) != 0)
		return 0;
	if ((r = heads_file_read(path, text, sizeof text, why, whylen)) <= 0)
		return r;
	ok = sscanf(text, "%31s 1 %llu %79s %lld %128s", magic, &s, hex, &at,
	    w->identity) == 5 && strcmp(magic, "yishi-witnessed") == 0 &&
	    strlen(hex) == 64;
	if (!ok || !hex_decode(hex, w->hash, 32, &n) || n != 32) {
		snprintf(why, whylen, "%s is malformed", path);
		return -1;
	}
	w->seq = s;
	w->at_us = at;
	return 1;
}

/* Remembers the head cosigned (see heads.h). */
int
heads_witness_save(const char *instance, uint64_t body,
    const struct heads_witness *w, char *why, size_t whylen)
{
	char path[4096], hex[65], text[400];
	int n;

	hex_encode(w->hash, 32, hex);
	n = snprintf(text, sizeof text, "yishi-witnessed 1\n%" PRIu64 "\n%s\n"
	    "%lld\n%s\n", w->seq, hex, (long long)w->at_us, w->identity);
	return heads_store(heads_witness_path(instance, body, path,
	    sizeof path) == 0 ? path : NULL, text, n, why, whylen);
}
