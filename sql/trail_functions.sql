-- trail_functions.sql: the trail's functions, each in its one current
-- definition, and the triggers that keep the trail append-only.
--
-- yishid applies this file after the numbered migrations on every start
-- (server/migrate.c), as the superuser, in one transaction. CREATE OR
-- REPLACE keeps a function's identity, so the triggers and every caller
-- keep pointing at it; a function or trigger changed or dropped behind our
-- back is put back at the next start. A change to the chain is made here,
-- not in a new migration. Two rules follow:
--   - a migration never calls these functions (on a fresh database they do
--     not exist yet while the migrations run);
--   - a function's parameter names and result type stay as they are
--     (CREATE OR REPLACE cannot change them); a function that needs others
--     gets a new name.
-- CREATE OR REPLACE TRIGGER needs PostgreSQL 14 or later.
--
-- The hash of an entry (client/trail.c computes the same bytes):
--
--   unsigned entry: sha256(prev_hash || convert_to(body \n seq \n at_us \n
--                   actor \n action \n payload, 'UTF8'))
--   signed entry:   sha256(prev_hash || convert_to(body \n seq \n at_us \n
--                   actor \n action \n LEN(payload) : payload \n signer \n
--                   hex(cert_fp) \n LEN(signed) : signed \n hex(signature),
--                   'UTF8'))
--
-- where at_us is the entry's time in microseconds since the epoch, LEN the
-- length in bytes of the UTF-8 text that follows it, hex lowercase, and the
-- first prev_hash of a body is 32 zero bytes. A signed entry's signature is
-- its signer's, over the canonical bytes `signed` (proto/sign.h), made with
-- the certificate whose SHA-256 is cert_fp (sql/003_signatures.sql).

-- The trail, the checkpoints, the server certificates and the witnesses
-- are append-only
-- (R-ENF-5): even the daemon's role may not change them, and a statement
-- that tries is refused.
CREATE OR REPLACE FUNCTION trail_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the trail is append-only: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER trail_append_only
	BEFORE UPDATE OR DELETE OR TRUNCATE ON trail
	FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse_change();
CREATE OR REPLACE TRIGGER checkpoints_append_only
	BEFORE UPDATE OR DELETE OR TRUNCATE ON checkpoints
	FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse_change();
CREATE OR REPLACE TRIGGER server_certificates_append_only
	BEFORE UPDATE OR DELETE OR TRUNCATE ON server_certificates
	FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse_change();
-- Inspectors' witness cosignatures (015_witnesses.sql).
CREATE OR REPLACE TRIGGER witnesses_append_only
	BEFORE UPDATE OR DELETE OR TRUNCATE ON witnesses
	FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse_change();

-- The bytes an unsigned entry's hash covers. STABLE, which is what it is
-- (extract from a timestamptz and convert_to are STABLE), so that
-- PostgreSQL inlines it into trail_append_many's plan: declared IMMUTABLE
-- it ran through the SQL-function executor at every entry, parsed and
-- planned anew (55 us a call against 5 us inlined).
CREATE OR REPLACE FUNCTION trail_digest(p_prev bytea, p_body bigint,
    p_seq bigint, p_at timestamptz, p_actor text, p_action text,
    p_payload text)
RETURNS bytea
LANGUAGE sql STABLE AS $$
	SELECT sha256(p_prev || convert_to(
		p_body::text || E'\n' || p_seq::text || E'\n' ||
		(extract(epoch FROM p_at) * 1000000)::bigint::text || E'\n' ||
		p_actor || E'\n' || p_action || E'\n' || p_payload, 'UTF8'))
$$;

-- The hash of an entry, signed or not (STABLE as trail_digest).
CREATE OR REPLACE FUNCTION trail_digest_signed(p_prev bytea, p_body bigint,
    p_seq bigint, p_at timestamptz, p_actor text, p_action text,
    p_payload text, p_signer text, p_signed text, p_signature bytea,
    p_cert_fp bytea)
RETURNS bytea
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p_signature IS NULL THEN
		trail_digest(p_prev, p_body, p_seq, p_at, p_actor, p_action,
		    p_payload)
	ELSE sha256(p_prev || convert_to(
		p_body::text || E'\n' || p_seq::text || E'\n' ||
		(extract(epoch FROM p_at) * 1000000)::bigint::text || E'\n' ||
		p_actor || E'\n' || p_action || E'\n' ||
		octet_length(convert_to(p_payload, 'UTF8'))::text || ':' ||
		p_payload || E'\n' || p_signer || E'\n' ||
		encode(p_cert_fp, 'hex') || E'\n' ||
		octet_length(convert_to(p_signed, 'UTF8'))::text || ':' ||
		p_signed || E'\n' || encode(p_signature, 'hex'), 'UTF8'))
	END
