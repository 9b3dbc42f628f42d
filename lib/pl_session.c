/*
 * pl_session.c: sessions and CSRF checks (see pl_session.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pl_db.h"
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
pl_session_create(struct pl_db *db, unsigned long site, long long op,
    char token[PL_TOKEN_HEX], char csrf[PL_TOKEN_HEX])
{
	struct pl_q	q;
	char		hash[PL_HASH_HEX];
	int		rc;

	pl_token_new(token, hash);
	pl_random_hex(csrf, PL_TOKEN_BYTES);
	pl_q_init(&q, db, ST_SESSION_INSERT);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	pl_q_cstr(&q, csrf);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? PL_OK : PL_EDB;
}

int
pl_session_get(struct pl_req *r, struct pl_session *s)
{
	const struct pl_kv	*kv;
	struct pl_q		 q;
	long long		 site = 0;
	int			 rc;

	memset(s, 0, sizeof(*s));
	if ((kv = pl_kvlist_get(&r->cookies, COOKIE_HTTPS)) == NULL &&
	    (kv = pl_kvlist_get(&r->cookies, COOKIE_HTTP)) == NULL)
		return PL_ENOTFOUND;
	if (kv->vlen != PL_TOKEN_HEX - 1)
		return PL_ENOTFOUND;
	pl_sha256_hex(kv->val, kv->vlen, s->hash);
	pl_q_init(&q, r->db, ST_SESSION_GET);
	pl_q_cstr(&q, s->hash);
	pl_q_out_int(&q, &site, NULL);
	pl_q_out_int(&q, &s->operator_id, NULL);
	pl_q_out_str(&q, s->csrf, sizeof(s->csrf), NULL, NULL);
	pl_q_out_str(&q, s->login, sizeof(s->login), NULL, NULL);
	pl_q_out_str(&q, s->name, sizeof(s->name), NULL, NULL);
	pl_q_out_str(&q, s->role, sizeof(s->role), NULL, NULL);
	pl_q_out_int(&q, &s->sound_repeat, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 0)
		return PL_ENOTFOUND;
	s->site = (unsigned long)site;
	pl_q_init(&q, r->db, ST_SESSION_TOUCH);
	pl_q_cstr(&q, s->hash);
	(void)pl_q_exec(&q);
	pl_q_done(&q);
	return PL_OK;
}

int
pl_session_csrf_ok(struct pl_req *r, const struct pl_session *s)
{
	const char	*tok = pl_env(r, "HTTP_X_CSRF_TOKEN");
	const char	*origin = pl_env(r, "HTTP_ORIGIN");
	const char	*host = pl_env(r, "HTTP_HOST");
	const char	*sfs = pl_env(r, "HTTP_SEC_FETCH_SITE");

	if (tok == NULL || !pl_secure_streq(tok, s->csrf))
		return 0;
	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return 0;
	if (origin != NULL && host != NULL) {
		const char *p = strstr(origin, "://");

		if (p == NULL || strcmp(p + 3, host) != 0)
			return 0;
	}
	return 1;
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
pl_session_delete(struct pl_db *db, const struct pl_session *s)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_SESSION_DELETE);
	pl_q_cstr(&q, s->hash);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? PL_OK : PL_EDB;
}

int
pl_session_delete_others(struct pl_db *db, const struct pl_session *s)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_SESSION_DELETE_OTHERS);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_cstr(&q, s->hash);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? PL_OK : PL_EDB;
}
