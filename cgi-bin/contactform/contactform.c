/*
 * contactform: what a visitor leaves when nobody is online (see
 * docs/API.md, "/contactform").
 *
 *   GET  /form       the site's contact form in a language
 *   POST /submit     a request: stored (with its consent) before the answer
 *   POST /from-chat  a waiting chat nobody took becomes a request
 *
 * Mail goes out through the outbox after the commit; the visitor's
 * answer never waits for the mail server. Bots meet a per-address and
 * per-site limit, a honeypot field and a minimum fill time signed into
 * the form (form_token); no third-party CAPTCHA.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "pl_answer.h"
#include "pl_chat.h"
#include "pl_contact.h"
#include "pl_fields.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_req.h"
#include "pl_resp.h"
#include "pl_site.h"

#define REQ		PL_P_REQUIRED
#define SUMMARY_MAX	160		/* bytes of a request's line in lists */
#define TOKEN_MAX_AGE	86400		/* seconds a form may stay open */

enum key {
	KEY_SITE, KEY_LANG, KEY_DEPT, KEY_CLIENT_ID, KEY_FORM_TOKEN, KEY_CONSENT,
	KEY_CONSENT_VERSION, KEY_COPY, KEY_PAGE, KEY_WEBSITE, KEY_CHAT, KEY_TOKEN,
	KEY_NAME, KEY_EMAIL, KEY_MESSAGE, KEY__MAX
};

static const struct pl_param all[KEY__MAX] = {
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, REQ, NULL },
	[KEY_LANG] = { "lang", PL_T_LANG, 0, 0, 0, NULL },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_CLIENT_ID] = { "client_id", PL_T_TOKEN, 16, 64, REQ, NULL },
	[KEY_FORM_TOKEN] = { "form_token", PL_T_TOKEN, 1, PL_FORM_TOKEN_MAX - 1, REQ, NULL },
	[KEY_CONSENT] = { "consent", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_CONSENT_VERSION] = { "consent_version", PL_T_TOKEN, 1, 64, 0, NULL },
	[KEY_COPY] = { "copy", PL_T_BOOL, 0, 0, 0, NULL },
	[KEY_PAGE] = { "page", PL_T_STR, 0, 2048, 0, NULL },
	/* the honeypot: people never see it, so never fill it */
	[KEY_WEBSITE] = { "website", PL_T_STR, 0, 2048, 0, NULL },
	[KEY_CHAT] = { "chat", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
	[KEY_TOKEN] = { "token", PL_T_TOKEN, PL_TOKEN_HEX - 1, PL_TOKEN_HEX - 1, REQ, NULL },
	[KEY_NAME] = { "name", PL_T_STR, 0, 128, 0, NULL },
	[KEY_EMAIL] = { "email", PL_T_STR, 0, 254, 0, NULL },
	[KEY_MESSAGE] = { "message", PL_T_TEXT, 0, PL_MSG_MAX, 0, NULL },
};

/* ---- helpers --------------------------------------------------------------- */

static const char *
val(struct pl_req *r, enum key k)
{
	const struct pl_value *v = PL_V(r, k);

	return v->present ? v->s : "";
}

static const char *
lang_of(struct pl_req *r, char *buf, size_t sz)
{
	const struct pl_value *v = PL_V(r, KEY_LANG);

	snprintf(buf, sz, "%.*s", v->present ? (int)v->len : 2, v->present ? v->s : "en");
	return buf;
}

