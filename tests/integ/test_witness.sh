#!/usr/bin/env bash
# Inspectors witness the heads they verify (issue 12, docs/security.md, the
# operator): after `audit verify` holds online, an inspector's client
# cosigns the head with the inspector's own key and the server keeps it;
# every read of the trail and every bundle carries the newest cosignature
# of each inspector. Shown here, each attack done as its attacker would:
#  (d) untouched: exit 0, the bundle and a fresh verifier show the witness;
#  (c) a forged cosignature (a member's key, another hash, a head ahead of
#      the trail) is refused by the server, and one inserted by SQL fails
#      verify with exit 6;
#  (a) the trail truncated below a witnessed head (the witness row kept,
#      the daemon's heads moved aside, the checkpoints past the cut
#      deleted): a fresh verifier gets exit 6 online and from a bundle;
#  (b) the same with the witness rows deleted too and the head re-signed
#      with checkpoint.key: a fresh verifier passes (the documented limit),
#      the inspector who witnessed gets exit 6.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

N_FRESH=0
WFORGE=${WFORGE:?WFORGE must name the wforge binary}

# Runs expect_rc with a state folder no verify has used.
fresh_rc() {
	N_FRESH=$((N_FRESH + 1))
	XDG_STATE_HOME=$T/fresh$N_FRESH expect_rc "$@"
}

# Runs expect_rc as the inspector insp, with insp's own state folder (its
# remembered heads and the head it witnessed).
insp_rc() {
	XDG_STATE_HOME=$T/insp expect_rc "$@"
}

# Runs SQL as the superuser with the append-only triggers off, the
# witnesses' too (lib.sh's yi_superuser_sql does the trail's and the
# checkpoints').
su_sql() {
	yi_superuser_sql "ALTER TABLE witnesses DISABLE TRIGGER witnesses_append_only;
	    $1;
	    ALTER TABLE witnesses ENABLE TRIGGER witnesses_append_only"
}

# expect_msg WHAT PATTERN: the JSON error message of the last yj matches.
expect_msg() {
	case $(jget error.message) in
	*$2*) ok "$1" ;;
	*) not_ok "$1: $(jget error.message)" ;;
	esac
}

# The hash (hex) of entry $1 of body B.
hash_at() {
	yi_sql "select encode(hash, 'hex') from trail where body_id = $B and seq = $1"
}

# The fingerprint (hex) of identity $1's certificate.
cert_fp() {
	openssl x509 -in "$INST/identities/$1/cert.pem" -outform DER |
	    sha256sum | cut -d' ' -f1
}

# The operator holds checkpoint.key: vouches again for the unsigned entry
# $2 of body $1 as rewritten (proto/sign.h, sign_canon_vouch), as yishid
# would have: revouch BODY SEQ
revouch() {
	local inst row
	inst=$(openssl x509 -in "$INST/ca.pem" -outform DER | sha256sum | cut -c1-64)
	row=$(yi_sql "select json_build_object('at', (extract(epoch from at) * 1000000)::bigint::text, 'actor', actor, 'action', action, 'payload', payload)::text from trail where body_id = $1 and seq = $2 and signature is null")
	python3 - "$inst" "$1" "$2" "$row" >"$T/vouch.bytes" <<'PY'
import json, sys
inst, body, seq, row = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
out = b"yishi-vouch-v2\n"
for k, v in (("instance", inst), ("body", body), ("seq", seq), ("at", row["at"]), ("actor", row["actor"]),
             ("action", row["action"]), ("payload", row["payload"]), ("signer", ""),
             ("cert_fp", ""), ("signed", ""), ("signature", "")):
    b = v.encode()
    out += k.encode() + b"=" + str(len(b)).encode() + b":" + b + b"\n"
sys.stdout.buffer.write(out)
PY
	su_sql "UPDATE trail SET vouch = decode('$(openssl dgst -sha256 -sign "$INST/checkpoint.key" "$T/vouch.bytes" | xxd -p | tr -d '\n')', 'hex') WHERE body_id = $1 AND seq = $2"
}

