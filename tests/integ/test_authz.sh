#!/usr/bin/env bash
# The authorization matrix: every role against every request the CLI makes,
# through the real CLI against the real daemon. The expected answer of each
# cell is written below from RULES.md and CLI.md (and the CLI's own --help
# where they are silent), never read from the server's handler table, so
# that the table is checked against the rules and not against itself.
#
# Columns (one identity each):
#   admin   the instance admin: runs the instance (bodies, seats,
#           identities, calendar), holds no seat, and does not read a body's
#           deliberation (statements, dissents, written opinions, ballots,
#           minutes, trail: R-CONF-1, R-ENF-8)
#   sec     the secretary (书记 / 一把手), who chairs unless entrusted
#   dep     a deputy           mem   a member
#   rec     the recorder       off   office staff
#   insp    an inspector       obs   an observer (列席)
#   other   the secretary of ANOTHER body
#   noseat  an identity with no seat anywhere
#   dis     a disabled identity (it holds a member seat in every body)
# Cells:
#   Y  allowed: exit 0
#   N  refused as a permission question: exit 4, error code "permission"
#   R  refused by a rule: exit 3, error code "rule"
#   5  not found: exit 5
#   -  not tested (no meaningful cell)
# Each row runs in a state where the request would otherwise succeed. The
# refused cells run first, all on the same state, and must change nothing
# (the database is compared before and after); then each allowed cell runs,
# on a fresh state where the row changes it. Requests of one body go to the
# body the columns sit in; "other" and "noseat" are refused all of them.
#
# Where RULES.md and CLI.md are silent, the cells follow the CLI's --help
# and the nearest rule, and say so here:
# - the admin lists a body's meetings, seats, follow-up, disposals and
#   overdue minutes, and reads meeting status and items without their
#   deliberation (none of that is statements, dissents, opinions, ballots,
#   minutes or the trail); it does not watch (the events carry positions);
# - observers (列席) see only the items they are admitted to (R-CONF-1):
#   so not the seat list (--help), follow-up, disposals or overdue minutes;
# - every seat of the body may check in and out (presence in the room);
#   only voting seats count (RULES.md "Present");
# - the person given a follow-up task holds a seat of the body, observers
#   excepted; another person is refused by R-FOLLOW-1 (exit 3): the one
#   who asks (the secretary) may assign, the person named does not fit the
#   rule, and CLI.md makes exit 4 a question of who asks; a disabled
#   identity is not an active one (exit 5, as an unknown one,
#   test_followup.sh);
# - CLI.md has no "identity register" (yishid issue records identities), so
#   the CLI has no such command and the matrix no such row;
# - decision ack by a seat that is never informed (recorder, office,
#   inspector, observer) is refused by R-ABSENT-4 (exit 3), as
#   test_followup.sh asserts for the inspector;
# - decision pending reads only the caller's own notices: anyone may ask,
#   with or without --body (the answer holds nothing of the body).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

COLS=(admin sec dep mem rec off insp obs other noseat dis)

