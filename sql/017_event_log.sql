-- 017_event_log.sql: every meeting event, kept with the record (issue 14,
-- docs/protocol.md "Watching a meeting").
--
-- An event is written in the transaction of the change it reports, at its
-- position: the seq of the trail entry that recorded it in the trail of the
-- meeting's body, and its index among that entry's events. A watcher that
-- reconnects, to this daemon or another, after a restart or not, reads what
-- it missed from here, in order. event is the packed yishi.Event (the bytes
-- pushed live); a secret vote's ballot event never carries a choice or a
-- count (R-VOTE-9), so neither does this table.
CREATE TABLE event_log (
	meeting	bigint NOT NULL,
	seq	bigint NOT NULL CHECK (seq > 0),
	idx	integer NOT NULL CHECK (idx >= 0),
	event	bytea NOT NULL,
	PRIMARY KEY (meeting, seq, idx)
);

GRANT SELECT, INSERT ON event_log TO yishid;
