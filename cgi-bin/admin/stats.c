/*
 * stats.c: the site's statistics in the admin area (see docs/API.md,
 * "/admin: statistics"):
 *
 *   GET /stats?from=YYYY-MM-DD&to=YYYY-MM-DD        the figures as JSON
 *   GET /stats.csv?from=...&to=...&table=days|...   one table as CSV
 *
 * Days are UTC days; the range is at most 366 days (default: the 30
 * days up to today). The figures come from pl_stats (daily aggregates,
 * today from the raw rows). Only the site's admins, only their site.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "admin.h"
#include "pl_escape.h"
#include "pl_files.h"
#include "pl_resp.h"
#include "pl_stats.h"

enum key { KEY_FROM, KEY_TO, KEY_TABLE, KEY__MAX };

static const char *const tables[] = {
	"days", "summary", "pages", "referrers", "depts", "operators", NULL
};
enum table { T_DAYS, T_SUMMARY, T_PAGES, T_REFERRERS, T_DEPTS, T_OPERATORS };

static const struct pl_param p_stats[KEY__MAX] = {
	[KEY_FROM] = { "from", PL_T_STR, 1, 10, 0, NULL },
	[KEY_TO] = { "to", PL_T_STR, 1, 10, 0, NULL },
};
static const struct pl_param p_csv[KEY__MAX] = {
	[KEY_FROM] = { "from", PL_T_STR, 1, 10, 0, NULL },
	[KEY_TO] = { "to", PL_T_STR, 1, 10, 0, NULL },
	[KEY_TABLE] = { "table", PL_T_ENUM, 0, 0, 0, tables },
};

/*
 * The range asked for (to: today, from: 29 days before to, when not
 * given), checked before any database work; then the admin's session
 * and the figures. 0, or -1 answered (400, 401, 403, 500, 503).
 */
static int
load(struct pl_req *r, struct pl_stats **out)
{
	struct pl_session	 s;
	struct pl_editor	 who;
	char			 from[11], to[11];
	const char		*bad;
	long			 d0, d1;
	int			 rc;

	*out = NULL;
	pl_stats_day_format((long)(time(NULL) / 86400), to);
	if (PL_V(r, KEY_TO)->present)
		snprintf(to, sizeof(to), "%s", PL_V(r, KEY_TO)->s);
	if (PL_V(r, KEY_FROM)->present)
		snprintf(from, sizeof(from), "%s", PL_V(r, KEY_FROM)->s);
	else if (pl_stats_day_parse(to, strlen(to), &d1) == PL_OK)
		pl_stats_day_format(d1 - 29 < 0 ? 0 : d1 - 29, from);
	else
		snprintf(from, sizeof(from), "%s", to);
	if (pl_stats_range(from, strlen(from), to, strlen(to), &d0, &d1, &bad) != PL_OK) {
		pl_error(r, 400, "invalid_parameter", bad, strcmp(bad, "from") == 0 ?
		    "from: a date YYYY-MM-DD" :
		    "to: a date YYYY-MM-DD, not before from and at most 366 days after it");
		return -1;
	}
	if (admin_auth(r, &s, &who) != 0)
		return -1;
	if ((*out = malloc(sizeof(**out))) == NULL) {
		pl_error_internal(r);
		return -1;
	}
	if ((rc = pl_stats_read(r->db, s.site, d0, d1, *out)) != PL_OK) {
		pl_stats_free(*out);
		free(*out);
		*out = NULL;
		if (rc == PL_ENOMEM)
			pl_error_internal(r);
		else
			pl_error_db(r);
		return -1;
	}
	return 0;
}

/* ---- JSON ------------------------------------------------------------------------ */

