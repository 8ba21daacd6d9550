#!/usr/bin/env bash
# The member's own client journals what it signed (issue 12: "the library
# does it as they use it"; client/cli/journal.h). A statement and a vote
# the server acknowledged each leave one line, mode 0600, whose signed
# bytes' SHA-256, signature and certificate fingerprint are those the
# trail stored; a signature the server refused leaves none.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_self.sh"

yi_setup
yi_issue sec m1 m2
expect_rc 0 "a body" -- admin body create --name 甲 --kind party_group
B=$(jget body.id)
self_seats "$B"
self_meeting "$B" 1
expect_rc 0 "the item starts" -- sec item start --item 1

J=$XDG_STATE_HOME/yishi/journal
expect_eq "no journal before m1 signs anything" "$(ls "$J" 2>/dev/null | wc -l)" 0
expect_rc 0 "m1 states a position" -- m1 state --item 1 --position agree --text 同意此方案

CERT=$(openssl x509 -in "$INST/identities/m1/cert.pem" -outform DER | sha256sum | cut -c1-64)
INSTID=$(openssl x509 -in "$INST/ca.pem" -outform DER | sha256sum | cut -c1-32)
F=$J/$INSTID-$(printf %s "$CERT" | cut -c1-32)
expect_eq "m1's journal is named by instance and certificate" "$([ -f "$F" ] && echo yes)" yes
expect_eq "it is readable by m1 alone" "$(stat -c %a "$F")" 600
expect_eq "one line for one acknowledged signature" "$(wc -l <"$F")" 1

ROW=$(yi_sql "select encode(sha256(convert_to(signed, 'UTF8')), 'hex') || ' ' || encode(signature, 'hex') || ' ' || encode(cert_fp, 'hex') from trail where body_id = $B and action = 'statement' and signer = 'm1'")
LINE=$(awk -F'\t' '{print $5" "$6" "$7}' "$F")
expect_eq "the line holds the signed bytes' hash, signature and certificate the trail stored" "$LINE" "$ROW"
expect_eq "and names the body and action, acknowledged" "$(awk -F'\t' '{print $1" "$3" "$4" "$8}' "$F")" "v1 $B statement ok"

# A second statement by the same member is refused (last-speaker rule or
# already stated): a refused signature is not journalled.
yi m1 state --item 1 --position agree --text 再次 >/dev/null 2>&1
RC2=$?
N=$(yi_sql "select count(*) from trail where body_id = $B and signer = 'm1'")
if [ "$RC2" -eq 0 ]; then
	expect_eq "an accepted second statement adds a line" "$(wc -l <"$F")" "$N"
else
	expect_eq "a refused statement adds no line" "$(wc -l <"$F")" "$N"
fi
expect_eq "m2 signed nothing: no journal of m2's" \
    "$(ls "$J" | grep -c "$(openssl x509 -in "$INST/identities/m2/cert.pem" -outform DER | sha256sum | cut -c1-32)")" 0

yi_stop || not_ok "the daemon exits 0"
