/*
 * pl_resp.h: building answers. JSON only through cJSON; errors in one
 * shape: {"error": {"code": "...", "message": "...", "field": "..."}}.
 * Security headers and CORS are added in one place (pl_req.c) when the
 * answer is written.
 */
#ifndef PL_RESP_H
#define PL_RESP_H

#include <stddef.h>

struct cJSON;
struct pl_req;

/* Add a header; the value is cleaned of CR/LF/control bytes. */
void	pl_header(struct pl_req *, const char *name, const char *value);

/* Answer with a JSON document (takes ownership of obj, frees it). */
void	pl_json(struct pl_req *, int status, struct cJSON *obj);

/*
 * Answer with an error. code is a stable machine-readable word
 * ("invalid_parameter", "not_found", ...); field may be NULL.
 * 503 answers carry Retry-After.
 */
void	pl_error(struct pl_req *, int status, const char *code,
	    const char *field, const char *message);

/* Shorthands for the common cases. */
void	pl_error_db(struct pl_req *);		/* 503 + Retry-After */
void	pl_error_internal(struct pl_req *);	/* 500: a bug; logged */
void	pl_error_suspended(struct pl_req *);	/* 403 site_suspended */

/* Raw body with a content type: the one plainly named unescaped writer. */
void	pl_raw_body(struct pl_req *, int status, const char *ctype,
	    const void *data, size_t len);

/* Cache-Control for this answer (default: no-store). */
void	pl_cache(struct pl_req *, const char *cache_control);

/*
 * Conditional GET: set ETag from the body already built and, when the
 * request's If-None-Match matches, turn the answer into 304.
 */
void	pl_etag(struct pl_req *);

const char *pl_status_text(int status);

#endif
