/*
 * pl_stats.c: daily aggregates and the admin's statistics (see pl_stats.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_db.h"
#include "pl_stats.h"

#define DUE_PAGE	100	/* sites looked at per query */
#define CHUNK_DAYS	31	/* days rolled up per transaction */
#define TRIES		3	/* a deadlock: the transaction again */

/* ---- days ------------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long
days_from_civil(long y, long m, long d)
{
	long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(long y, long m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

int
pl_stats_day_parse(const char *s, size_t len, long *day)
{
	long long	y, m, d;

	if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-' ||
	    pl_parse_ll(s, 4, 1970, 9999, &y) != PL_OK ||
	    s[5] < '0' || s[5] > '9' || s[8] < '0' || s[8] > '9' ||
	    pl_parse_ll(s + 5, 2, 1, 12, &m) != PL_OK ||
	    pl_parse_ll(s + 8, 2, 1, 31, &d) != PL_OK ||
	    d > month_days((long)y, (long)m))
		return PL_EINVAL;
	*day = days_from_civil((long)y, (long)m, (long)d);
	return PL_OK;
}

void
pl_stats_day_format(long z, char out[11])
{
	long	era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = m = d = 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	    (unsigned)d % 100u);
}

int
pl_stats_range(const char *from, size_t flen, const char *to, size_t tlen,
    long *d0, long *d1, const char **bad)
{
	*bad = NULL;
	if (pl_stats_day_parse(from, flen, d0) != PL_OK)
		*bad = "from";
	else if (pl_stats_day_parse(to, tlen, d1) != PL_OK || *d1 < *d0 ||
	    *d1 - *d0 >= PL_STATS_DAYS_MAX)
		*bad = "to";
	return *bad == NULL ? PL_OK : PL_EINVAL;
}

long long
pl_stats_median(const struct pl_stats_bin *b, size_t n, double *median)
{
	long long	total = 0, lo, hi, seen = 0, vlo = 0, vhi = 0;
	size_t		i;
	int		got_lo = 0;

	*median = 0;
	for (i = 0; i < n; i++)
		total += b[i].count > 0 ? b[i].count : 0;
	if (total == 0)
		return 0;
	/* The values at positions lo and hi (1-based); equal when total is odd. */
	lo = (total + 1) / 2;
	hi = total / 2 + 1;
	for (i = 0; i < n; i++) {
		if (b[i].count <= 0)
			continue;
		seen += b[i].count;
		if (!got_lo && seen >= lo) {
			vlo = b[i].value;
			got_lo = 1;
		}
		if (seen >= hi) {
			vhi = b[i].value;
			break;
		}
	}
	*median = ((double)vlo + (double)vhi) / 2.0;
	return total;
}

/* ---- the roll-up ---------------------------------------------------------------- */

struct due {
	long long	site;
	long		first, last;
};

/* Site-days from d0 through d1 as aggregates, in one transaction. */
static int
rollup_chunk(struct pl_db *db, long long site, long d0, long d1)
{
	static const enum pl_stmt steps[] = { ST_STATS_CLEAR, ST_STATS_ROLLUP, ST_STATS_MARK };
	struct pl_q	q;
	char		a[11], b[11];
	size_t		k;
	int		rc = PL_EDB, try;

	pl_stats_day_format(d0, a);
	pl_stats_day_format(d1, b);
	for (try = 0; try < TRIES; try++) {
		if (pl_db_begin(db) != PL_OK)
			return PL_EDB;
		for (k = 0, rc = PL_OK; rc == PL_OK && k < sizeof(steps) / sizeof(steps[0]); k++) {
			pl_q_init(&q, db, steps[k]);
			pl_q_int(&q, site);
			if (steps[k] != ST_STATS_MARK)
				pl_q_cstr(&q, a);
			pl_q_cstr(&q, b);
			rc = pl_q_run(&q);
		}
		if (rc == PL_OK && (rc = pl_db_commit(db)) == PL_OK)
			return PL_OK;
		pl_db_rollback(db);
		if (rc != PL_ERETRY)
			break;
	}
	return PL_EDB;
}

