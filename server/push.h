/* push.h: delivers meeting events to the connections watching them. */
#ifndef YISHI_PUSH_H
#define YISHI_PUSH_H

#include <stdint.h>

#include "yishi.pb-c.h"

/* Sends ev to every local watcher of meeting. */
void push_event(uint64_t meeting, const Yishi__Event *ev);

#endif
