/*
 * test_follow.c: what client/follow.c decides without a server: event
 * positions compare by seq then index (so a resumed stream drops what was
 * handed out already and nothing after it), and the reconnect pauses grow
 * from 0.5 s, doubling, to 8 s, with a jitter that only shortens them by at
 * most a fifth and does differ between draws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "follow.h"

/* Positions: later seq wins; same seq, later index; equal is not after. */
static void
test_positions(void **state)
{
	(void)state;
	assert_true(follow_after(2, 0, 1, 5));
	assert_true(follow_after(1, 6, 1, 5));
	assert_false(follow_after(1, 5, 1, 5));
	assert_false(follow_after(1, 4, 1, 5));
	assert_false(follow_after(0, 9, 1, 0));
	assert_false(follow_after(1, UINT32_MAX, 2, 0));
	assert_true(follow_after(UINT64_MAX, 0, UINT64_MAX - 1, UINT32_MAX));
	/* The first event of the meeting after a snapshot at (0, 0). */
	assert_true(follow_after(1, 0, 0, 0));
	/* Index counts within one entry from 0. */
	assert_true(follow_after(7, 1, 7, 0));
}

/* The schedule without jitter: 500, 1000, 2000, 4000, 8000, 8000, ... */
static void
test_backoff_schedule(void **state)
{
	static const int want[] = { 500, 1000, 2000, 4000, 8000, 8000, 8000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(follow_backoff_ms((int)i + 1, 0), want[i]);
	assert_int_equal(follow_backoff_ms(1000, 0), 8000);
	assert_int_equal(follow_backoff_ms(0x7fffffff, 0), 8000);
}

/* The jitter: never longer than the schedule, never shorter than four
 * fifths of it, and not the same for every draw. */
static void
test_backoff_jitter(void **state)
{
	uint32_t r = 12345;
	int attempt, k, ms, lo, hi, base;

	(void)state;
	for (attempt = 1; attempt <= 8; attempt++) {
		base = follow_backoff_ms(attempt, 0);
		lo = base;
		hi = 0;
		for (k = 0; k < 200; k++) {
			r = r * 1103515245u + 12345u;
			ms = follow_backoff_ms(attempt, r);
			assert_true(ms <= base);
			assert_true(ms >= base - base / 5);
			if (ms < lo)
				lo = ms;
			if (ms > hi)
				hi = ms;
		}
		assert_true(hi > lo);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_backoff_schedule),
		cmocka_unit_test(test_backoff_jitter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
