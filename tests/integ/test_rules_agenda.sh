#!/usr/bin/env bash
# Scope and agenda (RULES.md "Scope and agenda"), through the CLI against
# the real daemon: for each rule a case that is allowed and one refused
# with its rule ID (exit 3), under the profiles where it matters. The
# working-day calendar is set explicitly for every day used, so the file
# does not depend on the weekday it runs on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# ---------------------------------------------------------------------------
echo "# R-AGENDA-1: who proposes, who approves, only approved items start"
ym_body party_group 5
ym_schedule
expect_rc 0 "a member proposes an item" -- m1 agenda propose --meeting "$M" --title 年度计划 --category ordinary
IA=$(jget item.id)
expect_eq "a proposed item waits for approval" "$(jget item.state)" proposed
expect_rc 0 "the office proposes an item" -- off agenda propose --meeting "$M" --title 办公室议题 --category ordinary
IOFF=$(jget item.id)
expect_perm "the recorder cannot propose" -- rec agenda propose --meeting "$M" --title 记录人议题 --category ordinary
expect_perm "an inspector cannot propose" -- insp agenda propose --meeting "$M" --title 纪检议题 --category ordinary
expect_perm "an observer cannot propose" -- obs agenda propose --meeting "$M" --title 列席议题 --category ordinary
expect_perm "a member cannot approve items" -- m1 agenda approve --item "$IA"
expect_perm "the office cannot approve items" -- off agenda approve --item "$IA"
expect_rc 0 "the secretary approves the item" -- sec agenda approve --item "$IA"
expect_eq "approved" "$(jget item.state)" approved

echo "# R-3Z1D-1: the class, and an amount over 20000 yuan makes large_fund"
expect_rc 0 "ordinary item of 20000 yuan" -- m1 agenda propose --meeting "$M" --title 购置办公设备 --category ordinary --amount 20000
expect_eq "20000 is not over the threshold: stays ordinary" "$(jget item.category)" ordinary
expect_rc 0 "ordinary item of 20001 yuan" -- m1 agenda propose --meeting "$M" --title 购置服务器 --category ordinary --amount 20001
IBIG=$(jget item.id)
expect_eq "20001 is over the threshold: large_fund" "$(jget item.category)" large_fund
case $(jget item.note) in
*R-3Z1D-1*) ok "the response says the class changed (R-3Z1D-1)" ;;
*) not_ok "the response says the class changed (R-3Z1D-1): $OUT" ;;
esac
expect_rc 0 "a personnel item keeps its class" -- m1 agenda propose --meeting "$M" --title 干部任免 --category personnel
expect_eq "personnel" "$(jget item.category)" personnel
expect_rc 0 "the secretary approves the large_fund item" -- sec agenda approve --item "$IBIG"

echo "# R-TOP-1: finance, personnel, procurement, tender, approval name a leader who is not the 一把手"
expect_rule R-TOP-1 "a finance item without a responsible leader is refused" -- m1 agenda propose --meeting "$M" --title 预算调整 --category ordinary --domain finance
expect_rule R-TOP-1 "a procurement item with the secretary responsible is refused" -- m1 agenda propose --meeting "$M" --title 设备采购 --category ordinary --domain procurement --responsible sec
expect_rule R-TOP-1 "a tender item with the recorder (no voting seat) responsible is refused" -- m1 agenda propose --meeting "$M" --title 工程招标 --category ordinary --domain tender --responsible rec
expect_rc 0 "a finance item with another leader responsible is accepted" -- m1 agenda propose --meeting "$M" --title 预算调整 --category ordinary --domain finance --responsible m2
expect_eq "the responsible leader is kept" "$(jget item.responsible)" m2
expect_rc 0 "an item outside the five domains needs no responsible leader" -- m1 agenda propose --meeting "$M" --title 学习安排 --category ordinary

echo "# R-AGENDA-2: before the notice the proposer withdraws; afterwards only the secretary"
expect_rc 0 "m2 proposes an item" -- m2 agenda propose --meeting "$M" --title 待撤回议题 --category ordinary
IW1=$(jget item.id)
expect_perm "another member cannot withdraw m2's item" -- m1 agenda withdraw --item "$IW1"
expect_rc 0 "before the notice m2 withdraws their own item" -- m2 agenda withdraw --item "$IW1"
expect_eq "withdrawn" "$(jget item.state)" withdrawn
expect_rc 0 "m2 proposes another item" -- m2 agenda propose --meeting "$M" --title 通知后撤回议题 --category ordinary
IW2=$(jget item.id)
expect_rc 0 "the secretary approves it" -- sec agenda approve --item "$IW2"

