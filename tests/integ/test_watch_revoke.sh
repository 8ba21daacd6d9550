#!/usr/bin/env bash
# A watch ends when its permission does (issue 11, R-CONF-1): a member whose
# seat is removed, whose seat becomes an observer's, or whose identity is
# disabled, stops receiving the meeting's events at once, and the CLI says
# why (exit 4). A watcher whose seat stays keeps receiving everything.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

ym_body party_group 6
ym_schedule
ym_item ordinary
IO=$I
ym_notify

# Starts a watcher as $1 ($2: --lang) writing to $T/watch.$1; sets WPID_$1.
watch_start() {
	"$YISHI" --identity "$INST/identities/$1" --timeout 20 ${2:+--lang $2} \
	    ${3:+--json} watch --meeting "$M" >"$T/watch.$1" 2>"$T/watch.$1.err" &
	eval "WPID_$1=\$!"
}
watch_start insp "" json
watch_start m3 "" ""
watch_start m4 en ""
watch_start m5 "" json
sleep 2
for w in insp m3 m4 m5; do
	eval "pid=\$WPID_$w"
	kill -0 "$pid" 2>/dev/null && ok "the $w watcher is running" ||
	    not_ok "the $w watcher is running: $(cat "$T/watch.$w" "$T/watch.$w.err")"
done

expect_rc 0 "sec checks in" -- sec checkin --meeting "$M"
# Waits up to 5 s for $2 to appear in $T/watch.$1.
wait_for() {
	local i
	for i in $(seq 1 50); do
		grep -q "$2" "$T/watch.$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# The human watchers print the snapshot and a heading first.
wait_for insp '"kind":"checkin"' && ok "insp sees sec's check-in" ||
    not_ok "insp sees sec's check-in: $(cat "$T/watch.insp")"
wait_for m5 '"kind":"checkin"' && ok "m5 sees sec's check-in" ||
    not_ok "m5 sees sec's check-in: $(cat "$T/watch.m5")"
wait_for m3 '^[0-9:]*  书记 签到' && ok "m3 sees sec's check-in" ||
    not_ok "m3 sees sec's check-in: $(cat "$T/watch.m3")"
wait_for m4 '^[0-9:]*  书记 checked in' && ok "m4 sees sec's check-in" ||
    not_ok "m4 sees sec's check-in: $(cat "$T/watch.m4")"

# Waits up to 5 s for watcher $1 to exit; sets WRC.
wait_exit() {
	local i pid
	eval "pid=\$WPID_$1"
	WRC=running
	for i in $(seq 1 50); do
		if ! kill -0 "$pid" 2>/dev/null; then
			WRC=0
			wait "$pid" || WRC=$?
			return 0
		fi
		sleep 0.1
	done
}

# 1. The seat is removed: the stream ends at once, exit 4, with a reason.
expect_rc 0 "the admin removes m3's seat" -- admin seat remove --body "$B" --identity m3
wait_exit m3
expect_eq "m3's watch ends at once with exit 4" "$WRC" 4
grep -q "席位已被撤销" "$T/watch.m3.err" && ok "m3 is told why, in Chinese" ||
    not_ok "m3 is told why: $(cat "$T/watch.m3" "$T/watch.m3.err")"

# 2. The identity is disabled: the same, in English with --lang en.
expect_rc 0 "the admin disables m4" -- admin identity disable m4
wait_exit m4
expect_eq "m4's watch ends at once with exit 4" "$WRC" 4
grep -q "identity was disabled" "$T/watch.m4.err" && ok "m4 is told why, in English" ||
    not_ok "m4 is told why: $(cat "$T/watch.m4" "$T/watch.m4.err")"

# 3. The seat becomes an observer's (who does not read statements): the
#    same, and --json prints the error object.
expect_rc 0 "the admin makes m5 an observer" -- admin seat add --body "$B" \
    --identity m5 --display 委员5 --role observer
wait_exit m5
expect_eq "m5's watch ends at once with exit 4" "$WRC" 4
for w in m3 m4 m5; do
	eval "LINES_$w=$(grep -c "" "$T/watch.$w")"
done
grep -q '"code":"permission"' "$T/watch.m5" && ok "m5's JSON names the permission error" ||
    not_ok "m5's JSON error: $(cat "$T/watch.m5" "$T/watch.m5.err")"

# What happens next reaches the inspector, and none of the three.
expect_rc 0 "m1 checks in" -- m1 checkin --meeting "$M"
expect_rc 0 "m2 checks in" -- m2 checkin --meeting "$M"
expect_rc 0 "the meeting opens" -- sec meeting open --meeting "$M"
expect_rc 0 "the item starts" -- sec item start --item "$IO"
expect_rc 0 "m1 states" -- m1 state --item "$IO" --position agree --text 同意
wait_for insp '"kind":"statement"' && ok "the inspector keeps receiving (m1's statement)" ||
    not_ok "the inspector keeps receiving: $(cat "$T/watch.insp")"
for w in m3 m4 m5; do
	eval "want=\$LINES_$w"
	if [ "$(grep -c "" "$T/watch.$w")" -eq "$want" ] &&
	    ! grep -q '"statement"\|"opened"' "$T/watch.$w"; then
		ok "$w received nothing after the end"
	else
		not_ok "$w received nothing after the end: $(cat "$T/watch.$w")"
	fi
done

# The legitimate watcher stays until it is interrupted, exit 0.
eval "pid=\$WPID_insp"
kill -INT "$pid" 2>/dev/null
rc=0
wait "$pid" || rc=$?
expect_eq "the inspector's watch ends with exit 0 on SIGINT" "$rc" 0

# And a removed seat cannot watch again.
expect_perm "m3 cannot watch again" -- m3 watch --meeting "$M"
expect_perm "m5, now an observer, cannot watch" -- m5 watch --meeting "$M"
grep -q "watch of meeting $M by m3 ended: seat_removed" "$T/daemon.log" &&
    ok "the daemon logs the ended watch" || not_ok "the daemon logs the ended watch"

