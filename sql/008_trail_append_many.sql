-- 008_trail_append_many.sql: a group commit appends its entries in one
-- call.
--
-- A group of ballots, check-ins or statements (server/req.c) wrote one
-- trail_append_signed per entry: each locked the body row again, looked up
-- the head again and went through the executor on its own (in a 10,000-
-- voter plenary, the largest share of PostgreSQL's time per vote after the
-- digest was inlined, 007). trail_append_many takes the group's entries as
-- arrays, in order, and appends them with one lock and one head look-up.
-- Each entry is the one trail_append_signed would have written: the same
-- columns, its own clock_timestamp, the same digest over the previous
-- entry's hash, so the chain and its verification are unchanged. One entry
-- alone is a group of one: trail_append_signed (003) becomes a call of
-- trail_append_many, so that the chain is extended by one function only.

CREATE FUNCTION trail_append_many(p_body bigint, p_expect bigint,
    p_actor text[], p_action text[], p_payload text[], p_signer text[],
    p_signed text[], p_signature text[], p_cert_fp text[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	head_seq bigint;
	head_hash bytea;
	h bytea;
	t timestamptz;
	sig bytea;
	fp bytea;
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
	PERFORM 1 FROM bodies WHERE id = p_body FOR UPDATE;
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
	FOR i IN 1 .. n LOOP
		t := date_trunc('microseconds', clock_timestamp());
		sig := decode(p_signature[i], 'hex');
		fp := decode(p_cert_fp[i], 'hex');
		h := trail_digest_signed(head_hash, p_body, head_seq + 1, t,
		    p_actor[i], p_action[i], p_payload[i], p_signer[i],
		    p_signed[i], sig, fp);
		INSERT INTO trail (body_id, seq, at, actor, action, payload,
		    prev_hash, hash, signer, signed, signature, cert_fp)
		VALUES (p_body, head_seq + 1, t, p_actor[i], p_action[i],
		    p_payload[i], head_hash, h, p_signer[i], p_signed[i], sig,
		    fp);
		head_seq := head_seq + 1;
		head_hash := h;
	END LOOP;
	RETURN head_seq;
END
$$;

CREATE OR REPLACE FUNCTION trail_append_signed(p_body bigint, p_expect bigint,
    p_actor text, p_action text, p_payload text, p_signer text,
    p_signed text, p_signature bytea, p_cert_fp bytea)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_many(p_body, p_expect, ARRAY[p_actor],
	    ARRAY[p_action], ARRAY[p_payload], ARRAY[p_signer], ARRAY[p_signed],
	    ARRAY[encode(p_signature, 'hex')], ARRAY[encode(p_cert_fp, 'hex')])
$$;
