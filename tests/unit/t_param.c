/*
 * t_param.c: unit tests for pl_param: site ids, the check of one value
 * for every PL_T_* type, and pl_params_parse over query and body
 * (missing, duplicate, optional and invalid fields).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_form.h"
#include "pl_param.h"
#include "pl_util.h"
#include "tap.h"

#define B(lit)	(lit), (sizeof(lit) - 1)

static const char *const colours[] = { "red", "green", "blue", NULL };

static void
test_site_id(void)
{
	static const char *const bad[] = {
		"0-1", "1-0", "01-1", "1-01", "00-1", "1-", "-1", "-", "",
		"1-1-1", "a-b", "1-b", "a-1", "1234567890-1", "1-1234567890",
		"1000000000-1", "1-1000000000", "+1-1", "1-+1", "1--1", " 1-1",
		"1-1 ", "1 -1", "11", "1_1", "99999999999999999999-1",
		"-1-1", "1-\xC2\xB9",
	};
	struct pl_site_id	id;
	size_t			i;

	memset(&id, 0, sizeof(id));
	is_int(pl_site_id_parse(B("1-1"), &id), PL_OK, "site: 1-1");
	ok(id.customer == 1 && id.instance == 1, "site: 1-1 values");
	is_int(pl_site_id_parse(B("42-7"), &id), PL_OK, "site: 42-7");
	ok(id.customer == 42 && id.instance == 7, "site: 42-7 values");
	is_int(pl_site_id_parse(B("999999999-999999999"), &id), PL_OK,
	    "site: largest");
	ok(id.customer == 999999999 && id.instance == 999999999,
	    "site: largest values");
	is_int(pl_site_id_parse(B("10-20"), &id), PL_OK, "site: inner zeros");
	ok(id.customer == 10 && id.instance == 20, "site: inner zeros values");
	is_int(pl_site_id_parse("3-45", 3, &id), PL_OK, "site: n honoured");
	ok(id.customer == 3 && id.instance == 4, "site: n honoured values");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(pl_site_id_parse(bad[i], strlen(bad[i]), &id), PL_EINVAL,
		    "site: \"%s\" invalid", bad[i]);
	is_int(pl_site_id_parse(B("1-1\0"), &id), PL_EINVAL, "site: NUL after");
}

/* Check s against a one-entry table; *out and *reason filled. */
static int
chk(enum pl_ptype t, long long min, long long max, const char *s, size_t n,
    struct pl_value *out, const char **reason)
{
	struct pl_param	p;

	memset(&p, 0, sizeof(p));
	p.name = "f";
	p.type = t;
	p.min = min;
	p.max = max;
	p.choices = t == PL_T_ENUM ? colours : NULL;
	memset(out, 0, sizeof(*out));
	*reason = NULL;
	return pl_param_check(&p, s, n, out, reason);
}

/* Expect s (a C string) accepted. */
static void
good(enum pl_ptype t, long long min, long long max, const char *s,
    const char *name)
{
	struct pl_value	 v;
	const char	*reason;

	is_int(chk(t, min, max, s, strlen(s), &v, &reason), PL_OK, "%s", name);
}

/* Expect n bytes at s refused, with a reason. */
static void
bad(enum pl_ptype t, long long min, long long max, const char *s, size_t n,
    const char *name)
{
	struct pl_value	 v;
	const char	*reason;

	is_int(chk(t, min, max, s, n, &v, &reason), PL_EINVAL, "%s", name);
	ok(reason != NULL && *reason != '\0', "%s: reason given", name);
}

#define BAD(t, min, max, lit, name)	bad(t, min, max, B(lit), name)

