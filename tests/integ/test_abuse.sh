#!/usr/bin/env bash
# Misbehaving clients are closed, and only they: a slow reader past
# max_output (the daemon's memory stays bounded), TCP connections that never
# start TLS past handshake_timeout, connections past max_conns (refused, then
# accepted again once others close), a client faster than rate_limit, and
# garbage or oversized frames in the middle of a burst of normal requests.
# Meanwhile a well-behaved client keeps getting answers promptly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"
FAULTCLI=${FAULTCLI:-$(dirname "$YISHI")/../tests/integ/faultcli}
RAWFRAME=${RAWFRAME:?RAWFRAME must name the rawframe tool}

yi_init
# setconf KEY VALUE: sets one key of yishid.conf.
setconf() {
	sed -i "s/^$1 = .*/$1 = $2/" "$INST/yishid.conf"
	grep -q "^$1 = $2\$" "$INST/yishid.conf" || { not_ok "set $1"; exit 1; }
}
setconf handshake_timeout 2
setconf max_output 16
setconf rate_limit 0
yi_start
ym_identities
ID=$INST/identities
fc() { "$FAULTCLI" "$1" -d "$ID" "${@:2}"; }
ym_meeting bureau_affairs 9 "sec m1 m2 m3 m4 m5 m6 m7 m8" ordinary || exit 1

rss() { awk '/^VmRSS/ {print $2}' "/proc/$DAEMON_PID/status"; }
# polite WHAT: a well-behaved client (a fresh CLI connection) is answered
# within 2 s.
polite() {
	local s e
	s=$(date +%s%N)
	yj m8 meeting status --meeting "$M"
	e=$(( ($(date +%s%N) - s) / 1000000 ))
	if [ "$RC" -eq 0 ] && [ $e -le 2000 ]; then
		ok "$1: a well-behaved client is answered (${e} ms)"
	else
		not_ok "$1: well-behaved client: exit $RC after ${e} ms: $(cat "$T/stderr")"
	fi
}
# pace_ok WHAT FILE COUNT: the paced client got every answer on one connection.
pace_ok() {
	expect_eq "$1: a paced client on one connection got every answer" \
	    "$(cat "$2")" "ok=$3 failed=0"
}
polite "before"
yj insp audit log --body "$B"
echo "# one audit-log answer: about ${#OUT} bytes of JSON (exit $RC)"

# (a) Slow readers: each pipelines 2000 audit-log requests (one of them
# watching the meeting first) and reads nothing, with a 4 KiB receive
# buffer: some 20 MB of answers, far more than the kernel's socket buffers
# (up to 4 MB) take. Past max_output (16 KiB) each is closed; the daemon's
# memory stays bounded.
R0=$(rss)
CL0=$(grep -c "does not read its responses" "$T/daemon.log")
fc pace -i m8 -n 20 -r 5 >"$T/pace.a" 2>&1 &
PP=$!
fpids=()
for w in m1 m2 m3 m4; do
	fc flood -i insp -b "$B" -n 2000 -R 4096 -w 4 >"$T/flood.$w" 2>&1 &
	fpids+=($!)
done
fc flood -i insp -m "$M" -W -b "$B" -n 2000 -R 4096 -w 4 >"$T/flood.m5" 2>&1 &
fpids+=($!)
sleep 2
R1=$(rss)
polite "slow readers"
wait "${fpids[@]}"
wait $PP
R2=$(rss)
for w in m1 m2 m3 m4 m5; do
	F=$(cat "$T/flood.$w")
	case $F in
	sent=*" closed")
		set -- $F
		sent=${1#sent=} got=${2#responses=}
		[ "$got" -lt "$sent" ] &&
		    ok "slow reader $w closed before it got all its answers ($F)" ||
		    not_ok "slow reader $w got everything? ($F)" ;;
	*) not_ok "slow reader $w not closed: $F" ;;
	esac
done
CL1=$(grep -c "does not read its responses" "$T/daemon.log")
expect_eq "the daemon logged 5 closed slow readers" "$((CL1 - CL0))" 5
echo "# VmRSS: before ${R0} kB, during ${R1} kB, after ${R2} kB"
[ $((R1 - R0)) -lt 65536 ] && [ $((R2 - R0)) -lt 65536 ] &&
    ok "memory stays bounded under slow readers (+$((R1 - R0)) kB during, +$((R2 - R0)) kB after)" ||
    not_ok "memory grew: VmRSS $R0 -> $R1 -> $R2 kB"
pace_ok "slow readers" "$T/pace.a" 20
polite "after the slow readers"

