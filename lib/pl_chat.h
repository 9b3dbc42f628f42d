/*
 * pl_chat.h: chats and messages, the domain layer shared by the visitor
 * program (cgi-bin/chat), the operator program and plauder-admin. Plain
 * values in, plain structs and PL_* codes out; nothing here knows HTTP.
 *
 * The database is the single truth. Every action is one transaction
 * that reads the chat row once, under a lock (the token check and the
 * operator's rights are decided on that read), writes what the action
 * changes, bumps the chat's version and writes one chat_changes row per
 * console that must look again (the owner's, or the queue's, plus the
 * one the chat left). A deadlock victim is run again from the start.
 */
#ifndef PL_CHAT_H
#define PL_CHAT_H

#include <stddef.h>
#include "pl_util.h"

struct pl_db;

#define PL_MSG_MAX	4000
#define PL_POLL_LIMIT	200

enum pl_sender { PL_FROM_VISITOR, PL_FROM_OPERATOR, PL_FROM_SYSTEM };

/*
 * Who acts on a chat. A visitor proves it with the chat's token. An
 * operator sees the chats of its departments (and those without one) and
 * its own; it writes only to its own active chat. The admin tool (tool)
 * may do everything.
 */
/* What one chat and its site may hold; 0: no cap. */
struct pl_chat_caps {
	unsigned		 max_messages;
	unsigned		 max_files;
	unsigned long long	 max_file_bytes;	/* per chat */
	unsigned long long	 site_quota_bytes;	/* files of the whole site */
};

struct pl_actor {
	enum pl_sender	 who;		/* PL_FROM_VISITOR or PL_FROM_OPERATOR */
	const char	*token;		/* visitor: the chat's token */
	long long	 operator_id;	/* operator */
	const char	*depts;		/* operator: its department ids, one char each */
	const char	*name;		/* operator: its display name ("": none; never the login) */
	int		 tool;		/* plauder-admin: no access checks */
	struct pl_chat_caps caps;	/* what its writes may add up to */
};

/* A chat as a poll shows it. */
struct pl_chat {
	unsigned long long	 id;
	char			 status[16];	/* waiting, active, closed */
	long long		 version;
	long long		 last_seq;
	char			 dept[2];	/* "" when none */
	char			 lang[9];	/* the visitor's */
	int			 sleeping;
	int			 op_typing;
	char			 op_name[PL_UTF8_BYTES(128)];
	long long		 operator_id;	/* 0 when none */
	long long		 visitor_id;
};

/*
 * Read a chat of a site. With an actor: a visitor's token must match
 * (compared in constant time) and an operator must be allowed to see
 * it; otherwise, as for a missing chat, PL_ENOTFOUND. NULL: no check
 * (a chat the caller already checked). PL_OK, PL_ENOTFOUND, PL_EDB.
 */
int	pl_chat_get(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, struct pl_chat *);

/* What starts a chat; strings may be "" but not NULL unless noted. */
struct pl_chat_new {
	unsigned long	 site;
	char		 dept;		/* 0: none */
	const char	*lang;
	const char	*from, *name, *email, *page, *title;
	const char	*fields_json;	/* the query form's values, a JSON object */
	const char	*visitor_token;	/* a returning visitor's, or NULL */
	const char	*consent_text;	/* the text agreed to, or NULL */
	const char	*consent_version;	/* its SHA-256 */
	const char	*question;	/* opens the conversation, or NULL */
	size_t		 question_len;
	const char	*client_id;	/* the client's key for resends, or NULL */
	const char	*addr;		/* the visitor's anonymised address, or NULL */
	/* The page views' visitor (pl_visitors.h) where it is counted, or NULL. */
	const char	*track_hash;
	/* An invitation of that visitor accepted with this start, or 0. */
	unsigned long long invitation;
};

struct pl_chat_started {
	unsigned long long	 id;
	char			 token[PL_TOKEN_HEX];
	char			 visitor_token[PL_TOKEN_HEX];
	long long		 version;
	long long		 last_seq;
	int			 resent;	/* the chat existed: fresh tokens for it */
	int			 active;	/* an accepted invitation: its operator has it */
};

/*
 * Start a chat in one transaction: the visitor (kept when its token is
 * known, else new), the chat, the consent record, the opening question
 * and the queue's change row. A start resent with the same client_id
 * (its answer was lost) finds the chat it created; since only hashes of
 * tokens are stored, the chat (and a new visitor) get fresh tokens, and
 * the ones never delivered stop working. PL_OK or PL_EDB.
 */
int	pl_chat_start(struct pl_db *, const struct pl_chat_new *,
	    struct pl_chat_started *);

/* A message stored by pl_chat_post()/pl_chat_attach(). */
struct pl_posted {
	long long	seq;
	int		dup;	/* a resend: the message was stored before */
};

/*
 * Store a message (sender from the actor), unless one with the same
 * sender and client_id exists: then nothing is written and posted->dup
 * is set. PL_OK, PL_ENOTFOUND, PL_EDENIED (not the operator's active
 * chat), PL_ECLOSED, PL_ETOOBIG (the chat holds all it may: messages,
 * files or their bytes), PL_EQUOTA (the site's files fill its quota),
 * PL_EDB.
 */
