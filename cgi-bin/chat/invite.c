/*
 * invite.c: an operator's invitation as the visitor's widget sees it
 * (see docs/API.md, "/chat/invitation"). Only the tracking variant asks,
 * and only for the visitor it proves to be: the first-party id of the
 * tracking snippet (visitor_id), or on a cookieless site the request's
 * anonymised address and user agent. Accepting is a chat start with
 * invitation=ID (chat.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chat.h"
#include "pl_answer.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_resp.h"
#include "pl_visitors.h"

int
chat_track_hash(struct pl_req *r, char hash[PL_VISITOR_HASH])
{
	const struct pl_value	*id = PL_V(r, KEY_TRACK_ID);
	char			 addr[PL_IP_ANON_MAX], agent[256];

	pl_answer_client(r, addr, sizeof(addr));
	pl_answer_agent(r, agent, sizeof(agent));
	return pl_visitor_hash(r->db, r->site.id, id->present ? id->s : "",
	    addr, agent, hash);
}

/* Looks per site and address, and per site. 0, or -1 answered (429/503). */
static int
invite_limits(struct pl_req *r)
{
	return pl_answer_limits(r, "invite", 60, r->conf->limit_invite_addr,
	    r->conf->limit_invite_site);
}

/* The visitor's hash, or -1 answered (200 with none: nothing counted yet; 503). */
static int
visitor_of(struct pl_req *r, char hash[PL_VISITOR_HASH])
{
	cJSON	*root;
	int	 rc;

	if (invite_limits(r) != 0)
		return -1;
	if ((rc = chat_track_hash(r, hash)) == PL_OK)
		return 0;
	if (rc != PL_ENOTFOUND) {
		pl_error_db(r);
		return -1;
	}
	root = cJSON_CreateObject();
	cJSON_AddNullToObject(root, "invitation");
	pl_json(r, 200, root);
	return -1;
}

/* POST site [visitor_id]. 200 {invitation: {id, text, operator} | null}; 429; 503. */
void
h_invitation(struct pl_req *r)
{
	struct pl_invitation	 inv;
	char			 hash[PL_VISITOR_HASH];
	cJSON			*root, *o;
	int			 rc;

	if (visitor_of(r, hash) != 0)
		return;
	if ((rc = pl_invite_pending(r->db, r->site.id, hash, &inv)) == PL_EDB) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	if (rc == PL_ENOTFOUND)
		cJSON_AddNullToObject(root, "invitation");
	else {
		o = cJSON_AddObjectToObject(root, "invitation");
		cJSON_AddNumberToObject(o, "id", (double)inv.id);
		cJSON_AddStringToObject(o, "text", inv.text);
		cJSON_AddStringToObject(o, "operator", inv.operator);
	}
	pl_json(r, 200, root);
}

/* POST site invitation [visitor_id]. 200 {declined: true}; 404; 429; 503. */
void
h_invitation_decline(struct pl_req *r)
{
	char			hash[PL_VISITOR_HASH];
	unsigned long long	id = (unsigned long long)PL_V(r, KEY_INVITATION)->i;
	cJSON			*root;
	int			rc;

	if (visitor_of(r, hash) != 0)
		return;
	rc = pl_invite_decline(r->db, r->site.id, hash, id);
	if (rc == PL_ENOTFOUND) {
		pl_error(r, 404, "not_found", "invitation",
		    "no such open invitation for this visitor");
		return;
	}
	if (rc != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_log(r->reqid, PL_LOG_INFO, "site %s: invitation %llu declined",
	    r->site.code_str, id);
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "declined", 1);
	pl_json(r, 200, root);
}
