/*
 * pl_hosting.c: the hosting level (see pl_hosting.h). The statements here
 * are the only ones not scoped by one site: the hosting admin's work is
 * the list of sites itself. Whatever concerns one site (its state, its
 * admins, the audit entry) is scoped by that site's id.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "pl_auth.h"
#include "pl_db.h"
#include "pl_hosting.h"

/* ---- logins and sessions ------------------------------------------------------ */

int
pl_hosting_login(struct pl_db *db, const char *login, const char *pw,
    const char *addr, struct pl_session *s, char token[PL_TOKEN_HEX])
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1] = "";
	long long	disabled = 0;
	int		rc, ok;

	memset(s, 0, sizeof(*s));
	if ((rc = pl_login_allowed(db, PL_HOSTING_SITE, login, addr)) != PL_OK)
		return rc;
	pl_q_init(&q, db, ST_HOST_ADMIN_BY_LOGIN);
	pl_q_cstr(&q, login);
	pl_q_out_int(&q, &s->operator_id, NULL);
	pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK && rc != PL_ENOTFOUND)
		return PL_EDB;
	ok = pl_login_verify(hash, rc == PL_OK && !disabled, pw);
	sodium_memzero(hash, sizeof(hash));
	if (!ok)
		return PL_EDENIED;
	pl_login_forgive(db, PL_HOSTING_SITE, login);
	s->hosting = 1;
	snprintf(s->login, sizeof(s->login), "%s", login);
	snprintf(s->role, sizeof(s->role), "hosting");
	/* Few admins, rare logins: the expired sessions go here. */
	pl_q_init(&q, db, ST_HOST_SESSIONS_PURGE);
	(void)pl_q_run(&q);
	pl_token_new(token, s->hash);
	pl_random_hex(s->csrf, PL_TOKEN_BYTES);
	pl_q_init(&q, db, ST_HOST_SESSION_INSERT);
	pl_q_cstr(&q, s->hash);
	pl_q_int(&q, s->operator_id);
	pl_q_cstr(&q, s->csrf);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

int
pl_hosting_session_load(struct pl_db *db, const char *token, size_t len,
    struct pl_session *s)
{
	struct pl_q	q;
	long long	stale = 0;
	int		rc;

	memset(s, 0, sizeof(*s));
	if (len != PL_TOKEN_HEX - 1)
		return PL_ENOTFOUND;
	pl_sha256_hex(token, len, s->hash);
	pl_q_init(&q, db, ST_HOST_SESSION_GET);
	pl_q_cstr(&q, s->hash);
	pl_q_out_int(&q, &s->operator_id, NULL);
	pl_q_out_str(&q, s->csrf, sizeof(s->csrf), NULL, NULL);
	pl_q_out_int(&q, &stale, NULL);
	pl_q_out_str(&q, s->login, sizeof(s->login), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc == PL_ENOTFOUND ? rc : PL_EDB;
	s->hosting = 1;
	snprintf(s->role, sizeof(s->role), "hosting");
	if (!stale)
		return PL_OK;
	pl_q_init(&q, db, ST_HOST_SESSION_TOUCH);
	pl_q_cstr(&q, s->hash);
	(void)pl_q_run(&q);
	return PL_OK;
}

int
pl_hosting_session_delete(struct pl_db *db, const struct pl_session *s)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_HOST_SESSION_DELETE);
	pl_q_cstr(&q, s->hash);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

/* ---- hosting admins -------------------------------------------------------------- */

/* A login as the admin area takes them: [A-Za-z0-9_-]{1,64}. */
static int
login_ok(const char *login)
{
	size_t n = strlen(login);

	return n >= 1 && n <= 64 && strspn(login, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

static int
password_ok(const char *pw)
{
	size_t n = pw != NULL ? strlen(pw) : 0;

	return n >= 8 && n <= PL_PASSWORD_MAX;
}

/* Hash pw into hash: PL_OK, or PL_EINVAL when it is not a password. */
static int
hash_password(const char *pw, char hash[PL_PWHASH_LEN + 1])
{
	if (!password_ok(pw))
		return PL_EINVAL;
	return pl_password_hash(pw, strlen(pw), hash) == PL_OK ? PL_OK : PL_ENOMEM;
}

int
pl_hosting_admin_add(struct pl_db *db, const char *login, const char *pw)
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1];
	int		rc;

	if (!login_ok(login) || (rc = hash_password(pw, hash)) == PL_EINVAL)
		return PL_EINVAL;
	if (rc != PL_OK)
		return rc;
	pl_q_init(&q, db, ST_HOST_ADMIN_INSERT);
	pl_q_cstr(&q, login);
	pl_q_cstr(&q, hash);
	rc = pl_q_run(&q);
	sodium_memzero(hash, sizeof(hash));
	return rc == PL_OK || rc == PL_EDUP ? rc : PL_EDB;
}

