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
#include "render.h"

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

/* Pings the server after a quiet spell; 0, or the exit code of the failure
 * (the connection is gone: said on stderr). Events that arrive meanwhile
 * are kept for yishi_next_event. */
static int
watch_keepalive(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Ping ping = YISHI__PING__INIT;
	Yishi__Response *r;
	int rc;

	req.op_case = YISHI__REQUEST__OP_PING;
	req.ping = &ping;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	yishi_response_free(r);
	return 0;
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

/* yishi watch --meeting M: prints events until SIGINT (exit 0), or until
 * the server ends the watch (exit 4). */
int
cmd_watch(struct cli *cli)
{
	Yishi__Request req = YISHI__REQUEST__INIT;
	Yishi__Watch m = YISHI__WATCH__INIT;
	struct sigaction sa, old_int, old_term;
	struct yishi_error e;
	Yishi__Response *r;
	Yishi__Event *ev;
	struct json j;
	time_t quiet_since;
	int rc, n;

	m.meeting = args_u64(cli, "meeting");
	req.op_case = YISHI__REQUEST__OP_WATCH;
	req.watch = &m;
	if ((rc = cmd_call(cli, &req, &r)) != 0)
		return rc;
	yishi_response_free(r);
	if (!out_is_json()) {
		out_printf(TR("正在关注会议 #%llu 的事件（Ctrl-C 结束）\n",
		    "watching meeting #%llu (Ctrl-C to stop)\n"),
		    (unsigned long long)m.meeting);
		fflush(stdout);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watch_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: poll() returns EINTR */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = EXIT_DONE;
	quiet_since = watch_now();
	while (!watch_stop) {
		n = yishi_next_event(cli->conn, &ev, 1000, &e);
		if (n == 0) {
			if (watch_now() - quiet_since < WATCH_KEEPALIVE_S)
				continue;
			if ((rc = watch_keepalive(cli)) != 0)
				break;
			quiet_since = watch_now();
			continue;
		}
		if (n < 0) {
			if (e.code == YISHI_E_INTERRUPTED)
				continue;
			rc = out_lib_error(&e);
			break;
		}
		if (ev->kind != NULL && strcmp(ev->kind, "revoked") == 0) {
			rc = watch_revoked(ev);
			yishi_event_free(ev);
			break;
		}
		if (out_is_json()) {
			json_init(&j);
			json_obj(&j, NULL);
			render_event(&j, "event", ev);
			json_end(&j);
			(void)out_json_print(&j);
		} else {
			human_event(ev);
		}
		fflush(stdout);
		/* A scrutineer's client acts by itself (docs/ballot.md). */
		if (watch_secret_event(cli, ev))
			watch_secret_act(cli, ev);
		fflush(stdout);
		yishi_event_free(ev);
		quiet_since = watch_now();
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
