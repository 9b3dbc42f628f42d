/*
 * admin.h: the admin program (cgi-bin/admin): a site's admin area
 * (admin.c: settings, texts, departments, operators, audit log; canned.c:
 * its shared canned answers) and the hosting level above the sites
 * (hosting.c), one program with one route table that main() puts together.
 */
#ifndef ADMIN_H
#define ADMIN_H

#include <stddef.h>

#include "pl_config.h"
#include "pl_req.h"
#include "pl_session.h"

/* The session of a site admin, or -1 answered (401, 403, 503). */
int	admin_auth(struct pl_req *, struct pl_session *, struct pl_editor *);

/* canned.c, with a parameter table of its own. */
enum canned_key { CK_SHORTCUT, CK_TEXT, CK__MAX };

extern const struct pl_param admin_canned_none[CK__MAX];
extern const struct pl_param admin_canned_set_params[CK__MAX];
extern const struct pl_param admin_canned_del_params[CK__MAX];

void	h_admin_canned(struct pl_req *);
void	h_admin_canned_set(struct pl_req *);
void	h_admin_canned_delete(struct pl_req *);

/* Its routes, for admin.c's table. */
#define ADMIN_CANNED_ROUTES \
	{ "/canned", PL_M_GET, admin_canned_none, CK__MAX, PL_R_DB, 0, h_admin_canned }, \
	{ "/canned-set", PL_M_POST, admin_canned_set_params, CK__MAX, PL_R_DB, 0, \
	    h_admin_canned_set }, \
	{ "/canned-delete", PL_M_POST, admin_canned_del_params, CK__MAX, PL_R_DB, 0, \
	    h_admin_canned_delete }

/* The hosting admin's routes (hosting.c). */
extern const struct pl_route	hosting_routes[];
extern const size_t		hosting_nroutes;

/* The statistics' routes (stats.c). */
extern const struct pl_route	stats_routes[];
extern const size_t		stats_nroutes;

#endif
