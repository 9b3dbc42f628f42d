/*
 * admin-hosting.c: plauder-admin's hosting level (pl_hosting.h).
 *
 *   plauder-admin hosting add LOGIN [--password-file F|-] [--if-missing]
 *       (no --password-file: a random password is printed once)
 *   plauder-admin hosting passwd LOGIN [--password-file F|-]
 *   plauder-admin hosting list
 *   plauder-admin site suspend|resume N-M
 *
 * Suspending and resuming are audited on the site, as the web's are,
 * with "plauder-admin" as who.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_db.h"
#include "pl_hosting.h"
#include "pl_param.h"

#include "admin.h"

static const struct pl_editor tool = { 0, "plauder-admin" };

static int
print_admin(void *arg, const char *login, int disabled)
{
	printf("%s%s\n", login, disabled ? "\t(disabled)" : "");
	return 0;
}

/* add or passwd, with the password read (or made up) once. */
static int
hosting_set(const char *verb, const char *login, const char *pwfile, int if_missing)
{
	char	*pw;
	int	 printed = pwfile == NULL, rc;

	if ((pw = printed ? random_password() : read_password(pwfile)) == NULL)
		return 1;
	rc = strcmp(verb, "add") == 0 ? pl_hosting_admin_add(db, login, pw) :
	    pl_hosting_admin_passwd(db, login, pw);
	switch (rc) {
	case PL_OK:
		printf("hosting admin %s %s\n", login,
		    strcmp(verb, "add") == 0 ? "added" : "has a new password");
		if (printed)
			printf("password: %s\n", pw);
		rc = 0;
		break;
	case PL_EDUP:
		if (!if_missing)
			fprintf(stderr, "plauder-admin: hosting admin %s exists\n", login);
		rc = if_missing ? 0 : 1;
		break;
	case PL_ENOTFOUND:
		fprintf(stderr, "plauder-admin: no hosting admin %s\n", login);
		rc = 1;
		break;
	case PL_EINVAL:
		fprintf(stderr, "plauder-admin: %s: a login is letters, digits, _ and -"
		    " (at most 64)\n", login);
		rc = 2;
		break;
	default:
		rc = fail("hosting");
		break;
	}
	sodium_memzero(pw, strlen(pw));
	free(pw);
	return rc;
}

int
cmd_hosting(int argc, char **argv)
{
	const char	*pwfile = NULL;
	int		 i, if_missing = 0;

	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return pl_hosting_admins(db, print_admin, NULL) == PL_OK ? 0 :
		    fail("hosting list");
	if (argc < 2 || (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "passwd") != 0))
		return usage();
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--password-file") == 0 && i + 1 < argc)
			pwfile = argv[++i];
		else if (strcmp(argv[i], "--if-missing") == 0 &&
		    strcmp(argv[0], "add") == 0)
			if_missing = 1;
		else
			return usage();
	}
	return hosting_set(argv[0], argv[1], pwfile, if_missing);
}

int
cmd_site_state(const char *verb, const char *code)
{
	struct pl_site_id	id;
	int			suspend = strcmp(verb, "suspend") == 0, changed = 0;

	if (pl_site_id_parse(code, strlen(code), &id) != PL_OK) {
		fprintf(stderr, "plauder-admin: %s: not a site id (N-M)\n", code);
		return 2;
	}
	switch (pl_hosting_site_suspend(db, &tool, &id, suspend, &changed)) {
	case PL_OK:
		printf("site %s %s%s\n", code, suspend ? "suspended" : "resumed",
		    changed ? "" : " (it was already)");
		return 0;
	case PL_ENOTFOUND:
		fprintf(stderr, "plauder-admin: %s: no such site\n", code);
		return 1;
	default:
		return fail(suspend ? "site suspend" : "site resume");
	}
}
