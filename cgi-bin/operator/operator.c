/*
 * operator: the operator side (see docs/API.md, "/operator").
 *
 *   POST /login, /logout, /password, /presence, /settings
 *   GET  /session
 *   GET  /canned; POST /canned-set, /canned-delete   (canned.c)
 *   GET  /team                                       (team.c)
 *   GET  /contacts, /contact; POST /contact-status, /contact-reply (contacts.c)
 *   GET  /poll, /messages, /chat, /file        (console.c)
 *   POST /accept, /send, /typing, /transfer, /close, /close-similar, /contract,
 *        /upload (console.c)
 *
 * Login: argon2id (libsodium) against the stored hash; failures are
 * throttled per account and per anonymised address (429 + Retry-After)
 * and the answer never tells whether the account exists.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_visitors.h"
#include "pl_answer.h"
#include "pl_auth.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_resp.h"
#include "pl_site.h"

#define REQ		PL_P_REQUIRED

static const char *const statuses[] = { "online", "away", "offline", NULL };
static const char *const scopes[] = { "personal", "shared", NULL };
static const char *const cstatuses[] = { "new", "read", "answered", NULL };
static const char *const filters[] = { "new", "read", "answered", "all", NULL };

const struct pl_param op_params[KEY__MAX] = {
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, REQ, NULL },
	[KEY_LOGIN] = { "login", PL_T_STR, 1, 64, REQ, NULL },
	[KEY_PASSWORD] = { "password", PL_T_STR, 1, PL_PASSWORD_MAX, REQ, NULL },
	[KEY_NEW_PASSWORD] = { "new_password", PL_T_STR, 8, PL_PASSWORD_MAX, REQ, NULL },
	[KEY_STATUS] = { "status", PL_T_ENUM, 0, 0, REQ, statuses },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_CURSOR] = { "cursor", PL_T_INT, 0, 9007199254740991LL, 0, NULL },
	[KEY_WAIT] = { "wait", PL_T_INT, 0, 25, 0, NULL },
	[KEY_CHAT] = { "chat", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_AFTER] = { "after", PL_T_INT, 0, 4294967295LL, 0, NULL },
	[KEY_CLIENT_ID] = { "client_id", PL_T_TOKEN, 1, 64, REQ, NULL },
	[KEY_TEXT] = { "text", PL_T_TEXT, 1, PL_MSG_MAX, REQ, NULL },
	[KEY_TYPING] = { "typing", PL_T_BOOL, 0, 0, REQ, NULL },
	[KEY_TO_OPERATOR] = { "to_operator", PL_T_STR, 1, 64, 0, NULL },
	[KEY_TO_DEPT] = { "to_dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_NOTE] = { "note", PL_T_STR, 0, 500, 0, NULL },
	[KEY_FLAG] = { "flag", PL_T_BOOL, 0, 0, REQ, NULL },
	[KEY_SHORTCUT] = { "shortcut", PL_T_TOKEN, 1, 32, REQ, NULL },
	[KEY_FILE] = { "file", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_NAME] = { "name", PL_T_STR, 1, 255, REQ, NULL },
	[KEY_SOUND] = { "sound_repeat", PL_T_BOOL, 0, 0, REQ, NULL },
	/* "chat:seq,chat:seq,...": what the console has; newer messages come inline */
	[KEY_SEQS] = { "seqs", PL_T_STR, 0, 4096, 0, NULL },
	/* canned answers: an operator's own (the default) or the site's */
	[KEY_SCOPE] = { "scope", PL_T_ENUM, 0, 0, 0, scopes },
	/* contact requests */
	[KEY_ID] = { "id", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_CSTATUS] = { "status", PL_T_ENUM, 0, 0, REQ, cstatuses },
	[KEY_FILTER] = { "status", PL_T_ENUM, 0, 0, 0, filters },
	[KEY_BEFORE] = { "before", PL_T_INT, 1, 9007199254740991LL, 0, NULL },
	[KEY_LIMIT] = { "limit", PL_T_INT, 1, 100, 0, NULL },
	[KEY_BODY] = { "text", PL_T_TEXT, 1, 20000, REQ, NULL },
	/* live visitors: the page views' visitor hash */
	[KEY_VISITOR] = { "visitor", PL_T_TOKEN, 64, 64, REQ, NULL },
};

void
op_actor(struct pl_req *r, const struct pl_session *s, struct pl_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->who = PL_FROM_OPERATOR;
	a->operator_id = s->operator_id;
	a->depts = s->depts;
	a->name = s->name;	/* visitors never see the login */
	pl_answer_caps(r, &a->caps);
}

