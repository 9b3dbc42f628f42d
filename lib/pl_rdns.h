/*
 * pl_rdns.h: reverse host names of visitors, for page views (conf
 * reverse_dns, off by default). A lookup never waits for DNS: it answers
 * from an in-memory cache, and on a miss hands the address to one
 * resolver thread, so a visitor's first page view goes without a host
 * name and the next ones have it. Only the host name without its most
 * specific label (pl_host_anon) is ever handed out; the full address
 * stays in this process's memory for at most an hour.
 */
#ifndef PL_RDNS_H
#define PL_RDNS_H

#include <stddef.h>

/* The resolver thread (a threaded daemon): 0 or -1. */
int	pl_rdns_start(void);

/*
 * The anonymised host name of addr (a full address) into host: 1 when
 * known ("" no name), 0 when not yet (asked for, when there is room in
 * the resolver's queue, or without a resolver thread never).
 */
int	pl_rdns_lookup(const char *addr, char *host, size_t sz);

#endif
