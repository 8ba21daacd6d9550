-- 011_list_pages.sql: the orders lists are read in, page by page.
--
-- Lists are answered a page at a time after a cursor (server/page.c): each
-- page is "the next N in the list's order after this entry". With an index
-- in that order a page is an index range read, whatever the list's length;
-- without one every page sorts the whole body's list. Bodies and disposals
-- are read by their primary key; a body's seats (a roster's order is an
-- expression of role and rank) and a member's pending decisions are sorted
-- from the body's, or the member's, rows.
CREATE INDEX meetings_body_at ON meetings (body_id, at, id);
CREATE INDEX followups_body_due ON followups (body_id, due, id);
