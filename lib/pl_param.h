/*
 * pl_param.h: declarative parameter tables. Each route lists its
 * parameters (name, type, bounds, required); the request is parsed once
 * into typed values before any handler or database work runs. Missing
 * or invalid input is answered 400 with the field's name.
 */
#ifndef PL_PARAM_H
#define PL_PARAM_H

#include <stddef.h>
#include "pl_form.h"
#include "pl_site.h"

enum pl_ptype {
	PL_T_STR,	/* UTF-8 text, one line, no control chars; len in [min,max] */
	PL_T_TEXT,	/* UTF-8 text, newlines allowed; len in [min,max] */
	PL_T_INT,	/* decimal integer in [min,max] */
	PL_T_BOOL,	/* 1/0, true/false, yes/no, on/off */
	PL_T_SITE,	/* site id "N-M" */
	PL_T_DEPT,	/* department: one character [A-Za-z0-9] */
	PL_T_LANG,	/* language tag: 2-3 lowercase letters, optional -XX region */
	PL_T_ENUM,	/* one of choices[]; value is its index */
	PL_T_TOKEN,	/* [A-Za-z0-9_-], len in [min,max] */
	PL_T__MAX
};

#define PL_P_REQUIRED	0x01

struct pl_param {
	const char		*name;
	enum pl_ptype		 type;
	long long		 min;
	long long		 max;
	unsigned		 flags;
	const char *const	*choices;	/* PL_T_ENUM: NULL-terminated */
};

struct pl_value {
	int		 present;
	const char	*s;	/* the raw text (owned by the request) */
	size_t		 len;
	long long	 i;	/* INT, BOOL (0/1), ENUM index, DEPT char */
	struct pl_site_id site;
};

#define PL_MAX_PARAMS 48

struct pl_param_error {
	const char	*field;		/* name from the table */
	const char	*reason;	/* "missing", "invalid", "too long", ... */
};

/*
 * Entries whose name is NULL are skipped: programs with many routes
 * keep one enum of keys and give each route a table with only its own
 * entries filled in.
 *
 * Fill vals[0..n) from the sources, searched in order (query first,
 * then body). A name present twice (in one or both sources) is invalid.
 * Returns PL_OK, or PL_EINVAL with *err filled for the first bad field.
 */
int	pl_params_parse(const struct pl_param *, size_t n,
	    const struct pl_kvlist *const *sources, size_t nsources,
	    struct pl_value *vals, struct pl_param_error *err);

/* Validate one value against one table entry. PL_OK or PL_EINVAL (reason set). */
int	pl_param_check(const struct pl_param *, const char *s, size_t len,
	    struct pl_value *out, const char **reason);

/* Parse "N-M" (1-999999999 each, no leading zeros). PL_OK or PL_EINVAL. */
int	pl_site_id_parse(const char *, size_t, struct pl_site_id *);

#endif
