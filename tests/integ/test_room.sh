#!/usr/bin/env bash
# yishi room: the live meeting room, driven in a real terminal. Each room
# runs in a detached tmux session of a given size on a private socket;
# keys go in with send-keys and the screen is read back with capture-pane.
# Against the real daemon, in Chinese and in English, at 100x30 and
# 160x45: check-in from the room, the statement round with the secretary
# (the top leader) refused until last (R-LAST-2 shown in the view), a
# roll-call vote cast and closed from the rooms, a cancelled confirmation,
# the meeting closed and the terminal given back on q; a terminal too
# small says so; the wall screen (--projector) on a secret vote names no
# voter.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
TM=(tmux -S "$T/tmux.sock")
stop_tmux() {
	"${TM[@]}" kill-server 2>/dev/null
}
trap 'stop_tmux; yi_cleanup' EXIT

yi_setup
ym_identities

# room_start SESSION WHO COLS LINES [ARGS...]: yishi room as WHO in a
# detached terminal of COLS x LINES; the shell around it prints
# ROOM_EXIT=code once the room has ended.
room_start() {
	local s=$1 who=$2 w=$3 h=$4
	shift 4
	"${TM[@]}" new-session -d -s "$s" -x "$w" -y "$h" \
	    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$XDG_STATE_HOME' \
	    YISHI_SERVER='$YISHI_SERVER' '$YISHI' --identity \
	    '$INST/identities/$who' --timeout 20 $* room --meeting $M \
	    ${ROOM_ARGS:-}; echo ROOM_EXIT=\$?; sleep 600"
}

# screen SESSION: the terminal's text now.
screen() {
	"${TM[@]}" capture-pane -p -t "$1"
}

# wait_for SESSION PATTERN WHAT [SECONDS]: polls the screen until a line
# matches the extended regular expression; a check either way.
wait_for() {
	local s=$1 pat=$2 what=$3 limit=${4:-20} i
	for i in $(seq 1 $((limit * 10))); do
		if screen "$s" | grep -qE -- "$pat"; then
			ok "$what"
			return 0
		fi
		sleep 0.1
	done
	not_ok "$what: /$pat/ never showed; the screen:"
	screen "$s" | sed 's/^/#   /'
	return 1
}

# wait_gone SESSION PATTERN WHAT [SECONDS]: polls until no line matches.
wait_gone() {
	local s=$1 pat=$2 what=$3 limit=${4:-20} i
	for i in $(seq 1 $((limit * 10))); do
		if ! screen "$s" | grep -qE -- "$pat"; then
			ok "$what"
			return 0
		fi
		sleep 0.1
	done
	not_ok "$what: /$pat/ still shows; the screen:"
	screen "$s" | sed 's/^/#   /'
	return 1
}

# keys SESSION KEY...: presses keys (tmux key names: y, Enter, Escape).
keys() {
	local s=$1
	shift
	"${TM[@]}" send-keys -t "$s" "$@"
}

# type_text SESSION TEXT: types text as it is (Chinese included).
type_text() {
	"${TM[@]}" send-keys -t "$1" -l "$2"
}

# size_of SESSION: "COLSxLINES" of its pane.
size_of() {
	"${TM[@]}" display-message -p -t "$1" '#{pane_width}x#{pane_height}'
}

