#!/usr/bin/env python3
"""elgamal_vectors.py: the fixed vectors of test_elgamal.c, computed
independently of OpenSSL with Python's standard library only (P-256 in
affine coordinates from its published constants, hashlib's SHA-256), from
the wire format written in proto/elgamal.h.

Prints each vector as "name hex". With --check FILE, compares them with the
VEC_* constants of FILE (tests/unit/test_elgamal.c) and exits 1 on a
difference.
"""
import hashlib
import re
import sys

# P-256 (SEC 2 / FIPS 186-4).
P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
A = P - 3
B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
     0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
O = None  # the point at infinity


def add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = (3 * p[0] * p[0] + A) * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return (x, (lam * (p[0] - x) - p[1]) % P)


def mul(k, p):
    r = None
    k %= N
    while k:
        if k & 1:
            r = add(r, p)
        p = add(p, p)
        k >>= 1
    return r


def neg(p):
    return None if p is None else (p[0], (-p[1]) % P)


def enc(p):
    assert p is not None
    return bytes([2 + (p[1] & 1)]) + p[0].to_bytes(32, 'big')


def dec(b):
    assert len(b) == 33 and b[0] in (2, 3)
    x = int.from_bytes(b[1:], 'big')
    assert x < P
    y2 = (x * x * x + A * x + B) % P
    y = pow(y2, (P + 1) // 4, P)
    assert y * y % P == y2
    if (y & 1) != (b[0] & 1):
        y = P - y
    return (x, y)


def sc(k):
    return (k % N).to_bytes(32, 'big')


def field(b):
    return len(b).to_bytes(4, 'big') + b


def h(tag, *fields):
    m = hashlib.sha256()
    m.update(field(b'yishi-elgamal-v1'))
    m.update(field(tag.encode()))
    for f in fields:
        m.update(field(f))
    return m.digest()


def hs(tag, *fields):
    return int.from_bytes(h(tag, *fields), 'big') % N


class Rand:
    """The fixed draws: SHA-256("yishi-elgamal-test" || i)."""

    def __init__(self):
        self.i = 0

    def __call__(self):
        v = int.from_bytes(hashlib.sha256(b'yishi-elgamal-test' +
                                          bytes([self.i])).digest(), 'big')
        self.i += 1
        assert 0 < v < N
        return v


def share_make(rnd, ctx):
    x = rnd()
    X = mul(x, G)
    w = rnd()
    c = hs('share', ctx, enc(X), enc(mul(w, G)))
    s = (w + c * x) % N
    return x, b'\x01' + enc(X) + sc(c) + sc(s)


def ballot_make(rnd, Y, ctx, k, choice):
    r = [rnd() for _ in range(k)]
    a = [mul(ri, G) for ri in r]
    b = [add(mul(r[i], Y), G if i == choice else None) for i in range(k)]
    cts = b''.join(enc(a[i]) + enc(b[i]) for i in range(k))
    d = h('ballot', ctx, enc(Y), bytes([k]),
          *[e for i in range(k) for e in (enc(a[i]), enc(b[i]))])
    out = bytes([1, k])
    for i in range(k):
        m = 1 if i == choice else 0
        f = 1 - m
        w, cf, sf = rnd(), rnd(), rnd()
        cm = [None] * 4
        cm[2 * m] = mul(w, G)
        cm[2 * m + 1] = mul(w, Y)
        cm[2 * f] = add(mul(sf, G), neg(mul(cf, a[i])))
        bj = add(b[i], neg(G)) if f == 1 else b[i]
        cm[2 * f + 1] = add(mul(sf, Y), neg(mul(cf, bj)))
        c = hs('bit', d, bytes([i]), *[enc(p) for p in cm])
        cr = (c - cf) % N
        sr = (w + cr * r[i]) % N
        cs = {m: (cr, sr), f: (cf, sf)}
        out += enc(a[i]) + enc(b[i]) + sc(cs[0][0]) + sc(cs[0][1]) + \
            sc(cs[1][0]) + sc(cs[1][1])
    w = rnd()
    c = hs('sum', d, enc(mul(w, G)), enc(mul(w, Y)))
    s = (w + c * sum(r)) % N
    assert len(cts) == 66 * k
    return out + sc(c) + sc(s), a


def dshare_make(rnd, Y, ctx, x, ta):
    X = mul(x, G)
    D = [mul(x, ai) for ai in ta]
    w = rnd()
    k = len(ta)
    c = hs('decrypt', ctx, enc(Y), enc(X), bytes([k]),
           *[enc(p) for p in ta], *[enc(p) for p in D], enc(mul(w, G)),
           *[enc(mul(w, ai)) for ai in ta])
    s = (w + c * x) % N
    return bytes([1, k]) + b''.join(enc(p) for p in D) + sc(c) + sc(s)


def vectors():
    rnd = Rand()
    s1 = b'instance=T;body=1;item=2;scrutineer=wang'
    s2 = b'instance=T;body=1;item=2;scrutineer=li'
    voter = b'instance=T;body=1;item=2;voter=zhao'
    x1, sh1 = share_make(rnd, s1)
    x2, sh2 = share_make(rnd, s2)
    Y = add(dec(sh1[1:34]), dec(sh2[1:34]))
    bal, ta = ballot_make(rnd, Y, voter, 3, 1)
    d1 = dshare_make(rnd, Y, s1, x1, ta)
    d2 = dshare_make(rnd, Y, s2, x2, ta)
    # The decryption gives the choice back.
    for i in range(3):
        bi = dec(bal[2 + 194 * i + 33:2 + 194 * i + 66])
        m = add(bi, neg(add(dec(d1[2 + 33 * i:35 + 33 * i]),
                            dec(d2[2 + 33 * i:35 + 33 * i]))))
        assert m == (G if i == 1 else None)
    return [('SHARE1', sh1), ('SHARE2', sh2), ('KEY', enc(Y)),
            ('BALLOT', bal), ('DSHARE1', d1), ('DSHARE2', d2)]


def main():
    v = vectors()
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        text = open(sys.argv[2], encoding='utf-8').read()
        bad = 0
        for name, val in v:
            m = re.search(r'#define VEC_%s((?:\s*\\?\s*"[0-9a-f]*")+)' %
                          name, text)
            got = ''.join(re.findall(r'"([0-9a-f]*)"', m.group(1))) \
                if m is not None else None
            if got != val.hex():
                print('VEC_%s differs' % name)
                bad = 1
        print('vectors %s' % ('differ' if bad else 'agree'))
        return bad
    for name, val in v:
        print(name.lower(), val.hex())
    return 0


if __name__ == '__main__':
    sys.exit(main())
