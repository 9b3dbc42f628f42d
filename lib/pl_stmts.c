/*
 * pl_stmts.c: the text of every SQL statement, indexed by enum pl_stmt.
 * All take their values through '?' placeholders; every statement that
 * touches a tenant's data is scoped by site_id.
 */
#include "pl_stmts.h"

const char *const pl_stmt_sql[ST__MAX] = {
	[ST_SITE_BY_CODE] =
	    "SELECT id, name FROM sites WHERE customer = ? AND instance = ?",
	[ST_SITE_INSERT] =
	    "INSERT INTO sites (customer, instance, name) VALUES (?, ?, ?)",
	[ST_SITE_LIST] =
	    "SELECT id, customer, instance, name FROM sites"
	    " ORDER BY customer, instance",

	[ST_DEPT_INSERT] =
	    "INSERT INTO departments (site_id, dept, sort) VALUES (?, ?, ?)",
	[ST_DEPT_NAME_UPSERT] =
	    "INSERT INTO department_names (site_id, dept, lang, name)"
	    " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)",
	[ST_DEPT_EXISTS] =
	    "SELECT 1 FROM departments WHERE site_id = ? AND dept = ?",

	[ST_OP_INSERT] =
	    "INSERT INTO operators (site_id, login, name, email, pw_hash, role)"
	    " VALUES (?, ?, ?, ?, ?, ?)",
	[ST_OP_BY_LOGIN] =
	    "SELECT id, pw_hash, role, disabled FROM operators"
	    " WHERE site_id = ? AND login = ?",
	[ST_OP_SET_PASSWORD] =
	    "UPDATE operators SET pw_hash = ? WHERE site_id = ? AND id = ?",
	[ST_OP_DEPT_ADD] =
	    "INSERT IGNORE INTO operator_departments (site_id, operator_id, dept)"
	    " VALUES (?, ?, ?)",
	[ST_OP_LIST] =
	    "SELECT id, login, name, role FROM operators WHERE site_id = ?"
	    " ORDER BY login",

	[ST_PRESENCE_SET] =
	    "INSERT INTO operator_presence (site_id, operator_id, dept, status, last_seen)"
	    " SELECT od.site_id, od.operator_id, od.dept, ?, CURRENT_TIMESTAMP(3)"
	    " FROM operator_departments od"
	    " WHERE od.site_id = ? AND od.operator_id = ? AND od.dept = ?"
	    " ON DUPLICATE KEY UPDATE status = VALUES(status),"
	    " last_seen = VALUES(last_seen)",
	[ST_PRESENCE_SET_ALL] =
	    "INSERT INTO operator_presence (site_id, operator_id, dept, status, last_seen)"
	    " SELECT od.site_id, od.operator_id, od.dept, ?, CURRENT_TIMESTAMP(3)"
	    " FROM operator_departments od"
	    " WHERE od.site_id = ? AND od.operator_id = ?"
	    " ON DUPLICATE KEY UPDATE status = VALUES(status),"
	    " last_seen = VALUES(last_seen)",

	[ST_AVAIL_DEPTS] =
	    "SELECT d.dept, COALESCE(n.name, ''),"
	    " (SELECT COUNT(*) FROM operator_presence p"
	    "   WHERE p.site_id = d.site_id AND p.dept = d.dept"
	    "   AND p.status = 'online'"
	    "   AND p.last_seen > CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND)"
	    " FROM departments d"
	    " LEFT JOIN department_names n"
	    "   ON n.site_id = d.site_id AND n.dept = d.dept AND n.lang = ?"
	    " WHERE d.site_id = ? ORDER BY d.sort, d.dept",

	[ST_MIGRATION_DONE] =
	    "SELECT 1 FROM schema_migrations WHERE version = ?",
	[ST_MIGRATION_RECORD] =
	    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
};

const char *const pl_stmt_name[ST__MAX] = {
	[ST_SITE_BY_CODE] = "site_by_code",
	[ST_SITE_INSERT] = "site_insert",
	[ST_SITE_LIST] = "site_list",
	[ST_DEPT_INSERT] = "dept_insert",
	[ST_DEPT_NAME_UPSERT] = "dept_name_upsert",
	[ST_DEPT_EXISTS] = "dept_exists",
	[ST_OP_INSERT] = "op_insert",
	[ST_OP_BY_LOGIN] = "op_by_login",
	[ST_OP_SET_PASSWORD] = "op_set_password",
	[ST_OP_DEPT_ADD] = "op_dept_add",
	[ST_OP_LIST] = "op_list",
	[ST_PRESENCE_SET] = "presence_set",
	[ST_PRESENCE_SET_ALL] = "presence_set_all",
	[ST_AVAIL_DEPTS] = "avail_depts",
	[ST_MIGRATION_DONE] = "migration_done",
	[ST_MIGRATION_RECORD] = "migration_record",
};
