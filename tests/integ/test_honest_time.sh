#!/usr/bin/env bash
# Time is honest and N is fixed when the meeting opens (issue 12, findings
# 4 and 6):
# - a meeting cannot be scheduled in the past beyond schedule_past_minutes
#   (40 days ago, 1970-01-01, 0001-01-01 are refused, a few minutes ago is
#   not); the minutes show when it was actually held beside its scheduled
#   time, which is the meeting.open and meeting.close entries' own time
#   (chosen and vouched for by the daemon); a database superuser moving meetings.opened_at is caught by
#   `audit verify` (exit 6, naming the meeting.open entry);
# - N is the voting seats when the meeting opens: a seat added or removed
#   while it runs changes neither N, nor the pass threshold, nor the quorum
#   (each case chosen so that a moved N would change the outcome); a seat
#   added meanwhile attends but neither states nor votes; a superuser
#   changing meetings.n is caught by `audit verify`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

export XDG_STATE_HOME=$T/state
yi_setup
ym_identities

# has WHAT TEXT NEEDLE...: every needle is in the text.
has() {
	local what=$1 text=$2 n
	shift 2
	for n in "$@"; do
		case $text in
		*"$n"*) ;;
		*) not_ok "$what: '$n' missing from: $text"; return ;;
		esac
	done
	ok "$what"
}

# A time in the instance zone: ago MINUTES, or a date-time literal.
ago() {
	TZ=Asia/Shanghai date -d "-$1 min" +%Y-%m-%dT%H:%M:%S+08:00
}

# ---------------------------------------------------------------------------
echo "# Backdating is refused"
ym_body party_group 7
before=$(yi_sql "select count(*) from meetings where body_id = $B")
for at in "$(TZ=Asia/Shanghai date -d '-40 days' +%Y-%m-%dT%H:%M:%S+08:00)" \
    1970-01-01T08:00:00+08:00 0001-01-01T09:00:00+08:00 "$(ago 30)"; do
	expect_rc 2 "an urgent meeting at $at is refused" -- off meeting schedule \
	    --body "$B" --title 补开的会 --at "$at" --urgent --reason 补记
	expect_eq "as invalid_argument" "$(jget error.code)" invalid_argument
	has "the message says the time is in the past" "$(jget error.message)" \
	    会议时间早于现在 "$at"
done
yj off --lang en meeting schedule --body "$B" --title 补开的会 \
    --at 1970-01-01T08:00:00+08:00 --urgent --reason 补记
has "and in English" "$(jget error.message)" "the meeting time is in the past"
expect_rc 2 "a non-urgent one too" -- off meeting schedule --body "$B" \
    --title 补开的会 --at "$(ago 600)"
expect_eq "no meeting row was written" \
    "$(yi_sql "select count(*) from meetings where body_id = $B")" "$before"
expect_eq "nor a trail entry" \
    "$(yi_sql "select count(*) from trail where body_id = $B and action = 'meeting.schedule'")" 0
expect_rc 0 "five minutes ago is within the tolerance (clock skew)" -- \
    off meeting schedule --body "$B" --title 刚开始的会 --at "$(ago 5)" \
    --urgent --reason 临时
expect_rc 0 "and the future is fine" -- off meeting schedule --body "$B" \
    --title 下次会 --at "$(yi_at 60)" --urgent --reason 临时

# ---------------------------------------------------------------------------
echo "# Seat added mid-meeting: N stays 7, the threshold with it"
# 7 voting seats, all present: N = 7. A seat is added while it runs and
# its holder checks in: with N moved to 8, 4 yes would fail 2*4 > 8.
ym_schedule
MA=$M
ym_item ordinary
IA=$I
ym_notify
ym_checkin sec m1 m2 m3 m4 m5 m6
ym_open
expect_eq "opened with N = 7 in the trail" \
    "$(yi_sql "select payload::json->>'n' from trail where body_id = $B and action = 'meeting.open'")" 7
expect_rc 0 "a member's seat is added while the meeting runs" -- admin seat add \
    --body "$B" --identity m7 --display 委员7 --role member --rank 9
expect_rc 0 "the new member checks in (attends)" -- m7 checkin --meeting "$MA"
expect_rc 0 "meeting status" -- sec meeting status --meeting "$MA"
expect_eq "N is still 7, 7 present (the new seat is not counted)" \
    "$(jget meeting.quorum.n):$(jget meeting.quorum.present)" 7:7
ym_start "$IA"
expect_rule R-LAST-2 "the new member cannot state" -- m7 state --item "$IA" \
    --position agree --text 同意
