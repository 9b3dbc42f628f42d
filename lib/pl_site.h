/*
 * pl_site.h: looking up a site by its public id "N-M".
 */
#ifndef PL_SITE_H
#define PL_SITE_H

#include "pl_req.h"

struct pl_db;

/* PL_OK (site filled), PL_ENOTFOUND or PL_EDB. */
int	pl_site_lookup(struct pl_db *, const struct pl_site_id *, struct pl_site *);

#endif
