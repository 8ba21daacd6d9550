#!/usr/bin/env bash
# Statements and votes (RULES.md "Statements and votes"), through the CLI
# against the real daemon: for each rule a case that is allowed and one
# refused with its rule ID (exit 3), and the worked examples 1-8 of
# RULES.md with a party group of 7 voting seats.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# Seven voting seats: sec (书记) and m1..m6 (委员1..委员6).
SEVEN="sec m1 m2 m3 m4 m5 m6"
SIX_MEMBERS="委员1 委员2 委员3 委员4 委员5 委员6"

# result FIELD...: checks the vote close answer, FIELD=VALUE each.
result_is() {
	local what=$1 kv
	shift
	for kv in "$@"; do
		expect_eq "$what: ${kv%%=*}" "$(jget "result.${kv%%=*}")" "${kv#*=}"
	done
}

# item_field ITEM FIELD: a field of the item in meeting status (as sec).
item_field() {
	yj sec meeting status --meeting "$M"
	printf '%s' "$OUT" | python3 -c '
import json, sys
m = json.load(sys.stdin)["meeting"]
for it in m.get("items", []):
    if str(it["id"]) == sys.argv[1]:
        v = it.get(sys.argv[2])
        print("" if v is None else v)
' "$1" "$2"
}

# ---------------------------------------------------------------------------
echo "# worked example 1: 3 of 7 present, the meeting cannot open (R-QUORUM-1)"
ym_body party_group 7
ym_schedule
ym_item ordinary
ym_notify
ym_checkin sec m1 m2
expect_rule R-QUORUM-1 "ex1: 3 of 7 present: open refused" -- sec meeting open --meeting "$M"
expect_missing "ex1: the refusal names the four not present" 委员3 委员4 委员5 委员6
ym_checkin m3
expect_rc 0 "ex1: 4 of 7 present (2*4 >= 7): the meeting opens" -- sec meeting open --meeting "$M"
expect_eq "ex1: opening head-count stored" "$(jget meeting.quorum.present)" 4

