/*
 * pl_req.c: the request cycle and the program loop. One binary serves
 * plain CGI (one request, then exit) and FastCGI (a loop over
 * FCGX_Accept_r, on the socket mod_fcgid hands over as fd 0, or on
 * --listen PATH with --threads N for a daemon behind mod_proxy_fcgi).
 *
 * Everything a request owns hangs off struct pl_req and is freed by
 * req_free() before the next request is accepted.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fcgiapp.h>
#include <cjson/cJSON.h>
#include <mysql.h>
#include <sodium.h>

#include "pl_daemon.h"
#include "pl_db.h"
#include "pl_escape.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_req.h"
#include "pl_resp.h"
#include "pl_site.h"

#define PL_MAX_QUERY	(8 * 1024)
#define PL_LISTEN_BACKLOG	1024

struct pl_pool;
static struct pl_db	*pool_get(struct pl_pool *);
static void		 pool_put(struct pl_pool *, struct pl_db *);
#define PL_MAX_COOKIE	(8 * 1024)

const char *
pl_env(const struct pl_req *r, const char *name)
{
	char	**e;
	size_t	  n = strlen(name);

	for (e = r->envp; e != NULL && *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static enum pl_method
parse_method(const char *m)
{
	if (m == NULL)
		return PL_M_OTHER;
	if (strcmp(m, "GET") == 0)
		return PL_M_GET;
	if (strcmp(m, "HEAD") == 0)
		return PL_M_HEAD;
	if (strcmp(m, "POST") == 0)
		return PL_M_POST;
	if (strcmp(m, "OPTIONS") == 0)
		return PL_M_OPTIONS;
	if (strcmp(m, "PUT") == 0)
		return PL_M_PUT;
	if (strcmp(m, "DELETE") == 0)
		return PL_M_DELETE;
	return PL_M_OTHER;
}

static void
allow_header(struct pl_req *r, unsigned m)
{
	struct pl_buf	b;

	pl_buf_init(&b);
	if (m & PL_M_GET)
		pl_buf_puts(&b, "GET, HEAD, ");
	if (m & PL_M_POST)
		pl_buf_puts(&b, "POST, ");
	if (m & PL_M_PUT)
		pl_buf_puts(&b, "PUT, ");
	if (m & PL_M_DELETE)
		pl_buf_puts(&b, "DELETE, ");
	pl_buf_puts(&b, "OPTIONS");
	pl_header(r, "Allow", pl_buf_cstr(&b));
	if (r->route != NULL && (r->route->flags & PL_R_CORS))
		pl_header(r, "Access-Control-Allow-Methods", pl_buf_cstr(&b));
	pl_buf_free(&b);
}

/* Parse a body read whole, by its type. 0, or -1 answered (413/415/400). */
static int
parse_body(struct pl_req *r, const char *ct)
{
	int rc;

	if (ct == NULL)
		ct = "";
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		rc = pl_form_parse(r->rawbody, r->rawbody_len, NULL, &r->body);
	else if (strncasecmp(ct, "application/json", 16) == 0)
		rc = pl_json_parse(r->rawbody, r->rawbody_len, NULL, &r->body, &r->json);
	else {
		pl_error(r, 415, "unsupported_media_type", NULL,
		    "send application/json or application/x-www-form-urlencoded");
		return -1;
	}
	if (rc == PL_ETOOBIG) {
		pl_error(r, 413, "body_too_large", NULL,
		    "too many fields or a field too long");
		return -1;
	}
	if (rc != PL_OK) {
		pl_error(r, 400, "malformed_body", NULL,
		    "the request body could not be parsed");
		return -1;
	}
	return 0;
}

/*
 * Secrets may come as headers (X-Plauder-Token, X-Plauder-Visitor-Token)
 * instead of parameters, so they stay out of URLs and access logs. They
 * become parameters like any other (given twice is refused). 0, or -1
 * answered.
 */