# The words of each language the checks look for.
words() {
	if [ "$1" = en ]; then
		W_CHECKIN='your next step: please check in'
		W_CONFIRM_CHECKIN='Check in now\? \(y/N\)'
		W_CHECKED='checked in'
		W_OPEN='Meeting room .* open'
		W_TURN='your turn to state your position'
		W_LAST='you state last: wait'
		W_REFUSED='refused by rule R-LAST-2'
		W_STATED='statement recorded: agree'
		W_M1_STMT='委员1  agree'
		W_CHAIR_VOTE='you may open the vote'
		W_VOTE='please vote'
		W_VOTED='vote cast: yes'
		W_COUNTS='yes 2  no 0  abstain 0  cast 2 of 4'
		W_CLOSE_VOTE='everyone has voted'
		W_RESULT='result: passed'
		W_CANCEL='cancelled'
		W_CLOSED='the meeting is over'
		W_QUORUM='quorum: 4 present of 4'
		W_TO_STATE='still to state \(2\): 委员3, 书记 \(last\)'
	else
		W_CHECKIN='您的下一步：请签到'
		W_CONFIRM_CHECKIN='确认签到？\(y/N\)'
		W_CHECKED='已签到'
		W_OPEN='议事室 .*进行中'
		W_TURN='轮到您表态'
		W_LAST='您末位表态'
		W_REFUSED='被规则 R-LAST-2 拒绝'
		W_STATED='已表态：同意'
		W_M1_STMT='委员1  同意'
		W_CHAIR_VOTE='可开始表决'
		W_VOTE='请投票'
		W_VOTED='已投票：赞成'
		W_COUNTS='赞成 2　反对 0　弃权 0　已投 2 / 应投 4'
		W_CLOSE_VOTE='投票已齐'
		W_RESULT='结果：通过'
		W_CANCEL='已取消'
		W_CLOSED='会议已结束'
		W_QUORUM='法定人数：实到 4 / 应到 4'
		W_TO_STATE='尚未表态（2）：委员3、书记（末位）'
	fi
}