static void
ok(struct pl_req *r)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* The operator as the console sees it: id, login, name, role, departments. */
static void
answer_session(struct pl_req *r, const struct pl_session *s, int status)
{
	cJSON	*root = cJSON_CreateObject(), *o, *d;
	char	 dept[2] = { 0, 0 };
	size_t	 i;

	o = cJSON_AddObjectToObject(root, "operator");
	cJSON_AddNumberToObject(o, "id", (double)s->operator_id);
	cJSON_AddStringToObject(o, "login", s->login);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "role", s->role);
	cJSON_AddBoolToObject(o, "sound_repeat", s->sound_repeat);
	d = cJSON_AddArrayToObject(o, "departments");
	for (i = 0; s->depts[i] != '\0'; i++) {
		dept[0] = s->depts[i];
		cJSON_AddItemToArray(d, cJSON_CreateString(dept));
	}
	cJSON_AddStringToObject(root, "csrf", s->csrf);
	pl_json(r, status, root);
}

/*
 * POST site, login, password. 200 operator + csrf (cookie set);
 * 401 invalid_credentials (unknown account or wrong password alike);
 * 403 cross-site; 403 site_suspended;
 * 429 too many failures; 503.
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
	switch (pl_site_lookup(r->db, &PL_V(r, KEY_SITE)->site, &r->site)) {
	case PL_OK:
		break;
	case PL_ENOTFOUND:
		r->site.id = 0;	/* count against the address only */
		break;
	default:
		pl_error_db(r);
		return;
	}
	if (r->site.suspended) {
		pl_error_suspended(r);
		return;
	}
	rc = pl_operator_login(r->db, r->site.id, PL_V(r, KEY_LOGIN)->s,
	    PL_V(r, KEY_PASSWORD)->s, addr, &s, token);
	if (pl_session_login_done(r, rc, 0, token, addr) == 0)
		answer_session(r, &s, 200);
}

