/*
 * pl_config.c: a site's configuration and its audit log (see pl_config.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "pl_auth.h"
#include "pl_config.h"
#include "pl_mail.h"
#include "pl_site.h"

/* ---- transactions with their audit entry ----------------------------------- */

/* The audit entry of a change, inside its transaction. detail is consumed. */
static int
audit(struct pl_db *db, unsigned long site, const struct pl_editor *who,
    const char *action, cJSON *detail)
{
	struct pl_q	 q;
	char		*json = detail != NULL ? cJSON_PrintUnformatted(detail) : NULL;
	int		 rc;

	cJSON_Delete(detail);
	if (json == NULL)
		return PL_ENOMEM;
	pl_q_init(&q, db, ST_AUDIT_INSERT);
	pl_q_int(&q, (long long)site);
	if (who->operator_id > 0)
		pl_q_int(&q, who->operator_id);
	else
		pl_q_null(&q);
	pl_q_cstr(&q, who->login != NULL ? who->login : "");
	pl_q_cstr(&q, action);
	pl_q_cstr(&q, json);
	rc = pl_q_run(&q);
	free(json);
	return rc;
}

/* Commit after the audit entry, or roll back: the code to return (pl_config.h). */
int
pl_audit_finish(struct pl_db *db, unsigned long site, const struct pl_editor *who,
    const char *action, cJSON *detail, int rc)
{
	if (rc == PL_OK)
		rc = audit(db, site, who, action, detail);
	else
		cJSON_Delete(detail);
	if (rc == PL_OK && pl_db_commit(db) != PL_OK)
		rc = PL_EDB;
	if (rc != PL_OK && pl_db_in_tx(db))
		pl_db_rollback(db);
	return rc == PL_OK || rc == PL_EINVAL || rc == PL_ENOTFOUND || rc == PL_EDUP ||
	    rc == PL_ESTATE || rc == PL_ENOMEM ? rc : PL_EDB;
}

/* ---- site settings ------------------------------------------------------------ */

static int
one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static int
color_ok(const char *c)
{
	return strlen(c) == 7 && c[0] == '#' &&
	    strspn(c + 1, "0123456789abcdefABCDEF") == 6;
}

/* Days to keep something: at most ten years; 0 keeps it until deleted by hand. */
static int
days_ok(int d)
{
	return d >= 0 && d <= 3650;
}

int
pl_config_settings(struct pl_db *db, unsigned long site, struct pl_site_settings *s)
{
	struct pl_q	q;
	long long	in_chat = 0, consent = 0, keep = 0, uploads = 0;
	long long	days[3] = { 90, 30, 180 };
	int		rc;

	memset(s, 0, sizeof(*s));
	snprintf(s->privacy_mode, sizeof(s->privacy_mode), "none");
	snprintf(s->color, sizeof(s->color), "#0b5cad");
	snprintf(s->default_lang, sizeof(s->default_lang), "en");
	snprintf(s->tab_position, sizeof(s->tab_position), "right");
	snprintf(s->tracking_mode, sizeof(s->tracking_mode), "id");
	pl_q_init(&q, db, ST_CFG_SETTINGS_GET);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, s->privacy_mode, sizeof(s->privacy_mode), NULL, NULL);
	pl_q_out_int(&q, &in_chat, NULL);
	pl_q_out_str(&q, s->color, sizeof(s->color), NULL, NULL);
	pl_q_out_int(&q, &consent, NULL);
	pl_q_out_str(&q, s->default_lang, sizeof(s->default_lang), NULL, NULL);
	pl_q_out_int(&q, &keep, NULL);
	pl_q_out_int(&q, &uploads, NULL);
	pl_q_out_str(&q, s->tab_position, sizeof(s->tab_position), NULL, NULL);
	pl_q_out_int(&q, &days[0], NULL);
	pl_q_out_int(&q, &days[1], NULL);
	pl_q_out_int(&q, &days[2], NULL);
	pl_q_out_str(&q, s->contact_email, sizeof(s->contact_email), NULL, NULL);
	pl_q_out_str(&q, s->tracking_mode, sizeof(s->tracking_mode), NULL, NULL);
	rc = pl_q_row(&q);
	if (rc != PL_OK && rc != PL_ENOTFOUND)
		return PL_EDB;
	s->retention_chat_days = (int)days[0];
	s->retention_visit_days = (int)days[1];
	s->retention_contact_days = (int)days[2];
	s->privacy_in_chat = in_chat != 0;
	s->consent_required = consent != 0;
	s->keep_page_query = keep != 0;
	s->uploads_waiting = uploads != 0;
	return PL_OK;
}