/* The built-in form, when the admin defined no fields of its own. */
static void
default_fields(struct pl_field *f, size_t *n)
{
	static const struct { const char *key, *type; int required; } d[] = {
		{ "name", "text", 0 }, { "email", "email", 1 }, { "message", "textarea", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		memset(&f[i], 0, sizeof(f[i]));
		snprintf(f[i].key, sizeof(f[i].key), "%s", d[i].key);
		snprintf(f[i].type, sizeof(f[i].type), "%s", d[i].type);
		f[i].required = d[i].required;
	}
	*n = i;
}

/* What a form needs: the site's settings in the language, and the fields. */
struct form {
	struct pl_site_config	 c;
	struct pl_field		 f[PL_FIELDS_MAX];
	size_t			 nf;
	int			 online;
	int			 has_email;
};

static void
form_free(struct form *fm)
{
	pl_site_config_free(&fm->c);
	pl_site_fields_free(fm->f, fm->nf);
}

/* 0, or -1 answered (404 unknown department, 503). */
static int
form_load(struct pl_req *r, struct form *fm)
{
	const struct pl_value	*dept = PL_V(r, KEY_DEPT);
	struct pl_dept		 d[PL_DEPTS_MAX];
	char			 lang[8];
	size_t			 nd, i;
	int			 exists = !dept->present;

	memset(fm, 0, sizeof(*fm));
	lang_of(r, lang, sizeof(lang));
	if (pl_site_config(r->db, r->site.id, lang, &fm->c) != PL_OK ||
	    pl_site_fields(r->db, r->site.id, "contact", fm->c.lang, fm->f,
	    PL_FIELDS_MAX, &fm->nf) != PL_OK ||
	    pl_site_depts(r->db, r->site.id, fm->c.lang, r->conf->presence_timeout, d,
	    PL_DEPTS_MAX, &nd) != PL_OK) {
		pl_error_db(r);
		return -1;
	}
	for (i = 0; i < nd; i++) {
		if (dept->present && d[i].id == (char)dept->i)
			exists = 1;
		if ((!dept->present || d[i].id == (char)dept->i) && d[i].online)
			fm->online = 1;
	}
	if (!exists) {
		pl_error(r, 404, "unknown_department", "dept", "no such department");
		return -1;
	}
	if (fm->nf == 0)
		default_fields(fm->f, &fm->nf);
	for (i = 0; i < fm->nf; i++)
		if (strcmp(fm->f[i].type, "email") == 0)
			fm->has_email = 1;
	return 0;
}

/* Requests per hour per site and address, and per site. 0, or -1 answered. */
static int
contact_limits(struct pl_req *r)
{
	return pl_answer_limits(r, "contact", 3600, r->conf->limit_contact_addr,
	    r->conf->limit_contact_site);
}

static void
answer_received(struct pl_req *r, const struct pl_contact_done *d, const char *how)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddStringToObject(root, "status", "received");
	cJSON_AddBoolToObject(root, "copy", d->copy);
	pl_log(r->reqid, PL_LOG_INFO, "site %s: contact request %llu %s%s%s",
	    r->site.code_str, d->id, how, d->resent ? " (resent)" : "",
	    d->mailed ? ", mail queued" : "");
	pl_json(r, d->resent ? 200 : 201, root);
}

/* ---- GET /form --------------------------------------------------------------- */

static void
add_fields(cJSON *root, const struct pl_field *f, size_t nf)
{
	cJSON	*arr = cJSON_AddArrayToObject(root, "fields"), *o;
	size_t	 i;

	for (i = 0; i < nf; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", f[i].key);
		cJSON_AddStringToObject(o, "label", f[i].label);
		cJSON_AddStringToObject(o, "type", f[i].type);
		cJSON_AddBoolToObject(o, "required", f[i].required);
		if (f[i].options != NULL)
			cJSON_AddItemToObject(o, "options", cJSON_Duplicate(f[i].options, 1));
		cJSON_AddItemToArray(arr, o);
	}
}