# ---------------------------------------------------------------------------
echo "# worked examples 2 and 3: personnel item, 4 then 5 of 7 present, secret vote"
ym_meeting party_group 7 "sec m1 m2 m3" personnel
expect_rule R-QUORUM-2 "ex2: personnel item with 4 of 7 present cannot start" -- sec item start --item "$I"
expect_missing "ex2: the refusal names the three not present" 委员4 委员5 委员6
ym_checkin m4
expect_rc 0 "ex3: 5 of 7 present (3*5 > 14): the personnel item starts" -- sec item start --item "$I"
# R-LAST-6 on a major item: disagree and defer need a reason.
expect_rule R-LAST-6 "major item: disagree without a reason is refused" -- m4 state --item "$I" --position disagree
expect_rule R-LAST-6 "major item: defer without a reason is refused" -- m4 state --item "$I" --position defer
expect_rc 0 "major item: disagree with a reason is accepted" -- m4 state --item "$I" --position disagree --text 人选需进一步考察
ym_state_all "$I" agree m1 m2 m3
expect_rc 0 "secretary states last" -- sec state --item "$I" --position agree
# R-VOTE-1: 票决制 for personnel: oral and hands refused, secret allowed.
expect_rule R-VOTE-1 "personnel item: an oral vote is refused" -- sec vote open --item "$I" --method oral
expect_rule R-VOTE-1 "personnel item: a vote by hands is refused" -- sec vote open --item "$I" --method hands
# R-VOTE-10: two or more scrutineers, each a present voting member, once.
expect_rule R-VOTE-10 "a secret vote without scrutineers is refused" -- sec vote open --item "$I" --method secret
expect_rule R-VOTE-10 "a secret vote with one scrutineer is refused" -- sec vote open --item "$I" --method secret --scrutineers m1
expect_rule R-VOTE-10 "a scrutineer not present (m5) is refused" -- sec vote open --item "$I" --method secret --scrutineers m1,m5
expect_rule R-VOTE-10 "a scrutineer without a voting seat (rec) is refused" -- sec vote open --item "$I" --method secret --scrutineers m1,rec
expect_rc 0 "personnel item: a secret vote opens, scrutineers m1 and m2" -- sec vote open --item "$I" --method secret --scrutineers m1,m2
expect_eq "the vote waits for the scrutineers' keys" "$(jget vote.state)" keying
expect_rc 3 "no ballot before the scrutineers' key is complete" -- m3 vote cast --item "$I" --choice yes
expect_rule R-VOTE-10 "m3 is no scrutineer: no key share from m3" -- m3 vote key --item "$I"
expect_rc 0 "scrutineer m1 publishes a key share" -- m1 vote key --item "$I"
expect_eq "the vote still waits for m2's" "$(jget vote.state)" keying
expect_rc 0 "scrutineer m2 publishes a key share" -- m2 vote key --item "$I"
expect_eq "with both shares the vote takes ballots" "$(jget vote.state)" open
KEY=$(jget vote.key)
expect_rc 0 "a scrutineer's second vote key publishes nothing new" -- m1 vote key --item "$I"
expect_eq "it says so, and the vote's key is unchanged" "$(jget scrutineer):$(jget vote.key)" "key_already:$KEY"
# R-VOTE-8: in a secret vote the order is not enforced.
expect_rc 0 "secret vote: the secretary may vote first" -- sec vote cast --item "$I" --choice yes
# R-VOTE-6: in a secret vote each member casts their own ballot.
expect_rc 2 "secret vote: the recorder cannot enter m1's ballot (--for)" -- rec vote cast --item "$I" --choice yes --for m1
ym_cast_all "$I" yes m1 m2 m3
expect_rule R-VOTE-6 "secret vote: one final ballot each (m1 cannot vote again)" -- m1 vote cast --item "$I" --choice no
# R-VOTE-9: no closing right after one member's ballot.
expect_rule R-VOTE-9 "secret vote: the chair cannot close while m4 has not voted" -- sec vote close --item "$I"
expect_missing "R-VOTE-9 names who has not voted" 委员4
expect_rc 0 "m4 votes no" -- m4 vote cast --item "$I" --choice no
expect_rc 0 "vote show during a secret vote" -- insp vote show --item "$I"
expect_eq "secret vote: no ballots are listed" "$(jget vote.ballots)" ""
case "$(jget vote.yes):$(jget vote.no):$(jget vote.abstain)" in
::|0:0:0) ok "secret vote: no count before the close" ;;
*) not_ok "secret vote: no count before the close: $OUT" ;;
esac
expect_eq "secret vote: 5 ballots cast" "$(jget vote.cast)" 5
expect_eq "one ballot each, none entered for anyone" \
    "$(yi_sql "SELECT count(*) || ':' || count(DISTINCT member) || ':' || count(entered_by) || ':' || count(ballot) FROM ballots WHERE item_id = $I")" 5:5:0:5
expect_secret_close "ex3: the vote closes, counted by scrutineers m1 and m2" "$I" m1,m2
result_is "ex3 (4 yes / 1 no of 5 present, N 7)" outcome=passed yes=4 no=1 abstain=0 \
    not_voting=0 n=7 present=5 electorate=5 rule=R-VOTE-5 method=secret
expect_eq "ex3: no ballots in the result of a secret vote" "$(jget result.ballots)" ""
expect_eq "ex3: decision mode collective_vote (R-LAST-4)" "$(item_field "$I" decision_mode)" collective_vote
# R-DISSENT-1: in a secret vote any participant may file a reserved opinion.
expect_rc 0 "secret vote: any participant (m3) may file a reserved opinion" -- m3 dissent file --item "$I" --text 保留意见一 --reported-to-higher
EX3_ITEM=$I

