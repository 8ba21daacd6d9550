#!/usr/bin/env bash
# The foundation slice: a five-member party group holds an urgent meeting
# with one ordinary item, statements with the secretary last, a roll-call
# vote 5 yes -> passed; the minutes hold the item and the trail verifies.
. "$(dirname "$0")/lib.sh"

yi_setup
yi_issue sec m1 m2 m3 m4 rec off insp

expect_rc 0 "admin creates a party group" -- admin body create --name 某局党组 --kind party_group
B=$(jget body.id)
expect_eq "the body gets the party_group profile" "$(jget body.profile)" party_group
expect_rc 0 "secretary seated" -- admin seat add --body "$B" --identity sec --display 书记 --role secretary
for i in 1 2 3 4; do
	expect_rc 0 "member $i seated" -- admin seat add --body "$B" --identity m$i --display 委员$i --role member
done
expect_rc 0 "recorder seated" -- admin seat add --body "$B" --identity rec --display 记录人 --role recorder
expect_rc 0 "office seated" -- admin seat add --body "$B" --identity off --display 办公室 --role office
expect_rc 0 "inspector seated" -- admin seat add --body "$B" --identity insp --display 纪检组长 --role inspector

expect_rc 0 "office schedules an urgent meeting" -- off meeting schedule --body "$B" --title 党组会议 --at "$(yi_at 10)" --urgent --reason 上级督办
M=$(jget meeting.id)
expect_rc 0 "member proposes an ordinary item" -- m1 agenda propose --meeting "$M" --title 年度工作要点 --category ordinary
I=$(jget item.id)
expect_eq "item keeps its class" "$(jget item.category)" ordinary
expect_rc 0 "secretary approves the item" -- sec agenda approve --item "$I"
expect_rc 0 "office sends the notice" -- off meeting notify --meeting "$M"

for n in sec m1 m2 m3 m4 rec; do
	expect_rc 0 "$n checks in" -- $n checkin --meeting "$M"
done
expect_rc 0 "status shows quorum" -- sec meeting status --meeting "$M"
expect_eq "N is the five voting seats" "$(jget meeting.quorum.n)" 5
expect_eq "five present" "$(jget meeting.quorum.present)" 5
expect_rc 0 "secretary opens the meeting" -- sec meeting open --meeting "$M"
expect_eq "meeting is open" "$(jget meeting.state)" open
expect_rc 0 "secretary starts the item" -- sec item start --item "$I"

for i in 1 2 3 4; do
	expect_rc 0 "member $i states" -- m$i state --item "$I" --position agree --text 同意
done
expect_rc 0 "secretary states last" -- sec state --item "$I" --position agree
expect_rc 0 "roll-call vote opens" -- sec vote open --item "$I" --method roll_call
for i in 1 2 3 4; do
	expect_rc 0 "member $i votes yes" -- m$i vote cast --item "$I" --choice yes
done
expect_rc 0 "secretary votes last" -- sec vote cast --item "$I" --choice yes
expect_rc 0 "vote closes" -- sec vote close --item "$I"
expect_eq "outcome passed" "$(jget result.outcome)" passed
expect_eq "5 yes" "$(jget result.yes)" 5
expect_eq "0 no" "$(jget result.no)" 0
expect_eq "0 not voting" "$(jget result.not_voting)" 0
expect_eq "pass rule named" "$(jget result.rule)" R-VOTE-5

expect_rc 0 "vote show lists ballots" -- insp vote show --item "$I"
expect_eq "ballots per member in seat order (open method)" "$(jget vote.ballots.1.member)" m1
expect_eq "the secretary's ballot comes first in seat order" "$(jget vote.ballots.0.member)" sec
expect_eq "ballot choice" "$(jget vote.ballots.1.choice)" yes
expect_eq "ballot display name" "$(jget vote.ballots.1.display)" 委员1

expect_rc 0 "secretary closes the meeting" -- sec meeting close --meeting "$M"
expect_eq "meeting is closed" "$(jget meeting.state)" closed

expect_rc 0 "minutes as JSON" -- rec minutes show --meeting "$M" --format json
expect_eq "minutes hold the item" "$(jget minutes.items.0.title)" 年度工作要点
expect_eq "minutes hold the outcome" "$(jget minutes.items.0.vote.outcome)" passed
expect_eq "minutes hold statements in order, secretary last" \
    "$(jget minutes.items.0.statements.4.member)" sec
case $(jget minutes.items.0.statements.0.at) in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+08:00)
	ok "statement times are RFC 3339 in the instance time zone" ;;
*) not_ok "statement time: $(jget minutes.items.0.statements.0.at)" ;;
esac
TXT=$(yi rec minutes show --meeting "$M")
case $TXT in
*年度工作要点*通过*) ok "text minutes show the item and its outcome" ;;
*) not_ok "text minutes show the item and its outcome: $TXT" ;;
esac
TXT=$(yi rec --lang en minutes show --meeting "$M")
case $TXT in
*passed*) ok "English minutes" ;;
*) not_ok "English minutes: $TXT" ;;
esac

expect_rc 0 "inspector verifies the trail" -- insp audit verify --body "$B"
expect_rc 0 "audit log" -- insp audit log --body "$B"
N=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')
[ "$N" -ge 20 ] && ok "the trail holds every change ($N entries)" || not_ok "trail has $N entries"
