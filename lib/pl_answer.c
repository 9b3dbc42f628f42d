/*
 * pl_answer.c: shared answers (see pl_answer.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_answer.h"
#include "pl_files.h"
#include "pl_ip.h"
#include "pl_limit.h"
#include "pl_req.h"
#include "pl_resp.h"

static int
add_message(void *arg, const struct pl_msg *m)
{
	cJSON	*arr = arg, *o, *f;

	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "seq", (double)m->seq);
	cJSON_AddStringToObject(o, "from", m->from);
	if (strcmp(m->from, "operator") == 0)
		cJSON_AddStringToObject(o, "name", m->name);
	if (m->client_id[0] != '\0')
		cJSON_AddStringToObject(o, "client_id", m->client_id);
	cJSON_AddStringToObject(o, "text", m->text);
	if (m->file_id > 0) {
		f = cJSON_AddObjectToObject(o, "file");
		cJSON_AddNumberToObject(f, "id", (double)m->file_id);
		cJSON_AddStringToObject(f, "name", m->file_name);
		cJSON_AddStringToObject(f, "type", m->file_type);
		cJSON_AddNumberToObject(f, "size", (double)m->file_size);
	}
	cJSON_AddStringToObject(o, "time", m->time);
	cJSON_AddItemToArray(arr, o);
	return 0;
}

cJSON *
pl_answer_messages(struct pl_req *r, unsigned long site, unsigned long long chat,
    long long after, long long limit)
{
	cJSON *arr = cJSON_CreateArray();

	if (pl_chat_messages(r->db, site, chat, after, limit, add_message,
	    arr) != PL_OK) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

void
pl_answer_state(const struct pl_chat *c, cJSON *o)
{
	cJSON *op;

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddNumberToObject(o, "version", (double)c->version);
	cJSON_AddNumberToObject(o, "last_seq", (double)c->last_seq);
	if (c->op_name[0] != '\0' || strcmp(c->status, "active") == 0) {
		op = cJSON_AddObjectToObject(o, "operator");
		cJSON_AddStringToObject(op, "name", c->op_name);
	} else
		cJSON_AddNullToObject(o, "operator");
	cJSON_AddBoolToObject(o, "operator_typing", c->op_typing);
	cJSON_AddBoolToObject(o, "visitor_sleeping", c->sleeping);
}

void
pl_answer_chat(struct pl_req *r, const struct pl_chat *c, long long after,
    long long limit, int retry_ms)
{
	cJSON	*root, *msgs;

	if ((msgs = pl_answer_messages(r, r->site.id, c->id, after, limit)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	pl_answer_state(c, root);
	cJSON_AddItemToObject(root, "messages", msgs);
	if (retry_ms >= 0)
		cJSON_AddNumberToObject(root, "retry_ms", retry_ms);
	pl_json(r, 200, root);
}

void
pl_answer_posted(struct pl_req *r, unsigned long site, unsigned long long chat,
    int rc, const struct pl_posted *p)
{
	cJSON	*msgs, *root;

	if (rc != PL_OK) {
		pl_answer_rc(r, rc);
		return;
	}
	/* Committed but the echo failed: the client's resend gets the message. */
	if ((msgs = pl_answer_messages(r, site, chat, p->seq - 1, 1)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "message", cJSON_DetachItemFromArray(msgs, 0));
	cJSON_Delete(msgs);
	pl_json(r, p->dup ? 200 : 201, root);
}

void
pl_answer_ok(struct pl_req *r, long long version)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddNumberToObject(root, "version", (double)version);
	pl_json(r, 200, root);
}

void
pl_answer_file(struct pl_req *r, unsigned long site, unsigned long long chat,
    long long file)
{
	struct pl_file	f;
	int		rc;

	if ((rc = pl_chat_file(r->db, site, chat, file, &f)) == PL_ENOTFOUND)
		pl_error(r, 404, "not_found", "file", "no such file");
	else if (rc != PL_OK)
		pl_error_db(r);
	else
		pl_file_answer(r, f.name, f.type, f.data, f.len);
	free(f.data);
}

