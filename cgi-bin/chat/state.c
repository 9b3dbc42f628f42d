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
#include "pl_answer.h"
#include "pl_mail.h"
#include "pl_resp.h"

/* The allowance for state changes of the request's chat: 0, or -1 answered. */
static int
limited(struct pl_req *r)
{
	return pl_answer_chat_limit(r, "evt", chat_id(r), PL_V(r, KEY_TOKEN)->s,
	    r->conf->limit_chat_events);
}

/* 200 {"ok", "version"} after a state change; else 404 / 503. */
static void
answer(struct pl_req *r, int rc, long long version)
{
	if (rc == PL_OK)
		pl_answer_ok(r, version);
	else
		pl_answer_rc(r, rc);
}

/* POST typing=1/0. 200; 404; 503. */
void
h_typing(struct pl_req *r)
{
	struct pl_actor	a;
	long long	version = 0;
	int		rc;

	if (limited(r) != 0)
		return;
	chat_actor(r, &a);
	rc = pl_chat_typing(r->db, r->site.id, chat_id(r), &a,
	    PL_V(r, KEY_TYPING)->i != 0, &version);
	answer(r, rc, version);
}

/* POST sleep=1/0. 200; 404; 503. */
void
h_sleep(struct pl_req *r)
{
	struct pl_actor	a;
	long long	version = 0;
	int		rc;

	if (limited(r) != 0)
		return;
	chat_actor(r, &a);
	rc = pl_chat_sleep(r->db, r->site.id, chat_id(r), &a,
	    PL_V(r, KEY_SLEEP)->i != 0, &version);
	answer(r, rc, version);
}

/* POST close. 200 (also when already closed); 404; 503. */
void
h_close(struct pl_req *r)
{
	struct pl_actor	a;
	long long	version = 0;
	int		rc;

	chat_actor(r, &a);
	rc = pl_chat_close(r->db, r->site.id, chat_id(r), &a, r->reqid, &version);
	answer(r, rc, version);
}

/*
 * The page's data{} as stored JSON: up to 32 text or number members.
 * NULL (answered 400) when it is not that; *json NULL when absent.
 */
static int
clean_data(struct pl_req *r, char **json)
{
	cJSON	*data, *m, *clean;
	int	 n = 0;

	*json = NULL;
	if (r->json == NULL ||
	    (data = cJSON_GetObjectItemCaseSensitive(r->json, "data")) == NULL)
		return 0;
	if (!cJSON_IsObject(data)) {
		pl_error(r, 400, "invalid_parameter", "data", "data: expected an object");
		return -1;
	}
	clean = cJSON_CreateObject();
	cJSON_ArrayForEach(m, data) {
		char		 num[32];
		const char	*v;

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
	*json = cJSON_PrintUnformatted(clean);
	cJSON_Delete(clean);
	return 0;
bad:
	cJSON_Delete(clean);
	pl_error(r, 400, "invalid_parameter", "data",
	    "data: up to 32 text or number members, keys up to 64 and values up to 1024 bytes");
	return -1;
}

static const char *
opt(struct pl_req *r, enum key k)
{
	return PL_V(r, k)->present ? PL_V(r, k)->s : NULL;
}

/* POST name, email, page, title, data{}. 200; 400; 404; 503. */
void
h_data(struct pl_req *r)
{
	struct pl_actor		a;
	struct pl_chat_data	d;
	char			name[129], page[2049];
	char			*djson = NULL;
	long long		version = 0;
	int			rc;

	if (limited(r) != 0 || clean_data(r, &djson) != 0)
		return;
	if (PL_V(r, KEY_EMAIL)->present && PL_V(r, KEY_EMAIL)->len > 0 &&
	    !pl_email_valid(PL_V(r, KEY_EMAIL)->s)) {
		pl_error(r, 400, "invalid_parameter", "email", "email: invalid");
		cJSON_free(djson);
		return;
	}
	memset(&d, 0, sizeof(d));
	if (PL_V(r, KEY_NAME)->present) {
		snprintf(name, sizeof(name), "%.128s", PL_V(r, KEY_NAME)->s);
		d.name = name;
	}
	d.email = opt(r, KEY_EMAIL);
	d.data_json = djson;
	if ((d.page = chat_page(r, page, sizeof(page), &rc)) == NULL && rc != PL_OK) {
		pl_error_db(r);
		cJSON_free(djson);
		return;
	}
	d.title = opt(r, KEY_TITLE);
	chat_actor(r, &a);
	rc = pl_chat_set_data(r->db, r->site.id, chat_id(r), &a, &d, &version);
	answer(r, rc, version);
	cJSON_free(djson);
}
