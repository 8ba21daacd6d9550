#!/usr/bin/env bash
# Requests arriving together (group commit): every check-in, statement and
# ballot sent at the same moment is acknowledged and stored exactly once,
# the 一把手 still speaks and votes last, and the trail verifies - through
# one daemon and through two that race for the same body's trail head.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
N=21
MEMBERS=$(seq 1 $((N - 1)) | sed 's/^/m/' | tr '\n' ' ')
# shellcheck disable=SC2086
yi_issue sec rec off insp obs $MEMBERS
ym_body party_group $N
ym_schedule
ym_item ordinary
ym_item ordinary
ym_notify
I1=${ITEMS[0]}
I2=${ITEMS[1]}

# all WHAT CMD...: runs `yi NAME CMD...` for every member at once; counts
# the failures into FAILS.
all() {
	local what=$1 m p
	shift
	local pids=()
	for m in $MEMBERS; do
		yi $m --json "$@" >"$T/$what.$m" 2>&1 &
		pids+=($!)
	done
	FAILS=0
	for p in "${pids[@]}"; do wait "$p" || FAILS=$((FAILS + 1)); done
}

# The inspector watches the check-ins' events.
"$YISHI" --identity "$INST/identities/insp" --timeout 30 --json \
    watch --meeting "$M" >"$T/watch" 2>"$T/watch.err" &
WPID=$!
sleep 1
all checkin checkin --meeting "$M"
expect_eq "$((N - 1)) check-ins at once are all acknowledged" "$FAILS" 0
for i in $(seq 1 50); do
	[ "$(grep -c '"kind":"checkin"' "$T/watch")" -ge $((N - 1)) ] && break
	sleep 0.1
done
kill -INT "$WPID" 2>/dev/null
wait "$WPID"
# Decided one after another on one snapshot (group commit), each check-in's
# event counts the quorum it made: 1..N-1, each once. A head-count kept
# wrong across the group would repeat or skip a number.
presents=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)  # the snapshot first, then one event a line
    if e.get("kind") == "checkin":
        print(e["quorum"]["present"])' "$T/watch" | sort -n | tr '\n' ' ')
expect_eq "the check-in events' quorums count 1..$((N - 1)), each once" \
    "$presents" "$(seq 1 $((N - 1)) | tr '\n' ' ')"
# Each reply counts its own round, the last one everybody.
presents=$(for m in $MEMBERS; do
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["meeting"]["quorum"]["present"])' "$T/checkin.$m"
done | sort -n | tail -1)
expect_eq "the last check-in's reply counts all $((N - 1))" "$presents" $((N - 1))
yi sec checkin --meeting "$M" >/dev/null
expect_rc 0 "status" -- sec meeting status --meeting "$M"
expect_eq "everyone present once" "$(jget meeting.quorum.present)" "$N"
expect_eq "one attendance row each" "$(yi_sql "select count(*) from attendance where meeting_id = $M and state = 'present'")" "$N"
expect_rc 0 "the meeting opens" -- sec meeting open --meeting "$M"

expect_rc 0 "item 1 starts" -- sec item start --item "$I1"
all state state --item "$I1" --position agree --text 同意
expect_eq "$((N - 1)) statements at once are all acknowledged" "$FAILS" 0
expect_eq "statement numbers 1..$((N - 1)), each once" \
    "$(yi_sql "select count(distinct seq) || ':' || min(seq) || ':' || max(seq) from statements where item_id = $I1")" \
    "$((N - 1)):1:$((N - 1))"
expect_rc 0 "the secretary states last" -- sec state --item "$I1" --position agree
expect_rc 0 "a roll-call vote opens" -- sec vote open --item "$I1" --method roll_call

pids=()
for m in $MEMBERS; do
	yi $m --json vote cast --item "$I1" --choice yes >"$T/cast.$m" 2>&1 &
	pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
expect_eq "$((N - 1)) ballots cast at once are all acknowledged" "$fails" 0
expect_rc 0 "the secretary votes last" -- sec vote cast --item "$I1" --choice yes
expect_rc 0 "vote show" -- sec vote show --item "$I1"
expect_eq "every ballot stored once" "$(jget vote.yes)" "$N"
expect_eq "no ballot row twice" "$(yi_sql "select count(*) from ballots where item_id = $I1")" "$N"
expect_eq "one trail entry per ballot" \
    "$(yi_sql "select count(*) from trail where action = 'vote.cast' and payload::json->>'item' = '$I1'")" "$N"
expect_rc 0 "close" -- sec vote close --item "$I1"
expect_eq "passed" "$(jget result.outcome)" passed

# The same through two daemons at once.
sed -e 's/^port_file = .*/port_file = yishid-b.port/' \
    -e 's/^pid_file = .*/pid_file = yishid-b.pid/' \
    "$INST/yishid.conf" >"$INST/yishid-b.conf"
"$YISHID" -c "$INST/yishid-b.conf" >>"$T/daemon-b.log" 2>&1 &
PID_B=$!
for _ in $(seq 1 200); do [ -s "$INST/yishid-b.port" ] && break; sleep 0.1; done
SERVER_A=$YISHI_SERVER
SERVER_B=127.0.0.1:$(cat "$INST/yishid-b.port")
for _ in $(seq 1 100); do
	YISHI_SERVER=$SERVER_B yi admin whoami >/dev/null 2>&1 && break
	sleep 0.1
done

ym_start "$I2"
ym_state_all "$I2" agree $MEMBERS
ym_state_all "$I2" agree sec
expect_rc 0 "a second roll-call vote" -- sec vote open --item "$I2" --method roll_call
pids=()
k=0
for m in $MEMBERS; do
	k=$((k + 1))
	if [ $((k % 2)) -eq 0 ]; then s=$SERVER_A; else s=$SERVER_B; fi
	YISHI_SERVER=$s yi $m --json vote cast --item "$I2" --choice no >"$T/cast2.$m" 2>&1 &
	pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
expect_eq "ballots raced through two daemons are all acknowledged" "$fails" 0
expect_rc 0 "the secretary votes last" -- sec vote cast --item "$I2" --choice yes
expect_rc 0 "vote show" -- sec vote show --item "$I2"
expect_eq "every ballot stored once (no)" "$(jget vote.no)" "$((N - 1))"
expect_eq "and the secretary's" "$(jget vote.yes)" 1
expect_rc 0 "the trail verifies after the race" -- sec audit verify --body "$B"
kill -TERM $PID_B
wait $PID_B && ok "daemon B exits 0" || not_ok "daemon B exit status"
