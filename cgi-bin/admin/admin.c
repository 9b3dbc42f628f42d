/*
 * admin: the admin area's API (see docs/API.md, "/admin").
 *
 *   GET  /canned, POST /canned-set, /canned-delete   shared canned answers (canned.c)
 *   GET  /settings          everything the settings pages show
 *   POST /settings          site settings (privacy mode, colour, consent, ...)
 *   POST /texts             one language's privacy and consent texts
 *   GET  /consent-history   every consent text the site had, newest first
 *   POST /dept-set, /dept-delete
 *   POST /field-set, /field-delete   the chat start and contact forms
 *   POST /operator-set      create or change an operator
 *   GET  /audit             who changed what, newest first
 *
 * The session is the console's (log in with /operator/login): the same
 * cookie, CSRF token and throttle. Only the site's admins get past the
 * role check; everything is scoped to the session's site. The hosting
 * level's routes (hosting.c) are served by this program too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "admin.h"
#include "pl_config.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_resp.h"
#include "pl_session.h"

#define REQ		PL_P_REQUIRED
#define ID_MAX		9007199254740991LL

enum key {
	KEY_PRIVACY_MODE, KEY_PRIVACY_IN_CHAT, KEY_COLOR, KEY_CONSENT_REQUIRED,
	KEY_DEFAULT_LANG, KEY_KEEP_PAGE_QUERY, KEY_UPLOADS_WAITING,
	KEY_TAB_POSITION, KEY_RET_CHAT, KEY_RET_VISIT, KEY_RET_CONTACT, KEY_CONTACT_EMAIL, KEY_TRACKING,
	KEY_LANG, KEY_PRIVACY_TEXT, KEY_PRIVACY_URL, KEY_CONSENT_TEXT,
	KEY_BUTTON_ONLINE, KEY_BUTTON_OFFLINE, KEY_WELCOME,
	KEY_DEPT, KEY_DEPT_NAME,
	KEY_FORM, KEY_FIELD_KEY, KEY_FIELD_TYPE, KEY_REQUIRED, KEY_SORT,
	KEY_LOGIN, KEY_NAME, KEY_EMAIL, KEY_ROLE, KEY_DISABLED, KEY_DEPTS, KEY_PASSWORD,
	KEY_MAX_CHATS,
	KEY_BEFORE,
	KEY__MAX
};

static const char *const modes[] = { "none", "text", "link", NULL };
static const char *const roles[] = { "operator", "admin", NULL };
static const char *const corners[] = { "right", "left", NULL };
static const char *const trackings[] = { "id", "cookieless", NULL };
static const char *const forms[] = { "query", "contact", NULL };
static const char *const types[] = { "text", "email", "textarea", "checkbox", "select", NULL };

static const struct pl_param params[KEY__MAX] = {
	[KEY_PRIVACY_MODE] = { "privacy_mode", PL_T_ENUM, 0, 0, 0, modes },
	[KEY_PRIVACY_IN_CHAT] = { "privacy_in_chat", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_COLOR] = { "color", PL_T_STR, 7, 7, 0, NULL },
	[KEY_CONSENT_REQUIRED] = { "consent_required", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_DEFAULT_LANG] = { "default_lang", PL_T_LANG, 0, 0, 0, NULL },
	[KEY_KEEP_PAGE_QUERY] = { "keep_page_query", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_UPLOADS_WAITING] = { "uploads_waiting", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_TAB_POSITION] = { "tab_position", PL_T_ENUM, 0, 0, 0, corners },
	[KEY_RET_CHAT] = { "retention_chat_days", PL_T_INT, 0, 3650, 0, NULL },
	[KEY_RET_VISIT] = { "retention_visit_days", PL_T_INT, 0, 3650, 0, NULL },
	[KEY_RET_CONTACT] = { "retention_contact_days", PL_T_INT, 0, 3650, 0, NULL },
	[KEY_CONTACT_EMAIL] = { "contact_email", PL_T_STR, 0, 254, 0, NULL },
	[KEY_TRACKING] = { "tracking_mode", PL_T_ENUM, 0, 0, 0, trackings },
	[KEY_LANG] = { "lang", PL_T_LANG, 0, 0, REQ, NULL },
	[KEY_PRIVACY_TEXT] = { "privacy_text", PL_T_TEXT, 0, 20000, 0, NULL },
	[KEY_PRIVACY_URL] = { "privacy_url", PL_T_STR, 0, 2048, 0, NULL },
	[KEY_CONSENT_TEXT] = { "consent_text", PL_T_TEXT, 0, 5000, 0, NULL },
	[KEY_BUTTON_ONLINE] = { "button_online", PL_T_STR, 0, 800, 0, NULL },
	[KEY_BUTTON_OFFLINE] = { "button_offline", PL_T_STR, 0, 800, 0, NULL },
	[KEY_WELCOME] = { "welcome_text", PL_T_TEXT, 0, 4000, 0, NULL },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, REQ, NULL },
	[KEY_DEPT_NAME] = { "name", PL_T_STR, 1, 512, REQ, NULL },
	[KEY_FORM] = { "form", PL_T_ENUM, 0, 0, REQ, forms },
	[KEY_FIELD_KEY] = { "key", PL_T_STR, 1, 32, REQ, NULL },
	[KEY_FIELD_TYPE] = { "type", PL_T_ENUM, 0, 0, REQ, types },
	[KEY_REQUIRED] = { "required", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_SORT] = { "sort", PL_T_INT, -1000000, 1000000, 0, NULL },
	[KEY_LOGIN] = { "login", PL_T_TOKEN, 1, 64, REQ, NULL },
	[KEY_NAME] = { "name", PL_T_STR, 0, 512, 0, NULL },
	[KEY_EMAIL] = { "email", PL_T_STR, 0, 254, 0, NULL },
	[KEY_ROLE] = { "role", PL_T_ENUM, 0, 0, 0, roles },
	[KEY_DISABLED] = { "disabled", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_DEPTS] = { "depts", PL_T_STR, 0, 62, 0, NULL },
	[KEY_PASSWORD] = { "password", PL_T_STR, 8, 1024, 0, NULL },
	[KEY_MAX_CHATS] = { "max_chats", PL_T_INT, 0, 100, 0, NULL },
	[KEY_BEFORE] = { "before", PL_T_INT, 0, ID_MAX, 0, NULL },
};

/* ---- helpers ------------------------------------------------------------------- */

