#!/usr/bin/env bash
# kill -9 of yishid in the middle of a burst of votes, then `yishid run`
# again: every acknowledged vote is stored (DESIGN.md: "An acknowledged vote
# is never lost, whatever crashes afterwards"), nothing is stored that was
# never sent, each stored ballot is whole (its trail entry and its counter),
# and the vote goes on after the restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"
FAULTCLI=${FAULTCLI:-$(dirname "$YISHI")/../tests/integ/faultcli}

N=${CRASH_SEATS:-120}		# voting seats: sec and m1..m(N-1)
HELD=5				# members kept out of the burst
KILL_AT=${CRASH_KILL_AT:-30}	# acknowledgements before the kill

yi_setup
ym_plenary "$N" || exit 1
ym_schedule || exit 1
ym_item ordinary || exit 1
ym_notify || exit 1

# shellcheck disable=SC2086
fc burst -o checkin -m "$M" -j 1 sec $MEMBERS >"$T/checkin.out"
ym_burst_ok checkin "$T/checkin.out"
ym_open || exit 1
ym_start "$I" || exit 1
# shellcheck disable=SC2086
fc burst -o state -b "$B" -m "$M" -i "$I" -j 1 $MEMBERS >"$T/state.out"
ym_burst_ok statements "$T/state.out"
ym_state_all "$I" agree sec || exit 1
expect_rc 0 "a roll-call vote opens on $N seats" -- sec vote open --item "$I" --method roll_call

# The burst: all but the last HELD members vote at once, each on its own
# connection, spread over a second; the KILL_AT-th acknowledgement kills
# the daemon (SIGKILL, sent by the burst tool right after printing it).
SENT=$(seq 1 $((N - 1 - HELD)) | sed 's/^/m/' | tr '\n' ' ')
NOTSENT=$(seq $((N - HELD)) $((N - 1)) | sed 's/^/m/' | tr '\n' ' ')
# shellcheck disable=SC2086
fc burst -o cast -c yes -b "$B" -m "$M" -i "$I" -p 1500 -t 10 \
    -K "$DAEMON_PID" -N "$KILL_AT" $SENT >"$T/burst.out" 2>"$T/burst.err"
wait "$DAEMON_PID" 2>/dev/null
DRC=$?
DAEMON_PID=
expect_eq "yishid died of SIGKILL during the burst" "$DRC" 137
grep ' ok$' "$T/burst.out" | cut -d' ' -f1 | sort >"$T/acked"
grep -v ' ok$' "$T/burst.out" | cut -d' ' -f1 | sort >"$T/unacked"
ACKED=$(wc -l <"$T/acked")
UNACKED=$(wc -l <"$T/unacked")
NSENT=$(echo $SENT | wc -w)
expect_eq "every burst vote got an answer or an error" "$((ACKED + UNACKED))" "$NSENT"
[ "$ACKED" -ge "$KILL_AT" ] && [ "$UNACKED" -gt 0 ] &&
    ok "the kill came mid-burst: $ACKED acknowledged, $UNACKED not ($NSENT sent)" ||
    not_ok "the kill was not mid-burst: $ACKED acknowledged, $UNACKED not"
# What the unacknowledged got: transport errors, or unavailable.
BADERR=$(grep -v " ok$" "$T/burst.out" | grep -vE " error (unavailable|timeout|tls)$| status STATUS_UNAVAILABLE" | tee "$T/baderr" | wc -l)
expect_eq "the unacknowledged votes failed as unavailable (no other answers): $(head -3 "$T/baderr" | tr "\n" " ")" "$BADERR" 0

# Restart on the same database (the private PostgreSQL is still running).
yi_start
ok "yishid run again after kill -9: it answers"
yi_sql "select member from ballots where item_id = $I" | sort >"$T/stored"
STORED=$(wc -l <"$T/stored")
LOST=$(comm -23 "$T/acked" "$T/stored" | wc -l)
printf '%s\n' $SENT | sort >"$T/sent"
NEVER=$(comm -23 "$T/stored" "$T/sent" | wc -l)
echo "# sent $NSENT, acknowledged $ACKED, stored $STORED, lost $LOST, stored but never sent $NEVER"
expect_eq "lost acknowledged votes (acked $ACKED, stored $STORED)" "$LOST" 0
expect_eq "stored ballots that were never sent" "$NEVER" 0
expect_eq "the yes counter equals the stored ballots" \
    "$(yi_sql "select yes from votes where item_id = $I")" "$STORED"
expect_eq "one vote.cast trail entry per stored ballot" \
    "$(yi_sql "select count(*) from trail where action = 'vote.cast' and payload::json->>'item' = '$I'")" "$STORED"
expect_eq "no trail entry for a ballot that is not stored" \
    "$(yi_sql "select count(*) from trail t where action = 'vote.cast' and payload::json->>'item' = '$I'
        and not exists (select 1 from ballots b where b.item_id = $I and b.member = t.payload::json->>'member')")" 0
expect_rc 0 "the trail verifies after the crash" -- sec audit verify --body "$B"
expect_rc 0 "vote show after the restart" -- sec vote show --item "$I"
expect_eq "vote show counts the stored ballots" "$(jget vote.yes)" "$STORED"

# The vote goes on: the unacknowledged and the held-back members vote; a
# ballot that was stored without its acknowledgement is refused as a
# second ballot, never counted twice.
comm -23 "$T/unacked" "$T/stored" >"$T/retry.new"
comm -12 "$T/unacked" "$T/stored" >"$T/retry.dup"
# shellcheck disable=SC2046
fc burst -o cast -c yes -b "$B" -m "$M" -i "$I" -j 32 \
    $(cat "$T/retry.new") $NOTSENT >"$T/retry.out"
expect_eq "after the restart every remaining member's vote is acknowledged" \
    "$(grep -c ' ok$' "$T/retry.out")" "$(($(wc -l <"$T/retry.new") + HELD))"
if [ -s "$T/retry.dup" ]; then
	# shellcheck disable=SC2046
	fc burst -o cast -c yes -b "$B" -m "$M" -i "$I" $(cat "$T/retry.dup") \
	    >"$T/dup.out"
	expect_eq "a stored-but-unacknowledged ballot is not cast twice" \
	    "$(grep -c ' status STATUS_RULE' "$T/dup.out")" "$(wc -l <"$T/retry.dup")"
else
	ok "no ballot was stored without its acknowledgement"
fi
expect_rc 0 "the secretary votes last" -- sec vote cast --item "$I" --choice yes
expect_rc 0 "vote show" -- sec vote show --item "$I"
expect_eq "every seat's ballot counted once" "$(jget vote.yes)" "$N"
expect_eq "ballot rows" "$(yi_sql "select count(*) from ballots where item_id = $I")" "$N"
expect_rc 0 "close" -- sec vote close --item "$I"
expect_eq "passed" "$(jget result.outcome)" passed
expect_rc 0 "the trail verifies at the end" -- sec audit verify --body "$B"