has "naming why" "$(jget error.message)" 会议开始之后 应到人数
ym_state_all "$IA" agree m1 m2 m3 m4 m5 m6
ym_state_all "$IA" agree sec
expect_rc 0 "the round is complete without the new member: vote opens" -- \
    sec vote open --item "$IA" --method roll_call
expect_eq "its electorate is the 7 of N" \
    "$(yi_sql "select count(*) || ':' || count(*) filter (where member = 'm7') from vote_electorate where body_id = $B and item_id = $IA")" 7:0
expect_rule R-VOTE-6 "the new member cannot vote" -- m7 vote cast --item "$IA" \
    --choice yes
ym_cast_all "$IA" yes m1 m2 m3
ym_cast_all "$IA" no m4
ym_cast_all "$IA" abstain m5 m6
ym_cast_all "$IA" yes sec
expect_rc 0 "the vote closes" -- sec vote close --item "$IA"
expect_eq "4 yes of N = 7 passes (2*4 > 7)" \
    "$(jget result.outcome):$(jget result.n):$(jget result.present):$(jget result.yes)" \
    passed:7:7:4
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$MA"
expect_rc 0 "meeting status after the close" -- sec meeting status --meeting "$MA"
expect_eq "N is still the 7 fixed at the opening" "$(jget meeting.quorum.n)" 7
OPENED=$(jget meeting.opened_at)
CLOSED=$(jget meeting.closed_at)
AT=$(jget meeting.at)
expect_eq "the record has the actual opening and close" \
    "$([ -n "$OPENED" ] && [ -n "$CLOSED" ] && echo yes)" yes
expect_eq "opened by the server's clock, now (not the scheduled time)" \
    "$(yi_sql "select abs(extract(epoch from opened_at - now())) < 300 and opened_at <> at from meetings where body_id = $B and id = $MA")" t
expect_eq "the opening, close and notice are the trail entries' own times, which the daemon vouched for" \
    "$(yi_sql "select count(*) from meetings mt join trail t on t.body_id = mt.body_id and (t.payload::json->>'meeting')::bigint = mt.id where mt.body_id = $B and mt.id = $MA and ((t.action = 'meeting.open' and t.at = mt.opened_at) or (t.action = 'meeting.close' and t.at = mt.closed_at) or (t.action = 'meeting.notify' and t.at = mt.noticed_at))")" 3

echo "# The minutes show the actual times"
TXT=$(yi rec minutes show --meeting "$MA" 2>&1)
has "text minutes: held from the opening to the close, and the scheduled time" \
    "$TXT" "召开时间：$OPENED 至 $CLOSED" "原定时间：$AT"
MD=$(yi rec minutes show --meeting "$MA" --format markdown 2>&1)
has "markdown minutes too" "$MD" "- 召开时间：$OPENED 至 $CLOSED" "- 原定时间：$AT"
EN=$(yi rec --lang en minutes show --meeting "$MA" 2>&1)
has "and in English" "$EN" "held: $OPENED to $CLOSED" "scheduled for: $AT"

# ---------------------------------------------------------------------------
echo "# Seat removed mid-meeting: N stays 8, the threshold with it"
# 8 voting seats (m7 now holds one), all present: N = 8. A seat is
# removed while it runs: with N moved to 7, 4 yes would pass 2*4 > 7.
ym_schedule
MB=$M
ym_item ordinary
IB=$I
ym_notify
ym_checkin sec m1 m2 m3 m4 m5 m6 m7
ym_open
expect_rc 0 "m7's seat is removed while the meeting runs" -- admin seat remove \
    --body "$B" --identity m7
expect_rc 0 "and m8 is given a seat, and never comes" -- admin seat add \
    --body "$B" --identity m8 --display 委员8 --role member --rank 10
expect_rc 0 "meeting status" -- sec meeting status --meeting "$MB"
expect_eq "N is still 8, 7 present" \
    "$(jget meeting.quorum.n):$(jget meeting.quorum.present)" 8:7
ym_start "$IB"
ym_state_all "$IB" agree m1 m2 m3 m4 m5 m6 sec
expect_rc 0 "the vote opens" -- sec vote open --item "$IB" --method roll_call
ym_cast_all "$IB" yes m1 m2 m3
ym_cast_all "$IB" no m4
ym_cast_all "$IB" abstain m5 m6
ym_cast_all "$IB" yes sec
expect_rc 0 "the vote closes" -- sec vote close --item "$IB"
expect_eq "4 yes of N = 8 is rejected (2*4 > 8 fails)" \
    "$(jget result.outcome):$(jget result.n):$(jget result.present)" rejected:8:7
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$MB"
expect_eq "m8 (not in N) is not recorded absent" \
    "$(yi_sql "select count(*) from attendance where body_id = $B and meeting_id = $MB and identity = 'm8'")" 0