int
pl_config_settings_set(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, const struct pl_site_settings *s)
{
	static const char *const modes[] = { "none", "text", "link", NULL };
	static const char *const corners[] = { "right", "left", NULL };
	static const char *const tracking[] = { "id", "cookieless", NULL };
	struct pl_q	 q;
	int		 rc;

	if (!one_of(s->privacy_mode, modes) || !color_ok(s->color) ||
	    !one_of(s->tab_position, corners) || !one_of(s->tracking_mode, tracking) ||
	    !pl_lang_valid(s->default_lang, strlen(s->default_lang)) ||
	    !days_ok(s->retention_chat_days) || !days_ok(s->retention_visit_days) ||
	    !days_ok(s->retention_contact_days) ||
	    (s->contact_email[0] != '\0' && !pl_email_valid(s->contact_email)))
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CFG_SETTINGS_SET);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, s->privacy_mode);
	pl_q_int(&q, s->privacy_in_chat != 0);
	pl_q_cstr(&q, s->color);
	pl_q_int(&q, s->consent_required != 0);
	pl_q_cstr(&q, s->default_lang);
	pl_q_int(&q, s->keep_page_query != 0);
	pl_q_int(&q, s->uploads_waiting != 0);
	pl_q_cstr(&q, s->tab_position);
	pl_q_int(&q, s->retention_chat_days);
	pl_q_int(&q, s->retention_visit_days);
	pl_q_int(&q, s->retention_contact_days);
	pl_q_cstr(&q, s->contact_email);
	pl_q_cstr(&q, s->tracking_mode);
	rc = pl_q_run(&q);
	return pl_audit_finish(db, site, who, "settings", pl_config_settings_json(s), rc);
}

cJSON *
pl_config_settings_json(const struct pl_site_settings *s)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "privacy_mode", s->privacy_mode);
	cJSON_AddBoolToObject(d, "privacy_in_chat", s->privacy_in_chat);
	cJSON_AddStringToObject(d, "color", s->color);
	cJSON_AddBoolToObject(d, "consent_required", s->consent_required);
	cJSON_AddStringToObject(d, "default_lang", s->default_lang);
	cJSON_AddBoolToObject(d, "keep_page_query", s->keep_page_query);
	cJSON_AddBoolToObject(d, "uploads_waiting", s->uploads_waiting);
	cJSON_AddStringToObject(d, "tab_position", s->tab_position);
	cJSON_AddNumberToObject(d, "retention_chat_days", s->retention_chat_days);
	cJSON_AddNumberToObject(d, "retention_visit_days", s->retention_visit_days);
	cJSON_AddNumberToObject(d, "retention_contact_days", s->retention_contact_days);
	cJSON_AddStringToObject(d, "contact_email", s->contact_email);
	cJSON_AddStringToObject(d, "tracking_mode", s->tracking_mode);
	return d;
}

/* ---- texts and consent versions --------------------------------------------- */

enum { TX_PTEXT, TX_PURL, TX_CTEXT, TX_BON, TX_BOFF, TX_WELCOME, TX__MAX };

/* Point t's members at the columns read (NULL read as ""). */
static void
texts_from(struct pl_site_texts *t, char *const col[TX__MAX])
{
	t->privacy_text = col[TX_PTEXT] != NULL ? col[TX_PTEXT] : "";
	t->privacy_url = col[TX_PURL] != NULL ? col[TX_PURL] : "";
	t->consent_text = col[TX_CTEXT] != NULL ? col[TX_CTEXT] : "";
	t->button_online = col[TX_BON] != NULL ? col[TX_BON] : "";
	t->button_offline = col[TX_BOFF] != NULL ? col[TX_BOFF] : "";
	t->welcome_text = col[TX_WELCOME] != NULL ? col[TX_WELCOME] : "";
}

static void
texts_free(char *col[TX__MAX])
{
	int i;

	for (i = 0; i < TX__MAX; i++) {
		free(col[i]);
		col[i] = NULL;
	}
}

