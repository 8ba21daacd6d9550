#!/usr/bin/env bash
# test_secret_ballot.sh: an encrypted secret ballot (docs/ballot.md) as
# members live it, through the real CLI against the real daemon: a
# personnel item of a party group of 7 seats with 5 present, decided by
# secret ballot with two scrutineers. The chair opens it naming them; one
# scrutineer's `yishi watch` makes its key share by itself, the other runs
# `vote key`; 4 yes / 1 no are cast (the secretary first), encrypted by
# each member's client; the close is refused while a present member has not
# voted (R-VOTE-9); the scrutineers count (one by `vote count`, the other's
# watch by itself) and the result is 4 / 1, passed. Refused along the way: a
# ballot before the key is complete, a non-scrutineer's key and count, a
# ballot cast twice, one scrutineer. Then a round that cannot be counted
# (a scrutineer's secret deleted): `vote count` is refused (R-VOTE-11), the
# chair voids it with a reason, and the vote is taken again with other
# scrutineers and decided (vote close --wait).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

SDIR=$XDG_STATE_HOME/yishi/scrutineer

# secret_file NAME ITEM: the secret file of NAME for ITEM's current round
# (empty when there is none).
secret_file() {
	ls "$SDIR"/*-"$2"-*-"$1".key 2>/dev/null | head -n 1
}

# wait_for WHAT CMD...: runs CMD every 0.2 s for up to 20 s until it
# succeeds; a check.
wait_for() {
	local what=$1 i
	shift
	for i in $(seq 1 100); do
		if "$@"; then
			ok "$what"
			return 0
		fi
		sleep 0.2
	done
	not_ok "$what (not within 20 s)"
	return 1
}

# key_published NAME ITEM: NAME's key share of ITEM is published.
key_published() {
	yj sec vote show --item "$2" >/dev/null
	[ "$(printf '%s' "$OUT" | python3 -c '
import json, sys
v = json.load(sys.stdin)["vote"]
print([s["key_published"] for s in v["scrutineers"] if s["member"] == sys.argv[1]])' "$1")" = "[True]" ]
}

# vote_state ITEM STATE: ITEM's vote is in STATE.
vote_state() {
	yj sec vote show --item "$1" >/dev/null
	[ "$(jget vote.state)" = "$2" ]
}

ym_meeting party_group 7 "sec m1 m2 m3 m4" personnel personnel personnel personnel
P=${ITEMS[0]}
Q=${ITEMS[1]}
S=${ITEMS[2]}
R=${ITEMS[3]}

# m1, a scrutineer-to-be, follows the meeting: its client acts by itself.
"$YISHI" --identity "$INST/identities/m1" --timeout 20 watch --meeting "$M" \
    >"$T/watch.m1" 2>"$T/watch.m1.err" &
WPID=$!
wait_for "m1's watch is running" grep -q 正在关注 "$T/watch.m1"

ym_start "$P"
ym_state_all "$P" agree m1 m2 m3 m4
ym_must "sec states last" -- sec state --item "$P" --position agree --text 同意

echo "# opening: R-VOTE-10 and the scrutineers' key"
expect_rule R-VOTE-10 "one scrutineer is not enough" -- \
    sec vote open --item "$P" --method secret --scrutineers m1
expect_rc 2 "--scrutineers on an open method is a usage error" -- \
    sec vote open --item "$P" --method roll_call --scrutineers m1,m2
OPEN=$(yi sec vote open --item "$P" --method secret --scrutineers m1,m2 2>&1)
expect_eq "the chair opens the secret vote with scrutineers m1, m2" "$?" 0
case $OPEN in
*等待监票人*委员2*生成计票密钥*) ok "the chair is told whom the key waits for: $(echo "$OPEN" | tail -n 1)" ;;
*) not_ok "the open names the scrutineers awaited: $OPEN" ;;
esac

yj m3 vote cast --item "$P" --choice yes
if [ "$RC" -eq 3 ] && [[ $(jget error.message) == *监票人尚未全部生成密钥* ]]; then
	ok "a ballot before every scrutineer made the key is refused (exit 3, 监票人尚未全部生成密钥)"
else
	not_ok "a ballot before the key: want exit 3 and 监票人尚未全部生成密钥, got $RC: $OUT"
fi

wait_for "m1's watch made m1's key share by itself" key_published m1 "$P"
wait_for "m1's watch said so" grep -q "监票人：已生成计票密钥" "$T/watch.m1"
expect_rule R-VOTE-10 "a non-scrutineer's vote key is refused" -- m3 vote key --item "$P"
expect_eq "and m3 keeps no secret" "$(secret_file m3 "$P")" ""

expect_rc 0 "m2 makes its key share (vote key)" -- m2 vote key --item "$P"
expect_eq "vote key: published" "$(jget scrutineer)" key_published
expect_eq "the key is complete: the vote is open" "$(jget vote.state)" open
F2=$(secret_file m2 "$P")
expect_eq "m2's secret is kept in its state folder" "$([ -s "$F2" ] && echo yes)" yes
expect_eq "mode 0600" "$(stat -c %a "$F2" 2>/dev/null)" 600
expect_eq "its folder mode 0700" "$(stat -c %a "$SDIR")" 700
SUM=$(sha256sum "$F2")
expect_rc 0 "vote key again" -- m2 vote key --item "$P"
expect_eq "says the key share was already made" "$(jget scrutineer)" key_already
expect_eq "and leaves the secret alone" "$(sha256sum "$F2")" "$SUM"
KEYAGAIN=$(yi m2 vote key --item "$P" 2>&1)
case $KEYAGAIN in
*已生成过本轮的计票密钥*) ok "in words: 已生成过本轮的计票密钥" ;;
*) not_ok "vote key again in words: $KEYAGAIN" ;;
esac

echo "# vote show --json while voting"
expect_rc 0 "vote show" -- insp vote show --item "$P"
expect_eq "method" "$(jget vote.method)" secret
expect_eq "state" "$(jget vote.state)" open
expect_eq "key ready" "$(jget vote.key_ready)" true
expect_eq "scrutineers" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(",".join(s["member"] + ":" + str(s["key_published"]) + ":" + str(s["count_published"]) for s in json.load(sys.stdin)["vote"]["scrutineers"]))')" \
    "m1:True:False,m2:True:False"
expect_eq "no ballot cast yet" "$(jget vote.cast)" 0
expect_eq "no counts while voting" "$(jget vote.yes)" ""
ROUND=$(jget vote.round)
expect_eq "the round is named" "$([ "${ROUND:-0}" -gt 0 ] && echo yes)" yes
SHOW=$(yi insp vote show --item "$P")
case $SHOW in
*投票中*监票人*已生成密钥*已投票\ 0\ 人*) ok "vote show in words: 投票中, the scrutineers, ballots cast" ;;
*) not_ok "vote show in words: $SHOW" ;;
esac
case $SHOW in
*赞成*) not_ok "vote show gives no counts while voting: $SHOW" ;;
*) ok "vote show gives no counts while voting" ;;
esac

echo "# casting"
CAST=$(yi sec vote cast --item "$P" --choice yes 2>&1)
expect_eq "the secretary (一把手) may cast first" "$?" 0
expect_eq "in words: 已投票（无记名）" "$CAST" "已投票（无记名）"
ym_cast_all "$P" yes m1 m2
expect_rc 0 "m3 votes no" -- m3 vote cast --item "$P" --choice no
yj m3 vote cast --item "$P" --choice yes
if [ "$RC" -ne 0 ] && [ -n "$(jget error.code)" ]; then
	ok "a ballot cast twice is refused (exit $RC, $(jget error.code))"
else
	not_ok "a ballot cast twice: want a refusal, got $RC: $OUT"
fi
J=$(ls "$XDG_STATE_HOME"/yishi/journal/* 2>/dev/null | xargs grep -l secret_ballot | head -n 1)
expect_eq "the ballot's signature is in the voter's journal (action secret_ballot)" \
    "$([ -n "$J" ] && echo yes)" yes
expect_eq "the journal names no choice" \
    "$(grep secret_ballot "$XDG_STATE_HOME"/yishi/journal/* | grep -cwE 'yes|no|abstain')" 0

echo "# closing: R-VOTE-9, then the count"
expect_rule R-VOTE-9 "the close is refused while m4, present, has not voted" -- \
    sec vote close --item "$P"
expect_missing "the refusal names who has not voted" 委员4
expect_rc 0 "m4 votes yes" -- m4 vote cast --item "$P" --choice yes
expect_rc 0 "the chair closes the ballots" -- sec vote close --item "$P"
expect_eq "the close waits for the scrutineers to count" "$(jget vote.state)" counting
expect_rule R-VOTE-10 "a non-scrutineer's vote count is refused" -- m3 vote count --item "$P"
expect_rc 0 "m2 counts (vote count)" -- m2 vote count --item "$P"
expect_eq "vote count: published" "$(jget scrutineer)" count_published
wait_for "m1's watch counted by itself: the vote is closed" vote_state "$P" closed
wait_for "m1's watch said so" grep -q "监票人：已提交计票份额" "$T/watch.m1"
expect_rc 0 "vote show once closed" -- insp vote show --item "$P"
expect_eq "outcome" "$(jget vote.outcome)" passed
expect_eq "yes" "$(jget vote.yes)" 4
expect_eq "no" "$(jget vote.no)" 1
expect_eq "abstain" "$(jget vote.abstain)" 0
expect_eq "ballots cast" "$(jget vote.cast)" 5
expect_eq "both scrutineers counted" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
print([s["count_published"] for s in json.load(sys.stdin)["vote"]["scrutineers"]])')" "[True, True]"
wait_for "m1's secret is deleted once the round is closed" \
    test -z "$(secret_file m1 "$P")"
expect_rc 0 "m2 looks at the vote" -- m2 vote show --item "$P"
expect_eq "m2's secret is deleted once it sees the round closed" "$(secret_file m2 "$P")" ""
# What each signed (a ballot, a key share, a count share) is in their own
# journal and matches the trail (audit self: exit 6 on any mismatch).
expect_rc 0 "m3's own record holds: its encrypted ballot (audit self)" -- \
    m3 audit self --body "$B"
expect_rc 0 "m2's own record holds: its ballot, key and count shares (audit self)" -- \
    m2 audit self --body "$B"
M2CERT=$(openssl x509 -in "$INST/identities/m2/cert.pem" -outform DER |
    sha256sum | cut -c1-32)
for a in secret_ballot scrutineer_key scrutineer_decrypt; do
	expect_eq "m2's journal holds its $a signature" \
	    "$(awk -F'\t' -v a=$a '$4 == a' "$XDG_STATE_HOME"/yishi/journal/*-"$M2CERT" | wc -l)" 1
done

echo "# a round that cannot be counted: void and retake (R-VOTE-11)"
ym_secret_keyed "$Q" m3,m4 m1 m2 m3 m4
R1=$(jget vote.round)
ym_cast_all "$Q" yes sec m1 m2 m3 m4
expect_rc 0 "the chair closes the ballots on Q" -- sec vote close --item "$Q"
rm -f "$(secret_file m4 "$Q")"
expect_rule R-VOTE-11 "m4 lost its secret: its vote count is refused" -- m4 vote count --item "$Q"
expect_rc 0 "m3 counts its part" -- m3 vote count --item "$Q"
expect_eq "the round still waits for m4" "$(jget vote.state)" counting
expect_rc 0 "the chair voids the round with a reason" -- \
    sec vote void --item "$Q" --reason "监票人委员4的计票密钥丢失"
expect_rc 0 "vote show of the void round" -- insp vote show --item "$Q"
expect_eq "state void" "$(jget vote.state)" void
expect_eq "the reason" "$(jget vote.void_reason)" "监票人委员4的计票密钥丢失"
expect_eq "nothing counted" "$(jget vote.yes)" ""
VOIDED=$(yi insp vote show --item "$Q")
case $VOIDED in
*已作废*监票人委员4的计票密钥丢失*) ok "in words: 已作废 with its reason" ;;
*) not_ok "the void round in words: $VOIDED" ;;
esac
expect_rc 0 "m3 looks at the vote" -- m3 vote show --item "$Q"
expect_eq "m3's secret of the void round is deleted" "$(secret_file m3 "$Q")" ""

expect_rc 0 "the vote on Q is opened again, scrutineers m1, m2" -- \
    sec vote open --item "$Q" --method secret --scrutineers m1,m2
expect_rc 0 "m2 makes its key share" -- m2 vote key --item "$Q"
wait_for "m1's watch made its key share for the new round" key_published m1 "$Q"
expect_rc 0 "vote show of the new round" -- insp vote show --item "$Q"
R2=$(jget vote.round)
expect_eq "a new round" "$([ "${R2:-0}" -gt "${R1:-0}" ] && echo yes)" yes
ym_cast_all "$Q" yes sec m1 m2 m3
expect_rc 0 "m4 abstains" -- m4 vote cast --item "$Q" --choice abstain
"$YISHI" --identity "$INST/identities/sec" --timeout 20 --json vote close \
    --item "$Q" --wait >"$T/close.out" 2>"$T/close.err" &
CPID=$!
wait_for "the ballots on Q are closed" vote_state "$Q" counting
expect_rc 0 "m2 counts" -- m2 vote count --item "$Q"
wait_for "vote close --wait returns once counted" \
    sh -c "! kill -0 $CPID 2>/dev/null"
wait "$CPID"
expect_eq "vote close --wait exits 0" "$?" 0
OUT=$(cat "$T/close.out")
expect_eq "the result: passed" "$(jget result.outcome)" passed
expect_eq "yes 4" "$(jget result.yes)" 4
expect_eq "abstain 1" "$(jget result.abstain)" 1
expect_eq "no 0" "$(jget result.no)" 0

kill "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
if grep -q "未能完成" "$T/watch.m1.err"; then
	not_ok "m1's watch acted without failing: $(cat "$T/watch.m1.err")"
else
	ok "m1's watch acted without failing"
fi

echo "# the chair is a scrutineer: its client keys at open and counts at close"
ym_start "$S"
ym_state_all "$S" agree m1 m2 m3 m4
ym_must "sec states last on S" -- sec state --item "$S" --position agree --text 同意
OPEN=$(yi sec vote open --item "$S" --method secret --scrutineers sec,m3 2>&1)
expect_eq "the chair opens S with scrutineers sec, m3" "$?" 0
case $OPEN in
*监票人：已生成计票密钥*等待监票人\ 委员3\ 生成计票密钥*) ok "the chair's client made its key share at once and says whom the key waits for" ;;
*) not_ok "vote open by a scrutineer chair: $OPEN" ;;
esac
expect_eq "sec's secret is kept" "$([ -s "$(secret_file sec "$S")" ] && echo yes)" yes
expect_rc 0 "m3 makes its key share" -- m3 vote key --item "$S"
ym_cast_all "$S" no sec m1
ym_cast_all "$S" yes m2 m3 m4
CLOSE=$(yi sec vote close --item "$S" 2>&1)
expect_eq "the chair closes S" "$?" 0
case $CLOSE in
*监票人：已提交计票份额*等待监票人\ 委员3\ 计票*) ok "the chair's client counted at once and says whom the count waits for" ;;
*) not_ok "vote close by a scrutineer chair: $CLOSE" ;;
esac
# The superuser swaps two voters' ballots: each one's proofs name its
# voter, so the scrutineer's client refuses to count (exit 6).
SWAP="UPDATE ballots b SET ballot = o.ballot FROM ballots o
    WHERE b.item_id = $S AND o.item_id = $S AND b.ballot IS NOT NULL
    AND ((b.member = 'm1' AND o.member = 'm2')
      OR (b.member = 'm2' AND o.member = 'm1')) RETURNING b.member"
expect_eq "the superuser swaps m1's and m2's ballots" \
    "$(yi_sql "$SWAP" | grep -c '^m[12]$')" 2
yj m3 vote count --item "$S"
if [ "$RC" -eq 6 ] && [ "$(jget error.code)" = tampered ] &&
    [[ $(jget error.message) == *已拒绝计票* ]] &&
    [[ $(jget error.kind) == *"ballot of m1"* ]]; then
	ok "m3's client refuses to count ballots that do not hold (exit 6): $(jget error.message) ($(jget error.kind))"
else
	not_ok "a swapped ballot: want exit 6 tampered, got $RC: $OUT $(cat "$T/stderr")"
fi
expect_rc 0 "nothing was counted" -- insp vote show --item "$S"
expect_eq "S still waits for m3" "$(jget vote.state)" counting
expect_eq "the superuser swaps them back" \
    "$(yi_sql "$SWAP" | grep -c '^m[12]$')" 2
expect_rc 0 "m3 counts" -- m3 vote count --item "$S"
expect_eq "S is closed" "$(jget vote.state)" closed
expect_eq "3 yes" "$(jget vote.yes)" 3
expect_eq "2 no" "$(jget vote.no)" 2
expect_eq "m3's secret is deleted with its last count" "$(secret_file m3 "$S")" ""
SHOWN=$(yi sec vote show --item "$S")
case $SHOWN in
*已结束*赞成\ 3*反对\ 2*) ok "vote show once closed, in words: 已结束, the counts" ;;
*) not_ok "vote show once closed: $SHOWN" ;;
esac
expect_eq "sec's secret is deleted once it sees the round closed" "$(secret_file sec "$S")" ""

echo "# a key the scrutineers did not make: the voter's client refuses (exit 6)"
ym_start "$R"
ym_state_all "$R" agree m1 m2 m3 m4
ym_must "sec states last on R" -- sec state --item "$R" --position agree --text 同意
ym_must "secret vote on R with scrutineers m1, m2" -- \
    sec vote open --item "$R" --method secret --scrutineers m1,m2
ym_must "m1 makes its key share" -- m1 vote key --item "$R"
ym_must "m2 makes its key share" -- m2 vote key --item "$R"
# The superuser makes the vote's key m1's share alone (m1, or whoever
# holds m1's secret, could then read every ballot) and restarts the daemon
# so that it serves that key.
KEY=$(yi_sql "SELECT encode(key, 'hex') FROM votes WHERE item_id = $R")
CHANGED=$(yi_sql "UPDATE votes v SET key = substring(s.share from 2 for 33)
    FROM vote_scrutineers s WHERE v.item_id = $R AND s.item_id = $R
    AND s.member = 'm1' RETURNING v.item_id" | head -n 1)
expect_eq "the superuser replaced the key" "$CHANGED" "$R"
yi_stop
expect_eq "yishid stopped cleanly" "$?" 0
yi_start
yj m3 vote cast --item "$R" --choice no
if [ "$RC" -eq 6 ] && [ "$(jget error.code)" = tampered ] &&
    [[ $(jget error.message) == *计票密钥不是监票人生成的* ]]; then
	ok "m3's client refuses to encrypt under it (exit 6, 计票密钥不是监票人生成的)"
else
	not_ok "a made-up key: want exit 6 tampered, got $RC: $OUT $(cat "$T/stderr")"
fi
expect_rc 0 "vote show" -- insp vote show --item "$R"
expect_eq "no ballot was cast" "$(jget vote.cast)" 0
FORGED=$(yi m3 --lang en vote cast --item "$R" --choice no 2>&1)
case $FORGED in
*"counting key the scrutineers did not make"*) ok "in English too" ;;
*) not_ok "the refusal in English: $FORGED" ;;
esac

# The genuine key back, but the scrutineers' signatures swapped: each share
# is no longer signed by its scrutineer.
SIGSWAP="UPDATE vote_scrutineers b SET share_signature = o.share_signature
    FROM vote_scrutineers o WHERE b.item_id = $R AND o.item_id = $R
    AND ((b.member = 'm1' AND o.member = 'm2')
      OR (b.member = 'm2' AND o.member = 'm1')) RETURNING b.member"
yi_sql "UPDATE votes SET key = decode('$KEY', 'hex') WHERE item_id = $R" >/dev/null
expect_eq "the superuser swaps m1's and m2's share signatures" \
    "$(yi_sql "$SIGSWAP" | grep -c '^m[12]$')" 2
yi_stop
expect_eq "yishid stopped cleanly" "$?" 0
yi_start
yj m3 vote cast --item "$R" --choice no
if [ "$RC" -eq 6 ] && [ "$(jget error.code)" = tampered ] &&
    [[ $(jget error.kind) == *"not signed by"* ]]; then
	ok "a share not signed by its scrutineer: the client refuses (exit 6, $(jget error.kind))"
else
	not_ok "swapped share signatures: want exit 6 tampered, got $RC: $OUT $(cat "$T/stderr")"
fi
expect_eq "the superuser swaps them back" \
    "$(yi_sql "$SIGSWAP" | grep -c '^m[12]$')" 2
yi_stop
expect_eq "yishid stopped cleanly" "$?" 0
yi_start
expect_rc 0 "with the genuine key and signatures m3's ballot is cast" -- \
    m3 vote cast --item "$R" --choice no
expect_rc 0 "vote show" -- insp vote show --item "$R"
expect_eq "one ballot cast" "$(jget vote.cast)" 1
