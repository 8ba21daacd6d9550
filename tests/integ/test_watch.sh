#!/usr/bin/env bash
# yishi watch: the live events of a meeting, as they happen, through the
# real CLI against the real daemon. Two watchers (the inspector and a
# member) follow a party-group meeting: leave, quorum changes on check-in
# and check-out, the opening, statements, ballot counts while votes are
# open (an oral vote with a ballot entered by the recorder, and a secret
# vote whose ballots never show a choice), the results and the closing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

ym_body party_group 5
ym_schedule
ym_item ordinary
IO=$I
ym_item personnel
IP=$I
ym_notify

expect_perm "an observer cannot watch the meeting" -- obs watch --meeting "$M"
expect_perm "the office cannot watch the meeting (statements and votes are private)" -- off watch --meeting "$M"
# The refusal is in the language asked for: the watch request carries it.
"$YISHI" --identity "$INST/identities/obs" --lang en watch --meeting "$M" \
    >"$T/obs.en" 2>&1
rc=$?
if [ "$rc" -eq 4 ] && ! LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$T/obs.en"; then
	ok "an observer's refused watch with --lang en says so in English"
else
	not_ok "want exit 4 and English only, got $rc: $(cat "$T/obs.en")"
fi

# Starts a JSON watcher as $1 writing to $T/watch.$1; sets WPID_$1.
watch_start() {
	"$YISHI" --identity "$INST/identities/$1" --timeout 20 --json \
	    watch --meeting "$M" >"$T/watch.$1" 2>"$T/watch.$1.err" &
	eval "WPID_$1=\$!"
}
watch_start insp
watch_start m4
# The watch request must be registered before anything happens.
sleep 2
for w in insp m4; do
	eval "pid=\$WPID_$w"
	if kill -0 "$pid" 2>/dev/null; then
		ok "the $w watcher is running"
	else
		not_ok "the $w watcher is running: $(cat "$T/watch.$w" "$T/watch.$w.err")"
	fi
done

expect_rc 0 "m4 asks leave" -- m4 leave request --meeting "$M" --reason 出差
expect_rc 0 "the chair approves it" -- sec leave approve --meeting "$M" --member m4
for n in sec m1 m2 m3; do
	expect_rc 0 "$n checks in" -- $n checkin --meeting "$M"
done
expect_rc 0 "m3 checks out" -- m3 checkout --meeting "$M"
expect_rc 0 "m2 checks out (quorum lost)" -- m2 checkout --meeting "$M"
expect_rc 0 "m2 checks in again" -- m2 checkin --meeting "$M"
expect_rc 0 "the meeting opens" -- sec meeting open --meeting "$M"
expect_rc 0 "the ordinary item starts" -- sec item start --item "$IO"
expect_rc 0 "m1 states agree" -- m1 state --item "$IO" --position agree --text 同意
expect_rc 0 "m2 states disagree" -- m2 state --item "$IO" --position disagree --text 有保留
expect_rc 0 "the secretary states last" -- sec state --item "$IO" --position agree
expect_rc 0 "an oral vote opens" -- sec vote open --item "$IO" --method oral
expect_rc 0 "m1 votes yes" -- m1 vote cast --item "$IO" --choice yes
expect_rc 0 "the recorder enters m2's yes" -- rec vote cast --item "$IO" --choice yes --for m2
expect_rc 0 "the secretary votes yes" -- sec vote cast --item "$IO" --choice yes
expect_rc 0 "the oral vote closes" -- sec vote close --item "$IO"
expect_rc 0 "m3 checks in again (item quorum for personnel)" -- m3 checkin --meeting "$M"
expect_rc 0 "the personnel item starts" -- sec item start --item "$IP"
for n in m1 m2 m3 sec; do
	expect_rc 0 "$n states" -- $n state --item "$IP" --position agree --text 同意
