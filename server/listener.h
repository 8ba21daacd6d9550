/* listener.h: the TCP listener, its connection cap and the port file. */
#ifndef YISHI_LISTENER_H
#define YISHI_LISTENER_H

struct config;

/* Binds cfg's address and port and starts accepting; -1 on failure. */
int listener_start(const struct config *cfg)
    __attribute__((warn_unused_result));

/* Stops accepting for good (shutdown). */
void listener_stop(void);

#endif
