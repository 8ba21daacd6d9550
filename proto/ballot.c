/*
 * ballot.c: contexts and digests of a secret vote's proofs (ballot.h).
 */
#include "ballot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "hex.h"

static const char *const ballot_options[BALLOT_OPTIONS] = {
	"yes", "no", "abstain"
};

/* The name of option i. */
const char *
ballot_option_name(int i)
{
	return i >= 0 && i < BALLOT_OPTIONS ? ballot_options[i] : NULL;
}

/* The index of the option called name. */
int
ballot_option_index(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < BALLOT_OPTIONS; i++)
		if (strcmp(name, ballot_options[i]) == 0)
			return i;
	return -1;
}

/* Appends a 4-byte big-endian length and s to p at *off. */
static void
ballot_put(uint8_t *p, size_t *off, const char *s)
{
	size_t n = strlen(s);

	p[(*off)++] = (uint8_t)(n >> 24);
	p[(*off)++] = (uint8_t)(n >> 16);
	p[(*off)++] = (uint8_t)(n >> 8);
	p[(*off)++] = (uint8_t)n;
	memcpy(p + *off, s, n);
	*off += n;
}

/* The context bytes of tag, instance, body, item, round and who. */
static uint8_t *
ballot_ctx(const char *tag, const char *instance, uint64_t body,
    uint64_t item, uint64_t round, const char *who, size_t *len)
{
	char b[32], i[32], r[32];
	const char *f[6];
	size_t n = 0, off = 0, k;
	uint8_t *p;

	snprintf(b, sizeof b, "%llu", (unsigned long long)body);
	snprintf(i, sizeof i, "%llu", (unsigned long long)item);
	snprintf(r, sizeof r, "%llu", (unsigned long long)round);
	f[0] = tag, f[1] = instance, f[2] = b, f[3] = i, f[4] = r, f[5] = who;
	for (k = 0; k < 6; k++)
		n += 4 + strlen(f[k]);
	if ((p = malloc(n)) == NULL)
		return NULL;
	for (k = 0; k < 6; k++)
		ballot_put(p, &off, f[k]);
	*len = off;
	return p;
}

/* The context of a voter's ballot proofs. */
uint8_t *
ballot_ctx_voter(const char *instance, uint64_t body, uint64_t item,
    uint64_t round, const char *voter, size_t *len)
{
	return ballot_ctx("yishi-ballot-v1", instance, body, item, round,
	    voter, len);
}

/* The context of a scrutineer's proofs. */
uint8_t *
ballot_ctx_scrutineer(const char *instance, uint64_t body, uint64_t item,
    uint64_t round, const char *scrutineer, size_t *len)
{
	return ballot_ctx("yishi-scrutineer-v1", instance, body, item, round,
	    scrutineer, len);
}

/* The hex SHA-256 of p. */
void
ballot_digest_hex(const uint8_t *p, size_t len, char out[65])
{
	uint8_t d[SHA256_DIGEST_LENGTH];

	SHA256(p, len, d);
	hex_encode(d, sizeof d, out);
}
