/* cmd_admin.c: administration commands (bodies, seats, identities). */
#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "frame.h"
#include "render.h"
#include "seatfile.h"

/* yishi body create: a new body; prints {"body":{...}}. */
int
cmd_body_create(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyCreate m = YISHI__BODY_CREATE__INIT;
	Yishi__Response *r;
	char done[512];
	int rc;

	m.name = (char *)args_str(cli, "name");
	m.kind = (char *)args_str(cli, "kind");
	if (args_str(cli, "profile") != NULL)
		m.profile = (char *)args_str(cli, "profile");
	req.op_case = YISHI__REQUEST__OP_BODY_CREATE;
	req.body_create = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case == YISHI__RESPONSE__RESULT_BODY)
		snprintf(done, sizeof done, TR("已创建议事机构 #%" PRIu64
		    "：%s（%s）", "created body #%" PRIu64 ": %s (%s)"),
		    r->body->id, r->body->name, out_word(r->body->kind));
	else
		snprintf(done, sizeof done, "%s", TR("已创建议事机构",
		    "body created"));
	return cmd_finish(cli, r, done, done);
}

/* yishi seat add: seats an identity in a body; prints {"seat":{...}}. */
int
cmd_seat_add(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__SeatAdd m = YISHI__SEAT_ADD__INIT;
	Yishi__Response *r;
	char done[512], who[256];
	int rc;

	m.body = args_u64(cli, "body");
	m.identity = (char *)args_str(cli, "identity");
	m.display = (char *)args_str(cli, "display");
	m.role = (char *)args_str(cli, "role");
	m.rank = (int32_t)args_u64(cli, "rank");
	req.op_case = YISHI__REQUEST__OP_SEAT_ADD;
	req.seat_add = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	snprintf(done, sizeof done, TR("已在机构 #%" PRIu64 " 添加席位：%s，%s",
	    "seat added to body #%" PRIu64 ": %s, %s"), m.body,
	    render_person(m.identity, m.display, who, sizeof who),
	    out_word(m.role));
	return cmd_finish(cli, r, done, done);
}

/* Reads the whole file path (at most max bytes) into *text (malloc'd);
 * 0, or the exit code after printing the error. */
