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
#include "pl_answer.h"
#include "pl_fields.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_notify.h"
#include "pl_outbox.h"
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
	/* start's resend key: random, kept secret like a token */
	[KEY_START_ID] = { "client_id", PL_T_TOKEN, 16, 64, 0, NULL },
	/* the page is counted (the tracking variant): link the chat to its visitor */
	[KEY_TRACKED] = { "tracked", PL_T_BOOL, 0, 0, 0, NULL },
	/* the tracking snippet's first-party id (sites that count with one) */
	[KEY_TRACK_ID] = { "visitor_id", PL_T_TOKEN, 16, 64, 0, NULL },
	[KEY_INVITATION] = { "invitation", PL_T_INT, 1, 9007199254740991LL, 0, NULL },
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

void
chat_actor(struct pl_req *r, struct pl_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->who = PL_FROM_VISITOR;
	a->token = PL_V(r, KEY_TOKEN)->s;
	pl_answer_caps(r, &a->caps);
}

unsigned long long
chat_id(struct pl_req *r)
{
	return (unsigned long long)PL_V(r, KEY_CHAT)->i;
}

int
chat_auth(struct pl_req *r, struct pl_chat *c)
{
	struct pl_actor	a;
	int		rc;

	chat_actor(r, &a);
	if ((rc = pl_chat_get(r->db, r->site.id, chat_id(r), &a, c)) != PL_OK) {
		pl_answer_rc(r, rc);
		return -1;
	}
	return 0;
}

const char *
chat_page(struct pl_req *r, char *buf, size_t sz, int *rc)
{
	const struct pl_value	*v = PL_V(r, KEY_PAGE);
	struct pl_site_rules	 rules;

	*rc = PL_OK;
	if (!v->present)
		return NULL;
	snprintf(buf, sz, "%.*s", (int)v->len, v->s);
	if (strcspn(buf, "?#") == strlen(buf))
		return buf;
	if ((*rc = pl_site_rules(r->db, r->site.id, &rules)) != PL_OK)
		return NULL;
	if (!rules.keep_page_query)
		buf[strcspn(buf, "?#")] = '\0';
	return buf;
}

/*
 * What the start window is about: the departments of the request's
 * language and whether the asked one (or, without one, any) is online.
 * 0, or -1 with the answer (404 unknown department, 503) set.
 */
static int
chat_window(struct pl_req *r, const char *lang, struct pl_dept *d, size_t *nd,
    int *online)
{
	const struct pl_value	*dept = PL_V(r, KEY_DEPT);
	int			 exists = !dept->present;
	size_t			 i;

	*online = 0;
	if (pl_site_depts(r->db, r->site.id, lang, r->conf->presence_timeout, d,
	    PL_DEPTS_MAX, nd) != PL_OK) {
		pl_error_db(r);
		return -1;
	}
	for (i = 0; i < *nd; i++) {
		if (!dept->present && d[i].online)
			*online = 1;
		if (dept->present && d[i].id == (char)dept->i) {
			exists = 1;
			*online = d[i].online;
		}
	}
	if (!exists) {
		pl_error(r, 404, "unknown_department", "dept", "no such department");
		return -1;
	}
	return 0;
}

/* ---- GET /config -------------------------------------------------------- */

static void
config_depts(cJSON *root, const struct pl_dept *d, size_t nd)
{
	cJSON	*arr = cJSON_AddArrayToObject(root, "departments"), *o;
	char	 id[2] = { 0, 0 };
	size_t	 i;

	for (i = 0; i < nd; i++) {
		id[0] = d[i].id;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "name", d[i].name);
		cJSON_AddBoolToObject(o, "online", d[i].online);
		cJSON_AddItemToArray(arr, o);
	}
}

