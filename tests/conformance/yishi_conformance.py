#!/usr/bin/python3
"""yishi_conformance.py: a second implementation of the yishi protocol.

Written from docs/protocol.md and proto/yishi.proto alone (not from the C
client), it drives a whole meeting against a real yishid, follows the
meeting's events on a second connection, and verifies the body's trail:
the hash chain, every member signature against the member's certificate
and the instance id, the server's vouch of every entry and its signed
checkpoints and head.

  yishi_conformance.py --server HOST:PORT --identities DIR --proto FILE
      [--verify-only BODY --as NAME]

DIR holds one folder per identity (cert.pem, key.pem, ca.pem): admin,
sec, m1..m4, off, insp. It exits 0 when everything conforms, 1 with a
message naming the first mismatch, 2 on a usage error.
"""

import argparse
import atexit
import datetime
import hashlib
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

pb = None  # yishi_pb2, generated at start from the .proto

PROTOCOL_VERSION = 1
REQUEST_MAX = 1024 * 1024            # docs/protocol.md, "Frames and limits"
REPLY_MAX = 64 * 1024 * 1024
CHECKPOINT_OID = "2.25.143786957915471688053860426725168507370"


class Mismatch(Exception):
    """The server did something the protocol does not say."""


def fail(msg):
    raise Mismatch(msg)


def load_proto(path):
    """Generates yishi_pb2 from the .proto into a temporary folder."""
    global pb
    out = tempfile.mkdtemp(prefix="yishi_pb2.")
    d, f = os.path.split(os.path.abspath(path))
    subprocess.run(["protoc", "-I", d, "--python_out=" + out, f],
                   check=True)
    atexit.register(shutil.rmtree, out, True)
    sys.path.insert(0, out)
    import yishi_pb2  # noqa: E402
    pb = yishi_pb2


# ------------------------------------------------------------ identities

class Identity:
    """One identity folder: its certificate, key and the instance CA."""

    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, "cert.pem"), "rb") as f:
            self.cert = x509.load_pem_x509_certificate(f.read())
        with open(os.path.join(folder, "key.pem"), "rb") as f:
            self.key = serialization.load_pem_private_key(f.read(), None)
        with open(os.path.join(folder, "ca.pem"), "rb") as f:
            self.ca = x509.load_pem_x509_certificate(f.read())
        cn = self.cert.subject.get_attributes_for_oid(
            x509.NameOID.COMMON_NAME)
        self.name = cn[0].value if cn else ""
        # The instance id: lowercase hex SHA-256 of the DER CA certificate.
        self.instance = hashlib.sha256(
            self.ca.public_bytes(serialization.Encoding.DER)).hexdigest()

    def sign(self, data):
        """ECDSA P-256 over SHA-256, DER-encoded."""
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


# ------------------------------------------------------- canonical bytes

def canon_field(name, value):
    v = value.encode("utf-8")
    return name.encode() + b"=" + str(len(v)).encode() + b":" + v + b"\n"


def canonical(action, instance, fields):
    """yishi-sign-v2 bytes: action, instance, then each (name, value)."""
    out = b"yishi-sign-v2\n" + canon_field("action", action)
    out += canon_field("instance", instance)
    for name, value in fields:
        out += canon_field(name, value)
    return out


def canon_statement(inst, body, meeting, item, member, position, text):
    return canonical("statement", inst, [
        ("body", str(body)), ("meeting", str(meeting)), ("item", str(item)),
        ("member", member), ("position", position), ("text", text)])


def canon_vote(inst, body, meeting, item, member, choice, entered_by):
    return canonical("vote", inst, [
        ("body", str(body)), ("meeting", str(meeting)), ("item", str(item)),
        ("member", member), ("choice", choice), ("entered_by", entered_by)])


def canon_dissent(inst, body, meeting, item, member, text, reported):
    return canonical("dissent", inst, [
        ("body", str(body)), ("meeting", str(meeting)), ("item", str(item)),
        ("member", member), ("text", text),
        ("reported_to_higher", "true" if reported else "false")])


def canon_minutes_sign(inst, body, meeting, member, head_seq, head_hash):
    return canonical("minutes_sign", inst, [
        ("body", str(body)), ("meeting", str(meeting)), ("member", member),
        ("head_seq", str(head_seq)), ("head_hash", head_hash.hex())])


def canon_checkpoint(inst, body, seq, hsh, at_us):
    return canonical("checkpoint", inst, [
        ("body", str(body)), ("seq", str(seq)), ("hash", hsh.hex()),
        ("at", str(at_us))])


