/*
 * yishi.h: libyishi, the client library of yishi (议事).
 *
 * A connection is one mutually authenticated TLS 1.3 session to yishid
 * carrying length-prefixed protobuf frames (proto/yishi.proto). Every call
 * blocks until it is done or its deadline passes; nothing here calls exit()
 * or touches signal dispositions. TLS writes can raise SIGPIPE when the
 * server goes away: a program that must not die of it ignores SIGPIPE.
 *
 * Messages are the protoc-c types of yishi.proto (Yishi__Request, ...).
 * Every function that can fail fills a struct yishi_error when one is given.
 */
#ifndef YISHI_H
#define YISHI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509_vfy.h>

#include "yishi.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define YISHI_EXPORT __attribute__((visibility("default")))
#else
#define YISHI_EXPORT
#endif

/* What went wrong, coarsely; the message says the rest. */
enum yishi_err {
	YISHI_OK = 0,
	YISHI_E_ARG,		/* bad argument to the library (server string, NULL) */
	YISHI_E_IDENTITY,	/* cert.pem, key.pem or ca.pem missing or unusable */
	YISHI_E_UNAVAILABLE,	/* no connection, connection lost, peer closed */
	YISHI_E_TIMEOUT,	/* the deadline passed */
	YISHI_E_TLS,		/* handshake or certificate verification failed */
	YISHI_E_PROTOCOL,	/* the server sent something that is not a valid frame */
	YISHI_E_NOMEM,		/* out of memory */
	YISHI_E_INTERRUPTED,	/* a signal interrupted yishi_next_event */
	YISHI_E_FORGED		/* what the server offered does not hold
				   (a secret vote's key, a ballot) */
};

#define YISHI_ERROR_MAX 512

struct yishi_error {
	enum yishi_err code;
	char message[YISHI_ERROR_MAX];	/* English, for people and logs */
};

struct yishi_conn;

/*
 * Called for each event that arrives while yishi_call waits for its
 * response. The event is borrowed until the callback returns. Without a
 * callback, such events are queued for yishi_next_event.
 */
typedef void (*yishi_event_cb)(const Yishi__Event *ev, void *arg);

/* Returns the library version, e.g. "0.1.0". */
YISHI_EXPORT const char *yishi_version(void);

/* Returns a short stable name for an error code ("unavailable", "tls", ...). */
YISHI_EXPORT const char *yishi_err_name(enum yishi_err code);

/*
 * Connects to server ("HOST:PORT", "[V6ADDR]:PORT") with the identity in
 * identity_dir (cert.pem, key.pem, ca.pem): TLS 1.3 only, the client
 * certificate presented, the server's certificate verified against ca.pem and
 * matched to HOST (a DNS name or an IP address). timeout_s bounds the
 * connect and handshake, and later each yishi_call; 0 means no limit.
 * Returns 0 and *out, or -1 with err filled.
 */
YISHI_EXPORT int yishi_connect(const char *server, const char *identity_dir,
    int timeout_s, struct yishi_conn **out, struct yishi_error *err);

/* Sets (or with NULL clears) the callback for events seen by yishi_call. */
YISHI_EXPORT void yishi_set_event_cb(struct yishi_conn *c, yishi_event_cb cb,
    void *arg);

/*
 * Sends req (borrowed; the library does not change it) in a frame with the
 * current protocol version and a fresh request id, then reads frames until
 * the response with that id arrives. Returns 0 with *resp (free it with
 * yishi_response_free), or -1 with err filled. A response whatever its
 * status is success here: the status is the caller's to interpret. After
 * -1 other than YISHI_E_ARG the connection is unusable: close it.
 */
YISHI_EXPORT int yishi_call(struct yishi_conn *c, const Yishi__Request *req,
    Yishi__Response **resp, struct yishi_error *err);

/*
 * Sends a list request (one whose answer names its next page: meeting
 * list, seat list, body list, followup list, disposal list, decision
 * pending; yishi.proto, Page) and asks for the pages that follow until the last, as yishi_call
 * does for each. Returns 0 with *resp: one answer with the entries of every
 * page from the request's cursor on, in order, and no next page; or the
 * first answer that is not OK (its status is the caller's); or -1 with err
 * filled. A request's page limit, when it sets one, is each page's size.
 * The request's page is changed while the pages are asked for and put back
 * before the return. Any other request is sent once, as by yishi_call.
 */