# ---------------------------------------------------------------------------
echo "# Quorum against the fixed N, seats removed and added mid-meeting"
# 8 voting seats, 6 present: N = 8, the meeting opens (2*6 >= 8). One
# present seat is removed: 5 present, and a personnel item needs
# 3*present > 2*8 (6); with N moved to 7, 5 would do (15 > 14). Then a new
# seat checks in: present would be 6 with N = 8 if it counted.
ym_meeting party_group 8 "sec m1 m2 m3 m4 m5" personnel
B3=$B
expect_rc 0 "m5's seat (present) is removed" -- admin seat remove --body "$B" \
    --identity m5
expect_rule R-QUORUM-2 "the personnel item cannot start: 5 present of N = 8" -- \
    sec item start --item "$I"
has "counted against N = 8" "$(jget error.message)" 应到8人 实到5人
expect_rc 0 "a new member's seat is added" -- admin seat add --body "$B" \
    --identity m8 --display 委员8 --role member --rank 9
expect_rc 0 "and the new member checks in" -- m8 checkin --meeting "$M"
expect_rule R-QUORUM-2 "still no quorum: the new seat is not present in N" -- \
    sec item start --item "$I"
has "still 5 of 8" "$(jget error.message)" 应到8人 实到5人
expect_rc 0 "m6 arrives (a seat of N)" -- m6 checkin --meeting "$M"
expect_rc 0 "6 of N = 8 present: the item starts (3*6 > 16)" -- \
    sec item start --item "$I"
expect_rc 0 "m7's seat (never came) is removed" -- admin seat remove \
    --body "$B" --identity m7
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"
expect_eq "m7, a seat of N, is recorded absent; m8, present, not" \
    "$(yi_sql "select string_agg(identity || '=' || state, ',' order by identity) from attendance where body_id = $B and meeting_id = $M and identity in ('m7', 'm8')")" \
    m7=absent,m8=present
TXT=$(yi rec minutes show --meeting "$M" 2>&1)
has "the minutes list m7 absent" "$TXT" 缺席：委员7

# ---------------------------------------------------------------------------
echo "# The database superuser moves the times or N: audit verify catches it"
B=$(yi_sql "select body_id from meetings where id = $MA")
open_a=$(yi_sql "select seq from trail where body_id = $B and action = 'meeting.open' and payload::json->>'meeting' = '$MA'")
close_a=$(yi_sql "select seq from trail where body_id = $B and action = 'meeting.close' and payload::json->>'meeting' = '$MA'")
expect_rc 0 "the untouched trail verifies" -- insp audit verify --body "$B"
expect_rc 0 "and the third body's" -- insp audit verify --body "$B3"

yi_sql "UPDATE meetings SET opened_at = opened_at - interval '40 days' WHERE body_id = $B AND id = $MA" >/dev/null
expect_rc 6 "an opening moved back 40 days is caught" -- insp audit verify --body "$B"
expect_eq "naming the meeting.open entry" "$(jget error.seq)" "$open_a"
yi_sql "UPDATE meetings SET opened_at = opened_at + interval '40 days' WHERE body_id = $B AND id = $MA" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

yi_sql "UPDATE meetings SET closed_at = closed_at + interval '2 hours' WHERE body_id = $B AND id = $MA" >/dev/null
expect_rc 6 "a close moved later is caught" -- insp audit verify --body "$B"
expect_eq "naming the meeting.close entry" "$(jget error.seq)" "$close_a"
yi_sql "UPDATE meetings SET closed_at = closed_at - interval '2 hours' WHERE body_id = $B AND id = $MA" >/dev/null

nextm=$(yi_sql "select id from meetings where body_id = $B and title = '下次会'")
yi_sql "UPDATE meetings SET opened_at = now() - interval '40 days' WHERE body_id = $B AND id = $nextm" >/dev/null
expect_rc 6 "an opening time for a meeting never opened is caught" -- insp audit verify --body "$B"
has "naming the meeting's row" "$(jget error.message)" "meeting $nextm"
yi_sql "UPDATE meetings SET opened_at = NULL WHERE body_id = $B AND id = $nextm" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

yi_sql "UPDATE meetings SET n = 8 WHERE body_id = $B AND id = $MA" >/dev/null
expect_rc 6 "meetings.n changed from 7 to 8 is caught" -- insp audit verify --body "$B"
expect_eq "naming the meeting.open entry" "$(jget error.seq)" "$open_a"
yi_sql "UPDATE meetings SET n = 7 WHERE body_id = $B AND id = $MA" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"
