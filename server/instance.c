/* instance.c: `yishid init` and `yishid issue` (see instance.h). */
#include "instance.h"

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/bio.h>
#include <openssl/pem.h>

#include "checkpoint.h"
#include "config.h"
#include "fsutil.h"
#include "hex.h"
#include "log.h"
#include "migrate.h"
#include "pgcluster.h"
#include "pki.h"
#include "server.h"
#include "serverkey.h"
#include "sign.h"
#include "xmalloc.h"

#define INSTANCE_NAME_MAX	64	/* characters, as in the schema */

/* A database session of init or issue: who started the cluster. */
struct instance_db {
	PGconn	*pg;
	int	 started;	/* 1: we started the private cluster */
};

/* Decodes one UTF-8 character at s into *cp; returns its length or 0 if
   invalid (overlong, surrogate, out of range, truncated). */
static int
instance_utf8(const unsigned char *s, uint32_t *cp)
{
	int n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Tells whether cp is a control or white-space character (Unicode). */
static int
instance_blank(uint32_t cp)
{
	return cp < 0x20 || cp == ' ' || (cp >= 0x7f && cp <= 0xa0) ||
	    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff;
}

/* Tells whether cp may be part of an identity name: not blank, not a
 * path separator, quote or shell metacharacter, not an invisible
 * direction or format control. */
static int
instance_name_char(uint32_t cp)
{
	if (cp < 0x80)
		return !instance_blank(cp) && strchr("/\\\"'`$;|&<>*?",
		    (int)cp) == NULL;
	return !instance_blank(cp) && !(cp >= 0x200c && cp <= 0x200f) &&
	    !(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2060 && cp <= 0x206f);
}

/* Tells whether name may name an identity (it becomes a folder name, a
 * certificate's CN and an argument of commands, so it cannot look like an
 * option or a hidden file). */
int
instance_name_valid(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t cp;
	int n, count = 0;

	if (name == NULL || name[0] == '\0' || name[0] == '.' ||
	    name[0] == '-')
		return 0;
	while (*s != '\0') {
		if ((n = instance_utf8(s, &cp)) == 0)
			return 0;
		if (!instance_name_char(cp))
			return 0;
		if (++count > INSTANCE_NAME_MAX)
			return 0;
		s += n;
	}
	return 1;
}

/* Returns a copy of s for the log, control characters shown as '?'. */
static char *
instance_printable(const char *s)
{
	char *c = xstrdup(s), *p;

	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return c;
}

/* Returns the trail payload: {"name":…,"fingerprint":…,"admin":…}. */
static char *
instance_payload(const char *name, const char *hex, int is_admin)
{
	char *buf = NULL;
	size_t len = 0;
	const char *p;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		fatal("open_memstream");
	fputs("{\"name\":\"", f);
	/* Valid names hold no control characters; quote and backslash are
	   escaped all the same. */
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fprintf(f, "\",\"fingerprint\":\"%s\",\"admin\":%s}", hex,
	    is_admin ? "true" : "false");
	if (fclose(f) != 0)
		fatal("open_memstream");
	return buf;
}

/* Runs one parameterless statement; returns 0 or -1 (logged). */
static int
instance_exec(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_warnx("%s: %s", sql, PQresultErrorMessage(r));
		rc = -1;
	}
	PQclear(r);
	return rc;
}

/* Logs a failed statement, naming a duplicate identity plainly. */
static void
instance_db_error(PGresult *r, const char *name)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	if (state != NULL && strcmp(state, "23505") == 0)
		log_warnx("identity %s (or its certificate) is already "
		    "recorded in the database", name);
	else
		log_warnx("recording identity %s: %s", name,
		    PQresultErrorMessage(r));
}

/* Loads what vouching for the identity.issue entries needs: the instance
 * id and the checkpoint key (checkpoint.h). 0, or -1 (logged). */
static int
instance_vouch_load(const struct config *cfg)
{
	if (pki_instance_id(cfg->ca_file, srv.instance) != 0) {
		log_warnx("cannot read the instance CA certificate %s",
		    cfg->ca_file);
		return -1;
	}
	return checkpoint_load(cfg);
}

