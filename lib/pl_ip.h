/*
 * pl_ip.h: IP addresses are anonymised before they touch the database:
 * IPv4 loses its last octet (a.b.c.0), IPv6 keeps its first 48 bits.
 */
#ifndef PL_IP_H
#define PL_IP_H

#include <stddef.h>

#define PL_IP_ANON_MAX	64

/* Anonymise addr into out; PL_OK, or PL_EINVAL (out = "unknown"). */
int	pl_ip_anon(const char *addr, char *out, size_t outsz);

#endif
