/*
 * cmd_secret.c: a member's part in an encrypted secret vote
 * (docs/ballot.md), in office words: the scrutineer's key (vote key) and
 * count (vote count), the encrypted ballot (vote cast on a secret vote),
 * the chair's void, and what vote open, vote close and watch do for a
 * scrutineer by themselves. The cryptography is libyishi's
 * (yishi_secret_*); the scrutineer's secret lives in the state folder
 * (keyfile.h). The member's choice exists only in this process's memory
 * while it is encrypted: it is sent, journalled and logged nowhere.
 */
#include "cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "args.h"
#include "json.h"
#include "keyfile.h"
#include "out.h"
#include "render.h"

/* Where a secret round is, as vote show gives it. */
struct secret_round {
	uint64_t item;
	uint64_t body;
	uint64_t meeting;
	Yishi__Response *r;	/* vote show's answer */
	const Yishi__Vote *v;	/* r's vote */
};

/* Frees what secret_round_load read. */
static void
secret_round_free(struct secret_round *sr)
{
	yishi_response_free(sr->r);
	sr->r = NULL;
	sr->v = NULL;
}

/* Reads the vote on item afresh (vote show). 0, or the exit code. */
static int
secret_reload(struct cli *cli, struct secret_round *sr)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemRef m = YISHI__ITEM_REF__INIT;
	int rc;

	secret_round_free(sr);
	m.item = sr->item;
	req.op_case = YISHI__REQUEST__OP_VOTE_SHOW;
	req.vote_show = &m;
	if ((rc = cmd_call(cli, &req, &sr->r)) != 0)
		return rc;
	if (sr->r->result_case != YISHI__RESPONSE__RESULT_VOTE) {
		secret_round_free(sr);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
		    "服务器未返回表决", "the server sent no vote"), NULL, NULL,
		    0, NULL);
	}
	sr->v = sr->r->vote;
	return 0;
}

/* Reads item's body, meeting and secret vote. 0, or the exit code (a vote
 * that is not a secret one is refused). */
static int
secret_round_load(struct cli *cli, uint64_t item, struct secret_round *sr)
{
	int rc;

	memset(sr, 0, sizeof *sr);
	sr->item = item;
	if ((rc = cmd_item_info(cli, item, &sr->body, &sr->meeting, NULL,
	    0)) != 0 || (rc = secret_reload(cli, sr)) != 0)
		return rc;
	if (!secret_is(sr->v)) {
		secret_round_free(sr);
		return out_fail(EXIT_RULE, "conflict", TR("该议题的表决不是无记名"
		    "投票", "this item's vote is not a secret ballot"), NULL,
		    NULL, 0, NULL);
	}
	return 0;
}

/* The scrutineer entry of the caller in v, or NULL. */
static const Yishi__Scrutineer *
secret_me(struct cli *cli, const Yishi__Vote *v)
{
	const char *me = yishi_identity_name(cli->conn);
	size_t i;

	for (i = 0; i < v->n_scrutineers; i++)
		if (strcmp(v->scrutineers[i]->member, me) == 0)
			return v->scrutineers[i];
	return NULL;
}

/* Whether v is a secret vote (see secret.h). */
bool
secret_is(const Yishi__Vote *v)
{
	return v != NULL && v->method != NULL &&
	    strcmp(v->method, "secret") == 0;
}

/* The file of the caller's secret for sr's round into path; 0 or -1. */
static int
secret_keyfile(struct cli *cli, const struct secret_round *sr, char *path,
    size_t len)
{
	return keyfile_path(yishi_instance(cli->conn), sr->body, sr->item,
	    sr->v->round, yishi_identity_name(cli->conn), path, len);
}

/* Whether v's round is over (closed or void). */
static bool
secret_over(const Yishi__Vote *v)
{
	return v->state != NULL && (strcmp(v->state, "closed") == 0 ||
	    strcmp(v->state, "void") == 0);
}

/* Deletes the caller's secret of a round that is over (closed or void;
 * a void round no longer lists its scrutineers); whether one was
 * deleted. */
static bool
secret_forget(struct cli *cli, const struct secret_round *sr)
{
	char path[4200];

	if (!secret_over(sr->v) ||
	    secret_keyfile(cli, sr, path, sizeof path) != 0)
		return false;
	return keyfile_remove(path) == 1;
}

/* Forgets the caller's secret of item's round once it is over (see
 * cmd.h). */
