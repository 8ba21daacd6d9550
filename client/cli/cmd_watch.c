/* cmd_watch.c: yishi watch, events of a meeting as they happen. */
#include "cmd.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "json.h"
#include "out.h"
#include "render_watch.h"

/* Seconds without an event before the watcher pings: the server keeps a
 * watcher past idle_timeout, but only an answer tells the watcher that the
 * server and the path to it are still there. */
#define WATCH_KEEPALIVE_S 30

static volatile sig_atomic_t watch_stop;

/* Monotonic seconds. */
static time_t
watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Pings the server after a quiet spell: only an answer tells the watcher
 * that the server and the path to it are still there. A failure leaves the
 * connection broken, which the follow mends by reconnecting (events that
 * arrive meanwhile are kept for yishi_follow_next). */
static void
watch_keepalive(struct yishi_follow *f)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	struct yishi_conn *c = yishi_follow_conn(f);
	Yishi__Response *r;

	if (c == NULL)
		return;
	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	if (yishi_call(c, &req, &r, NULL) == 0)
		yishi_response_free(r);
}

/* Says on stderr that the connection was lost and when the next attempt
 * is (attempt 0: the watch was resumed). */
static void
watch_note(int attempt, int delay_ms, const struct yishi_error *why,
    void *arg)
{
	const uint64_t *meeting = arg;

	(void)why;
	if (attempt == 0)
		fprintf(stderr, TR("已重新连接，继续关注会议 #%" PRIu64 "\n",
		    "reconnected: watching meeting #%" PRIu64 " again\n"),
		    *meeting);
	else
		fprintf(stderr, TR("与服务器的连接中断，第 %d 次重连"
		    "（%.1f 秒后）…\n", "the connection to the server was "
		    "lost: reconnect attempt %d (in %.1f s)...\n"), attempt,
		    delay_ms / 1000.0);
	fflush(stderr);
}

/* Asks the watch loop to end. */
static void
watch_on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

/* The server ended the watch (its last event, kind "revoked"): says why
 * and returns the exit code (4: the permission is gone). */
static int
watch_revoked(const Yishi__Event *ev)
{
	const char *why = ev->detail != NULL ? ev->detail : "";
	const char *msg;

	if (strcmp(why, "identity_disabled") == 0)
		msg = TR("您的身份已被停用，关注已结束",
		    "your identity was disabled: the watch has ended");
	else if (strcmp(why, "seat_changed") == 0)
		msg = TR("您在该机构的席位已不能查看议事过程，关注已结束",
		    "your seat in this body no longer reads its deliberation: "
		    "the watch has ended");
	else
		msg = TR("您在该机构的席位已被撤销，关注已结束",
		    "your seat in this body was removed: the watch has ended");
	return out_fail(EXIT_PERMISSION, "permission", msg, NULL, NULL, 0,
	    NULL);
}

/* Whether the comma-separated list names me. */
static bool
watch_names(const char *list, const char *me)
{
	size_t n = strlen(me);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, me, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		if ((p = strchr(p, ',')) != NULL)
			p++;
	}
	return false;
}

/* Whether ev may call for the watcher's part as a scrutineer of a secret
 * vote (docs/ballot.md): a round waiting for the key shares or the count
 * shares of the scrutineers its detail names (all of them when it names
 * none), or a round that is over (the secret is forgotten). */
static bool
watch_secret_event(struct cli *cli, const Yishi__Event *ev)
{
	const char *d = ev->detail != NULL ? ev->detail : "";

	if (ev->item == 0 || ev->kind == NULL)
		return false;
	if (strcmp(ev->kind, "vote_keying") == 0 ||
	    strcmp(ev->kind, "vote_counting") == 0)
		return d[0] == '\0' ||
		    watch_names(d, yishi_identity_name(cli->conn));
	return strcmp(ev->kind, "vote_closed") == 0 ||
	    strcmp(ev->kind, "vote_void") == 0;
}

/* Does the watcher's part, as a scrutineer, in the secret vote ev is
 * about (cmd_secret.c: the key share at keying, the count at counting,
 * the secret forgotten once it is over) and says so in one line. A
 * failure is said on stderr; the watch goes on. */
static void
watch_secret_act(struct cli *cli, const Yishi__Event *ev)
{
	struct out_capture cap, *outer;
	const char *did = NULL;
	int rc;

	outer = out_capture_swap(NULL);
	out_capture(&cap);
	rc = secret_act(cli, ev->item, "any", &did, NULL);
	out_capture_swap(outer);
	if (rc == 0) {
		secret_say_did(ev->item, did);
		return;
	}
	/* Not a secret vote: nothing to say. */
	if (strcmp(cap.code, "conflict") == 0)
		return;
	fprintf(stderr, TR("监票人：未能完成（议题 #%" PRIu64 "）：%s\n",
	    "scrutineer: could not act (item #%" PRIu64 "): %s\n"), ev->item,
	    cap.message);
}

