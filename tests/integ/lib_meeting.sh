# lib_meeting.sh: short set-ups for the rule tests, sourced after lib.sh.
#
# One set of identities serves every body of a file: sec (the secretary
# seat: 书记 / 局长 / 一把手), m1..m8 (members), rec (recorder), off
# (office), insp (inspector), obs (observer). Each scenario makes a new
# body, so the same people sit in many bodies.
#
#   ym_identities                      issue them all (once per file)
#   ym_body KIND N                     a body of N voting seats: sec and
#                                      m1..m(N-1), plus rec, off, insp, obs;
#                                      sets B
#   ym_schedule [WHEN]                 an urgent meeting (office) at WHEN,
#                                      default 10 minutes from now; sets M
#   ym_item CATEGORY [ARGS...]         m1 proposes (sec when N is 1), sec
#                                      approves; ARGS go to agenda propose;
#                                      sets I and appends to ITEMS
#   ym_notify                          the office sends the notice
#   ym_checkin NAME...                 each checks in
#   ym_open                            sec opens the meeting
#   ym_meeting KIND N "PRESENT" [SPEC...]
#                                      all of it: body, urgent meeting, one
#                                      approved item per SPEC (CATEGORY or
#                                      CATEGORY:emergency), notice, the
#                                      PRESENT names checked in, opened.
#                                      Sets B, M, ITEMS (ids in SPEC order)
#                                      and I (the first item).
#   ym_start ITEM                      sec starts the item
#   ym_state_all ITEM POS NAME...      each NAME states POS (with a reason)
#   ym_cast_all ITEM CHOICE NAME...    each NAME casts CHOICE
#   ym_secret_open ITEM "S1,S2"        sec opens a secret vote with these
#                                      scrutineers (监票人), each publishes
#                                      their key share (vote key)
#   ym_secret_cast ITEM "N:C ..."      each N casts the encrypted ballot C,
#                                      one at a time
#   ym_secret_close ITEM "S1,S2"       sec closes, each scrutineer counts
#                                      (vote count); the closing answer
#                                      (result) is left in OUT and RC
#   ym_secret_vote ITEM "S1,S2" "N:C ..."
#                                      the three: one whole secret round
#
# Each step that fails prints "not ok" with the command and its answer, so
# a broken set-up shows where it broke; a step that works prints nothing
# (ym_meeting prints one "ok" line for the whole set-up).

YM_SEQ=0
YM_N=0

# ym_must WHAT -- WHO ARGS...: runs yj; a failure is a failed check.
ym_must() {
	local what=$1
	shift 2
	yj "$@"
	if [ "$RC" -ne 0 ]; then
		not_ok "set-up: $what: exit $RC: $OUT $(cat "$T/stderr")"
		return 1
	fi
	return 0
}

ym_identities() {
	yi_issue sec m1 m2 m3 m4 m5 m6 m7 m8 rec off insp obs
}

ym_body() {
	local kind=$1 n=$2 i
	YM_SEQ=$((YM_SEQ + 1))
	YM_N=$n
	ym_must "create a $kind body" -- admin body create \
	    --name "议事机构$YM_SEQ" --kind "$kind" || return 1
	B=$(jget body.id)
	ym_must "seat sec" -- admin seat add --body "$B" --identity sec \
	    --display 书记 --role secretary --rank 1 || return 1
	for i in $(seq 1 $((n - 1))); do
		ym_must "seat m$i" -- admin seat add --body "$B" --identity "m$i" \
		    --display "委员$i" --role member --rank $((i + 1)) || return 1
	done
	ym_must "seat rec" -- admin seat add --body "$B" --identity rec \
	    --display 记录人 --role recorder || return 1
	ym_must "seat off" -- admin seat add --body "$B" --identity off \
	    --display 办公室 --role office || return 1
	ym_must "seat insp" -- admin seat add --body "$B" --identity insp \
	    --display 纪检组长 --role inspector || return 1
	ym_must "seat obs" -- admin seat add --body "$B" --identity obs \
	    --display 列席人 --role observer || return 1
	ITEMS=()
}

ym_schedule() {
	ym_must "schedule an urgent meeting" -- off meeting schedule --body "$B" \
	    --title "会议$YM_SEQ" --at "${1:-$(yi_at 10)}" --urgent \
	    --reason 工作需要 || return 1
	M=$(jget meeting.id)
}

ym_item() {
	local cat=$1 by=m1
	shift
	[ "$YM_N" -le 1 ] && by=sec
	ym_must "propose a $cat item" -- $by agenda propose --meeting "$M" \
	    --title "议题${#ITEMS[@]}（$cat）" --category "$cat" "$@" || return 1
	I=$(jget item.id)
	ym_must "approve item $I" -- sec agenda approve --item "$I" || return 1
	ITEMS+=("$I")
}

ym_notify() {
	ym_must "notice of meeting $M" -- off meeting notify --meeting "$M"
}