int
pl_config_texts(struct pl_db *db, unsigned long site,
    int (*cb)(void *, const struct pl_site_texts *), void *arg)
{
	struct pl_q		 q;
	struct pl_site_texts	 t;
	char			 lang[9];
	char			*col[TX__MAX] = { NULL };
	int			 i, rc, stop = 0;

	pl_q_init(&q, db, ST_CFG_TEXTS_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	for (i = 0; i < TX__MAX; i++)
		pl_q_out_dup(&q, &col[i], NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		memset(&t, 0, sizeof(t));
		t.lang = lang;
		texts_from(&t, col);
		if (*t.consent_text != '\0')
			pl_sha256_hex(t.consent_text, strlen(t.consent_text), t.consent_version);
		stop = cb(arg, &t);
		texts_free(col);
	}
	pl_q_done(&q);
	texts_free(col);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* An http(s) URL without spaces or control characters (never javascript:, data:). */
static int
url_ok(const char *u)
{
	size_t i, n = strlen(u), scheme;

	if (n == 0)
		return 1;
	scheme = strncmp(u, "https://", 8) == 0 ? 8 : strncmp(u, "http://", 7) == 0 ? 7 : 0;
	if (scheme == 0 || n == scheme || n > 2048)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] <= 0x20 || u[i] == 0x7f || u[i] == '"' ||
		    u[i] == '<' || u[i] == '>' || u[i] == '\\')
			return 0;
	return 1;
}

/* A one-line text of at most max characters. */
static int
line_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	return pl_text_valid(s, n, 0) && pl_utf8_chars(s, n) <= max;
}

/* NULL when the texts are fine, else the name of the bad one. */
static const char *
texts_bad(const struct pl_site_texts *t)
{
	if (!url_ok(t->privacy_url))
		return "privacy_url";
	if (!pl_text_valid(t->privacy_text, strlen(t->privacy_text), 1))
		return "privacy_text";
	if (!pl_text_valid(t->consent_text, strlen(t->consent_text), 1))
		return "consent_text";
	if (!line_ok(t->button_online, 200))
		return "button_online";
	if (!line_ok(t->button_offline, 200))
		return "button_offline";
	if (!pl_text_valid(t->welcome_text, strlen(t->welcome_text), 1) ||
	    pl_utf8_chars(t->welcome_text, strlen(t->welcome_text)) > 1000)
		return "welcome_text";
	return NULL;
}

/* t's NULL members from what is stored (locked), "" when nothing is. */
static int
texts_merge(struct pl_db *db, unsigned long site, struct pl_site_texts *t,
    char *col[TX__MAX])
{
	struct pl_site_texts	 old;
	struct pl_q		 q;
	int			 i, rc;

	pl_q_init(&q, db, ST_CFG_TEXT_LOCK);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, t->lang);
	for (i = 0; i < TX__MAX; i++)
		pl_q_out_dup(&q, &col[i], NULL, NULL);
	rc = pl_q_row(&q);
	if (rc != PL_OK && rc != PL_ENOTFOUND)
		return PL_EDB;
	texts_from(&old, col);
#define KEEP(m)	if (t->m == NULL) t->m = old.m
	KEEP(privacy_text); KEEP(privacy_url); KEEP(consent_text);
	KEEP(button_online); KEEP(button_offline); KEEP(welcome_text);
#undef KEEP
	return PL_OK;
}

/* Forget the members that point into col (about to be freed). */
static void
texts_unmerge(struct pl_site_texts *t, char *const col[TX__MAX])
{
	const char	**m[TX__MAX] = { &t->privacy_text, &t->privacy_url,
	    &t->consent_text, &t->button_online, &t->button_offline, &t->welcome_text };
	int		  i;

	for (i = 0; i < TX__MAX; i++)
		if (col[i] != NULL && *m[i] == col[i])
			*m[i] = NULL;
}

int
pl_config_texts_set(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, struct pl_site_texts *t, const char **bad)
{
	struct pl_q	 q;
	cJSON		*d;
	char		*col[TX__MAX] = { NULL };
	int		 rc;

	*bad = NULL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = texts_merge(db, site, t, col)) == PL_OK && (*bad = texts_bad(t)) != NULL)
		rc = PL_EINVAL;
	t->consent_version[0] = '\0';
	if (rc == PL_OK && *t->consent_text != '\0')
		pl_sha256_hex(t->consent_text, strlen(t->consent_text), t->consent_version);
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_TEXTS_UPSERT);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, t->lang);
		pl_q_cstr(&q, t->privacy_text);
		pl_q_cstr(&q, t->privacy_url);
		pl_q_cstr(&q, t->consent_text);
		pl_q_cstr(&q, t->button_online);
		pl_q_cstr(&q, t->button_offline);
		pl_q_cstr(&q, t->welcome_text);
		rc = pl_q_run(&q);
	}
	if (rc == PL_OK && t->consent_version[0] != '\0') {
		/* The version history: every consent text the site ever had. */
		pl_q_init(&q, db, ST_CONSENT_TEXT_PUT);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, t->consent_version);
		pl_q_cstr(&q, t->lang);
		pl_q_cstr(&q, t->consent_text);
		rc = pl_q_run(&q);
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "lang", t->lang);
	if (rc == PL_OK) {
		cJSON_AddStringToObject(d, "privacy_text", t->privacy_text);
		cJSON_AddStringToObject(d, "privacy_url", t->privacy_url);
		cJSON_AddStringToObject(d, "consent_version", t->consent_version);
		cJSON_AddStringToObject(d, "button_online", t->button_online);
		cJSON_AddStringToObject(d, "button_offline", t->button_offline);
		cJSON_AddStringToObject(d, "welcome_text", t->welcome_text);
	}
	rc = pl_audit_finish(db, site, who, "texts", d, rc);
	/* t pointed into col for the kept members: the caller gets NULL back. */
	texts_unmerge(t, col);
	texts_free(col);
	return rc;
}

