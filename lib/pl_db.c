/*
 * pl_db.c: one MariaDB connection per process or worker thread, with
 * the statements of pl_stmts.c prepared on first use and kept for the
 * connection's life. A lost connection is noticed, dropped and made
 * anew on the next request; callers see PL_EDB and answer 503.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "pl_db.h"
#include "pl_log.h"
#include "pl_util.h"

struct pl_db {
	const struct pl_conf	*conf;
	MYSQL			*my;
	MYSQL_STMT		*st[ST__MAX];
	int			 in_tx;
	unsigned		 nstmts;	/* statements run in this request */
	unsigned		 connect_timeout;	/* seconds */
	unsigned		 rw_timeout;	/* seconds, one read or write */
	int			 unavailable;	/* pl_db_new_unavailable() */
	int64_t			 op_start;	/* ms, the round trip under way */
	const char		*reqid;
	char			 err[256];
};

struct pl_db *
pl_db_new(const struct pl_conf *conf)
{
	struct pl_db *db = calloc(1, sizeof(*db));

	if (db != NULL) {
		db->conf = conf;
		db->connect_timeout = conf->db_connect_timeout;
		db->rw_timeout = conf->db_rw_timeout;
	}
	return db;
}

void
pl_db_request_timeouts(struct pl_db *db)
{
	unsigned t = db->conf->db_request_timeout;

	if (t == 0)
		return;
	db->rw_timeout = t;
	if (db->connect_timeout == 0 || db->connect_timeout > t)
		db->connect_timeout = t;
}

struct pl_db *
pl_db_new_unavailable(const struct pl_conf *conf)
{
	struct pl_db *db = pl_db_new(conf);

	if (db != NULL)
		db->unavailable = 1;
	return db;
}

int
pl_db_is_unavailable(const struct pl_db *db)
{
	return db->unavailable;
}

/* ---- The circuit: one per process, shared by its threads ----------------
 *
 * When the database was found unreachable (a connection that could not be
 * made, a read or write that timed out), every request answers PL_EDB at
 * once for db_retry_ms instead of waiting out its own timeouts; then one
 * caller tries again (a probe) while the others still fail at once. The
 * first success closes the circuit. A connection that was merely dropped
 * (server restart, idle timeout) and is made anew does not open it.
 */
static pthread_mutex_t	circ_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t		circ_until;	/* 0: closed; else refuse until (ms) */

int
pl_db_circuit_open(void)
{
	return __atomic_load_n(&circ_until, __ATOMIC_ACQUIRE) != 0;
}

/* 1: go ahead (closed, or this caller is the probe); 0: refuse. */
static int
circuit_allow(const struct pl_db *db)
{
	int64_t	now;
	int	ok = 0;

	if (!pl_db_circuit_open())
		return 1;
	pthread_mutex_lock(&circ_lock);
	if (circ_until == 0)
		ok = 1;
	else if ((now = pl_now_ms()) >= circ_until) {
		circ_until = now + db->conf->db_retry_ms;
		ok = 1;
	}
	pthread_mutex_unlock(&circ_lock);
	return ok;
}

static void
circuit_trip(const struct pl_db *db)
{
	unsigned ms = db->conf->db_retry_ms;

	if (ms == 0)
		return;
	pthread_mutex_lock(&circ_lock);
	if (circ_until == 0)
		pl_log(db->reqid, PL_LOG_ERR, "database unreachable: answering 503"
		    " at once, trying again every %u ms", ms);
	__atomic_store_n(&circ_until, pl_now_ms() + ms, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&circ_lock);
}

static void
circuit_ok(const struct pl_db *db)
{
	if (!pl_db_circuit_open())
		return;
	pthread_mutex_lock(&circ_lock);
	if (circ_until != 0)
		pl_log(db->reqid, PL_LOG_INFO, "database reachable again");
	__atomic_store_n(&circ_until, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&circ_lock);
}

/* A round trip to the server starts (for telling a timeout from a drop). */
static void
op_start(struct pl_db *db)
{
	db->op_start = pl_now_ms();
}

