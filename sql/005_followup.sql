-- 005_followup.sql: after the meeting (issue 4): follow-up tasks
-- (R-FOLLOW-1), re-decision (R-IMMUT-1), emergency disposals (R-EMERG-1)
-- and the acknowledgment of decisions by absent members (通报).
--
-- What is reported, recorded or acknowledged is only ever inserted; the
-- daemon may update only a task's state (open -> done) and an old item's
-- superseded_by (already granted on items in 001).

-- 督办: one task per (decision, unit, person), due on a date.
CREATE SEQUENCE followup_id_seq START 1;
CREATE TABLE followups (
	body_id		bigint NOT NULL,
	id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	unit		text NOT NULL CHECK (length(unit) BETWEEN 1 AND 200),
	person		text NOT NULL REFERENCES identities,
	due		date NOT NULL,
	state		text NOT NULL DEFAULT 'open' CHECK (state IN
			    ('open', 'done')),
	assigned_by	text NOT NULL,
	assigned_at	timestamptz NOT NULL DEFAULT now(),
	done_at		timestamptz,
	PRIMARY KEY (body_id, id),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);
CREATE INDEX followups_id ON followups (id);
CREATE INDEX followups_item ON followups (body_id, item_id);

-- Written progress reports, appended in order, never edited.
CREATE TABLE followup_reports (
	body_id		bigint NOT NULL,
	task_id		bigint NOT NULL,
	seq		integer NOT NULL CHECK (seq >= 1),
	member		text NOT NULL,
	text		text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
	done		boolean NOT NULL DEFAULT false,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, task_id, seq),
	FOREIGN KEY (body_id, task_id) REFERENCES followups
);

-- 临机处置: recorded by a voting member; its report item on the next
-- meeting of the body points back here (items.disposal_id). A major one
-- (三重一大 class or amount over the profile's threshold) alerted the
-- inspectors when it was recorded.
CREATE SEQUENCE disposal_id_seq START 1;
CREATE TABLE disposals (
	body_id		bigint NOT NULL REFERENCES bodies,
	id		bigint NOT NULL,
	member		text NOT NULL,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	text		text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
	amount		bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
	category	text NOT NULL CHECK (category IN ('ordinary',
			    'major_decision', 'personnel', 'major_project',
			    'large_fund')),
	alerted		boolean NOT NULL DEFAULT false,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, id)
);

ALTER TABLE items ADD COLUMN disposal_id bigint;
ALTER TABLE items ADD CONSTRAINT items_disposal_fk
	FOREIGN KEY (body_id, disposal_id) REFERENCES disposals;
-- A disposal is reported once.
CREATE UNIQUE INDEX items_one_report ON items (body_id, disposal_id)
	WHERE disposal_id IS NOT NULL;
ALTER TABLE items ADD CONSTRAINT items_superseded_fk
	FOREIGN KEY (body_id, superseded_by) REFERENCES items;

-- 通报: an absent member's acknowledgment of a decision.
CREATE TABLE decision_acks (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

GRANT SELECT, INSERT ON followups, followup_reports, disposals,
	decision_acks TO yishid;
GRANT UPDATE (state, done_at) ON followups TO yishid;
GRANT USAGE ON followup_id_seq, disposal_id_seq TO yishid;