# R-NOSUB-1 and R-NOTICE-1 before the meeting opens.
ym_checkin sec m1 m2 m3
expect_rule R-NOTICE-1 "a meeting cannot open before its notice (even urgent)" -- sec meeting open --meeting "$M"
expect_rc 0 "the office sends the notice" -- off meeting notify --meeting "$M"
expect_rule R-NOSUB-1 "no item starts before the meeting opens" -- sec item start --item "$IA"
expect_rule R-NOSUB-1 "no statement before the meeting opens" -- m1 state --item "$IA" --position agree

expect_rule R-AGENDA-2 "after the notice m2 cannot withdraw their own item" -- m2 agenda withdraw --item "$IW2"
expect_rc 0 "after the notice the secretary withdraws it" -- sec agenda withdraw --item "$IW2"
expect_eq "withdrawn by the secretary" "$(jget item.state)" withdrawn

echo "# R-ADHOC-1: after the notice only an emergency item with a reason, by the secretary"
expect_rule R-ADHOC-1 "after the notice a member's new item is refused" -- m1 agenda propose --meeting "$M" --title 临时动议 --category ordinary --amount 50000
expect_rule R-ADHOC-1 "after the notice the office's new item is refused" -- off agenda propose --meeting "$M" --title 办公室临时议题 --category ordinary
expect_rule R-ADHOC-1 "after the notice the secretary's non-emergency item is refused" -- sec agenda propose --meeting "$M" --title 书记临时议题 --category ordinary
expect_perm "after the notice a member's emergency item is refused (only the secretary)" -- m1 agenda propose --meeting "$M" --title 紧急 --category ordinary --emergency --reason 汛情
expect_rule R-ADHOC-1 "party_group: a major item after the notice must be an emergency" -- sec agenda propose --meeting "$M" --title 重大决策 --category major_decision
expect_rc 0 "the secretary adds an emergency item with a reason" -- sec agenda propose --meeting "$M" --title 防汛抢险 --category ordinary --emergency --reason 汛情紧急
IEMG=$(jget item.id)
expect_eq "the emergency item is marked" "$(jget item.emergency)" true
expect_rc 0 "the secretary approves the emergency item" -- sec agenda approve --item "$IEMG"
expect_rc 0 "party_group: a major item added as an emergency is accepted" -- sec agenda propose --meeting "$M" --title 紧急重大采购 --category major_project --emergency --reason 设备损毁
expect_rc 0 "audit log" -- insp audit log --body "$B"
N=$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(sum(1 for e in json.load(sys.stdin)["entries"] if e["action"] == "agenda.withdraw"))')
expect_eq "R-AGENDA-2: both withdrawals are in the trail" "$N" 2

expect_rc 0 "the meeting opens" -- sec meeting open --meeting "$M"
expect_rule R-AGENDA-1 "an item not approved cannot start" -- sec item start --item "$IOFF"
expect_rule R-AGENDA-2 "a withdrawn item cannot start" -- sec item start --item "$IW2"
expect_rc 0 "R-NOSUB-1: inside the open meeting the approved item starts" -- sec item start --item "$IA"
ym_state_all "$IA" agree m1 m2 m3 sec
expect_rc 0 "and a vote opens" -- sec vote open --item "$IA" --method oral
ym_cast_all "$IA" yes m1 m2 m3 sec
expect_rc 0 "the vote closes" -- sec vote close --item "$IA"
expect_rc 0 "the large_fund item starts (4 of 5 present: 3*4 > 10)" -- sec item start --item "$IBIG"
ym_state_all "$IBIG" agree m1 m2 m3 sec
expect_rule R-VOTE-1 "R-3Z1D-1: the reclassified item is voted as major (no oral vote)" -- sec vote open --item "$IBIG" --method oral
expect_rc 0 "a roll-call vote opens on the large_fund item" -- sec vote open --item "$IBIG" --method roll_call
ym_cast_all "$IBIG" yes m1 m2 m3 sec
expect_rc 0 "the vote closes" -- sec vote close --item "$IBIG"
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"
expect_rule R-AGENDA-2 "nothing is added to a closed meeting" -- m1 agenda propose --meeting "$M" --title 会后议题 --category ordinary
expect_rule R-NOSUB-1 "no item starts in a closed meeting" -- sec item start --item "$IEMG"

