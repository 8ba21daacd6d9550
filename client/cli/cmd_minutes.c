/* cmd_minutes.c: the minutes (会议纪要): show, sign, correct, overdue. */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "hex.h"
#include "json.h"
#include "out.h"
#include "render.h"
#include "sign.h"

/* Fetches the minutes of a meeting; 0 with *out, or the exit code. */
static int
cmd_minutes_fetch(struct cli *cli, uint64_t meeting, Yishi__Response **out)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MeetingRef m = YISHI__MEETING_REF__INIT;
	Yishi__Response *r;
	int rc;

	m.meeting = meeting;
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
	*out = r;
	return 0;
}

/* yishi minutes show --meeting M [--format text|markdown|json]. */
int
cmd_minutes_show(struct cli *cli)
{
	const char *format = args_str(cli, "format");
	Yishi__Response *r;
	struct json j;
	int rc;

	if (format == NULL)
		format = "text";
	if ((rc = cmd_minutes_fetch(cli, args_u64(cli, "meeting"), &r)) != 0)
		return rc;
	if (out_is_json() || strcmp(format, "json") == 0) {
		json_init(&j);
		json_obj(&j, NULL);
		render_minutes(&j, "minutes", r->minutes);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		human_minutes(r->minutes, strcmp(format, "markdown") == 0);
	}
	yishi_response_free(r);
	return EXIT_DONE;
}

/* --head SEQ[:HASH]: the version of the minutes the chair read, replacing
 * the current one in *seq and hash. 0, or the exit code. */
static int
cmd_minutes_head(struct cli *cli, uint64_t *seq, uint8_t hash[32])
{
	const char *h = args_str(cli, "head"), *colon;
	char *end;
	size_t len;
	unsigned long long n;

	if (h == NULL)
		return 0;
	n = strtoull(h, &end, 10);
	colon = strchr(h, ':');
	if (end == h || (*end != '\0' && end != colon) || n == 0)
		return cmd_usage(cli, "--head 应为“留痕位置[:摘要]”",
		    "--head is SEQ[:HASH]");
	if (colon == NULL) {
		if (n != *seq)
			return cmd_usage(cli, "所读版本不是当前版本时，--head 须"
			    "带上纪要注明的摘要（SEQ:HASH）", "a version other "
			    "than the current one needs the hash the minutes "
			    "name (SEQ:HASH)");
		return 0;
	}
	if (!hex_decode(colon + 1, hash, 32, &len) || len != 32)
		return cmd_usage(cli, "--head 的摘要应为 64 位十六进制",
		    "the hash of --head is 64 hex digits");
	*seq = n;
	return 0;
}

/*
 * yishi minutes sign --meeting M: the chair reads the minutes, then signs
 * them at the trail head they were read at (R-MIN-2). With --head, at the
 * version the chair read before: refused when the record of the meeting
 * changed since.
 */
int
cmd_minutes_sign(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MinutesSign m = YISHI__MINUTES_SIGN__INIT;
	Yishi__Response *mr, *r;
	uint8_t *sig = NULL, hash[32];
	char hex[65], done[256];
	char *canon;
	size_t len = 0;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	if ((rc = cmd_minutes_fetch(cli, m.meeting, &mr)) != 0)
		return rc;
	if (mr->minutes->head_hash.len != sizeof hash) {
		yishi_response_free(mr);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
		    "服务器的纪要未注明留痕位置",
		    "the server's minutes name no trail head"), NULL, NULL, 0,
		    "protocol");
	}
	memcpy(hash, mr->minutes->head_hash.data, sizeof hash);
	m.head_seq = mr->minutes->head_seq;
	if ((rc = cmd_minutes_head(cli, &m.head_seq, hash)) != 0) {
		yishi_response_free(mr);
		return rc;
	}
	hex_encode(hash, sizeof hash, hex);
	m.head_hash.data = hash;
	m.head_hash.len = sizeof hash;
	canon = sign_canon_minutes_sign(yishi_instance(cli->conn),
	    mr->minutes->meeting->body, m.meeting,
	    yishi_identity_name(cli->conn), m.head_seq, hex, &len);
	yishi_response_free(mr);
	req.op_case = YISHI__REQUEST__OP_MINUTES_SIGN;
	req.minutes_sign = &m;
	if ((rc = cmd_sign(cli, &req, canon, len, &sig)) != 0)
		return rc;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	snprintf(done, sizeof done, TR("会议纪要已签发（依据留痕 #%" PRIu64 "）",
	    "minutes signed (at trail #%" PRIu64 ")"), m.head_seq);
	return cmd_finish(cli, r, done, done);
}

/* yishi minutes correct --meeting M --text T: a signed corrigendum. */
int
cmd_minutes_correct(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__MinutesCorrect m = YISHI__MINUTES_CORRECT__INIT;
	Yishi__Response *mr, *r;
	uint8_t *sig = NULL;
	char done[256];
	char *canon;
	size_t len = 0;
	int rc;

	m.meeting = args_u64(cli, "meeting");
	m.text = (char *)args_str(cli, "text");
	/* The corrigendum names the body: read it from the minutes. */
	if ((rc = cmd_minutes_fetch(cli, m.meeting, &mr)) != 0)
		return rc;
	canon = sign_canon_minutes_correct(yishi_instance(cli->conn),
	    mr->minutes->meeting->body, m.meeting,
	    yishi_identity_name(cli->conn), m.text, &len);
	yishi_response_free(mr);
	req.op_case = YISHI__REQUEST__OP_MINUTES_CORRECT;
	req.minutes_correct = &m;
	if ((rc = cmd_sign(cli, &req, canon, len, &sig)) != 0)
		return rc;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	snprintf(done, sizeof done, TR("已追加更正 %u", "corrigendum %u appended"),
	    r->result_case == YISHI__RESPONSE__RESULT_CORRIGENDUM ?
	    r->corrigendum->seq : 0);
	return cmd_finish(cli, r, done, done);
}

/* yishi minutes overdue --body B: closed meetings whose minutes are not
 * signed in time (R-MIN-3). */
int
cmd_minutes_overdue(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef m = YISHI__BODY_REF__INIT;
	const Yishi__OverdueMinutes *o;
	Yishi__Response *r;
	size_t i;
	int rc;

	m.body = args_u64(cli, "body");
	req.op_case = YISHI__REQUEST__OP_MINUTES_OVERDUE;
	req.minutes_overdue = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (out_is_json() ||
	    r->result_case != YISHI__RESPONSE__RESULT_OVERDUE_MINUTES)
		return cmd_finish(cli, r, "", "");
	o = r->overdue_minutes;
	if (o->n_meetings == 0)
		out_printf("%s", TR("没有逾期未签发的会议纪要\n",
		    "no minutes are overdue\n"));
	else
		out_printf("%s", TR("逾期未签发的会议纪要（R-MIN-3）：\n",
		    "minutes overdue for signing (R-MIN-3):\n"));
	for (i = 0; i < o->n_meetings; i++)
		out_printf(TR("  #%-5" PRIu64 " %s  闭会 %s，签发期限 %s，"
		    "已过 %u 个工作日\n", "  #%-5" PRIu64 " %s  closed %s, due "
		    "%s, %u working days ago\n"), o->meetings[i]->meeting,
		    o->meetings[i]->title, o->meetings[i]->closed_at,
		    o->meetings[i]->due, o->meetings[i]->working_days);
	yishi_response_free(r);
	return EXIT_DONE;
}
