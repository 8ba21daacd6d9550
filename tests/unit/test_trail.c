/*
 * test_trail.c: libyishi recomputes trail hashes exactly as
 * sql/trail_functions.sql trail_digest does. The expected digests were computed
 * independently with Python's hashlib:
 *
 *   prev = bytes(32)
 *   h1 = sha256(prev + b'7\n1\n1764550800123456\nadmin\nbody.create\n'
 *        + '{"name":"党组","kind":"party_group"}'.encode())
 *   h2 = sha256(h1 + b'7\n2\n1764550800999999\nzhangsan\nseat.add\n{}')
 *   h3 = sha256(h2 + b'7\n3\n-5\n\n\n')
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hex.h"
#include "yishi.h"

#define H1 "6dd307390cceb39f41d2d235828450f55e2e1563d498cc883a3e78285a50b88b"
#define H2 "a032c21e02517e8589f511e4f1733d817aa4a3de05ed528f0db83efccafda16c"
#define H3 "852df378ed14ce3e1491e21a0932b3c24338a97f9802935a03bf3dbecce8fc95"

static const char payload1[] = "{\"name\":\"党组\",\"kind\":\"party_group\"}";

/* Parses 64 hex digits. */
static void
unhex(const char *hex, uint8_t out[32])
{
	size_t n;

	assert_true(hex_decode(hex, out, 32, &n));
	assert_int_equal(n, 32);
}

static void
test_digest_vector(void **state)
{
	uint8_t zero[32] = { 0 }, h[32], want[32], h2[32];

	(void)state;
	assert_int_equal(yishi_trail_digest(zero, 7, 1, 1764550800123456LL,
	    "admin", "body.create", payload1, h), 0);
	unhex(H1, want);
	assert_memory_equal(h, want, 32);
	assert_int_equal(yishi_trail_digest(h, 7, 2, 1764550800999999LL,
	    "zhangsan", "seat.add", "{}", h2), 0);
	unhex(H2, want);
	assert_memory_equal(h2, want, 32);
	assert_int_equal(yishi_trail_digest(h2, 7, 3, -5, "", "", "", h), 0);
	unhex(H3, want);
	assert_memory_equal(h, want, 32);
}

/* Three entries of body 7 forming the chain above. */
struct chain {
	Yishi__TrailEntry e[3];
	uint8_t prev[3][32];
	uint8_t hash[3][32];
};

static void
chain_make(struct chain *c)
{
	static const char *hex[] = { H1, H2, H3 };
	static const char *actor[] = { "admin", "zhangsan", "" };
	static const char *action[] = { "body.create", "seat.add", "" };
	static const char *payload[] = { payload1, "{}", "" };
	static const int64_t at[] = { 1764550800123456LL, 1764550800999999LL,
	    -5 };
	int i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < 3; i++) {
		yishi__trail_entry__init(&c->e[i]);
		unhex(hex[i], c->hash[i]);
		if (i > 0)
			memcpy(c->prev[i], c->hash[i - 1], 32);
		c->e[i].body = 7;
		c->e[i].seq = (uint64_t)i + 1;
		c->e[i].at_us = at[i];
		c->e[i].actor = (char *)actor[i];
		c->e[i].action = (char *)action[i];
		c->e[i].payload = (char *)payload[i];
		c->e[i].prev_hash.data = c->prev[i];
		c->e[i].prev_hash.len = 32;
		c->e[i].hash.data = c->hash[i];
		c->e[i].hash.len = 32;
	}
}

/* Checks the chain; returns the seq of the first bad entry, or 0. */
static uint64_t
chain_check(struct chain *c, int n)
{
	struct yishi_trail_state st;
	char why[256];
	int i;

	yishi_trail_init(&st, 7);
	for (i = 0; i < n; i++)
		if (yishi_trail_check(&st, &c->e[i], why, sizeof why) == -1)
			return c->e[i].seq ? c->e[i].seq : 99;
	return 0;
}

static void
test_chain_ok(void **state)
{
	struct chain c;

	(void)state;
	chain_make(&c);
	assert_int_equal(chain_check(&c, 3), 0);
}

static void
test_chain_tampered(void **state)
{
	struct chain c;
	char alt[] = "{\"name\":\"党组\",\"kind\":\"party_grouq\"}";

	(void)state;
	chain_make(&c);
	c.e[1].payload = (char *)"{ }";		/* altered content */
	assert_int_equal(chain_check(&c, 3), 2);

	chain_make(&c);
	c.e[0].payload = alt;
	assert_int_equal(chain_check(&c, 3), 1);

	chain_make(&c);
	c.e[2].at_us = -4;			/* altered time */
	assert_int_equal(chain_check(&c, 3), 3);

	chain_make(&c);
	c.prev[2][0] ^= 1;			/* broken link */
	assert_int_equal(chain_check(&c, 3), 3);

	chain_make(&c);
	c.e[1].seq = 3;				/* gap */
	assert_int_equal(chain_check(&c, 3), 3);

	chain_make(&c);
	c.e[0].body = 8;			/* another body's entry */
	assert_int_equal(chain_check(&c, 3), 1);

	chain_make(&c);
	c.e[1].hash.len = 31;			/* malformed hash */
	assert_int_equal(chain_check(&c, 3), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_vector),
		cmocka_unit_test(test_chain_ok),
		cmocka_unit_test(test_chain_tampered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
