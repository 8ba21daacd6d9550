#!/usr/bin/env bash
# The member's check of its own record made by the CLI by itself (issue 12:
# "the library does it as they use it"; client/cli/selfauto.h). After the
# server acknowledges a signed request of the member, the CLI runs audit
# self's check of that body on the same connection, at most once per
# interval (YISHI_SELF_CHECK: always | never | hours, default 24; the flag
# --no-self-check). Clean: silent. Findings: the command's effect and
# output stand, a warning on stderr names each finding (under --json a
# "self_check" member of the command's object), exit 6. A check that
# cannot be made is silent and leaves the remembered time alone.
#
# The attacks are the operator's, as in test_audit_self.sh: m1's
# acknowledged statement deleted from the trail (SQL as the superuser with
# the append-only trigger off) and the daemon made to forget its heads; a
# certificate minted in m1's name with INSTANCE/ca.key and registered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_self.sh"
unset YISHI_SELF_CHECK

# The lowercase hex SHA-256 of a PEM certificate's DER.
fp_of() {
	openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64
}

# The operator makes the daemon forget the heads it wrote and signed.
forget_heads() {
	yi_stop || not_ok "the daemon exits 0"
	rm -f "$INST/heads"
	yi_start
}

# run POLICY WHO ARGS...: the CLI as WHO under YISHI_SELF_CHECK=POLICY
# ("" for unset: the default), stdout in OUT, stderr in ERR, code in RC.
run() {
	local policy=$1 who=$2
	shift 2
	if [ -n "$policy" ]; then
		OUT=$(YISHI_SELF_CHECK=$policy "$YISHI" --identity "$INST/identities/$who" \
		    --timeout 20 "$@" 2>"$T/err")
	else
		OUT=$(env -u YISHI_SELF_CHECK "$YISHI" --identity "$INST/identities/$who" \
		    --timeout 20 "$@" 2>"$T/err")
	fi
	RC=$?
	ERR=$(cat "$T/err")
}

# quiet WHAT: the last run exited 0 and printed nothing on stderr.
quiet() {
	if [ "$RC" -eq 0 ] && [ -z "$ERR" ]; then
		ok "$1: exit 0, nothing on stderr"
	else
		not_ok "$1: want exit 0 and a quiet stderr, got $RC: $OUT / $ERR"
	fi
}

# The remembered check of $1 for body B: "inode content", or "none".
mark_of() {
	local f=$XDG_STATE_HOME/yishi/self-check/$INSTID-${2:0:32}-$B
	if [ -f "$f" ]; then
		printf '%s %s' "$(stat -c %i "$f")" "$(tr '\n' ' ' <"$f")"
	else
		printf none
	fi
}

# The others' part of item $1 after m1 stated: m2 and sec state, and a
# vote by show of hands opens.
others_state() {
	yi m2 state --item "$1" --position agree >/dev/null
	yi sec state --item "$1" --position agree >/dev/null
	yi sec vote open --item "$1" --method hands >/dev/null
}
# After m1 voted on item $1: m2 and sec vote, the vote closes, item $2
# starts.
others_cast_next() {
	yi m2 vote cast --item "$1" --choice yes >/dev/null
	yi sec vote cast --item "$1" --choice yes >/dev/null
	yi sec vote close --item "$1" >/dev/null
	yi sec item start --item "$2" >/dev/null
}

yi_setup
yi_issue sec m1 m2
expect_rc 0 "a body" -- admin body create --name 甲 --kind party_group
B=$(jget body.id)
self_seats "$B"
self_meeting "$B" 5
expect_rc 0 "item 1 starts" -- sec item start --item 1

INSTID=$(fp_of "$INST/ca.pem" | cut -c1-32)
C1=$(fp_of "$INST/identities/m1/cert.pem")
C2=$(fp_of "$INST/identities/m2/cert.pem")
KEYFILE=$XDG_STATE_HOME/yishi/heads/$INSTID.server-key

echo "# the untouched trail: the check runs and says nothing"
expect_eq "no check remembered for m2 yet" "$(mark_of m2 "$C2")" none
run "" m2 state --item 1 --position agree --text 二号委员的意见
quiet "m2 states under the default interval (its first check)"
expect_eq "m2's check is remembered" "$(mark_of m2 "$C2" | cut -d' ' -f2-3)" "yishi-self-check 1"
expect_eq "and the server's key, trusted on first use by that check" "$(head -1 "$KEYFILE")" "yishi-server-key 1"
yj m1 state --item 1 --position agree --text 同意此方案
expect_eq "m1 states (YISHI_SELF_CHECK unset here: its first check): exit 0" "$RC" 0
expect_eq "the --json output has no self_check when clean" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print("self_check" in json.load(sys.stdin))')" False
expect_eq "and stderr is empty" "$(cat "$T/stderr")" ""
M1=$(mark_of m1 "$C1")
expect_eq "m1's check is remembered" "$(printf '%s' "$M1" | cut -d' ' -f2-3)" "yishi-self-check 1"
AT=$(printf '%s' "$M1" | cut -d' ' -f4)
expect_eq "at the time it ran" "$(( $(date +%s) - AT < 120 ))" 1
S1=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm1'")
expect_eq "m1's statement is the newest entry" "$S1" "$(yi_sql "select max(seq) from trail where body_id = $B")"

