/*
 * state.c: what changes a chat's state without a message: typing, sleep
 * (page hidden or app in background), close, and the data the page tells
 * the operator (name, e-mail, page, cart contents).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chat.h"
#include "pl_db.h"
#include "pl_mail.h"
#include "pl_resp.h"

/* ---- state changes ------------------------------------------------------------ */

static void
answer_version(struct pl_req *r, long long version)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddNumberToObject(root, "version", (double)version);
	pl_json(r, 200, root);
}

static void
update(struct pl_req *r, enum pl_stmt st, const long long *args, size_t n)
{
	struct pl_chat	c;
	long long	version;

	if (chat_auth(r, &c) != 0)
		return;
	if (pl_chat_update(r->db, st, args, n, r->site.id, c.id, &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	answer_version(r, version > 0 ? version : c.version);
}

/* POST typing=1/0. 200; 404; 503. */
void
h_typing(struct pl_req *r)
{
	long long v = PL_V(r, KEY_TYPING)->i;

	update(r, ST_CHAT_TYPING_VISITOR, &v, 1);
}

/* POST sleep=1/0. 200; 404; 503. */
void
h_sleep(struct pl_req *r)
{
	long long v = PL_V(r, KEY_SLEEP)->i;

	update(r, ST_CHAT_SLEEP, &v, 1);
}

/* POST close. 200 (also when already closed); 404; 503. */
void
h_close(struct pl_req *r)
{
	struct pl_chat	c;
	long long	version, seq;
	int		dup;

	if (chat_auth(r, &c) != 0)
		return;
	/* Read by the operator: the console's language is not known here. */
	if (strcmp(c.status, "closed") != 0 &&
	    pl_chat_post(r->db, r->site.id, c.id, PL_FROM_SYSTEM, 0, "visitor-closed",
	    "The visitor closed the chat.", 28, 0, &seq, &dup) != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (pl_chat_update(r->db, ST_CHAT_CLOSE, NULL, 0, r->site.id, c.id,
	    &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	answer_version(r, version > 0 ? version : c.version);
}

/* POST name, email, page, title, data{}. 200; 400; 404; 503. */
void
h_data(struct pl_req *r)
{
	struct pl_chat	 c;
	struct pl_q	 q;
	cJSON		*data = NULL, *m, *clean = NULL;
	char		*djson = NULL;
	long long	 version = 0;
	int		 n = 0;
	enum key	 keys[] = { KEY_NAME, KEY_EMAIL, KEY_PAGE, KEY_TITLE };
	size_t		 i;

	if (r->json != NULL && (data = cJSON_GetObjectItemCaseSensitive(r->json, "data")) != NULL) {
		if (!cJSON_IsObject(data)) {
			pl_error(r, 400, "invalid_parameter", "data", "data: expected an object");
			return;
		}
		clean = cJSON_CreateObject();
		cJSON_ArrayForEach(m, data) {
			char num[32];
			const char *v;

			if (++n > 32 || strlen(m->string) > 64 ||
			    !pl_text_valid(m->string, strlen(m->string), 0))
				goto bad;
			if (cJSON_IsString(m))
				v = m->valuestring;
			else if (cJSON_IsNumber(m)) {
				snprintf(num, sizeof(num), "%g", m->valuedouble);
				v = num;
			} else
				goto bad;
			if (strlen(v) > 1024 || !pl_text_valid(v, strlen(v), 1))
				goto bad;
			cJSON_AddStringToObject(clean, m->string, v);
		}
		djson = cJSON_PrintUnformatted(clean);
	}
	if (PL_V(r, KEY_EMAIL)->present && PL_V(r, KEY_EMAIL)->len > 0 &&
	    !pl_email_valid(PL_V(r, KEY_EMAIL)->s)) {
		pl_error(r, 400, "invalid_parameter", "email", "email: invalid");
		goto out;
	}
	if (chat_auth(r, &c) != 0)
		goto out;
	pl_q_init(&q, r->db, ST_CHAT_SET_DATA);
	for (i = 0; i < 4; i++) {
		if (i == 2)
			pl_q_cstr(&q, djson);
		if (PL_V(r, keys[i])->present)
			pl_q_str(&q, PL_V(r, keys[i])->s,
			    keys[i] == KEY_NAME && PL_V(r, keys[i])->len > 128 ?
			    128 : PL_V(r, keys[i])->len);
		else
			pl_q_null(&q);
	}
	pl_q_int(&q, (long long)r->site.id);
	pl_q_int(&q, (long long)c.id);
	if (pl_chat_update_q(r->db, &q, r->site.id, c.id, &version) != PL_OK)
		goto dberr;
	answer_version(r, version > 0 ? version : c.version);
	goto out;
bad:
	pl_error(r, 400, "invalid_parameter", "data",
	    "data: up to 32 text or number members, keys up to 64 and values up to 1024 bytes");
	goto out;
dberr:
	pl_error_db(r);
out:
	cJSON_Delete(clean);
	cJSON_free(djson);
}

