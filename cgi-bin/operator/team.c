/*
 * team.c: the site's operators as the console's transfer dialog lists
 * them (see docs/API.md, "/operator", GET /team).
 */
#include "config.h"

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_operator.h"
#include "pl_resp.h"

struct team {
	cJSON		*list;
	long long	 me;
};

static int
add_member(void *arg, const struct pl_team_member *m)
{
	struct team	*t = arg;
	cJSON		*o = cJSON_CreateObject(), *d;
	char		 dept[2] = { 0, 0 };
	size_t		 i;

	cJSON_AddStringToObject(o, "login", m->login);
	cJSON_AddStringToObject(o, "name", m->name);
	cJSON_AddStringToObject(o, "status", m->status);
	d = cJSON_AddArrayToObject(o, "departments");
	for (i = 0; m->depts[i] != '\0'; i++) {
		dept[0] = m->depts[i];
		cJSON_AddItemToArray(d, cJSON_CreateString(dept));
	}
	cJSON_AddNumberToObject(o, "chats", (double)m->chats);
	cJSON_AddNumberToObject(o, "max_chats", (double)m->max_chats);
	cJSON_AddBoolToObject(o, "self", m->id == t->me);
	cJSON_AddItemToArray(t->list, o);
	return 0;
}

/*
 * GET. The site's enabled operators, by name: 200 {team: [{login, name,
 * status, departments, chats, max_chats, self}]}; 401; 503.
 */
void
h_team(struct pl_req *r)
{
	struct pl_session	 s;
	struct team		 t;
	cJSON			*root;

	if (pl_session_auth(r, &s) != 0)
		return;
	root = cJSON_CreateObject();
	t.list = cJSON_AddArrayToObject(root, "team");
	t.me = s.operator_id;
	if (pl_team_list(r->db, s.site, r->conf->presence_timeout, add_member, &t) != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}