done
expect_rc 0 "a secret vote opens, scrutineers m2 and m3" -- sec vote open --item "$IP" --method secret --scrutineers m2,m3
expect_rc 0 "scrutineer m2 publishes a key share" -- m2 vote key --item "$IP"
expect_rc 0 "scrutineer m3 publishes a key share" -- m3 vote key --item "$IP"
expect_rc 0 "m1 votes no (secret)" -- m1 vote cast --item "$IP" --choice no
expect_rc 0 "m2 votes yes (secret)" -- m2 vote cast --item "$IP" --choice yes
expect_rc 0 "m3 votes abstain (secret)" -- m3 vote cast --item "$IP" --choice abstain
expect_rc 0 "sec votes yes (secret)" -- sec vote cast --item "$IP" --choice yes
expect_secret_close "the secret vote closes, counted by m2 and m3" "$IP" m2,m3
SECRET_OUTCOME=$(jget result.outcome)
expect_eq "2 yes / 1 no / 1 abstain of N 5: rejected (2*2 > 5 fails)" "$SECRET_OUTCOME" rejected
expect_rc 0 "the meeting closes" -- sec meeting close --meeting "$M"

# Wait for the closing event to reach both watchers, then stop them.
for w in insp m4; do
	for i in $(seq 1 50); do
		grep -q '"kind":"closed"' "$T/watch.$w" 2>/dev/null && break
		sleep 0.1
	done
	eval "pid=\$WPID_$w"
	kill -INT "$pid" 2>/dev/null
	rc=0
	wait "$pid" || rc=$?
	expect_eq "the $w watcher ends with exit 0 on SIGINT" "$rc" 0
done