int
pl_config_consent_history(struct pl_db *db, unsigned long site,
    int (*cb)(void *, const struct pl_consent_version *), void *arg)
{
	struct pl_q			 q;
	struct pl_consent_version	 v;
	char				 lang[9], sha[PL_HASH_HEX], created[32];
	char				*text = NULL;
	int				 rc, stop = 0;

	pl_q_init(&q, db, ST_CFG_CONSENT_HISTORY);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	pl_q_out_str(&q, sha, sizeof(sha), NULL, NULL);
	pl_q_out_str(&q, created, sizeof(created), NULL, NULL);
	pl_q_out_dup(&q, &text, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		v.lang = lang;
		v.version = sha;
		v.created = created;
		v.text = text != NULL ? text : "";
		stop = cb(arg, &v);
		free(text);
		text = NULL;
	}
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* ---- departments -------------------------------------------------------------- */

int
pl_config_depts(struct pl_db *db, unsigned long site,
    int (*cb)(void *, char, const char *, const char *), void *arg)
{
	struct pl_q	q;
	char		dept[2], lang[9], name[PL_UTF8_BYTES(128)];
	int		rc, stop = 0;

	pl_q_init(&q, db, ST_CFG_DEPTS_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, dept, sizeof(dept), NULL, NULL);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1)
		stop = cb(arg, dept[0], lang, name);
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

static cJSON *
dept_detail(char dept)
{
	cJSON	*d = cJSON_CreateObject();
	char	 id[2] = { dept, '\0' };

	cJSON_AddStringToObject(d, "dept", id);
	return d;
}

int
pl_config_dept_set(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, char dept, const char *lang, const char *name)
{
	struct pl_q	 q;
	cJSON		*d;
	char		 id[2] = { dept, '\0' };
	int		 rc;

	if (!pl_text_valid(name, strlen(name), 0) || pl_utf8_chars(name, strlen(name)) > 128)
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CFG_DEPT_ENSURE);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, id);
	rc = pl_q_run(&q);
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_DEPT_NAME_UPSERT);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, id);
		pl_q_cstr(&q, lang);
		pl_q_cstr(&q, name);
		rc = pl_q_run(&q);
	}
	d = dept_detail(dept);
	cJSON_AddStringToObject(d, "lang", lang);
	cJSON_AddStringToObject(d, "name", name);
	return pl_audit_finish(db, site, who, "dept_set", d, rc);
}

int
pl_config_dept_delete(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, char dept)
{
	struct pl_q	q;
	char		id[2] = { dept, '\0' };
	int		rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CFG_DEPT_CHATS_FREE);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, id);
	rc = pl_q_run(&q);
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_CFG_DEPT_DELETE);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, id);
		if ((rc = pl_q_exec(&q)) == PL_OK && pl_q_affected(&q) == 0)
			rc = PL_ENOTFOUND;
		pl_q_done(&q);
	}
	return pl_audit_finish(db, site, who, "dept_delete", dept_detail(dept), rc);
}

/* ---- operators ---------------------------------------------------------------- */