# Inserts a witness row as the superuser: seq, hash, witness, certificate
# owner, signature (hex), at_us.
insert_witness() {
	yi_sql "INSERT INTO witnesses (body_id, seq, hash, witness, cert_fp, at, signature)
	    VALUES ($B, $1, decode('$2', 'hex'), '$3', decode('$(cert_fp "$4")', 'hex'),
	    timestamptz 'epoch' + $6 * interval '1 microsecond', decode('$5', 'hex'))" >/dev/null
}

yi_setup
ym_identities
ym_meeting party_group 5 "sec m1 m2 m3 m4 rec insp" ordinary
I1=${ITEMS[0]}
ym_start "$I1"
ym_state_all "$I1" agree m1
cp "$INST/ca.pem" "$T/ca.pem"

# (d) The untouched trail: insp verifies and cosigns.
H1=$(yi_sql "select max(seq) from trail where body_id = $B")
insp_rc 0 "the inspector verifies the trail online" -- insp audit verify --body "$B"
expect_eq "and cosigns the head it verified" "$(jget verified.cosigned.seq):$(jget verified.cosigned.identity)" "$H1:insp"
expect_eq "with the head's hash" "$(jget verified.cosigned.hash)" "$(hash_at "$H1")"
expect_eq "the server keeps the cosignature" \
    "$(yi_sql "select count(*) from witnesses where body_id = $B and seq = $H1 and witness = 'insp' and hash = decode('$(hash_at "$H1")', 'hex')")" 1
[ -s "$T/insp/yishi/heads/"*"-$B.witnessed" ] && ok "and the inspector's client remembers it" ||
    not_ok "the inspector's client remembers it: $(ls -R "$T/insp")"
out=$(XDG_STATE_HOME=$T/insp yi insp audit verify --body "$B" 2>&1)
case $out in
*"已以检查人员 insp 的身份见证第 $H1 条"*) ok "the client says it witnessed (zh)" ;;
*) not_ok "the client says it witnessed (zh): $out" ;;
esac
out=$(XDG_STATE_HOME=$T/insp yi insp --lang en audit verify --body "$B" 2>&1)
case $out in
*"witnessed entry $H1 "*"as the inspector insp"*) ok "the client says it witnessed (en)" ;;
*) not_ok "the client says it witnessed (en): $out" ;;
esac
expect_eq "witnessing the same head again adds nothing" \
    "$(yi_sql "select count(*) from witnesses where body_id = $B")" 1

ym_state_all "$I1" agree m2
H2=$(yi_sql "select max(seq) from trail where body_id = $B")
insp_rc 0 "with --no-witness the inspector only verifies" -- insp audit verify --body "$B" --no-witness
expect_eq "nothing cosigned" "$(jget verified.cosigned)" ""
expect_eq "nothing kept" "$(yi_sql "select max(seq) from witnesses where body_id = $B")" "$H1"
fresh_rc 0 "the secretary verifies from a new machine" -- sec audit verify --body "$B"
expect_eq "and does not cosign (no inspector)" "$(jget verified.cosigned)" ""
expect_eq "the newest witnessed head is shown" \
    "$(jget verified.witnessed.seq):$(jget verified.witnessed.identity)" "$H1:insp"