YISHI_EXPORT int yishi_call_all(struct yishi_conn *c, Yishi__Request *req,
    Yishi__Response **resp, struct yishi_error *err);

/* The page that follows a list answer (its cursor), or NULL when the answer
 * is the last page, or not a list. Borrowed from r. */
YISHI_EXPORT const Yishi__Page *yishi_next_page(const Yishi__Response *r);

/*
 * Waits up to timeout_ms (-1: forever) for the next pushed event (after a
 * watch request). Returns 1 with *ev (free it with yishi_event_free), 0 when
 * the time ran out, -1 with err filled (YISHI_E_INTERRUPTED when a signal
 * arrived: the connection stays usable).
 */
YISHI_EXPORT int yishi_next_event(struct yishi_conn *c, Yishi__Event **ev,
    int timeout_ms, struct yishi_error *err);

/* Returns the name (certificate CN) this connection presents, or "". */
YISHI_EXPORT const char *yishi_identity_name(const struct yishi_conn *c);

/*
 * Returns the id of the instance this connection reached: the lowercase
 * hex SHA-256 of the instance CA certificate (the identity folder's ca.pem,
 * to which the server's certificate chains), or "" when unknown. Every
 * signed text names it (proto/sign.h: pass it as `instance`), so that a
 * signature made for one instance never verifies in another.
 */
YISHI_EXPORT const char *yishi_instance(const struct yishi_conn *c);

/*
 * Checks the member signature of a signed trail entry (e->signature not
 * empty; unsigned entries pass): the certificate named by e->cert_fp must
 * be among certs, be the one with that fingerprint, chain to a CA in ca,
 * name e->signer (its CN), and verify the signature over e->signed, whose
 * instance (proto/sign.h) must be that CA's. Whether it is the certificate
 * the trail registered for the signer is the replay's to say (the CLI's
 * audit verify). Returns 0, or -1 with why set.
 */
YISHI_EXPORT int yishi_trail_verify_signature(const Yishi__TrailEntry *e,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    char *why, size_t whylen);

/*
 * Checks a server checkpoint of a trail head: the certificate named by
 * c->cert_fp must be among certs, be the one with that fingerprint, chain
 * to a CA in ca, carry the checkpoint purpose (an extended key usage no
 * member certificate has, proto/serverkey.h), be of the key pinned (the
 * SHA-256 of its DER public key, 32 bytes; NULL: any checkpoint key, as on
 * first use), and verify c->signature over the canonical bytes of
 * proto/sign.h (action "checkpoint": body, seq, hash, at). The key's
 * fingerprint goes into key_fp (32 bytes; NULL: not wanted). It says
 * nothing about the chain itself: compare c->hash with the entry at c->seq.
 * Returns 0, or -1 with why set.
 */
YISHI_EXPORT int yishi_checkpoint_verify(const Yishi__Checkpoint *c,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    const uint8_t *pinned, uint8_t *key_fp, char *why, size_t whylen);

/*
 * The certificate of the checkpoint key that signed c (check c first with
 * yishi_checkpoint_verify and the pinned key), found among certs, chained
 * to a CA in ca and carrying the checkpoint purpose; the instance id of
 * that CA (64 lowercase hex digits) into instance. X509_free() it. NULL
 * with why set when there is none.
 */
YISHI_EXPORT X509 *yishi_checkpoint_key(const Yishi__Checkpoint *c,
    Yishi__Certificate *const *certs, size_t ncerts, X509_STORE *ca,
    char instance[65], char *why, size_t whylen);

/*
 * Checks the server's vouch for entry e: e->vouch must be key's signature
 * (the pinned checkpoint key, yishi_checkpoint_key) over the canonical
 * bytes of proto/sign.h's sign_canon_vouch for instance: the entry's body,
 * seq, actor, action, payload and, for a signed entry, signer, cert_fp,
 * signed and signature. The server vouches for every entry it writes; an
 * entry without a valid vouch was not written by it. Returns 0, or -1
 * with why set.
 */
YISHI_EXPORT int yishi_trail_verify_vouch(const Yishi__TrailEntry *e,
    X509 *key, const char *instance, char *why, size_t whylen);

