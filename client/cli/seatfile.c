/* seatfile.c: the seat file of `yishi seat import` (see seatfile.h). */
#include "seatfile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"

#define SEATFILE_FIELDS 4

/* Frees the seats kept so far. */
void
seatfile_free(struct seatfile *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++) {
		free(sf->seats[i].identity);
		free(sf->seats[i].display);
		free(sf->seats[i].role);
	}
	free(sf->seats);
	sf->seats = NULL;
	sf->n = sf->cap = 0;
}

/* Formats one language's message into dst (size bytes). */
static void __attribute__((format(printf, 3, 4)))
seatfile_say(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

/* Puts prefix before the message in buf (size bytes), cutting its end. */
static void
seatfile_prefix(char *buf, size_t size, const char *prefix)
{
	size_t pl = strlen(prefix), ml = strlen(buf);

	if (pl >= size)
		return;
	if (pl + ml >= size)
		ml = size - pl - 1;
	memmove(buf + pl, buf, ml);
	memcpy(buf, prefix, pl);
	buf[pl + ml] = '\0';
}

/* Puts the line number (0: the file as a whole) before both messages,
 * drops the seats kept so far and returns -1. */
static int
seatfile_failed(struct seatfile *sf, int line)
{
	char p[48];

	if (line > 0) {
		snprintf(p, sizeof p, "第 %d 行：", line);
		seatfile_prefix(sf->zh, sizeof sf->zh, p);
		snprintf(p, sizeof p, "line %d: ", line);
		seatfile_prefix(sf->en, sizeof sf->en, p);
	}
	seatfile_free(sf);
	return -1;
}

/* Records what is wrong on line (0: the file as a whole) in both
 * languages, each format checked against the arguments, and returns -1. */
#define seatfile_fail(sf, line, zh_, en_, ...) \
	(seatfile_say((sf)->zh, sizeof (sf)->zh, (zh_), ##__VA_ARGS__), \
	 seatfile_say((sf)->en, sizeof (sf)->en, (en_), ##__VA_ARGS__), \
	 seatfile_failed((sf), (line)))

/*
 * Splits the line s in place into fields, unquoting quoted ones and
 * trimming blanks around the others; f gets the first max of them. Returns
 * how many fields the line has, or -1 when a quote is not closed or is
 * followed by more than blanks.
 */
static int
seatfile_split(char *s, char **f, int max)
{
	char *r = s, *w = s, *start, c;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t')
			r++;
		start = w;
		if (*r == '"') {
			for (r++;; ) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else
					*w++ = *r++;
			}
			while (*r == ' ' || *r == '\t')
				r++;
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			while (*r != ',' && *r != '\0')
				*w++ = *r++;
			while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
				w--;
		}
		/* w <= r: the field's end may overwrite the comma after it. */
		c = *r;
		*w++ = '\0';
		if (n < max)
			f[n] = start;
		n++;
		if (c == '\0')
			return n;
		r++;
	}
}

/* Appends one seat from the fields of line; 0, or -1 (out of memory). */
static int
seatfile_add(struct seatfile *sf, char **f, int32_t rank, int line)
{
	struct seatfile_seat *s;

	if (sf->n == sf->cap) {
		size_t cap = sf->cap ? sf->cap * 2 : 64;

		if ((s = realloc(sf->seats, cap * sizeof *s)) == NULL)
			return -1;
		sf->seats = s;
		sf->cap = cap;
	}
	s = &sf->seats[sf->n];
	s->identity = strdup(f[0]);
	s->display = strdup(f[1]);
	s->role = strdup(f[2]);
	s->rank = rank;
	s->line = line;
	sf->n++;	/* freed with the others even when half made */
	return s->identity && s->display && s->role ? 0 : -1;
}

/* Checks one line's fields and keeps its seat; 0, or -1 after
 * seatfile_fail. */
static int
seatfile_line(struct seatfile *sf, char **f, int n, int line)
{
	long rank = 0;
	char *end;

	if (n < 3 || n > SEATFILE_FIELDS)
		return seatfile_fail(sf, line, "应有 3 或 4 个字段（身份名,显示姓名,"
		    "角色[,排序]），这一行有 %d 个", "expected 3 or 4 fields "
		    "(identity,display,role[,rank]), found %d", n);
	if (f[0][0] == '\0')
		return seatfile_fail(sf, line, "身份名为空",
		    "the identity is empty");
	if (f[1][0] == '\0')
		return seatfile_fail(sf, line, "显示姓名为空",
		    "the display name is empty");
	if (!args_is_choice(ARGS_ROLES, f[2]))
		return seatfile_fail(sf, line, "未知的角色“%s”（可用：%s）",
		    "unknown role \"%s\" (one of %s)", f[2], ARGS_ROLES);
	if (n == 4 && f[3][0] != '\0') {
		errno = 0;
		rank = strtol(f[3], &end, 10);
		if (errno != 0 || *end != '\0' || rank < 0 || rank > INT_MAX)
			return seatfile_fail(sf, line, "排序“%s”不是非负整数",
			    "rank \"%s\" is not a whole number >= 0", f[3]);
	}
	if (sf->n == SEATFILE_MAX)
		return seatfile_fail(sf, line, "一次最多导入 %d 个席位，请把文件"
		    "分成几份", "at most %d seats in one import: split the "
		    "file", SEATFILE_MAX);
	if (seatfile_add(sf, f, (int32_t)rank, line) != 0)
		return seatfile_fail(sf, line, "内存不足", "out of memory");
	return 0;
}

/* Orders seats by identity, then by line (qsort). */
static int
seatfile_cmp(const void *x, const void *y)
{
	const struct seatfile_seat *const *a = x, *const *b = y;
	int c = strcmp((*a)->identity, (*b)->identity);

	return c != 0 ? c : (*a)->line - (*b)->line;
}

/* Refuses an identity named twice; 0, or -1 after seatfile_fail. */
static int
seatfile_once(struct seatfile *sf)
{
	struct seatfile_seat **v;
	size_t i;
	int line = 0, first = 0;
	char name[128];

	if ((v = malloc(sf->n * sizeof *v)) == NULL)
		return seatfile_fail(sf, 0, "内存不足", "out of memory");
	for (i = 0; i < sf->n; i++)
		v[i] = &sf->seats[i];
	qsort(v, sf->n, sizeof *v, seatfile_cmp);
	for (i = 1; i < sf->n && line == 0; i++)
		if (strcmp(v[i - 1]->identity, v[i]->identity) == 0) {
			line = v[i]->line;
			first = v[i - 1]->line;
			snprintf(name, sizeof name, "%s", v[i]->identity);
		}
	free(v);
	if (line != 0)
		return seatfile_fail(sf, line, "身份 %s 已在第 %d 行出现",
		    "identity %s already appears on line %d", name, first);
	return 0;
}

/* Parses a seat file (see seatfile.h). */
int
seatfile_parse(struct seatfile *sf, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	char *buf, *f[SEATFILE_FIELDS];
	bool first = true;
	int line = 0, n, rc;
	size_t l;

	if (memchr(text, '\0', len) != NULL)
		return seatfile_fail(sf, 0, "文件含有 NUL 字节，不是文本文件",
		    "the file contains a NUL byte: it is not text");
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;		/* a byte order mark, as spreadsheets write */
	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = (size_t)((nl != NULL ? nl : end) - p);
		line++;
		if (l > 0 && p[l - 1] == '\r')
			l--;
		if ((buf = malloc(l + 1)) == NULL)
			return seatfile_fail(sf, line, "内存不足", "out of memory");
		memcpy(buf, p, l);
		buf[l] = '\0';
		if (buf[strspn(buf, " \t")] == '\0' ||
		    buf[strspn(buf, " \t")] == '#') {
			free(buf);
			continue;
		}
		n = seatfile_split(buf, f, SEATFILE_FIELDS);
		if (n < 0) {
			free(buf);
			return seatfile_fail(sf, line, "引号没有闭合，或闭合引号后"
			    "还有内容", "a quote is not closed, or is followed "
			    "by more than blanks");
		}
		if (first && (strcasecmp(f[0], "identity") == 0 ||
		    strcmp(f[0], "身份名") == 0)) {
			first = false;	/* the column names */
			free(buf);
			continue;
		}
		first = false;
		rc = seatfile_line(sf, f, n, line);
		free(buf);
		if (rc != 0)
			return -1;
	}
	if (sf->n == 0)
		return seatfile_fail(sf, 0, "文件中没有席位",
		    "the file holds no seats");
	return seatfile_once(sf);
}
