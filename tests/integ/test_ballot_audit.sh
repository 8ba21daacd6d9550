#!/usr/bin/env bash
# test_ballot_audit.sh: a closed secret vote (docs/ballot.md) re-checked by
# `yishi audit verify` from the trail alone (its "Checking" section):
# online, and from a bundle with the server stopped. A personnel item of a
# party group of 5, all present, is decided by an encrypted secret ballot
# with scrutineers m1 and m2 (3 yes, 1 no, 1 abstain). Then copies of the
# bundle are altered as a forger holding the instance folder would alter
# them (tests/integ/bforge.c): the entry changed, re-signed with the
# member's own key where a member signed it, its vouch re-made and the
# chain and every server-signed head re-made with the checkpoint key. Each
# is refused, exit 6, naming the entry and the check that catches it:
#   - one byte of a ballot's ciphertext   the ballot's proof
#   - one scalar of a ballot's proof      the ballot's proof
#   - one scalar of a key share's proof   the key share's proof
#   - one byte of a decryption share      the decryption share's proof
#   - the close's yes count (and no, so   what the shares decrypt to
#     that the totals still add up)
#   - a ballot byte NOT re-signed         the voter's signed digest
# A copy re-made by the same tools with nothing altered verifies, so the
# forgeries fail for what they alter and nothing else.
# The untouched bundle verifies before and after, and online again once
# the daemon is back. Verified online too while the round is open, while
# it is counted, with a void round and its retake; and the record's rows
# against the trail, as a superuser changes them (the daemon restarted to
# read them): a scrutineer's decryption share, the vote's key, two voters'
# encrypted ballots swapped: each named at its entry.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

BFORGE=${BFORGE:?BFORGE must name the bforge binary}
N_FRESH=0

# Runs expect_rc with a state folder no verify has used (no remembered
# head or key to catch a forgery before the replay does).
fresh_rc() {
	N_FRESH=$((N_FRESH + 1))
	XDG_STATE_HOME=$T/fresh$N_FRESH expect_rc "$@"
}

# expect_msg WHAT TEXT: the JSON error message of the last yj holds TEXT.
expect_msg() {
	case $(jget error.message) in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1: $(jget error.message)" ;;
	esac
}

yi_setup
ym_identities
cp "$INST/ca.pem" "$T/ca.pem"

ym_meeting party_group 5 "sec m1 m2 m3 m4" personnel personnel
I=${ITEMS[0]}
Q=${ITEMS[1]}
ym_start "$I"
ym_state_all "$I" agree m1 m2 m3 m4
ym_must "sec states last" -- sec state --item "$I" --position agree --text 同意

echo "# a secret vote, counted by two scrutineers"
ym_must "the chair opens a secret vote, scrutineers m1, m2" -- \
    sec vote open --item "$I" --method secret --scrutineers m1,m2
ym_must "m1 makes its key share" -- m1 vote key --item "$I"
ym_must "m2 makes its key share" -- m2 vote key --item "$I"
ym_cast_all "$I" yes sec m1 m3
fresh_rc 0 "verify online while the round is open (3 ballots of 5)" -- \
    insp audit verify --body "$B"
expect_eq "3 ballots checked so far" \
    "$(jget verified.record.secret_ballots_checked)" 3
ym_must "m2 votes no" -- m2 vote cast --item "$I" --choice no
ym_must "m4 abstains" -- m4 vote cast --item "$I" --choice abstain
ym_must "the chair closes the ballots" -- sec vote close --item "$I"
ym_must "m1 counts" -- m1 vote count --item "$I"
fresh_rc 0 "verify online while it is being counted (one share of two)" -- \
    insp audit verify --body "$B"
ym_must "m2 counts" -- m2 vote count --item "$I"
expect_rc 0 "the vote is closed" -- insp vote show --item "$I"
expect_eq "3 yes, 1 no, 1 abstain" \
    "$(jget vote.state) $(jget vote.yes) $(jget vote.no) $(jget vote.abstain)" \
    "closed 3 1 1"

echo "# a round voided (R-VOTE-11), then taken again"
ym_start "$Q"
ym_state_all "$Q" agree m1 m2 m3 m4
ym_must "sec states last on Q" -- sec state --item "$Q" --position agree --text 同意
ym_must "a secret vote on Q, scrutineers m3, m4" -- \
    sec vote open --item "$Q" --method secret --scrutineers m3,m4
