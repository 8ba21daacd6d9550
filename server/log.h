/* log.h: logging to stderr with levels; log_warn appends strerror(errno). */
#ifndef YISHI_LOG_H
#define YISHI_LOG_H

#include <stdarg.h>
#include <stdnoreturn.h>

enum log_level { LOG_L_ERROR, LOG_L_WARN, LOG_L_INFO, LOG_L_DEBUG };

extern enum log_level log_level_current;

/* Sets the level from its name; unknown names leave it unchanged. */
void log_set_level(const char *name);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs and drains the OpenSSL error queue, prefixed by what failed. */
void log_ssl(const char *what);
noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define log_debug(...) do {						\
	if (log_level_current >= LOG_L_DEBUG)				\
		log_debug_(__VA_ARGS__);				\
} while (0)

#endif
