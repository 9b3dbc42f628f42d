/*
 * pl_session.h: operator and admin sessions. The session id lives in an
 * HttpOnly, SameSite=Strict cookie (__Host- prefixed and Secure over
 * HTTPS); the database keeps only its SHA-256. Every state-changing
 * request must also carry the session's CSRF token in X-CSRF-Token, and
 * a cross-site Origin is refused.
 */
#ifndef PL_SESSION_H
#define PL_SESSION_H

#include "pl_chat.h"
#include "pl_req.h"

struct pl_session {
	unsigned long	site;
	long long	operator_id;
	char		csrf[PL_TOKEN_HEX];
	char		login[65];
	char		name[129];
	char		role[16];
	long long	sound_repeat;
	char		hash[PL_HASH_HEX];
};

/* New session; token and csrf are filled. PL_OK or PL_EDB. */
int	pl_session_create(struct pl_db *, unsigned long site, long long operator_id,
	    char token[PL_TOKEN_HEX], char csrf[PL_TOKEN_HEX]);
/* The request's session. PL_OK, PL_ENOTFOUND (none or expired), PL_EDB. */
int	pl_session_get(struct pl_req *, struct pl_session *);
/* 1 when X-CSRF-Token matches and Origin (if sent) is this host. */
int	pl_session_csrf_ok(struct pl_req *, const struct pl_session *);
/* Set (or, with token NULL, clear) the session cookie. */
void	pl_session_cookie(struct pl_req *, const char *token);
/* End this session / all others of the operator. */
int	pl_session_delete(struct pl_db *, const struct pl_session *);
int	pl_session_delete_others(struct pl_db *, const struct pl_session *);

#endif
