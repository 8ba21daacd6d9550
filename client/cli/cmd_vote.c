/* cmd_vote.c: deliberation and votes. */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "render.h"
#include "sign.h"

/* yishi state --item I --position P [--text T]: a member's statement. */
int
cmd_state(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__State m = YISHI__STATE__INIT;
	Yishi__Response *r;
	char done[256];
	uint64_t body, meeting;
	uint8_t *sig = NULL;
	char *canon;
	size_t len = 0;
	int rc;

	m.item = args_u64(cli, "item");
	m.position = (char *)args_str(cli, "position");
	if (args_str(cli, "text") != NULL)
		m.text = (char *)args_str(cli, "text");
	req.op_case = YISHI__REQUEST__OP_STATE;
	req.state = &m;
	/* The statement is signed with the member's own key (R-ENF-5). */
	if ((rc = cmd_item_info(cli, m.item, &body, &meeting, NULL, 0)) != 0)
		return rc;
	canon = sign_canon_statement(yishi_instance(cli->conn), body, meeting,
	    m.item, yishi_identity_name(cli->conn), m.position, m.text, &len);
	if ((rc = cmd_sign(cli, &req, canon, len, &sig)) != 0)
		return rc;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	snprintf(done, sizeof done, TR("已表态：%s", "statement recorded: %s"),
	    out_word(m.position));
	return cmd_finish(cli, r, done, done);
}

/* yishi item decide --text T / item defer --reason R. */
int
cmd_item_text(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemText m = YISHI__ITEM_TEXT__INIT;
	Yishi__Response *r;
	bool decide = strcmp(cli->cmd->name, "decide") == 0;
	int rc;

	m.item = args_u64(cli, "item");
	m.text = (char *)args_str(cli, decide ? "text" : "reason");
	if (decide) {
		req.op_case = YISHI__REQUEST__OP_ITEM_DECIDE;
		req.item_decide = &m;
	} else {
		req.op_case = YISHI__REQUEST__OP_ITEM_DEFER;
		req.item_defer = &m;
	}
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	return cmd_finish(cli, r, decide ? "已作出结论" : "议题已暂缓",
	    decide ? "item decided" : "item deferred");
}

/* Splits the comma-separated names of --scrutineers into m (pointers
 * into buf). 0, or the exit code of a usage error. */
static int
cmd_vote_scrutineers(struct cli *cli, Yishi__VoteOpen *m, char *buf,
    size_t buflen, char **names, size_t max)
{
	const char *arg = args_str(cli, "scrutineers");
	char *p, *save = NULL;

	if (arg == NULL)
		return 0;
	if (strcmp(m->method, "secret") != 0)
		return cmd_usage(cli, "只有无记名投票设监票人（--scrutineers）",
		    "only a secret ballot has scrutineers (--scrutineers)");
	if (strlen(arg) >= buflen)
		return cmd_usage(cli, "监票人名单过长",
		    "the list of scrutineers is too long");
	snprintf(buf, buflen, "%s", arg);
	for (p = strtok_r(buf, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			continue;
		if (m->n_scrutineers == max)
			return cmd_usage(cli, "监票人过多", "too many scrutineers");
		names[m->n_scrutineers++] = p;
	}
	m->scrutineers = names;
	return 0;
}

/* yishi vote open --item I --method M [--scrutineers a,b]. */
int
cmd_vote_open(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteOpen m = YISHI__VOTE_OPEN__INIT;
	Yishi__Response *r;
	char done[256], buf[2048], *names[32];
	int rc;

	m.item = args_u64(cli, "item");
	m.method = (char *)args_str(cli, "method");
	if ((rc = cmd_vote_scrutineers(cli, &m, buf, sizeof buf, names,
	    sizeof names / sizeof names[0])) != 0)
		return rc;
	req.op_case = YISHI__REQUEST__OP_VOTE_OPEN;
	req.vote_open = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (strcmp(m.method, "secret") == 0) {
		/* A scrutineer who opens makes their part of the key now. */
		yishi_response_free(r);
		return secret_opened(cli, m.item);
	}
	snprintf(done, sizeof done, TR("开始表决（%s）", "vote opened (%s)"),
	    out_word(m.method));
	return cmd_finish(cli, r, done, done);
}

/* The method of item's vote (vote show) into method, "" when there is
 * none. 0, or the exit code of a failure other than "no vote". */
static int
cmd_vote_method(struct cli *cli, uint64_t item, char *method, size_t len)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	struct out_capture cap, *outer;
	Yishi__Response *r;
	int rc;

	m.item = item;
	req.op_case = YISHI__REQUEST__OP_VOTE_SHOW;
	req.vote_show = &m;
	outer = out_capture_swap(NULL);
	out_capture(&cap);
	rc = cmd_call(cli, &req, &r);
	out_capture_swap(outer);
	if (rc != 0)
		return rc == EXIT_UNAVAILABLE ? out_fail(rc, cap.code,
		    cap.message, NULL, NULL, 0, NULL) : 0;
	if (r->result_case == YISHI__RESPONSE__RESULT_VOTE &&
	    r->vote->method != NULL)
		snprintf(method, len, "%s", r->vote->method);
	yishi_response_free(r);
	return 0;
}

