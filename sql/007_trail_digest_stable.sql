-- 007_trail_digest_stable.sql: the trail's digest functions are STABLE, so
-- that PostgreSQL inlines them.
--
-- trail_digest (001) and trail_digest_signed (003) were declared IMMUTABLE
-- but call functions that are only STABLE (extract from a timestamptz,
-- convert_to). PostgreSQL never inlines such a function: each trail entry
-- ran the function's body through the SQL-function executor, which parsed
-- and planned it again every time (a third of PostgreSQL's time in a
-- plenary's vote burst, perf; 55 us a call against 5 us inlined). Declared
-- STABLE, which is what they are, they are inlined into trail_append_signed's
-- cached INSERT plan. Their bytes, and so every hash of the chain, are the
-- same: only the declared volatility changes.

ALTER FUNCTION trail_digest(bytea, bigint, bigint, timestamptz, text, text,
    text) STABLE;
ALTER FUNCTION trail_digest_signed(bytea, bigint, bigint, timestamptz, text,
    text, text, text, text, bytea, bytea) STABLE;
