/*
 * plauder-admin: the command-line admin tool. Applies schema migrations
 * and manages sites, departments, operators and presence. Reads the
 * same configuration file as the web programs ($PLAUDER_CONF).
 *
 *   plauder-admin migrate [--schema-dir DIR]
 *   plauder-admin site create N-M [--name NAME] [--if-missing]
 *   plauder-admin site list
 *   plauder-admin site suspend|resume N-M
 *   plauder-admin hosting add|passwd LOGIN [--password-file F|-] [--if-missing]
 *   plauder-admin hosting list
 *   plauder-admin dept add N-M X [--sort N] [--name LANG=NAME]... [--if-missing]
 *   plauder-admin operator add N-M LOGIN [--name NAME] [--email E]
 *       [--role operator|admin] [--dept X]... [--password-file F|-]
 *       [--if-missing]       (no --password-file: a random password is printed)
 *   plauder-admin operator passwd N-M LOGIN [--password-file F|-]
 *   plauder-admin operator check N-M LOGIN --password-file F|-
 *   plauder-admin operator list N-M
 *   plauder-admin presence set N-M LOGIN online|away|offline [--dept X]
 *   plauder-admin settings|texts|field|chat ...   (see admin-chat.c)
 *
 * Exit status: 0 done, 1 failed, 2 usage.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <sodium.h>

#include "pl_auth.h"
#include "pl_conf.h"
#include "pl_db.h"
#include "pl_chat.h"
#include "pl_log.h"
#include "pl_outbox.h"
#include "pl_param.h"
#include "pl_site.h"
#include "pl_util.h"

#ifndef PL_SCHEMADIR
#define PL_SCHEMADIR "/usr/share/plauder/schema"
#endif

#include "admin.h"

struct pl_db	*db;

int
usage(void)
{
	fputs("usage: plauder-admin migrate [--schema-dir DIR]\n"
	    "       plauder-admin site create N-M [--name NAME] [--if-missing]\n"
	    "       plauder-admin site list\n"
	    "       plauder-admin site suspend|resume N-M\n"
	    "       plauder-admin hosting add|passwd LOGIN [--password-file F|-] [--if-missing]\n"
	    "       plauder-admin hosting list\n"
	    "       plauder-admin dept add N-M X [--sort N] [--name LANG=NAME]... [--if-missing]\n"
	    "       plauder-admin operator add N-M LOGIN [--name NAME] [--email E]\n"
	    "           [--role operator|admin] [--dept X]... [--password-file F|-] [--if-missing]\n"
	    "       plauder-admin operator passwd N-M LOGIN [--password-file F|-]\n"
	    "       plauder-admin operator check N-M LOGIN --password-file F|-\n"
	    "       plauder-admin operator list N-M\n"
	    "       plauder-admin settings consent N-M 0|1 [--default-lang L]\n"
	    "       plauder-admin settings visitors N-M [--keep-page-query 0|1] [--uploads-waiting 0|1]\n"
	    "       plauder-admin mail flush\n"
	    "       plauder-admin chats expire\n"
	    "       plauder-admin presence set N-M LOGIN online|away|offline [--dept X]\n"
	    "       plauder-admin settings set N-M [--privacy none|text|link]\n"
	    "           [--privacy-in-chat 0|1] [--color #rrggbb] [--contact-email ADDR]\n"
	    "           [--tracking id|cookieless]\n"
	    "       plauder-admin texts set N-M LANG [--privacy-text T] [--privacy-url U]\n"
	    "           [--consent-text T]\n"
	    "       plauder-admin field set N-M LANG KEY --label L\n"
	    "           [--type text|email|textarea|checkbox|select] [--required] [--sort N]\n"
	    "           [--option O ...]   (a select's options in LANG)\n"
	    "           [--form query|contact]   (the chat start form, or the contact form)\n"
	    "       plauder-admin field delete N-M LANG KEY [--form query|contact]\n"
	    "       plauder-admin chat accept|close N-M CHAT [LOGIN]\n"
	    "       plauder-admin chat say N-M CHAT LOGIN TEXT [--client-id ID]\n"
	    "       plauder-admin chat typing N-M CHAT 0|1\n"
	    "       plauder-admin chat show N-M CHAT\n"
	    "       plauder-admin retention set N-M DAYS   (0: keep chats forever)\n",
	    stderr);
	return 2;
}

int
fail(const char *what)
{
	fprintf(stderr, "plauder-admin: %s: %s\n", what, pl_db_error(db));
	return 1;
}

int
get_site(const char *code, struct pl_site *site)
{
	struct pl_site_id id;

	if (pl_site_id_parse(code, strlen(code), &id) != PL_OK) {
		fprintf(stderr, "plauder-admin: %s: not a site id (N-M)\n", code);
		return 2;
	}
	switch (pl_site_lookup(db, &id, site)) {
	case PL_OK:
		return 0;
	case PL_ENOTFOUND:
		fprintf(stderr, "plauder-admin: %s: no such site\n", code);
		return 1;
	default:
		return fail("site lookup");
	}
}

static int
valid_dept(const char *d)
{
	return strlen(d) == 1 && ((*d >= 'A' && *d <= 'Z') ||
	    (*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9'));
}

/* ---- migrate ------------------------------------------------------------ */

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_sql_file(MYSQL *my, const char *path)
{
	FILE		*f;
	struct pl_buf	 stmt;
	char		 line[4096];
	int		 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "plauder-admin: %s: %s\n", path, strerror(errno));
		return 1;
	}
	pl_buf_init(&stmt);
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		size_t n = strlen(line);

		if (strncmp(line, "--", 2) == 0)
			continue;
		pl_buf_add(&stmt, line, n);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    line[n - 1] == ' '))
			n--;
		if (n > 0 && line[n - 1] == ';') {
			/* Migration text is trusted DDL from the package, not user input. */
			if (mysql_real_query(my, stmt.p, stmt.len) != 0) {
				fprintf(stderr, "plauder-admin: %s: %s\n", path,
				    mysql_error(my));
				rc = 1;
			}
			pl_buf_reset(&stmt);
		}
	}
	fclose(f);
	pl_buf_free(&stmt);
	return rc;
}