int
pl_config_operators(struct pl_db *db, unsigned long site,
    int (*cb)(void *, const struct pl_operator_def *), void *arg)
{
	struct pl_q		q;
	struct pl_operator_def	o;
	char			login[65], name[PL_UTF8_BYTES(128)], email[255];
	char			role[16], depts[64];
	long long		disabled = 0, max_chats = 0;
	int			rc, stop = 0;

	pl_q_init(&q, db, ST_CFG_OPS_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_str(&q, email, sizeof(email), NULL, NULL);
	pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	pl_q_out_str(&q, depts, sizeof(depts), NULL, NULL);
	pl_q_out_int(&q, &max_chats, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		o.login = login;
		o.name = name;
		o.email = email;
		o.role = role;
		o.disabled = disabled != 0;
		o.depts = depts;
		o.max_chats = (int)max_chats;
		stop = cb(arg, &o);
	}
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* An operator as stored, for a change that keeps what it does not give. */
struct op_row {
	long long	id;
	char		name[PL_UTF8_BYTES(128)];
	char		email[255];
	char		role[16];
	char		depts[64];
	int		disabled;
	int		max_chats;
};

static int
operator_row(struct pl_db *db, unsigned long site, const char *login, struct op_row *o)
{
	struct pl_q	q;
	long long	dis = 0, max = 0;
	int		rc;

	memset(o, 0, sizeof(*o));
	pl_q_init(&q, db, ST_CFG_OP_GET);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	pl_q_out_int(&q, &o->id, NULL);
	pl_q_out_str(&q, o->name, sizeof(o->name), NULL, NULL);
	pl_q_out_str(&q, o->email, sizeof(o->email), NULL, NULL);
	pl_q_out_str(&q, o->role, sizeof(o->role), NULL, NULL);
	pl_q_out_int(&q, &dis, NULL);
	pl_q_out_str(&q, o->depts, sizeof(o->depts), NULL, NULL);
	pl_q_out_int(&q, &max, NULL);
	rc = pl_q_row(&q);
	o->disabled = dis != 0;
	o->max_chats = (int)max;
	return rc;
}

/* What the change gives, over what is stored (or the defaults of a new one). */
static void
operator_merge(struct pl_operator_def *m, const struct pl_operator_def *o,
    const struct op_row *cur, int found)
{
	m->login = o->login;
	m->name = o->name != NULL ? o->name : found ? cur->name : "";
	m->email = o->email != NULL ? o->email : found ? cur->email : "";
	m->role = o->role != NULL ? o->role : found ? cur->role : "operator";
	m->disabled = o->disabled >= 0 ? o->disabled : found && cur->disabled;
	m->depts = o->depts != NULL ? o->depts : found ? cur->depts : "";
	m->max_chats = o->max_chats >= 0 ? o->max_chats : found ? cur->max_chats : 0;
}

/* NULL when fine, else the name of the bad member. */
static const char *
operator_def_bad(const struct pl_operator_def *o)
{
	static const char *const roles[] = { "operator", "admin", NULL };
	size_t i, n = strlen(o->depts);

	if (!one_of(o->role, roles))
		return "role";
	if (o->max_chats < 0 || o->max_chats > 100)
		return "max_chats";
	if (!pl_text_valid(o->name, strlen(o->name), 0) ||
	    pl_utf8_chars(o->name, strlen(o->name)) > 128)
		return "name";
	if (!pl_text_valid(o->email, strlen(o->email), 0) || strlen(o->email) > 254 ||
	    (*o->email != '\0' && strchr(o->email, '@') == NULL))
		return "email";
	for (i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		    o->depts[i]) == NULL || strchr(o->depts + i + 1, o->depts[i]) != NULL)
			return "depts";
	return NULL;
}

/* Its departments become exactly o->depts (each must exist). */
static int
operator_depts(struct pl_db *db, unsigned long site, long long id, const char *depts)
{
	struct pl_q	q;
	char		d[2] = "";
	int		rc;

	pl_q_init(&q, db, ST_CFG_OP_DEPTS_CLEAR);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	pl_q_cstr(&q, depts);
	if ((rc = pl_q_run(&q)) != PL_OK)
		return rc;
	for (; *depts != '\0'; depts++) {
		d[0] = *depts;
		pl_q_init(&q, db, ST_DEPT_EXISTS);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, d);
		if ((rc = pl_q_row(&q)) != PL_OK)
			return rc == PL_ENOTFOUND ? PL_EINVAL : rc;
		pl_q_init(&q, db, ST_OP_DEPT_ADD);
		pl_q_int(&q, (long long)site);
		pl_q_int(&q, id);
		pl_q_cstr(&q, d);
		if ((rc = pl_q_run(&q)) != PL_OK)
			return rc;
	}
	return PL_OK;
}

