#!/usr/bin/env bash
# The database superuser's promise (issue 12, docs/security.md): without
# the instance folder, a PostgreSQL superuser cannot cut, roll back,
# rewrite or forge a body's trail unseen, even by an inspector who has
# never verified it before. The checkpoint key is pinned (its certificate's
# purpose no member certificate carries); the daemon keeps the heads it
# wrote and signed in INSTANCE/heads and refuses a trail behind them; every
# read of the whole trail carries a head signed just then, and verify
# requires the chain to end exactly there. Each attack is done as the
# superuser does it (SQL with the append-only triggers disabled, a member's
# key from its identity folder) and ends in exit 6 for a fresh verifier,
# online and from a bundle exported after it (or the export is refused).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

PURPOSE=2.25.143786957915471688053860426725168507370
N_FRESH=0

# Runs expect_rc with a state folder no verify has used: a verifier that
# has never seen this trail.
fresh_rc() {
	N_FRESH=$((N_FRESH + 1))
	XDG_STATE_HOME=$T/fresh$N_FRESH expect_rc "$@"
}

# expect_msg WHAT PATTERN: the JSON error message of the last yj matches.
expect_msg() {
	case $(jget error.message) in
	*$2*) ok "$1" ;;
	*) not_ok "$1: $(jget error.message)" ;;
	esac
}

yi_init
FP=$(sed -n 's/^ *fingerprint (SHA-256 of its public key): //p' "$T/init.log")
expect_eq "init prints the checkpoint key's fingerprint" "${FP%%:*}" SHA256
expect_eq "the SHA-256 of the key's public key, as openssl computes it" "$FP" \
    "SHA256:$(openssl x509 -in "$INST/checkpoint.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)"
expect_eq "its certificate is for signing checkpoints only" \
    "$(openssl x509 -in "$INST/checkpoint.pem" -noout -ext extendedKeyUsage | tail -n 1 | tr -d ' ')" \
    "$PURPOSE"
