/*
 * call.h: one set-up request of a scenario (plenary.c, secret.c): sent
 * on a handshaken connection, waited for, and judged OK or not.
 */
#ifndef BENCH_CALL_H
#define BENCH_CALL_H

#include <stdbool.h>

#include "conn.h"
#include "ops.h"

/* How long one set-up request may take, seconds. */
#define CALL_TIMEOUT_S	120.0

/* Sends o on c (ops_done(o) follows), waits, and tells whether it was
   answered OK (what names it when not); *out (when not NULL) gets the
   frame, else it is freed. */
bool call_do(struct conn *c, struct ops_req *o, const char *what,
    Yishi__Frame **out);

#endif