/* The next sites after `after` with days to roll up. */
static int
due_page(struct pl_db *db, long long after, struct due *d, size_t *n)
{
	struct pl_q	q;
	long long	site;
	char		first[16], last[16];
	size_t		fl, ll;
	int		rc;

	*n = 0;
	pl_q_init(&q, db, ST_STATS_DUE);
	pl_q_int(&q, after);
	pl_q_int(&q, DUE_PAGE);
	pl_q_out_int(&q, &site, NULL);
	pl_q_out_str(&q, first, sizeof(first), &fl, NULL);
	pl_q_out_str(&q, last, sizeof(last), &ll, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1 && *n < DUE_PAGE) {
		d[*n].site = site;
		if (pl_stats_day_parse(first, fl, &d[*n].first) == PL_OK &&
		    pl_stats_day_parse(last, ll, &d[*n].last) == PL_OK)
			(*n)++;
	}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_stats_rollup(struct pl_db *db, long long *days)
{
	struct due	d[DUE_PAGE];
	long long	after = 0;
	long		day, end;
	size_t		n, i;

	*days = 0;
	do {
		if (due_page(db, after, d, &n) != PL_OK)
			return PL_EDB;
		for (i = 0; i < n; i++) {
			for (day = d[i].first; day <= d[i].last; day = end + 1) {
				end = day + CHUNK_DAYS - 1 < d[i].last ? day + CHUNK_DAYS - 1 : d[i].last;
				if (rollup_chunk(db, d[i].site, day, end) != PL_OK)
					return PL_EDB;
				*days += end - day + 1;
			}
			after = d[i].site;
		}
	} while (n == DUE_PAGE);
	return PL_OK;
}

/* ---- reading -------------------------------------------------------------------- */

struct reading {
	struct pl_stats		*st;
	long			 d0;
	struct pl_stats_bin	*bins[2];	/* wait, response */
	size_t			 nbins[2], capbins[2];
	size_t			 capops;
};

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	void	*q;
	size_t	 c = *cap ? *cap * 2 : 16;

	if (need <= *cap)
		return PL_OK;
	if ((q = realloc(*p, c * size)) == NULL)
		return PL_ENOMEM;
	*p = q;
	*cap = c;
	return PL_OK;
}

static void
day_row(struct reading *rd, const char *day, size_t len, const char *metric, long long n)
{
	struct pl_stats_day	*d;
	long			 z;

	if (pl_stats_day_parse(day, len, &z) != PL_OK || z < rd->d0 ||
	    (size_t)(z - rd->d0) >= rd->st->ndays)
		return;
	d = &rd->st->days[z - rd->d0];
	if (strcmp(metric, "visitors") == 0)
		d->visitors = n;
	else if (strcmp(metric, "views") == 0)
		d->views = n;
	else if (strcmp(metric, "started") == 0)
		d->started = n;
	else if (strcmp(metric, "answered") == 0)
		d->answered = n;
	else if (strcmp(metric, "missed") == 0)
		d->missed = n;
	else if (strcmp(metric, "contacts") == 0)
		d->contacts = n;
}

static void
dept_row(struct pl_stats *st, const char *metric, const char *dim, long long n)
{
	struct pl_stats_dept	*d = NULL;
	size_t			 i;

	for (i = 0; i < st->ndepts; i++)
		if (strcmp(st->depts[i].dept, dim) == 0)
			d = &st->depts[i];
	if (d == NULL) {
		if (st->ndepts == PL_STATS_DEPTS_MAX || strlen(dim) > 1)
			return;
		d = &st->depts[st->ndepts++];
		snprintf(d->dept, sizeof(d->dept), "%s", dim);
	}
	if (strcmp(metric, "started") == 0)
		d->started = n;
	else if (strcmp(metric, "answered") == 0)
		d->answered = n;
	else if (strcmp(metric, "missed") == 0)
		d->missed = n;
	else
		d->contacts = n;
}

/* A row with a dimension; takes dim and name (NULL when kept). */
static int
dim_row(struct reading *rd, const char *metric, char **dim, char **name, long long n)
{
	struct pl_stats		*st = rd->st;
	struct pl_stats_item	*it = NULL;
	long long		 v;
	int			 h;

	if (strcmp(metric, "page") == 0 && st->npages < PL_STATS_TOP)
		it = &st->pages[st->npages++];
	else if (strcmp(metric, "referrer") == 0 && st->nreferrers < PL_STATS_TOP)
		it = &st->referrers[st->nreferrers++];
	else if (strcmp(metric, "operator") == 0) {
		if (grow((void **)&st->operators, &rd->capops, st->noperators + 1,
		    sizeof(*st->operators)) != PL_OK)
			return PL_ENOMEM;
		it = &st->operators[st->noperators++];
	} else if ((h = strcmp(metric, "wait") == 0 ? 0 :
	    strcmp(metric, "response") == 0 ? 1 : -1) >= 0) {
		if (pl_parse_ll(*dim, strlen(*dim), 0, 1LL << 40, &v) != PL_OK)
			return PL_OK;
		if (grow((void **)&rd->bins[h], &rd->capbins[h], rd->nbins[h] + 1,
		    sizeof(**rd->bins)) != PL_OK)
			return PL_ENOMEM;
		rd->bins[h][rd->nbins[h]].value = v;
		rd->bins[h][rd->nbins[h]++].count = n;
	} else if (strcmp(metric, "page") != 0 && strcmp(metric, "referrer") != 0)
		dept_row(st, metric, *dim, n);
	if (it != NULL) {
		it->key = *dim;
		it->name = *name;
		it->n = n;
		*dim = *name = NULL;
	}
	return PL_OK;
}

