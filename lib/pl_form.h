/*
 * pl_form.h: parsers for untrusted input: query strings and
 * application/x-www-form-urlencoded bodies, Cookie headers, JSON bodies.
 * Every parser has hard bounds on field count and length; these are the
 * functions the fuzz harnesses in tests/fuzz/ drive.
 */
#ifndef PL_FORM_H
#define PL_FORM_H

#include <stddef.h>

struct cJSON;

struct pl_kv {
	char	*key;		/* NUL-terminated, decoded */
	char	*val;		/* NUL-terminated, decoded */
	size_t	 vlen;
};

struct pl_kvlist {
	struct pl_kv	*v;
	size_t		 n;
	size_t		 cap;
};

struct pl_limits {
	size_t	max_fields;	/* number of pairs */
	size_t	max_key;	/* bytes of a decoded key */
	size_t	max_val;	/* bytes of a decoded value */
};

extern const struct pl_limits pl_default_limits;

void	pl_kvlist_free(struct pl_kvlist *);
/* First value for key, or NULL. */
const struct pl_kv *pl_kvlist_get(const struct pl_kvlist *, const char *key);

/*
 * Parse "a=1&b=2" (query string or urlencoded body) into list (appended).
 * '+' is a space, %XX decoded; a bad escape or a decoded NUL byte is
 * PL_EINVAL; a bound exceeded is PL_ETOOBIG. Empty pairs are skipped.
 */
int	pl_form_parse(const char *, size_t, const struct pl_limits *,
	    struct pl_kvlist *);

/* Parse a Cookie header "a=1; b=2". Values are not decoded. */
int	pl_cookie_parse(const char *, size_t, const struct pl_limits *,
	    struct pl_kvlist *);

/*
 * Parse a JSON body: must be one object. Its scalar members (string,
 * number, true/false) are appended to list as text; nested values are
 * left to the caller through *json (caller frees with cJSON_Delete).
 * Depth is bounded to PL_JSON_MAX_DEPTH.
 */
#define PL_JSON_MAX_DEPTH 16
int	pl_json_parse(const char *, size_t, const struct pl_limits *,
	    struct pl_kvlist *, struct cJSON **json);

/*
 * Percent-decode the n bytes at s in place; returns the new length or -1
 * on a bad escape or a decoded NUL. Writes nothing past s[n-1]: the
 * result is NUL-terminated only when it is shorter than n.
 */
long	pl_url_decode(char *, size_t, int plus_is_space);

#endif
