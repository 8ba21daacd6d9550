#!/usr/bin/env bash
# A signature is bound to its signer and to its instance (issue 12,
# findings 1 and 5; docs/trail.md "Who signed").
#
# Two instances certify the same member key (the --csr path): a signature
# made for instance A is refused by B's server, and A's signed entry
# copied into B's trail by B's database superuser fails B's verify.
#
# Then B's superuser, triggers disabled as test_tamper.sh does, rewrites
# the deputy's statement into "坚决反对此方案", signs it with a key the
# instance folder holds (a member's own key, the admin's, a certificate
# the CA key issued to another name or, under the deputy's own name,
# behind the trail's back), recomputes the chain and re-forges the chair's
# minutes sign-off over the new head with the same key. audit verify exits
# 6 naming the statement: online, from a bundle exported afterwards, and
# for a verifier that never saw this trail (a fresh XDG_STATE_HOME). The
# untouched trail verifies in all three. A disabled identity's certificate
# is withdrawn in every body where it sits: an entry it signs afterwards
# fails.
. "$(dirname "$0")/lib.sh"

# The lowercase hex SHA-256 of a PEM certificate's DER: a certificate
# fingerprint, and for a CA the instance id (proto/sign.h).
fp_of() {
	openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64
}

# Signs stdin with the PEM private key $1 as sign_make does (ECDSA over
# SHA-256, DER); prints the signature in hex.
sign_hex() {
	openssl dgst -sha256 -sign "$1" | xxd -p | tr -d '\n'
}

# The member key and request both instances certify (yishi identity request).
"$YISHI" identity request --name m1 --out "$T/m1req" >/dev/null ||
    not_ok "m1 makes a key and a request"

# ---------------------------------------------------------- instance A
INST=$T/a
yi_setup
"$YISHID" issue "$INST" m1 --csr "$T/m1req/request.pem" >>"$T/issue.log" 2>&1 ||
    not_ok "A certifies m1's key"
cp "$T/m1req/key.pem" "$INST/identities/m1/"
yi_issue sec
expect_rc 0 "A: a body" -- admin body create --name 甲 --kind party_group
BA=$(jget body.id)
yi admin seat add --body "$BA" --identity sec --display 书记 --role secretary >/dev/null
yi admin seat add --body "$BA" --identity m1 --display 委员1 --role member >/dev/null
yi sec meeting schedule --body "$BA" --title 会 --at "$(yi_at 10)" --urgent --reason 急 >/dev/null
yi m1 agenda propose --meeting 1 --title 议题 --category ordinary >/dev/null
yi sec agenda approve --item 1 >/dev/null
yi sec meeting notify --meeting 1 >/dev/null
for n in sec m1; do yi $n checkin --meeting 1 >/dev/null; done
yi sec meeting open --meeting 1 >/dev/null
expect_rc 0 "A: the item starts" -- sec item start --item 1
"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m1/key.pem" \
    "$BA" 1 1 agree >"$T/forge.out" 2>&1
expect_eq "A: m1 states, signed for A" "$(cat "$T/forge.out")" STATUS_OK
A_ID=$(fp_of "$INST/ca.pem")
expect_eq "A: what m1 signed names instance A" \
    "$(yi_sql "select strpos(signed, 'instance=64:$A_ID') > 0 from trail where body_id = $BA and action = 'statement'")" t
A_ROW=$(yi_sql "select encode(convert_to(signed, 'UTF8'), 'hex') || ' ' || encode(signature, 'hex') || ' ' || payload from trail where body_id = $BA and action = 'statement'")
yi_stop || not_ok "A's daemon exits 0"
yi_stop_pg

# ---------------------------------------------------------- instance B
INST=$T/i
yi_setup
"$YISHID" issue "$INST" m1 --csr "$T/m1req/request.pem" >>"$T/issue.log" 2>&1 ||
    not_ok "B certifies the same key for m1"
cp "$T/m1req/key.pem" "$INST/identities/m1/"
yi_issue sec dep m2 insp
B_ID=$(fp_of "$INST/ca.pem")
expect_eq "the two instances have different ids" "$([ "$A_ID" != "$B_ID" ] && echo yes)" yes

