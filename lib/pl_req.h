/*
 * pl_req.h: one request, from arrival to answer, and the program loop
 * that serves plain CGI and FastCGI from the same binary.
 *
 * Every program declares its routes (PATH_INFO + methods + parameter
 * table + handler) and calls pl_main(). The fixed order for each request:
 * read and bound the input, match route and method, parse parameters
 * into typed values (400 on bad input), connect to the database and look
 * up the site when the route needs it (503 / 404), run the handler, write
 * the answer with the security headers, free everything the request
 * owned. Nothing of one request survives into the next.
 */
#ifndef PL_REQ_H
#define PL_REQ_H

#include <stddef.h>
#include <stdint.h>
#include "pl_util.h"
#include "pl_form.h"
#include "pl_param.h"
#include "pl_conf.h"

struct cJSON;
struct pl_db;
struct pl_req;

enum pl_method {
	PL_M_GET	= 0x01,
	PL_M_HEAD	= 0x02,
	PL_M_POST	= 0x04,
	PL_M_OPTIONS	= 0x08,
	PL_M_PUT	= 0x10,
	PL_M_DELETE	= 0x20,
	PL_M_OTHER	= 0x40
};

/* Route flags. */
#define PL_R_DB		0x01	/* connect to the database first (503 when down) */
#define PL_R_SITE	0x02	/* look up the "site" parameter (404 when unknown, 403 when
				   suspended); implies PL_R_DB */
#define PL_R_CORS	0x04	/* public endpoint: Access-Control-Allow-Origin: * */
#define PL_R_RAWBODY	0x08	/* body kept raw (uploads), up to conf upload_max */

struct pl_route {
	const char		*path;		/* PATH_INFO to match; "" is the program itself */
	unsigned		 methods;	/* PL_M_* mask; HEAD is served where GET is */
	const struct pl_param	*params;
	size_t			 nparams;
	unsigned		 flags;		/* PL_R_* */
	size_t			 max_body;	/* bytes; 0: PL_DEFAULT_MAX_BODY */
	void			(*handler)(struct pl_req *);
};

#define PL_DEFAULT_MAX_BODY	(64 * 1024)

struct pl_program {
	const char		*name;
	const struct pl_route	*routes;
	size_t			 nroutes;
	/* Optional: called once per process after the config is read. */
	int			(*init)(const struct pl_conf *);
	/* Optional: called once when running threaded (--threads N > 1). */
	int			(*threaded_init)(const struct pl_conf *);
};

struct pl_req {
	/* Read-only for handlers. */
	char			 reqid[17];
	const struct pl_conf	*conf;
	struct pl_db		*db;
	enum pl_method		 method;
	const char		*path;		/* PATH_INFO, "" when none */
	const struct pl_route	*route;
	struct pl_kvlist	 query;
	struct pl_kvlist	 body;		/* urlencoded or JSON scalars */
	struct pl_kvlist	 cookies;
	struct pl_kvlist	 secrets;	/* token, visitor_token from X-Plauder-* headers */
	struct cJSON		*json;		/* JSON body, or NULL */
	struct pl_value		 v[PL_MAX_PARAMS];	/* indexed like route->params */
	struct pl_site		 site;		/* PL_R_SITE routes */

	/* The answer, built by handlers through pl_resp.h. */
	int			 status;
	const char		*ctype;
	struct pl_buf		 hdr;
	struct pl_buf		 out;
	int			 html;		/* answer is HTML: stricter CSP */
	int			 no_default_cache;	/* handler set Cache-Control */

	/* Private to the framework. */
	char			**envp;
	void			*fcgx;		/* FCGX_Request *, NULL under CGI */
	char			*rawbody;
	size_t			 rawbody_len;
	void			*pool;		/* threaded daemon: shared connections */
};

/* 1 when serving plain CGI (one request per process). */
int	pl_req_is_cgi(const struct pl_req *);
/*
 * Around a long wait in a threaded daemon: give the database connection
 * back to the pool, and take one again (r->db is NULL in between).
 * No-ops when the process owns its connection.
 */
void	pl_req_db_release(struct pl_req *);
void	pl_req_db_acquire(struct pl_req *);

/* A CGI variable (REMOTE_ADDR, HTTP_ORIGIN, ...) or NULL. */
const char	*pl_env(const struct pl_req *, const char *name);

/* The value of a parsed parameter by its index in the route's table. */
#define PL_V(req, idx)	(&(req)->v[(idx)])

/* Run the program: CGI (one request) or FastCGI (loop). Returns exit code. */
int	pl_main(const struct pl_program *, int argc, char **argv);

/*
 * Serve one request from an environment, a body and a writer: used by
 * pl_main and by tests. write(ctx, buf, len) receives the whole answer
 * (CGI header block + body) at once.
 */
struct pl_io {
	char	**envp;
	long	(*read)(void *ctx, char *buf, size_t len);
	int	(*write)(void *ctx, const char *buf, size_t len);
	/* Optional: bound the next reads to ms from now (0: unbounded). 0 or -1. */
	int	(*deadline)(void *ctx, int64_t ms);
	void	 *ctx;
	void	 *fcgx;
	void	 *pool;
};
void	pl_serve(const struct pl_program *, const struct pl_conf *,
	    struct pl_db *, struct pl_io *);

#endif