static int
by_count(const void *a, const void *b)
{
	const struct pl_stats_item *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_value(const void *a, const void *b)
{
	const struct pl_stats_bin *x = a, *y = b;

	return x->value < y->value ? -1 : x->value > y->value;
}

static int
by_dept(const void *a, const void *b)
{
	return strcmp(((const struct pl_stats_dept *)a)->dept,
	    ((const struct pl_stats_dept *)b)->dept);
}

/* Orders, totals and medians once every row is in. */
static void
finish(struct reading *rd)
{
	struct pl_stats	*st = rd->st;
	size_t		 i;

	qsort(st->pages, st->npages, sizeof(*st->pages), by_count);
	qsort(st->referrers, st->nreferrers, sizeof(*st->referrers), by_count);
	if (st->noperators > 0)
		qsort(st->operators, st->noperators, sizeof(*st->operators), by_count);
	qsort(st->depts, st->ndepts, sizeof(*st->depts), by_dept);
	for (i = 0; i < 2; i++)
		if (rd->nbins[i] > 0)
			qsort(rd->bins[i], rd->nbins[i], sizeof(**rd->bins), by_value);
	st->wait.n = pl_stats_median(rd->bins[0], rd->nbins[0], &st->wait.median_s);
	st->response.n = pl_stats_median(rd->bins[1], rd->nbins[1], &st->response.median_s);
	for (i = 0; i < st->ndays; i++) {
		st->total.visitors += st->days[i].visitors;
		st->total.views += st->days[i].views;
		st->total.started += st->days[i].started;
		st->total.answered += st->days[i].answered;
		st->total.missed += st->days[i].missed;
		st->total.contacts += st->days[i].contacts;
	}
}

static int
read_rows(struct pl_db *db, unsigned long site, struct reading *rd)
{
	struct pl_q	 q;
	char		 day[16], metric[24], *dim = NULL, *name = NULL;
	size_t		 dl, ml;
	long long	 n;
	int		 rc;

	pl_q_init(&q, db, ST_STATS_READ);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, rd->st->from);
	pl_q_cstr(&q, rd->st->to);
	pl_q_out_str(&q, day, sizeof(day), &dl, NULL);
	pl_q_out_str(&q, metric, sizeof(metric), &ml, NULL);
	pl_q_out_dup(&q, &dim, NULL, NULL);
	pl_q_out_dup(&q, &name, NULL, NULL);
	pl_q_out_int(&q, &n, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1) {
		if (dim == NULL || name == NULL)
			rc = -PL_ENOMEM;
		else if (dl > 0)
			day_row(rd, day, dl, metric, n);
		else if (dim_row(rd, metric, &dim, &name, n) != PL_OK)
			rc = -PL_ENOMEM;
		free(dim);
		free(name);
		dim = name = NULL;
		if (rc < 0)
			break;
	}
	free(dim);	/* a fetch that failed half-way */
	free(name);
	pl_q_done(&q);
	return rc == -PL_ENOMEM ? PL_ENOMEM : rc < 0 ? PL_EDB : PL_OK;
}

int
pl_stats_read(struct pl_db *db, unsigned long site, long d0, long d1, struct pl_stats *st)
{
	struct reading	rd;
	size_t		i;
	int		rc;

	memset(st, 0, sizeof(*st));
	memset(&rd, 0, sizeof(rd));
	if (d1 < d0 || d1 - d0 >= PL_STATS_DAYS_MAX)
		return PL_EINVAL;
	rd.st = st;
	rd.d0 = d0;
	pl_stats_day_format(d0, st->from);
	pl_stats_day_format(d1, st->to);
	st->ndays = (size_t)(d1 - d0 + 1);
	for (i = 0; i < st->ndays; i++)
		pl_stats_day_format(d0 + (long)i, st->days[i].day);
	if ((rc = read_rows(db, site, &rd)) == PL_OK)
		finish(&rd);
	free(rd.bins[0]);
	free(rd.bins[1]);
	return rc;
}

static void
items_free(struct pl_stats_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(it[i].key);
		free(it[i].name);
		it[i].key = it[i].name = NULL;
	}
}

void
pl_stats_free(struct pl_stats *st)
{
	if (st == NULL)
		return;
	items_free(st->pages, st->npages);
	items_free(st->referrers, st->nreferrers);
	if (st->operators != NULL)
		items_free(st->operators, st->noperators);
	free(st->operators);
	st->operators = NULL;
	st->npages = st->nreferrers = st->noperators = 0;
}
