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
#include "pl_db.h"
#include "pl_escape.h"
#include "pl_files.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_resp.h"


#define TRANSCRIPT_MAX	100000	/* messages */

/* Who said it, as shown in a transcript. */
static const char *
who(cJSON *m, int de)
{
	const char *from = cJSON_GetStringValue(cJSON_GetObjectItem(m, "from"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(m, "name"));

	if (from != NULL && strcmp(from, "operator") == 0)
		return name != NULL && *name != '\0' ? name : (de ? "Mitarbeiter" : "Operator");
	if (from != NULL && strcmp(from, "system") == 0)
		return "-";
	return de ? "Sie" : "You";
}

/* Build the transcript into b (html: escaped). PL_OK or PL_EDB. */
static int
build(struct pl_req *r, const struct pl_chat *c, int html, int de, struct pl_buf *b)
{
	cJSON		*msgs, *m;
	const char	*title = de ? "Chat-Verlauf" : "Chat transcript";
	int		 rc;

	if ((msgs = pl_chat_messages(r->db, r->site.id, c->id, 0, TRANSCRIPT_MAX,
	    &rc)) == NULL)
		return PL_EDB;
	if (html) {
		pl_buf_printf(b, "<!doctype html>\n<html lang=\"%s\"><head>"
		    "<meta charset=\"utf-8\"><title>", de ? "de" : "en");
		pl_esc_html(b, title, strlen(title));
		pl_buf_printf(b, " %llu</title></head><body>\n<h1>", c->id);
		pl_esc_html(b, title, strlen(title));
		pl_buf_puts(b, "</h1>\n<dl>\n");
	} else
		pl_buf_printf(b, "%s %llu\n\n", title, c->id);
	cJSON_ArrayForEach(m, msgs) {
		const char	*time = cJSON_GetStringValue(cJSON_GetObjectItem(m, "time"));
		const char	*text = cJSON_GetStringValue(cJSON_GetObjectItem(m, "text"));
		const char	*w = who(m, de);
		cJSON		*f = cJSON_GetObjectItem(m, "file");
		const char	*fname = f != NULL ?
		    cJSON_GetStringValue(cJSON_GetObjectItem(f, "name")) : NULL;

		if (time == NULL || text == NULL)
			continue;
		if (html) {
			pl_buf_puts(b, "<dt><time>");
			pl_esc_html(b, time, strlen(time));
			pl_buf_puts(b, "</time> ");
			pl_esc_html(b, w, strlen(w));
			pl_buf_puts(b, "</dt><dd>");
			pl_esc_html(b, text, strlen(text));
			if (fname != NULL) {
				pl_buf_puts(b, de ? "[Datei: " : "[file: ");
				pl_esc_html(b, fname, strlen(fname));
				pl_buf_puts(b, "]");
			}
			pl_buf_puts(b, "</dd>\n");
		} else {
			pl_buf_printf(b, "[%s] %s: %s", time, w, text);
			if (fname != NULL)
				pl_buf_printf(b, "%s%s]", de ? "[Datei: " : "[file: ", fname);
			pl_buf_puts(b, "\n");
		}
	}
	if (html)
		pl_buf_puts(b, "</dl>\n</body></html>\n");
	cJSON_Delete(msgs);
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
	if (build(r, &c, html, 0, &b) != PL_OK) {
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

/* POST email. 200; 400; 404; 502 mail_failed; 503 (db or mail_unconfigured). */
void
h_transcript_mail(struct pl_req *r)
{
	struct pl_chat	 c;
	struct pl_buf	 b;
	char		 err[256], subject[96];
	cJSON		*root;
	int		 rc;

	if (!pl_email_valid(PL_V(r, KEY_EMAIL)->s)) {
		pl_error(r, 400, "invalid_parameter", "email", "email: invalid");
		return;
	}
	if (chat_auth(r, &c) != 0)
		return;
	if (r->conf->smtp_url == NULL || r->conf->smtp_url[0] == '\0') {
		pl_error(r, 503, "mail_unconfigured", NULL,
		    "this site cannot send e-mail");
		return;
	}
	pl_buf_init(&b);
	if (build(r, &c, 0, 0, &b) != PL_OK) {
		pl_buf_free(&b);
		pl_error_db(r);
		return;
	}
	snprintf(subject, sizeof(subject), "Chat transcript %llu", c.id);
	rc = pl_mail_send(r->conf, PL_V(r, KEY_EMAIL)->s, subject,
	    pl_buf_cstr(&b), err, sizeof(err));
	pl_buf_free(&b);
	if (rc != PL_OK) {
		pl_log(r->reqid, PL_LOG_WARN, "transcript mail failed: %s", err);
		pl_error(r, 502, "mail_failed", NULL,
		    "the transcript could not be sent; please try again");
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}

/* GET visitor_token. 200 list (empty for an unknown token); 503. */
void
h_history(struct pl_req *r)
{
	struct pl_q	 q;
	cJSON		*root, *arr, *o;
	long long	 visitor, id;
	char		 started[40], status[16], preview[512];
	int		 rc;

	if (chat_visitor_lookup(r, PL_V(r, KEY_VISITOR_TOKEN)->s, &visitor) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "chats");
	if (visitor > 0) {
		pl_q_init(&q, r->db, ST_HISTORY_LIST);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_int(&q, visitor);
		pl_q_out_int(&q, &id, NULL);
		pl_q_out_str(&q, started, sizeof(started), NULL, NULL);
		pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
		pl_q_out_str(&q, preview, sizeof(preview), NULL, NULL);
		if (pl_q_exec(&q) != PL_OK) {
			cJSON_Delete(root);
			pl_error_db(r);
			return;
		}
		while ((rc = pl_q_fetch(&q)) == 1) {
			if (strlen(started) == 27)
				memmove(started + 23, started + 26, 2);
			o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "chat", (double)id);
			cJSON_AddStringToObject(o, "started", started);
			cJSON_AddStringToObject(o, "status", status);
			cJSON_AddStringToObject(o, "preview", preview);
			cJSON_AddItemToArray(arr, o);
		}
		pl_q_done(&q);
		if (rc < 0) {
			cJSON_Delete(root);
			pl_error_db(r);
			return;
		}
	}
	pl_json(r, 200, root);
}

/* GET visitor_token, chat. 200 like poll; 404 (not this visitor's); 503. */
void
h_history_chat(struct pl_req *r)
{
	struct pl_chat	 c;
	cJSON		*root, *msgs;
	long long	 visitor;
	int		 rc;

	if (chat_visitor_lookup(r, PL_V(r, KEY_VISITOR_TOKEN)->s, &visitor) != PL_OK) {
		pl_error_db(r);
		return;
	}
	rc = visitor > 0 ? pl_chat_load(r->db, r->site.id,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &c) : PL_ENOTFOUND;
	if (rc == PL_EDB) {
		pl_error_db(r);
		return;
	}
	if (rc != PL_OK || c.visitor_id != visitor) {
		pl_error(r, 404, "not_found", "chat", "no such chat");
		return;
	}
	if ((msgs = pl_chat_messages(r->db, r->site.id, c.id, 0, TRANSCRIPT_MAX,
	    &rc)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	pl_chat_state_json(&c, root);
	cJSON_AddItemToObject(root, "messages", msgs);
	pl_json(r, 200, root);
}