int
pl_answer_limit(struct pl_req *r, const char *key, unsigned window_s,
    unsigned max)
{
	char		retry[16];
	unsigned	left;

	switch (pl_limit_hit(r->db, key, window_s, max, &left)) {
	case PL_OK:
		return 0;
	case PL_ELIMIT:
		pl_error(r, 429, "rate_limited", NULL,
		    "too many requests; please wait a moment");
		snprintf(retry, sizeof(retry), "%u", left);
		pl_header(r, "Retry-After", retry);
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
}

int
pl_answer_chat_limit(struct pl_req *r, const char *kind,
    unsigned long long chat, const char *token, unsigned max)
{
	char hash[PL_HASH_HEX], key[96];

	pl_sha256_hex(token, strlen(token), hash);
	snprintf(key, sizeof(key), "%s:c%llu:%.16s", kind, chat, hash);
	return pl_answer_limit(r, key, 60, max);
}

void
pl_answer_poll_refused(struct pl_req *r, int rc)
{
	if (rc == PL_ELIMIT) {
		pl_error(r, 429, "too_many_polls", NULL,
		    "too many open requests from this address; please wait");
		pl_header(r, "Retry-After", "5");
	} else
		pl_error(r, 503, "busy", NULL,
		    "the service is busy; please retry");
}

const char *
pl_answer_client(struct pl_req *r, char *buf, size_t sz)
{
	char addr[64];

	pl_ip_client(pl_env(r, "REMOTE_ADDR"), pl_env(r, "HTTP_X_FORWARDED_FOR"),
	    r->conf != NULL ? r->conf->trusted_proxies : NULL, addr, sizeof(addr));
	pl_ip_anon(addr, buf, sz);
	return buf;
}

int
pl_answer_limits(struct pl_req *r, const char *what, unsigned window_s,
    unsigned addr_max, unsigned site_max)
{
	char addr[PL_IP_ANON_MAX], key[96];

	pl_answer_client(r, addr, sizeof(addr));
	snprintf(key, sizeof(key), "%s:s%lu:%s", what, r->site.id, addr);
	if (pl_answer_limit(r, key, window_s, addr_max) != 0)
		return -1;
	snprintf(key, sizeof(key), "%s:s%lu", what, r->site.id);
	return pl_answer_limit(r, key, window_s, site_max);
}

const char *
pl_answer_agent(struct pl_req *r, char *buf, size_t sz)
{
	const char	*ua = pl_env(r, "HTTP_USER_AGENT");
	size_t		 i;

	for (i = 0; ua != NULL && ua[i] != '\0' && i + 1 < sz; i++)
		buf[i] = ua[i] >= 0x20 && ua[i] < 0x7f ? ua[i] : '?';
	buf[i] = '\0';
	return buf;
}

void
pl_answer_rc(struct pl_req *r, int rc)
{
	switch (rc) {
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", "chat", "no such chat");
		break;
	case PL_EDENIED:
		pl_error(r, 409, "not_your_chat", "chat",
		    "accept the chat first (or it was closed or transferred)");
		break;
	case PL_ECLOSED:
		pl_error(r, 409, "chat_closed", NULL, "the chat is closed");
		break;
	case PL_ESTATE:
		pl_error(r, 409, "already_taken", "chat",
		    "the chat is no longer waiting");
		break;
	case PL_ETOOBIG:
		pl_error(r, 413, "chat_full", NULL,
		    "this chat holds as many messages and files as it may");
		break;
	case PL_EQUOTA:
		pl_error(r, 413, "site_quota", NULL,
		    "this site has no room for more files");
		break;
	case PL_ENOTYET:
		pl_error(r, 409, "not_accepted", NULL,
		    "files can be sent once an operator has taken the chat");
		break;
	case PL_ELIMIT:
		pl_error(r, 409, "too_many_chats", NULL,
		    "the operator has as many chats as the limit allows");
		break;
	default:
		pl_error_db(r);
		break;
	}
}

void
pl_answer_caps(struct pl_req *r, struct pl_chat_caps *c)
{
	c->max_messages = r->conf->chat_max_messages;
	c->max_files = r->conf->chat_max_files;
	c->max_file_bytes = (unsigned long long)r->conf->chat_max_file_mb << 20;
	c->site_quota_bytes = (unsigned long long)r->conf->site_quota_mb << 20;
}

/* ---- canned answers ---------------------------------------------------------- */

int
pl_answer_add_canned(void *arr, const struct pl_canned *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "shortcut", c->shortcut);
	cJSON_AddStringToObject(o, "text", c->text);
	cJSON_AddStringToObject(o, "scope", c->owner > 0 ? "personal" : "shared");
	cJSON_AddItemToArray((cJSON *)arr, o);
	return 0;
}

void
pl_answer_canned_rc(struct pl_req *r, int rc, const char *bad)
{
	switch (rc) {
	case PL_EINVAL:
		if (bad != NULL && strcmp(bad, "shortcut") == 0)
			pl_error(r, 400, "invalid_parameter", "shortcut",
			    "shortcut: 1 to 32 of A-Z, a-z, 0-9, _ and -");
		else
			pl_error(r, 400, "invalid_parameter", "text",
			    "text: 1 to 4000 bytes of text");
		break;
	case PL_ELIMIT:
		pl_error(r, 409, "too_many_canned", NULL,
		    "at most 500 canned answers each: delete one first");
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", "shortcut", "no such canned answer");
		break;
	case PL_ENOMEM:
		pl_error_internal(r);
		break;
	default:
		pl_error_db(r);
		break;
	}
}