/* Appends the identity.issue entry of payload to the instance trail,
 * inside the caller's transaction: the instance trail's row locked first,
 * so that its head read here is the one the entry extends, and the entry
 * vouched for at the seq after it and at the time chosen here (now, or a
 * microsecond after the head's when the clock is behind it). 0, or -1
 * (logged). */
static int
instance_trail_issue(PGconn *pg, const char *name, const char *payload)
{
	static const char lock[] = "SELECT coalesce(h.seq, 0), greatest("
	    "(extract(epoch FROM date_trunc('microseconds', "
	    "clock_timestamp())) * 1000000)::bigint, (extract(epoch FROM "
	    "h.at) * 1000000)::bigint + 1) FROM (SELECT 1 FROM bodies WHERE "
	    "id = 0 FOR NO KEY UPDATE) b LEFT JOIN LATERAL (SELECT seq, at "
	    "FROM trail WHERE body_id = 0 ORDER BY seq DESC LIMIT 1) h ON true";
	static const char trail[] = "SELECT trail_append_timed(0, $1, $4, "
	    "'yishid', 'identity.issue', $2, NULL, NULL, NULL, NULL, "
	    "decode($3, 'hex'))";
	struct sign_entry e;
	const char *params[4];
	char *hex = NULL;
	uint8_t *vouch = NULL;
	size_t vlen = 0;
	long long head;
	PGresult *r, *t;
	int rc = -1;

	r = PQexec(pg, lock);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		instance_db_error(r, name);
		PQclear(r);
		return -1;
	}
	head = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	params[0] = PQgetvalue(r, 0, 0);
	memset(&e, 0, sizeof e);
	e.body = 0;
	e.seq = (uint64_t)head + 1;
	e.at_us = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	e.actor = "yishid";
	e.action = "identity.issue";
	e.payload = payload;
	if (checkpoint_vouch(&e, &vouch, &vlen) != 0) {
		log_warnx("recording identity %s: cannot vouch for its trail "
		    "entry", name);
		PQclear(r);
		return -1;
	}
	hex = xmalloc(2 * vlen + 1);
	hex_encode(vouch, vlen, hex);
	params[1] = payload;
	params[2] = hex;
	params[3] = PQgetvalue(r, 0, 1);
	t = PQexecParams(pg, trail, 4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(t) != PGRES_TUPLES_OK)
		instance_db_error(t, name);
	else
		rc = 0;
	PQclear(t);
	PQclear(r);
	free(hex);
	free(vouch);
	return rc;
}

/* Inserts an issued identity and its trail entry, inside the caller's
   transaction. */
static int
instance_insert(PGconn *pg, const char *name, const char *cert_pem,
    const char *hex, int is_admin)
{
	static const char ins[] = "INSERT INTO identities (name, fingerprint, "
	    "cert_pem, is_admin) VALUES ($1, decode($2, 'hex'), $3, $4)";
	/* Kept for good: signatures are verified with the certificate they
	 * were made with (sql/003_signatures.sql). */
	static const char cert[] = "INSERT INTO certificates (fingerprint, "
	    "identity, pem) VALUES (decode($2, 'hex'), $1, $3)";
	const char *params[4];
	char *payload;
	PGresult *r;
	int rc = -1;

	params[0] = name;
	params[1] = hex;
	params[2] = cert_pem;
	params[3] = is_admin ? "true" : "false";
	r = PQexecParams(pg, ins, 4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		instance_db_error(r, name);
		goto out;
	}
	PQclear(r);
	r = PQexecParams(pg, cert, 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		instance_db_error(r, name);
		goto out;
	}
	PQclear(r);
	r = NULL;
	payload = instance_payload(name, hex, is_admin);
	rc = instance_trail_issue(pg, name, payload);
	free(payload);
out:
	PQclear(r);
	return rc;
}

