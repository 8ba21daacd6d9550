#!/usr/bin/env bash
# Verification an inspector can trust without trusting anyone (issue 4):
# server-signed checkpoints, remembered heads, the record replayed from the
# trail, and bundles verified with no server. A PostgreSQL superuser with
# the append-only triggers disabled changes a payload, a statement row, a
# ballot row, swaps two entries, rewrites the chain, deletes the newest
# entry: each makes `audit verify` exit 6 and name the entry. Secret
# ballots leave no row that pairs a voter with a choice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

export XDG_STATE_HOME=$T/state
yi_init
echo "checkpoint_every = 5" >>"$INST/yishid.conf"
yi_start
ym_identities

ym_meeting party_group 5 "sec m1 m2 m3 m4 rec insp" ordinary personnel
I1=${ITEMS[0]}
I2=${ITEMS[1]}

# Item 1: statements (the secretary last), an open vote, a reserved opinion.
ym_start "$I1"
ym_state_all "$I1" agree m1 m2 m4
expect_rc 0 "m3 states with a text" -- m3 state --item "$I1" --position disagree --text 原文
ym_state_all "$I1" agree sec
expect_rc 0 "a roll-call vote" -- sec vote open --item "$I1" --method roll_call
ym_cast_all "$I1" yes m1 m2 m4
expect_rc 0 "m3 votes no" -- m3 vote cast --item "$I1" --choice no
ym_cast_all "$I1" yes sec
expect_rc 0 "close the open vote" -- sec vote close --item "$I1"
expect_rc 0 "m3 files a reserved opinion" -- m3 dissent file --item "$I1" --text 保留

# Item 2: a secret vote.
ym_start "$I2"
ym_state_all "$I2" agree m1 m2 m3 m4 sec
ym_secret_open "$I2" m2,m4 && ok "a secret vote, scrutineers m2 and m4"
ym_secret_cast "$I2" "m1:yes m2:yes m3:yes sec:yes"
expect_rc 0 "m4 votes no in secret" -- m4 vote cast --item "$I2" --choice no
expect_secret_close "close the secret vote" "$I2" m2,m4
expect_rc 0 "close the meeting" -- sec meeting close --meeting "$M"

# The checkpoint of the close is written after the commit: wait for it.
head=$(yi_sql "select max(seq) from trail where body_id = $B")
for _ in $(seq 1 50); do
	[ "$(yi_sql "select count(*) from checkpoints where body_id = $B and seq = $head")" = 1 ] && break
	sleep 0.1
done
expect_eq "the server signed the head at the meeting's close" \
    "$(yi_sql "select count(*) from checkpoints where body_id = $B and seq = $head")" 1
# A transaction of several entries (a secret vote's last decryption share
# and its close) that crosses a multiple of 5 is signed at its last entry.
expect_eq "and every 5 entries" \
    "$(yi_sql "select count(*) from generate_series(5, $head, 5) k where exists (select 1 from checkpoints c where c.body_id = $B and c.seq between k and k + 1)")" "$((head / 5))"
expect_eq "checkpoints name the hash the trail has" \
    "$(yi_sql "select count(*) from checkpoints c join trail t using (body_id, seq) where c.hash <> t.hash")" 0
expect_eq "the daemon's role cannot change a checkpoint" \
    "$(yi_sql "select has_table_privilege('yishid', 'checkpoints', 'UPDATE') or has_table_privilege('yishid', 'checkpoints', 'DELETE')")" f

# The minutes: signed by the chair at the head, then a corrigendum.
expect_rc 0 "the chair signs the minutes" -- sec minutes sign --meeting "$M"
expect_rc 0 "and appends a corrigendum" -- sec minutes correct --meeting "$M" --text 更正一处
head=$(yi_sql "select max(seq) from trail where body_id = $B")

# Secret ballots: nothing pairs a voter with a choice.
expect_eq "no column anywhere is both a voter and a choice but ballots'" \
    "$(yi_sql "select string_agg(distinct table_name, ',') from information_schema.columns where table_schema = 'public' and column_name = 'choice'")" ballots
expect_eq "the ballots table has no time or serial to order them by" \
    "$(yi_sql "select count(*) from information_schema.columns where table_schema = 'public' and table_name = 'ballots' and (data_type like 'timestamp%' or column_default like 'nextval%')")" 0
expect_eq "the secret vote's ballot rows have no choice" \
    "$(yi_sql "select count(*) || ':' || count(choice) from ballots where body_id = $B and item_id = $I2")" "5:0"
expect_eq "its trail entries have no choice, only the voter's signed ciphertext" \
    "$(yi_sql "select count(*) from trail where body_id = $B and action = 'vote.cast' and payload::json->>'item' = '$I2' and payload not like '%choice%' and signed not like '%choice%' and signer = payload::json->>'member' and length(payload::json->>'ballot') > 0")" 5
