/*
 * groupdb.h: group commit in the daemon: the operations the scheduler
 * (group.h) is driven with. A round's load is one batch (its callers'
 * identities, one row each in the round's order, and the whole meeting or,
 * when the group keeps a snapshot, only its trail head and clock); its
 * requests are decided in order on the snapshot, each extending the trail
 * head the one before left; their changes are gathered in one write
 * (coalesce.h), which each request reaches through its struct req_round
 * (req.h); the pause after writes that found the head moved is an event
 * loop timer. dispatch.c hands it the requests of REQ_F_GROUP handlers.
 */
#ifndef YISHI_GROUPDB_H
#define YISHI_GROUPDB_H

struct req;

/* Queues r (REQ_F_GROUP) on its group. */
void groupdb_add(struct req *r);

#endif
