#!/usr/bin/env bash
# The trail's writers lock their body's row FOR NO KEY UPDATE (sql/010):
# two writers of one body still exclude each other (the head check needs
# it), but a foreign-key check of another transaction (a checkpoint, a
# ballot, ...) no longer waits for a write in flight to commit. A
# superuser session holds a trail write open; a checkpoint insert must go
# through meanwhile, a second trail write must wait.
. "$(dirname "$0")/lib.sh"

yi_setup
expect_rc 0 "a body" -- admin body create --name 党组 --kind party_group
B=$(yi_sql "SELECT max(id) FROM bodies")

# A write of the trail, held open for 4 s.
yi_sql "BEGIN; SELECT trail_append($B, NULL, 'test', 'test.hold', '{}');
    SELECT pg_sleep(4); ROLLBACK;" >"$T/hold.out" 2>&1 &
HOLD=$!
for _ in $(seq 1 50); do
	[ "$(yi_sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'trail' AND l.mode = 'RowExclusiveLock'")" -ge 1 ] && break
	sleep 0.1
done

rc=0
yi_sql "SET lock_timeout = '1500ms'; BEGIN;
    INSERT INTO server_certificates (fingerprint, pem)
        VALUES (decode(repeat('ab', 32), 'hex'), 'test');
    INSERT INTO checkpoints (body_id, seq, hash, at, cert_fp, signature)
        VALUES ($B, 1, decode(repeat('00', 32), 'hex'), now(),
        decode(repeat('ab', 32), 'hex'), '\x00');
    ROLLBACK;" >"$T/fk.out" 2>&1 || rc=$?
expect_eq "a checkpoint insert does not wait for the trail write in flight" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/fk.out"

rc=0
yi_sql "SET lock_timeout = '1s';
    SELECT trail_append($B, NULL, 'test', 'test.second', '{}');" \
    >"$T/second.out" 2>&1 || rc=$?
expect_eq "a second trail write of the body waits for the first" \
    "$(grep -c "lock timeout" "$T/second.out")" 1
wait $HOLD
expect_eq "the held write was rolled back, nothing else written" \
    "$(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B AND action LIKE 'test.%'")" 0
