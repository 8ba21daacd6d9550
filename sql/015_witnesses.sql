-- 015_witnesses.sql: inspectors' witness cosignatures of trail heads.
--
-- After `yishi audit verify` holds online, an inspector's client signs the
-- head it verified with the inspector's own key, over the canonical bytes
-- of proto/sign.h (action "yishi-witness-v1": body, seq, hash, at), and
-- sends it (audit_witness, server/h_witness.c). The daemon checks the
-- signature against the caller's certificate and that the trail has that
-- hash at that seq, and keeps it here; every read of the whole trail
-- serves the newest of each inspector, so that a verifier that has never
-- seen the trail learns the newest head somebody outside the server saw,
-- and a trail now behind it, or different at it, fails (docs/security.md).
--
-- No foreign key to the trail, on purpose (as for checkpoints): a witness
-- is evidence about the trail and must outlive an entry removed behind
-- our back.
CREATE TABLE witnesses (
	body_id		bigint NOT NULL REFERENCES bodies,
	seq		bigint NOT NULL CHECK (seq >= 1),
	hash		bytea NOT NULL CHECK (length(hash) = 32),
	witness		text NOT NULL,
	cert_fp		bytea NOT NULL REFERENCES certificates,
	at		timestamptz NOT NULL,	-- when the inspector signed
	signature	bytea NOT NULL,
	received_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, witness, seq)
);

-- Append-only: its trigger is in trail_functions.sql.

-- The daemon may only add and read them.
GRANT SELECT, INSERT ON witnesses TO yishid;
