-- 003_signatures.sql: member signatures kept with their trail entries.
--
-- Statements, open-method votes, reserved opinions and minutes sign-offs
-- are signed by their author's own certificate key (R-ENF-5). The entry
-- keeps who signed, the canonical bytes signed (proto/sign.h), the
-- signature and the SHA-256 of the signer's certificate, and its hash
-- covers all four, so none can be swapped afterwards (trail_digest_signed
-- in trail_functions.sql).

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
