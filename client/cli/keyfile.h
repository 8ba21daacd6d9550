/*
 * keyfile.h: a scrutineer's secret share of a secret vote's key
 * (docs/ballot.md), kept by their own client between the key and the count
 * and never sent anywhere.
 *
 * File: $XDG_STATE_HOME/yishi/scrutineer/<instance>-<body>-<item>-<round>-
 * <identity>.key (else ~/.local/state/yishi/...), where <instance> is as in
 * heads.h and <round> the seq of the round's vote.open entry; the identity
 * is in the name because one state folder may serve several identities.
 * Mode 0600 in a 0700 folder, written atomically (temporary file, fsync,
 * rename) BEFORE the share is sent, deleted once the round is closed or
 * void. Text: "yishi-scrutineer 1\n" then the 32-byte secret in hex "\n".
 */
#ifndef YISHI_CLI_KEYFILE_H
#define YISHI_CLI_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#define KEYFILE_SECRET 32

/* The file of identity's secret for a round of instance (its id,
 * yishi_instance) into path; 0 or -1 (no state folder, too long). */
int keyfile_path(const char *instance, uint64_t body, uint64_t item,
    uint64_t round, const char *identity, char *path, size_t len);

/* Writes the secret to path atomically. 0, or -1 with why set. */
int keyfile_save(const char *path, const uint8_t secret[KEYFILE_SECRET],
    char *why, size_t whylen);

/* Reads the secret at path: 1 when read, 0 when there is no such file, -1
 * when it is unreadable or malformed (why set). */
int keyfile_load(const char *path, uint8_t secret[KEYFILE_SECRET], char *why,
    size_t whylen);

/* Deletes the secret at path (its bytes overwritten first); 1 when there
 * was one, 0 when none, -1 when it could not be removed. */
int keyfile_remove(const char *path);

/* Deletes identity's secret of item's round, whatever the body (one
 * instance's item ids are unique); 1 when one was deleted, else 0. */
int keyfile_forget(const char *instance, uint64_t item, uint64_t round,
    const char *identity);

/* Takes the lock on this state folder's scrutineer secrets (so that a
 * `yishi watch` acting for the scrutineer and a command typed meanwhile do
 * not both make a share); a descriptor for keyfile_unlock, or -1 (nothing
 * is locked; go on). */
int keyfile_lock(void);
void keyfile_unlock(int fd);

#endif
