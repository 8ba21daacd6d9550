#!/usr/bin/env bash
# Resuming a watch (docs/protocol.md, "Watching a meeting"): a watcher
# (evwatch, libyishi alone) follows a meeting while members keep checking
# in and out; the daemon is killed with SIGKILL, started again, stopped
# with SIGTERM, started again, in the middle of it. Each time the watcher
# connects again and resumes after the last position it received. Events
# happen while it is away, more than one page of them (500) once. At the
# end it must have received every event of the meeting after its first
# snapshot, exactly as event_log holds them: none lost, none twice, in
# order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

EVWATCH=${EVWATCH:?EVWATCH must name the evwatch binary}
FAULTCLI=${FAULTCLI:?FAULTCLI must name the faultcli binary}
PY=/usr/bin/python3

yi_init
# A small output limit (16 KiB): the catch-up must wait for the output to
# drain, page after page, rather than be cut off as a slow reader.
sed -i "s/^max_output = .*/max_output = 16/" "$INST/yishid.conf"
grep -q "^max_output = 16$" "$INST/yishid.conf" || not_ok "set max_output"
yi_start
ym_identities
ym_body party_group 5
ym_schedule
ym_notify

# The server as it is now (the port changes at every start), or nothing.
server_now() {
	[ -s "$INST/yishid.port" ] && echo "127.0.0.1:$(cat "$INST/yishid.port")"
}

# The watcher: evwatch again and again, each time resuming after the last
# event received (the first snapshot's position before any), until
# $T/stop; before reconnecting it waits while $T/hold exists.
watcher() {
	local s pos
	while [ ! -e "$T/stop" ]; do
		if [ -e "$T/hold" ] || ! s=$(server_now); then
			sleep 0.1
			continue
		fi
		pos=$($PY - "$T/all.json" <<'EOF'
import json, sys
pos = ""
for l in open(sys.argv[1], encoding="utf-8"):
    try:
        o = json.loads(l)
    except Exception:
        continue
    if "event" in o:
        pos = "%d:%d" % (o["event"]["seq"], o["event"]["index"])
    elif "watching" in o and not pos:
        pos = "%d:%d" % (o["watching"]["seq"], o["watching"]["index"])
print(pos)
EOF
)
		if [ -n "$pos" ]; then
			"$EVWATCH" -s "$s" -d "$INST/identities/insp" -m "$M" \
			    -a "$pos" -w 10 >>"$T/all.json" 2>>"$T/watch.err"
		else
			"$EVWATCH" -s "$s" -d "$INST/identities/insp" -m "$M" \
			    -w 10 >>"$T/all.json" 2>>"$T/watch.err"
		fi
		echo "{\"run\":\"ended $(date +%s.%N)\"}" >>"$T/all.json"
		sleep 0.2
	done
}

# Members checking in (each one an event) as fast as the CLI goes, until
# $T/gen.stop; calls that fail while the daemon is down are let go.
generator() {
	local who s
	while [ ! -e "$T/gen.stop" ]; do
		for who in m1 m2 m3 sec; do
			s=$(server_now) || { sleep 0.1; continue; }
			YISHI_SERVER=$s "$YISHI" --identity "$INST/identities/$who" \
			    --timeout 5 checkin --meeting "$M" >/dev/null 2>&1
		done
	done
}

# count_events: how many event lines the watcher has written.
count_events() {
	grep -c '"event"' "$T/all.json" 2>/dev/null || echo 0
}