void
secret_forget_item(struct cli *cli, const Yishi__Vote *v)
{
	if (secret_is(v) && secret_over(v) && v->round != 0)
		(void)keyfile_forget(yishi_instance(cli->conn), v->item,
		    v->round, yishi_identity_name(cli->conn));
}

/* A refusal of this client's own (no request sent): exit 3 naming rule,
 * or "conflict" with no rule. */
static int
secret_refuse(const char *rule, const char *zh, const char *en)
{
	return out_fail(EXIT_RULE, rule != NULL ? "rule" : "conflict",
	    TR(zh, en), rule, NULL, 0, NULL);
}

/* Prints where the round stands, in office words (one or two lines). */
void
secret_say_state(const Yishi__Vote *v)
{
	const char *st = v->state != NULL ? v->state : "";
	char names[1024];

	if (strcmp(st, "keying") == 0) {
		human_scrutineers_waiting(v, false, names, sizeof names);
		out_printf(TR("等待监票人 %s 生成计票密钥\n",
		    "waiting for the scrutineers %s to make the counting key\n"),
		    names);
	} else if (strcmp(st, "open") == 0) {
		out_printf(TR("计票密钥已生成，正在投票（已投 %u 人，应参加表决 "
		    "%u 人）\n", "the counting key is ready: voting (%u cast, "
		    "electorate %u)\n"), v->cast, v->electorate);
	} else if (strcmp(st, "counting") == 0) {
		human_scrutineers_waiting(v, true, names, sizeof names);
		out_printf(TR("投票已截止（共 %u 票），等待监票人 %s 计票\n",
		    "ballots closed (%u cast), waiting for the scrutineers %s "
		    "to count\n"), v->cast, names);
	} else if (strcmp(st, "closed") == 0) {
		human_result(v);
	} else if (strcmp(st, "void") == 0) {
		out_printf(TR("本轮表决已作废：%s\n", "this round was voided: "
		    "%s\n"), v->void_reason != NULL ? v->void_reason : "");
	} else {
		out_printf("%s\n", human_secret_state(st));
	}
}

/* Prints {"vote": v, "scrutineer": did} (did NULL: left out). */
static void
secret_json(const Yishi__Vote *v, const char *did)
{
	struct json j;

	json_init(&j);
	json_obj(&j, NULL);
	render_vote(&j, "vote", v);
	if (did != NULL)
		json_str(&j, "scrutineer", did);
	json_end(&j);
	(void)out_json_print(&j);
}

/* Publishes the caller's key share of sr's round (see secret.h for the
 * outcomes in *did). 0, or the exit code. */
static int
secret_key_round(struct cli *cli, struct secret_round *sr, const char **did)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteShare m = YISHI__VOTE_SHARE__INIT;
	struct yishi_secret_part part;
	struct yishi_error e;
	const Yishi__Scrutineer *me = secret_me(cli, sr->v);
	Yishi__Response *r;
	uint8_t secret[YISHI_SECRET_LEN], *sig = NULL;
	char path[4200], why[512];
	int rc;

	*did = NULL;
	if (me == NULL)
		return secret_refuse("R-VOTE-10", "您不是本轮无记名投票的监票人，"
		    "不生成计票密钥", "you are not a scrutineer of this secret "
		    "vote: you make no part of its key");
	if (me->share.len > 0) {
		*did = "key_already";
		return 0;
	}
	if (strcmp(sr->v->state, "keying") != 0)
		return secret_refuse(NULL, "本轮表决已不在生成密钥阶段",
		    "this round no longer waits for key shares");
	if (secret_keyfile(cli, sr, path, sizeof path) != 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
		    "没有可用的状态目录保存监票人密钥（请设置 XDG_STATE_HOME 或 "
		    "HOME）", "no state folder to keep the scrutineer's secret "
		    "(set XDG_STATE_HOME or HOME)"), NULL, NULL, 0, NULL);
	if (yishi_secret_share(cli->conn, sr->body, sr->meeting, sr->v, secret,
	    &part, &e) != 0)
		return out_lib_error(&e);
	/* Kept before it is sent: a share published whose secret is lost
	 * leaves the vote uncountable (R-VOTE-11). */
	rc = keyfile_save(path, secret, why, sizeof why);
	OPENSSL_cleanse(secret, sizeof secret);
	if (rc != 0) {
		free(part.bytes);
		free(part.canon);
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, NULL);
	}
	m.item = sr->item;
	m.share.data = part.bytes;
	m.share.len = part.len;
	req.op_case = YISHI__REQUEST__OP_VOTE_KEY;
	req.vote_key = &m;
	if ((rc = cmd_sign(cli, &req, part.canon, part.canonlen, &sig)) == 0)
		rc = cmd_call(cli, &req, &r);
	free(sig);
	free(part.bytes);
	if (rc != 0) {
		/* Refused: the secret serves nothing. Unanswered: the share
		 * may have been taken, keep it. */
		if (rc != EXIT_UNAVAILABLE)
			(void)keyfile_remove(path);
		return rc;
	}
	yishi_response_free(r);
	*did = "key_published";
	return 0;
}

