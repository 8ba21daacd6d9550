#!/usr/bin/env bash
# yishi seat import: the seats of a body from a CSV file, in one
# transaction. Each new or changed seat gets the trail entry a seat add
# writes, so the record reads the same and still verifies; running the same
# file again writes nothing; a bad line, an unknown identity, a name given
# twice or a caller who is not the admin changes nothing at all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
N=300
yi_issue sec insp outsider
"$YISHID" issue "$INST" --count $N --prefix d >>"$T/issue.log" 2>&1 ||
    { cat "$T/issue.log"; not_ok "issue $N identities"; exit 1; }
expect_rc 0 "admin creates a body" -- admin body create --name 代表大会 --kind topic
B=$(jget body.id)

# What the body's seats and trail hold, to show that a refusal changed
# nothing.
state() {
	yi_sql "SELECT count(*) || ':' || md5(string_agg(identity || '/' || role || '/' || display || '/' || rank || '/' || (removed_at IS NULL), ',' ORDER BY identity)) FROM seats WHERE body_id = $B"
	yi_sql "SELECT count(*) FROM trail WHERE body_id = $B"
}
seat_adds() {
	yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action = 'seat.add'"
}

# As a spreadsheet saves it: byte order mark, CRLF, the column names, a
# comment, a blank line, a quoted name with a comma and a quote in it.
F=$T/seats.csv
{
	printf '\xef\xbb\xbfidentity,display,role,rank\r\n'
	printf '# 第一届代表大会\r\n\r\n'
	printf 'sec,书记,secretary,1\r\n'
	printf 'insp,"纪检, 组长 ""甲""",inspector\r\n'
	for i in $(seq 1 $N); do printf 'd%d,代表%d,member,%d\r\n' "$i" "$i" $((i + 1)); done
} >"$F"
# A dry run checks the file and the identities and writes nothing.
expect_rc 0 "a dry run" -- admin seat import --body "$B" --file "$F" --dry-run
expect_eq "it counts what would be done" "$(jget seat_import.added):$(jget seat_import.changed):$(jget seat_import.unchanged):$(jget seat_import.dry_run)" "$((N + 2)):0:0:true"
expect_eq "and writes no seat" "$(yi_sql "SELECT count(*) FROM seats WHERE body_id = $B")" 0
expect_eq "and no trail entry" "$(seat_adds)" 0
expect_rc 0 "$((N + 2)) seats imported" -- admin seat import --body "$B" --file "$F"
expect_eq "not a dry run" "$(jget seat_import.dry_run)" false
expect_eq "all added" "$(jget seat_import.added):$(jget seat_import.changed):$(jget seat_import.unchanged)" "$((N + 2)):0:0"
expect_eq "the body has $((N + 2)) seats" "$(yi_sql "SELECT count(*) FROM seats WHERE body_id = $B AND removed_at IS NULL")" $((N + 2))
expect_eq "one seat.add trail entry per seat" "$(seat_adds)" $((N + 2))
expect_eq "the quoted name is unquoted" "$(yi_sql "SELECT display FROM seats WHERE body_id = $B AND identity = 'insp'")" '纪检, 组长 "甲"'
expect_eq "rank and role as in the file" "$(yi_sql "SELECT role || ' ' || rank FROM seats WHERE body_id = $B AND identity = 'd7'")" "member 8"

# seat list: by role (the secretary first), then rank.
expect_rc 0 "the admin lists the seats" -- admin seat list --body "$B"
expect_eq "$((N + 2)) seats listed" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["seats"]))')" $((N + 2))
expect_eq "the secretary first" "$(jget seats.0.member):$(jget seats.0.role):$(jget seats.0.rank)" "sec:secretary:1"
expect_eq "then d1" "$(jget seats.1.member):$(jget seats.1.display)" "d1:代表1"
expect_eq "the inspector after the members" "$(jget seats.$((N + 1)).member)" insp
expect_rc 0 "a member lists the seats of its body" -- d1 seat list --body "$B"
expect_perm "an identity without a seat there may not" -- outsider seat list --body "$B"
OUT=$(yi d2 seat list --body "$B" | tail -1)
expect_eq "the text ends with the count" "$OUT" "共 $((N + 2)) 个席位"