def canon_vouch(inst, e):
    signed = len(e.signature) > 0
    out = b"yishi-vouch-v2\n"
    for name, value in [
            ("instance", inst), ("body", str(e.body)), ("seq", str(e.seq)),
            ("at", str(e.at_us)), ("actor", e.actor), ("action", e.action),
            ("payload", e.payload),
            ("signer", e.signer if signed else ""),
            ("cert_fp", e.cert_fp.hex() if signed else ""),
            ("signed", e.signed if signed else ""),
            ("signature", e.signature.hex() if signed else "")]:
        out += canon_field(name, value)
    return out


def canon_parse(data):
    """The (action, instance, [(name, value)]) of canonical bytes."""
    if not data.startswith(b"yishi-sign-v2\n"):
        fail("signed text does not start with yishi-sign-v2")
    p = len(b"yishi-sign-v2\n")
    fields = []
    while p < len(data):
        eq = data.index(b"=", p)
        colon = data.index(b":", eq)
        n = int(data[eq + 1:colon])
        value = data[colon + 1:colon + 1 + n]
        if data[colon + 1 + n:colon + 2 + n] != b"\n":
            fail("signed text is malformed")
        fields.append((data[p:eq].decode(), value.decode("utf-8")))
        p = colon + 2 + n
    if len(fields) < 2 or fields[0][0] != "action" or \
            fields[1][0] != "instance":
        fail("signed text lacks action and instance")
    return fields[0][1], fields[1][1], fields[2:]


def entry_hash(e):
    """The trail entry hash of docs/protocol.md, "The trail"."""
    if len(e.signature) == 0:
        text = "%d\n%d\n%d\n%s\n%s\n%s" % (
            e.body, e.seq, e.at_us, e.actor, e.action, e.payload)
    else:
        text = "%d\n%d\n%d\n%s\n%s\n%d:%s\n%s\n%s\n%d:%s\n%s" % (
            e.body, e.seq, e.at_us, e.actor, e.action,
            len(e.payload.encode()), e.payload, e.signer, e.cert_fp.hex(),
            len(e.signed.encode()), e.signed, e.signature.hex())
    return hashlib.sha256(bytes(e.prev_hash) + text.encode()).digest()


def ecdsa_ok(cert, sig, data):
    try:
        cert.public_key().verify(sig, data, ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def issued_by(cert, ca):
    """True when ca signed cert (the instance CA issues every identity)."""
    if cert.issuer != ca.subject:
        return False
    return ecdsa_ok(ca, cert.signature, cert.tbs_certificate_bytes) if \
        isinstance(ca.public_key(), ec.EllipticCurvePublicKey) else False


def der_read(buf, p):
    """One DER element at p: (tag, content start, content end)."""
    tag = buf[p]
    n = buf[p + 1]
    p += 2
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(buf[p:p + k], "big")
        p += k
    return tag, p, p + n


def der_children(buf, start, end):
    p = start
    while p < end:
        tag, s, e = der_read(buf, p)
        yield tag, s, e
        p = e


def oid_text(content):
    """Dotted text of an OBJECT IDENTIFIER's content, arcs of any size."""
    arcs, v = [], 0
    for b in content:
        v = v << 7 | (b & 0x7f)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def cert_eku(cert):
    """The extended key usage OIDs of cert, read from its DER: the
    checkpoint purpose's arc is a 128-bit UUID (2.25), which some X.509
    libraries (python3-cryptography 38) refuse to parse."""
    tbs = cert.tbs_certificate_bytes
    _, s, e = der_read(tbs, 0)
    for tag, cs, ce in der_children(tbs, s, e):
        if tag != 0xa3:
            continue
        _, xs, xe = der_read(tbs, cs)
        for _, es, ee in der_children(tbs, xs, xe):
            parts = list(der_children(tbs, es, ee))
            if oid_text(tbs[parts[0][1]:parts[0][2]]) != "2.5.29.37":
                continue
            _, os_, oe = parts[-1]
            _, ss, se = der_read(tbs, os_)
            return [oid_text(tbs[a:b]) for _, a, b in
                    der_children(tbs, ss, se)]
    return []


def fingerprint(cert):
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)) \
        .digest()


# ------------------------------------------------------------ connection