static void
test_check(void)
{
	struct pl_value	 v;
	const char	*reason;
	char		 s[64];

	/* STR: one line, no control chars, bytes in [min,max]. */
	is_int(chk(PL_T_STR, 1, 5, B("abc"), &v, &reason), PL_OK, "str: abc");
	ok(v.s != NULL && v.len == 3 && memcmp(v.s, "abc", 3) == 0,
	    "str: raw text and length in the value");
	good(PL_T_STR, 1, 5, "abcde", "str: at max");
	good(PL_T_STR, 1, 5, "a", "str: at min");
	good(PL_T_STR, 0, 5, "", "str: empty with min 0");
	good(PL_T_STR, 1, 20, "Gr\xC3\xBC\xC3\x9F" "e", "str: UTF-8");
	good(PL_T_STR, 1, 20, "a\tb", "str: TAB");
	BAD(PL_T_STR, 1, 5, "abcdef", "str: over max");
	BAD(PL_T_STR, 1, 5, "", "str: empty with min 1");
	BAD(PL_T_STR, 3, 5, "ab", "str: under min");
	BAD(PL_T_STR, 1, 5, "\xC3\xBC\xC3\xBC\xC3\xBC", "str: max counts bytes");
	BAD(PL_T_STR, 1, 20, "a\nb", "str: LF");
	BAD(PL_T_STR, 1, 20, "a\rb", "str: CR");
	BAD(PL_T_STR, 1, 20, "a\x01" "b", "str: SOH");
	BAD(PL_T_STR, 1, 20, "\x1B[2J", "str: ESC");
	BAD(PL_T_STR, 1, 20, "a\x7F", "str: DEL");
	BAD(PL_T_STR, 1, 20, "a\xC2\x85", "str: C1 NEL");
	BAD(PL_T_STR, 1, 20, "a\0b", "str: NUL");
	BAD(PL_T_STR, 1, 20, "\xFF\xFE", "str: not UTF-8");
	BAD(PL_T_STR, 1, 20, "\xC0\xBC" "script", "str: overlong <");
	/* Well past the maximum. */
	memset(s, 'x', 40);
	bad(PL_T_STR, 1, 20, s, 40, "str: 40 bytes over max 20");

	/* TEXT: newlines allowed. */
	good(PL_T_TEXT, 1, 100, "line 1\nline 2\r\nline 3", "text: newlines");
	good(PL_T_TEXT, 1, 100, "tab\there", "text: TAB");
	BAD(PL_T_TEXT, 1, 100, "a\x01" "b", "text: SOH");
	BAD(PL_T_TEXT, 1, 100, "a\x7F", "text: DEL");
	BAD(PL_T_TEXT, 1, 100, "a\0b", "text: NUL");
	BAD(PL_T_TEXT, 1, 100, "\xED\xA0\x80", "text: surrogate");
	BAD(PL_T_TEXT, 1, 5, "a\nb\nc\n", "text: over max");
	BAD(PL_T_TEXT, 1, 5, "", "text: empty with min 1");

	/* INT. */
	is_int(chk(PL_T_INT, -5, 10, B("10"), &v, &reason), PL_OK, "int: max");
	is_int(v.i, 10, "int: value 10");
	is_int(chk(PL_T_INT, -5, 10, B("-5"), &v, &reason), PL_OK, "int: min");
	is_int(v.i, -5, "int: value -5");
	is_int(chk(PL_T_INT, -5, 10, B("0"), &v, &reason), PL_OK, "int: 0");
	is_int(v.i, 0, "int: value 0");
	BAD(PL_T_INT, -5, 10, "11", "int: over max");
	BAD(PL_T_INT, -5, 10, "-6", "int: under min");
	BAD(PL_T_INT, -5, 10, "", "int: empty");
	BAD(PL_T_INT, -5, 10, "abc", "int: letters");
	BAD(PL_T_INT, -5, 10, "+1", "int: plus");
	BAD(PL_T_INT, -5, 10, " 1", "int: space");
	BAD(PL_T_INT, -5, 10, "1.0", "int: decimal");
	BAD(PL_T_INT, 0, 1000000, "99999999999999999999", "int: overflow");

	/* BOOL. */
	{
		static const char *const yes[] = { "1", "true", "yes", "on" };
		static const char *const no[] = { "0", "false", "no", "off" };
		static const char *const neither[] = {
			"", "2", "-1", "maybe", "y", "n", "t", "f", "truee",
			"01", " 1", "1 ", "of", "nope",
		};
		size_t i;

		for (i = 0; i < 4; i++) {
			v.i = -1;
			is_int(chk(PL_T_BOOL, 0, 0, yes[i], strlen(yes[i]), &v,
			    &reason), PL_OK, "bool: %s", yes[i]);
			is_int(v.i, 1, "bool: %s is 1", yes[i]);
			v.i = -1;
			is_int(chk(PL_T_BOOL, 0, 0, no[i], strlen(no[i]), &v,
			    &reason), PL_OK, "bool: %s", no[i]);
			is_int(v.i, 0, "bool: %s is 0", no[i]);
		}
		for (i = 0; i < sizeof(neither) / sizeof(neither[0]); i++)
			bad(PL_T_BOOL, 0, 0, neither[i], strlen(neither[i]),
			    neither[i][0] == '\0' ? "bool: empty" : neither[i]);
	}

	/* SITE. */
	is_int(chk(PL_T_SITE, 0, 0, B("12-3"), &v, &reason), PL_OK, "site: 12-3");
	ok(v.site.customer == 12 && v.site.instance == 3, "site: value 12-3");
	BAD(PL_T_SITE, 0, 0, "0-1", "site: 0-1");
	BAD(PL_T_SITE, 0, 0, "1-1-1", "site: 1-1-1");

	/* DEPT: exactly one character [A-Za-z0-9]. */
	is_int(chk(PL_T_DEPT, 0, 0, B("A"), &v, &reason), PL_OK, "dept: A");
	is_int(v.i, 'A', "dept: value is the character");
	good(PL_T_DEPT, 0, 0, "z", "dept: z");
	good(PL_T_DEPT, 0, 0, "0", "dept: 0");
	good(PL_T_DEPT, 0, 0, "9", "dept: 9");
	BAD(PL_T_DEPT, 0, 0, "", "dept: empty");
	BAD(PL_T_DEPT, 0, 0, "AB", "dept: two chars");
	BAD(PL_T_DEPT, 0, 0, "-", "dept: -");
	BAD(PL_T_DEPT, 0, 0, "_", "dept: _");
	BAD(PL_T_DEPT, 0, 0, " ", "dept: space");
	BAD(PL_T_DEPT, 0, 0, "'", "dept: quote");
	BAD(PL_T_DEPT, 0, 0, "\xC3\xA4", "dept: umlaut");
	BAD(PL_T_DEPT, 0, 0, "\0", "dept: NUL");

	/* LANG: 2-3 lowercase letters, optional -XX region. */
	good(PL_T_LANG, 0, 0, "de", "lang: de");
	good(PL_T_LANG, 0, 0, "en", "lang: en");
	good(PL_T_LANG, 0, 0, "de-DE", "lang: de-DE");
	good(PL_T_LANG, 0, 0, "en-GB", "lang: en-GB");
	good(PL_T_LANG, 0, 0, "gsw", "lang: gsw (three letters)");
	good(PL_T_LANG, 0, 0, "gsw-CH", "lang: gsw-CH");
	BAD(PL_T_LANG, 0, 0, "DE", "lang: DE");
	BAD(PL_T_LANG, 0, 0, "De", "lang: De");
	BAD(PL_T_LANG, 0, 0, "english", "lang: english");
	BAD(PL_T_LANG, 0, 0, "d", "lang: one letter");
	BAD(PL_T_LANG, 0, 0, "", "lang: empty");
	BAD(PL_T_LANG, 0, 0, "de-", "lang: de-");
	BAD(PL_T_LANG, 0, 0, "de-D", "lang: de-D");
	BAD(PL_T_LANG, 0, 0, "de-DEU", "lang: de-DEU");
	BAD(PL_T_LANG, 0, 0, "de_DE", "lang: de_DE");
	BAD(PL_T_LANG, 0, 0, "de-de", "lang: lowercase region");
	BAD(PL_T_LANG, 0, 0, "de-dE", "lang: region's first letter lowercase");
	BAD(PL_T_LANG, 0, 0, "de-De", "lang: region's second letter lowercase");
	BAD(PL_T_LANG, 0, 0, "de-1E", "lang: digit in region");
	BAD(PL_T_LANG, 0, 0, "de-D1", "lang: digit at region's end");
	BAD(PL_T_LANG, 0, 0, "deDE", "lang: region without -");
	BAD(PL_T_LANG, 0, 0, "d3", "lang: digit");
	BAD(PL_T_LANG, 0, 0, "../x", "lang: path");
	BAD(PL_T_LANG, 0, 0, "de\0", "lang: NUL after");

	/* ENUM: value is the index into choices. */
	is_int(chk(PL_T_ENUM, 0, 0, B("red"), &v, &reason), PL_OK, "enum: red");
	is_int(v.i, 0, "enum: red is 0");
	is_int(chk(PL_T_ENUM, 0, 0, B("green"), &v, &reason), PL_OK, "enum: green");
	is_int(v.i, 1, "enum: green is 1");
	is_int(chk(PL_T_ENUM, 0, 0, B("blue"), &v, &reason), PL_OK, "enum: blue");
	is_int(v.i, 2, "enum: blue is 2");
	BAD(PL_T_ENUM, 0, 0, "Green", "enum: case matters");
	BAD(PL_T_ENUM, 0, 0, "gree", "enum: prefix");
	BAD(PL_T_ENUM, 0, 0, "greenish", "enum: longer");
	BAD(PL_T_ENUM, 0, 0, "", "enum: empty");
	BAD(PL_T_ENUM, 0, 0, "red\0", "enum: NUL after");
	BAD(PL_T_ENUM, 0, 0, "1", "enum: index is not a value");

	/* TOKEN: [A-Za-z0-9_-], length in [min,max]. */
	good(PL_T_TOKEN, 2, 8, "aZ09_-", "token: charset");
	good(PL_T_TOKEN, 2, 8, "ab", "token: at min");
	good(PL_T_TOKEN, 2, 8, "abcdefgh", "token: at max");
	BAD(PL_T_TOKEN, 2, 8, "a", "token: under min");
	BAD(PL_T_TOKEN, 2, 8, "abcdefghi", "token: over max");
	BAD(PL_T_TOKEN, 2, 8, "a b", "token: space");
	BAD(PL_T_TOKEN, 2, 8, "a.b", "token: dot");
	BAD(PL_T_TOKEN, 2, 8, "a/b", "token: slash");
	BAD(PL_T_TOKEN, 2, 8, "a+b", "token: plus");
	BAD(PL_T_TOKEN, 2, 8, "a=", "token: =");
	BAD(PL_T_TOKEN, 2, 8, "a\0b", "token: NUL");
	BAD(PL_T_TOKEN, 2, 8, "\xC3\xA4\xC3\xA4", "token: umlauts");
	BAD(PL_T_TOKEN, 2, 8, "ab\n", "token: newline");
}