static void
add_counts(cJSON *o, const struct pl_stats_day *d)
{
	cJSON_AddNumberToObject(o, "visitors", (double)d->visitors);
	cJSON_AddNumberToObject(o, "views", (double)d->views);
	cJSON_AddNumberToObject(o, "chats_started", (double)d->started);
	cJSON_AddNumberToObject(o, "chats_answered", (double)d->answered);
	cJSON_AddNumberToObject(o, "chats_missed", (double)d->missed);
	cJSON_AddNumberToObject(o, "contacts", (double)d->contacts);
}

static void
add_items(cJSON *root, const char *list, const char *keyname,
    const struct pl_stats_item *it, size_t n, const char *count)
{
	cJSON	*a = cJSON_AddArrayToObject(root, list), *o;
	size_t	 i;

	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, keyname, it[i].key);
		if (strcmp(list, "operators") == 0)
			cJSON_AddStringToObject(o, "name", it[i].name);
		cJSON_AddNumberToObject(o, count, (double)it[i].n);
		cJSON_AddItemToArray(a, o);
	}
}

static void
add_median(cJSON *root, const char *name, const struct pl_stats_median *m)
{
	cJSON *o = cJSON_AddObjectToObject(root, name);

	cJSON_AddNumberToObject(o, "chats", (double)m->n);
	if (m->n > 0)
		cJSON_AddNumberToObject(o, "median_s", m->median_s);
	else
		cJSON_AddNullToObject(o, "median_s");
}

/*
 * GET from, to. 200 {from, to, days: [{day, visitors, views, chats_started,
 * chats_answered, chats_missed, contacts}], totals, pages, referrers,
 * depts, operators, wait, first_response}; 400 from/to; 401; 403; 503.
 */
static void
h_stats(struct pl_req *r)
{
	struct pl_stats	*st;
	cJSON		*root, *days, *o;
	size_t		 i;

	if (load(r, &st) != 0)
		return;
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "from", st->from);
	cJSON_AddStringToObject(root, "to", st->to);
	days = cJSON_AddArrayToObject(root, "days");
	for (i = 0; i < st->ndays; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "day", st->days[i].day);
		add_counts(o, &st->days[i]);
		cJSON_AddItemToArray(days, o);
	}
	add_counts(cJSON_AddObjectToObject(root, "totals"), &st->total);
	add_items(root, "pages", "page", st->pages, st->npages, "views");
	add_items(root, "referrers", "origin", st->referrers, st->nreferrers, "views");
	o = cJSON_AddArrayToObject(root, "depts");
	for (i = 0; i < st->ndepts; i++) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "dept", st->depts[i].dept);
		cJSON_AddNumberToObject(d, "chats_started", (double)st->depts[i].started);
		cJSON_AddNumberToObject(d, "chats_answered", (double)st->depts[i].answered);
		cJSON_AddNumberToObject(d, "chats_missed", (double)st->depts[i].missed);
		cJSON_AddNumberToObject(d, "contacts", (double)st->depts[i].contacts);
		cJSON_AddItemToArray(o, d);
	}
	add_items(root, "operators", "login", st->operators, st->noperators, "chats_answered");
	add_median(root, "wait", &st->wait);
	add_median(root, "first_response", &st->response);
	pl_stats_free(st);
	free(st);
	pl_json(r, 200, root);
}

/* ---- CSV ------------------------------------------------------------------------- */

static void
csv_counts(struct pl_buf *b, const struct pl_stats_day *d)
{
	pl_buf_printf(b, ",%lld,%lld,%lld,%lld,%lld,%lld\r\n", d->visitors, d->views,
	    d->started, d->answered, d->missed, d->contacts);
}

static void
csv_median(struct pl_buf *b, const char *name, const struct pl_stats_median *m)
{
	if (m->n > 0)
		pl_buf_printf(b, "%s,%.1f\r\n", name, m->median_s);
	else
		pl_buf_printf(b, "%s,\r\n", name);
}

