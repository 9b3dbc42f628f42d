/*
 * transcript.c: a chat as a document (text or escaped HTML), sent by
 * e-mail on request, and a returning visitor's history.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chat.h"
#include "pl_answer.h"
#include "pl_chatlist.h"
#include "pl_escape.h"
#include "pl_ip.h"
#include "pl_files.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_resp.h"
#include "pl_text.h"


#define TRANSCRIPT_MAX	100000	/* messages */

struct doc {
	struct pl_buf	*b;
	const char	*lang;
	int		 html;
};

/* Who said it, as shown in a transcript. */
static const char *
who(const struct pl_msg *m, const char *lang)
{
	if (strcmp(m->from, "operator") == 0)
		return m->name[0] != '\0' ? m->name : pl_text(lang, PL_TX_OPERATOR);
	if (strcmp(m->from, "system") == 0)
		return "-";
	return pl_text(lang, PL_TX_YOU);
}

static int
add_line(void *arg, const struct pl_msg *m)
{
	struct doc	*d = arg;
	struct pl_buf	*b = d->b;
	const char	*w = who(m, d->lang), *file = pl_text(d->lang, PL_TX_FILE);

	if (!d->html) {
		pl_buf_printf(b, "[%s] %s: %s", m->time, w, m->text);
		if (m->file_id > 0)
			pl_buf_printf(b, "[%s: %s]", file, m->file_name);
		pl_buf_puts(b, "\n");
		return 0;
	}
	pl_buf_puts(b, "<dt><time>");
	pl_esc_html(b, m->time, strlen(m->time));
	pl_buf_puts(b, "</time> ");
	pl_esc_html(b, w, strlen(w));
	pl_buf_puts(b, "</dt><dd>");
	pl_esc_html(b, m->text, strlen(m->text));
	if (m->file_id > 0) {
		pl_buf_puts(b, "[");
		pl_esc_html(b, file, strlen(file));
		pl_buf_puts(b, ": ");
		pl_esc_html(b, m->file_name, strlen(m->file_name));
		pl_buf_puts(b, "]");
	}
	pl_buf_puts(b, "</dd>\n");
	return 0;
}

/* Build the transcript into b (html: escaped), in the chat's language. PL_OK or PL_EDB. */
static int
build(struct pl_req *r, const struct pl_chat *c, int html, struct pl_buf *b)
{
	struct doc	 d = { b, c->lang, html };
	const char	*title = pl_text(c->lang, PL_TX_TRANSCRIPT);

	if (html) {
		pl_buf_printf(b, "<!doctype html>\n<html lang=\"%s\"><head>"
		    "<meta charset=\"utf-8\"><title>", pl_text_lang(c->lang));
		pl_esc_html(b, title, strlen(title));
		pl_buf_printf(b, " %llu</title></head><body>\n<h1>", c->id);
		pl_esc_html(b, title, strlen(title));
		pl_buf_puts(b, "</h1>\n<dl>\n");
	} else
		pl_buf_printf(b, "%s %llu\n\n", title, c->id);
	if (pl_chat_messages(r->db, r->site.id, c->id, 0, TRANSCRIPT_MAX, add_line,
	    &d) != PL_OK)
		return PL_EDB;
	if (html)
		pl_buf_puts(b, "</dl>\n</body></html>\n");
	return b->oom ? PL_ENOMEM : PL_OK;
}

/* GET format=text|html. 200 document; 404; 503. */
void
h_transcript(struct pl_req *r)
{
	struct pl_chat	c;
	struct pl_buf	b;
	char		fname[64];
	int		html = PL_V(r, KEY_FORMAT)->present && PL_V(r, KEY_FORMAT)->i == 1;

	if (chat_auth(r, &c) != 0)
		return;
	pl_buf_init(&b);
	if (build(r, &c, html, &b) != PL_OK) {
		pl_buf_free(&b);
		pl_error_db(r);
		return;
	}
	pl_raw_body(r, 200, html ? "text/html; charset=utf-8" :
	    "text/plain; charset=utf-8", b.p, b.len);
	snprintf(fname, sizeof(fname), "chat-%llu.%s", c.id, html ? "html" : "txt");
	pl_file_disposition(r, "attachment", fname);
	pl_buf_free(&b);
}

#define MAILS_PER_CHAT	3
#define MAILS_PER_ADDR	10	/* an hour, per visitor address */
#define MAILS_PER_SITE	100	/* an hour */

