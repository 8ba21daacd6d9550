/*
 * headstore.h: the trail heads this daemon wrote and signed, kept outside
 * the database, so that a database superuser who truncates, rolls back or
 * rewrites a body's trail is caught by the daemon itself (docs/security.md).
 *
 * For each body the store keeps `reach`, the newest head seq this daemon
 * knows to have been committed (its own commits, its checkpoints), and
 * (seq, hash), the newest of those whose hash it has read back. A commit
 * tells the store its new head at once (headstore_moved); the hash is read
 * back a tenth of a second later, in one query for every body that moved
 * meanwhile (at most one such query in flight), off the
 * request's path. A checkpoint tells its signed head (headstore_signed).
 *
 * The store lives in the instance folder (config heads_file), one line per
 * body: "<body> <reach> <seq> <hash hex> <ck>", after the line
 * "yishid-heads 1", where ck is the seq of the newest checkpoint this
 * daemon stored: its row must still be in the database.
 * It is replaced atomically (temporary file, rename), without fsync: after
 * each checkpoint, a tenth of a second after a commit moved a head, and at
 * exit. A daemon killed, or a machine losing power, may lose the last
 * moment's heads (and, on a file system that does not order the rename
 * after the data, the file: it then starts empty). Several daemons of one
 * instance share the file: each merges what is there (the newer head of
 * each body wins) before writing.
 *
 * The trail of a body is served (h_read.c) only when the database reaches
 * `reach`, has `hash` at `seq` and still holds the checkpoint at `ck`; a
 * checkpoint (checkpoint.c) is signed only on the first two.
 */
#ifndef YISHI_HEADSTORE_H
#define YISHI_HEADSTORE_H

#include <stdbool.h>
#include <stdint.h>

/* What the store remembers of one body. */
struct headstore_head {
	uint64_t	reach;		/* the trail must reach this seq */
	uint64_t	seq;		/* and have hash at this one (0: none) */
	uint8_t		hash[32];
	uint64_t	ck;		/* the newest checkpoint stored (0: none) */
};

/* Reads the store at path (a missing file is an empty store). Blocking:
 * start-up only. Returns 0, or -1 when the file is malformed (logged;
 * the store starts empty and the file is replaced at the next write). */
int headstore_load(const char *path);

/* Checks the database against every remembered head (asynchronously, on
 * srv.db) and logs each body whose trail is behind or differs. */
void headstore_check(void);

/* A commit of this daemon moved body's head to seq. */
void headstore_moved(uint64_t body, uint64_t seq);

/* A checkpoint of body's head (seq, hash) was stored: remembered, file
 * written. */
void headstore_signed(uint64_t body, uint64_t seq, const uint8_t hash[32]);

/* What is remembered of body; false (and *h zeroed) when nothing. */
bool headstore_get(uint64_t body, struct headstore_head *h);

/* Writes the file now and frees the store (at exit). */
void headstore_stop(void);

#endif