# The matrix. One line per request (the name of the az_do_ function that
# makes it); the columns as above. Every request of proto/yishi.proto that
# yishid serves is
# here; item_show is the one the CLI sends before it signs, never shown.
MATRIX='
# request            admin sec dep mem rec off insp obs other noseat dis
# -- the instance
whoami                 Y    Y   Y   Y   Y   Y   Y    Y   Y     Y     N
ping                   Y    Y   Y   Y   Y   Y   Y    Y   Y     Y     N
body_list              Y    Y   Y   Y   Y   Y   Y    Y   Y     Y     N
body_create            Y    N   N   N   N   N   N    N   N     N     N
seat_add               Y    N   N   N   N   N   N    N   N     N     N
seat_import            Y    N   N   N   N   N   N    N   N     N     N
seat_import_dry_run    Y    N   N   N   N   N   N    N   N     N     N
seat_list              Y    Y   Y   Y   Y   Y   Y    N   N     N     N
seat_remove            Y    N   N   N   N   N   N    N   N     N     N
identity_disable       Y    N   N   N   N   N   N    N   N     N     N
calendar_set           Y    N   N   N   N   N   N    N   N     N     N
# -- meetings (CLI.md: secretary / office)
meeting_schedule       N    Y   N   N   N   Y   N    N   N     N     N
meeting_notify         N    Y   N   N   N   Y   N    N   N     N     N
meeting_delegate       N    Y   N   N   N   N   N    N   N     N     N
meeting_open           N    Y   N   N   N   Y   N    N   N     N     N
meeting_close          N    Y   N   N   N   Y   N    N   N     N     N
meeting_list           Y    Y   Y   Y   Y   Y   Y    Y   N     N     N
# -- the agenda (R-AGENDA-1, R-AGENDA-2); withdraw: an item mem proposed
agenda_propose         N    Y   Y   Y   N   Y   N    N   N     N     N
agenda_approve         N    Y   N   N   N   N   N    N   N     N     N
agenda_withdraw        N    Y   N   Y   N   N   N    N   N     N     N
# -- attendance (R-LEAVE-1, R-RECUSE-1); the target member is mem
checkin                N    Y   Y   Y   Y   Y   Y    Y   N     N     N
checkout               N    Y   Y   Y   Y   Y   Y    Y   N     N     N
attendance_mark        N    Y   N   N   Y   N   N    N   N     N     N
recuse                 N    Y   N   Y   N   N   N    N   N     N     N
# -- leave, written opinions, 通报 (R-LEAVE-1, R-ABSENT-2, R-ABSENT-4)
leave_request          N    Y   Y   Y   N   N   N    N   N     N     N
leave_approve          N    Y   N   N   N   N   N    N   N     N     N
opinion_submit         N    Y   Y   Y   N   N   N    N   N     N     N
decision_ack           N    Y   Y   Y   R   R   R    R   N     N     N
# -- deliberation and votes (R-LAST-2, R-VOTE-6, R-VOTE-8, R-CONF-1)
item_start             N    Y   N   N   N   N   N    N   N     N     N
state                  N    Y   Y   Y   N   N   N    N   N     N     N
vote_open              N    Y   N   N   N   N   N    N   N     N     N
vote_cast              N    Y   Y   Y   N   N   N    N   N     N     N
vote_show              N    Y   Y   Y   Y   N   Y    N   N     N     N
vote_close             N    Y   N   N   N   N   N    N   N     N     N
dissent_file           N    Y   Y   Y   N   N   N    N   N     N     N
vote_cast_for_mem      N    N   N   -   Y   N   N    N   N     N     N
observer_admit         N    Y   N   N   N   N   N    N   N     N     N
item_show              Y    Y   Y   Y   Y   Y   Y    N   N     N     N
item_defer             N    Y   N   N   N   N   N    N   N     N     N
item_decide            N    Y   N   N   N   N   N    N   N     N     N
meeting_status         Y    Y   Y   Y   Y   Y   Y    Y   N     N     N
minutes_show           N    Y   Y   Y   Y   N   Y    N   N     N     N
# -- follow-up (R-FOLLOW-1); followup_assign_to: the column is the PERSON
#    the secretary assigns the task to (a seat of the body, not an observer)
followup_assign        N    Y   N   N   N   Y   N    N   N     N     N
followup_assign_to     R    Y   Y   Y   Y   Y   Y    R   R     R     5
followup_report        N    N   N   Y   N   N   N    N   N     N     N
followup_list          Y    Y   Y   Y   Y   Y   Y    N   N     N     N
# -- minutes (R-MIN-2, R-MIN-3) and the trail (R-ENF-8; CLI.md: inspector,
#    secretary)
minutes_sign           N    Y   N   N   N   N   N    N   N     N     N
minutes_correct        N    Y   N   N   N   N   N    N   N     N     N
minutes_overdue        Y    Y   Y   Y   Y   Y   Y    N   N     N     N
audit_log              N    Y   N   N   N   N   Y    N   N     N     N
audit_verify           N    Y   N   N   N   N   Y    N   N     N     N
audit_export           N    Y   N   N   N   N   Y    N   N     N     N
audit_self             N    Y   Y   Y   Y   Y   Y    Y   N     N     N
audit_witness          N    N   N   N   N   N   Y    N   N     N     N
# -- emergency disposals (R-EMERG-1), decisions to acknowledge, watch
disposal_record        N    Y   Y   Y   N   N   N    N   N     N     N
disposal_list          Y    Y   Y   Y   Y   Y   Y    N   N     N     N
decision_pending       Y    Y   Y   Y   Y   Y   Y    Y   Y     Y     N
decision_pending_body  Y    Y   Y   Y   Y   Y   Y    Y   Y     Y     N
watch                  N    Y   Y   Y   Y   N   Y    N   N     N     N
'
# Rows whose allowed cells must run in this order (the 一把手 last); read
# by name in az_row.
# shellcheck disable=SC2034
ORDER_state="dep mem sec"
# shellcheck disable=SC2034
ORDER_vote_cast="dep mem sec"

yi_setup
yi_issue sec dep mem rec off insp obs other noseat dis h1 h2 h3 h4 \
    victim spare spare2
DUE=$(ym_day 30)

# ------------------------------------------------------------ fixtures

