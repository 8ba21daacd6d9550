#!/usr/bin/env bash
# Attendance (RULES.md "Attendance"), through the CLI against the real
# daemon: leave and its approval, quorum to open and to start items,
# recusal, observers and who sees what, written opinions of members on
# leave. For each rule a case allowed and one refused with its rule ID.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# att NAME: the attendance state of NAME in meeting status (as sec).
att() {
	yj sec meeting status --meeting "$M"
	printf '%s' "$OUT" | python3 -c '
import json, sys
for a in json.load(sys.stdin)["meeting"]["attendance"]:
    if a["member"] == sys.argv[1]:
        print(a["state"])
' "$1"
}

# items_seen WHO: the ids of the items WHO sees in meeting status.
items_seen() {
	yj "$1" meeting status --meeting "$M"
	printf '%s' "$OUT" | python3 -c '
import json, sys
print(" ".join(str(i["id"]) for i in json.load(sys.stdin)["meeting"].get("items", [])))'
}

# private_seen WHO: "statements" and/or "vote" when WHO's meeting status
# shows any statement or vote of any item; empty when none.
private_seen() {
	yj "$1" meeting status --meeting "$M"
	printf '%s' "$OUT" | python3 -c '
import json, sys
seen = set()
for i in json.load(sys.stdin)["meeting"].get("items", []):
    if i.get("statements"):
        seen.add("statements")
    if i.get("vote"):
        seen.add("vote")
print(" ".join(sorted(seen)))'
}

# ---------------------------------------------------------------------------
echo "# R-LEAVE-1 and R-ABSENT-2: leave before the opening, written opinions"
ym_body party_group 5
ym_schedule
ym_item ordinary
I1=$I
ym_item ordinary
I2=$I
ym_notify
expect_rc 0 "m4 asks leave with a reason before the meeting" -- m4 leave request --meeting "$M" --reason 出差
expect_eq "m4's leave is requested" "$(att m4)" leave_requested
expect_rule R-LEAVE-1 "m4 cannot ask leave twice" -- m4 leave request --meeting "$M" --reason 出差
expect_perm "the recorder (no voting seat) does not ask leave" -- rec leave request --meeting "$M" --reason 有事
expect_perm "a member cannot approve another's leave (only the chair)" -- m1 leave approve --meeting "$M" --member m4
expect_rule R-LEAVE-1 "the chair cannot approve a leave that was not asked" -- sec leave approve --meeting "$M" --member m3
expect_rule R-ABSENT-2 "a member whose leave is not yet approved cannot file a written opinion" -- m4 opinion submit --item "$I1" --position agree --text 同意
expect_rc 0 "the chair approves m4's leave" -- sec leave approve --meeting "$M" --member m4
expect_eq "m4 is on approved leave" "$(att m4)" leave
expect_rule R-LEAVE-1 "an approved leave cannot be approved again" -- sec leave approve --meeting "$M" --member m4
ym_checkin sec m1 m2
expect_rule R-LEAVE-1 "a member already checked in cannot ask leave" -- m1 leave request --meeting "$M" --reason 临时有事
expect_rc 0 "R-ABSENT-2: m4, on approved leave, files a written opinion before the meeting" -- m4 opinion submit --item "$I1" --position disagree --text 建议暂缓实施的书面意见
expect_rule R-ABSENT-2 "one written opinion each" -- m4 opinion submit --item "$I1" --position agree --text 改为同意
expect_rc 0 "the meeting opens with 3 of 5 (m3 neither here nor on leave)" -- sec meeting open --meeting "$M"
expect_rule R-LEAVE-1 "after the opening m3 cannot ask leave" -- m3 leave request --meeting "$M" --reason 迟到
expect_rule R-ABSENT-2 "a present member cannot file a written opinion" -- m1 opinion submit --item "$I1" --position agree --text 同意
expect_rule R-ABSENT-2 "a member not on leave (m3, absent) cannot file a written opinion" -- m3 opinion submit --item "$I1" --position agree --text 同意
ym_start "$I1"
expect_rule R-LAST-2 "the member on leave cannot state" -- m4 state --item "$I1" --position agree
ym_state_all "$I1" agree m1 m2 sec
expect_rc 0 "vote opens" -- sec vote open --item "$I1" --method roll_call
expect_rule R-VOTE-6 "the member on leave is not in the electorate" -- m4 vote cast --item "$I1" --choice yes
ym_cast_all "$I1" yes m1 m2 sec
expect_rc 0 "vote closes" -- sec vote close --item "$I1"
expect_eq "the written opinion is never in the tally: 3 yes" "$(jget result.yes)" 3
expect_eq "... 0 no" "$(jget result.no)" 0
expect_eq "... electorate 3 (those present)" "$(jget result.electorate)" 3
expect_eq "... 0 not voting" "$(jget result.not_voting)" 0
ym_start "$I2"
ym_state_all "$I2" agree m1 m2 sec
expect_rc 0 "vote opens on the second item" -- sec vote open --item "$I2" --method oral
ym_cast_all "$I2" yes m1 m2 sec
expect_rc 0 "vote closes" -- sec vote close --item "$I2"
expect_rule R-ABSENT-2 "a written opinion after the item is decided is refused" -- m4 opinion submit --item "$I2" --position agree --text 迟到的意见
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"
expect_eq "R-LEAVE-1: m3, neither present nor on leave, is recorded absent" "$(att m3)" absent
expect_eq "m4 stays on approved leave" "$(att m4)" leave
expect_eq "m1 present" "$(att m1)" present
expect_rule R-LEAVE-1 "the chair cannot approve leave after the meeting closed" -- sec leave approve --meeting "$M" --member m3
TXT=$(yi rec minutes show --meeting "$M" 2>&1)
case $TXT in
*建议暂缓实施的书面意见*) ok "the written opinion is read into the minutes" ;;
*) not_ok "the written opinion is read into the minutes: $TXT" ;;
esac
case $TXT in
*出差*) ok "the minutes give the reason for the leave" ;;
*) not_ok "the minutes give the reason for the leave: $TXT" ;;
esac

