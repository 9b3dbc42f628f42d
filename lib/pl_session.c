/*
 * pl_session.c: session cookies and CSRF checks (see pl_session.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "pl_hosting.h"
#include "pl_log.h"
#include "pl_resp.h"
#include "pl_session.h"

#define COOKIE_HTTPS	"__Host-plauder_op"
#define COOKIE_HTTP	"plauder_op"
#define HOSTING_HTTPS	"__Host-plauder_host"
#define HOSTING_HTTP	"plauder_host"

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

/* The request's hosting session: PL_OK, PL_ENOTFOUND, PL_EDB. */
static int
hosting_get(struct pl_req *r, struct pl_session *s)
{
	const struct pl_kv *kv;

	memset(s, 0, sizeof(*s));
	if ((kv = pl_kvlist_get(&r->cookies, HOSTING_HTTPS)) == NULL &&
	    (kv = pl_kvlist_get(&r->cookies, HOSTING_HTTP)) == NULL)
		return PL_ENOTFOUND;
	return pl_hosting_session_load(r->db, kv->val, kv->vlen, s);
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

static void
set_cookie(struct pl_req *r, const char *https_name, const char *http_name,
    const char *token)
{
	char	buf[256];
	int	https = is_https(r);

	snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    https ? https_name : http_name, token != NULL ? token : "",
	    https ? "; Secure" : "",
	    token == NULL ? "; Max-Age=0" : "");
	pl_header(r, "Set-Cookie", buf);
}

void
pl_session_cookie(struct pl_req *r, const char *token)
{
	set_cookie(r, COOKIE_HTTPS, COOKIE_HTTP, token);
}

void
pl_session_hosting_cookie(struct pl_req *r, const char *token)
{
	set_cookie(r, HOSTING_HTTPS, HOSTING_HTTP, token);
}

/*
 * Found (rc PL_OK): the CSRF check of a POST. Not found: 403 when the
 * other kind of session is there (other returns PL_OK), else 401.
 */
static int
auth_finish(struct pl_req *r, struct pl_session *s, int rc,
    int (*other)(struct pl_req *, struct pl_session *), const char *why)
{
	struct pl_session o;

	switch (rc) {
	case PL_OK:
		break;
	case PL_ENOTFOUND:
		if ((rc = other(r, &o)) == PL_OK)
			pl_error(r, 403, "forbidden", NULL, why);
		else if (rc == PL_ENOTFOUND)
			pl_error(r, 401, "not_authenticated", NULL, "please log in");
		else
			pl_error_db(r);
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
	if (r->method == PL_M_POST && !pl_session_csrf_ok(r, s)) {
		pl_log(r->reqid, PL_LOG_WARN, "CSRF check failed for %s %lld",
		    s->hosting ? "hosting admin" : "operator", s->operator_id);
		pl_error(r, 403, "csrf", NULL, "missing or wrong CSRF token");
		return -1;
	}
	return 0;
}

int
pl_session_auth(struct pl_req *r, struct pl_session *s)
{
	if (auth_finish(r, s, pl_session_get(r, s), hosting_get,
	    "a hosting admin has no site; log in as one of its admins") != 0)
		return -1;
	if (s->suspended) {
		pl_error_suspended(r);
		return -1;
	}
	r->site.id = s->site;
	return 0;
}

int
pl_session_auth_hosting(struct pl_req *r, struct pl_session *s)
{
	return auth_finish(r, s, hosting_get(r, s), pl_session_get,
	    "only hosting admins may do this");
}

int
pl_session_login_origin(struct pl_req *r)
{
	if (pl_session_same_origin(r))
		return 0;
	pl_error(r, 403, "csrf", NULL, "cross-site login refused");
	return -1;
}

int
pl_session_login_done(struct pl_req *r, int rc, int hosting,
    char token[PL_TOKEN_HEX], const char *addr)
{
	switch (rc) {
	case PL_OK:
		if (hosting)
			pl_session_hosting_cookie(r, token);
		else
			pl_session_cookie(r, token);
		sodium_memzero(token, PL_TOKEN_HEX);
		return 0;
	case PL_ELIMIT:
		pl_error(r, 429, "too_many_attempts", NULL,
		    "too many failed logins; try again later");
		pl_header(r, "Retry-After", "900");
		break;
	case PL_EDENIED:
		pl_log(r->reqid, PL_LOG_INFO, "failed %s login for site %lu from %s",
		    hosting ? "hosting" : "operator", r->site.id, addr);
		pl_error(r, 401, "invalid_credentials", NULL,
		    "wrong login or password");
		break;
	default:
		pl_error_db(r);
		break;
	}
	return -1;
}
