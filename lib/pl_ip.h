/*
 * pl_ip.h: IP addresses are anonymised before they touch the database:
 * IPv4 loses its last octet (a.b.c.0), IPv6 keeps its first 48 bits; an
 * IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, or 6to4 2002:aabb:ccdd::)
 * is anonymised as the IPv4 address it is. Host names lose their most
 * specific label. X-Forwarded-For is believed only from trusted proxies.
 */
#ifndef PL_IP_H
#define PL_IP_H

#include <stddef.h>

#define PL_IP_ANON_MAX	64

/* Anonymise addr into out; PL_OK, or PL_EINVAL (out = "unknown"). */
int	pl_ip_anon(const char *addr, char *out, size_t outsz);

/*
 * A reverse host name without its most specific label
 * (p5b0c2a1f.dip0.t-ipconnect.de: dip0.t-ipconnect.de); a name of two
 * labels or fewer, or not a host name at all, is "unknown". PL_OK or
 * PL_EINVAL.
 */
int	pl_host_anon(const char *host, char *out, size_t outsz);

/*
 * The client's address: remote (REMOTE_ADDR), unless it is one of the
 * trusted proxies (a space- or comma-separated list of addresses and
 * CIDR prefixes, NULL or "": none), then the right-most address of
 * forwarded (X-Forwarded-For) that is not one of them. Not anonymised:
 * pass it to pl_ip_anon. Returns out ("" when none is known).
 */
const char *pl_ip_client(const char *remote, const char *forwarded,
	    const char *trusted, char *out, size_t outsz);

/* Non-zero when addr is in the list (as for pl_ip_client). */
int	pl_ip_in_list(const char *addr, const char *list);

#endif