/* 200 the form; 404; 403; 503. */
static void
h_form(struct pl_req *r)
{
	struct form		 fm;
	const struct pl_site_config *c = &fm.c;
	char			 token[PL_FORM_TOKEN_MAX];
	cJSON			*root, *o;

	if (form_load(r, &fm) != 0)
		goto out;
	if (pl_contact_form_token(r->db, r->site.id, time(NULL), token) != PL_OK) {
		pl_error_db(r);
		goto out;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "site", r->site.code_str);
	cJSON_AddStringToObject(root, "lang", c->lang);
	cJSON_AddBoolToObject(root, "online", fm.online);
	add_fields(root, fm.f, fm.nf);
	o = cJSON_AddObjectToObject(root, "privacy");
	cJSON_AddStringToObject(o, "mode", c->privacy_mode);
	cJSON_AddStringToObject(o, "text", c->privacy_text ? c->privacy_text : "");
	cJSON_AddStringToObject(o, "url", c->privacy_url ? c->privacy_url : "");
	o = cJSON_AddObjectToObject(root, "consent");
	cJSON_AddBoolToObject(o, "required", pl_site_consent_required(c));
	cJSON_AddStringToObject(o, "text", pl_site_consent_shown(c) ? c->consent_text : "");
	cJSON_AddStringToObject(o, "version", c->consent_version);
	cJSON_AddBoolToObject(root, "copy", fm.has_email);
	cJSON_AddStringToObject(root, "form_token", token);
	cJSON_AddNumberToObject(root, "min_seconds", r->conf->contact_min_seconds);
	o = cJSON_AddObjectToObject(root, "limits");
	cJSON_AddNumberToObject(o, "field", PL_MSG_MAX);
	pl_header(r, "Cache-Control", "no-store");
	pl_json(r, 200, root);
out:
	form_free(&fm);
}

/* ---- POST /submit ---------------------------------------------------------- */

