#!/usr/bin/env bash
# The member's own check of its record (issue 12, the operator; `yishi
# audit self`, client/cli/cmd_self.c, server/h_self.c).
#
# The operator holds the instance folder: the CA key, the checkpoint key,
# the heads file, and the database. Each attack below is done as such an
# operator would: a certificate minted in m1's name with INSTANCE/ca.key
# (openssl), the trail changed by SQL as the superuser with the
# append-only trigger disabled and the chain recomputed, and the daemon
# made to forget the heads it remembers (stopped, INSTANCE/heads removed,
# started: it then signs a fresh head over whatever the database holds).
# m1's client still holds its signature journal and the head its user
# verified, so `yishi audit self` exits 6 naming the entry (or the journal
# line). The untouched trail checks clean, in Chinese and in English; a
# body where m1 has no seat is refused (exit 4); and what the server sends
# of others' entries is their hashes only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_self.sh"

# The lowercase hex SHA-256 of a PEM certificate's DER.
fp_of() {
	openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64
}

# Signs stdin with the PEM private key $1 as sign_make does (ECDSA over
# SHA-256, DER); prints the signature in hex.
sign_hex() {
	openssl dgst -sha256 -sign "$1" | xxd -p | tr -d '\n'
}

# The operator makes the daemon forget the heads it wrote and signed.
forget_heads() {
	yi_stop || not_ok "the daemon exits 0"
	rm -f "$INST/heads"
	yi_start
}