expect_eq "the counts equal the participants" \
    "$(yi_sql "select (v.yes + v.no + v.abstain) || ':' || v.yes || ':' || v.no || ':' || (select count(*) from ballots b where b.body_id = v.body_id and b.item_id = v.item_id) from votes v where v.body_id = $B and v.item_id = $I2")" "5:4:1:5"

expect_rc 0 "the untouched trail verifies" -- insp audit verify --body "$B"
expect_eq "with its checkpoints" "$(jget verified.checkpoints)" \
    "$(yi_sql "select count(*) from checkpoints where body_id = $B")"
expect_eq "and the head is remembered" "$(jget verified.remembered)" new
expect_eq "the record was replayed: 10 statements, 5 open ballots, 5 secret, a sign-off" \
    "$(jget verified.record.statements):$(jget verified.record.ballots):$(jget verified.record.secret_ballots):$(jget verified.record.signoffs)" "10:5:5:1"
expect_rc 0 "the secretary verifies too" -- sec audit verify --body "$B"
expect_eq "the same head" "$(jget verified.remembered)" same

expect_rc 0 "export a bundle" -- insp audit export --body "$B" --out "$T/b.bundle"
expect_eq "the bundle starts with its magic line" "$(head -c 18 "$T/b.bundle")" YISHI-AUDIT-BUNDLE
cp "$INST/ca.pem" "$T/inspector-ca.pem"
yi_stop
expect_rc 0 "the bundle verifies with the server stopped" -- insp audit verify --bundle "$T/b.bundle" --ca "$T/inspector-ca.pem"
expect_eq "from the bundle" "$(jget verified.source):$(jget verified.head_seq)" "bundle:$head"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/other.key" -out "$T/other-ca.pem" -subj /CN=other -days 1 >/dev/null 2>&1
expect_rc 6 "against another CA the bundle does not verify" -- insp audit verify --bundle "$T/b.bundle" --ca "$T/other-ca.pem"
yi_start

# 1. A trail entry's payload.
close1=$(yi_sql "select seq from trail where body_id = $B and action = 'vote.close' and payload::json->>'item' = '$I1'")
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '\"outcome\":\"', '\"outcome\":\"x') WHERE body_id = $B AND seq = $close1"
expect_rc 6 "a changed payload is caught" -- insp audit verify --body "$B"
expect_eq "and the entry named" "$(jget error.seq)" "$close1"
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '\"outcome\":\"x', '\"outcome\":\"') WHERE body_id = $B AND seq = $close1"
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 2. A statement in its own table, the trail untouched.
st3=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm3' and payload::json->>'item' = '$I1'")
yi_sql "UPDATE statements SET text = '改过的' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null
expect_rc 6 "a statement changed in its table is caught" -- insp audit verify --body "$B"
expect_eq "naming its trail entry" "$(jget error.seq)" "$st3"
yi_sql "UPDATE statements SET text = '原文' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null
yi_sql "UPDATE statements SET position = 'agree' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null
expect_rc 6 "a statement's position changed in its table is caught" -- insp audit verify --body "$B"
expect_eq "naming its trail entry" "$(jget error.seq)" "$st3"
yi_sql "UPDATE statements SET position = 'disagree' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null

# 3. A ballot in its own table.
b3=$(yi_sql "select seq from trail where body_id = $B and action = 'vote.cast' and signer = 'm3' and payload::json->>'item' = '$I1'")
yi_sql "UPDATE ballots SET choice = 'yes' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null
expect_rc 6 "a ballot changed in its table is caught" -- insp audit verify --body "$B"
expect_eq "naming its trail entry" "$(jget error.seq)" "$b3"
yi_sql "UPDATE ballots SET choice = 'no' WHERE body_id = $B AND item_id = $I1 AND member = 'm3'" >/dev/null
yi_sql "UPDATE votes SET yes = yes + 1, no = no - 1 WHERE body_id = $B AND item_id = $I2" >/dev/null
expect_rc 6 "secret counts changed in the votes table are caught" -- insp audit verify --body "$B"
expect_eq "naming the vote's close" "$(jget error.seq)" \
    "$(yi_sql "select seq from trail where body_id = $B and action = 'vote.close' and payload::json->>'item' = '$I2'")"
