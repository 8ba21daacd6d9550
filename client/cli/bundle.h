/*
 * bundle.h: audit bundle files (yishi audit export, verify --bundle).
 *
 * A bundle is the line "YISHI-AUDIT-BUNDLE 1\n" followed by one protobuf
 * AuditBundle (proto/yishi.proto) to the end of the file: the whole trail
 * of a body with its signatures, the signers' certificates, the server's
 * checkpoints and certificates, the current record (every meeting's
 * minutes) and, for reference only, the instance CA.
 */
#ifndef YISHI_CLI_BUNDLE_H
#define YISHI_CLI_BUNDLE_H

#include <stddef.h>

#include "yishi.h"

#define BUNDLE_MAGIC "YISHI-AUDIT-BUNDLE 1\n"

/* Writes b to path (a temporary file renamed over it). 0, or -1 with why. */
int bundle_write(const char *path, const Yishi__AuditBundle *b, char *why,
    size_t whylen);

/* Reads a bundle; free it with yishi__audit_bundle__free_unpacked(b,
 * NULL). NULL with why when unreadable or not a bundle. */
Yishi__AuditBundle *bundle_read(const char *path, char *why, size_t whylen);

#endif
