/*
 * t_form.c: unit tests for pl_form: urlencoded forms and query strings,
 * Cookie headers, JSON bodies, their bounds, and pl_url_decode.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_form.h"
#include "pl_util.h"
#include "tap.h"

#define B(lit)	(lit), (sizeof(lit) - 1)

static int	json_rc(const char *, size_t, const struct pl_limits *);

/* Value of key in l, or NULL. */
static const char *
val(const struct pl_kvlist *l, const char *key)
{
	const struct pl_kv *kv = pl_kvlist_get(l, key);

	return kv != NULL ? kv->val : NULL;
}

/* Parse s as a form with limits lim; returns rc, fills l (fresh). */
static int
form(const char *s, size_t n, const struct pl_limits *lim, struct pl_kvlist *l)
{
	memset(l, 0, sizeof(*l));
	return pl_form_parse(s, n, lim, l);
}

static int
cookie(const char *s, size_t n, const struct pl_limits *lim,
    struct pl_kvlist *l)
{
	memset(l, 0, sizeof(*l));
	return pl_cookie_parse(s, n, lim, l);
}

/* Only the return code matters: parse, free, return rc. */
static int
form_rc(const char *s, const struct pl_limits *lim)
{
	struct pl_kvlist	l;
	int			rc = form(s, strlen(s), lim, &l);

	pl_kvlist_free(&l);
	return rc;
}

static int
cookie_rc(const char *s, const struct pl_limits *lim)
{
	struct pl_kvlist	l;
	int			rc = cookie(s, strlen(s), lim, &l);

	pl_kvlist_free(&l);
	return rc;
}

