#!/usr/bin/env bash
# The events of a meeting, kind by kind (docs/protocol.md, "Events"): a
# party-group meeting goes through every kind while two watchers record:
# evwatch (libyishi alone, every field) and the CLI's `yishi --json watch`.
# Checked per kind: `at` a real RFC 3339 time of now in the instance zone,
# positions strictly growing and those of event_log and of the trail entry
# that recorded the change, a roll-call vote's running counts, a secret
# vote's ballots without choice or counts, who is still to state or to vote
# with the top leader last, the result's cast and rule.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

EVWATCH=${EVWATCH:?EVWATCH must name the evwatch binary}
PY=/usr/bin/python3

yi_setup
ym_identities

ym_body party_group 5
ym_schedule
MAIN_M_SET=$M
ym_item ordinary
IA=$I
ym_item ordinary
IC=$I
ym_item personnel
ID=$I

# The inspector watches with evwatch, m4 with the CLI.
"$EVWATCH" -d "$INST/identities/insp" -m "$M" -w 120 >"$T/ev.json" \
    2>"$T/ev.err" &
EVPID=$!
"$YISHI" --identity "$INST/identities/m4" --timeout 20 --json \
    watch --meeting "$M" >"$T/cli.json" 2>"$T/cli.err" &
CLIPID=$!
for i in $(seq 1 100); do
	grep -q '"watching"' "$T/ev.json" 2>/dev/null && break
	sleep 0.1
done
sleep 1
grep -q '"watching"' "$T/ev.json" && ok "evwatch gets Watching first" ||
    not_ok "evwatch gets Watching first: $(cat "$T/ev.json" "$T/ev.err")"

ym_notify
expect_rc 0 "m4 asks leave" -- m4 leave request --meeting "$M" --reason 出差在外
expect_rc 0 "the chair grants it" -- sec leave approve --meeting "$M" --member m4
ym_checkin sec m1 m2 m3
expect_rc 0 "m3 checks out" -- m3 checkout --meeting "$M"
ym_checkin m3
ym_open
# Item A: statements in order, m3 recused, a roll-call vote of three.
ym_start "$IA"
expect_rc 0 "m3 recuses from A" -- m3 recuse --item "$IA" --member m3 --reason 近亲属
ym_state_all "$IA" agree m1
# A snapshot now: who is still to state on A.
"$EVWATCH" -d "$INST/identities/insp" -m "$M" -o >"$T/snap1.json" 2>&1
ym_state_all "$IA" agree m2 sec
expect_rc 0 "a roll-call vote opens" -- sec vote open --item "$IA" --method roll_call
ym_cast_all "$IA" yes m1
# And who is still to vote.
"$EVWATCH" -d "$INST/identities/m4" -m "$M" -o >"$T/snap2.json" 2>&1
ym_cast_all "$IA" no m2
ym_cast_all "$IA" yes sec
expect_rc 0 "the roll-call vote closes" -- sec vote close --item "$IA"
# Item C: deferred.
ym_start "$IC"
expect_rc 0 "the chair defers C" -- sec item defer --item "$IC" --reason 待调研
# Item D: a secret vote.
ym_start "$ID"
ym_state_all "$ID" agree m1 m2 m3 sec
ym_secret_open "$ID" m2,m3
ym_secret_cast "$ID" "m1:no m2:yes m3:abstain sec:yes"
expect_secret_close "the secret vote closes, counted by m2 and m3" "$ID" m2,m3
expect_rc 0 "the chair is handed to m1" -- sec meeting delegate --meeting "$M" --chair m1
expect_rc 0 "m1 closes the meeting" -- m1 meeting close --meeting "$M"
expect_rc 0 "the chair signs the minutes" -- m1 minutes sign --meeting "$M"
expect_rc 0 "the chair corrects them" -- m1 minutes correct --meeting "$M" --text 更正笔误

for i in $(seq 1 100); do
	grep -q '"minutes_corrected"' "$T/ev.json" "$T/cli.json" 2>/dev/null &&
	    [ "$(grep -c minutes_corrected "$T/ev.json" "$T/cli.json" | grep -c ':1')" = 2 ] && break
	sleep 0.1
done
kill "$EVPID" 2>/dev/null
kill -INT "$CLIPID" 2>/dev/null
wait "$EVPID" 2>/dev/null
wait "$CLIPID" 2>/dev/null
# A late watcher resuming from the start reads them all from event_log.
"$EVWATCH" -d "$INST/identities/insp" -m "$M" -a 0:0 -w 3 >"$T/late.json" 2>&1
MAIN_M=$MAIN_M_SET

# The chair's decision without a vote: a director's office, another
# meeting, an emergency item the director concludes after the others.
ym_body director_office 3
ym_schedule
ym_item ordinary --emergency --reason 情况紧急
IB=$I
ym_notify
"$EVWATCH" -d "$INST/identities/insp" -m "$M" -w 60 >"$T/ev2.json" \
    2>"$T/ev2.err" &
