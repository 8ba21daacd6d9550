-- 016_secret_ballot.sql: encrypted secret ballots (issue 13, docs/ballot.md).
--
-- A secret vote's round (the seq of its vote.open entry) goes through
-- keying (the scrutineers' key shares), open (ballots), counting (the
-- scrutineers' decryption shares) to closed, or to void (R-VOTE-11).
-- ballots.ballot holds each voter's ciphertext with its proofs (choice
-- stays NULL); votes.yes/no/abstain of a secret vote stay 0 until the
-- decrypted totals are written at vote.close: no running count exists.
ALTER TABLE ballots ADD COLUMN ballot bytea;

ALTER TABLE votes DROP CONSTRAINT votes_state_check;
ALTER TABLE votes ADD CONSTRAINT votes_state_check
	CHECK (state IN ('keying', 'open', 'counting', 'closed', 'void'));
ALTER TABLE votes
	ADD COLUMN round bigint,	-- seq of the round's vote.open entry
	ADD COLUMN key bytea CHECK (key IS NULL OR length(key) = 33),
	ADD COLUMN keyed_at timestamptz,	-- the last vote.key entry's time
	ADD COLUMN ballots integer,	-- ballots counted (vote.count)
	ADD COLUMN void_reason text;

-- The scrutineers (监票人) of a secret round, in the order named, with
-- what each published and signed, and the certificate that signature was
-- checked against.
CREATE TABLE vote_scrutineers (
	body_id		bigint NOT NULL,
	item_id		bigint NOT NULL,
	member		text NOT NULL,
	position	integer NOT NULL,
	share		bytea,
	share_signature	bytea,
	share_cert_fp	bytea REFERENCES certificates,
	dshare		bytea,
	dshare_signature bytea,
	PRIMARY KEY (body_id, item_id, member),
	FOREIGN KEY (body_id, item_id, member) REFERENCES vote_electorate
);
GRANT SELECT, INSERT, UPDATE ON vote_scrutineers TO yishid;

-- A void round (R-VOTE-11) leaves everything in the trail (its opening,
-- key shares, ballots with their proofs, and the void with its reason).
-- Its rows stay, the votes row in state 'void' with the reason, until the
-- item's vote is opened again: then its scrutineers, ballots and
-- electorate are removed, so that the new round starts empty, and the
-- votes row is taken over by the new round. The daemon may not delete
-- ballots or electorates itself: only through this, and only for a void
-- round.
CREATE FUNCTION vote_void_clear(p_body bigint, p_item bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM votes WHERE body_id = p_body
	    AND item_id = p_item AND state = 'void') THEN
		RAISE EXCEPTION 'vote_void_clear: the vote is not void';
	END IF;
	DELETE FROM vote_scrutineers WHERE body_id = p_body
	    AND item_id = p_item;
	DELETE FROM ballots WHERE body_id = p_body AND item_id = p_item;
	DELETE FROM vote_electorate WHERE body_id = p_body
	    AND item_id = p_item;
END $$;
REVOKE ALL ON FUNCTION vote_void_clear(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vote_void_clear(bigint, bigint) TO yishid;