static int
header_secrets(struct pl_req *r)
{
	static const struct { const char *env, *name; } h[] = {
		{ "HTTP_X_PLAUDER_TOKEN", "token" },
		{ "HTTP_X_PLAUDER_VISITOR_TOKEN", "visitor_token" },
	};
	struct pl_buf	 b;
	const char	*v;
	size_t		 i;
	int		 rc = PL_OK;

	pl_buf_init(&b);
	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		if ((v = pl_env(r, h[i].env)) == NULL || strlen(v) > 128)
			continue;
		pl_buf_printf(&b, "%s%s=", b.len > 0 ? "&" : "", h[i].name);
		pl_esc_url(&b, v, strlen(v));
	}
	if (b.len > 0)
		rc = b.oom ? PL_ENOMEM : pl_form_parse(b.p, b.len, NULL, &r->secrets);
	pl_buf_free(&b);
	if (rc != PL_OK) {
		pl_error(r, 400, "invalid_parameter", "token", "token: malformed header");
		return -1;
	}
	return 0;
}

/*
 * A secret in the query string ends up in access logs, histories and
 * Referer headers: refuse it, whatever the route, so that no client can
 * come to rely on it. 0, or -1 answered.
 */
static int
secret_in_query(struct pl_req *r)
{
	static const char *const names[] = { "token", "visitor_token" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (pl_kvlist_get(&r->query, names[i]) != NULL) {
			char msg[160];

			snprintf(msg, sizeof(msg), "%s: secrets travel in the "
			    "X-Plauder-Token or X-Plauder-Visitor-Token header or "
			    "in a POST body, never in the URL", names[i]);
			pl_error(r, 400, "secret_in_url", names[i], msg);
			return -1;
		}
	return 0;
}

/* Read and parse the body of a POST/PUT. 0 when fine, else answered. */
static int
read_body(struct pl_req *r, struct pl_io *io)
{
	const char	*cl = pl_env(r, "CONTENT_LENGTH");
	const char	*ct = pl_env(r, "CONTENT_TYPE");
	size_t		 max = r->route->max_body ? r->route->max_body :
			    PL_DEFAULT_MAX_BODY;

	if ((r->route->flags & PL_R_RAWBODY) && r->conf->upload_max > 0)
		max = r->conf->upload_max;
	long long	 len;
	size_t		 got = 0;
	int64_t		 deadline = 0;
	int		 late = 0;

	if (cl == NULL || *cl == '\0') {
		pl_error(r, 411, "length_required", NULL,
		    "a request body needs Content-Length");
		return -1;
	}
	if (pl_parse_ll(cl, strlen(cl), 0, (long long)max, &len) != PL_OK) {
		pl_error(r, 413, "body_too_large", NULL,
		    "the request body is too large");
		return -1;
	}
	if ((r->rawbody = malloc((size_t)len + 1)) == NULL) {
		pl_error_internal(r);
		return -1;
	}
	/* One deadline for the whole body, however slowly it trickles in. */
	if (r->conf->read_timeout > 0)
		deadline = pl_now_ms() + (int64_t)r->conf->read_timeout * 1000 +
		    (len / (16 * 1024)) * 1000;
	while (got < (size_t)len) {
		long n;

		if (deadline != 0 && io->deadline != NULL) {
			int64_t left = deadline - pl_now_ms();

			if (left <= 0 || io->deadline(io->ctx, left) != 0) {
				late = 1;
				break;
			}
		}
		n = io->read(io->ctx, r->rawbody + got, (size_t)len - got);
		if (n <= 0) {
			late = deadline != 0 && pl_now_ms() >= deadline;
			break;
		}
		got += (size_t)n;
	}
	if (deadline != 0 && io->deadline != NULL)
		(void)io->deadline(io->ctx, 0);
	r->rawbody[got] = '\0';
	r->rawbody_len = got;
	if (late) {
		pl_log(r->reqid, PL_LOG_WARN, "request body: %lu of %lld bytes"
		    " in the time allowed", (unsigned long)got, len);
		pl_error(r, 408, "request_timeout", NULL,
		    "the request body did not arrive in time");
		return -1;
	}
	if (got != (size_t)len) {
		pl_error(r, 400, "short_body", NULL, "the request body was cut short");
		return -1;
	}
	if (len == 0 || (r->route->flags & PL_R_RAWBODY))
		return 0;
	return parse_body(r, ct);
}

/* Match the route, check the method, parse input and parameters. */
static int
prepare(const struct pl_program *prog, struct pl_req *r, struct pl_io *io)
{
	const char			*qs, *ck;
	const struct pl_kvlist		*src[3];
	struct pl_param_error		 perr;
	size_t				 i;
	int				 rc;

	for (i = 0; i < prog->nroutes; i++)
		if (strcmp(prog->routes[i].path, r->path) == 0) {
			r->route = &prog->routes[i];
			break;
		}
	if (r->route == NULL) {
		pl_error(r, 404, "not_found", NULL, "no such endpoint");
		return -1;
	}
	if (r->method == PL_M_OPTIONS) {
		r->status = 204;
		allow_header(r, r->route->methods);
		if (r->route->flags & PL_R_CORS) {
			pl_header(r, "Access-Control-Allow-Headers",
			    "Content-Type, X-Plauder-Token, X-Plauder-Visitor-Token");
			pl_header(r, "Access-Control-Max-Age", "86400");
		}
		return -1;
	}
	if (!(r->route->methods & r->method) &&
	    !(r->method == PL_M_HEAD && (r->route->methods & PL_M_GET))) {
		pl_error(r, 405, "method_not_allowed", NULL,
		    "this method is not allowed here");
		allow_header(r, r->route->methods);
		return -1;
	}
	if ((qs = pl_env(r, "QUERY_STRING")) != NULL) {
		size_t n = strlen(qs);

		if (n > PL_MAX_QUERY) {
			pl_error(r, 414, "query_too_long", NULL,
			    "the query string is too long");
			return -1;
		}
		rc = pl_form_parse(qs, n, NULL, &r->query);
		if (rc != PL_OK) {
			pl_error(r, 400, "malformed_query", NULL,
			    rc == PL_ETOOBIG ? "too many parameters or one too long" :
			    "the query string is not well-formed");
			return -1;
		}
		if (secret_in_query(r) != 0)
			return -1;
	}
	if ((r->method == PL_M_POST || r->method == PL_M_PUT) &&
	    read_body(r, io) != 0)
		return -1;
	/* A malformed Cookie header is ignored, not fatal: it may not be ours. */
	if ((ck = pl_env(r, "HTTP_COOKIE")) != NULL && strlen(ck) <= PL_MAX_COOKIE &&
	    pl_cookie_parse(ck, strlen(ck), NULL, &r->cookies) != PL_OK)
		pl_kvlist_free(&r->cookies);
	pl_kvlist_free(&r->secrets);

	if (header_secrets(r) != 0)
		return -1;
	src[0] = &r->query;
	src[1] = &r->body;
	src[2] = &r->secrets;
	if (pl_params_parse(r->route->params, r->route->nparams, src, 3,
	    r->v, &perr) != PL_OK) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%s: %s", perr.field, perr.reason);
		pl_error(r, 400, "invalid_parameter", perr.field, msg);
		return -1;
	}
	return 0;
}

