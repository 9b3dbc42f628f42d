/*
 * pl_visitors.h: who is on a site now, and proactive invitations to chat
 * (domain layer). A visitor is the page views' hash (pl_count.h): only
 * pages of the tracking variant count, so a visitor under count=no is
 * never listed and cannot be invited. A visit is a visitor's page views
 * less than 30 minutes apart; a visitor is live with a page view in the
 * last minutes (conf live_minutes).
 *
 * An invitation (an operator's text) is open for 10 minutes; the
 * visitor's widget finds it by proving to be that visitor (its
 * first-party id, or on a cookieless site its anonymised address and
 * user agent), and either declines it (remembered for the visit: no
 * second invitation until the visitor comes back another time) or
 * accepts it by starting a chat with it (pl_chat_start: the chat goes to
 * the inviting operator at once).
 */
#ifndef PL_VISITORS_H
#define PL_VISITORS_H

#include <stddef.h>

#include "pl_util.h"

struct pl_db;

#define PL_VISITOR_HASH	65	/* 64 hex + NUL */
#define PL_INVITE_TEXT	500	/* characters */

/*
 * The page views' hash of the visitor of a request on a site: of its
 * first-party id (id: 16..64 token characters, or "" none) where the site
 * counts with ids, else of the anonymised address and user agent with
 * today's salt. PL_OK, PL_ENOTFOUND (no hash: a cookieless site counted
 * nobody today, or no such site), PL_EDB.
 */
int	pl_visitor_hash(struct pl_db *, unsigned long site, const char *id,
	    const char *addr, const char *agent, char out[PL_VISITOR_HASH]);

struct pl_live_visitor {
	char		 visitor[PL_VISITOR_HASH];
	char		 page[2049];
	char		 title[PL_UTF8_BYTES(255)];
	char		 referrer[256];		/* of the visit's first page */
	char		*data;			/* a JSON object (owned by the caller's callback: copy it) */
	char		 dept[2];
	char		 lang[9];
	char		 host[256];		/* anonymised reverse name, "" none */
	char		 since[32], last[32];	/* ISO 8601 UTC */
	long long	 seconds;		/* on the site, this visit */
	long long	 pages;			/* seen this visit */
	int		 returning;		/* page views before this visit */
	unsigned long long chat;		/* a running chat, or 0 */
	char		 invitation[16];	/* "", open, expired, accepted, declined */
};

typedef int (*pl_live_fn)(void *arg, const struct pl_live_visitor *);

/*
 * The site's live visitors in the given departments ("" none; pages
 * without a department are everyone's), newest activity first, at most
 * 200. PL_OK or PL_EDB.
 */
int	pl_visitors_live(struct pl_db *, unsigned long site, const char *depts,
	    unsigned minutes, pl_live_fn, void *arg);

/*
 * Invite a live visitor: PL_OK (*id set), PL_ENOTFOUND (not on the site
 * now), PL_ESTATE (a chat runs, or an invitation is open), PL_EDENIED
 * (declined one this visit), PL_EDB. One transaction.
 */
int	pl_invite(struct pl_db *, unsigned long site, long long operator_id,
	    const char *visitor, unsigned minutes, const char *text,
	    unsigned long long *id);

struct pl_invitation {
	unsigned long long	id;
	char			text[PL_UTF8_BYTES(PL_INVITE_TEXT)];
	char			operator[PL_UTF8_BYTES(128)];	/* its display name, "" none */
};

/* The visitor's open invitation: PL_OK, PL_ENOTFOUND (none), PL_EDB. */
int	pl_invite_pending(struct pl_db *, unsigned long site, const char *visitor,
	    struct pl_invitation *);
/* Decline it: PL_OK, PL_ENOTFOUND (no such open invitation of the visitor), PL_EDB. */
int	pl_invite_decline(struct pl_db *, unsigned long site, const char *visitor,
	    unsigned long long id);

#endif