# scenario LANG M1_SIZE SEC_SIZE: one whole meeting in the rooms of m1
# (a member) and sec (the secretary, who chairs).
scenario() {
	local lang=$1 m1size=$2 secsize=$3 g=""
	[ "$lang" = en ] && g="--lang en"
	words "$lang"
	ym_body party_group 4 || return 1
	ym_schedule || return 1
	ym_item ordinary || return 1
	ym_notify || return 1
	local a=m1_$lang b=sec_$lang
	room_start "$a" m1 ${m1size%x*} ${m1size#*x} $g
	room_start "$b" sec ${secsize%x*} ${secsize#*x} $g
	expect_eq "[$lang] m1's room is $m1size" "$m1size" "$(size_of "$a")"
	expect_eq "[$lang] sec's room is $secsize" "$secsize" "$(size_of "$b")"

	# Check-in from the room, confirmed.
	wait_for "$a" "$W_CHECKIN" "[$lang] m1's room asks m1 to check in"
	keys "$a" c
	wait_for "$a" "$W_CONFIRM_CHECKIN" "[$lang] check-in asks for confirmation"
	keys "$a" y
	wait_for "$a" "$W_CHECKED" "[$lang] m1 checked in from the room"
	keys "$b" c
	wait_for "$b" "$W_CONFIRM_CHECKIN" "[$lang] the secretary's check-in asks too"
	keys "$b" y
	ym_checkin m2 m3 || return 1
	wait_for "$b" "$W_QUORUM" "[$lang] the chair's room counts four present"
	keys "$b" o
	keys "$b" y
	wait_for "$a" "$W_OPEN" "[$lang] m1's room sees the meeting opened"

	# The statement round: the secretary is kept last.
	keys "$b" t
	keys "$b" y
	wait_for "$a" "$W_TURN" "[$lang] m1's room: your turn to state"
	wait_for "$b" "$W_LAST" "[$lang] the secretary's room: you state last"
	keys "$b" s 1
	keys "$b" Enter
	keys "$b" y
	wait_for "$b" "$W_REFUSED" "[$lang] the secretary stating first is refused, R-LAST-2 shown"
	# m1 states with a reason typed in Chinese.
	keys "$a" s 1
	type_text "$a" "同意，资金已落实"
	keys "$a" Enter
	keys "$a" y
	wait_for "$a" "$W_STATED" "[$lang] m1 stated from the room"
	wait_for "$b" "$W_M1_STMT" "[$lang] the chair's room lists m1's statement"
	yj m1 meeting status --meeting "$M"
	if printf '%s' "$OUT" | grep -q '同意，资金已落实'; then
		ok "[$lang] the statement's text typed in the room is on record"
	else
		not_ok "[$lang] the statement's text typed in the room is on record: $OUT"
	fi
	ym_state_all "$I" agree m2 || return 1
	wait_for "$b" "$W_TO_STATE" "[$lang] still to state: m3, then the secretary last"
	ym_state_all "$I" agree m3 || return 1
	keys "$b" s 1
	keys "$b" Enter
	keys "$b" y
	wait_for "$b" "$W_CHAIR_VOTE" "[$lang] the secretary stated last; the chair may open the vote"

	# A roll-call vote, cast and closed from the rooms.
	keys "$b" b 3
	keys "$b" y
	wait_for "$a" "$W_VOTE" "[$lang] m1's room asks m1 to vote"
	keys "$a" v y
	keys "$a" y
	wait_for "$a" "$W_VOTED" "[$lang] m1 voted from the room"
	ym_cast_all "$I" yes m2 || return 1
	wait_for "$a" "$W_COUNTS" "[$lang] the live counts of an open vote"
	ym_cast_all "$I" yes m3 || return 1
	keys "$b" v y
	keys "$b" y
	wait_for "$b" "$W_CLOSE_VOTE" "[$lang] everyone voted: the chair may close the vote"
	keys "$b" e
	keys "$b" y
	wait_for "$a" "$W_RESULT" "[$lang] the result in m1's room"

	# A confirmation answered no sends nothing.
	keys "$b" x
	keys "$b" n
	wait_for "$b" "$W_CANCEL" "[$lang] closing the meeting, answered N, is cancelled"
	yj sec meeting status --meeting "$M"
	expect_eq "[$lang] the meeting is still open after N" open "$(jget meeting.state)"
	keys "$b" x
	keys "$b" y
	wait_for "$a" "$W_CLOSED" "[$lang] the meeting closed from the chair's room"
	yj sec meeting status --meeting "$M"
	expect_eq "[$lang] the meeting is closed on record" closed "$(jget meeting.state)"

	# q ends the room cleanly and gives the terminal back.
	for s in "$a" "$b"; do
		keys "$s" q
		wait_for "$s" '^ROOM_EXIT=0$' "[$lang] q ends $s's room with exit 0"
		if screen "$s" | grep -qE "$W_CLOSED|议事室|Meeting room"; then
			not_ok "[$lang] $s's terminal is restored after q"
		else
			ok "[$lang] $s's terminal is restored after q"
		fi
	done
}

# --help says the keys; without a terminal the room says it needs one.
OUT=$("$YISHI" room --help 2>&1)
if printf '%s' "$OUT" | grep -q 'yishi room --meeting M' &&
    printf '%s' "$OUT" | grep -q 's 表态' && printf '%s' "$OUT" | grep -q -- '--projector'; then
	ok "yishi room --help says the options and the keys"
else
	not_ok "yishi room --help says the options and the keys: $OUT"
fi
OUT=$("$YISHI" --lang en room --help 2>&1)
if printf '%s' "$OUT" | grep -q 'Keys: c check in'; then
	ok "yishi --lang en room --help, in English"
else
	not_ok "yishi --lang en room --help, in English: $OUT"
fi
ym_body party_group 2
ym_schedule
RC=0
OUT=$(yi m1 room --meeting "$M" </dev/null 2>&1) || RC=$?
expect_eq "without a terminal the room refuses (exit 2)" "$RC" 2
if printf '%s' "$OUT" | grep -q '需要在终端中运行'; then
	ok "and says it needs a terminal"
else
	not_ok "and says it needs a terminal: $OUT"
fi

scenario zh 100x30 160x45
scenario en 160x45 100x30

# A terminal too small says so, and q still ends it.
ROOM_ARGS= room_start tiny m1 50 12
wait_for tiny '终端太小：至少需要 60×16（当前 50×12）' "a 50x12 terminal is said to be too small"
"${TM[@]}" resize-window -t tiny -x 100 -y 30 2>/dev/null
wait_for tiny '议事室' "grown to 100x30 (KEY_RESIZE), the room draws"
keys tiny q
wait_for tiny '^ROOM_EXIT=0$' "q ends the small room"

# The daemon restarts under an open room: it says it is reconnecting,
# then carries on with the events that come after (same port).
sed -i "s/^port = .*/port = $(cat "$INST/yishid.port")/" "$INST/yishid.conf"
ym_meeting party_group 3 "sec m1" ordinary
ROOM_ARGS= room_start again m1 100 30
wait_for again '议事室' "a room to see through a daemon restart"
yi_stop
wait_for again '重新连接中…' "the room says it is reconnecting (重新连接中…) while the daemon is down"
yi_start
wait_gone again '重新连接中' "the room is connected again once the daemon is back" 40
ym_checkin m2
wait_for again '委员2 签到' "an event after the restart reaches the room"
wait_for again '法定人数：实到 3 / 应到 3' "and the quorum moves with it"
keys again q
wait_for again '^ROOM_EXIT=0$' "q ends the room after the reconnect"

# The wall screen on a secret vote: counts, never a voter's name.
ym_meeting party_group 4 "sec m1 m2 m3" personnel
ym_start "$I"
ym_state_all "$I" agree m1 m2 m3 sec
ROOM_ARGS=--projector room_start wall insp 160 45
wait_for wall '议事室' "the projector's room is drawn"
# m3 keeps a room open and is a scrutineer: the room makes m3's key share
# and later counts by itself, as m3's watch would; m3 votes from it.
ROOM_ARGS= room_start voter m3 100 30
wait_for voter '议事室' "m3's room is drawn"
ym_must "a secret vote, scrutineers m1 and m3" -- sec vote open --item "$I" \
    --method secret --scrutineers m1,m3
ym_must "m1 publishes a key share" -- m1 vote key --item "$I"
wait_for voter '监票人：已生成计票密钥' "m3's room made m3's key share by itself"
for i in $(seq 1 100); do
	yj sec vote show --item "$I"
	[ "$(jget vote.state)" = open ] && break
	sleep 0.1
done
expect_eq "the secret vote takes ballots" "$(jget vote.state)" open
wait_for voter '请投票' "m3's room asks m3 to vote"
ym_secret_cast "$I" "m2:yes"
keys voter v n
wait_for voter '确认投票“反对”' "m3's secret ballot asks for confirmation"
keys voter y
wait_for voter '已投 2 / 应投 4' "m3's encrypted ballot is cast from the room"
wait_for wall '已投 2 / 应投 4' "the wall screen counts the ballots cast (2 of 4)"
SCR=$(screen wall | tail -n +2)
leak=
for n in 书记 委员1 委员2 委员3 m1 m2 m3; do
	printf '%s' "$SCR" | grep -q -- "$n" && leak="$leak $n"
done
if [ -z "$leak" ]; then
	ok "the wall screen names no one during the secret vote"
else
	not_ok "the wall screen names no one during the secret vote:$leak"
	printf '%s\n' "$SCR" | sed 's/^/#   /'
fi
if printf '%s' "$SCR" | grep -qE 'c 签到|q 退出|按 [a-z]'; then
	not_ok "the wall screen shows no keys"
else
	ok "the wall screen shows no keys"
fi
ym_secret_cast "$I" "m1:yes sec:yes"
# Only m1 counts by hand: m3's room counts by itself.
expect_secret_close "the secret vote is counted" "$I" "m1"
wait_for voter '监票人：已提交计票份额' "m3's room submitted m3's count share by itself"
yj sec vote show --item "$I"
expect_eq "the count: 3 yes (m1, m2, sec)" "$(jget vote.yes)" 3
expect_eq "the count: 1 no (m3, from the room)" "$(jget vote.no)" 1
keys voter q
wait_for voter '^ROOM_EXIT=0$' "q ends m3's room"
wait_for wall '结果：通过' "the wall screen shows the result once counted"
keys wall c
keys wall y
keys wall s 1
keys wall Enter
keys wall y
sleep 0.5
if screen wall | grep -qE '正在提交|已签到|确认|已表态|被规则'; then
	not_ok "the wall screen's keys do nothing"
	screen wall | sed 's/^/#   /'
else
	ok "the wall screen's keys do nothing (no prompt, nothing sent)"
fi
keys wall q
wait_for wall '^ROOM_EXIT=0$' "q ends the wall screen"
