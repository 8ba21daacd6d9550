#!/usr/bin/env bash
# Text that holds: every text field has a limit, control characters,
# bidirectional controls and invisible-only names are refused, two seats of
# one body cannot share a display name, an embedded NUL is refused rather
# than cut, bytes that are not UTF-8 get our message, and what reaches a
# terminal or the minutes cannot forge their lines. Each attack is tried
# through the CLI (which refuses before sending) and, where the CLI refuses
# it, with a hand-made frame (rawframe), so the server's own check is proven.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities
ym_meeting topic 4 "sec m1 m2 m3" ordinary
ym_start "$I"

# hex STRING: the bytes of STRING in lowercase hex.
hex() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}
# rf WHO OP...: rawframe as WHO; RF its report on one line, RFMSG the
# server's messages.
rf() {
	local who=$1
	shift
	RF=$("$RAWFRAME" -i "$INST/identities/$who" -w 3 "$@" 2>"$T/rf.err" |
	    tr '\n' ' ')
	RF=${RF% }
	RFMSG=$(sed -n 's/^rawframe: message: //p' "$T/rf.err")
}
# has WHAT HAYSTACK NEEDLE: a check that NEEDLE is in HAYSTACK.
has() {
	case $2 in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1: '$3' not in '$2'" ;;
	esac
}
# lacks WHAT HAYSTACK NEEDLE: a check that NEEDLE is not in HAYSTACK.
lacks() {
	case $2 in
	*"$3"*) not_ok "$1: '$3' found in '$2'" ;;
	*) ok "$1" ;;
	esac
}
meetings() {
	yi_sql "SELECT count(*) FROM meetings WHERE body_id = $B"
}
AT=$(yi_at 30)
ATX=$(hex "$AT")

# ---------------------------------------------------------------- lengths
# A place of 200 characters is fine; one more is refused by the CLI; a
# place of 129 KB sent by hand is refused by the server and nothing is
# written, so `meeting list` keeps working for everyone.
P200=$(printf '议%.0s' $(seq 1 200))
expect_rc 0 "a place of 200 characters" -- off meeting schedule --body "$B" \
    --title 例会 --at "$AT" --place "$P200" --urgent --reason 工作需要
expect_eq "stored whole" "$(yi_sql "SELECT length(place) FROM meetings WHERE id = $(jget meeting.id)")" 200
N0=$(meetings)
expect_rc 2 "a place of 201 characters is refused by the CLI" -- off meeting \
    schedule --body "$B" --title 例会 --at "$AT" --place "${P200}议" --urgent \
    --reason 工作需要
has "it says which field and the limit" "$(cat "$T/stderr")$OUT" "地点过长：最多 200 个字符（本次 201 个）"
rf off "req:20:0:1=u$B,2=x$(hex 例会),3=x$ATX,4=x$(hex 第二会议室),5=u1,6=x$(hex 工作需要)"
expect_eq "the hand-made schedule frame itself is fine" "$RF" "response STATUS_OK id=1 open"
rf off "req:20:0:1=u$B,2=x$(hex 例会),3=x$ATX,4=r132096/78,5=u1,6=x$(hex 工作需要)"
expect_eq "a place of 129 KB is refused by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "naming the limit" "$RFMSG" "地点过长：最多 200 个字符（本次 132096 个）"
rf off "req:20:1:1=u$B,2=x$(hex 例会),3=x$ATX,4=r300/78,5=u1,6=x$(hex 工作需要)"
has "in English when asked" "$RFMSG" "place is too long: at most 200 characters"
expect_eq "no meeting was written" "$(meetings)" $((N0 + 1))
expect_eq "no place is over 200 characters" "$(yi_sql "SELECT max(length(place)) FROM meetings")" 200
expect_rc 0 "meeting list still works" -- m1 meeting list --body "$B"
LONG=$(printf '长%.0s' $(seq 1 10001))
expect_rc 2 "a statement over 10,000 characters is refused" -- m2 state \
    --item "$I" --position agree --text "$LONG"
has "with the statement's limit" "$(cat "$T/stderr")$OUT" "发言过长：最多 10000 个字符"
D100=$(printf '名%.0s' $(seq 1 100))
expect_rc 2 "a display name over 100 characters is refused" -- admin seat add \
    --body "$B" --identity m4 --display "${D100}名" --role member
has "with its limit, the database's own" "$(cat "$T/stderr")$OUT" "显示姓名过长：最多 100 个字符"
rf admin "req:11:0:1=u$B,2=x$(hex m4),3=r101/$(hex 名),4=x$(hex member)"
has "and by the server, in our words" "$RFMSG" "显示姓名过长：最多 100 个字符（本次 101 个）"

# ------------------------------------------------------ control characters
ESCTEXT=$'同意\e[2J\e]0;pwned\a'
expect_rc 2 "a statement with escape sequences is refused by the CLI" -- m2 \
    state --item "$I" --position agree --text "$ESCTEXT"
