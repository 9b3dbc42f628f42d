/*
 * pl_operator.h: operators, their sessions, login throttling, presence,
 * settings and the team list. Domain layer: plain values in,
 * plain structs and PL_* codes out. Cookies and CSRF headers are the
 * HTTP side's (pl_session.h).
 */
#ifndef PL_OPERATOR_H
#define PL_OPERATOR_H

#include <stddef.h>
#include "pl_site.h"
#include "pl_util.h"

struct pl_db;

/* A logged-in operator, as its session shows it. */
struct pl_session {
	unsigned long	site;
	long long	operator_id;
	char		csrf[PL_TOKEN_HEX];
	char		login[65];
	char		name[PL_UTF8_BYTES(128)];
	char		role[16];		/* operator, admin */
	int		sound_repeat;
	char		depts[PL_DEPTS_MAX + 1];	/* its departments, one char each */
	char		hash[PL_HASH_HEX];	/* SHA-256 of the session token */
	int		suspended;		/* its site is suspended */
	int		hosting;		/* a hosting admin's (pl_hosting.h): no site */
};

/* The session of a token (touched): PL_OK, PL_ENOTFOUND (none or expired), PL_EDB. */
int	pl_session_load(struct pl_db *, const char *token, size_t len,
	    struct pl_session *);
/* End this session / every other session of its operator. PL_OK or PL_EDB. */
int	pl_session_delete(struct pl_db *, const struct pl_session *);

/*
 * Login attempts in a window, counted per account and anonymised
 * address, and per address on the site; a good password forgives the
 * account's.
 */
#define PL_LOGIN_WINDOW		900	/* seconds; also the Retry-After */
#define PL_LOGIN_FAIL_ACCOUNT	5	/* per account and address */
#define PL_LOGIN_FAIL_ADDR	20	/* per address on a site */

/*
 * The steps every login shares (operators' here, hosting admins' in
 * pl_hosting.c, which count under site 0). pl_login_allowed counts the
 * attempt, then says whether it may go on: PL_OK, PL_ELIMIT, PL_EDB.
 * pl_login_verify: 1 when pw matches hash; with usable 0 (no such
 * account) the same argon2id work, and 0. pl_login_forgive: a good
 * password clears the account's failures.
 */
int	pl_login_allowed(struct pl_db *, unsigned long site, const char *login,
	    const char *addr);
int	pl_login_verify(const char *hash, int usable, const char *pw);
void	pl_login_forgive(struct pl_db *, unsigned long site, const char *login);

/*
 * Log in with login and password on site (0: an unknown site, counted
 * against the address only). The same argon2id work whether or not the
 * account exists. On PL_OK a new session is stored: s is filled and
 * token is its secret for the cookie. PL_ELIMIT (too many failures),
 * PL_EDENIED (wrong login or password, alike), PL_EDB.
 */
int	pl_operator_login(struct pl_db *, unsigned long site, const char *login,
	    const char *password, const char *addr, struct pl_session *s,
	    char token[PL_TOKEN_HEX]);

/*
 * Change the password (one transaction, which also ends the operator's
 * other sessions). PL_OK, PL_EDENIED (current password wrong), PL_EDB,
 * PL_ENOMEM (hashing failed).
 */
int	pl_operator_password(struct pl_db *, const struct pl_session *,
	    const char *current, const char *next);

int	pl_operator_sound(struct pl_db *, unsigned long site, long long op, int on);

/* The operator's state in one department; a stale "online" reads offline. */
struct pl_presence {
	char	dept;
	char	status[16];	/* online, away, offline */
};

/* Set status in department dept (0: all of the operator's). PL_OK, PL_EINVAL (not its department), PL_EDB. */
int	pl_presence_set(struct pl_db *, unsigned long site, long long op,
	    const char *status, char dept);
/* At most max rows; fresh_s: how old a heartbeat may be. PL_OK or PL_EDB. */
int	pl_presence_list(struct pl_db *, unsigned long site, long long op,
	    long long fresh_s, struct pl_presence *, size_t max, size_t *n);
/* The console's heartbeat (written at most every few seconds). PL_OK or PL_EDB. */
int	pl_presence_touch(struct pl_db *, unsigned long site, long long op);
/* The newest change that concerns the operator's console (its chats or the queue). */
int	pl_console_cursor(struct pl_db *, unsigned long site, long long op,
	    long long *cursor);

/* An enabled operator of the site, as the console's team list shows it. */
struct pl_team_member {
	long long	 id;
	const char	*login;
	const char	*name;
	const char	*depts;		/* one character each */
	const char	*status;	/* online, away, offline (as availability counts) */
	long long	 chats;		/* active chats now */
	long long	 max_chats;	/* 0: no limit */
};
/* By name; fresh_s: how old a heartbeat may be. fn non-zero stops. PL_OK or PL_EDB. */
int	pl_team_list(struct pl_db *, unsigned long site, long long fresh_s,
	    int (*fn)(void *, const struct pl_team_member *), void *);

#endif