int	pl_chat_post(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const char *client_id, const char *text,
	    size_t len, struct pl_posted *);

/* A file and the message that carries it, together; type as sniffed. Codes as pl_chat_post. */
int	pl_chat_attach(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const char *client_id, const char *name,
	    const char *type, const char *data, size_t len, struct pl_posted *);

/*
 * State changes. *version is the chat's version afterwards. PL_OK,
 * PL_ENOTFOUND, PL_EDENIED (an operator's write to a chat not its own),
 * PL_EDB; accept also PL_ESTATE (no longer waiting), transfer PL_EINVAL
 * (no such colleague or department); both PL_ELIMIT (the operator who
 * would get the chat has as many active chats as its max_chats allows).
 */
int	pl_chat_typing(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, int on, long long *version);
int	pl_chat_sleep(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, int on, long long *version);
/* With a system message saying who closed it; closing a closed chat changes nothing. */
int	pl_chat_close(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const char *event_id, long long *version);
int	pl_chat_accept(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const char *event_id, long long *version);
/* To the colleague with login to_login, or (to_login NULL) to department to_dept's queue. */
int	pl_chat_transfer(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const char *to_login, char to_dept,
	    const char *note, const char *event_id, long long *version);
int	pl_chat_contract(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, int flag, long long *version);

/* What a page tells the operator; NULL leaves a value as it is. */
struct pl_chat_data {
	const char	*name;
	const char	*email;
	const char	*data_json;	/* a JSON object of text values */
	const char	*page;
	const char	*title;
};
int	pl_chat_set_data(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, const struct pl_chat_data *, long long *version);

/* One message, as read back. Strings live until the callback returns. */
struct pl_msg {
	long long	 seq;
	const char	*from;		/* visitor, operator, system */
	const char	*name;		/* the operator's, "" else */
	const char	*client_id;	/* "" when none */
	const char	*text;
	long long	 file_id;	/* 0: no file */
	const char	*file_name;
	const char	*file_type;
	long long	 file_size;
	const char	*time;		/* 2026-11-29T10:00:00.123Z */
};

/*
 * Call fn for each message with seq > after, at most limit, in order; a
 * non-zero return stops early. PL_OK, PL_EDB, or fn's code.
 */
int	pl_chat_messages(struct pl_db *, unsigned long site, unsigned long long chat,
	    long long after, long long limit,
	    int (*fn)(void *, const struct pl_msg *), void *arg);

/* A stored file; data is the caller's to free. */
struct pl_file {
	char	 name[PL_UTF8_BYTES(255)];
	char	 type[65];
	char	*data;
	size_t	 len;
};
/* PL_OK, PL_ENOTFOUND (no such file in this chat), PL_EDB. */
int	pl_chat_file(struct pl_db *, unsigned long site, unsigned long long chat,
	    long long file, struct pl_file *);

/*
 * Queue the chat's transcript (subject, body) for e-mail to `to`, in one
 * transaction, unless it would make Plauder a mail relay: only once an
 * operator wrote in the chat (PL_ESTATE), only to the chat's one address,
 * the first one asked for (PL_EDENIED for another), at most max per chat
 * (PL_ELIMIT). PL_OK, PL_ENOTFOUND, PL_EDB.
 */
int	pl_chat_queue_transcript(struct pl_db *, unsigned long site,
	    unsigned long long chat, const struct pl_actor *, const char *to,
	    const char *subject, const char *body, unsigned max);

/*
 * Close the chats that waited longer than minutes with nobody to take
 * them (at most max), telling each visitor to leave a message instead.
 * *closed: how many. PL_OK or PL_EDB.
 */
int	pl_chat_expire(struct pl_db *, unsigned minutes, unsigned max,
	    unsigned *closed);
/*
 * Close every waiting chat started from the same address as chat (a
 * flood), of those the operator may see. *closed: how many. PL_OK,
 * PL_ENOTFOUND, PL_EDB.
 */
int	pl_chat_close_similar(struct pl_db *, unsigned long site,
	    unsigned long long chat, const struct pl_actor *, unsigned *closed);

/*
 * A chat nobody took becomes a contact request: in one transaction with
 * the chat locked, fn stores the request (it may read the chat's
 * messages through db; lang and dept are the chat's), then the chat gets
 * a system message (note) and is closed. Only a waiting chat, or one
 * closed without an operator ever taking it, may be handed over; else
 * PL_ESTATE. PL_OK, PL_ENOTFOUND (chat/token), fn's code, PL_EDB.
 */
typedef int (*pl_chat_handover_fn)(struct pl_db *, void *arg, const char *lang,
    const char *dept);
int	pl_chat_hand_over(struct pl_db *, unsigned long site, unsigned long long chat,
	    const struct pl_actor *, pl_chat_handover_fn fn, void *arg,
	    const char *note);

/* A returning visitor by its token: *id 0 when unknown. PL_OK or PL_EDB. */
int	pl_visitor_find(struct pl_db *, unsigned long site, const char *token,
	    long long *id);

#endif