insp_rc 0 "the inspector verifies the new head" -- insp audit verify --body "$B"
expect_eq "and cosigns it" "$(jget verified.cosigned.seq)" "$H2"
out=$(XDG_STATE_HOME=$T/fresh0 yi sec audit verify --body "$B" 2>&1)
case $out in
*"最新见证：insp 于 "*" 确认第 $H2 条（"*) ok "a fresh verifier is told the newest witnessed head (zh)" ;;
*) not_ok "a fresh verifier is told the newest witnessed head (zh): $out" ;;
esac
out=$(XDG_STATE_HOME=$T/fresh0 yi sec --lang en audit verify --body "$B" 2>&1)
case $out in
*"newest witnessed head: $H2 by insp at "*) ok "(en)" ;;
*) not_ok "(en): $out" ;;
esac
fresh_rc 0 "export a bundle" -- sec audit export --body "$B" --out "$T/good.bundle"
fresh_rc 0 "the bundle verifies offline for a fresh verifier" -- \
    sec audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"
expect_eq "and shows the witnessed head" \
    "$(jget verified.witnessed.seq):$(jget verified.witnessed.identity)" "$H2:insp"
rc=0
yi_sql "DELETE FROM witnesses WHERE body_id = $B" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] && [ "$(yi_sql "select count(*) from witnesses where body_id = $B")" = 2 ] &&
    ok "witnesses are append-only (even the superuser's DELETE is refused while the trigger is on)" ||
    not_ok "witnesses are append-only"

# (c) Forged cosignatures, refused by the server.
now_us=$(($(date +%s) * 1000000))
H=$(hash_at "$H2")
wsend() {
	"$WFORGE" send "$YISHI_SERVER" "$INST/identities/$1" \
	    "$INST/identities/$2/key.pem" "$B" "$3" "$4" "$now_us" >"$T/wforge.out" 2>&1
}
rc=0; wsend m1 m1 "$H2" "$H" || rc=$?
expect_eq "a member's cosignature is refused: permission denied" "$rc" 2
rc=0; wsend insp m1 "$H2" "$H" || rc=$?
expect_eq "an inspector's request signed with a member's key is refused" "$rc" 2
grep -q "签名与您的证书不符" "$T/wforge.out" && ok "saying the signature is not the caller's" ||
    not_ok "saying the signature is not the caller's: $(cat "$T/wforge.out")"
other=$(printf '%064d' 0)
rc=0; wsend insp insp "$H2" "$other" || rc=$?
expect_eq "a cosignature over another hash is refused: invalid" "$rc" 1
rc=0; wsend insp insp $((H2 + 5)) "$H" || rc=$?
expect_eq "a cosignature of a head ahead of the trail is refused" "$rc" 1
expect_eq "none of them is kept" "$(yi_sql "select count(*) from witnesses where body_id = $B")" 2
rc=0; wsend insp insp "$H2" "$H" || rc=$?
expect_eq "(the same request with insp's own key is taken)" "$rc" 0

# (c) Forged cosignatures inserted by the superuser, each alone, at a head
#     nobody witnessed yet (so that each is the newest of its name).
ym_state_all "$I1" agree m3
HF=$(yi_sql "select max(seq) from trail where body_id = $B")
HFH=$(hash_at "$HF")
# forged WHAT WITNESS SIGNER CERT_OWNER SEQ ROW_HASH SIGNED_HASH PATTERN
forged() {
	local sig
	sig=$("$WFORGE" sign "$T/ca.pem" "$INST/identities/$3/key.pem" "$B" "$5" "$7" "$((now_us + 7))")
	insert_witness "$5" "$6" "$2" "$4" "$sig" "$((now_us + 7))"
	fresh_rc 6 "$1: verify fails" -- sec --lang en audit verify --body "$B"
	expect_eq "naming the entry witnessed" "$(jget error.seq)" "$5"
	expect_msg "saying why" "$8"
	fresh_rc 0 "the export carries it" -- sec audit export --body "$B" --out "$T/forged.bundle"
	fresh_rc 6 "and the bundle fails offline" -- \
	    sec audit verify --bundle "$T/forged.bundle" --ca "$T/ca.pem"
	su_sql "DELETE FROM witnesses WHERE body_id = $B AND at = timestamptz 'epoch' + $((now_us + 7)) * interval '1 microsecond'"
}
forged "a cosignature made with a member's key in insp's name" insp m1 m1 "$HF" "$HFH" "$HFH" \
    "signed with the certificate of m1"