echo "# the operator deletes m1's acknowledged statement"
yi_superuser_sql "DELETE FROM trail WHERE body_id = $B AND seq = $S1"
yi_sql "DELETE FROM statements WHERE body_id = $B AND member = 'm1'" >/dev/null
forget_heads
expect_eq "the trail no longer holds it" \
    "$(yi_sql "select count(*) from trail where body_id = $B and signer = 'm1'")" 0

echo "# within the default interval: no second check"
run "" m1 state --item 1 --position agree --text 再次表态同意
quiet "m1 states again under the default interval"
expect_eq "the remembered check is untouched" "$(mark_of m1 "$C1")" "$M1"
expect_eq "the statement stands" \
    "$(yi_sql "select count(*) from trail where body_id = $B and action = 'statement' and signer = 'm1'")" 1
yi sec state --item 1 --position agree >/dev/null
yi sec vote open --item 1 --method hands >/dev/null

echo "# YISHI_SELF_CHECK=never: no check"
run never m1 vote cast --item 1 --choice yes
quiet "m1 votes under never"
expect_eq "the remembered check is untouched" "$(mark_of m1 "$C1")" "$M1"
others_cast_next 1 2

echo "# --no-self-check: no check"
run always m1 --no-self-check state --item 2 --position agree
quiet "m1 states under always with --no-self-check"
expect_eq "the remembered check is untouched" "$(mark_of m1 "$C1")" "$M1"
others_state 2

echo "# a check that cannot be made is silent and not remembered"
OUT=$(YISHI_SELF_CHECK=always YISHI_SERVER_KEY=SHA256:not-a-key "$YISHI" \
    --identity "$INST/identities/m1" --timeout 20 vote cast --item 2 --choice yes 2>"$T/err")
RC=$?
ERR=$(cat "$T/err")
quiet "m1 votes under always with an unusable server key"
expect_eq "the remembered check is untouched" "$(mark_of m1 "$C1")" "$M1"
expect_eq "the vote stands" "$(yi_sql "select count(*) from trail where body_id = $B and action = 'vote.cast' and signer = 'm1'")" 2
others_cast_next 2 3

echo "# YISHI_SELF_CHECK=always: the next signed command warns and exits 6"
run always m1 state --item 3 --position agree --text 第三项同意
expect_eq "m1 states under always: exit 6" "$RC" 6
expect_eq "its own output stands on stdout" "$(printf '%s' "$OUT" | grep -c '已表态')" 1
expect_eq "the warning on stderr" \
    "$(printf '%s' "$ERR" | grep -c "警告：本人留痕核对发现问题（详见 yishi audit self --body $B）")" 1
expect_eq "names the journal line the trail lost" \
    "$(printf '%s' "$ERR" | grep -c "机构 $B：您于 .* 签署、服务器已确认的 statement（签名记录第 1 行")" 1
expect_eq "and says the request itself was done" "$(printf '%s' "$ERR" | grep -c '本次操作已完成')" 1
printf '%s\n' "$ERR" | sed 's/^/# stderr: /'
expect_eq "the statement stands" \
    "$(yi_sql "select count(*) from statements where body_id = $B and item_id = 3 and member = 'm1'")" 1
M2=$(mark_of m1 "$C1")
if [ "$M2" != "$M1" ] && [ "$(printf '%s' "$M2" | cut -d' ' -f1)" != "$(printf '%s' "$M1" | cut -d' ' -f1)" ]; then
	ok "the check is remembered anew"
else
	not_ok "the check is remembered anew: $M1 -> $M2"
fi
others_state 3

echo "# --json: the findings in the command's own object"
OUT=$(YISHI_SELF_CHECK=always "$YISHI" --identity "$INST/identities/m1" --timeout 20 --json \
    vote cast --item 3 --choice no 2>"$T/err")
RC=$?
expect_eq "m1 votes under always with --json: exit 6" "$RC" 6
expect_eq "stdout is one JSON object with the vote and a self_check naming journal line 1" \
    "$(printf '%s' "$OUT" | python3 -c '