static const struct pl_param table[] = {
	{ "site", PL_T_SITE, 0, 0, PL_P_REQUIRED, NULL },
	{ "name", PL_T_STR, 1, 20, 0, NULL },
	{ "n", PL_T_INT, 0, 100, 0, NULL },
	{ "lang", PL_T_LANG, 0, 0, PL_P_REQUIRED, NULL },
	{ "colour", PL_T_ENUM, 0, 0, 0, colours },
};
#define NTAB	(sizeof(table) / sizeof(table[0]))

/*
 * Parse query and body as forms and run the table over them.
 * Returns the rc of pl_params_parse.
 */
static int
params(const char *query, const char *body, struct pl_value *vals,
    struct pl_param_error *err)
{
	struct pl_kvlist		 q, b;
	const struct pl_kvlist *const	 src[2] = { &q, &b };
	int				 rc;

	memset(&q, 0, sizeof(q));
	memset(&b, 0, sizeof(b));
	if (pl_form_parse(query, strlen(query), NULL, &q) != PL_OK ||
	    pl_form_parse(body, strlen(body), NULL, &b) != PL_OK) {
		pl_kvlist_free(&q);
		pl_kvlist_free(&b);
		return -1;
	}
	memset(err, 0, sizeof(*err));
	memset(vals, 0x5A, NTAB * sizeof(*vals));	/* poison */
	rc = pl_params_parse(table, NTAB, src, 2, vals, err);
	pl_kvlist_free(&q);
	pl_kvlist_free(&b);
	return rc;
}