/* The NNN_*.sql files of a directory, unsorted; *n their count (NULL and *n > 0: out of memory). */
static char **
migration_files(DIR *d, size_t *n)
{
	struct dirent	*e;
	char		**names = NULL, **nn;
	size_t		 l, i;

	*n = 0;
	while ((e = readdir(d)) != NULL) {
		l = strlen(e->d_name);
		if (l < 9 || strcmp(e->d_name + l - 4, ".sql") != 0 ||
		    e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		if ((nn = realloc(names, (*n + 1) * sizeof(*names))) != NULL)
			names = nn;
		if (nn == NULL || (names[*n] = strdup(e->d_name)) == NULL) {
			for (i = 0; i < *n; i++)
				free(names[i]);
			free(names);
			*n = 1;
			return NULL;
		}
		(*n)++;
	}
	return names;
}

static int
cmd_migrate(int argc, char **argv)
{
	const char	*dir = PL_SCHEMADIR;
	DIR		*d;
	char		**names = NULL, path[4096];
	size_t		 n = 0, i;
	MYSQL		*my;
	struct pl_q	 q;
	long long	 locked = 0;
	int		 rc = 0, applied = 0;

	if (argc == 2 && strcmp(argv[0], "--schema-dir") == 0)
		dir = argv[1];
	else if (argc != 0)
		return usage();
	if (pl_db_connect(db) != PL_OK)
		return fail("connect");
	my = pl_db_handle(db);
	/* One migrating process at a time. */
	pl_q_init(&q, db, ST_MIGRATION_LOCK);
	pl_q_out_int(&q, &locked, NULL);
	if (pl_q_exec(&q) != PL_OK || pl_q_fetch(&q) != 1 || locked != 1) {
		pl_q_done(&q);
		return fail("lock");
	}
	pl_q_done(&q);
	pl_q_init(&q, db, ST_MIGRATION_TABLE);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		return fail("schema_migrations");
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "plauder-admin: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	names = migration_files(d, &n);
	closedir(d);
	if (names == NULL && n > 0)
		return 1;
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		long long	 version = strtoll(names[i], NULL, 10), one;
		int		 done;

		pl_q_init(&q, db, ST_MIGRATION_DONE);
		pl_q_int(&q, version);
		pl_q_out_int(&q, &one, NULL);
		if ((done = pl_q_row(&q)) == PL_OK)
			continue;
		if (done != PL_ENOTFOUND) {
			rc = fail("schema_migrations");
			break;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((rc = run_sql_file(my, path)) != 0)
			break;
		pl_q_init(&q, db, ST_MIGRATION_RECORD);
		pl_q_int(&q, version);
		pl_q_cstr(&q, names[i]);
		if (pl_q_exec(&q) != PL_OK)
			rc = fail("recording migration");
		pl_q_done(&q);
		if (rc == 0) {
			printf("applied %s\n", names[i]);
			applied++;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	pl_q_init(&q, db, ST_MIGRATION_UNLOCK);
	pl_q_out_int(&q, &locked, NULL);
	(void)pl_q_row(&q);
	if (rc == 0 && applied == 0)
		printf("schema up to date\n");
	return rc;
}

/* ---- site --------------------------------------------------------------- */

static int
add_dept(const struct pl_site *site, const char *dept, long long sort,
    int if_missing)
{
	struct pl_q q;
	int rc;

	pl_q_init(&q, db, ST_DEPT_INSERT);
	pl_q_int(&q, (long long)site->id);
	pl_q_cstr(&q, dept);
	pl_q_int(&q, sort);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc == PL_EDUP && if_missing)
		return 0;
	if (rc == PL_EDUP) {
		fprintf(stderr, "plauder-admin: department %s exists\n", dept);
		return 1;
	}
	return rc == PL_OK ? 0 : fail("dept add");
}

static int
set_dept_name(const struct pl_site *site, const char *dept, const char *spec)
{
	const char	*eq = strchr(spec, '=');
	struct pl_q	 q;
	int		 rc;

	if (eq == NULL || eq == spec || eq - spec > 8) {
		fprintf(stderr, "plauder-admin: --name expects LANG=NAME\n");
		return 2;
	}
	pl_q_init(&q, db, ST_DEPT_NAME_UPSERT);
	pl_q_int(&q, (long long)site->id);
	pl_q_cstr(&q, dept);
	pl_q_str(&q, spec, (size_t)(eq - spec));
	pl_q_cstr(&q, eq + 1);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? 0 : fail("dept name");
}

static int
cmd_site(int argc, char **argv)
{
	struct pl_site_id	 id;
	struct pl_site		 site;
	struct pl_q		 q;
	const char		*name = "";
	int			 i, if_missing = 0, rc;

	if (argc == 2 && (strcmp(argv[0], "suspend") == 0 ||
	    strcmp(argv[0], "resume") == 0))
		return cmd_site_state(argv[0], argv[1]);
	if (argc >= 1 && strcmp(argv[0], "list") == 0) {
		long long	sid, c, in;
		char		sname[129];

		pl_q_init(&q, db, ST_SITE_LIST);
		pl_q_out_int(&q, &sid, NULL);
		pl_q_out_int(&q, &c, NULL);
		pl_q_out_int(&q, &in, NULL);
		pl_q_out_str(&q, sname, sizeof(sname), NULL, NULL);
		if (pl_q_exec(&q) != PL_OK)
			return fail("site list");
		while ((rc = pl_q_fetch(&q)) == 1)
			printf("%lld-%lld\t%s\n", c, in, sname);
		pl_q_done(&q);
		return rc < 0 ? fail("site list") : 0;
	}
	if (argc < 2 || strcmp(argv[0], "create") != 0)
		return usage();
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--if-missing") == 0)
			if_missing = 1;
		else
			return usage();
	}
	if (pl_site_id_parse(argv[1], strlen(argv[1]), &id) != PL_OK) {
		fprintf(stderr, "plauder-admin: %s: not a site id (N-M)\n", argv[1]);
		return 2;
	}
	pl_q_init(&q, db, ST_SITE_INSERT);
	pl_q_int(&q, (long long)id.customer);
	pl_q_int(&q, (long long)id.instance);
	pl_q_cstr(&q, name);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc == PL_EDUP) {
		if (if_missing)
			return 0;
		fprintf(stderr, "plauder-admin: site %s exists\n", argv[1]);
		return 1;
	}
	if (rc != PL_OK)
		return fail("site create");
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	printf("site %s created\n", site.code_str);
	return 0;
}

