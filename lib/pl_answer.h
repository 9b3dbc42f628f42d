/*
 * pl_answer.h: answers the chat and operator programs share, built from
 * the domain's structs: a chat's state and messages as JSON, the answer
 * to a posted message (201 new, 200 resend, 409 closed, ...), a stored
 * file, and the mapping of domain codes to HTTP errors.
 */
#ifndef PL_ANSWER_H
#define PL_ANSWER_H

#include "pl_canned.h"
#include "pl_chat.h"

struct cJSON;
struct pl_req;

/* Messages with seq > after (at most limit) as a JSON array; NULL on a database error. */
struct cJSON	*pl_answer_messages(struct pl_req *, unsigned long site,
		    unsigned long long chat, long long after, long long limit);
/* The state part of a poll answer, added to obj. */
void		 pl_answer_state(const struct pl_chat *, struct cJSON *obj);
/* A poll-like answer: state plus messages after `after`. */
void		 pl_answer_chat(struct pl_req *, const struct pl_chat *,
		    long long after, long long limit, int retry_ms);
/*
 * The answer to pl_chat_post()/pl_chat_attach(): 201 (new) or 200 (a
 * resend) with {"message": ...}; otherwise as pl_answer_rc().
 */
void		 pl_answer_posted(struct pl_req *, unsigned long site,
		    unsigned long long chat, int rc, const struct pl_posted *);
/* {"ok": true, "version": N} */
void		 pl_answer_ok(struct pl_req *, long long version);
/* A file of a chat (200 bytes, 404, 503); access checked by the caller. */
void		 pl_answer_file(struct pl_req *, unsigned long site,
		    unsigned long long chat, long long file);
/*
 * Count this request under key (at most max in window_s seconds; 0: no
 * limit). 0, or -1 with the answer set: 429 with Retry-After, or 503.
 */
int		 pl_answer_limit(struct pl_req *, const char *key, unsigned window_s,
		    unsigned max);
/*
 * The pair every public action has: what per site and client address
 * (at most addr_max in window_s), then per site (site_max). 0, or -1
 * with the answer set (429 + Retry-After, or 503).
 */
int		 pl_answer_limits(struct pl_req *, const char *what, unsigned window_s,
		    unsigned addr_max, unsigned site_max);
/*
 * The same for a visitor's action on the request's chat: counted per
 * chat and token, so a stranger guessing tokens cannot use up the
 * chat's allowance. kind names the allowance ("msg", "evt").
 */
int		 pl_answer_chat_limit(struct pl_req *, const char *kind,
		    unsigned long long chat, const char *token, unsigned max);
/*
 * A long-poll that may not be held (pl_notify_register's *rc): 429
 * too_many_polls for the address, 503 when the process is full.
 */
void		 pl_answer_poll_refused(struct pl_req *, int rc);
/*
 * The request's client address, anonymised: REMOTE_ADDR, or behind a
 * trusted proxy (trusted_proxies) the X-Forwarded-For hop it saw.
 */
const char	*pl_answer_client(struct pl_req *, char *buf, size_t sz);
/* The request's user agent, printable ASCII only ("" none): hashed, never stored. */
const char	*pl_answer_agent(struct pl_req *, char *buf, size_t sz);
/*
 * A domain code about a chat as the API documents it: 404 not_found,
 * 409 not_your_chat / chat_closed / already_taken / too_many_chats
 * (PL_ELIMIT: an operator's max_chats), 413 chat_full / site_quota,
 * 503 else.
 */
void		 pl_answer_rc(struct pl_req *, int rc);
/* The configured caps on what a chat and its site may hold. */
void		 pl_answer_caps(struct pl_req *, struct pl_chat_caps *);

/* Canned answers (operator and admin programs): one {shortcut, text, scope} added to a JSON array. */
int		 pl_answer_add_canned(void *array, const struct pl_canned *);
/* A refused change: 400 (bad: the field), 404, 409 too_many_canned, 503. */
void		 pl_answer_canned_rc(struct pl_req *, int rc, const char *bad);

#endif
