#!/usr/bin/env bash
# The superuser's view of a secret vote (issue 13): a party group of 7
# votes on a personnel item by secret ballot, members voting one at a time
# as in a meeting; then the database superuser reads every heap tuple
# version of every table (pageinspect: heap_page_items over all pages,
# dead versions included, TOAST too) and the WAL of the vote
# (pg_waldump over the cluster's pg_wal, and the raw record bytes).
#   (a) no tuple version written while the vote was open holds a voter
#       next to a choice, and the votes row's yes/no/abstain change once,
#       at close, to the totals: no counter version between open and close;
#   (b) no WAL record between the first ballot and the close touches the
#       votes relation, and no WAL record of the round pairs a voter with
#       a choice;
#   (c) the same probes on an open (roll_call) vote of the same 7 find
#       every member's choice: the probes work, so (a) and (b) mean
#       something (this is how issue 13 read every secret choice back).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
ym_identities

# The choices, cast one at a time, the secretary in the middle (R-VOTE-8
# does not hold for secret votes); the roll call repeats them, the
# secretary last.
SECRET_CAST="m1:yes m2:no sec:yes m3:abstain m4:yes m5:no m6:yes"
OPEN_CAST="m1:yes m2:no m3:abstain m4:yes m5:no m6:yes sec:yes"

PGWAL=$INST/pg/pg_wal
WALDUMP=$(pg_config --bindir)/pg_waldump

expect_eq "pageinspect is available to the superuser" \
    "$(yi_sql "CREATE EXTENSION IF NOT EXISTS pageinspect" >/dev/null
    yi_sql "SELECT count(*) FROM pg_extension WHERE extname = 'pageinspect'" 2>&1)" 1
# Nothing may prune the old row versions away while we look: with
# autovacuum off every version written stays in the heap (a probe that
# finds nothing then means nothing was written).
yi_sql "DO \$\$ DECLARE r record; BEGIN
    FOR r IN SELECT oid::regclass AS t FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', r.t);
    END LOOP; END \$\$" >/dev/null

ym_meeting party_group 7 "sec m1 m2 m3 m4 m5 m6" personnel personnel
P=${ITEMS[0]} R=${ITEMS[1]}

# mark NAME: remembers the WAL position and the next transaction id.
mark() {
	local v
	v=$(yi_sql "SELECT pg_current_wal_lsn() || ' ' || txid_current()")
	eval "LSN_$1=${v% *} XID_$1=${v#* }"
}

# ---------------------------------------------------------------------------
echo "# the secret vote: 7 ballots, one at a time, scrutineers m1 and m2"
ym_start "$P"
ym_state_all "$P" agree m1 m2 m3 m4 m5 m6 sec
mark open
ym_secret_open "$P" m1,m2 && ok "the secret vote opens and has its key"
mark first
ym_secret_cast "$P" "$SECRET_CAST"
mark close
expect_secret_close "the secret vote closes, counted by the scrutineers" "$P" m1,m2
expect_eq "the totals: 4 yes, 2 no, 1 abstain" \
    "$(jget result.yes):$(jget result.no):$(jget result.abstain)" 4:2:1
mark after

echo "# the same 7 choices by roll call (an open vote: the probe's control)"
ym_start "$R"
ym_state_all "$R" agree m1 m2 m3 m4 m5 m6 sec
expect_rc 0 "a roll-call vote opens" -- sec vote open --item "$R" --method roll_call
mark ropen
for nc in $OPEN_CAST; do
	ym_must "${nc%%:*} votes ${nc#*:}" -- "${nc%%:*}" vote cast --item "$R" --choice "${nc#*:}"
done
mark rclose
expect_rc 0 "the roll call closes" -- sec vote close --item "$R"
mark rafter
# Everything written is on disk for pg_waldump.
yi_sql "CHECKPOINT" >/dev/null
yi_sql "SELECT pg_switch_wal()" >/dev/null