# Checks m1's record of body B: wants exit $1, and (exit 6) a finding of
# kind $2 at entry $3 (or journal line $4 when $3 is 0) whose message
# holds $5.
self_check() {
	local want=$1 kind=${2:-} seq=${3:-} line=${4:-} says=${5:-} hit
	yj m1 audit self --body "$B"
	if [ "$RC" -ne "$want" ]; then
		not_ok "audit self: want exit $want, got $RC: $OUT $(cat "$T/stderr")"
		return
	fi
	if [ "$want" -ne 6 ]; then
		ok "audit self: exit $want"
		return
	fi
	hit=$(printf '%s' "$OUT" | python3 -c '
import json, sys
kind, seq, line, says = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
e = json.load(sys.stdin)["error"]
for f in e["findings"]:
    if f["kind"] == kind and f["seq"] == seq and says in f["message"] and \
       (seq != 0 or str(f.get("journal_line")) == line):
        print("yes")
        break
' "$kind" "$seq" "$line" "$says")
	if [ "$hit" = yes ]; then
		ok "audit self: exit 6, $kind at entry $seq${line:+ line $line} ($says)"
	else
		not_ok "audit self: no $kind finding at $seq${line:+ line $line} saying '$says': $OUT"
	fi
}

yi_setup
yi_issue sec m1 m2 insp
expect_rc 0 "a body" -- admin body create --name 甲 --kind party_group
B=$(jget body.id)
expect_rc 0 "another body" -- admin body create --name 乙 --kind party_group
B2=$(jget body.id)
self_seats "$B"
yi admin seat add --body "$B" --identity insp --display 纪检 --role inspector >/dev/null
yi admin seat add --body "$B2" --identity sec --display 书记 --role secretary >/dev/null
self_meeting "$B" 1
expect_rc 0 "the item starts" -- sec item start --item 1
expect_rc 0 "m2 states" -- m2 state --item 1 --position agree --text 二号委员的意见
expect_rc 0 "m1 states" -- m1 state --item 1 --position agree --text 同意此方案
S1=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm1'")
S2=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm2'")
SEAT1=$(yi_sql "select seq from trail where body_id = $B and action = 'seat.add' and payload::json->>'identity' = 'm1'")
SEAT2=$(yi_sql "select seq from trail where body_id = $B and action = 'seat.add' and payload::json->>'identity' = 'm2'")
HEAD=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_eq "m1's statement is the newest entry" "$S1" "$HEAD"
expect_rc 0 "the inspector verifies the trail (remembered in this state folder)" -- insp audit verify --body "$B"

echo "# the untouched trail"
self_check 0
expect_eq "m1 signed one entry, in its journal" "$(jget self.signed)" 1
expect_eq "one certificate registered in m1's name" "$(jget self.certificates)" 1
expect_eq "no findings" "$(jget self.findings)" "[]"
OUTZH=$(yi m1 audit self --body "$B" 2>&1)
RCZH=$?
expect_eq "in Chinese: exit 0" "$RCZH" 0
expect_eq "in Chinese it says the record holds" "$(printf '%s' "$OUTZH" | grep -c '留痕核对无误')" 1
OUTEN=$(yi m1 --lang en audit self --body "$B" 2>&1)
RCEN=$?
expect_eq "in English: exit 0" "$RCEN" 0
expect_eq "in English it says the record holds" "$(printf '%s' "$OUTEN" | grep -c 'your record in body')" 1
expect_rc 0 "the inspector checks its own record too" -- insp audit self --body "$B"

echo "# a body where m1 has no seat"
expect_rc 4 "audit self of body $B2 is refused" -- m1 audit self --body "$B2"
expect_eq "as a permission question" "$(jget error.code)" permission

echo "# what the server sends of others' entries"
expect_rc 0 "m1 lists the trail as sent" -- m1 audit self --body "$B" --entries
entry() { printf '%s' "$OUT" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["self"]["trail"]:
    if e["seq"] == int(sys.argv[1]):
        print(" ".join([str(e["redacted"]).lower(), e["actor"] or "-", e["action"] or "-",
                        e["payload"] and "payload" or "-", e["signer"] or "-",
                        e["signed"] and "signed" or "-", e["signature"] or "-",
                        e["cert_fp"] or "-", e["at"] or "-",
                        e["hash"] and "hash" or "-", e["prev_hash"] and "prev" or "-"]))
' "$1"; }
expect_eq "m2's statement comes as seq, prev_hash and hash only" "$(entry "$S2")" "true - - - - - - - - hash prev"
expect_eq "m2's seat.add too" "$(entry "$SEAT2")" "true - - - - - - - - hash prev"
expect_eq "m2's words are nowhere in the answer" "$(printf '%s' "$OUT" | grep -c 二号委员的意见)" 0
expect_eq "nor m2's signature" \
    "$(printf '%s' "$OUT" | grep -c "$(yi_sql "select encode(signature, 'hex') from trail where body_id = $B and seq = $S2")")" 0
expect_eq "m1's own statement comes whole" "$(entry "$S1" | cut -d' ' -f1-6)" "false m1 statement payload m1 signed"
expect_eq "and m1's seat.add" "$(entry "$SEAT1" | cut -d' ' -f1-4)" "false admin seat.add payload"

yi_sql "CREATE TABLE saved AS SELECT * FROM trail WHERE body_id = $B;
    CREATE TABLE saved_st AS SELECT * FROM statements WHERE body_id = $B" >/dev/null
# Puts the trail and the statements back as they were (the operator
# again: a daemon that remembers the attack's head would refuse it).
restore() {
	yi_superuser_sql "DELETE FROM trail WHERE body_id = $B;
	    INSERT INTO trail SELECT * FROM saved"
	yi_sql "DELETE FROM statements WHERE body_id = $B;
	    INSERT INTO statements SELECT * FROM saved_st;
	    DELETE FROM certificates WHERE identity = 'm1' AND fingerprint <> (SELECT fingerprint FROM identities WHERE name = 'm1')" >/dev/null
	forget_heads
}

echo "# a certificate minted in m1's name with the CA key, registered by SQL"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/m1x.key" -out "$T/m1x.csr" -subj /CN=m1 >/dev/null 2>&1
openssl x509 -req -in "$T/m1x.csr" -CA "$INST/ca.pem" -CAkey "$INST/ca.key" \
    -CAcreateserial -days 30 -out "$T/m1x.pem" >/dev/null 2>&1
expect_eq "the CA key made a certificate that names m1" \
    "$(openssl x509 -in "$T/m1x.pem" -noout -subject | sed 's/ //g')" subject=CN=m1
XFP=$(fp_of "$T/m1x.pem")
yi_sql "SELECT trail_append($B, NULL, 'admin', 'identity.certificate',
    '{\"identity\":\"m1\",\"cert_fp\":\"$XFP\",\"reason\":\"renew\"}')" >/dev/null
REG=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_eq "the operator appended it after m1's statement" "$REG" "$((HEAD + 1))"
forget_heads
self_check 6 certificate "$REG" "" "${XFP:0:16}"
expect_eq "that is the only finding" "$(jget error.findings | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1
expect_eq "exit 6 names the entry" "$(jget error.seq)" "$REG"
yj m1 --lang en audit self --body "$B"
expect_eq "in English: a certificate in your name not yours" \
    "$(jget error.message | grep -c "a certificate registered in your name, ${XFP:0:16}…, is not one you hold")" 1
restore
self_check 0

echo "# m1's statement rewritten and re-signed with the minted certificate, registered in m1's seat.add"
OLDFP=$(fp_of "$INST/identities/m1/cert.pem")
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '$OLDFP', '$XFP')
    WHERE body_id = $B AND seq = $SEAT1"
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '同意此方案', '反对此方案'),
    signed = replace(signed, '同意此方案', '反对此方案') WHERE body_id = $B AND seq = $S1"
