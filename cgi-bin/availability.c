/*
 * availability: is a site (or one department) online?
 *
 *   GET /availability?site=1-1[&dept=A][&lang=de][&format=json|image]
 *
 * JSON for host apps and pages that paint their own chat button; an SVG
 * button for plain-HTML pages. Public, CORS for every origin, cacheable
 * for a few seconds (with an ETag so polling clients get 304s).
 *
 * A site is online when at least one of its operators is "online" in a
 * department and has sent a heartbeat within presence_timeout seconds.
 * A site its hosting admin suspended is offline, whoever is online.
 * Each process keeps answers for cache_ms milliseconds, so a burst of
 * polls costs one query a second per site and process.
 *
 * Answers: 200, 304; 400 bad parameter; 404 unknown site or department;
 * 405 wrong method; 503 database unreachable (Retry-After).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_escape.h"
#include "pl_log.h"
#include "pl_req.h"
#include "pl_resp.h"
#include "pl_site.h"
#include "pl_text.h"

enum key { KEY_SITE, KEY_DEPT, KEY_LANG, KEY_FORMAT, KEY__MAX };

enum format { FMT_JSON, FMT_IMAGE, FMT__MAX };
static const char *const formats[] = { "json", "image", NULL };

static const struct pl_param params[KEY__MAX] = {
	[KEY_SITE] = { "site", PL_T_SITE, 0, 0, PL_P_REQUIRED, NULL },
	[KEY_DEPT] = { "dept", PL_T_DEPT, 0, 0, 0, NULL },
	[KEY_LANG] = { "lang", PL_T_LANG, 0, 0, 0, NULL },
	[KEY_FORMAT] = { "format", PL_T_ENUM, 0, 0, 0, formats },
};

/* ---- The per-process answer cache ----------------------------------------- */

#define CACHE_SLOTS	64

struct avail {
	struct pl_site_id	code;
	char			lang[8];
	int			found;		/* the site exists */
	int64_t			at;		/* pl_now_ms() when read */
	size_t			ndepts;
	struct pl_dept		depts[PL_DEPTS_MAX];
};

static struct avail	*cache;
static pthread_mutex_t	 cache_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned		 cache_ms;

static int
avail_init(const struct pl_conf *conf)
{
	cache_ms = conf->cache_ms;
	if ((cache = calloc(CACHE_SLOTS, sizeof(*cache))) == NULL)
		return -1;
	return 0;
}

static int
cache_get(const struct pl_site_id *code, const char *lang, struct avail *out)
{
	int64_t	now = pl_now_ms();
	size_t	i;
	int	hit = 0;

	if (cache_ms == 0)
		return 0;
	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].at != 0 && now - cache[i].at < (int64_t)cache_ms &&
		    cache[i].code.customer == code->customer &&
		    cache[i].code.instance == code->instance &&
		    strcmp(cache[i].lang, lang) == 0) {
			*out = cache[i];
			hit = 1;
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void
cache_put(const struct avail *a)
{
	size_t	i, victim = 0;

	if (cache_ms == 0)
		return;
	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].code.customer == a->code.customer &&
		    cache[i].code.instance == a->code.instance &&
		    strcmp(cache[i].lang, a->lang) == 0) {
			victim = i;
			break;
		}
		if (cache[i].at < cache[victim].at)
			victim = i;
	}
	cache[victim] = *a;
	pthread_mutex_unlock(&cache_lock);
}

/* Read the departments and their online state. PL_OK, PL_EDB. */
static int
avail_load(struct pl_req *r, const struct pl_site_id *code, const char *lang,
    struct avail *a)
{
	struct pl_site	site;
	size_t		i;

	memset(a, 0, sizeof(*a));
	a->code = *code;
	snprintf(a->lang, sizeof(a->lang), "%s", lang);
	switch (pl_site_lookup(r->db, code, &site)) {
	case PL_OK:
		a->found = 1;
		break;
	case PL_ENOTFOUND:
		a->at = pl_now_ms();
		return PL_OK;
	default:
		return PL_EDB;
	}
	if (pl_site_depts(r->db, site.id, lang, r->conf->presence_timeout,
	    a->depts, PL_DEPTS_MAX, &a->ndepts) != PL_OK)
		return PL_EDB;
	/* A suspended site takes no chats: offline, whoever is online. */
	for (i = 0; site.suspended && i < a->ndepts; i++)
		a->depts[i].online = 0;
	a->at = pl_now_ms();
	return PL_OK;
}