/*
 * Database and site, for the routes that ask for them. A threaded
 * daemon takes its pooled connection only here, after the whole input
 * was read and checked: a slow or bad request never holds one.
 */
static int
attach(struct pl_req *r)
{
	size_t i;

	if (!(r->route->flags & (PL_R_DB | PL_R_SITE)))
		return 0;
	if (r->pool != NULL && r->db == NULL) {
		r->db = pool_get(r->pool);
		pl_db_request_start(r->db, r->reqid);
	}
	if (r->db == NULL) {
		pl_error_internal(r);
		return -1;
	}
	if (pl_db_connect(r->db) != PL_OK) {
		pl_error_db(r);
		return -1;
	}
	if (!(r->route->flags & PL_R_SITE))
		return 0;
	for (i = 0; i < r->route->nparams; i++)
		if (r->route->params[i].name != NULL &&
		    r->route->params[i].type == PL_T_SITE)
			break;
	if (i == r->route->nparams || !r->v[i].present) {
		pl_error(r, 400, "invalid_parameter", "site", "site: missing");
		return -1;
	}
	switch (pl_site_lookup(r->db, &r->v[i].site, &r->site)) {
	case PL_OK:
		/* Suspended by the hosting admin: its data stays, no new work. */
		if (!r->site.suspended)
			return 0;
		pl_error_suspended(r);
		return -1;
	case PL_ENOTFOUND:
		pl_error(r, 404, "unknown_site", "site", "no such site");
		return -1;
	default:
		pl_error_db(r);
		return -1;
	}
}

