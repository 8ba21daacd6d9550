/* dispatch.h: routes a decoded request to its handler: alone (req.h), or
 * in a round of its group commit (groupdb.h). */
#ifndef YISHI_DISPATCH_H
#define YISHI_DISPATCH_H

#include "yishi.pb-c.h"

struct conn;

/* Starts the request in f (ownership passes); unknown kinds get an error.
 * The connections' on_frame (conn.h); arg is unused. */
void dispatch_request(struct conn *c, Yishi__Frame *f, void *arg);

#endif