# ---------------------------------------------------------------------------
echo "# worked examples 4 and 8: 7 present, 4 yes / 3 no; the secretary first"
ym_meeting party_group 7 "$SEVEN" ordinary ordinary:emergency
ORD=${ITEMS[0]} EMG=${ITEMS[1]}
ym_start "$ORD"
expect_rule R-LAST-2 "ex8: the secretary states first: refused" -- sec state --item "$ORD" --position agree
expect_missing "ex8: the refusal lists the six who have not stated" $SIX_MEMBERS
ym_state_all "$ORD" agree m1 m2 m3
ym_state_all "$ORD" disagree m4 m5 m6
expect_rule R-VOTE-0 "vote open before the secretary stated: refused" -- sec vote open --item "$ORD" --method roll_call
expect_missing "R-VOTE-0 names the secretary" 书记
expect_rc 0 "the secretary states last (R-LAST-2)" -- sec state --item "$ORD" --position agree
expect_rule R-LAST-2 "after the secretary, the round is closed: a second statement is refused" -- m1 state --item "$ORD" --position disagree --text 改变主意
expect_rc 0 "roll-call vote opens (R-VOTE-0 met)" -- sec vote open --item "$ORD" --method roll_call
expect_rule R-VOTE-8 "roll call: the secretary votes before the others: refused" -- sec vote cast --item "$ORD" --choice yes
expect_missing "R-VOTE-8 lists the six who have not voted" $SIX_MEMBERS
ym_cast_all "$ORD" yes m1 m2 m3
ym_cast_all "$ORD" no m4 m5 m6
expect_rc 0 "roll call: the secretary votes last (R-VOTE-8)" -- sec vote cast --item "$ORD" --choice yes
expect_rc 0 "ex4: the vote closes" -- sec vote close --item "$ORD"
result_is "ex4 (4 yes / 3 no of 7)" outcome=deferred yes=4 no=3 abstain=0 not_voting=0 \
    n=7 present=7 rule=R-DEFER-2
expect_eq "ex4: the deferred item is back in the queue (state deferred)" "$(item_field "$ORD" state)" deferred
expect_eq "ex4: decision mode deferred (R-LAST-4)" "$(item_field "$ORD" decision_mode)" deferred
expect_rule R-DEFER-2 "a deferred item cannot be restarted in this meeting" -- sec item start --item "$ORD"
ym_start "$EMG"
ym_state_all "$EMG" agree m1 m2 m3
ym_state_all "$EMG" disagree m4 m5 m6
ym_state_all "$EMG" agree sec
expect_rc 0 "emergency item: roll-call vote opens" -- sec vote open --item "$EMG" --method roll_call
ym_cast_all "$EMG" yes m1 m2 m3
ym_cast_all "$EMG" no m4 m5 m6
ym_cast_all "$EMG" yes sec
expect_rc 0 "ex4 emergency: the vote closes" -- sec vote close --item "$EMG"
result_is "ex4 emergency (4 yes / 3 no): the majority stands (R-DEFER-2 exemption)" \
    outcome=passed yes=4 no=3 rule=R-VOTE-5
# R-DISSENT-1 on the decided emergency item.
expect_rc 0 "dissent: m4 voted no and files a reserved opinion, reported to higher" -- m4 dissent file --item "$EMG" --text 我保留意见 --reported-to-higher
expect_rule R-DISSENT-1 "dissent: a second reserved opinion is refused (cannot be edited)" -- m4 dissent file --item "$EMG" --text 再次
expect_rule R-DISSENT-1 "dissent: m1 agreed and voted yes: refused" -- m1 dissent file --item "$EMG" --text 不应有
expect_perm "dissent: the recorder has no voting seat" -- rec dissent file --item "$EMG" --text 记录人
expect_rc 0 "minutes after the dissent (JSON)" -- rec minutes show --meeting "$M"
case $OUT in
*我保留意见*) ok "the reserved opinion is in the JSON minutes" ;;
*) not_ok "the reserved opinion is in the JSON minutes: $OUT" ;;
esac
TXT=$(yi rec minutes show --meeting "$M" 2>&1)
case $TXT in
*我保留意见*) ok "the reserved opinion is in the text minutes" ;;
*) not_ok "the reserved opinion is in the text minutes: $TXT" ;;
esac

