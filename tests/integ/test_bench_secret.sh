#!/usr/bin/env bash
# scripts/bench plenary --secret, small: yishi-bench opens a secret vote on
# a personnel item of a body of N members with two scrutineers whose
# clients make the key, casts every member's encrypted, signed ballot at
# once, closes, has both scrutineers count from the stored ballots, and
# exits 0 only when every ballot was acknowledged, stored as cast and the
# decrypted result is what was cast. Checked here again from the database
# and the trail: one ciphertext per member and no choice stored, the
# totals of the cast pattern (bench/secret.c: 7 in 10 yes, 2 no, 1
# abstain, by member number), the key and decryption shares, and the
# ceiling figures printed.
. "$(dirname "$0")/lib.sh"

N=40
yi_init
sed -i -e "s/^rate_limit = .*/rate_limit = 0/" "$INST/yishid.conf"
yi_start
"$YISHID" issue "$INST" --count "$N" --prefix v >>"$T/issue.log" 2>&1 ||
    { cat "$T/issue.log"; not_ok "issue $N identities"; exit 1; }

rc=0
"$BENCH" plenary --secret --dir "$INST" --server "$YISHI_SERVER" \
    --count "$N" --ceil-ecdsa 10000 >"$T/bench.out" 2>&1 || rc=$?
sed 's/^/# /' "$T/bench.out"
expect_eq "every ballot acknowledged, stored as cast and counted" "$rc" 0
expect_eq "the bench says so" \
    "$(grep -c "^ballots: $N acked of $N, 0 refused;" "$T/bench.out")" 1

# The cast pattern: member vK (K from 1) chose by (K-1) mod 10.
yes=0 no=0 abstain=0
for k in $(seq 0 $((N - 1))); do
	r=$((k % 10))
	if [ $r -lt 7 ]; then yes=$((yes + 1))
	elif [ $r -lt 9 ]; then no=$((no + 1))
	else abstain=$((abstain + 1)); fi
done
B=$(yi_sql "SELECT id FROM bodies WHERE id > 0")
I=$(yi_sql "SELECT item_id FROM votes WHERE body_id = $B AND method = 'secret'")
expect_eq "the secret vote closed with the totals cast" \
    "$(yi_sql "SELECT state || ':' || yes || ':' || no || ':' || abstain FROM votes WHERE body_id = $B AND item_id = $I")" \
    "closed:$yes:$no:$abstain"
expect_eq "one ciphertext per member, no choice stored" \
    "$(yi_sql "SELECT count(*) || ':' || count(DISTINCT member) || ':' || count(*) FILTER (WHERE length(ballot) > 0 AND coalesce(choice, '') = '') FROM ballots WHERE body_id = $B AND item_id = $I")" \
    "$N:$N:$N"
expect_eq "the trail has every ballot, both key shares and both decryption shares" \
    "$(yi_sql "SELECT string_agg(action || '=' || n, ',' ORDER BY action) FROM (SELECT action, count(*) AS n FROM trail WHERE body_id = $B AND action IN ('vote.cast', 'vote.key', 'vote.decrypt') GROUP BY action) x")" \
    "vote.cast=$N,vote.decrypt=2,vote.key=2"
expect_eq "the ceiling and the ratio are printed" \
    "$(grep -cE "^ceiling: one core's EC_POINT_mul \(P-256, variable base\) [0-9]+/s / 14 multiplications a ballot check = [0-9]+ ballots/s; ratio [0-9.]+" "$T/bench.out")" 1
expect_eq "and the JSON line says the count was right" \
    "$(grep -c "^{\"voters\":$N,\"secret\":true,\"acked\":$N,\"refused\":0,.*\"counted\":true}$" "$T/bench.out")" 1
