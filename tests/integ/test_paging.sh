#!/usr/bin/env bash
# Lists that grow with a body's life are read a page at a time (yishi.proto,
# Page): meetings, seats, bodies, follow-up tasks, disposals. The CLI reads
# every page by default, so a list longer than one page (500 entries) or
# larger than one frame comes back whole, each entry once, in the list's own
# order (not the id's); --limit N reads one page and names the next
# (--after), for scripts. The meetings past the first few are written
# straight into the database (thousands, with long places: the volume is
# the fixture, the listing is the real daemon and CLI).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# ids EXPR: the ids (or names) the JSON in OUT lists under key EXPR, one line.
ids() {
	printf '%s' "$OUT" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(str(e[sys.argv[2]]) for e in j[sys.argv[1]]))' "$1" "$2"
}

# walk KEY FIELD WHO ARGS...: reads the list one page of --limit at a time,
# following "next" until the last page; prints the ids (or names) in the
# order read, then the number of pages.
walk() {
	local key=$1 field=$2 who=$3 after="" pages=0 all="" page next
	shift 3
	while :; do
		if [ -n "$after" ]; then
			yj "$who" "$@" --after "$after"
		else
			yj "$who" "$@"
		fi
		[ "$RC" -eq 0 ] || { echo "exit $RC: $(cat "$T/stderr")"; return; }
		pages=$((pages + 1))
		page=$(ids "$key" "$field")
		all="$all${all:+ }$page"
		next=$(jget next)
		[ -n "$next" ] || break
		[ "$pages" -lt 100 ] || { echo "no end"; return; }
		after=$next
	done
	echo "$all | $pages"
}

echo "# a body with three decisions taken while m3 was absent"
ym_meeting party_group 4 "sec m1 m2" ordinary ordinary ordinary || exit 1
for it in "${ITEMS[@]}"; do
	ym_start "$it" || exit 1
	ym_state_all "$it" agree m1 m2 || exit 1
	ym_must "sec states" -- sec state --item "$it" --position agree || exit 1
	ym_must "vote opens" -- sec vote open --item "$it" --method hands || exit 1
	ym_cast_all "$it" yes m1 m2 sec || exit 1
	ym_must "vote closes" -- sec vote close --item "$it" || exit 1
	expect_eq "item $it passed" "$(jget result.outcome)" passed
done
ym_must "the meeting closes" -- sec meeting close --meeting "$M" || exit 1

echo "# decision pending: keyset on meeting time, meeting, agenda position"
expect_rc 0 "m3 has three decisions to acknowledge" -- m3 decision pending
expect_eq "in agenda order" "$(ids decisions item)" "${ITEMS[*]}"
expect_eq "one a page, the same" "$(walk decisions item m3 decision pending --limit 1)" \
    "${ITEMS[*]} | 3"
expect_rc 0 "m3 acknowledges the first" -- m3 decision ack --item "${ITEMS[0]}"
expect_rc 0 "after it, the cursor still holds" -- m3 decision pending --after "${ITEMS[0]}" --limit 1
expect_eq "the second, then the third" "$(ids decisions item) $(jget next)" \
    "${ITEMS[1]} ${ITEMS[1]}"