# ---------------------------------------------------------------------------
echo "# worked examples 5 and 6, and a tie: 6 of 7 present"
ym_meeting party_group 7 "sec m1 m2 m3 m4 m5" ordinary major_project ordinary
EX5=${ITEMS[0]} EX6=${ITEMS[1]} TIE=${ITEMS[2]}
ym_start "$EX5"
ym_state_all "$EX5" agree m1 m2
ym_state_all "$EX5" disagree m3
expect_rc 0 "ordinary item: abstain without a reason is accepted (R-LAST-6 only for major)" -- m4 state --item "$EX5" --position abstain
expect_rc 0 "ordinary item: disagree without a reason is accepted" -- m5 state --item "$EX5" --position disagree
expect_rc 0 "secretary states last" -- sec state --item "$EX5" --position agree
expect_rule R-DISSENT-1 "dissent before the item is decided: refused" -- m3 dissent file --item "$EX5" --text 太早
expect_rc 0 "ordinary item: a vote by hands opens (R-VOTE-1)" -- sec vote open --item "$EX5" --method hands
expect_rc 0 "hands vote: the recorder enters m1's yes (--for)" -- rec vote cast --item "$EX5" --choice yes --for m1
ym_cast_all "$EX5" yes m2
ym_cast_all "$EX5" no m3
ym_cast_all "$EX5" abstain m4 m5
ym_cast_all "$EX5" yes sec
expect_rc 0 "ex5: the vote closes" -- sec vote close --item "$EX5"
result_is "ex5 (3 yes / 1 no / 2 abstain, N 7: 2*3 > 7 fails)" outcome=rejected yes=3 no=1 \
    abstain=2 not_voting=0 n=7 present=6 rule=R-VOTE-5
expect_eq "hands vote: m1's ballot shows it was entered by the recorder" "$(jget result.ballots.1.entered_by)" rec
expect_rc 0 "dissent: m3 (disagree, voted no) files on the rejected item" -- m3 dissent file --item "$EX5" --text 我认为应当通过
expect_rc 0 "dissent: m4 (abstained) files too" -- m4 dissent file --item "$EX5" --text 弃权理由

ym_start "$EX6"
ym_state_all "$EX6" agree m1 m2 m3 m4
expect_rc 0 "major item: abstain needs no reason" -- m5 state --item "$EX6" --position abstain
ym_state_all "$EX6" agree sec
expect_rule R-VOTE-1 "major_project: an oral vote is refused" -- sec vote open --item "$EX6" --method oral
expect_rule R-VOTE-1 "major_project: a vote by hands is refused" -- sec vote open --item "$EX6" --method hands
expect_rc 0 "major_project: a roll-call vote opens" -- sec vote open --item "$EX6" --method roll_call
ym_cast_all "$EX6" yes m1 m2 m3 m4
ym_cast_all "$EX6" abstain m5
ym_cast_all "$EX6" yes sec
expect_rc 0 "ex6: the vote closes" -- sec vote close --item "$EX6"
result_is "ex6 (5 yes / 0 no / 1 abstain: 2*5 > 7, 3*5 > 2*6)" outcome=passed yes=5 no=0 \
    abstain=1 n=7 present=6 rule=R-VOTE-5