/* The failed round trip took the whole rw timeout: the server hangs. */
static int
op_timed_out(const struct pl_db *db)
{
	return db->op_start != 0 &&
	    pl_now_ms() - db->op_start >= (int64_t)db->rw_timeout * 1000 - 100;
}

static void
db_disconnect(struct pl_db *db)
{
	size_t i;

	for (i = 0; i < ST__MAX; i++)
		if (db->st[i] != NULL) {
			mysql_stmt_close(db->st[i]);
			db->st[i] = NULL;
		}
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
	db->in_tx = 0;
}

void
pl_db_free(struct pl_db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

MYSQL *
pl_db_handle(struct pl_db *db)
{
	return db->my;
}

const char *
pl_db_error(const struct pl_db *db)
{
	return db->err;
}

int
pl_db_in_tx(const struct pl_db *db)
{
	return db->in_tx;
}

/* Errors that mean the connection is gone (or never was). */
static int
is_conn_error(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_SERVER_LOST_EXTENDED || e == CR_COMMANDS_OUT_OF_SYNC ||
	    e == ER_CONNECTION_KILLED || e == ER_SERVER_SHUTDOWN ||
	    e == CR_STMT_CLOSED || e == CR_UNKNOWN_ERROR;
}

static int
db_refuse(struct pl_db *db)
{
	snprintf(db->err, sizeof(db->err), db->unavailable ?
	    "no free connection in time" : "unreachable (circuit open)");
	return PL_EDB;
}

static int
db_connect(struct pl_db *db)
{
	const struct pl_conf	*c = db->conf;
	unsigned		 ct = db->connect_timeout, rw = db->rw_timeout;
	my_bool			 off = 0;
	char			 session_sql[160];

	/*
	 * UTC everywhere; strict mode so bad data is an error, not a warning.
	 * A row lock waited for longer than a read may take is a lock
	 * timeout (retried by the caller), not a lost connection that would
	 * count as an unreachable server.
	 */
	snprintf(session_sql, sizeof(session_sql), "SET time_zone = '+00:00',"
	    " sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION',"
	    " innodb_lock_wait_timeout = %u", rw > 2 ? (rw > 50 ? 50 : rw - 1) : 1);

	if ((db->my = mysql_init(NULL)) == NULL) {
		snprintf(db->err, sizeof(db->err), "mysql_init: out of memory");
		return PL_EDB;
	}
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &rw);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(db->my, c->db_host, c->db_user, c->db_password,
	    c->db_name, c->db_port, c->db_host == NULL ? c->db_socket : NULL,
	    0) == NULL) {
		snprintf(db->err, sizeof(db->err), "connect: %s",
		    mysql_error(db->my));
		pl_log(db->reqid, PL_LOG_ERR, "database %s", db->err);
		mysql_close(db->my);
		db->my = NULL;
		circuit_trip(db);
		return PL_EDB;
	}
	if (mysql_real_query(db->my, session_sql, strlen(session_sql)) != 0) {
		snprintf(db->err, sizeof(db->err), "session setup: %s",
		    mysql_error(db->my));
		pl_log(db->reqid, PL_LOG_ERR, "database %s", db->err);
		db_disconnect(db);
		circuit_trip(db);
		return PL_EDB;
	}
	circuit_ok(db);
	return PL_OK;
}

/* Before a round trip: the circuit lets it through, and connected. */
static int
db_ready(struct pl_db *db)
{
	if (db->unavailable || !circuit_allow(db))
		return db_refuse(db);
	if (db->my != NULL)
		return PL_OK;
	return db_connect(db);
}

int
pl_db_connect(struct pl_db *db)
{
	if (db->unavailable)
		return db_refuse(db);
	if (db->my != NULL)
		return PL_OK;
	if (!circuit_allow(db))
		return db_refuse(db);
	return db_connect(db);
}