yi_sql "UPDATE statements SET text = '反对此方案' WHERE body_id = $B AND member = 'm1'" >/dev/null
SIG=$(yi_sql "select encode(convert_to(signed, 'UTF8'), 'hex') from trail where body_id = $B and seq = $S1" |
    xxd -r -p | sign_hex "$T/m1x.key")
PEM=$(xxd -p "$T/m1x.pem" | tr -d '\n')
yi_sql "INSERT INTO certificates (fingerprint, identity, pem) VALUES
    (decode('$XFP', 'hex'), 'm1', convert_from(decode('$PEM', 'hex'), 'UTF8'))
    ON CONFLICT DO NOTHING" >/dev/null
yi_superuser_sql "UPDATE trail SET signature = decode('$SIG', 'hex'), cert_fp = decode('$XFP', 'hex')
    WHERE body_id = $B AND seq = $S1"
yi_superuser_rechain "$B" "$SEAT1"
forget_heads
expect_eq "the trail now says m1 opposed" \
    "$(yi_sql "select payload::json->>'text' from trail where body_id = $B and seq = $S1")" 反对此方案
self_check 6 signed "$S1" "" "statement"
self_check 6 certificate "$SEAT1" "" "${XFP:0:16}"
self_check 6 missing 0 1 "statement"
restore
self_check 0

echo "# m1's acknowledged statement deleted"
yi_superuser_sql "DELETE FROM trail WHERE body_id = $B AND seq = $S1"
yi_sql "DELETE FROM statements WHERE body_id = $B AND member = 'm1'" >/dev/null
forget_heads
self_check 6 missing 0 1 "statement"
self_check 6 rollback "$S1" "" "$((S1 - 1))"
yi m1 audit self --body "$B" >"$T/self.out" 2>"$T/self.err"
expect_eq "in text: exit 6" "$?" 6
expect_eq "in Chinese it names the journal line" \
    "$(grep -c "机构 $B：您于 .* 签署、服务器已确认的 statement（签名记录第 1 行" "$T/self.err")" 1
expect_eq "and the entry the trail no longer reaches" \
    "$(grep -c "机构 $B 第 $S1 条：您此前核验过这一条" "$T/self.err")" 1
restore

echo "# put back, m1's record holds again"
self_check 0
yj m1 --lang en audit self --body "$B"
expect_eq "in English too" "$RC" 0

echo "# a signature whose answer never came is a note, not a finding"
CERT=$(fp_of "$INST/identities/m1/cert.pem")
INSTID=$(fp_of "$INST/ca.pem" | cut -c1-32)
JF=$XDG_STATE_HOME/yishi/journal/$INSTID-${CERT:0:32}
expect_eq "m1's journal holds one line" "$(wc -l <"$JF")" 1
cp "$JF" "$T/journal.saved"
# The line the CLI writes when a signed request went out and no answer
# came (cmds.c), for signed bytes the server never stored.
awk -F'\t' -v OFS='\t' '{ $5 = "'"$(printf x | sha256sum | cut -c1-64)"'"; $8 = "unsure"; print }' \
    "$T/journal.saved" >>"$JF"
self_check 0
expect_eq "with one note naming journal line 2" \
    "$(jget self.notes | python3 -c 'import json,sys; n=json.load(sys.stdin); print(len(n), n[0]["kind"], n[0]["journal_line"])')" "1 unsure 2"
sed -i '2s/\tunsure$/\tok/' "$JF"
self_check 6 missing 0 2 "statement"
cp "$T/journal.saved" "$JF"
self_check 0

yi_stop || not_ok "the daemon exits 0"