import json, sys
o = json.load(sys.stdin)
sc = o["self_check"]
f = [x for x in sc["findings"] if x["kind"] == "missing"]
print(sorted(k for k in o if k != "self_check") != [], sc["body"], len(f), f[0]["seq"], f[0]["journal_line"],
      "statement" in f[0]["message"])')" "True $B 1 0 1 True"
expect_eq "nothing on stderr" "$(cat "$T/err")" ""
expect_eq "the vote stands" "$(yi_sql "select count(*) from trail where body_id = $B and action = 'vote.cast' and signer = 'm1'")" 3
others_cast_next 3 4

echo "# in English"
run always m1 --lang en state --item 4 --position agree
expect_eq "exit 6" "$RC" 6
expect_eq "the warning in English" \
    "$(printf '%s' "$ERR" | grep -c "warning: the check of your own record found problems (see yishi audit self --body $B)")" 1
expect_eq "naming the journal line" "$(printf '%s' "$ERR" | grep -c "(journal line 1, signed bytes")" 1
printf '%s\n' "$ERR" | sed 's/^/# stderr: /'

echo "# a refused signed command does not check: its own exit"
run always m1 state --item 4 --position disagree
expect_eq "a second statement on item 4 is refused (exit 3)" "$RC" 3
expect_eq "without the warning" "$(printf '%s' "$ERR" | grep -c '本人留痕核对')" 0
others_state 4

echo "# a certificate minted in m1's name, once the interval has passed"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/m1x.key" -out "$T/m1x.csr" -subj /CN=m1 >/dev/null 2>&1
openssl x509 -req -in "$T/m1x.csr" -CA "$INST/ca.pem" -CAkey "$INST/ca.key" \
    -CAcreateserial -days 30 -out "$T/m1x.pem" >/dev/null 2>&1
XFP=$(fp_of "$T/m1x.pem")
yi_sql "SELECT trail_append($B, NULL, 'admin', 'identity.certificate',
    '{\"identity\":\"m1\",\"cert_fp\":\"$XFP\",\"reason\":\"renew\"}')" >/dev/null
REG=$(yi_sql "select max(seq) from trail where body_id = $B")
forget_heads
# The last check as if it ran 25 hours ago (the default interval is 24).
F=$XDG_STATE_HOME/yishi/self-check/$INSTID-${C1:0:32}-$B
printf 'yishi-self-check 1\n%s\n' "$(( $(date +%s) - 25 * 3600 ))" >"$F"
run 48 m1 vote cast --item 4 --choice yes
quiet "with YISHI_SELF_CHECK=48 (hours) it is not due"
others_cast_next 4 5
run "" m1 state --item 5 --position agree
expect_eq "under the default it is due: exit 6" "$RC" 6
expect_eq "naming the entry that registers the minted certificate" \
    "$(printf '%s' "$ERR" | grep -c "机构 $B 第 $REG 条：登记在您名下的证书 ${XFP:0:16}… 不是您持有的")" 1
expect_eq "and still the lost journal line" "$(printf '%s' "$ERR" | grep -c "签名记录第 1 行")" 1

echo "# audit self agrees"
yj m1 audit self --body "$B"
expect_eq "exit 6" "$RC" 6
expect_eq "the same findings" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(" ".join(sorted(f["kind"] for f in json.load(sys.stdin)["error"]["findings"])))')" \
    "certificate missing"

echo "# the chain itself broken: m1's statement on item 3 rewritten, not re-signed"
S3=$(yi_sql "select seq from trail where body_id = $B and action = 'statement' and signer = 'm1' and payload like '%第三项同意%'")
yi_superuser_sql "UPDATE trail SET payload = replace(payload, '第三项同意', '第三项反对') WHERE body_id = $B AND seq = $S3"
forget_heads
others_state 5
OUT=$(YISHI_SELF_CHECK=always "$YISHI" --identity "$INST/identities/m1" --timeout 20 --json \
    vote cast --item 5 --choice yes 2>"$T/err")
RC=$?
expect_eq "m1 votes: exit 6" "$RC" 6
expect_eq "a finding of kind trail naming the rewritten entry" \
    "$(printf '%s' "$OUT" | python3 -c '
import json, sys
f = json.load(sys.stdin)["self_check"]["findings"]
print(" ".join("%s:%d" % (x["kind"], x["seq"]) for x in f))')" "trail:$S3"
expect_eq "the vote stands" "$(yi_sql "select count(*) from trail where body_id = $B and action = 'vote.cast' and signer = 'm1' and payload::json->>'item' = '5'")" 1

yi_stop || not_ok "the daemon exits 0"
