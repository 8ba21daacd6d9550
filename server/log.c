/* log.c: logging to stderr (see log.h). */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>

enum log_level log_level_current = LOG_L_INFO;

/* Sets the level from its name; unknown names leave it unchanged. */
void
log_set_level(const char *name)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	int i;

	for (i = 0; i < 4; i++)
		if (name != NULL && strcmp(name, names[i]) == 0)
			log_level_current = (enum log_level)i;
}

/* Writes one line: time, level, message, optional errno text. */
static void __attribute__((format(printf, 2, 0)))
log_vline(const char *level, const char *fmt, va_list ap, int err)
{
	char ts[32];
	struct timespec now;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ yishid %s: ", ts, now.tv_nsec / 1000000,
	    level);
	vfprintf(stderr, fmt, ap);
	if (err != 0)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

/* Logs a warning with strerror(errno) appended. */
void
log_warn(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	if (log_level_current < LOG_L_WARN)
		return;
	va_start(ap, fmt);
	log_vline("warn", fmt, ap, err);
	va_end(ap);
}

/* Logs a warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	if (log_level_current < LOG_L_WARN)
		return;
	va_start(ap, fmt);
	log_vline("warn", fmt, ap, 0);
	va_end(ap);
}

/* Logs an informational line. */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level_current < LOG_L_INFO)
		return;
	va_start(ap, fmt);
	log_vline("info", fmt, ap, 0);
	va_end(ap);
}

/* Logs a debug line (use the log_debug macro: it is free when off). */
void
log_debug_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline("debug", fmt, ap, 0);
	va_end(ap);
}

/* Logs and drains the OpenSSL error queue. */
void
log_ssl(const char *what)
{
	unsigned long e;
	char buf[256];
	int any = 0;

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof buf);
		log_warnx("%s: %s", what, buf);
		any = 1;
	}
	if (!any)
		log_warnx("%s", what);
	ERR_clear_error();
}

/* Logs with strerror(errno) and exits 1: start-up or broken invariants. */
void
fatal(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	log_vline("fatal", fmt, ap, err);
	va_end(ap);
	exit(1);
}

/* Logs and exits 1: start-up or broken invariants. */
void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline("fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}