/* POST. 200; ends the session on the server and clears the cookie. */
static void
h_logout(struct pl_req *r)
{
	struct pl_session s;

	if (pl_session_auth(r, &s) != 0)
		return;
	if (pl_session_delete(r->db, &s) != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_session_cookie(r, NULL);
	ok(r);
}

/* GET. 200 operator + csrf; 401. */
static void
h_session(struct pl_req *r)
{
	struct pl_session s;

	if (pl_session_auth(r, &s) == 0)
		answer_session(r, &s, 200);
}

/* POST password, new_password. 200 (other sessions ended); 400; 401; 403. */
static void
h_password(struct pl_req *r)
{
	struct pl_session s;

	if (pl_session_auth(r, &s) != 0)
		return;
	switch (pl_operator_password(r->db, &s, PL_V(r, KEY_PASSWORD)->s,
	    PL_V(r, KEY_NEW_PASSWORD)->s)) {
	case PL_OK:
		ok(r);
		break;
	case PL_EDENIED:
		pl_error(r, 400, "invalid_parameter", "password",
		    "password: the current password is wrong");
		break;
	case PL_ENOMEM:
		pl_error_internal(r);
		break;
	default:
		pl_error_db(r);
		break;
	}
}

cJSON *
op_presence_json(struct pl_req *r, const struct pl_session *s)
{
	struct pl_presence	 p[PL_DEPTS_MAX];
	cJSON			*arr, *o;
	char			 dept[2] = { 0, 0 };
	size_t			 n, i;

	if (pl_presence_list(r->db, s->site, s->operator_id,
	    r->conf->presence_timeout, p, PL_DEPTS_MAX, &n) != PL_OK)
		return NULL;
	arr = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		dept[0] = p[i].dept;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dept", dept);
		cJSON_AddStringToObject(o, "status", p[i].status);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* POST status, [dept]. 200 presence; 400 not my department; 401; 403. */
static void
h_presence(struct pl_req *r)
{
	struct pl_session	 s;
	cJSON			*root, *arr;
	const struct pl_value	*dept = PL_V(r, KEY_DEPT);
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	rc = pl_presence_set(r->db, s.site, s.operator_id,
	    statuses[PL_V(r, KEY_STATUS)->i], dept->present ? (char)dept->i : 0);
	if (rc == PL_EINVAL) {
		pl_error(r, 400, "invalid_parameter", "dept", "dept: not one of yours");
		return;
	}
	if (rc != PL_OK || (arr = op_presence_json(r, &s)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "presence", arr);
	pl_json(r, 200, root);
}

/* POST sound_repeat. 200; 401; 403. */
static void
h_settings(struct pl_req *r)
{
	struct pl_session s;

	if (pl_session_auth(r, &s) != 0)
		return;
	if (pl_operator_sound(r->db, s.site, s.operator_id,
	    PL_V(r, KEY_SOUND)->i != 0) != PL_OK) {
		pl_error_db(r);
		return;
	}
	ok(r);
}

/* ---- routes ------------------------------------------------------------------ */

#define P(k)	[k] = op_params[k]

static const struct pl_param p_login[KEY__MAX] = { P(KEY_SITE), P(KEY_LOGIN), P(KEY_PASSWORD) };
static const struct pl_param p_none[KEY__MAX];
static const struct pl_param p_password[KEY__MAX] = { P(KEY_PASSWORD), P(KEY_NEW_PASSWORD) };
static const struct pl_param p_invite[KEY__MAX] = {
	P(KEY_VISITOR), [KEY_TEXT] = { "text", PL_T_TEXT, 1, PL_INVITE_TEXT, REQ, NULL },
};
static const struct pl_param p_presence[KEY__MAX] = { P(KEY_STATUS), P(KEY_DEPT) };
static const struct pl_param p_settings[KEY__MAX] = { P(KEY_SOUND) };
static const struct pl_param p_canned_set[KEY__MAX] = {
	P(KEY_SHORTCUT), P(KEY_TEXT), P(KEY_SCOPE),
};
static const struct pl_param p_canned_del[KEY__MAX] = { P(KEY_SHORTCUT), P(KEY_SCOPE) };
static const struct pl_param p_contacts[KEY__MAX] = {
	P(KEY_FILTER), P(KEY_BEFORE), P(KEY_LIMIT),
};
static const struct pl_param p_contact[KEY__MAX] = { P(KEY_ID) };
static const struct pl_param p_contact_status[KEY__MAX] = { P(KEY_ID), P(KEY_CSTATUS) };
static const struct pl_param p_contact_reply[KEY__MAX] = {
	P(KEY_ID), P(KEY_CLIENT_ID), P(KEY_BODY),
};
static const struct pl_param p_poll[KEY__MAX] = { P(KEY_CURSOR), P(KEY_WAIT), P(KEY_SEQS) };
static const struct pl_param p_chat[KEY__MAX] = { P(KEY_CHAT) };
static const struct pl_param p_messages[KEY__MAX] = { P(KEY_CHAT), P(KEY_AFTER) };
static const struct pl_param p_send[KEY__MAX] = { P(KEY_CHAT), P(KEY_CLIENT_ID), P(KEY_TEXT) };
static const struct pl_param p_typing[KEY__MAX] = { P(KEY_CHAT), P(KEY_TYPING) };
static const struct pl_param p_transfer[KEY__MAX] = {
	P(KEY_CHAT), P(KEY_TO_OPERATOR), P(KEY_TO_DEPT), P(KEY_NOTE),
};
static const struct pl_param p_contract[KEY__MAX] = { P(KEY_CHAT), P(KEY_FLAG) };
static const struct pl_param p_file[KEY__MAX] = { P(KEY_CHAT), P(KEY_FILE) };
static const struct pl_param p_upload[KEY__MAX] = { P(KEY_CHAT), P(KEY_CLIENT_ID), P(KEY_NAME) };

#define R(path, m, p, h, f)	{ path, m, p, KEY__MAX, PL_R_DB | (f), 0, h }

static const struct pl_route routes[] = {
	R("/login", PL_M_POST, p_login, h_login, 0),
	R("/logout", PL_M_POST, p_none, h_logout, 0),
	R("/session", PL_M_GET, p_none, h_session, 0),
	R("/password", PL_M_POST, p_password, h_password, 0),
	R("/presence", PL_M_POST, p_presence, h_presence, 0),
	R("/settings", PL_M_POST, p_settings, h_settings, 0),
	R("/canned", PL_M_GET, p_none, h_canned, 0),
	R("/canned-set", PL_M_POST, p_canned_set, h_canned_set, 0),
	R("/canned-delete", PL_M_POST, p_canned_del, h_canned_delete, 0),
	R("/team", PL_M_GET, p_none, h_team, 0),
	R("/contacts", PL_M_GET, p_contacts, h_contacts, 0),
	R("/contact", PL_M_GET, p_contact, h_contact, 0),
	R("/contact-status", PL_M_POST, p_contact_status, h_contact_status, 0),
	R("/contact-reply", PL_M_POST, p_contact_reply, h_contact_reply, 0),
	R("/visitors", PL_M_GET, p_none, h_visitors, 0),
	R("/invite", PL_M_POST, p_invite, h_invite, 0),
	R("/poll", PL_M_GET, p_poll, h_poll, 0),
	R("/messages", PL_M_GET, p_messages, h_messages, 0),
	R("/chat", PL_M_GET, p_chat, h_detail, 0),
	R("/accept", PL_M_POST, p_chat, h_accept, 0),
	R("/send", PL_M_POST, p_send, h_send, 0),
	R("/typing", PL_M_POST, p_typing, h_typing, 0),
	R("/transfer", PL_M_POST, p_transfer, h_transfer, 0),
	R("/close", PL_M_POST, p_chat, h_close, 0),
	R("/close-similar", PL_M_POST, p_chat, h_close_similar, 0),
	R("/contract", PL_M_POST, p_contract, h_contract, 0),
	R("/file", PL_M_GET, p_file, h_file, 0),
	R("/upload", PL_M_POST, p_upload, h_upload, PL_R_RAWBODY),
};

static int
op_threaded_init(const struct pl_conf *conf)
{
	return pl_notify_start(conf, conf->poll_tick_ms);
}

static const struct pl_program program = {
	"operator", routes, sizeof(routes) / sizeof(routes[0]), NULL,
	op_threaded_init,
};

int
main(int argc, char **argv)
{
	return pl_main(&program, argc, argv);
}
