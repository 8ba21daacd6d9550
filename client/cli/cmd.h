/*
 * cmd.h: the commands of the yishi CLI and the helpers they share. Each
 * cmd_* function runs one command whose arguments are already parsed and
 * returns the exit code.
 */
#ifndef YISHI_CLI_CMD_H
#define YISHI_CLI_CMD_H

#include "cli.h"

/*
 * Connects when not yet connected, sends req in the chosen language and
 * waits for the response. Returns 0 with *resp (status OK), or the exit
 * code after printing the error.
 */
int cmd_call(struct cli *cli, Yishi__Request *req, Yishi__Response **resp);

/*
 * The same for a list request: the answer holds every page, from the
 * request's cursor to the end (what scripts and the audit need whole).
 */
int cmd_call_all(struct cli *cli, Yishi__Request *req, Yishi__Response **resp);

/*
 * A list command's request: one page of at most --limit entries when that
 * is given, else every page (the output is the same as one answer's).
 */
int cmd_call_list(struct cli *cli, Yishi__Request *req,
    Yishi__Response **resp);

/* Fills pg from the list options --limit and --after (an id, or an
 * identity name when by_name: seat list) and returns it. */
Yishi__Page *cmd_page(struct cli *cli, Yishi__Page *pg, bool by_name);

struct json;

/* Adds "next" (the --after of the next page) to a list's JSON when the
 * answer is one page of more. */
void cmd_page_json(struct json *j, const Yishi__Response *r);

/* Prints the --after of the next page when the answer is one page of
 * more. */
void cmd_page_note(const Yishi__Response *r);

/*
 * Asks the server which body and meeting an item belongs to, and its vote
 * method ("" when none): what a member's signature names. Returns 0, or the
 * exit code after printing the error.
 */
int cmd_item_info(struct cli *cli, uint64_t item, uint64_t *body,
    uint64_t *meeting, char *method, size_t methodlen);

/*
 * Signs canon (malloc'd by proto/sign.h, freed here) with the identity's key
 * and puts the signature in req; *sig is the caller's to free() after the
 * call. Returns 0, or the exit code after printing the error.
 */
int cmd_sign(struct cli *cli, Yishi__Request *req, char *canon, size_t len,
    uint8_t **sig);

/*
 * Prints a successful response: under --json its result under its natural
 * key, else done (zh/en) and a short human summary. Frees resp; returns 0.
 */
int cmd_finish(struct cli *cli, Yishi__Response *resp, const char *zh,
    const char *en);

/* Refuses a command whose server side does not exist yet: exit 1. */
int cmd_not_implemented(struct cli *cli);

/* A usage error found after parsing (exit 2). */
int cmd_usage(struct cli *cli, const char *zh, const char *en);

/* cmd_admin.c */
int cmd_body_create(struct cli *cli);
int cmd_seat_add(struct cli *cli);
int cmd_seat_remove(struct cli *cli);
int cmd_seat_import(struct cli *cli);
int cmd_seat_list(struct cli *cli);
int cmd_body_list(struct cli *cli);
int cmd_identity_disable(struct cli *cli);
int cmd_calendar_set(struct cli *cli);
int cmd_whoami(struct cli *cli);

/* cmd_meeting.c */
int cmd_meeting_schedule(struct cli *cli);
int cmd_meeting_ref(struct cli *cli);
int cmd_meeting_delegate(struct cli *cli);
int cmd_meeting_list(struct cli *cli);
int cmd_agenda_propose(struct cli *cli);
int cmd_item_ref(struct cli *cli);
int cmd_leave_request(struct cli *cli);
int cmd_leave_approve(struct cli *cli);
int cmd_attendance_mark(struct cli *cli);
int cmd_observer_admit(struct cli *cli);
int cmd_recuse(struct cli *cli);
int cmd_opinion_submit(struct cli *cli);

/* cmd_vote.c */
int cmd_state(struct cli *cli);
int cmd_item_text(struct cli *cli);
int cmd_vote_open(struct cli *cli);
int cmd_vote_cast(struct cli *cli);
int cmd_vote_close(struct cli *cli);
int cmd_vote_show(struct cli *cli);
int cmd_dissent_file(struct cli *cli);

/* cmd_secret.c: encrypted secret ballots (docs/ballot.md) */
int cmd_vote_key(struct cli *cli);
int cmd_vote_count(struct cli *cli);
int cmd_vote_void(struct cli *cli);

/* Whether v is a secret vote. */
bool secret_is(const Yishi__Vote *v);

/*
 * The caller's part, as a scrutineer, in item's secret vote: want "key"
 * publishes their key share, "count" their count share, "any" whichever
 * the round waits for from them (nothing when they are not a scrutineer),
 * "none" nothing. Every time, the secret of a round that is over (closed,
 * void) is deleted. *did: "key_published", "key_already",
 * "count_published", "count_already", "over", "forgotten", or NULL when
 * nothing was done; *after (when not NULL; free it with
 * yishi__vote__free_unpacked) the vote as it stands afterwards. 0, or the
 * exit code after printing the error.
 */
int secret_act(struct cli *cli, uint64_t item, const char *want,
    const char **did, Yishi__Vote **after);

/* One line (JSON: {"scrutineer": {item, did}}) for what a scrutineer's
 * client did by itself; nothing for a did that is no news. */
void secret_say_did(uint64_t item, const char *did);

/* Where a secret round stands, in office words. */
void secret_say_state(const Yishi__Vote *v);

/* Deletes the caller's secret of v's round once it is closed or void. */
void secret_forget_item(struct cli *cli, const Yishi__Vote *v);

/* vote cast, vote open and vote close on a secret vote. */
int secret_cast(struct cli *cli, uint64_t item, const char *choice);
int secret_opened(struct cli *cli, uint64_t item);
int secret_closing(struct cli *cli, uint64_t item, bool wait);

/* cmd_followup.c */
int cmd_followup_assign(struct cli *cli);
int cmd_followup_report(struct cli *cli);
int cmd_followup_list(struct cli *cli);
int cmd_disposal_record(struct cli *cli);
int cmd_disposal_list(struct cli *cli);
int cmd_decision_ack(struct cli *cli);
int cmd_decision_pending(struct cli *cli);

/* cmd_minutes.c */
int cmd_minutes_show(struct cli *cli);
int cmd_minutes_sign(struct cli *cli);
int cmd_minutes_correct(struct cli *cli);
int cmd_minutes_overdue(struct cli *cli);

/* cmd_audit.c */
int cmd_audit_log(struct cli *cli);
int cmd_audit_verify(struct cli *cli);
int cmd_audit_export(struct cli *cli);

/* cmd_self.c */
int cmd_audit_self(struct cli *cli);

/* cmd_watch.c */
int cmd_watch(struct cli *cli);

/* cmd_room.c: the live meeting room (room_state.c, room_view.c,
 * room_act.c) */
int cmd_room(struct cli *cli);

/* cmd_identity.c */
int cmd_identity_request(struct cli *cli);

#endif