echo "# seat list: keyset on the roster's order (role, rank, name)"
for n in m3 m4 m5 m6; do
	ym_must "seat $n" -- admin seat add --body "$B" --identity "$n" \
	    --display "委员$n" --role member --rank $((9 - ${n#m})) || exit 1
done
ym_must "seat m7 unranked" -- admin seat add --body "$B" --identity m7 \
    --display 委员m7 --role member || exit 1
ym_must "seat m8 as deputy" -- admin seat add --body "$B" --identity m8 \
    --display 副书记 --role deputy --rank 5 || exit 1
expect_rc 0 "the whole roster" -- sec seat list --body "$B"
SEATS=$(ids seats member)
expect_eq "in the roster's order, each seat once" "$SEATS" \
    "sec m8 m1 m2 m6 m5 m4 m3 m7 rec off insp obs"
expect_eq "read whole: no next page named" "$(jget next)" ""
expect_eq "two seats a page, following next, the same roster" \
    "$(walk seats member sec seat list --body "$B" --limit 2)" "$SEATS | 7"
expect_rc 0 "--after a name: the seats after it" -- sec seat list --body "$B" --after m5
expect_eq "m4 on" "$(ids seats member)" "m4 m3 m7 rec off insp obs"
expect_rc 0 "--limit 3 --after m2: one page of three" -- sec seat list --body "$B" --limit 3 --after m2
expect_eq "m6 m5 m4, next m4" "$(ids seats member) $(jget next)" "m6 m5 m4 m4"
ym_must "m5 leaves the body" -- admin seat remove --body "$B" --identity m5 || exit 1
expect_rc 0 "a removed seat keeps its place as a cursor" -- sec seat list --body "$B" --after m5 --limit 2
expect_eq "m4 m3" "$(ids seats member)" "m4 m3"
yi sec seat list --body "$B" --limit 2 >"$T/seat.txt" 2>&1
expect_eq "a page of more says where the next starts" \
    "$(grep -c -- '--after m8' "$T/seat.txt")" 1
yi sec seat list --body "$B" >"$T/seat.txt" 2>&1
expect_eq "the whole list does not" "$(grep -c -- '--after' "$T/seat.txt")" 0

echo "# followup list: keyset on due date, then id"
for k in $(seq 1 12); do
	ym_must "task $k" -- sec followup assign --item "$I" --unit "承办单位$k" \
	    --person m1 --due "$(ym_day $((10 + (k * 5) % 7)))" || exit 1
done
expect_rc 0 "every task" -- sec followup list --body "$B"
TASKS=$(ids tasks id)
expect_eq "12 tasks, by due date then id" "$TASKS" \
    "$(yi_sql "SELECT string_agg(id::text, ' ' ORDER BY due, id) FROM followups WHERE body_id = $B")"
expect_eq "five a page, the same tasks" \
    "$(walk tasks id sec followup list --body "$B" --limit 5)" "$TASKS | 3"
expect_rc 0 "a report on a task" -- m1 followup report --task "$(echo "$TASKS" | cut -d' ' -f7)" --text 已启动
expect_rc 0 "page two" -- sec followup list --body "$B" --limit 5 --after "$(echo "$TASKS" | cut -d' ' -f5)"
expect_eq "carries its tasks' reports" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(sum(len(t.get("reports", [])) for t in json.load(sys.stdin)["tasks"]))')" 1

echo "# disposal list and body list: by id"
for k in 1 2 3 4 5; do
	ym_must "disposal $k" -- m1 disposal record --body "$B" --title "处置$k" \
	    --text "情况与处置$k" --amount 1000 || exit 1
done
expect_rc 0 "every disposal" -- insp disposal list --body "$B"
DISP=$(ids disposals id)
expect_eq "five disposals" "$(echo "$DISP" | wc -w)" 5
expect_eq "two a page, the same" \
    "$(walk disposals id insp disposal list --body "$B" --limit 2)" "$DISP | 3"
for k in 1 2 3; do
	ym_must "body $k" -- admin body create --name "机构甲$k" --kind topic || exit 1
done
expect_rc 0 "the admin lists every body" -- admin body list
BODIES=$(ids bodies id)
expect_eq "by id" "$BODIES" \
    "$(yi_sql "SELECT string_agg(id::text, ' ' ORDER BY id) FROM bodies WHERE id <> 0")"
expect_eq "one a page, the same" "$(walk bodies id admin body list --limit 1)" \
    "$BODIES | $(echo "$BODIES" | wc -w)"
expect_rc 0 "a member lists the bodies of their seats" -- m1 body list --limit 1
expect_eq "only those: one body, no next page" "$(ids bodies id)|$(jget next)" "$B|"
expect_rc 0 "and then none" -- m1 body list --after "$B"
expect_eq "none" "$(ids bodies id)" ""

echo "# meeting list: longer than a page and larger than a frame"
# 3,000 meetings of body B with 1,500-byte places, at times that run
# against their ids and tie in fifties (the order is at, then id).
yi_sql "INSERT INTO meetings (body_id, id, title, at, place, created_by)
    SELECT $B, nextval('meeting_id_seq'), '批量会议' || g,
        now() + interval '1 day' + ((3000 - g) / 50) * interval '1 hour',
        repeat('会', 500), 'off'
    FROM generate_series(1, 3000) g" >/dev/null
ALL=$(yi_sql "SELECT string_agg(id::text, ' ' ORDER BY at, id) FROM meetings WHERE body_id = $B")
expect_eq "3,001 meetings in the body" "$(echo "$ALL" | wc -w)" 3001
expect_rc 0 "meeting list reads them all" -- sec meeting list --body "$B"
expect_eq "each once, in order of time then id" "$(ids meetings id)" "$ALL"
expect_eq "more than a frame of them" \
    "$(printf '%s' "$OUT" | wc -c | awk '{ print ($1 > 4 * 1048576) }')" 1
expect_rc 0 "one page as large as may be" -- sec meeting list --body "$B" --limit 100000
N1=$(ids meetings id | wc -w)
expect_eq "stops at 512 KiB: fewer than 500 entries, and a next" \
    "$([ "$N1" -gt 100 ] && [ "$N1" -lt 500 ] && echo yes) $(jget next)" \
    "yes $(echo "$ALL" | cut -d' ' -f"$N1")"
expect_eq "page by page the same" \
    "$(walk meetings id sec meeting list --body "$B" --limit 100000 | sed 's/ | [0-9]*$//')" "$ALL"
expect_rc 0 "--limit 7 --after the 100th" -- sec meeting list --body "$B" --limit 7 --after "$(echo "$ALL" | cut -d' ' -f100)"
expect_eq "the 101st to the 107th" "$(ids meetings id)" "$(echo "$ALL" | cut -d' ' -f101-107)"
expect_rc 0 "--after the 2,990th, no limit: the rest" -- sec meeting list --body "$B" --after "$(echo "$ALL" | cut -d' ' -f2990)"
expect_eq "the last eleven" "$(ids meetings id)" "$(echo "$ALL" | cut -d' ' -f2991-)"
yi sec --lang en meeting list --body "$B" >"$T/meetings.txt" 2>&1
expect_eq "the human list: one line a meeting, no page note" \
    "$(wc -l <"$T/meetings.txt") $(grep -c 'more:' "$T/meetings.txt")" "3001 0"
yi sec --lang en meeting list --body "$B" --limit 3 >"$T/meetings.txt" 2>&1
expect_eq "one page: three lines and where the next starts" \
    "$(wc -l <"$T/meetings.txt") $(grep -c "(more: --after $(echo "$ALL" | cut -d' ' -f3))" "$T/meetings.txt")" "4 1"

echo "# entries bound a page too: 700 short meetings of another body"
ym_body topic 2 || exit 1
yi_sql "INSERT INTO meetings (body_id, id, title, at, created_by)
    SELECT $B, nextval('meeting_id_seq'), 'm' || g, now() + interval '1 day'
        + g * interval '1 minute', 'off' FROM generate_series(1, 700) g" >/dev/null
ALL=$(yi_sql "SELECT string_agg(id::text, ' ' ORDER BY at, id) FROM meetings WHERE body_id = $B")
expect_rc 0 "one page as large as may be" -- sec meeting list --body "$B" --limit 100000
expect_eq "500 entries, next the 500th" "$(ids meetings id | wc -w) $(jget next)" \
    "500 $(echo "$ALL" | cut -d' ' -f500)"
expect_rc 0 "the whole list" -- sec meeting list --body "$B"
expect_eq "all 700, in order" "$(ids meetings id)" "$ALL"