void
pl_db_request_start(struct pl_db *db, const char *reqid)
{
	db->reqid = reqid;
	db->nstmts = 0;
	if (db->in_tx) {
		/* A handler forgot to finish its transaction: never carry it over. */
		pl_log(reqid, PL_LOG_ERR, "transaction left open; rolled back");
		pl_db_rollback(db);
	}
}

static int
db_fail(struct pl_db *db, const char *what, unsigned e, const char *msg)
{
	snprintf(db->err, sizeof(db->err), "%s: %u %s", what, e, msg);
	pl_log(db->reqid, PL_LOG_ERR, "database %s", db->err);
	if (is_conn_error(e)) {
		if (op_timed_out(db))
			circuit_trip(db);
		db_disconnect(db);
	}
	return PL_EDB;
}

int
pl_db_begin(struct pl_db *db)
{
	if (db_ready(db) != PL_OK)
		return PL_EDB;
	/* One round trip; the connection stays in autocommit mode outside. */
	op_start(db);
	if (mysql_real_query(db->my, "START TRANSACTION", 17) != 0)
		return db_fail(db, "begin", mysql_errno(db->my), mysql_error(db->my));
	db->in_tx = 1;
	return PL_OK;
}

int
pl_db_commit(struct pl_db *db)
{
	int rc = PL_OK;

	if (db->my == NULL)
		return PL_EDB;
	if (!circuit_allow(db)) {
		/* Not waiting on a hung server: dropping the connection rolls back. */
		db_disconnect(db);
		return db_refuse(db);
	}
	op_start(db);
	if (mysql_commit(db->my) != 0)
		rc = db_fail(db, "commit", mysql_errno(db->my), mysql_error(db->my));
	else
		circuit_ok(db);
	db->in_tx = 0;
	return rc;
}

void
pl_db_rollback(struct pl_db *db)
{
	if (db->my != NULL && pl_db_circuit_open())
		db_disconnect(db);
	if (db->my != NULL) {
		op_start(db);
		if (mysql_rollback(db->my) != 0)
			db_fail(db, "rollback", mysql_errno(db->my), mysql_error(db->my));
	}
	db->in_tx = 0;
}

