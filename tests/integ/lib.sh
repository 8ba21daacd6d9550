# lib.sh: the integration-test harness, sourced by every tests/integ/test_*.sh.
#
# Each test file gets its own instance: `yishid init` in a short temporary
# folder (a private PostgreSQL on a Unix socket inside it, run as an
# unprivileged user when we are root), a fresh `yishid run` on a free port,
# and identities issued by `yishid issue`. Everything goes through the real
# binaries over real mutual TLS. On exit the daemon gets SIGTERM and must
# exit 0 (under the sanitizers a leak or an error report fails the file);
# on failure both logs are printed.
#
# Output: one "ok N - what" or "not ok N - what" line per check; the file
# exits 1 when any check failed.

set -u

YISHID=${YISHID:?YISHID must name the yishid binary}
YISHI=${YISHI:?YISHI must name the yishi binary}

T=$(mktemp -d /tmp/yi.XXXXXX)
# The CLI remembers verified trail heads here, not in the user's home.
export XDG_STATE_HOME=$T/state
INST=$T/i
DAEMON_PID=
CHECKS=0
FAILED=0

# Prints a check's result and counts it.
ok() {
	CHECKS=$((CHECKS + 1))
	echo "ok $CHECKS - $*"
}
not_ok() {
	CHECKS=$((CHECKS + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $CHECKS - $*"
}

# Stops the daemon; returns its exit status (0 expected).
yi_stop() {
	local rc=0
	if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
		kill -TERM "$DAEMON_PID"
		wait "$DAEMON_PID" || rc=$?
	elif [ -n "$DAEMON_PID" ]; then
		wait "$DAEMON_PID" 2>/dev/null || rc=$?
	fi
	DAEMON_PID=
	return $rc
}

# Stops whatever PostgreSQL is left in the instance.
yi_stop_pg() {
	local bindir
	bindir=$(pg_config --bindir)
	[ -f "$INST/pg/postmaster.pid" ] || return 0
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$(stat -c %U "$INST/pg")" -- "$bindir/pg_ctl" \
		    -D "$INST/pg" -m immediate stop >/dev/null 2>&1
	else
		"$bindir/pg_ctl" -D "$INST/pg" -m immediate stop >/dev/null 2>&1
	fi
}

# Runs at exit: stop everything, judge the daemon's exit, clean up.
yi_cleanup() {
	local rc=0
	yi_stop || rc=$?
	if [ -f "$T/daemon.log" ]; then
		if [ $rc -ne 0 ]; then
			not_ok "yishid exits 0 on SIGTERM (got $rc)"
		fi
		if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" \
		    "$T/daemon.log"; then
			not_ok "yishid ran clean under the sanitizers"
		fi
	fi
	yi_stop_pg
	if [ $FAILED -ne 0 ]; then
		echo "# ---- daemon log ----"
		sed 's/^/# /' "$T/daemon.log" 2>/dev/null | tail -n 80
		echo "# ---- PostgreSQL log ----"
		sed 's/^/# /' "$INST/pg.log" 2>/dev/null | tail -n 30
		# YI_KEEP=DIR keeps a failed test's logs whole for a look.
		if [ -n "${YI_KEEP:-}" ]; then
			mkdir -p "$YI_KEEP" && cp "$T"/*.log "$T"/*.out \
			    "$INST/pg.log" "$YI_KEEP/" 2>/dev/null
		fi
	fi
	rm -rf "$T"
	echo "# $CHECKS checks, $FAILED failed"
	[ $FAILED -eq 0 ]
	exit $?
}
trap yi_cleanup EXIT
trap 'exit 1' INT TERM

# Creates the instance (admin identity included).
yi_init() {
	if ! "$YISHID" init "$INST" --port 0 >"$T/init.log" 2>&1; then
		cat "$T/init.log"
		not_ok "yishid init"
		exit 1
	fi
}

# Starts the daemon and waits for its port file.
yi_start() {
	local i
	rm -f "$INST/yishid.port"
	"$YISHID" run "$INST" >>"$T/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for i in $(seq 1 300); do
		if [ -s "$INST/yishid.port" ]; then
			export YISHI_SERVER=127.0.0.1:$(cat "$INST/yishid.port")
			# The pool connects asynchronously: wait for an answer.
			if yi admin whoami >/dev/null 2>&1; then
				return 0
			fi
		fi
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	not_ok "yishid starts and answers"
	exit 1
}

# Sets up a running instance: init, then start.
yi_setup() {
	yi_init
	yi_start
}

# Issues identities by name.
yi_issue() {
	local n
	for n in "$@"; do
		"$YISHID" issue "$INST" "$n" >>"$T/issue.log" 2>&1 ||
		    { cat "$T/issue.log"; not_ok "issue $n"; exit 1; }
	done
}

# Runs the CLI as identity $1: yi NAME ARGS...
yi() {
	local who=$1
	shift
	"$YISHI" --identity "$INST/identities/$who" --timeout 20 "$@"
}

# Runs the CLI as $1 with --json and stores stdout in OUT, the code in RC.
yj() {
	local who=$1
	shift
	OUT=$("$YISHI" --identity "$INST/identities/$who" --timeout 20 --json "$@" 2>"$T/stderr")
	RC=$?
}

# Extracts a value from the JSON in OUT: jget meeting.id
jget() {
	printf '%s' "$OUT" | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    if isinstance(v, list):
        v = v[int(k)]
    else:
        v = v.get(k) if isinstance(v, dict) else None
    if v is None:
        break
if isinstance(v, bool):
    print("true" if v else "false")
elif isinstance(v, (dict, list)):
    print(json.dumps(v, ensure_ascii=False))
elif v is not None:
    print(v)
' "$1"
}

# expect_rc CODE WHAT -- WHO ARGS...: runs yj, checks the exit code.
expect_rc() {
	local want=$1 what=$2
	shift 3
	yj "$@"
	if [ "$RC" -eq "$want" ]; then
		ok "$what (exit $want)"
	else
		not_ok "$what: want exit $want, got $RC: $OUT $(cat "$T/stderr")"
	fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1: got '$2', want '$3'"
	fi
}

# An RFC 3339 time n minutes from now in Asia/Shanghai.
yi_at() {
	TZ=Asia/Shanghai date -d "+${1:-10} min" +%Y-%m-%dT%H:%M:%S+08:00
}

# Runs SQL on the instance's database as the cluster owner: yi_sql 'select 1'
yi_sql() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$(stat -c %U "$INST/pg")" -- \
		    psql -h "$INST/run" -U postgres -d yishi -Atc "$1"
	else
		psql -h "$INST/run" -U postgres -d yishi -Atc "$1"
	fi
}

# Runs SQL as the database superuser would to get past the append-only
# triggers: the trail's and the checkpoints' turned off, the SQL, turned on
# again, in one transaction: yi_superuser_sql 'UPDATE trail SET ...'
yi_superuser_sql() {
	yi_sql "ALTER TABLE trail DISABLE TRIGGER trail_append_only;
	    ALTER TABLE checkpoints DISABLE TRIGGER checkpoints_append_only;
	    $1;
	    ALTER TABLE trail ENABLE TRIGGER trail_append_only;
	    ALTER TABLE checkpoints ENABLE TRIGGER checkpoints_append_only;" >/dev/null
}

# Recomputes the hash chain of body $1 from entry $2 on (prev_hash and hash
# of each entry, as the daemon would have written them), as an attacker
# who changed an entry would: yi_superuser_rechain BODY FROM_SEQ
yi_superuser_rechain() {
	yi_superuser_sql "DO \$\$
DECLARE r record; prev bytea;
BEGIN
	FOR r IN SELECT * FROM trail WHERE body_id = $1 AND seq >= $2 ORDER BY seq LOOP
		SELECT hash INTO prev FROM trail WHERE body_id = $1 AND seq = r.seq - 1;
		IF prev IS NULL THEN prev := decode(repeat('00', 32), 'hex'); END IF;
		UPDATE trail SET prev_hash = prev, hash = trail_digest_signed(prev,
		    r.body_id, r.seq, r.at, r.actor, r.action, r.payload, r.signer,
		    r.signed, r.signature, r.cert_fp)
		    WHERE body_id = $1 AND seq = r.seq;
	END LOOP;
END
\$\$"
}