/* Records an issued identity and its trail entry in one transaction. */
static int
instance_record(PGconn *pg, const char *name, const char *cert_pem,
    const char *hex, int is_admin)
{
	if (instance_exec(pg, "BEGIN") != 0)
		return -1;
	if (instance_insert(pg, name, cert_pem, hex, is_admin) != 0 ||
	    instance_exec(pg, "COMMIT") != 0) {
		(void)instance_exec(pg, "ROLLBACK");
		return -1;
	}
	return 0;
}

/* Sends server notices (migrations print some) to the debug log. */
static void
instance_notice(void *arg, const char *msg)
{
	(void)arg;
	log_debug("postgres: %s", msg);
}

/*
 * Opens the database of cfg as a superuser and migrates it, starting the
 * private cluster first if it is down (db->started tells).
 */
static int
instance_db_open(const struct config *cfg, struct instance_db *db)
{
	char *ci;

	memset(db, 0, sizeof *db);
	if (pgcluster_is_private(cfg) && !pgcluster_running(cfg)) {
		if (pgcluster_start(cfg) != 0)
			return -1;
		db->started = 1;
	}
	if ((ci = pgcluster_conninfo(cfg, NULL)) == NULL)
		goto fail;
	db->pg = PQconnectdb(ci);
	free(ci);
	if (PQstatus(db->pg) != CONNECTION_OK) {
		log_warnx("connecting to the database: %s",
		    PQerrorMessage(db->pg));
		goto fail;
	}
	PQsetNoticeProcessor(db->pg, instance_notice, NULL);
	if (migrate_apply(db->pg) != 0)
		goto fail;
	return 0;
fail:
	PQfinish(db->pg);
	db->pg = NULL;
	if (db->started && pgcluster_stop(cfg) != 0)
		log_warnx("could not stop the private cluster again");
	return -1;
}

/* Closes what instance_db_open opened; stops a cluster it started. */
static int
instance_db_close(const struct config *cfg, struct instance_db *db)
{
	PQfinish(db->pg);
	db->pg = NULL;
	if (db->started)
		return pgcluster_stop(cfg);
	return 0;
}

/* Reads dir/cert.pem, fingerprints it and records the identity. */
static int
instance_record_dir(const struct config *cfg, const char *name,
    const char *iddir, int is_admin, char hex[2 * PKI_FP_LEN + 1])
{
	struct instance_db db;
	char *path = fsutil_join(iddir, "cert.pem"), *pem;
	uint8_t fp[PKI_FP_LEN];
	int rc = -1;

	if ((pem = fsutil_read(path, NULL)) == NULL) {
		log_warn("%s", path);
		free(path);
		return -1;
	}
	if (pki_fingerprint_pem(pem, fp) != 0)
		goto out;
	hex_encode(fp, PKI_FP_LEN, hex);
	if (instance_vouch_load(cfg) != 0 || instance_db_open(cfg, &db) != 0)
		goto out;
	rc = instance_record(db.pg, name, pem, hex, is_admin);
	if (instance_db_close(cfg, &db) != 0)
		rc = -1;
out:
	free(pem);
	free(path);
	return rc;
}

/* Removes an identity folder made by a failed issue. */
static void
instance_unissue(const char *iddir)
{
	static const char *files[] = { "cert.pem", "key.pem", "ca.pem" };
	char *p;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		p = fsutil_join(iddir, files[i]);
		(void)unlink(p);
		free(p);
	}
	if (rmdir(iddir) != 0 && errno != ENOENT)
		log_warn("rmdir %s", iddir);
}

/* Makes dir/identities/NAME (0700); refuses if it exists. Returns the new
   path or NULL. */
static char *
instance_iddir(const char *dir, const char *name)
{
	char *ids = fsutil_join(dir, "identities"), *iddir;

	if (mkdir(ids, 0700) != 0 && errno != EEXIST) {
		log_warn("mkdir %s", ids);
		free(ids);
		return NULL;
	}
	iddir = fsutil_join(ids, name);
	free(ids);
	if (mkdir(iddir, 0700) != 0) {
		if (errno == EEXIST)
			log_warnx("identity %s exists already: %s/", name,
			    iddir);
		else
			log_warn("mkdir %s", iddir);
		free(iddir);
		return NULL;
	}
	return iddir;
}