/*
 * Signs msg with the private key of the connection's identity (ECDSA over
 * SHA-256, DER). *sig is malloc'd: free() it. Members sign what they say
 * and vote over the canonical bytes of proto/sign.h. Returns 0 or -1.
 */
YISHI_EXPORT int yishi_sign(struct yishi_conn *c, const void *msg, size_t len,
    uint8_t **sig, size_t *siglen, struct yishi_error *err);

/* Closes the connection and frees it; NULL is a no-op. */
YISHI_EXPORT void yishi_close(struct yishi_conn *c);

/* Free what yishi_call and yishi_next_event return; NULL is a no-op. */
YISHI_EXPORT void yishi_response_free(Yishi__Response *resp);
YISHI_EXPORT void yishi_event_free(Yishi__Event *ev);

/*
 * Computes one trail entry's hash as the server does (sql/trail_functions.sql,
 * trail_digest): SHA-256 over prev (32 bytes) followed by the UTF-8 text
 * "body\nseq\nat_us\nactor\naction\npayload" with the integers in decimal.
 * Returns 0, or -1 when hashing failed.
 */
YISHI_EXPORT int yishi_trail_digest(const uint8_t prev[32], uint64_t body,
    uint64_t seq, int64_t at_us, const char *actor, const char *action,
    const char *payload, uint8_t out[32]);

/*
 * The hash of entry e following an entry whose hash is prev, as the
 * database computes it (trail_digest, or trail_digest_signed for a signed
 * entry: its signer, certificate, signed bytes and signature included).
 * Returns 0, or -1 when hashing failed. (yishi_trail_check compares it.)
 */
YISHI_EXPORT int yishi_trail_entry_hash(const uint8_t prev[32],
    const Yishi__TrailEntry *e, uint8_t out[32]);

/* Where a trail check has got to: the last entry accepted. */
struct yishi_trail_state {
	uint64_t body;		/* the body whose trail this is */
	uint64_t seq;		/* seq of the last accepted entry; 0 at the start */
	uint8_t hash[32];	/* its hash; 32 zero bytes at the start */
};

/* Starts a check of body's trail from its first entry. */
YISHI_EXPORT void yishi_trail_init(struct yishi_trail_state *st,
    uint64_t body);

/*
 * Checks that e is the entry after st: same body, seq one more, prev_hash
 * equal to the last hash, and hash equal to the recomputed digest. Returns 0
 * and advances st, or -1 with why (a sentence in English) filled.
 */
YISHI_EXPORT int yishi_trail_check(struct yishi_trail_state *st,
    const Yishi__TrailEntry *e, char *why, size_t whylen);

/*
 * Encrypted secret ballots (docs/ballot.md). Each function does the
 * connection's identity's part in the secret vote v (as vote_show gives
 * it: round, scrutineers with their shares, key, ballots cast) on an item
 * of body's meeting, and returns in *out the bytes to send and the text
 * to sign: sign out->canon with yishi_sign, put the signature in the
 * request, send it (op vote_key / vote_cast / vote_decrypt). free()
 * out->bytes and out->canon. Each returns 0, or -1 with err filled:
 * YISHI_E_FORGED when what the server offered does not hold, YISHI_E_ARG
 * when the identity has no such part in v.
 */
#define YISHI_SECRET_LEN 32	/* a scrutineer's secret, bytes */

struct yishi_secret_part {
	uint8_t *bytes;		/* VoteShare.share, or VoteCast.ballot */
	size_t len;
	char *canon;		/* what the member signs (proto/sign.h) */
	size_t canonlen;
};

/*
 * A scrutineer's key share for v (state keying): a fresh secret into
 * secret, which the caller keeps safe (written to disk BEFORE the share is
 * sent: the vote cannot be counted without it) and passes to
 * yishi_secret_dshare at the count, and the public share with its proof.
 */
YISHI_EXPORT int yishi_secret_share(struct yishi_conn *c, uint64_t body,
    uint64_t meeting, const Yishi__Vote *v, uint8_t secret[YISHI_SECRET_LEN],
    struct yishi_secret_part *out, struct yishi_error *err);

/*
 * A voter's encrypted ballot for choice ("yes", "no", "abstain") in v
 * (state open), with its proofs. First checks the vote's key: every
 * scrutineer's certificate chains to the instance CA and names them, their
 * share's signature and proof hold, and the key is the sum of the shares;
 * otherwise nothing is encrypted (YISHI_E_FORGED). The choice is not kept.
 */