/* Prints one event (a line of text, or a JSON object). */
static void
watch_print(struct yishi_follow *f, const Yishi__Event *ev)
{
	const Yishi__Watching *w = yishi_follow_snapshot(f);
	struct json j;

	if (out_is_json()) {
		json_init(&j);
		render_watch_event(&j, ev);
		(void)out_json_print(&j);
	} else {
		human_watch_line(ev, w != NULL ? w->meeting : NULL);
	}
	fflush(stdout);
}

/* Starts following the meeting and prints its snapshot. Returns 0 with
 * *out, or the exit code of the failure (said). */
static int
watch_begin(struct cli *cli, uint64_t meeting, struct yishi_follow **out)
{
	Yishi__Response *refused = NULL;
	struct yishi_error e;
	struct json j;
	int rc;

	if (cli->identity == NULL)
		return out_fail(EXIT_USAGE, "usage", TR(
		    "未指定身份目录：请用 --identity DIR 或环境变量 "
		    "YISHI_IDENTITY", "no identity folder: give "
		    "--identity DIR or set YISHI_IDENTITY"), NULL, NULL, 0,
		    NULL);
	rc = yishi_follow_start(cli->server, cli->identity, cli->timeout,
	    meeting, cli->lang == CLI_EN ? YISHI__LANG__LANG_EN :
	    YISHI__LANG__LANG_ZH, out, &refused, &e);
	if (rc == 1) {
		rc = out_response_error(refused);
		yishi_response_free(refused);
		return rc;
	}
	if (rc != 0)
		return out_lib_error(&e);
	if (out_is_json()) {
		json_init(&j);
		render_watch_snapshot(&j, yishi_follow_snapshot(*out));
		(void)out_json_print(&j);
	} else {
		human_watch_snapshot(yishi_follow_snapshot(*out));
		out_printf(TR("正在关注会议 #%" PRIu64 " 的事件（Ctrl-C 结束）\n",
		    "watching meeting #%" PRIu64 " (Ctrl-C to stop)\n"),
		    meeting);
	}
	fflush(stdout);
	return 0;
}

/* yishi watch --meeting M: prints the meeting as it stands, then its events
 * as they happen, reconnecting when the connection is lost, until SIGINT or
 * SIGTERM (exit 0), or until the server ends the watch or refuses to resume
 * it (exit 4 when the permission is gone). */
int
cmd_watch(struct cli *cli)
{
	struct sigaction sa, old_int, old_term;
	struct yishi_follow *f = NULL;
	struct yishi_error e;
	Yishi__Event *ev;
	uint64_t meeting;
	time_t quiet_since;
	int rc, n;

	meeting = args_u64(cli, "meeting");
	if ((rc = watch_begin(cli, meeting, &f)) != 0)
		return rc;
	yishi_follow_set_note(f, watch_note, &meeting);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watch_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: poll() returns EINTR */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = EXIT_DONE;
	quiet_since = watch_now();
	while (!watch_stop) {
		n = yishi_follow_next(f, &ev, 1000, &e);
		if (n == 0) {
			if (watch_now() - quiet_since >= WATCH_KEEPALIVE_S) {
				watch_keepalive(f);
				quiet_since = watch_now();
			}
			continue;
		}
		if (n == 2) {
			/* Resumed: the events it missed come next. */
			quiet_since = watch_now();
			continue;
		}
		if (n < 0) {
			if (e.code == YISHI_E_INTERRUPTED)
				continue;
			rc = yishi_follow_refusal(f) != NULL ?
			    out_response_error(yishi_follow_refusal(f)) :
			    out_lib_error(&e);
			break;
		}
		if (ev->kind != NULL && strcmp(ev->kind, "revoked") == 0) {
			rc = watch_revoked(ev);
			yishi_event_free(ev);
			break;
		}
		watch_print(f, ev);
		/* A scrutineer's client acts by itself (docs/ballot.md), on
		 * the connection the follow uses. */
		cli->conn = yishi_follow_conn(f);
		if (cli->conn != NULL && watch_secret_event(cli, ev))
			watch_secret_act(cli, ev);
		cli->conn = NULL;
		fflush(stdout);
		yishi_event_free(ev);
		quiet_since = watch_now();
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	cli->conn = NULL;
	yishi_follow_close(f);
	return rc;
}
