/*
 * fake.h: the fuzz targets' stand-ins for the daemon's I/O.
 *
 * fake_db.c implements server/db.h without PostgreSQL: every submitted
 * batch is queued and completed by fake_db_drain(), each result answered
 * with rows and values drawn from the fuzzer's bytes (the "entropy"), lazily
 * and typed by the accessor that first reads a field. fake_conn.c
 * implements conn.h and checkpoint.h for two pretend connections whose
 * responses are encoded, decoded back and counted, and verify.h: checks
 * are queued and answered by fake_db_drain(), interleaved with batches as
 * the entropy says, as verifier threads would answer, and libevent's
 * timers, fired by fake_db_drain() when nothing else is left.
 */
#ifndef YISHI_FUZZ_FAKE_H
#define YISHI_FUZZ_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yishi.pb-c.h"

struct conn;

#define FAKE_CONNS 2		/* pretend connections, ids 1 and 2 */

/* Sets the bytes the fake database draws its answers from (borrowed). */
void fake_db_begin(const uint8_t *p, size_t n);

/* Next entropy byte; 0 once the bytes are used up (0 is the usual case). */
uint8_t fake_db_byte(void);

/* Completes queued batches, answers queued signature checks and fires
 * armed timers, and those they lead to, until none is left.
 * Aborts after too many (a request that never ends). Returns the count. */
int fake_db_drain(void);

/* Frees what a test left queued (nothing, when every request ended). */
void fake_db_end(void);

/* Answers the oldest signature check queued by verify_submit; false when
 * none is (fake_conn.c). */
bool fake_verify_answer(void);

/* Fires the oldest armed libevent timer; false when none is armed
 * (fake_conn.c). */
bool fake_timer_fire(void);

/* Resets the connections for one input: gone ones are not found. */
void fake_conn_begin(bool gone, bool no_cert);

/* Connection k (0 or 1). */
struct conn *fake_conn_get(int k);

/* Responses sent to connection k since fake_conn_begin. */
unsigned fake_conn_responses(int k);

/* Verifies what the run left: every request answered once. */
void fake_conn_end(unsigned requests[FAKE_CONNS]);

#endif
