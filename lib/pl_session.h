/*
 * pl_session.h: the HTTP side of operator and admin sessions. The
 * session id lives in an HttpOnly, SameSite=Strict cookie (__Host-
 * prefixed and Secure over HTTPS); the database keeps only its SHA-256
 * (pl_operator.h). Every state-changing request must also carry the
 * session's CSRF token in X-CSRF-Token, and a cross-site Origin is
 * refused.
 */
#ifndef PL_SESSION_H
#define PL_SESSION_H

#include "pl_operator.h"
#include "pl_req.h"

/* The request's session. PL_OK, PL_ENOTFOUND (none or expired), PL_EDB. */
int	pl_session_get(struct pl_req *, struct pl_session *);
/* 1 when Origin and Sec-Fetch-Site (if sent) say the request comes from this host. */
int	pl_session_same_origin(struct pl_req *);
/* 1 when X-CSRF-Token matches and the request is same-origin. */
int	pl_session_csrf_ok(struct pl_req *, const struct pl_session *);
/*
 * The session of an operator or admin request, for every program that
 * has one (the console's and the admin area's): 401 without one, 403
 * for a POST without its CSRF token; the request's site becomes the
 * session's. 0, or -1 answered.
 */
int	pl_session_auth(struct pl_req *, struct pl_session *);
/* Set (or, with token NULL, clear) the session cookie. */
void	pl_session_cookie(struct pl_req *, const char *token);

/*
 * Hosting admins (pl_hosting.h) have a cookie of their own
 * (plauder_host, __Host-plauder_host over HTTPS), so one browser may hold
 * a hosting session and a site's session at once. pl_session_auth refuses
 * a request that has only a hosting session (403 forbidden: it has no
 * site), and one of a suspended site (403 site_suspended);
 * pl_session_auth_hosting refuses one that has only a site's session
 * (403 forbidden). Otherwise both answer alike: 401 without a session,
 * 403 csrf for a POST without its token. 0, or -1 answered.
 */
int	pl_session_auth_hosting(struct pl_req *, struct pl_session *);
void	pl_session_hosting_cookie(struct pl_req *, const char *token);

/*
 * The two halves every login handler shares. pl_session_login_origin:
 * 0, or -1 with 403 csrf for a cross-site login (there is no session yet
 * to hold a token). pl_session_login_done answers the login's code:
 * 0 on PL_OK (the cookie of its kind set, token wiped; the caller
 * writes the 200), else -1 with 401 invalid_credentials, 429
 * too_many_attempts (Retry-After) or 503.
 */
int	pl_session_login_origin(struct pl_req *);
int	pl_session_login_done(struct pl_req *, int rc, int hosting,
	    char token[PL_TOKEN_HEX], const char *addr);

#endif