static void
config_privacy(cJSON *root, const struct pl_site_config *c)
{
	cJSON	*o, *arr;
	size_t	 i;

	o = cJSON_AddObjectToObject(root, "privacy");
	cJSON_AddStringToObject(o, "mode", c->privacy_mode);
	cJSON_AddStringToObject(o, "text", c->privacy_text ? c->privacy_text : "");
	cJSON_AddStringToObject(o, "url", c->privacy_url ? c->privacy_url : "");
	cJSON_AddBoolToObject(o, "link_in_chat", c->privacy_in_chat);
	o = cJSON_AddObjectToObject(root, "consent");
	cJSON_AddBoolToObject(o, "required", pl_site_consent_required(c));
	cJSON_AddStringToObject(o, "text", pl_site_consent_shown(c) ? c->consent_text : "");
	cJSON_AddStringToObject(o, "version", c->consent_version);
	arr = cJSON_AddArrayToObject(root, "fields");
	for (i = 0; i < c->nfields; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", c->fields[i].key);
		cJSON_AddStringToObject(o, "label", c->fields[i].label);
		cJSON_AddStringToObject(o, "type", c->fields[i].type);
		cJSON_AddBoolToObject(o, "required", c->fields[i].required);
		if (c->fields[i].options != NULL)
			cJSON_AddItemToObject(o, "options",
			    cJSON_Duplicate(c->fields[i].options, 1));
		cJSON_AddItemToArray(arr, o);
	}
	o = cJSON_AddObjectToObject(root, "theme");
	cJSON_AddStringToObject(o, "color", c->color);
	cJSON_AddStringToObject(o, "position", c->tab_position);
	o = cJSON_AddObjectToObject(root, "texts");
	cJSON_AddStringToObject(o, "button_online", c->button_online);
	cJSON_AddStringToObject(o, "button_offline", c->button_offline);
	cJSON_AddStringToObject(o, "welcome", c->welcome_text != NULL ? c->welcome_text : "");
	o = cJSON_AddObjectToObject(root, "tracking");
	cJSON_AddStringToObject(o, "mode", c->tracking_mode);
}

static void
config_limits(struct pl_req *r, cJSON *root)
{
	static const char *const types[] = { "image/png", "image/jpeg",
	    "image/gif", "image/webp", "application/pdf", "text/plain" };
	cJSON	*o, *arr;
	size_t	 i;

	o = cJSON_AddObjectToObject(root, "limits");
	cJSON_AddNumberToObject(o, "message", PL_MSG_MAX);
	cJSON_AddNumberToObject(o, "upload", r->conf->upload_max);
	arr = cJSON_AddArrayToObject(o, "upload_types");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(types[i]));
	o = cJSON_AddObjectToObject(root, "poll");
	cJSON_AddNumberToObject(o, "wait",
	    pl_req_is_cgi(r) || !pl_notify_running() ? 0 : 25);
}

/* 200 config; 400; 404 unknown site/department; 503. */
static void
h_config(struct pl_req *r)
{
	char			 lang[8];
	struct pl_dept		 d[PL_DEPTS_MAX];
	struct pl_site_config	 c;
	size_t			 nd;
	cJSON			*root;
	int			 online;

	/* The language first: departments and fields are read in it. */
	lang_of(r, lang, sizeof(lang));
	if (pl_site_config(r->db, r->site.id, lang, &c) != PL_OK) {
		pl_site_config_free(&c);
		pl_error_db(r);
		return;
	}
	if (chat_window(r, c.lang, d, &nd, &online) != 0) {
		pl_site_config_free(&c);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "site", r->site.code_str);
	cJSON_AddStringToObject(root, "lang", c.lang);
	cJSON_AddBoolToObject(root, "online", online);
	config_depts(root, d, nd);
	config_privacy(root, &c);
	config_limits(r, root);
	cJSON_AddNumberToObject(root, "waiting_timeout", 60.0 * r->conf->waiting_timeout_min);
	pl_site_config_free(&c);
	pl_json(r, 200, root);
}

/* ---- POST /start ---------------------------------------------------------- */

static const char *
strval(struct pl_req *r, enum key k)
{
	const struct pl_value *v = PL_V(r, k);

	return v->present ? v->s : "";
}

static void
answer_started(struct pl_req *r, const struct pl_chat_started *st, int online)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddNumberToObject(root, "chat", (double)st->id);
	cJSON_AddStringToObject(root, "token", st->token);
	cJSON_AddStringToObject(root, "visitor_token", st->visitor_token);
	cJSON_AddStringToObject(root, "status", st->active ? "active" : "waiting");
	cJSON_AddBoolToObject(root, "online", online);
	cJSON_AddNumberToObject(root, "version", (double)st->version);
	cJSON_AddNumberToObject(root, "last_seq", (double)st->last_seq);
	pl_log(r->reqid, PL_LOG_INFO, "site %s: chat %llu %s%s", r->site.code_str,
	    st->id, st->resent ? "start resent" : "started", online ? "" : " (offline)");
	pl_json(r, st->resent ? 200 : 201, root);
}

/* Starts per site and address, and per site. 0, or -1 answered (429/503). */
static int
start_limits(struct pl_req *r)
{
	return pl_answer_limits(r, "start", 60, r->conf->limit_start_addr,
	    r->conf->limit_start_site);
}