ym_checkin() {
	local n
	for n in "$@"; do
		ym_must "$n checks in" -- "$n" checkin --meeting "$M" || return 1
	done
}

ym_open() {
	ym_must "open the meeting" -- sec meeting open --meeting "$M"
}

ym_meeting() {
	local kind=$1 n=$2 present=$3 spec first
	shift 3
	ym_body "$kind" "$n" || return 1
	ym_schedule || return 1
	for spec in "$@"; do
		case $spec in
		*:emergency)
			ym_item "${spec%:emergency}" --emergency --reason 情况紧急 ||
			    return 1 ;;
		*)
			ym_item "$spec" || return 1 ;;
		esac
	done
	ym_notify || return 1
	# shellcheck disable=SC2086
	ym_checkin $present || return 1
	ym_open || return 1
	first=${ITEMS[0]:-}
	I=$first
	ok "set-up: $kind body of $n voting seats (#$B), meeting #$M open with: $present"
}

ym_start() {
	ym_must "start item $1" -- sec item start --item "$1"
}

ym_state_all() {
	local item=$1 pos=$2 n
	shift 2
	for n in "$@"; do
		ym_must "$n states $pos" -- "$n" state --item "$item" \
		    --position "$pos" --text "$n的意见" || return 1
	done
}

ym_cast_all() {
	local item=$1 choice=$2 n
	shift 2
	for n in "$@"; do
		ym_must "$n votes $choice" -- "$n" vote cast --item "$item" \
		    --choice "$choice" || return 1
	done
}