ym_must "m3 makes its key share" -- m3 vote key --item "$Q"
ym_must "m4 makes its key share" -- m4 vote key --item "$Q"
ym_cast_all "$Q" no sec m1
ym_must "the chair voids it" -- sec vote void --item "$Q" --reason 监票人缺席
fresh_rc 0 "verify online with a void round" -- insp audit verify --body "$B"
ym_must "the vote on Q again, scrutineers m1, m2" -- \
    sec vote open --item "$Q" --method secret --scrutineers m1,m2
ym_must "m1 makes its key share" -- m1 vote key --item "$Q"
ym_must "m2 makes its key share" -- m2 vote key --item "$Q"
ym_cast_all "$Q" no sec m1 m2 m3 m4
ym_must "the chair closes the ballots on Q" -- sec vote close --item "$Q"
ym_must "m1 counts Q" -- m1 vote count --item "$Q"
ym_must "m2 counts Q" -- m2 vote count --item "$Q"
expect_rc 0 "the vote on Q is closed" -- insp vote show --item "$Q"
expect_eq "0 yes, 5 no" "$(jget vote.state) $(jget vote.yes) $(jget vote.no)" \
    "closed 0 5"

echo "# verified online and from a bundle with the server stopped"
fresh_rc 0 "audit verify online" -- insp audit verify --body "$B"
expect_eq "three secret rounds re-checked" "$(jget verified.record.secret_rounds)" 3
expect_eq "their 12 ballots' proofs checked (2 of the void round)" \
    "$(jget verified.record.secret_ballots_checked)" 12
FP=$(jget verified.server_key)
WORDS=$(XDG_STATE_HOME=$T/fresh0 yi insp audit verify --body "$B" 2>&1)
case $WORDS in
*"无记名表决 3 轮按审计链重新核对"*"选票 12 张"*) ok "the report says so in words" ;;
*) not_ok "the report in words: $WORDS" ;;
esac
expect_rc 0 "the trail, for finding its entries" -- insp audit log --body "$B"
printf '%s' "$OUT" >"$T/log.json"
expect_rc 0 "export a bundle" -- insp audit export --body "$B" --out "$T/good.bundle"
yi_stop || not_ok "the daemon stops"
fresh_rc 0 "the bundle verifies offline, the key pinned" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem" --server-key "$FP"
expect_eq "offline: three secret rounds" "$(jget verified.record.secret_rounds)" 3
fresh_rc 0 "and with the CA alone" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem"

# seq_of ACTION [MEMBER]: the seq of the entry of ACTION (by MEMBER) on I.
seq_of() {
	python3 - "$T/log.json" "$I" "$1" "${2:-}" <<'EOF'
import json, sys
log, item, action, member = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
for e in json.load(open(log))["entries"]:
    p = json.loads(e["payload"])
    if e["action"] == action and p.get("item") == item and \
            (not member or p.get("member") == member):
        print(e["seq"])
        break
EOF
}

# alter NAME SEQ FIELD OFFSET|figures [resign|keep]: a copy of the bundle
# with entry SEQ's hex FIELD altered at byte OFFSET (its low nibble), or
# with the close's figures changed (FIELD "figures"), re-signed with the
# member's key (resign), or with the member's signature left as it was
# (keep); then re-vouched, re-chained and re-headed by bforge.
alter() {
	local name=$1 seq=$2 field=$3 off=$4 how=${5:-resign} signer
	"$BFORGE" show "$T/good.bundle" "$seq" >"$T/$name.orig" ||
	    { not_ok "$name: bforge show"; return 1; }
	python3 - "$T/$name.orig" "$field" "$off" "$T/$name.payload" \
	    "$T/$name.signed" <<'EOF'
import hashlib, json, re, sys
orig, field, off, pout, sout = sys.argv[1:6]
e = json.load(open(orig))
payload, signed = e["payload"], e["signed"]
if field == "none":
    new = payload
elif field == "figures":
    # 3 yes, 1 no -> 2 yes, 2 no: the totals still add up
    assert '"yes":3' in payload and '"no":1' in payload, payload
    new = payload.replace('"yes":3', '"yes":2').replace('"no":1', '"no":2')
else:
    old = json.loads(payload)[field]
    i = 2 * int(off) + 1
    h = list(old)
    h[i] = '1' if h[i] == '0' else '0'
    newhex = "".join(h)
    new = payload.replace(old, newhex)
    if signed:
        d_old = hashlib.sha256(bytes.fromhex(old)).hexdigest()
        d_new = hashlib.sha256(bytes.fromhex(newhex)).hexdigest()
        assert ("digest=64:" + d_old) in signed
        signed = signed.replace("digest=64:" + d_old, "digest=64:" + d_new)
assert new != payload or field == "none"
open(pout, "w").write(new)
open(sout, "w").write(signed)
EOF
	[ $? -eq 0 ] || { not_ok "$name: the alteration"; return 1; }
	signer=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signer"])' "$T/$name.orig")
	if [ -n "$signer" ] && [ "$how" = resign ]; then
		"$BFORGE" edit "$T/good.bundle" "$T/$name.bundle" "$T/ca.pem" \
		    "$INST/checkpoint.key" "$seq" "$T/$name.payload" \
		    "$T/$name.signed" "$INST/identities/$signer/key.pem"
	else
		"$BFORGE" edit "$T/good.bundle" "$T/$name.bundle" "$T/ca.pem" \
		    "$INST/checkpoint.key" "$seq" "$T/$name.payload"
	fi || { not_ok "$name: bforge edit"; return 1; }
}

