/*
 * canned.c: the site's shared canned answers in the admin area (see
 * docs/API.md, "/admin"). Site admins only; every change is one
 * transaction with its audit entry (pl_canned.c). Operators' personal
 * answers are theirs alone and not shown here.
 *
 *   GET  /canned
 *   POST /canned-set, /canned-delete
 */
#include "config.h"

#include <cjson/cJSON.h>

#include "admin.h"
#include "pl_answer.h"
#include "pl_canned.h"
#include "pl_resp.h"

#define REQ	PL_P_REQUIRED

const struct pl_param admin_canned_none[CK__MAX];
const struct pl_param admin_canned_set_params[CK__MAX] = {
	[CK_SHORTCUT] = { "shortcut", PL_T_TOKEN, 1, PL_CANNED_SHORTCUT_MAX, REQ, NULL },
	[CK_TEXT] = { "text", PL_T_TEXT, 1, PL_CANNED_TEXT_MAX, REQ, NULL },
};
const struct pl_param admin_canned_del_params[CK__MAX] = {
	[CK_SHORTCUT] = { "shortcut", PL_T_TOKEN, 1, PL_CANNED_SHORTCUT_MAX, REQ, NULL },
};

/* GET. 200 {canned: [{shortcut, text, scope: "shared"}]} by shortcut; 401; 403. */
void
h_admin_canned(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	cJSON			*root;

	if (admin_auth(r, &s, &who) != 0)
		return;
	root = cJSON_CreateObject();
	if (pl_canned_list(r->db, s.site, 0, pl_answer_add_canned,
	    cJSON_AddArrayToObject(root, "canned")) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* POST shortcut, text. 200 {ok, created}; 400; 401; 403; 409 too_many_canned. */
void
h_admin_canned_set(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	const char		*bad = NULL;
	cJSON			*root;
	int			 rc, created = 0;

	if (admin_auth(r, &s, &who) != 0)
		return;
	rc = pl_canned_set(r->db, s.site, 0, &who, PL_V(r, CK_SHORTCUT)->s,
	    PL_V(r, CK_TEXT)->s, &created, &bad);
	if (rc != PL_OK) {
		pl_answer_canned_rc(r, rc, bad);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddBoolToObject(root, "created", created);
	pl_json(r, 200, root);
}

/* POST shortcut. 200 {ok}; 401; 403; 404. */
void
h_admin_canned_delete(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	cJSON			*root;
	int			 rc;

	if (admin_auth(r, &s, &who) != 0)
		return;
	if ((rc = pl_canned_delete(r->db, s.site, 0, &who,
	    PL_V(r, CK_SHORTCUT)->s)) != PL_OK) {
		pl_answer_canned_rc(r, rc, NULL);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	pl_json(r, 200, root);
}
