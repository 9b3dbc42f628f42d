/*
 * pl_resp.c: building answers: JSON through cJSON, errors in one shape,
 * headers cleaned of control characters, conditional GET.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "pl_escape.h"
#include "pl_log.h"
#include "pl_req.h"
#include "pl_resp.h"

const char *
pl_status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void
pl_header(struct pl_req *r, const char *name, const char *value)
{
	pl_buf_puts(&r->hdr, name);
	pl_buf_puts(&r->hdr, ": ");
	pl_esc_httphdr(&r->hdr, value, strlen(value));
	pl_buf_puts(&r->hdr, "\r\n");
}

void
pl_raw_body(struct pl_req *r, int status, const char *ctype,
    const void *data, size_t len)
{
	r->status = status;
	r->ctype = ctype;
	pl_buf_reset(&r->out);
	pl_buf_add(&r->out, data, len);
}

void
pl_json(struct pl_req *r, int status, cJSON *obj)
{
	char	*s;

	if (obj == NULL || (s = cJSON_PrintUnformatted(obj)) == NULL) {
		cJSON_Delete(obj);
		pl_log(r->reqid, PL_LOG_ERR, "out of memory building JSON");
		r->status = 500;
		r->ctype = "application/json; charset=utf-8";
		pl_buf_reset(&r->out);
		pl_buf_puts(&r->out, "{\"error\":{\"code\":\"internal\","
		    "\"message\":\"internal error\"}}");
		return;
	}
	pl_raw_body(r, status, "application/json; charset=utf-8", s, strlen(s));
	cJSON_free(s);
	cJSON_Delete(obj);
}

void
pl_error(struct pl_req *r, int status, const char *code, const char *field,
    const char *message)
{
	cJSON	*root, *e;

	/* An error replaces whatever the handler had prepared. */
	pl_buf_reset(&r->hdr);
	r->no_default_cache = 0;
	root = cJSON_CreateObject();
	e = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	if (field != NULL)
		cJSON_AddStringToObject(e, "field", field);
	cJSON_AddStringToObject(e, "request_id", r->reqid);
	if (status == 503) {
		char ra[16];

		snprintf(ra, sizeof(ra), "%u",
		    r->conf != NULL ? r->conf->retry_after : 5);
		pl_header(r, "Retry-After", ra);
	}
	pl_json(r, status, root);
	r->html = 0;
}

void
pl_error_db(struct pl_req *r)
{
	pl_error(r, 503, "unavailable", NULL,
	    "the service is briefly unavailable; please retry");
}

void
pl_error_internal(struct pl_req *r)
{
	pl_log(r->reqid, PL_LOG_ERR, "internal error answered 500");
	pl_error(r, 500, "internal", NULL, "internal error");
}

/* A suspended site (pl_site.h): its data stays, it takes no new work. */
void
pl_error_suspended(struct pl_req *r)
{
	pl_error(r, 403, "site_suspended", "site",
	    "this site is suspended by its hosting provider");
}

void
pl_cache(struct pl_req *r, const char *cc)
{
	pl_header(r, "Cache-Control", cc);
	r->no_default_cache = 1;
}

void
pl_etag(struct pl_req *r)
{
	unsigned char	 h[12];
	char		 hex[sizeof(h) * 2 + 1], tag[sizeof(hex) + 4];
	const char	*inm;

	crypto_generichash(h, sizeof(h), (const unsigned char *)r->out.p,
	    r->out.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(tag, sizeof(tag), "\"%s\"", hex);
	pl_header(r, "ETag", tag);
	if ((inm = pl_env(r, "HTTP_IF_NONE_MATCH")) != NULL &&
	    strstr(inm, tag) != NULL && r->status == 200) {
		r->status = 304;
		pl_buf_reset(&r->out);
	}
}
