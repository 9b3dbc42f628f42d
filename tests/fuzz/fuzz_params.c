/*
 * fuzz_params.c: libFuzzer harness for the whole parameter path. The
 * input is split at its first newline into a query string and a body;
 * a body starting with '{' is parsed as JSON, else as a form. Then
 * pl_params_parse runs a table holding every PL_T_* type (and an
 * unused NULL-name slot), and pl_param_check runs every type on every
 * value found.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_form.h"
#include "pl_param.h"
#include "pl_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const modes[] = { "visitor", "operator", "admin", NULL };

static const struct pl_param table[] = {
	{ "site",	PL_T_SITE,	0, 0,		PL_P_REQUIRED,	NULL },
	{ "name",	PL_T_STR,	1, 64,		0,		NULL },
	{ "msg",	PL_T_TEXT,	1, 4000,	0,		NULL },
	{ "n",		PL_T_INT,	-5, 1000,	0,		NULL },
	{ "big",	PL_T_INT,	-9223372036854775807LL - 1,
					9223372036854775807LL, 0, NULL },
	{ "typing",	PL_T_BOOL,	0, 0,		0,		NULL },
	{ "dept",	PL_T_DEPT,	0, 0,		0,		NULL },
	{ "lang",	PL_T_LANG,	0, 0,		0,		NULL },
	{ "mode",	PL_T_ENUM,	0, 0,		0,		modes },
	{ "token",	PL_T_TOKEN,	16, 64,		0,		NULL },
	{ "empty",	PL_T_STR,	0, 0,		0,		NULL },
	{ NULL,		PL_T_INT,	0, 1,		PL_P_REQUIRED,	NULL },
};
#define NTAB	(sizeof(table) / sizeof(table[0]))

/* Check the promises of a successful pl_params_parse. */
static void
check_vals(const struct pl_value *v)
{
	size_t i;

	for (i = 0; i < NTAB; i++) {
		if ((v[i].present != 0 && v[i].present != 1) ||
		    (table[i].name == NULL && v[i].present))
			abort();
		if (!v[i].present)
			continue;
		switch (table[i].type) {
		case PL_T_STR:
		case PL_T_TEXT:
		case PL_T_TOKEN:
			if ((long long)v[i].len < table[i].min ||
			    (long long)v[i].len > table[i].max)
				abort();
			break;
		case PL_T_INT:
			if (v[i].i < table[i].min || v[i].i > table[i].max)
				abort();
			break;
		case PL_T_BOOL:
			if (v[i].i != 0 && v[i].i != 1)
				abort();
			break;
		case PL_T_SITE:
			if (v[i].site.customer < 1 ||
			    v[i].site.customer > 999999999 ||
			    v[i].site.instance < 1 ||
			    v[i].site.instance > 999999999)
				abort();
			break;
		case PL_T_ENUM:
			if (v[i].i < 0 || v[i].i > 2)
				abort();
			break;
		default:
			break;
		}
	}
	if (!v[0].present)	/* "site" is required */
		abort();
}

/* Run every type over one value. */
static void
check_all_types(const char *s, size_t n)
{
	struct pl_value	 v;
	const char	*reason;
	size_t		 i;

	for (i = 0; i < NTAB; i++) {
		if (table[i].name == NULL)
			continue;
		memset(&v, 0, sizeof(v));
		reason = NULL;
		if (pl_param_check(&table[i], s, n, &v, &reason) != PL_OK &&
		    reason == NULL)
			abort();
	}
	{
		struct pl_site_id id;

		(void)pl_site_id_parse(s, n, &id);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char			*in = (const char *)data;
	const char			*nl = memchr(in, '\n', size);
	const char			*body = "";
	size_t				 qlen = size, blen = 0, i, j;
	struct pl_kvlist		 q, b;
	const struct pl_kvlist *const	 src[2] = { &q, &b };
	struct pl_value			 vals[NTAB];
	struct pl_param_error		 err;
	cJSON				*json = NULL;
	int				 rc;

	if (nl != NULL) {
		qlen = (size_t)(nl - in);
		body = nl + 1;
		blen = size - qlen - 1;
	}
	memset(&q, 0, sizeof(q));
	memset(&b, 0, sizeof(b));
	/* Go on after a failed parse: pairs before the error stay listed. */
	(void)pl_form_parse(in, qlen, NULL, &q);
	if (blen > 0 && body[0] == '{')
		(void)pl_json_parse(body, blen, NULL, &b, &json);
	else
		(void)pl_form_parse(body, blen, NULL, &b);

	memset(&err, 0, sizeof(err));
	rc = pl_params_parse(table, NTAB, src, 2, vals, &err);
	if (rc == PL_OK)
		check_vals(vals);
	else if (err.field == NULL || err.reason == NULL)
		abort();

	for (i = 0; i < 2; i++)
		for (j = 0; j < src[i]->n && j < 16; j++)
			check_all_types(src[i]->v[j].val, src[i]->v[j].vlen);

	cJSON_Delete(json);
	pl_kvlist_free(&q);
	pl_kvlist_free(&b);
	return 0;
}
