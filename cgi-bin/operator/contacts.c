/*
 * contacts.c: the site's contact requests in the console (see
 * docs/API.md, "/operator", contacts): list, read, mark, answer by mail.
 * Every operator of the site sees them; the site is the session's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_contact.h"
#include "pl_log.h"
#include "pl_resp.h"

static const char *const filters[] = { "new", "read", "answered", NULL };

static cJSON *
row_json(const struct pl_contact_row *row)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)row->id);
	cJSON_AddStringToObject(o, "created", row->created);
	cJSON_AddStringToObject(o, "status", row->status);
	cJSON_AddStringToObject(o, "name", row->name);
	cJSON_AddStringToObject(o, "email", row->email);
	cJSON_AddStringToObject(o, "lang", row->lang);
	cJSON_AddStringToObject(o, "dept", row->dept);
	cJSON_AddStringToObject(o, "summary", row->summary);
	cJSON_AddStringToObject(o, "mail", row->mail);
	if (row->chat > 0)
		cJSON_AddNumberToObject(o, "chat", (double)row->chat);
	else
		cJSON_AddNullToObject(o, "chat");
	return o;
}

static int
add_row(void *arg, const struct pl_contact_row *row)
{
	cJSON_AddItemToArray(arg, row_json(row));
	return 0;
}

/*
 * GET [status=new|read|answered|all] [before=ID] [limit=N]: newest first.
 * 200 {requests, more, new}; 401; 503.
 */
void
h_contacts(struct pl_req *r)
{
	struct pl_session	 s;
	const struct pl_value	*f = PL_V(r, KEY_FILTER);
	const char		*status = NULL;
	cJSON			*root, *list;
	long long		 fresh = 0;
	int			 more = 0;

	if (pl_session_auth(r, &s) != 0)
		return;
	if (f->present && f->i < 3)
		status = filters[f->i];
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "requests");
	if (pl_contact_list(r->db, s.site, status,
	    PL_V(r, KEY_BEFORE)->present ? (unsigned long long)PL_V(r, KEY_BEFORE)->i : 0,
	    PL_V(r, KEY_LIMIT)->present ? (unsigned)PL_V(r, KEY_LIMIT)->i : 50,
	    add_row, list, &more, &fresh) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	cJSON_AddBoolToObject(root, "more", more);
	cJSON_AddNumberToObject(root, "new", (double)fresh);
	pl_json(r, 200, root);
}

struct detail {
	cJSON	*mails, *replies;
};

static int
add_mail(void *arg, const struct pl_contact_mail *m)
{
	struct detail	*d = arg;
	cJSON		*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", m->kind);
	cJSON_AddStringToObject(o, "rcpt", m->rcpt);
	cJSON_AddStringToObject(o, "state", m->state);
	cJSON_AddNumberToObject(o, "attempts", (double)m->attempts);
	cJSON_AddStringToObject(o, "last_error", m->last_error);
	cJSON_AddStringToObject(o, "sent_at", m->sent_at);
	cJSON_AddItemToArray(d->mails, o);
	return 0;
}

static int
add_reply(void *arg, const struct pl_contact_reply *rp)
{
	struct detail	*d = arg;
	cJSON		*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)rp->id);
	cJSON_AddStringToObject(o, "operator", rp->operator);
	cJSON_AddStringToObject(o, "text", rp->text);
	cJSON_AddStringToObject(o, "created", rp->created);
	cJSON_AddItemToArray(d->replies, o);
	return 0;
}

/* GET id. 200 the request with its fields, mails and replies; 401; 404; 503. */
void
h_contact(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_contact	 c;
	struct detail		 d;
	cJSON			*root, *fields, *o;
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	d.mails = cJSON_CreateArray();
	d.replies = cJSON_CreateArray();
	rc = pl_contact_get(r->db, s.site, (unsigned long long)PL_V(r, KEY_ID)->i, &c,
	    add_mail, add_reply, &d);
	if (rc != PL_OK) {
		cJSON_Delete(d.mails);
		cJSON_Delete(d.replies);
		pl_contact_free(&c);
		if (rc == PL_ENOTFOUND)
			pl_error(r, 404, "not_found", "id", "no such contact request");
		else
			pl_error_db(r);
		return;
	}
	root = row_json(&c.row);
	cJSON_AddStringToObject(root, "page", c.page != NULL ? c.page : "");
	fields = cJSON_Parse(c.fields_json != NULL ? c.fields_json : "[]");
	cJSON_AddItemToObject(root, "fields", fields != NULL ? fields : cJSON_CreateArray());
	if (c.consent_version[0] != '\0') {
		o = cJSON_AddObjectToObject(root, "consent");
		cJSON_AddStringToObject(o, "version", c.consent_version);
		cJSON_AddStringToObject(o, "at", c.consent_at);
	} else
		cJSON_AddNullToObject(root, "consent");
	cJSON_AddItemToObject(root, "mails", d.mails);
	cJSON_AddItemToObject(root, "replies", d.replies);
	pl_contact_free(&c);
	pl_json(r, 200, root);
}

/* POST id, status. 200 {ok}; 400; 401; 403; 404; 503. */
void
h_contact_status(struct pl_req *r)
{
	static const char *const statuses[] = { "new", "read", "answered" };
	struct pl_session	 s;
	cJSON			*root;
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	rc = pl_contact_set_status(r->db, s.site, (unsigned long long)PL_V(r, KEY_ID)->i,
	    statuses[PL_V(r, KEY_CSTATUS)->i]);
	if (rc == PL_ENOTFOUND) {
		pl_error(r, 404, "not_found", "id", "no such contact request");
		return;
	}
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddStringToObject(root, "status", statuses[PL_V(r, KEY_CSTATUS)->i]);
	pl_json(r, 200, root);
}

/*
 * POST id, client_id, text: mailed to the visitor through the outbox.
 * 201 {reply, mail} (200 a resend); 400; 401; 403; 404; 409 no_email; 503.
 */
void
h_contact_reply(struct pl_req *r)
{
	struct pl_session	 s;
	unsigned long long	 id;
	cJSON			*root;
	int			 rc, resent;

	if (pl_session_auth(r, &s) != 0)
		return;
	rc = pl_contact_reply(r->db, s.site, (unsigned long long)PL_V(r, KEY_ID)->i,
	    s.operator_id, PL_V(r, KEY_CLIENT_ID)->s, PL_V(r, KEY_BODY)->s, &id, &resent);
	switch (rc) {
	case PL_OK:
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_found", "id", "no such contact request");
		return;
	case PL_ESTATE:
		pl_error(r, 409, "no_email", "id",
		    "id: this request left no e-mail address to answer to");
		return;
	default:
		pl_error_db(r);
		return;
	}
	pl_log(r->reqid, PL_LOG_INFO, "site %lu: contact request %lld answered by mail%s",
	    s.site, PL_V(r, KEY_ID)->i, resent ? " (resent)" : "");
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "reply", (double)id);
	cJSON_AddStringToObject(root, "mail", "queued");
	pl_json(r, resent ? 200 : 201, root);
}
