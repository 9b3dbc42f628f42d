/*
 * pl_ip.c: anonymised IP addresses and host names (see pl_ip.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_ip.h"
#include "pl_util.h"

static int
v4_anon(unsigned char b[4], char *out, size_t outsz)
{
	b[3] = 0;
	return inet_ntop(AF_INET, b, out, (socklen_t)outsz) != NULL ? PL_OK : PL_EINVAL;
}

int
pl_ip_anon(const char *addr, char *out, size_t outsz)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	unsigned char	b[16];

	if (addr != NULL && inet_pton(AF_INET, addr, b) == 1) {
		if (v4_anon(b, out, outsz) == PL_OK)
			return PL_OK;
	} else if (addr != NULL && inet_pton(AF_INET6, addr, b) == 1) {
		if (memcmp(b, mapped, sizeof(mapped)) == 0 && v4_anon(b + 12, out, outsz) == PL_OK)
			return PL_OK;
		if (b[0] == 0x20 && b[1] == 0x02) {
			/* 6to4: the IPv4 address is bits 16-48; keep what IPv4 keeps. */
			memset(b + 5, 0, 11);
		} else
			memset(b + 6, 0, 10);
		if (inet_ntop(AF_INET6, b, out, (socklen_t)outsz) != NULL)
			return PL_OK;
	}
	snprintf(out, outsz, "unknown");
	return PL_EINVAL;
}

int
pl_host_anon(const char *host, char *out, size_t outsz)
{
	const char	*dot, *p;
	size_t		 n, labels = 1;

	n = host != NULL ? strlen(host) : 0;
	if (n > 0 && host[n - 1] == '.')
		n--;	/* the root */
	for (p = host; n > 0 && p < host + n; p++) {
		if (*p == '.')
			labels++;
		else if (!isalnum((unsigned char)*p) && *p != '-')
			labels = 0, n = 0;
	}
	if (n == 0 || n > 253 || labels < 3 || (dot = strchr(host, '.')) == NULL ||
	    dot[1] == '.' || dot == host) {
		snprintf(out, outsz, "unknown");
		return PL_EINVAL;
	}
	snprintf(out, outsz, "%.*s", (int)(n - (size_t)(dot + 1 - host)), dot + 1);
	return PL_OK;
}

/* addr within prefix/bits (both parsed). */
static int
in_prefix(const unsigned char *a, const unsigned char *p, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(a, p, full) != 0)
		return 0;
	return rest == 0 || ((a[full] ^ p[full]) & (0xff << (8 - rest))) == 0;
}

static int
parse(const char *s, unsigned char b[16], int *fam)
{
	if (inet_pton(AF_INET, s, b) == 1)
		*fam = AF_INET;
	else if (inet_pton(AF_INET6, s, b) == 1)
		*fam = AF_INET6;
	else
		return -1;
	return 0;
}

int
pl_ip_in_list(const char *addr, const char *list)
{
	unsigned char	a[16], p[16];
	char		item[64], *slash;
	const char	*s = list;
	size_t		n;
	int		fa, fp;
	long		bits;

	if (addr == NULL || list == NULL || parse(addr, a, &fa) != 0)
		return 0;
	while (*s != '\0') {
		s += strspn(s, " ,\t");
		n = strcspn(s, " ,\t");
		if (n == 0)
			break;
		snprintf(item, sizeof(item), "%.*s", (int)(n < 63 ? n : 63), s);
		s += n;
		bits = -1;
		if ((slash = strchr(item, '/')) != NULL) {
			*slash = '\0';
			bits = strtol(slash + 1, NULL, 10);
		}
		if (parse(item, p, &fp) != 0 || fp != fa)
			continue;
		if (bits < 0 || bits > (fa == AF_INET ? 32 : 128))
			bits = fa == AF_INET ? 32 : 128;
		if (in_prefix(a, p, (unsigned)bits))
			return 1;
	}
	return 0;
}

const char *
pl_ip_client(const char *remote, const char *forwarded, const char *trusted,
    char *out, size_t outsz)
{
	char		 hop[64];
	const char	*end;
	size_t		 n;

	snprintf(out, outsz, "%s", remote != NULL ? remote : "");
	if (forwarded == NULL || trusted == NULL || trusted[0] == '\0' ||
	    !pl_ip_in_list(out, trusted))
		return out;
	/* From the right: the first hop that is not one of our proxies. */
	end = forwarded + strlen(forwarded);
	while (end > forwarded) {
		const char *start = end, *seg;

		while (start > forwarded && start[-1] != ',')
			start--;
		seg = start;
		n = (size_t)(end - start);
		while (n > 0 && (*start == ' ' || *start == '\t'))
			start++, n--;
		while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
			n--;
		snprintf(hop, sizeof(hop), "%.*s", (int)(n < 63 ? n : 63), start);
		end = seg > forwarded ? seg - 1 : forwarded;
		if (hop[0] == '\0')
			continue;
		snprintf(out, outsz, "%s", hop);
		if (!pl_ip_in_list(hop, trusted))
			return out;
	}
	return out;
}
