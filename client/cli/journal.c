/* journal.c: the member's own journal of signatures (see journal.h). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "heads.h"
#include "hex.h"
#include "sign.h"

/* Copies the value of canonical field name ("body") into out, else "-". */
static void
journal_field(const char *canon, size_t len, const char *name, char *out,
    size_t outlen)
{
	char key[64];
	const char *p, *end = canon + len, *colon;
	unsigned long n;
	int k;

	snprintf(out, outlen, "-");
	k = snprintf(key, sizeof key, "\n%s=", name);
	if (k <= 0 || (size_t)k >= sizeof key)
		return;
	for (p = canon; p + k <= end; p++) {
		if (memcmp(p, key, (size_t)k) != 0)
			continue;
		n = strtoul(p + k, NULL, 10);
		colon = memchr(p + k, ':', (size_t)(end - (p + k)));
		if (colon == NULL || n == 0 || n >= outlen ||
		    (size_t)(end - colon - 1) < n)
			return;
		memcpy(out, colon + 1, n);
		out[n] = '\0';
		/* Tabs and newlines would break the line: keep digits etc. */
		for (k = 0; out[k] != '\0'; k++)
			if (out[k] == '\t' || out[k] == '\n')
				out[k] = ' ';
		return;
	}
}

/* Fills p from signed bytes and signature (see journal.h). */
void
journal_note(struct journal_pending *p, const char *canon, size_t len,
    const uint8_t *sig, size_t siglen)
{
	uint8_t h[SHA256_DIGEST_LENGTH];

	memset(p, 0, sizeof *p);
	if (siglen > 256)
		return;
	SHA256((const unsigned char *)canon, len, h);
	hex_encode(h, sizeof h, p->canon_hash);
	hex_encode(sig, siglen, p->sig);
	journal_field(canon, len, "body", p->body, sizeof p->body);
	journal_field(canon, len, "action", p->action, sizeof p->action);
	p->set = 1;
}

/* The SHA-256 of the certificate at path into fp; 0 or -1. */
static int
journal_cert_fp(const char *path, uint8_t fp[32])
{
	FILE *f = fopen(path, "r");
	X509 *x = NULL;
	int rc = -1;

	if (f == NULL)
		return -1;
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL &&
	    sign_cert_fingerprint(x, fp) == 0)
		rc = 0;
	ERR_clear_error();
	X509_free(x);
	fclose(f);
	return rc;
}

/* The journal file of identity folder idir (see journal.h). */
int
journal_path(const char *idir, char *path, size_t len)
{
	char dir[3072], file[3200], instance[33], cert[33];
	uint8_t fp[32];
	int n;

	if (idir == NULL || heads_state_dir("journal", dir, sizeof dir) != 0)
		return -1;
	n = snprintf(file, sizeof file, "%s/ca.pem", idir);
	if (n <= 0 || (size_t)n >= sizeof file ||
	    heads_instance(file, instance) != 0)
		return -1;
	n = snprintf(file, sizeof file, "%s/cert.pem", idir);
	if (n <= 0 || (size_t)n >= sizeof file ||
	    journal_cert_fp(file, fp) != 0)
		return -1;
	hex_encode(fp, 16, cert);
	n = snprintf(path, len, "%s/%s-%s", dir, instance, cert);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Appends the acknowledged signature p (see journal.h). */
int
journal_append(struct journal_pending *p, const char *idir)
{
	char dir[3072], path[3200], file[3200], fphex[65], *line;
	uint8_t fp[32];
	size_t cap;
	ssize_t w;
	int fd, n, rc = -1;

	if (!p->set)
		return 0;
	p->set = 0;
	n = snprintf(file, sizeof file, "%s/cert.pem", idir);
	if (n <= 0 || (size_t)n >= sizeof file ||
	    journal_cert_fp(file, fp) != 0 ||
	    journal_path(idir, path, sizeof path) != 0 ||
	    heads_state_dir("journal", dir, sizeof dir) != 0 ||
	    heads_mkdirs(dir) != 0)
		return -1;
	hex_encode(fp, sizeof fp, fphex);
	cap = 64 + sizeof p->body + sizeof p->action + sizeof p->canon_hash +
	    sizeof p->sig + sizeof fphex;
	if ((line = malloc(cap)) == NULL)
		return -1;
	n = snprintf(line, cap, "v1\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n",
	    (long long)time(NULL), p->body, p->action, p->canon_hash, p->sig,
	    fphex, p->unsure ? "unsure" : "ok");
	if (n > 0 && (size_t)n < cap &&
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) >= 0) {
		w = write(fd, line, (size_t)n);
		if (w == n && fsync(fd) == 0)
			rc = 0;
		if (close(fd) != 0)
			rc = -1;
	}
	free(line);
	return rc;
}

/* Decodes exactly len bytes of hex text s into out; 0 or -1. */
static int
journal_hex(const char *s, size_t slen, uint8_t *out, size_t len)
{
	size_t got;

	if (slen != 2 * len || !hex_decode(s, out, len, &got) || got != len)
		return -1;
	return 0;
}

/* Parses one journal line (without its newline) into l; 0 or -1. */
static int
journal_parse(char *line, struct journal_line *l)
{
	char *f[8], *p = line, *end;
	size_t k;

	for (k = 0; k < 8; k++) {
		f[k] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	if (k != 7 || strcmp(f[0], "v1") != 0)
		return -1;
	memset(l, 0, sizeof *l);
	l->at = strtoll(f[1], &end, 10);
	if (*end != '\0')
		return -1;
	if (strcmp(f[2], "-") != 0) {
		l->body = strtoull(f[2], &end, 10);
		if (*end != '\0' || l->body == 0)
			return -1;
	}
	snprintf(l->action, sizeof l->action, "%s", f[3]);
	l->siglen = strlen(f[5]) / 2;
	if (journal_hex(f[4], strlen(f[4]), l->canon_hash, 32) != 0 ||
	    l->siglen == 0 || l->siglen > sizeof l->sig ||
	    journal_hex(f[5], strlen(f[5]), l->sig, l->siglen) != 0 ||
	    journal_hex(f[6], strlen(f[6]), l->cert_fp, 32) != 0)
		return -1;
	if (strcmp(f[7], "ok") == 0)
		l->ok = 1;
	else if (strcmp(f[7], "unsure") != 0)
		return -1;
	return 0;
}

/* Reads a journal back (see journal.h). */
int
journal_load(const char *instance, const uint8_t fp[32],
    struct journal_line **v, size_t *n, char *why, size_t whylen)
{
	char dir[3072], path[3200], cert[33], *line = NULL;
	struct journal_line l, *nv;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	FILE *f;
	int k, rc = 1;

	if (heads_state_dir("journal", dir, sizeof dir) != 0) {
		snprintf(why, whylen, "no state folder for the journal");
		return -1;
	}
	hex_encode(fp, 16, cert);
	k = snprintf(path, sizeof path, "%s/%s-%s", dir, instance, cert);
	if (k <= 0 || (size_t)k >= sizeof path) {
		snprintf(why, whylen, "the journal's path is too long");
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (journal_parse(line, &l) != 0)
			continue;
		l.lineno = lineno;
		if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL) {
			snprintf(why, whylen, "out of memory");
			rc = -1;
			break;
		}
		*v = nv;
		(*v)[(*n)++] = l;
	}
	if (rc == 1 && ferror(f)) {
		snprintf(why, whylen, "%s: cannot read", path);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}