/* Reads every ballot of item (vote_ballots, page after page; more than max
 * is an error) into *rs (the answers, *nr of them) and *bs (pointers into
 * them, *nb). 0, or the exit code. */
static int
secret_ballots(struct cli *cli, uint64_t item, size_t max,
    Yishi__Response ***rs, size_t *nr, Yishi__Ballot ***bs, size_t *nb)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteBallots m = YISHI__VOTE_BALLOTS__INIT;
	Yishi__Response *r, **nrs;
	Yishi__Ballot **nbs;
	char after[512] = "";
	size_t i;
	int rc;

	*rs = NULL;
	*bs = NULL;
	*nr = *nb = 0;
	m.item = item;
	req.op_case = YISHI__REQUEST__OP_VOTE_BALLOTS;
	req.vote_ballots = &m;
	for (;;) {
		m.after = after;
		if ((rc = cmd_call(cli, &req, &r)) != 0)
			return rc;
		if (r->result_case != YISHI__RESPONSE__RESULT_VOTE ||
		    (nrs = realloc(*rs, (*nr + 1) * sizeof *nrs)) == NULL) {
			yishi_response_free(r);
			return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
			    "服务器未返回选票", "the server sent no ballots"),
			    NULL, NULL, 0, NULL);
		}
		*rs = nrs;
		(*rs)[(*nr)++] = r;
		if (r->vote->n_ballots > 0) {
			nbs = realloc(*bs, (*nb + r->vote->n_ballots) *
			    sizeof *nbs);
			if (nbs == NULL)
				return out_fail(EXIT_UNAVAILABLE, "unavailable",
				    TR("内存不足", "out of memory"), NULL, NULL,
				    0, NULL);
			*bs = nbs;
			for (i = 0; i < r->vote->n_ballots; i++)
				(*bs)[(*nb)++] = r->vote->ballots[i];
		}
		if (r->vote->next == NULL || r->vote->next[0] == '\0')
			return 0;
		/* Each page must move on, and no more ballots come than were
		 * cast, or the server is looping us. */
		if (r->vote->n_ballots == 0 || *nb > max ||
		    strcmp(r->vote->next, after) == 0 ||
		    strlen(r->vote->next) >= sizeof after)
			return out_fail(EXIT_UNAVAILABLE, "unavailable", TR(
			    "服务器返回的选票分页不前进", "the server's ballot "
			    "pages do not move on"), NULL, NULL, 0, NULL);
		snprintf(after, sizeof after, "%s", r->vote->next);
	}
}

/* Frees what secret_ballots read. */
static void
secret_ballots_free(Yishi__Response **rs, size_t nr, Yishi__Ballot **bs)
{
	size_t i;

	for (i = 0; i < nr; i++)
		yishi_response_free(rs[i]);
	free(rs);
	free(bs);
}

/* Publishes the caller's decryption share of sr's round from every ballot
 * (see secret.h for *did). 0, or the exit code. */
