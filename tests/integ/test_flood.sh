#!/usr/bin/env bash
# A flood does not lock members out. Thousands of raw TCP connections that
# never start TLS (from 40 source addresses, dialed again as soon as the
# daemon drops them) and hundreds of idle mutual-TLS connections with valid
# certificates (identities with no seat) hold the daemon at max_conns while
# a member checks in and votes within the CLI's default timeout (10 s).
# Around it: one address gets no more than max_handshakes_per_source
# handshakes, one identity no more than max_conns_per_identity connections
# (the next one is told why), idle connections are closed after
# idle_timeout and a watcher is not, and yishid raises its own soft limit
# on open files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"
FAULTCLI=${FAULTCLI:-$(dirname "$YISHI")/../tests/integ/faultcli}

HARD=$(ulimit -Hn)
ulimit -Sn "$HARD"
MAXC=1200
IDLERS=10	# identities with no seat, each holding max_conns_per_identity
CAP=32		# the default max_conns_per_identity
PERSRC=128	# the default max_handshakes_per_source

yi_init
# setconf KEY VALUE: sets one key of yishid.conf.
setconf() {
	sed -i "s/^$1 = .*/$1 = $2/" "$INST/yishid.conf"
	grep -q "^$1 = $2\$" "$INST/yishid.conf" || { not_ok "set $1"; exit 1; }
}
setconf max_conns $MAXC
setconf idle_timeout 120
expect_eq "yishid.conf documents the defaults of the new limits" \
    "$(grep -cE '^(max_handshakes_per_source = 128|max_conns_per_identity = 32|handshake_timeout_busy = 2)$' "$INST/yishid.conf")" 3

# The daemon starts with a soft limit below what max_conns needs and
# raises it to the hard limit itself.
if [ "$HARD" -gt 1024 ]; then
	ulimit -Sn 1024
	yi_start
	ulimit -Sn "$HARD"
	expect_eq "yishid raised its soft limit on open files to the hard limit" \
	    "$(awk '/^Max open files/ {print $4}' "/proc/$DAEMON_PID/limits")" "$HARD"
else
	yi_start
	echo "# hard limit on open files is $HARD: not enough for this test"
fi
ym_identities
"$YISHID" issue "$INST" --count $IDLERS --prefix idle >>"$T/issue.log" 2>&1 ||
    { cat "$T/issue.log"; not_ok "issue the idle identities"; exit 1; }
ID=$INST/identities
fc() { "$FAULTCLI" "$1" -d "$ID" "${@:2}"; }
ym_meeting party_group 5 "sec m1 m2 m3" ordinary || exit 1
# A second meeting, where nothing will happen.
M1=$M
ym_schedule "$(yi_at 120)" || exit 1
MQ=$M
M=$M1
ym_start "$I" || exit 1
ym_state_all "$I" agree m1 m2 m3 || exit 1

