#!/usr/bin/env bash
# What a decision depends on is in the trail (issue 12, finding 3): a
# body's profile and version (body.create) and its seats (seat.add,
# seat.remove). A PostgreSQL superuser changes them in their tables, as an
# attacker would, with no trail entry: the profile in bodies, a seat's
# role, a seat inserted. The daemon decides by the profile the trail
# established; `audit verify` exits 6 naming the entry the change
# contradicts, online, from a bundle exported after the change, and for a
# verifier that never saw the trail before. The untouched trail verifies
# in all three.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

export XDG_STATE_HOME=$T/state
yi_setup
ym_identities
cp "$INST/ca.pem" "$T/inspector-ca.pem"
FRESH=0

# verify3 RC WHAT [SEQ]: audit verify of body $B exits RC (naming entry SEQ
# when given) online, from a bundle exported now, and with a state folder
# that never saw the trail.
verify3() {
	local rc=$1 what=$2 seq=${3:-}
	expect_rc "$rc" "$what: online" -- insp audit verify --body "$B"
	[ -n "$seq" ] && expect_eq "$what: online names entry $seq" \
	    "$(jget error.seq)" "$seq"
	expect_rc 0 "$what: export a bundle" -- insp audit export --body "$B" \
	    --out "$T/b$B.bundle"
	expect_rc "$rc" "$what: from the bundle" -- insp audit verify \
	    --bundle "$T/b$B.bundle" --ca "$T/inspector-ca.pem"
	[ -n "$seq" ] && expect_eq "$what: the bundle names entry $seq" \
	    "$(jget error.seq)" "$seq"
	FRESH=$((FRESH + 1))
	XDG_STATE_HOME=$T/fresh$FRESH expect_rc "$rc" \
	    "$what: a verifier that never saw the trail" -- \
	    insp audit verify --body "$B"
	[ -n "$seq" ] && expect_eq "$what: the new verifier names entry $seq" \
	    "$(jget error.seq)" "$seq"
}

# The seq of body $B's entry ACTION whose payload has KEY = VALUE.
entry() {
	yi_sql "select min(seq) from trail where body_id = $B and action = '$1' and payload::json->>'$2' = '$3'"
}

# --- 1. The profile -------------------------------------------------------

ym_meeting party_group 5 "sec m1 m2 m3 m4" ordinary ordinary
I1=${ITEMS[0]}
I2=${ITEMS[1]}
expect_eq "body.create records the profile and its version" \
    "$(yi_sql "select payload::json->>'profile' || ' v' || (payload::json->>'profile_version') from trail where body_id = $B and seq = 1 and action = 'body.create'")" \
    "party_group v1"
ym_start "$I1"
ym_state_all "$I1" agree m1 m2 m3 m4 sec
expect_rc 0 "a roll-call vote on item 1" -- sec vote open --item "$I1" --method roll_call
ym_cast_all "$I1" yes m1 m2 m3 m4 sec
expect_rc 0 "the vote closes" -- sec vote close --item "$I1"
expect_eq "under party_group v1" "$(jget result.profile):$(jget result.profile_version)" \
    "party_group:1"
verify3 0 "the untouched trail verifies"

yi_sql "UPDATE bodies SET profile = 'topic' WHERE id = $B" >/dev/null
expect_eq "the superuser changed the body's profile row" \
    "$(yi_sql "select profile from bodies where id = $B")" topic
ym_start "$I2"
ym_state_all "$I2" agree m1 m2 m3 m4 sec
expect_rc 3 "the chair still cannot decide item 2 without a vote: the trail's profile decides" -- \
    sec item decide --item "$I2" --text 就这么定
expect_rc 0 "the vote on item 2 opens" -- sec vote open --item "$I2" --method roll_call
ym_cast_all "$I2" yes m1 m2 m3 m4 sec
expect_rc 0 "and closes" -- sec vote close --item "$I2"
expect_eq "under the trail's party_group v1, not the row's topic" \
    "$(jget result.profile):$(jget result.profile_version)" "party_group:1"
verify3 6 "a profile changed in the bodies table" 1
if grep -q "its row says profile topic but its trail established party_group" "$T/daemon.log"; then
	ok "the daemon logs the difference"
else
	not_ok "the daemon logs the difference"
fi
yi_sql "UPDATE bodies SET profile = 'party_group' WHERE id = $B" >/dev/null
verify3 0 "put back, it verifies"

# --- 2. A member made secretary, and put back -----------------------------

