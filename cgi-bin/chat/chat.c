/*
 * chat: the visitor side of a chat (see docs/API.md, "/chat").
 *
 *   GET  /config   what the start window needs
 *   POST /start    start a chat (consent enforced here, not only in the page)
 *   POST /send     a message, idempotent by client_id
 *   GET  /poll     long-poll for messages and state changes
 *   POST /typing, /sleep, /close, /data
 *   POST /upload, GET /file                       (files.c)
 *   GET  /transcript, POST /transcript-mail       (transcript.c)
 *   GET  /history, /history-chat                  (transcript.c)
 *
 * Every route but config/start/history needs chat + token; a wrong pair
 * is the same 404 as a missing chat. Under plain CGI polls return at
 * once (short polling); as a threaded FastCGI daemon (--threads N behind
 * mod_proxy_fcgi) they are held until something changes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chat.h"
#include "pl_db.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_notify.h"
#include "pl_resp.h"

#define REQ	PL_P_REQUIRED

static const char *const formats[] = { "text", "html", NULL };

/* Every parameter once; routes pick theirs by key. */
const struct pl_param chat_params[KEY__MAX] = {
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, REQ, NULL },
	[KEY_CHAT] = { "chat", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_TOKEN] = { "token", PL_T_TOKEN, PL_TOKEN_HEX - 1, PL_TOKEN_HEX - 1, REQ, NULL },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_LANG] = { "lang", PL_T_LANG, 0, 0, 0, NULL },
	[KEY_FROM] = { "from", PL_T_STR, 0, 255, 0, NULL },
	[KEY_DIRECT] = { "direct", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_CONSENT] = { "consent", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_CONSENT_VERSION] = { "consent_version", PL_T_TOKEN, 1, 64, 0, NULL },
	[KEY_PAGE] = { "page", PL_T_STR, 0, 2048, 0, NULL },
	[KEY_TITLE] = { "title", PL_T_STR, 0, 255, 0, NULL },
	[KEY_VISITOR_TOKEN] = { "visitor_token", PL_T_TOKEN, PL_TOKEN_HEX - 1,
	    PL_TOKEN_HEX - 1, 0, NULL },
	[KEY_CLIENT_ID] = { "client_id", PL_T_TOKEN, 1, 64, REQ, NULL },
	[KEY_TEXT] = { "text", PL_T_TEXT, 1, PL_MSG_MAX, REQ, NULL },
	[KEY_AFTER] = { "after", PL_T_INT, 0, 4294967295LL, 0, NULL },
	[KEY_VERSION] = { "version", PL_T_INT, 0, 9007199254740991LL, 0, NULL },
	[KEY_WAIT] = { "wait", PL_T_INT, 0, 25, 0, NULL },
	[KEY_TYPING] = { "typing", PL_T_BOOL, 0, 0, REQ, NULL },
	[KEY_SLEEP] = { "sleep", PL_T_BOOL, 0, 0, REQ, NULL },
	[KEY_NAME] = { "name", PL_T_STR, 0, 255, 0, NULL },
	[KEY_EMAIL] = { "email", PL_T_STR, 0, 254, 0, NULL },
	[KEY_FILE] = { "file", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_FORMAT] = { "format", PL_T_ENUM, 0, 0, 0, formats },
};

#define P(k)		[k] = chat_params[k]
#define P_CHAT		P(KEY_SITE), P(KEY_CHAT), P(KEY_TOKEN)

/* ---- helpers --------------------------------------------------------------- */

static const char *
lang_of(struct pl_req *r, char *buf, size_t sz)
{
	const struct pl_value *v = PL_V(r, KEY_LANG);

	snprintf(buf, sz, "%.*s", v->present ? (int)v->len : 2,
	    v->present ? v->s : "en");
	return buf;
}