static int
cmd_admin_slurp(const char *path, size_t max, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	int err;

	*text = NULL;
	if (f != NULL && (buf = malloc(max + 1)) != NULL)
		n = fread(buf, 1, max + 1, f);	/* max + 1: too large */
	err = f == NULL || buf == NULL || ferror(f) ? errno : 0;
	if (f != NULL)
		fclose(f);
	if (err != 0 || buf == NULL) {
		free(buf);
		return cmd_usage(NULL, "无法读取席位文件", "cannot read the "
		    "seat file");
	}
	if (n > max) {
		free(buf);
		return cmd_usage(NULL, "席位文件太大", "the seat file is too "
		    "large");
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* yishi seat import: many seats of one body from a file, all or none;
 * prints {"seat_import":{"body":B,"added":N,"changed":N,"unchanged":N}}. */
int
cmd_seat_import(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__SeatImport m = YISHI__SEAT_IMPORT__INIT;
	Yishi__SeatAdd *adds = NULL, **ptrs = NULL;
	Yishi__Response *r;
	struct seatfile sf;
	char *text, done[512];
	size_t len = 0, i;
	int rc;

	memset(&sf, 0, sizeof sf);
	if ((rc = cmd_admin_slurp(args_str(cli, "file"), 16u << 20, &text,
	    &len)) != 0)
		return rc;
	rc = seatfile_parse(&sf, text, len);
	free(text);
	if (rc != 0)
		return cmd_usage(cli, sf.zh, sf.en);
	adds = calloc(sf.n, sizeof *adds);
	ptrs = calloc(sf.n, sizeof *ptrs);
	if (adds == NULL || ptrs == NULL) {
		rc = cmd_usage(cli, "内存不足", "out of memory");
		goto out;
	}
	m.body = args_u64(cli, "body");
	for (i = 0; i < sf.n; i++) {
		yishi__seat_add__init(&adds[i]);
		adds[i].identity = sf.seats[i].identity;
		adds[i].display = sf.seats[i].display;
		adds[i].role = sf.seats[i].role;
		adds[i].rank = sf.seats[i].rank;
		ptrs[i] = &adds[i];
	}
	m.n_seats = sf.n;
	m.seats = ptrs;
	m.dry_run = args_flag(cli, "dry-run");
	req.op_case = YISHI__REQUEST__OP_SEAT_IMPORT;
	req.seat_import = &m;
	if (yishi__request__get_packed_size(&req) > FRAME_MAX - 4096) {
		rc = cmd_usage(cli, "席位文件太大，一次请求放不下：请把文件分成几份",
		    "the seat file is too large for one request: split it");
		goto out;
	}
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		goto out;
	if (r->result_case == YISHI__RESPONSE__RESULT_SEAT_IMPORT &&
	    r->seat_import->dry_run)
		snprintf(done, sizeof done, TR("检查通过，未写入：机构 #%" PRIu64
		    " 将新增 %u，更新 %u，未变 %u", "checked, nothing written: "
		    "body #%" PRIu64 " would get %u added, %u changed, %u "
		    "unchanged"), m.body, r->seat_import->added,
		    r->seat_import->changed, r->seat_import->unchanged);
	else if (r->result_case == YISHI__RESPONSE__RESULT_SEAT_IMPORT)
		snprintf(done, sizeof done, TR("已导入机构 #%" PRIu64 " 的席位："
		    "新增 %u，更新 %u，未变 %u", "imported the seats of body #%"
		    PRIu64 ": %u added, %u changed, %u unchanged"), m.body,
		    r->seat_import->added, r->seat_import->changed,
		    r->seat_import->unchanged);
	else
		snprintf(done, sizeof done, "%s", TR("已导入席位",
		    "seats imported"));
	rc = cmd_finish(cli, r, done, done);
out:
	free(adds);
	free(ptrs);
	seatfile_free(&sf);
	return rc;
}

/* yishi body list: prints {"bodies":[...]}. */
int
cmd_body_list(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Page m = YISHI__PAGE__INIT;
	Yishi__Response *r;
	int rc;

	req.op_case = YISHI__REQUEST__OP_BODY_LIST;
	req.body_list = cmd_page(cli, &m, false);
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "议事机构：", "bodies:");
}

/* yishi seat list: prints {"seats":[...]}. */
int
cmd_seat_list(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__BodyRef m = YISHI__BODY_REF__INIT;
	Yishi__Page pg = YISHI__PAGE__INIT;
	Yishi__Response *r;
	char done[128];
	int rc;

	m.body = args_u64(cli, "body");
	m.page = cmd_page(cli, &pg, true);
	req.op_case = YISHI__REQUEST__OP_SEAT_LIST;
	req.seat_list = &m;
	if ((rc = cmd_call_list(cli, &req, &r)) != 0)
		return rc;
	snprintf(done, sizeof done, TR("机构 #%" PRIu64 " 的席位：",
	    "the seats of body #%" PRIu64 ":"), m.body);
	return cmd_finish(cli, r, done, done);
}

/* yishi seat remove. */
int
cmd_seat_remove(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__SeatRemove m = YISHI__SEAT_REMOVE__INIT;
	Yishi__Response *r;
	int rc;

	m.body = args_u64(cli, "body");
	m.identity = (char *)args_str(cli, "identity");
	req.op_case = YISHI__REQUEST__OP_SEAT_REMOVE;
	req.seat_remove = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已移除席位", "seat removed");
}

/* yishi identity disable NAME. */
int
cmd_identity_disable(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__IdentityDisable m = YISHI__IDENTITY_DISABLE__INIT;
	Yishi__Response *r;
	int rc;

	m.name = (char *)cli->pos[0];
	req.op_case = YISHI__REQUEST__OP_IDENTITY_DISABLE;
	req.identity_disable = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, "已停用该身份", "identity disabled");
}

/* yishi calendar set --date D --workday|--holiday. */
int
cmd_calendar_set(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__CalendarSet m = YISHI__CALENDAR_SET__INIT;
	Yishi__Response *r;
	bool work = args_flag(cli, "workday"), hol = args_flag(cli, "holiday");
	int rc;

	if (work == hol)
		return cmd_usage(cli, "须且只能给出 --workday 或 --holiday 之一",
		    "give exactly one of --workday and --holiday");
	m.date = (char *)args_str(cli, "date");
	m.workday = work;
	req.op_case = YISHI__REQUEST__OP_CALENDAR_SET;
	req.calendar_set = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, work ? "已设为工作日" : "已设为休息日",
	    work ? "set as a working day" : "set as a holiday");
}

/* yishi whoami / ping: who the server thinks we are. */
int
cmd_whoami(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping m = YISHI__PING__INIT;
	Yishi__Response *r;
	struct json j;
	int rc;

	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		if (r->result_case == YISHI__RESPONSE__RESULT_WHOAMI)
			render_whoami(&j, "whoami", r->whoami);
		else
			render_any(&j, r);
		json_str(&j, "server", cli->server);
		json_end(&j);
		(void)out_json_print(&j);
	} else if (r->result_case == YISHI__RESPONSE__RESULT_WHOAMI) {
		out_printf(TR("%s：%s%s（服务器协议版本 %u）\n",
		    "%s: %s%s (server protocol version %u)\n"), cli->server,
		    r->whoami->name, r->whoami->admin ? TR("，管理员",
		    ", admin") : "", r->whoami->server_version);
	} else {
		out_printf(TR("%s：连接正常（身份 %s）\n",
		    "%s: reachable (identity %s)\n"), cli->server,
		    yishi_identity_name(cli->conn));
	}
	yishi_response_free(r);
	return EXIT_DONE;
}
