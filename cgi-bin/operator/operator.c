/*
 * operator: the operator side (see docs/API.md, "/operator").
 *
 *   POST /login, /logout, /password, /presence, /settings, /canned, /canned-delete
 *   GET  /session, /canned
 *   GET  /poll, /messages, /chat, /file        (console.c)
 *   POST /accept, /send, /typing, /transfer, /close, /contract, /upload (console.c)
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
#include <sodium.h>

#include "operator.h"
#include "pl_auth.h"
#include "pl_db.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_resp.h"
#include "pl_site.h"

#define REQ		PL_P_REQUIRED
#define FAIL_WINDOW	900	/* seconds */
#define FAIL_ACCOUNT	5	/* failures per account in the window */
#define FAIL_ADDR	20	/* failures per address in the window */

static const char *const statuses[] = { "online", "away", "offline", NULL };

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
};

int
op_auth(struct pl_req *r, struct pl_session *s)
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

/* The operator as the console sees it: id, login, name, role, departments. */
static cJSON *
me_json(struct pl_req *r, const struct pl_session *s)
{
	struct pl_q	 q;
	cJSON		*o = cJSON_CreateObject(), *d;
	char		 dept[2];

	cJSON_AddNumberToObject(o, "id", (double)s->operator_id);
	cJSON_AddStringToObject(o, "login", s->login);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "role", s->role);
	cJSON_AddBoolToObject(o, "sound_repeat", s->sound_repeat != 0);
	d = cJSON_AddArrayToObject(o, "departments");
	pl_q_init(&q, r->db, ST_OP_DEPTS);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_out_str(&q, dept, sizeof(dept), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		cJSON_Delete(o);
		return NULL;
	}
	while (pl_q_fetch(&q) == 1)
		cJSON_AddItemToArray(d, cJSON_CreateString(dept));
	pl_q_done(&q);
	return o;
}

static void
answer_session(struct pl_req *r, const struct pl_session *s, int status)
{
	cJSON	*root = cJSON_CreateObject(), *me;

	if ((me = me_json(r, s)) == NULL) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	cJSON_AddItemToObject(root, "operator", me);
	cJSON_AddStringToObject(root, "csrf", s->csrf);
	pl_json(r, status, root);
}

static long long
count(struct pl_req *r, enum pl_stmt st, const char *a, const char *b, int *rc)
{
	struct pl_q	q;
	long long	n = 0;

	pl_q_init(&q, r->db, st);
	if (st == ST_FAIL_COUNT_ACCOUNT)
		pl_q_int(&q, (long long)r->site.id);
	pl_q_cstr(&q, a);
	if (b != NULL)
		pl_q_cstr(&q, b);
	pl_q_int(&q, FAIL_WINDOW);
	pl_q_out_int(&q, &n, NULL);
	if ((*rc = pl_q_exec(&q)) == PL_OK && pl_q_fetch(&q) != 1)
		*rc = PL_EDB;
	pl_q_done(&q);
	return n;
}

/*
 * POST site, login, password. 200 operator + csrf (cookie set);
 * 401 invalid_credentials (unknown account or wrong password alike);
 * 429 too many failures; 503.
 */
