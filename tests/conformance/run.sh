#!/bin/sh
# run.sh INSTANCE [HOST:PORT]: runs the conformance client against a running
# yishid of the instance folder INSTANCE (`yishid init`), whose identities
# folder must hold admin, sec, m1..m4, off and insp (`yishid issue`). The
# protocol's Python code is generated from proto/yishi.proto at each run,
# with Debian's python3 (python3-protobuf, python3-cryptography).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
inst=${1:?usage: run.sh INSTANCE [HOST:PORT]}
server=${2:-127.0.0.1:$(cat "$inst/yishid.port")}
exec /usr/bin/python3 "$here/yishi_conformance.py" --server "$server" \
    --identities "$inst/identities" --proto "$here/../../proto/yishi.proto"