# body list: the bodies one has a seat in; the admin sees all.
expect_rc 0 "a second body" -- admin body create --name 主席团 --kind topic
B2=$(jget body.id)
yi admin seat add --body "$B2" --identity d1 --display 代表1 --role deputy >/dev/null
expect_rc 0 "the admin lists the bodies" -- admin body list
expect_eq "the admin sees both, with no seat of its own" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(" ".join(str(b["id"]) + ":" + b.get("role", "-") for b in json.load(sys.stdin)["bodies"]))')" "$B:- $B2:-"
expect_rc 0 "d1 lists its bodies" -- d1 body list
expect_eq "d1 sees both, with its seat in each" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(" ".join(str(b["id"]) + ":" + b["role"] for b in json.load(sys.stdin)["bodies"]))')" "$B:member $B2:deputy"
expect_rc 0 "d2 lists its bodies" -- d2 body list
expect_eq "d2 sees only the first" "$(jget bodies.0.id):$(jget bodies.0.name):$(jget bodies.1)" "$B:代表大会:"
expect_eq "no seat anywhere: no bodies (text)" "$(yi outsider body list | tail -1)" "（没有议事机构）"

# The text the admin reads.
OUT=$(yi admin seat import --body "$B" --file "$F")
expect_eq "run again: nothing changes (text)" "$OUT" "已导入机构 #$B 的席位：新增 0，更新 0，未变 $((N + 2))"
expect_eq "run again: no trail entry" "$(seat_adds)" $((N + 2))

# Two seats changed, the rest as they were.
sed -e 's/^d5,代表5,member/d5,代表5,deputy/' -e 's/^d9,代表9,/d9,代表九,/' "$F" >"$T/changed.csv"
expect_rc 0 "an import with two changes" -- admin seat import --body "$B" --file "$T/changed.csv"
expect_eq "two changed" "$(jget seat_import.added):$(jget seat_import.changed):$(jget seat_import.unchanged)" "0:2:$N"
expect_eq "two more trail entries" "$(seat_adds)" $((N + 4))
expect_eq "the change is stored" "$(yi_sql "SELECT role FROM seats WHERE body_id = $B AND identity = 'd5'")" deputy

# A removed seat comes back through an import.
expect_rc 0 "d3's seat removed" -- admin seat remove --body "$B" --identity d3
expect_rc 0 "the import restores it" -- admin seat import --body "$B" --file "$T/changed.csv"
expect_eq "one changed (restored)" "$(jget seat_import.changed)" 1
expect_eq "d3 is seated again" "$(yi_sql "SELECT removed_at IS NULL FROM seats WHERE body_id = $B AND identity = 'd3'")" t