expect_rc 0 "B: a body" -- admin body create --name 乙 --kind party_group
B=$(jget body.id)
expect_eq "with the same id as A's" "$B" "$BA"
yi admin seat add --body "$B" --identity sec --display 书记 --role secretary >/dev/null
yi admin seat add --body "$B" --identity dep --display 副书记 --role deputy >/dev/null
for n in m1 m2; do
	yi admin seat add --body "$B" --identity $n --display 委员${n#m} --role member >/dev/null
done
yi admin seat add --body "$B" --identity insp --display 纪检组长 --role inspector >/dev/null
expect_eq "each seat.add registers the identity's certificate" \
    "$(yi_sql "select count(*) from trail t join identities i on i.name = t.payload::json->>'identity' where t.body_id = $B and t.action = 'seat.add' and t.payload::json->>'cert_fp' = encode(i.fingerprint, 'hex')")" 5
expect_rc 0 "B: a meeting" -- sec meeting schedule --body "$B" --title 会 --at "$(yi_at 10)" --urgent --reason 急
M=$(jget meeting.id)
expect_rc 0 "B: an item" -- m1 agenda propose --meeting "$M" --title 方案 --category ordinary
I=$(jget item.id)
expect_eq "the same meeting and item ids as in A" "$M:$I" "1:1"
yi sec agenda approve --item "$I" >/dev/null
yi sec meeting notify --meeting "$M" >/dev/null
for n in sec dep m1 m2; do yi $n checkin --meeting "$M" >/dev/null; done
expect_rc 0 "B: open" -- sec meeting open --meeting "$M"
expect_rc 0 "B: the item starts" -- sec item start --item "$I"

"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m1/key.pem" \
    "$B" "$M" "$I" agree "$A_ID" >"$T/forge.out" 2>&1
expect_eq "B's server refuses m1's signature made for instance A" \
    "$(cat "$T/forge.out")" STATUS_PERMISSION_DENIED
expect_eq "nothing was stated" "$(yi_sql "select count(*) from statements")" 0
"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m1/key.pem" \
    "$B" "$M" "$I" agree >"$T/forge.out" 2>&1
expect_eq "the same key signing for B is accepted" "$(cat "$T/forge.out")" STATUS_OK
expect_rc 0 "m2 states" -- m2 state --item "$I" --position agree
expect_rc 0 "the deputy states" -- dep state --item "$I" --position agree --text 同意
expect_rc 0 "the secretary states last" -- sec state --item "$I" --position agree
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"
expect_rc 0 "the chair signs the minutes" -- sec minutes sign --meeting "$M"
expect_rc 0 "and corrects them" -- sec minutes correct --meeting "$M" --text 更正一处

ST_M1=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm1'")
ST_DEP=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'dep'")
SIGNOFF=$(yi_sql "select seq from trail where body_id = $B and action = 'minutes.sign'")
COR=$(yi_sql "select seq from trail where body_id = $B and action = 'minutes.correct'")
expect_eq "both instances hold the same statement of m1" \
    "$(yi_sql "select payload from trail where body_id = $B and seq = $ST_M1")" "${A_ROW#* * }"

# Verifies body B three ways, expecting exit $1 and, on 6, entry $2 and a
# reason containing $3: online (this inspector's remembered heads), online
# for a verifier that never saw the trail, and offline from a bundle
# exported now.
verify3() {
	local want=$1 seq=${2:-} says=${3:-} how
	rm -f "$T/b.bundle"
	yi insp audit export --body "$B" --out "$T/b.bundle" >/dev/null ||
	    not_ok "export a bundle"
	for how in online fresh bundle; do
		rm -rf "$T/fresh"
		case $how in
		online)	yj insp audit verify --body "$B" ;;
		fresh)	XDG_STATE_HOME=$T/fresh yj insp audit verify --body "$B" ;;
		bundle)	yj insp audit verify --bundle "$T/b.bundle" --ca "$INST/ca.pem" ;;
		esac
		if [ "$RC" -ne "$want" ]; then
			not_ok "$how: want exit $want, got $RC: $OUT $(cat "$T/stderr")"
		elif [ "$want" -ne 6 ]; then
			ok "$how: it verifies (exit 0)"
		elif [ "$(jget error.seq)" != "$seq" ]; then
			not_ok "$how: exit 6 names entry $(jget error.seq), want $seq: $(jget error.message)"
		elif [[ "$(jget error.message)" != *"$says"* ]]; then
			not_ok "$how: exit 6 at entry $seq says '$(jget error.message)', want '$says'"
		else
			ok "$how: exit 6 naming entry $seq ($says)"
		fi
	done
}

echo "# the untouched trail"
verify3 0

