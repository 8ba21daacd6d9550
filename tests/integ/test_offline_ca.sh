#!/usr/bin/env bash
# The offline CA folder (issue 12, docs/security.md): `yishid init DIR
# --ca-dir CADIR` writes the CA key (and a copy of ca.pem) to CADIR, never
# to DIR; the daemon starts and serves without it; `yishid issue` needs
# --ca-dir CADIR and, without it, says that the key is kept offline and how
# to point to it. Without --ca-dir, init keeps the key in DIR as before and
# tells the operator to move it.
. "$(dirname "$0")/lib.sh"

CADIR=$T/ca-offline

# expect_fail WHAT PATTERN -- COMMAND...: the command fails and its output
# holds PATTERN.
expect_fail() {
	local what=$1 pat=$2 rc=0
	shift 3
	"$@" >"$T/cmd.out" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ] && grep -q -- "$pat" "$T/cmd.out"; then
		ok "$what (exit $rc)"
	else
		not_ok "$what: exit $rc: $(cat "$T/cmd.out")"
	fi
}

if ! "$YISHID" init "$INST" --port 0 --ca-dir "$CADIR" >"$T/init.log" 2>&1; then
	cat "$T/init.log"
	not_ok "yishid init --ca-dir"
	exit 1
fi
ok "yishid init --ca-dir"
[ ! -e "$INST/ca.key" ] && ok "the instance folder holds no CA key" ||
    not_ok "the instance folder holds no CA key"
[ -s "$INST/ca.pem" ] && ok "it holds the CA certificate" || not_ok "it holds the CA certificate"
[ -s "$CADIR/ca.key" ] && ok "the CA folder holds the key" || not_ok "the CA folder holds the key"
expect_eq "readable by its owner alone" "$(stat -c %a "$CADIR/ca.key")" 600
expect_eq "in a folder of its owner alone" "$(stat -c %a "$CADIR")" 700
cmp -s "$CADIR/ca.pem" "$INST/ca.pem" && ok "with the same CA certificate" ||
    not_ok "with the same CA certificate"
expect_eq "the key is the certificate's" \
    "$(openssl pkey -in "$CADIR/ca.key" -pubout | sha256sum)" \
    "$(openssl x509 -in "$INST/ca.pem" -pubkey -noout | sha256sum)"
grep -q "$CADIR/ca.key" "$T/init.log" && ok "init says where the key went" ||
    not_ok "init says where the key went: $(cat "$T/init.log")"
grep -rqs "BEGIN PRIVATE KEY" "$INST/ca.pem" "$INST/yishid.conf" &&
    not_ok "no private key leaks into the instance's CA files" ||
    ok "no private key leaks into the instance's CA files"

yi_start
ok "the daemon starts and serves without the CA key"
yj admin whoami
expect_eq "the admin identity made by init works" "$(jget whoami.name)" admin

# issue without --ca-dir: refused, clearly, nothing made.
expect_fail "issue without --ca-dir is refused" "--ca-dir" -- "$YISHID" issue "$INST" m1
grep -q "not in the instance folder" "$T/cmd.out" && grep -q "离线" "$T/cmd.out" &&
    ok "saying (zh/en) the key is kept offline and where to point" ||
    not_ok "saying the key is kept offline: $(cat "$T/cmd.out")"
[ ! -e "$INST/identities/m1" ] && ok "and issuing nothing" || not_ok "and issuing nothing"
printf 'b1\nb2\n' >"$T/names"
expect_fail "a batch without --ca-dir is refused too" "--ca-dir" -- \
    "$YISHID" issue "$INST" --batch "$T/names"

# issue with --ca-dir works, and the identity connects.
if "$YISHID" issue "$INST" m1 --ca-dir "$CADIR" >"$T/issue.out" 2>&1; then
	ok "issue with --ca-dir works"
else
	not_ok "issue with --ca-dir works: $(cat "$T/issue.out")"
fi
yj m1 whoami
expect_eq "the identity issued from the offline CA connects" "$(jget whoami.name)" m1
if "$YISHID" issue "$INST" --batch "$T/names" --ca-dir "$CADIR" >"$T/issue.out" 2>&1; then
	ok "a batch with --ca-dir works"
else
	not_ok "a batch with --ca-dir works: $(cat "$T/issue.out")"
fi
yj b2 whoami
expect_eq "(one of it connects)" "$(jget whoami.name)" b2

# A folder without the key, or with another CA's key.
mkdir -p "$T/empty"
expect_fail "a --ca-dir without ca.key is refused" "no CA key in the CA folder" -- \
    "$YISHID" issue "$INST" m2 --ca-dir "$T/empty"
mkdir -p "$T/other"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/other/ca.key" 2>/dev/null
expect_fail "another CA's key is refused" "does not match" -- \
    "$YISHID" issue "$INST" m2 --ca-dir "$T/other"
[ ! -e "$INST/identities/m2" ] && ok "(nothing issued)" || not_ok "(nothing issued)"

# --ca-dir inside the instance folder is refused.
expect_fail "a CA folder inside the instance folder is refused" "outside" -- \
    "$YISHID" init "$T/k" --port 0 --ca-dir "$T/k/ca"
[ ! -e "$T/k/ca/ca.key" ] && ok "(no key left there)" || not_ok "(no key left there)"

# Without --ca-dir: as before, with a notice to move the key.
if "$YISHID" init "$T/j" --port 0 >"$T/initj.log" 2>&1; then
	ok "init without --ca-dir"
else
	not_ok "init without --ca-dir: $(cat "$T/initj.log")"
fi
[ -s "$T/j/ca.key" ] && ok "keeps the CA key in the instance folder" ||
    not_ok "keeps the CA key in the instance folder"
grep -q "move it off this machine" "$T/initj.log" && grep -q "离线" "$T/initj.log" &&
    ok "and tells the operator (zh/en) to move it offline" ||
    not_ok "and tells the operator to move it offline: $(cat "$T/initj.log")"

echo "1..$CHECKS"
[ "$FAILED" -eq 0 ]