/* nftw callback: removes one entry, children first. */
static int
instance_rm_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0 && errno != ENOENT)
		log_warn("remove %s", path);
	return 0;
}

/* Removes what a failed init made in dir (which held none of it before:
   instance_check_empty saw to that). */
static void
instance_undo(const char *dir)
{
	static const char *parts[] = { "ca.pem", "ca.key", "server.pem",
	    "server.key", "checkpoint.pem", "checkpoint.key", "identities",
	    "pg", "run", "pg.log" };
	char *p;
	size_t i;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		p = fsutil_join(dir, parts[i]);
		if (fsutil_exists(p) &&
		    nftw(p, instance_rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
			log_warn("remove %s", p);
		free(p);
	}
}

/* Refuses a folder holding pieces of an earlier, unfinished init. */
static int
instance_check_empty(const char *dir)
{
	static const char *parts[] = { "ca.pem", "ca.key", "server.pem",
	    "server.key", "checkpoint.pem", "checkpoint.key", "heads",
	    "identities", "pg", "run" };
	char *p;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof parts / sizeof parts[0] && rc == 0; i++) {
		p = fsutil_join(dir, parts[i]);
		if (fsutil_exists(p)) {
			log_warnx("%s exists (an unfinished init?): remove it "
			    "or use an empty folder", p);
			rc = -1;
		}
		free(p);
	}
	return rc;
}

/* Loads the instance CA with its key: from ca_dir/ca.key when ca_dir is
 * given, else from the instance folder (cfg's ca_key_file). When the key
 * is not there, says where it is kept and how to point to it (Chinese and
 * English: the operator's words). 0, or -1 (logged). */
static int
instance_ca_load(const struct config *cfg, const char *ca_dir,
    struct pki_ca *ca)
{
	char *key = ca_dir != NULL ? fsutil_join(ca_dir, "ca.key") :
	    xstrdup(cfg->ca_key_file);
	int rc = -1;

	if (!fsutil_exists(key) && ca_dir == NULL)
		log_warnx("实例目录中没有 CA 私钥（%s）：它保存在离线的 CA 目录中，"
		    "请用 --ca-dir CADIR 指向该目录（yishid init --ca-dir 写入 "
		    "ca.key 的目录）\n"
		    "the CA key is not in the instance folder (%s): it is kept "
		    "in an offline CA folder; point to that folder with --ca-dir "
		    "CADIR (where yishid init --ca-dir wrote ca.key)", key, key);
	else if (!fsutil_exists(key))
		log_warnx("CA 目录中没有 CA 私钥：%s\n"
		    "no CA key in the CA folder: %s (give the folder where "
		    "yishid init --ca-dir wrote ca.key)", key, key);
	else
		rc = pki_ca_load(ca, cfg->ca_file, key);
	free(key);
	return rc;
}

/* Makes the offline CA folder ca_dir (0700) for init: the CA key and
 * certificate there, a copy of the certificate in the instance folder abs.
 * Refuses a folder that already holds a CA. 0, or -1 (logged). */
static int
instance_ca_offline(const char *ca_dir, const char *abs)
{
	char *key = fsutil_join(ca_dir, "ca.key");
	char *pem = fsutil_join(ca_dir, "ca.pem");
	char *copy = fsutil_join(abs, "ca.pem");
	char *text = NULL, *real = NULL;
	size_t len = 0, n = strlen(abs);
	int rc = -1;

	if (fsutil_exists(key) || fsutil_exists(pem)) {
		log_warnx("%s already holds a CA (ca.key or ca.pem): give an "
		    "empty folder to --ca-dir", ca_dir);
		goto out;
	}
	if (fsutil_mkdirs(ca_dir, 0700) != 0)
		goto out;
	if ((real = realpath(ca_dir, NULL)) == NULL) {
		log_warn("%s", ca_dir);
		goto out;
	}
	if (strncmp(real, abs, n) == 0 && (real[n] == '\0' || real[n] == '/')) {
		log_warnx("--ca-dir %s is inside the instance folder %s: the "
		    "CA key must be kept outside it", ca_dir, abs);
		goto out;
	}
	if (pki_ca_create(ca_dir) != 0)
		goto out;
	if ((text = fsutil_read(pem, &len)) == NULL) {
		log_warn("%s", pem);
		goto out;
	}
	rc = fsutil_write(copy, text, len, 0644, 1);
out:
	free(real);
	free(text);
	free(copy);
	free(pem);
	free(key);
	return rc;
}

