/*
 * pl_contact.h: contact requests, left when nobody is online (domain
 * layer). A request is stored in one transaction with its consent
 * record and the mails it causes (to the site's address, and a copy to
 * the visitor when asked for), which the outbox then delivers with
 * retries: whatever the mail server does, a request the visitor was told
 * about is in the database. A client id makes a resend store nothing new.
 */
#ifndef PL_CONTACT_H
#define PL_CONTACT_H

#include <stddef.h>
#include <time.h>

#include "pl_util.h"

struct pl_db;
struct pl_actor;

/* What a request holds; strings may be "" but not NULL unless noted. */
struct pl_contact_new {
	unsigned long	 site;
	const char	*client_id;
	const char	*lang;
	char		 dept;		/* 0: none */
	const char	*name;
	const char	*email;		/* "" or a checked address */
	/* [{"key","label","type","value"}], the form as the visitor saw it */
	const char	*fields_json;
	const char	*summary;	/* a line for lists (the message's start) */
	const char	*page;
	const char	*addr;		/* anonymised */
	int		 copy;		/* mail the visitor a copy (needs email) */
	const char	*consent_text;	/* NULL: no consent was asked */
	const char	*consent_version;	/* its SHA-256 */
};

struct pl_contact_done {
	unsigned long long	 id;
	int			 resent;	/* stored before, by this client id */
	int			 copy;		/* a copy to the visitor is queued */
	int			 mailed;	/* a mail to the site is queued */
};

/* PL_OK or PL_EDB. */
int	pl_contact_submit(struct pl_db *, const struct pl_contact_new *,
	    struct pl_contact_done *);

/*
 * The chat (visitor's actor: its token) becomes a request: n's fields
 * plus the conversation so far; the chat is closed with a note. n->lang
 * and n->dept are taken from the chat. A second try (same client id, or
 * the chat handed over already) is a resend. Without n->email, the
 * address the chat's start form gave is used. PL_OK, PL_ENOTFOUND,
 * PL_ESTATE (an operator took the chat), PL_EINVAL (no address at all),
 * PL_EDB. n is left as it was.
 */
int	pl_contact_from_chat(struct pl_db *, unsigned long long chat,
	    const struct pl_actor *, struct pl_contact_new *,
	    struct pl_contact_done *);

/*
 * The fill-time token of the contact form: when it was handed out, for
 * which site, signed with a key only the database knows. Check answers
 * PL_OK with *age (seconds since), PL_EINVAL (forged, another site's or
 * malformed), PL_EDB.
 */
#define PL_FORM_TOKEN_MAX	96
int	pl_contact_form_token(struct pl_db *, unsigned long site, time_t now,
	    char out[PL_FORM_TOKEN_MAX]);
int	pl_contact_form_check(struct pl_db *, unsigned long site, const char *token,
	    time_t now, long long *age);

/* ---- the console ------------------------------------------------------------ */

struct pl_contact_row {
	unsigned long long	 id;
	char			 created[32];
	char			 status[12];	/* new, read, answered */
	char			 name[PL_UTF8_BYTES(255)];
	char			 email[PL_UTF8_BYTES(254)];
	char			 lang[9];
	char			 dept[2];
	char			 summary[PL_UTF8_BYTES(255)];
	char			 mail[8];	/* none, queued, sent, failed */
	unsigned long long	 chat;		/* 0: none */
};

/*
 * The site's requests, newest first, with id < before (0: from the
 * newest), at most limit, status NULL for all; *more when there are
 * older ones; *fresh the site's new requests. PL_OK or PL_EDB.
 */
int	pl_contact_list(struct pl_db *, unsigned long site, const char *status,
	    unsigned long long before, unsigned limit,
	    int (*fn)(void *, const struct pl_contact_row *), void *arg,
	    int *more, long long *fresh);

/* One request in full. Free with pl_contact_free. */
struct pl_contact {
	struct pl_contact_row	 row;
	char			*page;
	char			*fields_json;
	char			 consent_version[PL_HASH_HEX];	/* "" none */
	char			 consent_at[32];
};

struct pl_contact_mail {
	const char	*kind;		/* contact, copy, reply */
	const char	*rcpt;
	const char	*state;		/* queued, sent, failed */
	long long	 attempts;
	const char	*last_error;
	const char	*sent_at;	/* "" unsent */
};

struct pl_contact_reply {
	unsigned long long	 id;
	const char		*operator;	/* the operator's name */
	const char		*text;
	const char		*created;
};

/*
 * The request of this site (PL_ENOTFOUND for another's), its mails and
 * replies through the callbacks. PL_OK, PL_ENOTFOUND, PL_EDB.
 */
int	pl_contact_get(struct pl_db *, unsigned long site, unsigned long long id,
	    struct pl_contact *,
	    int (*mail_fn)(void *, const struct pl_contact_mail *),
	    int (*reply_fn)(void *, const struct pl_contact_reply *), void *arg);
void	pl_contact_free(struct pl_contact *);

/* new, read or answered. PL_OK, PL_ENOTFOUND, PL_EINVAL, PL_EDB. */
int	pl_contact_set_status(struct pl_db *, unsigned long site,
	    unsigned long long id, const char *status);

/*
 * A reply by mail from the console, in one transaction: stored, queued
 * to the visitor's address (Reply-To the site's), the request answered.
 * A resend (same client id) stores nothing. PL_OK, PL_ENOTFOUND,
 * PL_ESTATE (the request has no address), PL_EDB.
 */
int	pl_contact_reply(struct pl_db *, unsigned long site, unsigned long long id,
	    long long operator_id, const char *client_id, const char *text,
	    unsigned long long *reply_id, int *resent);

#endif
