/*
 * h_result.c: a vote's result, the same for every method: the vote.close
 * entry with the tally under the profile and the item's decision
 * (R-VOTE-5, R-DEFER-2, R-LAST-4), and the reply with the vote. Open
 * votes (h_vote.c) close here at once; secret ones (h_ballot.c) once the
 * scrutineers' decryption gave the counts.
 */
#include "handlers.h"

#include <string.h>

#include "db.h"
#include "json.h"
#include "mstate.h"
#include "rules.h"
#include "wire.h"

/* Writes the vote.close of the item's vote with its counters as they stand
 * (a secret vote's once decrypted, with `ballots`; -1 for an open method),
 * and the decision (see handlers.h). */
void
h_vote_close_write(struct req *r, struct m_item *it, long long ballots)
{
	struct rules_item ri;
	struct rules_tally t;
	struct db_batch *w;
	Yishi__Event *ev;
	const char *outcome, *state, *mode;

	mstate_rules(r->ms, r->a, it, &ri);
	rules_tally(&r->ms->rm, &ri, &t);
	outcome = rules_outcome_name(t.outcome);
	state = t.outcome == RULES_OUTCOME_PASSED ||
	    t.outcome == RULES_OUTCOME_REJECTED ? "decided" : "deferred";
	mode = strcmp(state, "decided") == 0 ? "collective_vote" : "deferred";
	if (it->disposal != 0 && strcmp(state, "decided") == 0)
		mode = "emergency_disposal";	/* R-EMERG-1, R-LAST-4 */
	w = trail_write(r, r->body_id, "vote.close", json_object(r->a,
	    "item", JSON_I, (long long)it->id, "outcome", JSON_S, outcome,
	    "yes", JSON_I, (long long)t.yes, "no", JSON_I, (long long)t.no,
	    "abstain", JSON_I, (long long)t.abstain,
	    "not_voting", JSON_I, (long long)t.not_voting,
	    "n", JSON_I, (long long)t.n, "present", JSON_I, (long long)t.present,
	    "electorate", JSON_I, (long long)t.electorate,
	    "rule", JSON_S, t.rule, "formula", JSON_S, t.formula,
	    "profile", JSON_S, r->ms->profile->name,
	    "profile_version", JSON_I, (long long)r->ms->profile->version,
	    ballots >= 0 ? "ballots" : (char *)NULL, JSON_I, ballots,
	    (char *)NULL));
	/* A secret vote's counters are written here and nowhere before. */
	db_batch_addf(w, "UPDATE votes SET state = 'closed', closed_at = now(), "
	    "not_voting = $3, outcome = $4, rule = $5, yes = $6, no = $7, "
	    "abstain = $8 WHERE body_id = $1 AND item_id = $2", "iiissiii",
	    (long long)r->body_id, (long long)it->id, (long long)t.not_voting,
	    outcome, t.rule, (long long)t.yes, (long long)t.no,
	    (long long)t.abstain);
	db_batch_addf(w, "UPDATE items SET state = $3, decision_mode = $4, "
	    "outcome = $5, rule = $6, profile = $7, profile_version = $8, "
	    "n = $9, present = $10, electorate = $11, decided_at = now() "
	    "WHERE body_id = $1 AND id = $2", "iisssssiiii",
	    (long long)r->body_id, (long long)it->id, state, mode, outcome,
	    t.rule, r->ms->profile->name, (long long)r->ms->profile->version,
	    (long long)t.n, (long long)t.present, (long long)t.electorate);
	it->vote_open = false;
	it->vote_state = "closed";
	it->not_voting = t.not_voting;
	it->vote_outcome = outcome;
	it->vote_rule = t.rule;
	it->profile = r->ms->profile->name;
	it->profile_version = (int)r->ms->profile->version;
	it->n = (int)t.n;
	it->present = (int)t.present;
	it->electorate = (int)t.electorate;
	if (t.outcome == RULES_OUTCOME_PASSED)
		h_followup_supersede(r, w, it);	/* R-IMMUT-1 */
	ev = req_event(r, "vote_closed");
	ev->item = it->id;
	ev->outcome = (char *)outcome;
	ev->yes = t.yes;
	ev->no = t.no;
	ev->abstain = t.abstain;
	/* The ballots cast: counted (secret), or in the snapshot (open). */
	ev->cast = ballots >= 0 ? (uint32_t)ballots : it->cast;
	ev->electorate = t.electorate;
	ev->rule = (char *)t.rule;
}

/* vote close / show: replies with the vote. */
void
h_vote_reply(struct req *r)
{
	struct m_item *it = mstate_item(r->ms, r->key);

	r->resp.result_case = YISHI__RESPONSE__RESULT_VOTE;
	r->resp.vote = wire_vote(r->a, r->ms, it);
}
