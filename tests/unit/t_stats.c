/*
 * t_stats.c: unit tests for the pure parts of the statistics: CSV fields
 * (quoting, doubled quotes, no formulas), dates and ranges, and medians
 * from histograms.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "pl_escape.h"
#include "pl_stats.h"
#include "pl_util.h"
#include "tap.h"

static void
csv_is(const char *in, const char *want)
{
	struct pl_buf	b;
	int		rc;

	pl_buf_init(&b);
	rc = pl_esc_csv(&b, in, strlen(in));
	is_int(rc, PL_OK, "csv %s: rc", want);
	is_str(pl_buf_cstr(&b), want, "csv field of [%s]", in);
	pl_buf_free(&b);
}

static void
test_csv(void)
{
	csv_is("", "\"\"");
	csv_is("plain", "\"plain\"");
	csv_is("a,b", "\"a,b\"");
	csv_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_is("\"", "\"\"\"\"");
	csv_is("two\nlines", "\"two\nlines\"");
	csv_is("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	csv_is("+1", "\"'+1\"");
	csv_is("-2", "\"'-2\"");
	csv_is("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_is("\tx", "\"'\tx\"");
	csv_is("a=b", "\"a=b\"");
	csv_is("Jörg", "\"Jörg\"");
}

static void
day_is(const char *s, int valid, long want)
{
	long	d = -1;
	int	rc = pl_stats_day_parse(s, strlen(s), &d);
	char	back[11];

	is_int(rc, valid ? PL_OK : PL_EINVAL, "day [%s] %s", s, valid ? "valid" : "refused");
	if (valid && rc == PL_OK) {
		is_int(d, want, "day %s is %ld", s, want);
		pl_stats_day_format(d, back);
		is_str(back, s, "day %s written back", s);
	}
}

static void
test_days(void)
{
	const char	*bad;
	long		 d0, d1, z;
	char		 out[11];
	int		 ok_all = 1;

	day_is("1970-01-01", 1, 0);
	day_is("2000-03-01", 1, 11017);
	day_is("2024-02-29", 1, 19782);
	day_is("2023-02-29", 0, 0);
	day_is("2100-02-29", 0, 0);
	day_is("2024-04-31", 0, 0);
	day_is("2024-13-01", 0, 0);
	day_is("2024-00-10", 0, 0);
	day_is("2024-1-10", 0, 0);
	day_is("2024-01-1x", 0, 0);
	day_is("2024/01/10", 0, 0);
	day_is("2024-01--1", 0, 0);
	day_is("1969-12-31", 0, 0);
	day_is(" 024-01-10", 0, 0);
	for (z = 0; z < 40000 && ok_all; z += 7) {
		pl_stats_day_format(z, out);
		ok_all = pl_stats_day_parse(out, strlen(out), &d0) == PL_OK && d0 == z;
	}
	ok(ok_all, "every 7th day up to 2079 goes there and back");

	is_int(pl_stats_range("2024-01-01", 10, "2024-12-31", 10, &d0, &d1, &bad), PL_OK,
	    "366 days are a range");
	is_int(d1 - d0, 365, "from and to included");
	is_int(pl_stats_range("2024-01-01", 10, "2025-01-01", 10, &d0, &d1, &bad), PL_EINVAL,
	    "367 days are too many");
	is_str(bad, "to", "... and to is named");
	is_int(pl_stats_range("2024-02-02", 10, "2024-02-01", 10, &d0, &d1, &bad), PL_EINVAL,
	    "to before from is refused");
	is_str(bad, "to", "... naming to");
	is_int(pl_stats_range("yesterday", 9, "2024-02-01", 10, &d0, &d1, &bad), PL_EINVAL,
	    "a word is not a date");
	is_str(bad, "from", "... naming from");
	is_int(pl_stats_range("2024-02-01", 10, "2024-02-01", 10, &d0, &d1, &bad), PL_OK,
	    "one day is a range");
}

static void
median_is(const struct pl_stats_bin *b, size_t n, long long want_n, double want)
{
	double		m = -1;
	long long	got = pl_stats_median(b, n, &m);

	is_int(got, want_n, "median over %lld chats", want_n);
	ok(m == want, "median %.1f (got %.1f)", want, m);
}

static void
test_median(void)
{
	const struct pl_stats_bin odd[] = { { 3, 1 }, { 5, 1 }, { 40, 1 } };
	const struct pl_stats_bin even[] = { { 2, 1 }, { 4, 1 }, { 9, 1 }, { 100, 1 } };
	const struct pl_stats_bin heavy[] = { { 1, 5 }, { 7, 1 }, { 8, 1 } };
	const struct pl_stats_bin split[] = { { 10, 2 }, { 20, 2 } };
	const struct pl_stats_bin zeros[] = { { 1, 0 }, { 6, 3 }, { 9, 0 } };

	median_is(NULL, 0, 0, 0);
	median_is(odd, 3, 3, 5);
	median_is(even, 4, 4, 6.5);
	median_is(heavy, 3, 7, 1);
	median_is(split, 2, 4, 15);
	median_is(zeros, 3, 3, 6);
}

int
main(void)
{
	test_csv();
	test_days();
	test_median();
	return done_testing();
}