static void
write_answer(struct pl_req *r, struct pl_io *io)
{
	struct pl_buf	 h;
	char		 num[32];

	pl_buf_init(&h);
	if (r->status == 0) {
		pl_log(r->reqid, PL_LOG_ERR, "handler set no answer");
		pl_error_internal(r);
	}
	pl_buf_printf(&h, "Status: %d %s\r\n", r->status,
	    pl_status_text(r->status));
	if (r->status != 204 && r->status != 304)
		pl_buf_printf(&h, "Content-Type: %s\r\n",
		    r->ctype != NULL ? r->ctype : "application/json; charset=utf-8");
	pl_buf_puts(&h, "X-Content-Type-Options: nosniff\r\n");
	pl_buf_puts(&h, "Referrer-Policy: no-referrer\r\n");
	if (!r->html) {
		pl_buf_puts(&h, "Content-Security-Policy: default-src 'none';"
		    " frame-ancestors 'none'\r\n");
		pl_buf_puts(&h, "X-Frame-Options: DENY\r\n");
	}
	if (r->route != NULL && (r->route->flags & PL_R_CORS)) {
		pl_buf_puts(&h, "Access-Control-Allow-Origin: *\r\n");
		pl_buf_puts(&h, "Access-Control-Expose-Headers: ETag, Retry-After\r\n");
	}
	if (!r->no_default_cache)
		pl_buf_puts(&h, "Cache-Control: no-store\r\n");
	pl_buf_puts(&h, "X-Request-Id: ");
	pl_buf_puts(&h, r->reqid);
	pl_buf_puts(&h, "\r\n");
	if (r->status != 204 && r->status != 304) {
		snprintf(num, sizeof(num), "%lu", (unsigned long)r->out.len);
		pl_buf_puts(&h, "Content-Length: ");
		pl_buf_puts(&h, num);
		pl_buf_puts(&h, "\r\n");
	}
	pl_buf_add(&h, r->hdr.p, r->hdr.len);
	pl_buf_puts(&h, "\r\n");
	if (r->method != PL_M_HEAD && r->status != 204 && r->status != 304)
		pl_buf_add(&h, r->out.p, r->out.len);
	if (h.oom)
		pl_log(r->reqid, PL_LOG_ERR, "out of memory writing answer");
	else if (io->write(io->ctx, h.p, h.len) != 0)
		pl_log(r->reqid, PL_LOG_WARN, "client went away");
	pl_buf_free(&h);
}

static void
req_free(struct pl_req *r)
{
	pl_kvlist_free(&r->query);
	pl_kvlist_free(&r->body);
	pl_kvlist_free(&r->cookies);
	pl_kvlist_free(&r->secrets);
	cJSON_Delete(r->json);
	free(r->rawbody);
	pl_buf_free(&r->hdr);
	pl_buf_free(&r->out);
	memset(r, 0, sizeof(*r));
}

void
pl_serve(const struct pl_program *prog, const struct pl_conf *conf,
    struct pl_db *db, struct pl_io *io)
{
	struct pl_req	r;
	const char	*p;

	memset(&r, 0, sizeof(r));
	pl_random_hex(r.reqid, 8);
	r.conf = conf;
	r.db = db;
	r.envp = io->envp;
	r.fcgx = io->fcgx;
	r.pool = io->pool;
	if (r.pool != NULL)
		r.db = db = NULL;	/* taken in attach() when the route needs one */
	r.method = parse_method(pl_env(&r, "REQUEST_METHOD"));
	r.path = (p = pl_env(&r, "PATH_INFO")) != NULL ? p : "";
	if (p == NULL && (p = pl_env(&r, "SCRIPT_NAME")) != NULL) {
		/*
		 * mod_proxy_fcgi sets no PATH_INFO: take what follows the
		 * program's name in SCRIPT_NAME (".../cgi-bin/chat/poll").
		 */
		char	 pat[64];
		const char *hit;

		snprintf(pat, sizeof(pat), "/%s/", prog->name);
		if ((hit = strstr(p, pat)) != NULL)
			r.path = hit + strlen(pat) - 1;
	}
	if (db != NULL)
		pl_db_request_start(db, r.reqid);

