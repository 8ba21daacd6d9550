/* call.c: a scenario's set-up request, sent and waited for (see call.h). */
#include "call.h"

/* Sends o on c, waits, and tells whether it was answered OK (see
   call.h). */
bool
call_do(struct conn *c, struct ops_req *o, const char *what,
    Yishi__Frame **out)
{
	Yishi__Frame *f = conn_call_wait(c, &o->rq, CALL_TIMEOUT_S);
	bool ok = conn_ok(f, what);

	ops_done(o);
	if (ok && out != NULL)
		*out = f;
	else if (f != NULL)
		yishi__frame__free_unpacked(f, NULL);
	return ok;
}
