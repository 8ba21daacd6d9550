#!/usr/bin/env bash
# Member signatures (R-ENF-5): statements, open votes and reserved opinions
# carry their author's own signature; a forged one is refused; a secret
# ballot is signed by its voter over its ciphertext only (no choice in the
# entry), and the scrutineers sign their key and decryption shares; audit
# verify checks every signature against its certificate and the CA, even
# when an attacker rewrites the hash chain.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
yi_issue sec m1 m2 m3 rec

expect_rc 0 "body" -- admin body create --name 党组 --kind party_group
B=$(jget body.id)
yi admin seat add --body "$B" --identity sec --display 书记 --role secretary >/dev/null
for i in 1 2 3; do
	yi admin seat add --body "$B" --identity m$i --display 委员$i --role member >/dev/null
done
yi admin seat add --body "$B" --identity rec --display 记录人 --role recorder >/dev/null
expect_rc 0 "meeting" -- sec meeting schedule --body "$B" --title 会议 --at "$(yi_at 10)" --urgent --reason 急
M=$(jget meeting.id)
expect_rc 0 "item 1" -- m1 agenda propose --meeting "$M" --title 议题一 --category ordinary
I1=$(jget item.id)
expect_rc 0 "item 2" -- m1 agenda propose --meeting "$M" --title 人事议题 --category personnel
I2=$(jget item.id)
yi sec agenda approve --item "$I1" >/dev/null
yi sec agenda approve --item "$I2" >/dev/null
yi sec meeting notify --meeting "$M" >/dev/null
for n in sec m1 m2 m3 rec; do yi $n checkin --meeting "$M" >/dev/null; done
expect_rc 0 "open" -- sec meeting open --meeting "$M"
expect_rc 0 "start item 1" -- sec item start --item "$I1"

"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m2/key.pem" \
    "$B" "$M" "$I1" agree >"$T/forge.out" 2>&1
rc=$?
expect_eq "a statement signed with another member's key is refused" \
    "$(cat "$T/forge.out"):$rc" "STATUS_PERMISSION_DENIED:2"
expect_eq "nothing was stated" "$(yi_sql "select count(*) from statements")" 0
"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m1/key.pem" \
    "$B" "$((M + 1000))" "$I1" agree >"$T/forge.out" 2>&1
expect_eq "a signature naming another meeting is refused" "$(cat "$T/forge.out")" STATUS_PERMISSION_DENIED
"$FORGE" "$YISHI_SERVER" "$INST/identities/m1" "$INST/identities/m1/key.pem" \
    "$B" "$M" "$I1" agree >"$T/forge.out" 2>&1
expect_eq "the member's own signature is accepted" "$(cat "$T/forge.out")" STATUS_OK

expect_rc 0 "m2 states through the CLI (signed)" -- m2 state --item "$I1" --position disagree --text 有保留
expect_rc 0 "m3 states" -- m3 state --item "$I1" --position agree
expect_rc 0 "sec states last" -- sec state --item "$I1" --position agree
expect_eq "every statement's trail entry is signed by its author" \
    "$(yi_sql "select string_agg(signer || ':' || (length(signature) > 0)::text, ',' order by seq) from trail where action = 'statement'")" \
    "m1:true,m2:true,m3:true,sec:true"
expect_eq "the entry keeps the signer's certificate fingerprint" \
    "$(yi_sql "select count(*) from trail t join certificates c on c.fingerprint = t.cert_fp and c.identity = t.signer where t.action = 'statement'")" 4

expect_rc 0 "an oral vote" -- sec vote open --item "$I1" --method oral
expect_rc 0 "the recorder enters m1's oral vote (signed by the recorder)" -- rec vote cast --item "$I1" --choice yes --for m1
expect_eq "an entered vote is signed by the recorder and says so" \
    "$(yi_sql "select signer || ':' || (payload::json->>'entered_by') from trail where action = 'vote.cast'")" "rec:rec"
yi m2 vote cast --item "$I1" --choice no >/dev/null
yi m3 vote cast --item "$I1" --choice yes >/dev/null
yi sec vote cast --item "$I1" --choice yes >/dev/null
expect_rc 0 "close" -- sec vote close --item "$I1"
expect_rc 0 "m2 files a signed reserved opinion" -- m2 dissent file --item "$I1" --text 保留意见
expect_eq "the dissent is signed" "$(yi_sql "select signer from trail where action = 'dissent.file'")" m2

expect_rc 0 "start the personnel item" -- sec item start --item "$I2"
for n in m1 m2 m3 sec; do yi $n state --item "$I2" --position agree >/dev/null; done
ym_secret_open "$I2" m1,m2 && ok "a secret vote, scrutineers m1 and m2"
ym_secret_cast "$I2" "m1:yes m2:yes m3:yes sec:yes"
expect_eq "each secret ballot is signed by its voter, over the ciphertext, with no choice in it" \
    "$(yi_sql "select string_agg(signer || ':' || (length(signature) > 0)::text || ':' || (payload::json->>'member' = signer)::text || ':' || (length(payload::json->>'ballot') > 0)::text, ',' order by signer) from trail where action = 'vote.cast' and payload::json->>'item' = '$I2' and payload not like '%choice%' and signed not like '%choice%'")" \
    "m1:true:true:true,m2:true:true:true,m3:true:true:true,sec:true:true:true"
expect_secret_close "close the secret vote" "$I2" m1,m2
expect_eq "the scrutineers signed their key and decryption shares" \
    "$(yi_sql "select string_agg(action || ':' || signer || ':' || (length(signature) > 0)::text, ',' order by seq) from trail where action in ('vote.key', 'vote.decrypt') and payload::json->>'item' = '$I2'")" \
    "vote.key:m1:true,vote.key:m2:true,vote.decrypt:m1:true,vote.decrypt:m2:true"
expect_rc 0 "the whole trail verifies, signatures included" -- sec audit verify --body "$B"

# An attacker with the database rewrites m2's statement and recomputes the
# whole hash chain from there: only the signature can tell. (Past the
# moment in which the daemon reads its newest head back: docs/security.md.)
sleep 1
seq=$(yi_sql "select seq from trail where action = 'statement' and signer = 'm2' and payload::json->>'item' = '$I1'")
yi_superuser_sql "UPDATE trail SET signed = replace(signed, 'position=8:disagree', 'position=5:agree'),
    payload = replace(payload, 'disagree', 'agree')
    WHERE body_id = $B AND seq = $seq"
yi_superuser_rechain "$B" "$seq"
head=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_rc 6 "the daemon refuses a trail rewritten up to the head it wrote" -- sec audit verify --body "$B"
expect_eq "naming that head" "$(jget error.seq)" "$head"
# An operator holding the instance folder can make the daemon forget its
# heads (test_pinned_head.sh): the member's signature still tells.
yi_stop
rm -f "$INST/heads"
yi_start
expect_rc 6 "a rewritten statement with a recomputed chain fails on its signature" -- sec audit verify --body "$B"
expect_eq "the failure names the entry" "$(jget error.seq)" "$seq"
