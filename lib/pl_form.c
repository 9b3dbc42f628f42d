/*
 * pl_form.c: parsers for query strings, urlencoded bodies, Cookie
 * headers and JSON bodies. Input is untrusted and bounded: a parser
 * stops with PL_ETOOBIG as soon as a limit is passed.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_form.h"
#include "pl_util.h"

const struct pl_limits pl_default_limits = {
	.max_fields = 64,
	.max_key = 64,
	.max_val = 16 * 1024,
};

void
pl_kvlist_free(struct pl_kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const struct pl_kv *
pl_kvlist_get(const struct pl_kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

/* Append; takes ownership of key and val (frees them on failure). */
static int
kv_push(struct pl_kvlist *l, char *key, char *val, size_t vlen)
{
	if (l->n == l->cap) {
		size_t		 cap = l->cap ? l->cap * 2 : 8;
		struct pl_kv	*v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL) {
			free(key);
			free(val);
			return PL_ENOMEM;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].key = key;
	l->v[l->n].val = val;
	l->v[l->n].vlen = vlen;
	l->n++;
	return PL_OK;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
pl_url_decode(char *s, size_t n, int plus)
{
	size_t	i, o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return -1;
			if ((hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == 0)
			return -1;
		s[o++] = (char)c;
	}
	if (o < n)
		s[o] = '\0';
	return (long)o;
}

/* Copy [p, p+n) and decode it; bound checked on the decoded length. */
static int
decode_part(const char *p, size_t n, size_t max, int decode, char **out,
    size_t *outlen)
{
	char	*d;
	long	 l;

	*out = NULL;
	/* A decoded part is never longer than its encoding; cap the work first. */
	if (max < (SIZE_MAX - 3) / 3 && n > max * 3 + 3)
		return PL_ETOOBIG;
	if ((d = malloc(n + 1)) == NULL)
		return PL_ENOMEM;
	memcpy(d, p, n);
	d[n] = '\0';
	if (decode) {
		if ((l = pl_url_decode(d, n, 1)) < 0) {
			free(d);
			return PL_EINVAL;
		}
		d[l] = '\0';
	} else {
		if (memchr(d, '\0', n) != NULL) {
			free(d);
			return PL_EINVAL;
		}
		l = (long)n;
	}
	if ((size_t)l > max) {
		free(d);
		return PL_ETOOBIG;
	}
	*out = d;
	*outlen = (size_t)l;
	return PL_OK;
}

/* Shared by the form and cookie parsers: split on sep, then on '='. */
static int
split_pairs(const char *s, size_t n, char sep, int decode,
    const struct pl_limits *lim, struct pl_kvlist *l)
{
	size_t	 i = 0, fields = 0;
	int	 rc;

	if (lim == NULL)
		lim = &pl_default_limits;
	while (i < n) {
		size_t	 start = i, end, eq, klen, vlen;
		char	*k = NULL, *v = NULL;

		while (i < n && s[i] != sep)
			i++;
		end = i;
		if (i < n)
			i++;
		if (!decode)	/* cookies: "a=1; b=2" */
			while (start < end && s[start] == ' ')
				start++;
		if (end == start)
			continue;
		if (++fields > lim->max_fields)
			return PL_ETOOBIG;
		for (eq = start; eq < end && s[eq] != '='; eq++)
			continue;
		if ((rc = decode_part(s + start, eq - start, lim->max_key,
		    decode, &k, &klen)) != PL_OK)
			return rc;
		if (eq < end)
			rc = decode_part(s + eq + 1, end - eq - 1, lim->max_val,
			    decode, &v, &vlen);
		else
			rc = decode_part("", 0, lim->max_val, decode, &v, &vlen);
		if (rc != PL_OK) {
			free(k);
			return rc;
		}
		if (klen == 0) {	/* "=value": no name, ignore */
			free(k);
			free(v);
			continue;
		}
		if ((rc = kv_push(l, k, v, vlen)) != PL_OK)
			return rc;
	}
	return PL_OK;
}

int
pl_form_parse(const char *s, size_t n, const struct pl_limits *lim,
    struct pl_kvlist *l)
{
	return split_pairs(s, n, '&', 1, lim, l);
}

int
pl_cookie_parse(const char *s, size_t n, const struct pl_limits *lim,
    struct pl_kvlist *l)
{
	return split_pairs(s, n, ';', 0, lim, l);
}

static int
json_depth_ok(const cJSON *j, int depth)
{
	const cJSON *c;

	if (depth > PL_JSON_MAX_DEPTH)
		return 0;
	for (c = j->child; c != NULL; c = c->next)
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) &&
		    !json_depth_ok(c, depth + 1))
			return 0;
	return 1;
}