forged "a member's own cosignature" m1 m1 m1 "$HF" "$HFH" "$HFH" "no inspector"
forged "insp's cosignature over another hash" insp insp insp "$HF" "$other" "$other" \
    "has since changed"
forged "a cosignature whose signature is over another hash" insp insp insp "$HF" "$HFH" "$H" \
    "does not verify"
expect_eq "(the forgeries are gone)" "$(yi_sql "select count(*) from witnesses where body_id = $B")" 2
fresh_rc 0 "untouched again, it verifies" -- sec audit verify --body "$B"

# (a) The operator truncates the trail below the witnessed head, keeps the
#     witness rows, deletes the checkpoints past the cut and moves the
#     daemon's heads aside: the daemon serves the short trail, signing it.
ym_state_all "$I1" agree m4
H3=$(yi_sql "select max(seq) from trail where body_id = $B")
insp_rc 0 "the inspector witnesses the newest head" -- insp audit verify --body "$B"
expect_eq "(it is $H3)" "$(jget verified.cosigned.seq)" "$H3"
# Cut back to H2: m3's and m4's statements go, with their rows, so that
# the record matches the short trail.
cut=$H2
yi_sql "CREATE TABLE saved_t AS SELECT * FROM trail WHERE body_id = $B AND seq > $cut;
    CREATE TABLE saved_c AS SELECT * FROM checkpoints WHERE body_id = $B AND seq > $cut;
    CREATE TABLE saved_w AS SELECT * FROM witnesses WHERE body_id = $B;
    CREATE TABLE saved_s AS SELECT * FROM statements WHERE body_id = $B AND member IN ('m3', 'm4')" >/dev/null
su_sql "DELETE FROM checkpoints WHERE body_id = $B AND seq > $cut;
    DELETE FROM trail WHERE body_id = $B AND seq > $cut;
    DELETE FROM statements WHERE body_id = $B AND member IN ('m3', 'm4')"
expect_eq "(the trail ends at $cut)" "$(yi_sql "select max(seq) from trail where body_id = $B")" "$cut"
yi_stop || not_ok "the daemon stops"
mv "$INST/heads" "$T/heads.saved"
yi_start
fresh_rc 6 "truncated below a witnessed head: a fresh verifier fails online" -- \
    sec --lang en audit verify --body "$B"
expect_eq "naming the witnessed entry" "$(jget error.seq)" "$H3"
expect_msg "the inspector who witnessed it" "witnessed by the inspector insp at"
expect_msg "and that the trail was rolled back" "rolled back (it ends at entry $cut)"
fresh_rc 6 "(zh)" -- sec audit verify --body "$B"
expect_msg "第 N 条已由检查人员 X 于 T 见证，记录现已回退" "第 $H3 条已由检查人员 insp 于 "
fresh_rc 0 "the daemon exports the short trail" -- sec audit export --body "$B" --out "$T/cut.bundle"
fresh_rc 6 "and the bundle fails offline for a fresh verifier" -- \
    sec --lang en audit verify --bundle "$T/cut.bundle" --ca "$T/ca.pem"
expect_eq "naming the witnessed entry" "$(jget error.seq)" "$H3"
expect_msg "as rolled back" "rolled back"

# (b) The operator deletes the witness rows too, and signs a checkpoint at
#     the new end with the server's own checkpoint.key: nothing in the
#     server tells a fresh verifier, but the inspector's client remembers.
su_sql "DELETE FROM witnesses WHERE body_id = $B"
chash=$(hash_at "$cut")
ck_us=$(($(date +%s) * 1000000))
cksig=$("$CKSIGN" "$INST/ca.pem" "$INST/checkpoint.key" "$B" "$cut" "$chash" "$ck_us")
ckfp=$(openssl x509 -in "$INST/checkpoint.pem" -outform DER | sha256sum | cut -d' ' -f1)
su_sql "INSERT INTO checkpoints VALUES ($B, $cut, decode('$chash', 'hex'),
    timestamptz 'epoch' + $ck_us * interval '1 microsecond', decode('$ckfp', 'hex'),
    decode('$cksig', 'hex')) ON CONFLICT DO NOTHING"