$$;

-- Appends a group's entries, given as arrays in order (signature and
-- cert_fp in hex, NULL for an unsigned entry; at in microseconds since the
-- epoch), and returns the new head's seq. The one function that extends
-- the chain: the others below call it.
--
-- The body's row is locked, which serializes every writer of that body.
-- The lock is FOR NO KEY UPDATE: it excludes another writer of the body
-- (the head check needs that) but not the foreign-key checks (FOR KEY
-- SHARE) of inserts into tables that reference bodies, so a checkpoint or
-- ballot written beside a group no longer waits for the group to commit.
-- When p_expect is not NULL and the head is no longer p_expect, the change
-- was computed from a stale state: serialization_failure, and the caller
-- retries.
--
-- Each entry's time is the one given, which the daemon chose and vouched
-- for (proto/sign.h, sign_canon_vouch): stored exactly, never the
-- database's clock, so that a function replaced to store another time
-- writes entries whose vouch fails (issue 12). A time earlier than the
-- body's previous entry is not refused: the daemon keeps its own times in
-- order (server/trail.c), a refusal would only turn a clock stepped back
-- into failing writes, and the vouch, not the order, is what shows a time
-- forged. Each entry's digest is over the previous entry's hash; the loop
-- only computes them, into
-- arrays, and one INSERT ... SELECT writes them all (an INSERT per entry
-- took twice as long: each went through the executor, its CHECKs, foreign
-- key and index entry on its own).
CREATE OR REPLACE FUNCTION trail_append_timed_many(p_body bigint,
    p_expect bigint, p_at bigint[], p_actor text[], p_action text[],
    p_payload text[], p_signer text[], p_signed text[], p_signature text[],
    p_cert_fp text[], p_vouch text[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	head_seq bigint;
	head_hash bytea;
	ats timestamptz[] := '{}';
	hashes bytea[] := '{}';		-- hashes[i]: entry i's prev_hash
	sigs bytea[] := '{}';
	fps bytea[] := '{}';
	vouches bytea[] := '{}';
	i integer;
	n integer := coalesce(array_length(p_actor, 1), 0);
BEGIN
	IF array_length(p_action, 1) IS DISTINCT FROM array_length(p_actor, 1)
	    OR array_length(p_payload, 1) IS DISTINCT FROM
	    array_length(p_actor, 1)
	    OR array_length(p_signer, 1) IS DISTINCT FROM array_length(p_actor, 1)
	    OR array_length(p_signed, 1) IS DISTINCT FROM array_length(p_actor, 1)
	    OR array_length(p_signature, 1) IS DISTINCT FROM
	    array_length(p_actor, 1)
	    OR array_length(p_cert_fp, 1) IS DISTINCT FROM
	    array_length(p_actor, 1)
	    OR array_length(p_vouch, 1) IS DISTINCT FROM
	    array_length(p_actor, 1)
	    OR array_length(p_at, 1) IS DISTINCT FROM
	    array_length(p_actor, 1) THEN
		RAISE EXCEPTION 'trail_append_timed_many: arrays of unequal length'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM 1 FROM bodies WHERE id = p_body FOR NO KEY UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no body %', p_body USING ERRCODE = 'no_data_found';
	END IF;
	SELECT seq, hash INTO head_seq, head_hash FROM trail
		WHERE body_id = p_body ORDER BY seq DESC LIMIT 1;
	IF head_seq IS NULL THEN
		head_seq := 0;
		head_hash := decode(repeat('00', 32), 'hex');
	END IF;
	IF p_expect IS NOT NULL AND p_expect <> head_seq THEN
		RAISE EXCEPTION 'trail head of body % moved: % <> %',
			p_body, head_seq, p_expect
			USING ERRCODE = 'serialization_failure';
	END IF;
	hashes[1] := head_hash;
	FOR i IN 1 .. n LOOP
		IF p_at[i] IS NULL THEN
			RAISE EXCEPTION 'trail_append_timed_many: entry % has no time', i
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		-- Exact: the factor (below 2^53) is a double without rounding.
		ats[i] := timestamptz 'epoch' + p_at[i] * interval '1 microsecond';
		sigs[i] := decode(p_signature[i], 'hex');
		fps[i] := decode(p_cert_fp[i], 'hex');
		vouches[i] := decode(p_vouch[i], 'hex');
		hashes[i + 1] := trail_digest_signed(hashes[i], p_body,
		    head_seq + i, ats[i], p_actor[i], p_action[i], p_payload[i],
		    p_signer[i], p_signed[i], sigs[i], fps[i]);
	END LOOP;
	INSERT INTO trail (body_id, seq, at, actor, action, payload,
	    prev_hash, hash, signer, signed, signature, cert_fp, vouch)
	SELECT p_body, head_seq + e.k, e.at, e.actor, e.action, e.payload,
	    e.prev_hash, e.hash, e.signer, e.signed, e.signature, e.cert_fp,
	    e.vouch
	FROM unnest(ats, p_actor, p_action, p_payload, hashes[1:n],
	    hashes[2:n + 1], p_signer, p_signed, sigs, fps, vouches)
	    WITH ORDINALITY AS e(at, actor, action, payload, prev_hash, hash,
	    signer, signed, signature, cert_fp, vouch, k);
	RETURN head_seq + n;
END
$$;

-- The same, each entry timed by the database's clock as it is written
-- (kept for what called it before the daemon chose the times; its
-- entries fail verification, their vouch being over another time).
CREATE OR REPLACE FUNCTION trail_append_vouched_many(p_body bigint,
    p_expect bigint, p_actor text[], p_action text[], p_payload text[],
    p_signer text[], p_signed text[], p_signature text[], p_cert_fp text[],
    p_vouch text[])
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_timed_many(p_body, p_expect, ARRAY(SELECT
	    (extract(epoch FROM date_trunc('microseconds', clock_timestamp()))
	    * 1000000)::bigint FROM generate_series(1,
	    coalesce(array_length(p_actor, 1), 0))), p_actor, p_action,
	    p_payload, p_signer, p_signed, p_signature, p_cert_fp, p_vouch)
$$;

-- The same without vouches (kept for what called it before there were
-- any; an entry written so fails verification).
CREATE OR REPLACE FUNCTION trail_append_many(p_body bigint, p_expect bigint,
    p_actor text[], p_action text[], p_payload text[], p_signer text[],
    p_signed text[], p_signature text[], p_cert_fp text[])
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_vouched_many(p_body, p_expect, p_actor, p_action,
	    p_payload, p_signer, p_signed, p_signature, p_cert_fp,
	    array_fill(NULL::text, ARRAY[coalesce(array_length(p_actor, 1),
	    0)]))
$$;

-- Appends one entry, signed or not: a group of one.
CREATE OR REPLACE FUNCTION trail_append_signed(p_body bigint, p_expect bigint,
    p_actor text, p_action text, p_payload text, p_signer text,
    p_signed text, p_signature bytea, p_cert_fp bytea)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_many(p_body, p_expect, ARRAY[p_actor],
	    ARRAY[p_action], ARRAY[p_payload], ARRAY[p_signer], ARRAY[p_signed],
	    ARRAY[encode(p_signature, 'hex')], ARRAY[encode(p_cert_fp, 'hex')])
$$;

-- Appends one unsigned entry.
CREATE OR REPLACE FUNCTION trail_append(p_body bigint, p_expect bigint,
    p_actor text, p_action text, p_payload text)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_signed(p_body, p_expect, p_actor, p_action,
	    p_payload, NULL, NULL, NULL, NULL)
$$;

-- Appends one entry, signed or not, with the server's vouch (bytea).
CREATE OR REPLACE FUNCTION trail_append_vouched(p_body bigint,
    p_expect bigint, p_actor text, p_action text, p_payload text,
    p_signer text, p_signed text, p_signature bytea, p_cert_fp bytea,
    p_vouch bytea)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_vouched_many(p_body, p_expect, ARRAY[p_actor],
	    ARRAY[p_action], ARRAY[p_payload], ARRAY[p_signer], ARRAY[p_signed],
	    ARRAY[encode(p_signature, 'hex')], ARRAY[encode(p_cert_fp, 'hex')],
	    ARRAY[encode(p_vouch, 'hex')])
$$;

-- Appends one entry, signed or not, with the time the daemon chose
-- (microseconds since the epoch) and its vouch (bytea).
CREATE OR REPLACE FUNCTION trail_append_timed(p_body bigint,
    p_expect bigint, p_at bigint, p_actor text, p_action text,
    p_payload text, p_signer text, p_signed text, p_signature bytea,
    p_cert_fp bytea, p_vouch bytea)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_timed_many(p_body, p_expect, ARRAY[p_at],
	    ARRAY[p_actor], ARRAY[p_action], ARRAY[p_payload], ARRAY[p_signer],
	    ARRAY[p_signed], ARRAY[encode(p_signature, 'hex')],
	    ARRAY[encode(p_cert_fp, 'hex')], ARRAY[encode(p_vouch, 'hex')])
$$;
