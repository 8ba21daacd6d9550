#!/usr/bin/env bash
# The Python conformance client (tests/conformance), a second
# implementation of the protocol written from docs/protocol.md and the
# .proto alone, against the real daemon: it drives a whole meeting with
# signed statements, ballots, a dissent and the minutes sign-off, follows
# the meeting's events on a second connection, and verifies the body's
# trail (chain, member signatures, vouches, checkpoints, signed head).
# Then a superuser rewrites a statement in the database and re-chains the
# trail: the Python verifier must name the entry.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
CONF="$PY $SRC/tests/conformance/yishi_conformance.py --proto $SRC/proto/yishi.proto"

yi_setup
yi_issue sec m1 m2 m3 m4 off insp

if $CONF --server "$YISHI_SERVER" --identities "$INST/identities" \
    >"$T/conf.out" 2>"$T/conf.err"; then
	ok "the conformance client drives a meeting, follows it and verifies its trail"
else
	not_ok "the conformance client: $(cat "$T/conf.err")"
fi
sed 's/^/# /' "$T/conf.out"
B=$(sed -n 's/^conformance: body \([0-9]*\)$/\1/p' "$T/conf.out")
if [ -z "$B" ]; then
	not_ok "the conformance client names the body it made"
	exit 1
fi

# The verifier alone, on the untouched trail, read by the secretary too.
if $CONF --server "$YISHI_SERVER" --identities "$INST/identities" \
    --verify-only "$B" --as sec >"$T/v.out" 2>"$T/v.err"; then
	ok "the secretary's read of the trail verifies"
else
	not_ok "the secretary's read of the trail verifies: $(cat "$T/v.err")"
fi

# The superuser changes m1's statement and recomputes the chain: the hash
# chain holds, the member's signature and the server's vouch do not.
S=$(yi_sql "SELECT seq FROM trail WHERE body_id = $B AND action = 'statement' AND signer = 'm1' ORDER BY seq LIMIT 1")
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '\"同意\"', '\"反对\"'), signed = replace(signed, 'position=5:agree', 'position=8:disagree') WHERE body_id = $B AND seq = $S"
yi_superuser_rechain "$B" "$S"
# The daemon remembers the heads it wrote: it refuses to serve the trail.
if $CONF --server "$YISHI_SERVER" --identities "$INST/identities" \
    --verify-only "$B" >"$T/r.out" 2>"$T/r.err"; then
	not_ok "the daemon refuses a trail re-chained behind its back: the verifier passed it"
elif grep -q "refuses the trail" "$T/r.err"; then
	ok "the daemon refuses a trail re-chained behind its back: $(cat "$T/r.err")"
else
	not_ok "the verifier reports the refusal: $(cat "$T/r.err")"
fi
# An operator who also owns the instance folder makes it forget them.
yi_stop || not_ok "yishid exits 0"
rm -f "$INST/heads"
yi_start
if $CONF --server "$YISHI_SERVER" --identities "$INST/identities" \
    --verify-only "$B" >"$T/t.out" 2>"$T/t.err"; then
	not_ok "a statement rewritten and re-chained is found: the verifier passed it"
elif grep -q "entry $S" "$T/t.err"; then
	ok "a statement rewritten and re-chained is found: $(cat "$T/t.err")"
else
	not_ok "the verifier names entry $S: $(cat "$T/t.err")"
fi

# A broken link without re-chaining: the hash of entry S no longer holds.
yi_superuser_sql "UPDATE trail SET actor = 'm9' WHERE body_id = $B AND seq = $((S + 1))"
if $CONF --server "$YISHI_SERVER" --identities "$INST/identities" \
    --verify-only "$B" >"$T/h.out" 2>"$T/h.err"; then
	not_ok "an entry changed without re-chaining is found: the verifier passed it"
elif grep -q "entry $((S + 1)): hash mismatch" "$T/h.err"; then
	ok "an entry changed without re-chaining is found: $(cat "$T/h.err")"
else
	not_ok "the verifier names entry $((S + 1))'s hash: $(cat "$T/h.err")"
fi
