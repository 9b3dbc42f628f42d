/*
 * pl_contact.c: contact requests (see pl_contact.h).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "pl_chat.h"
#include "pl_contact.h"
#include "pl_db.h"
#include "pl_mail.h"
#include "pl_site.h"
#include "pl_text.h"

/* ---- the form's fill-time token ------------------------------------------ */

static pthread_mutex_t	key_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned char	form_secret[crypto_auth_hmacsha256_KEYBYTES];
static int		have_key;

/* The signing key, read once per process. PL_OK or PL_EDB. */
static int
form_key(struct pl_db *db, unsigned char out[crypto_auth_hmacsha256_KEYBYTES])
{
	struct pl_q	q;
	char		buf[65];
	size_t		len = 0;
	int		rc = PL_OK;

	pthread_mutex_lock(&key_mu);
	if (!have_key) {
		pl_q_init(&q, db, ST_SECRET_GET);
		pl_q_cstr(&q, "form_token");
		pl_q_out_str(&q, buf, sizeof(buf), &len, NULL);
		if ((rc = pl_q_row(&q)) == PL_OK && len >= 16) {
			crypto_generichash(form_secret, sizeof(form_secret), (unsigned char *)buf, len,
			    NULL, 0);
			have_key = 1;
		} else
			rc = PL_EDB;
		sodium_memzero(buf, sizeof(buf));
	}
	if (rc == PL_OK)
		memcpy(out, form_secret, sizeof(form_secret));
	pthread_mutex_unlock(&key_mu);
	return rc;
}

