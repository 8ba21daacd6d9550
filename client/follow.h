/*
 * follow.h: what client/follow.c decides without a server (private, for
 * its unit test): whether an event's position comes after the last one
 * handed out, and the pause before a reconnect attempt.
 */
#ifndef YISHI_FOLLOW_H
#define YISHI_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#define FOLLOW_BACKOFF_FIRST_MS 500	/* before the first attempt */
#define FOLLOW_BACKOFF_MAX_MS 8000	/* the pause stops doubling here */

/* Whether position (seq, index) comes after (last_seq, last_index):
 * positions compare by seq, then by index (docs/protocol.md). */
bool follow_after(uint64_t seq, uint32_t index, uint64_t last_seq,
    uint32_t last_index);

/* The pause before reconnect attempt n (1, 2, ...): 0.5 s doubling to
 * 8 s, less up to a fifth of it drawn from rnd (the jitter, so that many
 * clients do not come back at once). */
int follow_backoff_ms(int attempt, uint32_t rnd);

#endif
