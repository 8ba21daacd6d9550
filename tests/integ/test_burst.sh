#!/usr/bin/env bash
# A plenary's votes in a burst, through the whole fast path: group commit,
# signatures checked on the verifier threads while rounds are decided and
# written two deep, and two daemons on one database racing for the item's
# trail head (a round written on one moves the head under the other's next
# round, which is then decided again). yishi-bench sets up a body of N
# members over mutual TLS and sends every vote within half a second, then,
# on a second item, all at once; the odd members' through a second daemon; every 7th member first sends a vote
# with a broken signature, then their good one. Every good vote must be
# acknowledged and stored once, every forged one refused as permission
# denied and stored nowhere, and the trail and record must verify.
. "$(dirname "$0")/lib.sh"

N=300
yi_init
# The set-up sends N seat adds over one connection.
sed -i -e "s/^rate_limit = .*/rate_limit = 0/" -e "s/^log_level = .*/log_level = debug/" "$INST/yishid.conf"
yi_start
"$YISHID" issue "$INST" --count "$N" --prefix v >>"$T/issue.log" 2>&1 ||
    { cat "$T/issue.log"; not_ok "issue $N identities"; exit 1; }

sed -e 's/^port_file = .*/port_file = yishid-b.port/' \
    -e 's/^pid_file = .*/pid_file = yishid-b.pid/' \
    "$INST/yishid.conf" >"$INST/yishid-b.conf"
"$YISHID" -c "$INST/yishid-b.conf" >>"$T/daemon-b.log" 2>&1 &
PID_B=$!
for _ in $(seq 1 200); do [ -s "$INST/yishid-b.port" ] && break; sleep 0.1; done
SERVER_B=127.0.0.1:$(cat "$INST/yishid-b.port")
for _ in $(seq 1 100); do
	YISHI_SERVER=$SERVER_B yi admin whoami >/dev/null 2>&1 && break
	sleep 0.1
done

rc=0
"$BENCH" plenary --dir "$INST" --server "$YISHI_SERVER" \
    --server2 "$SERVER_B" --count "$N" --forge 7 --burst 0.5 \
    >"$T/bench.out" 2>&1 || rc=$?
sed 's/^/# /' "$T/bench.out"
expect_eq "the burst ends with every good vote stored and every forged one refused" "$rc" 0

forged=$(( (N - 1) / 7 ))
expect_eq "the bench counted the same" \
    "$(grep -c "^votes: $N acked of $N, $forged refused, lost (stored - acked) 0;" "$T/bench.out")" 1
expect_eq "each forged vote refused as permission denied" \
    "$(grep -c "^forged: $forged votes with a broken signature, $forged refused as permission denied" "$T/bench.out")" 1
expect_eq "and for the votes sent all at once" \
    "$(grep -c "^saturation: $((N + forged)) votes sent at once, $N acked, lost 0," "$T/bench.out")" 1
B=$(yi_sql "SELECT id FROM bodies WHERE id > 0")
for I in $(yi_sql "SELECT item_id FROM votes WHERE body_id = $B ORDER BY 1"); do
	expect_eq "item $I: one ballot per member" \
	    "$(yi_sql "SELECT count(*) || ':' || count(DISTINCT member) FROM ballots WHERE item_id = $I")" "$N:$N"
	expect_eq "item $I: one trail entry per good vote, none for a forged one" \
	    "$(yi_sql "SELECT count(*) || ':' || count(DISTINCT actor) FROM trail WHERE body_id = $B AND action = 'vote.cast' AND payload::json->>'item' = '$I'")" "$N:$N"
done
# Each stored vote's signature is the one its member made over its bytes:
# audit verify below checks every signature against its certificate.
expect_eq "the seq of the trail has no gap" \
    "$(yi_sql "SELECT count(*) = max(seq) FROM trail WHERE body_id = $B")" t
expect_rc 0 "the trail and the record verify" -- v1 audit verify --body "$B"
YISHI_SERVER=$SERVER_B expect_rc 0 "and through the second daemon" -- v1 audit verify --body "$B"

# How hard the two daemons raced (each lost race is decided again, after
# a random pause once a group has lost twice in a row).
echo "# writes that found the head moved: $(cat "$T/daemon.log" "$T/daemon-b.log" |
    grep -c "database: trail head of body .* moved\|decided again after a failed write"), pauses: $(cat "$T/daemon.log" "$T/daemon-b.log" | grep -c "next round in")"
kill -TERM $PID_B
wait $PID_B && ok "daemon B exits 0" || not_ok "daemon B exit status"
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$T/daemon-b.log"; then
	not_ok "daemon B ran clean under the sanitizers"
fi