/* Removes the CA key and certificate a failed init wrote to ca_dir. */
static void
instance_ca_undo(const char *ca_dir)
{
	char *p;

	p = fsutil_join(ca_dir, "ca.key");
	if (fsutil_exists(p) && unlink(p) != 0)
		log_warn("remove %s", p);
	free(p);
	p = fsutil_join(ca_dir, "ca.pem");
	if (fsutil_exists(p) && unlink(p) != 0)
		log_warn("remove %s", p);
	free(p);
}

/* Tells the operator where the CA key went, and to move it offline when
 * it is in the instance folder (docs/security.md). */
static void
instance_print_ca(const struct config *cfg, const char *ca_dir)
{
	printf("  CA: %s\n", cfg->ca_file);
	if (ca_dir != NULL) {
		printf("    CA key: %s/ca.key (offline CA folder, not in the "
		    "instance folder; `yishid issue ... --ca-dir %s` uses it)\n",
		    ca_dir, ca_dir);
		printf("    CA 私钥：%s/ca.key（离线 CA 目录，不在实例目录中；"
		    "签发身份时用 --ca-dir %s）\n", ca_dir, ca_dir);
		return;
	}
	printf("    CA key: %s — move it off this machine (with ca.pem) to "
	    "an offline CA folder and bring it back with `yishid issue ... "
	    "--ca-dir CADIR` (the daemon never reads it; see "
	    "docs/security.md; next time: yishid init DIR --ca-dir CADIR)\n",
	    cfg->ca_key_file);
	printf("    注意：CA 私钥 %s 在实例目录中，请连同 ca.pem 移到离线的 CA "
	    "目录，签发身份时用 --ca-dir CADIR（服务进程从不读取它；见 "
	    "docs/security.md；也可在 init 时用 --ca-dir）\n",
	    cfg->ca_key_file);
}

/* The fingerprint inspectors pin: "SHA256:<hex>" of the public key of
 * the certificate at path. 0, or -1 (logged). */