# ---------------------------------------------------------------------------
echo "# R-SCOPE-1: major items are decided only in a party_group meeting"
# director_office proposals close 3 working days ahead (R-AGENDA-4): items
# for a meeting today are emergency items.
ym_meeting director_office 5 "sec m1 m2 m3" major_decision:emergency ordinary:emergency
DMAJ=${ITEMS[0]} DORD=${ITEMS[1]}
expect_rc 0 "director_office: a major item may be discussed (it starts)" -- sec item start --item "$DMAJ"
ym_state_all "$DMAJ" agree m1 m2 m3
expect_rule R-SCOPE-1 "director_office: vote open on a major item is refused" -- sec vote open --item "$DMAJ" --method roll_call
expect_rule R-SCOPE-1 "director_office: item decide on a major item is refused" -- sec item decide --item "$DMAJ" --text 同意
expect_rc 0 "the director defers it to the party group" -- sec item defer --item "$DMAJ" --reason 提交党组会研究
expect_rc 0 "director_office: an ordinary item starts" -- sec item start --item "$DORD"
ym_state_all "$DORD" agree m1 m2 m3
expect_rc 0 "director_office: the director decides an ordinary item" -- sec item decide --item "$DORD" --text 同意

for kind in bureau_affairs topic; do
	ym_meeting $kind 4 "sec m1" personnel:emergency ordinary:emergency
	expect_rc 0 "$kind: the personnel item starts" -- sec item start --item "${ITEMS[0]}"
	expect_rule R-SCOPE-1 "$kind: item decide on a personnel item is refused" -- sec item decide --item "${ITEMS[0]}" --text 同意
	expect_rule R-SCOPE-1 "$kind: vote open on a personnel item is refused" -- sec vote open --item "${ITEMS[0]}" --method secret --scrutineers sec,m1
	expect_rc 0 "$kind: the chair defers it" -- sec item defer --item "${ITEMS[0]}" --reason 提交党组会
	expect_rc 0 "$kind: the ordinary item starts" -- sec item start --item "${ITEMS[1]}"
	expect_rc 0 "$kind: the chair decides the ordinary item" -- sec item decide --item "${ITEMS[1]}" --text 按此办理
done

echo "# R-3Z1D-1 with R-SCOPE-1: an ordinary item of 30000 yuan is large_fund and goes to the party group"
ym_body director_office 4
ym_schedule
ym_item ordinary --amount 30000 --emergency --reason 设备抢修
ym_notify
ym_checkin sec m1 m2
ym_open
expect_rc 0 "the reclassified item starts" -- sec item start --item "$I"
ym_state_all "$I" agree m1 m2
expect_rule R-SCOPE-1 "director_office: the director cannot decide a 30000-yuan item" -- sec item decide --item "$I" --text 同意

echo "# R-ADHOC-1 under the other profiles"
ym_body director_office 4
ym_schedule
ym_notify
expect_perm "director_office: after the notice a member's emergency item is refused" -- m1 agenda propose --meeting "$M" --title 紧急事项 --category ordinary --emergency --reason 紧急
expect_rule R-ADHOC-1 "director_office: after the notice the director's non-urgent item is refused" -- sec agenda propose --meeting "$M" --title 一般事项 --category ordinary
expect_rc 0 "director_office: after the notice the director adds an urgent item" -- sec agenda propose --meeting "$M" --title 紧急事项 --category ordinary --emergency --reason 紧急
for kind in bureau_affairs topic; do
	ym_body $kind 4
	ym_schedule
	ym_notify
	expect_rule R-ADHOC-1 "$kind: after the notice a member's item is refused" -- m1 agenda propose --meeting "$M" --title 成员议题 --category ordinary
	expect_rc 0 "$kind: after the notice the chair adds an item" -- sec agenda propose --meeting "$M" --title 主持人议题 --category ordinary
done