/* ---- Answers -------------------------------------------------------------- */

static void
answer_json(struct pl_req *r, const struct avail *a, const struct pl_dept *only,
    int online)
{
	cJSON	*root, *arr, *o;
	char	 code[24], id[2] = { 0, 0 };
	size_t	 i;

	snprintf(code, sizeof(code), "%lu-%lu", a->code.customer, a->code.instance);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "site", code);
	if (only != NULL) {
		id[0] = only->id;
		cJSON_AddStringToObject(root, "dept", id);
	}
	cJSON_AddBoolToObject(root, "online", online);
	arr = cJSON_AddArrayToObject(root, "departments");
	for (i = 0; i < a->ndepts; i++) {
		if (only != NULL && &a->depts[i] != only)
			continue;
		id[0] = a->depts[i].id;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "name", a->depts[i].name);
		cJSON_AddBoolToObject(o, "online", a->depts[i].online);
		cJSON_AddItemToArray(arr, o);
	}
	pl_json(r, 200, root);
}

static void
answer_image(struct pl_req *r, const char *lang, int online)
{
	struct pl_buf	 b;
	const char	*text = pl_text(lang,
	    online ? PL_TX_BUTTON_ONLINE : PL_TX_BUTTON_OFFLINE);

	pl_buf_init(&b);
	pl_buf_printf(&b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"180\" height=\"40\""
	    " viewBox=\"0 0 180 40\" role=\"img\" aria-label=\"");
	pl_esc_xml(&b, text, strlen(text));
	pl_buf_printf(&b, "\"><rect width=\"180\" height=\"40\" rx=\"8\" fill=\"%s\"/>"
	    "<circle cx=\"20\" cy=\"20\" r=\"6\" fill=\"%s\"/>"
	    "<text x=\"34\" y=\"25\" font-family=\"sans-serif\" font-size=\"14\""
	    " fill=\"#ffffff\">",
	    online ? "#1a7f37" : "#6e7781", online ? "#7ee787" : "#d0d7de");
	pl_esc_xml(&b, text, strlen(text));
	pl_buf_puts(&b, "</text></svg>\n");
	pl_raw_body(r, 200, "image/svg+xml; charset=utf-8", b.p, b.len);
	pl_buf_free(&b);
}

/*
 * GET: parameters site (required), dept, lang, format.
 * 200/304 with the state; 404 unknown site/department; 503 DB down.
 */
static void
h_availability(struct pl_req *r)
{
	const struct pl_value	*site = PL_V(r, KEY_SITE);
	const struct pl_value	*dept = PL_V(r, KEY_DEPT);
	const struct pl_value	*lv = PL_V(r, KEY_LANG);
	char			 lang[8] = "en";
	struct avail		*a = NULL;
	const struct pl_dept	*only = NULL;
	int			 online = 0;
	size_t			 i;

	if (lv->present)
		snprintf(lang, sizeof(lang), "%.*s", (int)lv->len, lv->s);
	if ((a = malloc(sizeof(*a))) == NULL) {
		pl_error_internal(r);
		return;
	}
	if (!cache_get(&site->site, lang, a)) {
		if (avail_load(r, &site->site, lang, a) != PL_OK) {
			pl_error_db(r);
			goto out;
		}
		cache_put(a);
	}
	if (!a->found) {
		pl_error(r, 404, "unknown_site", "site", "no such site");
		goto out;
	}
	for (i = 0; i < a->ndepts; i++) {
		if (dept->present && a->depts[i].id == (char)dept->i)
			only = &a->depts[i];
		if (a->depts[i].online)
			online = 1;
	}
	if (dept->present) {
		if (only == NULL) {
			pl_error(r, 404, "unknown_department", "dept",
			    "no such department");
			goto out;
		}
		online = only->online;
	}
	if (PL_V(r, KEY_FORMAT)->present && PL_V(r, KEY_FORMAT)->i == FMT_IMAGE) {
		answer_image(r, lang, online);
		r->html = 0;
	} else
		answer_json(r, a, only, online);
	pl_cache(r, "public, max-age=5");
	pl_etag(r);
out:
	free(a);
}

static const struct pl_route routes[] = {
	{ "", PL_M_GET, params, KEY__MAX, PL_R_CORS, 0, h_availability },
};

static const struct pl_program program = {
	"availability", routes, sizeof(routes) / sizeof(routes[0]), avail_init,
	NULL,
};

int
main(int argc, char **argv)
{
	return pl_main(&program, argc, argv);
}