# ---------------------------------------------------------------------------
echo "# the heap: every tuple version of every table (pageinspect)"
yi_sql "SELECT c.oid::regclass::text, h.t_xmin, h.t_xmax, encode(h.t_data, 'hex')
    FROM pg_class c,
        LATERAL generate_series(0, (pg_relation_size(c.oid) /
            current_setting('block_size')::int)::int - 1) AS b(blk),
        LATERAL heap_page_items(get_raw_page(c.oid::regclass::text, b.blk)) AS h
    WHERE ((c.relnamespace = 'public'::regnamespace AND c.relkind = 'r')
        OR c.oid IN (SELECT reltoastrelid FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'))
      AND h.t_data IS NOT NULL" >"$T/heap.txt"
expect_eq "the superuser read the heap of every table" \
    "$(cut -d'|' -f1 "$T/heap.txt" | sort -u | grep -c -xE 'votes|ballots|trail|vote_scrutineers')" 4
echo "# tables read: $(cut -d'|' -f1 "$T/heap.txt" | sort -u | tr '\n' ' ')"
echo "# tuple versions read: $(grep -c '' "$T/heap.txt")"

# pairs FILE XID_FROM XID_TO: the tuple versions written by a transaction
# in [FROM, TO) that hold a voter and a choice, one "table voter choice"
# line each. A voter and a choice are looked for as PostgreSQL stores
# them: text values with their 1- or 4-byte length header, and in JSON
# ("member":"m1", "choice":"no") or signed text (choice=2:no). A version
# that holds all three options is a list of them, not a choice.
pairs() {
	python3 - "$@" <<'EOF'
import struct, sys
path, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
voters = ["sec"] + ["m%d" % i for i in range(1, 7)]
choices = ["yes", "no", "abstain"]
def stored(s):
    b = s.encode()
    return [bytes([((len(b) + 1) << 1) | 1]) + b,
            struct.pack("<I", (len(b) + 4) << 2) + b]
def found(data, s, key):
    return any(t in data for t in stored(s)) or \
        ('"%s":"%s"' % (key, s)).encode() in data or \
        ("%s=%d:%s" % (key, len(s), s)).encode() in data
for line in open(path):
    rel, xmin, xmax, hx = line.rstrip("\n").split("|")
    if not lo <= int(xmin) < hi:
        continue
    data = bytes.fromhex(hx)
    vs = [v for v in voters if found(data, v, "member")]
    cs = [c for c in choices if found(data, c, "choice")]
    # all three options together are the vote's list of options
    if vs and 0 < len(cs) < 3:
        print(rel, ",".join(vs), ",".join(cs))
EOF
}
pairs "$T/heap.txt" "$XID_open" "$XID_after" >"$T/pairs.secret"
pairs "$T/heap.txt" "$XID_ropen" "$XID_rafter" >"$T/pairs.open"
expect_eq "(a) secret: no tuple version of the round holds a voter and a choice" \
    "$(cat "$T/pairs.secret")" ""
# (c) every member's choice, read back from the open vote's ballots rows.
expect_eq "(c) open vote: the heap pairs each of the 7 voters with their choice" \
    "$(grep '^ballots ' "$T/pairs.open" | awk '{print $2 ":" $3}' | sort | tr '\n' ' ')" \
    "$(echo $OPEN_CAST | tr ' ' '\n' | sort | tr '\n' ' ')"
expect_eq "(c) open vote: and in the trail's entries" \
    "$(grep -c '^trail ' "$T/pairs.open")" 7

# counters ITEM: the item's votes row versions as "xmin yes no abstain"
# (null where a counter is not set), read from the heap (dead versions
# included), oldest first.
counters() {
	yi_sql "CREATE FUNCTION pg_temp.i4(bytea) RETURNS text LANGUAGE sql AS
        'SELECT coalesce((get_byte(\$1, 0)::bigint + (get_byte(\$1, 1)::bigint << 8) +
            (get_byte(\$1, 2)::bigint << 16) + (get_byte(\$1, 3)::bigint << 24))::text, ''null'')';
    WITH a AS (SELECT
            max(attnum) FILTER (WHERE attname = 'item_id') AS i,
            max(attnum) FILTER (WHERE attname = 'yes') AS y,
            max(attnum) FILTER (WHERE attname = 'no') AS n,
            max(attnum) FILTER (WHERE attname = 'abstain') AS ab
            FROM pg_attribute WHERE attrelid = 'votes'::regclass AND attnum > 0),
        v AS (SELECT b.blk, h.lp, h.t_xmin::text::bigint AS xmin, h.t_attrs AS t
            FROM generate_series(0, (pg_relation_size('votes') /
                current_setting('block_size')::int)::int - 1) AS b(blk),
            LATERAL heap_page_item_attrs(get_raw_page('votes', b.blk),
                'votes'::regclass) AS h
            WHERE h.t_attrs IS NOT NULL)
    SELECT v.xmin || ' ' || pg_temp.i4(t[a.y]) || ' ' || pg_temp.i4(t[a.n]) ||
        ' ' || pg_temp.i4(t[a.ab])
    FROM v, a WHERE pg_temp.i4(t[a.i]) = '$1'
    ORDER BY v.xmin, v.blk, v.lp" | grep -v '^CREATE FUNCTION$'
}
# The transactions that stored a ballot (its row's xmin).
cast_xids() {
	yi_sql "SELECT xmin FROM ballots WHERE item_id = $1 ORDER BY xmin::text::bigint"
}
counters "$P" >"$T/counters.secret"
counters "$R" >"$T/counters.open"
cast_xids "$P" >"$T/casts.secret"
cast_xids "$R" >"$T/casts.open"
echo "# secret vote, votes row versions (xmin yes no abstain):"
sed 's/^/#   /' "$T/counters.secret"
expect_eq "7 secret ballots were stored, each in its own transaction" \
    "$(sort -u "$T/casts.secret" | grep -c '')" 7