has "naming the control character" "$(cat "$T/stderr")$OUT" "发言含有控制字符（U+001B）"
rf m2 "req:51:0:1=u$I,2=x$(hex agree),3=x$(hex "$ESCTEXT")"
expect_eq "and by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "before anything else" "$RFMSG" "发言含有控制字符（U+001B）"
rf m2 "req:51:0:1=u$I,2=x$(hex agree),3=x$(hex 同意)"
lacks "the same frame with clean text gets past the text check" "$RFMSG" "控制字符"
expect_rc 2 "a carriage return in a statement is refused" -- m2 state \
    --item "$I" --position agree --text $'同意\r赵委员：不同意'
expect_rc 2 "a newline in a title is refused" -- off meeting schedule \
    --body "$B" --title $'例会\n二、' --at "$AT" --urgent --reason 工作需要
has "one line" "$(cat "$T/stderr")$OUT" "会议名称须为一行"

# ------------------------------------------ newlines cannot forge the minutes
FAKE=$'同意。\n    2. 赵委员：不同意，理由：另有安排\n## 二、假议题'
expect_rc 0 "a statement of several lines is kept" -- m1 state --item "$I" \
    --position agree --text "$FAKE"
expect_rc 0 "m2 states" -- m2 state --item "$I" --position disagree \
    --text $'不同意。\t理由：预算不足'
expect_rc 0 "minutes show (JSON)" -- rec minutes show --meeting "$M"
expect_eq "the stored text has its line breaks" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; m=json.load(sys.stdin)["minutes"]; print([s["text"] for it in m["items"] for s in it.get("statements", []) if s["member"] == "m1"][0] == sys.argv[1])' "$FAKE")" True
TXT=$(yi rec minutes show --meeting "$M")
expect_eq "no line of the text minutes is the forged statement" \
    "$(printf '%s\n' "$TXT" | grep -c '^    2\. 赵委员')" 0
expect_eq "it reads as the rest of m1's statement" \
    "$(printf '%s\n' "$TXT" | grep -c '^      │     2\. 赵委员：不同意')" 1
expect_eq "no forged heading" "$(printf '%s\n' "$TXT" | grep -c '^## 二')" 0
expect_eq "the real statements are two" \
    "$(printf '%s\n' "$TXT" | grep -cE '^    [0-9]+\. ')" 2
MD=$(yi rec minutes show --meeting "$M" --format markdown)
expect_eq "no forged heading in the markdown minutes" \
    "$(printf '%s\n' "$MD" | grep -c '^## 二、假议题')" 0
expect_eq "the markdown marks the line as m1's" \
    "$(printf '%s\n' "$MD" | grep -c '^      │ ## 二、假议题')" 1

# What old data may hold still cannot reach the terminal as it is.
yi_sql "UPDATE statements SET text = E'不同意\\x1b[2J\\x1b]0;pwned\\x07\\u202e' WHERE item_id = $I AND member = 'm2'" >/dev/null
TXT=$(yi rec minutes show --meeting "$M")
expect_eq "no escape byte reaches the terminal" "$(printf '%s' "$TXT" | grep -c $'\e')" 0
expect_eq "no bell either" "$(printf '%s' "$TXT" | grep -c $'\a')" 0
has "it is shown escaped" "$TXT" '不同意\x1b[2J\x1b]0;pwned\x07\u202e'
yi_sql "UPDATE statements SET text = E'不同意。\\t理由：预算不足' WHERE item_id = $I AND member = 'm2'" >/dev/null

# ---------------------------------------------------------------- names
expect_rc 2 "a bidi override in a body name is refused" -- admin body \
    create --name $'议事\u202e机构' --kind topic
has "naming it" "$(cat "$T/stderr")$OUT" "改变文字方向的控制字符（U+202E）"
expect_rc 2 "an isolate in a display name is refused" -- admin seat add \
    --body "$B" --identity m4 --display $'\u2066赵委员\u2069' --role member
rf admin "req:11:0:1=u$B,2=x$(hex m4),3=x$(hex $'赵\u202e委员'),4=x$(hex member)"
expect_eq "and by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "naming the display name" "$RFMSG" "显示姓名含有改变文字方向的控制字符"
expect_rc 2 "an invisible-only display name is refused" -- admin seat add \
    --body "$B" --identity m4 --display $'\u200b\u3000 ' --role member
has "as having nothing visible" "$(cat "$T/stderr")$OUT" "显示姓名没有可见的字符"
rf admin "req:11:0:1=u$B,2=x$(hex m4),3=x$(hex $'\u3164\u200b'),4=x$(hex member)"
expect_eq "and by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "as having nothing visible" "$RFMSG" "显示姓名没有可见的字符"
rf admin "req:11:0:1=u$B,2=x$(hex m4),3=x$(hex 四委员),4=x$(hex member)"
expect_eq "the same hand-made seat frame with a fine name is taken" "$RF" "response STATUS_OK id=1 open"