# az_body KIND NAME [HELPER...]: a body with sec, dep, mem and dis (voting),
# rec, off, insp, obs, and helper members; sets AZ_B to its id.
az_body() {
	local kind=$1 name=$2 s n role disp r rank=4 b
	shift 2
	ym_must "create $name" -- admin body create --name "$name" \
	    --kind "$kind" || return 1
	b=$(jget body.id)
	for s in sec:secretary:书记:1 dep:deputy:副书记:2 mem:member:委员:3 \
	    dis:member:停用委员:4 rec:recorder:记录人:0 off:office:办公室:0 \
	    insp:inspector:纪检组长:0 obs:observer:列席人:0; do
		IFS=: read -r n role disp r <<<"$s"
		ym_must "seat $n in $name" -- admin seat add --body "$b" \
		    --identity "$n" --display "$disp" --role "$role" \
		    --rank "$r" || return 1
	done
	for s in "$@"; do
		rank=$((rank + 1))
		ym_must "seat $s in $name" -- admin seat add --body "$b" \
		    --identity "$s" --display "委员$s" --role member \
		    --rank "$rank" || return 1
	done
	AZ_B=$b
}

# az_meeting BODY: an urgent meeting the office schedules in BODY (a new
# title each time); sets M.
az_meeting() {
	local B=$1
	YM_SEQ=$((YM_SEQ + 1))
	ym_schedule
}

# az_item WHO [ARGS...]: WHO proposes an ordinary item on M; sets I.
az_item() {
	local who=$1
	shift
	YM_SEQ=$((YM_SEQ + 1))
	ym_must "$who proposes an item" -- "$who" agenda propose --meeting "$M" \
	    --title "议题$YM_SEQ" --category ordinary "$@" || return 1
	I=$(jget item.id)
}

# az_approved [ARGS...]: an item mem proposes and sec approves; sets I.
az_approved() {
	az_item mem "$@" || return 1
	ym_must "approve item $I" -- sec agenda approve --item "$I"
}

# What any change would move, as name=value words: the trail (every change
# is an entry in it, R-ENF-5) and the tables requests write.
az_snapshot() {
	yi_sql "SELECT concat_ws(' ',
	    'trail=' || (SELECT count(*) FROM trail),
	    'identities=' || (SELECT count(*) FROM identities),
	    'disabled=' || (SELECT count(*) FROM identities WHERE disabled),
	    'seats=' || (SELECT count(*) FROM seats WHERE removed_at IS NULL),
	    'calendar=' || (SELECT count(*) FROM calendar),
	    'meetings=' || (SELECT md5(string_agg(id || state ||
	        coalesce(chair, ''), ',' ORDER BY id)) FROM meetings),
	    'items=' || (SELECT md5(string_agg(id || state, ',' ORDER BY id))
	        FROM items),
	    'attendance=' || (SELECT md5(string_agg(meeting_id || state ||
	        identity, ',' ORDER BY meeting_id, identity)) FROM attendance),
	    'statements=' || (SELECT count(*) FROM statements),
	    'ballots=' || (SELECT count(*) FROM ballots),
	    'closed_votes=' || (SELECT count(*) FROM votes
	        WHERE state = 'closed'),
	    'opinions=' || (SELECT count(*) FROM opinions),
	    'dissents=' || (SELECT count(*) FROM dissents),
	    'recusals=' || (SELECT count(*) FROM recusals),
	    'observers=' || (SELECT count(*) FROM item_observers),
	    'followups=' || (SELECT count(*) FROM followups),
	    'reports=' || (SELECT count(*) FROM followup_reports),
	    'disposals=' || (SELECT count(*) FROM disposals),
	    'signoffs=' || (SELECT count(*) FROM minutes_signoffs),
	    'corrigenda=' || (SELECT count(*) FROM minutes_corrigenda),
	    'acks=' || (SELECT count(*) FROM decision_acks),
	    'witnesses=' || (SELECT count(*) FROM witnesses))"
}