yi_sql "UPDATE votes SET yes = yes - 1, no = no + 1 WHERE body_id = $B AND item_id = $I2" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"
cor=$(yi_sql "select seq from trail where body_id = $B and action = 'minutes.correct'")
yi_sql "UPDATE minutes_corrigenda SET text = '另一处' WHERE body_id = $B AND meeting_id = $M" >/dev/null
expect_rc 6 "a corrigendum changed in its table is caught" -- insp audit verify --body "$B"
expect_eq "naming its trail entry" "$(jget error.seq)" "$cor"
yi_sql "UPDATE minutes_corrigenda SET text = '更正一处' WHERE body_id = $B AND meeting_id = $M" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 4. Two entries swapped.
yi_superuser_sql "UPDATE trail SET seq = seq + 1000000 WHERE body_id = $B AND seq = $st3;
    UPDATE trail SET seq = $st3 WHERE body_id = $B AND seq = $((st3 + 1));
    UPDATE trail SET seq = $((st3 + 1)) WHERE body_id = $B AND seq = $((st3 + 1000000))"
expect_rc 6 "two swapped entries are caught" -- insp audit verify --body "$B"
expect_eq "naming the first" "$(jget error.seq)" "$st3"
yi_superuser_sql "UPDATE trail SET seq = seq + 1000000 WHERE body_id = $B AND seq = $st3;
    UPDATE trail SET seq = $st3 WHERE body_id = $B AND seq = $((st3 + 1));
    UPDATE trail SET seq = $((st3 + 1)) WHERE body_id = $B AND seq = $((st3 + 1000000))"
expect_rc 0 "swapped back, it verifies" -- insp audit verify --body "$B"

# 5. A signed statement's payload rewritten, the chain recomputed: the
#    payload no longer says what m3 signed.
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '原文', '同意') WHERE body_id = $B AND seq = $st3"
yi_superuser_rechain "$B" "$st3"
expect_rc 6 "the daemon refuses a trail rewritten up to the head it wrote" -- insp audit verify --body "$B"
expect_eq "naming that head" "$(jget error.seq)" "$head"
# The daemon remembers the heads it wrote (INSTANCE/heads) and refuses a
# trail that differs from them (test_pinned_head.sh). An operator holding
# the instance folder can make it forget them: what the client checks by
# itself (signatures, checkpoints, the heads it remembers) must still catch
# the rewrite, naming the entry.
yi_stop
rm -f "$INST/heads"
yi_start
expect_rc 6 "a payload that is not what its author signed is caught" -- insp audit verify --body "$B"
expect_eq "naming the entry" "$(jget error.seq)" "$st3"

# 6. An unsigned entry rewritten, the chain recomputed, seen by a client
#    that remembers nothing: the server's checkpoints catch it.
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '同意', '原文') WHERE body_id = $B AND seq = $st3"
open1=$(yi_sql "select seq from trail where body_id = $B and action = 'item.start' and payload::json->>'item' = '$I1'")
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '\"present\":', '\"present\":9') WHERE body_id = $B AND seq = $open1"
yi_superuser_rechain "$B" 1
cp1=$(yi_sql "select min(seq) from checkpoints where body_id = $B and seq >= $open1")
XDG_STATE_HOME=$T/fresh expect_rc 6 "a rewritten chain contradicts the server's checkpoints" -- insp audit verify --body "$B"
expect_eq "naming the first checkpoint past the change" "$(jget error.seq)" "$cp1"
expect_rc 6 "and the remembered head" -- insp audit verify --body "$B"
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '\"present\":9', '\"present\":') WHERE body_id = $B AND seq = $open1"
yi_superuser_rechain "$B" 1
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 7. The newest entry deleted after a verify has seen it.
expect_rc 0 "one more entry" -- off meeting schedule --body "$B" --title 下次 --at "$(yi_at 60)"
new=$(yi_sql "select max(seq) from trail where body_id = $B")
if [ $((new % 5)) -eq 0 ]; then	# one the server did not checkpoint
	yi off meeting schedule --body "$B" --title 再下次 --at "$(yi_at 70)" >/dev/null
	new=$(yi_sql "select max(seq) from trail where body_id = $B")
fi
expect_rc 0 "verified with it" -- insp audit verify --body "$B"
yi_sql "CREATE TABLE saved AS SELECT * FROM trail WHERE body_id = $B AND seq = $new" >/dev/null
yi_superuser_sql "DELETE FROM trail WHERE body_id = $B AND seq = $new"
if [ "$(yi_sql "select count(*) from checkpoints where body_id = $B and seq = $new")" = 0 ]; then
	ok "no checkpoint covers the deleted entry"
else
	not_ok "a checkpoint covers the deleted entry: the test needs an uncovered one"
fi
expect_rc 6 "the remembered head catches the deletion" -- insp audit verify --body "$B"
expect_eq "naming the deleted entry" "$(jget error.seq)" "$new"
yi_sql "INSERT INTO trail SELECT * FROM saved; DROP TABLE saved" >/dev/null
expect_rc 0 "put back, it verifies" -- insp audit verify --body "$B"