static void
csv_summary(struct pl_buf *b, const struct pl_stats *st)
{
	const struct pl_stats_day *t = &st->total;

	pl_buf_printf(b, "metric,value\r\nvisitors,%lld\r\npage_views,%lld\r\n"
	    "chats_started,%lld\r\nchats_answered,%lld\r\nchats_missed,%lld\r\n"
	    "contact_requests,%lld\r\n", t->visitors, t->views, t->started,
	    t->answered, t->missed, t->contacts);
	csv_median(b, "median_wait_s", &st->wait);
	csv_median(b, "median_first_response_s", &st->response);
}

/* Rows of key (and name), count; every text field escaped. */
static void
csv_items(struct pl_buf *b, const char *header, const struct pl_stats_item *it,
    size_t n, int names)
{
	size_t i;

	pl_buf_puts(b, header);
	for (i = 0; i < n; i++) {
		pl_esc_csv(b, it[i].key, strlen(it[i].key));
		if (names) {
			pl_buf_putc(b, ',');
			pl_esc_csv(b, it[i].name, strlen(it[i].name));
		}
		pl_buf_printf(b, ",%lld\r\n", it[i].n);
	}
}

static void
csv_table(struct pl_buf *b, enum table t, const struct pl_stats *st)
{
	size_t i;

	switch (t) {
	case T_DAYS:
		pl_buf_puts(b, "day,visitors,page_views,chats_started,chats_answered,"
		    "chats_missed,contact_requests\r\n");
		for (i = 0; i < st->ndays; i++) {
			pl_buf_puts(b, st->days[i].day);
			csv_counts(b, &st->days[i]);
		}
		break;
	case T_SUMMARY:
		csv_summary(b, st);
		break;
	case T_PAGES:
		csv_items(b, "page,page_views\r\n", st->pages, st->npages, 0);
		break;
	case T_REFERRERS:
		csv_items(b, "referrer,page_views\r\n", st->referrers, st->nreferrers, 0);
		break;
	case T_DEPTS:
		pl_buf_puts(b, "department,chats_started,chats_answered,chats_missed,"
		    "contact_requests\r\n");
		for (i = 0; i < st->ndepts; i++) {
			pl_esc_csv(b, st->depts[i].dept, strlen(st->depts[i].dept));
			pl_buf_printf(b, ",%lld,%lld,%lld,%lld\r\n", st->depts[i].started,
			    st->depts[i].answered, st->depts[i].missed, st->depts[i].contacts);
		}
		break;
	case T_OPERATORS:
		csv_items(b, "login,name,chats_answered\r\n", st->operators, st->noperators, 1);
		break;
	}
}

/*
 * GET from, to, table (days, summary, pages, referrers, depts,
 * operators; default days). 200 text/csv as an attachment; 400; 401;
 * 403; 503.
 */
static void
h_stats_csv(struct pl_req *r)
{
	struct pl_stats	*st;
	struct pl_buf	 b;
	enum table	 t;
	char		 name[80];

	if (load(r, &st) != 0)
		return;
	t = PL_V(r, KEY_TABLE)->present ? (enum table)PL_V(r, KEY_TABLE)->i : T_DAYS;
	pl_buf_init(&b);
	csv_table(&b, t, st);
	snprintf(name, sizeof(name), "plauder-%s-%s-%s.csv", tables[t], st->from, st->to);
	pl_stats_free(st);
	free(st);
	if (b.oom) {
		pl_buf_free(&b);
		pl_error_internal(r);
		return;
	}
	pl_raw_body(r, 200, "text/csv; charset=utf-8", b.p, b.len);
	pl_file_disposition(r, "attachment", name);
	pl_buf_free(&b);
}

/* ---- routes ---------------------------------------------------------------------- */

#define R(path, p, h)	{ path, PL_M_GET, p, KEY__MAX, PL_R_DB, 0, h }

const struct pl_route stats_routes[] = {
	R("/stats", p_stats, h_stats),
	R("/stats.csv", p_csv, h_stats_csv),
};

const size_t stats_nroutes = sizeof(stats_routes) / sizeof(stats_routes[0]);