# refused NAME SEQ TEXT: the altered bundle fails offline, exit 6, naming
# entry SEQ, its message (--lang en) holding TEXT.
refused() {
	fresh_rc 6 "$1: refused offline" -- insp --lang en audit verify \
	    --bundle "$T/$1.bundle" --ca "$T/ca.pem" --server-key "$FP"
	expect_eq "$1: naming entry $2" "$(jget error.seq)" "$2"
	expect_msg "$1: $3" "$3"
}

OPT=194	# bytes of one option in a ballot: A, B, c0, s0, c1, s1
C3=$(seq_of vote.cast m3)
C1=$(seq_of vote.cast m1)
K1=$(seq_of vote.key m1)
D1=$(seq_of vote.decrypt m1)
D2=$(seq_of vote.decrypt m2)
CL=$(seq_of vote.close)
expect_eq "the round's entries are found" \
    "$([ -n "$C3" ] && [ -n "$C1" ] && [ -n "$K1" ] && [ -n "$D1" ] && [ -n "$D2" ] && [ -n "$CL" ] && echo yes)" yes

echo "# the forger's tools alone: m3's ballot re-signed, re-vouched, re-chained"
alter same "$C3" none 0
fresh_rc 0 "a bundle re-made with nothing altered verifies: only content fails" -- \
    insp audit verify --bundle "$T/same.bundle" --ca "$T/ca.pem" --server-key "$FP"
expect_eq "its signature was made anew" \
    "$(cmp -s "$T/same.bundle" "$T/good.bundle" && echo same || echo remade)" remade

echo "# a byte of m3's ciphertext (option no's B), re-signed by m3"
alter cipher "$C3" ballot $((2 + OPT + 33 + 5))
refused cipher "$C3" "entry $C3: the proof of m3's secret ballot does not hold"
fresh_rc 6 "cipher: in Chinese by default" -- insp audit verify \
    --bundle "$T/cipher.bundle" --ca "$T/ca.pem" --server-key "$FP"
expect_msg "cipher: 无记名选票的证明不成立" "第 $C3 条记录：m3 的无记名选票的证明不成立"

echo "# a scalar of m1's ballot proof (the sum proof's s), re-signed by m1"
alter scalar "$C1" ballot $((2 + 3 * OPT + 32 + 3))
refused scalar "$C1" "entry $C1: the proof of m1's secret ballot does not hold"

echo "# a scalar of m1's key share proof, re-signed by m1"
alter kshare "$K1" share $((1 + 33 + 32 + 7))
refused kshare "$K1" "entry $K1: the proof of the scrutineer m1's key share does not hold"

echo "# a byte of m2's decryption share (D for no), re-signed by m2"
alter dshare "$D2" dshare $((2 + 33 + 4))
refused dshare "$D2" "entry $D2: the proof of the scrutineer m2's decryption share does not hold"

echo "# the close says 2 yes, 2 no"
alter figures "$CL" figures 0
refused figures "$CL" "entry $CL: it records 2 yes, 2 no, 1 abstain, but the 5 ballots decrypt to 3 yes, 1 no, 1 abstain"