# (b) Slow handshakes: 40 TCP connections that never start TLS are closed
# after handshake_timeout (2 s), and no sooner than about it.
HT0=$(grep -c "handshake timed out" "$T/daemon.log")
fc stall -n 40 -w 10 >"$T/stall" 2>&1 &
SP=$!
sleep 0.5
polite "40 stalled handshakes"
wait $SP
S=$(cat "$T/stall")
echo "# stall: $S"
set -- $S
expect_eq "all 40 stalled handshakes are closed" "${1#closed=}" 40
F=${3#first_ms=}
L=${4#last_ms=}
[ "$F" -ge 1500 ] && [ "$L" -le 4500 ] &&
    ok "closed between 1.5 and 4.5 s (first ${F} ms, last ${L} ms; timeout 2 s)" ||
    not_ok "stalled handshakes closed at ${F}..${L} ms, want about 2000"
HT1=$(grep -c "handshake timed out" "$T/daemon.log")
expect_eq "the daemon logged 40 handshake timeouts" "$((HT1 - HT0))" 40
polite "after the stalled handshakes"

# (e) Garbage and oversized frames while a burst of 120 normal requests
# (each on its own connection) runs: the burst all succeeds.
NAMES=$(for i in $(seq 1 120); do echo "m$((i % 7 + 1))"; done)
# shellcheck disable=SC2086
fc burst -o ping -j 24 -p 2000 $NAMES >"$T/burst.e" 2>&1 &
BP=$!
: >"$T/raw.e"
for k in $(seq 1 10); do
	"$RAWFRAME" -i "$ID/m8" -w 2 random:8192:$k >>"$T/raw.e" 2>/dev/null
	"$RAWFRAME" -i "$ID/m8" -w 2 hex:7fffffff0102030405 >>"$T/raw.e" 2>/dev/null
	"$RAWFRAME" -i "$ID/m8" -w 2 hex:00100001 random:65536:$k >>"$T/raw.e" 2>/dev/null
	"$RAWFRAME" -i "$ID/m8" -w 2 ping version:7 ping >>"$T/raw.e" 2>/dev/null
done
wait $BP
expect_eq "a burst of 120 requests beside 40 bad clients: all answered" \
    "$(grep -c ' ok$' "$T/burst.e")" 120
expect_eq "each of the 40 bad clients was closed" "$(grep -c '^closed$' "$T/raw.e")" 40
expect_eq "no bad frame was accepted as a request" \
    "$(grep -c 'STATUS_OK id=0' "$T/raw.e")" 0
polite "after the garbage"

# (d) Rate limit (SIGHUP: rate_limit 20/s, burst 20): a client pipelining
# 300 pings is closed with one 'unavailable'; a client at 10/s on its own
# connection, and everyone else, are served.
setconf rate_limit 20
setconf rate_burst 20
kill -HUP "$DAEMON_PID"
sleep 0.5
fc pace -i m8 -n 20 -r 10 >"$T/pace.d" 2>&1 &
PP=$!
sleep 0.3
fc flood -i m1 -n 300 -w 0 >"$T/flood.d" 2>&1
F=$(cat "$T/flood.d")
set -- $F
case $F in
*" closed")
	[ "${4#unavailable=}" -eq 1 ] && [ "${3#ok=}" -le 40 ] &&
	    ok "the fast client is closed after about rate_burst requests ($F)" ||
	    not_ok "fast client: $F" ;;
*) not_ok "the fast client is not closed: $F" ;;
esac
polite "rate limit"
wait $PP
pace_ok "rate limit" "$T/pace.d" 20
grep -q "more than 20 requests per second" "$T/daemon.log" &&
    ok "the daemon logged the rate-limited close" ||
    not_ok "no rate-limit line in the daemon log"

# (c) Connection cap (SIGHUP: max_conns 20): 20 held connections are served,
# the next ones are refused, and once the 20 close new ones are served.
setconf rate_limit 0
setconf max_conns 20
kill -HUP "$DAEMON_PID"
sleep 0.5
fc hold -i m1 -n 20 -w 6 >"$T/hold.1" 2>&1 &
HP=$!
for _ in $(seq 1 50); do [ -s "$T/hold.1" ] && break; sleep 0.1; done
expect_eq "20 connections under a cap of 20 are served" "$(cat "$T/hold.1")" "served=20 refused=0"
fc hold -i m2 -n 3 -t 2 -w 0 >"$T/hold.2" 2>&1
expect_eq "the 21st..23rd connections are refused" "$(cat "$T/hold.2")" "served=0 refused=3"
grep -q "connection cap of 20 reached" "$T/daemon.log" &&
    ok "the daemon logged the cap" || not_ok "no cap line in the daemon log"
wait $HP
sleep 0.5
fc hold -i m2 -n 5 -w 0 >"$T/hold.3" 2>&1
expect_eq "after the 20 close, new connections are served again" "$(cat "$T/hold.3")" "served=5 refused=0"
setconf max_conns 10000
kill -HUP "$DAEMON_PID"
sleep 0.5
polite "at the end"
kill -0 "$DAEMON_PID" && ok "yishid is still running" || not_ok "yishid died"
