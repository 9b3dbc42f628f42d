/*
 * pl_db.h: MariaDB access. One connection per process (or per worker
 * thread), kept across FastCGI requests and re-established after loss.
 * Every statement is one of the prepared statements listed in
 * pl_stmts.c, prepared on first use on a connection and reused.
 *
 * Errors: PL_EDB means "unreachable or failed": the request answers 503
 * with Retry-After. Once the server was found unreachable, calls fail at
 * once for db_retry_ms (a circuit per process), then one tries again. A statement that fails because the connection was
 * lost is retried once on a fresh connection, but only when it is the
 * first statement of the request outside a transaction (nothing done
 * yet can be lost or duplicated).
 */
#ifndef PL_DB_H
#define PL_DB_H

#include <stddef.h>
#include <mysql.h>
#include "pl_conf.h"
#include "pl_stmts.h"

struct pl_db;

struct pl_db	*pl_db_new(const struct pl_conf *);
/* For web requests: reads and writes wait db_request_timeout, not db_rw_timeout. */
void		 pl_db_request_timeouts(struct pl_db *);
/*
 * A handle on which every call fails with PL_EDB at once: what a request
 * gets when no pooled connection came free in time.
 */
struct pl_db	*pl_db_new_unavailable(const struct pl_conf *);
int		 pl_db_is_unavailable(const struct pl_db *);
/* 1 while the database is known to be unreachable (see pl_db.c). */
int		 pl_db_circuit_open(void);
void		 pl_db_free(struct pl_db *);
/* Connect if not connected. PL_OK or PL_EDB. */
int		 pl_db_connect(struct pl_db *);
/* Called by the framework at the start of each request. */
void		 pl_db_request_start(struct pl_db *, const char *reqid);
int		 pl_db_begin(struct pl_db *);
int		 pl_db_commit(struct pl_db *);
void		 pl_db_rollback(struct pl_db *);
int		 pl_db_in_tx(const struct pl_db *);
const char	*pl_db_error(const struct pl_db *);
/* The raw handle, for plauder-admin's migrations only. */
MYSQL		*pl_db_handle(struct pl_db *);

#define PL_Q_MAX 24

/* One execution of a prepared statement: binds in, then rows out. */
struct pl_q {
	struct pl_db	*db;
	enum pl_stmt	 id;
	MYSQL_STMT	*st;
	unsigned	 nin;
	unsigned	 nout;
	MYSQL_BIND	 in[PL_Q_MAX];
	long long	 inint[PL_Q_MAX];
	unsigned long	 inlen[PL_Q_MAX];
	MYSQL_BIND	 out[PL_Q_MAX];
	unsigned long	 outlen[PL_Q_MAX];
	my_bool		 outnull[PL_Q_MAX];
	my_bool		 outerr[PL_Q_MAX];
	int		*outnullp[PL_Q_MAX];
	size_t		*outlenp[PL_Q_MAX];
	char		**outdup[PL_Q_MAX];	/* pl_q_out_dup targets */
	int		 executed;
	int		 failed;
};

void	pl_q_init(struct pl_q *, struct pl_db *, enum pl_stmt);
/* Parameters, in the order of the statement's '?'. */
void	pl_q_int(struct pl_q *, long long);
void	pl_q_str(struct pl_q *, const char *, size_t);
void	pl_q_cstr(struct pl_q *, const char *);	/* NULL binds SQL NULL */
void	pl_q_blob(struct pl_q *, const void *, size_t);
void	pl_q_null(struct pl_q *);
/* Result columns, in select order. isnull may be NULL. */
void	pl_q_out_int(struct pl_q *, long long *, int *isnull);
/* Into a caller buffer of cap bytes (NUL-terminated; too long => PL_ETOOBIG at fetch). */
void	pl_q_out_str(struct pl_q *, char *, size_t cap, size_t *len, int *isnull);
/* Allocated copy per row: caller frees *dst (freed and replaced on the next fetch? no: caller owns each). */
void	pl_q_out_dup(struct pl_q *, char **dst, size_t *len, int *isnull);
/* Execute. PL_OK, PL_EDUP (duplicate key), PL_EDB. */
int	pl_q_exec(struct pl_q *);
/* Next row: 1 a row, 0 no more rows, -PL_EDB / -PL_ETOOBIG on error. */
int	pl_q_fetch(struct pl_q *);
unsigned long long pl_q_insert_id(const struct pl_q *);
unsigned long long pl_q_affected(const struct pl_q *);
/* Free the result set; the statement stays prepared for reuse. */
void	pl_q_done(struct pl_q *);
/*
 * Execute and read at most one row, then done: PL_OK (a row), PL_ENOTFOUND
 * (none), PL_ERETRY (deadlock), PL_EDB.
 */
int	pl_q_row(struct pl_q *);
/* Execute a statement without a result, then done: PL_OK, PL_EDUP, PL_ERETRY, PL_EDB. */
int	pl_q_run(struct pl_q *);

#endif