/* A disabled or demoted admin must leave another enabled one. */
static int
keeps_an_admin(struct pl_db *db, unsigned long site, long long id,
    const char *was_role, int was_disabled, const struct pl_operator_def *o)
{
	struct pl_q	q;
	long long	others = 0;

	if (strcmp(was_role, "admin") != 0 || was_disabled ||
	    (strcmp(o->role, "admin") == 0 && !o->disabled))
		return PL_OK;
	pl_q_init(&q, db, ST_CFG_OTHER_ADMINS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	pl_q_out_int(&q, &others, NULL);
	if (pl_q_row(&q) != PL_OK)
		return PL_EDB;
	return others > 0 ? PL_OK : PL_ESTATE;
}

static int
operator_update(struct pl_db *db, unsigned long site, long long id,
    const struct pl_operator_def *o, const char *hash)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_CFG_OP_UPDATE);
	pl_q_cstr(&q, o->name);
	pl_q_cstr(&q, o->email);
	pl_q_cstr(&q, o->role);
	pl_q_int(&q, o->disabled != 0);
	pl_q_int(&q, o->max_chats);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	if ((rc = pl_q_run(&q)) != PL_OK)
		return rc;
	if (hash != NULL) {
		pl_q_init(&q, db, ST_OP_SET_PASSWORD);
		pl_q_cstr(&q, hash);
		pl_q_int(&q, (long long)site);
		pl_q_int(&q, id);
		if ((rc = pl_q_run(&q)) != PL_OK)
			return rc;
	}
	if (hash == NULL && !o->disabled)
		return PL_OK;
	/* A new password or a disabled account: its sessions end now. */
	pl_q_init(&q, db, ST_SESSION_DELETE_OTHERS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	pl_q_cstr(&q, "");
	return pl_q_run(&q);
}

static int
operator_insert(struct pl_db *db, unsigned long site,
    const struct pl_operator_def *o, const char *hash, long long *id)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_OP_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, o->login);
	pl_q_cstr(&q, o->name);
	pl_q_cstr(&q, o->email);
	pl_q_cstr(&q, hash);
	pl_q_cstr(&q, o->role);
	if ((rc = pl_q_exec(&q)) == PL_OK)
		*id = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc == PL_OK && (o->disabled || o->max_chats != 0))
		rc = operator_update(db, site, *id, o, NULL);
	return rc;
}

int
pl_config_operator_set(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, const struct pl_operator_def *given,
    const char *password, int *created, const char **bad)
{
	struct pl_operator_def	 o;
	struct op_row		 cur;
	char			 hash[PL_PWHASH_LEN + 1];
	int			 rc, found;
	cJSON			*d;

	*created = 0;
	*bad = "password";
	if (password != NULL &&
	    pl_password_hash(password, strlen(password), hash) != PL_OK)
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	rc = operator_row(db, site, given->login, &cur);
	found = rc == PL_OK;
	operator_merge(&o, given, &cur, found);
	if (rc == PL_ENOTFOUND)
		rc = PL_OK;
	if (rc == PL_OK && (*bad = operator_def_bad(&o)) != NULL)
		rc = PL_EINVAL;
	else if (rc == PL_OK && !found) {
		*created = 1;
		*bad = "password";
		rc = password == NULL ? PL_EINVAL : operator_insert(db, site, &o, hash, &cur.id);
	} else if (rc == PL_OK &&
	    (rc = keeps_an_admin(db, site, cur.id, cur.role, cur.disabled, &o)) == PL_OK)
		rc = operator_update(db, site, cur.id, &o, password != NULL ? hash : NULL);
	if (rc == PL_OK) {
		*bad = "depts";
		rc = operator_depts(db, site, cur.id, o.depts);
	}
	if (rc == PL_OK)
		*bad = NULL;
	sodium_memzero(hash, sizeof(hash));
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "login", o.login);
	cJSON_AddStringToObject(d, "name", o.name);
	cJSON_AddStringToObject(d, "email", o.email);
	cJSON_AddStringToObject(d, "role", o.role);
	cJSON_AddBoolToObject(d, "disabled", o.disabled);
	cJSON_AddStringToObject(d, "depts", o.depts);
	cJSON_AddNumberToObject(d, "max_chats", o.max_chats);
	cJSON_AddBoolToObject(d, "created", *created);
	cJSON_AddBoolToObject(d, "password_changed", password != NULL);
	return pl_audit_finish(db, site, who, "operator_set", d, rc);
}

/* ---- form fields ---------------------------------------------------------------- */

static const char *const forms[] = { "query", "contact", NULL };
static const char *const field_types[] = { "text", "email", "textarea", "checkbox",
    "select", NULL };

/* A field as its rows arrive (one per language, consecutive). */
struct field_acc {
	struct pl_form_field	f;
	char			form[8], key[33], type[16];
	int			open;
};

