-- 013_trail_calendar.sql: the working-day calendar is read from the trail.
--
-- Decisions that count working days (R-NOTICE-1, R-AGENDA-4, R-MIN-3) take
-- the calendar from the instance trail's calendar.set entries, which the
-- hash chain holds, not from the calendar table, a copy a database
-- superuser can change (issue 12; server/handlers.c). This index makes
-- that read a few rows whatever the length of the instance trail.
CREATE INDEX trail_calendar ON trail (seq)
	WHERE body_id = 0 AND action = 'calendar.set';