nfd() { find "/proc/$DAEMON_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }
# member WHAT ARGS...: the CLI with its default timeout; ok when it
# succeeds within that timeout.
member() {
	local what=$1 s e
	shift
	s=$(date +%s%N)
	"$YISHI" --identity "$ID/$1" --json "${@:2}" >"$T/member.out" 2>"$T/member.err"
	RC=$?
	e=$(( ($(date +%s%N) - s) / 1000000 ))
	if [ "$RC" -eq 0 ] && [ $e -lt 10000 ]; then
		ok "$what (${e} ms)"
	else
		not_ok "$what: exit $RC after ${e} ms: $(cat "$T/member.out" "$T/member.err")"
	fi
}

# A watcher (the real CLI) follows the meeting from the start.
"$YISHI" --identity "$ID/insp" --json watch --meeting "$M" \
    >"$T/watch.out" 2>"$T/watch.err" &
WPID=$!
# A watcher of the quiet meeting: it must ping the daemon after 30 s
# without an event (its writes are counted in /proc/PID/io).
"$YISHI" --identity "$ID/insp" --json watch --meeting "$MQ" \
    >"$T/quiet.out" 2>"$T/quiet.err" &
QPID=$!
QSTART=$(date +%s)
syscw() { awk '/^syscw/ {print $2}' "/proc/$1/io"; }

# (a) One address: of 400 raw connections from 127.0.0.9, 128 (the
# default max_handshakes_per_source) are kept, the rest closed at accept.
fc swarm -n 400 -a 127.0.0.9 -k 1 -x -r 4000 -w 2 >"$T/one.out" 2>&1
expect_eq "one address keeps $PERSRC handshakes, the other 272 are closed at accept" \
    "$(tail -n 1 "$T/one.out")" "dialed=400 open=$PERSRC closed=272"
grep -q "max_handshakes_per_source" "$T/daemon.log" &&
    ok "the daemon logged the refusals" ||
    not_ok "no max_handshakes_per_source line in the daemon log"
expect_eq "and logged them rate-limited (one line for 272 refusals)" \
    "$(grep -c "max_handshakes_per_source" "$T/daemon.log")" 1

# The quiet watcher has sent its watch request by now.
QW0=$(syscw $QPID)

# (b) Pressure: 600 raw connections from 10 addresses, kept open. Once a
# quarter of max_conns ($((MAXC / 4))) are in their handshake, new ones get
# handshake_timeout_busy (2 s) instead of handshake_timeout (10 s): after
# 5 s about the first $((MAXC / 4)) are still open, the rest are closed.
fc swarm -n 600 -a 127.0.2.1 -k 10 -x -r 4000 -w 5 >"$T/busy.out" 2>&1
echo "# busy: $(tail -n 1 "$T/busy.out")"
set -- $(tail -n 1 "$T/busy.out")
[ "${3#closed=}" -ge $((600 - MAXC / 4 - 30)) ] && [ "${3#closed=}" -le $((600 - MAXC / 4 + 30)) ] &&
    ok "past a quarter of max_conns in handshakes, new ones get the short deadline ($*)" ||
    not_ok "short deadline under pressure: $*"
grep -q "handshake timed out under pressure" "$T/daemon.log" &&
    ok "the daemon logged the short deadlines" ||
    not_ok "no pressure line in the daemon log"

# (c) One identity: $CAP connections are served, the next is refused and
# told why.
fc hold -i idle1 -n $CAP -w 300 -C >"$T/hold.1" 2>&1 &
HPIDS=($!)
for _ in $(seq 1 100); do [ -s "$T/hold.1" ] && break; sleep 0.1; done
expect_eq "an identity is served $CAP connections" "$(head -n 1 "$T/hold.1")" "served=$CAP refused=0"
"$YISHI" --identity "$ID/idle1" ping >"$T/cap.out" 2>"$T/cap.err"
RC=$?
if [ "$RC" -ne 0 ] && grep -q "max_conns_per_identity" "$T/cap.err"; then
	ok "its connection $((CAP + 1)) is refused with a clear message (exit $RC: $(head -c 200 "$T/cap.err"))"
else
	not_ok "connection $((CAP + 1)): exit $RC: $(cat "$T/cap.out" "$T/cap.err")"
fi
expect_rc 0 "another identity is still served" -- m1 ping

# (d) The flood: the other idle identities hold $CAP idle mutual-TLS
# connections each, and 2400 raw TCP connections from 40 addresses (60
# each, under the per-address bound) are dialed at 1000 a second and
# again whenever the daemon drops one, for 25 s.
for k in $(seq 2 $IDLERS); do
	fc hold -i "idle$k" -n $CAP -w 300 -C >"$T/hold.$k" 2>&1 &
	HPIDS+=($!)
done
for k in $(seq 2 $IDLERS); do
	for _ in $(seq 1 200); do [ -s "$T/hold.$k" ] && break; sleep 0.1; done
done
served=0
for k in $(seq 1 $IDLERS); do
	set -- $(head -n 1 "$T/hold.$k")
	served=$((served + ${1#served=}))
done
expect_eq "$((IDLERS * CAP)) idle mutual-TLS connections are open" "$served" $((IDLERS * CAP))
fc swarm -n 2400 -a 127.0.1.1 -k 40 -r 1000 -w 25 >"$T/swarm.out" 2>&1 &
SPID=$!
for _ in $(seq 1 100); do grep -q '^up ' "$T/swarm.out" && break; sleep 0.1; done
sleep 1
F0=$(nfd)
[ "$F0" -ge $((MAXC * 9 / 10)) ] &&
    ok "the flood is in place: yishid holds $F0 descriptors (max_conns $MAXC)" ||
    not_ok "the flood is not in place: yishid holds $F0 descriptors"
member "under the flood, m4 checks in" m4 checkin --meeting "$M"
member "under the flood, m4 states" m4 state --item "$I" --position agree --text 同意
member "under the flood, the secretary states last" sec state --item "$I" --position agree --text 同意
member "under the flood, the secretary opens the vote" sec vote open --item "$I" --method roll_call
member "under the flood, m4 votes" m4 vote cast --item "$I" --choice yes
member "under the flood, m1 votes" m1 vote cast --item "$I" --choice yes
F1=$(nfd)
[ "$F1" -ge $((MAXC * 9 / 10)) ] &&
    ok "the flood was still in place after the votes: $F1 descriptors" ||
    not_ok "the flood faded during the votes: $F1 descriptors"
wait $SPID
echo "# swarm: $(tail -n 1 "$T/swarm.out")"
set -- $(tail -n 1 "$T/swarm.out")
[ "${1#dialed=}" -ge 5000 ] && [ "${3#closed=}" -ge 2600 ] &&
    ok "the daemon kept dropping the flood's handshakes (${1}, ${3})" ||
    not_ok "swarm: $(tail -n 1 "$T/swarm.out")"
grep -q "dropped the oldest TLS handshake" "$T/daemon.log" &&
    ok "at max_conns the oldest handshakes made room (logged)" ||
    not_ok "no eviction line in the daemon log"
expect_eq "the vote holds m4's and m1's ballots" \
    "$(yi_sql "SELECT string_agg(member, ',' ORDER BY member) FROM ballots WHERE item_id = $I")" "m1,m4"

# (e) Idle timeout (SIGHUP: 2 s): every idle connection is closed, with
# the reason, and the watcher is not; after a quiet spell it still gets
# the next event.
setconf idle_timeout 2
kill -HUP "$DAEMON_PID"
wait "${HPIDS[@]}"
closed=0 said=0
for k in $(seq 1 $IDLERS); do
	set -- $(tail -n 1 "$T/hold.$k")
	closed=$((closed + ${1#closed=}))
	said=$((said + ${3#unavailable=}))
done
expect_eq "idle_timeout closed all $((IDLERS * CAP)) idle connections" "$closed" $((IDLERS * CAP))
expect_eq "each was told why (so none had been dropped for the flood)" "$said" $((IDLERS * CAP))
grep -q "without a request (idle_timeout)" "$T/daemon.log" &&
    ok "the daemon logged the idle closes" || not_ok "no idle line in the daemon log"
sleep 4
# (It would reconnect if closed, saying so on stderr: it must not have.)
kill -0 "$WPID" 2>/dev/null && ! grep -q "重连" "$T/watch.err" &&
    ok "the watcher outlived idle_timeout" ||
    not_ok "the watcher was closed: $(cat "$T/watch.err")"
expect_rc 0 "m2 checks out" -- m2 checkout --meeting "$M"
for _ in $(seq 1 50); do grep -q '"kind":"checkout"' "$T/watch.out" && break; sleep 0.1; done
grep -q '"kind":"checkout"' "$T/watch.out" &&
    ok "after the quiet spell the watcher gets the next event" ||
    not_ok "the watcher missed the check-out: $(tail -n 3 "$T/watch.out")"
grep -q '"kind":"checkin"' "$T/watch.out" &&
    ok "and it got m4's check-in during the flood" ||
    not_ok "the watcher missed m4's check-in: $(head -n 3 "$T/watch.out")"
rest=$((QSTART + 36 - $(date +%s)))
[ $rest -gt 0 ] && sleep $rest
QW1=$(syscw $QPID)
if kill -0 "$QPID" 2>/dev/null && [ "$QW1" -gt "$QW0" ] &&
    ! grep -q "重连" "$T/quiet.err"; then
	ok "a watcher of a quiet meeting pinged after 30 s ($((QW1 - QW0)) writes) and is still served"
else
	not_ok "quiet watcher: writes $QW0 -> $QW1: $(cat "$T/quiet.out" "$T/quiet.err")"
fi
kill -INT "$WPID" "$QPID"
wait "$WPID"
expect_eq "the watcher ends cleanly" "$?" 0
wait "$QPID"
expect_eq "the quiet watcher ends cleanly" "$?" 0
member "after it all, m3 checks in" m3 checkin --meeting "$M"
kill -0 "$DAEMON_PID" && ok "yishid is still running" || not_ok "yishid died"
