/*
 * fuzz_form.c: libFuzzer harness for pl_form_parse (query strings and
 * urlencoded bodies) under the default and under tight limits, and for
 * pl_url_decode. Checks the parser's promises on every accepted input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pl_form.h"
#include "pl_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct pl_kvlist *l, const struct pl_limits *lim)
{
	size_t i;

	if (l->n > lim->max_fields)
		abort();
	for (i = 0; i < l->n; i++) {
		const struct pl_kv *kv = &l->v[i];

		/* Decoded NUL bytes are refused, so strlen sees everything. */
		if (strlen(kv->key) > lim->max_key ||
		    kv->vlen > lim->max_val || strlen(kv->val) != kv->vlen)
			abort();
	}
}

static void
run(const char *s, size_t n, const struct pl_limits *lim)
{
	struct pl_kvlist	l;
	int			rc;

	memset(&l, 0, sizeof(l));
	rc = pl_form_parse(s, n, lim, &l);
	if (rc != PL_OK && rc != PL_EINVAL && rc != PL_ETOOBIG &&
	    rc != PL_ENOMEM)
		abort();
	if (rc == PL_OK)
		check(&l, lim);
	pl_kvlist_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pl_limits	 tight = { 3, 4, 8 };
	char				*copy;
	long				 n;

	run((const char *)data, size, &pl_default_limits);
	run((const char *)data, size, &tight);

	/* pl_url_decode in place (one spare byte for its terminating NUL). */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	n = pl_url_decode(copy, size, 1);
	if (n > (long)size)
		abort();
	free(copy);
	return 0;
}