# Re-signs entry $1 (its signed text as it now stands) with the key $2,
# naming the certificate $3 (added to the certificates table as the
# attacker must, for verifiers to find it).
resign() {
	local sig fp pem
	sig=$(yi_sql "select encode(convert_to(signed, 'UTF8'), 'hex') from trail where body_id = $B and seq = $1" |
	    xxd -r -p | sign_hex "$2")
	fp=$(fp_of "$3")
	pem=$(xxd -p "$3" | tr -d '\n')
	yi_sql "INSERT INTO certificates (fingerprint, identity, pem) VALUES
	    (decode('$fp', 'hex'), 'x', convert_from(decode('$pem', 'hex'), 'UTF8'))
	    ON CONFLICT DO NOTHING" >/dev/null
	yi_superuser_sql "UPDATE trail SET signature = decode('$sig', 'hex'),
	    cert_fp = decode('$fp', 'hex') WHERE body_id = $B AND seq = $1"
}

yi_sql "CREATE TABLE saved AS SELECT * FROM trail WHERE body_id = $B;
    CREATE TABLE saved_st AS SELECT * FROM statements WHERE body_id = $B" >/dev/null
# Puts the trail and the statements back as they were.
restore() {
	yi_superuser_sql "UPDATE trail t SET payload = s.payload, signer = s.signer,
	    signed = s.signed, signature = s.signature, cert_fp = s.cert_fp,
	    prev_hash = s.prev_hash, hash = s.hash
	    FROM saved s WHERE t.body_id = s.body_id AND t.seq = s.seq"
	yi_sql "DELETE FROM statements WHERE body_id = $B;
	    INSERT INTO statements SELECT * FROM saved_st" >/dev/null
}

echo "# A's entry copied into B's trail (the same key, B's own certificate)"
sig_a=${A_ROW#* }
sig_a=${sig_a%% *}
yi_superuser_sql "UPDATE trail SET signed = convert_from(decode('${A_ROW%% *}', 'hex'), 'UTF8'),
    signature = decode('$sig_a', 'hex') WHERE body_id = $B AND seq = $ST_M1"
yi_superuser_rechain "$B" "$ST_M1"
# yishid itself refuses a trail that differs from the head it wrote
# (docs/security.md, test_pinned_head.sh). An operator holding the instance
# folder can make it forget its heads: what follows tests what the
# verifier checks by itself.
head=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_rc 6 "yishid refuses the rewritten trail" -- insp audit verify --body "$B"
expect_eq "naming the head it wrote" "$(jget error.seq)" "$head"
yi_stop
rm -f "$INST/heads"
yi_start
verify3 6 "$ST_M1" "for another instance"
restore

# Rewrites the deputy's statement, signed with key $1 and certificate $2,
# and re-forges the chair's sign-off over the new head with the same key.
rewrite_dep() {
	local head old new
	yi_superuser_sql "UPDATE trail SET
	    payload = replace(payload, '\"position\":\"agree\",\"text\":\"同意\"',
	        '\"position\":\"disagree\",\"text\":\"坚决反对此方案\"'),
	    signed = replace(signed, E'position=5:agree\\ntext=6:同意\\n',
	        E'position=8:disagree\\ntext=21:坚决反对此方案\\n')
	    WHERE body_id = $B AND seq = $ST_DEP"
	yi_sql "UPDATE statements SET position = 'disagree', text = '坚决反对此方案'
	    WHERE body_id = $B AND member = 'dep'" >/dev/null
	resign "$ST_DEP" "$1" "$2"
	yi_superuser_rechain "$B" "$ST_DEP"
	head=$(yi_sql "select payload::json->>'head_seq' from trail where body_id = $B and seq = $SIGNOFF")
	old=$(yi_sql "select payload::json->>'head_hash' from trail where body_id = $B and seq = $SIGNOFF")
	new=$(yi_sql "select encode(hash, 'hex') from trail where body_id = $B and seq = $head")
	yi_superuser_sql "UPDATE trail SET payload = replace(payload, '$old', '$new'),
	    signed = replace(signed, '$old', '$new') WHERE body_id = $B AND seq = $SIGNOFF"
	resign "$SIGNOFF" "$1" "$2"
	yi_superuser_rechain "$B" "$SIGNOFF"
	expect_eq "the forged statement says what the attacker wants" \
	    "$(yi_sql "select payload::json->>'text' from trail where body_id = $B and seq = $ST_DEP")" 坚决反对此方案
}

echo "# the deputy's statement rewritten with m1's own key"
rewrite_dep "$INST/identities/m1/key.pem" "$INST/identities/m1/cert.pem"
verify3 6 "$ST_DEP" "signed by the certificate of m1, not of dep"
restore

echo "# with the admin's key from the instance folder"
rewrite_dep "$INST/identities/admin/key.pem" "$INST/identities/admin/cert.pem"
verify3 6 "$ST_DEP" "signed by the certificate of admin, not of dep"
restore

echo "# with a certificate the CA issued to another name"
yi_issue evil
rewrite_dep "$INST/identities/evil/key.pem" "$INST/identities/evil/cert.pem"
verify3 6 "$ST_DEP" "signed by the certificate of evil, not of dep"
restore

echo "# with a certificate the CA key issued under the deputy's own name"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/dep2.key" -out "$T/dep2.csr" -subj /CN=dep >/dev/null 2>&1
openssl x509 -req -in "$T/dep2.csr" -CA "$INST/ca.pem" -CAkey "$INST/ca.key" \
    -CAcreateserial -days 30 -out "$T/dep2.pem" >/dev/null 2>&1
expect_eq "the CA key made a certificate that names dep" \
    "$(openssl x509 -in "$T/dep2.pem" -noout -subject | sed 's/ //g')" subject=CN=dep
rewrite_dep "$T/dep2.key" "$T/dep2.pem"
verify3 6 "$ST_DEP" "not the one entry"
restore

echo "# the chair's corrigendum rewritten with the admin's key"
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '更正一处', '撤销决定'),
    signed = replace(signed, '更正一处', '撤销决定') WHERE body_id = $B AND seq = $COR"
