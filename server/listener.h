/* listener.h: the TCP listener, its connection cap and the port file. */
#ifndef YISHI_LISTENER_H
#define YISHI_LISTENER_H

#include "conn.h"

struct config;

/* Binds cfg's address and port and starts accepting; each accepted
 * connection gives its requests to on_frame(c, f, arg). -1 on failure. */
int listener_start(const struct config *cfg, conn_frame_cb on_frame,
    void *arg) __attribute__((warn_unused_result));

/* Stops accepting for good (shutdown). */
void listener_stop(void);

#endif
