/*
 * pl_operator.c: operators, sessions, login throttling, presence and
 * the team list (see pl_operator.h). The database keeps only the
 * SHA-256 of a session token.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_auth.h"
#include "pl_db.h"
#include "pl_operator.h"

/* ---- sessions ------------------------------------------------------------ */

/* The operator's columns shared by ST_SESSION_GET and ST_OP_BY_LOGIN. */
static void
bind_operator(struct pl_q *q, struct pl_session *s, long long *sound)
{
	pl_q_out_str(q, s->login, sizeof(s->login), NULL, NULL);
	pl_q_out_str(q, s->name, sizeof(s->name), NULL, NULL);
	pl_q_out_str(q, s->role, sizeof(s->role), NULL, NULL);
	pl_q_out_int(q, sound, NULL);
	pl_q_out_str(q, s->depts, sizeof(s->depts), NULL, NULL);
}

int
pl_session_load(struct pl_db *db, const char *token, size_t len,
    struct pl_session *s)
{
	struct pl_q	q;
	long long	site = 0, sound = 0, stale = 0, suspended = 0;
	int		rc;

	memset(s, 0, sizeof(*s));
	if (len != PL_TOKEN_HEX - 1)
		return PL_ENOTFOUND;
	pl_sha256_hex(token, len, s->hash);
	pl_q_init(&q, db, ST_SESSION_GET);
	pl_q_cstr(&q, s->hash);
	pl_q_out_int(&q, &site, NULL);
	pl_q_out_int(&q, &s->operator_id, NULL);
	pl_q_out_str(&q, s->csrf, sizeof(s->csrf), NULL, NULL);
	pl_q_out_int(&q, &stale, NULL);
	bind_operator(&q, s, &sound);
	pl_q_out_int(&q, &suspended, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc == PL_ENOTFOUND ? rc : PL_EDB;
	s->site = (unsigned long)site;
	s->sound_repeat = sound != 0;
	s->suspended = suspended != 0;
	/* Kept alive at most once a minute: not a write per request. */
	if (!stale)
		return PL_OK;
	pl_q_init(&q, db, ST_SESSION_TOUCH);
	pl_q_cstr(&q, s->hash);
	(void)pl_q_run(&q);
	return PL_OK;
}

static int
session_create(struct pl_db *db, struct pl_session *s, char token[PL_TOKEN_HEX])
{
	struct pl_q q;

	pl_token_new(token, s->hash);
	pl_random_hex(s->csrf, PL_TOKEN_BYTES);
	pl_q_init(&q, db, ST_SESSION_INSERT);
	pl_q_cstr(&q, s->hash);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_cstr(&q, s->csrf);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

int
pl_session_delete(struct pl_db *db, const struct pl_session *s)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_SESSION_DELETE);
	pl_q_cstr(&q, s->hash);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

/* ---- login ------------------------------------------------------------------ */

/*
 * Count this attempt first, then look: concurrent guesses each see the
 * ones before them, so no more than the limit get a password check.
 * The buckets are per account and address (a stranger cannot lock the
 * owner out from elsewhere) and per address on this site (not shared by
 * all tenants). PL_OK, PL_ELIMIT, PL_EDB.
 */
int
pl_login_allowed(struct pl_db *db, unsigned long site, const char *login,
    const char *addr)
{
	struct pl_q	q;
	long long	by_account = 0, by_addr = 0;

	pl_q_init(&q, db, ST_FAIL_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	pl_q_cstr(&q, addr);
	if (pl_q_run(&q) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_FAIL_COUNTS);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	pl_q_cstr(&q, addr);
	pl_q_int(&q, PL_LOGIN_WINDOW);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, addr);
	pl_q_int(&q, PL_LOGIN_WINDOW);
	pl_q_out_int(&q, &by_account, NULL);
	pl_q_out_int(&q, &by_addr, NULL);
	if (pl_q_row(&q) != PL_OK)
		return PL_EDB;
	return by_account > PL_LOGIN_FAIL_ACCOUNT || by_addr > PL_LOGIN_FAIL_ADDR ?
	    PL_ELIMIT : PL_OK;
}

/* Does the password match the operator's hash? The same work when there is none. */
int
pl_login_verify(const char *hash, int usable, const char *pw)
{
	static char dummy[PL_PWHASH_LEN + 1];

	if (usable)
		return pl_password_verify(hash, pw, strlen(pw));
	if (dummy[0] == '\0')
		pl_password_hash("not a password", 14, dummy);
	(void)pl_password_verify(dummy, pw, strlen(pw));
	return 0;
}

/* A good password: the attempts of this account are forgiven. */
void
pl_login_forgive(struct pl_db *db, unsigned long site, const char *login)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_FAIL_CLEAR);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, login);
	(void)pl_q_run(&q);
}

int
pl_operator_login(struct pl_db *db, unsigned long site, const char *login,
    const char *pw, const char *addr, struct pl_session *s,
    char token[PL_TOKEN_HEX])
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1] = "";
	long long	disabled = 0, sound = 0;
	int		rc = PL_ENOTFOUND, ok;

	memset(s, 0, sizeof(*s));
	if ((rc = pl_login_allowed(db, site, login, addr)) != PL_OK)
		return rc;
	rc = PL_ENOTFOUND;
	if (site != 0) {
		pl_q_init(&q, db, ST_OP_BY_LOGIN);
		pl_q_int(&q, (long long)site);
		pl_q_cstr(&q, login);
		pl_q_out_int(&q, &s->operator_id, NULL);
		pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
		pl_q_out_int(&q, &disabled, NULL);
		bind_operator(&q, s, &sound);
		if ((rc = pl_q_row(&q)) != PL_OK && rc != PL_ENOTFOUND)
			return PL_EDB;
	}
	ok = pl_login_verify(hash, rc == PL_OK && !disabled, pw);
	sodium_memzero(hash, sizeof(hash));
	if (!ok)
		return PL_EDENIED;
	pl_login_forgive(db, site, login);
	s->site = site;
	s->sound_repeat = sound != 0;
	/* A fresh session id at every login. */
	return session_create(db, s, token);
}

