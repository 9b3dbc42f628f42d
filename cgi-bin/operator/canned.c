/*
 * canned.c: the console's canned answers (see docs/API.md, "/operator").
 * Every operator reads the site's shared answers and its own personal
 * ones, and edits its personal ones; only admins edit the shared ones
 * (which the admin area edits too, cgi-bin/admin/canned.c).
 *
 *   GET  /canned
 *   POST /canned-set, /canned-delete
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_answer.h"
#include "pl_canned.h"
#include "pl_resp.h"

/* Which the request is about: 0 for shared, else the operator's id. */
static long long
owner(struct pl_req *r, const struct pl_session *s)
{
	const struct pl_value *scope = PL_V(r, KEY_SCOPE);

	return scope->present && scope->i == 1 ? 0 : s->operator_id;
}

/* The shared answers and the operator's own: 200, or 503. */
static void
answer_list(struct pl_req *r, const struct pl_session *s, int ok, int created)
{
	cJSON *root = cJSON_CreateObject();

	if (ok) {
		cJSON_AddBoolToObject(root, "ok", 1);
		cJSON_AddBoolToObject(root, "created", created);
	}
	cJSON_AddBoolToObject(root, "can_edit_shared", strcmp(s->role, "admin") == 0);
	if (pl_canned_list(r->db, s->site, s->operator_id, pl_answer_add_canned,
	    cJSON_AddArrayToObject(root, "canned")) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* The session, if it may change answers of this scope: 0, or -1 answered (401, 403). */
static int
canned_auth(struct pl_req *r, struct pl_session *s, struct pl_editor *who)
{
	if (pl_session_auth(r, s) != 0)
		return -1;
	if (owner(r, s) == 0 && strcmp(s->role, "admin") != 0) {
		pl_error(r, 403, "forbidden", "scope",
		    "only admins edit the shared canned answers");
		return -1;
	}
	who->operator_id = s->operator_id;
	who->login = s->login;
	return 0;
}

/* GET. 200 {canned: [{shortcut, text, scope}], can_edit_shared}; 401. */
void
h_canned(struct pl_req *r)
{
	struct pl_session s;

	if (pl_session_auth(r, &s) == 0)
		answer_list(r, &s, 0, 0);
}

/*
 * POST shortcut, text, scope (personal, the default, or shared: admins).
 * 200 {ok, created, canned, can_edit_shared}; 400; 401; 403; 409
 * too_many_canned.
 */
void
h_canned_set(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	const char		*bad = NULL;
	int			 rc, created = 0;

	if (canned_auth(r, &s, &who) != 0)
		return;
	rc = pl_canned_set(r->db, s.site, owner(r, &s), &who, PL_V(r, KEY_SHORTCUT)->s,
	    PL_V(r, KEY_TEXT)->s, &created, &bad);
	if (rc != PL_OK)
		pl_answer_canned_rc(r, rc, bad);
	else
		answer_list(r, &s, 1, created);
}

/* POST shortcut, scope. 200 {ok, canned, ...}; 401; 403; 404. */
void
h_canned_delete(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_editor	who;
	int			rc;

	if (canned_auth(r, &s, &who) != 0)
		return;
	rc = pl_canned_delete(r->db, s.site, owner(r, &s), &who, PL_V(r, KEY_SHORTCUT)->s);
	if (rc != PL_OK)
		pl_answer_canned_rc(r, rc, NULL);
	else
		answer_list(r, &s, 1, 0);
}
