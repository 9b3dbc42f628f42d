/*
 * pl_visitors.c: live visitors and invitations (see pl_visitors.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pl_db.h"
#include "pl_visitors.h"

int
pl_visitor_hash(struct pl_db *db, unsigned long site, const char *id,
    const char *addr, const char *agent, char out[PL_VISITOR_HASH])
{
	struct pl_q	q;
	int		isnull = 1, rc;

	out[0] = '\0';
	pl_q_init(&q, db, ST_TRACK_HASH);
	pl_q_cstr(&q, id);
	pl_q_cstr(&q, id);
	pl_q_cstr(&q, addr);
	pl_q_cstr(&q, agent);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, out, PL_VISITOR_HASH, NULL, &isnull);
	if ((rc = pl_q_row(&q)) == PL_OK && (isnull || out[0] == '\0'))
		rc = PL_ENOTFOUND;
	return rc;
}

/* The result columns of ST_LIVE_VISITORS, in order. */
static void
live_out(struct pl_q *q, struct pl_live_visitor *v, long long *ret)
{
	pl_q_out_str(q, v->visitor, sizeof(v->visitor), NULL, NULL);
	pl_q_out_str(q, v->page, sizeof(v->page), NULL, NULL);
	pl_q_out_str(q, v->title, sizeof(v->title), NULL, NULL);
	pl_q_out_dup(q, &v->data, NULL, NULL);
	pl_q_out_str(q, v->dept, sizeof(v->dept), NULL, NULL);
	pl_q_out_str(q, v->lang, sizeof(v->lang), NULL, NULL);
	pl_q_out_str(q, v->host, sizeof(v->host), NULL, NULL);
	pl_q_out_str(q, v->since, sizeof(v->since), NULL, NULL);
	pl_q_out_str(q, v->last, sizeof(v->last), NULL, NULL);
	pl_q_out_int(q, &v->seconds, NULL);
	pl_q_out_int(q, &v->pages, NULL);
	pl_q_out_str(q, v->referrer, sizeof(v->referrer), NULL, NULL);
	pl_q_out_int(q, &ret[0], NULL);
	pl_q_out_int(q, &ret[1], NULL);
	pl_q_out_str(q, v->invitation, sizeof(v->invitation), NULL, NULL);
}

int
pl_visitors_live(struct pl_db *db, unsigned long site, const char *depts,
    unsigned minutes, pl_live_fn fn, void *arg)
{
	struct pl_q		q;
	struct pl_live_visitor	v;
	long long		ret[2] = { 0, 0 };
	int			i, rc, stop = 0;

	memset(&v, 0, sizeof(v));
	pl_q_init(&q, db, ST_LIVE_VISITORS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, minutes > 0 ? (long long)minutes : 5);
	for (i = 0; i < 3; i++)
		pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, depts);
	live_out(&q, &v, ret);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1) {
		v.returning = ret[0] != 0;
		v.chat = ret[1] > 0 ? (unsigned long long)ret[1] : 0;
		if (!stop && fn(arg, &v) != 0)
			stop = 1;
		free(v.data);
		v.data = NULL;
	}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

/* Whether the visitor may be invited now, in the caller's transaction. */
static int
invitable(struct pl_db *db, unsigned long site, const char *visitor,
    unsigned minutes)
{
	struct pl_q	q;
	long long	live = 0, chats = 0, declined = 0, open = 0;
	int		rc;

	pl_q_init(&q, db, ST_INVITE_CHECK);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, visitor);
	pl_q_int(&q, minutes > 0 ? (long long)minutes : 5);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, visitor);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, visitor);
	pl_q_out_int(&q, &live, NULL);
	pl_q_out_int(&q, &chats, NULL);
	pl_q_out_int(&q, &declined, NULL);
	pl_q_out_int(&q, &open, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	if (!live)
		return PL_ENOTFOUND;
	if (declined > 0)
		return PL_EDENIED;
	return chats > 0 || open > 0 ? PL_ESTATE : PL_OK;
}

int
pl_invite(struct pl_db *db, unsigned long site, long long operator_id,
    const char *visitor, unsigned minutes, const char *text,
    unsigned long long *id)
{
	struct pl_q	q;
	int		rc;

	*id = 0;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = invitable(db, site, visitor, minutes)) != PL_OK)
		goto fail;
	pl_q_init(&q, db, ST_INVITE_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, visitor);
	pl_q_int(&q, operator_id);
	pl_q_cstr(&q, text);
	if ((rc = pl_q_exec(&q)) == PL_OK)
		*id = pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		goto fail;
	return pl_db_commit(db) == PL_OK ? PL_OK : PL_EDB;
fail:
	pl_db_rollback(db);
	return rc == PL_ENOTFOUND || rc == PL_ESTATE || rc == PL_EDENIED ? rc : PL_EDB;
}

int
pl_invite_pending(struct pl_db *db, unsigned long site, const char *visitor,
    struct pl_invitation *inv)
{
	struct pl_q	q;
	long long	id = 0;

	memset(inv, 0, sizeof(*inv));
	pl_q_init(&q, db, ST_INVITE_PENDING);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, visitor);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_str(&q, inv->text, sizeof(inv->text), NULL, NULL);
	pl_q_out_str(&q, inv->operator, sizeof(inv->operator), NULL, NULL);
	inv->id = 0;
	switch (pl_q_row(&q)) {
	case PL_OK:
		inv->id = (unsigned long long)id;
		return PL_OK;
	case PL_ENOTFOUND:
		return PL_ENOTFOUND;
	default:
		return PL_EDB;
	}
}

int
pl_invite_decline(struct pl_db *db, unsigned long site, const char *visitor,
    unsigned long long id)
{
	struct pl_q		q;
	unsigned long long	n;
	int			rc;

	pl_q_init(&q, db, ST_INVITE_DECLINE);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_cstr(&q, visitor);
	rc = pl_q_exec(&q);
	n = pl_q_affected(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		return PL_EDB;
	return n > 0 ? PL_OK : PL_ENOTFOUND;
}
