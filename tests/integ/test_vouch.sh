#!/usr/bin/env bash
# The server vouches for every trail entry it writes (issue 12,
# docs/security.md): the daemon signs each entry, its seq included, with
# the pinned checkpoint key as it writes it (trail.vouch), and verify
# refuses an entry without a valid vouch.
#
# The database superuser, triggers disabled (lib.sh's yi_superuser_sql),
# appends the secretary's unsigned recusal of m2 at the end of the trail,
# with a correct chain and the recusal row the record shows: the daemon
# signs a fresh head over it, as over anything the database holds. Verify
# exits 6 naming that entry: online, from a bundle exported afterwards, and
# for a verifier that has never seen the trail (a fresh XDG_STATE_HOME,
# the key pinned). The same with a valid vouch copied from a real entry
# onto the forged one, and with a real entry's vouch stripped. The
# untouched trail verifies in all three, and every entry the daemon wrote,
# in every body (the instance trail too: identities issued by yishid init
# and issue, bodies created, an identity disabled in every body where it
# sits), carries a vouch.
#
# The vouch covers the entry's time, which the daemon chooses: the
# superuser moving the newest entry's time 40 days back, recomputing the
# chain and removing the checkpoints, cosignatures and the daemon's heads
# that would contradict it (the daemon restarted), is caught, naming the
# entry, online and from a bundle; so is an entry written while the
# superuser's own trail_append_timed_many, put in place of the daemon's
# while it runs, stores a time 40 days before the one it is given. The
# trail restored verifies again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

N_FRESH=0

# Runs expect_rc with a state folder no verify has used.
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

# expect_forged WHAT SEQ: verify online, an export and its bundle, and a
# fresh verifier with the key pinned all exit 6 naming entry SEQ as not
# written by the server.
expect_forged() {
	fresh_rc 6 "$1: online verify fails" -- insp --lang en audit verify --body "$B"
	expect_eq "$1: naming the entry" "$(jget error.seq)" "$2"
	expect_msg "$1: not written by this server" "entry $2 was not written by this server, or was changed since (no valid server vouch)"
	local bundle=$T/f$N_FRESH.bundle
	fresh_rc 0 "$1: the daemon exports it (nothing contradicts its heads)" -- \
	    insp audit export --body "$B" --out "$bundle"
	fresh_rc 6 "$1: the bundle fails offline" -- \
	    insp audit verify --bundle "$bundle" --ca "$T/ca.pem" --server-key "$FP"
	expect_eq "$1: naming the entry offline" "$(jget error.seq)" "$2"
	fresh_rc 6 "$1: the bundle fails for a verifier with the CA alone" -- \
	    insp audit verify --bundle "$bundle" --ca "$T/ca.pem"
	expect_eq "$1: naming the entry there too" "$(jget error.seq)" "$2"
	yj insp audit verify --body "$B"
	expect_eq "$1: and in Chinese" "$(jget error.seq)" "$2"
	expect_msg "$1: 不是本服务器写入的" "第 $2 条记录不是本服务器写入的，或写入后被改动过（没有服务器的有效担保）"
}

yi_init
FP=$(sed -n 's/^ *fingerprint (SHA-256 of its public key): //p' "$T/init.log")
yi_start
ym_identities
yi_issue dis
cp "$INST/ca.pem" "$T/ca.pem"

# A body with a meeting: statements (signed), the secretary's recusal of
# m3, an open item. ym_body seats dis too, then the admin disables it.
ym_meeting party_group 5 "sec m1 m2 m3 m4 rec insp" ordinary
expect_rc 0 "dis takes a seat" -- admin seat add --body "$B" --identity dis --display 停用者 --role member --rank 9
I1=${ITEMS[0]}
ym_start "$I1"
ym_state_all "$I1" agree m1 m2
expect_rc 0 "the secretary records m3's recusal" -- sec recuse --item "$I1" --member m3 --reason 亲属关系
R=$(yi_sql "select max(seq) from trail where body_id = $B and action = 'recuse'")
expect_rc 0 "the admin disables dis (an identity.certificate entry in the body)" -- admin identity disable dis
expect_eq "the body's trail has it" \
    "$(yi_sql "select count(*) from trail where body_id = $B and action = 'identity.certificate'")" 1