/* Hand the gathered field to cb (when there is one) and start afresh. */
static int
field_flush(struct field_acc *a, int (*cb)(void *, const struct pl_form_field *),
    void *arg)
{
	int stop = a->open && cb != NULL ? cb(arg, &a->f) : 0;

	cJSON_Delete(a->f.labels);
	cJSON_Delete(a->f.options);
	a->f.labels = a->f.options = NULL;
	a->open = 0;
	return stop;
}

static void
field_open(struct field_acc *a, const char *form, const char *key, const char *type,
    long long required, long long sort)
{
	snprintf(a->form, sizeof(a->form), "%s", form);
	snprintf(a->key, sizeof(a->key), "%s", key);
	snprintf(a->type, sizeof(a->type), "%s", type);
	a->f.form = a->form;
	a->f.key = a->key;
	a->f.type = a->type;
	a->f.required = required != 0;
	a->f.sort = sort;
	a->f.labels = cJSON_CreateObject();
	a->f.options = cJSON_CreateObject();
	a->open = 1;
}

static void
field_lang(struct field_acc *a, const char *lang, const char *label, const char *opts)
{
	cJSON *list;

	cJSON_AddStringToObject(a->f.labels, lang, label);
	if (strcmp(a->type, "select") != 0 || opts == NULL)
		return;
	if ((list = cJSON_Parse(opts)) != NULL && cJSON_IsArray(list))
		cJSON_AddItemToObject(a->f.options, lang, list);
	else
		cJSON_Delete(list);
}

int
pl_config_fields(struct pl_db *db, unsigned long site,
    int (*cb)(void *, const struct pl_form_field *), void *arg)
{
	struct pl_q		q;
	struct field_acc	a;
	char			form[8], key[33], type[16], lang[9];
	char			label[PL_UTF8_BYTES(255)], *opts = NULL;
	long long		required = 0, sort = 0;
	int			rc, stop = 0;

	memset(&a, 0, sizeof(a));
	pl_q_init(&q, db, ST_CFG_FIELDS_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, form, sizeof(form), NULL, NULL);
	pl_q_out_str(&q, key, sizeof(key), NULL, NULL);
	pl_q_out_str(&q, type, sizeof(type), NULL, NULL);
	pl_q_out_int(&q, &required, NULL);
	pl_q_out_int(&q, &sort, NULL);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	pl_q_out_str(&q, label, sizeof(label), NULL, NULL);
	pl_q_out_dup(&q, &opts, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		if (a.open && (strcmp(a.form, form) != 0 || strcmp(a.key, key) != 0))
			stop = field_flush(&a, cb, arg);
		if (!stop && !a.open)
			field_open(&a, form, key, type, required, sort);
		if (!stop && lang[0] != '\0')
			field_lang(&a, lang, label, opts);
		free(opts);
		opts = NULL;
	}
	pl_q_done(&q);
	free(opts);
	if (!stop && rc == 0)
		stop = field_flush(&a, cb, arg);
	field_flush(&a, NULL, NULL);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* A select's options in one language: 1 to 50 distinct one-line texts. */
static int
options_ok(const cJSON *list)
{
	const cJSON	*o, *p;
	int		 n = 0;

	if (!cJSON_IsArray(list))
		return 0;
	cJSON_ArrayForEach(o, list) {
		if (++n > 50 || !cJSON_IsString(o) || o->valuestring[0] == '\0' ||
		    !line_ok(o->valuestring, 255))
			return 0;
		for (p = list->child; p != o; p = p->next)
			if (strcmp(p->valuestring, o->valuestring) == 0)
				return 0;
	}
	return n > 0;
}

/* NULL when the field is fine, else the name of the bad member. */
static const char *
field_bad(const struct pl_form_field *f)
{
	const cJSON	*l;
	size_t		 n = strlen(f->key);
	int		 langs = 0;

	if (!one_of(f->form, forms))
		return "form";
	if (n == 0 || n > 32 || strspn(f->key, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return "key";
	if (!one_of(f->type, field_types))
		return "type";
	if (f->sort < -1000000 || f->sort > 1000000)
		return "sort";
	if (!cJSON_IsObject(f->labels))
		return "labels";
	cJSON_ArrayForEach(l, f->labels) {
		if (++langs > 20 || !pl_lang_valid(l->string, strlen(l->string)) ||
		    !cJSON_IsString(l) || l->valuestring[0] == '\0' ||
		    !line_ok(l->valuestring, 255))
			return "labels";
		if (strcmp(f->type, "select") == 0 &&
		    !options_ok(cJSON_GetObjectItemCaseSensitive(f->options, l->string)))
			return "options";
	}
	return langs == 0 ? "labels" : NULL;
}

/* One language's label (and options) of the field. */
static int
field_text_put(struct pl_db *db, unsigned long site, const struct pl_form_field *f,
    const cJSON *label)
{
	struct pl_q	 q;
	char		*opts = NULL;
	int		 rc;

	if (strcmp(f->type, "select") == 0 && (opts = cJSON_PrintUnformatted(
	    cJSON_GetObjectItemCaseSensitive(f->options, label->string))) == NULL)
		return PL_ENOMEM;
	pl_q_init(&q, db, ST_CFG_FIELD_TEXT_PUT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, f->form);
	pl_q_cstr(&q, f->key);
	pl_q_cstr(&q, label->string);
	pl_q_cstr(&q, label->valuestring);
	pl_q_cstr(&q, opts != NULL ? opts : "[]");
	rc = pl_q_run(&q);
	free(opts);
	return rc;
}

static cJSON *
field_detail(const struct pl_form_field *f, int full)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "form", f->form);
	cJSON_AddStringToObject(d, "key", f->key);
	if (!full)
		return d;
	cJSON_AddStringToObject(d, "type", f->type);
	cJSON_AddBoolToObject(d, "required", f->required);
	cJSON_AddNumberToObject(d, "sort", (double)f->sort);
	cJSON_AddItemToObject(d, "labels", cJSON_Duplicate(f->labels, 1));
	if (strcmp(f->type, "select") == 0 && f->options != NULL)
		cJSON_AddItemToObject(d, "options", cJSON_Duplicate(f->options, 1));
	return d;
}

int
pl_config_field_set(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, const struct pl_form_field *f, const char **bad)
{
	struct pl_q	 q;
	const cJSON	*l;
	long long	 others = 0;
	int		 rc;

	if ((*bad = field_bad(f)) != NULL)
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CFG_FIELD_COUNT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, f->form);
	pl_q_cstr(&q, f->key);
	pl_q_out_int(&q, &others, NULL);
	if ((rc = pl_q_row(&q)) == PL_OK && others >= PL_FIELDS_MAX)
		rc = PL_ESTATE;
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_CFG_FIELD_PUT);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, f->form);
		pl_q_cstr(&q, f->key);
		pl_q_cstr(&q, f->type);
		pl_q_int(&q, f->required != 0);
		pl_q_int(&q, f->sort);
		rc = pl_q_run(&q);
	}
	if (rc == PL_OK) {
		/* Its languages become exactly those given. */
		pl_q_init(&q, db, ST_CFG_FIELD_TEXTS_CLEAR);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, f->form);
		pl_q_cstr(&q, f->key);
		rc = pl_q_run(&q);
	}
	for (l = f->labels->child; rc == PL_OK && l != NULL; l = l->next)
		rc = field_text_put(db, site, f, l);
	return pl_audit_finish(db, site, who, "field_set", field_detail(f, 1), rc);
}

