/*
 * fuzz_conf.c: libFuzzer harness for pl_conf_parse: any text either
 * parses into a configuration or fails with a NUL-terminated message,
 * and nothing leaks either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pl_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_conf	*c;
	char		 err[128], small[4];

	memset(err, 'X', sizeof(err));
	c = pl_conf_parse((const char *)data, size, err, sizeof(err));
	if (c == NULL && memchr(err, '\0', sizeof(err)) == NULL)
		abort();
	pl_conf_free(c);

	/* A tiny error buffer must be enough too. */
	c = pl_conf_parse((const char *)data, size, small, sizeof(small));
	pl_conf_free(c);
	return 0;
}