	if (conf == NULL)
		pl_error(&r, 500, "misconfigured", NULL,
		    "the server's configuration could not be read");
	else if (prepare(prog, &r, io) == 0 && attach(&r) == 0)
		r.route->handler(&r);

	if (r.db != NULL && pl_db_in_tx(r.db)) {
		pl_log(r.reqid, PL_LOG_ERR, "handler left a transaction open");
		pl_db_rollback(r.db);
	}
	write_answer(&r, io);
	if (r.pool != NULL && r.db != NULL)
		pool_put(r.pool, r.db);
	req_free(&r);
}

/* ---- A pool of connections for threaded daemons -------------------------- */

/*
 * A request waits at most db_pool_wait_ms for a free connection; then it
 * gets a handle that fails at once (pl_db_new_unavailable), so the
 * handler answers 503 through its usual error path. Such handles are
 * freed, not pooled, when given back.
 */
struct pl_pool {
	pthread_mutex_t	  m;
	pthread_cond_t	  c;
	const struct pl_conf *conf;
	struct pl_db	**free;
	size_t		  nfree;
};

static struct pl_pool *
pool_new(const struct pl_conf *conf, size_t n)
{
	struct pl_pool		*p;
	pthread_condattr_t	 ca;
	size_t			 i;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->free = calloc(n, sizeof(*p->free))) == NULL) {
		free(p);
		return NULL;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&p->m, NULL);
	pthread_cond_init(&p->c, &ca);
	pthread_condattr_destroy(&ca);
	p->conf = conf;
	for (i = 0; i < n; i++)
		if ((p->free[p->nfree] = pl_db_new(conf)) != NULL) {
			pl_db_request_timeouts(p->free[p->nfree]);
			p->nfree++;
		}
	return p;
}

static struct pl_db *
pool_get(struct pl_pool *p)
{
	struct pl_db	*db = NULL;
	struct timespec	 until;
	int		 waited = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += p->conf->db_pool_wait_ms / 1000;
	until.tv_nsec += (long)(p->conf->db_pool_wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&p->m);
	while (p->nfree == 0 && !waited)
		if (pthread_cond_timedwait(&p->c, &p->m, &until) == ETIMEDOUT)
			waited = 1;
	if (p->nfree > 0)
		db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->m);
	if (db != NULL)
		return db;
	pl_log(NULL, PL_LOG_WARN, "no pooled connection free after %u ms",
	    p->conf->db_pool_wait_ms);
	if ((db = pl_db_new_unavailable(p->conf)) != NULL)
		return db;
	/* Out of memory: wait for a pooled one after all. */
	pthread_mutex_lock(&p->m);
	while (p->nfree == 0)
		pthread_cond_wait(&p->c, &p->m);
	db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->m);
	return db;
}

static void
pool_put(struct pl_pool *p, struct pl_db *db)
{
	if (pl_db_is_unavailable(db)) {
		pl_db_free(db);
		return;
	}
	pthread_mutex_lock(&p->m);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->c);
	pthread_mutex_unlock(&p->m);
}

int
pl_req_is_cgi(const struct pl_req *r)
{
	return r->fcgx == NULL;
}

void
pl_req_db_release(struct pl_req *r)
{
	if (r->pool == NULL || r->db == NULL)
		return;
	if (pl_db_in_tx(r->db))
		pl_db_rollback(r->db);
	pool_put(r->pool, r->db);
	r->db = NULL;
}

void
pl_req_db_acquire(struct pl_req *r)
{
	if (r->pool == NULL || r->db != NULL)
		return;
	r->db = pool_get(r->pool);
	pl_db_request_start(r->db, r->reqid);
}

/* ---- I/O: plain CGI ---------------------------------------------------- */

static long
cgi_read(void *ctx, char *buf, size_t len)
{
	size_t n = fread(buf, 1, len, stdin);

	return n == 0 && ferror(stdin) ? -1 : (long)n;
}

/*
 * Under mod_cgi an unread request body makes Apache reset the
 * connection; read (and drop) what is left, up to a bound.
 */