static void
test_form(void)
{
	struct pl_kvlist	 l;
	const struct pl_kv	*kv;

	is_int(form(B("a=1&b=2"), &pl_default_limits, &l), PL_OK, "form: a=1&b=2");
	is_int(l.n, 2, "form: two pairs");
	if (l.n == 2) {
		is_str(l.v[0].key, "a", "form: first key");
		is_str(l.v[0].val, "1", "form: first value");
		is_str(l.v[1].key, "b", "form: second key, in order");
		is_str(l.v[1].val, "2", "form: second value");
		is_int(l.v[1].vlen, 1, "form: vlen");
	}
	/* Appends to a list that already holds pairs. */
	is_int(pl_form_parse(B("c=3"), &pl_default_limits, &l), PL_OK,
	    "form: second parse into the same list");
	is_int(l.n, 3, "form: pairs appended");
	is_str(val(&l, "c"), "3", "form: appended value");
	is_str(val(&l, "a"), "1", "form: earlier value kept");
	pl_kvlist_free(&l);
	is_int(l.n, 0, "kvlist_free: list emptied");

	is_int(form(B("na+me=J+Doe+"), &pl_default_limits, &l), PL_OK, "form: +");
	is_str(val(&l, "na me"), "J Doe ", "form: + is a space in key and value");
	pl_kvlist_free(&l);

	is_int(form(B("k%41=%41%42%43&x=%c3%a4&y=%2B%26%3D%25"),
	    &pl_default_limits, &l), PL_OK, "form: %%XX");
	is_str(val(&l, "kA"), "ABC", "form: %%41 decoded in key and value");
	is_str(val(&l, "x"), "\xC3\xA4", "form: lowercase hex");
	is_str(val(&l, "y"), "+&=%", "form: escaped separators are data");
	pl_kvlist_free(&l);

	/* Decoded bytes need not be UTF-8 here (parameters check that). */
	is_int(form(B("b=%FF%01"), &pl_default_limits, &l), PL_OK,
	    "form: %%FF and %%01 decode");
	kv = pl_kvlist_get(&l, "b");
	ok(kv != NULL && kv->vlen == 2 && memcmp(kv->val, "\xFF\x01", 3) == 0,
	    "form: binary value with vlen 2 and a NUL after it");
	pl_kvlist_free(&l);

	is_int(form_rc("a=%4", NULL), PL_EINVAL, "form: %%4 at the end");
	is_int(form_rc("a=%4&b=1", NULL), PL_EINVAL, "form: %%4 before &");
	is_int(form_rc("a=%", NULL), PL_EINVAL, "form: lone %%");
	is_int(form_rc("a=%zz", NULL), PL_EINVAL, "form: %%zz");
	is_int(form_rc("a=%g0", NULL), PL_EINVAL, "form: %%g0");
	is_int(form_rc("a=%0g", NULL), PL_EINVAL, "form: %%0g");
	is_int(form_rc("a=% 1", NULL), PL_EINVAL, "form: %% space");
	is_int(form_rc("%zz=1", NULL), PL_EINVAL, "form: bad escape in key");
	is_int(form_rc("a=%00", NULL), PL_EINVAL, "form: %%00");
	is_int(form_rc("a%00b=1", NULL), PL_EINVAL, "form: %%00 in key");
	is_int(form(B("a=1\0" "b"), NULL, &l), PL_EINVAL, "form: raw NUL");
	pl_kvlist_free(&l);

	is_int(form(B("&&a=1&"), &pl_default_limits, &l), PL_OK,
	    "form: empty pairs");
	is_int(l.n, 1, "form: empty pairs skipped");
	is_str(val(&l, "a"), "1", "form: pair among empties");
	pl_kvlist_free(&l);
	is_int(form(B(""), &pl_default_limits, &l), PL_OK, "form: empty input");
	is_int(l.n, 0, "form: empty input gives no pairs");
	pl_kvlist_free(&l);

	is_int(form(B("flag&a=1&empty="), &pl_default_limits, &l), PL_OK,
	    "form: key without =");
	is_str(val(&l, "flag"), "", "form: key without = has value \"\"");
	is_str(val(&l, "empty"), "", "form: key= has value \"\"");
	kv = pl_kvlist_get(&l, "flag");
	ok(kv != NULL && kv->vlen == 0, "form: key without = has vlen 0");
	is_str(val(&l, "a"), "1", "form: next pair after a bare key");
	pl_kvlist_free(&l);

	is_int(form(B("a=b=c"), &pl_default_limits, &l), PL_OK, "form: a=b=c");
	is_str(val(&l, "a"), "b=c", "form: split at the first =");
	pl_kvlist_free(&l);

	/* Only n bytes are read. */
	is_int(form("a=1&b=2", 3, &pl_default_limits, &l), PL_OK, "form: n honoured");
	is_int(l.n, 1, "form: nothing past n");
	pl_kvlist_free(&l);

	/* pl_kvlist_get. */
	is_int(form(B("a=1&a=2&b=3"), NULL, &l), PL_OK, "get: NULL limits");
	is_str(val(&l, "a"), "1", "get: first of duplicates");
	ok(pl_kvlist_get(&l, "c") == NULL, "get: missing key");
	ok(pl_kvlist_get(&l, "A") == NULL, "get: case-sensitive");
	ok(pl_kvlist_get(&l, "") == NULL, "get: empty key");
	pl_kvlist_free(&l);
	memset(&l, 0, sizeof(l));
	ok(pl_kvlist_get(&l, "a") == NULL, "get: empty list");
	pl_kvlist_free(&l);
}