ym_start "$TIE"
ym_state_all "$TIE" agree m1 m2
ym_state_all "$TIE" disagree m3 m4 m5
ym_state_all "$TIE" agree sec
expect_rc 0 "tie: oral vote opens" -- sec vote open --item "$TIE" --method oral
ym_cast_all "$TIE" yes m1 m2
ym_cast_all "$TIE" no m3 m4 m5
ym_cast_all "$TIE" yes sec
expect_rc 0 "tie: the vote closes" -- sec vote close --item "$TIE"
result_is "tie (3 yes / 3 no): rejected, not deferred" outcome=rejected yes=3 no=3 rule=R-VOTE-5

# ---------------------------------------------------------------------------
echo "# worked example 7: one recused on a personnel item, 6 present, 4 yes / 2 no"
ym_meeting party_group 7 "$SEVEN" personnel
expect_rc 0 "ex7: m6 recuses, with a reason (R-RECUSE-1)" -- m6 recuse --item "$I" --member m6 --reason 近亲属
ym_start "$I"
ym_state_all "$I" agree m1 m2 m3 m4
ym_state_all "$I" disagree m5
expect_rule R-RECUSE-1 "ex7: the recused member cannot state" -- m6 state --item "$I" --position agree
expect_rc 0 "ex7: the secretary states last without waiting for the recused" -- sec state --item "$I" --position agree
expect_rc 0 "ex7: roll-call vote opens" -- sec vote open --item "$I" --method roll_call
ym_cast_all "$I" yes m1 m2 m3
ym_cast_all "$I" no m4 m5
expect_rule R-RECUSE-1 "ex7: the recused member cannot vote" -- m6 vote cast --item "$I" --choice yes
ym_cast_all "$I" yes sec
expect_rc 0 "ex7: the vote closes" -- sec vote close --item "$I"
result_is "ex7 (4 yes / 2 no, N 6 for the item: 3*4 > 2*6 fails)" outcome=rejected yes=4 \
    no=2 n=6 present=6 electorate=6 rule=R-VOTE-5

# ---------------------------------------------------------------------------
echo "# R-VOTE-6, R-VOTE-8, R-VOTE-5 not voting: oral vote entered by the recorder"
ym_meeting party_group 5 "sec m1 m2 m3" ordinary ordinary ordinary ordinary
A=${ITEMS[0]} RC_ITEM=${ITEMS[1]} DEF=${ITEMS[2]} DEF2=${ITEMS[3]}
ym_checkin rec
expect_rule R-VOTE-6 "a ballot on an item with no open vote is refused" -- m1 vote cast --item "$A" --choice yes
ym_start "$A"
expect_perm "the recorder cannot state (no voting seat)" -- rec state --item "$A" --position agree
expect_perm "an observer cannot state" -- obs state --item "$A" --position agree
ym_state_all "$A" agree m1 m2 m3
expect_rc 0 "secretary states last" -- sec state --item "$A" --position agree
# The round is closed: a member arriving now cannot state any more.
ym_checkin m4
expect_rule R-LAST-2 "a member arriving after the secretary stated cannot state (round closed)" -- m4 state --item "$A" --position agree
ym_must "m4 leaves again" -- m4 checkout --meeting "$M"
expect_perm "a member cannot open the vote" -- m1 vote open --item "$A" --method oral
expect_rc 0 "oral vote opens" -- sec vote open --item "$A" --method oral
expect_rule R-VOTE-6 "a second vote on the same item cannot open" -- sec vote open --item "$A" --method oral
expect_rc 0 "the recorder enters m1's oral vote (--for)" -- rec vote cast --item "$A" --choice yes --for m1
expect_rule R-VOTE-6 "one vote each: m1 cannot vote again" -- m1 vote cast --item "$A" --choice no
expect_rule R-VOTE-6 "one vote each: the recorder cannot re-enter m1" -- rec vote cast --item "$A" --choice no --for m1
expect_perm "a member cannot enter another member's vote" -- m2 vote cast --item "$A" --choice yes --for m3
expect_perm "an inspector cannot vote" -- insp vote cast --item "$A" --choice yes
expect_perm "an observer cannot vote" -- obs vote cast --item "$A" --choice yes
expect_rule R-VOTE-8 "the recorder cannot enter the secretary's vote before the others" -- rec vote cast --item "$A" --choice yes --for sec
expect_missing "R-VOTE-8 names the two still to vote" 委员2 委员3
ym_cast_all "$A" yes m2
# m4 checks in after the vote opened: not in the electorate (R-VOTE-6).
ym_checkin m4
expect_rule R-VOTE-6 "a member who arrived after the vote opened cannot vote" -- m4 vote cast --item "$A" --choice yes
ym_must "m4 leaves" -- m4 checkout --meeting "$M"
# m3 leaves without voting: the secretary waits only for those present.
ym_must "m3 leaves without voting" -- m3 checkout --meeting "$M"
expect_rc 0 "the recorder enters the secretary's vote last" -- rec vote cast --item "$A" --choice yes --for sec
expect_rc 0 "vote show lists the ballots" -- insp vote show --item "$A"
expect_eq "m1's ballot was entered by the recorder" "$(jget vote.ballots.1.entered_by)" rec
expect_eq "the secretary's ballot was entered by the recorder" "$(jget vote.ballots.0.entered_by)" rec
expect_eq "m2 cast their own (no entered_by)" "$(jget vote.ballots.2.entered_by)" ""
expect_rc 0 "the vote closes" -- sec vote close --item "$A"
result_is "3 yes of an electorate of 4 (m3 left), 3 of 5 present" outcome=passed yes=3 no=0 \
    abstain=0 not_voting=1 electorate=4 n=5 present=3 rule=R-VOTE-5