# ---------------------------------------------------------------------------
echo "# R-QUORUM-1: the opening quorum (2*present >= N) and items under it"
ym_body party_group 5
ym_schedule
ym_item ordinary
ym_item personnel
IORD=${ITEMS[0]} IPER=${ITEMS[1]}
ym_notify
ym_checkin sec m1
expect_rule R-QUORUM-1 "2 of 5 present: the meeting cannot open" -- sec meeting open --meeting "$M"
expect_missing "the refusal lists who is not present" 委员2 委员3 委员4
ym_checkin m2
expect_rc 0 "3 of 5 present: the meeting opens" -- sec meeting open --meeting "$M"
expect_eq "quorum stored: 3 present" "$(jget meeting.quorum.present)" 3
expect_eq "quorum needed 3" "$(jget meeting.quorum.needed)" 3
ym_must "m2 leaves" -- m2 checkout --meeting "$M"
expect_rule R-QUORUM-1 "an ordinary item cannot start once the opening quorum is lost" -- sec item start --item "$IORD"
ym_checkin m2

echo "# R-QUORUM-2: a major item needs 3*present > 2*N"
expect_rule R-QUORUM-2 "personnel item with 3 of 5 present (9 > 10 fails) cannot start" -- sec item start --item "$IPER"
expect_missing "the refusal lists who is not present" 委员3 委员4
ym_checkin m3
expect_rc 0 "personnel item with 4 of 5 present starts" -- sec item start --item "$IPER"
ym_state_all "$IPER" agree m1 m2 m3 sec
ym_secret_open "$IPER" m2,m3 && ok "secret vote opens"
ym_secret_cast "$IPER" "sec:yes m1:yes m2:yes m3:yes"
expect_secret_close "vote closes with the item quorum" "$IPER" m2,m3
expect_eq "passed with the item quorum" "$(jget result.outcome)" passed
expect_rc 0 "the ordinary item starts again with the quorum back" -- sec item start --item "$IORD"

echo "# R-QUORUM-1 under the other profiles"
ym_body director_office 5
ym_schedule
ym_notify
ym_checkin sec m1
expect_rule R-QUORUM-1 "director_office: the director and one deputy of 5 cannot open" -- sec meeting open --meeting "$M"
for kind in bureau_affairs topic; do
	ym_meeting $kind 5 "sec" ordinary:emergency
	expect_eq "$kind: opened with 1 of 5 (no quorum rule)" "$(jget meeting.state)" open
done