# az_unchanged WHAT BEFORE: the snapshot is still BEFORE; else names what
# moved.
az_unchanged() {
	local after w moved=
	after=$(az_snapshot)
	for w in $after; do
		[[ " $2 " == *" $w "* ]] || moved="$moved $w"
	done
	if [ "$after" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1: now$moved"
	fi
}

# ------------------------------------------------------------ the bodies

echo "# set-up: the bodies (dis is seated in each, then disabled)"
ym_must "create another body" -- admin body create --name 另一党组 \
    --kind party_group || exit 1
B0=$(jget body.id)
ym_must "other is the secretary of another body" -- admin seat add \
    --body "$B0" --identity other --display 另一书记 --role secretary \
    --rank 1 || exit 1
az_body party_group 党组 || exit 1
B=$AZ_B
az_body party_group 请假党组 h1 h2 h3 h4 || exit 1
BL=$AZ_B
az_body director_office 局长办公会议 || exit 1
BD=$AZ_B
ym_must "disable dis" -- admin identity disable dis || exit 1
ok "set-up: bodies #$B (party group), #$BL (with leave), #$BD (director's office), other body #$B0"

# ------------------------------------------------------------ the requests
#
# az_do_ROW WHO: makes the request of the row as WHO (yj: sets OUT, RC).
# az_fix_ROW: the state the row needs, before its first cell.
# az_each_ROW ROLE: a fresh state before each allowed cell but the first.
# az_post_ROW: checks or steps after the row.

az_do_whoami() { yj "$1" whoami; }
az_do_ping() { yj "$1" ping; }
az_do_body_list() { yj "$1" body list; }
az_do_body_create() { yj "$1" body create --name "新机构$1" --kind topic; }
az_do_seat_add() {
	yj "$1" seat add --body "$B" --identity spare --display 备用 \
	    --role observer
}
az_fix_seat_import() {
	printf 'spare2,备用二,observer\n' >"$T/seats.csv"
}
az_do_seat_import() { yj "$1" seat import --body "$B" --file "$T/seats.csv"; }
# A dry run writes nothing, and tells whether identities exist: the admin's.
az_do_seat_import_dry_run() {
	yj "$1" seat import --body "$B" --file "$T/seats.csv" --dry-run
}
az_do_seat_list() { yj "$1" seat list --body "$B"; }
# "other" is refused this body, not everything: its own body it reads.
az_post_seat_list() {
	expect_rc 0 "other lists the seats of its own body" -- \
	    other seat list --body "$B0"
}
az_do_seat_remove() { yj "$1" seat remove --body "$B" --identity spare; }
az_do_identity_disable() { yj "$1" identity disable victim; }
az_post_identity_disable() {
	expect_rc 4 "the disabled victim is refused from now on" -- victim whoami
}
az_do_calendar_set() { yj "$1" calendar set --date 2035-06-01 --holiday; }

az_do_meeting_schedule() {
	yj "$1" meeting schedule --body "$B" --title "会议由$1安排" \
	    --at "$(yi_at 10)" --urgent --reason 工作需要
}
az_fix_meeting_notify() { az_meeting "$B"; }
az_each_meeting_notify() { az_meeting "$B"; }
az_do_meeting_notify() { yj "$1" meeting notify --meeting "$M"; }
az_fix_meeting_delegate() { az_meeting "$B"; }
az_do_meeting_delegate() {
	yj "$1" meeting delegate --meeting "$M" --chair dep
}
# What the chair may do goes with the chair (R-MTG-2): dep now calls the
# roll, the secretary no longer does.
az_post_meeting_delegate() {
	expect_rc 0 "the entrusted chair (dep) marks attendance" -- \
	    dep attendance mark --meeting "$M" --member mem --present
	expect_perm "the secretary who entrusted the chair does not" -- \
	    sec attendance mark --meeting "$M" --member dep --present
}
# A meeting ready to open: noticed, with quorum (3 of N 4) checked in.
az_fix_meeting_open() {
	az_meeting "$B" && ym_notify && ym_checkin sec dep mem
}
az_each_meeting_open() { az_fix_meeting_open; }
az_do_meeting_open() { yj "$1" meeting open --meeting "$M"; }
az_fix_meeting_close() {
	az_fix_meeting_open && ym_must "open" -- sec meeting open --meeting "$M"
}
az_each_meeting_close() { az_fix_meeting_close; }
az_do_meeting_close() { yj "$1" meeting close --meeting "$M"; }
az_do_meeting_list() { yj "$1" meeting list --body "$B"; }

az_fix_agenda_propose() { az_meeting "$B"; }
az_do_agenda_propose() {
	yj "$1" agenda propose --meeting "$M" --title "$1的议题" \
	    --category ordinary
}
az_fix_agenda_approve() { az_item mem; }
az_do_agenda_approve() { yj "$1" agenda approve --item "$I"; }
# Before the notice the proposer (mem) or the secretary withdraws.
az_fix_agenda_withdraw() { az_item mem; }
az_each_agenda_withdraw() { az_item mem; }
az_do_agenda_withdraw() { yj "$1" agenda withdraw --item "$I"; }

az_fix_checkin() { az_meeting "$B" && ym_notify; }
az_do_checkin() { yj "$1" checkin --meeting "$M"; }
az_do_checkout() { yj "$1" checkout --meeting "$M"; }
az_fix_attendance_mark() { az_meeting "$B"; }
az_each_attendance_mark() { az_meeting "$B"; }
az_do_attendance_mark() {
	yj "$1" attendance mark --meeting "$M" --member mem --present
}
az_fix_recuse() { az_meeting "$B" && az_approved; }
az_each_recuse() { az_approved; }
az_do_recuse() {
	yj "$1" recuse --item "$I" --member mem --reason 亲属关系
}

# Leave, written opinions and 通报 in the body with helpers (N 8): sec,
# dep and mem ask leave; the chair goes to h1 so that sec's leave can be
# approved too; h1..h4 hold the meeting, decide the item and close.
az_fix_leave_request() {
	az_meeting "$BL" && az_item h1 && IL=$I &&
	    ym_must "approve" -- sec agenda approve --item "$IL" && ym_notify &&
	    ML=$M
}
az_do_leave_request() { yj "$1" leave request --meeting "$ML" --reason 出差; }
az_do_leave_approve() { yj "$1" leave approve --meeting "$ML" --member mem; }
az_fix_opinion_submit() {
	ym_must "sec approves dep's leave" -- sec leave approve \
	    --meeting "$ML" --member dep &&
	    ym_must "sec entrusts the chair to h1" -- sec meeting delegate \
	    --meeting "$ML" --chair h1 &&
	    ym_must "h1 approves sec's leave" -- h1 leave approve \
	    --meeting "$ML" --member sec
}
az_do_opinion_submit() {
	yj "$1" opinion submit --item "$IL" --position agree --text 书面同意
}
az_fix_decision_ack() {
	M=$ML
	ym_checkin h1 h2 h3 h4 &&
	    ym_must "h1 opens" -- h1 meeting open --meeting "$ML" &&
	    ym_must "h1 starts" -- h1 item start --item "$IL" &&
	    ym_state_all "$IL" agree h2 h3 h4 h1 &&
	    ym_must "vote opens" -- h1 vote open --item "$IL" --method hands &&
	    ym_cast_all "$IL" yes h2 h3 h4 h1 &&
	    ym_must "vote closes" -- h1 vote close --item "$IL" &&
	    ym_must "h1 closes" -- h1 meeting close --meeting "$ML"
}
az_do_decision_ack() { yj "$1" decision ack --item "$IL"; }

# The deliberation meeting MD of the main body: items I1 (roll call,
# passed), I2 (hands, the recorder enters mem's vote), I3 (deferred), I4
# (the observer admitted).
az_fix_item_start() {
	az_meeting "$B" && MD=$M && az_approved && I1=$I && az_approved &&
	    I2=$I && az_approved && I3=$I && az_approved && I4=$I &&
	    ym_notify && ym_checkin sec dep mem &&
	    ym_must "open" -- sec meeting open --meeting "$MD"
}
az_do_item_start() { yj "$1" item start --item "$I1"; }
az_do_state() {
	yj "$1" state --item "$I1" --position disagree --text "$1保留看法"
}
az_do_vote_open() { yj "$1" vote open --item "$I1" --method roll_call; }
az_do_vote_cast() { yj "$1" vote cast --item "$I1" --choice yes; }
az_do_vote_show() { yj "$1" vote show --item "$I1"; }
az_do_vote_close() { yj "$1" vote close --item "$I1"; }
az_post_vote_close() {
	expect_eq "I1 passed (3 yes of N 4)" "$(jget result.outcome)" passed
}
az_do_dissent_file() {
	yj "$1" dissent file --item "$I1" --text "$1的保留意见"
}
# item show is the request the CLI sends before it signs a statement, a
# vote or a dissent (for the item's body and meeting); the CLI never shows
# its answer, so it is sent here as the CLI sends it, over mutual TLS, and
# its answer read: OUT is {"error":{"code":...}} or {"item":{"record":N}},
# N counting the statements, vote, opinions and dissents it carries.
az_do_item_show() {
	local id=$INST/identities/$1
	OUT=$(python3 - "$id" "$YISHI_SERVER" "${2:-$I1}" 2>"$T/stderr" <<'PY'
import socket, ssl, struct, sys
ident, server, item = sys.argv[1], sys.argv[2], int(sys.argv[3])
def varint(n):
    b = b""
    while True:
        if n < 0x80:
            return b + bytes([n])
        b += bytes([n & 0x7f | 0x80])
        n >>= 7
def field(num, payload):
    return varint(num << 3 | 2) + varint(len(payload)) + payload
def fields(buf):
    i = 0
    while i < len(buf):
        key, i = readvar(buf, i)
        if key & 7 == 0:
            v, i = readvar(buf, i)
        elif key & 7 == 2:
            n, i = readvar(buf, i)
            v, i = buf[i:i + n], i + n
        else:
            raise SystemExit("wire type %d" % (key & 7))
        yield key >> 3, v
def readvar(buf, i):
    n = s = 0
    while True:
        c = buf[i]
        i += 1
        n |= (c & 0x7f) << s
        s += 7
        if c < 0x80:
            return n, i
# Frame{version 1, id 1, request{item_show (59){item}}}
req = field(59, b"\x08" + varint(item))
frame = b"\x08\x01\x10\x01" + field(3, req)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
ctx.load_verify_locations(ident + "/ca.pem")
ctx.load_cert_chain(ident + "/cert.pem", ident + "/key.pem")
host, port = server.rsplit(":", 1)
with socket.create_connection((host, int(port)), timeout=20) as raw:
    with ctx.wrap_socket(raw, server_hostname=host) as c:
        c.sendall(struct.pack(">I", len(frame)) + frame)
        def read(n):
            b = b""
            while len(b) < n:
                x = c.recv(n - len(b))
                if not x:
                    raise SystemExit("closed")
                b += x
            return b
        body = read(struct.unpack(">I", read(4))[0])
resp = dict(fields(body)).get(4, b"")
status, item_msg = 0, None
for k, v in fields(resp):
    if k == 1:
        status = v
    elif k == 15:
        item_msg = v
codes = {1: "invalid_argument", 2: "permission", 3: "rule", 4: "not_found",
    5: "conflict", 6: "unavailable"}
if status:
    print('{"error":{"code":"%s"}}' % codes.get(status, "?"))
    sys.exit({1: 2, 2: 4, 3: 3, 4: 5}.get(status, 1))
record = sum(1 for k, v in fields(item_msg or b"") if k in (11, 12, 18, 19))
print('{"item":{"record":%d}}' % record)
PY
	)
	RC=$?
}
# Allowed to read the item is not allowed to read its deliberation.
az_post_item_show() {
	az_do_item_show mem
	expect_eq "a member's item show carries the deliberation" "$OUT" '{"item":{"record":7}}'
	az_do_item_show off
	expect_eq "the office's item show carries none of it" "$OUT" '{"item":{"record":0}}'
	az_do_item_show admin
	expect_eq "the admin's item show carries none of it" "$OUT" '{"item":{"record":0}}'
	az_do_item_show obs "$I4"
	expect_eq "the observer reads the item it was admitted to" "$RC $OUT" '0 {"item":{"record":0}}'
}
az_fix_vote_cast_for_mem() {
	ym_must "start I2" -- sec item start --item "$I2" &&
	    ym_state_all "$I2" agree dep mem sec &&
	    ym_must "hands vote on I2" -- sec vote open --item "$I2" \
	    --method hands
}
az_do_vote_cast_for_mem() {
	yj "$1" vote cast --item "$I2" --choice yes --for mem
}
az_post_vote_cast_for_mem() {
	ym_cast_all "$I2" yes dep sec &&
	    ym_must "close I2" -- sec vote close --item "$I2"
}
az_do_observer_admit() { yj "$1" observer admit --item "$I4" --identity obs; }
az_do_item_defer() { yj "$1" item defer --item "$I3" --reason 待调研; }
# The director decides (director's office), after hearing the others.
az_fix_item_decide() {
	az_meeting "$BD" && az_approved --emergency --reason 情况紧急 &&
	    ID=$I && ym_notify && ym_checkin sec dep mem &&
	    ym_must "open" -- sec meeting open --meeting "$M" &&
	    ym_must "start" -- sec item start --item "$ID" &&
	    ym_state_all "$ID" agree dep mem
}
az_do_item_decide() { yj "$1" item decide --item "$ID" --text 同意实施; }
az_do_meeting_status() { yj "$1" meeting status --meeting "$MD"; }
az_do_minutes_show() { yj "$1" minutes show --meeting "$MD"; }

az_do_followup_assign() {
	yj "$1" followup assign --item "$I1" --unit 办公室 --person mem \
	    --due "$DUE"
	[ "$RC" -eq 0 ] && [ "$1" = sec ] && TASK=$(jget task.id)
}
declare -A TASKS
az_do_followup_assign_to() {
	yj sec followup assign --item "$I1" --unit 承办处 --person "$1" \
	    --due "$DUE"
	[ "$RC" -eq 0 ] && TASKS[$1]=$(jget task.id)
}
# Each person given a task reports on it (R-FOLLOW-1).
az_post_followup_assign_to() {
	local p
	for p in "${!TASKS[@]}"; do
		expect_rc 0 "$p reports on the task assigned to them" -- \
		    "$p" followup report --task "${TASKS[$p]}" --text 已办理
	done
}
az_do_followup_report() { yj "$1" followup report --task "$TASK" --text 进展; }
az_do_followup_list() { yj "$1" followup list --body "$B"; }

az_fix_minutes_sign() {
	ym_must "close the meeting" -- sec meeting close --meeting "$MD"
}
az_do_minutes_sign() { yj "$1" minutes sign --meeting "$MD"; }
az_do_minutes_correct() {
	yj "$1" minutes correct --meeting "$MD" --text 更正笔误
}
az_do_minutes_overdue() { yj "$1" minutes overdue --body "$B"; }
az_do_audit_log() { yj "$1" audit log --body "$B"; }
az_do_audit_verify() { yj "$1" audit verify --body "$B"; }
az_do_audit_self() { yj "$1" audit self --body "$B"; }
az_do_audit_export() {
	yj "$1" audit export --body "$B" --out "$T/bundle.$1"
}
# The CLI cosigns only as an inspector (after audit verify), so the request
# is sent as the others would send it: with their own key, over the head
# (tests/integ/wforge.c); its status is mapped to the CLI's exit codes.
az_do_audit_witness() {
	local s h
	s=$(yi_sql "select max(seq) from trail where body_id = $B")
	h=$(yi_sql "select encode(hash, 'hex') from trail where body_id = $B and seq = $s")
	"$WFORGE" send "$YISHI_SERVER" "$INST/identities/$1" \
	    "$INST/identities/$1/key.pem" "$B" "$s" "$h" \
	    "$(($(date +%s) * 1000000))" >"$T/stderr" 2>&1
	RC=$?
	case $RC in
	0) OUT='{}' ;;
	2) RC=4 OUT='{"error":{"code":"permission"}}' ;;
	*) OUT="status $RC: $(cat "$T/stderr")" ;;
	esac
}

