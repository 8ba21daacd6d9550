/* keyfile.c: a scrutineer's secret in the state folder (see keyfile.h). */
#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "heads.h"
#include "hex.h"

#define KEYFILE_MAGIC "yishi-scrutineer 1\n"

/* The file of a round's secret (see keyfile.h). */
int
keyfile_path(const char *instance, uint64_t body, uint64_t item,
    uint64_t round, const char *identity, char *path, size_t len)
{
	char dir[3072];
	int n;

	if (instance == NULL || strlen(instance) < 32 || identity == NULL ||
	    identity[0] == '\0' || strchr(identity, '/') != NULL ||
	    heads_state_dir("scrutineer", dir, sizeof dir) != 0)
		return -1;
	n = snprintf(path, len, "%s/%.32s-%" PRIu64 "-%" PRIu64 "-%" PRIu64
	    "-%s.key", dir, instance, body, item, round, identity);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Writes the secret atomically (see keyfile.h). */
int
keyfile_save(const char *path, const uint8_t secret[KEYFILE_SECRET],
    char *why, size_t whylen)
{
	char dir[3072], text[sizeof KEYFILE_MAGIC + 2 * KEYFILE_SECRET + 2];
	int rc;

	if (heads_state_dir("scrutineer", dir, sizeof dir) != 0) {
		snprintf(why, whylen, "no state folder (set XDG_STATE_HOME or "
		    "HOME)");
		return -1;
	}
	memcpy(text, KEYFILE_MAGIC, sizeof KEYFILE_MAGIC - 1);
	hex_encode(secret, KEYFILE_SECRET, text + sizeof KEYFILE_MAGIC - 1);
	strcat(text, "\n");
	rc = heads_file_replace(dir, path, text, strlen(text), why, whylen);
	OPENSSL_cleanse(text, sizeof text);
	return rc;
}

/* Reads the secret (see keyfile.h). */
int
keyfile_load(const char *path, uint8_t secret[KEYFILE_SECRET], char *why,
    size_t whylen)
{
	char text[256];
	size_t got = 0;
	int r;

	if ((r = heads_file_read(path, text, sizeof text, why, whylen)) <= 0)
		return r;
	r = strncmp(text, KEYFILE_MAGIC, sizeof KEYFILE_MAGIC - 1) == 0 &&
	    strlen(text) == sizeof KEYFILE_MAGIC - 1 + 2 * KEYFILE_SECRET + 1 &&
	    text[strlen(text) - 1] == '\n';
	if (r)
		text[strlen(text) - 1] = '\0';
	r = r && hex_decode(text + sizeof KEYFILE_MAGIC - 1, secret,
	    KEYFILE_SECRET, &got) && got == KEYFILE_SECRET ? 1 : -1;
	OPENSSL_cleanse(text, sizeof text);
	if (r < 0)
		snprintf(why, whylen, "%s is not a scrutineer's secret", path);
	return r;
}

/* Deletes the secret (see keyfile.h). */
int
keyfile_remove(const char *path)
{
	static const char zero[256];
	int fd;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : -1;
	/* Overwrite before unlinking: a copy-on-write or journalling file
	 * system may keep the old blocks, but most do not. */
	if (write(fd, zero, sizeof zero) < 0 || fsync(fd) != 0) {
		/* still unlink it below */
	}
	close(fd);
	return unlink(path) == 0 ? 1 : -1;
}

/* Deletes identity's secret of a round whatever the body (see
 * keyfile.h). */
int
keyfile_forget(const char *instance, uint64_t item, uint64_t round,
    const char *identity)
{
	char dir[3072], pat[4200];
	glob_t g;
	size_t i;
	int n, rc = 0;

	if (instance == NULL || strlen(instance) < 32 || identity == NULL ||
	    identity[0] == '\0' || strpbrk(identity, "/*?[\\") != NULL ||
	    heads_state_dir("scrutineer", dir, sizeof dir) != 0)
		return 0;
	n = snprintf(pat, sizeof pat, "%s/%.32s-*-%" PRIu64 "-%" PRIu64
	    "-%s.key", dir, instance, item, round, identity);
	if (n <= 0 || (size_t)n >= sizeof pat ||
	    glob(pat, GLOB_NOSORT, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc; i++)
		if (keyfile_remove(g.gl_pathv[i]) == 1)
			rc = 1;
	globfree(&g);
	return rc;
}

/* Locks the scrutineer folder (see keyfile.h). */
int
keyfile_lock(void)
{
	char dir[3072];
	int fd;

	if (heads_state_dir("scrutineer", dir, sizeof dir) != 0 ||
	    heads_mkdirs(dir) != 0 ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (flock(fd, LOCK_EX) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Releases the lock (see keyfile.h). */
void
keyfile_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
