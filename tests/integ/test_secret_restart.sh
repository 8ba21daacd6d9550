#!/usr/bin/env bash
# test_secret_restart.sh: a secret round survives the daemon's restarts
# (docs/ballot.md): yishid is stopped and started again while keying (one
# key share in), while open (some ballots in), and while counting (one
# decryption share in); each time the round comes back as it was, from the
# database, and the vote is decided with the right totals: 3 yes, 1 no,
# 1 abstain. No counter is written before the close. Then a round nobody
# votes in: the close is refused (R-VOTE-9) until its period has passed
# (its key's time moved 31 minutes back: the daemon takes it from the
# database), and with no ballot to count it closes at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

ym_meeting party_group 7 "sec m1 m2 m3 m4" personnel personnel
P=${ITEMS[0]}
Q=${ITEMS[1]}

# restart: stops yishid and starts it again on the same instance.
restart() {
	yi_stop
	yi_start
	ok "yishid restarted ($1)"
}

ym_start "$P"
ym_state_all "$P" agree m1 m2 m3 m4
ym_must "sec states last" -- sec state --item "$P" --position agree --text 同意
expect_rc 0 "secret vote with scrutineers m1, m2" -- \
    sec vote open --item "$P" --method secret --scrutineers m1,m2
expect_rc 0 "m1 makes its key share" -- m1 vote key --item "$P"

restart "keying"
expect_rc 0 "vote show after the restart" -- insp vote show --item "$P"
expect_eq "still keying" "$(jget vote.state)" keying
expect_rc 0 "m2 makes its key share" -- m2 vote key --item "$P"
expect_eq "the key is complete: open" "$(jget vote.state)" open
ym_cast_all "$P" yes sec m1

restart "open, 2 ballots in"
expect_rc 0 "vote show after the restart" -- insp vote show --item "$P"
expect_eq "open" "$(jget vote.state)" open
expect_eq "2 ballots cast" "$(jget vote.cast)" 2
expect_eq "no counts" "$(jget vote.yes)" ""
expect_eq "no counter in the database while open" \
    "$(yi_sql "SELECT yes + no + abstain FROM votes WHERE item_id = $P")" 0
ym_cast_all "$P" yes m2
expect_rc 0 "m3 votes no" -- m3 vote cast --item "$P" --choice no
expect_rc 0 "m4 abstains" -- m4 vote cast --item "$P" --choice abstain
expect_rc 0 "the chair closes the ballots" -- sec vote close --item "$P"
expect_eq "counting" "$(jget vote.state)" counting
expect_rc 0 "m1 counts" -- m1 vote count --item "$P"

restart "counting, 1 decryption share in"
expect_rc 0 "vote show after the restart" -- insp vote show --item "$P"
expect_eq "still counting" "$(jget vote.state)" counting
expect_rc 0 "m2 counts" -- m2 vote count --item "$P"
expect_rc 0 "vote show once closed" -- insp vote show --item "$P"
expect_eq "closed" "$(jget vote.state)" closed
expect_eq "yes" "$(jget vote.yes)" 3
expect_eq "no" "$(jget vote.no)" 1
expect_eq "abstain" "$(jget vote.abstain)" 1
expect_eq "outcome" "$(jget vote.outcome)" rejected

# What the database has: the ciphertexts, and counters only once closed.
expect_eq "5 ciphertexts stored, no choice" "$(yi_sql "SELECT count(*) FILTER (WHERE ballot IS NOT NULL AND choice IS NULL) FROM ballots WHERE item_id = $P")" 5
expect_eq "the trail: open, 2 keys, 5 casts, count, 2 decrypts, close" \
    "$(yi_sql "SELECT string_agg(action, ' ' ORDER BY seq) FROM trail WHERE action LIKE 'vote.%' AND payload::jsonb ->> 'item' = '$P'")" \
    "vote.open vote.key vote.key vote.cast vote.cast vote.cast vote.cast vote.cast vote.count vote.decrypt vote.decrypt vote.close"
ROUND=$(yi_sql "SELECT seq FROM trail WHERE action = 'vote.open' AND payload::jsonb ->> 'item' = '$P'")
expect_eq "vote.open names the method, the scrutineers and the options" \
    "$(yi_sql "SELECT payload FROM trail WHERE seq = $ROUND AND action = 'vote.open'")" \
    "{\"item\":$P,\"method\":\"secret\",\"scrutineers\":[\"m1\",\"m2\"],\"options\":[\"yes\",\"no\",\"abstain\"]}"
expect_eq "the round is that entry's seq" "$(yi_sql "SELECT round FROM votes WHERE item_id = $P")" "$ROUND"
expect_eq "vote.key: item, member, share (98 bytes); the last one the key (33)" \
    "$(yi_sql "SELECT string_agg(concat_ws(':', payload::jsonb ->> 'member', length(payload::jsonb ->> 'share') / 2, length(payload::jsonb ->> 'key') / 2), ' ' ORDER BY seq) FROM trail WHERE action = 'vote.key' AND payload::jsonb ->> 'item' = '$P'")" \
    "m1:98 m2:98:33"
expect_eq "vote.cast: a ballot of 648 bytes (ELGAMAL_BALLOT_LEN(3)), signed, no choice" \
    "$(yi_sql "SELECT DISTINCT length(payload::jsonb ->> 'ballot') / 2 || ':' || (signature IS NOT NULL) || ':' || (payload::jsonb ? 'choice') FROM trail WHERE action = 'vote.cast' AND payload::jsonb ->> 'item' = '$P'")" \
    "648:true:false"
expect_eq "vote.close carries the ballots counted" \
    "$(yi_sql "SELECT payload::jsonb ->> 'ballots' FROM trail WHERE action = 'vote.close' AND payload::jsonb ->> 'item' = '$P'")" 5


echo "# a round without ballots: R-VOTE-9's period, then closed at once"
ym_secret_keyed "$Q" m3,m4 m1 m2 m3 m4
expect_rule R-VOTE-9 "nobody voted and the period runs: the close is refused" -- \
    sec vote close --item "$Q"
expect_missing "the refusal names who has not voted" 书记 委员1 委员2 委员3 委员4
yi_sql "UPDATE votes SET keyed_at = keyed_at - interval '29 minutes' WHERE item_id = $Q" >/dev/null
expect_rule R-VOTE-9 "29 minutes since the key: still refused" -- \
    sec vote close --item "$Q"
yi_sql "UPDATE votes SET keyed_at = keyed_at - interval '2 minutes' WHERE item_id = $Q" >/dev/null
expect_rc 0 "31 minutes since the key: the chair closes" -- sec vote close --item "$Q"
expect_rc 0 "vote show" -- insp vote show --item "$Q"
expect_eq "closed at once" "$(jget vote.state)" closed
expect_eq "nothing cast" "$(jget vote.cast)" 0
expect_eq "every elector not voting" "$(jget vote.not_voting)" 5
expect_eq "vote.count then vote.close, one after the other" \
    "$(yi_sql "SELECT string_agg(action || ':' || (payload::jsonb ->> 'ballots'), ' ' ORDER BY seq) FROM trail WHERE action IN ('vote.count', 'vote.close') AND payload::jsonb ->> 'item' = '$Q'")" \
    "vote.count:0 vote.close:0"
expect_eq "in consecutive entries" \
    "$(yi_sql "SELECT max(seq) - min(seq) FROM trail WHERE action IN ('vote.count', 'vote.close') AND payload::jsonb ->> 'item' = '$Q'")" 1