static void
cgi_drain(void)
{
	char	buf[4096];
	size_t	total = 0, n;

	while (total < 32 * 1024 * 1024 &&
	    (n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		total += n;
}

static int
cgi_write(void *ctx, const char *buf, size_t len)
{
	cgi_drain();
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
		return -1;
	return 0;
}

/* ---- I/O: FastCGI --------------------------------------------------------- */

static long
fcgi_read(void *ctx, char *buf, size_t len)
{
	FCGX_Request	*fr = ctx;
	int		 n;

	if (len > 1 << 30)
		len = 1 << 30;
	/*
	 * At most one refill of libfcgi's buffer a call (what is buffered,
	 * else one byte), so each blocking read is bounded by fcgi_deadline.
	 */
	if (fr->in->stop > fr->in->rdNext) {
		if (len > (size_t)(fr->in->stop - fr->in->rdNext))
			len = (size_t)(fr->in->stop - fr->in->rdNext);
	} else
		len = 1;
	n = FCGX_GetStr(buf, (int)len, fr->in);
	return n < 0 ? -1 : n;
}

/*
 * Bound the next reads on the connection to ms (0: no bound). libfcgi
 * reads with plain read(2), so a receive timeout on the socket ends a
 * read that waits too long; the stream then reports an error.
 */
static int
fcgi_deadline(void *ctx, int64_t ms)
{
	FCGX_Request	*fr = ctx;
	struct timeval	 tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	if (ms > 0 && tv.tv_sec == 0 && tv.tv_usec == 0)
		tv.tv_usec = 1;
	return setsockopt(fr->ipcFd, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv)) == 0 ? 0 : -1;
}

static int
fcgi_write(void *ctx, const char *buf, size_t len)
{
	FCGX_Request	*fr = ctx;

	if (len > 1U << 30)
		return -1;
	return FCGX_PutStr(buf, (int)len, fr->out) == (int)len ? 0 : -1;
}

/* ---- The loop ------------------------------------------------------------- */

static volatile sig_atomic_t	pl_busy;
static volatile sig_atomic_t	pl_stop;
static int			pl_threaded;

/*
 * SIGTERM: a single-threaded process leaves at once when idle, else after
 * the current request. A threaded daemon leaves at once: held polls are
 * cut and their clients simply poll again.
 */
static void
on_term(int sig)
{
	pl_stop = 1;
	if (!pl_busy || pl_threaded)
		_exit(0);
}

struct worker {
	const struct pl_program	*prog;
	const struct pl_conf	*conf;
	int			 sock;
	pthread_mutex_t		*accept_lock;
	struct pl_pool		*pool;
};

static void *
worker_run(void *arg)
{
	struct worker	*w = arg;
	struct pl_db	*db = NULL;
	FCGX_Request	 fr;
	struct pl_io	 io;

	if (w->pool == NULL && w->conf != NULL) {
		if ((db = pl_db_new(w->conf)) == NULL)
			return NULL;
		pl_db_request_timeouts(db);
	}
	mysql_thread_init();
	FCGX_InitRequest(&fr, w->sock, 0);
	for (;;) {
		int rc;

		if (w->accept_lock != NULL)
			pthread_mutex_lock(w->accept_lock);
		rc = FCGX_Accept_r(&fr);
		if (w->accept_lock != NULL)
			pthread_mutex_unlock(w->accept_lock);
		if (rc < 0)
			break;
		pl_busy = 1;
		memset(&io, 0, sizeof(io));
		io.envp = fr.envp;
		io.read = fcgi_read;
		io.write = fcgi_write;
		io.deadline = fcgi_deadline;
		io.ctx = &fr;
		io.fcgx = &fr;
		io.pool = w->pool;
		pl_serve(w->prog, w->conf, db, &io);
		FCGX_Finish_r(&fr);
		pl_busy = 0;
		if (pl_stop)
			break;
	}
	pl_db_free(db);
	mysql_thread_end();
	return NULL;
}

/* --listen PATH, --threads N. 0, or 2 after a usage message. */
static int
parse_args(int argc, char **argv, const char **listen_path, long long *nthreads)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			*listen_path = argv[++i];
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
			if (pl_parse_ll(argv[i + 1], strlen(argv[i + 1]), 1,
			    16384, nthreads) != PL_OK) {
				fprintf(stderr, "--threads: expected 1-16384\n");
				return 2;
			}
			i++;
		} else {
			fprintf(stderr, "usage: %s [--listen SOCKET [--threads N]]\n",
			    argv[0]);
			return 2;
		}
	}
	return 0;
}