static const char *
str(struct pl_req *r, int k, const char *dflt)
{
	return PL_V(r, k)->present ? PL_V(r, k)->s : dflt;
}

/* The session of a site admin, or -1 answered (401, 403, 503). */
int
admin_auth(struct pl_req *r, struct pl_session *s, struct pl_editor *who)
{
	if (pl_session_auth(r, s) != 0)
		return -1;
	if (strcmp(s->role, "admin") != 0) {
		pl_error(r, 403, "forbidden", NULL, "only the site's admins may do this");
		return -1;
	}
	who->operator_id = s->operator_id;
	who->login = s->login;
	return 0;
}

/* The answer to a change: 200 {"ok": true}, or the error of its code. */
static void
answer(struct pl_req *r, int rc, const char *field, const char *why)
{
	cJSON	*root;
	char	 msg[160];

	switch (rc) {
	case PL_OK:
		root = cJSON_CreateObject();
		cJSON_AddBoolToObject(root, "ok", 1);
		pl_json(r, 200, root);
		break;
	case PL_EINVAL:
		snprintf(msg, sizeof(msg), "%s: %s", field != NULL ? field : "value", why);
		pl_error(r, 400, "invalid_parameter", field, msg);
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", NULL, "no such item on this site");
		break;
	case PL_ESTATE:
		pl_error(r, 409, "last_admin", NULL,
		    "the site would be left without an enabled admin");
		break;
	case PL_ENOMEM:
		pl_error_internal(r);
		break;
	default:
		pl_error_db(r);
		break;
	}
}