static int
form_mac(struct pl_db *db, unsigned long site, long long t, char hex[PL_HASH_HEX])
{
	unsigned char	k[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char	mac[crypto_auth_hmacsha256_BYTES];
	char		msg[64];
	int		n;

	if (form_key(db, k) != PL_OK)
		return PL_EDB;
	n = snprintf(msg, sizeof(msg), "contact:%lu:%lld", site, t);
	crypto_auth_hmacsha256(mac, (unsigned char *)msg, (unsigned long long)n, k);
	sodium_bin2hex(hex, PL_HASH_HEX, mac, sizeof(mac));
	sodium_memzero(k, sizeof(k));
	return PL_OK;
}

int
pl_contact_form_token(struct pl_db *db, unsigned long site, time_t now,
    char out[PL_FORM_TOKEN_MAX])
{
	char hex[PL_HASH_HEX];

	if (form_mac(db, site, (long long)now, hex) != PL_OK)
		return PL_EDB;
	snprintf(out, PL_FORM_TOKEN_MAX, "%lld-%s", (long long)now, hex);
	return PL_OK;
}

int
pl_contact_form_check(struct pl_db *db, unsigned long site, const char *token,
    time_t now, long long *age)
{
	const char	*dot = strchr(token, '-');
	char		 hex[PL_HASH_HEX];
	long long	 t;

	if (dot == NULL || pl_parse_ll(token, (size_t)(dot - token), 0,
	    9999999999LL, &t) != PL_OK || strlen(dot + 1) != PL_HASH_HEX - 1)
		return PL_EINVAL;
	if (form_mac(db, site, t, hex) != PL_OK)
		return PL_EDB;
	if (sodium_memcmp(hex, dot + 1, PL_HASH_HEX - 1) != 0)
		return PL_EINVAL;
	*age = (long long)now - t;
	return *age < -60 ? PL_EINVAL : PL_OK;
}

/* ---- the mails -------------------------------------------------------------- */

static const char *
field_label(const char *lang, cJSON *f)
{
	cJSON	*label = cJSON_GetObjectItemCaseSensitive(f, "label");
	cJSON	*key = cJSON_GetObjectItemCaseSensitive(f, "key");
	const char *k = cJSON_IsString(key) ? key->valuestring : "";

	if (cJSON_IsString(label) && label->valuestring[0] != '\0')
		return label->valuestring;
	if (strcmp(k, "name") == 0)
		return pl_text(lang, PL_TX_F_NAME);
	if (strcmp(k, "email") == 0)
		return pl_text(lang, PL_TX_F_EMAIL);
	if (strcmp(k, "message") == 0)
		return pl_text(lang, PL_TX_F_MESSAGE);
	if (strcmp(k, "chat") == 0)
		return pl_text(lang, PL_TX_F_CHAT);
	return k;
}

/* "Label: value" lines; multi-line values below their label. */
static void
put_fields(struct pl_buf *b, const char *lang, const char *json)
{
	cJSON	*arr = cJSON_Parse(json), *f, *v, *type;

	cJSON_ArrayForEach(f, arr) {
		v = cJSON_GetObjectItemCaseSensitive(f, "value");
		type = cJSON_GetObjectItemCaseSensitive(f, "type");
		if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
			continue;
		if (cJSON_IsString(type) && strcmp(type->valuestring, "checkbox") == 0)
			pl_buf_printf(b, "%s: [x]\n", field_label(lang, f));
		else if (strchr(v->valuestring, '\n') != NULL ||
		    (cJSON_IsString(type) && strcmp(type->valuestring, "textarea") == 0))
			pl_buf_printf(b, "\n%s:\n%s\n\n", field_label(lang, f), v->valuestring);
		else
			pl_buf_printf(b, "%s: %s\n", field_label(lang, f), v->valuestring);
	}
	cJSON_Delete(arr);
}

struct site_mail {
	char	to[PL_UTF8_BYTES(254)];
	char	lang[9];
	char	name[PL_UTF8_BYTES(128)];
	char	now[32];
};

static int
queue(struct pl_db *db, const struct pl_contact_new *n, unsigned long long id,
    const char *kind, const char *to, const char *reply_to, const char *subject,
    const struct pl_buf *body)
{
	struct pl_q q;

	if (body->oom)
		return PL_ENOMEM;
	pl_q_init(&q, db, ST_OUTBOX_QUEUE);
	pl_q_int(&q, (long long)n->site);
	pl_q_null(&q);
	pl_q_int(&q, (long long)id);
	pl_q_cstr(&q, kind);
	pl_q_cstr(&q, to);
	pl_q_cstr(&q, reply_to);
	pl_q_cstr(&q, subject);
	pl_q_str(&q, body->p, body->len);
	pl_q_int(&q, 1);
	return pl_q_run(&q);
}

/* The request to the site's address (in the site's language), Reply-To the visitor. */
static int
mail_site(struct pl_db *db, const struct pl_contact_new *n, unsigned long long id,
    const struct site_mail *s)
{
	struct pl_buf	b;
	char		subject[600], line[400], num[24];
	int		rc;

	pl_buf_init(&b);
	pl_text_fill(subject, sizeof(subject), s->lang, PL_TX_C_SUBJECT,
	    n->name[0] != '\0' ? n->name : n->email[0] != '\0' ? n->email : "-");
	pl_buf_printf(&b, "%s\n\n", pl_text_fill(line, sizeof(line), s->lang,
	    PL_TX_C_INTRO, s->name));
	put_fields(&b, s->lang, n->fields_json);
	pl_buf_puts(&b, "\n--\n");
	if (n->page[0] != '\0')
		pl_buf_printf(&b, "%s: %s\n", pl_text(s->lang, PL_TX_C_PAGE), n->page);
	pl_buf_printf(&b, "%s: %s\n", pl_text(s->lang, PL_TX_C_LANG), n->lang);
	pl_buf_printf(&b, "%s: %s UTC\n", pl_text(s->lang, PL_TX_C_RECEIVED), s->now);
	if (n->consent_text != NULL)
		pl_buf_printf(&b, "%s\n", pl_text_fill(line, sizeof(line), s->lang,
		    PL_TX_C_CONSENT, n->consent_version));
	snprintf(num, sizeof(num), "%llu", id);
	pl_buf_printf(&b, "%s\n", pl_text_fill(line, sizeof(line), s->lang,
	    PL_TX_C_CONSOLE, num));
	rc = queue(db, n, id, "contact", s->to, n->email, subject, &b);
	pl_buf_free(&b);
	return rc;
}

/* The visitor's copy, in the visitor's language, Reply-To the site. */
static int
mail_copy(struct pl_db *db, const struct pl_contact_new *n, unsigned long long id,
    const struct site_mail *s)
{
	struct pl_buf	b;
	char		subject[600], line[800];
	int		rc;

	pl_buf_init(&b);
	pl_text_fill(subject, sizeof(subject), n->lang, PL_TX_C_COPY_SUBJECT, s->name);
	pl_buf_printf(&b, "%s\n\n", pl_text_fill(line, sizeof(line), n->lang,
	    PL_TX_C_COPY_INTRO, s->name));
	put_fields(&b, n->lang, n->fields_json);
	rc = queue(db, n, id, "copy", n->email, s->to, subject, &b);
	pl_buf_free(&b);
	return rc;
}

static int
read_site_mail(struct pl_db *db, unsigned long site, struct site_mail *s)
{
	struct pl_q q;

	memset(s, 0, sizeof(*s));
	pl_q_init(&q, db, ST_CONTACT_SITE_MAIL);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, s->to, sizeof(s->to), NULL, NULL);
	pl_q_out_str(&q, s->lang, sizeof(s->lang), NULL, NULL);
	pl_q_out_str(&q, s->name, sizeof(s->name), NULL, NULL);
	pl_q_out_str(&q, s->now, sizeof(s->now), NULL, NULL);
	return pl_q_row(&q);
}

