/* checkpoint.c: the key holder that signs trail heads (see checkpoint.h). */
#include "checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "config.h"
#include "db.h"
#include "headstore.h"
#include "hex.h"
#include "log.h"
#include "server.h"
#include "serverkey.h"
#include "sign.h"
#include "xmalloc.h"

static EVP_PKEY	*checkpoint_key;	/* the checkpoint key, or NULL */
static char	*checkpoint_pem;	/* its certificate, PEM */
static uint8_t	 checkpoint_fp[32];	/* SHA-256 of the certificate */
static int	 checkpoint_every = 100;

/* A checkpoint being taken: which body. */
struct checkpoint_op {
	uint64_t	body;
	struct headstore_head known;	/* what the store held when asked */
	uint64_t	seq;		/* the head signed */
	uint8_t		hash[32];
	bool		again;		/* asked for while this one was running */
	LIST_ENTRY(checkpoint_op) entry;	/* in checkpoint_running */
};

/* The checkpoints being taken, one per body at most: a round of a group
 * may ask for several (one per checkpoint_every entries it crosses), and
 * their inserts of the same row would wait on each other, each holding a
 * connection of the pool. */
static LIST_HEAD(, checkpoint_op) checkpoint_running;

/* Reads the first certificate of path as PEM text and its fingerprint;
 * NULL when unreadable, not for checkpoints, or not key's. */
