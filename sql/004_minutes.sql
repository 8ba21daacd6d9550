-- 004_minutes.sql: the chair's sign-off of the minutes and corrigenda
-- (R-MIN-2). The minutes themselves are never stored: they are generated
-- from the record. What is kept is that the chair signed them, at which
-- trail head, and the corrigenda appended afterwards. Both are signed by
-- the chair (the signature and the canonical bytes live in the trail
-- entry, trail_seq); the daemon may only insert.

-- One sign-off per meeting; afterwards the meeting and its items are
-- frozen (R-MIN-2, R-IMMUT-1).
CREATE TABLE minutes_signoffs (
	body_id		bigint NOT NULL,
	meeting_id	bigint NOT NULL,
	signed_by	text NOT NULL,
	head_seq	bigint NOT NULL CHECK (head_seq >= 0),
	head_hash	bytea NOT NULL CHECK (length(head_hash) = 32),
	trail_seq	bigint NOT NULL,
	signed_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, meeting_id),
	FOREIGN KEY (body_id, meeting_id) REFERENCES meetings,
	FOREIGN KEY (body_id, trail_seq) REFERENCES trail
);

-- Corrigenda, appended in order after the sign-off, never edited.
CREATE TABLE minutes_corrigenda (
	body_id		bigint NOT NULL,
	meeting_id	bigint NOT NULL,
	seq		integer NOT NULL CHECK (seq >= 1),
	member		text NOT NULL,
	text		text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
	trail_seq	bigint NOT NULL,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, meeting_id, seq),
	FOREIGN KEY (body_id, meeting_id) REFERENCES minutes_signoffs,
	FOREIGN KEY (body_id, trail_seq) REFERENCES trail
);

GRANT SELECT, INSERT ON minutes_signoffs, minutes_corrigenda TO yishid;
