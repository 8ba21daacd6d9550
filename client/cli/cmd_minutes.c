/* cmd_minutes.c: the minutes (会议纪要). */
#include "cmd.h"

#include <string.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "render.h"

/* yishi minutes show --meeting M [--format text|markdown|json]. */
int
cmd_minutes_show(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingRef m = YISHI__MEETING_REF__INIT;
	const char *format = args_str(cli, "format");
	Yishi__Response *r;
	struct json j;
	int rc;

	if (format == NULL)
		format = "text";
	m.meeting = args_u64(cli, "meeting");
	req.op_case = YISHI__REQUEST__OP_MINUTES_SHOW;
	req.minutes_show = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case != YISHI__RESPONSE__RESULT_MINUTES ||
	    r->minutes->meeting == NULL) {
		yishi_response_free(r);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
		    "服务器的答复中没有会议纪要",
		    "the server's answer holds no minutes"), NULL, NULL, 0,
		    "protocol");
	}
	if (out_is_json() || strcmp(format, "json") == 0) {
		json_init(&j);
		json_obj(&j, NULL);
		render_meeting(&j, "minutes", r->minutes->meeting, true);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		human_minutes(r->minutes->meeting,
		    strcmp(format, "markdown") == 0);
	}
	yishi_response_free(r);
	return EXIT_DONE;
}