static void
test_form_limits(void)
{
	struct pl_limits	lim = { 2, 3, 4 };
	struct pl_kvlist	l;

	is_int(form_rc("a=1&b=2", &lim), PL_OK, "limits: 2 fields ok");
	is_int(form_rc("a=1&b=2&c=3", &lim), PL_ETOOBIG, "limits: 3 fields");
	is_int(form_rc("&&a=1&&&b=2&&", &lim), PL_OK,
	    "limits: empty pairs do not count as fields");
	is_int(form_rc("abc=1", &lim), PL_OK, "limits: key of max_key ok");
	is_int(form_rc("abcd=1", &lim), PL_ETOOBIG, "limits: key over max_key");
	is_int(form_rc("abcd", &lim), PL_ETOOBIG, "limits: bare key over max_key");
	is_int(form_rc("a=1234", &lim), PL_OK, "limits: value of max_val ok");
	is_int(form_rc("a=12345", &lim), PL_ETOOBIG, "limits: value over max_val");
	is_int(form_rc("a=%41%41%41%41", &lim), PL_OK,
	    "limits: max_val counts decoded bytes");
	is_int(form_rc("a=%41%41%41%41%41", &lim), PL_ETOOBIG,
	    "limits: decoded value over max_val");
	is_int(form_rc("%61%62%63=1", &lim), PL_OK,
	    "limits: max_key counts decoded bytes");

	/* Huge bounds mean "no practical bound", not overflow. */
	{
		struct pl_limits huge = { SIZE_MAX, SIZE_MAX, SIZE_MAX };

		is_int(form_rc("a=1&bb=22", &huge), PL_OK,
		    "limits: SIZE_MAX bounds (form)");
		is_int(cookie_rc("a=1; bb=22", &huge), PL_OK,
		    "limits: SIZE_MAX bounds (cookie)");
		is_int(json_rc(B("{\"a\":\"1\"}"), &huge), PL_OK,
		    "limits: SIZE_MAX bounds (json)");
	}

	lim.max_fields = 0;
	is_int(form_rc("a=1", &lim), PL_ETOOBIG, "limits: max_fields 0");
	is_int(form_rc("", &lim), PL_OK, "limits: empty ok with max_fields 0");

	/* A long value under the default limits, and one just past them. */
	{
		size_t	 n = pl_default_limits.max_val + 2;
		char	*s = malloc(n + 1);

		s[0] = 'v';
		s[1] = '=';
		memset(s + 2, 'x', n - 2);
		s[n] = '\0';
		is_int(form(s, n, NULL, &l), PL_OK, "limits: default max_val ok");
		is_int(l.n == 1 ? l.v[0].vlen : 0, pl_default_limits.max_val,
		    "limits: long value vlen");
		pl_kvlist_free(&l);
		s = realloc(s, n + 2);
		s[n] = 'x';
		s[n + 1] = '\0';
		is_int(form_rc(s, NULL), PL_ETOOBIG, "limits: default max_val + 1");
		free(s);
	}
}

static void
test_cookie(void)
{
	struct pl_limits	lim = { 2, 3, 4 };
	struct pl_kvlist	l;

	is_int(cookie(B("a=1; b=2"), NULL, &l), PL_OK, "cookie: a=1; b=2");
	is_int(l.n, 2, "cookie: two cookies");
	is_str(val(&l, "a"), "1", "cookie: a");
	is_str(val(&l, "b"), "2", "cookie: b (leading space removed)");
	pl_kvlist_free(&l);

	is_int(cookie(B("sid=abc;theme=dark;   lang=de"), NULL, &l), PL_OK,
	    "cookie: with and without spaces");
	is_str(val(&l, "theme"), "dark", "cookie: no space after ;");
	is_str(val(&l, "lang"), "de", "cookie: several spaces after ;");
	pl_kvlist_free(&l);

	is_int(cookie(B("a=%41+b; c=x%zz"), NULL, &l), PL_OK,
	    "cookie: values are not decoded");
	is_str(val(&l, "a"), "%41+b", "cookie: %% and + kept");
	is_str(val(&l, "c"), "x%zz", "cookie: bad escape is just text");
	pl_kvlist_free(&l);

	is_int(cookie(B("a=1; junk; b=2"), NULL, &l), PL_OK,
	    "cookie: pair without = accepted");
	is_str(val(&l, "a"), "1", "cookie: before the bare word");
	is_str(val(&l, "b"), "2", "cookie: after the bare word");
	pl_kvlist_free(&l);

	is_int(cookie(B("tok=a=b"), NULL, &l), PL_OK, "cookie: = in value");
	is_str(val(&l, "tok"), "a=b", "cookie: split at the first =");
	pl_kvlist_free(&l);

	is_int(cookie(B(";; a=1;;"), NULL, &l), PL_OK, "cookie: empty pairs");
	is_int(l.n, 1, "cookie: empty pairs skipped");
	pl_kvlist_free(&l);

	is_int(cookie(B("a=1\0; b=2"), NULL, &l), PL_EINVAL, "cookie: NUL refused");
	pl_kvlist_free(&l);

	is_int(cookie_rc("a=1; b=2", &lim), PL_OK, "cookie limits: 2 ok");
	is_int(cookie_rc("a=1; b=2; c=3", &lim), PL_ETOOBIG, "cookie limits: 3");
	is_int(cookie_rc("abcd=1", &lim), PL_ETOOBIG, "cookie limits: long name");
	is_int(cookie_rc("abc=1234", &lim), PL_OK, "cookie limits: at the bounds");
	is_int(cookie_rc("a=12345", &lim), PL_ETOOBIG, "cookie limits: long value");
	is_int(cookie_rc("a=%41%41", &lim), PL_ETOOBIG,
	    "cookie limits: raw length counts (no decoding)");
}