ym_checkin m3

# Roll call: the recorder may not enter votes.
ym_start "$RC_ITEM"
ym_state_all "$RC_ITEM" agree m1 m2 m3 sec
expect_rc 0 "roll-call vote opens" -- sec vote open --item "$RC_ITEM" --method roll_call
expect_rule R-VOTE-6 "roll call: the recorder cannot enter a member's vote" -- rec vote cast --item "$RC_ITEM" --choice yes --for m1
ym_cast_all "$RC_ITEM" yes m1 m2 m3
# R-DEFER-1 refused while a vote is open (the ballots are final).
expect_rule R-DEFER-1 "an item cannot be deferred while its vote is open" -- sec item defer --item "$RC_ITEM" --reason 再议
ym_cast_all "$RC_ITEM" no sec
expect_rc 0 "roll call closes" -- sec vote close --item "$RC_ITEM"
result_is "3 yes / 1 no of N 5: passed (|3-1| > 1)" outcome=passed yes=3 no=1 rule=R-VOTE-5
expect_rule R-IMMUT-1 "a decided item cannot be deferred" -- sec item defer --item "$RC_ITEM" --reason 再议
expect_rule R-ABSENT-2 "a present member cannot file a written opinion" -- m1 opinion submit --item "$DEF" --position agree --text 书面

# R-DEFER-1: the chair defers an item under deliberation, with a reason.
ym_start "$DEF"
ym_state_all "$DEF" agree m1
expect_perm "a member cannot defer an item" -- m1 item defer --item "$DEF" --reason 不成熟
expect_rc 0 "the chair defers the started item with a reason" -- sec item defer --item "$DEF" --reason 材料不全
expect_eq "the deferred item's state" "$(item_field "$DEF" state)" deferred
expect_eq "its decision mode is deferred (R-LAST-4)" "$(item_field "$DEF" decision_mode)" deferred
expect_rule R-DEFER-1 "an item already deferred cannot be deferred again" -- sec item defer --item "$DEF" --reason 再次
expect_rc 0 "the chair defers an approved item not yet started" -- sec item defer --item "$DEF2" --reason 时间不够
expect_rc 0 "the secretary closes the meeting" -- sec meeting close --meeting "$M"
expect_rule R-NOSUB-1 "after the meeting closed no vote opens" -- sec vote open --item "$DEF2" --method oral

