/* fixture.c: the seat descriptions of the rules unit tests (see fixture.h). */
#include "fixture.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* Fills f's seats from spec (see fixture.h). */
void
fx_seats(struct fx *f, const char *spec)
{
	unsigned counts[8] = { 0 };
	struct rules_member *mb;
	const char *s = spec;

	f->n = 0;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		assert_true(f->n < SEATS_MAX);
		mb = &f->mb[f->n];
		memset(mb, 0, sizeof(*mb));
		snprintf(f->name[f->n], sizeof(f->name[0]), "seat%zu", f->n);
		mb->name = f->name[f->n];
		mb->display = f->disp[f->n];
		switch (*s++) {
		case 'S':
			mb->role = RULES_ROLE_SECRETARY;
			snprintf(f->disp[f->n], 32, "书记");
			break;
		case 'D':
			mb->role = RULES_ROLE_DEPUTY;
			snprintf(f->disp[f->n], 32, "副职%u", ++counts[1]);
			break;
		case 'M':
			mb->role = RULES_ROLE_MEMBER;
			snprintf(f->disp[f->n], 32, "委员%u", ++counts[2]);
			break;
		case 'R':
			mb->role = RULES_ROLE_RECORDER;
			snprintf(f->disp[f->n], 32, "记录员");
			break;
		case 'F':
			mb->role = RULES_ROLE_OFFICE;
			snprintf(f->disp[f->n], 32, "办公室");
			break;
		case 'I':
			mb->role = RULES_ROLE_INSPECTOR;
			snprintf(f->disp[f->n], 32, "纪检");
			break;
		case 'O':
			mb->role = RULES_ROLE_OBSERVER;
			snprintf(f->disp[f->n], 32, "列席%u", ++counts[6]);
			break;
		case 'N':
			mb->role = RULES_ROLE_NONE;
			snprintf(f->disp[f->n], 32, "外人");
			break;
		default:
			fail_msg("bad seat spec %s", spec);
		}
		switch (*s++) {
		case '+': mb->attendance = RULES_ATT_PRESENT; break;
		case '-': mb->attendance = RULES_ATT_ABSENT; break;
		case 'L': mb->attendance = RULES_ATT_LEFT; break;
		case 'V': mb->attendance = RULES_ATT_LEAVE; break;
		case 'Q': mb->attendance = RULES_ATT_LEAVE_REQUESTED; break;
		case '?': mb->attendance = RULES_ATT_EXPECTED; break;
		default: fail_msg("bad attendance in %s", spec);
		}
		while (*s != '\0' && *s != ' ') {
			switch (*s++) {
			case 'A': mb->stated = RULES_POS_AGREE; break;
			case 'D': mb->stated = RULES_POS_DISAGREE; break;
			case 'F': mb->stated = RULES_POS_DEFER; break;
			case 'B': mb->stated = RULES_POS_ABSTAIN; break;
			case 'r': mb->recused = true; break;
			case 'e': mb->in_electorate = true; break;
			case 'y': mb->voted = RULES_CHOICE_YES; break;
			case 'n': mb->voted = RULES_CHOICE_NO; break;
			case 'x': mb->voted = RULES_CHOICE_ABSTAIN; break;
			case 's': mb->voted = RULES_CHOICE_SECRET; break;
			case 'l': mb->late = true; break;
			default: fail_msg("bad flag in %s", spec);
			}
		}
		f->n++;
	}
	f->m.members = f->mb;
	f->m.nmembers = f->n;
}