int
pl_config_field_delete(struct pl_db *db, unsigned long site,
    const struct pl_editor *who, const char *form, const char *key)
{
	struct pl_form_field	f = { form, key, "", 0, 0, NULL, NULL };
	struct pl_q		q;
	int			rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CFG_FIELD_DELETE);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, form);
	pl_q_cstr(&q, key);
	if ((rc = pl_q_exec(&q)) == PL_OK && pl_q_affected(&q) == 0)
		rc = PL_ENOTFOUND;
	pl_q_done(&q);
	return pl_audit_finish(db, site, who, "field_delete", field_detail(&f, 0), rc);
}

/* ---- the audit log ------------------------------------------------------------ */

int
pl_audit_list(struct pl_db *db, unsigned long site, long long before_id,
    unsigned max, int (*cb)(void *, const struct pl_audit_entry *), void *arg)
{
	struct pl_q		 q;
	struct pl_audit_entry	 e;
	char			 time[40], login[65], action[33];
	char			*detail = NULL;
	int			 rc, stop = 0;

	pl_q_init(&q, db, ST_AUDIT_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, before_id > 0 ? before_id : 9007199254740991LL);
	pl_q_int(&q, max);
	pl_q_out_int(&q, &e.id, NULL);
	pl_q_out_str(&q, time, sizeof(time), NULL, NULL);
	pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
	pl_q_out_str(&q, action, sizeof(action), NULL, NULL);
	pl_q_out_dup(&q, &detail, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		e.time = time;
		e.login = login;
		e.action = action;
		e.detail = detail != NULL ? detail : "{}";
		stop = cb(arg, &e);
		free(detail);
		detail = NULL;
	}
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}