# ---------------------------------------------------------------------------
echo "# R-VOTE-5 no_quorum: the item quorum is lost before the vote closes"
ym_meeting party_group 7 "sec m1 m2 m3 m4" personnel ordinary
P=${ITEMS[0]} O=${ITEMS[1]}
ym_start "$P"
ym_state_all "$P" agree m1 m2 m3 m4 sec
ym_secret_open "$P" m1,m2 && ok "secret vote opens with 5 of 7 present"
ym_secret_cast "$P" "sec:yes m1:yes m2:yes m3:yes m4:yes"
ym_must "m4 leaves before the vote closes" -- m4 checkout --meeting "$M"
expect_secret_close "the vote closes" "$P" m1,m2
result_is "5 yes but 4 of 7 present at close (3*4 > 14 fails)" outcome=no_quorum yes=5 \
    present=4 n=7 rule=R-QUORUM-2
ym_start "$O"
ym_state_all "$O" agree m1 m2 m3 sec
expect_rc 0 "ordinary vote opens with 4 of 7" -- sec vote open --item "$O" --method oral
ym_cast_all "$O" yes m1 m2 m3 sec
ym_must "m3 leaves before the vote closes" -- m3 checkout --meeting "$M"
expect_rc 0 "the vote closes" -- sec vote close --item "$O"
result_is "ordinary: 3 of 7 present at close fails the opening quorum" outcome=no_quorum \
    yes=4 present=3 n=7 rule=R-QUORUM-1

# ---------------------------------------------------------------------------
echo "# secret votes on every class that allows them: R-VOTE-1, R-VOTE-9, R-VOTE-5 not voting, R-DEFER-2"
ym_meeting party_group 7 "$SEVEN" ordinary ordinary major_project ordinary:emergency
S1=${ITEMS[0]} S2=${ITEMS[1]} S3=${ITEMS[2]} S4=${ITEMS[3]}
ym_start "$S1"
ym_state_all "$S1" agree m1 m2 m3 m4 m5 m6 sec
ym_secret_open "$S1" m1,m2 && ok "ordinary item: a secret vote opens (R-VOTE-1)"
ym_secret_cast "$S1" "m1:yes m2:yes m3:yes m4:no m5:no m6:no"
expect_rule R-VOTE-9 "the chair cannot close before casting their own ballot" -- sec vote close --item "$S1"
expect_missing "R-VOTE-9 names the secretary" 书记
ym_secret_cast "$S1" "sec:yes"
expect_secret_close "secret close split: the vote closes" "$S1" m1,m2
result_is "secret, 4 yes / 3 no of 7: a close split is deferred" outcome=deferred yes=4 no=3 \
    abstain=0 not_voting=0 n=7 present=7 rule=R-DEFER-2 method=secret
expect_eq "the deferred item is back in the queue" "$(item_field "$S1" state)" deferred
expect_rc 3 "after the close no ballot is accepted" -- m5 vote cast --item "$S1" --choice yes
expect_eq "the 7 ballots stay 7" "$(yi_sql "SELECT count(*) FROM ballots WHERE item_id = $S1")" 7

ym_start "$S4"
ym_state_all "$S4" agree m1 m2 m3 m4 m5 m6 sec
ym_secret_vote "$S4" m5,m6 "sec:yes m1:yes m2:yes m3:yes m4:no m5:no m6:no"
expect_eq "emergency item, secret 4 / 3: the vote closes" "$RC" 0
result_is "secret, emergency: the majority stands (R-DEFER-2 exemption)" outcome=passed \
    yes=4 no=3 rule=R-VOTE-5 method=secret

