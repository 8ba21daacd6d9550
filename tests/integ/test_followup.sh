#!/usr/bin/env bash
# After the meeting (RULES.md "After the meeting"), through the CLI against
# the real daemon: follow-up tasks (R-FOLLOW-1), re-decision (R-IMMUT-1),
# emergency disposals reported to the next meeting and alerting the
# inspectors (R-EMERG-1), and decisions reported to the members who were
# absent or on leave, who acknowledge them (通报, R-ABSENT-4).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# item_field MEETING ITEM FIELD: a field of an item in meeting status.
item_field() {
	yj sec meeting status --meeting "$1"
	printf '%s' "$OUT" | python3 -c '
import json, sys
m = json.load(sys.stdin)["meeting"]
for it in m.get("items", []):
    if str(it["id"]) == sys.argv[1]:
        v = it.get(sys.argv[2])
        print("" if v is None else v)
' "$2" "$3"
}

# count EXPR: evaluates a Python expression over the JSON in OUT (as j).
count() {
	printf '%s' "$OUT" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}

# pass_item ITEM NAME...: everyone named states agree (sec last) and votes
# yes by show of hands (sec last), then the chair closes the vote.
pass_item() {
	local item=$1 n
	shift
	ym_start "$item" || return 1
	# shellcheck disable=SC2068
	ym_state_all "$item" agree $@ || return 1
	ym_must "sec states" -- sec state --item "$item" --position agree || return 1
	ym_must "vote opens" -- sec vote open --item "$item" --method hands || return 1
	for n in "$@"; do
		ym_must "$n votes yes" -- "$n" vote cast --item "$item" --choice yes || return 1
	done
	ym_must "sec votes yes" -- sec vote cast --item "$item" --choice yes || return 1
	ym_must "vote closes" -- sec vote close --item "$item"
}

# ---------------------------------------------------------------------------
echo "# meeting 1: party group of 5; m3 absent, m4 on leave; I1 passes, I2 is rejected"
ym_body party_group 5
ym_schedule
M1=$M
ym_item ordinary
I1=$I
ym_item ordinary
I2=$I
ym_notify
ym_must "m4 asks leave" -- m4 leave request --meeting "$M1" --reason 出差
ym_must "sec approves m4's leave" -- sec leave approve --meeting "$M1" --member m4
ym_checkin sec m1 m2
ym_open
pass_item "$I1" m1 m2
expect_eq "I1 passed" "$(jget result.outcome)" passed
ym_start "$I2"
ym_state_all "$I2" disagree m1 m2
ym_must "sec states" -- sec state --item "$I2" --position agree
ym_must "vote opens" -- sec vote open --item "$I2" --method hands
ym_cast_all "$I2" no m1 m2
ym_must "sec votes yes" -- sec vote cast --item "$I2" --choice yes
ym_must "vote closes" -- sec vote close --item "$I2"
expect_eq "I2 rejected" "$(jget result.outcome)" rejected

