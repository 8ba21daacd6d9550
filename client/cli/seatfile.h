/*
 * seatfile.h: the seat file of `yishi seat import`, a UTF-8 CSV file (as
 * a spreadsheet saves it) with one seat per line:
 *
 *	identity,display,role[,rank]
 *
 * Fields may be quoted ("张, 三", "" for a quote). Blank lines and lines
 * starting with # are skipped, as is a first line naming the columns
 * (identity,... or 身份名,...), a UTF-8 byte order mark and CR before LF.
 */
#ifndef YISHI_CLI_SEATFILE_H
#define YISHI_CLI_SEATFILE_H

#include <stddef.h>
#include <stdint.h>

#define SEATFILE_MAX 10000	/* seats in one import (the server's limit) */
#define SEATFILE_ERR 256	/* bytes of an error message */

struct seatfile_seat {
	char		*identity, *display, *role;
	int32_t		 rank;
	int		 line;		/* in the file, from 1 */
};

struct seatfile {
	struct seatfile_seat *seats;
	size_t		 n, cap;
	char		 zh[SEATFILE_ERR];	/* the error, when parsing */
	char		 en[SEATFILE_ERR];	/*   failed */
};

/* Parses the len bytes of text into sf (zeroed by the caller). Returns 0,
 * or -1 with sf->zh and sf->en naming the line and what is wrong with it;
 * sf holds nothing then. */
int seatfile_parse(struct seatfile *sf, const char *text, size_t len);

/* Frees what seatfile_parse kept. */
void seatfile_free(struct seatfile *sf);

#endif
