#!/usr/bin/env bash
# An exported audit bundle is untrusted input, and a payload one JSON reader
# takes one way and another reader another way must not verify. A
# PostgreSQL superuser appends, through trail_append and so with a correct
# chain, an entry whose payload has a key twice, a \u0000 in a string, or
# an unpaired surrogate \ud800: the exported bundle is refused with exit 6,
# naming the entry and saying why (Chinese by default, English with
# --lang en): the payload is read before the server's vouch is checked,
# so that reason is the one given (such an entry has no vouch either,
# test_vouch.sh; the untouched bundle holds only entries the daemon wrote). The untouched bundle verifies before and after, and a restart
# puts back a trail function changed behind the daemon's back
# (sql/trail_functions.sql is applied on every start).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities
ym_body party_group 3
cp "$INST/ca.pem" "$T/ca.pem"

expect_rc 0 "the body's trail verifies" -- \
    insp audit verify --body "$B"
expect_rc 0 "export the untouched bundle" -- insp audit export --body "$B" --out "$T/good.bundle"
expect_rc 0 "the untouched bundle verifies" -- insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"
GOOD_HEAD=$(jget verified.head_seq)

# check NAME PAYLOAD ZH EN: appends the payload, exports, expects refusal.
check() {
	local name=$1 payload=$2 zh=$3 en=$4 seq rc msg
	seq=$(yi_sql "SELECT trail_append($B, NULL, 'test', 'test.note', '$payload')")
	expect_eq "$name: the chain itself is whole (its hash is right)" \
	    "$(yi_sql "SELECT hash = trail_digest(prev_hash, body_id, seq, at, actor, action, payload) FROM trail WHERE body_id = $B AND seq = $seq")" t
	expect_rc 0 "$name: export" -- insp audit export --body "$B" --out "$T/bad.bundle"
	expect_rc 6 "$name: the bundle is refused" -- insp audit verify --bundle "$T/bad.bundle" --ca "$T/ca.pem"
	expect_eq "$name: at that entry" "$(jget error.seq)" "$seq"
	rc=0
	msg=$(yi insp audit verify --bundle "$T/bad.bundle" --ca "$T/ca.pem" 2>&1) || rc=$?
	expect_eq "$name: exit 6 without --json" "$rc" 6
	case $msg in
	*"第 $seq 条"*"$zh"*) ok "$name: says why in Chinese" ;;
	*) not_ok "$name: says why in Chinese: $msg" ;;
	esac
	msg=$(yi insp --lang en audit verify --bundle "$T/bad.bundle" --ca "$T/ca.pem" 2>&1)
	case $msg in
	*"entry $seq"*"$en"*) ok "$name: says why in English" ;;
	*) not_ok "$name: says why in English: $msg" ;;
	esac
	expect_rc 6 "$name: the trail read from the server is refused too" -- \
	    insp audit verify --body "$B"
	# Take the entry out again (triggers off, as an attacker would).
	yi_superuser_sql "DELETE FROM trail WHERE body_id = $B AND seq = $seq"
}

check "a key twice" '{"member":"m1","text":"a","member":"m2"}' \
    "载荷中有重复的键" "a key appears twice in the payload"
check "\\u0000 in a string" '{"text":"a\u0000b"}' \
    "载荷的字符串含 \\u0000" "a string in the payload contains \\u0000 (NUL)"
check "a lone surrogate" '{"text":"\ud800"}' \
    "不成对的 UTF-16 代理项" "unpaired UTF-16 surrogate"

expect_rc 0 "the untouched bundle still verifies" -- insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"
expect_eq "to the same head" "$(jget verified.head_seq)" "$GOOD_HEAD"

# A trail function changed behind the daemon's back, and a trigger
# dropped: the next start puts both back.
yi_sql "CREATE OR REPLACE FUNCTION trail_digest(p_prev bytea, p_body bigint,
    p_seq bigint, p_at timestamptz, p_actor text, p_action text,
    p_payload text) RETURNS bytea LANGUAGE sql STABLE AS
    \$\$ SELECT sha256(p_prev) \$\$;
    DROP TRIGGER trail_append_only ON trail;" >/dev/null
yi_stop
yi_start
expect_rc 0 "after a restart, a new entry" -- admin seat add --body "$B" \
    --identity m3 --display 委员3 --role member --rank 9
expect_rc 0 "is hashed by the one definition again: the trail verifies" -- \
    insp audit verify --body "$B"
rc=0
yi_sql "UPDATE trail SET actor = actor WHERE body_id = $B AND seq = 1" \
    >"$T/update.out" 2>&1 || rc=$?
expect_eq "and the append-only trigger is back" \
    "$(grep -c "append-only" "$T/update.out")" 1
