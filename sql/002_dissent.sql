-- 002_dissent.sql: reserved opinions (保留意见, R-DISSENT-1).
--
-- Filed after an item is decided, by a member who stated or voted against
-- it; never edited or withdrawn, so the daemon may only insert.

CREATE TABLE dissents (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	text		text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
	reported_to_higher boolean NOT NULL DEFAULT false,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);
GRANT SELECT, INSERT ON dissents TO yishid;

-- Written opinions (R-ABSENT-2) carry their position as a checked word.
ALTER TABLE opinions ADD CONSTRAINT opinions_position_check
	CHECK (position IN ('agree', 'disagree', 'abstain', 'defer'));