# wait_events N: until the watcher has N events (at most 60 s).
wait_events() {
	local i
	for i in $(seq 1 600); do
		[ "$(count_events)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

: >"$T/all.json"
watcher &
WPID=$!
for i in $(seq 1 100); do
	grep -q '"watching"' "$T/all.json" && break
	sleep 0.1
done
grep -q '"watching"' "$T/all.json" && ok "the watcher is watching" ||
    not_ok "the watcher is watching: $(cat "$T/all.json" "$T/watch.err")"

generator &
GPID=$!
wait_events 10 && ok "live events arrive" || not_ok "live events arrive"

# 1. SIGKILL in the middle; events happen before the watcher is back.
touch "$T/hold"
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
ok "yishid killed with SIGKILL while events flow"
yi_start
ok "yishid runs again"
for i in $(seq 1 5); do
	ym_must "m4 checks in while the watcher is away" -- m4 checkin --meeting "$M"
done
rm -f "$T/hold"
N=$(count_events)
wait_events $((N + 10)) && ok "the watcher resumed after the kill" ||
    not_ok "the watcher resumed after the kill"

# 2. SIGTERM in the middle: the daemon ends the watches, exits 0.
touch "$T/hold"
rc=0
yi_stop || rc=$?
expect_eq "yishid exits 0 on SIGTERM with a watcher" "$rc" 0
grep -q "ended [0-9]* watches" "$T/daemon.log" &&
    ok "at SIGTERM the daemon ended the watches (its log says so)" ||
    not_ok "at SIGTERM the daemon ended the watches"
yi_start
# More than a page (500) of events while the watcher is away.
NAMES="sec m1 m2 m3 m4"
BEFORE=$(yi_sql "SELECT count(*) FROM event_log WHERE meeting = $M")
for r in $(seq 1 130); do
	"$FAULTCLI" burst -o checkin -m "$M" -d "$INST/identities" $NAMES >/dev/null 2>&1
done
AWAY=$(( $(yi_sql "SELECT count(*) FROM event_log WHERE meeting = $M") - BEFORE ))
[ "$AWAY" -gt 500 ] && ok "$AWAY events while the watcher was away (more than a page)" ||
    not_ok "only $AWAY events while the watcher was away"
rm -f "$T/hold"
N=$(count_events)
wait_events $((N + AWAY)) && ok "the watcher caught up after the restart" ||
    not_ok "the watcher caught up after the restart"

# 3. PostgreSQL restarted under the daemon, the watcher still connected:
# the daemon's LISTEN connection is lost for a while, and what was
# notified meanwhile is read again from event_log when it is back.
pg_restart() {
	local owner bindir
	owner=$(stat -c %U "$INST/pg")
	bindir=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$owner" -- "$bindir/pg_ctl" -D "$INST/pg" -m fast \
		    -w -t 60 -l "$INST/pg.log" restart >>"$T/pgctl.log" 2>&1
	else
		"$bindir/pg_ctl" -D "$INST/pg" -m fast -w -t 60 \
		    -l "$INST/pg.log" restart >>"$T/pgctl.log" 2>&1
	fi
}
N=$(count_events)
pg_restart && ok "PostgreSQL restarted under the daemon" ||
    not_ok "PostgreSQL restarted: $(tail -3 "$T/pgctl.log")"
for i in $(seq 1 100); do
	yj m4 checkin --meeting "$M"
	[ "$RC" -eq 0 ] && break
	sleep 0.05
done
expect_eq "m4 checks in as soon as the database is back" "$RC" 0
FIRSTPOS=$($PY -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    if "\"watching\"" in l:
        w = json.loads(l)["watching"]; print("%d, %d" % (w["seq"], w["index"])); break' "$T/all.json")
N2=$(yi_sql "SELECT count(*) FROM event_log WHERE meeting = $M AND (seq, idx) > ($FIRSTPOS)")
wait_events "$N2" && ok "the watcher, still connected, got what was notified while the daemon was not listening" ||
    not_ok "the watcher got what was notified while the daemon was not listening ($(count_events) of $N2)"

# 4. Once more with events flowing while it catches up.
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
yi_start
sleep 2
touch "$T/gen.stop"
wait "$GPID"
ok "the generator stopped"

TOTAL=$(yi_sql "SELECT count(*) FROM event_log WHERE meeting = $M")
FIRST=$(grep -m1 '"watching"' "$T/all.json")
wait_events "$TOTAL" >/dev/null
sleep 3
touch "$T/stop"
pkill -P "$WPID" 2>/dev/null	# the evwatch it runs now
wait "$WPID"

if grep -q "does not read its responses" "$T/daemon.log"; then
	not_ok "the catch-up waited for the output to drain: a watcher was cut off as a slow reader"
else
	ok "the catch-up waited for the output to drain (no watcher cut off at max_output 16 KiB)"
fi
yi_sql "SELECT seq || ':' || idx FROM event_log WHERE meeting = $M ORDER BY seq, idx" >"$T/log.pos"
yi_sql "SELECT seq || ' ' || action || ' ' || actor FROM trail WHERE body_id = $B ORDER BY seq" >"$T/trail.txt"
$PY - "$T/all.json" "$T/log.pos" "$T/trail.txt" >"$T/checks.txt" 2>&1 <<'EOF'
import json, sys
def check(cond, what):
    print(("ok " if cond else "not ok ") + what)
runs, cur = [], None
first = None
members = {}
for l in open(sys.argv[1], encoding="utf-8"):
    try:
        o = json.loads(l)
    except Exception:
        continue
    if "watching" in o:
        w = (o["watching"]["seq"], o["watching"]["index"])
        first = first or w
        cur = {"at": w, "events": []}
        runs.append(cur)
    elif "event" in o and cur is not None:
        cur["events"].append((o["event"]["seq"], o["event"]["index"]))
        members[(o["event"]["seq"], o["event"]["index"])] = (o["event"]["kind"], o["event"]["member"])
got = [p for r in runs for p in r["events"]]
log = [tuple(int(x) for x in l.split(":")) for l in open(sys.argv[2]) if l.strip()]
want = [p for p in log if p > first]
check(len(runs) >= 4, "the watcher connected %d times (resumed after each loss)" % len(runs))
check(len(got) == len(set(got)), "no event received twice (%d received, %d distinct)" % (len(got), len(set(got))))
check(all(a < b for a, b in zip(got, got[1:])), "events received in order")
missing = sorted(set(want) - set(got))
check(not missing, "no event lost: every event_log row after the first snapshot was received (%d of %d; missing %s)" % (len(set(got) & set(want)), len(want), missing[:5]))
check(got == want, "exactly event_log's rows after the first snapshot, in order")
trail = {}
for l in open(sys.argv[3], encoding="utf-8"):
    if l.strip():
        q, act, actor = l.split(" ", 2)
        trail[int(q)] = (act, actor.strip())
wrong = [(p, members[p], trail.get(p[0])) for p in got
         if members[p][0] != "checkin" or trail.get(p[0]) != ("attendance.checkin", members[p][1])]
check(not wrong, "each check-in event sits at its own attendance.checkin entry, by that member, group rounds included %s" % wrong[:3])
caught = sum(1 for r in runs[1:] for p in r["events"] if p <= r["at"])
check(caught > 500, "%d events were delivered from event_log after a resume (missed while away)" % caught)
EOF
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" ;;
	*) not_ok "checker: $line" ;;
	esac
done <"$T/checks.txt"
