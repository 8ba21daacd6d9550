#!/usr/bin/env bash
# The whole record against the trail (issue 4): an inspector with the CA,
# a bundle and the yishi binary can confirm or refute every claim about a
# meeting. Beyond statements, ballots and results (test_tamper.sh): the
# meeting as scheduled and its state, each member's attendance and leave,
# the items as proposed (title, class, amount, materials' digests,
# proposer), recusals, observers, written opinions, acknowledgments of the
# absent, follow-up tasks and their reports, emergency disposals reported
# on the next agenda. A PostgreSQL superuser changes, deletes or adds a row
# in each table: `audit verify` exits 6 naming the entry the row disagrees
# with (or the row, when no entry made it); put back, the record verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

export XDG_STATE_HOME=$T/state
yi_setup
ym_identities

# entry ACTION [JSON-KEY VALUE]: the seq of the body's entry of this action
# (whose payload has KEY = VALUE).
entry() {
	if [ $# -eq 3 ]; then
		yi_sql "SELECT max(seq) FROM trail WHERE body_id = $B AND action = '$1' AND payload::json->>'$2' = '$3'"
	else
		yi_sql "SELECT max(seq) FROM trail WHERE body_id = $B AND action = '$1'"
	fi
}

# caught WHAT SEQ SQL UNDO: after SQL, audit verify exits 6 naming entry SEQ
# (0: a row no entry made); after UNDO it verifies again.
caught() {
	local what=$1 seq=$2
	yi_sql "$3" >/dev/null
	expect_rc 6 "$what is caught" -- insp audit verify --body "$B"
	expect_eq "$what: the entry named" "$(jget error.seq)" "$seq"
	CAUGHT=$OUT
	yi_sql "$4" >/dev/null
	expect_rc 0 "$what, put back: it verifies" -- insp audit verify --body "$B"
}

echo "# a party group of 7: m5 on leave with a written opinion, m6 absent"
ym_body party_group 7
ym_schedule
M1=$M
MAT=$T/方案.txt
printf '采购方案第一稿\n' >"$MAT"
ym_item ordinary --responsible m2 --material "$MAT" --amount 120000
A=$I
ym_item personnel
P=$I
ym_must "m5 asks leave" -- m5 leave request --meeting "$M" --reason 外出学习
ym_must "sec approves the leave" -- sec leave approve --meeting "$M" --member m5
ym_must "m5's written opinion" -- m5 opinion submit --item "$A" --position agree --text 书面同意采购
ym_notify
ym_checkin sec m1 m2 m3 m4
ym_must "rec marks m6 absent" -- rec attendance mark --meeting "$M" --member m6 --absent
ym_open
ym_must "obs admitted to item A" -- sec observer admit --item "$A" --identity obs
ym_must "m4 recuses from P" -- m4 recuse --item "$P" --member m4 --reason 近亲属任职
ym_start "$A"
ym_state_all "$A" agree m1 m2 m3 m4 sec
ym_must "vote opens" -- sec vote open --item "$A" --method roll_call
ym_cast_all "$A" yes m1 m2 m3 m4 sec
ym_must "vote closes" -- sec vote close --item "$A"
ym_must "the chair assigns a task" -- sec followup assign --item "$A" --unit 财务处 --person m2 --due "$(ym_day 20)"
TASK=$(jget task.id)
ym_must "m2 reports" -- m2 followup report --task "$TASK" --text 已拨付首期资金
ym_must "m2 leaves" -- m2 checkout --meeting "$M"
ym_must "P is deferred" -- sec item defer --item "$P" --reason 待考察
ym_must "close meeting 1" -- sec meeting close --meeting "$M"
ym_must "m6 (absent) acknowledges A" -- m6 decision ack --item "$A"
ym_must "m1 records a disposal" -- m1 disposal record --body "$B" --title 临时采购防汛物资 --text 暴雨，临时采购沙袋 --amount 5000
D=$(jget disposal.id)
ym_schedule
M2=$M

expect_eq "the proposal's materials are in the trail" \
    "$(yi_sql "SELECT payload::json->>'materials' FROM trail WHERE body_id = $B AND action = 'agenda.propose' AND payload::json->>'item' = '$A'")" \
    "$(sha256sum "$MAT" | cut -d' ' -f1):10:方案.txt"
expect_rc 0 "the untouched record verifies" -- insp audit verify --body "$B"
expect_eq "every kind of fact was replayed" \
    "$(jget verified.record.meetings) $(jget verified.record.items) $(jget verified.record.opinions) $(jget verified.record.recusals) $(jget verified.record.observers) $(jget verified.record.acks) $(jget verified.record.tasks) $(jget verified.record.reports) $(jget verified.record.disposals)" \
    "2 2 1 1 1 1 1 1 1"
expect_eq "attendance: 7 voting seats at meeting 1" "$(jget verified.record.attendance)" 7
R=$(yi_sql "SELECT id FROM items WHERE body_id = $B AND disposal_id = $D")

echo "# the meeting"
caught "a meeting's title changed" "$(entry meeting.schedule meeting "$M1")" \
    "UPDATE meetings SET title = '另一个会' WHERE id = $M1" \
    "UPDATE meetings SET title = '会议1' WHERE id = $M1"
caught "a meeting's time changed" "$(entry meeting.schedule meeting "$M1")" \
    "UPDATE meetings SET at = at + interval '1 hour' WHERE id = $M1" \
    "UPDATE meetings SET at = at - interval '1 hour' WHERE id = $M1"
caught "a meeting's close moved back (to make its minutes look overdue)" "$(entry meeting.close meeting "$M1")" \
    "UPDATE meetings SET closed_at = closed_at - interval '20 days' WHERE id = $M1" \
    "UPDATE meetings SET closed_at = closed_at + interval '20 days' WHERE id = $M1"
caught "a statement's time changed" "$(entry statement member m1)" \
    "UPDATE statements SET at = at - interval '1 hour' WHERE item_id = $A AND member = 'm1'" \
    "UPDATE statements SET at = at + interval '1 hour' WHERE item_id = $A AND member = 'm1'"
caught "who chaired changed" "$(entry meeting.open meeting "$M1")" \
    "UPDATE meetings SET chair = 'm1' WHERE id = $M1" \
    "UPDATE meetings SET chair = 'sec' WHERE id = $M1"
caught "a closed meeting reopened" "$(entry meeting.close meeting "$M1")" \
    "UPDATE meetings SET state = 'open' WHERE id = $M1" \
    "UPDATE meetings SET state = 'closed' WHERE id = $M1"

echo "# attendance"
caught "leave turned into presence" "$(entry leave.approve member m5)" \
    "UPDATE attendance SET state = 'present' WHERE meeting_id = $M1 AND identity = 'm5'" \
    "UPDATE attendance SET state = 'leave' WHERE meeting_id = $M1 AND identity = 'm5'"
caught "a leave's reason changed" "$(entry leave.approve member m5)" \
    "UPDATE attendance SET reason = '病假' WHERE meeting_id = $M1 AND identity = 'm5'" \
    "UPDATE attendance SET reason = '外出学习' WHERE meeting_id = $M1 AND identity = 'm5'"
caught "an absence deleted" "$(entry attendance.mark member m6)" \
    "CREATE TABLE saved_att AS SELECT * FROM attendance WHERE meeting_id = $M1 AND identity = 'm6'; DELETE FROM attendance WHERE meeting_id = $M1 AND identity = 'm6'" \
    "INSERT INTO attendance SELECT * FROM saved_att; DROP TABLE saved_att"
caught "a departure erased" "$(entry attendance.checkout member m2)" \
    "UPDATE attendance SET state = 'present' WHERE meeting_id = $M1 AND identity = 'm2'" \
    "UPDATE attendance SET state = 'left' WHERE meeting_id = $M1 AND identity = 'm2'"
caught "an attendance nobody recorded" 0 \
    "INSERT INTO attendance (body_id, meeting_id, identity, state, marked_by) VALUES ($B, $M2, 'm1', 'present', 'm1')" \
    "DELETE FROM attendance WHERE meeting_id = $M2"
expect_eq "and the row is named" "$(printf '%s' "$CAUGHT" | grep -c 'attendance: the row of m1')" 1

echo "# the items"
caught "an item's title changed" "$(entry agenda.propose item "$A")" \
    "UPDATE items SET title = '别的议题' WHERE id = $A" \
    "UPDATE items SET title = '议题0（ordinary）' WHERE id = $A"
caught "an item's class changed" "$(entry agenda.propose item "$P")" \
    "UPDATE items SET category = 'ordinary' WHERE id = $P" \
    "UPDATE items SET category = 'personnel' WHERE id = $P"
caught "an item's amount changed" "$(entry agenda.propose item "$A")" \
    "UPDATE items SET amount = 12000 WHERE id = $A" \
    "UPDATE items SET amount = 120000 WHERE id = $A"
caught "an item's proposer changed" "$(entry agenda.propose item "$A")" \
    "UPDATE items SET proposer = 'm3' WHERE id = $A" \
    "UPDATE items SET proposer = 'm1' WHERE id = $A"
caught "a material's digest changed" "$(entry agenda.propose item "$A")" \
    "UPDATE item_materials SET sha256 = sha256('x') WHERE item_id = $A" \
    "UPDATE item_materials SET sha256 = decode('$(sha256sum "$MAT" | cut -d' ' -f1)', 'hex') WHERE item_id = $A"
caught "a deferral turned into a decision" "$(entry item.defer item "$P")" \
    "UPDATE items SET state = 'decided' WHERE id = $P" \
    "UPDATE items SET state = 'deferred' WHERE id = $P"
caught "an item marked superseded" 0 \
    "UPDATE items SET superseded_by = $P WHERE id = $A" \
    "UPDATE items SET superseded_by = NULL WHERE id = $A"
caught "an item added to the agenda" 0 \
    "INSERT INTO items (body_id, id, meeting_id, position, title, category, amount, responsible, proposer, reason, state) VALUES ($B, 999999, $M1, 99, '补加', 'ordinary', 0, '', 'm1', '', 'approved')" \
    "DELETE FROM items WHERE id = 999999"

echo "# recusals, observers, written opinions"
caught "a recusal's reason changed" "$(entry recuse item "$P")" \
    "UPDATE recusals SET reason = '无' WHERE item_id = $P" \
    "UPDATE recusals SET reason = '近亲属任职' WHERE item_id = $P"
caught "a recusal deleted" "$(entry recuse item "$P")" \
    "CREATE TABLE saved_rec AS SELECT * FROM recusals WHERE item_id = $P; DELETE FROM recusals WHERE item_id = $P" \
    "INSERT INTO recusals SELECT * FROM saved_rec; DROP TABLE saved_rec"
caught "an observer's admission deleted" "$(entry observer.admit item "$A")" \
    "CREATE TABLE saved_obs AS SELECT * FROM item_observers WHERE item_id = $A; DELETE FROM item_observers WHERE item_id = $A" \
    "INSERT INTO item_observers SELECT * FROM saved_obs; DROP TABLE saved_obs"
caught "a written opinion changed" "$(entry opinion.submit item "$A")" \
    "UPDATE opinions SET text = '书面反对' WHERE item_id = $A" \
    "UPDATE opinions SET text = '书面同意采购' WHERE item_id = $A"
caught "a written opinion's position changed" "$(entry opinion.submit item "$A")" \
    "UPDATE opinions SET position = 'disagree' WHERE item_id = $A" \
    "UPDATE opinions SET position = 'agree' WHERE item_id = $A"

echo "# after the meeting"
caught "an acknowledgment deleted" "$(entry decision.ack item "$A")" \
    "CREATE TABLE saved_ack AS SELECT * FROM decision_acks WHERE item_id = $A; DELETE FROM decision_acks WHERE item_id = $A" \
    "INSERT INTO decision_acks SELECT * FROM saved_ack; DROP TABLE saved_ack"
caught "an acknowledgment nobody gave" 0 \
    "INSERT INTO decision_acks (body_id, item_id, member) VALUES ($B, $A, 'm5')" \
    "DELETE FROM decision_acks WHERE item_id = $A AND member = 'm5'"
caught "a task's unit changed" "$(entry followup.assign task "$TASK")" \
    "UPDATE followups SET unit = '办公室' WHERE id = $TASK" \
    "UPDATE followups SET unit = '财务处' WHERE id = $TASK"
caught "a task marked done with no report saying so" "$(entry followup.assign task "$TASK")" \
    "UPDATE followups SET state = 'done' WHERE id = $TASK" \
    "UPDATE followups SET state = 'open' WHERE id = $TASK"
caught "a progress report rewritten" "$(entry followup.report task "$TASK")" \
    "UPDATE followup_reports SET text = '已全部拨付' WHERE task_id = $TASK" \
    "UPDATE followup_reports SET text = '已拨付首期资金' WHERE task_id = $TASK"
caught "a progress report deleted" "$(entry followup.report task "$TASK")" \
    "CREATE TABLE saved_rep AS SELECT * FROM followup_reports WHERE task_id = $TASK; DELETE FROM followup_reports WHERE task_id = $TASK" \
    "INSERT INTO followup_reports SELECT * FROM saved_rep; DROP TABLE saved_rep"
caught "a disposal's report item retitled" "$(entry disposal.record disposal "$D")" \
    "UPDATE items SET title = '别的处置' WHERE id = $R" \
    "UPDATE items SET title = '临时采购防汛物资' WHERE id = $R"

echo "# a seat removed later keeps the attendance it had"
expect_rc 0 "m6 leaves the body" -- admin seat remove --body "$B" --identity m6
expect_rc 0 "the minutes of meeting 1" -- insp minutes show --meeting "$M1"
expect_eq "still show m6 absent and sec in the chair" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; m=json.load(sys.stdin)["minutes"]; print([a["state"] for a in m["attendance"] if a["member"]=="m6"], m["chair"])')" \
    "['absent'] sec"
expect_rc 0 "and the record still verifies" -- insp audit verify --body "$B"

echo "# the bundle: the same checks with no server"
expect_rc 0 "export a bundle" -- insp audit export --body "$B" --out "$T/r.bundle"
cp "$INST/ca.pem" "$T/ca.pem"
yi_stop
expect_rc 0 "the bundle verifies with the server stopped" -- insp audit verify --bundle "$T/r.bundle" --ca "$T/ca.pem"
expect_eq "with the tasks it carries" "$(jget verified.record.tasks):$(jget verified.record.reports)" "1:1"
