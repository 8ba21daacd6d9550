-- 003_signatures.sql: member signatures kept with their trail entries.
--
-- Statements, open-method votes, reserved opinions and minutes sign-offs
-- are signed by their author's own certificate key (R-ENF-5). The entry
-- keeps who signed, the canonical bytes signed (proto/sign.h), the
-- signature and the SHA-256 of the signer's certificate, and its hash
-- covers all four, so none can be swapped afterwards:
--
--   unsigned entry: as in 001 (trail_digest)
--   signed entry:   sha256(prev_hash || convert_to(body \n seq \n at_us \n
--                   actor \n action \n LEN(payload) : payload \n signer \n
--                   hex(cert_fp) \n LEN(signed) : signed \n hex(signature),
--                   'UTF8'))
--
-- where LEN is the length in bytes of the UTF-8 text that follows it.

ALTER TABLE trail
	ADD COLUMN signer text,
	ADD COLUMN signed text,
	ADD COLUMN signature bytea,
	ADD COLUMN cert_fp bytea,
	ADD CONSTRAINT trail_signed_whole CHECK ((signer IS NULL) =
	    (signature IS NULL) AND (signer IS NULL) = (signed IS NULL) AND
	    (signer IS NULL) = (cert_fp IS NULL));

-- Certificates that ever signed, by fingerprint: verification needs the
-- certificate an entry was signed with even after its identity changes.
CREATE TABLE certificates (
	fingerprint	bytea PRIMARY KEY CHECK (length(fingerprint) = 32),
	identity	text NOT NULL,
	pem		text NOT NULL
);
INSERT INTO certificates (fingerprint, identity, pem)
	SELECT fingerprint, name, cert_pem FROM identities;
GRANT SELECT, INSERT ON certificates TO yishid;

CREATE FUNCTION trail_digest_signed(p_prev bytea, p_body bigint,
    p_seq bigint, p_at timestamptz, p_actor text, p_action text,
    p_payload text, p_signer text, p_signed text, p_signature bytea,
    p_cert_fp bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
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

-- Appends one entry, signed or not (see 001's trail_append).
CREATE FUNCTION trail_append_signed(p_body bigint, p_expect bigint,
    p_actor text, p_action text, p_payload text, p_signer text,
    p_signed text, p_signature bytea, p_cert_fp bytea)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	head_seq bigint;
	head_hash bytea;
	t timestamptz := date_trunc('microseconds', clock_timestamp());
BEGIN
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
	INSERT INTO trail (body_id, seq, at, actor, action, payload,
	    prev_hash, hash, signer, signed, signature, cert_fp)
	VALUES (p_body, head_seq + 1, t, p_actor, p_action, p_payload,
	    head_hash, trail_digest_signed(head_hash, p_body, head_seq + 1, t,
	    p_actor, p_action, p_payload, p_signer, p_signed, p_signature,
	    p_cert_fp), p_signer, p_signed, p_signature, p_cert_fp);
	RETURN head_seq + 1;
END
$$;

CREATE OR REPLACE FUNCTION trail_append(p_body bigint, p_expect bigint,
    p_actor text, p_action text, p_payload text)
RETURNS bigint
LANGUAGE sql AS $$
	SELECT trail_append_signed(p_body, p_expect, p_actor, p_action,
	    p_payload, NULL, NULL, NULL, NULL)
$$;