head=$(yi_sql "select max(seq) from trail where body_id = $B")

expect_eq "every entry the daemon wrote carries a vouch, in every body" \
    "$(yi_sql "select count(*) from trail where vouch is null")" 0
expect_eq "the instance trail's entries too (identities issued, bodies created, the disable)" \
    "$(yi_sql "select count(*) filter (where vouch is null), count(distinct action) filter (where action in ('identity.issue', 'body.create', 'identity.disable')) from trail where body_id = 0")" "0|3"
expect_eq "a body's first entry, written with the body, is vouched for" \
    "$(yi_sql "select action, vouch is not null from trail where body_id = $B and seq = 1")" "body.create|t"

# The untouched trail: online, from a bundle, for a fresh verifier.
fresh_rc 0 "the untouched trail verifies online" -- insp audit verify --body "$B"
fresh_rc 0 "export a bundle" -- insp audit export --body "$B" --out "$T/good.bundle"
fresh_rc 0 "the bundle verifies for a fresh verifier with the key pinned" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem" --server-key "$FP"

# 1. The superuser appends the secretary's unsigned recusal of m2 at the
#    end, with a correct chain and the row the record shows.
payload=$(yi_sql "select replace(replace(payload, '\"m3\"', '\"m2\"'), '亲属关系', '利益相关') from trail where body_id = $B and seq = $R")
F=$((head + 1))
yi_superuser_sql "INSERT INTO recusals (body_id, item_id, member, reason, recorded_by)
	VALUES ($B, $I1, 'm2', '利益相关', 'sec');
    INSERT INTO trail (body_id, seq, at, actor, action, payload, prev_hash, hash)
	SELECT $B, $F, t.at, 'sec', 'recuse', \$p\$$payload\$p\$, p.hash,
	    trail_digest(p.hash, $B, $F, t.at, 'sec', 'recuse', \$p\$$payload\$p\$)
	FROM trail p, (SELECT date_trunc('microseconds', clock_timestamp()) AS at) t
	WHERE p.body_id = $B AND p.seq = $head"
expect_eq "the forged entry is at the end, its chain whole" \
    "$(yi_sql "select count(*) from trail t join trail p on p.body_id = t.body_id and p.seq = t.seq - 1 where t.body_id = $B and t.seq = $F and t.prev_hash = p.hash and t.vouch is null")" 1
expect_rc 0 "the record shows the forged recusal" -- insp minutes show --meeting "$M"
case $OUT in *利益相关*) ok "the recusal row is there" ;; *) not_ok "the recusal row is there: $OUT" ;; esac
expect_forged "an unsigned entry appended at the end" "$F"

# 2. A valid vouch copied from the real recusal onto the forged one.
yi_superuser_sql "UPDATE trail SET vouch = (SELECT vouch FROM trail WHERE body_id = $B AND seq = $R)
    WHERE body_id = $B AND seq = $F"
expect_eq "the forged entry now carries a real vouch" \
    "$(yi_sql "select count(*) from trail where body_id = $B and seq = $F and vouch is not null")" 1
expect_forged "a vouch copied from another entry" "$F"

# A vouch the server made for this very seq in another body: the body is
# in what it signs.
yi_superuser_sql "UPDATE trail SET vouch = (SELECT vouch FROM trail WHERE body_id = 0 AND seq = 1)
    WHERE body_id = $B AND seq = $F"
fresh_rc 6 "a vouch from the instance trail fails" -- insp audit verify --body "$B"
expect_eq "naming the forged entry" "$(jget error.seq)" "$F"

# Taken out again, row and entry: the trail verifies.
yi_superuser_sql "DELETE FROM trail WHERE body_id = $B AND seq = $F;
    DELETE FROM recusals WHERE body_id = $B AND item_id = $I1 AND member = 'm2'"
