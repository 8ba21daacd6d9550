/* test_limiter.c: the counts behind the connection limits (limiter.c):
 * handshakes per source address (IPv6 by /64), connections per identity,
 * the tallies, and the keyed hash the counts are kept by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "config.h"
#include "limiter.h"
#include "server.h"

int main(void);

struct server srv;
static struct config test_cfg;

/* The counted form of an IPv4 or IPv6 address in text. */
static struct limiter_addr
test_addr(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	struct limiter_addr a;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, text, &in->sin_addr) == 1)
		in->sin_family = AF_INET;
	else {
		assert_int_equal(inet_pton(AF_INET6, text, &in6->sin6_addr), 1);
		in6->sin6_family = AF_INET6;
	}
	limiter_addr_from((struct sockaddr *)&ss, &a);
	return a;
}

/* Fresh defaults and a fresh key before each test. */
static int
test_setup(void **state)
{
	(void)state;
	config_defaults(&test_cfg, "/tmp");
	srv.cfg = &test_cfg;
	return limiter_init();
}

/* Frees the settings and the key after each test. */
static int
test_teardown(void **state)
{
	(void)state;
	config_free(&test_cfg);
	limiter_free();
	return 0;
}

/* An IPv4 address gets max_handshakes_per_source, then no more until one
 * ends; another address is not affected. */
static void
test_source_v4(void **state)
{
	struct limiter_addr a = test_addr("192.0.2.7"),
	    b = test_addr("192.0.2.8");
	int i;

	(void)state;
	test_cfg.max_handshakes_per_source = 3;
	for (i = 0; i < 3; i++) {
		assert_false(limiter_source_full(&a));
		limiter_source_add(&a);
	}
	assert_true(limiter_source_full(&a));
	assert_false(limiter_source_full(&b));
	limiter_source_del(&a);
	assert_false(limiter_source_full(&a));
	limiter_source_add(&a);
	assert_true(limiter_source_full(&a));
	test_cfg.max_handshakes_per_source = 0;	/* 0: no limit */
	assert_false(limiter_source_full(&a));
	for (i = 0; i < 3; i++)
		limiter_source_del(&a);
	test_cfg.max_handshakes_per_source = 1;
	assert_false(limiter_source_full(&a));
}

/* IPv6 addresses of one /64 share a count; another /64 has its own, and
 * an IPv4-mapped address counts as its IPv4 address. */
static void
test_source_v6(void **state)
{
	struct limiter_addr a = test_addr("2001:db8:1:2::1"),
	    b = test_addr("2001:db8:1:2:ffff:1:2:3"),
	    c = test_addr("2001:db8:1:3::1"),
	    m = test_addr("::ffff:192.0.2.9"), v4 = test_addr("192.0.2.9");

	(void)state;
	test_cfg.max_handshakes_per_source = 2;
	limiter_source_add(&a);
	limiter_source_add(&b);
	assert_true(limiter_source_full(&a));
	assert_true(limiter_source_full(&b));
	assert_false(limiter_source_full(&c));
	limiter_source_del(&a);
	limiter_source_del(&b);
	assert_false(limiter_source_full(&b));
	assert_memory_equal(m.a, v4.a, sizeof m.a);
}

/* An identity gets max_conns_per_identity connections; the next is
 * refused (and not counted) until one closes. */
static void
test_identity(void **state)
{
	uint8_t fp1[32], fp2[32];
	int i;

	(void)state;
	memset(fp1, 0xa1, sizeof fp1);
	memset(fp2, 0xa1, sizeof fp2);
	fp2[31] = 0xa2;
	test_cfg.max_conns_per_identity = 2;
	assert_true(limiter_identity_add(fp1));
	assert_true(limiter_identity_add(fp1));
	assert_false(limiter_identity_add(fp1));
	assert_false(limiter_identity_add(fp1));
	assert_true(limiter_identity_add(fp2));
	limiter_identity_del(fp1);
	assert_true(limiter_identity_add(fp1));
	assert_false(limiter_identity_add(fp1));
	test_cfg.max_conns_per_identity = 0;	/* 0: no limit */
	for (i = 0; i < 5; i++)
		assert_true(limiter_identity_add(fp1));
	for (i = 0; i < 7; i++)
		limiter_identity_del(fp1);
	limiter_identity_del(fp2);
	test_cfg.max_conns_per_identity = 1;
	assert_true(limiter_identity_add(fp1));
	limiter_identity_del(fp1);
}

/* Every event is counted, logged or not. */
static void
test_tally(void **state)
{
	uint64_t n0 = limiter_count(LIMITER_E_SOURCE);
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		limiter_note(LIMITER_E_SOURCE, "test refusal %d", i);
	limiter_add(LIMITER_E_IDLE);
	assert_int_equal(limiter_count(LIMITER_E_SOURCE), n0 + 100);
	assert_int_equal(limiter_count(LIMITER_E_IDLE), 1);
}

#define TEST_KEYED_N 64	/* addresses whose buckets are compared */

/* The buckets of TEST_KEYED_N addresses of one /26 under the current key. */
static void
test_buckets(size_t out[TEST_KEYED_N])
{
	char text[32];
	int i;

	for (i = 0; i < TEST_KEYED_N; i++) {
		struct limiter_addr a;

		snprintf(text, sizeof text, "198.51.100.%d", i);
		a = test_addr(text);
		out[i] = limiter_bucket(&a);
	}
}

/* The buckets are keyed: under one key an address always lands in the same
 * bucket, and under another key (another daemon, or a restart) the same
 * addresses land elsewhere. A flooder who found addresses sharing a bucket
 * here cannot reuse them: with 4096 buckets, 8 or more of 64 addresses
 * keeping their bucket by chance has a probability below 1e-19. */
static void
test_keyed(void **state)
{
	size_t first[TEST_KEYED_N], again[TEST_KEYED_N], other[TEST_KEYED_N];
	int i, same = 0;

	(void)state;
	test_buckets(first);
	test_buckets(again);
	assert_memory_equal(first, again, sizeof first);
	assert_int_equal(limiter_init(), 0);	/* a new key */
	test_buckets(other);
	for (i = 0; i < TEST_KEYED_N; i++)
		if (other[i] == first[i])
			same++;
	assert_true(same < 8);
}

/* The key cannot change under counted entries (they would be lost in
 * their old buckets); counting goes on under the new key. */
static void
test_rekey(void **state)
{
	struct limiter_addr a = test_addr("203.0.113.5");
	uint8_t fp[32];

	(void)state;
	memset(fp, 0x5a, sizeof fp);
	test_cfg.max_handshakes_per_source = 1;
	limiter_source_add(&a);
	assert_int_equal(limiter_init(), -1);
	assert_true(limiter_source_full(&a));	/* still found */
	limiter_source_del(&a);
	assert_true(limiter_identity_add(fp));
	assert_int_equal(limiter_init(), -1);
	limiter_identity_del(fp);
	assert_int_equal(limiter_init(), 0);
	assert_false(limiter_source_full(&a));
	limiter_source_add(&a);
	assert_true(limiter_source_full(&a));
	limiter_source_del(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_source_v4, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_source_v6, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_identity, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_tally, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_keyed, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_rekey, test_setup,
		    test_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
