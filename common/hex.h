/*
 * hex.h: bytes as hexadecimal text and back, for the server and the client
 * alike. What is hashed or signed is always the lowercase form.
 */
#ifndef YISHI_HEX_H
#define YISHI_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the lowercase hex of n bytes into out (2n+1 bytes, NUL-ended). */
void hex_encode(const uint8_t *p, size_t n, char *out);

/*
 * Decodes s, an even number of hex digits of either case and nothing else,
 * into at most max bytes at out; *n gets how many. False when s is not
 * such text or holds more than max bytes (out is then undefined).
 */
bool hex_decode(const char *s, uint8_t *out, size_t max, size_t *n);

#endif
