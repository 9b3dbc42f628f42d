/*
 * pl_limit.c: fixed-window counters in one statement each (see
 * pl_limit.h): the upsert hands the new count back through
 * LAST_INSERT_ID(), so counting and reading are one atomic step.
 */
#include "config.h"

#include <string.h>

#include "pl_db.h"
#include "pl_limit.h"
#include "pl_util.h"

int
pl_limit_hit(struct pl_db *db, const char *key, unsigned window_s,
    unsigned max, unsigned *retry_s)
{
	struct pl_q		q;
	unsigned long long	n;
	long long		left = window_s;
	int			rc;

	*retry_s = 0;
	if (max == 0)
		return PL_OK;
	pl_q_init(&q, db, ST_LIMIT_HIT);
	pl_q_cstr(&q, key);
	pl_q_int(&q, window_s);
	pl_q_int(&q, window_s);
	if ((rc = pl_q_exec(&q)) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	n = pl_q_insert_id(&q);
	pl_q_done(&q);
	if (n <= max)
		return PL_OK;
	pl_q_init(&q, db, ST_LIMIT_LEFT);
	pl_q_int(&q, window_s);
	pl_q_cstr(&q, key);
	pl_q_out_int(&q, &left, NULL);
	if (pl_q_row(&q) != PL_OK)
		left = window_s;
	*retry_s = left > 0 ? (unsigned)left : 1;
	return PL_ELIMIT;
}