/* The hourly mail allowances of the address and the site. 0, or -1 answered. */
static int
mail_limits(struct pl_req *r)
{
	return pl_answer_limits(r, "mail", 3600, MAILS_PER_ADDR, MAILS_PER_SITE);
}

static void
answer_queued(struct pl_req *r, int rc)
{
	cJSON *root;

	switch (rc) {
	case PL_OK:
		root = cJSON_CreateObject();
		cJSON_AddBoolToObject(root, "ok", 1);
		cJSON_AddBoolToObject(root, "queued", 1);
		pl_json(r, 200, root);
		break;
	case PL_ESTATE:
		pl_error(r, 409, "not_answered", NULL,
		    "a transcript can be sent once an operator has answered");
		break;
	case PL_EDENIED:
		pl_error(r, 409, "other_address", "email",
		    "email: this chat's transcript goes to the address first given");
		break;
	case PL_ELIMIT:
		pl_error(r, 429, "too_many_mails", NULL,
		    "this chat's transcript was sent as often as it can be");
		break;
	default:
		pl_answer_rc(r, rc);
		break;
	}
}

/*
 * POST email. Queues the transcript, sent outside the request.
 * 200 queued; 400; 404; 409 not_answered / other_address; 429; 501
 * mail_unconfigured; 503.
 */
void
h_transcript_mail(struct pl_req *r)
{
	struct pl_chat	 c;
	struct pl_actor	 a;
	struct pl_buf	 b;
	char		 subject[96], copy[600];

	if (!pl_email_valid(PL_V(r, KEY_EMAIL)->s)) {
		pl_error(r, 400, "invalid_parameter", "email", "email: invalid");
		return;
	}
	if (chat_auth(r, &c) != 0)
		return;
	if (r->conf->smtp_url == NULL || r->conf->smtp_url[0] == '\0') {
		/* Permanent until the site is configured: not a 503 to retry. */
		pl_error(r, 501, "mail_unconfigured", NULL,
		    "this site cannot send e-mail");
		return;
	}
	if (mail_limits(r) != 0)
		return;
	pl_buf_init(&b);
	pl_buf_printf(&b, "%s\n\n", pl_text_fill(copy, sizeof(copy), c.lang,
	    PL_TX_MAIL_COPY, r->site.name[0] != '\0' ? r->site.name : r->site.code_str));
	if (build(r, &c, 0, &b) != PL_OK) {
		pl_buf_free(&b);
		pl_error_db(r);
		return;
	}
	snprintf(subject, sizeof(subject), "%s %llu",
	    pl_text(c.lang, PL_TX_TRANSCRIPT), c.id);
	chat_actor(r, &a);
	answer_queued(r, pl_chat_queue_transcript(r->db, r->site.id, c.id, &a,
	    PL_V(r, KEY_EMAIL)->s, subject, pl_buf_cstr(&b), MAILS_PER_CHAT));
	pl_buf_free(&b);
}

static int
add_ref(void *arg, const struct pl_chat_ref *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "started", c->started);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddStringToObject(o, "preview", c->preview);
	cJSON_AddItemToArray((cJSON *)arg, o);
	return 0;
}

/* GET visitor_token. 200 list (empty for an unknown token); 503. */
void
h_history(struct pl_req *r)
{
	cJSON		*root, *arr;
	long long	 visitor;

	if (pl_visitor_find(r->db, r->site.id, PL_V(r, KEY_VISITOR_TOKEN)->s,
	    &visitor) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "chats");
	if (visitor > 0 && pl_visitor_history(r->db, r->site.id, visitor, add_ref,
	    arr) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* GET visitor_token, chat. 200 like poll; 404 (not this visitor's); 503. */
void
h_history_chat(struct pl_req *r)
{
	struct pl_chat	 c;
	long long	 visitor;
	int		 rc;

	if (pl_visitor_find(r->db, r->site.id, PL_V(r, KEY_VISITOR_TOKEN)->s,
	    &visitor) != PL_OK) {
		pl_error_db(r);
		return;
	}
	rc = visitor > 0 ? pl_chat_get(r->db, r->site.id, chat_id(r), NULL, &c) :
	    PL_ENOTFOUND;
	if (rc == PL_EDB) {
		pl_error_db(r);
		return;
	}
	if (rc != PL_OK || c.visitor_id != visitor) {
		pl_error(r, 404, "not_found", "chat", "no such chat");
		return;
	}
	pl_answer_chat(r, &c, 0, TRANSCRIPT_MAX, -1);
}