/* Build n nested objects: {"a":{"a":...{"a":1}...}} (top level counts). */
static char *
nested(int n)
{
	struct pl_buf	b;
	char		*s;
	int		i;

	pl_buf_init(&b);
	for (i = 0; i < n - 1; i++)
		pl_buf_puts(&b, "{\"a\":");
	pl_buf_puts(&b, "{\"a\":1}");
	for (i = 0; i < n - 1; i++)
		pl_buf_putc(&b, '}');
	s = strdup(pl_buf_cstr(&b));
	pl_buf_free(&b);
	return s;
}

static int
json_rc(const char *s, size_t n, const struct pl_limits *lim)
{
	struct pl_kvlist	 l;
	cJSON			*j = (cJSON *)&l;	/* must be overwritten */
	int			 rc;

	memset(&l, 0, sizeof(l));
	rc = pl_json_parse(s, n, lim, &l, &j);
	if (j == (cJSON *)&l) {
		rc = -2;	/* *json must always be set */
		j = NULL;
	} else if (rc != PL_OK && j != NULL)
		rc = -1;	/* *json must be NULL on failure */
	cJSON_Delete(j);
	pl_kvlist_free(&l);
	return rc;
}

static void
test_json(void)
{
	static const char	 doc[] =
	    "{\"s\":\"Gr\\u00fc\\u00dfe\\n\",\"i\":42,\"neg\":-7,\"f\":1.5,"
	    "\"t\":true,\"u\":false,\"z\":null,\"o\":{\"k\":\"v\"},"
	    "\"arr\":[1,2,3],\"e\":\"\"}";
	struct pl_limits	 lim = { 2, 3, 4 };
	struct pl_kvlist	 l;
	cJSON			*j = NULL, *o;
	char			*s;
	const struct pl_kv	*kv;

	memset(&l, 0, sizeof(l));
	is_int(pl_json_parse(B(doc), NULL, &l, &j), PL_OK, "json: object parses");
	ok(j != NULL, "json: *json returned");
	is_str(val(&l, "s"), "Gr\xC3\xBC\xC3\x9F" "e\n", "json: string unescaped");
	is_str(val(&l, "i"), "42", "json: integer as text");
	is_str(val(&l, "neg"), "-7", "json: negative integer as text");
	is_str(val(&l, "f"), "1.5", "json: 1.5 as text");
	is_str(val(&l, "t"), "1", "json: true is \"1\"");
	is_str(val(&l, "u"), "0", "json: false is \"0\"");
	is_str(val(&l, "e"), "", "json: empty string");
	kv = pl_kvlist_get(&l, "s");
	ok(kv != NULL && kv->vlen == strlen(kv->val), "json: vlen matches");
	ok(pl_kvlist_get(&l, "z") == NULL, "json: null member skipped");
	ok(pl_kvlist_get(&l, "o") == NULL, "json: nested object not in the list");
	ok(pl_kvlist_get(&l, "arr") == NULL, "json: array not in the list");
	is_int(l.n, 7, "json: seven scalar members");
	o = cJSON_GetObjectItemCaseSensitive(j, "o");
	ok(cJSON_IsObject(o), "json: nested object reachable through *json");
	ok(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "k")),
	    "json: nested member kept");
	ok(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "arr")) == 3,
	    "json: array reachable through *json");
	cJSON_Delete(j);
	pl_kvlist_free(&l);

	is_int(json_rc(B("{}"), NULL), PL_OK, "json: {} ok");
	is_int(json_rc(B(" \n{ \"a\" : \"b\" }\n "), NULL), PL_OK,
	    "json: whitespace around");
	is_int(json_rc(B("[1,2]"), NULL), PL_EINVAL, "json: top-level array");
	is_int(json_rc(B("42"), NULL), PL_EINVAL, "json: top-level number");
	is_int(json_rc(B("\"s\""), NULL), PL_EINVAL, "json: top-level string");
	is_int(json_rc(B("null"), NULL), PL_EINVAL, "json: top-level null");
	is_int(json_rc(B("true"), NULL), PL_EINVAL, "json: top-level true");
	is_int(json_rc(B(""), NULL), PL_EINVAL, "json: empty input");
	is_int(json_rc(B("{"), NULL), PL_EINVAL, "json: unterminated");
	is_int(json_rc(B("{\"a\":}"), NULL), PL_EINVAL, "json: missing value");
	is_int(json_rc(B("{\"a\":1,}"), NULL), PL_EINVAL, "json: trailing comma");
	is_int(json_rc(B("{'a':1}"), NULL), PL_EINVAL, "json: single quotes");
	is_int(json_rc(B("{\"a\":\"\xFF\"}"), NULL), PL_EINVAL,
	    "json: invalid UTF-8");
	is_int(json_rc(B("{\"a\":1}\0"), NULL), PL_EINVAL, "json: raw NUL");
	is_int(json_rc(B("{\"a\":\"\\ud800\"}"), NULL), PL_EINVAL,
	    "json: lone surrogate escape");
	is_int(json_rc(B("{\"a\":1} x"), NULL), PL_EINVAL, "json: trailing junk");
	is_int(json_rc(B("{\"a\":1}{\"b\":2}"), NULL), PL_EINVAL,
	    "json: two objects");
	is_int(json_rc(B("{\"a\":\"x\\u0000y\"}"), NULL), PL_EINVAL,
	    "json: \\u0000 in a value (would truncate it)");
	/* n is honoured: the text past n is not read. */
	is_int(json_rc("{\"a\":1}garbage", 7, NULL), PL_OK, "json: n honoured");

	/* Depth: the top-level object is level 1. */
	s = nested(PL_JSON_MAX_DEPTH);
	is_int(json_rc(s, strlen(s), NULL), PL_OK, "json: depth PL_JSON_MAX_DEPTH ok");
	free(s);
	s = nested(PL_JSON_MAX_DEPTH + 1);
	is_int(json_rc(s, strlen(s), NULL), PL_EINVAL,
	    "json: depth PL_JSON_MAX_DEPTH + 1 refused");
	free(s);
	s = nested(5000);
	is_int(json_rc(s, strlen(s), NULL), PL_EINVAL, "json: depth 5000 refused");
	free(s);
	{
		struct pl_buf	b;
		int		i;

		/* Arrays count as levels too. */
		pl_buf_init(&b);
		pl_buf_puts(&b, "{\"a\":");
		for (i = 0; i < PL_JSON_MAX_DEPTH; i++)
			pl_buf_putc(&b, '[');
		for (i = 0; i < PL_JSON_MAX_DEPTH; i++)
			pl_buf_putc(&b, ']');
		pl_buf_putc(&b, '}');
		is_int(json_rc(b.p, b.len, NULL), PL_EINVAL,
		    "json: arrays nested past the limit refused");
		/* Brackets inside strings are not nesting. */
		pl_buf_reset(&b);
		pl_buf_puts(&b, "{\"a\":\"");
		for (i = 0; i < 100; i++)
			pl_buf_puts(&b, "[{");
		pl_buf_puts(&b, "\\\"\"}");
		is_int(json_rc(b.p, b.len, NULL), PL_OK,
		    "json: brackets inside a string are text");
		pl_buf_free(&b);
	}

	/* Limits. */
	is_int(json_rc(B("{\"a\":1,\"b\":2}"), &lim), PL_OK, "json limits: 2 ok");
	is_int(json_rc(B("{\"a\":1,\"b\":2,\"c\":3}"), &lim), PL_ETOOBIG,
	    "json limits: 3 fields");
	is_int(json_rc(B("{\"abcd\":1}"), &lim), PL_ETOOBIG, "json limits: long key");
	is_int(json_rc(B("{\"abc\":\"1234\"}"), &lim), PL_OK,
	    "json limits: at the bounds");
	is_int(json_rc(B("{\"a\":\"12345\"}"), &lim), PL_ETOOBIG,
	    "json limits: long value");
	is_int(json_rc(B("{\"a\":123456}"), &lim), PL_ETOOBIG,
	    "json limits: long number text");
}