echo "# R-FOLLOW-1: follow-up tasks on a passed decision"
DUE=$(ym_day 30)
expect_perm "a member (not the chair or office) cannot assign" -- m1 followup assign --item "$I1" --unit 财务处 --person m2 --due "$DUE"
expect_rule R-FOLLOW-1 "no task on a rejected decision" -- sec followup assign --item "$I2" --unit 财务处 --person m2 --due "$DUE"
expect_rule R-FOLLOW-1 "no task due in the past" -- sec followup assign --item "$I1" --unit 财务处 --person m2 --due "$(ym_day -1)"
expect_rc 5 "the responsible person must be an identity" -- sec followup assign --item "$I1" --unit 财务处 --person nobody --due "$DUE"
expect_rc 2 "a bad date is a usage error" -- sec followup assign --item "$I1" --unit 财务处 --person m2 --due 2026-13-40
expect_rc 0 "the chair assigns a task on I1" -- sec followup assign --item "$I1" --unit 财务处 --person m2 --due "$DUE"
T1=$(jget task.id)
expect_eq "the task is open, due as given" "$(jget task.state) $(jget task.due) $(jget task.person)" "open $DUE m2"
expect_rc 0 "the office assigns a second task" -- off followup assign --item "$I1" --unit 办公室 --person m3 --due "$(ym_day 10)"
T2=$(jget task.id)
expect_perm "only the responsible person reports (R-FOLLOW-1)" -- m1 followup report --task "$T1" --text 代为报告
expect_eq "the refusal names R-FOLLOW-1" "$(jget error.rule)" R-FOLLOW-1
expect_rc 0 "m2 reports progress" -- m2 followup report --task "$T1" --text 已拨付首期资金
expect_eq "the report is the first" "$(jget task.reports.0.seq) $(jget task.state)" "1 open"
expect_rc 0 "m2 reports it done" -- m2 followup report --task "$T1" --text 全部完成 --done
expect_eq "the task is done" "$(jget task.state)" done
expect_rule R-FOLLOW-1 "a done task takes no more reports" -- m2 followup report --task "$T1" --text 补充
expect_rc 5 "an unknown task" -- m2 followup report --task 999999 --text 无
expect_rc 0 "followup list" -- insp followup list --body "$B"
expect_eq "two tasks listed" "$(count 'len(j["tasks"])')" 2
expect_eq "T1 keeps both reports, in order" "$(count '[t for t in j["tasks"] if t["id"] == '"$T1"'][0]["reports"][1]["text"]')" 全部完成
expect_eq "the list has the CLI.md fields" "$(count 'sorted(set(["id","item","unit","person","due","state"]) - set(j["tasks"][0]))')" "[]"
expect_rc 0 "nothing is overdue yet" -- sec followup list --body "$B" --overdue
expect_eq "no overdue task" "$(count 'len(j["tasks"])')" 0
# The clock cannot be moved: make T2 fall due yesterday in the database,
# as if ten days had passed (T1 is done and never overdue).
yi_sql "UPDATE followups SET due = current_date - 1 WHERE id IN ($T1, $T2)" >/dev/null
expect_rc 0 "the overdue list" -- sec followup list --body "$B" --overdue
expect_eq "only the open task past its due date is overdue" "$(count '[t["id"] for t in j["tasks"]]')" "[$T2]"
expect_eq "it says so" "$(jget tasks.0.overdue)" true
# Moving a due date in the database is what a forger would do, too: the
# audit names the assignment whose due date the record no longer has.
expect_rc 6 "a due date changed in the table is caught" -- insp audit verify --body "$B"
expect_eq "naming T1's assignment" "$(jget error.seq)" \
    "$(yi_sql "SELECT seq FROM trail WHERE body_id = $B AND action = 'followup.assign' AND payload::json->>'task' = '$T1'")"
yi_sql "UPDATE followups SET due = '$DUE' WHERE id = $T1; UPDATE followups SET due = '$(ym_day 10)' WHERE id = $T2" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"
expect_perm "an identity without a seat cannot list" -- m5 followup list --body "$B"
expect_eq "assignments and reports are in the trail" "$(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action IN ('followup.assign', 'followup.report')")" 4

echo "# R-IMMUT-1: a decision is changed only by a later meeting"
expect_rule R-IMMUT-1 "no revision in the meeting that decided" -- sec agenda propose --meeting "$M1" --title 修改 --category ordinary --emergency --reason 紧急 --revises "$I1"
ym_must "close meeting 1" -- sec meeting close --meeting "$M1"

echo "# 通报 (R-ABSENT-4): the absent and those on leave acknowledge the decisions"
expect_rc 0 "m3 (absent) lists pending decisions" -- m3 decision pending
expect_eq "both decisions are pending for m3" "$(count '[d["item"] for d in j["decisions"]]')" "[$I1, $I2]"
expect_eq "why m3 is informed" "$(jget decisions.0.attendance)" absent
expect_rc 0 "m4 (on leave) lists them too" -- m4 decision pending --body "$B"
expect_eq "m4: two, on leave" "$(count 'len(j["decisions"])') $(jget decisions.0.attendance)" "2 leave"
expect_rc 0 "m1 was present" -- m1 decision pending
expect_eq "nothing pending for m1" "$(count 'len(j["decisions"])')" 0
expect_rule R-ABSENT-4 "a member who was present has nothing to acknowledge" -- m1 decision ack --item "$I1"
expect_rule R-ABSENT-4 "an inspector is not informed" -- insp decision ack --item "$I1"
expect_rc 0 "m3 acknowledges I1" -- m3 decision ack --item "$I1"
expect_rule R-ABSENT-4 "once only" -- m3 decision ack --item "$I1"
expect_rc 0 "m3's pending list" -- m3 decision pending
expect_eq "only I2 is left for m3" "$(count '[d["item"] for d in j["decisions"]]')" "[$I2]"
expect_eq "the acknowledgment is recorded" "$(yi_sql "SELECT count(*) FROM decision_acks WHERE item_id = $I1 AND member = 'm3'") $(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action = 'decision.ack'")" "1 1"
expect_rc 0 "human output" -- m4 decision pending
yi m4 --lang en decision pending >"$T/pending.txt" 2>&1
if grep -q "item #$I1" "$T/pending.txt"; then ok "the English list names the item"; else not_ok "English list: $(cat "$T/pending.txt")"; fi