SEATS0=$(yi_sql "SELECT count(*) FROM seats WHERE body_id = $B")
expect_rc 3 "a display name another seat of the body has is refused" -- \
    admin seat add --body "$B" --identity m5 --display 委员1 --role member
has "naming both" "$(cat "$T/stderr")$OUT" "显示姓名“委员1”（m5）与该机构的 m1 相同"
expect_rc 3 "also with other whitespace and invisible characters" -- \
    admin seat add --body "$B" --identity m5 --display $'\u200b委员1\u3000' \
    --role member
expect_eq "no seat was added" "$(yi_sql "SELECT count(*) FROM seats WHERE body_id = $B")" "$SEATS0"
expect_rc 0 "a seat keeps its own name when changed" -- admin seat add \
    --body "$B" --identity m1 --display 委员1 --role member --rank 2
printf 'm5,委员五,member\nm6,委员五 ,member\n' >"$T/dup.csv"
expect_rc 3 "an import giving two seats one name is refused" -- admin seat \
    import --body "$B" --file "$T/dup.csv"
printf 'm5,书记,member\n' >"$T/dup2.csv"
expect_rc 3 "an import clashing with a current seat is refused" -- admin \
    seat import --body "$B" --file "$T/dup2.csv"
expect_eq "nothing was imported" "$(yi_sql "SELECT count(*) FROM seats WHERE body_id = $B")" "$SEATS0"
expect_rc 0 "another body" -- admin body create --name 另一机构 --kind topic
B2=$(jget body.id)
expect_rc 0 "the same display name in another body is fine" -- admin seat \
    add --body "$B2" --identity m5 --display 委员1 --role member
expect_rc 0 "a removed seat's name can be given again" -- admin seat \
    remove --body "$B" --identity m4
expect_rc 0 "to another seat" -- admin seat add --body "$B" --identity m6 \
    --display 四委员 --role member

# ------------------------------------------------------------- NUL, UTF-8
# The server: a NUL inside a string is refused, not cut.
N0=$(meetings)
rf off "req:20:0:1=u$B,2=x$(hex 例会),3=x$ATX,4=x$(hex 第三)00$(hex 会议室),5=u1,6=x$(hex 工作需要)"
expect_eq "a NUL inside a place is refused by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "saying so" "$RFMSG" "地点含有空字符（NUL）"
expect_eq "no meeting was written" "$(meetings)" "$N0"
rf m3 "req:51:0:1=u$I,2=x$(hex agree),3=x$(hex 同意)00$(hex 但保留意见)"
expect_eq "a NUL inside a statement is refused by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "saying so" "$RFMSG" "发言含有空字符（NUL）"
expect_eq "m3 has no statement" "$(yi_sql "SELECT count(*) FROM statements WHERE item_id = $I AND member = 'm3'")" 0
# The client: a file holding a NUL is not sent.
printf 'm7,委员七\0x,member\n' >"$T/nul.csv"
expect_rc 2 "a seat file with a NUL is refused by the CLI" -- admin seat \
    import --body "$B" --file "$T/nul.csv"

expect_rc 2 "a place that is not UTF-8 is refused by the CLI" -- off meeting \
    schedule --body "$B" --title 例会 --at "$AT" --place $'\xff\xfe会议室' \
    --urgent --reason 工作需要
has "in our words" "$(cat "$T/stderr")$OUT" "地点不是有效的 UTF-8 文字"
rf off "req:20:0:1=u$B,2=x$(hex 例会),3=x$ATX,4=xc0af$(hex 室),5=u1,6=x$(hex 工作需要)"
expect_eq "and by the server" "$RF" "response STATUS_INVALID_ARGUMENT id=1 open"
has "in our words" "$RFMSG" "地点不是有效的 UTF-8 文字"
lacks "not the database's" "$RFMSG" "invalid byte sequence"
rf off "req:20:1:1=u$B,2=xff,3=x$ATX,5=u1,6=x$(hex 工作需要)"
has "in English too" "$RFMSG" "title is not valid UTF-8 text"

# --------------------------------------------------------- database errors
# A second secretary trips the database's one-secretary index: the member
# hears our words, the log keeps the database's.
expect_rc 3 "a second secretary is refused" -- admin seat add --body "$B" \
    --identity m7 --display 七委员 --role secretary
ERR="$(cat "$T/stderr")$OUT"
has "in our words" "$ERR" "该记录已存在"
lacks "not the database's" "$ERR" "duplicate key"
lacks "nor its index's name" "$ERR" "seats_one_secretary"
has "which the daemon log keeps" "$(cat "$T/daemon.log")" "seats_one_secretary"

# ------------------------------------------------------------ still whole
expect_rc 0 "the trail verifies after all this" -- insp audit verify --body "$B"
expect_rc 0 "and exports" -- insp audit export --body "$B" --out "$T/b.bundle"
expect_rc 0 "meeting list" -- sec meeting list --body "$B"