static void
test_url_decode(void)
{
	char	buf[64];
	char	*exact;
	long	n;

	strcpy(buf, "a%20b+c");
	n = pl_url_decode(buf, strlen(buf), 1);
	is_int(n, 5, "url_decode: length");
	ok(n == 5 && memcmp(buf, "a b c", 5) == 0, "url_decode: + as space");
	strcpy(buf, "a%20b+c");
	n = pl_url_decode(buf, strlen(buf), 0);
	ok(n == 5 && memcmp(buf, "a b+c", 5) == 0, "url_decode: + kept");
	strcpy(buf, "%2b%2B");
	n = pl_url_decode(buf, strlen(buf), 1);
	ok(n == 2 && memcmp(buf, "++", 2) == 0, "url_decode: %%2B is a +");
	strcpy(buf, "");
	is_int(pl_url_decode(buf, 0, 1), 0, "url_decode: empty");
	strcpy(buf, "%zz");
	is_int(pl_url_decode(buf, 3, 1), -1, "url_decode: %%zz");
	strcpy(buf, "ab%4");
	is_int(pl_url_decode(buf, 4, 1), -1, "url_decode: truncated escape");
	strcpy(buf, "ab%");
	is_int(pl_url_decode(buf, 3, 1), -1, "url_decode: lone %%");
	strcpy(buf, "a%00");
	is_int(pl_url_decode(buf, 4, 1), -1, "url_decode: %%00");
	/* The escape must lie within n, whatever follows. */
	strcpy(buf, "ab%41");
	is_int(pl_url_decode(buf, 4, 1), -1, "url_decode: escape cut by n");

	/* In place on exactly n bytes: nothing may be written past them. */
	exact = malloc(6);
	memcpy(exact, "%41bcd", 6);
	n = pl_url_decode(exact, 6, 1);
	ok(n == 4 && memcmp(exact, "Abcd", 4) == 0,
	    "url_decode: exact-size buffer decoded");
	free(exact);
	exact = malloc(3);
	memcpy(exact, "abc", 3);
	n = pl_url_decode(exact, 3, 1);
	ok(n == 3 && memcmp(exact, "abc", 3) == 0,
	    "url_decode: exact-size buffer without escapes");
	free(exact);
}

int
main(void)
{
	test_form();
	test_form_limits();
	test_cookie();
	test_json();
	test_url_decode();
	return done_testing();
}
