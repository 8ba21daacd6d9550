#!/usr/bin/env bash
# PostgreSQL restarted under load (pg_ctl restart -m fast, then -m
# immediate): requests caught by it get `unavailable` (exit 1 at the CLI),
# nothing is half-written (every ballot has its counter and exactly one
# trail entry, the trail verifies), every acknowledged vote is stored, and
# the daemon resumes by itself: requests succeed again without a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"
FAULTCLI=${FAULTCLI:-$(dirname "$YISHI")/../tests/integ/faultcli}

N=${PGR_SEATS:-80}

yi_setup
ym_plenary "$N" || exit 1
ym_schedule || exit 1
ym_item ordinary || exit 1
ym_item ordinary || exit 1
ym_notify || exit 1
# shellcheck disable=SC2086
fc burst -o checkin -m "$M" -j 1 sec $MEMBERS >"$T/checkin.out"
ym_burst_ok checkin "$T/checkin.out"
ym_open || exit 1
ok "set-up: a party group of $N voting seats, meeting #$M open"

# pg_restart MODE: restarts the instance's PostgreSQL as its owner.
pg_restart() {
	local bindir owner
	bindir=$(pg_config --bindir)
	owner=$(stat -c %U "$INST/pg")
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$owner" -- "$bindir/pg_ctl" -D "$INST/pg" -m "$1" \
		    -w -t 60 -l "$INST/pg.log" restart >>"$T/pgctl.log" 2>&1
	else
		"$bindir/pg_ctl" -D "$INST/pg" -m "$1" -w -t 60 \
		    -l "$INST/pg.log" restart >>"$T/pgctl.log" 2>&1
	fi
}