static void
test_params(void)
{
	struct pl_value		vals[NTAB];
	struct pl_param_error	err;

	is_int(params("site=3-4&name=Anna+B", "n=42&lang=de-DE&colour=blue",
	    vals, &err), PL_OK, "params: all given");
	ok(vals[0].present && vals[0].site.customer == 3 &&
	    vals[0].site.instance == 4, "params: site from the query");
	ok(vals[1].present && vals[1].len == 6, "params: name present");
	ok(vals[2].present && vals[2].i == 42, "params: n from the body");
	ok(vals[3].present && vals[3].len == 5, "params: lang from the body");
	ok(vals[4].present && vals[4].i == 2, "params: colour index");

	is_int(params("site=1-1", "lang=en", vals, &err), PL_OK,
	    "params: optional fields absent");
	is_int(vals[1].present, 0, "params: absent name has present=0");
	is_int(vals[2].present, 0, "params: absent n has present=0");
	is_int(vals[4].present, 0, "params: absent colour has present=0");
	ok(vals[0].present && vals[3].present, "params: required ones present");

	is_int(params("site=1-1&unknown=x&other", "lang=en", vals, &err), PL_OK,
	    "params: names not in the table are ignored");

	is_int(params("site=1-1", "", vals, &err), PL_EINVAL,
	    "params: required missing");
	is_str(err.field, "lang", "params: missing field named");
	is_str(err.reason, "missing", "params: reason \"missing\"");

	is_int(params("", "", vals, &err), PL_EINVAL, "params: nothing given");
	is_str(err.field, "site", "params: first missing field in table order");

	is_int(params("site=1-1&lang=en&lang=de", "", vals, &err), PL_EINVAL,
	    "params: duplicate in one source");
	is_str(err.field, "lang", "params: duplicate field named");
	ok(err.reason != NULL && strcmp(err.reason, "missing") != 0,
	    "params: duplicate is not reported as missing");

	is_int(params("site=1-1&lang=en", "site=1-1", vals, &err), PL_EINVAL,
	    "params: same name in query and body");
	is_str(err.field, "site", "params: cross-source duplicate named");

	is_int(params("site=1-1&n=5", "lang=en&n=5", vals, &err), PL_EINVAL,
	    "params: optional duplicate across sources");
	is_str(err.field, "n", "params: optional duplicate named");

	is_int(params("site=1-1&n=500&name=%01", "lang=EN", vals, &err),
	    PL_EINVAL, "params: several invalid fields");
	is_str(err.field, "name", "params: the first invalid field is reported");
	ok(err.reason != NULL && *err.reason != '\0' &&
	    strcmp(err.reason, "missing") != 0, "params: invalid reason given");

	is_int(params("site=0-1", "lang=en", vals, &err), PL_EINVAL,
	    "params: invalid required field");
	is_str(err.field, "site", "params: invalid site named");

	is_int(params("site=1-1&name=", "lang=en", vals, &err), PL_EINVAL,
	    "params: present but empty under min");
	is_str(err.field, "name", "params: empty name named");

	/* Entries without a name are slots this route does not use. */
	{
		static const struct pl_param	 slots[] = {
			{ "a", PL_T_INT, 0, 9, PL_P_REQUIRED, NULL },
			{ NULL, PL_T_INT, 0, 9, PL_P_REQUIRED, NULL },
			{ NULL, PL_T_STR, 0, 0, 0, NULL },
			{ "b", PL_T_INT, 0, 9, PL_P_REQUIRED, NULL },
		};
		struct pl_value			 sv[4];
		struct pl_kvlist		 l;
		const struct pl_kvlist *const	 src[1] = { &l };

		memset(&l, 0, sizeof(l));
		pl_form_parse(B("a=1&b=2"), NULL, &l);
		memset(sv, 0x5A, sizeof(sv));
		memset(&err, 0, sizeof(err));
		is_int(pl_params_parse(slots, 4, src, 1, sv, &err), PL_OK,
		    "params: NULL-name slots skipped, even when required");
		ok(sv[0].present && sv[0].i == 1 && sv[3].present && sv[3].i == 2,
		    "params: named entries around the slots parsed");
		ok(sv[1].present == 0 && sv[2].present == 0,
		    "params: unused slots have present=0");
		pl_kvlist_free(&l);
		pl_form_parse(B("a=1"), NULL, &l);
		is_int(pl_params_parse(slots, 4, src, 1, sv, &err), PL_EINVAL,
		    "params: a required field after the slots is still checked");
		is_str(err.field, "b", "params: missing field after slots named");
		pl_kvlist_free(&l);
	}

	/* No sources at all. */
	{
		static const struct pl_param	 opt[] = {
			{ "x", PL_T_INT, 0, 1, 0, NULL },
		};
		struct pl_value			 v;

		memset(&v, 0x5A, sizeof(v));
		is_int(pl_params_parse(opt, 1, NULL, 0, &v, &err), PL_OK,
		    "params: no sources, nothing required");
		is_int(v.present, 0, "params: no sources, present=0");
	}

	/* A table larger than PL_MAX_PARAMS must not pass unchecked. */
	{
		struct pl_param		*big;
		struct pl_value		*bv;
		struct pl_kvlist	 l;
		const struct pl_kvlist	*const src[1] = { &l };
		size_t			 i, n = PL_MAX_PARAMS + 1;
		char			 (*names)[8];

		big = calloc(n, sizeof(*big));
		bv = calloc(n, sizeof(*bv));
		names = calloc(n, sizeof(*names));
		memset(&l, 0, sizeof(l));
		for (i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "p%zu", i);
			big[i].name = names[i];
			big[i].type = PL_T_INT;
			big[i].max = 10;
		}
		big[n - 1].flags = PL_P_REQUIRED;
		is_int(pl_params_parse(big, n, src, 1, bv, &err), PL_EINVAL,
		    "params: %zu-entry table with its last field required "
		    "and absent is refused", n);
		free(big);
		free(bv);
		free(names);
	}
}

int
main(void)
{
	test_site_id();
	test_check();
	test_params();
	return done_testing();
}
