/*
 * pl_hosting.h: the hosting level above the sites. A hosting admin has no
 * site of its own: it logs in (with the operators' throttle and argon2id
 * check, pl_operator.h), lists the sites, creates them, suspends and
 * resumes them and resets their admins. Every change is one transaction
 * together with its audit entry, kept on the site it concerns
 * (pl_config.h), so the site's admins read it too. Domain layer: plain
 * values in, PL_* codes out; the cookie is the HTTP side's (pl_session.h).
 */
#ifndef PL_HOSTING_H
#define PL_HOSTING_H

#include <stddef.h>

#include "pl_config.h"
#include "pl_operator.h"
#include "pl_site.h"

/* Hosting logins are throttled in the buckets of this site id (none has it). */
#define PL_HOSTING_SITE	0UL

/*
 * Log in a hosting admin: the same throttle and the same argon2id work
 * whether or not the account exists. On PL_OK a new session is stored: s
 * (hosting set, site 0, operator_id the admin's id, role "hosting") is
 * filled and token is its secret for the cookie. PL_ELIMIT, PL_EDENIED
 * (wrong login or password, alike), PL_EDB.
 */
int	pl_hosting_login(struct pl_db *, const char *login, const char *password,
	    const char *addr, struct pl_session *s, char token[PL_TOKEN_HEX]);
/* The hosting session of a token (touched): PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_hosting_session_load(struct pl_db *, const char *token, size_t len,
	    struct pl_session *);
/* End this hosting session. PL_OK or PL_EDB. */
int	pl_hosting_session_delete(struct pl_db *, const struct pl_session *);

/*
 * Hosting admins (plauder-admin). add: PL_OK, PL_EDUP (the login exists),
 * PL_EINVAL (login not [A-Za-z0-9_-]{1,64}, password not 8..1024 bytes),
 * PL_EDB. passwd sets a new password, enables the account and ends its
 * sessions: PL_OK, PL_ENOTFOUND, PL_EINVAL, PL_EDB.
 */
int	pl_hosting_admin_add(struct pl_db *, const char *login, const char *password);
int	pl_hosting_admin_passwd(struct pl_db *, const char *login, const char *password);
int	pl_hosting_admins(struct pl_db *,
	    int (*cb)(void *, const char *login, int disabled), void *);

/* A site as the hosting admin sees it. */
struct pl_hosted_site {
	char		 code[24];	/* N-M */
	const char	*name;
	int		 suspended;
	const char	*suspended_at;	/* ISO 8601, "" when not suspended */
	const char	*created;	/* ISO 8601 */
	const char	*admins;	/* its enabled admins' logins, space-separated */
};
/* Every site, by code. cb returning non-zero stops. PL_OK or PL_EDB. */
int	pl_hosting_sites(struct pl_db *,
	    int (*cb)(void *, const struct pl_hosted_site *), void *);

/*
 * Create the site N-M named name ("" for none, at most 128 characters),
 * with its first admin when admin_login is given (admin_password then
 * required). PL_OK; PL_EDUP (the site exists); PL_EINVAL (*bad: "name",
 * "admin_login" or "admin_password"); PL_EDB.
 */
int	pl_hosting_site_create(struct pl_db *, const struct pl_editor *,
	    const struct pl_site_id *, const char *name, const char *admin_login,
	    const char *admin_password, const char **bad);
/*
 * Suspend (1) or resume (0) the site. *changed is 0 when it already was
 * so (audited all the same). PL_OK, PL_ENOTFOUND, PL_EDB.
 */
int	pl_hosting_site_suspend(struct pl_db *, const struct pl_editor *,
	    const struct pl_site_id *, int suspend, int *changed);
/*
 * Reset an admin of the site: the login gets the password and becomes
 * (or stays) an enabled admin, and its sessions end; a login the site
 * does not have is created as its admin (*created). PL_OK; PL_ENOTFOUND
 * (no such site); PL_EINVAL (*bad: "login" or "password"); PL_EDB.
 */
int	pl_hosting_admin_reset(struct pl_db *, const struct pl_editor *,
	    const struct pl_site_id *, const char *login, const char *password,
	    int *created, const char **bad);

#endif