static int
secret_count_round(struct cli *cli, struct secret_round *sr,
    const char **did)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteShare m = YISHI__VOTE_SHARE__INIT;
	struct yishi_secret_part part;
	struct yishi_error e;
	const Yishi__Scrutineer *me = secret_me(cli, sr->v);
	Yishi__Response *r, **rs = NULL;
	Yishi__Ballot **bs = NULL;
	uint8_t secret[KEYFILE_SECRET], *sig = NULL;
	char path[4200], why[512];
	size_t nr = 0, nb = 0;
	int rc, k;

	*did = NULL;
	if (me == NULL)
		return secret_refuse("R-VOTE-10", "您不是本轮无记名投票的监票人，"
		    "不参与计票", "you are not a scrutineer of this secret vote: "
		    "you take no part in its count");
	if (strcmp(sr->v->state, "closed") == 0 ||
	    strcmp(sr->v->state, "void") == 0) {
		(void)secret_forget(cli, sr);
		*did = "over";
		return 0;
	}
	if (me->dshare.len > 0) {
		*did = "count_already";
		return 0;
	}
	if (strcmp(sr->v->state, "counting") != 0)
		return secret_refuse(NULL, "投票尚未截止，不能计票（由主持人结束"
		    "表决）", "the ballots are not closed yet: nothing to count "
		    "(the chair closes the vote)");
	if (secret_keyfile(cli, sr, path, sizeof path) != 0 ||
	    (k = keyfile_load(path, secret, why, sizeof why)) == 0)
		return secret_refuse("R-VOTE-11", "本机没有您本轮的计票密钥（已"
		    "丢失或不在此设备上），无法计票：请主持人作废本轮表决，并由在场"
		    "的监票人重新表决", "your secret for this round is not on "
		    "this machine (lost, or kept elsewhere): it cannot be "
		    "counted; the chair voids this round and the vote is taken "
		    "again with scrutineers present");
	if (k < 0)
		return out_fail(EXIT_UNAVAILABLE, "unavailable", why, NULL,
		    NULL, 0, NULL);
	if ((rc = secret_ballots(cli, sr->item, sr->v->cast, &rs, &nr,
	    &bs, &nb)) != 0)
		goto out;
	if (yishi_secret_dshare(cli->conn, sr->body, sr->meeting, sr->v, bs,
	    nb, secret, &part, &e) != 0) {
		if (e.code == YISHI_E_ARG)
			rc = secret_refuse("R-VOTE-11", "本机保存的计票密钥与您"
			    "发布的密钥份额不符，无法计票：请主持人作废本轮表决并"
			    "重新表决", "the secret kept here is not the one of "
			    "the key share you published: it cannot be counted; "
			    "the chair voids this round and the vote is taken "
			    "again");
		else if (e.code == YISHI_E_FORGED)
			rc = out_fail(EXIT_TAMPERED, "tampered", TR("服务器提供的"
			    "选票或计票密钥不成立，已拒绝计票（未提交计票份额）",
			    "the ballots or the key the server offered do not "
			    "hold: nothing was counted or sent"), NULL, NULL, 0,
			    e.message);
		else
			rc = out_lib_error(&e);
		goto out;
	}
	m.item = sr->item;
	m.share.data = part.bytes;
	m.share.len = part.len;
	req.op_case = YISHI__REQUEST__OP_VOTE_DECRYPT;
	req.vote_decrypt = &m;
	if ((rc = cmd_sign(cli, &req, part.canon, part.canonlen, &sig)) == 0)
		rc = cmd_call(cli, &req, &r);
	free(sig);
	free(part.bytes);
	if (rc == 0) {
		yishi_response_free(r);
		*did = "count_published";
	}
out:
	OPENSSL_cleanse(secret, sizeof secret);
	secret_ballots_free(rs, nr, bs);
	return rc;
}

/* The caller's part, as a scrutineer, in item's secret vote now (see
 * secret.h). */
int
secret_act(struct cli *cli, uint64_t item, const char *want,
    const char **did, Yishi__Vote **after)
{
	struct secret_round sr;
	bool any;
	int lock, rc;

	*did = NULL;
	if (after != NULL)
		*after = NULL;
	/* One scrutineer's client acts at a time in this state folder. */
	lock = keyfile_lock();
	if ((rc = secret_round_load(cli, item, &sr)) != 0)
		goto out;
	any = strcmp(want, "any") == 0 && secret_me(cli, sr.v) != NULL;
	if (strcmp(want, "key") == 0 || (any &&
	    strcmp(sr.v->state, "keying") == 0))
		rc = secret_key_round(cli, &sr, did);
	else if (strcmp(want, "count") == 0 || (any &&
	    strcmp(sr.v->state, "counting") == 0))
		rc = secret_count_round(cli, &sr, did);
	else if (secret_forget(cli, &sr))
		*did = "forgotten";
	if (rc == 0 && *did != NULL && strstr(*did, "published") != NULL)
		rc = secret_reload(cli, &sr);
	if (rc == 0 && sr.v != NULL) {
		/* What it was for: forget the secret once it is over. */
		if (secret_forget(cli, &sr) && *did == NULL)
			*did = "forgotten";
		if (after != NULL) {
			*after = sr.r->vote;
			sr.r->vote = NULL;
			sr.r->result_case = YISHI__RESPONSE__RESULT__NOT_SET;
		}
	}
	secret_round_free(&sr);
out:
	keyfile_unlock(lock);
	return rc;
}