az_do_disposal_record() {
	yj "$1" disposal record --body "$B" --title "$1处置" --text 临时处置 \
	    --amount 1000
}
az_do_disposal_list() { yj "$1" disposal list --body "$B"; }
az_do_decision_pending() { yj "$1" decision pending; }
az_do_decision_pending_body() { yj "$1" decision pending --body "$B"; }

# ------------------------------------------------------------ the loop

declare -A CELL_FAILED	# ROW:ROLE of every cell that failed

# az_cell ROW ROLE WANT: one cell.
az_cell() {
	local row=$1 who=$2 want=$3 rc code
	"az_do_$row" "$who"
	case $want in
	Y) rc=0 code= ;;
	N) rc=4 code=permission ;;
	R) rc=3 code=rule ;;
	5) rc=5 code=not_found ;;
	esac
	if [ "$RC" -eq "$rc" ] && { [ -z "$code" ] ||
	    [[ $OUT == *"\"code\":\"$code\""* ]]; }; then
		ok "$row as $who: ${code:-allowed} (exit $rc)"
	else
		not_ok "$row as $who: want exit $rc${code:+ $code}, got $RC: ${OUT:0:200} $(head -c 200 "$T/stderr")"
		CELL_FAILED[$row:$who]=$RC
	fi
}