/* ---- storing a request ---------------------------------------------------- */

static int
insert(struct pl_db *db, const struct pl_contact_new *n, unsigned long long chat,
    struct pl_contact_done *d)
{
	struct pl_q	q;
	char		dept[2] = { n->dept, 0 };
	int		rc;

	pl_q_init(&q, db, ST_CONTACT_INSERT);
	pl_q_int(&q, (long long)n->site);
	pl_q_cstr(&q, n->client_id);
	pl_q_cstr(&q, n->lang);
	pl_q_cstr(&q, n->dept != 0 ? dept : NULL);
	if (chat > 0)
		pl_q_int(&q, (long long)chat);
	else
		pl_q_null(&q);
	pl_q_cstr(&q, n->name);
	pl_q_cstr(&q, n->email);
	pl_q_cstr(&q, n->fields_json);
	pl_q_cstr(&q, n->summary);
	pl_q_cstr(&q, n->page);
	pl_q_cstr(&q, n->addr);
	pl_q_int(&q, n->copy && n->email[0] != '\0');
	pl_q_cstr(&q, n->consent_text != NULL ? n->consent_version : NULL);
	pl_q_int(&q, n->consent_text != NULL);
	if ((rc = pl_q_exec(&q)) == PL_OK) {
		d->id = pl_q_insert_id(&q);
		d->resent = pl_q_affected(&q) == 0;
	}
	pl_q_done(&q);
	return rc;
}

/* The request, its consent text and its mails; in the caller's transaction. */
static int
store(struct pl_db *db, const struct pl_contact_new *n, unsigned long long chat,
    struct pl_contact_done *d)
{
	struct site_mail	s;
	int			rc;

	memset(d, 0, sizeof(*d));
	if (n->consent_text != NULL && (rc = pl_site_consent_keep(db, n->site,
	    n->consent_version, n->lang, n->consent_text)) != PL_OK)
		return rc;
	if ((rc = insert(db, n, chat, d)) != PL_OK || d->resent)
		return rc;
	if ((rc = read_site_mail(db, n->site, &s)) != PL_OK)
		return rc == PL_ENOTFOUND ? PL_EDB : rc;
	if (pl_email_valid(s.to)) {
		if ((rc = mail_site(db, n, d->id, &s)) != PL_OK)
			return rc;
		d->mailed = 1;
	}
	if (n->copy && pl_email_valid(n->email)) {
		if ((rc = mail_copy(db, n, d->id, &s)) != PL_OK)
			return rc;
		d->copy = 1;
	}
	return PL_OK;
}

int
pl_contact_submit(struct pl_db *db, const struct pl_contact_new *n,
    struct pl_contact_done *d)
{
	int rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = store(db, n, 0, d)) == PL_OK && pl_db_commit(db) == PL_OK) {
		if (d->resent)
			d->copy = n->copy && n->email[0] != '\0';
		return PL_OK;
	}
	pl_db_rollback(db);
	return PL_EDB;
}

/* ---- a chat becomes a request ------------------------------------------------ */

struct from_chat {
	struct pl_contact_new	*n;
	unsigned long long	 chat;
	struct pl_contact_done	*d;
	struct pl_buf		 talk;
	const char		*fields;	/* the form's, without the chat */
	char			 name[PL_UTF8_BYTES(128)];
	char			 email[PL_UTF8_BYTES(254)];
};

