#!/usr/bin/env bash
# PostgreSQL's disk full: the instance's data folder (WAL included) sits on
# a small tmpfs that a filler file then fills up. Writes fail with a clear
# `unavailable` (exit 1) within seconds, never another code; the daemon does
# not crash and keeps answering; once space is freed (and PostgreSQL, if it
# PANICked, is started again), writes succeed again by themselves.
# Needs root and a working `mount -t tmpfs`; otherwise it is skipped (77).
. "$(dirname "$0")/lib.sh"

DISK=
df_cleanup() {
	local rc=0
	yi_stop || rc=$?
	[ $rc -ne 0 ] && not_ok "yishid exits 0 on SIGTERM (got $rc)"
	yi_stop_pg
	[ -n "$DISK" ] && { umount "$DISK" 2>/dev/null || umount -l "$DISK"; }
	DISK=
	yi_cleanup
}
trap df_cleanup EXIT

if [ "$(id -u)" -ne 0 ] || ! mkdir -p "$T/probe" ||
    ! mount -t tmpfs -o size=1m tmpfs "$T/probe" 2>/dev/null; then
	echo "# skipped: needs root and mount -t tmpfs"
	trap - EXIT
	rm -rf "$T"
	exit 77
fi
umount "$T/probe"

yi_init
yi_stop_pg
OWNER=$(stat -c %U "$INST/pg")
USED=$(du -sm "$INST/pg" | cut -f1)
mv "$INST/pg" "$INST/pg.orig"
mkdir "$INST/pg"
mount -t tmpfs -o "size=$((USED + 96))m,mode=0700,uid=$(id -u "$OWNER"),gid=$(id -g "$OWNER")" tmpfs "$INST/pg" ||
    { not_ok "mount the tmpfs"; exit 1; }
DISK=$INST/pg
cp -a "$INST/pg.orig/." "$INST/pg/"
rm -rf "$INST/pg.orig"
yi_start
ok "the private PostgreSQL runs on a $((USED + 96)) MB tmpfs"
expect_rc 0 "a write before the disk is full" -- admin body create --name 机构0 --kind topic

# Fill it up.
dd if=/dev/zero of="$INST/pg/filler" bs=1M >/dev/null 2>&1
echo "# free after the filler: $(df -k --output=avail "$INST/pg" | tail -1) kB"
yi_sql 'select pg_switch_wal()' >/dev/null 2>&1
n0=0 n1=0 nx=0
for i in $(seq 1 8); do
	yj admin body create --name "机构$i" --kind topic
	case $RC in
	0) n0=$((n0 + 1)) ;;
	1) n1=$((n1 + 1)) ;;
	*) nx=$((nx + 1)); echo "# exit $RC: $OUT $(cat "$T/stderr")" ;;
	esac
	[ $((i % 4)) -eq 0 ] && yi_sql 'select pg_switch_wal()' >/dev/null 2>&1
done
echo "# disk full: 8 writes: $n0 exit 0, $n1 exit 1, $nx other"
[ $n1 -gt 0 ] && ok "writes on a full disk fail ($n1 of 8)" ||
    not_ok "no write failed on a full disk ($n0 succeeded)"
expect_eq "and they fail as unavailable (exit 1), nothing else" "$nx" 0
kill -0 "$DAEMON_PID" && ok "yishid did not crash" || not_ok "yishid died"
grep -q "No space left on device\|could not extend\|could not write" "$INST/pg.log" &&
    ok "PostgreSQL logged the full disk" || not_ok "nothing about the full disk in pg.log"

# Free the space. A PostgreSQL that PANICked on its WAL stays down until
# its operator (a service manager in production) starts it again; the
# daemon then resumes by itself.
rm -f "$INST/pg/filler"
if ! runuser -u "$OWNER" -- "$(pg_config --bindir)/pg_ctl" -D "$INST/pg" status >/dev/null 2>&1; then
	echo "# PostgreSQL stopped after its PANIC: the operator starts it"
	runuser -u "$OWNER" -- "$(pg_config --bindir)/pg_ctl" -D "$INST/pg" -w \
	    -l "$INST/pg.log" -o "-k $INST/run" start >/dev/null 2>&1
fi
start=$SECONDS
until yj admin body create --name 机构恢复 --kind topic && [ "$RC" -eq 0 ]; do
	[ $((SECONDS - start)) -ge 60 ] && break
	sleep 0.5
done
[ "$RC" -eq 0 ] && ok "writes succeed again $((SECONDS - start)) s after space is freed" ||
    not_ok "no write succeeded within 60 s after space was freed: $OUT $(cat "$T/stderr")"
expect_eq "every stored body has its trail entry" \
    "$(yi_sql "select count(*) from bodies b where b.id <> 0 and not exists (select 1 from trail t where t.body_id = 0 and t.action = 'body.create' and t.payload::json->>'body' = b.id::text)")" 0
