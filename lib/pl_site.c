/*
 * pl_site.c: look up a tenant by its public id.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pl_db.h"
#include "pl_site.h"

int
pl_site_lookup(struct pl_db *db, const struct pl_site_id *code,
    struct pl_site *site)
{
	struct pl_q	q;
	long long	id = 0;
	int		rc;

	memset(site, 0, sizeof(*site));
	pl_q_init(&q, db, ST_SITE_BY_CODE);
	pl_q_int(&q, (long long)code->customer);
	pl_q_int(&q, (long long)code->instance);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_str(&q, site->name, sizeof(site->name), NULL, NULL);
	if ((rc = pl_q_exec(&q)) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 0)
		return PL_ENOTFOUND;
	site->id = (unsigned long)id;
	site->code = *code;
	snprintf(site->code_str, sizeof(site->code_str), "%lu-%lu",
	    code->customer, code->instance);
	return PL_OK;
}