static int
cmd_dept(int argc, char **argv)
{
	struct pl_site	 site;
	long long	 sort = 0;
	int		 i, rc, if_missing = 0;

	if (argc < 3 || strcmp(argv[0], "add") != 0)
		return usage();
	if (!valid_dept(argv[2])) {
		fprintf(stderr, "plauder-admin: a department is one letter or digit\n");
		return 2;
	}
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--if-missing") == 0)
			if_missing = 1;
		else if (strcmp(argv[i], "--sort") == 0 && i + 1 < argc) {
			i++;
			if (pl_parse_ll(argv[i], strlen(argv[i]), -1000000,
			    1000000, &sort) != PL_OK)
				return usage();
		} else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			i++;
		else
			return usage();
	}
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	if ((rc = add_dept(&site, argv[2], sort, if_missing)) != 0)
		return rc;
	for (i = 3; i < argc; i++)
		if (strcmp(argv[i], "--name") == 0 &&
		    (rc = set_dept_name(&site, argv[2], argv[++i])) != 0)
			return rc;
	return 0;
}

/* ---- operator ----------------------------------------------------------- */

/* Read a password from a file or stdin (first line). Caller frees. */
char *
read_password(const char *path)
{
	FILE	*f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char	 buf[PL_PASSWORD_MAX + 2];
	size_t	 n;

	if (f == NULL) {
		fprintf(stderr, "plauder-admin: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	if (f != stdin)
		fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n < 8 || n > PL_PASSWORD_MAX) {
		fprintf(stderr, "plauder-admin: a password has 8 to %d characters\n",
		    PL_PASSWORD_MAX);
		return NULL;
	}
	return strdup(buf);
}

char *
random_password(void)
{
	static const char	 alpha[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char			*p = malloc(21);
	size_t			 i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < 20; i++)
		p[i] = alpha[randombytes_uniform(sizeof(alpha) - 1)];
	p[20] = '\0';
	return p;
}

int
op_lookup(const struct pl_site *site, const char *login, long long *id,
    char *hash)
{
	struct pl_q	q;
	char		text[129];
	long long	n;
	int		rc;

	pl_q_init(&q, db, ST_OP_BY_LOGIN);
	pl_q_int(&q, (long long)site->id);
	pl_q_cstr(&q, login);
	pl_q_out_int(&q, id, NULL);
	pl_q_out_str(&q, hash, PL_PWHASH_LEN + 1, NULL, NULL);
	pl_q_out_int(&q, &n, NULL);		/* disabled */
	pl_q_out_str(&q, text, sizeof(text), NULL, NULL);	/* login */
	pl_q_out_str(&q, text, sizeof(text), NULL, NULL);	/* name */
	pl_q_out_str(&q, text, sizeof(text), NULL, NULL);	/* role */
	pl_q_out_int(&q, &n, NULL);		/* sound */
	pl_q_out_str(&q, text, sizeof(text), NULL, NULL);	/* departments */
	if (pl_q_exec(&q) != PL_OK)
		return fail("operator lookup");
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return fail("operator lookup");
	if (rc == 0) {
		fprintf(stderr, "plauder-admin: %s: no such operator\n", login);
		return 1;
	}
	return 0;
}

/* operator list N-M */
static int
op_list(const char *code)
{
	struct pl_site	site;
	struct pl_q	q;
	char		login[65], oname[PL_UTF8_BYTES(128)], orole[16];
	long long	opid;
	int		rc;

	if ((rc = get_site(code, &site)) != 0)
		return rc;
	pl_q_init(&q, db, ST_OP_LIST);
	pl_q_int(&q, (long long)site.id);
	pl_q_out_int(&q, &opid, NULL);
	pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
	pl_q_out_str(&q, oname, sizeof(oname), NULL, NULL);
	pl_q_out_str(&q, orole, sizeof(orole), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return fail("operator list");
	while ((rc = pl_q_fetch(&q)) == 1)
		printf("%s\t%s\t%s\n", login, orole, oname);
	pl_q_done(&q);
	return rc < 0 ? fail("operator list") : 0;
}

/* operator check N-M LOGIN --password-file F: 0 when the password is right. */
static int
op_check(const struct pl_site *site, const char *login, const char *pwfile)
{
	char	hash[PL_PWHASH_LEN + 1], *pw;
	long long opid;
	int	rc;

	if ((rc = op_lookup(site, login, &opid, hash)) != 0)
		return rc;
	if ((pw = read_password(pwfile)) == NULL)
		return 1;
	rc = pl_password_verify(hash, pw, strlen(pw)) ? 0 : 1;
	puts(rc == 0 ? "password ok" : "password wrong");
	sodium_memzero(pw, strlen(pw));
	free(pw);
	return rc;
}

static int
op_add_depts(const struct pl_site *site, long long opid, const char **depts,
    size_t ndepts)
{
	struct pl_q	q;
	size_t		i;
	int		rc;

	for (i = 0; i < ndepts; i++) {
		pl_q_init(&q, db, ST_OP_DEPT_ADD);
		pl_q_int(&q, (long long)site->id);
		pl_q_int(&q, opid);
		pl_q_cstr(&q, depts[i]);
		rc = pl_q_exec(&q);
		pl_q_done(&q);
		if (rc != PL_OK) {
			fprintf(stderr, "plauder-admin: department %s: %s\n", depts[i],
			    pl_db_error(db));
			return 1;
		}
	}
	return 0;
}

/* A login of 1 to 64 bytes, a name of up to 128 characters (the columns'). 0 or 2. */
static int
op_names_ok(const char *login, const char *name)
{
	if (pl_utf8_chars(name, strlen(name)) > 128 ||
	    !pl_text_valid(name, strlen(name), 0)) {
		fprintf(stderr, "plauder-admin: a name has up to 128 characters\n");
		return 2;
	}
	if (strlen(login) == 0 || strlen(login) > 64 ||
	    !pl_text_valid(login, strlen(login), 0)) {
		fprintf(stderr, "plauder-admin: a login has 1 to 64 characters\n");
		return 2;
	}
	return 0;
}

/* operator passwd: a new hash for the operator's new password. */
static int
op_passwd(const struct pl_site *site, const char *login, const char *pw)
{
	struct pl_q	q;
	char		hash[PL_PWHASH_LEN + 1];
	long long	opid;
	int		rc;

	if ((rc = op_lookup(site, login, &opid, hash)) != 0)
		return rc;
	if (pl_password_hash(pw, strlen(pw), hash) != PL_OK)
		return 1;
	pl_q_init(&q, db, ST_OP_SET_PASSWORD);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)site->id);
	pl_q_int(&q, opid);
	rc = pl_q_exec(&q) == PL_OK ? 0 : fail("passwd");
	pl_q_done(&q);
	return rc;
}