ym_meeting party_group 5 "sec m1 m2 m3 m4" ordinary
ym_start "$I"
verify3 0 "the second body's untouched trail verifies"
# The secretary's seat goes to m1 for the statements: sec may then state
# first, and m1 closes the round; then the rows are put back.
yi_sql "UPDATE seats SET role = 'member' WHERE body_id = $B AND identity = 'sec';
    UPDATE seats SET role = 'secretary' WHERE body_id = $B AND identity = 'm1'" >/dev/null
verify3 6 "roles swapped in the seats table" "$(entry seat.add identity sec)"
expect_rc 0 "sec, now a member in the table, states first" -- \
    sec state --item "$I" --position agree --text 先说
ym_state_all "$I" agree m2 m3 m4 m1
yi_sql "UPDATE seats SET role = 'member' WHERE body_id = $B AND identity = 'm1';
    UPDATE seats SET role = 'secretary' WHERE body_id = $B AND identity = 'sec'" >/dev/null
verify3 6 "the roles put back, the order of statements still shows it" \
    "$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and payload::json->>'member' = 'm2'")"

# --- 3. A seat inserted with no entry -------------------------------------

ym_body party_group 5
ym_schedule
ym_item ordinary
ym_notify
verify3 0 "the third body's untouched trail verifies"
yi_sql "INSERT INTO seats (body_id, identity, role, display, rank)
    VALUES ($B, 'm5', 'member', '委员5', 9)" >/dev/null
verify3 6 "a seat inserted with no entry is a row of the record with no entry" 0
ym_checkin sec m1 m2 m3 m4 m5
ym_open
expect_rc 0 "meeting status" -- sec meeting status --meeting "$M"
expect_eq "the daemon counts it in N" "$(jget meeting.quorum.n)" 6
verify3 6 "N at the opening counts a seat the trail never gave" \
    "$(entry meeting.open meeting "$M")"
ym_start "$I"
expect_rc 0 "the inserted seat states" -- m5 state --item "$I" --position agree --text 插入
yi_sql "DELETE FROM seats WHERE body_id = $B AND identity = 'm5'" >/dev/null
verify3 6 "the seat deleted again, the opening still shows it" \
    "$(entry meeting.open meeting "$M")"

# --- 4. The calendar -------------------------------------------------------

# Today and tomorrow are holidays by the instance's calendar.set entries:
# a regular meeting the day after tomorrow is noticed too late today. The
# superuser makes tomorrow a working day in the calendar table: the daemon
# counts working days by the trail's entries, so the notice is still late.
D1=$(ym_day 1) D2=$(ym_day 2)
ym_cal 0 holiday 1 holiday
ym_body party_group 3
expect_rc 0 "a regular meeting the day after tomorrow" -- off meeting schedule \
    --body "$B" --title 后日例会 --at "${D2}T09:00:00+08:00"
M=$(jget meeting.id)
expect_rule R-NOTICE-1 "today and tomorrow holidays: too late to notice it" -- \
    off meeting notify --meeting "$M"
yi_sql "UPDATE calendar SET workday = true WHERE day = '$D1'" >/dev/null
expect_eq "the superuser made tomorrow a working day in the table" \
    "$(yi_sql "select workday from calendar where day = '$D1'")" t
expect_rule R-NOTICE-1 "the table says so, the trail does not: still too late" -- \
    off meeting notify --meeting "$M"
ym_cal 1 workday
expect_rc 0 "the admin makes tomorrow a make-up working day: the notice goes out" -- \
    off meeting notify --meeting "$M"
n=$(entry meeting.notify meeting "$M")
expect_eq "the notice records the last working day it counted, and the calendar days" \
    "$(yi_sql "select (payload::json->>'notice_by') || ' ' || (payload::json->>'calendar') from trail where body_id = $B and seq = $n")" \
    "$D1 $D1:workday"
verify3 0 "the notice's working days count again"

# A director's meeting: the proposal records the day proposals close, three
# working days before the meeting, and the calendar days it counted over.
ym_body director_office 4
expect_rc 0 "a regular director's meeting in ten days" -- off meeting schedule \
    --body "$B" --title 局长办公会 --at "$(ym_day 10)T09:00:00+08:00"
M=$(jget meeting.id)
expect_rc 0 "an item proposed in time" -- m1 agenda propose --meeting "$M" \
    --title 议题 --category ordinary
n=$(entry agenda.propose item "$(jget item.id)")
expect_eq "it records the day proposals close and the meeting day" \
    "$(yi_sql "select (payload::json->>'proposals_close' < payload::json->>'meeting_day') || ' ' || (payload::json->>'meeting_day') from trail where body_id = $B and seq = $n")" \
    "true $(ym_day 10)"
verify3 0 "the proposal's working days count again"