/* ---- reading ------------------------------------------------------------------- */

static int
add_texts(void *arg, const struct pl_site_texts *t)
{
	cJSON *o = cJSON_AddObjectToObject(arg, t->lang);

	cJSON_AddStringToObject(o, "privacy_text", t->privacy_text);
	cJSON_AddStringToObject(o, "privacy_url", t->privacy_url);
	cJSON_AddStringToObject(o, "consent_text", t->consent_text);
	cJSON_AddStringToObject(o, "consent_version", t->consent_version);
	cJSON_AddStringToObject(o, "button_online", t->button_online);
	cJSON_AddStringToObject(o, "button_offline", t->button_offline);
	cJSON_AddStringToObject(o, "welcome_text", t->welcome_text);
	return 0;
}

/* forms: {query: [...], contact: [...]}, each field as the admin pages edit it. */
static int
add_field(void *arg, const struct pl_form_field *f)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "key", f->key);
	cJSON_AddStringToObject(x, "type", f->type);
	cJSON_AddBoolToObject(x, "required", f->required);
	cJSON_AddNumberToObject(x, "sort", (double)f->sort);
	cJSON_AddItemToObject(x, "labels", cJSON_Duplicate(f->labels, 1));
	cJSON_AddItemToObject(x, "options", cJSON_Duplicate(f->options, 1));
	cJSON_AddItemToArray(cJSON_GetObjectItem(arg, f->form), x);
	return 0;
}

static void
lang_add(cJSON *langs, const char *name)
{
	cJSON *it;

	cJSON_ArrayForEach(it, langs)
		if (strcmp(it->valuestring, name) == 0)
			return;
	cJSON_AddItemToArray(langs, cJSON_CreateString(name));
}

/* languages: every language the site has texts, department names or fields in. */
static void
add_languages(cJSON *root)
{
	cJSON *langs = cJSON_CreateArray(), *it, *f, *l;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "texts"))
		lang_add(langs, it->string);
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(root, "depts"))
		cJSON_ArrayForEach(l, cJSON_GetObjectItem(f, "names"))
			lang_add(langs, l->string);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "forms"))
		cJSON_ArrayForEach(f, it)
			cJSON_ArrayForEach(l, cJSON_GetObjectItem(f, "labels"))
				lang_add(langs, l->string);
	cJSON_AddItemToObject(root, "languages", langs);
}

static int
add_dept(void *arg, char dept, const char *lang, const char *name)
{
	cJSON	*list = arg, *last = cJSON_GetArrayItem(list, cJSON_GetArraySize(list) - 1);
	char	 id[2] = { dept, '\0' };

	if (last == NULL || strcmp(cJSON_GetObjectItem(last, "dept")->valuestring, id) != 0) {
		last = cJSON_CreateObject();
		cJSON_AddStringToObject(last, "dept", id);
		cJSON_AddObjectToObject(last, "names");
		cJSON_AddItemToArray(list, last);
	}
	if (*lang != '\0')
		cJSON_AddStringToObject(cJSON_GetObjectItem(last, "names"), lang, name);
	return 0;
}

static int
add_operator(void *arg, const struct pl_operator_def *o)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "login", o->login);
	cJSON_AddStringToObject(x, "name", o->name);
	cJSON_AddStringToObject(x, "email", o->email);
	cJSON_AddStringToObject(x, "role", o->role);
	cJSON_AddBoolToObject(x, "disabled", o->disabled);
	cJSON_AddStringToObject(x, "depts", o->depts);
	cJSON_AddNumberToObject(x, "max_chats", o->max_chats);
	cJSON_AddItemToArray(arg, x);
	return 0;
}

