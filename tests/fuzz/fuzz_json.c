/*
 * fuzz_json.c: libFuzzer harness for pl_json_parse: every outcome must
 * leave *json NULL on failure and an object on success, and the
 * members in the list must respect the limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_form.h"
#include "pl_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
run(const char *s, size_t n, const struct pl_limits *lim)
{
	struct pl_kvlist	 l;
	cJSON			*j = NULL;
	size_t			 i;
	int			 rc;

	memset(&l, 0, sizeof(l));
	rc = pl_json_parse(s, n, lim, &l, &j);
	if (rc == PL_OK) {
		if (j == NULL || !cJSON_IsObject(j) || l.n > lim->max_fields)
			abort();
		for (i = 0; i < l.n; i++)
			if (strlen(l.v[i].key) > lim->max_key ||
			    l.v[i].vlen > lim->max_val ||
			    strlen(l.v[i].val) != l.v[i].vlen)
				abort();
	} else if (j != NULL || (rc != PL_EINVAL && rc != PL_ETOOBIG &&
	    rc != PL_ENOMEM))
		abort();
	cJSON_Delete(j);
	pl_kvlist_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pl_limits	tight = { 3, 4, 8 };

	run((const char *)data, size, &pl_default_limits);
	run((const char *)data, size, &tight);
	return 0;
}
