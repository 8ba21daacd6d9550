#!/usr/bin/env bash
# Two daemons on one database (DESIGN.md "Scale"): what is changed through
# one is seen through the other, and a watcher on one daemon receives the
# events of changes made through the other (LISTEN/NOTIFY).
. "$(dirname "$0")/lib.sh"

yi_setup
yi_issue sec m1 m2
SERVER_A=$YISHI_SERVER

# The second daemon: same instance and database, its own port and pid file.
sed -e 's/^port_file = .*/port_file = yishid-b.port/' \
    -e 's/^pid_file = .*/pid_file = yishid-b.pid/' \
    "$INST/yishid.conf" >"$INST/yishid-b.conf"
"$YISHID" -c "$INST/yishid-b.conf" >>"$T/daemon-b.log" 2>&1 &
PID_B=$!
for _ in $(seq 1 200); do
	[ -s "$INST/yishid-b.port" ] && break
	sleep 0.1
done
SERVER_B=127.0.0.1:$(cat "$INST/yishid-b.port")
for _ in $(seq 1 100); do
	YISHI_SERVER=$SERVER_B yi admin whoami >/dev/null 2>&1 && break
	sleep 0.1
done
[ "$SERVER_A" != "$SERVER_B" ] && ok "two daemons on two ports" || not_ok "one port"

expect_rc 0 "body through A" -- admin body create --name 党组 --kind party_group
B=$(jget body.id)
yi admin seat add --body "$B" --identity sec --display 书记 --role secretary >/dev/null
yi admin seat add --body "$B" --identity m1 --display 委员1 --role member >/dev/null
yi admin seat add --body "$B" --identity m2 --display 委员2 --role member >/dev/null
export YISHI_SERVER=$SERVER_B
expect_rc 0 "meeting through B" -- sec meeting schedule --body "$B" --title 会议 --at "$(yi_at 10)" --urgent --reason 急
M=$(jget meeting.id)
export YISHI_SERVER=$SERVER_A
expect_rc 0 "item through A" -- m1 agenda propose --meeting "$M" --title 议题 --category ordinary
I=$(jget item.id)
yi sec agenda approve --item "$I" >/dev/null
yi sec meeting notify --meeting "$M" >/dev/null

# A watcher on daemon B.
YISHI_SERVER=$SERVER_B "$YISHI" --identity "$INST/identities/m2" --json \
    watch --meeting "$M" >"$T/watch-b.out" 2>"$T/watch-b.err" &
WATCH=$!
sleep 1

for n in sec m1 m2; do
	YISHI_SERVER=$SERVER_A yi $n checkin --meeting "$M" >/dev/null
done
expect_rc 0 "open through A" -- sec meeting open --meeting "$M"
yi sec item start --item "$I" >/dev/null
yi m1 state --item "$I" --position agree >/dev/null
yi m2 state --item "$I" --position agree >/dev/null
yi sec state --item "$I" --position agree >/dev/null
yi sec vote open --item "$I" --method roll_call >/dev/null
expect_rc 0 "a vote cast through A" -- m1 vote cast --item "$I" --choice yes
export YISHI_SERVER=$SERVER_B
expect_rc 0 "the next vote through B" -- m2 vote cast --item "$I" --choice yes
expect_rc 0 "B sees both ballots" -- sec vote show --item "$I"
expect_eq "two ballots cast, whichever daemon took them" "$(jget vote.yes)" 2
expect_rc 0 "the secretary's vote through B" -- sec vote cast --item "$I" --choice yes
expect_rc 0 "close through B" -- sec vote close --item "$I"
expect_eq "passed" "$(jget result.outcome)" passed
sleep 1
kill -INT $WATCH 2>/dev/null
wait $WATCH 2>/dev/null

count() { grep -c "\"kind\":\"$1\"" "$T/watch-b.out"; }
expect_eq "B's watcher got the checkins made through A" "$(count checkin)" 3
expect_eq "B's watcher got the opening made through A" "$(count opened)" 1
expect_eq "B's watcher got the statements made through A" "$(count statement)" 3
expect_eq "B's watcher got every ballot, from A and from B" "$(count ballot)" 3
expect_eq "B's watcher got the result" "$(count vote_closed)" 1

# With its watcher gone, B has nobody for the meeting's events: it skips
# them without decoding, and says how many when it stops.
sleep 0.5
YISHI_SERVER=$SERVER_A yi m1 checkout --meeting "$M" >/dev/null
sleep 0.5
kill -TERM $PID_B
wait $PID_B && ok "daemon B exits 0 on SIGTERM" || not_ok "daemon B exit status"
line=$(grep -o 'event notifications: [0-9]* for watchers here, [0-9]* for meetings nobody here watches' "$T/daemon-b.log")
set -- $line
# (The watcher's first line is the meeting's snapshot; one line per event after it.)
expect_eq "B decoded exactly the events its watcher printed" "${3:-}" "$(grep -c '^{"kind":' "$T/watch-b.out")"
[ "${7:-0}" -ge 1 ] && ok "B skipped the events nobody there watched (${7:-})" ||
    not_ok "B skipped the events nobody there watched: $line"
export YISHI_SERVER=$SERVER_A
expect_rc 0 "A still serves after B stopped" -- sec whoami
