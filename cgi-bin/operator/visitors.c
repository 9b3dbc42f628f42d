/*
 * visitors.c: who is on the site now, and invitations to chat (see
 * docs/API.md, "/operator/visitors"). Only visitors of counted pages (the
 * tracking variant) are here; an operator sees those of its departments
 * and of pages without one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_log.h"
#include "pl_resp.h"
#include "pl_visitors.h"

static int
add_visitor(void *arg, const struct pl_live_visitor *v)
{
	cJSON	*o = cJSON_CreateObject(), *data;

	cJSON_AddStringToObject(o, "visitor", v->visitor);
	cJSON_AddStringToObject(o, "page", v->page);
	cJSON_AddStringToObject(o, "title", v->title);
	cJSON_AddStringToObject(o, "referrer", v->referrer);
	data = v->data != NULL ? cJSON_Parse(v->data) : NULL;
	if (!cJSON_IsObject(data)) {
		cJSON_Delete(data);
		data = cJSON_CreateObject();
	}
	cJSON_AddItemToObject(o, "data", data);
	cJSON_AddStringToObject(o, "dept", v->dept);
	cJSON_AddStringToObject(o, "lang", v->lang);
	cJSON_AddStringToObject(o, "host", v->host);
	cJSON_AddStringToObject(o, "since", v->since);
	cJSON_AddStringToObject(o, "last", v->last);
	cJSON_AddNumberToObject(o, "seconds", (double)v->seconds);
	cJSON_AddNumberToObject(o, "pages", (double)v->pages);
	cJSON_AddBoolToObject(o, "returning", v->returning);
	if (v->chat > 0)
		cJSON_AddNumberToObject(o, "chat", (double)v->chat);
	else
		cJSON_AddNullToObject(o, "chat");
	if (v->invitation[0] != '\0')
		cJSON_AddStringToObject(o, "invitation", v->invitation);
	else
		cJSON_AddNullToObject(o, "invitation");
	cJSON_AddItemToArray(arg, o);
	return 0;
}

/* GET. 200 {visitors: [...], minutes}; 401; 503. */
void
h_visitors(struct pl_req *r)
{
	struct pl_session	 s;
	cJSON			*root, *list;

	if (pl_session_auth(r, &s) != 0)
		return;
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "visitors");
	if (pl_visitors_live(r->db, s.site, s.depts, r->conf->live_minutes,
	    add_visitor, list) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	cJSON_AddNumberToObject(root, "minutes", (double)r->conf->live_minutes);
	pl_json(r, 200, root);
}

/*
 * POST visitor text. 201 {invitation}; 400; 401; 403 csrf; 404 not_live;
 * 409 declined (this visit) / busy (a chat runs, or an invitation is
 * open); 503.
 */
void
h_invite(struct pl_req *r)
{
	struct pl_session	 s;
	unsigned long long	 id = 0;
	cJSON			*root;
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	rc = pl_invite(r->db, s.site, s.operator_id, PL_V(r, KEY_VISITOR)->s,
	    r->conf->live_minutes, PL_V(r, KEY_TEXT)->s, &id);
	switch (rc) {
	case PL_OK:
		break;
	case PL_ENOTFOUND:
		pl_error(r, 404, "not_live", "visitor", "the visitor is not on the site now");
		return;
	case PL_EDENIED:
		pl_error(r, 409, "declined", "visitor",
		    "the visitor declined an invitation during this visit");
		return;
	case PL_ESTATE:
		pl_error(r, 409, "busy", "visitor",
		    "the visitor has a chat running or an invitation open");
		return;
	default:
		pl_error_db(r);
		return;
	}
	pl_log(r->reqid, PL_LOG_INFO, "site %lu: operator %lld invited a visitor (%llu)",
	    s.site, s.operator_id, id);
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "invitation", (double)id);
	pl_json(r, 201, root);
}