# az_row ROW CELL...: the cells of one row, refusals first.
az_row() {
	local row=$1 i c before order
	local -a allowed=() refused=()
	shift
	if [ $# -ne ${#COLS[@]} ]; then
		not_ok "matrix row $row has $# cells, not ${#COLS[@]}"
		return
	fi
	if ! declare -F "az_do_$row" >/dev/null; then
		not_ok "matrix row $row: no az_do_$row"
		return
	fi
	for i in "${!COLS[@]}"; do
		c=${*:$((i + 1)):1}
		case $c in
		Y) allowed+=("${COLS[$i]}") ;;
		N | R | 5) refused+=("${COLS[$i]}:$c") ;;
		-) ;;
		*) not_ok "matrix row $row: bad cell '$c'"; return ;;
		esac
	done
	order=ORDER_$row
	[ -n "${!order:-}" ] && read -ra allowed <<<"${!order}"
	if declare -F "az_fix_$row" >/dev/null && ! "az_fix_$row"; then
		not_ok "$row: set-up failed, row skipped"
		return
	fi
	if [ ${#refused[@]} -gt 0 ]; then
		before=$(az_snapshot)
		for c in "${refused[@]}"; do
			az_cell "$row" "${c%%:*}" "${c#*:}"
		done
		az_unchanged "$row: the refusals changed nothing" "$before"
	fi
	for i in "${!allowed[@]}"; do
		if [ "$i" -gt 0 ] && declare -F "az_each_$row" >/dev/null; then
			"az_each_$row" "${allowed[$i]}" || not_ok "$row: fresh state for ${allowed[$i]} failed"
		fi
		az_cell "$row" "${allowed[$i]}" Y
	done
	if declare -F "az_post_$row" >/dev/null; then
		"az_post_$row"
	fi
}

# az_row_watch CELL...: watchers run side by side: the refused end at once
# with exit 4, the allowed print the meeting and that they watch, then the
# event's line, and end with exit 0 on SIGTERM.
az_row_watch() {
	local i c who n
	local -A want pid
	if ! { az_meeting "$B" && ym_notify; }; then
		not_ok "watch: set-up failed"
		return
	fi
	for i in "${!COLS[@]}"; do
		c=${*:$((i + 1)):1}
		[ "$c" = - ] && continue
		who=${COLS[$i]}
		want[$who]=$c
		"$YISHI" --identity "$INST/identities/$who" --timeout 20 --lang en \
		    watch --meeting "$M" >"$T/watch.$who" 2>&1 &
		pid[$who]=$!
	done
	# Every allowed watcher says it watches before the event happens.
	for n in $(seq 1 200); do
		c=0
		for who in "${!want[@]}"; do
			[ "${want[$who]}" = Y ] && ! grep -q "watching meeting" \
			    "$T/watch.$who" && c=1
		done
		[ $c -eq 0 ] && break
		sleep 0.1
	done
	ym_must "rec checks in (an event)" -- rec checkin --meeting "$M"
	for n in $(seq 1 200); do
		c=0
		for who in "${!want[@]}"; do
			[ "${want[$who]}" = Y ] && ! grep -q "checked in" \
			    "$T/watch.$who" && c=1
		done
		[ $c -eq 0 ] && break
		sleep 0.1
	done
	for who in "${!want[@]}"; do
		kill -TERM "${pid[$who]}" 2>/dev/null
		wait "${pid[$who]}"
		n=$?
		if [ "${want[$who]}" = Y ]; then
			if [ $n -eq 0 ] && grep -q "^[0-9:]*  记录人 checked in" \
			    "$T/watch.$who"; then
				ok "watch as $who: allowed, the event arrives (exit 0)"
			else
				not_ok "watch as $who: want a running watcher and an event, got exit $n: $(head -c 300 "$T/watch.$who")"
				CELL_FAILED[watch:$who]=$n
			fi
		elif [ $n -eq 4 ]; then
			ok "watch as $who: permission (exit 4)"
		else
			not_ok "watch as $who: want exit 4, got $n: $(head -c 300 "$T/watch.$who")"
			CELL_FAILED[watch:$who]=$n
		fi
	done
}

while read -r line; do
	case $line in
	'' | '#'*) continue ;;
	esac
	# shellcheck disable=SC2086
	set -- $line
	row=$1
	shift
	echo "# $row (at ${SECONDS}s)"
	if declare -F "az_row_$row" >/dev/null; then
		"az_row_$row" "$@"
	else
		az_row "$row" "$@"
	fi
