/*
 * pl_ip.c: anonymised IP addresses (see pl_ip.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "pl_ip.h"
#include "pl_util.h"

int
pl_ip_anon(const char *addr, char *out, size_t outsz)
{
	unsigned char	b[16];

	if (addr != NULL && inet_pton(AF_INET, addr, b) == 1) {
		b[3] = 0;
		if (inet_ntop(AF_INET, b, out, (socklen_t)outsz) != NULL)
			return PL_OK;
	} else if (addr != NULL && inet_pton(AF_INET6, addr, b) == 1) {
		memset(b + 6, 0, 10);
		if (inet_ntop(AF_INET6, b, out, (socklen_t)outsz) != NULL)
			return PL_OK;
	}
	snprintf(out, outsz, "unknown");
	return PL_EINVAL;
}