/* One line for what a scrutineer's client did by itself (see secret.h). */
void
secret_say_did(uint64_t item, const char *did)
{
	struct json j;

	if (did == NULL || strstr(did, "_published") == NULL)
		return;
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, "scrutineer");
		json_u64(&j, "item", item);
		json_str(&j, "did", did);
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
		return;
	}
	if (strcmp(did, "key_published") == 0)
		out_printf(TR("监票人：已生成计票密钥（议题 #%" PRIu64 "）\n",
		    "scrutineer: counting key made (item #%" PRIu64 ")\n"),
		    item);
	else if (strcmp(did, "count_published") == 0)
		out_printf(TR("监票人：已提交计票份额（议题 #%" PRIu64 "）\n",
		    "scrutineer: count share submitted (item #%" PRIu64 ")\n"),
		    item);
}

/* yishi vote key --item I: the scrutineer makes and publishes their part
 * of the counting key. */
int
cmd_vote_key(struct cli *cli)
{
	uint64_t item = args_u64(cli, "item");
	const char *did;
	Yishi__Vote *v;
	int rc;

	if ((rc = secret_act(cli, item, "key", &did, &v)) != 0)
		return rc;
	if (out_is_json()) {
		secret_json(v, did);
	} else {
		if (strcmp(did, "key_already") == 0)
			out_printf("%s\n", TR("您已生成过本轮的计票密钥，无需重复",
			    "you already made your part of this round's "
			    "counting key"));
		else
			out_printf("%s\n", TR("监票人：已生成计票密钥",
			    "scrutineer: counting key made"));
		secret_say_state(v);
	}
	yishi__vote__free_unpacked(v, NULL);
	return EXIT_DONE;
}

/* yishi vote count --item I: the scrutineer counts (decrypts their share
 * of the sum of every ballot, each checked). */
int
cmd_vote_count(struct cli *cli)
{
	uint64_t item = args_u64(cli, "item");
	const char *did;
	Yishi__Vote *v;
	int rc;

	if ((rc = secret_act(cli, item, "count", &did, &v)) != 0)
		return rc;
	if (out_is_json()) {
		secret_json(v, did);
	} else {
		if (strcmp(did, "count_already") == 0)
			out_printf("%s\n", TR("您已提交过本轮的计票份额，无需重复",
			    "you already submitted your part of this round's "
			    "count"));
		else if (strcmp(did, "count_published") == 0)
			out_printf("%s\n", TR("监票人：已提交计票份额",
			    "scrutineer: count share submitted"));
		else
			out_printf("%s\n", TR("本轮表决已结束",
			    "this round is over"));
		secret_say_state(v);
	}
	yishi__vote__free_unpacked(v, NULL);
	return EXIT_DONE;
}

/* yishi vote cast on a secret vote: encrypts the choice under the key the
 * scrutineers made (checked first) and sends the ballot, signed. */
int
secret_cast(struct cli *cli, uint64_t item, const char *choice)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__VoteCast m = YISHI__VOTE_CAST__INIT;
	struct yishi_secret_part part;
	struct secret_round sr;
	struct yishi_error e;
	Yishi__Response *r;
	uint8_t *sig = NULL;
	int rc;

	if ((rc = secret_round_load(cli, item, &sr)) != 0)
		return rc;
	if (strcmp(sr.v->state, "keying") == 0) {
		char names[1024], zh[1400], en[1400];

		human_scrutineers_waiting(sr.v, false, names, sizeof names);
		snprintf(zh, sizeof zh, "监票人尚未全部生成密钥（尚缺 %s），暂不"
		    "能投票", names);
		snprintf(en, sizeof en, "the scrutineers have not all made the "
		    "counting key (waiting for %s): you cannot vote yet", names);
		secret_round_free(&sr);
		return secret_refuse(NULL, zh, en);
	}
	if (strcmp(sr.v->state, "open") != 0) {
		secret_round_free(&sr);
		return secret_refuse(NULL, "本轮无记名投票未在投票中，不能投票",
		    "this secret vote is not taking ballots");
	}
	if (yishi_secret_ballot(cli->conn, sr.body, sr.meeting, sr.v, choice,
	    &part, &e) != 0) {
		secret_round_free(&sr);
		if (e.code != YISHI_E_FORGED)
			return out_lib_error(&e);
		return out_fail(EXIT_TAMPERED, "tampered", TR("服务器提供的计票"
		    "密钥不是监票人生成的，已拒绝投票（选票未加密、未发送）",
		    "the server offered a counting key the scrutineers did not "
		    "make: no ballot was encrypted or sent"), NULL, NULL, 0,
		    e.message);
	}
	secret_round_free(&sr);
	m.item = item;
	m.ballot.data = part.bytes;
	m.ballot.len = part.len;
	req.op_case = YISHI__REQUEST__OP_VOTE_CAST;
	req.vote_cast = &m;
	if ((rc = cmd_sign(cli, &req, part.canon, part.canonlen, &sig)) == 0) {
		/* The server may answer that it could not check the proofs
		 * yet (a key just completed): the same ballot again. */
		cli->resend = true;
		rc = cmd_call(cli, &req, &r);
		cli->resend = false;
	}
	free(sig);
	free(part.bytes);
	if (rc != 0)
		return rc;
	if (out_is_json()) {
		/* The choice stays on the member's own terminal only. */
		if (r->result_case == YISHI__RESPONSE__RESULT_VOTE)
			secret_json(r->vote, NULL);
		else
			return cmd_finish(cli, r, "", "");
	} else {
		out_printf("%s\n", TR("已投票（无记名）", "secret ballot cast"));
	}
	yishi_response_free(r);
	return EXIT_DONE;
}

