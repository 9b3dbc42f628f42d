/*
 * admin.h: the admin program (cgi-bin/admin): a site's admin area
 * (admin.c) and the hosting level above the sites (hosting.c), one
 * program with one route table that main() puts together.
 */
#ifndef ADMIN_H
#define ADMIN_H

#include <stddef.h>

#include "pl_req.h"

/* The hosting admin's routes (hosting.c). */
extern const struct pl_route	hosting_routes[];
extern const size_t		hosting_nroutes;

#endif