/* One request under plain CGI. */
static void
serve_cgi(const struct pl_program *prog, const struct pl_conf *conf)
{
	extern char	**environ;
	struct pl_db	 *db = conf != NULL ? pl_db_new(conf) : NULL;
	struct pl_io	  io;

	if (db != NULL)
		pl_db_request_timeouts(db);
	memset(&io, 0, sizeof(io));
	io.envp = environ;
	io.read = cgi_read;
	io.write = cgi_write;
	pl_serve(prog, conf, db, &io);
	pl_db_free(db);
}

/* N worker threads sharing the accept lock and a pool of connections. */
static int
serve_threads(struct worker *w, const struct pl_program *prog,
    const struct pl_conf *conf, long long nthreads)
{
	pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_attr_t	 attr;
	pthread_t	*tids;
	long long	 i;

	if ((tids = calloc((size_t)nthreads, sizeof(*tids))) == NULL)
		return 1;
	pl_threaded = 1;
	w->accept_lock = &lock;
	if (conf != NULL && (w->pool = pool_new(conf, conf->db_pool)) == NULL) {
		pl_log(NULL, PL_LOG_ERR, "out of memory");
		exit(1);
	}
	if (conf != NULL && prog->threaded_init != NULL &&
	    prog->threaded_init(conf) != 0) {
		pl_log(NULL, PL_LOG_ERR, "threaded initialisation failed");
		exit(1);
	}
	pl_notify_capacity((unsigned)nthreads);
	/* Held polls need little stack; thousands of threads, little memory. */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1024 * 1024);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&tids[i], &attr, worker_run, w) != 0) {
			pl_log(NULL, PL_LOG_ERR, "pthread_create failed");
			break;
		}
	pthread_attr_destroy(&attr);
	while (i-- > 0)
		pthread_join(tids[i], NULL);
	free(tids);
	return 0;
}

/*
 * FastCGI: on the socket mod_fcgid hands over (fd 0) or on the one the
 * daemon's master opened (--listen).
 */
static int
serve_fcgi(const struct pl_program *prog, const struct pl_conf *conf,
    int sock, long long nthreads)
{
	struct worker		w;
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	FCGX_Init();
	memset(&w, 0, sizeof(w));
	w.prog = prog;
	w.conf = conf;
	w.sock = sock;
	if (nthreads <= 1) {
		worker_run(&w);
		return 0;
	}
	return serve_threads(&w, prog, conf, nthreads);
}

int
pl_main(const struct pl_program *prog, int argc, char **argv)
{
	struct pl_conf	*conf;
	char		 err[256];
	const char	*listen_path = NULL;
	long long	 nthreads = 1;
	int		 rc = 0, sock = 0;

	pl_log_init(prog->name);
	if (sodium_init() < 0) {
		pl_log(NULL, PL_LOG_ERR, "libsodium failed to initialise");
		return 1;
	}
	if ((rc = parse_args(argc, argv, &listen_path, &nthreads)) != 0)
		return rc;
	/*
	 * A daemon: the master keeps the socket and a worker alive and
	 * returns here only to exit; the worker goes on to serve.
	 */
	if (listen_path != NULL &&
	    !pl_daemon_supervise(listen_path, PL_LISTEN_BACKLOG, &sock, &rc))
		return rc;
	signal(SIGPIPE, SIG_IGN);
	mysql_library_init(0, NULL, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((conf = pl_conf_load(NULL, err, sizeof(err))) == NULL)
		pl_log(NULL, PL_LOG_ERR, "configuration: %s", err);
	else if (prog->init != NULL && prog->init(conf) != 0) {
		pl_log(NULL, PL_LOG_ERR, "initialisation failed");
		pl_conf_free(conf);
		conf = NULL;
	}
	if (listen_path == NULL && FCGX_IsCGI())
		serve_cgi(prog, conf);
	else
		rc = serve_fcgi(prog, conf, sock, nthreads);
	pl_conf_free(conf);
	curl_global_cleanup();
	mysql_library_end();
	return rc;
}