fresh_rc 0 "the limit: a fresh verifier passes the short trail the operator re-signed" -- \
    sec audit verify --body "$B"
expect_eq "(and sees no witness)" "$(jget verified.witnessed)" ""
insp_rc 6 "the inspector who witnessed the later head fails it online" -- \
    insp --lang en audit verify --body "$B"
expect_eq "naming the entry it witnessed" "$(jget error.seq)" "$H3"
expect_msg "as witnessed by insp and rolled back" "witnessed by the inspector insp at"
insp_rc 6 "(zh)" -- insp audit verify --body "$B"
expect_msg "第 N 条已由检查人员 insp 于 T 见证，记录现已回退" "记录现已回退"
fresh_rc 0 "an export of the short trail" -- sec audit export --body "$B" --out "$T/short.bundle"
insp_rc 6 "fails for that inspector offline too (signed after it witnessed)" -- \
    insp --lang en audit verify --bundle "$T/short.bundle" --ca "$T/ca.pem"
expect_eq "naming the entry it witnessed" "$(jget error.seq)" "$H3"
insp_rc 0 "a bundle exported before it witnessed still verifies for it" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"

# Put back: the inspector's trail verifies again.
su_sql "DELETE FROM checkpoints WHERE body_id = $B AND seq = $cut;
    INSERT INTO trail SELECT * FROM saved_t; INSERT INTO checkpoints SELECT * FROM saved_c;
    INSERT INTO witnesses SELECT * FROM saved_w; INSERT INTO statements SELECT * FROM saved_s;
    DROP TABLE saved_t; DROP TABLE saved_c; DROP TABLE saved_w; DROP TABLE saved_s"
insp_rc 0 "put back, the inspector's verify holds again" -- insp audit verify --body "$B"
H4=$(yi_sql "select max(seq) from trail where body_id = $B")

# (a') The operator rewrites an unsigned entry below the witnessed head and
#      recomputes the chain after it, deletes the checkpoints from there
#      and moves the daemon's heads aside: the hash at the witnessed entry
#      is no longer the one witnessed.
at=$(yi_sql "select max(seq) from trail where body_id = $B and signature is null and seq < $H4")
su_sql "UPDATE trail SET actor = actor || '改' WHERE body_id = $B AND seq = $at;
    DELETE FROM checkpoints WHERE body_id = $B AND seq >= $at"
revouch "$B" "$at"
yi_superuser_rechain "$B" "$at"
[ "$(hash_at "$H4")" != "$(yi_sql "select encode(hash, 'hex') from witnesses where body_id = $B and witness = 'insp' and seq = $H4")" ] &&
    ok "(the chain is recomputed: the witnessed hash is gone)" || not_ok "the chain is recomputed"
yi_stop || not_ok "the daemon stops"
mv "$INST/heads" "$T/heads.saved2"
yi_start
fresh_rc 6 "rewritten below a witnessed head: a fresh verifier fails" -- \
    sec --lang en audit verify --body "$B"
expect_eq "naming the witnessed entry" "$(jget error.seq)" "$H4"
expect_msg "as changed since insp witnessed it" "witnessed by the inspector insp at"
expect_msg "(its hash differs)" "has since changed"
fresh_rc 6 "(zh)" -- sec audit verify --body "$B"
expect_msg "第 N 条已由检查人员 X 于 T 见证，记录现已改变" "第 $H4 条已由检查人员 insp 于 *见证，记录现已改变"

echo "1..$CHECKS"
[ "$FAILED" -eq 0 ]
