#!/usr/bin/env bash
# yishi watch across daemon restarts (issue 14): four watchers (the
# inspector in Chinese, text and --json; member m4 in English, text and
# --json) follow a party-group meeting while their daemon is stopped with
# SIGTERM (the meeting going on meanwhile through a second daemon on the
# same database), then killed with SIGKILL, and started again on its port
# in the middle of it, with the next events made at once after each
# restart (while the watchers are still away, waiting to reconnect). Each watcher must say on
# stderr that it lost the connection and reconnected, go on (no exit 1),
# and print every event of the meeting exactly once, in trail order: the
# same (seq, index) list as the daemon's event_log, each seq a trail entry
# of the body, no doubles, no gaps. Every line has its time and the
# office's words for its kind, in Chinese and in English, with the counts
# of the JSON event, and no raw kind or enum names.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities
# Restarts come back on the same port, as a daemon behind its address does.
PORT=$(cat "$INST/yishid.port")
sed -i -e "s/^port = .*/port = $PORT/" "$INST/yishid.conf"
grep -q "^port = $PORT\$" "$INST/yishid.conf" && ok "the daemon keeps port $PORT across restarts" ||
    not_ok "the daemon keeps its port: $(grep port "$INST/yishid.conf")"

ym_body party_group 5
ym_schedule
ym_item ordinary
IO=$I
ym_item personnel
IP=$I
ym_item ordinary
ID=$I
ym_notify

# watch_start NAME WHO LANG JSON: a watcher writing $T/w.NAME(.err).
watch_start() {
	"$YISHI" --identity "$INST/identities/$2" --timeout 20 --lang "$3" \
	    ${4:+--json} watch --meeting "$M" >"$T/w.$1" 2>"$T/w.$1.err" &
	eval "WPID_$1=\$!"
}
WATCHERS="zt zj et ej"
watch_start zt insp zh ""
watch_start zj insp zh json
watch_start et m4 en ""
watch_start ej m4 en json

# wait_for NAME REGEX [SECONDS]: until the watcher's stdout matches.
wait_for() {
	local i
	for i in $(seq 1 $((${3:-20} * 10))); do
		grep -qE "$2" "$T/w.$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# wait_err NAME REGEX [SECONDS]: until the watcher's stderr matches.
wait_err() {
	local i
	for i in $(seq 1 $((${3:-20} * 10))); do
		grep -qE "$2" "$T/w.$1.err" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
for w in zt et; do
	wait_for $w '^(正在关注会议|watching meeting) #' &&
	    ok "$w prints the snapshot and its heading" ||
	    not_ok "$w prints the snapshot: $(cat "$T/w.$w" "$T/w.$w.err")"
done
for w in zj ej; do
	wait_for $w '^\{"snapshot":' && ok "$w prints the snapshot first" ||
	    not_ok "$w prints the snapshot first: $(cat "$T/w.$w" "$T/w.$w.err")"
done

# alive WHAT: every watcher is still running.
alive() {
	local w pid
	for w in $WATCHERS; do
		eval "pid=\$WPID_$w"
		kill -0 "$pid" 2>/dev/null && ok "$w is still watching $1" ||
		    not_ok "$w is still watching $1: $(tail -5 "$T/w.$w.err")"
	done
}
# reconnected N: each watcher's stderr says it lost the connection and
# reconnected, N times in all.
reconnected() {
	local w n i
	for w in $WATCHERS; do
		# Up to 30 s for the Nth "reconnected" line.
		for i in $(seq 1 300); do
			case $w in
			z*) n=$(grep -cx "已重新连接，继续关注会议 #$M" "$T/w.$w.err") ;;
			*) n=$(grep -cx "reconnected: watching meeting #$M again" "$T/w.$w.err") ;;
			esac
			[ "$n" -ge "$2" ] && break
			sleep 0.1
		done
		n=$(grep -cE "^(已重新连接|reconnected)" "$T/w.$w.err")
		expect_eq "$w reconnected ($1)$([ "$n" = "$2" ] || tail -3 "$T/w.$w.err")" "$n" "$2"
	done
}

# 1. Before any restart: leave, attendance, the opening.
expect_rc 0 "m4 asks leave" -- m4 leave request --meeting "$M" --reason 出差在外
expect_rc 0 "the chair grants it" -- sec leave approve --meeting "$M" --member m4
for n in sec m1 m2 m3; do
	expect_rc 0 "$n checks in" -- $n checkin --meeting "$M"