/* PL_OK (*opid set), PL_EDUP (the login exists), PL_EDB. */
static int
op_insert(const struct pl_site *site, const char *login, const char *name,
    const char *email, const char *hash, const char *role, long long *opid)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_OP_INSERT);
	pl_q_int(&q, (long long)site->id);
	pl_q_cstr(&q, login);
	pl_q_cstr(&q, name);
	pl_q_cstr(&q, email);
	pl_q_cstr(&q, hash);
	pl_q_cstr(&q, role);
	rc = pl_q_exec(&q);
	*opid = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	return rc;
}

static int
cmd_operator(int argc, char **argv)
{
	struct pl_site	 site;
	const char	*name = "", *email = "", *role = "operator", *pwfile = NULL;
	const char	*depts[64];
	size_t		 ndepts = 0, i;
	char		*pw = NULL, hash[PL_PWHASH_LEN + 1];
	long long	 opid = 0;
	int		 rc, if_missing = 0, printed = 0;

	if (argc == 2 && strcmp(argv[0], "list") == 0)
		return op_list(argv[1]);
	if (argc < 3)
		return usage();
	for (i = 3; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < (size_t)argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--email") == 0 && i + 1 < (size_t)argc)
			email = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < (size_t)argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--password-file") == 0 && i + 1 < (size_t)argc)
			pwfile = argv[++i];
		else if (strcmp(argv[i], "--dept") == 0 && i + 1 < (size_t)argc &&
		    ndepts < 64 && valid_dept(argv[i + 1]))
			depts[ndepts++] = argv[++i];
		else if (strcmp(argv[i], "--if-missing") == 0)
			if_missing = 1;
		else
			return usage();
	}
	if (strcmp(role, "operator") != 0 && strcmp(role, "admin") != 0)
		return usage();
	if ((rc = op_names_ok(argv[2], name)) != 0)
		return rc;
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;

	if (strcmp(argv[0], "check") == 0)
		return pwfile == NULL ? usage() : op_check(&site, argv[2], pwfile);
	if (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "passwd") != 0)
		return usage();

	/* Without a password file, a random one, printed once. */
	printed = pwfile == NULL;
	if ((pw = printed ? random_password() : read_password(pwfile)) == NULL)
		return 1;
	if (pl_password_hash(pw, strlen(pw), hash) != PL_OK) {
		fprintf(stderr, "plauder-admin: hashing failed\n");
		rc = 1;
		goto out;
	}
	if (strcmp(argv[0], "passwd") == 0) {
		if ((rc = op_passwd(&site, argv[2], pw)) == 0 && printed)
			printf("password: %s\n", pw);
		goto out;
	}
	rc = op_insert(&site, argv[2], name, email, hash, role, &opid);
	if (rc == PL_EDUP) {
		rc = if_missing ? 0 : 1;
		if (!if_missing)
			fprintf(stderr, "plauder-admin: operator %s exists\n", argv[2]);
		goto out;
	}
	if (rc != PL_OK) {
		rc = fail("operator add");
		goto out;
	}
	if ((rc = op_add_depts(&site, opid, depts, ndepts)) != 0)
		goto out;
	printf("operator %s added\n", argv[2]);
	if (printed)
		printf("password: %s\n", pw);
	rc = 0;
