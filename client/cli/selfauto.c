/* selfauto.c: the member's check of its own record, made by the CLI by
 * itself after a signed request (see selfauto.h). */
#include "selfauto.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "heads.h"
#include "journal.h"
#include "json.h"
#include "out.h"
#include "self.h"

#define SELFAUTO_HOURS 24		/* the default interval */
#define SELFAUTO_MAX_HOURS 876000	/* a hundred years */

/* The interval between two checks, in seconds, from YISHI_SELF_CHECK: 0
 * always, -1 never. */
static long long
selfauto_interval(void)
{
	const char *s = getenv("YISHI_SELF_CHECK");
	unsigned long long h;
	char *end;

	if (s == NULL || s[0] == '\0')
		return SELFAUTO_HOURS * 3600LL;
	if (strcmp(s, "always") == 0)
		return 0;
	if (strcmp(s, "never") == 0)
		return -1;
	errno = 0;
	h = strtoull(s, &end, 10);
	if (s[0] >= '0' && s[0] <= '9' && *end == '\0' && errno == 0 &&
	    h <= SELFAUTO_MAX_HOURS)
		return (long long)h * 3600;
	return SELFAUTO_HOURS * 3600LL;
}

/* The file remembering the last check of body by this identity into
 * path, and its folder into dir; 0 or -1 (no state folder). */
static int
selfauto_path(const struct cli *cli, uint64_t body, char *dir,
    size_t dirlen, char *path, size_t len)
{
	char jpath[3200];
	const char *name;
	int n;

	if (journal_path(cli->identity, jpath, sizeof jpath) != 0 ||
	    (name = strrchr(jpath, '/')) == NULL ||
	    heads_state_dir("self-check", dir, dirlen) != 0)
		return -1;
	n = snprintf(path, len, "%s/%s-%" PRIu64, dir, name + 1, body);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Whether the check remembered at path is older than interval seconds
 * (or there is none, or it cannot be read). */
static bool
selfauto_due(const char *path, long long interval)
{
	char text[128], why[512], magic[32];
	long long at, now = (long long)time(NULL);

	if (interval == 0 ||
	    heads_file_read(path, text, sizeof text, why, sizeof why) != 1 ||
	    sscanf(text, "%31s 1 %lld", magic, &at) != 2 ||
	    strcmp(magic, "yishi-self-check") != 0)
		return true;
	return at > now || now - at >= interval;
}

/* Remembers at path, in folder dir, that the check ran now; a failure
 * only means it runs again next time. */
static void
selfauto_mark(char *dir, const char *path)
{
	char text[64], why[512];
	int n;

	n = snprintf(text, sizeof text, "yishi-self-check 1\n%lld\n",
	    (long long)time(NULL));
	if (n > 0 && (size_t)n < sizeof text)
		(void)heads_file_replace(dir, path, text, (size_t)n, why,
		    sizeof why);
}

/* Runs the check after an acknowledged signed request (see selfauto.h). */
void
selfauto_run(struct cli *cli, const char *body)
{
	struct out_capture cap, *outer;
	struct self_finding *f = NULL;
	char dir[3072], path[4096], *end;
	unsigned long long b;
	long long interval;
	size_t n = 0;
	int rc;

	if (cli->self.running || cli->self.body != 0 || cli->no_self_check ||
	    (interval = selfauto_interval()) < 0 || body[0] < '1' ||
	    body[0] > '9')
		return;
	errno = 0;
	b = strtoull(body, &end, 10);
	if (*end != '\0' || errno != 0 ||
	    selfauto_path(cli, b, dir, sizeof dir, path, sizeof path) != 0 ||
	    !selfauto_due(path, interval))
		return;
	cli->self.running = true;
	outer = out_capture_swap(NULL);
	out_capture(&cap);
	rc = self_check_body(cli, b, &f, &n);
	out_capture_swap(outer);
	cli->self.running = false;
	if (rc == EXIT_TAMPERED && cap.exit_code == EXIT_TAMPERED) {
		/* The chain itself does not hold: one finding, naming where. */
		if ((f = calloc(1, sizeof *f)) == NULL)
			return;
		f->seq = cap.seq;
		f->kind = "trail";
		snprintf(f->msg, sizeof f->msg, "%.*s",
		    (int)sizeof f->msg - 1, cap.message);
		n = 1;
	} else if (rc != 0) {
		return;		/* not made: silent, tried again next time */
	}
	selfauto_mark(dir, path);
	cli->self.body = b;
	cli->self.f = f;
	cli->self.nf = n;
}

/* Adds what the check found to the command's JSON (see selfauto.h). */
void
selfauto_json(struct cli *cli, struct json *j)
{
	if (cli->self.nf == 0)
		return;
	json_obj(j, "self_check");
	json_u64(j, "body", cli->self.body);
	self_findings_json(j, "findings", cli->self.f, cli->self.nf);
	json_end(j);
	cli->self.shown = true;
}

/* One line of the warning on stderr: msg, after "yishi：" when head. */
static void
selfauto_say(bool head, const char *msg)
{
	if (head)
		fputs(TR("yishi：", "yishi: "), stderr);
	out_safe_write(stderr, msg, strlen(msg));
	fputc('\n', stderr);
}

/* Warns on stderr, naming each finding (done: the command succeeded). */
static void
selfauto_warn(const struct cli *cli, bool done)
{
	const struct self_finding *x;
	char msg[900];
	size_t i;

	fflush(stdout);
	snprintf(msg, sizeof msg, TR("警告：本人留痕核对发现问题（详见 yishi "
	    "audit self --body %" PRIu64 "）：", "warning: the check of your "
	    "own record found problems (see yishi audit self --body %" PRIu64
	    "):"), cli->self.body);
	selfauto_say(true, msg);
	for (i = 0; i < cli->self.nf; i++) {
		x = &cli->self.f[i];
		if (x->seq != 0 && strcmp(x->kind, "trail") != 0)
			snprintf(msg, sizeof msg, TR("  机构 %" PRIu64 " 第 %"
			    PRIu64 " 条：%s", "  body %" PRIu64 ", entry %"
			    PRIu64 ": %s"), cli->self.body, x->seq, x->msg);
		else if (x->seq == 0)
			snprintf(msg, sizeof msg, TR("  机构 %" PRIu64 "：%s",
			    "  body %" PRIu64 ": %s"), cli->self.body, x->msg);
		else
			snprintf(msg, sizeof msg, "  %s", x->msg);
		selfauto_say(false, msg);
	}
	if (done)
		selfauto_say(true, TR("本次操作已完成，服务器已确认；因本人留痕核对发现问题，"
		    "退出码为 6", "the request itself was done and acknowledged "
		    "by the server; the exit code is 6 for what the check "
		    "found"));
}

/* Warns and sets the exit code after the command (see selfauto.h). */
int
selfauto_finish(struct cli *cli, int rc)
{
	if (cli->self.nf > 0) {
		if (!cli->self.shown)
			selfauto_warn(cli, rc == EXIT_DONE);
		if (rc == EXIT_DONE)
			rc = EXIT_TAMPERED;
	}
	free(cli->self.f);
	cli->self.f = NULL;
	cli->self.nf = 0;
	return rc;
}