yi_sql "UPDATE minutes_corrigenda SET text = '撤销决定' WHERE body_id = $B" >/dev/null
resign "$COR" "$INST/identities/admin/key.pem" "$INST/identities/admin/cert.pem"
yi_superuser_rechain "$B" "$COR"
verify3 6 "$COR" "signed by the certificate of admin, not of sec"
restore
yi_sql "UPDATE minutes_corrigenda SET text = '更正一处' WHERE body_id = $B" >/dev/null

echo "# put back, the trail verifies again"
verify3 0

echo "# a disabled identity's certificate is withdrawn where it sits"
expect_rc 0 "the admin disables m2" -- admin identity disable m2
expect_eq "m2's seat's body gets an identity.certificate entry with no certificate" \
    "$(yi_sql "select payload::json->>'identity' || ':' || (payload::json->>'cert_fp') || ':' || (payload::json->>'reason') from trail where body_id = $B and action = 'identity.certificate'")" \
    "m2::disable"
verify3 0
WD=$(yi_sql "select seq from trail where body_id = $B and action = 'identity.certificate'")
expect_rc 0 "the body's next change goes on from the moved head" -- sec meeting schedule \
    --body "$B" --title 下次 --at "$(yi_at 60)" --urgent --reason 急
expect_eq "after the certificate's entry" \
    "$(yi_sql "select max(seq) from trail where body_id = $B")" $((WD + 1))
# m2's own key signs one more statement, appended by the superuser.
NEXT=$((WD + 2))
yi_sql "INSERT INTO trail (body_id, seq, at, actor, action, payload, prev_hash, hash,
    signer, signed, signature, cert_fp)
    SELECT body_id, $NEXT, now(), actor, action, replace(payload, '\"seq\":', '\"seq\":9'),
    prev_hash, hash, signer, signed, signature, cert_fp
    FROM trail WHERE body_id = $B AND action = 'statement' AND signer = 'm2'" >/dev/null
resign "$NEXT" "$INST/identities/m2/key.pem" "$INST/identities/m2/cert.pem"
yi_superuser_rechain "$B" "$NEXT"
expect_eq "the appended entry is signed with m2's own, once registered, certificate" \
    "$(yi_sql "select encode(cert_fp, 'hex') from trail where body_id = $B and seq = $NEXT")" \
    "$(fp_of "$INST/identities/m2/cert.pem")"
XDG_STATE_HOME=$T/fresh2 expect_rc 6 "a statement m2 signs after being disabled fails" -- insp audit verify --body "$B"
expect_eq "naming the entry" "$(jget error.seq)" "$NEXT"
expect_eq "and why" "$(jget error.message | grep -c "entry $WD withdrew")" 1
