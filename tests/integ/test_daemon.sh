#!/usr/bin/env bash
# The daemon's life: versioned migrations, the trail's protection in the
# database, SIGHUP reload, and `yishid run` after a kill -9.
. "$(dirname "$0")/lib.sh"

yi_setup
yi_issue sec

# psql over the private cluster's socket as ROLE: psql_as ROLE SQL
psql_as() {
	psql -X -q -h "$INST/run" -U "$1" -d yishi -Atc "$2" 2>&1
}

want=$(ls "$(dirname "$0")/../../sql/"[0-9]*_*.sql | sed 's|.*/0*\([0-9]*\)_.*|\1|' | paste -sd, -)
expect_eq "every migration is recorded, in order" \
    "$(psql_as postgres "select string_agg(version::text, ',' order by version) from schema_migrations")" "$want"
expect_rc 0 "a body" -- admin body create --name 党组 --kind party_group
B=$(jget body.id)
expect_rc 0 "a seat" -- admin seat add --body "$B" --identity sec --display 书记 --role secretary

out=$(psql_as yishid "update trail set payload = '{}' where body_id = $B")
case $out in
*"permission denied"*) ok "the daemon's role cannot update the trail" ;;
*) not_ok "the daemon's role updated the trail: $out" ;;
esac
out=$(psql_as yishid "delete from trail where body_id = $B")
case $out in
*"permission denied"*) ok "the daemon's role cannot delete trail rows" ;;
*) not_ok "the daemon's role deleted trail rows: $out" ;;
esac
out=$(psql_as postgres "update trail set payload = '{}' where body_id = $B")
case $out in
*"append-only"*) ok "the trigger refuses an update even by a superuser" ;;
*) not_ok "a superuser updated the trail: $out" ;;
esac
out=$(psql_as postgres "delete from trail where body_id = $B")
case $out in
*"append-only"*) ok "the trigger refuses a delete even by a superuser" ;;
*) not_ok "a superuser deleted trail rows: $out" ;;
esac
expect_rc 0 "the trail still verifies" -- sec audit verify --body "$B"

kill -HUP "$DAEMON_PID"
sleep 0.5
expect_rc 0 "serves after SIGHUP" -- sec whoami
grep -q "reloaded configuration" "$T/daemon.log" && ok "SIGHUP reloads" || not_ok "no reload logged"

kill -9 "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
yi_start
expect_rc 0 "yishid run works after a kill -9" -- sec whoami
expect_rc 0 "the data survived" -- sec audit verify --body "$B"

# PostgreSQL down for a while: a request is answered `unavailable` within
# seconds rather than held, and service resumes by itself once it is back.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$(stat -c %U "$INST/pg")" -- "$@"
	else
		"$@"
	fi
}
PGBIN=$(pg_config --bindir)
pg_as "$PGBIN/pg_ctl" -D "$INST/pg" -m immediate stop >/dev/null 2>&1
t0=$(date +%s)
expect_rc 1 "with the database down, a request is refused as unavailable" -- sec whoami
[ $(( $(date +%s) - t0 )) -le 12 ] && ok "and promptly (within the 5 s queue timeout)" ||
    not_ok "the refusal took $(( $(date +%s) - t0 )) s"
expect_eq "the error says unavailable" "$(jget error.code)" unavailable
pg_as "$PGBIN/pg_ctl" -D "$INST/pg" -w -l "$INST/pg.log" -o "-k $INST/run" start >/dev/null 2>&1
back=0
for _ in $(seq 1 60); do
	if yi sec whoami >/dev/null 2>&1; then back=1; break; fi
	sleep 0.5
done
expect_eq "service resumes by itself when the database is back" "$back" 1
expect_rc 0 "the record is intact" -- sec audit verify --body "$B"