out:
	if (pw != NULL) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	return rc;
}

/* ---- presence ----------------------------------------------------------- */

static int
cmd_presence(int argc, char **argv)
{
	struct pl_site	 site;
	struct pl_q	 q;
	char		 hash[PL_PWHASH_LEN + 1];
	const char	*dept = NULL;
	long long	 opid;
	int		 rc;

	if (argc != 4 && !(argc == 6 && strcmp(argv[4], "--dept") == 0))
		return usage();
	if (strcmp(argv[0], "set") != 0)
		return usage();
	if (strcmp(argv[3], "online") != 0 && strcmp(argv[3], "away") != 0 &&
	    strcmp(argv[3], "offline") != 0)
		return usage();
	if (argc == 6) {
		if (!valid_dept(argv[5]))
			return usage();
		dept = argv[5];
	}
	if ((rc = get_site(argv[1], &site)) != 0 ||
	    (rc = op_lookup(&site, argv[2], &opid, hash)) != 0)
		return rc;
	pl_q_init(&q, db, dept != NULL ? ST_PRESENCE_SET : ST_PRESENCE_SET_ALL);
	pl_q_cstr(&q, argv[3]);
	pl_q_int(&q, (long long)site.id);
	pl_q_int(&q, opid);
	if (dept != NULL)
		pl_q_cstr(&q, dept);
	rc = pl_q_exec(&q);
	if (rc == PL_OK && pl_q_affected(&q) == 0) {
		fprintf(stderr, "plauder-admin: %s is in no such department\n", argv[2]);
		rc = PL_EINVAL;
	} else if (rc != PL_OK)
		rc = fail("presence");
	pl_q_done(&q);
	return rc == PL_OK ? 0 : 1;
}

