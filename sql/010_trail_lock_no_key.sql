-- 010_trail_lock_no_key.sql: the trail's writers lock their body FOR NO
-- KEY UPDATE, not FOR UPDATE.
--
-- Every insert into a table that references bodies (checkpoints, ballots,
-- attendance, ...) checks its foreign key with a FOR KEY SHARE lock on the
-- body's row, and FOR UPDATE conflicts with it: a checkpoint written beside
-- a group's write waited for that write to commit, holding a connection of
-- the daemon's pool meanwhile (50-60 ms waits logged by log_lock_waits in
-- the 10,000-voter bench, with the round's next load queued behind). The
-- body's key never changes, so FOR NO KEY UPDATE is the lock that says
-- what the writers do: it still excludes another writer of the same body
-- (the head check needs that), and no longer a foreign-key check.
--
-- The function is 009's, but for that one lock.

CREATE OR REPLACE FUNCTION trail_append_many(p_body bigint, p_expect bigint,
    p_actor text[], p_action text[], p_payload text[], p_signer text[],
    p_signed text[], p_signature text[], p_cert_fp text[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	head_seq bigint;
	head_hash bytea;
	ats timestamptz[] := '{}';
	hashes bytea[] := '{}';		-- hashes[i]: entry i's prev_hash
	sigs bytea[] := '{}';
	fps bytea[] := '{}';
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
	    array_length(p_actor, 1) THEN
		RAISE EXCEPTION 'trail_append_many: arrays of unequal length'
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
		ats[i] := date_trunc('microseconds', clock_timestamp());
		sigs[i] := decode(p_signature[i], 'hex');
		fps[i] := decode(p_cert_fp[i], 'hex');
		hashes[i + 1] := trail_digest_signed(hashes[i], p_body,
		    head_seq + i, ats[i], p_actor[i], p_action[i], p_payload[i],
		    p_signer[i], p_signed[i], sigs[i], fps[i]);
	END LOOP;
	INSERT INTO trail (body_id, seq, at, actor, action, payload,
	    prev_hash, hash, signer, signed, signature, cert_fp)
	SELECT p_body, head_seq + e.k, e.at, e.actor, e.action, e.payload,
	    e.prev_hash, e.hash, e.signer, e.signed, e.signature, e.cert_fp
	FROM unnest(ats, p_actor, p_action, p_payload, hashes[1:n],
	    hashes[2:n + 1], p_signer, p_signed, sigs, fps)
	    WITH ORDINALITY AS e(at, actor, action, payload, prev_hash, hash,
	    signer, signed, signature, cert_fp, k);
	RETURN head_seq + n;
END
$$;