echo "# what the ballots' transactions wrote: $(awk -F'|' 'NR == FNR { x[$1]; next } ($2 in x) { print $1 }' \
    "$T/casts.secret" "$T/heap.txt" | sort | uniq -c | tr -s ' \n' ' ')"
expect_eq "(a) secret: no transaction that stored a ballot wrote a votes row version" \
    "$(awk '{print $1}' "$T/counters.secret" | grep -cxFf "$T/casts.secret")" 0
COUNTS=$(awk '{print $2 ":" $3 ":" $4}' "$T/counters.secret" | uniq | tr '\n' ' ')
case $COUNTS in
"0:0:0 4:2:1 "|"null:null:null 4:2:1 ")
	ok "(a) secret: the counters change once, from unset to the totals ($COUNTS)" ;;
*)
	not_ok "(a) secret: the counters change once, from unset to the totals: $COUNTS" ;;
esac
# (c) the issue's attack on the open vote: each ballot's transaction also
# wrote a counter version; the difference to the one before is the choice.
recover() {
	python3 - "$1" "$2" <<'EOF'
import sys
casts = set(l.strip() for l in open(sys.argv[2]) if l.strip())
prev = None
out = []
for line in open(sys.argv[1]):
    x, y, n, a = line.split()
    cur = (int(y), int(n), int(a))
    if prev is not None and x in casts:
        d = [c - p for c, p in zip(cur, prev)]
        if sorted(d) == [0, 0, 1]:
            out.append(x + ":" + ["yes", "no", "abstain"][d.index(1)])
    prev = cur
print(" ".join(out))
EOF
}
RECOVERED=$(recover "$T/counters.open" "$T/casts.open")
WHO=$(yi_sql "SELECT string_agg(xmin || ':' || member, ' ') FROM ballots WHERE item_id = $R")
GOT=$(for xc in $RECOVERED; do
	for xm in $WHO; do
		[ "${xm%%:*}" = "${xc%%:*}" ] && echo "${xm#*:}:${xc#*:}"
	done
done | sort | tr '\n' ' ')
expect_eq "(c) open vote: the counter versions give every voter's choice (the issue's attack)" \
    "$GOT" "$(echo $OPEN_CAST | tr ' ' '\n' | sort | tr '\n' ' ')"
expect_eq "(a) secret: the same attack on the secret vote recovers nothing" \
    "$(recover "$T/counters.secret" "$T/casts.secret")" ""