/* chats expire: close the chats nobody took in waiting_timeout_min (cron, CGI-only). */
static int
cmd_chats_expire(const struct pl_conf *conf)
{
	unsigned closed, total = 0;

	do {
		if (pl_chat_expire(db, conf->waiting_timeout_min, 64, &closed) != PL_OK)
			return fail("chats expire");
		total += closed;
	} while (closed == 64);
	printf("chats: %u closed\n", total);
	return 0;
}

/* mail flush: send what the outbox holds that is due (cron, for CGI-only installs). */
static int
cmd_mail_flush(const struct pl_conf *conf)
{
	unsigned sent, failed;

	if (pl_outbox_flush(db, conf, 1000, &sent, &failed) != PL_OK)
		return fail("mail flush");
	printf("mail: %u sent, %u failed\n", sent, failed);
	return 0;
}

int
main(int argc, char **argv)
{
	struct pl_conf	*conf;
	char		 err[256];
	int		 rc;

	if (argc < 2)
		return usage();
	if (sodium_init() < 0)
		return 1;
	pl_log_init("admin");
	if ((conf = pl_conf_load(NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "plauder-admin: configuration: %s\n", err);
		return 1;
	}
	if ((db = pl_db_new(conf)) == NULL)
		return 1;
	if (strcmp(argv[1], "migrate") == 0)
		rc = cmd_migrate(argc - 2, argv + 2);
	else if (strcmp(argv[1], "site") == 0)
		rc = cmd_site(argc - 2, argv + 2);
	else if (strcmp(argv[1], "dept") == 0)
		rc = cmd_dept(argc - 2, argv + 2);
	else if (strcmp(argv[1], "operator") == 0)
		rc = cmd_operator(argc - 2, argv + 2);
	else if (strcmp(argv[1], "presence") == 0)
		rc = cmd_presence(argc - 2, argv + 2);
	else if (strcmp(argv[1], "settings") == 0)
		rc = cmd_settings(argc - 2, argv + 2);
	else if (strcmp(argv[1], "texts") == 0)
		rc = cmd_texts(argc - 2, argv + 2);
	else if (strcmp(argv[1], "field") == 0)
		rc = cmd_field(argc - 2, argv + 2);
	else if (strcmp(argv[1], "chat") == 0)
		rc = cmd_chat(argc - 2, argv + 2);
	else if (strcmp(argv[1], "mail") == 0 && argc == 3 &&
	    strcmp(argv[2], "flush") == 0)
		rc = cmd_mail_flush(conf);
	else if (strcmp(argv[1], "chats") == 0 && argc == 3 &&
	    strcmp(argv[2], "expire") == 0)
		rc = cmd_chats_expire(conf);
	else if (strcmp(argv[1], "retention") == 0)
		rc = cmd_retention(argc - 2, argv + 2);
	else if (strcmp(argv[1], "hosting") == 0)
		rc = cmd_hosting(argc - 2, argv + 2);
	else
		rc = usage();
	pl_db_free(db);
	pl_conf_free(conf);
	return rc;
}