/*
 * cJSON recurses once per nesting level up to its own limit of 1000;
 * refuse deep input cheaply before it gets there, and \u0000, which
 * would silently cut a string short. 1 when fine.
 */
static int
json_shallow(const char *s, size_t n)
{
	size_t	i, d = 0;
	int	instr = 0;

	for (i = 0; i < n; i++) {
		if (instr) {
			if (s[i] == '\\' && i + 5 < n && s[i + 1] == 'u' &&
			    memcmp(s + i + 2, "0000", 4) == 0)
				return 0;
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				instr = 0;
		} else if (s[i] == '"')
			instr = 1;
		else if (s[i] == '{' || s[i] == '[') {
			if (++d > PL_JSON_MAX_DEPTH + 1)
				return 0;
		} else if ((s[i] == '}' || s[i] == ']') && d > 0)
			d--;
	}
	return 1;
}

/* A top-level scalar member as text into num (or NULL: not a scalar). */
static const char *
json_scalar(const cJSON *c, char *num, size_t sz)
{
	double d;

	if (cJSON_IsString(c))
		return c->valuestring;
	if (cJSON_IsBool(c))
		return cJSON_IsTrue(c) ? "1" : "0";
	if (!cJSON_IsNumber(c))
		return NULL;	/* null, objects and arrays: through *out */
	d = c->valuedouble;
	if (d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
	    d == (double)(long long)d)
		snprintf(num, sz, "%lld", (long long)d);
	else
		snprintf(num, sz, "%.17g", d);
	return num;
}

/* The object's scalar members into l, within the limits. */
static int
json_members(const cJSON *j, const struct pl_limits *lim, struct pl_kvlist *l)
{
	const cJSON	*c;
	const char	*v;
	char		*k, *val, num[64];
	size_t		 fields = 0;
	int		 rc;

	for (c = j->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			return PL_EINVAL;
		if (++fields > lim->max_fields || strlen(c->string) > lim->max_key)
			return PL_ETOOBIG;
		if ((v = json_scalar(c, num, sizeof(num))) == NULL)
			continue;
		if (strlen(v) > lim->max_val)
			return PL_ETOOBIG;
		if ((k = strdup(c->string)) == NULL || (val = strdup(v)) == NULL) {
			free(k);
			return PL_ENOMEM;
		}
		if ((rc = kv_push(l, k, val, strlen(val))) != PL_OK)
			return rc;
	}
	return PL_OK;
}

int
pl_json_parse(const char *s, size_t n, const struct pl_limits *lim,
    struct pl_kvlist *l, cJSON **out)
{
	cJSON		*j;
	const char	*end = NULL;
	int		 rc = PL_EINVAL;

	*out = NULL;
	if (lim == NULL)
		lim = &pl_default_limits;
	if (memchr(s, '\0', n) != NULL || !pl_utf8_valid(s, n) || !json_shallow(s, n))
		return PL_EINVAL;
	if ((j = cJSON_ParseWithLengthOpts(s, n, &end, 0)) == NULL)
		return PL_EINVAL;
	/* Only whitespace may follow the object. */
	while (end < s + n && (*end == ' ' || *end == '\t' || *end == '\n' ||
	    *end == '\r'))
		end++;
	if (end == s + n && cJSON_IsObject(j) && json_depth_ok(j, 1) &&
	    (rc = json_members(j, lim, l)) == PL_OK) {
		*out = j;
		return PL_OK;
	}
	cJSON_Delete(j);
	return rc;
}