# One line per event: kind member item detail cast yes/no/abstain quorum outcome.
summary() {
	python3 - "$1" "$IO" "$IP" <<'EOF'
import json, sys
path, io, ip = sys.argv[1], sys.argv[2], sys.argv[3]
names = {io: "IO", ip: "IP"}
first = True
for line in open(path, encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    try:
        e = json.loads(line)
        if first:
            # JSON Lines: the meeting's snapshot first, then the events.
            first = False
            if set(e) != {"snapshot"} or "meeting" not in e["snapshot"]:
                print("BAD FIRST LINE", line)
            continue
        if "snapshot" in e or "kind" not in e:
            raise ValueError("not an event")
        if e["kind"] == "ballot" and not e.get("detail") and \
                set(e) & {"yes", "no", "abstain"}:
            print("SECRET COUNTS", line)
    except Exception as x:
        print("BAD LINE", line, x)
        continue
    parts = [e.get("kind", "?")]
    if e.get("member"):
        parts.append("member=" + e["member"])
    if e.get("item"):
        parts.append("item=" + names.get(str(e["item"]), str(e["item"])))
    if e.get("detail"):
        parts.append("detail=" + e["detail"])
    if "cast" in e:
        parts.append("cast=%d" % e["cast"])
        if e.get("yes") or e.get("no") or e.get("abstain"):
            parts.append("tally=%d/%d/%d" % (e.get("yes", 0), e.get("no", 0), e.get("abstain", 0)))
    q = e.get("quorum")
    if q:
        parts.append("quorum=%d/%d/%s" % (q["present"], q["n"], "met" if q["met"] else "short"))
    if e.get("outcome"):
        parts.append("outcome=" + e["outcome"])
    print(" ".join(parts))
EOF
}
summary "$T/watch.insp" >"$T/ev.insp"
summary "$T/watch.m4" >"$T/ev.m4"
echo "# events seen by the inspector:"
sed 's/^/#   /' "$T/ev.insp"

# has LINE-REGEX WHAT: the inspector saw an event matching the regex.
has() {
	if grep -qE "^$1\$" "$T/ev.insp"; then
		ok "watch: $2"
	else
		not_ok "watch: $2: no event matching '$1'"
	fi
}
# order A B WHAT: an event matching B comes after the first matching A.
order() {
	local a b
	a=$(grep -nE "^$1\$" "$T/ev.insp" | head -n1 | cut -d: -f1)
	b=$(grep -nE "^$2\$" "$T/ev.insp" | tail -n1 | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
		ok "watch: $3"
	else
		not_ok "watch: $3 (lines '$a' and '$b')"
	fi
}

has "leave_requested member=m4 detail=出差" "m4's leave request, with its reason"
has "leave_approved member=m4 detail=出差 quorum=0/5/short" "m4's leave approved, with its reason and the quorum"
has "checkin member=sec quorum=1/5/short" "sec checks in: 1 of 5, no quorum"
has "checkin member=m1 quorum=2/5/short" "m1 checks in: 2 of 5, no quorum"
has "checkin member=m2 quorum=3/5/met" "m2 checks in: 3 of 5, quorum met"
has "checkin member=m3 quorum=4/5/met" "m3 checks in: 4 of 5"
has "checkout member=m3 quorum=3/5/met" "m3 checks out: 3 of 5"
has "checkout member=m2 quorum=2/5/short" "m2 checks out: 2 of 5, quorum lost"
order "checkout member=m2 quorum=2/5/short" "checkin member=m2 quorum=3/5/met" \
    "quorum lost, then met again when m2 returns"
has "opened member=sec quorum=3/5/met" "the meeting opens with 3 of 5"
has "item_started member=sec item=IO.*" "the ordinary item starts"
has "statement member=m1 item=IO detail=agree" "m1's statement (agree)"
has "statement member=m2 item=IO detail=disagree" "m2's statement (disagree)"
has "statement member=sec item=IO detail=agree" "the secretary's statement"
order "statement member=m2 item=IO detail=disagree" "statement member=sec item=IO detail=agree" \
    "statements arrive in order, the secretary last"
has "vote_opened member=sec item=IO detail=oral" "the oral vote opens"
has "ballot member=m1 item=IO detail=yes cast=1 tally=1/0/0" "first ballot: yes, 1 cast, running count 1/0/0"
has "ballot member=m2 item=IO detail=yes cast=2 tally=2/0/0" "the recorder's entry for m2: yes, 2 cast, 2/0/0"
has "ballot member=sec item=IO detail=yes cast=3 tally=3/0/0" "the secretary's ballot: yes, 3 cast, 3/0/0"
has "vote_closed member=sec item=IO cast=[0-9]+ tally=3/0/0 outcome=passed" "the oral vote's result: 3 yes, passed"
has "vote_keying member=sec item=IP detail=m2,m3" "the secret vote opens, waiting for the scrutineers' keys"
has "vote_opened member=m3 item=IP detail=secret" "with the last key share the vote takes ballots"
has "ballot member=m1 item=IP cast=1" "secret ballot 1: counted, no choice shown"
has "ballot member=m2 item=IP cast=2" "secret ballot 2: counted, no choice shown"
has "ballot member=m3 item=IP cast=3" "secret ballot 3: counted, no choice shown"
has "ballot member=sec item=IP cast=4" "secret ballot 4: counted, no choice shown"
has "vote_counting member=sec item=IP detail=m2,m3 cast=4" "the chair closes the secret vote: the scrutineers count"
has "vote_closed member=m[23] item=IP cast=[0-9]+ tally=2/1/1 outcome=$SECRET_OUTCOME" "the secret vote's result with the last count: 2 yes, 1 no, 1 abstain"
has "closed member=sec quorum=4/5/met" "the meeting closes, with the quorum"
if grep -q "BAD" "$T/ev.insp" "$T/ev.m4"; then
	not_ok "the snapshot first, then one JSON event a line: $(grep "BAD" "$T/ev.insp" "$T/ev.m4")"
else
	ok "the snapshot first, then one JSON event a line"
fi
if grep -q "SECRET COUNTS" "$T/ev.insp" "$T/ev.m4"; then
	not_ok "a secret ballot's event has no counts: $(grep "SECRET" "$T/ev.insp")"
else
	ok "a secret ballot's event has no counts"
fi
expect_eq "the member's watcher saw the same events as the inspector's" \
    "$(md5sum <"$T/ev.m4")" "$(md5sum <"$T/ev.insp")"
N=$(grep -c "" "$T/ev.insp")
[ "$N" -ge 30 ] && ok "watch: $N events in all" || not_ok "watch: only $N events"