int
chat_auth(struct pl_req *r, struct pl_chat *c)
{
	switch (pl_chat_auth(r->db, r->site.id,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, PL_V(r, KEY_TOKEN)->s, c)) {
	case PL_OK:
		return 0;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", "chat", "no such chat");
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
}

int
chat_visitor_lookup(struct pl_req *r, const char *token, long long *id)
{
	struct pl_q	q;
	char		hash[PL_HASH_HEX];
	int		rc;

	*id = 0;
	pl_sha256_hex(token, strlen(token), hash);
	pl_q_init(&q, r->db, ST_VISITOR_BY_TOKEN);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_cstr(&q, hash);
	pl_q_out_int(&q, id, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 0)
		*id = 0;
	return PL_OK;
}

/* Departments with their names and online state, as in availability. */
static cJSON *
departments(struct pl_req *r, const char *lang, int *any_online, int *rc)
{
	struct pl_q	 q;
	cJSON		*arr, *o;
	char		 id[2], name[129];
	long long	 online;

	*any_online = 0;
	*rc = PL_EDB;
	pl_q_init(&q, r->db, ST_AVAIL_DEPTS);
	pl_q_int(&q, r->conf->presence_timeout);
	pl_q_cstr(&q, lang);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_out_str(&q, id, sizeof(id), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_int(&q, &online, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return NULL;
	arr = cJSON_CreateArray();
	while ((*rc = pl_q_fetch(&q)) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddBoolToObject(o, "online", online > 0);
		cJSON_AddItemToArray(arr, o);
	}
	pl_q_done(&q);
	if (*rc < 0) {
		cJSON_Delete(arr);
		*rc = PL_EDB;
		return NULL;
	}
	*rc = PL_OK;
	return arr;
}

/* Is dept (or, when 0, any department) online? */
static int
dept_online(cJSON *depts, char dept, int *exists)
{
	cJSON	*d;
	int	 on = 0;

	*exists = dept == 0;
	cJSON_ArrayForEach(d, depts) {
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(d, "id"));
		int o = cJSON_IsTrue(cJSON_GetObjectItem(d, "online"));

		if (dept == 0 && o)
			on = 1;
		if (dept != 0 && id != NULL && id[0] == dept) {
			*exists = 1;
			on = o;
		}
	}
	return on;
}

struct texts {
	char	*privacy_text;
	char	*privacy_url;
	char	*consent_text;
	char	 mode[8];
	long long in_chat;
	char	 color[8];
};

static void
texts_free(struct texts *t)
{
	free(t->privacy_text);
	free(t->privacy_url);
	free(t->consent_text);
	memset(t, 0, sizeof(*t));
}

/* Settings and the texts of one language (falling back to none). */
static int
load_texts(struct pl_req *r, const char *lang, struct texts *t)
{
	struct pl_q	q;
	int		rc;

	memset(t, 0, sizeof(*t));
	snprintf(t->mode, sizeof(t->mode), "none");
	snprintf(t->color, sizeof(t->color), "#0b5cad");
	pl_q_init(&q, r->db, ST_SETTINGS_GET);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_out_str(&q, t->mode, sizeof(t->mode), NULL, NULL);
	pl_q_out_int(&q, &t->in_chat, NULL);
	pl_q_out_str(&q, t->color, sizeof(t->color), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 0) {
		snprintf(t->mode, sizeof(t->mode), "none");
		snprintf(t->color, sizeof(t->color), "#0b5cad");
	}
	pl_q_init(&q, r->db, ST_TEXTS_GET);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_cstr(&q, lang);
	pl_q_out_dup(&q, &t->privacy_text, NULL, NULL);
	pl_q_out_dup(&q, &t->privacy_url, NULL, NULL);
	pl_q_out_dup(&q, &t->consent_text, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0) {
		texts_free(t);
		return PL_EDB;
	}
	return PL_OK;
}

struct qfield {
	char		key[33];
	char		label[256];
	char		type[16];
	long long	required;
};

#define MAX_QFIELDS 32

static int
load_fields(struct pl_req *r, const char *lang, struct qfield *f, size_t *n)
{
	struct pl_q	q;
	struct qfield	cur;
	int		rc;

	*n = 0;
	pl_q_init(&q, r->db, ST_QFIELDS_GET);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_cstr(&q, lang);
	pl_q_out_str(&q, cur.key, sizeof(cur.key), NULL, NULL);
	pl_q_out_str(&q, cur.label, sizeof(cur.label), NULL, NULL);
	pl_q_out_str(&q, cur.type, sizeof(cur.type), NULL, NULL);
	pl_q_out_int(&q, &cur.required, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while ((rc = pl_q_fetch(&q)) == 1)
		if (*n < MAX_QFIELDS)
			f[(*n)++] = cur;
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

static int
consent_required(const struct texts *t)
{
	return t->consent_text != NULL && t->consent_text[0] != '\0';
}

/* ---- GET /config -------------------------------------------------------- */

/* 200 config; 400; 404 unknown site/department; 503. */
static void
h_config(struct pl_req *r)
{
	char		 lang[8], sha[PL_HASH_HEX];
	struct texts	 t;
	struct qfield	 f[MAX_QFIELDS];
	size_t		 nf = 0, i;
	cJSON		*root = NULL, *depts, *o, *arr, *types;
	int		 any, rc, exists;
	char		 dept = PL_V(r, KEY_DEPT)->present ? (char)PL_V(r, KEY_DEPT)->i : 0;

	lang_of(r, lang, sizeof(lang));
	if ((depts = departments(r, lang, &any, &rc)) == NULL) {
		pl_error_db(r);
		return;
	}
	any = dept_online(depts, dept, &exists);
	if (!exists) {
		cJSON_Delete(depts);
		pl_error(r, 404, "unknown_department", "dept", "no such department");
		return;
	}
	if (load_texts(r, lang, &t) != PL_OK || load_fields(r, lang, f, &nf) != PL_OK) {
		cJSON_Delete(depts);
		texts_free(&t);
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "site", r->site.code_str);
	cJSON_AddStringToObject(root, "lang", lang);
	cJSON_AddBoolToObject(root, "online", any);
	cJSON_AddItemToObject(root, "departments", depts);

	o = cJSON_AddObjectToObject(root, "privacy");
	cJSON_AddStringToObject(o, "mode", t.mode);
	cJSON_AddStringToObject(o, "text", t.privacy_text ? t.privacy_text : "");
	cJSON_AddStringToObject(o, "url", t.privacy_url ? t.privacy_url : "");
	cJSON_AddBoolToObject(o, "link_in_chat", t.in_chat != 0);

	o = cJSON_AddObjectToObject(root, "consent");
	cJSON_AddBoolToObject(o, "required", consent_required(&t));
	cJSON_AddStringToObject(o, "text", t.consent_text ? t.consent_text : "");
	if (consent_required(&t)) {
		pl_sha256_hex(t.consent_text, strlen(t.consent_text), sha);
		cJSON_AddStringToObject(o, "version", sha);
	} else
		cJSON_AddStringToObject(o, "version", "");

	arr = cJSON_AddArrayToObject(root, "fields");
	for (i = 0; i < nf; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", f[i].key);
		cJSON_AddStringToObject(o, "label", f[i].label);
		cJSON_AddStringToObject(o, "type", f[i].type);
		cJSON_AddBoolToObject(o, "required", f[i].required != 0);
		cJSON_AddItemToArray(arr, o);
	}
	o = cJSON_AddObjectToObject(root, "theme");
	cJSON_AddStringToObject(o, "color", t.color);
	o = cJSON_AddObjectToObject(root, "limits");
	cJSON_AddNumberToObject(o, "message", PL_MSG_MAX);
	cJSON_AddNumberToObject(o, "upload", r->conf->upload_max);
	types = cJSON_AddArrayToObject(o, "upload_types");
	cJSON_AddItemToArray(types, cJSON_CreateString("image/png"));
	cJSON_AddItemToArray(types, cJSON_CreateString("image/jpeg"));
	cJSON_AddItemToArray(types, cJSON_CreateString("image/gif"));
	cJSON_AddItemToArray(types, cJSON_CreateString("image/webp"));
	cJSON_AddItemToArray(types, cJSON_CreateString("application/pdf"));
	cJSON_AddItemToArray(types, cJSON_CreateString("text/plain"));
	o = cJSON_AddObjectToObject(root, "poll");
	cJSON_AddNumberToObject(o, "wait",
	    pl_req_is_cgi(r) || !pl_notify_running() ? 0 : 25);
	texts_free(&t);
	pl_json(r, 200, root);
}

/* ---- POST /start ---------------------------------------------------------- */

/* A query-form value: "fields": {key: ...} in JSON, or f_KEY. NULL if absent. */
static const char *
field_value(struct pl_req *r, const char *key)
{
	char			 name[40];
	const struct pl_kv	*kv;
	cJSON			*fields, *v;

	if (r->json != NULL &&
	    (fields = cJSON_GetObjectItemCaseSensitive(r->json, "fields")) != NULL &&
	    cJSON_IsObject(fields) &&
	    (v = cJSON_GetObjectItemCaseSensitive(fields, key)) != NULL) {
		if (cJSON_IsString(v))
			return v->valuestring;
		if (cJSON_IsTrue(v))
			return "1";
		if (cJSON_IsFalse(v))
			return "";
		return NULL;
	}
	snprintf(name, sizeof(name), "f_%.32s", key);
	if ((kv = pl_kvlist_get(&r->body, name)) != NULL ||
	    (kv = pl_kvlist_get(&r->query, name)) != NULL)
		return kv->val;
	return NULL;
}

/*
 * Checks the query-form values against the site's fields; builds the
 * stored JSON and picks name/email. 0, or -1 with the answer set.
 */
static int
check_fields(struct pl_req *r, const struct qfield *f, size_t nf, int direct,
    cJSON *out, const char **name, const char **email)
{
	size_t	i;
	char	fname[40], msg[96];

	*name = "";
	*email = "";
	for (i = 0; i < nf; i++) {
		const char	*v = field_value(r, f[i].key);
		size_t		 len = v != NULL ? strlen(v) : 0;
		int		 bad = 0;

		snprintf(fname, sizeof(fname), "f_%.32s", f[i].key);
		if (len == 0) {
			if (f[i].required && !direct) {
				snprintf(msg, sizeof(msg), "%s: missing", fname);
				pl_error(r, 400, "invalid_parameter", fname, msg);
				return -1;
			}
			continue;
		}
		if (len > PL_MSG_MAX || !pl_text_valid(v, len,
		    strcmp(f[i].type, "textarea") == 0))
			bad = 1;
		else if (strcmp(f[i].type, "email") == 0 && !pl_email_valid(v))
			bad = 1;
		if (bad) {
			snprintf(msg, sizeof(msg), "%s: invalid", fname);
			pl_error(r, 400, "invalid_parameter", fname, msg);
			return -1;
		}
		cJSON_AddStringToObject(out, f[i].key, v);
		if (strcmp(f[i].key, "name") == 0)
			*name = v;
		else if (strcmp(f[i].key, "email") == 0)
			*email = v;
	}
	if (strlen(*name) > 128)
		*name = "";
	return 0;
}

static const char *
strval(struct pl_req *r, enum key k, char *buf, size_t sz)
{
	const struct pl_value *v = PL_V(r, k);

	if (!v->present)
		return "";
	snprintf(buf, sz, "%.*s", (int)v->len, v->s);
	return buf;
}

/* 201 chat + token; 400 (consent, f_*); 404; 503. */
static void
h_start(struct pl_req *r)
{
	char		 lang[8], token[PL_TOKEN_HEX], hash[PL_HASH_HEX];
	char		 vtoken[PL_TOKEN_HEX], vhash[PL_HASH_HEX], sha[PL_HASH_HEX];
	char		 from[256], page[2049], title[256];
	char		*qjson = NULL;
	struct texts	 t;
	struct qfield	 f[MAX_QFIELDS];
	size_t		 nf = 0;
	cJSON		*depts = NULL, *qdata = NULL, *root;
	const char	*name, *email;
	long long	 visitor = 0, version;
	unsigned long long chat = 0;
	struct pl_q	 q;
	int		 rc, exists, online, direct = PL_V(r, KEY_DIRECT)->i != 0;
	char		 dept = PL_V(r, KEY_DEPT)->present ? (char)PL_V(r, KEY_DEPT)->i : 0;

	memset(&t, 0, sizeof(t));
	lang_of(r, lang, sizeof(lang));
	if ((depts = departments(r, lang, &online, &rc)) == NULL)
		goto dberr;
	online = dept_online(depts, dept, &exists);
	if (!exists) {
		pl_error(r, 404, "unknown_department", "dept", "no such department");
		goto out;
	}
	if (load_texts(r, lang, &t) != PL_OK || load_fields(r, lang, f, &nf) != PL_OK)
		goto dberr;
	/* Consent is enforced here, whatever the page did. */
	if (consent_required(&t)) {
		if (!PL_V(r, KEY_CONSENT)->present || PL_V(r, KEY_CONSENT)->i != 1) {
			pl_error(r, 400, "invalid_parameter", "consent",
			    "consent: the privacy consent is required");
			goto out;
		}
		pl_sha256_hex(t.consent_text, strlen(t.consent_text), sha);
		if (PL_V(r, KEY_CONSENT_VERSION)->present &&
		    strncmp(PL_V(r, KEY_CONSENT_VERSION)->s, sha, PL_HASH_HEX) != 0) {
			pl_error(r, 409, "consent_changed", "consent_version",
			    "consent_version: the consent text has changed; show it again");
			goto out;
		}
	}
	qdata = cJSON_CreateObject();
	if (check_fields(r, f, nf, direct, qdata, &name, &email) != 0)
		goto out;
	if ((qjson = cJSON_PrintUnformatted(qdata)) == NULL) {
		pl_error_internal(r);
		goto out;
	}

	if (pl_db_begin(r->db) != PL_OK)
		goto dberr;
	/* A returning visitor keeps the token; anyone else gets a new one. */
	vtoken[0] = '\0';
	if (PL_V(r, KEY_VISITOR_TOKEN)->present) {
		if (chat_visitor_lookup(r, PL_V(r, KEY_VISITOR_TOKEN)->s, &visitor) != PL_OK)
			goto dbfail;
		if (visitor > 0)
			snprintf(vtoken, sizeof(vtoken), "%s", PL_V(r, KEY_VISITOR_TOKEN)->s);
	}
	if (visitor == 0) {
		pl_token_new(vtoken, vhash);
		pl_q_init(&q, r->db, ST_VISITOR_INSERT);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_cstr(&q, vhash);
		rc = pl_q_exec(&q);
		visitor = (long long)pl_q_insert_id(&q);
		pl_q_done(&q);
		if (rc != PL_OK)
			goto dbfail;
	}
	pl_token_new(token, hash);
	pl_q_init(&q, r->db, ST_CHAT_INSERT);
	pl_q_int(&q, (long long)r->site.id);
	if (dept != 0)
		pl_q_str(&q, &dept, 1);
	else
		pl_q_null(&q);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, visitor);
	pl_q_cstr(&q, lang);
	pl_q_cstr(&q, strval(r, KEY_FROM, from, sizeof(from)));
	pl_q_cstr(&q, name);
	pl_q_cstr(&q, email);
	pl_q_cstr(&q, qjson);
	pl_q_cstr(&q, strval(r, KEY_PAGE, page, sizeof(page)));
	pl_q_cstr(&q, strval(r, KEY_TITLE, title, sizeof(title)));
	rc = pl_q_exec(&q);
	chat = pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		goto dbfail;
	if (consent_required(&t)) {
		pl_q_init(&q, r->db, ST_CONSENT_TEXT_PUT);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_cstr(&q, sha);
		pl_q_cstr(&q, lang);
		pl_q_cstr(&q, t.consent_text);
		rc = pl_q_exec(&q);
		pl_q_done(&q);
		if (rc != PL_OK)
			goto dbfail;
		pl_q_init(&q, r->db, ST_CONSENT_INSERT);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_int(&q, (long long)chat);
		pl_q_cstr(&q, lang);
		pl_q_cstr(&q, sha);
		rc = pl_q_exec(&q);
		pl_q_done(&q);
		if (rc != PL_OK)
			goto dbfail;
	}
	/* The question from the form opens the conversation. */
	if (pl_db_commit(r->db) != PL_OK)
		goto dberr;
	{
		const char *question = field_value(r, "question");
		long long seq;
		int dup;

		if (question != NULL && *question != '\0' &&
		    strlen(question) <= PL_MSG_MAX &&
		    pl_chat_post(r->db, r->site.id, chat, PL_FROM_VISITOR, 0,
		    "query-form", question, strlen(question), 0, &seq, &dup) != PL_OK)
			goto dberr;
	}
	(void)pl_chat_update(r->db, ST_CHAT_BUMP, NULL, 0, r->site.id, chat, &version);

	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "chat", (double)chat);
	cJSON_AddStringToObject(root, "token", token);
	cJSON_AddStringToObject(root, "visitor_token", vtoken);
	cJSON_AddStringToObject(root, "status", "waiting");
	cJSON_AddBoolToObject(root, "online", online);
	cJSON_AddNumberToObject(root, "version", (double)version);
	pl_log(r->reqid, PL_LOG_INFO, "site %s: chat %llu started%s",
	    r->site.code_str, chat, online ? "" : " (offline)");
	pl_json(r, 201, root);
	goto out;
dbfail:
	pl_db_rollback(r->db);
dberr:
	pl_error_db(r);
out:
	cJSON_Delete(depts);
	cJSON_Delete(qdata);
	cJSON_free(qjson);
	texts_free(&t);
}

/* ---- POST /send ------------------------------------------------------------ */

/* 201 new / 200 resend with the stored message; 404; 409 closed; 503. */
static void
h_send(struct pl_req *r)
{
	struct pl_chat	 c;
	long long	 seq = 0;
	int		 dup = 0, rc;

	if (chat_auth(r, &c) != 0)
		return;
	rc = pl_chat_post(r->db, r->site.id, c.id, PL_FROM_VISITOR, 0,
	    PL_V(r, KEY_CLIENT_ID)->s, PL_V(r, KEY_TEXT)->s, PL_V(r, KEY_TEXT)->len,
	    0, &seq, &dup);
	pl_chat_answer_posted(r, r->site.id, c.id, rc, seq, dup);
}

/* ---- GET /poll -------------------------------------------------------------- */

static void
poll_answer(struct pl_req *r, const struct pl_chat *c, long long after, int cgi)
{
	cJSON	*root, *msgs;
	int	 rc;

	if ((msgs = pl_chat_messages(r->db, r->site.id, c->id, after,
	    PL_POLL_LIMIT, &rc)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	pl_chat_state_json(c, root);
	cJSON_AddItemToObject(root, "messages", msgs);
	cJSON_AddNumberToObject(root, "retry_ms", cgi ? 2000 : 0);
	pl_json(r, 200, root);
}

/* 200 state + messages; 404; 503. Holds up to wait seconds when threaded. */
static void
h_poll(struct pl_req *r)
{
	struct pl_chat		 c;
	struct pl_waiter	*w;
	long long		 after = PL_V(r, KEY_AFTER)->i;
	long long		 seen = PL_V(r, KEY_VERSION)->i;
	long long		 wait = PL_V(r, KEY_WAIT)->present ? PL_V(r, KEY_WAIT)->i : 25;
	int			 held = !pl_req_is_cgi(r) && pl_notify_running();

	if (chat_auth(r, &c) != 0)
		return;
	if (!held || wait == 0 || c.last_seq > after || c.version > seen ||
	    strcmp(c.status, "closed") == 0) {
		poll_answer(r, &c, after, !held);
		return;
	}
	/* Register first, then look again: no change can slip between. */
	w = pl_notify_register(c.id, c.version);
	if (pl_chat_load(r->db, r->site.id, c.id, &c) != PL_OK) {
		pl_notify_unregister(w);
		pl_error_db(r);
		return;
	}
	if (c.last_seq <= after && c.version <= seen) {
		pl_req_db_release(r);
		(void)pl_notify_wait(w, (int)wait * 1000);
		pl_req_db_acquire(r);
		if (pl_chat_load(r->db, r->site.id, c.id, &c) != PL_OK) {
			pl_notify_unregister(w);
			pl_error_db(r);
			return;
		}
	}
	pl_notify_unregister(w);
	poll_answer(r, &c, after, 0);
}

/* ---- routes -------------------------------------------------------------------- */

static const struct pl_param p_config[KEY__MAX] = {
	P(KEY_SITE), P(KEY_LANG), P(KEY_DEPT),
};
static const struct pl_param p_start[KEY__MAX] = {
	P(KEY_SITE), P(KEY_DEPT), P(KEY_LANG), P(KEY_FROM), P(KEY_DIRECT),
	P(KEY_CONSENT), P(KEY_CONSENT_VERSION), P(KEY_PAGE), P(KEY_TITLE),
	P(KEY_VISITOR_TOKEN),
};
static const struct pl_param p_send[KEY__MAX] = {
	P_CHAT, P(KEY_CLIENT_ID), P(KEY_TEXT),
};
static const struct pl_param p_poll[KEY__MAX] = {
	P_CHAT, P(KEY_AFTER), P(KEY_VERSION), P(KEY_WAIT),
};
static const struct pl_param p_typing[KEY__MAX] = { P_CHAT, P(KEY_TYPING) };
static const struct pl_param p_sleep[KEY__MAX] = { P_CHAT, P(KEY_SLEEP) };
static const struct pl_param p_chat[KEY__MAX] = { P_CHAT };
static const struct pl_param p_data[KEY__MAX] = {
	P_CHAT, P(KEY_NAME), P(KEY_EMAIL), P(KEY_PAGE), P(KEY_TITLE),
};
static const struct pl_param p_upload[KEY__MAX] = {
	P_CHAT, P(KEY_CLIENT_ID),
	[KEY_NAME] = { "name", PL_T_STR, 1, 255, REQ, NULL },
};
static const struct pl_param p_file[KEY__MAX] = { P_CHAT, P(KEY_FILE) };
static const struct pl_param p_transcript[KEY__MAX] = { P_CHAT, P(KEY_FORMAT) };
static const struct pl_param p_tmail[KEY__MAX] = {
	P_CHAT, [KEY_EMAIL] = { "email", PL_T_STR, 3, 254, REQ, NULL },
};
static const struct pl_param p_history[KEY__MAX] = {
	P(KEY_SITE),
	[KEY_VISITOR_TOKEN] = { "visitor_token", PL_T_TOKEN, PL_TOKEN_HEX - 1,
	    PL_TOKEN_HEX - 1, REQ, NULL },
};
static const struct pl_param p_history_chat[KEY__MAX] = {
	P(KEY_SITE), P(KEY_CHAT),
	[KEY_VISITOR_TOKEN] = { "visitor_token", PL_T_TOKEN, PL_TOKEN_HEX - 1,
	    PL_TOKEN_HEX - 1, REQ, NULL },
};

#define R(path, m, p, h, extra) \
	{ path, m, p, KEY__MAX, PL_R_SITE | PL_R_CORS | (extra), 0, h }

static const struct pl_route routes[] = {
	R("/config", PL_M_GET, p_config, h_config, 0),
	R("/start", PL_M_POST, p_start, h_start, 0),
	R("/send", PL_M_POST, p_send, h_send, 0),
	R("/poll", PL_M_GET, p_poll, h_poll, 0),
	R("/typing", PL_M_POST, p_typing, h_typing, 0),
	R("/sleep", PL_M_POST, p_sleep, h_sleep, 0),
	R("/close", PL_M_POST, p_chat, h_close, 0),
	R("/data", PL_M_POST, p_data, h_data, 0),
	R("/upload", PL_M_POST, p_upload, h_upload, PL_R_RAWBODY),
	R("/file", PL_M_GET, p_file, h_file, 0),
	R("/transcript", PL_M_GET, p_transcript, h_transcript, 0),
	R("/transcript-mail", PL_M_POST, p_tmail, h_transcript_mail, 0),
	R("/history", PL_M_GET, p_history, h_history, 0),
	R("/history-chat", PL_M_GET, p_history_chat, h_history_chat, 0),
};

static int
chat_threaded_init(const struct pl_conf *conf)
{
	return pl_notify_start(conf, conf->poll_tick_ms);
}

static const struct pl_program program = {
	"chat", routes, sizeof(routes) / sizeof(routes[0]), NULL,
	chat_threaded_init,
};

int
main(int argc, char **argv)
{
	return pl_main(&program, argc, argv);
}