# ---------------------------------------------------------------------------
echo "# R-MTG-5: a meeting opens no earlier than 30 minutes before its start"
ym_body party_group 3
ym_schedule "$(yi_at 45)"
ym_notify
ym_checkin sec m1 m2
expect_rule R-MTG-5 "45 minutes before the start the meeting cannot open" -- sec meeting open --meeting "$M"
ym_schedule "$(yi_at 25)"
ym_notify
ym_checkin sec m1 m2
expect_rc 0 "25 minutes before the start the meeting opens" -- sec meeting open --meeting "$M"

# ---------------------------------------------------------------------------
echo "# R-NOTICE-1: notice by the last working day before the meeting date (calendar)"
D0=$(ym_day 0) D1=$(ym_day 1) D2=$(ym_day 2) D3=$(ym_day 3)
ym_body party_group 3
expect_rc 0 "a regular (not urgent) meeting later today" -- off meeting schedule --body "$B" --title 今日例会 --at "${D0}T23:59:59+08:00"
expect_rule R-NOTICE-1 "a regular meeting today cannot be noticed today" -- off meeting notify --meeting "$(jget meeting.id)"
expect_rc 0 "a regular meeting tomorrow" -- off meeting schedule --body "$B" --title 明日例会 --at "${D1}T09:00:00+08:00"
MT=$(jget meeting.id)
ym_cal 0 holiday 1 workday
expect_rule R-NOTICE-1 "today a holiday: too late to notice tomorrow's meeting" -- off meeting notify --meeting "$MT"
ym_cal 0 workday
expect_rc 0 "today a working day: tomorrow's meeting is noticed today" -- off meeting notify --meeting "$MT"
expect_rc 0 "a regular meeting the day after tomorrow" -- off meeting schedule --body "$B" --title 后日例会 --at "${D2}T09:00:00+08:00"
MA=$(jget meeting.id)
ym_cal 0 holiday 1 holiday
expect_rule R-NOTICE-1 "today and tomorrow holidays: too late for the day after" -- off meeting notify --meeting "$MA"
ym_cal 1 workday
expect_rc 0 "tomorrow a make-up working day: the notice goes out today" -- off meeting notify --meeting "$MA"
expect_rc 0 "an urgent meeting today" -- off meeting schedule --body "$B" --title 临时会议 --at "${D0}T23:59:59+08:00" --urgent --reason 上级督办
expect_rc 0 "an urgent meeting is noticed on any day (today a holiday)" -- off meeting notify --meeting "$(jget meeting.id)"
ym_body bureau_affairs 3
expect_rc 0 "bureau_affairs: a regular meeting today" -- off meeting schedule --body "$B" --title 局务会 --at "${D0}T23:59:59+08:00"
expect_rc 0 "bureau_affairs has no notice period" -- off meeting notify --meeting "$(jget meeting.id)"

# ---------------------------------------------------------------------------
echo "# R-AGENDA-4 (director_office): proposals close 3 working days before the meeting"
ym_cal 0 workday 1 workday 2 workday 3 workday
ym_body director_office 4
expect_rc 0 "a regular director's meeting in 3 days" -- off meeting schedule --body "$B" --title 局长办公会 --at "${D3}T09:00:00+08:00"
MX=$(jget meeting.id)
expect_rc 0 "3 working days before (today): a proposal is accepted" -- m1 agenda propose --meeting "$MX" --title 按期议题 --category ordinary
expect_rc 0 "a regular director's meeting in 2 days" -- off meeting schedule --body "$B" --title 局长办公会 --at "${D2}T09:00:00+08:00"
MY=$(jget meeting.id)
expect_rule R-AGENDA-4 "2 working days before: a proposal is refused" -- m1 agenda propose --meeting "$MY" --title 逾期议题 --category ordinary
expect_rc 0 "an emergency item is excepted" -- m1 agenda propose --meeting "$MY" --title 紧急议题 --category ordinary --emergency --reason 紧急
ym_cal 1 holiday
expect_rule R-AGENDA-4 "tomorrow a holiday: the meeting in 3 days is now only 2 working days away" -- m1 agenda propose --meeting "$MX" --title 再提议题 --category ordinary
ym_cal 1 workday
ym_body party_group 3
expect_rc 0 "party_group: a regular meeting in 2 days" -- off meeting schedule --body "$B" --title 党组会议 --at "${D2}T09:00:00+08:00"
expect_rc 0 "party_group has no proposal deadline" -- m1 agenda propose --meeting "$(jget meeting.id)" --title 议题 --category ordinary

echo "# every body's record against its trail"
ym_verify_all
