-- 006_checkpoints.sql: server-signed checkpoints of each body's trail.
--
-- At every meeting close and every checkpoint_every entries, yishid signs
-- its view of a body's trail head with the server key (server.key, whose
-- certificate the instance CA issued) over the canonical bytes of
-- proto/sign.h: action "checkpoint", fields body, seq, hash (lowercase
-- hex), at (microseconds since the epoch). A client that verifies the
-- trail checks each signature against the server certificate and that the
-- chain still has that hash at that seq: a database administrator who
-- rewrites the trail and recomputes every hash cannot forge them.
--
-- There is no foreign key to the trail on purpose: a checkpoint is evidence
-- about the trail, and must outlive an entry deleted behind our back.

-- The server certificates that ever signed a checkpoint, by fingerprint.
CREATE TABLE server_certificates (
	fingerprint	bytea PRIMARY KEY CHECK (length(fingerprint) = 32),
	pem		text NOT NULL
);

CREATE TABLE checkpoints (
	body_id		bigint NOT NULL REFERENCES bodies,
	seq		bigint NOT NULL CHECK (seq >= 1),
	hash		bytea NOT NULL CHECK (length(hash) = 32),
	at		timestamptz NOT NULL,
	cert_fp		bytea NOT NULL REFERENCES server_certificates,
	signature	bytea NOT NULL,
	PRIMARY KEY (body_id, seq)
);

-- Both are append-only: their triggers are in trail_functions.sql.

-- The daemon may only add and read them.
GRANT SELECT, INSERT ON checkpoints, server_certificates TO yishid;
