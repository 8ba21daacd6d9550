/*
 * checkpoint.h: the server's signed checkpoints of each body's trail.
 *
 * This module is the only holder of the checkpoint key in the serving
 * daemon: it loads checkpoint.key (and its certificate checkpoint.pem,
 * whose extended key usage says it signs checkpoints and nothing else,
 * proto/serverkey.h) at start and on SIGHUP, and uses it for one thing:
 * signing, over the canonical bytes of proto/sign.h (action "checkpoint"),
 * the head of a body's trail as the database has it, and every trail
 * entry the daemon writes (its vouch). Taking a checkpoint
 * is two asynchronous batches on the pool (read the head, then insert the
 * signed row and the certificate); the event loop never waits. A head
 * behind, or different from, what the daemon remembers (headstore.h) is
 * never signed.
 */
#ifndef YISHI_CHECKPOINT_H
#define YISHI_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct sign_entry;

/*
 * Loads the checkpoint key and certificate named by cfg, and its
 * checkpoint_every. On failure the previously loaded ones stay in use.
 * Returns 0 or -1 (logged).
 */
int checkpoint_load(const struct config *cfg)
    __attribute__((warn_unused_result));

/* Forgets the key (at exit). */
void checkpoint_unload(void);

/* True when the entry numbered seq should be followed by a checkpoint. */
bool checkpoint_due(int64_t seq);

/* Signs and stores body's current trail head, asynchronously. */
void checkpoint_take(uint64_t body);

/*
 * Signs body's head (seq, hash) at at_us for a reader of the trail (not
 * stored): *sig is malloc'd. 0, or -1 when no key is loaded or signing
 * failed.
 */
int checkpoint_sign_head(uint64_t body, uint64_t seq, const uint8_t hash[32],
    int64_t at_us, uint8_t **sig, size_t *siglen)
    __attribute__((warn_unused_result));

/*
 * The server's vouch for a trail entry it writes: the checkpoint key's
 * signature over proto/sign.h's sign_canon_vouch bytes of e (*sig is
 * malloc'd). An entry without one was not written by this server, and
 * fails verification. 0, or -1 when no key is loaded or signing failed.
 */
int checkpoint_vouch(const struct sign_entry *e, uint8_t **sig,
    size_t *siglen) __attribute__((warn_unused_result));

/* The checkpoint key's certificate (PEM, NULL when none is loaded) and its
 * SHA-256 fingerprint (*fp). */
const char *checkpoint_cert(const uint8_t **fp);

#endif
