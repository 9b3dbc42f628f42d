/*
 * fuzz_cookie.c: libFuzzer harness for pl_cookie_parse under the
 * default and under tight limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pl_form.h"
#include "pl_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
run(const char *s, size_t n, const struct pl_limits *lim)
{
	struct pl_kvlist	l;
	size_t			i;
	int			rc;

	memset(&l, 0, sizeof(l));
	rc = pl_cookie_parse(s, n, lim, &l);
	if (rc != PL_OK && rc != PL_EINVAL && rc != PL_ETOOBIG &&
	    rc != PL_ENOMEM)
		abort();
	if (rc == PL_OK) {
		if (l.n > lim->max_fields)
			abort();
		for (i = 0; i < l.n; i++)
			if (strlen(l.v[i].key) > lim->max_key ||
			    l.v[i].vlen > lim->max_val ||
			    strlen(l.v[i].val) != l.v[i].vlen)
				abort();
		(void)pl_kvlist_get(&l, "sid");
	}
	pl_kvlist_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pl_limits	tight = { 2, 5, 10 };

	run((const char *)data, size, &pl_default_limits);
	run((const char *)data, size, &tight);
	return 0;
}