/* The form was shown long enough ago, and not too long. 0, or -1 answered. */
static int
check_fill_time(struct pl_req *r)
{
	long long	age, wait;
	char		msg[128], ra[24];
	cJSON		*root, *e;

	switch (pl_contact_form_check(r->db, r->site.id, val(r, KEY_FORM_TOKEN),
	    time(NULL), &age)) {
	case PL_OK:
		break;
	case PL_EINVAL:
		pl_error(r, 400, "invalid_parameter", "form_token",
		    "form_token: not one this site handed out (GET /form)");
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
	if (age > TOKEN_MAX_AGE) {
		pl_error(r, 400, "form_expired", "form_token",
		    "form_token: the form is too old; fetch it again (GET /form)");
		return -1;
	}
	if (age >= (long long)r->conf->contact_min_seconds)
		return 0;
	/* A person needs longer than this to fill a form: say when to resend. */
	wait = (long long)r->conf->contact_min_seconds - age;
	snprintf(msg, sizeof(msg), "form_token: sent %lld s after the form was shown;"
	    " send it again in %lld s", age, wait);
	root = cJSON_CreateObject();
	e = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(e, "code", "too_fast");
	cJSON_AddStringToObject(e, "message", msg);
	cJSON_AddStringToObject(e, "field", "form_token");
	cJSON_AddNumberToObject(e, "retry_after", (double)wait);
	cJSON_AddStringToObject(e, "request_id", r->reqid);
	snprintf(ra, sizeof(ra), "%lld", wait);
	pl_header(r, "Retry-After", ra);
	pl_json(r, 400, root);
	return -1;
}

/*
 * The answers as stored: [{key, label, type, value}] in the form's
 * order; summary the message (or the first long answer), cut short.
 */
static char *
fields_json(const struct pl_field *f, size_t nf, cJSON *vals, char *summary,
    size_t ssz)
{
	cJSON		*arr = cJSON_CreateArray(), *o, *v;
	const char	*sum = NULL;
	char		*out;
	size_t		 i, n;

	for (i = 0; i < nf; i++) {
		if ((v = cJSON_GetObjectItemCaseSensitive(vals, f[i].key)) == NULL)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", f[i].key);
		cJSON_AddStringToObject(o, "label", f[i].label);
		cJSON_AddStringToObject(o, "type", f[i].type);
		cJSON_AddStringToObject(o, "value", v->valuestring);
		cJSON_AddItemToArray(arr, o);
		if (strcmp(f[i].key, "message") == 0 ||
		    (sum == NULL && strcmp(f[i].type, "textarea") == 0))
			sum = v->valuestring;
	}
	snprintf(summary, ssz, "%s", sum != NULL ? sum : "");
	/* Cut at a character boundary, one line. */
	n = strlen(summary);
	while (n > 0 && !pl_utf8_valid(summary, n))
		summary[--n] = '\0';
	for (i = 0; summary[i] != '\0'; i++)
		if (summary[i] == '\n' || summary[i] == '\r' || summary[i] == '\t')
			summary[i] = ' ';
	out = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return out;
}

/* The request parts every form shares; 0, or -1 answered. */
static int
prepare(struct pl_req *r, struct form *fm, struct pl_contact_new *n, char *addr,
    size_t asz)
{
	n->site = r->site.id;
	n->client_id = val(r, KEY_CLIENT_ID);
	n->lang = fm->c.lang;
	n->dept = PL_V(r, KEY_DEPT)->present ? (char)PL_V(r, KEY_DEPT)->i : 0;
	n->page = val(r, KEY_PAGE);
	n->addr = pl_answer_client(r, addr, asz);
	n->copy = PL_V(r, KEY_COPY)->present && PL_V(r, KEY_COPY)->i == 1;
	if (pl_fields_consent(r, &fm->c, PL_V(r, KEY_CONSENT)) != 0)
		return -1;
	if (pl_site_consent_required(&fm->c)) {
		n->consent_text = fm->c.consent_text;
		n->consent_version = fm->c.consent_version;
	}
	return 0;
}

/* 201 received (200 a resend); 400; 404; 403; 409 consent changed; 429; 503. */
static void
h_submit(struct pl_req *r)
{
	struct form		fm;
	struct pl_contact_new	n;
	struct pl_contact_done	d;
	char			addr[PL_IP_ANON_MAX], summary[SUMMARY_MAX], *json = NULL;
	cJSON			*vals = cJSON_CreateObject();

	memset(&n, 0, sizeof(n));
	memset(&d, 0, sizeof(d));
	memset(&fm, 0, sizeof(fm));
	if (contact_limits(r) != 0 || check_fill_time(r) != 0)
		goto out;
	if (val(r, KEY_WEBSITE)[0] != '\0') {
		/* A bot: it is told what a person would be, and nothing is kept. */
		pl_log(r->reqid, PL_LOG_INFO, "site %s: contact form honeypot filled",
		    r->site.code_str);
		answer_received(r, &d, "dropped (honeypot)");
		goto out;
	}
	if (form_load(r, &fm) != 0 || prepare(r, &fm, &n, addr, sizeof(addr)) != 0 ||
	    pl_fields_check(r, fm.f, fm.nf, 0, vals, &n.name, &n.email) != 0 ||
	    pl_fields_consent_version(r, &fm.c, PL_V(r, KEY_CONSENT_VERSION)) != 0)
		goto out;
	if ((json = fields_json(fm.f, fm.nf, vals, summary, sizeof(summary))) == NULL) {
		pl_error_internal(r);
		goto out;
	}
	n.fields_json = json;
	n.summary = summary;
	if (pl_contact_submit(r->db, &n, &d) != PL_OK)
		pl_error_db(r);
	else
		answer_received(r, &d, "stored");
out:
	cJSON_free(json);
	cJSON_Delete(vals);
	form_free(&fm);
}

/* ---- POST /from-chat ------------------------------------------------------- */

static int
check_email(struct pl_req *r)
{
	const char *e = val(r, KEY_EMAIL);

	if (e[0] != '\0' && !pl_email_valid(e)) {
		pl_error(r, 400, "invalid_parameter", "f_email", "f_email: invalid");
		return -1;
	}
	return 0;
}

/* The few fields a chat adds to what it already holds. */
static char *
chat_fields(struct pl_req *r)
{
	cJSON	*arr = cJSON_CreateArray(), *o;
	char	*out;
	size_t	 i;
	static const enum key keys[] = { KEY_NAME, KEY_EMAIL, KEY_MESSAGE };
	static const char *const names[] = { "name", "email", "message" };
	static const char *const types[] = { "text", "email", "textarea" };

	for (i = 0; i < 3; i++) {
		if (val(r, keys[i])[0] == '\0')
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", names[i]);
		cJSON_AddStringToObject(o, "label", "");
		cJSON_AddStringToObject(o, "type", types[i]);
		cJSON_AddStringToObject(o, "value", val(r, keys[i]));
		cJSON_AddItemToArray(arr, o);
	}
	out = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return out;
}

static void
answer_from_chat(struct pl_req *r, int rc, const struct pl_contact_done *d)
{
	switch (rc) {
	case PL_OK:
		answer_received(r, d, "from a chat");
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", "chat", "no such chat");
		break;
	case PL_ESTATE:
		pl_error(r, 409, "chat_taken", "chat",
		    "chat: an operator has taken this chat; go on chatting");
		break;
	case PL_EINVAL:
		pl_error(r, 400, "invalid_parameter", "f_email",
		    "f_email: missing (where should the answer go?)");
		break;
	default:
		pl_error_db(r);
	}
}

/* 201 received (200 a resend); 400; 404 chat/token; 409 chat_taken; 429; 503. */
static void
h_from_chat(struct pl_req *r)
{
	struct form		fm;
	struct pl_contact_new	n;
	struct pl_contact_done	d;
	struct pl_actor		a;
	char			addr[PL_IP_ANON_MAX], summary[SUMMARY_MAX], *json = NULL;
	int			rc;

	memset(&n, 0, sizeof(n));
	memset(&fm, 0, sizeof(fm));
	if (contact_limits(r) != 0 || check_email(r) != 0 || form_load(r, &fm) != 0 ||
	    prepare(r, &fm, &n, addr, sizeof(addr)) != 0 ||
	    pl_fields_consent_version(r, &fm.c, PL_V(r, KEY_CONSENT_VERSION)) != 0)
		goto out;
	if ((json = chat_fields(r)) == NULL) {
		pl_error_internal(r);
		goto out;
	}
	snprintf(summary, sizeof(summary), "%s", val(r, KEY_MESSAGE));
	while (summary[0] != '\0' && !pl_utf8_valid(summary, strlen(summary)))
		summary[strlen(summary) - 1] = '\0';
	n.fields_json = json;
	n.summary = summary;
	n.name = val(r, KEY_NAME);
	n.email = val(r, KEY_EMAIL);
	memset(&a, 0, sizeof(a));
	a.who = PL_FROM_VISITOR;
	a.token = val(r, KEY_TOKEN);
	rc = pl_contact_from_chat(r->db, (unsigned long long)PL_V(r, KEY_CHAT)->i, &a,
	    &n, &d);
	answer_from_chat(r, rc, &d);
out:
	cJSON_free(json);
	form_free(&fm);
}

/* ---- routes --------------------------------------------------------------------- */

#define P(k)	[k] = all[k]

static const struct pl_param p_form[KEY__MAX] = { P(KEY_SITE), P(KEY_LANG), P(KEY_DEPT) };
static const struct pl_param p_submit[KEY__MAX] = {
	P(KEY_SITE), P(KEY_LANG), P(KEY_DEPT), P(KEY_CLIENT_ID), P(KEY_FORM_TOKEN),
	P(KEY_CONSENT), P(KEY_CONSENT_VERSION), P(KEY_COPY), P(KEY_PAGE), P(KEY_WEBSITE),
};
static const struct pl_param p_from_chat[KEY__MAX] = {
	P(KEY_SITE), P(KEY_LANG), P(KEY_CLIENT_ID), P(KEY_CONSENT),
	P(KEY_CONSENT_VERSION), P(KEY_COPY), P(KEY_PAGE), P(KEY_CHAT), P(KEY_TOKEN),
	P(KEY_NAME), P(KEY_EMAIL), P(KEY_MESSAGE),
};

#define R(path, m, p, h) \
	{ path, m, p, KEY__MAX, PL_R_SITE | PL_R_CORS, 0, h }

static const struct pl_route routes[] = {
	R("/form", PL_M_GET, p_form, h_form),
	R("/submit", PL_M_POST, p_submit, h_submit),
	R("/from-chat", PL_M_POST, p_from_chat, h_from_chat),
};

static const struct pl_program program = {
	"contactform", routes, sizeof(routes) / sizeof(routes[0]), NULL, NULL,
};

int
main(int argc, char **argv)
{
	return pl_main(&program, argc, argv);
}
