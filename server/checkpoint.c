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
#include "hex.h"
#include "log.h"
#include "server.h"
#include "sign.h"
#include "xmalloc.h"

static EVP_PKEY	*checkpoint_key;	/* the server key, or NULL */
static char	*checkpoint_pem;	/* its certificate, PEM */
static uint8_t	 checkpoint_fp[32];	/* SHA-256 of the certificate */
static int	 checkpoint_every = 100;

/* A checkpoint being taken: which body. */
struct checkpoint_op {
	uint64_t	body;
	bool		again;		/* asked for while this one was running */
	LIST_ENTRY(checkpoint_op) entry;	/* in checkpoint_running */
};

/* The checkpoints being taken, one per body at most: a round of a group
 * may ask for several (one per checkpoint_every entries it crosses), and
 * their inserts of the same row would wait on each other, each holding a
 * connection of the pool. */
static LIST_HEAD(, checkpoint_op) checkpoint_running;

/* Reads the first certificate of path as PEM text and its fingerprint;
 * NULL when unreadable. */
static char *
checkpoint_read_cert(const char *path, uint8_t fp[32])
{
	BIO *in = BIO_new_file(path, "r"), *out = NULL;
	X509 *x = NULL;
	char *pem = NULL, *p;
	long n;

	if (in == NULL || (x = PEM_read_bio_X509(in, NULL, NULL, NULL)) ==
	    NULL || sign_cert_fingerprint(x, fp) != 0 ||
	    (out = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509(out, x) != 1)
		goto out;
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

/* Loads the server key and certificate (see checkpoint.h). */
int
checkpoint_load(const struct config *cfg)
{
	EVP_PKEY *key = NULL;
	FILE *f;
	char *pem;
	uint8_t fp[32];

	if ((f = fopen(cfg->key_file, "r")) != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (key == NULL) {
		ERR_clear_error();
		log_warnx("checkpoints: cannot read the server key %s",
		    cfg->key_file);
		return -1;
	}
	if ((pem = checkpoint_read_cert(cfg->cert_file, fp)) == NULL) {
		log_warnx("checkpoints: cannot read the server certificate %s",
		    cfg->cert_file);
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
	LIST_INSERT_HEAD(&checkpoint_running, op, entry);
	b = db_batch_new(checkpoint_head, op);
	db_batch_addf(b, "SELECT seq, hash, (extract(epoch FROM "
	    "date_trunc('microseconds', clock_timestamp())) * 1000000)::bigint "
	    "FROM trail WHERE body_id = $1 ORDER BY seq DESC LIMIT 1", "i",
	    (long long)body);
	db_submit(srv.db, b);
}