fresh_rc 0 "without the forged entry it verifies" -- insp audit verify --body "$B"

# 3. A real entry's vouch stripped: the signed statement's, then the
#    recusal's.
S=$(yi_sql "select min(seq) from trail where body_id = $B and action = 'statement'")
yi_sql "CREATE TABLE saved AS SELECT seq, vouch FROM trail WHERE body_id = $B" >/dev/null
yi_superuser_sql "UPDATE trail SET vouch = NULL WHERE body_id = $B AND seq = $S"
expect_forged "a member's signed statement without its vouch" "$S"
yi_superuser_sql "UPDATE trail t SET vouch = s.vouch FROM saved s WHERE t.body_id = $B AND t.seq = s.seq"
yi_superuser_sql "UPDATE trail SET vouch = '\\x00'::bytea WHERE body_id = $B AND seq = $R"
fresh_rc 6 "a real entry whose vouch was replaced by junk fails" -- insp audit verify --body "$B"
expect_eq "naming it" "$(jget error.seq)" "$R"
yi_superuser_sql "UPDATE trail t SET vouch = s.vouch FROM saved s WHERE t.body_id = $B AND t.seq = s.seq;
    DROP TABLE saved"

# 4. Untouched again: online, from a bundle, for a fresh verifier.
fresh_rc 0 "the untouched trail verifies online" -- insp audit verify --body "$B"
expect_eq "up to the head" "$(jget verified.signed_head_seq)" "$head"
fresh_rc 0 "and exports" -- insp audit export --body "$B" --out "$T/good2.bundle"
fresh_rc 0 "and its bundle verifies with the key pinned" -- \
    insp audit verify --bundle "$T/good2.bundle" --ca "$T/ca.pem" --server-key "$FP"
fresh_rc 0 "and with the CA alone" -- insp audit verify --bundle "$T/good2.bundle" --ca "$T/ca.pem"

# A bundle of format 3 (no vouches) is refused like formats 1 and 2.
python3 - "$T/good2.bundle" "$T/f3.bundle" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
magic = b"YISHI-AUDIT-BUNDLE 1\n"
assert data.startswith(magic)
body = data[len(magic):]
# field 1 (format), varint: tag 0x08 then the value 4
assert body[0:2] == b"\x08\x04", body[0:2]
open(sys.argv[2], 'wb').write(magic + b"\x08\x03" + body[2:])
EOF
fresh_rc 6 "a format 3 bundle is refused" -- insp --lang en audit verify --bundle "$T/f3.bundle" --ca "$T/ca.pem"
expect_msg "saying it has no vouches" "bundle format 3 has no vouch of the server"


# 5. The entry's time is the daemon's, and vouched for. The superuser
#    moves the newest entry 40 days back and recomputes the chain, and
#    takes out what would contradict it: the checkpoints and witness
#    cosignatures from that entry on, and the daemon's heads (moved aside,
#    the daemon restarted). Only the vouch is left to catch it.
T5=$(yi_sql "select max(seq) from trail where body_id = $B")
at5=$(yi_sql "select (extract(epoch from at) * 1000000)::bigint from trail where body_id = $B and seq = $T5")
yi_sql "CREATE TABLE saved_ck AS SELECT * FROM checkpoints WHERE body_id = $B AND seq >= $T5;
    CREATE TABLE saved_wi AS SELECT * FROM witnesses WHERE body_id = $B AND seq >= $T5" >/dev/null
yi_superuser_sql "ALTER TABLE witnesses DISABLE TRIGGER witnesses_append_only;
    UPDATE trail SET at = at - interval '40 days' WHERE body_id = $B AND seq = $T5;
    DELETE FROM checkpoints WHERE body_id = $B AND seq >= $T5;
    DELETE FROM witnesses WHERE body_id = $B AND seq >= $T5;
    ALTER TABLE witnesses ENABLE TRIGGER witnesses_append_only"
