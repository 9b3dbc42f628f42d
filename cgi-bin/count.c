/*
 * count: a page view, sent by the loader's tracking variant only (never
 * with count=no; see docs/API.md, "/count").
 *
 *   GET|POST /count?site=N-M&page=&title=&ref=&dept=&lang=&visitor=&data=
 *
 * Answers 204 once the hit is committed. Nothing of the client's address
 * but its anonymised form is handed on; the referrer keeps only its
 * origin; the page loses its query unless the site keeps queries. Under
 * a threaded daemon the hits of many requests share one transaction
 * (lib/pl_count.c); a flood from one address, or for one site, is capped
 * in memory there, and in the database under CGI.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_answer.h"
#include "pl_count.h"
#include "pl_ip.h"
#include "pl_rdns.h"
#include "pl_log.h"
#include "pl_req.h"
#include "pl_resp.h"

#define REQ		PL_P_REQUIRED
#define DATA_KEYS	20	/* visitor data: at most this many values */
#define WAIT_MS		3000	/* for the committer, before 503 */

enum key {
	KEY_SITE, KEY_PAGE, KEY_TITLE, KEY_REF, KEY_DEPT, KEY_LANG, KEY_VISITOR,
	KEY_DATA, KEY__MAX
};

static const struct pl_param params[KEY__MAX] = {
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, REQ, NULL },
	[KEY_PAGE] = { "page", PL_T_STR, 1, 2048, REQ, NULL },
	[KEY_TITLE] = { "title", PL_T_STR, 0, 255, 0, NULL },
	[KEY_REF] = { "ref", PL_T_STR, 0, 2048, 0, NULL },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_LANG] = { "lang", PL_T_LANG, 0, 0, 0, NULL },
	/* the tracking snippet's first-party id (not on cookieless sites) */
	[KEY_VISITOR] = { "visitor", PL_T_TOKEN, 16, 64, 0, NULL },
	[KEY_DATA] = { "data", PL_T_STR, 0, 2048, 0, NULL },
};

/* ---- the flood cap of a daemon: per address and minute, in memory ---------- */

#define CAP_SLOTS	4096

struct cap {
	char	addr[64];
	time_t	window;
	unsigned n;
};

static struct cap	*caps;
static pthread_mutex_t	 caps_mu = PTHREAD_MUTEX_INITIALIZER;

