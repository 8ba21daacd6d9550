-- 012_meeting_voters.sql: who counts in a meeting's N, fixed when it opens.
--
-- N (应到) is the voting seats of the body when the meeting opens
-- (RULES.md, Conventions); meetings.n keeps how many. These rows keep who,
-- so that a seat added while the meeting runs is not counted in it and a
-- seat removed while it runs still is (server/mstate.c). Written once by
-- meeting.open and never changed; the trail's seat.add and seat.remove
-- entries before the meeting.open entry say the same, and the replay holds
-- its "n" against them (client/cli/replay.c).
CREATE TABLE meeting_voters (
	body_id		bigint NOT NULL,
	meeting_id	bigint NOT NULL,
	identity	text NOT NULL,
	PRIMARY KEY (body_id, meeting_id, identity),
	FOREIGN KEY (body_id, meeting_id) REFERENCES meetings
);
GRANT SELECT, INSERT ON meeting_voters TO yishid;
