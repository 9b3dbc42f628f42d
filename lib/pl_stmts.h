/*
 * pl_stmts.h: every SQL statement of Plauder, by name. The text of each
 * is in pl_stmts.c; nothing else in the project writes SQL (the schema
 * migrations in schema/ aside).
 */
#ifndef PL_STMTS_H
#define PL_STMTS_H

enum pl_stmt {
	/* sites */
	ST_SITE_BY_CODE,	/* customer, instance -> id, name */
	ST_SITE_INSERT,		/* customer, instance, name */
	ST_SITE_LIST,		/* -> id, customer, instance, name */
	/* departments */
	ST_DEPT_INSERT,		/* site, dept, sort */
	ST_DEPT_NAME_UPSERT,	/* site, dept, lang, name */
	ST_DEPT_EXISTS,		/* site, dept -> 1 */
	/* operators */
	ST_OP_INSERT,		/* site, login, name, email, hash, role */
	ST_OP_BY_LOGIN,		/* site, login -> id, hash, role, disabled */
	ST_OP_SET_PASSWORD,	/* hash, site, id */
	ST_OP_DEPT_ADD,		/* site, op, dept */
	ST_OP_LIST,		/* site -> id, login, name, role */
	/* presence */
	ST_PRESENCE_SET,	/* site, op, dept, status (upsert, last_seen = now) */
	ST_PRESENCE_SET_ALL,	/* status, site, op: all departments of the operator */
	/* availability */
	ST_AVAIL_DEPTS,		/* timeout, lang, site -> dept, name, online count */
	/* schema */
	ST_MIGRATION_DONE,	/* version -> 1 */
	ST_MIGRATION_RECORD,	/* version, name */
	ST__MAX
};

extern const char *const pl_stmt_sql[ST__MAX];
extern const char *const pl_stmt_name[ST__MAX];

#endif