/* Non-zero when addr (or a site's key) has used up this minute's hits. */
static int
capped(const char *addr, unsigned max)
{
	uint32_t	 h = 2166136261u;
	const char	*p;
	struct cap	*c;
	time_t		 now = time(NULL) / 60;
	int		 over;

	if (max == 0 || caps == NULL)
		return 0;
	for (p = addr; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	pthread_mutex_lock(&caps_mu);
	c = &caps[h % CAP_SLOTS];
	if (c->window != now || strcmp(c->addr, addr) != 0) {
		snprintf(c->addr, sizeof(c->addr), "%s", addr);
		c->window = now;
		c->n = 0;
	}
	over = ++c->n > max;
	pthread_mutex_unlock(&caps_mu);
	return over;
}

static int
count_init(const struct pl_conf *conf)
{
	if ((caps = calloc(CAP_SLOTS, sizeof(*caps))) == NULL)
		return -1;
	if (conf->reverse_dns && pl_rdns_start() != 0)
		return -1;
	return pl_count_start(conf);
}

/* ---- the hit ---------------------------------------------------------------- */

/* The origin of an http(s) URL ("" for anything else). */
static void
origin_of(const char *url, char *out, size_t sz)
{
	const char	*host, *end;

	out[0] = '\0';
	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return;
	end = host + strcspn(host, "/?#");
	if (end == host || (size_t)(end - url) >= sz || memchr(host, '@', (size_t)(end - host)))
		return;	/* no host, too long, or credentials in it */
	snprintf(out, sz, "%.*s", (int)(end - url), url);
}

/* Visitor data: a JSON object of at most DATA_KEYS text or number values. */
static int
data_ok(const char *s)
{
	cJSON	*o, *v;
	int	 n = 0, ok;

	if (s[0] == '\0')
		return 1;
	if ((o = cJSON_Parse(s)) == NULL)
		return 0;
	ok = cJSON_IsObject(o);
	cJSON_ArrayForEach(v, o)
		if (++n > DATA_KEYS || !(cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsNull(v)))
			ok = 0;
	cJSON_Delete(o);
	return ok;
}

static const char *
val(struct pl_req *r, enum key k)
{
	const struct pl_value *v = PL_V(r, k);

	return v->present ? v->s : "";
}

/* 0, or -1 answered (400). */
static int
hit_of(struct pl_req *r, struct pl_hit *h)
{
	char full[64];

	memset(h, 0, sizeof(*h));
	h->site = PL_V(r, KEY_SITE)->site;
	if (strncmp(val(r, KEY_PAGE), "http://", 7) != 0 &&
	    strncmp(val(r, KEY_PAGE), "https://", 8) != 0) {
		pl_error(r, 400, "invalid_parameter", "page", "page: an http(s) URL");
		return -1;
	}
	if (!data_ok(val(r, KEY_DATA))) {
		pl_error(r, 400, "invalid_parameter", "data",
		    "data: a JSON object of at most 20 text, number or null values");
		return -1;
	}
	snprintf(h->page, sizeof(h->page), "%s", val(r, KEY_PAGE));
	snprintf(h->title, sizeof(h->title), "%s", val(r, KEY_TITLE));
	origin_of(val(r, KEY_REF), h->referrer, sizeof(h->referrer));
	h->dept = PL_V(r, KEY_DEPT)->present ? (char)PL_V(r, KEY_DEPT)->i : 0;
	snprintf(h->lang, sizeof(h->lang), "%s", val(r, KEY_LANG));
	snprintf(h->visitor, sizeof(h->visitor), "%s", val(r, KEY_VISITOR));
	snprintf(h->data, sizeof(h->data), "%s", val(r, KEY_DATA));
	pl_answer_client(r, h->addr, sizeof(h->addr));
	pl_answer_agent(r, h->agent, sizeof(h->agent));
	if (r->conf->reverse_dns) {
		pl_ip_client(pl_env(r, "REMOTE_ADDR"), pl_env(r, "HTTP_X_FORWARDED_FOR"),
		    r->conf->trusted_proxies, full, sizeof(full));
		pl_rdns_lookup(full, h->host, sizeof(h->host));
	}
	return 0;
}

/* 204 counted; 400; 404 unknown (or suspended) site; 429; 503. */
static void
h_count(struct pl_req *r)
{
	struct pl_hit	*h;
	char		 key[96];
	int		 rc;

	if ((h = malloc(sizeof(*h))) == NULL) {
		pl_error_internal(r);
		return;
	}
	if (hit_of(r, h) != 0)
		goto out;
	if (pl_count_running()) {
		/* Nothing to read first: the pooled connection goes back at once. */
		pl_req_db_release(r);
		snprintf(key, sizeof(key), "site:%lu-%lu", h->site.customer, h->site.instance);
		if (capped(h->addr, r->conf->limit_count_addr) ||
		    capped(key, r->conf->limit_count_site)) {
			pl_error(r, 429, "rate_limited", NULL,
			    "too many page views from this address or for this site");
			pl_header(r, "Retry-After", "60");
			goto out;
		}
		rc = pl_count_submit(h, WAIT_MS);
		if (rc == PL_ELIMIT) {
			pl_error(r, 503, "busy", NULL, "too many page views at once; try again");
			goto out;
		}
	} else {
		snprintf(key, sizeof(key), "count:%s", h->addr);
		if (pl_answer_limit(r, key, 60, r->conf->limit_count_addr) != 0)
			goto out;
		snprintf(key, sizeof(key), "count:s%lu-%lu", h->site.customer, h->site.instance);
		if (pl_answer_limit(r, key, 60, r->conf->limit_count_site) != 0)
			goto out;
		rc = pl_count_store(r->db, h, 1);
	}
	if (rc != PL_OK || h->rc == PL_EDB)
		pl_error_db(r);
	else if (h->rc == PL_ENOTFOUND)
		pl_error(r, 404, "unknown_site", "site", "no such site");
	else {
		pl_cache(r, "no-store");
		pl_raw_body(r, 204, "text/plain", "", 0);
	}
out:
	free(h);
}

static const struct pl_route routes[] = {
	{ "", PL_M_GET | PL_M_POST, params, KEY__MAX, PL_R_DB | PL_R_CORS, 0, h_count },
};

static const struct pl_program program = {
	"count", routes, sizeof(routes) / sizeof(routes[0]), NULL, count_init,
};

int
main(int argc, char **argv)
{
	return pl_main(&program, argc, argv);
}