EVPID=$!
for i in $(seq 1 100); do
	grep -q '"watching"' "$T/ev2.json" 2>/dev/null && break
	sleep 0.1
done
ym_checkin sec m1 m2
ym_open
ym_start "$IB"
ym_state_all "$IB" agree m1 m2
expect_rc 0 "the director decides B" -- sec item decide --item "$IB" --text 同意实施
for i in $(seq 1 100); do
	grep -q '"decided"' "$T/ev2.json" 2>/dev/null && break
	sleep 0.1
done
kill "$EVPID" 2>/dev/null
wait "$EVPID" 2>/dev/null
grep '"event"' "$T/ev2.json" >>"$T/ev.json"
M2=$M
M=$MAIN_M

yi_sql "SELECT seq || ':' || idx FROM event_log WHERE meeting = $M ORDER BY seq, idx" >"$T/log.pos"
yi_sql "SELECT seq || ' ' || action FROM trail WHERE body_id = (SELECT body_id FROM meetings WHERE id = $M) ORDER BY seq" >"$T/trail.txt"
yi_sql "SELECT count(*) FROM event_log" >"$T/log.count"
TZ_CONF=$(sed -n 's/^timezone *= *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$INST/yishid.conf")
TZ_CONF=${TZ_CONF:-Asia/Shanghai}
OFFSET=$(TZ=$TZ_CONF date +%:z)

# Every check is a line "ok WHAT" or "not ok WHAT" from the checker.
$PY - "$T/ev.json" "$T/cli.json" "$T/log.pos" "$T/trail.txt" "$OFFSET" \
    "$IA" "$IB" "$IC" "$ID" "$T/snap1.json" "$T/snap2.json" "$T/late.json" \
    >"$T/checks.txt" 2>&1 <<'EOF'
import datetime, json, re, sys
evp, clip, logp, trailp, offset, ia, ib, ic, idd, snap1, snap2, latep = sys.argv[1:]
ia, ib, ic, idd = int(ia), int(ib), int(ic), int(idd)
def check(cond, what):
    print(("ok " if cond else "not ok ") + what)
lines = [json.loads(l) for l in open(evp, encoding="utf-8") if l.strip()]
check("watching" in lines[0], "the first line is the Watching answer")
w = lines[0].get("watching", {})
allev = [l["event"] for l in lines if "event" in l]
evs = [e for e in allev if e["meeting"] == allev[0]["meeting"]]
other = [e for e in allev if e["meeting"] != allev[0]["meeting"]]
kinds = [e["kind"] for e in evs]
print("# kinds: " + " ".join(kinds))
# at: RFC 3339, in the instance zone, near now.
now = datetime.datetime.now(datetime.timezone.utc)
bad = []
for e in evs:
    at = e["at"]
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", at) or not at.endswith(offset):
        bad.append(e["kind"] + "=" + at); continue
    t = datetime.datetime.fromisoformat(at)
    if abs((now - t).total_seconds()) > 600:
        bad.append(e["kind"] + "=" + at)
check(not bad, "every event's at is RFC 3339 in the instance zone (%s), within 10 minutes of now %s" % (offset, bad[:3]))
# Positions: strictly growing, those of event_log, at the right entries.
pos = [(e["seq"], e["index"]) for e in evs]
check(all(a < b for a, b in zip(pos, pos[1:])), "positions (seq, index) strictly grow")
check(all(p[0] > w.get("seq", 0) or (p[0] == w.get("seq") and p[1] > w.get("index")) for p in pos),
      "every event is after the snapshot's position %s:%s" % (w.get("seq"), w.get("index")))
logpos = [tuple(int(x) for x in l.split(":")) for l in open(logp) if l.strip()]
check(logpos == pos, "the watcher got exactly event_log's rows, in order (%d events, %d rows)" % (len(pos), len(logpos)))
trail = {}
for l in open(trailp):
    if l.strip():
        s, a = l.split(" ", 1)
        trail[int(s)] = a.strip()
action = {"noticed": "meeting.notify", "leave_requested": "leave.request",
          "leave_approved": "leave.approve", "checkin": "attendance.checkin",
          "checkout": "attendance.checkout", "opened": "meeting.open",
          "item_started": "item.start", "recused": "recuse",
          "statement": "statement", "ballot": "vote.cast",
          "vote_closed": "vote.close", "decided": "item.decide",
          "deferred": "item.defer", "vote_keying": "vote.open",
          "vote_key": "vote.key", "vote_counting": "vote.count",
          "delegated": "meeting.delegate", "closed": "meeting.close",
          "minutes_signed": "minutes.sign", "minutes_corrected": "minutes.correct"}
wrong = ["%s@%d=%s" % (e["kind"], e["seq"], trail.get(e["seq"])) for e in evs
         if e["kind"] in action and trail.get(e["seq"]) != action[e["kind"]]]
check(not wrong, "each event's seq is the trail entry that recorded it %s" % wrong[:4])
idx0 = {}
for e in evs:
    idx0.setdefault(e["seq"], []).append(e["index"])
check(all(v == list(range(len(v))) for v in idx0.values()), "index counts an entry's events from 0")
def one(kind, **kw):
    for e in evs:
        if e["kind"] == kind and all(e.get(k) == v for k, v in kw.items()):
            return e
    return None
for k in ["noticed", "leave_requested", "leave_approved", "checkin", "checkout",
          "opened", "item_started", "recused", "statement", "vote_opened",
          "ballot", "vote_closed", "deferred", "vote_keying",
          "vote_key", "vote_counting", "vote_decrypt", "delegated", "closed",
          "minutes_signed", "minutes_corrected"]:
    check(k in kinds, "kind %s seen" % k)
e = one("leave_requested", member="m4")
check(e and e["detail"] == "出差在外", "leave_requested carries the reason")
e = one("leave_approved", member="m4")
check(e and e["detail"] == "出差在外" and "quorum" in e, "leave_approved: the reason and the quorum")
e = one("checkin", member="m2")
check(e and e["quorum"]["present"] == 3 and e["quorum"]["n"] == 5, "checkin carries the quorum (3 of 5)")
check(one("checkout", member="m3") is not None and "quorum" in one("checkout", member="m3"), "checkout carries the quorum")
check("quorum" in (one("opened") or {}), "opened carries the quorum")
e = one("recused", member="m3")
check(e and e["item"] == ia and e["detail"] == "近亲属", "recused: the item and the reason")
e = one("item_started", item=ia)
check(e and e["waiting"] == ["m1", "m2", "m3", "sec"] and e["waiting_n"] == 4,
      "item_started: still to state m1 m2 m3, the top leader last %s" % (e and e["waiting"]))
st = [x for x in evs if x["kind"] == "statement" and x["item"] == ia]
check([x["waiting"] for x in st] == [["m2", "sec"], ["sec"], []] and [x["waiting_n"] for x in st] == [2, 1, 0],
      "statements on A: still to state m2 sec, then sec, then nobody (m3 recused) %s" % [x["waiting"] for x in st])
check([x["detail"] for x in st] == ["agree"] * 3, "statement: the position in detail")
e = one("vote_opened", item=ia)
check(e and e["detail"] == "roll_call" and e["electorate"] == 3 and e["waiting"] == ["m1", "m2", "sec"] and e["waiting_n"] == 3,
      "vote_opened: roll_call, electorate 3, still to vote m1 m2 sec")
b = [x for x in evs if x["kind"] == "ballot" and x["item"] == ia]
check([(x["member"], x["detail"], x["yes"], x["no"], x["abstain"], x["cast"]) for x in b] ==
      [("m1", "yes", 1, 0, 0, 1), ("m2", "no", 1, 1, 0, 2), ("sec", "yes", 2, 1, 0, 3)],
      "roll-call ballots: who, the choice, the running yes/no/abstain and cast 1, 2, 3 %s" %
      [(x["member"], x["detail"], x["yes"], x["no"], x["abstain"], x["cast"]) for x in b])
check([x["waiting"] for x in b] == [["m2", "sec"], ["sec"], []] and all(x["electorate"] == 3 for x in b),
      "roll-call ballots: still to vote, the top leader last; electorate 3")
e = one("vote_closed", item=ia)
check(e and e["cast"] == 3 and e["electorate"] == 3 and e["yes"] == 2 and e["no"] == 1 and e["outcome"] and e["rule"],
      "vote_closed of A: cast 3, electorate 3, 2 yes 1 no, outcome %s, rule %s" % (e and e["outcome"], e and e["rule"]))
e = ([x for x in other if x["kind"] == "decided" and x["item"] == ib] or [None])[0]
check(e and e["outcome"] == "decided" and e["rule"].startswith("R-") and e["seq"] > 0 and re.fullmatch(r"\d{4}-.*[+-]\d\d:\d\d", e["at"]),
      "decided (another meeting): outcome, rule (%s), position and time" % (e and e["rule"]))
e = one("deferred", item=ic)
check(e and e["outcome"] == "deferred" and e["detail"] == "待调研" and e["rule"] == "R-DEFER-1", "deferred: outcome, reason and rule")
e = one("vote_keying", item=idd)
check(e and e["detail"] == "m2,m3", "vote_keying names the scrutineers")
check(len([x for x in evs if x["kind"] == "vote_key"]) == 1, "one vote_key (the second share opens the vote)")
e = one("vote_opened", item=idd)
check(e and e["detail"] == "secret" and e["electorate"] == 4 and e["waiting"] == ["m1", "m2", "m3", "sec"],
      "the secret vote opens with its electorate of 4, still to vote m1 m2 m3 sec")
sb = [x for x in evs if x["kind"] == "ballot" and x["item"] == idd]
check([(x["member"], x["cast"]) for x in sb] == [("m1", 1), ("m2", 2), ("m3", 3), ("sec", 4)],
      "secret ballots: who cast and the count 1..4")
check(all(x["detail"] == "" and x["yes"] == 0 and x["no"] == 0 and x["abstain"] == 0 for x in sb),
      "secret ballots never carry a choice nor running counts")
check([x["waiting_n"] for x in sb] == [3, 2, 1, 0] and sb[-2]["waiting"] == ["sec"],
      "secret ballots: who is still to vote, the top leader last")
e = one("vote_counting", item=idd)
check(e and e["cast"] == 4 and e["detail"] == "m2,m3", "vote_counting: cast 4 and the scrutineers")
check(len([x for x in evs if x["kind"] == "vote_decrypt"]) >= 1, "vote_decrypt for a scrutineer's share")
e = one("vote_closed", item=idd)
check(e and (e["yes"], e["no"], e["abstain"], e["cast"], e["electorate"]) == (2, 1, 1, 4, 4) and e["rule"],
      "the secret vote's result: 2/1/1, cast 4 of 4, with its rule")
e = one("delegated")
check(e and e["detail"] == "m1", "delegated names the new chair")
# Snapshots: Watching carries who is still to state, then to vote.
def snap(path):
    l = open(path, encoding="utf-8").readline()
    try:
        return json.loads(l)["watching"]
    except Exception:
        return {"items": [], "bad": l}
s1 = snap(snap1)
a1 = [i for i in s1["items"] if i["id"] == ia]
check(a1 and a1[0]["state"] == "started" and a1[0]["to_state"] == ["m2", "sec"] and a1[0]["statements"] == 1,
      "Watching during A's statements: to_state m2, sec (the top leader last) %s" % s1)
other_items = [i for i in s1["items"] if i["id"] != ia]
check(all(i["to_state"] == [] for i in other_items), "Watching: to_state only for the item being heard")
s2 = snap(snap2)
a2 = [i for i in s2["items"] if i["id"] == ia]
check(a2 and a2[0]["state"] == "voting" and a2[0].get("to_vote") == ["m2", "sec"] and a2[0]["to_state"] == [] and a2[0]["cast"] == 1,
      "Watching during A's vote: 1 cast, to_vote m2, sec %s" % s2)
prev = [e for e in evs if (e["seq"], e["index"]) <= (s2.get("seq", 0), s2.get("index", 0))]
check(s2.get("seq") and prev and prev[-1]["kind"] == "ballot" and prev[-1]["member"] == "m1"
      and (prev[-1]["seq"], prev[-1]["index"]) == (s2["seq"], s2["index"]),
      "Watching's position is that of the last event it reflects (m1's ballot)")
# The late watcher read the same events from event_log, field for field.
late = [json.loads(l)["event"] for l in open(latep, encoding="utf-8") if '"event"' in l]
check(late == evs, "a watcher resuming from 0:0 gets every event again from event_log, the same (%d of %d)" % (len(late), len(evs)))
lsb = [x for x in late if x["kind"] == "ballot" and x["item"] == idd]
check(len(lsb) == 4 and all(x["detail"] == "" and x["yes"] + x["no"] + x["abstain"] == 0 for x in lsb),
      "event_log's secret ballots carry no choice nor counts")
# The CLI's watcher saw the same kinds and counts (its JSON shape may grow).
cli = []
for l in open(clip, encoding="utf-8"):
    try:
        o = json.loads(l)
    except Exception:
        continue
    if "event" in o:
        cli.append(o["event"])
check([c.get("kind") for c in cli] == kinds, "yishi --json watch saw the same events in order (%d)" % len(cli))
check([(c.get("cast", 0), c.get("yes", 0), c.get("no", 0), c.get("abstain", 0), c.get("at")) for c in cli] ==
      [(e["cast"], e["yes"], e["no"], e["abstain"], e["at"]) for e in evs],
      "with the same counts and times")
if all("seq" in c for c in cli):
    check([(c["seq"], c.get("index", 0)) for c in cli] == pos, "and the same positions")
EOF
sed 's/^/# /' "$T/checks.txt" | grep '^# #' | sed 's/^# //'
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" ;;
	"#"*) ;;
	*) not_ok "checker: $line" ;;
	esac
done <"$T/checks.txt"

ROWS=$(yi_sql "SELECT count(*) FROM event_log WHERE meeting = $M")
expect_eq "event_log holds every event of the meeting" "$ROWS" "$(grep -c "\"meeting\":$M," "$T/ev.json")"
