/* test_config.c: yishid.conf parsing, defaults and write/read round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

int main(void);

static char test_dir[64];

/* Writes text to test_dir/name and returns the path (static buffer). */
static const char *
test_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", test_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads text as a config file; returns the error (NULL if it loaded). */
static char *
test_load(const char *text, struct config *cfg)
{
	char *err = NULL;

	if (config_load(test_file("t.conf", text), cfg, &err) == 0) {
		assert_null(err);
		return NULL;
	}
	assert_non_null(err);
	return err;
}

static void
test_defaults(void **state)
{
	struct config cfg;

	(void)state;
	config_defaults(&cfg, "/srv/inst");
	assert_string_equal(cfg.path, "/srv/inst/yishid.conf");
	assert_string_equal(cfg.listen, "127.0.0.1");
	assert_int_equal(cfg.port, 7400);
	assert_string_equal(cfg.database, "");
	assert_string_equal(cfg.pgdata, "/srv/inst/pg");
	assert_string_equal(cfg.pgsocket, "/srv/inst/run");
	assert_string_equal(cfg.ca_key_file, "/srv/inst/ca.key");
	assert_string_equal(cfg.db_role, "yishid");
	assert_int_equal(cfg.db_pool, 4);
	assert_int_equal(cfg.max_inflight, 64);
	assert_string_equal(cfg.timezone, "Asia/Shanghai");
	config_free(&cfg);
	config_free(&cfg);	/* twice is harmless */
}

static void
test_load_values(void **state)
{
	struct config cfg;

	(void)state;
	assert_null(test_load("# comment\n\n[yishid]\n"
	    "  port = 0   # any free port\r\n"
	    "listen=::1\n"
	    "pgdata = /abs/pg\n"
	    "cert_file = certs/s.pem\n"
	    "key_file = \"my #key \\\"x\\\".pem\"\n"
	    "database = postgresql://u@h/db?sslmode=require\n"
	    "log_level = debug\n", &cfg));
	assert_int_equal(cfg.port, 0);
	assert_string_equal(cfg.listen, "::1");
	assert_string_equal(cfg.pgdata, "/abs/pg");
	assert_string_equal(cfg.dir, test_dir);
	assert_string_equal(strrchr(cfg.cert_file, '/'), "/s.pem");
	assert_int_equal(strncmp(cfg.cert_file, test_dir, strlen(test_dir)), 0);
	assert_string_equal(strrchr(cfg.key_file, '/'), "/my #key \"x\".pem");
	assert_string_equal(cfg.database, "postgresql://u@h/db?sslmode=require");
	assert_string_equal(cfg.log_level, "debug");
	config_free(&cfg);
}

static void
test_load_errors(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "port = 1\nbogus = 2\n", ":2: unknown key 'bogus'" },
		{ "[other]\n", ":1: unknown section [other]" },
		{ "port = 65536\n", ":1: port: '65536' is not a number" },
		{ "port = 12x\n", ":1: port: '12x' is not a number" },
		{ "port =\n", ":1: port: '' is not a number" },
		{ "db_pool = 0\n", ":1: db_pool: '0' is not a number" },
		{ "just words\n", ":1: expected key = value" },
		{ "ca_file = \"open\n", ":1: ca_file: unterminated" },
		{ "ca_file = \"a\" b\n", ":1: ca_file: unterminated or malformed" },
		{ "log_level = loud\n", ":1: log_level: 'loud' is not one of" },
	};
	struct config cfg;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err = test_load(cases[i].text, &cfg);
		assert_non_null(err);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    cases[i].want);
		free(err);
	}
}

static void
test_round_trip(void **state)
{
	struct config a, b;
	char path[128], *err = NULL;

	(void)state;
	config_defaults(&a, test_dir);
	assert_int_equal(config_set(&a, "port", "7411", &err), 0);
	assert_int_equal(config_set(&a, "timezone", " spaced # tz ", &err), 0);
	assert_int_equal(config_set(&a, "pgdata", "", &err), 0);
	assert_int_equal(config_set(&a, "database", "host=x user=y", &err), 0);
	assert_int_equal(config_set(&a, "nope", "1", &err), -1);
	assert_non_null(err);
	free(err);
	snprintf(path, sizeof path, "%s/rt.conf", test_dir);
	assert_int_equal(config_write(&a, path), 0);
	assert_int_equal(config_load(path, &b, &err), 0);
	assert_int_equal(b.port, 7411);
	assert_string_equal(b.timezone, " spaced # tz ");
	assert_string_equal(b.pgdata, "");
	assert_string_equal(b.database, "host=x user=y");
	assert_string_equal(b.ca_file, a.ca_file);
	assert_string_equal(b.pgsocket, a.pgsocket);
	config_free(&a);
	config_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_load_values),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_round_trip),
	};
	char cmd[96];
	int rc;

	snprintf(test_dir, sizeof test_dir, "/tmp/yishi-test-config.XXXXXX");
	if (mkdtemp(test_dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "%s/t.conf", test_dir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/rt.conf", test_dir);
	unlink(cmd);
	rmdir(test_dir);
	return rc;
}