YISHI_EXPORT int yishi_secret_ballot(struct yishi_conn *c, uint64_t body,
    uint64_t meeting, const Yishi__Vote *v, const char *choice,
    struct yishi_secret_part *out, struct yishi_error *err);

/*
 * A scrutineer's decryption share for v (state counting) from the n
 * ballots of every voter (vote_ballots, all pages), with its proof: only
 * when secret is that of the scrutineer's published share (else
 * YISHI_E_ARG), the key checks as for a ballot, n equals v->cast, each
 * voter has one ballot and every ballot's proofs hold for its voter (else
 * YISHI_E_FORGED). What is
 * decrypted is the product of all the ballots, never one of them.
 */
YISHI_EXPORT int yishi_secret_dshare(struct yishi_conn *c, uint64_t body,
    uint64_t meeting, const Yishi__Vote *v, Yishi__Ballot *const *ballots,
    size_t n, const uint8_t secret[YISHI_SECRET_LEN],
    struct yishi_secret_part *out, struct yishi_error *err);

/*
 * Following a meeting across reconnects (client/follow.c; the protocol:
 * docs/protocol.md, "Watching a meeting"). yishi_follow_start connects,
 * sends watch and keeps the snapshot it answers with. yishi_follow_next
 * hands out the events in order, each once: when the connection is lost it
 * connects again with a growing pause (0.5 s doubling to 8 s, with
 * jitter), telling the note callback each time, and resumes after the last
 * event it handed out, so that nothing is lost or doubled.
 */
struct yishi_follow;

/* Told of each reconnect attempt: its number (1, 2, ...), the pause before
 * it in milliseconds and why the connection was lost; then once with
 * attempt 0 when the watch is resumed. */
typedef void (*yishi_follow_note_cb)(int attempt, int delay_ms,
    const struct yishi_error *why, void *arg);

/*
 * Connects as yishi_connect does and watches meeting, with the server's
 * answers in lang (a refusal's message). Returns 0 with *out,
 * -1 with err filled, or 1 with *refused (free it with yishi_response_free)
 * when the server answered watch with a status other than OK.
 */
YISHI_EXPORT int yishi_follow_start(const char *server,
    const char *identity_dir, int timeout_s, uint64_t meeting,
    Yishi__Lang lang, struct yishi_follow **out, Yishi__Response **refused,
    struct yishi_error *err);

/* Sets (or with NULL clears) the reconnect note callback. */
YISHI_EXPORT void yishi_follow_set_note(struct yishi_follow *f,
    yishi_follow_note_cb cb, void *arg);

/*
 * Waits up to timeout_ms (-1: forever) for what comes next. Returns 1 with
 * *ev (free it with yishi_event_free); 2 when a reconnect brought a fresh
 * snapshot (yishi_follow_snapshot; the events it missed come next); 0 when
 * the time ran out; -1 with err filled: YISHI_E_INTERRUPTED when a signal
 * arrived (f stays usable), or a failure reconnecting cannot mend (the
 * watch refused on reconnect: the answer is kept, yishi_follow_refusal).
 */
YISHI_EXPORT int yishi_follow_next(struct yishi_follow *f, Yishi__Event **ev,
    int timeout_ms, struct yishi_error *err);

/* The latest snapshot and its position (borrowed from f; valid until the
 * next yishi_follow_next). */
YISHI_EXPORT const Yishi__Watching *yishi_follow_snapshot(
    const struct yishi_follow *f);

/* The connection now in use, for requests made while following (events
 * that arrive during yishi_call are kept for yishi_follow_next), or NULL
 * while reconnecting. It changes on a reconnect: ask again after
 * yishi_follow_next returned 2. */
YISHI_EXPORT struct yishi_conn *yishi_follow_conn(struct yishi_follow *f);

/* The refusal that ended the follow (see yishi_follow_next), or NULL. */
YISHI_EXPORT const Yishi__Response *yishi_follow_refusal(
    const struct yishi_follow *f);

/* Closes the connection and frees f; NULL is a no-op. */
YISHI_EXPORT void yishi_follow_close(struct yishi_follow *f);

#ifdef __cplusplus
}
#endif

#endif
