#!/usr/bin/env bash
# An outside view of the daemon's TLS: testssl.sh (Debian's testssl.sh
# package) scans a running yishid and the scan must find TLS 1.3 only (no
# SSLv2/3, no TLS 1.0/1.1/1.2), no weak cipher, and a server that asks for
# a client certificate. Debian's testssl.sh (3.0) has no --mtls, so the scan
# itself runs without one (everything it checks happens before the client
# certificate is due); that a handshake without a certificate fails, and
# one with the identity's certificate succeeds, is checked with s_client.
# The scan is restricted to protocols, cipher categories and ciphers per
# protocol (-p -s -E) to stay well under two minutes. Exits 77 (skip) when
# testssl.sh is not installed.
. "$(dirname "$0")/lib.sh"

TESTSSL=$(command -v testssl || command -v testssl.sh || true)
if [ -z "$TESTSSL" ]; then
	echo "# testssl.sh is not installed (scripts/setup installs it)"
	trap - EXIT
	yi_stop_pg 2>/dev/null
	rm -rf "$T"
	exit 77
fi

yi_setup
PORT=$(cat "$INST/yishid.port")
ADDR=127.0.0.1:$PORT
ID=$INST/identities/admin
cat "$ID/cert.pem" "$ID/key.pem" >"$T/mtls.pem"

# One scan: protocols, standard cipher categories, ciphers per protocol.
START=$(date +%s)
timeout 240 "$TESTSSL" --quiet --color 0 --warnings off --ip 127.0.0.1 \
    --connect-timeout 10 --openssl-timeout 10 -p -s -E \
    --jsonfile "$T/scan.json" "$ADDR" >"$T/scan.txt" 2>&1
RC=$?
ELAPSED=$(( $(date +%s) - START ))
echo "# testssl.sh exited $RC after ${ELAPSED}s"
if [ -s "$T/scan.json" ]; then
	ok "testssl.sh scanned $ADDR in ${ELAPSED}s"
else
	not_ok "testssl.sh wrote no findings (exit $RC): $(tail -n 5 "$T/scan.txt")"
	exit 1
fi

# finding ID: the "finding" text of the scan's entry with that id.
finding() {
	python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])):
    if e.get("id") == sys.argv[2]:
        print(e.get("finding", "")); break' "$T/scan.json" "$1"
}

for p in SSLv2 SSLv3 TLS1 TLS1_1 TLS1_2; do
	F=$(finding "$p")
	case $F in
	"not offered"*) ok "$p not offered" ;;
	*) not_ok "$p: $F" ;;
	esac
done
F=$(finding TLS1_3)
case $F in
"offered"*) ok "TLS 1.3 offered ($F)" ;;
*) not_ok "TLS 1.3: $F" ;;
esac

# No weak cipher category offered: NULL, anonymous, export, low (64 bit +
# DES), 3DES/IDEA, average (CBC without AEAD); strong AEAD ciphers offered.
for c in cipherlist_NULL cipherlist_aNULL cipherlist_EXPORT cipherlist_LOW \
    cipherlist_3DES_IDEA cipherlist_AVERAGE; do
	F=$(finding "$c")
	case $F in
	"not offered"*) ok "$c not offered" ;;
	"") not_ok "$c: no finding" ;;
	*) not_ok "$c: $F" ;;
	esac
done
F=$(finding cipherlist_STRONG)
case $F in
"offered"*) ok "strong AEAD ciphers offered" ;;
*) not_ok "cipherlist_STRONG: $F" ;;
esac
# Every cipher found, per protocol, is a TLS 1.3 one.
OTHER=$(python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])):
    i = e.get("id", "")
    if i.startswith("cipher-") and not i.startswith("cipher-tls1_3") \
            and not i.startswith("cipher_order"):
        print(i, e.get("finding", ""))' "$T/scan.json")
CIPHERS=$(python3 -c 'import json,sys
print(" ".join(e["finding"].split()[-1] for e in json.load(open(sys.argv[1]))
      if e.get("id", "").startswith("cipher-tls1_3")))' "$T/scan.json")
if [ -z "$OTHER" ] && [ -n "$CIPHERS" ]; then
	ok "ciphers per protocol: TLS 1.3 only ($CIPHERS)"
else
	not_ok "ciphers per protocol: other than TLS 1.3: $OTHER; 1.3: $CIPHERS"
fi
# Nothing the scan rates as a weakness (severity LOW and up).
WEAK=$(python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])):
    if e.get("severity") in ("LOW", "MEDIUM", "HIGH", "CRITICAL"):
        print(e["id"], e["severity"], e.get("finding", ""))' "$T/scan.json")
if [ -z "$WEAK" ]; then
	ok "no finding rated LOW or worse"
else
	not_ok "weaknesses found: $WEAK"
fi

# The client certificate: required, and with the identity's it works.
S=$(sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_3 \
    -CAfile "$INST/ca.pem" 2>&1)
case $S in
*"certificate required"*) ok "no client certificate: the handshake fails (certificate required)" ;;
*) not_ok "no client certificate is not refused: $(echo "$S" | tail -n 3)" ;;
esac
S=$(sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_3 \
    -CAfile "$INST/ca.pem" -cert "$T/mtls.pem" -key "$T/mtls.pem" 2>&1)
case $S in
*"certificate required"* | *alert*) not_ok "with the identity's certificate: $(echo "$S" | grep -i alert | head -n 2)" ;;
*"Verify return code: 0"*) ok "with the identity's certificate (cert+key in one file): the handshake succeeds" ;;
*) not_ok "with the identity's certificate: $(echo "$S" | tail -n 3)" ;;
esac
S=$(sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_2 \
    -CAfile "$INST/ca.pem" -cert "$T/mtls.pem" -key "$T/mtls.pem" 2>&1)
case $S in
*"Cipher is (NONE)"*) ok "TLS 1.2 refused even with a certificate" ;;
*) not_ok "TLS 1.2 with a certificate: $(echo "$S" | grep -E "^(New|Protocol)" | head -n 2)" ;;
esac
still=$("$YISHI" --identity "$ID" --timeout 20 whoami 2>&1) &&
    ok "the daemon still serves after the scan" ||
    not_ok "the daemon after the scan: $still"
