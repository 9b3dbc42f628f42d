/*
 * hosting.c: the hosting level of the admin program (see docs/API.md,
 * "/admin: hosting"). A hosting admin has no site of its own:
 *
 *   POST /hosting-login, /hosting-logout   GET /hosting-session
 *   GET  /sites                            every site with its state
 *   POST /site-create                      a new site N-M (and its first admin)
 *   POST /site-suspend, /site-resume       the site takes no work / works again
 *   POST /site-admin-reset                 a site admin's new password (or a new admin)
 *
 * The login is the operators' (throttle, argon2id, session and CSRF
 * code in lib/, shared), with a cookie of its own: a hosting session is
 * refused by the site's endpoints and a site's session by these (403).
 * Every change is audited on the site it concerns.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "admin.h"
#include "pl_auth.h"
#include "pl_answer.h"
#include "pl_hosting.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_resp.h"
#include "pl_session.h"

#define REQ	PL_P_REQUIRED

enum key {
	KEY_LOGIN, KEY_PASSWORD, KEY_SITE, KEY_NAME, KEY_ADMIN_LOGIN,
	KEY_ADMIN_PASSWORD, KEY_NEW_PASSWORD, KEY__MAX
};

static const struct pl_param params[KEY__MAX] = {
	[KEY_LOGIN] = { "login", PL_T_STR, 1, 64, REQ, NULL },
	[KEY_PASSWORD] = { "password", PL_T_STR, 1, PL_PASSWORD_MAX, REQ, NULL },
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, REQ, NULL },
	[KEY_NAME] = { "name", PL_T_STR, 0, 512, 0, NULL },
	[KEY_ADMIN_LOGIN] = { "admin_login", PL_T_TOKEN, 1, 64, 0, NULL },
	[KEY_ADMIN_PASSWORD] = { "admin_password", PL_T_STR, 8, PL_PASSWORD_MAX, 0, NULL },
	/* site-admin-reset: the site admin's login and its new password */
	[KEY_NEW_PASSWORD] = { "password", PL_T_STR, 8, PL_PASSWORD_MAX, REQ, NULL },
};

/* ---- helpers ------------------------------------------------------------------- */

/* The session of a hosting admin, or -1 answered (401, 403, 503). */
static int
hosting_auth(struct pl_req *r, struct pl_session *s, struct pl_editor *who)
{
	if (pl_session_auth_hosting(r, s) != 0)
		return -1;
	who->operator_id = 0;	/* not one of the site's operators */
	who->login = s->login;
	return 0;
}

static void
answer_session(struct pl_req *r, const struct pl_session *s)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddStringToObject(cJSON_AddObjectToObject(root, "hosting"), "login", s->login);
	cJSON_AddStringToObject(root, "csrf", s->csrf);
	pl_json(r, 200, root);
}

/* The error of a domain code; field names the parameter at fault. */
static void
answer_error(struct pl_req *r, int rc, const char *field)
{
	char msg[96];

	switch (rc) {
	case PL_EINVAL:
		snprintf(msg, sizeof(msg), "%s: not valid", field != NULL ? field : "value");
		pl_error(r, 400, "invalid_parameter", field, msg);
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "unknown_site", "site", "no such site");
		break;
	case PL_EDUP:
		pl_error(r, 409, field != NULL && strcmp(field, "site") == 0 ?
		    "site_exists" : "login_exists", field, "it exists already");
		break;
	case PL_ENOMEM:
		pl_error_internal(r);
		break;
	default:
		pl_error_db(r);
		break;
	}
}

/* ---- login ----------------------------------------------------------------------- */

/*
 * POST login, password. 200 {hosting: {login}, csrf} (cookie set); 401
 * invalid_credentials; 403 cross-site; 429 too_many_attempts; 503.
 */
static void
h_login(struct pl_req *r)
{
	struct pl_session	s;
	char			addr[PL_IP_ANON_MAX], token[PL_TOKEN_HEX];
	int			rc;

	if (pl_session_login_origin(r) != 0)
		return;
	pl_answer_client(r, addr, sizeof(addr));
	rc = pl_hosting_login(r->db, PL_V(r, KEY_LOGIN)->s, PL_V(r, KEY_PASSWORD)->s,
	    addr, &s, token);
	if (pl_session_login_done(r, rc, 1, token, addr) == 0)
		answer_session(r, &s);
}