echo "checkpoint_every = 5" >>"$INST/yishid.conf"
yi_start
ym_identities
bad=0
for c in "$INST"/identities/*/cert.pem "$INST/server.pem"; do
	openssl x509 -in "$c" -noout -ext extendedKeyUsage | grep -q "$PURPOSE" && bad=1
done
expect_eq "no member's, admin's or TLS certificate has that purpose" "$bad" 0

# A member's request asking for the purpose is refused.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/csr.key" -out "$T/csr.pem" -subj /CN=evil \
    -addext "extendedKeyUsage=clientAuth,$PURPOSE" >/dev/null 2>&1
rc=0
"$YISHID" issue "$INST" evil --csr "$T/csr.pem" >"$T/csr.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q "$PURPOSE" "$T/csr.out" &&
    ok "yishid issue refuses a request for the checkpoint purpose" ||
    not_ok "yishid issue refuses a request for the checkpoint purpose: rc $rc $(cat "$T/csr.out")"
expect_eq "and issues nothing" "$(ls "$INST/identities/evil" 2>/dev/null | wc -l)" 0

# A body with a meeting: statements, an open vote, the close.
ym_meeting party_group 5 "sec m1 m2 m3 m4 rec insp" ordinary
I1=${ITEMS[0]}
ym_start "$I1"
ym_state_all "$I1" agree m1 m2 m3 m4 sec
expect_rc 0 "a roll-call vote" -- sec vote open --item "$I1" --method roll_call
ym_cast_all "$I1" yes m1 m2 m3 m4 sec
expect_rc 0 "close the vote" -- sec vote close --item "$I1"
expect_rc 0 "close the meeting" -- sec meeting close --meeting "$M"
head=$(yi_sql "select max(seq) from trail where body_id = $B")
for _ in $(seq 1 50); do
	[ "$(yi_sql "select count(*) from checkpoints where body_id = $B and seq = $head")" = 1 ] && break
	sleep 0.1
done
expect_eq "the close is checkpointed" \
    "$(yi_sql "select count(*) from checkpoints where body_id = $B and seq = $head")" 1
cfp=$(openssl x509 -in "$INST/checkpoint.pem" -outform DER | sha256sum | cut -d' ' -f1)
expect_eq "every checkpoint is signed with the checkpoint key's certificate" \
    "$(yi_sql "select count(*) from checkpoints where body_id = $B and cert_fp <> decode('$cfp', 'hex')")" 0
sleep 1	# the heads are read back within a second
expect_eq "the daemon keeps the head outside the database" \
    "$(awk -v b="$B" '$1 == b { print $2 }' "$INST/heads")" "$head"

# The untouched trail: online, from a bundle, for fresh verifiers.
fresh_rc 0 "the untouched trail verifies for a fresh verifier" -- insp audit verify --body "$B"
expect_eq "trusting the key on first use" "$(jget verified.server_key_trust):$(jget verified.server_key)" "first_use:$FP"
expect_eq "over the head signed for this read" "$(jget verified.signed_head_seq)" "$head"
fresh_rc 0 "export a bundle" -- insp audit export --body "$B" --out "$T/good.bundle"
cp "$INST/ca.pem" "$T/ca.pem"
fresh_rc 0 "the bundle verifies for a fresh verifier with the pinned key" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem" --server-key "$FP"
expect_eq "the key given" "$(jget verified.server_key_trust)" given
WRONG=SHA256:$(printf '%064d' 7)
fresh_rc 6 "with a wrong --server-key the bundle fails" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem" --server-key "$WRONG"
expect_eq "at the head signed" "$(jget error.seq)" "$head"
expect_msg "naming the key that signed it" "$FP"
YISHI_SERVER_KEY=$WRONG fresh_rc 6 "and with a wrong YISHI_SERVER_KEY" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"

# 1. The newest entries deleted together with their checkpoints.
cut=$((head - 3))
yi_sql "CREATE TABLE saved_t AS SELECT * FROM trail WHERE body_id = $B AND seq > $cut;
    CREATE TABLE saved_c AS SELECT * FROM checkpoints WHERE body_id = $B AND seq > $cut" >/dev/null
yi_superuser_sql "DELETE FROM checkpoints WHERE body_id = $B AND seq > $cut;
    DELETE FROM trail WHERE body_id = $B AND seq > $cut"
fresh_rc 6 "a truncated trail is refused online" -- insp --lang en audit verify --body "$B"
expect_eq "naming the head the server wrote" "$(jget error.seq)" "$head"
expect_msg "saying it was truncated or rolled back" "truncated or rolled back"
fresh_rc 6 "the export after it is refused: that refusal is the detection" -- \
    insp audit export --body "$B" --out "$T/cut.bundle"
[ -e "$T/cut.bundle" ] && not_ok "no bundle is written" || ok "no bundle is written"
grep -q "TRAIL OF BODY $B REFUSED" "$T/daemon.log" && ok "the daemon says so in its log" ||
    not_ok "the daemon says so in its log"
yi_superuser_sql "INSERT INTO trail SELECT * FROM saved_t; INSERT INTO checkpoints SELECT * FROM saved_c;
    DROP TABLE saved_t; DROP TABLE saved_c"
fresh_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 2. The suffix rewritten consistently: an unsigned entry changed, the chain
#    recomputed from there, the checkpoints past it deleted.
at=$(yi_sql "select max(seq) from trail where body_id = $B and signature is null and seq < $head")
yi_sql "CREATE TABLE saved_c AS SELECT * FROM checkpoints WHERE body_id = $B AND seq >= $at" >/dev/null
yi_superuser_sql "UPDATE trail SET actor = actor || '改' WHERE body_id = $B AND seq = $at;
    DELETE FROM checkpoints WHERE body_id = $B AND seq >= $at"
yi_superuser_rechain "$B" "$at"
expect_eq "the rewritten chain is whole" \
    "$(yi_sql "select count(*) from trail t join trail p on p.body_id = t.body_id and p.seq = t.seq - 1 where t.body_id = $B and t.prev_hash <> p.hash")" 0
fresh_rc 6 "a rewritten suffix is refused online" -- insp --lang en audit verify --body "$B"
expect_eq "naming the head the server wrote" "$(jget error.seq)" "$head"
expect_msg "saying it was rewritten" "rewritten"
fresh_rc 6 "the export after it is refused" -- insp audit export --body "$B" --out "$T/rw.bundle"
yi_superuser_sql "UPDATE trail SET actor = left(actor, length(actor) - 1) WHERE body_id = $B AND seq = $at"
yi_superuser_rechain "$B" "$at"
yi_superuser_sql "INSERT INTO checkpoints SELECT * FROM saved_c; DROP TABLE saved_c"
fresh_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 3. Every checkpoint deleted.
yi_sql "CREATE TABLE saved_c AS SELECT * FROM checkpoints WHERE body_id = $B" >/dev/null
yi_superuser_sql "DELETE FROM checkpoints WHERE body_id = $B"
fresh_rc 6 "a trail whose checkpoints were deleted is refused online" -- insp --lang en audit verify --body "$B"
expect_eq "naming the newest checkpoint the server stored" "$(jget error.seq)" "$head"
expect_msg "saying it was removed" "checkpoint at this entry was removed"
fresh_rc 6 "the export after it is refused" -- insp audit export --body "$B" --out "$T/nock.bundle"
yi_superuser_sql "INSERT INTO checkpoints SELECT * FROM saved_c; DROP TABLE saved_c"
fresh_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 4. A checkpoint signed with a member's key (m1's identity folder), its
#    certificate put among the server's.
ck=$(yi_sql "select max(seq) from trail t where body_id = $B and seq < $head and not exists (select 1 from checkpoints c where c.body_id = t.body_id and c.seq = t.seq)")
hash=$(yi_sql "select encode(hash, 'hex') from trail where body_id = $B and seq = $ck")
now_us=$(($(date +%s) * 1000000))
sig=$("$CKSIGN" "$INST/ca.pem" "$INST/identities/m1/key.pem" "$B" "$ck" "$hash" "$now_us")
[ -n "$sig" ] && ok "the forger signs a checkpoint with m1's key" || not_ok "cksign"
m1fp=$(openssl x509 -in "$INST/identities/m1/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
yi_superuser_sql "INSERT INTO server_certificates VALUES (decode('$m1fp', 'hex'), \$x\$$(cat "$INST/identities/m1/cert.pem")\$x\$) ON CONFLICT DO NOTHING;
    INSERT INTO checkpoints VALUES ($B, $ck, decode('$hash', 'hex'), timestamptz 'epoch' + $now_us * interval '1 microsecond', decode('$m1fp', 'hex'), decode('$sig', 'hex'))"
fresh_rc 6 "a checkpoint signed by a member's key is refused online" -- insp audit verify --body "$B"
expect_eq "naming the checkpoint" "$(jget error.seq)" "$ck"
expect_msg "its certificate is not the checkpoint key's" "not the server's checkpoint key"
fresh_rc 0 "the daemon exports it (nothing contradicts its heads)" -- \
    insp audit export --body "$B" --out "$T/m1.bundle"
fresh_rc 6 "the bundle fails for a fresh verifier" -- \
    insp audit verify --bundle "$T/m1.bundle" --ca "$T/ca.pem"
expect_eq "naming the checkpoint" "$(jget error.seq)" "$ck"
fresh_rc 6 "and with the key pinned" -- \
    insp audit verify --bundle "$T/m1.bundle" --ca "$T/ca.pem" --server-key "$FP"
yi_superuser_sql "DELETE FROM checkpoints WHERE body_id = $B AND seq = $ck"

# Untouched again: all three.
fresh_rc 0 "the untouched trail verifies online" -- insp audit verify --body "$B"
fresh_rc 0 "and exports" -- insp audit export --body "$B" --out "$T/good2.bundle"
fresh_rc 0 "and its bundle verifies" -- insp audit verify --bundle "$T/good2.bundle" --ca "$T/ca.pem"

# A bundle of an older format, with no signed head, is refused.
python3 - "$T/good2.bundle" "$T/old.bundle" <<'EOF'
import sys
# Field 1 (format) is the first byte pair of the message: 0x08 <varint>.
data = open(sys.argv[1], 'rb').read()
magic = b"YISHI-AUDIT-BUNDLE 1\n"
body = data[len(magic):]
assert body[0] == 0x08 and body[1] == 4
open(sys.argv[2], 'wb').write(magic + bytes([0x08, 2]) + body[2:])
EOF
fresh_rc 6 "a format 2 bundle is refused" -- insp --lang en audit verify --bundle "$T/old.bundle" --ca "$T/ca.pem"
expect_msg "saying why" "format 2 has no head signed by the server"

# 5. Truncated while the daemon was stopped: it refuses after the restart.
yi_stop
OWNER=$(stat -c %U "$INST/pg")
PGBIN=$(pg_config --bindir)
pg_run() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi; }
pg_run "$PGBIN/pg_ctl" -D "$INST/pg" -w -l "$INST/pg.log" -o "-k $INST/run" start >/dev/null 2>&1
yi_sql "CREATE TABLE saved_t AS SELECT * FROM trail WHERE body_id = $B AND seq = $head;
    CREATE TABLE saved_c AS SELECT * FROM checkpoints WHERE body_id = $B AND seq = $head" >/dev/null
yi_superuser_sql "DELETE FROM checkpoints WHERE body_id = $B AND seq = $head;
    DELETE FROM trail WHERE body_id = $B AND seq = $head"
yi_start
for _ in $(seq 1 30); do
	grep -q "TRAIL OF BODY $B IS BEHIND" "$T/daemon.log" && break
	sleep 0.1
done
grep -q "TRAIL OF BODY $B IS BEHIND" "$T/daemon.log" &&
    ok "at start the daemon says loudly the trail is behind" ||
    not_ok "at start the daemon says loudly the trail is behind"
fresh_rc 6 "and refuses to serve it" -- insp audit verify --body "$B"
expect_eq "naming the head it wrote" "$(jget error.seq)" "$head"
yi_superuser_sql "INSERT INTO trail SELECT * FROM saved_t; INSERT INTO checkpoints SELECT * FROM saved_c;
    DROP TABLE saved_t; DROP TABLE saved_c"
fresh_rc 0 "put back, it verifies" -- insp audit verify --body "$B"

# 6. Trust on first use, then another key.
export XDG_STATE_HOME=$T/tofu
out=$(yi insp --lang en audit verify --body "$B" 2>&1)
case $out in
*"trusting the server's signing key $FP on first use"*) ok "first use says which key it trusts" ;;
*) not_ok "first use says which key it trusts: $out" ;;
esac
expect_rc 0 "the next verify" -- insp audit verify --body "$B"
expect_eq "uses the key remembered" "$(jget verified.server_key_trust):$(jget verified.server_key)" "remembered:$FP"
# The operator gives the daemon another checkpoint key.
yi_stop
mv "$INST/checkpoint.key" "$T/old-checkpoint.key"
mv "$INST/checkpoint.pem" "$T/old-checkpoint.pem"
"$YISHID" init "$INST" >"$T/rekey.log" 2>&1 &&
    ok "yishid init adds a checkpoint key to an instance without one" ||
    not_ok "yishid init adds a checkpoint key: $(cat "$T/rekey.log")"
FP2=$(sed -n 's/^ *fingerprint (SHA-256 of its public key): //p' "$T/rekey.log")
[ -n "$FP2" ] && [ "$FP2" != "$FP" ] && ok "a new key, its fingerprint printed" ||
    not_ok "a new key, its fingerprint printed: $FP2"
yi_start
expect_rc 6 "a head signed by another key is refused where the first was remembered" -- \
    insp --lang en audit verify --body "$B"
expect_eq "naming the head" "$(jget error.seq)" "$head"
expect_msg "and the key trusted" "not by the server's key $FP"
expect_rc 6 "the export is refused too" -- insp audit export --body "$B" --out "$T/k2.bundle"