static char *
checkpoint_read_cert(const char *path, EVP_PKEY *key, uint8_t fp[32])
{
	BIO *in = BIO_new_file(path, "r"), *out = NULL;
	X509 *x = NULL;
	char *pem = NULL, *p, text[SERVERKEY_FP_TEXT];
	uint8_t spki[32];
	long n;

	if (in == NULL || (x = PEM_read_bio_X509(in, NULL, NULL, NULL)) ==
	    NULL || sign_cert_fingerprint(x, fp) != 0)
		goto out;
	if (!serverkey_has_purpose(x)) {
		log_warnx("%s does not carry the purpose of checkpoint "
		    "signing (%s)", path, SERVERKEY_PURPOSE_OID);
		goto out;
	}
	if (X509_check_private_key(x, key) != 1 || serverkey_fp(x, spki) != 0) {
		log_warnx("%s is not the certificate of the checkpoint key",
		    path);
		goto out;
	}
	if ((out = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509(out, x) != 1)
		goto out;
	serverkey_fp_text(spki, text);
	log_info("checkpoints are signed by the key %s", text);
	n = BIO_get_mem_data(out, &p);
	pem = xmalloc((size_t)n + 1);
	memcpy(pem, p, (size_t)n);
	pem[n] = '\0';
out:
	if (pem == NULL)
		ERR_clear_error();
	BIO_free(out);
	BIO_free(in);
	X509_free(x);
	return pem;
}

/* Loads the checkpoint key and certificate (see checkpoint.h). */
int
checkpoint_load(const struct config *cfg)
{
	EVP_PKEY *key = NULL;
	FILE *f;
	char *pem;
	uint8_t fp[32];

	if ((f = fopen(cfg->checkpoint_key_file, "r")) != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (key == NULL) {
		ERR_clear_error();
		log_warnx("checkpoints: cannot read the checkpoint key %s (an "
		    "instance made before there was one: `yishid init %s` "
		    "adds it)", cfg->checkpoint_key_file, cfg->dir);
		return -1;
	}
	if ((pem = checkpoint_read_cert(cfg->checkpoint_cert_file, key,
	    fp)) == NULL) {
		log_warnx("checkpoints: cannot use the certificate %s",
		    cfg->checkpoint_cert_file);
		EVP_PKEY_free(key);
		return -1;
	}
	EVP_PKEY_free(checkpoint_key);
	free(checkpoint_pem);
	checkpoint_key = key;
	checkpoint_pem = pem;
	memcpy(checkpoint_fp, fp, sizeof fp);
	checkpoint_every = cfg->checkpoint_every;
	return 0;
}

/* Forgets the key (at exit). */
void
checkpoint_unload(void)
{
	EVP_PKEY_free(checkpoint_key);
	free(checkpoint_pem);
	checkpoint_key = NULL;
	checkpoint_pem = NULL;
}

/* True when the entry numbered seq should be followed by a checkpoint. */
bool
checkpoint_due(int64_t seq)
{
	return checkpoint_every > 0 && seq > 0 && seq % checkpoint_every == 0;
}

/* The op is over: forgets it, and takes the body's checkpoint again if
 * it was asked for meanwhile (the head has moved on since) and this one
 * went through (never after a failure: the database may be going away). */
static void
checkpoint_done(struct checkpoint_op *op, bool ok)
{
	bool again = op->again && ok;
	uint64_t body = op->body;

	LIST_REMOVE(op, entry);
	free(op);
	if (again)
		checkpoint_take(body);
}

/* The checkpoint row was written, or not: log a failure, end the op. */
static void
checkpoint_stored(struct db_batch *b, void *arg)
{
	struct checkpoint_op *op = arg;

	if (b->failed)
		log_warnx("checkpoint of body %llu not stored: %s (%s)",
		    (unsigned long long)op->body, b->error, b->sqlstate);
	else	/* the daemon remembers it, and that its row exists */
		headstore_signed(op->body, op->seq, op->hash);
	checkpoint_done(op, !b->failed);
	db_batch_free(b);
}

/* Decodes PostgreSQL's hex output of a 32-byte bytea; 0 or -1. */
static int
checkpoint_unhex32(const char *s, uint8_t out[32])
{
	size_t n;

	if (strncmp(s, "\\x", 2) != 0 || !hex_decode(s + 2, out, 32, &n) ||
	    n != 32)
		return -1;
	return 0;
}

/* True (logged loudly) when the head read, seq, is behind what the store
 * held, or the entry at the store's seq (column 3) is not the one it
 * remembers: such a head is never signed. */
static bool
checkpoint_behind(const struct checkpoint_op *op, struct db_batch *b,
    long long seq)
{
	uint8_t hash[32];

	if ((uint64_t)seq < op->known.reach) {
		log_warnx("TRAIL OF BODY %llu IS BEHIND: this server wrote or "
		    "signed entry %llu, the database ends at %lld: no "
		    "checkpoint signed", (unsigned long long)op->body,
		    (unsigned long long)op->known.reach, seq);
		return true;
	}
	if (op->known.seq > 0 && (db_isnull(b, 0, 0, 3) ||
	    checkpoint_unhex32(db_get(b, 0, 0, 3), hash) != 0 ||
	    memcmp(hash, op->known.hash, 32) != 0)) {
		log_warnx("TRAIL OF BODY %llu WAS REWRITTEN: entry %llu is not "
		    "the one this server wrote or signed: no checkpoint signed",
		    (unsigned long long)op->body,
		    (unsigned long long)op->known.seq);
		return true;
	}
	return false;
}

/* The head came back: sign it and insert the checkpoint. */
static void
checkpoint_head(struct db_batch *b, void *arg)
{
	struct checkpoint_op *op = arg;
	struct db_batch *w;
	uint8_t hash[32], *sig = NULL;
	size_t len = 0, siglen = 0;
	long long seq, at;
	char *canon;

	if (b->failed || db_rows(b, 0) != 1 || checkpoint_key == NULL) {
		if (b->failed)
			log_warnx("checkpoint of body %llu: %s (%s)",
			    (unsigned long long)op->body, b->error,
			    b->sqlstate);
		db_batch_free(b);
		checkpoint_done(op, false);
		return;
	}
	seq = db_getll(b, 0, 0, 0);
	at = db_getll(b, 0, 0, 2);
	if (checkpoint_behind(op, b, seq)) {
		db_batch_free(b);
		checkpoint_done(op, false);
		return;
	}
	if (checkpoint_unhex32(db_get(b, 0, 0, 1), hash) != 0 ||
	    (canon = sign_canon_checkpoint(srv.instance, op->body,
	    (uint64_t)seq, hash, at, &len)) == NULL) {
		db_batch_free(b);
		checkpoint_done(op, false);
		return;
	}
	db_batch_free(b);
	if (sign_make(checkpoint_key, canon, len, &sig, &siglen) != 0) {
		log_warnx("checkpoint of body %llu: signing failed",
		    (unsigned long long)op->body);
		free(canon);
		checkpoint_done(op, false);
		return;
	}
	free(canon);
	w = db_batch_new(checkpoint_stored, op);
	db_batch_addf(w, "INSERT INTO server_certificates (fingerprint, pem) "
	    "VALUES ($1, $2) ON CONFLICT DO NOTHING", "xs", checkpoint_fp,
	    sizeof checkpoint_fp, checkpoint_pem);
	db_batch_addf(w, "INSERT INTO checkpoints (body_id, seq, hash, at, "
	    "cert_fp, signature) VALUES ($1, $2, $3, timestamptz 'epoch' + "
	    "$4 * interval '1 microsecond', $5, $6) ON CONFLICT DO NOTHING",
	    "iixixx", (long long)op->body, seq, hash, sizeof hash, at,
	    checkpoint_fp, sizeof checkpoint_fp, sig, siglen);
	free(sig);
	op->seq = (uint64_t)seq;
	memcpy(op->hash, hash, 32);
	db_submit(srv.db, w);
	log_debug("checkpoint of body %llu at entry %lld",
	    (unsigned long long)op->body, seq);
}

/* Signs and stores body's current trail head (see checkpoint.h). */
void
checkpoint_take(uint64_t body)
{
	struct checkpoint_op *op;
	struct db_batch *b;

	if (checkpoint_key == NULL)
		return;
	LIST_FOREACH(op, &checkpoint_running, entry) {
		if (op->body == body) {
			op->again = true;
			return;
		}
	}
	op = xcalloc(1, sizeof *op);
	op->body = body;
	(void)headstore_get(body, &op->known);
	LIST_INSERT_HEAD(&checkpoint_running, op, entry);
	b = db_batch_new(checkpoint_head, op);
	db_batch_addf(b, "SELECT seq, hash, (extract(epoch FROM "
	    "date_trunc('microseconds', clock_timestamp())) * 1000000)::bigint, "
	    "(SELECT k.hash FROM trail k WHERE k.body_id = $1 AND k.seq = $2) "
	    "FROM trail WHERE body_id = $1 ORDER BY seq DESC LIMIT 1", "ii",
	    (long long)body, (long long)op->known.seq);
	db_submit(srv.db, b);
}

/* Signs a head for a reader of the trail (see checkpoint.h). */
int
checkpoint_sign_head(uint64_t body, uint64_t seq, const uint8_t hash[32],
    int64_t at_us, uint8_t **sig, size_t *siglen)
{
	char *canon;
	size_t len = 0;
	int rc;

	if (checkpoint_key == NULL ||
	    (canon = sign_canon_checkpoint(srv.instance, body, seq, hash,
	    at_us, &len)) ==
	    NULL)
		return -1;
	rc = sign_make(checkpoint_key, canon, len, sig, siglen);
	free(canon);
	return rc;
}

/* The checkpoint key's certificate (see checkpoint.h). */
const char *
checkpoint_cert(const uint8_t **fp)
{
	*fp = checkpoint_fp;
	return checkpoint_pem;
}

/* Vouches for a trail entry the daemon writes (see checkpoint.h). */
int
checkpoint_vouch(const struct sign_entry *e, uint8_t **sig, size_t *siglen)
{
	char *canon;
	size_t len = 0;
	int rc;

	if (checkpoint_key == NULL ||
	    (canon = sign_canon_vouch(srv.instance, e, &len)) == NULL)
		return -1;
	rc = sign_make(checkpoint_key, canon, len, sig, siglen);
	free(canon);
	return rc;
}