# ---------------------------------------------------------------------------
echo "# R-RECUSE-1: recusal by the member or the chair, with a reason"
ym_meeting party_group 5 "sec m1 m2 m3 m4" personnel ordinary ordinary
IR=${ITEMS[0]} IR2=${ITEMS[1]} IR3=${ITEMS[2]}
expect_perm "a member cannot record another member's recusal" -- m2 recuse --item "$IR" --member m3 --reason 亲属
expect_perm "the recorder (no voting seat) cannot recuse" -- sec recuse --item "$IR" --member rec --reason 亲属
expect_rc 0 "m1 recuses from the personnel item, with a reason" -- m1 recuse --item "$IR" --member m1 --reason 本人近亲属
expect_rule R-RECUSE-1 "m1 cannot recuse twice" -- m1 recuse --item "$IR" --member m1 --reason 再次
expect_rc 0 "the item starts (N 4 for the item, 4 present)" -- sec item start --item "$IR"
expect_rule R-RECUSE-1 "the recused member cannot state" -- m1 state --item "$IR" --position agree
ym_state_all "$IR" agree m2 m3 m4
expect_rc 0 "the secretary states last without the recused" -- sec state --item "$IR" --position agree
expect_rc 0 "roll call opens" -- sec vote open --item "$IR" --method roll_call
expect_rule R-RECUSE-1 "the recused member cannot vote" -- m1 vote cast --item "$IR" --choice yes
expect_rule R-RECUSE-1 "no recusal once the vote is open" -- m2 recuse --item "$IR" --member m2 --reason 晚了
ym_cast_all "$IR" yes m2 m3 m4 sec
expect_rc 0 "vote closes" -- sec vote close --item "$IR"
expect_eq "the recused member leaves N: n 4" "$(jget result.n)" 4
expect_eq "... and present: 4" "$(jget result.present)" 4
expect_eq "... and the electorate: 4" "$(jget result.electorate)" 4
expect_eq "passed" "$(jget result.outcome)" passed
expect_rule R-RECUSE-1 "the recused member cannot file a reserved opinion" -- m1 dissent file --item "$IR" --text 保留
expect_rc 0 "the chair records m4's recusal from the next item" -- sec recuse --item "$IR2" --member m4 --reason 利益相关
ym_start "$IR2"
ym_state_all "$IR2" agree m1
expect_rule R-RECUSE-1 "no recusal after the member stated" -- m1 recuse --item "$IR2" --member m1 --reason 想起来了
TXT=$(yi rec minutes show --meeting "$M" 2>&1)
case $TXT in
*本人近亲属*) ok "the recusal and its reason are in the minutes" ;;
*) not_ok "the recusal and its reason are in the minutes: $TXT" ;;
esac

echo "# a recused absent member leaves N: the item quorum is met without them"
ym_meeting party_group 5 "sec m1 m2" personnel
expect_rule R-QUORUM-2 "3 of 5 present: the personnel item cannot start" -- sec item start --item "$I"
expect_rc 0 "the chair records the recusal of m4, absent" -- sec recuse --item "$I" --member m4 --reason 回避
expect_rc 0 "3 of N 4 present (9 > 8): the item starts" -- sec item start --item "$I"

# ---------------------------------------------------------------------------
echo "# R-CONF-1: observers per item; statements and votes for voting seats, recorder, inspectors"
ym_meeting party_group 4 "sec m1 m2 m3" ordinary ordinary ordinary
IA=${ITEMS[0]} IB=${ITEMS[1]} IC=${ITEMS[2]}
expect_perm "a member cannot admit an observer (only the chair)" -- m1 observer admit --item "$IA" --identity obs
expect_perm "only observer seats are admitted per item" -- sec observer admit --item "$IA" --identity off
expect_rc 0 "the chair admits the observer to item A" -- sec observer admit --item "$IA" --identity obs
expect_eq "the observer sees only item A" "$(items_seen obs)" "$IA"
expect_eq "a member sees all three items" "$(items_seen m1)" "$IA $IB $IC"
ym_start "$IA"
ym_state_all "$IA" agree m1 m2 m3 sec
expect_rc 0 "vote opens on A" -- sec vote open --item "$IA" --method hands
expect_rule R-CONF-1 "no admission once the item's vote is open" -- sec observer admit --item "$IA" --identity obs
ym_cast_all "$IA" yes m1 m2 m3 sec
expect_rc 0 "vote closes" -- sec vote close --item "$IA"
expect_rule R-CONF-1 "no admission to a decided item" -- sec observer admit --item "$IA" --identity obs
expect_eq "the observer does not see the statements or the vote" "$(private_seen obs)" ""
expect_eq "the office does not see the statements or the vote" "$(private_seen off)" ""
expect_eq "a member sees them" "$(private_seen m1)" "statements vote"
expect_eq "the inspector sees them" "$(private_seen insp)" "statements vote"
expect_eq "the recorder sees them" "$(private_seen rec)" "statements vote"
expect_perm "the observer cannot read the vote" -- obs vote show --item "$IA"
expect_perm "the office cannot read the vote" -- off vote show --item "$IA"
expect_rc 0 "the inspector reads the vote" -- insp vote show --item "$IA"
expect_rc 0 "the recorder reads the vote" -- rec vote show --item "$IA"
expect_rc 0 "a member reads the vote" -- m2 vote show --item "$IA"
expect_perm "the observer cannot read the minutes" -- obs minutes show --meeting "$M"
expect_perm "the office cannot read the draft minutes" -- off minutes show --meeting "$M"
expect_rc 0 "the inspector reads the minutes" -- insp minutes show --meeting "$M"
expect_rc 0 "the chair admits the observer to item B before it starts" -- sec observer admit --item "$IB" --identity obs
expect_eq "now the observer sees A and B, not C" "$(items_seen obs)" "$IA $IB"
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"
expect_rule R-CONF-1 "no admission after the meeting closed" -- sec observer admit --item "$IC" --identity obs

echo "# every body's record against its trail"
ym_verify_all
