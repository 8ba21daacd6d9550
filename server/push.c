/* push.c: delivers meeting events to watchers (see push.h). */
#include "push.h"

#include "conn.h"

/* Sends one event to one watcher. */
static void
push_one(struct conn *c, void *arg)
{
	conn_push(c, arg);
}

/* Sends ev to every local watcher of meeting. */
void
push_event(uint64_t meeting, const Yishi__Event *ev)
{
	conn_foreach_watcher(meeting, push_one, (void *)ev);
}