echo "# R-EMERG-1: emergency disposals, before the next meeting is scheduled"
expect_perm "the recorder cannot record a disposal" -- rec disposal record --body "$B" --title 抢修 --text 机房进水
expect_eq "the refusal names R-EMERG-1" "$(jget error.rule)" R-EMERG-1
expect_rc 0 "m1 records a small disposal" -- m1 disposal record --body "$B" --title 临时采购防汛物资 --text "暴雨，临时采购沙袋" --amount 5000
D1=$(jget disposal.id)
expect_eq "it is not major" "$(jget disposal.alerted)" false
expect_eq "it waits for the next meeting" "$(jget disposal.meeting)" ""
expect_rc 0 "m2 records a large one" -- m2 disposal record --body "$B" --title 数据中心抢修 --text "夜间进水，紧急更换设备" --amount 80000
D2=$(jget disposal.id)
expect_eq "over the threshold: large_fund, inspectors alerted" "$(jget disposal.category) $(jget disposal.alerted)" "large_fund true"
expect_eq "the alert is in the trail" "$(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action = 'disposal.alert'")" 1
ym_schedule
M2=$M
expect_rc 0 "the inspector lists the disposals" -- insp disposal list --body "$B"
expect_eq "both are on the next meeting" "$(count '[d["meeting"] for d in j["disposals"]]')" "[$M2, $M2]"
expect_eq "alerted flags" "$(count '[d["alerted"] for d in j["disposals"]]')" "[False, True]"
R1=$(count 'j["disposals"][0]["item"]')
R2=$(count 'j["disposals"][1]["item"]')
expect_eq "the report items are approved, marked as disposals" "$(item_field "$M2" "$R1" state) $(item_field "$M2" "$R1" disposal) $(item_field "$M2" "$R2" category)" "approved $D1 large_fund"
expect_perm "an observer does not see the disposals" -- obs disposal list --body "$B"

echo "# R-IMMUT-1: the revising item in the next meeting"
expect_rule R-IMMUT-1 "an item of another body cannot be revised" -- m1 agenda propose --meeting "$M2" --title 修改 --category ordinary --revises 999999
expect_rule R-IMMUT-1 "an undecided item cannot be revised" -- m1 agenda propose --meeting "$M2" --title 修改 --category ordinary --revises "$R1"
ym_item ordinary --revises "$I1"
J=$I
ym_notify
expect_rc 0 "after the notice, a disposal still goes on the meeting" -- m1 disposal record --body "$B" --title 干部临时调整 --text 临时主持工作 --category personnel
expect_eq "a major class alerts; it is on meeting 2" "$(jget disposal.alerted) $(jget disposal.meeting)" "true $M2"
ym_checkin sec m1 m2 m3 m4
ym_open

echo "# R-EMERG-1 / R-LAST-4: the report is concluded as emergency_disposal"
ym_start "$R1"
expect_rc 0 "the chair concludes the disposal report" -- sec item decide --item "$R1" --text 听取报告，予以确认
expect_eq "decision mode" "$(item_field "$M2" "$R1" decision_mode)" emergency_disposal
pass_item "$J" m1 m2 m3 m4
expect_eq "the revising item passed" "$(jget result.outcome)" passed
expect_eq "I1 is superseded by J" "$(item_field "$M1" "$I1" superseded_by)" "$J"
expect_eq "J names what it revises" "$(item_field "$M2" "$J" revises)" "$I1"
expect_eq "the supersession is in the trail" "$(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action = 'item.supersede'")" 1
expect_rule R-FOLLOW-1 "no new task on a superseded decision" -- sec followup assign --item "$I1" --unit 财务处 --person m2 --due "$DUE"
expect_rule R-IMMUT-1 "a superseded decision is not revised again" -- sec agenda propose --meeting "$M2" --title 再改 --category ordinary --emergency --reason 紧急 --revises "$I1"
expect_rc 0 "audit verify after all of it" -- insp audit verify --body "$B"
