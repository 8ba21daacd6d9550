#!/usr/bin/env bash
# Malformed input on an authenticated connection: random bytes, a length
# over FRAME_MAX, truncated frames, an unknown request kind, a wrong
# protocol version, a Response sent by a client. Each gets the documented
# answer (an error response then close, or INVALID_ARGUMENT with the
# connection kept), the daemon keeps serving, and nothing is written.
. "$(dirname "$0")/lib.sh"
RAWFRAME=${RAWFRAME:?RAWFRAME must name the rawframe tool}

yi_setup
yi_issue m1
ID=$INST/identities/m1

# Row counts of the trail and the main tables.
db_snapshot() {
	yi_sql "select (select count(*) from trail) || '/' ||
	    (select count(*) from bodies) || '/' || (select count(*) from seats)
	    || '/' || (select count(*) from identities)"
}

# rf ARGS...: runs rawframe as m1; its report (one line per item) in RF.
rf() {
	RF=$("$RAWFRAME" -i "$ID" "$@" 2>>"$T/rawframe.log" | tr '\n' ' ')
	RF=${RF% }
}

# after WHAT: the daemon still answers and no row was written.
after() {
	expect_rc 0 "$1: the daemon still serves" -- m1 whoami
	expect_eq "$1: nothing written" "$(db_snapshot)" "$SNAP"
}

# The peak memory of the daemon, kB.
hwm() {
	awk '/^VmHWM/ {print $2}' "/proc/$DAEMON_PID/status"
}

expect_rc 0 "admin creates a body" -- admin body create --name 局务会 --kind bureau_affairs
B=$(jget body.id)
expect_rc 0 "m1 seated" -- admin seat add --body "$B" --identity m1 --display 成员一 --role member
SNAP=$(db_snapshot)
case $SNAP in
[1-9]*/*/1/2) ok "the trail holds the setup (trail/bodies/seats/identities $SNAP)" ;;
*) not_ok "unexpected row counts before the tests: $SNAP" ;;
esac

rf -w 2 ping
expect_eq "control: a valid ping is answered, the connection stays" "$RF" \
    "response STATUS_OK id=1 open"

rf random:4096:7
case $RF in
*STATUS_OK*) not_ok "random bytes: accepted? $RF" ;;
*closed) ok "random bytes: the connection is closed ($RF)" ;;
*) not_ok "random bytes: not closed: $RF" ;;
esac
after "random bytes"

rf hex:00000040 random:64:3
expect_eq "a 64-byte payload of noise: an error, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
after "noise payload"

H0=$(hwm)
rf hex:7fffffff0102030405060708090a0b0c0d0e0f10
expect_eq "length 0x7fffffff: refused at once, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
rf hex:00100001
expect_eq "length FRAME_MAX+1: refused, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
H1=$(hwm)
[ $((H1 - H0)) -lt 65536 ] && ok "no allocation for the declared length (peak ${H0}->${H1} kB)" ||
    not_ok "the daemon's peak memory grew from $H0 to $H1 kB"
after "oversized length"

rf -w 1 hex:00100000
expect_eq "length exactly FRAME_MAX is allowed: the server waits for it" "$RF" open
after "FRAME_MAX length"

rf -w 0 hex:00000064 random:10:5
expect_eq "truncated frame (100 declared, 10 sent), then close" "$RF" sent
after "truncated frame, closed"

"$RAWFRAME" -i "$ID" -w 4 hex:00000064 random:10:5 >"$T/held" 2>>"$T/rawframe.log" &
HELD=$!
sleep 0.5
S=$SECONDS
expect_rc 0 "while a truncated frame is held open, others are served" -- m1 whoami
[ $((SECONDS - S)) -le 2 ] && ok "... promptly" || not_ok "whoami took $((SECONDS - S)) s"
wait $HELD
expect_eq "the held truncated frame gets no answer" "$(cat "$T/held")" open
after "truncated frame, held"

rf -w 2 unknown ping
expect_eq "unknown request kind (field 999): INVALID_ARGUMENT, the connection stays" \
    "$RF" "response STATUS_INVALID_ARGUMENT id=1 response STATUS_OK id=2 open"
after "unknown request kind"

rf version:2
expect_eq "protocol version 2: an error, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
rf version:0
expect_eq "protocol version 0: an error, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
after "wrong version"

rf response
expect_eq "a Response from the client: an error, then closed" "$RF" \
    "response STATUS_INVALID_ARGUMENT id=0 closed"
after "response frame"

# A request in flight when a bad frame closes the connection: its answer
# may be dropped, but the daemon must not trip over the gone connection.
rf ping version:2 ping
case $RF in
*closed) ok "ping, bad frame, ping: closed ($RF)" ;;
*) not_ok "ping, bad frame, ping: $RF" ;;
esac
after "good then bad"

# A bad frame with more bytes right behind it (a pipelining client): the
# error response must still reach the client before the close.
GOT=0
for i in $(seq 10); do
	rf version:2 ping
	[ "$RF" = "response STATUS_INVALID_ARGUMENT id=0 closed" ] && GOT=$((GOT + 1))
done
expect_eq "bad frame then a pipelined ping: the error arrives (of 10 tries)" "$GOT" 10
after "pipelined bad frame"

# Shutdown is not held up by a connection stuck in a truncated frame.
"$RAWFRAME" -i "$ID" -w 20 hex:00000064 >/dev/null 2>>"$T/rawframe.log" &
HELD=$!
sleep 0.5
S=$SECONDS
yi_stop
expect_eq "SIGTERM with a truncated frame held open: yishid exits 0" "$?" 0
[ $((SECONDS - S)) -le 5 ] && ok "... within 5 s" || not_ok "shutdown took $((SECONDS - S)) s"
kill "$HELD" 2>/dev/null
wait "$HELD" 2>/dev/null