# ---------------------------------------------------------------------------
echo "# the WAL (pg_waldump over the cluster's pg_wal)"
REL=$(yi_sql "SELECT t.oid || '/' || d.oid || '/' || pg_relation_filenode('votes')
    FROM pg_database d, pg_tablespace t
    WHERE d.datname = current_database() AND t.spcname = 'pg_default'")
# waldump FROM TO [ARGS]: the records between two positions.
waldump() {
	"$WALDUMP" -p "$PGWAL" -s "$1" -e "$2" "${@:3}" 2>"$T/waldump.err"
}
waldump "$LSN_open" "$LSN_rafter" >"$T/wal.all"
expect_eq "pg_waldump reads the WAL of both votes" \
    "$([ "$(grep -c 'rmgr:' "$T/wal.all")" -gt 50 ] && echo yes)" yes
waldump "$LSN_first" "$LSN_close" -R "$REL" >"$T/wal.votes.secret"
expect_eq "(b) secret: no WAL record from the first ballot to the close touches votes ($REL)" \
    "$(grep -c 'rmgr:' "$T/wal.votes.secret")" 0
waldump "$LSN_close" "$LSN_after" -R "$REL" >"$T/wal.votes.close"
expect_eq "(b) secret: the close writes the counters" \
    "$([ "$(grep -c 'rmgr: Heap' "$T/wal.votes.close")" -ge 1 ] && echo yes)" yes
waldump "$LSN_ropen" "$LSN_rclose" -R "$REL" >"$T/wal.votes.open"
expect_eq "(c) open vote: each ballot's transaction wrote the votes row in the WAL" \
    "$(grep -o 'tx: *[0-9]*' "$T/wal.votes.open" | awk '{print $2}' | sort -u | grep -cxFf "$T/casts.open")" 7

# walpairs FROM TO: the WAL records between two positions whose bytes
# (full-page images included) hold a voter and a choice.
walpairs() {
	waldump "$1" "$2" -b >"$T/wal.range"
	python3 - "$T/wal.range" "$PGWAL" "$(yi_sql "SHOW wal_segment_size")" <<'EOF'
import os, re, struct, sys
path, wal, segsz = sys.argv[1], sys.argv[2], sys.argv[3]
units = {"MB": 1 << 20, "GB": 1 << 30, "kB": 1 << 10}
m = re.match(r"(\d+)\s*(\w+)", segsz)
seg = int(m.group(1)) * units[m.group(2)]
voters = ["sec"] + ["m%d" % i for i in range(1, 7)]
choices = ["yes", "no", "abstain"]
def stored(s):
    b = s.encode()
    return [bytes([((len(b) + 1) << 1) | 1]) + b,
            struct.pack("<I", (len(b) + 4) << 2) + b]
def found(data, s, key):
    return any(t in data for t in stored(s)) or \
        ('"%s":"%s"' % (key, s)).encode() in data
PAGE = 8192
# read LSN N: the record's N bytes from the segment files, without the
# page headers a record that crosses pages has inside it (40 bytes at a
# segment's start, 24 at any other page's).
def read(lsn, n):
    out = b""
    while n > 0:
        if lsn % PAGE == 0:
            lsn += 40 if lsn % seg == 0 else 24
            continue
        segno, off = divmod(lsn, seg)
        name = "%08X%08X%08X" % (1, segno // ((1 << 32) // seg), segno % ((1 << 32) // seg))
        with open(os.path.join(wal, name), "rb") as f:
            f.seek(off)
            chunk = f.read(min(n, PAGE - lsn % PAGE))
        if not chunk:
            break
        out += chunk
        lsn += len(chunk)
        n -= len(chunk)
    return out
for line in open(path):
    m = re.search(r"len \(rec/tot\):\s*\d+/\s*(\d+), tx:\s*(\d+), lsn: ([0-9A-F]+)/([0-9A-F]+)", line)
    if not m:
        continue
    tot, tx = int(m.group(1)), m.group(2)
    lsn = (int(m.group(3), 16) << 32) | int(m.group(4), 16)
    data = read(lsn, tot)
    vs = [v for v in voters if found(data, v, "member")]
    cs = [c for c in choices if found(data, c, "choice")]
    if vs and 0 < len(cs) < 3:
        print(tx, ",".join(vs), ",".join(cs), line.split("desc:")[-1].strip()[:60])
EOF
}
walpairs "$LSN_open" "$LSN_after" >"$T/walpairs.secret"
walpairs "$LSN_ropen" "$LSN_rafter" >"$T/walpairs.open"
expect_eq "(b) secret: no WAL record of the round holds a voter and a choice" \
    "$(cat "$T/walpairs.secret")" ""
expect_eq "(c) open vote: the WAL pairs each ballot's transaction with a voter and a choice" \
    "$(awk '{print $1}' "$T/walpairs.open" | sort -u | grep -cxFf "$T/casts.open")" 7

# ---------------------------------------------------------------------------
echo "# what the round left: ciphertexts, shares, and the totals once"
expect_eq "the secret ballots' rows hold no choice, each a ciphertext" \
    "$(yi_sql "SELECT count(*) || ':' || count(choice) || ':' || count(ballot) FROM ballots WHERE item_id = $P")" 7:0:7
expect_eq "its trail entries hold no choice" \
    "$(yi_sql "SELECT count(*) FROM trail WHERE action = 'vote.cast' AND payload::json->>'item' = '$P' AND payload NOT LIKE '%choice%' AND coalesce(signed, '') NOT LIKE '%choice%'")" 7
ym_verify_all