/* GET. 200 {settings, texts, depts, operators, forms, languages}; 401; 403. */
static void
h_settings_get(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	struct pl_site_settings	 set;
	cJSON			*root, *fl;

	if (admin_auth(r, &s, &who) != 0)
		return;
	if (pl_config_settings(r->db, s.site, &set) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "settings", pl_config_settings_json(&set));
	if (pl_config_texts(r->db, s.site, add_texts,
	    cJSON_AddObjectToObject(root, "texts")) != PL_OK ||
	    pl_config_depts(r->db, s.site, add_dept,
	    cJSON_AddArrayToObject(root, "depts")) != PL_OK ||
	    pl_config_operators(r->db, s.site, add_operator,
	    cJSON_AddArrayToObject(root, "operators")) != PL_OK ||
	    (fl = cJSON_AddObjectToObject(root, "forms")) == NULL ||
	    cJSON_AddArrayToObject(fl, "query") == NULL ||
	    cJSON_AddArrayToObject(fl, "contact") == NULL ||
	    pl_config_fields(r->db, s.site, add_field, fl) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	add_languages(root);
	pl_json(r, 200, root);
}

static int
add_version(void *arg, const struct pl_consent_version *v)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "lang", v->lang);
	cJSON_AddStringToObject(x, "version", v->version);
	cJSON_AddStringToObject(x, "created", v->created);
	cJSON_AddStringToObject(x, "text", v->text);
	cJSON_AddItemToArray(arg, x);
	return 0;
}