BEFORE=$(state)
# refused WHAT CODE FILE [TEXT]: the import of FILE exits CODE, its message
# contains TEXT, and the body's seats and trail are as they were.
# More arguments after TEXT go to the command (--dry-run).
refused() {
	local what=$1 code=$2 file=$3 text=${4:-} msg
	shift 4
	expect_rc "$code" "$what" -- admin --lang en seat import --body "$B" --file "$file" "$@"
	msg=$(jget error.message)
	case $msg in
	*"$text"*) ok "$what: says \"$text\"" ;;
	*) not_ok "$what: message '$msg' lacks '$text'" ;;
	esac
	expect_eq "$what: nothing changed" "$(state)" "$BEFORE"
}
bad() {
	printf '%b' "$2" >"$T/$1.csv"
	echo "$T/$1.csv"
}
refused "an unknown role" 2 "$(bad role 'd1,代表1,member\nd2,代表2,chairman\n')" "line 2: unknown role \"chairman\""
refused "two fields" 2 "$(bad fields 'd1,代表1\n')" "line 1: expected 3 or 4 fields"
refused "five fields" 2 "$(bad five 'd1,代表1,member,1,x\n')" "found 5"
refused "a rank that is not a number" 2 "$(bad rank 'd1,代表1,member,first\n')" "rank \"first\""
refused "a quote not closed" 2 "$(bad quote 'd1,"代表1,member\n')" "line 1: a quote is not closed"
refused "an empty identity" 2 "$(bad noid ',代表1,member\n')" "the identity is empty"
refused "an empty display name" 2 "$(bad nodisp 'd1, ,member\n')" "the display name is empty"
refused "a name given twice" 2 "$(bad twice 'd1,代表1,member\nd2,代表2,member\nd1,代表一,deputy\n')" "line 3: identity d1 already appears on line 1"
refused "a file with no seats" 2 "$(bad empty '# nothing\n\n')" "the file holds no seats"
refused "a NUL byte" 2 "$(bad nul 'd1,代表1,member\n\0\n')" "NUL byte"
# Found by the server: in one transaction, so the good seats before and
# after the unknown ones are not written either.
refused "unknown identities" 5 "$(bad unknown 'd1,新名字,member\nnobody1,无名1,member\nnobody2,无名2,member\nd2,代表2,deputy\n')" "2 identities not found: nobody1, nobody2"
refused "an unknown identity, in a dry run too" 5 "$(bad unknown2 'nobody1,无名1,member\n')" "identity not found: nobody1" --dry-run
refused "a bad line, in a dry run too" 2 "$T/role.csv" "line 2: unknown role" --dry-run
OUT=$(yi admin seat import --body "$B" --file "$T/changed.csv" --dry-run)
expect_eq "a dry run of a file already imported (text)" "$OUT" "检查通过，未写入：机构 #$B 将新增 0，更新 0，未变 $((N + 2))"
expect_eq "and it changed nothing" "$(state)" "$BEFORE"
yj admin seat import --body "$B" --file "$T/unknown.csv"
case $(jget error.message) in
*"2 个身份不存在：nobody1、nobody2"*) ok "the refusal in Chinese names them" ;;
*) not_ok "the refusal in Chinese: $OUT" ;;
esac
expect_perm "the secretary may not import seats" -- sec seat import --body "$B" --file "$F"
expect_eq "the secretary's attempt changed nothing" "$(state)" "$BEFORE"
expect_rc 5 "a body that does not exist" -- admin seat import --body 999 --file "$F"

# The record rebuilt from the trail (seat entries included) still matches.
expect_rc 0 "the body's record verifies against its trail" -- insp audit verify --body "$B"

# An observer (列席) attends items; the roster is not theirs to list.
yi admin seat add --body "$B" --identity outsider --display 列席人 --role observer >/dev/null
expect_perm "an observer may not list the seats" -- outsider seat list --body "$B"

# One spreadsheet for both steps: yishid issue --batch takes a seat file's
# first column (known by its column names), then seat import seats them.
{
	printf '\xef\xbb\xbf身份名,显示姓名,角色,排序\r\n'
	printf '# 新增代表\r\n'
	printf 'e1,新代表1,member,1\r\n'
	printf '"e2","新代表, 二",member,2\r\n'
	printf ' e3 ,新代表3,member\r\n'
} >"$T/new.csv"
if "$YISHID" issue "$INST" --batch "$T/new.csv" >"$T/issue-new.log" 2>&1; then
	ok "identities issued from a seat file"
else
	not_ok "identities issued from a seat file: $(cat "$T/issue-new.log")"
fi
expect_eq "exactly its three names" "$(yi_sql "SELECT string_agg(name, ' ' ORDER BY name) FROM identities WHERE name LIKE 'e%'")" "e1 e2 e3"
expect_rc 0 "and the same file seats them" -- admin seat import --body "$B2" --file "$T/new.csv"
expect_eq "three added" "$(jget seat_import.added)" 3
# A plain batch file still reads one name a line, commas and all.
printf '# 名单\nf1\n\nf,2\n' >"$T/names.txt"
"$YISHID" issue "$INST" --batch "$T/names.txt" >>"$T/issue-new.log" 2>&1
expect_eq "a plain batch file: one name a line" "$(yi_sql "SELECT string_agg(name, ' ' ORDER BY name) FROM identities WHERE name LIKE 'f%'")" "f,2 f1"