yi_superuser_rechain "$B" "$T5"
expect_eq "the newest entry is 40 days earlier, its chain whole" \
    "$(yi_sql "select count(*) from trail t join trail p on p.body_id = t.body_id and p.seq = t.seq - 1 where t.body_id = $B and t.seq = $T5 and t.prev_hash = p.hash and t.hash = trail_digest_signed(p.hash, t.body_id, t.seq, t.at, t.actor, t.action, t.payload, t.signer, t.signed, t.signature, t.cert_fp) and (extract(epoch from t.at) * 1000000)::bigint = $at5 - 40 * 86400 * 1000000::bigint")" 1
yi_stop || not_ok "the daemon stops"
mv "$INST/heads" "$T/heads.vouch"
yi_start
expect_forged "the newest entry's time moved 40 days back" "$T5"

# Its time put back, the chain recomputed, the checkpoints, cosignatures
# and heads restored: the trail is the one the daemon wrote again.
yi_superuser_sql "ALTER TABLE witnesses DISABLE TRIGGER witnesses_append_only;
    UPDATE trail SET at = timestamptz 'epoch' + $at5 * interval '1 microsecond' WHERE body_id = $B AND seq = $T5;
    INSERT INTO checkpoints SELECT * FROM saved_ck;
    INSERT INTO witnesses SELECT * FROM saved_wi;
    DROP TABLE saved_ck; DROP TABLE saved_wi;
    ALTER TABLE witnesses ENABLE TRIGGER witnesses_append_only"
yi_superuser_rechain "$B" "$T5"
yi_stop || not_ok "the daemon stops"
mv "$T/heads.vouch" "$INST/heads"
yi_start

# 6. Untouched again, after all that: online, from a bundle, for a fresh
#    verifier.
fresh_rc 0 "the restored trail verifies online" -- insp audit verify --body "$B"
expect_eq "up to its head" "$(jget verified.signed_head_seq)" "$T5"
fresh_rc 0 "and exports" -- insp audit export --body "$B" --out "$T/good3.bundle"
fresh_rc 0 "and its bundle verifies with the key pinned" -- \
    insp audit verify --bundle "$T/good3.bundle" --ca "$T/ca.pem" --server-key "$FP"
expect_eq "the entries' times are the daemon's, in order, none in the future" \
    "$(yi_sql "select count(*) from trail t join trail p on p.body_id = t.body_id and p.seq = t.seq - 1 where t.body_id = $B and (t.at <= p.at or t.at > now())")" 0

# 7. The superuser replaces the function that appends entries while the
#    daemon runs (it puts it back only at its next start), so that it
#    stores a time 40 days before the one it is given. A member's ordinary
#    request: its entry fails verify.
yi_sql "DO \$\$BEGIN EXECUTE replace(pg_get_functiondef('trail_append_timed_many'::regproc),
    'ats[i] := timestamptz ''epoch'' + p_at[i] * interval ''1 microsecond'';',
    'ats[i] := date_trunc(''microseconds'', clock_timestamp()) - interval ''40 days'';'); END\$\$" >/dev/null
expect_eq "the replaced function ignores the time it is given" \
    "$(yi_sql "select prosrc like '%40 days%' from pg_proc where proname = 'trail_append_timed_many'")" t
before=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_rc 0 "m4 states on the item (an ordinary signed request)" -- \
    m4 state --item "$I1" --position agree --text m4的意见
T7=$(yi_sql "select max(seq) from trail where body_id = $B")
expect_eq "it wrote one entry" "$T7" "$((before + 1))"
expect_eq "stored 40 days back by the replaced function" \
    "$(yi_sql "select action, at < now() - interval '39 days' from trail where body_id = $B and seq = $T7")" "statement|t"
expect_forged "an entry the replaced function timed 40 days back" "$T7"
yi_stop || not_ok "the daemon stops"
yi_start
expect_eq "the daemon puts the function back at its start" \
    "$(yi_sql "select prosrc like '%40 days%' from pg_proc where proname = 'trail_append_timed_many'")" f
