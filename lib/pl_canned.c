/*
 * pl_canned.c: canned answers, shared and personal (see pl_canned.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_canned.h"

int
pl_canned_list(struct pl_db *db, unsigned long site, long long op,
    int (*fn)(void *, const struct pl_canned *), void *arg)
{
	struct pl_q	 q;
	struct pl_canned c;
	char		 shortcut[PL_CANNED_SHORTCUT_MAX + 1];
	char		*text = NULL;
	long long	 owner = 0;
	int		 rc = 0, stop = 0;

	pl_q_init(&q, db, ST_CANNED_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op > 0 ? op : 0);
	pl_q_out_str(&q, shortcut, sizeof(shortcut), NULL, NULL);
	pl_q_out_dup(&q, &text, NULL, NULL);
	pl_q_out_int(&q, &owner, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while (stop == 0 && (rc = pl_q_fetch(&q)) == 1) {
		c.shortcut = shortcut;
		c.text = text != NULL ? text : "";
		c.owner = owner;
		stop = fn(arg, &c);
		free(text);
		text = NULL;
	}
	free(text);
	pl_q_done(&q);
	if (stop != 0)
		return stop;
	return rc < 0 ? PL_EDB : PL_OK;
}

/* 1..32 of [A-Za-z0-9_-]. */
static int
shortcut_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= PL_CANNED_SHORTCUT_MAX && strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/* What the audit log keeps of a shared answer's change. */
static cJSON *
detail(const char *shortcut, const char *text)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "shortcut", shortcut);
	if (text != NULL)
		cJSON_AddStringToObject(d, "text", text);
	return d;
}

/* After a change that succeeded: the audit entry of a shared one, and commit. */
static int
done(struct pl_db *db, unsigned long site, long long owner,
    const struct pl_editor *who, const char *action, const char *shortcut,
    const char *text)
{
	if (owner == 0)
		return pl_audit_finish(db, site, who, action, detail(shortcut, text), PL_OK);
	return pl_db_commit(db) == PL_OK ? PL_OK : PL_EDB;
}

/* The owner's count of answers and whether it has shortcut: locked for the change. */
static int
count_locked(struct pl_db *db, unsigned long site, long long owner,
    const char *shortcut, long long *n, long long *has)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_CANNED_COUNT);
	pl_q_cstr(&q, shortcut);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, owner);
	pl_q_out_int(&q, n, NULL);
	pl_q_out_int(&q, has, NULL);
	return pl_q_row(&q);
}

int
pl_canned_set(struct pl_db *db, unsigned long site, long long owner,
    const struct pl_editor *who, const char *shortcut, const char *text,
    int *created, const char **bad)
{
	struct pl_q	q;
	long long	n = 0, has = 0;
	int		rc;

	*created = 0;
	*bad = !shortcut_ok(shortcut) ? "shortcut" : strlen(text) == 0 ||
	    strlen(text) > PL_CANNED_TEXT_MAX || !pl_text_valid(text, strlen(text), 1) ?
	    "text" : NULL;
	if (*bad != NULL)
		return PL_EINVAL;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	rc = count_locked(db, site, owner, shortcut, &n, &has);
	if (rc == PL_OK && !has && n >= PL_CANNED_MAX)
		rc = PL_ELIMIT;
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_CANNED_UPSERT);
		pl_q_int(&q, (long long)site);
		pl_q_int(&q, owner);
		pl_q_cstr(&q, shortcut);
		pl_q_cstr(&q, text);
		rc = pl_q_run(&q);
	}
	if (rc != PL_OK) {
		pl_db_rollback(db);
		return rc == PL_ELIMIT ? rc : PL_EDB;
	}
	*created = !has;
	return done(db, site, owner, who, "canned_set", shortcut, text);
}

int
pl_canned_delete(struct pl_db *db, unsigned long site, long long owner,
    const struct pl_editor *who, const char *shortcut)
{
	struct pl_q	q;
	int		rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_CANNED_DELETE);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, owner);
	pl_q_cstr(&q, shortcut);
	if ((rc = pl_q_exec(&q)) == PL_OK && pl_q_affected(&q) == 0)
		rc = PL_ENOTFOUND;
	pl_q_done(&q);
	if (rc != PL_OK) {
		pl_db_rollback(db);
		return rc == PL_ENOTFOUND ? rc : PL_EDB;
	}
	return done(db, site, owner, who, "canned_delete", shortcut, NULL);
}
