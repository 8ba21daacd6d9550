/*
 * checkpoint.h: the server's signed checkpoints of each body's trail.
 *
 * This module is the only holder of the server's private key in the
 * serving daemon: it loads server.key (and its certificate server.pem) at
 * start and on SIGHUP, and uses it for one thing: signing, over the
 * canonical bytes of proto/sign.h (action "checkpoint"), the head of a
 * body's trail as the database has it. Taking a checkpoint is two
 * asynchronous batches on the pool (read the head, then insert the signed
 * row and the certificate); the event loop never waits.
 */
#ifndef YISHI_CHECKPOINT_H
#define YISHI_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

struct config;

/*
 * Loads the server key and certificate named by cfg, and its
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

#endif