static void
h_login(struct pl_req *r)
{
	static char		 dummy[PL_PWHASH_LEN + 1];
	struct pl_session	 s;
	struct pl_q		 q;
	char			 addr[PL_IP_ANON_MAX], hash[PL_PWHASH_LEN + 1], role[16];
	char			 token[PL_TOKEN_HEX], csrf[PL_TOKEN_HEX];
	long long		 opid = 0, disabled = 0;
	const char		*login = PL_V(r, KEY_LOGIN)->s;
	const char		*pw = PL_V(r, KEY_PASSWORD)->s;
	int			 rc, found = 0, ok = 0;

	pl_ip_anon(pl_env(r, "REMOTE_ADDR"), addr, sizeof(addr));
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
	if (count(r, ST_FAIL_COUNT_ADDR, addr, NULL, &rc) >= FAIL_ADDR ||
	    (rc == PL_OK && count(r, ST_FAIL_COUNT_ACCOUNT, login, NULL, &rc) >=
	    FAIL_ACCOUNT)) {
		if (rc != PL_OK) {
			pl_error_db(r);
			return;
		}
		pl_error(r, 429, "too_many_attempts", NULL,
		    "too many failed logins; try again later");
		pl_header(r, "Retry-After", "900");
		return;
	}
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (r->site.id != 0) {
		pl_q_init(&q, r->db, ST_OP_BY_LOGIN);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_cstr(&q, login);
		pl_q_out_int(&q, &opid, NULL);
		pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
		pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
		pl_q_out_int(&q, &disabled, NULL);
		if (pl_q_exec(&q) != PL_OK) {
			pl_error_db(r);
			return;
		}
		found = pl_q_fetch(&q);
		pl_q_done(&q);
		if (found < 0) {
			pl_error_db(r);
			return;
		}
	}
	/* The same argon2id work whether or not the account exists. */
	if (found == 1 && !disabled)
		ok = pl_password_verify(hash, pw, strlen(pw));
	else {
		if (dummy[0] == '\0')
			pl_password_hash("not a password", 14, dummy);
		(void)pl_password_verify(dummy, pw, strlen(pw));
	}
	if (!ok) {
		pl_q_init(&q, r->db, ST_FAIL_INSERT);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_cstr(&q, login);
		pl_q_cstr(&q, addr);
		rc = pl_q_exec(&q);
		pl_q_done(&q);
		if (rc != PL_OK) {
			pl_error_db(r);
			return;
		}
		pl_log(r->reqid, PL_LOG_INFO, "failed login for site %lu from %s",
		    r->site.id, addr);
		pl_error(r, 401, "invalid_credentials", NULL,
		    "wrong login or password");
		return;
	}
	pl_q_init(&q, r->db, ST_FAIL_CLEAR);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_cstr(&q, login);
	(void)pl_q_exec(&q);
	pl_q_done(&q);
	/* A fresh session id at every login. */
	if (pl_session_create(r->db, r->site.id, opid, token, csrf) != PL_OK) {
		pl_error_db(r);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.site = r->site.id;
	s.operator_id = opid;
	snprintf(s.csrf, sizeof(s.csrf), "%s", csrf);
	snprintf(s.role, sizeof(s.role), "%s", role);
	pl_q_init(&q, r->db, ST_OP_BY_ID);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, opid);
	pl_q_out_str(&q, s.login, sizeof(s.login), NULL, NULL);
	pl_q_out_str(&q, s.name, sizeof(s.name), NULL, NULL);
	pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
	pl_q_out_int(&q, &s.sound_repeat, NULL);
	rc = pl_q_exec(&q) == PL_OK && pl_q_fetch(&q) == 1 ? PL_OK : PL_EDB;
	pl_q_done(&q);
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_session_cookie(r, token);
	sodium_memzero(token, sizeof(token));
	answer_session(r, &s, 200);
}