/* POST. 200; ends the hosting session and clears its cookie. 401; 403. */
static void
h_logout(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;
	cJSON			*root;

	if (hosting_auth(r, &s, &who) != 0)
		return;
	if (pl_hosting_session_delete(r->db, &s) != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_session_hosting_cookie(r, NULL);
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* GET. 200 like the login; 401; 403 (a site's session). */
static void
h_session(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;

	if (hosting_auth(r, &s, &who) == 0)
		answer_session(r, &s);
}

/* ---- sites ----------------------------------------------------------------------- */

static int
add_site(void *arg, const struct pl_hosted_site *h)
{
	cJSON		*x = cJSON_CreateObject(), *admins;
	const char	*p = h->admins;
	size_t		 n;
	char		 login[65];

	cJSON_AddStringToObject(x, "site", h->code);
	cJSON_AddStringToObject(x, "name", h->name);
	cJSON_AddBoolToObject(x, "suspended", h->suspended);
	if (*h->suspended_at != '\0')
		cJSON_AddStringToObject(x, "suspended_at", h->suspended_at);
	else
		cJSON_AddNullToObject(x, "suspended_at");
	cJSON_AddStringToObject(x, "created", h->created);
	admins = cJSON_AddArrayToObject(x, "admins");
	for (; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		snprintf(login, sizeof(login), "%.*s", (int)n, p);
		cJSON_AddItemToArray(admins, cJSON_CreateString(login));
	}
	cJSON_AddItemToArray(arg, x);
	return 0;
}

/* GET. 200 {sites: [{site, name, suspended, suspended_at, created, admins}]}; 401; 403. */
static void
h_sites(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	cJSON			*root;

	if (hosting_auth(r, &s, &who) != 0)
		return;
	root = cJSON_CreateObject();
	if (pl_hosting_sites(r->db, add_site, cJSON_AddArrayToObject(root, "sites")) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/*
 * POST site, name, admin_login, admin_password (both or neither). 201
 * {ok, site, admin}; 400 (field); 409 site_exists; 401; 403.
 */
static void
h_site_create(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	const struct pl_value	*login = PL_V(r, KEY_ADMIN_LOGIN), *pw = PL_V(r, KEY_ADMIN_PASSWORD);
	const char		*bad = NULL;
	char			 code[24];
	cJSON			*root;
	int			 rc;

	if (hosting_auth(r, &s, &who) != 0)
		return;
	if (login->present != pw->present) {
		bad = login->present ? "admin_password" : "admin_login";
		pl_error(r, 400, "invalid_parameter", bad,
		    "admin_login and admin_password go together");
		return;
	}
	rc = pl_hosting_site_create(r->db, &who, &PL_V(r, KEY_SITE)->site,
	    PL_V(r, KEY_NAME)->present ? PL_V(r, KEY_NAME)->s : "",
	    login->present ? login->s : NULL, pw->present ? pw->s : NULL, &bad);
	if (rc != PL_OK) {
		answer_error(r, rc, rc == PL_EDUP ? "site" : bad);
		return;
	}
	snprintf(code, sizeof(code), "%lu-%lu", PL_V(r, KEY_SITE)->site.customer,
	    PL_V(r, KEY_SITE)->site.instance);
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddStringToObject(root, "site", code);
	if (login->present)
		cJSON_AddStringToObject(root, "admin", login->s);
	else
		cJSON_AddNullToObject(root, "admin");
	pl_json(r, 201, root);
}

/* POST site. 200 {ok, site, suspended, changed}; 400; 404 unknown_site; 401; 403. */
static void
site_state(struct pl_req *r, int suspend)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	char			 code[24];
	cJSON			*root;
	int			 rc, changed = 0;

	if (hosting_auth(r, &s, &who) != 0)
		return;
	rc = pl_hosting_site_suspend(r->db, &who, &PL_V(r, KEY_SITE)->site, suspend,
	    &changed);
	if (rc != PL_OK) {
		answer_error(r, rc, "site");
		return;
	}
	snprintf(code, sizeof(code), "%lu-%lu", PL_V(r, KEY_SITE)->site.customer,
	    PL_V(r, KEY_SITE)->site.instance);
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddStringToObject(root, "site", code);
	cJSON_AddBoolToObject(root, "suspended", suspend);
	cJSON_AddBoolToObject(root, "changed", changed);
	pl_json(r, 200, root);
}

static void
h_site_suspend(struct pl_req *r)
{
	site_state(r, 1);
}

static void
h_site_resume(struct pl_req *r)
{
	site_state(r, 0);
}

/*
 * POST site, login, password (≥ 8). The login becomes an enabled admin
 * of the site with this password, its sessions end; a new login is
 * created. 200 {ok, created}; 400; 404 unknown_site; 409 login_exists
 * (created meanwhile); 401; 403.
 */
static void
h_admin_reset(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	const char		*bad = NULL;
	cJSON			*root;
	int			 rc, created = 0;

	if (hosting_auth(r, &s, &who) != 0)
		return;
	rc = pl_hosting_admin_reset(r->db, &who, &PL_V(r, KEY_SITE)->site,
	    PL_V(r, KEY_LOGIN)->s, PL_V(r, KEY_NEW_PASSWORD)->s, &created, &bad);
	if (rc != PL_OK) {
		answer_error(r, rc, rc == PL_EDUP ? "login" : bad);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddBoolToObject(root, "created", created);
	pl_json(r, 200, root);
}

/* ---- routes ---------------------------------------------------------------------- */

#define P(k)	[k] = params[k]

static const struct pl_param p_none[KEY__MAX];
static const struct pl_param p_login[KEY__MAX] = { P(KEY_LOGIN), P(KEY_PASSWORD) };
static const struct pl_param p_create[KEY__MAX] = {
	P(KEY_SITE), P(KEY_NAME), P(KEY_ADMIN_LOGIN), P(KEY_ADMIN_PASSWORD),
};
static const struct pl_param p_site[KEY__MAX] = { P(KEY_SITE) };
static const struct pl_param p_reset[KEY__MAX] = {
	P(KEY_SITE), [KEY_LOGIN] = { "login", PL_T_TOKEN, 1, 64, REQ, NULL },
	P(KEY_NEW_PASSWORD),
};

#define R(path, m, p, h)	{ path, m, p, KEY__MAX, PL_R_DB, 0, h }

/* PL_R_DB, never PL_R_SITE: these routes must reach a suspended site. */
const struct pl_route hosting_routes[] = {
	R("/hosting-login", PL_M_POST, p_login, h_login),
	R("/hosting-logout", PL_M_POST, p_none, h_logout),
	R("/hosting-session", PL_M_GET, p_none, h_session),
	R("/sites", PL_M_GET, p_none, h_sites),
	R("/site-create", PL_M_POST, p_create, h_site_create),
	R("/site-suspend", PL_M_POST, p_site, h_site_suspend),
	R("/site-resume", PL_M_POST, p_site, h_site_resume),
	R("/site-admin-reset", PL_M_POST, p_reset, h_admin_reset),
};

const size_t hosting_nroutes = sizeof(hosting_routes) / sizeof(hosting_routes[0]);
