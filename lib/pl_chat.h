/*
 * pl_chat.h: chats and messages, shared by the visitor program
 * (cgi-bin/chat), the operator side and plauder-admin. The database is
 * the single truth; every change a client must see bumps the chat's
 * version and writes a row to chat_changes for the long-poll watchers.
 */
#ifndef PL_CHAT_H
#define PL_CHAT_H

#include <stddef.h>

struct cJSON;
struct pl_db;

#define PL_TOKEN_BYTES	24			/* 192 bits */
#define PL_TOKEN_HEX	(PL_TOKEN_BYTES * 2 + 1)
#define PL_HASH_HEX	65			/* SHA-256 as hex */
#define PL_MSG_MAX	4000
#define PL_POLL_LIMIT	200

enum pl_sender { PL_FROM_VISITOR, PL_FROM_OPERATOR, PL_FROM_SYSTEM };

struct pl_chat {
	unsigned long long	 id;
	char			 status[16];	/* waiting, active, closed */
	long long		 version;
	long long		 last_seq;
	char			 dept[2];
	int			 sleeping;
	int			 op_typing;
	char			 op_name[129];
	long long		 visitor_id;
};

/* A new random token (hex) and its hash (hex). */
void	pl_token_new(char token[PL_TOKEN_HEX], char hash[PL_HASH_HEX]);
/* SHA-256 of s as lowercase hex. */
void	pl_sha256_hex(const char *s, size_t len, char hash[PL_HASH_HEX]);

/* Load a chat of a site. PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_chat_load(struct pl_db *, unsigned long site, unsigned long long chat,
	    struct pl_chat *);
/*
 * Load a chat and check its token (constant time). A wrong token is
 * PL_ENOTFOUND, exactly as a missing chat.
 */
int	pl_chat_auth(struct pl_db *, unsigned long site, unsigned long long chat,
	    const char *token, struct pl_chat *);

/*
 * Store a message in one transaction: seq = last_seq + 1, unless a
 * message with the same sender and client_id exists, in which case
 * nothing is written and *dup is set. *seq is the message's seq either
 * way. client_id may be NULL (system messages). PL_OK, PL_EINVAL (chat
 * closed), PL_ENOTFOUND, PL_EDB.
 */
int	pl_chat_post(struct pl_db *, unsigned long site, unsigned long long chat,
	    enum pl_sender, long long operator_id, const char *client_id,
	    const char *text, size_t len, long long file_id,
	    long long *seq, int *dup);

/*
 * Run one of the chat UPDATE statements that bump the version
 * (ST_CHAT_TYPING_*, ST_CHAT_SLEEP, ST_CHAT_CLOSE, ST_CHAT_ACCEPT,
 * ST_CHAT_BUMP, ST_CHAT_TRANSFER_*, ST_CHAT_CONTRACT) with up to 5 leading integer binds,
 * then site and chat, and log the change. *version gets the new
 * version (0 when no row changed). PL_OK or PL_EDB.
 */
int	pl_chat_update(struct pl_db *, int stmt, const long long *args,
	    size_t nargs, unsigned long site, unsigned long long chat,
	    long long *version);

/* Log a change for the watchers (inside the caller's transaction). */
int	pl_chat_log_change(struct pl_db *, unsigned long site, unsigned long long chat,
	    long long version, long long *change);

/*
 * The same for any chat UPDATE of that kind whose binds the caller made
 * (text binds, e.g. page data or a transfer note), ending in site, chat.
 */
struct pl_q;
int	pl_chat_update_q(struct pl_db *, struct pl_q *, unsigned long site,
	    unsigned long long chat, long long *version);

/*
 * An extra change row for one operator's console (0: the queue), e.g.
 * when a chat leaves the queue or is transferred away. Autocommit.
 */
int	pl_chat_log_change_for(struct pl_db *, unsigned long site,
	    unsigned long long chat, long long version, long long operator_id);

/*
 * Messages with seq > after (at most limit) as a JSON array; NULL and
 * *rc = PL_EDB on failure. Caller frees.
 */
struct cJSON	*pl_chat_messages(struct pl_db *, unsigned long site,
		    unsigned long long chat, long long after, long long limit,
		    int *rc);

/*
 * Store a file and the message that carries it, unless a message with
 * the same sender and client_id exists (*dup set, nothing stored).
 * type is the sniffed type. PL_OK, PL_EINVAL (closed), PL_EDB.
 */
int	pl_chat_attach(struct pl_db *, unsigned long site, unsigned long long chat,
	    enum pl_sender, long long operator_id, const char *client_id,
	    const char *name, const char *type, const char *data, size_t len,
	    long long *seq, int *dup);

/* {"message": {...}} for one stored message; NULL on a database error. */
struct cJSON	*pl_chat_message_answer(struct pl_db *, unsigned long site,
		    unsigned long long chat, long long seq);

/*
 * Answer a pl_chat_post/pl_chat_attach result: 201 (new) or 200 (a
 * resend) with {"message": ...}, 409 when the chat is closed, 503 else.
 */
struct pl_req;
void	pl_chat_answer_posted(struct pl_req *, unsigned long site,
	    unsigned long long chat, int rc, long long seq, int dup);

/* The state part of a poll answer, added to obj. */
void	pl_chat_state_json(const struct pl_chat *, struct cJSON *obj);

#endif