/* GET. 200 {versions: [{lang, version, created, text}]}; 401; 403. */
static void
h_consent_history(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	cJSON			*root;

	if (admin_auth(r, &s, &who) != 0)
		return;
	root = cJSON_CreateObject();
	if (pl_config_consent_history(r->db, s.site, add_version,
	    cJSON_AddArrayToObject(root, "versions")) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

static int
add_entry(void *arg, const struct pl_audit_entry *e)
{
	cJSON *x = cJSON_CreateObject(), *d = cJSON_Parse(e->detail);

	cJSON_AddNumberToObject(x, "id", (double)e->id);
	cJSON_AddStringToObject(x, "time", e->time);
	cJSON_AddStringToObject(x, "login", e->login);
	cJSON_AddStringToObject(x, "action", e->action);
	cJSON_AddItemToObject(x, "detail", d != NULL ? d : cJSON_CreateObject());
	cJSON_AddItemToArray(arg, x);
	return 0;
}

/* GET before. 200 {entries: [...]} (newest first, 100 at most); 401; 403. */
static void
h_audit(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	cJSON			*root;

	if (admin_auth(r, &s, &who) != 0)
		return;
	root = cJSON_CreateObject();
	if (pl_audit_list(r->db, s.site, PL_V(r, KEY_BEFORE)->i, 100, add_entry,
	    cJSON_AddArrayToObject(root, "entries")) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* ---- changes ------------------------------------------------------------------- */

/* Replace v with the parameter k when it was given. */
static void
bool_param(struct pl_req *r, int k, int *v)
{
	if (PL_V(r, k)->present)
		*v = PL_V(r, k)->i != 0;
}

static void
int_param(struct pl_req *r, int k, int *v)
{
	if (PL_V(r, k)->present)
		*v = (int)PL_V(r, k)->i;
}

static void
copy_param(struct pl_req *r, int k, char *dst, size_t cap)
{
	if (PL_V(r, k)->present)
		snprintf(dst, cap, "%s", PL_V(r, k)->s);
}

/* POST any of the settings; the others keep their values. 200; 400; 401; 403. */
static void
h_settings_set(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;
	struct pl_site_settings	set;

	if (admin_auth(r, &s, &who) != 0)
		return;
	if (pl_config_settings(r->db, s.site, &set) != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (PL_V(r, KEY_PRIVACY_MODE)->present)
		snprintf(set.privacy_mode, sizeof(set.privacy_mode), "%s",
		    modes[PL_V(r, KEY_PRIVACY_MODE)->i]);
	copy_param(r, KEY_COLOR, set.color, sizeof(set.color));
	copy_param(r, KEY_DEFAULT_LANG, set.default_lang, sizeof(set.default_lang));
	bool_param(r, KEY_PRIVACY_IN_CHAT, &set.privacy_in_chat);
	bool_param(r, KEY_CONSENT_REQUIRED, &set.consent_required);
	bool_param(r, KEY_KEEP_PAGE_QUERY, &set.keep_page_query);
	bool_param(r, KEY_UPLOADS_WAITING, &set.uploads_waiting);
	if (PL_V(r, KEY_TAB_POSITION)->present)
		snprintf(set.tab_position, sizeof(set.tab_position), "%s",
		    corners[PL_V(r, KEY_TAB_POSITION)->i]);
	int_param(r, KEY_RET_CHAT, &set.retention_chat_days);
	int_param(r, KEY_RET_VISIT, &set.retention_visit_days);
	int_param(r, KEY_RET_CONTACT, &set.retention_contact_days);
	copy_param(r, KEY_CONTACT_EMAIL, set.contact_email, sizeof(set.contact_email));
	if (PL_V(r, KEY_TRACKING)->present)
		snprintf(set.tracking_mode, sizeof(set.tracking_mode), "%s",
		    trackings[PL_V(r, KEY_TRACKING)->i]);
	if (set.contact_email[0] != '\0' && !pl_email_valid(set.contact_email)) {
		pl_error(r, 400, "invalid_parameter", "contact_email",
		    "contact_email: not an e-mail address");
		return;
	}
	answer(r, pl_config_settings_set(r->db, s.site, &who, &set),
	    "color", "expects #rrggbb");
}

/*
 * POST lang and any of privacy_text, privacy_url, consent_text,
 * button_online, button_offline, welcome_text (the others keep their
 * values). 200 {ok, consent_version}; 400.
 */
static void
h_texts(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	struct pl_site_texts	 t;
	const char		*bad = NULL;
	cJSON			*root;
	int			 rc;

	if (admin_auth(r, &s, &who) != 0)
		return;
	memset(&t, 0, sizeof(t));
	t.lang = PL_V(r, KEY_LANG)->s;
	t.privacy_text = str(r, KEY_PRIVACY_TEXT, NULL);
	t.privacy_url = str(r, KEY_PRIVACY_URL, NULL);
	t.consent_text = str(r, KEY_CONSENT_TEXT, NULL);
	t.button_online = str(r, KEY_BUTTON_ONLINE, NULL);
	t.button_offline = str(r, KEY_BUTTON_OFFLINE, NULL);
	t.welcome_text = str(r, KEY_WELCOME, NULL);
	if ((rc = pl_config_texts_set(r->db, s.site, &who, &t, &bad)) != PL_OK) {
		answer(r, rc, bad, bad == NULL ? "" : strcmp(bad, "privacy_url") == 0 ?
		    "an http:// or https:// address" : strcmp(bad, "welcome_text") == 0 ?
		    "at most 1000 characters" : strcmp(bad, "button_online") == 0 ||
		    strcmp(bad, "button_offline") == 0 ? "at most 200 characters on one line" :
		    "UTF-8 text without control characters");
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddStringToObject(root, "consent_version", t.consent_version);
	pl_json(r, 200, root);
}

/* POST field-set: labels and options are JSON objects (or their text, form-encoded). */
static cJSON *
json_member(struct pl_req *r, const char *name)
{
	const struct pl_kv	*kv;
	cJSON			*v;

	if (r->json != NULL && (v = cJSON_GetObjectItemCaseSensitive(r->json, name)) != NULL)
		return cJSON_IsObject(v) ? cJSON_Duplicate(v, 1) : NULL;
	if ((kv = pl_kvlist_get(&r->body, name)) == NULL)
		return NULL;
	v = cJSON_ParseWithLength(kv->val, strlen(kv->val));
	if (!cJSON_IsObject(v)) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

/*
 * POST form, key, type, required, sort, labels {lang: label}, options
 * {lang: [option, ...]} (a select): creates or replaces the field. 200;
 * 400 (field names the member); 409 too_many_fields; 401; 403.
 */
static void
h_field_set(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	struct pl_form_field	 f;
	const char		*bad = NULL;
	int			 rc;

	if (admin_auth(r, &s, &who) != 0)
		return;
	memset(&f, 0, sizeof(f));
	f.form = forms[PL_V(r, KEY_FORM)->i];
	f.key = PL_V(r, KEY_FIELD_KEY)->s;
	f.type = types[PL_V(r, KEY_FIELD_TYPE)->i];
	f.required = PL_V(r, KEY_REQUIRED)->i != 0;
	f.sort = PL_V(r, KEY_SORT)->i;
	f.labels = json_member(r, "labels");
	f.options = json_member(r, "options");
	rc = pl_config_field_set(r->db, s.site, &who, &f, &bad);
	cJSON_Delete(f.labels);
	cJSON_Delete(f.options);
	if (rc == PL_ESTATE)
		pl_error(r, 409, "too_many_fields", NULL, "a form has at most 32 fields");
	else
		answer(r, rc, bad, bad == NULL ? "" : strcmp(bad, "key") == 0 ?
		    "1-32 of a-z, 0-9 and _" : strcmp(bad, "labels") == 0 ?
		    "an object {lang: label}, each 1-255 characters on one line" :
		    strcmp(bad, "options") == 0 ?
		    "a select needs {lang: [1-50 different options]} for each label" :
		    "not valid");
}

/* POST form, key. 200; 404; 401; 403. */
static void
h_field_delete(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;

	if (admin_auth(r, &s, &who) != 0)
		return;
	answer(r, pl_config_field_delete(r->db, s.site, &who, forms[PL_V(r, KEY_FORM)->i],
	    PL_V(r, KEY_FIELD_KEY)->s), NULL, "");
}

/* POST dept, lang, name. 200; 400; 401; 403. */
static void
h_dept_set(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;

	if (admin_auth(r, &s, &who) != 0)
		return;
	answer(r, pl_config_dept_set(r->db, s.site, &who, (char)PL_V(r, KEY_DEPT)->i,
	    PL_V(r, KEY_LANG)->s, PL_V(r, KEY_DEPT_NAME)->s), "name", "at most 128 characters");
}

/* POST dept. 200; 404; 401; 403. Its open chats go to no department. */
static void
h_dept_delete(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;

	if (admin_auth(r, &s, &who) != 0)
		return;
	answer(r, pl_config_dept_delete(r->db, s.site, &who, (char)PL_V(r, KEY_DEPT)->i),
	    NULL, "");
}

/*
 * POST login, name, email, role, disabled, depts, password: creates the
 * operator (password required) or changes it (what is not given stays,
 * except depts: given, it is the whole set). 200 {ok, created}; 400; 409
 * last_admin; 401; 403.
 */
static void
h_operator_set(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	struct pl_operator_def	 o;
	const char		*bad = NULL;
	cJSON			*root;
	int			 rc, created = 0;

	if (admin_auth(r, &s, &who) != 0)
		return;
	o.login = PL_V(r, KEY_LOGIN)->s;
	o.name = str(r, KEY_NAME, NULL);
	o.email = str(r, KEY_EMAIL, NULL);
	o.role = PL_V(r, KEY_ROLE)->present ? roles[PL_V(r, KEY_ROLE)->i] : NULL;
	o.disabled = PL_V(r, KEY_DISABLED)->present ? PL_V(r, KEY_DISABLED)->i != 0 : -1;
	o.depts = str(r, KEY_DEPTS, NULL);
	o.max_chats = PL_V(r, KEY_MAX_CHATS)->present ? (int)PL_V(r, KEY_MAX_CHATS)->i : -1;
	rc = pl_config_operator_set(r->db, s.site, &who, &o,
	    str(r, KEY_PASSWORD, NULL), &created, &bad);
	if (rc != PL_OK) {
		answer(r, rc, bad, bad != NULL && strcmp(bad, "password") == 0 ?
		    "a new operator needs a password" : bad != NULL &&
		    strcmp(bad, "depts") == 0 ? "departments the site has, each once" :
		    "not valid");
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddBoolToObject(root, "created", created);
	pl_json(r, 200, root);
}

static void
h_settings(struct pl_req *r)
{
	if (r->method == PL_M_POST)
		h_settings_set(r);
	else
		h_settings_get(r);
}

/* ---- routes ------------------------------------------------------------------ */

#define P(k)	[k] = params[k]

static const struct pl_param p_none[KEY__MAX];
static const struct pl_param p_settings[KEY__MAX] = {
	P(KEY_PRIVACY_MODE), P(KEY_PRIVACY_IN_CHAT), P(KEY_COLOR), P(KEY_CONSENT_REQUIRED),
	P(KEY_DEFAULT_LANG), P(KEY_KEEP_PAGE_QUERY), P(KEY_UPLOADS_WAITING),
	P(KEY_TAB_POSITION), P(KEY_RET_CHAT), P(KEY_RET_VISIT), P(KEY_RET_CONTACT), P(KEY_CONTACT_EMAIL), P(KEY_TRACKING),
};
static const struct pl_param p_texts[KEY__MAX] = {
	P(KEY_LANG), P(KEY_PRIVACY_TEXT), P(KEY_PRIVACY_URL), P(KEY_CONSENT_TEXT),
	P(KEY_BUTTON_ONLINE), P(KEY_BUTTON_OFFLINE), P(KEY_WELCOME),
};
static const struct pl_param p_field_set[KEY__MAX] = {
	P(KEY_FORM), P(KEY_FIELD_KEY), P(KEY_FIELD_TYPE), P(KEY_REQUIRED), P(KEY_SORT),
};
static const struct pl_param p_field[KEY__MAX] = { P(KEY_FORM), P(KEY_FIELD_KEY) };
static const struct pl_param p_dept_set[KEY__MAX] = { P(KEY_DEPT), P(KEY_LANG), P(KEY_DEPT_NAME) };
static const struct pl_param p_dept[KEY__MAX] = { P(KEY_DEPT) };
static const struct pl_param p_operator[KEY__MAX] = {
	P(KEY_LOGIN), P(KEY_NAME), P(KEY_EMAIL), P(KEY_ROLE), P(KEY_DISABLED), P(KEY_DEPTS),
	P(KEY_PASSWORD), P(KEY_MAX_CHATS),
};
static const struct pl_param p_audit[KEY__MAX] = { P(KEY_BEFORE) };

#define R(path, m, p, h)	{ path, m, p, KEY__MAX, PL_R_DB, 0, h }

static const struct pl_route routes[] = {
	ADMIN_CANNED_ROUTES,
	R("/settings", PL_M_GET | PL_M_POST, p_settings, h_settings),
	R("/texts", PL_M_POST, p_texts, h_texts),
	R("/consent-history", PL_M_GET, p_none, h_consent_history),
	R("/dept-set", PL_M_POST, p_dept_set, h_dept_set),
	R("/dept-delete", PL_M_POST, p_dept, h_dept_delete),
	R("/field-set", PL_M_POST, p_field_set, h_field_set),
	R("/field-delete", PL_M_POST, p_field, h_field_delete),
	R("/operator-set", PL_M_POST, p_operator, h_operator_set),
	R("/audit", PL_M_GET, p_audit, h_audit),
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* One route table: the site's admin area's and the hosting level's (hosting.c). */
int
main(int argc, char **argv)
{
	struct pl_program	 program = { "admin", NULL, 0, NULL, NULL };
	struct pl_route		*all;
	int			 rc;

	if ((all = calloc(NROUTES + hosting_nroutes + stats_nroutes, sizeof(*all))) == NULL)
		return 1;
	memcpy(all, routes, sizeof(routes));
	memcpy(all + NROUTES, hosting_routes, hosting_nroutes * sizeof(*all));
	memcpy(all + NROUTES + hosting_nroutes, stats_routes, stats_nroutes * sizeof(*all));
	program.routes = all;
	program.nroutes = NROUTES + hosting_nroutes + stats_nroutes;
	rc = pl_main(&program, argc, argv);
	free(all);
	return rc;
}