# round MODE ITEM: a vote on ITEM with PostgreSQL restarted (MODE) during
# the burst of ballots, then every check.
round() {
	local mode=$1 item=$2 i p acked unacked stored lost other cli0 cli1 \
	    clix start waited
	ym_start "$item" || exit 1
	# shellcheck disable=SC2086
	fc burst -o state -b "$B" -m "$M" -i "$item" -j 1 $MEMBERS >"$T/state.out"
	ym_burst_ok statements "$T/state.out"
	ym_state_all "$item" agree sec || exit 1
	ym_must "vote open" -- sec vote open --item "$item" --method roll_call ||
	    exit 1

	# The burst: every member votes within 4 s; CLI readers run beside it.
	# shellcheck disable=SC2086
	fc burst -o cast -c yes -b "$B" -m "$M" -i "$item" -p 4000 -t 30 \
	    $MEMBERS >"$T/burst.out" 2>&1 &
	p=$!
	: >"$T/cli.rc"
	pids=()
	for i in $(seq 1 12); do
		( yi m$i --timeout 30 vote show --item "$item" >/dev/null 2>&1
		  echo $? >>"$T/cli.rc" ) &
		pids+=($!)
		sleep 0.25
		if [ "$i" -eq 4 ]; then
			pg_restart "$mode" &
			pr=$!
		fi
	done
	wait $p
	wait "${pids[@]}"
	wait $pr || not_ok "$mode: pg_ctl restart failed: $(tail -3 "$T/pgctl.log")"
	# Service resumes by itself.
	start=$SECONDS
	until yi admin whoami >/dev/null 2>&1; do
		[ $((SECONDS - start)) -ge 30 ] && break
		sleep 0.2
	done
	waited=$((SECONDS - start))
	[ $waited -lt 30 ] && ok "$mode: the daemon serves again by itself (${waited}s after the burst)" ||
	    not_ok "$mode: no answer 30 s after PostgreSQL restarted"

	grep ' ok$' "$T/burst.out" | cut -d' ' -f1 | sort >"$T/acked"
	grep -v ' ok$' "$T/burst.out" | cut -d' ' -f1 | sort >"$T/unacked"
	acked=$(wc -l <"$T/acked")
	unacked=$(wc -l <"$T/unacked")
	other=$(grep -v ' ok$' "$T/burst.out" | grep -v ' status STATUS_UNAVAILABLE' | tee "$T/other" | wc -l)
	cli0=$(grep -cx 0 "$T/cli.rc")
	cli1=$(grep -cx 1 "$T/cli.rc")
	clix=$(grep -cvxE '0|1' "$T/cli.rc")
	echo "# $mode: $((N - 1)) ballots: $acked acknowledged, $unacked unavailable; CLI readers: $cli0 exit 0, $cli1 exit 1, $clix other"
	expect_eq "$mode: every ballot answered" "$((acked + unacked))" "$((N - 1))"
	expect_eq "$mode: the failures are all 'unavailable' $(head -3 "$T/other" | tr '\n' ' ')" "$other" 0
	expect_eq "$mode: CLI readers during the restart exit 0 or 1 (unavailable)" "$clix" 0
	[ "$unacked" -gt 0 ] || [ "$cli1" -gt 0 ] &&
	    ok "$mode: the restart did catch requests in flight ($unacked ballots, $cli1 readers)" ||
	    echo "# $mode: no request was caught by the restart (all were served)"

	yi_sql "select member from ballots where item_id = $item" | sort >"$T/stored"
	stored=$(wc -l <"$T/stored")
	lost=$(comm -23 "$T/acked" "$T/stored" | wc -l)
	echo "# $mode: stored $stored, lost $lost"
	expect_eq "$mode: no acknowledged ballot lost (acked $acked, stored $stored)" "$lost" 0
	expect_eq "$mode: counters equal the ballots" \
	    "$(yi_sql "select v.yes - count(b.*) filter (where b.choice = 'yes')
	        + v.no - count(b.*) filter (where b.choice = 'no')
	        + v.abstain - count(b.*) filter (where b.choice = 'abstain')
	        from votes v left join ballots b using (body_id, item_id)
	        where v.item_id = $item group by v.yes, v.no, v.abstain")" 0
	expect_eq "$mode: every ballot has exactly one vote.cast trail entry" \
	    "$(yi_sql "select count(*) from ballots b where b.item_id = $item and
	        (select count(*) from trail t where t.body_id = b.body_id and
	         t.action = 'vote.cast' and t.payload::json->>'item' = '$item' and
	         t.payload::json->>'member' = b.member) <> 1")" 0
	expect_eq "$mode: no vote.cast entry without its ballot" \
	    "$(yi_sql "select count(*) from trail t where t.action = 'vote.cast' and
	        t.payload::json->>'item' = '$item' and not exists (select 1 from
	        ballots b where b.item_id = $item and b.member = t.payload::json->>'member')")" 0
	expect_eq "$mode: the trail has no gap" \
	    "$(yi_sql "select max(seq) - count(*) from trail where body_id = $B")" 0
	expect_rc 0 "$mode: the trail verifies" -- sec audit verify --body "$B"

	# The vote goes on: the unacknowledged vote again.
	comm -23 "$T/unacked" "$T/stored" >"$T/retry.new"
	comm -12 "$T/unacked" "$T/stored" >"$T/retry.dup"
	if [ -s "$T/retry.new" ]; then
		# shellcheck disable=SC2046
		fc burst -o cast -c yes -b "$B" -m "$M" -i "$item" -j 16 \
		    $(cat "$T/retry.new") >"$T/retry.out"
		expect_eq "$mode: the unacknowledged vote again: all acknowledged" \
		    "$(grep -c ' ok$' "$T/retry.out")" "$(wc -l <"$T/retry.new")"
	fi
	echo "# $mode: stored without acknowledgement: $(wc -l <"$T/retry.dup")"
	expect_rc 0 "$mode: the secretary votes last" -- sec vote cast --item "$item" --choice yes
	expect_rc 0 "$mode: vote show" -- sec vote show --item "$item"
	expect_eq "$mode: every seat counted once" "$(jget vote.yes)" "$N"
	expect_rc 0 "$mode: close" -- sec vote close --item "$item"
	expect_eq "$mode: passed" "$(jget result.outcome)" passed
}

round fast "${ITEMS[0]}"
round immediate "${ITEMS[1]}"
expect_rc 0 "the trail verifies at the end" -- sec audit verify --body "$B"
grep -q "database connection .* lost" "$T/daemon.log" &&
    ok "the daemon logged the lost database connections" ||
    not_ok "no 'database connection lost' in the daemon log"