class Conn:
    """One mutual-TLS 1.3 connection as one identity. Single-threaded (an
    SSL socket must not be read and written from two threads): frames are
    read while waiting for an answer or an event; events are queued,
    answers kept by id (they may come in any order)."""

    def __init__(self, server, ident):
        self.ident = ident
        host, port = server.rsplit(":", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.maximum_version = ssl.TLSVersion.TLSv1_3
        ctx.load_verify_locations(os.path.join(ident.folder, "ca.pem"))
        ctx.load_cert_chain(os.path.join(ident.folder, "cert.pem"),
                            os.path.join(ident.folder, "key.pem"))
        raw = socket.create_connection((host, int(port)), timeout=30)
        self.sock = ctx.wrap_socket(raw, server_hostname=host)
        if self.sock.version() != "TLSv1.3":
            fail("the server spoke %s, not TLS 1.3" % self.sock.version())
        self.next_id = 1
        self.buf = b""
        self.events = []
        self.answers = {}
        self.closed_with = None

    def _frame(self):
        """One whole frame from the buffer, or None."""
        if len(self.buf) < 4:
            return None
        (n,) = struct.unpack(">I", self.buf[:4])
        if n > REPLY_MAX:
            self._closed("a frame of %d bytes, over 64 MiB" % n)
            return None
        if len(self.buf) < 4 + n:
            return None
        data, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
        f = pb.Frame()
        f.ParseFromString(data)
        return f

    def pump(self, timeout):
        """Reads for up to timeout seconds, filing what arrives; returns
        when at least one frame was filed, the time is up or the
        connection ended."""
        end = time.time() + timeout
        while self.closed_with is None:
            f = self._frame()
            if f is not None:
                self._file(f)
                return
            left = end - time.time()
            if left <= 0:
                return
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except (socket.timeout, TimeoutError):
                return
            except (OSError, ssl.SSLError) as e:
                self._closed("read failed: %s" % e)
                return
            if not chunk:
                self._closed("end of stream")
                return
            self.buf += chunk

    def _file(self, f):
        if f.version != PROTOCOL_VERSION:
            self._closed("frame version %d" % f.version)
            return
        kind = f.WhichOneof("body")
        if kind == "event":
            if f.id != 0:
                self._closed("an event with frame id %d" % f.id)
                return
            self.events.append(f.event)
        elif kind == "response" and f.id == 0:
            # The server closes the connection after this one.
            self._closed(f.response)
        elif kind == "response":
            if f.id in self.answers:
                fail("two answers with id %d" % f.id)
            self.answers[f.id] = f.response
        else:
            self._closed("a frame that is neither response nor event")

    def _closed(self, why):
        if self.closed_with is None:
            self.closed_with = why

    def send(self, req, fid=None, version=PROTOCOL_VERSION):
        """Sends one request frame; returns its id."""
        if fid is None:
            fid = self.next_id
            self.next_id += 1
        f = pb.Frame(version=version, id=fid, request=req)
        data = f.SerializeToString()
        if len(data) > REQUEST_MAX:
            fail("request over the 1 MiB limit")
        self.sock.settimeout(30)
        self.sock.sendall(struct.pack(">I", len(data)) + data)
        return fid

    def wait(self, fid, timeout=30):
        end = time.time() + timeout
        while fid not in self.answers:
            if self.closed_with is not None:
                fail("connection of %s closed while waiting for answer %d: "
                     "%s" % (self.ident.name, fid, self.closed_with))
            left = end - time.time()
            if left <= 0:
                fail("no answer to request %d within %d s" % (fid, timeout))
            self.pump(left)
        return self.answers.pop(fid)

    def next_event(self, timeout):
        """The next event, or None after timeout seconds."""
        end = time.time() + timeout
        while not self.events and self.closed_with is None:
            left = end - time.time()
            if left <= 0:
                break
            self.pump(left)
        return self.events.pop(0) if self.events else None

    def wait_closed(self, timeout):
        end = time.time() + timeout
        while self.closed_with is None and time.time() < end:
            self.pump(end - time.time())
        return self.closed_with

    def call(self, op, msg, signature=b"", expect="empty", ok=True):
        """Sends op and waits for its answer; checks status and result."""
        req = pb.Request(lang=pb.LANG_EN, signature=signature)
        getattr(req, op).CopyFrom(msg)
        r = self.wait(self.send(req))
        if not ok:
            return r
        if r.status != pb.STATUS_OK:
            fail("%s by %s: status %s, rule %r: %s" % (
                op, self.ident.name, pb.Status.Name(r.status), r.rule,
                r.message))
        got = r.WhichOneof("result")
        if expect is not None and got != expect:
            fail("%s answered with result %r, the doc says %r" %
                 (op, got, expect))
        return r

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ------------------------------------------------------------ the meeting

def rfc3339_in(minutes):
    tz = datetime.timezone(datetime.timedelta(hours=8))
    t = datetime.datetime.now(tz) + datetime.timedelta(minutes=minutes)
    return t.replace(microsecond=0).isoformat()


class Run:
    def __init__(self, server, folder):
        self.server = server
        self.ids = {}
        for n in ["admin", "sec", "m1", "m2", "m3", "m4", "off", "insp"]:
            self.ids[n] = Identity(os.path.join(folder, n))
        self.conns = {}
        self.instance = self.ids["admin"].instance
        for i in self.ids.values():
            if i.instance != self.instance:
                fail("identities of two instances")
        self.expected = []     # event kinds, in order

    def c(self, name):
        if name not in self.conns:
            self.conns[name] = Conn(self.server, self.ids[name])
        return self.conns[name]

    def log(self, msg):
        print("conformance: " + msg, flush=True)

    def framing(self):
        """Request ids, pipelining, whoami; a bad version is refused."""
        c = self.c("m1")
        ids = [c.send(pb.Request(ping=pb.Ping())) for _ in range(5)]
        for i in reversed(ids):
            r = c.wait(i)
            if r.status != pb.STATUS_OK or r.WhichOneof("result") != \
                    "whoami" or r.whoami.name != "m1":
                fail("ping: expected whoami m1, got %s" % r)
            if r.whoami.server_version != PROTOCOL_VERSION:
                fail("whoami.server_version %d" % r.whoami.server_version)
        # A request without an op: answered, the connection stays.
        r = c.wait(c.send(pb.Request()))
        if r.status != pb.STATUS_INVALID_ARGUMENT:
            fail("a request without op: %s" % pb.Status.Name(r.status))
        r = c.call("ping", pb.Ping(), expect="whoami")

        def closing(what, raw):
            """raw bytes on a fresh connection get an id-0 refusal."""
            bad = Conn(self.server, self.ids["m2"])
            bad.sock.sendall(raw)
            why = bad.wait_closed(10)
            bad.close()
            if not isinstance(why, pb.Response) or \
                    why.status != pb.STATUS_INVALID_ARGUMENT:
                fail("%s: expected a frame with id 0 and "
                     "STATUS_INVALID_ARGUMENT, then the end; got %r" %
                     (what, why))
            return why.message
        v0 = pb.Frame(version=0, id=7, request=pb.Request(ping=pb.Ping()))
        v0 = v0.SerializeToString()
        m0 = closing("a version-0 frame", struct.pack(">I", len(v0)) + v0)
        mbig = closing("a frame over 1 MiB",
                       struct.pack(">I", REQUEST_MAX + 1))
        mbad = closing("a malformed frame", struct.pack(">I", 3) +
                       b"\xff\xff\xff")
        self.log("framing: 5 pipelined pings answered by id; refused with "
                 "INVALID_ARGUMENT and id 0: version 0 (%s), %d bytes (%s), "
                 "garbage (%s)" % (m0, REQUEST_MAX + 1, mbig, mbad))

    def setup(self):
        a = self.c("admin")
        r = a.call("body_create", pb.BodyCreate(
            name="一致性测试党组 %d" % os.getpid(), kind="party_group"),
            expect="body")
        self.body = r.body.id
        seats = [("sec", "书记", "secretary", 1), ("m1", "委员一", "member", 2),
                 ("m2", "委员二", "member", 3), ("m3", "委员三", "member", 4),
                 ("m4", "委员四", "member", 5), ("off", "办公室", "office", 0),
                 ("insp", "纪检组长", "inspector", 0)]
        for ident, disp, role, rank in seats:
            a.call("seat_add", pb.SeatAdd(body=self.body, identity=ident,
                                          display=disp, role=role,
                                          rank=rank), expect="seat")
        # Paging: two seats a page, the cursor the answer's `next`.
        got, page, pages = [], pb.Page(limit=2), 0
        while True:
            r = self.c("insp").call("seat_list", pb.BodyRef(
                body=self.body, page=page), expect="seats")
            pages += 1
            if len(r.seats.seats) > 2:
                fail("seat list: %d seats on a page of 2" %
                     len(r.seats.seats))
            got += [s.member for s in r.seats.seats]
            if not r.seats.HasField("next"):
                break
            # next carries the cursor and the limit asked for: sent back
            # as it is.
            if r.seats.next.limit != 2:
                fail("seat list: next page's limit %d, not the 2 asked for"
                     % r.seats.next.limit)
            page = pb.Page()
            page.CopyFrom(r.seats.next)
            if pages > 10:
                fail("seat list: no end of pages")
        if sorted(got) != sorted(s[0] for s in seats) or pages != 4:
            fail("seat list paged: %s in %d pages" % (got, pages))
        if got[0] != "sec":
            fail("seat list: the secretary is not first: %s" % got)
        r = self.c("off").call("meeting_schedule", pb.MeetingSchedule(
            body=self.body, title="一致性测试会议", at=rfc3339_in(10),
            place="第一会议室", urgent=True, reason="工作需要"),
            expect="meeting")
        self.meeting = r.meeting.id
        if r.meeting.body != self.body:
            fail("scheduled meeting names body %d" % r.meeting.body)
        self.items = []
        for title in ["一致性议题（记名表决）", "一致性议题（举手表决）"]:
            r = self.c("m1").call("agenda_propose", pb.AgendaPropose(
                meeting=self.meeting, title=title, category="ordinary"),
                expect="item")
            self.items.append(r.item.id)
            self.c("sec").call("agenda_approve", pb.ItemRef(item=r.item.id),
                               expect="item")
        self.log("body %d, meeting %d, items %s" %
                 (self.body, self.meeting, self.items))

    def watch(self):
        """A second connection follows the meeting."""
        self.w = Conn(self.server, self.ids["insp"])
        r = self.w.call("watch", pb.Watch(meeting=self.meeting),
                        expect="watching")
        m = r.watching.meeting
        if m.id != self.meeting or m.state != "scheduled":
            fail("watching snapshot: meeting %d state %s" % (m.id, m.state))
        if len(m.items) != 2:
            fail("watching snapshot: %d items, want 2" % len(m.items))
        self.start_pos = (r.watching.seq, r.watching.index)
        if r.watching.seq == 0:
            fail("watching: snapshot position seq 0")

    def state(self, who, item, position, text):
        me = self.ids[who]
        sig = me.sign(canon_statement(self.instance, self.body, self.meeting,
                                      item, me.name, position, text))
        self.c(who).call("state", pb.State(item=item, position=position,
                                           text=text), signature=sig)
        self.expected.append("statement")

    def cast(self, who, item, choice):
        me = self.ids[who]
        sig = me.sign(canon_vote(self.instance, self.body, self.meeting,
                                 item, me.name, choice, ""))
        self.c(who).call("vote_cast", pb.VoteCast(item=item, choice=choice),
                         signature=sig)
        self.expected.append("ballot")

    def meeting_run(self):
        sec = self.c("sec")
        self.c("off").call("meeting_notify", pb.MeetingRef(
            meeting=self.meeting), expect="meeting")
        self.expected.append("noticed")
        for who in ["sec", "m1", "m2", "m3", "m4"]:
            r = self.c(who).call("checkin", pb.MeetingRef(
                meeting=self.meeting), expect="meeting")
            self.expected.append("checkin")
        if r.meeting.quorum.present != 5 or r.meeting.quorum.n != 5:
            fail("quorum after 5 check-ins: %s" % r.meeting.quorum)
        sec.call("meeting_open", pb.MeetingRef(meeting=self.meeting),
                 expect="meeting")
        self.expected.append("opened")

        # The ids a member signs: body and meeting from item show.
        it = self.c("m3").call("item_show", pb.ItemRef(item=self.items[0]),
                               expect="item").item
        if it.body != self.body or it.meeting != self.meeting:
            fail("item show: body %d meeting %d" % (it.body, it.meeting))

        # Item 1: statements, the secretary (top leader) last; then a
        # roll-call vote, each ballot signed by its voter.
        i1 = self.items[0]
        sec.call("item_start", pb.ItemRef(item=i1), expect="item")
        self.expected.append("item_started")
        r = self.c("sec").call("state", pb.State(item=i1, position="agree",
                                                 text="先说"),
                               signature=self.ids["sec"].sign(
                                   canon_statement(self.instance, self.body,
                                                   self.meeting, i1, "sec",
                                                   "agree", "先说")),
                               ok=False)
        if r.status != pb.STATUS_RULE or not r.rule.startswith("R-LAST"):
            fail("the secretary stating first: expected STATUS_RULE "
                 "R-LAST-*, got %s %r" % (pb.Status.Name(r.status), r.rule))

        # A statement signed by another key is refused, nothing written.
        forged = self.ids["m2"].sign(canon_statement(
            self.instance, self.body, self.meeting, i1, "m1", "agree", "假"))
        r = self.c("m1").call("state", pb.State(item=i1, position="agree",
                                                text="假"), signature=forged,
                              ok=False)
        if r.status != pb.STATUS_PERMISSION_DENIED:
            fail("a statement signed with another key: expected "
                 "PERMISSION_DENIED, got %s" % pb.Status.Name(r.status))
        # Signed for another instance: refused too.
        other = self.ids["m1"].sign(canon_statement(
            "0" * 64, self.body, self.meeting, i1, "m1", "agree", "同意"))
        r = self.c("m1").call("state", pb.State(item=i1, position="agree",
                                                text="同意"),
                              signature=other, ok=False)
        if r.status != pb.STATUS_PERMISSION_DENIED:
            fail("a statement signed for another instance: expected "
                 "PERMISSION_DENIED, got %s" % pb.Status.Name(r.status))
        self.state("m1", i1, "agree", "同意")
        self.state("m2", i1, "disagree", "预算偏高")
        self.state("m3", i1, "agree", "")
        self.state("m4", i1, "abstain", "弃权")
        self.state("sec", i1, "agree", "综合各方意见，同意")
        sec.call("vote_open", pb.VoteOpen(item=i1, method="roll_call"))
        self.expected.append("vote_opened")
        for who, choice in [("m1", "yes"), ("m2", "no"), ("m3", "yes"),
                            ("m4", "abstain"), ("sec", "yes")]:
            self.cast(who, i1, choice)
        r = sec.call("vote_close", pb.ItemRef(item=i1), expect="vote")
        self.expected.append("vote_closed")
        v = r.vote
        if (v.yes, v.no, v.abstain) != (3, 1, 1) or v.state != "closed":
            fail("roll call: %d/%d/%d %s" % (v.yes, v.no, v.abstain,
                                             v.state))
        self.outcome1 = v.outcome
        # m2 reserves their opinion, signed.
        text = "保留意见：预算偏高"
        sig = self.ids["m2"].sign(canon_dissent(
            self.instance, self.body, self.meeting, i1, "m2", text, False))
        self.c("m2").call("dissent_file", pb.Dissent(item=i1, text=text),
                          signature=sig)

        # Item 2: a show of hands.
        i2 = self.items[1]
        sec.call("item_start", pb.ItemRef(item=i2), expect="item")
        self.expected.append("item_started")
        for who in ["m1", "m2", "m3", "m4", "sec"]:
            self.state(who, i2, "agree", "同意")
        sec.call("vote_open", pb.VoteOpen(item=i2, method="hands"))
        self.expected.append("vote_opened")
        for who in ["m1", "m2", "m3", "m4", "sec"]:
            self.cast(who, i2, "yes")
        r = sec.call("vote_close", pb.ItemRef(item=i2), expect="vote")
        self.expected.append("vote_closed")
        if r.vote.yes != 5 or r.vote.outcome != "passed":
            fail("hands: %d yes, outcome %s" % (r.vote.yes, r.vote.outcome))
        sec.call("meeting_close", pb.MeetingRef(meeting=self.meeting),
                 expect="meeting")
        self.expected.append("closed")

        # The minutes: the chair signs the head they were read at.
        mn = sec.call("minutes_show", pb.MeetingRef(meeting=self.meeting),
                      expect="minutes").minutes
        sig = self.ids["sec"].sign(canon_minutes_sign(
            self.instance, self.body, self.meeting, "sec", mn.head_seq,
            mn.head_hash))
        r = sec.call("minutes_sign", pb.MinutesSign(
            meeting=self.meeting, head_seq=mn.head_seq,
            head_hash=mn.head_hash), signature=sig, expect="signoff")
        if r.signoff.head_seq != mn.head_seq:
            fail("signoff head_seq %d, signed %d" % (r.signoff.head_seq,
                                                     mn.head_seq))
        self.expected.append("minutes_signed")
        self.log("meeting %d driven: %d statements, 10 signed ballots, "
                 "a dissent, the minutes signed at seq %d" %
                 (self.meeting, self.expected.count("statement"),
                  mn.head_seq))

    def events(self):
        """The watcher saw what was done, in order, positions growing."""
        want = self.expected
        got = []
        end = time.time() + 15
        while len(got) < len(want) and time.time() < end:
            e = self.w.next_event(end - time.time())
            if e is not None:
                got.append(e)
        # None more than what was done.
        while True:
            e = self.w.next_event(0.5)
            if e is None:
                break
            got.append(e)
        if self.w.closed_with is not None:
            fail("the watch connection ended: %s" % (self.w.closed_with,))
        kinds = [e.kind for e in got]
        if kinds != want:
            fail("events: got kinds %s, want %s" % (kinds, want))
        last = self.start_pos
        for e in got:
            if e.meeting != self.meeting:
                fail("event %s names meeting %d" % (e.kind, e.meeting))
            if (e.seq == 0 or e.at == ""):
                fail("event %s without a position or time (seq %d, at %r)"
                     % (e.kind, e.seq, e.at))
            pos = (e.seq, e.index)
            if pos <= last:
                fail("event %s at %s does not follow %s" % (e.kind, pos,
                                                            last))
            last = pos
        ballots = [e for e in got if e.kind == "ballot"]
        if [e.cast for e in ballots] != [1, 2, 3, 4, 5] * 2:
            fail("ballot events' cast: %s" % [e.cast for e in ballots])
        first = ballots[:5]
        if [(e.yes, e.no, e.abstain) for e in first] != \
                [(1, 0, 0), (1, 1, 0), (2, 1, 0), (2, 1, 1), (3, 1, 1)]:
            fail("roll-call running counts: %s" %
                 [(e.yes, e.no, e.abstain) for e in first])
        closes = [e for e in got if e.kind == "vote_closed"]
        if (closes[0].yes, closes[0].no, closes[0].abstain,
                closes[0].outcome) != (3, 1, 1, self.outcome1):
            fail("vote_closed event: %s" % closes[0])
        sts = [e for e in got if e.kind == "statement"]
        if [e.waiting_n for e in sts[:5]] != [4, 3, 2, 1, 0]:
            fail("statement events' waiting_n: %s" %
                 [e.waiting_n for e in sts[:5]])
        for e in got:
            try:
                datetime.datetime.fromisoformat(e.at)
            except ValueError:
                fail("event %s: at %r is not RFC 3339" % (e.kind, e.at))
        started = [e for e in got if e.kind == "item_started"]
        if started[0].waiting_n != 5 or \
                [p.member for p in started[0].waiting][-1] != "sec":
            fail("item_started: waiting %s (%d), want 5 with the secretary "
                 "last" % ([p.member for p in started[0].waiting],
                           started[0].waiting_n))
        opened = [e for e in got if e.kind == "vote_opened"]
        if opened[0].detail != "roll_call" or opened[0].electorate != 5 or \
                opened[0].waiting_n != 5:
            fail("vote_opened: %s" % opened[0])
        self.got = got
        self.log("%d events, kinds and positions as driven" % len(got))

    def resume(self):
        """A client that lost its connection after the k-th event resumes
        from its position: it gets the rest, each once, in order."""
        k = len(self.got) // 2
        last = self.got[k - 1]
        w = Conn(self.server, self.ids["m3"])
        r = w.call("watch", pb.Watch(meeting=self.meeting,
                                     after_seq=last.seq,
                                     after_index=last.index, resume=True),
                   expect="watching")
        if r.watching.meeting.state != "closed":
            fail("resume: the snapshot shows the meeting %s" %
                 r.watching.meeting.state)
        want = [(e.kind, e.seq, e.index) for e in self.got[k:]]
        got = []
        while len(got) < len(want):
            e = w.next_event(10)
            if e is None:
                break
            got.append((e.kind, e.seq, e.index))
        e = w.next_event(0.5)
        if e is not None:
            got.append((e.kind, e.seq, e.index))
        w.close()
        if got != want:
            fail("resume after %s: got %s, want %s" %
                 ((last.seq, last.index), got, want))
        self.log("resume after (%d, %d): the %d events missed, once each" %
                 (last.seq, last.index, len(want)))

    def verify_trail(self, reader="insp", body=None):
        """Reads the trail page by page and verifies it."""
        body = self.body if body is None else body
        c = self.c(reader)
        inst = self.instance
        ca = self.ids[reader].ca
        prev = bytes(32)
        want_seq = 1
        entries = []
        certs = {}
        server_certs = {}
        checkpoints = []
        signed_head = None
        pages = 0
        while True:
            r = c.call("audit_log", pb.AuditLog(body=body, from_seq=want_seq),
                       expect="trail")
            p = r.trail
            pages += 1
            if p.refused_seq != 0:
                fail("the server refuses the trail: %s" % p.refused)
            for ct in p.certs:
                certs[bytes(ct.fingerprint)] = ct
            for ct in p.server_certs:
                server_certs[bytes(ct.fingerprint)] = ct
            checkpoints.extend(p.checkpoints)
            for e in p.entries:
                if e.seq != want_seq:
                    fail("trail: entry %d where %d was due" % (e.seq,
                                                               want_seq))
                if bytes(e.prev_hash) != prev:
                    fail("entry %d: prev_hash is not entry %d's hash" %
                         (e.seq, e.seq - 1))
                h = entry_hash(e)
                if h != bytes(e.hash):
                    fail("entry %d: hash mismatch (%s computed, %s stored)"
                         % (e.seq, h.hex(), bytes(e.hash).hex()))
                prev = h
                want_seq += 1
                entries.append(e)
            if p.HasField("signed_head"):
                signed_head = p.signed_head
                if len(p.entries) and p.entries[-1].seq != p.head_seq:
                    fail("signed head on a page that does not reach it")
                break
            if len(p.entries) == 0:
                fail("an empty page without the signed head")
        if signed_head is None or signed_head.seq != len(entries) or \
                bytes(signed_head.hash) != prev:
            fail("signed head %s does not end the chain (%d entries)" %
                 (signed_head and signed_head.seq, len(entries)))

        # The server's key: the certificate that signed the head, issued by
        # the CA, with the checkpoint purpose.
        def server_key(fp):
            ct = server_certs.get(bytes(fp))
            if ct is None:
                fail("no server certificate %s" % bytes(fp).hex())
            cert = x509.load_pem_x509_certificate(ct.pem.encode())
            if fingerprint(cert) != bytes(fp):
                fail("server certificate fingerprint mismatch")
            if not issued_by(cert, ca):
                fail("server certificate not issued by the instance CA")
            if CHECKPOINT_OID not in cert_eku(cert):
                fail("server certificate lacks the checkpoint purpose")
            return cert
        key = server_key(signed_head.cert_fp)
        if not ecdsa_ok(key, signed_head.signature, canon_checkpoint(
                inst, body, signed_head.seq, signed_head.hash,
                signed_head.at_us)):
            fail("the signed head's signature does not verify")
        hashes_by_seq = {e.seq: bytes(e.hash) for e in entries}

        signed_n = 0
        for e in entries:
            if len(e.signature) > 0:
                self.check_signed(e, certs, ca, inst)
                signed_n += 1
            if len(e.vouch) == 0 or not ecdsa_ok(key, e.vouch,
                                                 canon_vouch(inst, e)):
                fail("entry %d (%s): no valid server vouch" %
                     (e.seq, e.action))
        # Checkpoints last: a rewritten entry is named by its own checks.
        for ck in checkpoints:
            ck_key = server_key(ck.cert_fp)
            if not ecdsa_ok(ck_key, ck.signature, canon_checkpoint(
                    inst, body, ck.seq, ck.hash, ck.at_us)):
                fail("checkpoint at %d: signature does not verify" % ck.seq)
            if hashes_by_seq.get(ck.seq) != bytes(ck.hash):
                fail("checkpoint at %d: the chain differs there" % ck.seq)
        self.log("trail of body %d: %d entries in %d pages, chain, %d "
                 "member signatures, %d vouches, %d checkpoints and the "
                 "signed head verified" % (body, len(entries), pages,
                                           signed_n, len(entries),
                                           len(checkpoints)))
        return entries

    def check_signed(self, e, certs, ca, inst):
        """A member-signed entry: certificate, instance, signature."""
        ct = certs.get(bytes(e.cert_fp))
        if ct is None:
            fail("entry %d: certificate %s not served" %
                 (e.seq, bytes(e.cert_fp).hex()))
        cert = x509.load_pem_x509_certificate(ct.pem.encode())
        if fingerprint(cert) != bytes(e.cert_fp):
            fail("entry %d: certificate fingerprint mismatch" % e.seq)
        if not issued_by(cert, ca):
            fail("entry %d: certificate not issued by the instance CA"
                 % e.seq)
        cn = cert.subject.get_attributes_for_oid(
            x509.NameOID.COMMON_NAME)[0].value
        if cn != e.signer:
            fail("entry %d: signed by the certificate of %s, not of %s"
                 % (e.seq, cn, e.signer))
        signed = e.signed.encode()
        action, sinst, fields = canon_parse(signed)
        if sinst != inst:
            fail("entry %d: signed for instance %s, not %s" %
                 (e.seq, sinst, inst))
        if not ecdsa_ok(cert, e.signature, signed):
            fail("entry %d: %s's signature does not verify" %
                 (e.seq, e.signer))
        self.check_payload(e, action, dict(fields))

    def check_payload(self, e, action, f):
        """What was signed is what the payload says."""
        p = json.loads(e.payload)
        pairs = {"statement": ("statement", ["item", "member", "position",
                                             "text"]),
                 "vote.cast": ("vote", ["item", "member", "choice"]),
                 "dissent.file": ("dissent", ["item", "member", "text"])}
        if e.action not in pairs:
            return
        want_action, names = pairs[e.action]
        if action != want_action:
            fail("entry %d (%s) signs a %s" % (e.seq, e.action, action))
        for n in names:
            if str(p.get(n, "")) != f.get(n):
                fail("entry %d: payload %s=%r, signed %r" %
                     (e.seq, n, p.get(n), f.get(n)))
        if str(e.body) != f.get("body"):
            fail("entry %d: signed body %s" % (e.seq, f.get("body")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--identities", required=True)
    ap.add_argument("--proto", required=True)
    ap.add_argument("--verify-only", type=int, default=0,
                    help="only verify this body's trail")
    ap.add_argument("--as", dest="reader", default="insp")
    a = ap.parse_args()
    load_proto(a.proto)
    try:
        run = Run(a.server, a.identities)
        if a.verify_only:
            run.verify_trail(a.reader, a.verify_only)
        else:
            run.framing()
            run.setup()
            print("conformance: body %d" % run.body, flush=True)
            run.watch()
            run.meeting_run()
            run.events()
            run.resume()
            run.verify_trail(a.reader)
    except Mismatch as e:
        print("conformance: MISMATCH: %s" % e, file=sys.stderr)
        return 1
    except (OSError, ssl.SSLError) as e:
        print("conformance: connection failed: %s" % e, file=sys.stderr)
        return 1
    print("conformance: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
