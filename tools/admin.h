/*
 * admin.h: what the parts of plauder-admin share.
 */
#ifndef ADMIN_H
#define ADMIN_H

#include "pl_auth.h"
#include "pl_site.h"

struct pl_db;

extern struct pl_db *db;

int	usage(void);
int	fail(const char *what);
int	get_site(const char *code, struct pl_site *site);
int	op_lookup(const struct pl_site *, const char *login, long long *id, char *hash);
/* A password from a file or stdin ("-"), 8..1024 bytes; or a random one. Caller frees. */
char	*read_password(const char *path);
char	*random_password(void);

int	cmd_settings(int, char **);
int	cmd_texts(int, char **);
int	cmd_field(int, char **);
int	cmd_chat(int, char **);
int	cmd_retention(int, char **);
int	cmd_hosting(int, char **);
int	cmd_site_state(const char *verb, const char *code);

#endif
