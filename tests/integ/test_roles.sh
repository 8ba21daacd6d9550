#!/usr/bin/env bash
# Who may do what: each role is refused what it may not do, with exit 4 and
# the JSON error code "permission", and a refusal changes nothing. Also:
# --help works without a server.
. "$(dirname "$0")/lib.sh"

yi_setup
yi_issue sec m1 m2 m3 rec off insp obs out

# Row counts that any change would move.
snapshot() {
	yi_sql "select (select count(*) from trail) || '/' ||
	    (select count(*) from bodies) || '/' || (select count(*) from seats)
	    || '/' || (select count(*) from identities where disabled) || '/' ||
	    (select count(*) from items where state = 'proposed') || '/' ||
	    (select count(*) from statements) || '/' || (select count(*) from ballots)"
}

# denied WHAT -- WHO ARGS...: exit 4, code permission, nothing written.
denied() {
	local what=$1 before
	before=$(snapshot)
	expect_rc 4 "$@"
	expect_eq "$what: JSON error code" "$(jget error.code)" permission
	expect_eq "$what: nothing changed" "$(snapshot)" "$before"
}

expect_rc 0 "admin creates a body" -- admin body create --name 党组 --kind party_group
B=$(jget body.id)
for s in sec:secretary m1:member m2:member m3:member rec:recorder \
    off:office insp:inspector obs:observer; do
	expect_rc 0 "${s%%:*} seated as ${s#*:}" -- admin seat add --body "$B" \
	    --identity "${s%%:*}" --display "${s%%:*}" --role "${s#*:}"
done

denied "a member creates a body" -- m1 body create --name 另一党组 --kind party_group
denied "a member adds a seat" -- m1 seat add --body "$B" --identity out --display 外人 --role member
denied "a member disables an identity" -- m1 identity disable m2
expect_rc 0 "m2 is still served" -- m2 whoami

expect_rc 0 "office schedules a meeting" -- off meeting schedule --body "$B" --title 党组会议 --at "$(yi_at 10)" --urgent --reason 督办
M=$(jget meeting.id)
expect_rc 0 "m1 proposes an item" -- m1 agenda propose --meeting "$M" --title 议题一 --category ordinary
I=$(jget item.id)
expect_rc 0 "m2 proposes an item" -- m2 agenda propose --meeting "$M" --title 议题二 --category ordinary
I2=$(jget item.id)
denied "a member approves an item" -- m1 agenda approve --item "$I2"
expect_rc 0 "the item is still proposed" -- sec meeting status --meeting "$M"
expect_eq "item 2 state" "$(jget meeting.items.1.state)" proposed
denied "a non-member reads the meeting's status" -- out meeting status --meeting "$M"

expect_rc 0 "secretary approves item 1" -- sec agenda approve --item "$I"
expect_rc 0 "office sends the notice" -- off meeting notify --meeting "$M"
for n in sec m1 m2 m3 rec; do
	expect_rc 0 "$n checks in" -- $n checkin --meeting "$M"
done
expect_rc 0 "secretary opens the meeting" -- sec meeting open --meeting "$M"
expect_rc 0 "secretary starts item 1" -- sec item start --item "$I"

denied "an observer states" -- obs state --item "$I" --position agree --text 同意
for n in m1 m2 m3 sec; do
	expect_rc 0 "$n states" -- $n state --item "$I" --position agree
done
expect_rc 0 "roll-call vote opens" -- sec vote open --item "$I" --method roll_call
expect_rc 0 "m1 votes yes" -- m1 vote cast --item "$I" --choice yes
denied "an inspector votes" -- insp vote cast --item "$I" --choice no
denied "an observer votes" -- obs vote cast --item "$I" --choice no
expect_rc 0 "vote show" -- insp vote show --item "$I"
expect_eq "yes unchanged" "$(jget vote.yes)" 1
expect_eq "no unchanged" "$(jget vote.no)" 0
expect_eq "one ballot" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["vote"]["ballots"]))')" 1

# --help: exit 0 and a usage text, no server needed.
for c in "" "vote cast" "meeting status" "seat add"; do
	H=$(YISHI_SERVER=127.0.0.1:1 "$YISHI" --lang en $c --help 2>&1)
	RC=$?
	case "$RC:$H" in
	0:*Usage*) ok "yishi ${c:+$c }--help: exit 0, usage" ;;
	*) not_ok "yishi ${c:+$c }--help: exit $RC: $(echo "$H" | head -n 2)" ;;
	esac
done
H=$("$YISHI" --lang en vote cast --help 2>&1)
case $H in
*--item*--choice*) ok "vote cast --help names its options" ;;
*) not_ok "vote cast --help: $H" ;;
esac
expect_rc 2 "an unknown command is a usage error" -- m1 nosuch
expect_eq "... JSON error code usage" "$(jget error.code)" usage