int
pl_hosting_admin_passwd(struct pl_db *db, const char *login, const char *pw)
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1];
	int		rc;

	if (!login_ok(login) || (rc = hash_password(pw, hash)) == PL_EINVAL)
		return PL_EINVAL;
	if (rc != PL_OK || pl_db_begin(db) != PL_OK)
		return rc != PL_OK ? rc : PL_EDB;
	pl_q_init(&q, db, ST_HOST_ADMIN_PASSWORD);
	pl_q_cstr(&q, hash);
	pl_q_cstr(&q, login);
	if ((rc = pl_q_exec(&q)) == PL_OK && pl_q_affected(&q) == 0)
		rc = PL_ENOTFOUND;
	pl_q_done(&q);
	sodium_memzero(hash, sizeof(hash));
	if (rc == PL_OK) {
		pl_q_init(&q, db, ST_HOST_SESSIONS_END);
		pl_q_cstr(&q, login);
		rc = pl_q_run(&q);
	}
	if (rc == PL_OK && pl_db_commit(db) != PL_OK)
		rc = PL_EDB;
	if (rc != PL_OK && pl_db_in_tx(db))
		pl_db_rollback(db);
	return rc == PL_OK || rc == PL_ENOTFOUND ? rc : PL_EDB;
}

int
pl_hosting_admins(struct pl_db *db, int (*cb)(void *, const char *, int), void *arg)
{
	struct pl_q	q;
	char		login[65];
	long long	disabled;
	int		rc, stop = 0;

	pl_q_init(&q, db, ST_HOST_ADMIN_LIST);
	pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1)
		stop = cb(arg, login, disabled != 0);
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* ---- sites ---------------------------------------------------------------------- */

int
pl_hosting_sites(struct pl_db *db, int (*cb)(void *, const struct pl_hosted_site *),
    void *arg)
{
	struct pl_q		q;
	struct pl_hosted_site	h;
	long long		customer, instance, suspended;
	char			name[PL_UTF8_BYTES(128)], at[32], created[32], admins[1100];
	int			rc, stop = 0;

	pl_q_init(&q, db, ST_HOST_SITES);
	pl_q_out_int(&q, &customer, NULL);
	pl_q_out_int(&q, &instance, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_int(&q, &suspended, NULL);
	pl_q_out_str(&q, at, sizeof(at), NULL, NULL);
	pl_q_out_str(&q, created, sizeof(created), NULL, NULL);
	pl_q_out_str(&q, admins, sizeof(admins), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while (!stop && (rc = pl_q_fetch(&q)) == 1) {
		snprintf(h.code, sizeof(h.code), "%lld-%lld", customer, instance);
		h.name = name;
		h.suspended = suspended != 0;
		h.suspended_at = at;
		h.created = created;
		h.admins = admins;
		stop = cb(arg, &h);
	}
	pl_q_done(&q);
	return stop || rc == 0 ? PL_OK : PL_EDB;
}

/* The site's id by its code, inside the transaction. */
static int
site_id(struct pl_db *db, const struct pl_site_id *code, unsigned long *id)
{
	struct pl_site	site;
	int		rc = pl_site_lookup(db, code, &site);

	*id = site.id;
	return rc == PL_OK || rc == PL_ENOTFOUND ? rc : PL_EDB;
}

static int
admin_insert(struct pl_db *db, unsigned long site, const char *login,
    const char *hash, long long *id)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_OP_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	pl_q_cstr(&q, "");
	pl_q_cstr(&q, "");
	pl_q_cstr(&q, hash);
	pl_q_cstr(&q, "admin");
	if ((rc = pl_q_exec(&q)) == PL_OK)
		*id = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	return rc;
}

/* The checks of a new site's values; NULL when fine, else the member at fault. */
static const char *
create_bad(const char *name, const char *login, const char *pw)
{
	if (!pl_text_valid(name, strlen(name), 0) || pl_utf8_chars(name, strlen(name)) > 128)
		return "name";
	if (login == NULL)
		return pw != NULL ? "admin_login" : NULL;
	if (!login_ok(login))
		return "admin_login";
	return password_ok(pw) ? NULL : "admin_password";
}

int
pl_hosting_site_create(struct pl_db *db, const struct pl_editor *who,
    const struct pl_site_id *code, const char *name, const char *login,
    const char *pw, const char **bad)
{
	struct pl_q	 q;
	char		 hash[PL_PWHASH_LEN + 1] = "", str[24];
	unsigned long	 id = 0;
	long long	 op = 0;
	int		 rc = PL_OK;
	cJSON		*d;

	if ((*bad = create_bad(name, login, pw)) != NULL)
		return PL_EINVAL;
	if (login != NULL && (rc = hash_password(pw, hash)) != PL_OK)
		return rc;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_SITE_INSERT);
	pl_q_int(&q, (long long)code->customer);
	pl_q_int(&q, (long long)code->instance);
	pl_q_cstr(&q, name);
	if ((rc = pl_q_exec(&q)) == PL_OK)
		id = (unsigned long)pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc == PL_OK && login != NULL)
		rc = admin_insert(db, id, login, hash, &op);
	sodium_memzero(hash, sizeof(hash));
	snprintf(str, sizeof(str), "%lu-%lu", code->customer, code->instance);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "site", str);
	cJSON_AddStringToObject(d, "name", name);
	if (login != NULL)
		cJSON_AddStringToObject(d, "admin", login);
	else
		cJSON_AddNullToObject(d, "admin");
	cJSON_AddStringToObject(d, "by", "hosting");
	return pl_audit_finish(db, id, who, "site_create", d, rc);
}