done
expect_rc 0 "m3 checks out" -- m3 checkout --meeting "$M"
expect_rc 0 "m3 checks in again" -- m3 checkin --meeting "$M"
expect_rc 0 "the meeting opens" -- sec meeting open --meeting "$M"
wait_for zj '"kind":"opened"' && ok "the opening reached the watcher" ||
    not_ok "the opening reached the watcher"

# 2. SIGTERM: the daemon stops; the watchers say so and keep trying.
yi_stop
expect_eq "yishid exits 0 on SIGTERM" "$?" 0
for w in $WATCHERS; do
	case $w in
	z*) wait_err $w '^与服务器的连接中断，第 1 次重连（0\.[45] 秒后）…$' 10 ;;
	*) wait_err $w '^the connection to the server was lost: reconnect attempt 1 \(in 0\.[45] s\)\.\.\.$' 10 ;;
	esac && ok "$w says the connection was lost, and when it retries" ||
	    not_ok "$w says the connection was lost: $(cat "$T/w.$w.err")"
done
sleep 2
alive "while the daemon is down"
for w in zt et; do
	grep -qE "第 [2-9] 次重连|reconnect attempt [2-9] " "$T/w.$w.err" &&
	    ok "$w keeps retrying while the daemon is down" ||
	    not_ok "$w keeps retrying: $(cat "$T/w.$w.err")"
done
# While it is down, the meeting goes on through a second daemon (another
# port, the same database): what happens there is what the watchers
# missed.
sed -e 's/^port = .*/port = 0/' -e 's/^port_file = .*/port_file = yishid-b.port/' \
    -e 's/^pid_file = .*/pid_file = yishid-b.pid/' \
    "$INST/yishid.conf" >"$INST/yishid-b.conf"
"$YISHID" -c "$INST/yishid-b.conf" >>"$T/daemon-b.log" 2>&1 &
PID_B=$!
for _ in $(seq 1 200); do
	[ -s "$INST/yishid-b.port" ] && break
	sleep 0.1
done
export YISHI_SERVER=127.0.0.1:$(cat "$INST/yishid-b.port")
expect_rc 0 "the ordinary item starts (while the watchers' daemon is down)" -- sec item start --item "$IO"
expect_rc 0 "m1 states agree (while it is down)" -- m1 state --item "$IO" --position agree --text 同意
kill -TERM "$PID_B"
rc=0
wait "$PID_B" || rc=$?
expect_eq "the second daemon exits 0 on SIGTERM" "$rc" 0
yi_start
expect_eq "the daemon is back on its port" "$YISHI_SERVER" "127.0.0.1:$PORT"
# At once, before the watchers are back: they must catch up.
expect_rc 0 "m2 states disagree (just after the restart)" -- m2 state --item "$IO" --position disagree --text 有保留
reconnected "after SIGTERM" 1
expect_rc 0 "m3 states agree" -- m3 state --item "$IO" --position agree --text 同意
expect_rc 0 "the secretary states last" -- sec state --item "$IO" --position agree --text 同意
expect_rc 0 "a roll-call vote opens" -- sec vote open --item "$IO" --method roll_call
expect_rc 0 "m1 votes yes" -- m1 vote cast --item "$IO" --choice yes
expect_rc 0 "m2 votes no" -- m2 vote cast --item "$IO" --choice no
wait_for zj '"kind":"ballot".*"member":"m2"|"member":"m2".*"kind":"ballot"' &&
    ok "m2's ballot reached the watcher" || not_ok "m2's ballot reached the watcher"

# A late watcher's snapshot, in each language: attendance with reasons,
# quorum, the item being heard with its statements in order, the vote's
# counts and who is still to vote.
for lang in zh en; do
	"$YISHI" --identity "$INST/identities/insp" --timeout 20 --lang $lang \
	    watch --meeting "$M" >"$T/late.$lang" 2>&1 &
	LPID=$!
	for _ in $(seq 1 100); do
		grep -qE "^(正在关注会议|watching meeting) #" "$T/late.$lang" && break
		sleep 0.1
	done
	kill -INT $LPID
	wait $LPID
	expect_eq "a late watcher ($lang) ends with exit 0" "$?" 0