done <<<"$MATRIX"

# ------------------------------------------------------------ what is read
#
# Allowed to read the meeting is not allowed to read its deliberation
# (R-CONF-1): what meeting status shows each reader of MD.

# az_view WHO: "items=ID,...; record=N" of WHO's meeting status of MD,
# record counting the statements, votes, opinions and dissents shown.
az_view() {
	yj "$1" meeting status --meeting "$MD"
	printf '%s' "$OUT" | python3 -c '
import json, sys
items = json.load(sys.stdin).get("meeting", {}).get("items", [])
rec = sum(len(i.get("statements", [])) + len(i.get("opinions", [])) +
    len(i.get("dissents", [])) + (1 if i.get("vote") else 0) for i in items)
print("items=%s; record=%s" % (",".join(str(i["id"]) for i in items),
    "yes" if rec else "no"))' 2>/dev/null
}
ALL="items=$I1,$I2,$I3,$I4"
expect_eq "a member sees every item with its deliberation" "$(az_view mem)" "$ALL; record=yes"
expect_eq "the inspector too" "$(az_view insp)" "$ALL; record=yes"
expect_eq "the office sees the items, not the deliberation" "$(az_view off)" "$ALL; record=no"
expect_eq "the admin sees the items, not the deliberation" "$(az_view admin)" "$ALL; record=no"
expect_eq "the observer sees only the item admitted to" "$(az_view obs)" "items=$I4; record=no"

# The matrix as it ran: a failed cell shows the exit code it got instead.
if [ ${#CELL_FAILED[@]} -gt 0 ]; then
	echo "# the matrix as run (a failed cell: want>got exit code):"
	while read -r line; do
		case $line in
		'' | '#'*) continue ;;
		esac
		# shellcheck disable=SC2086
		set -- $line
		row=$1
		shift
		printf -v line '%-22s' "$row"
		for i in "${!COLS[@]}"; do
			c=${*:$((i + 1)):1}
			[ -n "${CELL_FAILED[$row:${COLS[$i]}]:-}" ] &&
			    c="$c>${CELL_FAILED[$row:${COLS[$i]}]}"
			printf -v line '%s %-5s' "$line" "$c"
		done
		echo "# $line"
	done <<<"$MATRIX"
fi
