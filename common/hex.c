/* hex.c: bytes as hexadecimal text and back (see hex.h). */
#include "hex.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

/* Writes the lowercase hex of n bytes (OpenSSL's writer is uppercase). */
void
hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Decodes hex with OpenSSL, no separator allowed; a refusal leaves nothing
 * on the thread's error queue (a TLS call after it would read it). */
bool
hex_decode(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t len = 0;
	int ok;

	if (s == NULL)
		return false;
	ERR_set_mark();
	ok = OPENSSL_hexstr2buf_ex(out, max, &len, s, '\0');
	ERR_pop_to_mark();
	if (ok != 1)
		return false;
	*n = len;
	return true;
}