/* The name and address the chat's start form gave, where n has none. */
static int
chat_visitor(struct pl_db *db, struct from_chat *fc)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_CONTACT_CHAT_VISITOR);
	pl_q_int(&q, (long long)fc->n->site);
	pl_q_int(&q, (long long)fc->chat);
	pl_q_out_str(&q, fc->name, sizeof(fc->name), NULL, NULL);
	pl_q_out_str(&q, fc->email, sizeof(fc->email), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc == PL_ENOTFOUND ? PL_EDB : rc;
	if (fc->n->name[0] == '\0')
		fc->n->name = fc->name;
	if (fc->n->email[0] == '\0')
		fc->n->email = fc->email;
	return pl_email_valid(fc->n->email) ? PL_OK : PL_EINVAL;
}

static int
talk_line(void *arg, const struct pl_msg *m)
{
	struct from_chat	*fc = arg;
	const char		*who;

	if (strcmp(m->from, "system") == 0)
		return 0;
	if (strcmp(m->from, "operator") == 0)
		who = m->name[0] != '\0' ? m->name : pl_text(fc->n->lang, PL_TX_OPERATOR);
	else
		who = fc->n->name[0] != '\0' ? fc->n->name : pl_text(fc->n->lang, PL_TX_C_VISITOR);
	pl_buf_printf(&fc->talk, "[%.16s] %s: %s\n", m->time, who,
	    m->file_id > 0 ? m->file_name : m->text);
	return 0;
}

static int
from_chat_store(struct pl_db *db, void *arg, const char *lang, const char *dept)
{
	struct from_chat	*fc = arg;
	cJSON			*arr, *f;
	char			*json;
	int			 rc;

	fc->n->lang = lang;
	fc->n->dept = dept[0];
	pl_buf_reset(&fc->talk);	/* a deadlock victim runs again */
	if ((rc = chat_visitor(db, fc)) != PL_OK)
		return rc;
	if ((rc = pl_chat_messages(db, fc->n->site, fc->chat, 0, 2000, talk_line,
	    fc)) != PL_OK)
		return rc;
	if (fc->talk.oom || (arr = cJSON_Parse(fc->fields)) == NULL)
		return PL_ENOMEM;
	f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "key", "chat");
	cJSON_AddStringToObject(f, "label", "");
	cJSON_AddStringToObject(f, "type", "textarea");
	pl_buf_putc(&fc->talk, '\0');
	cJSON_AddStringToObject(f, "value", fc->talk.p != NULL ? fc->talk.p : "");
	cJSON_AddItemToArray(arr, f);
	json = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	if (json == NULL)
		return PL_ENOMEM;
	fc->n->fields_json = json;
	rc = store(db, fc->n, fc->chat, fc->d);
	free(json);
	fc->n->fields_json = fc->fields;
	/* Handed over before: leave the chat as that left it. */
	return rc == PL_OK && fc->d->resent ? PL_EDUP : rc;
}

int
pl_contact_from_chat(struct pl_db *db, unsigned long long chat,
    const struct pl_actor *who, struct pl_contact_new *n, struct pl_contact_done *d)
{
	struct from_chat	 fc;
	const char		*fields = n->fields_json, *name = n->name;
	const char		*email = n->email, *lang = n->lang;
	int			 rc;

	memset(d, 0, sizeof(*d));
	memset(&fc, 0, sizeof(fc));
	fc.n = n;
	fc.chat = chat;
	fc.d = d;
	fc.fields = fields;
	pl_buf_init(&fc.talk);
	rc = pl_chat_hand_over(db, n->site, chat, who, from_chat_store, &fc,
	    pl_text(n->lang, PL_TX_C_HANDED_OVER));
	pl_buf_free(&fc.talk);
	if (rc == PL_EDUP) {
		d->resent = 1;
		d->copy = n->copy && pl_email_valid(n->email);
		rc = PL_OK;
	}
	n->fields_json = fields;
	n->name = name;
	n->email = email;
	n->lang = lang;
	switch (rc) {
	case PL_OK: case PL_EDUP: case PL_ENOTFOUND: case PL_ESTATE: case PL_EINVAL:
		return rc;
	default:
		return PL_EDB;
	}
}

/* ---- the console ------------------------------------------------------------- */