ym_start "$S2"
ym_state_all "$S2" agree m1 m2 m3 m4 m5 m6 sec
ym_secret_open "$S2" m3,m4
ym_secret_cast "$S2" "sec:yes m1:yes m2:yes m3:yes m4:no m5:abstain"
expect_rule R-VOTE-9 "m6 is present and has not voted: close refused" -- sec vote close --item "$S2"
expect_missing "R-VOTE-9 names m6" 委员6
ym_must "m6 leaves without voting" -- m6 checkout --meeting "$M"
expect_secret_close "once m6 left, the vote closes" "$S2" m3,m4
result_is "secret, 4 yes / 1 no / 1 abstain, m6 left: not voting, not abstaining" \
    outcome=passed yes=4 no=1 abstain=1 not_voting=1 electorate=7 n=7 present=6 \
    rule=R-VOTE-5 method=secret
ym_checkin m6

ym_start "$S3"
ym_state_all "$S3" agree m1 m2 m3 m4 m5 m6 sec
ym_secret_vote "$S3" m5,m6 "m6:yes m5:yes m4:yes sec:yes m3:no m2:abstain m1:yes"
expect_eq "major_project: a secret vote closes" "$RC" 0
result_is "major, secret 5 / 1 / 1: 3*5 > 2*7" outcome=passed yes=5 no=1 abstain=1 \
    not_voting=0 n=7 present=7 rule=R-VOTE-5 method=secret
expect_rc 0 "the secretary closes the meeting" -- sec meeting close --meeting "$M"

# ---------------------------------------------------------------------------
echo "# R-LAST-4 and R-SCOPE-1: decision modes by profile"
ym_meeting party_group 5 "sec m1 m2 m3" ordinary
ym_start "$I"
ym_state_all "$I" agree m1 m2 m3 sec
expect_rule R-LAST-4 "party_group: the chair cannot decide without a vote" -- sec item decide --item "$I" --text 同意

# director_office proposals close 3 working days ahead (R-AGENDA-4):
# items for a meeting today are emergency items.
ym_meeting director_office 5 "sec m1 m2 m3" ordinary:emergency major_decision:emergency ordinary:emergency
D1=${ITEMS[0]} D2=${ITEMS[1]} D3=${ITEMS[2]}
ym_start "$D1"
expect_rule R-LAST-2 "director_office: the director decides only after hearing the others" -- sec item decide --item "$D1" --text 同意实施
expect_missing "the refusal lists who has not spoken" 委员1 委员2 委员3
ym_state_all "$D1" agree m1 m2
ym_state_all "$D1" disagree m3
expect_rule R-LAST-4 "director_office: no votes, the director decides" -- sec vote open --item "$D1" --method oral
expect_perm "director_office: a member cannot decide" -- m1 item decide --item "$D1" --text 同意
expect_rc 0 "director_office: the director decides after hearing (item decide)" -- sec item decide --item "$D1" --text 同意实施，由办公室牵头
expect_eq "decision mode chair_decision (R-LAST-4)" "$(item_field "$D1" decision_mode)" chair_decision
expect_eq "the item is decided" "$(item_field "$D1" state)" decided
expect_rc 0 "dissent after a chair decision: m3 stated disagree" -- m3 dissent file --item "$D1" --text 我不同意
ym_start "$D2"
ym_state_all "$D2" agree m1 m2 m3
expect_rule R-SCOPE-1 "director_office: a major item cannot be decided" -- sec item decide --item "$D2" --text 同意
expect_rule R-SCOPE-1 "director_office: a major item cannot be voted on" -- sec vote open --item "$D2" --method roll_call
expect_rc 0 "director_office: the major item is deferred (to the party group)" -- sec item defer --item "$D2" --reason 提交党组会
ym_start "$D3"
ym_state_all "$D3" agree m1 m2 m3
expect_rc 0 "the director closes the meeting" -- sec meeting close --meeting "$M"
expect_rule R-NOSUB-1 "no decision outside an open meeting (after it closed)" -- sec item decide --item "$D3" --text 同意

echo "# every body's record against its trail"
ym_verify_all