/* yishi vote cast --item I --choice C [--for NAME]. */
int
cmd_vote_cast(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteCast m = YISHI__VOTE_CAST__INIT;
	Yishi__Response *r;
	char done[256], method[32];
	const char *me;
	uint64_t body, meeting;
	uint8_t *sig = NULL;
	char *canon;
	size_t len = 0;
	int rc;

	m.item = args_u64(cli, "item");
	m.choice = (char *)args_str(cli, "choice");
	if (args_str(cli, "for") != NULL)
		m.for_member = (char *)args_str(cli, "for");
	req.op_case = YISHI__REQUEST__OP_VOTE_CAST;
	req.vote_cast = &m;
	if ((rc = cmd_item_info(cli, m.item, &body, &meeting, method,
	    sizeof method)) != 0)
		return rc;
	/* The item names no method: ask the vote itself, so that a choice
	 * is never sent in clear to a secret vote. */
	if (method[0] == '\0' && (rc = cmd_vote_method(cli, m.item, method,
	    sizeof method)) != 0)
		return rc;
	/* A secret ballot is encrypted by the member's own client and
	 * signed over its ciphertext: the choice is never sent. */
	if (strcmp(method, "secret") == 0) {
		if (m.for_member[0] != '\0')
			return cmd_usage(cli, "无记名投票只能由本人投出，不能代为录入",
			    "a secret ballot is cast by the member only, never "
			    "entered for them");
		return secret_cast(cli, m.item, m.choice);
	}
	/* An open vote is signed by whoever casts it (the recorder for an
	 * entered one). */
	me = yishi_identity_name(cli->conn);
	canon = sign_canon_vote(yishi_instance(cli->conn), body, meeting,
	    m.item, m.for_member[0] != '\0' ? m.for_member : me, m.choice,
	    m.for_member[0] != '\0' ? me : "", &len);
	if ((rc = cmd_sign(cli, &req, canon, len, &sig)) != 0)
		return rc;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	if (m.for_member[0] != '\0')
		snprintf(done, sizeof done, TR("已代 %s 录入：%s",
		    "entered for %s: %s"), m.for_member, out_word(m.choice));
	else
		snprintf(done, sizeof done, TR("已投票：%s", "vote cast: %s"),
		    out_word(m.choice));
	if (!out_is_json() && r->result_case == YISHI__RESPONSE__RESULT_VOTE) {
		out_printf("%s\n", done);	/* the tally is vote show's */
		yishi_response_free(r);
		return EXIT_DONE;
	}
	return cmd_finish(cli, r, done, done);
}

/* yishi vote close --item I; prints {"result":{...}}. */
int
cmd_vote_close(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	Yishi__Response *r;
	struct json j;
	int rc;

	m.item = args_u64(cli, "item");
	req.op_case = YISHI__REQUEST__OP_VOTE_CLOSE;
	req.vote_close = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case != YISHI__RESPONSE__RESULT_VOTE)
		return cmd_finish(cli, r, "表决已结束", "vote closed");
	if (secret_is(r->vote) && r->vote->state != NULL &&
	    strcmp(r->vote->state, "counting") == 0) {
		/* Decrypted only when every scrutineer has counted. */
		yishi_response_free(r);
		return secret_closing(cli, m.item, args_flag(cli, "wait"));
	}
	secret_forget_item(cli, r->vote);	/* closed at once */
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		render_result(&j, "result", r->vote);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		human_result(r->vote);
	}
	yishi_response_free(r);
	return EXIT_DONE;
}

/* yishi vote show --item I; prints {"vote":{...}}. */
int
cmd_vote_show(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	req.op_case = YISHI__REQUEST__OP_VOTE_SHOW;
	req.vote_show = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case == YISHI__RESPONSE__RESULT_VOTE)
		secret_forget_item(cli, r->vote);	/* once it is over */
	if (!out_is_json() && r->result_case == YISHI__RESPONSE__RESULT_VOTE) {
		human_vote(r->vote);
		yishi_response_free(r);
		return EXIT_DONE;
	}
	return cmd_finish(cli, r, "", "");
}

/* yishi dissent file --item I --text T [--reported-to-higher]. */
int
cmd_dissent_file(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Dissent m = YISHI__DISSENT__INIT;
	Yishi__Response *r;
	uint64_t body, meeting;
	uint8_t *sig = NULL;
	char *canon;
	size_t len = 0;
	int rc;

	m.item = args_u64(cli, "item");
	m.text = (char *)args_str(cli, "text");
	m.reported_to_higher = args_flag(cli, "reported-to-higher");
	req.op_case = YISHI__REQUEST__OP_DISSENT_FILE;
	req.dissent_file = &m;
	/* A reserved opinion is signed by its author (R-ENF-5). */
	if ((rc = cmd_item_info(cli, m.item, &body, &meeting, NULL, 0)) != 0)
		return rc;
	canon = sign_canon_dissent(yishi_instance(cli->conn), body, meeting,
	    m.item, yishi_identity_name(cli->conn), m.text,
	    m.reported_to_higher, &len);
	if ((rc = cmd_sign(cli, &req, canon, len, &sig)) != 0)
		return rc;
	rc = cmd_call(cli, &req, &r);
	free(sig);
	if (rc != 0)
		return rc;
	return cmd_finish(cli, r, "已登记保留意见", "reserved opinion filed");
}
