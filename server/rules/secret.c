/*
 * secret.c: the rules of an encrypted secret vote (docs/ballot.md):
 *
 * R-VOTE-10 (监票人) A secret vote opens only with at least the profile's
 *   min_scrutineers scrutineers, each a present, non-recused voting member
 *   of the electorate, named once; only a named scrutineer publishes a key
 *   share (while keying) or a decryption share (while counting), each once.
 * R-VOTE-9 (不得单独揭示) The chair closes a secret vote to ballots only
 *   when every member of the electorate has cast, or is recorded as no
 *   longer present, or the profile's secret_vote_minutes have passed since
 *   the vote's key was complete: closing can never single one ballot out.
 * R-VOTE-11 (作废重投) A secret round that cannot be counted (a scrutineer
 *   absent, a share lost) is voided by the chair with a reason, nothing
 *   counted, and the vote opened again.
 */
#include "rules.h"
#include "verdict.h"

#include <string.h>

/* The member called name among m's members, or NULL. */
static const struct rules_member *
rules_secret_member(const struct rules_meeting *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->nmembers; i++)
		if (m->members[i].name != NULL &&
		    strcmp(m->members[i].name, name) == 0)
			return &m->members[i];
	return NULL;
}

/* R-VOTE-10: may a secret vote open with these scrutineers? */
void
rules_may_name_scrutineers(const struct rules_meeting *m,
    const char *const *names, size_t n, struct rules_verdict *v)
{
	unsigned min = m->profile != NULL ? m->profile->min_scrutineers : 2;
	const struct rules_member *mb;
	size_t	i, j;

	rules_verdict_ok(v);
	if (min < 2)
		min = 2;
	if (n < min) {
		rules_verdict_refuse(v, "R-VOTE-10");
		rules_verdict_zh(v, "无记名投票须指定至少%u名监票人，现有%zu名",
		    min, n);
		rules_verdict_en(v, "a secret vote needs at least %u "
		    "scrutineers; %zu named", min, n);
		return;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0) {
				rules_verdict_refuse(v, "R-VOTE-10");
				rules_verdict_zh(v, "监票人%s被重复指定",
				    names[i]);
				rules_verdict_en(v, "scrutineer %s is named "
				    "twice", names[i]);
				return;
			}
		mb = rules_secret_member(m, names[i]);
		if (mb == NULL || !rules_member_votes(mb)) {
			rules_verdict_refuse(v, "R-VOTE-10");
			rules_verdict_zh(v, "监票人须为有表决权的成员：%s",
			    mb != NULL ? rules_member_label(mb) : names[i]);
			rules_verdict_en(v, "a scrutineer must be a voting "
			    "member: %s", mb != NULL ? rules_member_label(mb) :
			    names[i]);
			return;
		}
		if (!rules_member_present(mb)) {
			rules_verdict_refuse(v, "R-VOTE-10");
			rules_verdict_zh(v, "监票人须在场：%s不在场",
			    rules_member_label(mb));
			rules_verdict_en(v, "a scrutineer must be present: %s "
			    "is not", rules_member_label(mb));
			return;
		}
		if (mb->recused) {
			rules_verdict_refuse(v, "R-VOTE-10");
			rules_verdict_zh(v, "监票人须参加本议题表决：%s已回避",
			    rules_member_label(mb));
			rules_verdict_en(v, "a scrutineer must vote on the "
			    "item: %s is recused", rules_member_label(mb));
			return;
		}
	}
}

/* R-VOTE-10: may a member publish a scrutineer's share now? */
void
rules_may_publish_share(bool named, bool done, bool phase, bool decrypt,
    struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!named) {
		rules_verdict_refuse(v, "R-VOTE-10");
		rules_verdict_zh(v, "您不是本次表决的监票人");
		rules_verdict_en(v, "you are not a scrutineer of this vote");
		v->permission = true;
		return;
	}
	if (done) {
		rules_verdict_refuse(v, "R-VOTE-10");
		rules_verdict_zh(v, "您已提交%s", decrypt ? "解密份额" :
		    "密钥份额");
		rules_verdict_en(v, "you have already published your %s",
		    decrypt ? "decryption share" : "key share");
		return;
	}
	if (!phase) {
		rules_verdict_refuse(v, "R-VOTE-10");
		rules_verdict_zh(v, "表决当前不接受%s", decrypt ? "解密份额" :
		    "密钥份额");
		rules_verdict_en(v, "the vote takes no %s now", decrypt ?
		    "decryption shares" : "key shares");
	}
}

/* R-VOTE-9: may the chair close a secret vote to ballots now? */
void
rules_may_close_secret(const struct rules_meeting *m, int64_t keyed_us,
    struct rules_verdict *v)
{
	unsigned minutes = m->profile != NULL ?
	    m->profile->secret_vote_minutes : 0;
	size_t	i, count = 0;

	rules_verdict_ok(v);
	for (i = 0; i < m->nmembers; i++) {
		const struct rules_member *mb = &m->members[i];

		if (!mb->in_electorate || mb->voted != RULES_CHOICE_NONE ||
		    !rules_member_present(mb))
			continue;
		rules_verdict_missing(v, mb);
		count++;
	}
	if (count == 0)
		return;
	if (minutes > 0 && keyed_us > 0 &&
	    m->now_us - keyed_us >= (int64_t)minutes * 60 * 1000000)
		return;
	rules_verdict_refuse(v, "R-VOTE-9");
	rules_verdict_zh(v, "无记名投票须待在场的表决人全部投票或投票时间"
	    "（%u分钟）届满后方可结束，尚有%zu人未投票：", minutes, count);
	rules_verdict_en(v, "a secret vote closes only when every present "
	    "elector has voted or its %u minutes have passed: %zu not yet "
	    "voted: ", minutes, count);
	rules_verdict_names(v, count);
}

/* R-VOTE-11: may the chair void a secret round? */
void
rules_may_void(bool secret, bool live, bool reason, struct rules_verdict *v)
{
	rules_verdict_ok(v);
	if (!secret || !live) {
		rules_verdict_refuse(v, "R-VOTE-11");
		rules_verdict_zh(v, "只有未结束的无记名投票可以作废");
		rules_verdict_en(v, "only a secret vote not yet closed can be "
		    "voided");
		return;
	}
	if (!reason) {
		rules_verdict_refuse(v, "R-VOTE-11");
		rules_verdict_zh(v, "作废表决须说明理由");
		rules_verdict_en(v, "voiding a vote needs a reason");
	}
}