/*
 * A chat from a counted page (tracked=1) carries its visitor's hash, and
 * may accept that visitor's invitation. 0, or -1 answered (503).
 */
static int
start_track(struct pl_req *r, struct pl_chat_new *n, char hash[PL_VISITOR_HASH])
{
	int rc;

	if (!PL_V(r, KEY_TRACKED)->present || PL_V(r, KEY_TRACKED)->i == 0)
		return 0;
	if ((rc = chat_track_hash(r, hash)) == PL_EDB) {
		pl_error_db(r);
		return -1;
	}
	if (rc == PL_OK) {
		n->track_hash = hash;
		n->invitation = PL_V(r, KEY_INVITATION)->present ?
		    (unsigned long long)PL_V(r, KEY_INVITATION)->i : 0;
	}
	return 0;
}

/*
 * 201 chat + token (200: a resend); 400 (consent, f_*); 404; 409 offline
 * (nobody online), consent changed; 429; 503.
 */
static void
h_start(struct pl_req *r)
{
	char			 lang[8];
	struct pl_dept		 d[PL_DEPTS_MAX];
	struct pl_site_config	 c;
	struct pl_chat_new	 n;
	struct pl_chat_started	 st;
	size_t			 nd;
	cJSON			*qdata = NULL;
	char			*qjson = NULL, addr[PL_IP_ANON_MAX], page[2049];
	char			 track[PL_VISITOR_HASH];
	const char		*question;
	int			 online, rc;

	memset(&c, 0, sizeof(c));
	memset(&n, 0, sizeof(n));
	if (start_limits(r) != 0)
		return;
	lang_of(r, lang, sizeof(lang));
	if (pl_site_config(r->db, r->site.id, lang, &c) != PL_OK) {
		pl_error_db(r);
		goto out;
	}
	if (chat_window(r, c.lang, d, &nd, &online) != 0)
		goto out;
	/* No dead-end chats: with nobody there, the visitor leaves a request. */
	if (!online) {
		pl_error(r, 409, "offline", "dept",
		    "nobody is online for this chat now: leave a contact request instead"
		    " (cgi-bin/contactform)");
		goto out;
	}
	qdata = cJSON_CreateObject();
	if (pl_fields_consent(r, &c, PL_V(r, KEY_CONSENT)) != 0 ||
	    pl_fields_check(r, c.fields, c.nfields, PL_V(r, KEY_DIRECT)->i != 0,
	    qdata, &n.name, &n.email) != 0 ||
	    pl_fields_consent_version(r, &c, PL_V(r, KEY_CONSENT_VERSION)) != 0)
		goto out;
	if ((qjson = cJSON_PrintUnformatted(qdata)) == NULL) {
		pl_error_internal(r);
		goto out;
	}
	n.site = r->site.id;
	n.dept = PL_V(r, KEY_DEPT)->present ? (char)PL_V(r, KEY_DEPT)->i : 0;
	n.lang = c.lang;
	n.from = strval(r, KEY_FROM);
	if ((n.page = chat_page(r, page, sizeof(page), &rc)) == NULL && rc != PL_OK) {
		pl_error_db(r);
		goto out;
	}
	if (n.page == NULL)
		n.page = "";
	n.title = strval(r, KEY_TITLE);
	n.fields_json = qjson;
	n.visitor_token = PL_V(r, KEY_VISITOR_TOKEN)->present ?
	    PL_V(r, KEY_VISITOR_TOKEN)->s : NULL;
	n.client_id = PL_V(r, KEY_START_ID)->present ? PL_V(r, KEY_START_ID)->s : NULL;
	n.addr = pl_answer_client(r, addr, sizeof(addr));
	if (start_track(r, &n, track) != 0)
		goto out;
	if (pl_site_consent_required(&c)) {
		n.consent_text = c.consent_text;
		n.consent_version = c.consent_version;
	}
	/* The question from the form opens the conversation. */
	if ((question = pl_fields_value(r, "question")) != NULL && *question != '\0' &&
	    strlen(question) <= PL_MSG_MAX) {
		n.question = question;
		n.question_len = strlen(question);
	}
	if (pl_chat_start(r->db, &n, &st) != PL_OK)
		pl_error_db(r);
	else
		answer_started(r, &st, online);
out:
	cJSON_Delete(qdata);
	cJSON_free(qjson);
	pl_site_config_free(&c);
}

/* ---- POST /send ------------------------------------------------------------ */