int
pl_hosting_site_suspend(struct pl_db *db, const struct pl_editor *who,
    const struct pl_site_id *code, int suspend, int *changed)
{
	struct pl_q	 q;
	unsigned long	 id = 0;
	int		 rc;
	cJSON		*d;

	*changed = 0;
	suspend = suspend != 0;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	if ((rc = site_id(db, code, &id)) == PL_OK) {
		pl_q_init(&q, db, ST_HOST_SITE_STATE);
		pl_q_int(&q, suspend);
		pl_q_int(&q, suspend);
		pl_q_int(&q, (long long)id);
		pl_q_int(&q, suspend);
		if ((rc = pl_q_exec(&q)) == PL_OK)
			*changed = pl_q_affected(&q) > 0;
		pl_q_done(&q);
	}
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "changed", *changed);
	cJSON_AddStringToObject(d, "by", "hosting");
	return pl_audit_finish(db, id, who, suspend ? "site_suspend" : "site_resume", d, rc);
}

/* The operator's id on the site, or 0 when it has no such login. */
static int
operator_find(struct pl_db *db, unsigned long site, const char *login, long long *id)
{
	struct pl_q	q;
	char		name[PL_UTF8_BYTES(128)];
	long long	disabled;
	int		rc;

	*id = 0;
	pl_q_init(&q, db, ST_OP_FIND);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	pl_q_out_int(&q, id, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	rc = pl_q_row(&q);
	return rc == PL_ENOTFOUND ? PL_OK : rc;
}

/* Its password, the admin role, enabled; its sessions end. */
static int
admin_reset(struct pl_db *db, unsigned long site, long long id, const char *hash)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_HOST_OP_RESET);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	if ((rc = pl_q_run(&q)) != PL_OK)
		return rc;
	pl_q_init(&q, db, ST_SESSION_DELETE_OTHERS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, id);
	pl_q_cstr(&q, "");
	return pl_q_run(&q);
}

int
pl_hosting_admin_reset(struct pl_db *db, const struct pl_editor *who,
    const struct pl_site_id *code, const char *login, const char *pw,
    int *created, const char **bad)
{
	char		 hash[PL_PWHASH_LEN + 1] = "";
	unsigned long	 site = 0;
	long long	 id = 0;
	int		 rc;
	cJSON		*d;

	*created = 0;
	*bad = !login_ok(login) ? "login" : !password_ok(pw) ? "password" : NULL;
	if (*bad != NULL)
		return PL_EINVAL;
	if ((rc = hash_password(pw, hash)) != PL_OK)
		return rc;
	if (pl_db_begin(db) != PL_OK) {
		sodium_memzero(hash, sizeof(hash));
		return PL_EDB;
	}
	if ((rc = site_id(db, code, &site)) == PL_OK &&
	    (rc = operator_find(db, site, login, &id)) == PL_OK) {
		*created = id == 0;
		rc = id == 0 ? admin_insert(db, site, login, hash, &id) :
		    admin_reset(db, site, id, hash);
	}
	sodium_memzero(hash, sizeof(hash));
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "login", login);
	cJSON_AddBoolToObject(d, "created", *created);
	cJSON_AddBoolToObject(d, "password_changed", 1);
	cJSON_AddStringToObject(d, "by", "hosting");
	return pl_audit_finish(db, site, who, "site_admin_reset", d, rc);
}