done
# has_line FILE LINE WHAT: the snapshot has exactly that line.
has_line() {
	grep -qxF -- "$2" "$1" && ok "late snapshot: $3" ||
	    not_ok "late snapshot: $3: no line '$2' in: $(cat "$1")"
}
TIO=$(sed -n "s/^    [0-9]*\. #$IO「\(.*\)」—— 表决中\$/\1/p" "$T/late.zh")
[ -n "$TIO" ] && ok "late snapshot: the agenda shows the item in its vote" ||
    not_ok "late snapshot: the agenda: $(cat "$T/late.zh")"
has_line "$T/late.zh" "  出席（4 人）：书记、委员1、委员2、委员3" "who is present"
has_line "$T/late.zh" "  请假（1 人）：委员4（出差在外）" "who is on leave, with the reason"
has_line "$T/late.zh" "  法定人数：应到 5 人，实到 4 人，需 3 人 —— 已达到" "quorum against N"
has_line "$T/late.zh" "  正在审议：议题 #$IO「$TIO」—— 表决中" "the item being heard"
has_line "$T/late.zh" "    表态（按发言顺序）：1. 委员1 同意；2. 委员2 不同意；3. 委员3 同意；4. 书记 同意" "the statements in order, the secretary last"
has_line "$T/late.zh" "    表决：记名投票 —— 进行中；赞成 1，反对 1，弃权 0；已投 2 票，应参加表决 4 人" "the vote with its running counts"
has_line "$T/late.zh" "    尚待投票：委员3、书记" "who is still to vote, the secretary last"
has_line "$T/late.en" "  on leave (1): 委员4 (出差在外)" "in English: who is on leave"
has_line "$T/late.en" "  quorum: 5 seats, 4 present, 3 needed — met" "in English: quorum"
has_line "$T/late.en" "    vote: roll-call vote — open; yes 1, no 1, abstain 0; 2 cast of 4" "in English: the vote"
has_line "$T/late.en" "    still to vote: 委员3, 书记" "in English: who is still to vote"

# 3. SIGKILL mid-vote; the next ballots come at once after the restart.
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
sleep 1
alive "after the daemon was killed"
yi_start
expect_rc 0 "m3 votes yes (just after the restart)" -- m3 vote cast --item "$IO" --choice yes
expect_rc 0 "the secretary votes yes" -- sec vote cast --item "$IO" --choice yes
expect_rc 0 "the roll-call vote closes" -- sec vote close --item "$IO"
reconnected "after SIGKILL" 2

# 4. A secret vote, a recusal, a deferral, the chair handed over, the
#    closing and the minutes.
expect_rc 0 "the personnel item starts" -- sec item start --item "$IP"
ym_state_all "$IP" agree m1 m2 m3 sec
ym_secret_open "$IP" m2,m3
ym_secret_cast "$IP" "m1:no m2:yes m3:yes sec:yes"
expect_secret_close "the secret vote closes, counted by m2 and m3" "$IP" m2,m3
expect_rc 0 "m1 steps aside from the third item" -- m1 recuse --item "$ID" --member m1 --reason 近亲属任职
expect_rc 0 "the third item starts" -- sec item start --item "$ID"
expect_rc 0 "the third item is deferred" -- sec item defer --item "$ID" --reason 待调研
expect_rc 0 "the secretary hands the chair to m2" -- sec meeting delegate --meeting "$M" --chair m2
expect_rc 0 "the meeting closes" -- m2 meeting close --meeting "$M"
expect_rc 0 "the chair signs the minutes" -- m2 minutes sign --meeting "$M"
expect_rc 0 "the chair appends a corrigendum" -- m2 minutes correct --meeting "$M" --text 更正笔误
for w in zj ej; do
	wait_for $w '"kind":"minutes_corrected"' 30 && ok "$w saw the last event" ||
	    not_ok "$w saw the last event: $(tail -3 "$T/w.$w")"
done
sleep 1
for w in $WATCHERS; do
	eval "pid=\$WPID_$w"
	kill -INT "$pid" 2>/dev/null
	rc=0
	wait "$pid" || rc=$?
	expect_eq "$w ends with exit 0 on SIGINT" "$rc" 0
done

for w in zt et; do
	echo "# ---- what $w printed (stdout, then stderr) ----"
	sed 's/^/#   /' "$T/w.$w" "$T/w.$w.err"
