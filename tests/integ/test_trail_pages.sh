#!/usr/bin/env bash
# Answers larger than what a client may send (1 MiB): 119 signed statements
# of 10,000 bytes each. The trail (every entry holds its text twice, in the
# payload and in the signed bytes) comes back over several pages, every
# entry once, and the record verifies; before the pages were bounded by
# bytes, the first could not be sent at all. The minutes, one answer of
# more than 1 MiB, are sent whole (yishid sends up to FRAME_MAX_REPLY);
# before, they were refused as larger than one frame.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_meeting.sh"

yi_setup
N=120
yi_issue sec rec off insp obs
"$YISHID" issue "$INST" --count $((N - 1)) --prefix m >>"$T/issue.log" 2>&1 ||
    { cat "$T/issue.log"; not_ok "issue the members"; exit 1; }
MEMBERS=$(seq 1 $((N - 1)) | sed 's/^/m/' | tr '\n' ' ')
# shellcheck disable=SC2086
ym_meeting party_group $N "sec $MEMBERS" ordinary || exit 1
ym_start "$I" || exit 1

LONG=$(head -c 9990 /dev/zero | tr '\0' x)
fails=0
for m in $MEMBERS; do
	yi "$m" state --item "$I" --position agree --text "$m $LONG" >/dev/null 2>&1 ||
	    fails=$((fails + 1))
done
expect_eq "$((N - 1)) statements of 10,000 bytes" "$fails" 0
expect_rc 0 "the secretary states last" -- sec state --item "$I" --position agree
expect_eq "the trail holds more than a frame" "$(yi_sql "SELECT sum(length(payload) + coalesce(length(signed), 0)) > 1048576 FROM trail WHERE body_id = $B")" t

expect_rc 0 "the minutes, over 1 MiB, in one answer" -- sec minutes show --meeting "$M" --format json
expect_eq "with every statement" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
m = json.load(sys.stdin)["minutes"]
print(sum(1 for i in m["items"] for s in i["statements"] if len(s.get("text", "")) > 9990))')" $((N - 1))
expect_eq "and more than 1 MiB of it" "$(printf '%s' "$OUT" | wc -c | awk '{ print ($1 > 1048576) }')" 1
expect_rc 0 "audit log reads it all" -- insp audit log --body "$B"
expect_eq "every entry, once, in order" \
    "$(printf '%s' "$OUT" | python3 -c '
import json, sys
s = [e["seq"] for e in json.load(sys.stdin)["entries"]]
print(len(s), len(set(s)), s == sorted(s))')" \
    "$(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B") $(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B") True"
expect_rc 0 "the record verifies against it" -- insp audit verify --body "$B"
expect_rc 0 "the meeting closes (the server signs a checkpoint)" -- sec meeting close --meeting "$M"
expect_rc 0 "and it verifies again, checkpoint included" -- insp audit verify --body "$B"
expect_rc 0 "a member's own check of it (audit self), checkpoint included" -- m7 audit self --body "$B"
expect_eq "its one statement in full, every entry linked" \
    "$(jget self.signed) $(jget self.entries)" "1 $(yi_sql "SELECT count(*) FROM trail WHERE body_id = $B")"
expect_rc 0 "an export bundle of it" -- insp audit export --body "$B" --out "$T/bundle.json"
expect_rc 0 "verifies offline" -- insp audit verify --bundle "$T/bundle.json" --ca "$INST/ca.pem"