static int
instance_checkpoint_fp(const char *path, char out[SERVERKEY_FP_TEXT])
{
	char *pem = fsutil_read(path, NULL);
	BIO *bio;
	X509 *x = NULL;
	uint8_t fp[32];
	int rc = -1;

	if (pem == NULL) {
		log_warn("%s", path);
		return -1;
	}
	if ((bio = BIO_new_mem_buf(pem, -1)) != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (x != NULL && serverkey_fp(x, fp) == 0) {
		serverkey_fp_text(fp, out);
		rc = 0;
	} else
		log_warnx("%s: cannot read the certificate", path);
	X509_free(x);
	BIO_free(bio);
	free(pem);
	return rc;
}

/* Prints the checkpoint key's fingerprint and what inspectors do with it. */
static void
instance_print_checkpoint(const char *path, const char *fp)
{
	printf("  checkpoint key: %s\n", path);
	printf("    fingerprint (SHA-256 of its public key): %s\n", fp);
	printf("    give it to inspectors: yishi audit verify --server-key %s\n",
	    fp);
}

/* Adds the checkpoint key to an instance made before there was one
 * (`yishid init DIR` on it): issued by the instance CA. */
static int
instance_add_checkpoint(const char *conf, const char *ca_dir)
{
	struct config cfg;
	struct pki_ca ca = { NULL, NULL };
	char *err = NULL, fp[SERVERKEY_FP_TEXT];
	int rc = -1;

	if (config_load(conf, &cfg, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		return -1;
	}
	if (fsutil_exists(cfg.checkpoint_cert_file) ||
	    fsutil_exists(cfg.checkpoint_key_file)) {
		log_warnx("%s is already an instance (%s exists)", cfg.dir,
		    conf);
		goto out;
	}
	if (instance_ca_load(&cfg, ca_dir, &ca) != 0 ||
	    pki_checkpoint_issue(&ca, cfg.dir) != 0 ||
	    instance_checkpoint_fp(cfg.checkpoint_cert_file, fp) != 0)
		goto out;
	printf("instance: %s/: added the key that signs the trail's "
	    "checkpoints\n", cfg.dir);
	instance_print_checkpoint(cfg.checkpoint_cert_file, fp);
	fflush(stdout);
	rc = 0;
out:
	pki_ca_free(&ca);
	config_free(&cfg);
	return rc;
}

/* Creates an instance in dir. */
int
instance_init(const char *dir, const char *database_url, int port,
    const char *ca_dir)
{
	struct config cfg;
	struct pki_ca ca = { NULL, NULL };
	char *conf, *abs = NULL, *ci, *iddir = NULL, *cakey = NULL;
	char hex[2 * PKI_FP_LEN + 1], ckfp[SERVERKEY_FP_TEXT];
	int rc = -1, made = 0;

	if (port < 0)
		port = INSTANCE_PORT_DEFAULT;
	if (port > 65535) {
		log_warnx("port %d is out of range", port);
		return -1;
	}
	conf = fsutil_join(dir, "yishid.conf");
	if (fsutil_exists(conf)) {
		/* An instance from before the checkpoint key: add it. */
		rc = instance_add_checkpoint(conf, ca_dir);
		free(conf);
		return rc;
	}
	free(conf);
	if (fsutil_mkdirs(dir, 0711) != 0)
		return -1;
	/* PostgreSQL may run as another user: it must pass through. */
	if (chmod(dir, 0711) != 0) {
		log_warn("chmod %s", dir);
		return -1;
	}
	if ((abs = realpath(dir, NULL)) == NULL) {
		log_warn("%s", dir);
		return -1;
	}
	if (instance_check_empty(abs) != 0) {
		free(abs);
		return -1;
	}
	config_defaults(&cfg, abs);
	cfg.port = port;
	if (database_url != NULL) {
		free(cfg.database);
		free(cfg.pgdata);
		free(cfg.pgsocket);
		cfg.database = xstrdup(database_url);
		cfg.pgdata = xstrdup("");
		cfg.pgsocket = xstrdup("");
		if ((ci = pgcluster_conninfo(&cfg, NULL)) == NULL)
			goto out;
		free(ci);
	}
	conf = cfg.path;
	if (pgcluster_is_private(&cfg) && pgcluster_check(&cfg) != 0)
		goto out;

	made = 1;
	cakey = ca_dir != NULL ? fsutil_join(ca_dir, "ca.key") :
	    xstrdup(cfg.ca_key_file);
	if ((ca_dir != NULL ? instance_ca_offline(ca_dir, abs) :
	    pki_ca_create(abs)) != 0 ||
	    pki_ca_load(&ca, cfg.ca_file, cakey) != 0 ||
	    pki_server_issue(&ca, abs) != 0 ||
	    pki_checkpoint_issue(&ca, abs) != 0 ||
	    instance_checkpoint_fp(cfg.checkpoint_cert_file, ckfp) != 0)
		goto out;
	if ((iddir = instance_iddir(abs, "admin")) == NULL ||
	    pki_client_issue(&ca, "admin", iddir) != 0)
		goto out;
	if (pgcluster_is_private(&cfg) && pgcluster_create(&cfg) != 0)
		goto out;
	/* init creates the cluster, so it was not running: this starts it,
	   records the admin, and stops it again. */
	if (instance_record_dir(&cfg, "admin", iddir, 1, hex) != 0)
		goto out;
	if (config_write(&cfg, conf) != 0)
		goto out;

	printf("instance: %s/\n", abs);
	printf("  config: %s (port %d)\n", conf, cfg.port);
	instance_print_ca(&cfg, ca_dir);
	printf("  server certificate: %s (localhost, 127.0.0.1, ::1)\n",
	    cfg.cert_file);
	instance_print_checkpoint(cfg.checkpoint_cert_file, ckfp);
	if (pgcluster_is_private(&cfg))
		printf("  database: private PostgreSQL in %s, socket in %s "
		    "(stopped; `yishid run %s` starts it)\n", cfg.pgdata,
		    cfg.pgsocket, abs);
	else
		printf("  database: external, migrated\n");
	printf("identity admin: %s/ (fingerprint %s)\n", iddir, hex);
	fflush(stdout);
	rc = 0;
out:
	if (rc != 0 && made) {
		log_warnx("init of %s failed: removing what it made", abs);
		instance_undo(abs);
		if (ca_dir != NULL)
			instance_ca_undo(ca_dir);
	}
	pki_ca_free(&ca);
	free(cakey);
	free(iddir);
	config_free(&cfg);
	free(abs);
	return rc;
}

/* Issues identity name into DIR/identities/NAME/ and records it. */
int
instance_issue(const char *dir, const char *name, const char *csr_path,
    const char *ca_dir)
{
	struct config cfg;
	struct pki_ca ca = { NULL, NULL };
	char *conf, *err = NULL, *iddir = NULL, *shown;
	char hex[2 * PKI_FP_LEN + 1];
	int rc = -1;

	if (!instance_name_valid(name)) {
		shown = instance_printable(name);
		log_warnx("invalid identity name '%s': 1 to 64 characters, no "
		    "spaces, control characters, quotes or any of / \\ ` $ ; "
		    "| & < > * ?, not starting with '.' or '-'", shown);
		free(shown);
		return -1;
	}
	conf = fsutil_join(dir, "yishid.conf");
	if (config_load(conf, &cfg, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		free(conf);
		return -1;
	}
	free(conf);
	if (instance_ca_load(&cfg, ca_dir, &ca) != 0)
		goto out;
	if ((iddir = instance_iddir(cfg.dir, name)) == NULL)
		goto out;
	if ((csr_path != NULL ?
	    pki_client_sign_csr(&ca, csr_path, name, iddir) :
	    pki_client_issue(&ca, name, iddir)) != 0 ||
	    instance_record_dir(&cfg, name, iddir, 0, hex) != 0) {
		instance_unissue(iddir);
		goto out;
	}
	printf("identity %s: %s/\n", name, iddir);
	printf("  fingerprint (SHA-256): %s\n", hex);
	if (csr_path != NULL)
		printf("  signed from %s: cert.pem and ca.pem go back to its "
		    "owner, who keeps key.pem\n", csr_path);
	fflush(stdout);
	rc = 0;
out:
	free(iddir);
	pki_ca_free(&ca);
	config_free(&cfg);
	return rc;
}

/* ------------------------------------------------- issue --batch / --count */

/* The first field of a seat file's line (yishi seat import: CSV,
   identity first), unquoted in place. */
static char *
instance_csv_first(char *line)
{
	char *r, *w, *end;

	line += strspn(line, " \t");
	if (line[0] != '"') {
		if ((end = strchr(line, ',')) != NULL)
			*end = '\0';
		for (end = line + strlen(line); end > line &&
		    (end[-1] == ' ' || end[-1] == '\t'); )
			*--end = '\0';
		return line;
	}
	for (r = w = line + 1; *r != '\0'; r++) {
		if (*r == '"' && r[1] == '"')
			r++;
		else if (*r == '"')
			break;
		*w++ = *r;
	}
	*w = '\0';
	return line + 1;
}

/* Reads the names of a batch file: one a line; blank lines and lines
   starting with '#' are skipped. A seat file (yishi seat import), known
   by its column names on the first line, gives the first column: one
   spreadsheet serves both. Returns the count, or -1 (logged). */
static int
instance_batch_read(const char *path, char ***names, size_t *n)
{
	char *text = fsutil_read(path, NULL), *line, *save = NULL, *end;
	bool first = true, csv = false;

	if (text == NULL) {
		log_warn("%s", path);
		return -1;
	}
	line = text;
	if (strncmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;	/* a byte order mark */
	for (line = strtok_r(line, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' ||
		    end[-1] == '\t'))
			*--end = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (first && (strncasecmp(line, "identity,", 9) == 0 ||
		    strncmp(line, "身份名,", strlen("身份名,")) == 0)) {
			first = false;
			csv = true;	/* the column names */
			continue;
		}
		first = false;
		if (csv && (line = instance_csv_first(line))[0] == '\0')
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(line);
	}
	free(text);
	return 0;
}

/* Issues one identity of a batch into its folder and inserts its rows in
   the open transaction. Returns the new folder, or NULL (logged). */
static char *
instance_issue_one(PGconn *pg, const struct pki_ca *ca, const char *dir,
    const char *name)
{
	char *iddir, *path = NULL, *pem = NULL;
	char hex[2 * PKI_FP_LEN + 1];
	uint8_t fp[PKI_FP_LEN];

	if ((iddir = instance_iddir(dir, name)) == NULL)
		return NULL;
	if (pki_client_issue(ca, name, iddir) != 0)
		goto fail;
	path = fsutil_join(iddir, "cert.pem");
	if ((pem = fsutil_read(path, NULL)) == NULL) {
		log_warn("%s", path);
		goto fail;
	}
	if (pki_fingerprint_pem(pem, fp) != 0)
		goto fail;
	hex_encode(fp, PKI_FP_LEN, hex);
	if (instance_insert(pg, name, pem, hex, 0) != 0)
		goto fail;
	free(pem);
	free(path);
	return iddir;
fail:
	free(pem);
	free(path);
	instance_unissue(iddir);
	free(iddir);
	return NULL;
}

/* Issues many identities in one process and one transaction. */
int
instance_issue_batch(const char *dir, const char *file, long count,
    const char *prefix, const char *ca_dir)
{
	struct config cfg;
	struct pki_ca ca = { NULL, NULL };
	struct instance_db db;
	char *conf, *err = NULL, **names = NULL, **made = NULL, *shown;
	size_t n = 0, nmade = 0, i;
	int rc = -1, open = 0;

	if (file != NULL) {
		if (instance_batch_read(file, &names, &n) != 0)
			return -1;
	} else {
		for (i = 1; i <= (size_t)count; i++) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			(void)xasprintf(&names[n++], "%s%zu", prefix, i);
		}
	}
	for (i = 0; i < n; i++) {
		if (!instance_name_valid(names[i])) {
			shown = instance_printable(names[i]);
			log_warnx("invalid identity name '%s' (line %zu)",
			    shown, i + 1);
			free(shown);
			goto out;
		}
	}
	conf = fsutil_join(dir, "yishid.conf");
	if (config_load(conf, &cfg, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		free(conf);
		goto out;
	}
	free(conf);
	open = 1;
	if (instance_ca_load(&cfg, ca_dir, &ca) != 0)
		goto out;
	if (instance_vouch_load(&cfg) != 0 || instance_db_open(&cfg, &db) != 0)
		goto out;
	made = xcalloc(n + 1, sizeof *made);
	if (instance_exec(db.pg, "BEGIN") != 0)
		goto close;
	for (i = 0; i < n; i++) {
		if ((made[nmade] = instance_issue_one(db.pg, &ca, cfg.dir,
		    names[i])) == NULL)
			break;
		nmade++;
	}
	if (nmade == n && instance_exec(db.pg, "COMMIT") == 0)
		rc = 0;
	else
		(void)instance_exec(db.pg, "ROLLBACK");
close:
	if (instance_db_close(&cfg, &db) != 0)
		rc = -1;
	if (rc != 0) {
		log_warnx("batch not recorded: removing the %zu identities "
		    "it made", nmade);
		for (i = 0; i < nmade; i++)
			instance_unissue(made[i]);
	} else {
		for (i = 0; i < nmade; i++)
			printf("identity %s: %s/\n", names[i], made[i]);
		printf("issued %zu identities in one transaction\n", n);
		fflush(stdout);
	}
out:
	for (i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	pki_ca_free(&ca);
	if (open)
		config_free(&cfg);
	return rc;
}
