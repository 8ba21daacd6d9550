/*
 * fixture.h: a body, a meeting and an item for the rules engine's unit
 * tests, built from a compact description of the seats (fx_seats).
 */
#ifndef YISHI_TEST_FIXTURE_H
#define YISHI_TEST_FIXTURE_H

#include <stddef.h>

#include "rules.h"

#define SEATS_MAX	100

struct fx {
	struct rules_member mb[SEATS_MAX];
	char		 name[SEATS_MAX][16];
	char		 disp[SEATS_MAX][32];
	size_t		 n;
	struct rules_meeting m;
	struct rules_item it;
};

/*
 * Seats, space-separated, in seat order; seat i is "seat<i>". First letter
 * the role (S secretary, D deputy, M member, R recorder, F office,
 * I inspector, O observer, N none), then attendance (+ present, - absent,
 * L left, V leave, Q leave requested, ? expected), then flags: A D F B
 * statement (agree, disagree, defer, abstain), r recused, e in the
 * electorate, y n x s vote (yes, no, abstain, secret), l late (a voting
 * seat given after the meeting opened: not in its N). Display names: 书记,
 * 副职1.., 委员1.., 记录员, 办公室, 纪检, 列席1.., 外人.
 */
void fx_seats(struct fx *f, const char *spec);

#endif
