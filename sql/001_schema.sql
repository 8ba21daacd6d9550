-- 001_schema.sql: the first schema of yishi.
--
-- Every table of a body's record carries body_id first in its primary key, so
-- that a deployment can distribute by body. Instance-wide tables (identities,
-- the calendar) are small and could be replicated to every node.
--
-- Runs as the database superuser, inside one transaction (server/migrate.c).
-- The daemon connects as role yishid, which may read and insert trail rows
-- but never update or delete them.

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yishid') THEN
		CREATE ROLE yishid LOGIN;
	END IF;
END
$$;

-- A person's certificate. The member is the SHA-256 fingerprint of the DER
-- certificate, recorded when the identity was issued.
CREATE TABLE identities (
	name		text PRIMARY KEY
			CHECK (length(name) BETWEEN 1 AND 64
			       AND name !~ '[[:cntrl:][:space:]/\\]'
			       AND name !~ '^\.'),
	fingerprint	bytea NOT NULL UNIQUE CHECK (length(fingerprint) = 32),
	cert_pem	text NOT NULL,
	is_admin	boolean NOT NULL DEFAULT false,
	disabled	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- Working-day calendar: exceptions to Monday..Friday.
CREATE TABLE calendar (
	day		date PRIMARY KEY,
	workday		boolean NOT NULL
);

-- Body 0 is the instance itself: its trail records administration.
CREATE TABLE bodies (
	id		bigint PRIMARY KEY,
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind		text NOT NULL CHECK (kind IN ('instance', 'party_group',
			    'director_office', 'bureau_affairs', 'topic')),
	profile		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE body_id_seq START 1;
INSERT INTO bodies (id, name, kind, profile) VALUES (0, 'instance', 'instance', '');

CREATE TABLE seats (
	body_id		bigint NOT NULL REFERENCES bodies,
	identity	text NOT NULL REFERENCES identities,
	role		text NOT NULL CHECK (role IN ('secretary', 'deputy',
			    'member', 'recorder', 'office', 'inspector', 'observer')),
	display		text NOT NULL CHECK (length(display) BETWEEN 1 AND 100),
	rank		integer NOT NULL DEFAULT 0,
	added_at	timestamptz NOT NULL DEFAULT now(),
	removed_at	timestamptz,
	PRIMARY KEY (body_id, identity)
);
-- At most one current secretary (一把手) per body.
CREATE UNIQUE INDEX seats_one_secretary ON seats (body_id)
	WHERE role = 'secretary' AND removed_at IS NULL;

CREATE SEQUENCE meeting_id_seq START 1;
CREATE TABLE meetings (
	body_id		bigint NOT NULL REFERENCES bodies,
	id		bigint NOT NULL,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	at		timestamptz NOT NULL,
	place		text NOT NULL DEFAULT '',
	urgent		boolean NOT NULL DEFAULT false,
	reason		text NOT NULL DEFAULT '',
	state		text NOT NULL DEFAULT 'scheduled' CHECK (state IN
			    ('scheduled', 'noticed', 'open', 'closed')),
	chair		text,			-- delegated chair; NULL: the secretary
	n		integer,		-- 应到 when opened
	present		integer,		-- 实到 when opened
	created_by	text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	noticed_at	timestamptz,
	opened_at	timestamptz,
	closed_at	timestamptz,
	PRIMARY KEY (body_id, id)
);
CREATE INDEX meetings_id ON meetings (id);

-- One row per seat that has done anything about a meeting.
CREATE TABLE attendance (
	body_id		bigint NOT NULL,
	meeting_id	bigint NOT NULL,
	identity	text NOT NULL,
	state		text NOT NULL CHECK (state IN ('present', 'left',
			    'leave_requested', 'leave', 'absent')),
	reason		text NOT NULL DEFAULT '',
	marked_by	text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, meeting_id, identity),
	FOREIGN KEY (body_id, meeting_id) REFERENCES meetings
);

CREATE SEQUENCE item_id_seq START 1;
CREATE TABLE items (
	body_id		bigint NOT NULL,
	id		bigint NOT NULL,
	meeting_id	bigint NOT NULL,
	position	integer NOT NULL,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	category	text NOT NULL CHECK (category IN ('ordinary',
			    'major_decision', 'personnel', 'major_project',
			    'large_fund')),
	amount		bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
	domain		text NOT NULL DEFAULT '',
	responsible	text NOT NULL DEFAULT '',
	proposer	text NOT NULL,
	emergency	boolean NOT NULL DEFAULT false,
	reason		text NOT NULL DEFAULT '',
	revises		bigint,
	state		text NOT NULL DEFAULT 'proposed' CHECK (state IN
			    ('proposed', 'approved', 'started', 'voting',
			     'decided', 'deferred', 'withdrawn')),
	decision_mode	text,
	outcome		text,
	decision_text	text,
	profile		text,
	profile_version	integer,
	n		integer,
	present		integer,
	electorate	integer,
	rule		text,
	decided_at	timestamptz,
	superseded_by	bigint,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, id),
	FOREIGN KEY (body_id, meeting_id) REFERENCES meetings
);
CREATE INDEX items_id ON items (id);
CREATE INDEX items_meeting ON items (body_id, meeting_id, position);