static void
row_outs(struct pl_q *q, struct pl_contact_row *r, long long *id, long long *chat)
{
	pl_q_out_int(q, id, NULL);
	pl_q_out_str(q, r->created, sizeof(r->created), NULL, NULL);
	pl_q_out_str(q, r->status, sizeof(r->status), NULL, NULL);
	pl_q_out_str(q, r->name, sizeof(r->name), NULL, NULL);
	pl_q_out_str(q, r->email, sizeof(r->email), NULL, NULL);
	pl_q_out_str(q, r->lang, sizeof(r->lang), NULL, NULL);
	pl_q_out_str(q, r->dept, sizeof(r->dept), NULL, NULL);
	pl_q_out_str(q, r->summary, sizeof(r->summary), NULL, NULL);
	pl_q_out_str(q, r->mail, sizeof(r->mail), NULL, NULL);
	pl_q_out_int(q, chat, NULL);
}

int
pl_contact_list(struct pl_db *db, unsigned long site, const char *status,
    unsigned long long before, unsigned limit,
    int (*fn)(void *, const struct pl_contact_row *), void *arg, int *more,
    long long *fresh)
{
	struct pl_contact_row	r;
	struct pl_q		q;
	long long		id, chat;
	unsigned		n = 0;
	int			rc;

	*more = 0;
	pl_q_init(&q, db, ST_CONTACT_NEW_COUNT);
	pl_q_int(&q, (long long)site);
	pl_q_out_int(&q, fresh, NULL);
	if (pl_q_row(&q) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CONTACT_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, status != NULL ? status : "");
	pl_q_cstr(&q, status != NULL ? status : "");
	pl_q_int(&q, before > 0 ? (long long)before : 9007199254740991LL);
	pl_q_int(&q, (long long)limit + 1);
	row_outs(&q, &r, &id, &chat);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1) {
		if (n++ == limit) {
			*more = 1;
			break;
		}
		r.id = (unsigned long long)id;
		r.chat = (unsigned long long)chat;
		if (fn(arg, &r) != 0)
			break;
	}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