echo "# a ballot byte, m3's signature left as it was"
alter unsigned "$C3" ballot $((2 + 5)) keep
refused unsigned "$C3" "entry $C3: the payload says digest is"

echo "# untouched, after all that"
fresh_rc 0 "the untouched bundle still verifies offline" -- \
    insp audit verify --bundle "$T/good.bundle" --ca "$T/ca.pem" --server-key "$FP"

echo "# the record's rows against the trail: a superuser swaps m1's decryption share"
yi_start
yi_sql "CREATE TABLE saved_sc AS SELECT * FROM vote_scrutineers WHERE body_id = $B AND item_id = $I" >/dev/null
yi_sql "UPDATE vote_scrutineers SET dshare = (SELECT dshare FROM saved_sc WHERE member = 'm2') WHERE body_id = $B AND item_id = $I AND member = 'm1'" >/dev/null
expect_eq "m1's row now holds m2's share" \
    "$(yi_sql "SELECT count(*) FROM vote_scrutineers v JOIN saved_sc s USING (body_id, item_id) WHERE v.body_id = $B AND v.item_id = $I AND v.member = 'm1' AND s.member = 'm2' AND v.dshare = s.dshare")" 1
yi_stop || not_ok "the daemon stops"
yi_start
fresh_rc 6 "verify online fails" -- insp --lang en audit verify --body "$B"
expect_eq "naming m1's decryption share entry" "$(jget error.seq)" "$D1"
expect_msg "saying the record differs" "the record has another decryption share of m1 on item $I"
yi_sql "UPDATE vote_scrutineers v SET dshare = s.dshare FROM saved_sc s WHERE v.body_id = s.body_id AND v.item_id = s.item_id AND v.member = s.member; DROP TABLE saved_sc" >/dev/null

echo "# ... and puts m1's key share in the place of the vote's key"
yi_sql "CREATE TABLE saved_v AS SELECT key FROM votes WHERE body_id = $B AND item_id = $I;
    UPDATE votes SET key = (SELECT substring(share from 2 for 33) FROM vote_scrutineers WHERE body_id = $B AND item_id = $I AND member = 'm1') WHERE body_id = $B AND item_id = $I" >/dev/null
yi_stop || not_ok "the daemon stops"
yi_start
fresh_rc 6 "verify online fails" -- insp --lang en audit verify --body "$B"
expect_eq "naming the entry that made the key (m2's share)" "$(jget error.seq)" "$(seq_of vote.key m2)"
expect_msg "saying the record has another key" "the record has another key of the vote on item $I"
yi_sql "UPDATE votes SET key = (SELECT key FROM saved_v) WHERE body_id = $B AND item_id = $I; DROP TABLE saved_v" >/dev/null

echo "# ... and swaps m1's and m3's encrypted ballots (the tally unchanged)"
yi_sql "CREATE TABLE saved_b AS SELECT member, ballot FROM ballots WHERE body_id = $B AND item_id = $I AND member IN ('m1', 'm3');
    UPDATE ballots b SET ballot = s.ballot FROM saved_b s WHERE b.body_id = $B AND b.item_id = $I AND b.member IN ('m1', 'm3') AND s.member <> b.member" >/dev/null
expect_eq "the two rows are swapped" \
    "$(yi_sql "SELECT count(*) FROM ballots b JOIN saved_b s ON s.member <> b.member AND s.ballot = b.ballot WHERE b.body_id = $B AND b.item_id = $I")" 2
yi_stop || not_ok "the daemon stops"
yi_start
fresh_rc 6 "verify online fails" -- insp --lang en audit verify --body "$B"
expect_eq "naming m1's ballot entry" "$(jget error.seq)" "$C1"
expect_msg "saying the record has another ballot" "the record has another encrypted ballot of m1 on item $I than the trail"
yi_sql "UPDATE ballots b SET ballot = s.ballot FROM saved_b s WHERE b.body_id = $B AND b.item_id = $I AND b.member = s.member; DROP TABLE saved_b" >/dev/null
yi_stop || not_ok "the daemon stops"
yi_start
fresh_rc 0 "and the trail online, the row put back" -- insp audit verify --body "$B"
expect_eq "its rounds re-checked" "$(jget verified.record.secret_rounds)" 3
