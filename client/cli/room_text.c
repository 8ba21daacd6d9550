/* room_text.c: text measured in terminal columns (see room_text.h). */
#include "room_text.h"

#include <string.h>
#include <wchar.h>

/* Decodes the character at s (n bytes left) into *wc and returns its
 * length in bytes, or 1 with *wc '?' for what cannot be shown. */
static size_t
room_text_char(const char *s, size_t n, wchar_t *wc, int *cols)
{
	mbstate_t st;
	size_t len;
	int w;

	memset(&st, 0, sizeof st);
	len = mbrtowc(wc, s, n, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*wc = L'?';
		*cols = 1;
		return 1;
	}
	w = wcwidth(*wc);
	if (w < 0 || *wc == 0x2028 || *wc == 0x2029 ||
	    (*wc >= 0x202a && *wc <= 0x202e) ||
	    (*wc >= 0x2066 && *wc <= 0x2069)) {
		/* A control, a line separator or a bidi control. */
		*wc = L'?';
		w = 1;
	}
	*cols = w;
	return len;
}

/* Columns of s (see room_text.h). */
int
room_text_width(const char *s)
{
	size_t n, len;
	wchar_t wc;
	int total = 0, w;

	if (s == NULL)
		return 0;
	n = strlen(s);
	while (n > 0) {
		len = room_text_char(s, n, &wc, &w);
		total += w;
		s += len;
		n -= len;
	}
	return total;
}

/* The start of s that fits in cols columns (see room_text.h). */
int
room_text_fit(const char *s, int cols, char *out, size_t outlen)
{
	static const char ell[] = "\xe2\x80\xa6";	/* U+2026, one column */
	size_t n, len, o = 0;
	wchar_t wc;
	int used = 0, w, total;

	if (outlen == 0)
		return 0;
	out[0] = '\0';
	if (s == NULL || cols <= 0)
		return 0;
	total = room_text_width(s);
	n = strlen(s);
	while (n > 0) {
		len = room_text_char(s, n, &wc, &w);
		/* Keep a column for the ellipsis when the rest does not fit. */
		if (used + w > (total > cols ? cols - 1 : cols))
			break;
		if (wc == L'?' && (len != 1 || *s != '?')) {
			if (o + 1 >= outlen)
				break;
			out[o++] = '?';
		} else {
			if (o + len >= outlen)
				break;
			memcpy(out + o, s, len);
			o += len;
		}
		used += w;
		s += len;
		n -= len;
	}
	if (n > 0 && o + sizeof ell <= outlen && used < cols) {
		memcpy(out + o, ell, sizeof ell - 1);
		o += sizeof ell - 1;
		used++;
	}
	out[o] = '\0';
	return used;
}