static int
password_once(struct pl_db *db, const struct pl_session *s, const char *cur,
    const char *next)
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1] = "";
	int		rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_OP_HASH_LOCK);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		goto fail;
	if (!pl_password_verify(hash, cur, strlen(cur))) {
		rc = PL_EDENIED;
		goto fail;
	}
	if (pl_password_hash(next, strlen(next), hash) != PL_OK) {
		rc = PL_ENOMEM;
		goto fail;
	}
	pl_q_init(&q, db, ST_OP_SET_PASSWORD);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	if ((rc = pl_q_run(&q)) != PL_OK)
		goto fail;
	pl_q_init(&q, db, ST_SESSION_DELETE_OTHERS);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_cstr(&q, s->hash);
	if ((rc = pl_q_run(&q)) != PL_OK)
		goto fail;
	sodium_memzero(hash, sizeof(hash));
	return pl_db_commit(db) == PL_OK ? PL_OK : PL_EDB;
fail:
	sodium_memzero(hash, sizeof(hash));
	pl_db_rollback(db);
	return rc;
}

int
pl_operator_password(struct pl_db *db, const struct pl_session *s,
    const char *cur, const char *next)
{
	int rc = password_once(db, s, cur, next);

	if (rc == PL_ERETRY)
		rc = password_once(db, s, cur, next);
	return rc == PL_OK || rc == PL_EDENIED || rc == PL_ENOMEM ? rc : PL_EDB;
}

int
pl_operator_sound(struct pl_db *db, unsigned long site, long long op, int on)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_OP_SET_SOUND);
	pl_q_int(&q, on != 0);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

/* ---- presence ---------------------------------------------------------------- */

int
pl_presence_set(struct pl_db *db, unsigned long site, long long op,
    const char *status, char dept)
{
	struct pl_q	q;
	char		d[2] = { dept, '\0' };
	int		rc;

	pl_q_init(&q, db, dept != 0 ? ST_PRESENCE_SET : ST_PRESENCE_SET_ALL);
	pl_q_cstr(&q, status);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	if (dept != 0)
		pl_q_cstr(&q, d);
	rc = pl_q_exec(&q);
	if (rc == PL_OK && dept != 0 && pl_q_affected(&q) == 0)
		rc = PL_EINVAL;
	pl_q_done(&q);
	return rc == PL_OK || rc == PL_EINVAL ? rc : PL_EDB;
}

int
pl_presence_list(struct pl_db *db, unsigned long site, long long op,
    long long fresh_s, struct pl_presence *p, size_t max, size_t *n)
{
	struct pl_q	q;
	char		dept[2], status[16];
	long long	fresh;
	int		rc;

	*n = 0;
	pl_q_init(&q, db, ST_PRESENCE_LIST);
	pl_q_int(&q, fresh_s);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	pl_q_out_str(&q, dept, sizeof(dept), NULL, NULL);
	pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
	pl_q_out_int(&q, &fresh, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1 && *n < max) {
		p[*n].dept = dept[0];
		/* A stale "online" is what visitors see: offline. */
		snprintf(p[*n].status, sizeof(p[*n].status), "%s",
		    strcmp(status, "offline") != 0 && !fresh ? "offline" : status);
		(*n)++;
	}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_presence_touch(struct pl_db *db, unsigned long site, long long op)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_PRESENCE_TOUCH);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}

int
pl_console_cursor(struct pl_db *db, unsigned long site, long long op,
    long long *cursor)
{
	struct pl_q q;

	*cursor = 0;
	pl_q_init(&q, db, ST_OP_CURSOR);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	pl_q_out_int(&q, cursor, NULL);
	return pl_q_row(&q) == PL_OK ? PL_OK : PL_EDB;
}

/* ---- the team ------------------------------------------------------------------ */

int
pl_team_list(struct pl_db *db, unsigned long site, long long fresh_s,
    int (*fn)(void *, const struct pl_team_member *), void *arg)
{
	struct pl_q		q;
	struct pl_team_member	m;
	char			login[65], name[PL_UTF8_BYTES(128)];
	char			depts[PL_DEPTS_MAX + 1], status[16];
	int			rc = 0, stop = 0;

	memset(&m, 0, sizeof(m));
	pl_q_init(&q, db, ST_TEAM_LIST);
	pl_q_int(&q, fresh_s);
	pl_q_int(&q, fresh_s);
	pl_q_int(&q, (long long)site);
	pl_q_out_int(&q, &m.id, NULL);
	pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_str(&q, depts, sizeof(depts), NULL, NULL);
	pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
	pl_q_out_int(&q, &m.chats, NULL);
	pl_q_out_int(&q, &m.max_chats, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	m.login = login;
	m.name = name;
	m.depts = depts;
	m.status = status;
	while (stop == 0 && (rc = pl_q_fetch(&q)) == 1)
		stop = fn(arg, &m);
	pl_q_done(&q);
	if (stop != 0)
		return stop;
	return rc < 0 ? PL_EDB : PL_OK;
}