done

# The meeting's events as the daemon keeps them, and the body's trail.
yi_sql "select seq || ' ' || idx from event_log where meeting = $M order by seq, idx" >"$T/event_log"
yi_sql "select seq || ' ' || floor(extract(epoch from at))::bigint from trail where body_id = $B order by seq" >"$T/trail"
echo "# event_log: $(wc -l <"$T/event_log") events"

# The checker: every watcher against the event_log and the trail; each
# text line against its JSON event, in its language.
PYRC=0
python3 - "$T" "$M" >"$T/checks" 2>"$T/checks.err" <<'PY' || PYRC=$?
import json, re, sys
T, M = sys.argv[1], int(sys.argv[2])
n = 0
def check(cond, what):
    global n
    n += 1
    print(("OK " if cond else "FAIL ") + what.replace("\n", "\\n"))
    return cond

def jsonl(name):
    lines = [l for l in open("%s/w.%s" % (T, name), encoding="utf-8") if l.strip()]
    snap = json.loads(lines[0])
    evs = [json.loads(l) for l in lines[1:]]
    return snap, evs

from datetime import datetime
log = []
for l in open(T + "/event_log"):
    p = l.split()
    if p:
        log.append((int(p[0]), int(p[1])))
trail = {}
for l in open(T + "/trail"):
    p = l.split()
    if p:
        trail[int(p[0])] = int(p[1])
def epoch(at):
    try:
        return int(datetime.fromisoformat(at).timestamp())
    except ValueError:
        return None
