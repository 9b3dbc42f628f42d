/*
 * pl_stats.h: the admin area's statistics (domain layer). Raw page
 * views, chats and contact requests are rolled up per site and UTC day
 * into daily_stats (schema/021_stats.sql) once the day is complete, by
 * plauder-purge before it deletes raw rows, so the figures outlive them.
 * A read over a range takes the rolled-up days from daily_stats and the
 * others (today) from the raw rows, through the same SQL.
 *
 * Days are counted as days since 1970-01-01 (UTC) and written
 * YYYY-MM-DD.
 */
#ifndef PL_STATS_H
#define PL_STATS_H

#include <stddef.h>

#include "pl_util.h"

struct pl_db;

#define PL_STATS_DAYS_MAX	366	/* days in one read */
#define PL_STATS_TOP		20	/* top pages, top referrers */
#define PL_STATS_DEPTS_MAX	63	/* departments and "none" */

struct pl_stats_day {
	char		day[11];		/* YYYY-MM-DD */
	long long	visitors;		/* distinct visitors of the day */
	long long	views;
	long long	started;
	long long	answered;
	long long	missed;
	long long	contacts;
};

/* A page, a referrer origin or an operator (key: its login). */
struct pl_stats_item {
	char		*key;
	char		*name;			/* operators: the display name, else "" */
	long long	 n;
};

struct pl_stats_dept {
	char		dept[2];		/* "" : no department */
	long long	started;
	long long	answered;
	long long	missed;
	long long	contacts;
};

/* A median in seconds over n chats (median_s is 0 when n is 0). */
struct pl_stats_median {
	long long	n;
	double		median_s;
};

/* One bin of a histogram: count chats that took value seconds. */
struct pl_stats_bin {
	long long	value;
	long long	count;
};

/* What a read gives; pl_stats_free frees what it allocated. */
struct pl_stats {
	char			from[11], to[11];
	size_t			ndays;
	struct pl_stats_day	days[PL_STATS_DAYS_MAX];	/* every day, in order */
	struct pl_stats_day	total;				/* day is "" */
	size_t			npages, nreferrers, ndepts, noperators;
	struct pl_stats_item	pages[PL_STATS_TOP];		/* most views first */
	struct pl_stats_item	referrers[PL_STATS_TOP];
	struct pl_stats_dept	depts[PL_STATS_DEPTS_MAX];	/* by department */
	struct pl_stats_item	*operators;			/* most answered first */
	struct pl_stats_median	wait;		/* from start to accept */
	struct pl_stats_median	response;	/* from start to the first operator message */
};

/* ---- pure helpers ------------------------------------------------------------- */

/* "YYYY-MM-DD" (a real date, 1970-9999) to its day number. PL_OK or PL_EINVAL. */
int	pl_stats_day_parse(const char *s, size_t len, long *day);
/* A day number as YYYY-MM-DD. */
void	pl_stats_day_format(long day, char out[11]);
/*
 * The range from..to: both dates, from <= to, at most PL_STATS_DAYS_MAX
 * days. PL_OK, or PL_EINVAL with *bad naming "from" or "to".
 */
int	pl_stats_range(const char *from, size_t flen, const char *to, size_t tlen,
	    long *d0, long *d1, const char **bad);
/*
 * The median of a histogram whose bins are sorted by value (the mean of
 * the two middle values when the count is even). Returns the count.
 */
long long pl_stats_median(const struct pl_stats_bin *, size_t n, double *median);

/* ---- the database ------------------------------------------------------------- */

/*
 * Roll up every site's complete days (before today, UTC) that are not
 * rolled up yet, a month of days per transaction; re-running finds
 * nothing to do, and rolling a range up again replaces its rows.
 * *days: site-days rolled up. PL_OK or PL_EDB.
 */
int	pl_stats_rollup(struct pl_db *, long long *days);

/*
 * Site's figures from day d0 through d1 (pl_stats_range checked them)
 * into *out (caller's, zeroed here). PL_OK, PL_ENOMEM or PL_EDB; free
 * with pl_stats_free either way.
 */
int	pl_stats_read(struct pl_db *, unsigned long site, long d0, long d1,
	    struct pl_stats *out);
void	pl_stats_free(struct pl_stats *);

#endif
