/*
 * pl_session.c: session cookies and CSRF checks (see pl_session.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pl_log.h"
#include "pl_resp.h"
#include "pl_session.h"

#define COOKIE_HTTPS	"__Host-plauder_op"
#define COOKIE_HTTP	"plauder_op"

static int
is_https(struct pl_req *r)
{
	const char *h = pl_env(r, "HTTPS");

	return h != NULL && strcasecmp(h, "on") == 0;
}

int
pl_session_get(struct pl_req *r, struct pl_session *s)
{
	const struct pl_kv *kv;

	memset(s, 0, sizeof(*s));
	if ((kv = pl_kvlist_get(&r->cookies, COOKIE_HTTPS)) == NULL &&
	    (kv = pl_kvlist_get(&r->cookies, COOKIE_HTTP)) == NULL)
		return PL_ENOTFOUND;
	return pl_session_load(r->db, kv->val, kv->vlen, s);
}

int
pl_session_same_origin(struct pl_req *r)
{
	const char	*origin = pl_env(r, "HTTP_ORIGIN");
	const char	*host = pl_env(r, "HTTP_HOST");
	const char	*sfs = pl_env(r, "HTTP_SEC_FETCH_SITE");
	const char	*p;

	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return 0;
	if (origin != NULL && host != NULL &&
	    ((p = strstr(origin, "://")) == NULL || strcmp(p + 3, host) != 0))
		return 0;
	return 1;
}

int
pl_session_csrf_ok(struct pl_req *r, const struct pl_session *s)
{
	const char *tok = pl_env(r, "HTTP_X_CSRF_TOKEN");

	return tok != NULL && pl_secure_streq(tok, s->csrf) &&
	    pl_session_same_origin(r);
}

void
pl_session_cookie(struct pl_req *r, const char *token)
{
	char	buf[256];
	int	https = is_https(r);

	snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    https ? COOKIE_HTTPS : COOKIE_HTTP, token != NULL ? token : "",
	    https ? "; Secure" : "",
	    token == NULL ? "; Max-Age=0" : "");
	pl_header(r, "Set-Cookie", buf);
}

int
pl_session_auth(struct pl_req *r, struct pl_session *s)
{
	switch (pl_session_get(r, s)) {
	case PL_OK:
		break;
	case PL_ENOTFOUND:
		pl_error(r, 401, "not_authenticated", NULL, "please log in");
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
	if (r->method == PL_M_POST && !pl_session_csrf_ok(r, s)) {
		pl_log(r->reqid, PL_LOG_WARN, "CSRF check failed for operator %lld",
		    s->operator_id);
		pl_error(r, 403, "csrf", NULL, "missing or wrong CSRF token");
		return -1;
	}
	r->site.id = s->site;
	return 0;
}