TIME = re.compile(r"^(\d\d:\d\d:\d\d)  (.*)$")
rows = {}
for name in ("zj", "ej"):
    snap, evs = jsonl(name)
    check("snapshot" in snap and snap["snapshot"]["meeting"]["id"] == M,
          "%s: the first line is the meeting's snapshot" % name)
    pos = (snap["snapshot"]["seq"], snap["snapshot"]["index"])
    got = [(e["seq"], e["index"]) for e in evs]
    want = [x for x in log if (x[0], x[1]) > pos]
    check(got == want, "%s: every event after the snapshot once, in order, as event_log has them (%d, want %d)%s"
          % (name, len(got), len(want), "" if got == want else ": got %s want %s" % (got, want)))
    ps = [(e["seq"], e["index"]) for e in evs]
    check(all(a < b for a, b in zip(ps, ps[1:])), "%s: positions only grow (no doubles)" % name)
    bad = [e for e in evs if e["seq"] not in trail or epoch(e["at"]) != trail[e["seq"]]]
    check(not bad, "%s: each event's seq is an entry of the body's trail, and its time that entry's%s"
          % (name, "" if not bad else ": %s" % bad[:3]))
    check(all(e["meeting"] == M and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", e.get("at", "")) for e in evs),
          "%s: every event names the meeting and its time" % name)
    rows[name] = evs
check(rows["zj"] == rows["ej"], "the inspector's and m4's JSON events are the same")
evs = rows["zj"]
kinds = set(e["kind"] for e in evs)
need = {"leave_requested", "leave_approved", "checkin", "checkout", "opened", "item_started",
        "statement", "vote_opened", "ballot", "vote_closed", "vote_keying", "vote_key",
        "vote_counting", "vote_decrypt", "recused", "deferred", "delegated", "closed",
        "minutes_signed", "minutes_corrected"}
check(need <= kinds, "the meeting produced every kind tested (missing: %s)" % sorted(need - kinds))

# What each kind's line must say, as a regex built from its event.
def q(e, zh):
    qq = e.get("quorum")
    if not qq:
        return ""
    if zh:
        return r"（应到 %d 人，实到 %d 人，需 %d 人，%s）" % (qq["n"], qq["present"], qq["needed"], "已达法定人数" if qq["met"] else "未达法定人数")
    return r" \(%d seats, %d present, %d needed: %s\)" % (qq["n"], qq["present"], qq["needed"], "quorum met" if qq["met"] else "no quorum")
ZW = {"agree": "同意", "disagree": "不同意", "abstain": "弃权", "defer": "暂缓", "yes": "赞成", "no": "反对",
      "passed": "通过", "rejected": "未通过", "deferred": "暂缓", "no_quorum": "不足法定人数",
      "roll_call": "记名投票", "secret": "无记名投票", "hands": "举手表决", "oral": "口头表决", "decided": "已决定"}
EW = {"agree": "agree", "disagree": "disagree", "abstain": "abstain", "defer": "defer", "yes": "yes", "no": "no",
      "passed": "passed", "rejected": "rejected", "deferred": "deferred", "no_quorum": "no quorum",
      "roll_call": "roll-call vote", "secret": "secret ballot", "hands": "show of hands", "oral": "oral vote"}
def want(e, zh):
    k, d = e["kind"], e.get("detail", "")
    who = re.escape(e.get("display") or e.get("member") or "-")
    it = (r"议题 #%d(「[^」]*」)?" if zh else r"item #%d( \"[^\"]*\")?") % e.get("item", 0)
    c = lambda *f: tuple(e.get(x, 0) for x in f)
    if zh:
        return {
            "leave_requested": who + r" 请假：" + re.escape(d),
            "leave_approved": r"准予 " + who + r" 请假：" + re.escape(d) + q(e, 1),
            "checkin": who + r" 签到" + q(e, 1),
            "checkout": who + r" 签退离会" + q(e, 1),
            "opened": who + r" 宣布会议开始" + q(e, 1),
            "closed": who + r" 宣布散会" + q(e, 1),
            "item_started": r"议题 #%d(「[^」]*」| )开始审议" % e.get("item", 0) + r"；(尚待表态：.+|均已表态)",
            "statement": who + r" 就" + it + r"表态：" + ZW.get(d, "?") + r"；(尚待表态：.+|均已表态)",
            "vote_opened": it + r" 开始表决（" + ZW.get(d, "?") + r"，应参加表决 %d 人）；(尚待投票：.+|均已投票)" % c("electorate"),
            "ballot": (who + r" 就" + it + r"投票：" + ZW.get(d, "?") + r"（赞成 %d，反对 %d，弃权 %d；已投 %d 票，应参加表决 %d 人）" % c("yes", "no", "abstain", "cast", "electorate")
                       if d else who + r" 已就" + it + r"投票（无记名投票，已投 %d 票，应参加表决 %d 人）" % c("cast", "electorate")) + r"；(尚待投票：.+|均已投票)",
            "vote_closed": it + r" 表决结束：" + ZW.get(e.get("outcome"), "?") + r"（赞成 %d，反对 %d，弃权 %d；共投 %d 票，应参加表决 %d 人）；依据 R-[A-Z]+-\d+" % c("yes", "no", "abstain", "cast", "electorate"),
            "vote_keying": it + r" 无记名投票：等待监票人 委员2、委员3 生成计票密钥",
            "vote_key": r"监票人 " + who + r" 已就" + it + r"提交计票密钥份额",
            "vote_counting": it + r" 投票截止（已投 %d 票），等待监票人 委员2、委员3 计票" % c("cast"),
            "vote_decrypt": r"监票人 " + who + r" 已就" + it + r"提交计票份额",
            "recused": who + r" 就" + it + r"回避：" + re.escape(d),
            "deferred": r"议题 #%d(「[^」]*」| )暂缓审议" % e.get("item", 0) + r"：" + re.escape(d) + r"(；依据 R-[A-Z]+-\d+)?",
            "delegated": who + r" 将主持工作交由 委员2",
            "minutes_signed": r"主持人 " + who + r" 签发了会议纪要",
            "minutes_corrected": r"主持人 " + who + r" 追加了会议纪要的更正",
        }.get(k, r"NO WORDS FOR " + k)
    return {
        "leave_requested": who + r" asked for leave: " + re.escape(d),
        "leave_approved": r"leave was granted to " + who + r": " + re.escape(d) + q(e, 0),
        "checkin": who + r" checked in" + q(e, 0),
        "checkout": who + r" checked out" + q(e, 0),
        "opened": who + r" opened the meeting" + q(e, 0),
        "closed": who + r" closed the meeting" + q(e, 0),
        "item_started": it + r" is being heard; (still to state: .+|all have stated)",
        "statement": who + r" stated on " + it + r": " + EW.get(d, "?") + r"; (still to state: .+|all have stated)",
        "vote_opened": it + r": vote opened \(" + EW.get(d, "?") + r", electorate %d\); (still to vote: .+|all have voted)" % c("electorate"),
        "ballot": (who + r" voted " + EW.get(d, "?") + r" on " + it + r" \(yes %d, no %d, abstain %d; %d cast of %d\)" % c("yes", "no", "abstain", "cast", "electorate")
                   if d else who + r" voted on " + it + r" \(secret ballot: %d cast of %d\)" % c("cast", "electorate")) + r"; (still to vote: .+|all have voted)",
        "vote_closed": it + r": vote closed, " + EW.get(e.get("outcome"), "?") + r" \(yes %d, no %d, abstain %d; %d cast of %d\); rule R-[A-Z]+-\d+" % c("yes", "no", "abstain", "cast", "electorate"),
        "vote_keying": it + r": secret ballot, waiting for the scrutineers 委员2, 委员3 to make the counting key",
        "vote_key": r"scrutineer " + who + r" published a key share for " + it,
        "vote_counting": it + r": ballots closed \(%d cast\), waiting for the scrutineers 委员2, 委员3 to count" % c("cast"),
        "vote_decrypt": r"scrutineer " + who + r" published a count share for " + it,
        "recused": who + r" stepped aside from " + it + r": " + re.escape(d),
        "deferred": it + r" was deferred: " + re.escape(d) + r"(; rule R-[A-Z]+-\d+)?",
        "delegated": who + r" handed the chair to 委员2",
        "minutes_signed": r"the chair " + who + r" signed the minutes",
        "minutes_corrected": r"the chair " + who + r" appended a corrigendum to the minutes",
    }.get(k, r"NO WORDS FOR " + k)

RAW = re.compile(r"\b(leave_requested|leave_approved|minutes_signed|minutes_corrected|delegated|recused|"
                 r"item_started|vote_opened|vote_closed|vote_keying|vote_key|vote_counting|vote_decrypt|"
                 r"vote_void|checkin|checkout|roll_call|no_quorum|STATUS_\w+|\[-\])")
for name, zh in (("zt", True), ("et", False)):
    text = open("%s/w.%s" % (T, name), encoding="utf-8").read().split("\n")
    head = [i for i, l in enumerate(text) if l.startswith("正在关注会议 #" if zh else "watching meeting #")]
    check(len(head) == 1, "%s: one heading after the snapshot" % name)
    snap = text[:head[0]] if head else []
    lines = [l for l in text[head[0] + 1:] if l.strip()] if head else []
    check(len(lines) == len(evs), "%s: one line per event (%d lines, %d events)" % (name, len(lines), len(evs)))
    bad = []
    for e, l in zip(evs, lines):
        m = TIME.match(l)
        if not m or m.group(1) != e["at"][11:19]:
            bad.append("time: " + l)
            continue
        if not re.fullmatch(want(e, zh), m.group(2)):
            bad.append("%s: %r !~ %r" % (e["kind"], m.group(2), want(e, zh)))
        if RAW.search(re.sub(r"「[^」]*」|\"[^\"]*\"", "", l)):
            bad.append("raw name: " + l)
    check(not bad, "%s: every line has the event's time and the office's words and counts for its kind%s"
          % (name, "" if not bad else ": " + " | ".join(bad[:6])))
    s = "\n".join(snap)
    if zh:
        check(re.search(r"^会议 #%d「.*」—— 已通知$" % M, s, re.M) and re.search(r"^  法定人数：应到 5 人，实到 0 人，需 3 人 —— 未达到$", s, re.M)
              and re.search(r"^  议程：$", s, re.M) and s.count("—— 已列入议程") == 3 and "当前没有正在审议的议题" in s,
              "zt: the snapshot shows the meeting, quorum against N, the agenda with states: %r" % s)
    else:
        check(re.search(r"^Meeting #%d \".*\" — noticed$" % M, s, re.M) and re.search(r"^  quorum: 5 seats, 0 present, 3 needed — not met$", s, re.M)
              and s.count("— approved") == 3 and "no item is being heard" in s,
              "et: the snapshot in English: %r" % s)
print("# python checks: %d" % n)
PY
while IFS= read -r l; do
	case $l in
	"OK "*) ok "${l#OK }" ;;
	"FAIL "*) not_ok "${l#FAIL }" ;;
	*) echo "$l" ;;
	esac
done <"$T/checks"
expect_eq "the checker ran to its end: $(tail -3 "$T/checks.err")" "$PYRC" 0
