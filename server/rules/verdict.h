/*
 * verdict.h: filling a struct rules_verdict. Internal to the rules library.
 */
#ifndef YISHI_RULES_VERDICT_H
#define YISHI_RULES_VERDICT_H

#include "rules.h"

#define RULES_PRINTF(f, a) __attribute__((format(printf, f, a)))

void rules_verdict_ok(struct rules_verdict *v);
void rules_verdict_refuse(struct rules_verdict *v, const char *rule);
void rules_verdict_zh(struct rules_verdict *v, const char *fmt, ...)
    RULES_PRINTF(2, 3);
void rules_verdict_en(struct rules_verdict *v, const char *fmt, ...)
    RULES_PRINTF(2, 3);
void rules_verdict_missing(struct rules_verdict *v, const struct rules_member *mb);
void rules_verdict_names(struct rules_verdict *v, size_t total);
void rules_verdict_counts(struct rules_verdict *v, unsigned n, unsigned present,
    unsigned needed);

/* Member predicates shared by the rules. */
bool rules_member_present(const struct rules_member *mb);
bool rules_member_votes(const struct rules_member *mb);
bool rules_member_same(const struct rules_member *a,
    const struct rules_member *b);
const char *rules_member_label(const struct rules_member *mb);
const struct rules_member *rules_secretary(const struct rules_meeting *m);

/* Shared checks (quorum.c, order.c). */
bool rules_check_open(const struct rules_meeting *m, struct rules_verdict *v);
void rules_refuse_item_state(const struct rules_item *it,
    struct rules_verdict *v);
const char *rules_quorum_formula(enum rules_quorum q);
size_t rules_round_missing(const struct rules_meeting *m, bool with_secretary,
    struct rules_verdict *v);

#endif