/* POST. 200; ends the session on the server and clears the cookie. */
static void
h_logout(struct pl_req *r)
{
	struct pl_session	 s;
	cJSON			*root;

	if (op_auth(r, &s) != 0)
		return;
	if (pl_session_delete(r->db, &s) != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_session_cookie(r, NULL);
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* GET. 200 operator + csrf; 401. */
static void
h_session(struct pl_req *r)
{
	struct pl_session s;

	if (op_auth(r, &s) == 0)
		answer_session(r, &s, 200);
}

/* POST password, new_password. 200 (other sessions ended); 400; 401; 403. */
static void
h_password(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_q		 q;
	char			 hash[PL_PWHASH_LEN + 1], role[16];
	long long		 id, disabled;
	const char		*pw = PL_V(r, KEY_PASSWORD)->s;
	const char		*npw = PL_V(r, KEY_NEW_PASSWORD)->s;
	cJSON			*root;
	int			 rc;

	if (op_auth(r, &s) != 0)
		return;
	pl_q_init(&q, r->db, ST_OP_BY_LOGIN);
	pl_q_int(&q, (long long)s.site);
	pl_q_cstr(&q, s.login);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
	pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	if (pl_q_exec(&q) != PL_OK || (rc = pl_q_fetch(&q)) != 1) {
		pl_q_done(&q);
		pl_error_db(r);
		return;
	}
	pl_q_done(&q);
	if (!pl_password_verify(hash, pw, strlen(pw))) {
		pl_error(r, 400, "invalid_parameter", "password",
		    "password: the current password is wrong");
		return;
	}
	if (pl_password_hash(npw, strlen(npw), hash) != PL_OK) {
		pl_error_internal(r);
		return;
	}
	pl_q_init(&q, r->db, ST_OP_SET_PASSWORD);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, s.operator_id);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc != PL_OK || pl_session_delete_others(r->db, &s) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* The presence rows of the operator as JSON. NULL on a database error. */
cJSON	*op_presence_json(struct pl_req *, const struct pl_session *);

cJSON *
op_presence_json(struct pl_req *r, const struct pl_session *s)
{
	struct pl_q	 q;
	cJSON		*arr = cJSON_CreateArray(), *o;
	char		 dept[2], status[16];
	long long	 fresh;
	int		 rc;

	pl_q_init(&q, r->db, ST_PRESENCE_LIST);
	pl_q_int(&q, r->conf->presence_timeout);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_out_str(&q, dept, sizeof(dept), NULL, NULL);
	pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
	pl_q_out_int(&q, &fresh, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		cJSON_Delete(arr);
		return NULL;
	}
	while ((rc = pl_q_fetch(&q)) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dept", dept);
		/* A stale "online" is what visitors see: offline. */
		cJSON_AddStringToObject(o, "status",
		    strcmp(status, "offline") != 0 && !fresh ? "offline" : status);
		cJSON_AddItemToArray(arr, o);
	}
	pl_q_done(&q);
	if (rc < 0) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

/* POST status, [dept]. 200 presence; 400 not my department; 401; 403. */
static void
h_presence(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_q		 q;
	cJSON			*root, *arr;
	const char		*status = statuses[PL_V(r, KEY_STATUS)->i];
	const struct pl_value	*dept = PL_V(r, KEY_DEPT);
	char			 d[2] = { 0, 0 };
	int			 rc;

	if (op_auth(r, &s) != 0)
		return;
	pl_q_init(&q, r->db, dept->present ? ST_PRESENCE_SET : ST_PRESENCE_SET_ALL);
	pl_q_cstr(&q, status);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, s.operator_id);
	if (dept->present) {
		d[0] = (char)dept->i;
		pl_q_cstr(&q, d);
	}
	rc = pl_q_exec(&q);
	if (rc == PL_OK && dept->present && pl_q_affected(&q) == 0) {
		pl_q_done(&q);
		pl_error(r, 400, "invalid_parameter", "dept", "dept: not one of yours");
		return;
	}
	pl_q_done(&q);
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
	struct pl_session	 s;
	struct pl_q		 q;
	cJSON			*root;
	int			 rc;

	if (op_auth(r, &s) != 0)
		return;
	pl_q_init(&q, r->db, ST_OP_SET_SOUND);
	pl_q_int(&q, PL_V(r, KEY_SOUND)->i);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, s.operator_id);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* GET: the site's canned answers. 200; 401. */
static void
h_canned(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_q		 q;
	cJSON			*root, *arr, *o;
	char			 shortcut[33];
	char			*text = NULL;
	int			 rc;

	if (op_auth(r, &s) != 0)
		return;
	pl_q_init(&q, r->db, ST_CANNED_LIST);
	pl_q_int(&q, (long long)s.site);
	pl_q_out_str(&q, shortcut, sizeof(shortcut), NULL, NULL);
	pl_q_out_dup(&q, &text, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "canned");
	while ((rc = pl_q_fetch(&q)) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "shortcut", shortcut);
		cJSON_AddStringToObject(o, "text", text != NULL ? text : "");
		cJSON_AddItemToArray(arr, o);
		free(text);
		text = NULL;
	}
	pl_q_done(&q);
	if (rc < 0) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* POST shortcut, text (admins). 200; 401; 403 not an admin. */
static void
h_canned_set(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_q		 q;
	int			 rc, del = strcmp(r->path, "/canned-delete") == 0;

	if (op_auth(r, &s) != 0)
		return;
	if (strcmp(s.role, "admin") != 0) {
		pl_error(r, 403, "forbidden", NULL, "only admins edit canned answers");
		return;
	}
	pl_q_init(&q, r->db, del ? ST_CANNED_DELETE : ST_CANNED_UPSERT);
	pl_q_int(&q, (long long)s.site);
	pl_q_str(&q, PL_V(r, KEY_SHORTCUT)->s, PL_V(r, KEY_SHORTCUT)->len);
	if (!del)
		pl_q_str(&q, PL_V(r, KEY_TEXT)->s, PL_V(r, KEY_TEXT)->len);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	h_canned(r);
}

/* ---- routes ------------------------------------------------------------------ */

#define P(k)	[k] = op_params[k]

static const struct pl_param p_login[KEY__MAX] = { P(KEY_SITE), P(KEY_LOGIN), P(KEY_PASSWORD) };
static const struct pl_param p_none[KEY__MAX];
static const struct pl_param p_password[KEY__MAX] = { P(KEY_PASSWORD), P(KEY_NEW_PASSWORD) };
static const struct pl_param p_presence[KEY__MAX] = { P(KEY_STATUS), P(KEY_DEPT) };
static const struct pl_param p_settings[KEY__MAX] = { P(KEY_SOUND) };
static const struct pl_param p_canned_set[KEY__MAX] = { P(KEY_SHORTCUT), P(KEY_TEXT) };
static const struct pl_param p_canned_del[KEY__MAX] = { P(KEY_SHORTCUT) };
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
	R("/canned-delete", PL_M_POST, p_canned_del, h_canned_set, 0),
	R("/poll", PL_M_GET, p_poll, h_poll, 0),
	R("/messages", PL_M_GET, p_messages, h_messages, 0),
	R("/chat", PL_M_GET, p_chat, h_detail, 0),
	R("/accept", PL_M_POST, p_chat, h_accept, 0),
	R("/send", PL_M_POST, p_send, h_send, 0),
	R("/typing", PL_M_POST, p_typing, h_typing, 0),
	R("/transfer", PL_M_POST, p_transfer, h_transfer, 0),
	R("/close", PL_M_POST, p_chat, h_close, 0),
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