# ym_secret_open ITEM SCRUTINEERS: the chair (sec) opens a secret vote
# with the scrutineers ("a,b"), then each scrutineer's client publishes its
# key share (docs/ballot.md): the vote then accepts ballots.
ym_secret_open() {
	local item=$1 scrs=$2 s
	ym_must "secret vote on item $item, scrutineers $scrs" -- sec vote open \
	    --item "$item" --method secret --scrutineers "$scrs" || return 1
	for s in ${scrs//,/ }; do
		ym_must "scrutineer $s publishes a key share" -- "$s" vote key \
		    --item "$item" || return 1
	done
}

# ym_secret_keyed ITEM SCRUTINEERS MEMBER...: the item started, each member
# states agree and the chair (sec) last, then a secret vote opened with the
# scrutineers ("a,b") and each one's key share made: the round is open, its
# R-VOTE-9 period running. The opening and each key share are checks; OUT
# is left with the last key share's answer.
ym_secret_keyed() {
	local item=$1 scrs=$2 s
	shift 2
	ym_start "$item"
	ym_state_all "$item" agree "$@"
	ym_must "sec states last on item $item" -- sec state --item "$item" \
	    --position agree --text 同意
	expect_rc 0 "secret vote on item $item, scrutineers ${scrs//,/, }" \
	    -- sec vote open --item "$item" --method secret \
	    --scrutineers "$scrs"
	for s in ${scrs//,/ }; do
		expect_rc 0 "$s makes its key share" -- "$s" vote key \
		    --item "$item"
	done
}

# ym_secret_cast ITEM "NAME:CHOICE ...": each member's client encrypts and
# casts their ballot, one at a time as in a meeting.
ym_secret_cast() {
	local item=$1 nc
	for nc in $2; do
		ym_must "${nc%%:*} casts a secret ballot" -- "${nc%%:*}" vote cast \
		    --item "$item" --choice "${nc#*:}" || return 1
	done
}

# ym_secret_close ITEM SCRUTINEERS: the chair closes the vote (waiting for
# its result), each scrutineer publishes its decryption share; the chair's
# answer (result.*) is left in OUT and its exit code in RC, as yj does. A
# refusal (R-VOTE-9) comes back at once, with no count.
ym_secret_close() {
	local item=$1 scrs=$2 s pid i failed=0
	"$YISHI" --identity "$INST/identities/sec" --timeout 60 --json vote close \
	    --item "$item" --wait >"$T/secret_close.out" 2>"$T/secret_close.err" &
	pid=$!
	for i in $(seq 1 200); do
		kill -0 "$pid" 2>/dev/null || break
		OUT=$("$YISHI" --identity "$INST/identities/sec" --timeout 20 \
		    --json vote show --item "$item" 2>/dev/null)
		[ "$(jget vote.state)" = counting ] && break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null && [ "$(jget vote.state)" != counting ]; then
		not_ok "set-up: item $item never reached counting: $OUT"
		failed=1
	elif kill -0 "$pid" 2>/dev/null; then
		for s in ${scrs//,/ }; do
			yj "$s" vote count --item "$item"
			[ "$RC" -eq 0 ] && continue
			not_ok "set-up: scrutineer $s counts item $item: exit $RC: $OUT $(cat "$T/stderr")"
			failed=1
		done
	fi
	# A count that failed leaves the vote counting: stop waiting.
	[ $failed -eq 0 ] || kill "$pid" 2>/dev/null
	RC=0
	wait "$pid" || RC=$?
	OUT=$(cat "$T/secret_close.out")
	cp "$T/secret_close.err" "$T/stderr"
	return $RC
}

# ym_secret_vote ITEM SCRUTINEERS "NAME:CHOICE ...": one whole secret round
# (open, keys, ballots, close, count); the result is left in OUT and RC.
ym_secret_vote() {
	ym_secret_open "$1" "$2" || return 1
	ym_secret_cast "$1" "$3" || return 1
	ym_secret_close "$1" "$2"
}

# expect_secret_close WHAT ITEM SCRUTINEERS: ym_secret_close, which must
# end with a result (exit 0).
expect_secret_close() {
	if ym_secret_close "$2" "$3"; then
		ok "$1 (exit 0)"
	else
		not_ok "$1: want exit 0, got $RC: $OUT $(cat "$T/stderr")"
	fi
}

# expect_rule RULE WHAT -- WHO ARGS...: exit 3 with code rule and this rule.
expect_rule() {
	local rule=$1 what=$2 code got
	shift 3
	yj "$@"
	code=$(jget error.code)
	got=$(jget error.rule)
	if [ "$RC" -eq 3 ] && [ "$code" = rule ] && [ "$got" = "$rule" ]; then
		ok "$what (exit 3, $rule)"
	else
		not_ok "$what: want exit 3 rule $rule, got exit $RC: $OUT $(cat "$T/stderr")"
	fi
}

# expect_perm WHAT -- WHO ARGS...: exit 4, code permission.
expect_perm() {
	local what=$1
	shift 2
	yj "$@"
	if [ "$RC" -eq 4 ] && [ "$(jget error.code)" = permission ]; then
		ok "$what (exit 4)"
	else
		not_ok "$what: want exit 4 permission, got exit $RC: $OUT $(cat "$T/stderr")"
	fi
}

# expect_missing WHAT NAME...: the last refusal's missing list is exactly
# these display names, in this order.
expect_missing() {
	local what=$1 got want
	shift
	got=$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(" ".join(json.load(sys.stdin)["error"].get("missing", [])))')
	want="$*"
	expect_eq "$what" "$got" "$want"
}

# A date n days from today in the instance time zone: ym_day 1 is tomorrow.
ym_day() {
	TZ=Asia/Shanghai date -d "today +${1:-0} day" +%Y-%m-%d
}

# ym_cal DAY_OFFSET workday|holiday...: sets the calendar for today+offset.
ym_cal() {
	while [ $# -ge 2 ]; do
		ym_must "calendar $(ym_day "$1") $2" -- admin calendar set \
		    --date "$(ym_day "$1")" "--$2" || return 1
		shift 2
	done
}

# ym_plenary N: identities sec, rec, off, insp, obs and m1..m(N-1), and a
# party group with all of them seated, the members in one bulk call of
# $FAULTCLI (the fault tests' load client). Sets MEMBERS, ID, B, YM_N and
# defines fc (runs $FAULTCLI with the identities folder).
ym_plenary() {
	local n=$1 s
	MEMBERS=$(seq 1 $((n - 1)) | sed 's/^/m/' | tr '\n' ' ')
	# shellcheck disable=SC2086
	yi_issue sec rec off insp obs $MEMBERS
	ID=$INST/identities
	ym_must "create a body" -- admin body create --name 党组 \
	    --kind party_group || return 1
	B=$(jget body.id)
	YM_N=$n
	ym_must "seat sec" -- admin seat add --body "$B" --identity sec \
	    --display 书记 --role secretary --rank 1 || return 1
	# shellcheck disable=SC2086
	fc seat -b "$B" -r 2 $MEMBERS >"$T/seat.out" 2>&1 ||
	    { cat "$T/seat.out"; not_ok "seat the members"; return 1; }
	for s in rec:recorder off:office insp:inspector obs:observer; do
		ym_must "seat ${s%%:*}" -- admin seat add --body "$B" \
		    --identity "${s%%:*}" --display "${s%%:*}" \
		    --role "${s#*:}" || return 1
	done
	ITEMS=()
}

# fc MODE ARGS...: the fault tests' load client on the identities folder.
fc() {
	"$FAULTCLI" "$1" -d "$INST/identities" "${@:2}"
}

# ym_burst_ok WHAT FILE: every line of a set-up burst is "NAME ok".
ym_burst_ok() {
	local bad
	bad=$(grep -vc ' ok$' "$2")
	if [ "$bad" -ne 0 ]; then
		not_ok "set-up: $1: $bad failed: $(grep -v ' ok$' "$2" | head -3)"
		exit 1
	fi
}

# ym_verify_all: every body's trail and record verify (audit verify, exit
# 0) after a test's procedures: the replay must agree with every path the
# rules took.
ym_verify_all() {
	local b
	for b in $(yi_sql "SELECT id FROM bodies WHERE id > 0 ORDER BY id"); do
		expect_rc 0 "the record of body $b verifies against its trail" -- \
		    insp audit verify --body "$b"
	done
}