/* 201 new / 200 resend with the stored message; 404; 409 closed; 429; 503. */
static void
h_send(struct pl_req *r)
{
	struct pl_actor		a;
	struct pl_posted	p;
	int			rc;

	if (pl_answer_chat_limit(r, "msg", chat_id(r), PL_V(r, KEY_TOKEN)->s,
	    r->conf->limit_chat_messages) != 0)
		return;
	chat_actor(r, &a);
	rc = pl_chat_post(r->db, r->site.id, chat_id(r), &a,
	    PL_V(r, KEY_CLIENT_ID)->s, PL_V(r, KEY_TEXT)->s, PL_V(r, KEY_TEXT)->len, &p);
	pl_answer_posted(r, r->site.id, chat_id(r), rc, &p);
}

/* ---- GET /poll -------------------------------------------------------------- */

/*
 * 200 state + messages; 404; 429 too many held polls from the address;
 * 503. Holds up to wait seconds when threaded.
 */
static void
h_poll(struct pl_req *r)
{
	struct pl_chat		 c;
	struct pl_waiter	*w;
	long long		 after = PL_V(r, KEY_AFTER)->i;
	long long		 seen = PL_V(r, KEY_VERSION)->i;
	long long		 wait = PL_V(r, KEY_WAIT)->present ? PL_V(r, KEY_WAIT)->i : 25;
	int			 held = !pl_req_is_cgi(r) && pl_notify_running();
	int			 rc, superseded;
	char			 who[PL_IP_ANON_MAX];

	if (chat_auth(r, &c) != 0)
		return;
	if (!held || wait == 0 || c.last_seq > after || c.version > seen ||
	    strcmp(c.status, "closed") == 0) {
		pl_answer_chat(r, &c, after, PL_POLL_LIMIT, held ? 0 : 2000);
		return;
	}
	/* Register first, then look again: no change can slip between. */
	w = pl_notify_register(c.id, c.version, pl_answer_client(r, who, sizeof(who)), &rc);
	if (rc != PL_OK) {
		pl_answer_poll_refused(r, rc);
		return;
	}
	if (pl_chat_get(r->db, r->site.id, c.id, NULL, &c) != PL_OK) {
		pl_notify_unregister(w);
		pl_error_db(r);
		return;
	}
	if (c.last_seq <= after && c.version <= seen) {
		pl_req_db_release(r);
		(void)pl_notify_wait(w, (int)wait * 1000);
		pl_req_db_acquire(r);
		if (pl_chat_get(r->db, r->site.id, c.id, NULL, &c) != PL_OK) {
			pl_notify_unregister(w);
			pl_error_db(r);
			return;
		}
	}
	/* Taken over by a newer poll of the chat (another tab): come back later. */
	superseded = pl_notify_superseded(w);
	pl_notify_unregister(w);
	pl_answer_chat(r, &c, after, PL_POLL_LIMIT, superseded ? 2000 : 0);
}

/* ---- routes -------------------------------------------------------------------- */

static const struct pl_param p_config[KEY__MAX] = {
	P(KEY_SITE), P(KEY_LANG), P(KEY_DEPT),
};
static const struct pl_param p_start[KEY__MAX] = {
	P(KEY_SITE), P(KEY_DEPT), P(KEY_LANG), P(KEY_FROM), P(KEY_DIRECT),
	P(KEY_CONSENT), P(KEY_CONSENT_VERSION), P(KEY_PAGE), P(KEY_TITLE),
	P(KEY_VISITOR_TOKEN), P(KEY_START_ID), P(KEY_TRACKED), P(KEY_TRACK_ID),
	P(KEY_INVITATION),
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

static const struct pl_param p_invitation[KEY__MAX] = { P(KEY_SITE), P(KEY_TRACK_ID) };
static const struct pl_param p_invitation_decline[KEY__MAX] = {
	P(KEY_SITE), P(KEY_TRACK_ID),
	[KEY_INVITATION] = { "invitation", PL_T_INT, 1, 9007199254740991LL, REQ, NULL },
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
	R("/invitation", PL_M_POST, p_invitation, h_invitation, 0),
	R("/invitation-decline", PL_M_POST, p_invitation_decline, h_invitation_decline, 0),
};

static int
chat_threaded_init(const struct pl_conf *conf)
{
	/* Queued mail is sent by this daemon, outside any request. */
	return pl_notify_start(conf, conf->poll_tick_ms) != 0 ||
	    pl_outbox_start(conf) != 0 ? -1 : 0;
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