/* The caller's part as a scrutineer after the chair's own step (open,
 * close) succeeded: a failure of that part is said on stderr and the
 * round is read as it stands, so the chair's command still succeeds. 0,
 * or the exit code when even the vote cannot be read. */
static int
secret_act_after(struct cli *cli, uint64_t item, const char **did,
    Yishi__Vote **v)
{
	struct out_capture cap, *outer;
	int rc;

	outer = out_capture_swap(NULL);
	out_capture(&cap);
	rc = secret_act(cli, item, "any", did, v);
	out_capture_swap(outer);
	if (rc == 0)
		return 0;
	fprintf(stderr, TR("监票人：未能完成（议题 #%" PRIu64 "）：%s\n",
	    "scrutineer: could not act (item #%" PRIu64 "): %s\n"), item,
	    cap.message);
	return secret_act(cli, item, "none", did, v);
}

/* After vote open of a secret vote: publishes the caller's share when
 * they are a scrutineer, then says where the round stands. */
int
secret_opened(struct cli *cli, uint64_t item)
{
	const char *did = NULL;
	Yishi__Vote *v = NULL;
	int rc;

	if ((rc = secret_act_after(cli, item, &did, &v)) != 0)
		return rc;
	if (out_is_json()) {
		secret_json(v, did);
	} else {
		out_printf("%s\n", TR("开始表决（无记名投票）",
		    "vote opened (secret ballot)"));
		secret_say_did(item, did);
		secret_say_state(v);
	}
	yishi__vote__free_unpacked(v, NULL);
	return EXIT_DONE;
}

/* After vote close answered that the round is counting: counts when the
 * caller is a scrutineer, then waits (--wait) or says who it waits for. */
int
secret_closing(struct cli *cli, uint64_t item, bool wait)
{
	const char *did = NULL;
	Yishi__Vote *v = NULL;
	struct json j;
	int rc;

	if ((rc = secret_act_after(cli, item, &did, &v)) != 0)
		return rc;
	if (!out_is_json())
		secret_say_did(item, did);
	while (wait && strcmp(v->state, "counting") == 0) {
		sleep(1);
		yishi__vote__free_unpacked(v, NULL);
		v = NULL;
		if ((rc = secret_act(cli, item, "none", &did, &v)) != 0)
			return rc;
	}
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		if (strcmp(v->state, "closed") == 0)
			render_result(&j, "result", v);
		else
			render_vote(&j, "vote", v);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		secret_say_state(v);
	}
	yishi__vote__free_unpacked(v, NULL);
	return EXIT_DONE;
}

/* yishi vote void --item I --reason R: the chair voids a secret round
 * that cannot be counted (R-VOTE-11). */
int
cmd_vote_void(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__ItemText m = YISHI__ITEM_TEXT__INIT;
	Yishi__Response *r;
	int rc;

	m.item = args_u64(cli, "item");
	m.text = (char *)args_str(cli, "reason");
	req.op_case = YISHI__REQUEST__OP_VOTE_VOID;
	req.vote_void = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	if (r->result_case == YISHI__RESPONSE__RESULT_VOTE)
		secret_forget_item(cli, r->vote);
	if (!out_is_json()) {
		out_printf("%s\n", TR("本轮表决已作废，可重新表决",
		    "this round is void: the vote may be taken again"));
		yishi_response_free(r);
		return EXIT_DONE;
	}
	return cmd_finish(cli, r, "", "");
}