static MYSQL_STMT *
db_stmt(struct pl_db *db, enum pl_stmt id)
{
	MYSQL_STMT	*st;
	const char	*sql = pl_stmt_sql[id];

	if (db->st[id] != NULL)
		return db->st[id];
	if ((st = mysql_stmt_init(db->my)) == NULL) {
		db_fail(db, "stmt_init", mysql_errno(db->my), mysql_error(db->my));
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		db_fail(db, pl_stmt_name[id], mysql_stmt_errno(st),
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	db->st[id] = st;
	return st;
}

void
pl_q_init(struct pl_q *q, struct pl_db *db, enum pl_stmt id)
{
	memset(q, 0, sizeof(*q));
	q->db = db;
	q->id = id;
}

static MYSQL_BIND *
q_in(struct pl_q *q)
{
	if (q->nin >= PL_Q_MAX) {
		q->failed = 1;
		return NULL;
	}
	return &q->in[q->nin++];
}

void
pl_q_int(struct pl_q *q, long long v)
{
	MYSQL_BIND *b;

	if ((b = q_in(q)) == NULL)
		return;
	q->inint[q->nin - 1] = v;
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = &q->inint[q->nin - 1];
}

void
pl_q_str(struct pl_q *q, const char *s, size_t n)
{
	MYSQL_BIND *b;

	if ((b = q_in(q)) == NULL)
		return;
	q->inlen[q->nin - 1] = (unsigned long)n;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = (void *)(s != NULL ? s : "");
	b->buffer_length = (unsigned long)n;
	b->length = &q->inlen[q->nin - 1];
}

void
pl_q_cstr(struct pl_q *q, const char *s)
{
	if (s == NULL)
		pl_q_null(q);
	else
		pl_q_str(q, s, strlen(s));
}

void
pl_q_blob(struct pl_q *q, const void *d, size_t n)
{
	pl_q_str(q, d, n);
	if (!q->failed)
		q->in[q->nin - 1].buffer_type = MYSQL_TYPE_BLOB;
}

void
pl_q_null(struct pl_q *q)
{
	MYSQL_BIND *b;

	if ((b = q_in(q)) == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_NULL;
}

static MYSQL_BIND *
q_out(struct pl_q *q, int *isnull)
{
	if (q->nout >= PL_Q_MAX) {
		q->failed = 1;
		return NULL;
	}
	q->outnullp[q->nout] = isnull;
	q->out[q->nout].is_null = &q->outnull[q->nout];
	q->out[q->nout].error = &q->outerr[q->nout];
	q->out[q->nout].length = &q->outlen[q->nout];
	return &q->out[q->nout++];
}

void
pl_q_out_int(struct pl_q *q, long long *dst, int *isnull)
{
	MYSQL_BIND *b;

	if ((b = q_out(q, isnull)) == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = dst;
}

void
pl_q_out_str(struct pl_q *q, char *dst, size_t cap, size_t *len, int *isnull)
{
	MYSQL_BIND *b;

	if ((b = q_out(q, isnull)) == NULL)
		return;
	q->outlenp[q->nout - 1] = len;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = dst;
	/* keep a byte for the terminating NUL */
	b->buffer_length = cap > 0 ? (unsigned long)(cap - 1) : 0;
}

void
pl_q_out_dup(struct pl_q *q, char **dst, size_t *len, int *isnull)
{
	MYSQL_BIND *b;

	if ((b = q_out(q, isnull)) == NULL)
		return;
	*dst = NULL;
	q->outlenp[q->nout - 1] = len;
	q->outdup[q->nout - 1] = dst;
	b->buffer_type = MYSQL_TYPE_BLOB;
	b->buffer = NULL;
	b->buffer_length = 0;
}

int
pl_q_exec(struct pl_q *q)
{
	struct pl_db	*db = q->db;
	int		 attempt;

	if (q->failed) {
		snprintf(db->err, sizeof(db->err), "%s: too many binds",
		    pl_stmt_name[q->id]);
		pl_log(db->reqid, PL_LOG_ERR, "database %s", db->err);
		return PL_EDB;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		unsigned e;

		if (db_ready(db) != PL_OK)
			return PL_EDB;
		op_start(db);
		if ((q->st = db_stmt(db, q->id)) == NULL)
			goto retry;
		if (mysql_stmt_param_count(q->st) != q->nin) {
			snprintf(db->err, sizeof(db->err), "%s: %lu placeholders, %u binds",
			    pl_stmt_name[q->id], mysql_stmt_param_count(q->st), q->nin);
			pl_log(db->reqid, PL_LOG_ERR, "database %s", db->err);
			return PL_EDB;
		}
		if ((q->nin > 0 && mysql_stmt_bind_param(q->st, q->in) != 0) ||
		    mysql_stmt_execute(q->st) != 0) {
			e = mysql_stmt_errno(q->st);
			if (e == ER_DUP_ENTRY || e == ER_DUP_KEY)
				return PL_EDUP;
			if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT) {
				/* InnoDB rolled the transaction back: the caller repeats it. */
				pl_log(db->reqid, PL_LOG_WARN, "%s: %s; retrying",
				    pl_stmt_name[q->id], mysql_stmt_error(q->st));
				return PL_ERETRY;
			}
			db_fail(db, pl_stmt_name[q->id], e, mysql_stmt_error(q->st));
			q->st = NULL;
			if (!is_conn_error(e) || pl_db_circuit_open())
				return PL_EDB;
			goto retry;
		}
		db->nstmts++;
		q->executed = 1;
		circuit_ok(db);
		if (q->nout > 0) {
			if (mysql_stmt_bind_result(q->st, q->out) != 0 ||
			    mysql_stmt_store_result(q->st) != 0) {
				e = mysql_stmt_errno(q->st);
				db_fail(db, pl_stmt_name[q->id], e, mysql_stmt_error(q->st));
				q->st = NULL;
				return PL_EDB;
			}
		}
		return PL_OK;
retry:
		/* Only a first statement outside a transaction is safe to repeat. */
		if (db->in_tx || db->nstmts > 0 || pl_db_circuit_open())
			return PL_EDB;
	}
	return PL_EDB;
}

int
pl_q_fetch(struct pl_q *q)
{
	unsigned	 i;
	int		 rc;

	if (q->st == NULL || !q->executed)
		return -PL_EDB;
	for (i = 0; i < q->nout; i++)
		if (q->outdup[i] != NULL)
			*q->outdup[i] = NULL;
	rc = mysql_stmt_fetch(q->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_fail(q->db, pl_stmt_name[q->id], mysql_stmt_errno(q->st),
		    mysql_stmt_error(q->st));
		q->st = NULL;
		return -PL_EDB;
	}
	for (i = 0; i < q->nout; i++) {
		MYSQL_BIND *b = &q->out[i];

		if (q->outnullp[i] != NULL)
			*q->outnullp[i] = q->outnull[i] != 0;
		if (q->outdup[i] != NULL) {
			char *d;

			if ((d = malloc(q->outlen[i] + 1)) == NULL)
				return -PL_ENOMEM;
			if (q->outlen[i] > 0) {
				MYSQL_BIND fb;

				memset(&fb, 0, sizeof(fb));
				fb.buffer_type = MYSQL_TYPE_BLOB;
				fb.buffer = d;
				fb.buffer_length = q->outlen[i];
				if (mysql_stmt_fetch_column(q->st, &fb, i, 0) != 0) {
					free(d);
					return -PL_EDB;
				}
			}
			d[q->outlen[i]] = '\0';
			*q->outdup[i] = d;
			if (q->outlenp[i] != NULL)
				*q->outlenp[i] = q->outlen[i];
		} else if (b->buffer_type == MYSQL_TYPE_STRING) {
			if (q->outlen[i] > b->buffer_length) {
				pl_log(q->db->reqid, PL_LOG_ERR,
				    "%s: column %u truncated", pl_stmt_name[q->id], i);
				return -PL_ETOOBIG;
			}
			((char *)b->buffer)[q->outnull[i] ? 0 : q->outlen[i]] = '\0';
			if (q->outlenp[i] != NULL)
				*q->outlenp[i] = q->outnull[i] ? 0 : q->outlen[i];
		} else if (q->outnull[i] && b->buffer_type == MYSQL_TYPE_LONGLONG)
			*(long long *)b->buffer = 0;
	}
	return 1;
}

unsigned long long
pl_q_insert_id(const struct pl_q *q)
{
	return q->st != NULL ? mysql_stmt_insert_id(q->st) : 0;
}

unsigned long long
pl_q_affected(const struct pl_q *q)
{
	return q->st != NULL ? mysql_stmt_affected_rows(q->st) : 0;
}

void
pl_q_done(struct pl_q *q)
{
	/*
	 * Results are stored client-side (mysql_stmt_store_result), so
	 * freeing them is local; no COM_STMT_RESET round trip is needed
	 * before the next execution.
	 */
	if (q->st != NULL)
		mysql_stmt_free_result(q->st);
	q->st = NULL;
}

int
pl_q_row(struct pl_q *q)
{
	int rc;

	if ((rc = pl_q_exec(q)) != PL_OK) {
		pl_q_done(q);
		return rc == PL_ERETRY ? PL_ERETRY : PL_EDB;
	}
	rc = pl_q_fetch(q);
	pl_q_done(q);
	return rc == 1 ? PL_OK : rc == 0 ? PL_ENOTFOUND : PL_EDB;
}

int
pl_q_run(struct pl_q *q)
{
	int rc = pl_q_exec(q);

	pl_q_done(q);
	return rc == PL_OK || rc == PL_EDUP || rc == PL_ERETRY ? rc : PL_EDB;
}