static int
get_mails(struct pl_db *db, unsigned long site, unsigned long long id,
    int (*fn)(void *, const struct pl_contact_mail *), void *arg)
{
	struct pl_contact_mail	m;
	struct pl_q		q;
	char			kind[17], rcpt[PL_UTF8_BYTES(254)], state[8];
	char			err[PL_UTF8_BYTES(255)], sent[32];
	int			rc;

	pl_q_init(&q, db, ST_CONTACT_MAILS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_out_str(&q, kind, sizeof(kind), NULL, NULL);
	pl_q_out_str(&q, rcpt, sizeof(rcpt), NULL, NULL);
	pl_q_out_str(&q, state, sizeof(state), NULL, NULL);
	pl_q_out_int(&q, &m.attempts, NULL);
	pl_q_out_str(&q, err, sizeof(err), NULL, NULL);
	pl_q_out_str(&q, sent, sizeof(sent), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	m.kind = kind;
	m.rcpt = rcpt;
	m.state = state;
	m.last_error = err;
	m.sent_at = sent;
	while ((rc = pl_q_fetch(&q)) == 1 && fn(arg, &m) == 0)
		;
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

static int
get_replies(struct pl_db *db, unsigned long site, unsigned long long id,
    int (*fn)(void *, const struct pl_contact_reply *), void *arg)
{
	struct pl_contact_reply	r;
	struct pl_q		q;
	char			name[PL_UTF8_BYTES(128)], created[32], *text = NULL;
	long long		rid;
	int			rc, stop = 0;

	pl_q_init(&q, db, ST_CONTACT_REPLIES);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_out_int(&q, &rid, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_dup(&q, &text, NULL, NULL);
	pl_q_out_str(&q, created, sizeof(created), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		r.id = (unsigned long long)rid;
		r.operator = name;
		r.text = text != NULL ? text : "";
		r.created = created;
		stop = fn(arg, &r) != 0;
		free(text);
		text = NULL;
	}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_contact_get(struct pl_db *db, unsigned long site, unsigned long long id,
    struct pl_contact *c, int (*mail_fn)(void *, const struct pl_contact_mail *),
    int (*reply_fn)(void *, const struct pl_contact_reply *), void *arg)
{
	struct pl_q	q;
	long long	rid, chat;
	int		rc;

	memset(c, 0, sizeof(*c));
	pl_q_init(&q, db, ST_CONTACT_GET);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	row_outs(&q, &c->row, &rid, &chat);
	pl_q_out_dup(&q, &c->page, NULL, NULL);
	pl_q_out_dup(&q, &c->fields_json, NULL, NULL);
	pl_q_out_str(&q, c->consent_version, sizeof(c->consent_version), NULL, NULL);
	pl_q_out_str(&q, c->consent_at, sizeof(c->consent_at), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc == PL_ENOTFOUND ? rc : PL_EDB;
	c->row.id = (unsigned long long)rid;
	c->row.chat = (unsigned long long)chat;
	if ((rc = get_mails(db, site, id, mail_fn, arg)) != PL_OK)
		return rc;
	return get_replies(db, site, id, reply_fn, arg);
}

void
pl_contact_free(struct pl_contact *c)
{
	free(c->page);
	free(c->fields_json);
	c->page = c->fields_json = NULL;
}

/* Lock the request: its address and language. PL_OK, PL_ENOTFOUND, PL_EDB. */
static int
lock(struct pl_db *db, unsigned long site, unsigned long long id, char *email,
    size_t esz, char lang[9])
{
	struct pl_q q;

	pl_q_init(&q, db, ST_CONTACT_LOCK);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_out_str(&q, email, esz, NULL, NULL);
	pl_q_out_str(&q, lang, 9, NULL, NULL);
	return pl_q_row(&q);
}

static int
set_status(struct pl_db *db, unsigned long site, unsigned long long id,
    const char *status)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_CONTACT_SET_STATUS);
	pl_q_cstr(&q, status);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	return pl_q_run(&q);
}

int
pl_contact_set_status(struct pl_db *db, unsigned long site, unsigned long long id,
    const char *status)
{
	char	email[PL_UTF8_BYTES(254)], lang[9];
	int	rc;

	if (strcmp(status, "new") != 0 && strcmp(status, "read") != 0 &&
	    strcmp(status, "answered") != 0)
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = lock(db, site, id, email, sizeof(email), lang)) == PL_OK &&
	    (rc = set_status(db, site, id, status)) == PL_OK &&
	    pl_db_commit(db) == PL_OK)
		return PL_OK;
	pl_db_rollback(db);
	return rc == PL_ENOTFOUND ? rc : PL_EDB;
}

static int
reply_store(struct pl_db *db, unsigned long site, unsigned long long id,
    long long op, const char *client_id, const char *text,
    unsigned long long *reply_id, int *resent)
{
	struct pl_contact_new	 n;
	struct site_mail	 s;
	struct pl_buf		 b;
	struct pl_q		 q;
	char			 email[PL_UTF8_BYTES(254)], lang[9], subject[600];
	int			 rc;

	if ((rc = lock(db, site, id, email, sizeof(email), lang)) != PL_OK)
		return rc;
	if (!pl_email_valid(email))
		return PL_ESTATE;
	pl_q_init(&q, db, ST_CONTACT_REPLY_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_int(&q, op);
	pl_q_cstr(&q, client_id);
	pl_q_cstr(&q, text);
	if ((rc = pl_q_exec(&q)) == PL_OK) {
		*reply_id = pl_q_insert_id(&q);
		*resent = pl_q_affected(&q) == 0;
	}
	pl_q_done(&q);
	if (rc != PL_OK || *resent)
		return rc;
	if ((rc = read_site_mail(db, site, &s)) != PL_OK)
		return rc == PL_ENOTFOUND ? PL_EDB : rc;
	memset(&n, 0, sizeof(n));
	n.site = site;
	pl_text_fill(subject, sizeof(subject), lang, PL_TX_C_REPLY_SUBJECT, s.name);
	pl_buf_init(&b);
	pl_buf_puts(&b, text);
	pl_buf_puts(&b, "\n");
	rc = queue(db, &n, id, "reply", email, pl_email_valid(s.to) ? s.to : "",
	    subject, &b);
	pl_buf_free(&b);
	return rc != PL_OK ? rc : set_status(db, site, id, "answered");
}

int
pl_contact_reply(struct pl_db *db, unsigned long site, unsigned long long id,
    long long operator_id, const char *client_id, const char *text,
    unsigned long long *reply_id, int *resent)
{
	int rc;

	*reply_id = 0;
	*resent = 0;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = reply_store(db, site, id, operator_id, client_id, text, reply_id,
	    resent)) == PL_OK && pl_db_commit(db) == PL_OK)
		return PL_OK;
	pl_db_rollback(db);
	return rc == PL_ENOTFOUND || rc == PL_ESTATE ? rc : PL_EDB;
}
