#!/usr/bin/env bash
# Who may connect: mutual TLS 1.3 with a certificate of the instance CA
# that is recorded and not disabled. Every other client is refused, and the
# daemon keeps serving the others after each refusal.
. "$(dirname "$0")/lib.sh"
RAWFRAME=${RAWFRAME:?RAWFRAME must name the rawframe tool}

yi_setup
yi_issue m1 m2
PORT=$(cat "$INST/yishid.port")
ADDR=127.0.0.1:$PORT

# still WHAT: the admin is still served.
still() {
	expect_rc 0 "after $1: the daemon still serves the admin" -- admin whoami
}

# mkid DIR CN CA_PEM CA_KEY: a P-256 identity folder signed by that CA;
# ca.pem is always the instance CA, so the client trusts the server.
mkid() {
	mkdir -p "$1"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj "/CN=$2" -keyout "$1/key.pem" -out "$1/req.pem" 2>/dev/null &&
	openssl x509 -req -in "$1/req.pem" -CA "$3" -CAkey "$4" \
	    -CAcreateserial -days 2 -out "$1/cert.pem" 2>/dev/null &&
	cp "$INST/ca.pem" "$1/ca.pem"
}

# (a) No client certificate.
OUTR=$("$RAWFRAME" -n -i "$INST/identities/m1" -w 3 ping 2>"$T/rf.err")
case $OUTR in
*response*) not_ok "no client certificate: a response came back: $OUTR" ;;
"handshake failed" | closed) ok "no client certificate: refused ($OUTR)" ;;
*) not_ok "no client certificate: $OUTR" ;;
esac
S=$(sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_3 \
    -CAfile "$INST/ca.pem" 2>&1)
case $S in
*"certificate required"*) ok "s_client without a certificate: alert certificate required" ;;
*) not_ok "s_client without a certificate is not refused: $(echo "$S" | tail -n 3)" ;;
esac
still "a client without a certificate"

# (b) A certificate from another CA.
mkdir -p "$T/other"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=other CA" -days 2 -keyout "$T/other/ca.key" \
    -out "$T/other/ca.pem" 2>/dev/null
mkid "$T/stranger" m1 "$T/other/ca.pem" "$T/other/ca.key" &&
    ok "made a certificate for CN=m1 from another CA" || not_ok "openssl failed"
OUT=$("$YISHI" --identity "$T/stranger" --timeout 20 --json whoami 2>/dev/null)
RC=$?
expect_eq "another CA's certificate (CN=m1): the CLI exits 1" "$RC" 1
expect_eq "... with the JSON error code unavailable" "$(jget error.code)" unavailable
OUTR=$("$RAWFRAME" -i "$T/stranger" -w 3 ping 2>"$T/rf.err")
case $OUTR in
*response*) not_ok "another CA: a response came back: $OUTR" ;;
*) ok "another CA: no response ($OUTR)" ;;
esac
still "a certificate from another CA"

# (c) TLS 1.2 only, with a good certificate.
S=$(echo | timeout 10 openssl s_client -connect "$ADDR" -tls1_2 \
    -CAfile "$INST/ca.pem" -cert "$INST/identities/m1/cert.pem" \
    -key "$INST/identities/m1/key.pem" 2>&1)
SRC=$?
case $S in
*"New, TLSv1.2"*) not_ok "a TLS 1.2 session was set up: $(echo "$S" | grep -m1 New,)" ;;
*) [ $SRC -ne 0 ] && ok "TLS 1.2 only: refused (s_client exit $SRC)" ||
    not_ok "TLS 1.2 only: s_client exit 0" ;;
esac
case $S in
*"protocol version"*) ok "TLS 1.2 only: alert protocol version" ;;
*) not_ok "TLS 1.2 only: no protocol version alert: $(echo "$S" | head -n 3)" ;;
esac
still "a TLS 1.2 client"

# Not TLS at all, and a silent TCP connection held open.
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 bash -c "cat >/dev/tcp/127.0.0.1/$PORT"
still "plain-text bytes"
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
S=$SECONDS
still "a silent TCP connection (held open)"
[ $((SECONDS - S)) -le 3 ] && ok "... served promptly" || not_ok "whoami took $((SECONDS - S)) s"
exec 3>&-

# (d) A disabled identity.
expect_rc 0 "m1 is served before" -- m1 whoami
expect_eq "whoami names m1" "$(jget whoami.name)" m1
expect_rc 0 "admin disables m1" -- admin identity disable m1
expect_rc 4 "disabled m1 is refused" -- m1 whoami
expect_eq "... with the JSON error code permission" "$(jget error.code)" permission
expect_rc 4 "disabled m1 cannot ping either" -- m1 ping
expect_rc 0 "m2 is still served" -- m2 whoami
still "a disabled identity"

# (e) The right CA, but never recorded.
mkid "$T/ghost" ghost "$INST/ca.pem" "$INST/ca.key" &&
    ok "made CN=ghost with the instance CA key" || not_ok "openssl failed"
OUT=$("$YISHI" --identity "$T/ghost" --timeout 20 --json whoami 2>/dev/null)
RC=$?
expect_eq "an unrecorded certificate of the instance CA: exit 4" "$RC" 4
expect_eq "... with the JSON error code permission" "$(jget error.code)" permission
still "an unrecorded certificate"

# (f) Session resumption (TLS 1.3 tickets): a returning client skips the
#     certificate exchange; its session still carries the certificate, so
#     the identity is looked up per request as for a full handshake.
sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_3 \
    -CAfile "$INST/ca.pem" -cert "$INST/identities/m2/cert.pem" \
    -key "$INST/identities/m2/key.pem" -sess_out "$T/m2.sess" >"$T/s1.txt" 2>&1
S=$(sleep 1 | timeout 10 openssl s_client -connect "$ADDR" -tls1_3 \
    -CAfile "$INST/ca.pem" -cert "$INST/identities/m2/cert.pem" \
    -key "$INST/identities/m2/key.pem" -sess_in "$T/m2.sess" 2>&1)
case $S in
*"Reused, TLSv1.3"*) ok "a second connection resumes the session" ;;
*) not_ok "no resumption: $(grep -m1 -E 'New|Reused' "$T/s1.txt") / $(echo "$S" | grep -m1 -E 'New|Reused')" ;;
esac
still "a resumed session"