CREATE TABLE item_materials (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	name		text NOT NULL,
	sha256		bytea NOT NULL CHECK (length(sha256) = 32),
	PRIMARY KEY (body_id, item_id, name),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

CREATE TABLE item_observers (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	identity	text NOT NULL,
	admitted_by	text NOT NULL,
	PRIMARY KEY (body_id, item_id, identity),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

CREATE TABLE recusals (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	reason		text NOT NULL,
	recorded_by	text NOT NULL,
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

-- 表态: one statement per member per item, in the order given.
CREATE TABLE statements (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	seq		integer NOT NULL,
	member		text NOT NULL,
	position	text NOT NULL CHECK (position IN ('agree', 'disagree',
			    'defer', 'abstain')),
	text		text NOT NULL DEFAULT '',
	signature	bytea,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, item_id, seq),
	UNIQUE (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

-- Written opinions of members on leave (书面意见): never counted.
CREATE TABLE opinions (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	position	text NOT NULL,
	text		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

-- One vote per item. For a secret vote the counters are the only place
-- the choices exist.
CREATE TABLE votes (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	method		text NOT NULL CHECK (method IN ('oral', 'hands',
			    'roll_call', 'secret')),
	state		text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
	electorate	integer NOT NULL,
	yes		integer NOT NULL DEFAULT 0,
	no		integer NOT NULL DEFAULT 0,
	abstain		integer NOT NULL DEFAULT 0,
	not_voting	integer,
	outcome		text,
	rule		text,
	opened_at	timestamptz NOT NULL DEFAULT now(),
	closed_at	timestamptz,
	PRIMARY KEY (body_id, item_id),
	FOREIGN KEY (body_id, item_id) REFERENCES items
);

-- The electorate, fixed when the vote opens (R-VOTE-6).
CREATE TABLE vote_electorate (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id) REFERENCES votes
);

-- Open-method ballots: who chose what. Secret votes record participation
-- here with choice NULL and no time, so nothing orders it against counters.
CREATE TABLE ballots (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	choice		text CHECK (choice IN ('yes', 'no', 'abstain')),
	entered_by	text,
	signature	bytea,
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id, member) REFERENCES vote_electorate
);

-- The append-only, hash-chained trail of every change (R-ENF-5); what
-- an entry's hash covers is written in trail_functions.sql.
CREATE TABLE trail (
	body_id		bigint NOT NULL REFERENCES bodies,
	seq		bigint NOT NULL CHECK (seq >= 1),
	at		timestamptz NOT NULL,
	actor		text NOT NULL CHECK (actor !~ '[[:cntrl:]]'),
	action		text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
	payload		text NOT NULL,
	prev_hash	bytea NOT NULL CHECK (length(prev_hash) = 32),
	hash		bytea NOT NULL CHECK (length(hash) = 32),
	PRIMARY KEY (body_id, seq)
);

-- Its functions (trail_append, the digests) and the trigger that keeps it
-- append-only are in trail_functions.sql, applied after the migrations.

GRANT USAGE ON SCHEMA public TO yishid;
GRANT SELECT ON identities TO yishid;
GRANT UPDATE (disabled) ON identities TO yishid;
GRANT INSERT ON identities TO yishid;
GRANT SELECT, INSERT, UPDATE ON calendar, bodies, seats, meetings,
	attendance, items, votes TO yishid;
-- What is said and voted is never updated or deleted (R-IMMUT-1).
GRANT SELECT, INSERT ON item_materials, item_observers, recusals,
	statements, opinions, vote_electorate, ballots TO yishid;
GRANT SELECT, INSERT ON trail TO yishid;
GRANT USAGE ON body_id_seq, meeting_id_seq, item_id_seq TO yishid;
