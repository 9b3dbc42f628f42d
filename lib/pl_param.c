/*
 * pl_param.c: validate request parameters against a route's table and
 * turn them into typed values. Runs before any database work.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "pl_param.h"
#include "pl_util.h"

int
pl_site_id_parse(const char *s, size_t n, struct pl_site_id *out)
{
	const char	*dash;
	long long	 c, i;

	if (n == 0 || n > 21 || (dash = memchr(s, '-', n)) == NULL)
		return PL_EINVAL;
	if (dash == s || dash == s + n - 1)
		return PL_EINVAL;
	if (s[0] == '0' || dash[1] == '0')
		return PL_EINVAL;
	if (pl_parse_ll(s, (size_t)(dash - s), 1, 999999999, &c) != PL_OK ||
	    pl_parse_ll(dash + 1, n - (size_t)(dash - s) - 1, 1, 999999999, &i) != PL_OK)
		return PL_EINVAL;
	if (s[0] == '-')
		return PL_EINVAL;
	out->customer = (unsigned long)c;
	out->instance = (unsigned long)i;
	return PL_OK;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* 1, 0, or -1 when the text is not one of the accepted spellings. */
static long long
parse_bool(const char *s, size_t len)
{
	if ((len == 1 && s[0] == '1') ||
	    (len == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (len == 3 && strncasecmp(s, "yes", 3) == 0) ||
	    (len == 2 && strncasecmp(s, "on", 2) == 0))
		return 1;
	if ((len == 1 && s[0] == '0') ||
	    (len == 5 && strncasecmp(s, "false", 5) == 0) ||
	    (len == 2 && strncasecmp(s, "no", 2) == 0) ||
	    (len == 3 && strncasecmp(s, "off", 3) == 0))
		return 0;
	return -1;
}

int
pl_param_check(const struct pl_param *p, const char *s, size_t len,
    struct pl_value *out, const char **reason)
{
	size_t	i;

	out->s = s;
	out->len = len;
	out->i = 0;
	*reason = "invalid";
	switch (p->type) {
	case PL_T_STR:
	case PL_T_TEXT:
		*reason = !pl_text_valid(s, len, p->type == PL_T_TEXT) ? "not valid text" :
		    (long long)len < p->min ? (len == 0 ? "empty" : "too short") :
		    (long long)len > p->max ? "too long" : NULL;
		if (*reason != NULL)
			return PL_EINVAL;
		*reason = "invalid";
		return PL_OK;
	case PL_T_TOKEN:
		if ((long long)len < p->min || (long long)len > p->max)
			return PL_EINVAL;
		for (i = 0; i < len; i++)
			if (!is_alnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
				return PL_EINVAL;
		return PL_OK;
	case PL_T_INT:
		if (pl_parse_ll(s, len, p->min, p->max, &out->i) != PL_OK) {
			*reason = "not a number in range";
			return PL_EINVAL;
		}
		return PL_OK;
	case PL_T_BOOL:
		if ((out->i = parse_bool(s, len)) < 0) {
			out->i = 0;
			*reason = "expected 1 or 0";
			return PL_EINVAL;
		}
		return PL_OK;
	case PL_T_SITE:
		if (pl_site_id_parse(s, len, &out->site) != PL_OK) {
			*reason = "expected a site id like 1-1";
			return PL_EINVAL;
		}
		return PL_OK;
	case PL_T_DEPT:
		if (len != 1 || !is_alnum((unsigned char)s[0])) {
			*reason = "expected one letter or digit";
			return PL_EINVAL;
		}
		out->i = s[0];
		return PL_OK;
	case PL_T_LANG:
		if (!pl_lang_valid(s, len)) {
			*reason = "expected a language like de or en";
			return PL_EINVAL;
		}
		return PL_OK;
	case PL_T_ENUM:
		for (i = 0; p->choices != NULL && p->choices[i] != NULL; i++)
			if (strlen(p->choices[i]) == len &&
			    memcmp(p->choices[i], s, len) == 0)
				break;
		if (p->choices == NULL || p->choices[i] == NULL) {
			*reason = "not one of the allowed values";
			return PL_EINVAL;
		}
		out->i = (long long)i;
		return PL_OK;
	default:
		return PL_EINVAL;
	}
}

int
pl_params_parse(const struct pl_param *tab, size_t n,
    const struct pl_kvlist *const *src, size_t nsrc,
    struct pl_value *vals, struct pl_param_error *err)
{
	size_t	 i, j, k;

	if (n > PL_MAX_PARAMS) {
		/* A programming error: refuse rather than skip fields. */
		err->field = n > 0 ? tab[n - 1].name : "";
		err->reason = "parameter table too large";
		return PL_EINVAL;
	}
	for (i = 0; i < n; i++) {
		const struct pl_kv	*found = NULL;
		const char		*reason;

		memset(&vals[i], 0, sizeof(vals[i]));
		if (tab[i].name == NULL)	/* a slot this route does not use */
			continue;
		for (j = 0; j < nsrc; j++) {
			if (src[j] == NULL)
				continue;
			for (k = 0; k < src[j]->n; k++) {
				if (strcmp(src[j]->v[k].key, tab[i].name) != 0)
					continue;
				if (found != NULL) {
					err->field = tab[i].name;
					err->reason = "given more than once";
					return PL_EINVAL;
				}
				found = &src[j]->v[k];
			}
		}
		/* "dept=" in an embed means no department: empty is absent. */
		if (found != NULL && found->vlen == 0 &&
		    tab[i].type != PL_T_STR && tab[i].type != PL_T_TEXT)
			found = NULL;
		if (found == NULL) {
			if (tab[i].flags & PL_P_REQUIRED) {
				err->field = tab[i].name;
				err->reason = "missing";
				return PL_EINVAL;
			}
			continue;
		}
		if (pl_param_check(&tab[i], found->val, found->vlen, &vals[i],
		    &reason) != PL_OK) {
			err->field = tab[i].name;
			err->reason = reason;
			return PL_EINVAL;
		}
		vals[i].present = 1;
	}
	return PL_OK;
}
