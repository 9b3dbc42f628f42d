/*
 * pl_stmts.c: the text of every SQL statement, indexed by enum pl_stmt.
 * All take their values through '?' placeholders; every statement that
 * touches a tenant's data is scoped by site_id.
 */
#include "pl_stmts.h"

/* A contact request as lists show it (pl_contact_row). */
#define CONTACT_ROW \
	    "SELECT r.id, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), r.status, r.name, r.email," \
	    " r.lang, COALESCE(r.dept, ''), r.summary," \
	    " (SELECT CASE WHEN COUNT(*) = 0 THEN 'none' WHEN SUM(o.failed) > 0 THEN 'failed'" \
	    "   WHEN SUM(o.sent_at IS NULL) > 0 THEN 'queued' ELSE 'sent' END" \
	    "   FROM mail_outbox o WHERE o.site_id = r.site_id AND o.contact_id = r.id" \
	    "   AND o.kind = 'contact')," \
	    " COALESCE(r.chat_id, 0)"

const char *const pl_stmt_sql[ST__MAX] = {
	[ST_SITE_BY_CODE] =
	    "SELECT id, name, suspended FROM sites WHERE customer = ? AND instance = ?",
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
	    "SELECT o.id, o.pw_hash, o.disabled, o.login, o.name, o.role, o.sound_repeat,"
	    " (SELECT COALESCE(GROUP_CONCAT(od.dept ORDER BY od.dept SEPARATOR ''), '')"
	    "   FROM operator_departments od"
	    "   WHERE od.site_id = o.site_id AND od.operator_id = o.id)"
	    " FROM operators o WHERE o.site_id = ? AND o.login = ?",
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

	[ST_MIGRATION_LOCK] =
	    "SELECT GET_LOCK('plauder_migrate', 60)",
	[ST_MIGRATION_UNLOCK] =
	    "SELECT RELEASE_LOCK('plauder_migrate')",
	[ST_MIGRATION_TABLE] =
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version INT UNSIGNED NOT NULL PRIMARY KEY,"
	    " name VARCHAR(255) NOT NULL,"
	    " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
	[ST_MIGRATION_DONE] =
	    "SELECT 1 FROM schema_migrations WHERE version = ?",
	[ST_MIGRATION_RECORD] =
	    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
	[ST_TEXTS_UPSERT] =
	    "INSERT INTO site_texts (site_id, lang, privacy_text, privacy_url, consent_text,"
	    " button_online, button_offline, welcome_text)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE privacy_text = VALUES(privacy_text),"
	    " privacy_url = VALUES(privacy_url), consent_text = VALUES(consent_text),"
	    " button_online = VALUES(button_online), button_offline = VALUES(button_offline),"
	    " welcome_text = VALUES(welcome_text)",
	[ST_QFIELDS_GET] =
	    "SELECT f.field_key, t.label, f.type, f.required, t.options FROM form_fields f"
	    " JOIN form_field_texts t ON t.site_id = f.site_id AND t.form = f.form"
	    "   AND t.field_key = f.field_key"
	    " WHERE f.site_id = ? AND f.form = ? AND t.lang = ? ORDER BY f.sort, f.field_key",
	[ST_CONSENT_TEXT_PUT] =
	    "INSERT IGNORE INTO consent_texts (site_id, sha256, lang, text) VALUES (?, ?, ?, ?)",
	[ST_CONSENT_INSERT] =
	    "INSERT INTO consents (site_id, chat_id, lang, text_sha256) VALUES (?, ?, ?, ?)",

	[ST_VISITOR_BY_TOKEN] =
	    "SELECT id FROM visitors WHERE site_id = ? AND token_hash = ?",
	[ST_VISITOR_INSERT] =
	    "INSERT INTO visitors (site_id, token_hash) VALUES (?, ?)",
	[ST_CHAT_INSERT] =
	    "INSERT INTO chats (site_id, dept, token_hash, start_key, visitor_id, lang,"
	    " from_text, visitor_name, visitor_email, query_data, visitor_data, page_url,"
	    " page_title, addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?)",
	[ST_CHAT_GET] =
	    "SELECT c.token_hash, c.status, c.version, c.last_seq, COALESCE(c.dept, ''),"
	    " c.visitor_sleeping,"
	    " COALESCE(c.operator_typing_until > CURRENT_TIMESTAMP(3), 0),"
	    " COALESCE(o.name, ''), COALESCE(c.visitor_id, 0), COALESCE(c.operator_id, 0),"
	    " c.lang"
	    " FROM chats c LEFT JOIN operators o"
	    "   ON o.site_id = c.site_id AND o.id = c.operator_id"
	    " WHERE c.site_id = ? AND c.id = ?",
	[ST_CHAT_LOCK] =
	    "SELECT token_hash, status, COALESCE(operator_id, 0), COALESCE(dept, ''), lang,"
	    " last_seq, version FROM chats WHERE site_id = ? AND id = ? FOR UPDATE",
	[ST_CHAT_SET_SEQ] =
	    "UPDATE chats SET last_seq = ?, version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHAT_TYPING_VISITOR] =
	    "UPDATE chats SET visitor_typing_until ="
	    " IF(?, CURRENT_TIMESTAMP(3) + INTERVAL 10 SECOND, NULL)"
	    ", version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHAT_TYPING_OPERATOR] =
	    "UPDATE chats SET operator_typing_until ="
	    " IF(?, CURRENT_TIMESTAMP(3) + INTERVAL 10 SECOND, NULL)"
	    ", version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHAT_SLEEP] =
	    "UPDATE chats SET visitor_sleeping = ?, version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHAT_CLOSE] =
	    "UPDATE chats SET status = 'closed', closed_at = CURRENT_TIMESTAMP(3),"
	    " visitor_typing_until = NULL, operator_typing_until = NULL"
	    ", version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ? AND status <> 'closed'",
	[ST_CHAT_ACCEPT] =
	    "UPDATE chats SET status = 'active', operator_id = ?, accepted_at = CURRENT_TIMESTAMP(3)"
	    ", version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ? AND status = 'waiting'",
	[ST_CHAT_SET_DATA] =
	    "UPDATE chats SET visitor_name = COALESCE(?, visitor_name),"
	    " visitor_email = COALESCE(?, visitor_email),"
	    " visitor_data = COALESCE(?, visitor_data),"
	    " page_url = COALESCE(?, page_url), page_title = COALESCE(?, page_title)"
	    ", version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHANGE_INSERT_FOR] =
	    "INSERT INTO chat_changes (chat_id, version, site_id, operator_id)"
	    " VALUES (?, ?, ?, ?)",
	[ST_CHANGES_SINCE] =
	    "SELECT id, chat_id, version, site_id, operator_id FROM chat_changes"
	    " WHERE id > ? ORDER BY id LIMIT 10000",
	[ST_OP_CURSOR] =
	    "SELECT GREATEST("
	    " (SELECT COALESCE(MAX(id), 0) FROM chat_changes WHERE site_id = ? AND operator_id = 0),"
	    " (SELECT COALESCE(MAX(id), 0) FROM chat_changes WHERE site_id = ? AND operator_id = ?))",
	[ST_CHANGES_MAX] =
	    "SELECT COALESCE(MAX(id), 0) FROM chat_changes",
	[ST_CHANGES_PURGE] =
	    "DELETE FROM chat_changes"
	    " WHERE created_at < CURRENT_TIMESTAMP(3) - INTERVAL 10 MINUTE LIMIT 10000",

	[ST_MSG_BY_CLIENT] =
	    "SELECT seq FROM messages WHERE site_id = ? AND chat_id = ? AND sender = ? AND client_id = ?",
	[ST_MSG_INSERT] =
	    "INSERT INTO messages (site_id, chat_id, seq, sender, operator_id, client_id,"
	    " body, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_MSGS_AFTER] =
	    "SELECT m.seq, m.sender, COALESCE(o.name, ''), COALESCE(m.client_id, ''),"
	    " m.body, COALESCE(m.file_id, 0), COALESCE(f.name, ''), COALESCE(f.ctype, ''),"
	    " COALESCE(f.size, 0), DATE_FORMAT(m.created_at, '%Y-%m-%dT%H:%i:%s.%fZ')"
	    " FROM messages m"
	    " LEFT JOIN operators o ON o.site_id = m.site_id AND o.id = m.operator_id"
	    " LEFT JOIN chat_files f ON f.site_id = m.site_id AND f.id = m.file_id"
	    " WHERE m.site_id = ? AND m.chat_id = ? AND m.seq > ?"
	    " ORDER BY m.seq LIMIT ?",
	[ST_FILE_INSERT] =
	    "INSERT INTO chat_files (site_id, chat_id, name, ctype, size, data)"
	    " VALUES (?, ?, ?, ?, ?, ?)",
	[ST_FILE_GET] =
	    "SELECT name, ctype, data FROM chat_files"
	    " WHERE site_id = ? AND chat_id = ? AND id = ?",
	[ST_HISTORY_LIST] =
	    "SELECT c.id, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), c.status,"
	    " COALESCE((SELECT LEFT(m.body, 120) FROM messages m"
	    "   WHERE m.site_id = c.site_id AND m.chat_id = c.id AND m.sender = 'visitor'"
	    "   ORDER BY m.seq LIMIT 1), '')"
	    " FROM chats c WHERE c.site_id = ? AND c.visitor_id = ?"
	    " ORDER BY c.created_at DESC LIMIT 50",
	[ST_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, site_id, operator_id, csrf) VALUES (?, ?, ?, ?)",
	[ST_SESSION_GET] =
	    "SELECT s.site_id, s.operator_id, s.csrf,"
	    " s.last_seen < CURRENT_TIMESTAMP - INTERVAL 60 SECOND,"
	    " o.login, o.name, o.role, o.sound_repeat,"
	    " (SELECT COALESCE(GROUP_CONCAT(od.dept ORDER BY od.dept SEPARATOR ''), '')"
	    "   FROM operator_departments od"
	    "   WHERE od.site_id = o.site_id AND od.operator_id = o.id),"
	    " (SELECT st.suspended FROM sites st WHERE st.id = s.site_id)"
	    " FROM sessions s JOIN operators o ON o.id = s.operator_id AND o.site_id = s.site_id"
	    " WHERE s.token_hash = ? AND o.disabled = 0"
	    " AND s.last_seen > CURRENT_TIMESTAMP - INTERVAL 12 HOUR"
	    " AND s.created_at > CURRENT_TIMESTAMP - INTERVAL 24 HOUR",
	[ST_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen = CURRENT_TIMESTAMP WHERE token_hash = ?"
	    " AND last_seen < CURRENT_TIMESTAMP - INTERVAL 60 SECOND",
	[ST_SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = ?",
	[ST_SESSION_DELETE_OTHERS] =
	    "DELETE FROM sessions WHERE site_id = ? AND operator_id = ? AND token_hash <> ?",
	[ST_FAIL_INSERT] =
	    "INSERT INTO login_failures (site_id, login, addr) VALUES (?, ?, ?)",
	[ST_FAIL_CLEAR] =
	    "DELETE FROM login_failures WHERE site_id = ? AND login = ?",
	[ST_OP_SET_SOUND] =
	    "UPDATE operators SET sound_repeat = ? WHERE site_id = ? AND id = ?",

	[ST_PRESENCE_TOUCH] =
	    "UPDATE operator_presence SET last_seen = CURRENT_TIMESTAMP(3)"
	    " WHERE site_id = ? AND operator_id = ? AND status <> 'offline'"
	    " AND last_seen < CURRENT_TIMESTAMP(3) - INTERVAL 5 SECOND",
	[ST_PRESENCE_LIST] =
	    "SELECT od.dept, COALESCE(p.status, 'offline'),"
	    " COALESCE(p.last_seen > CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND, 0)"
	    " FROM operator_departments od LEFT JOIN operator_presence p"
	    "   ON p.operator_id = od.operator_id AND p.dept = od.dept"
	    " WHERE od.site_id = ? AND od.operator_id = ? ORDER BY od.dept",
	/*
	 * The 200 newest waiting chats (a flood of old ones must not hide a
	 * new visitor; queue_total counts them all), oldest first.
	 */
	[ST_QUEUE] =
	    "SELECT * FROM (SELECT c.id, COALESCE(c.dept, ''), c.from_text, c.lang,"
	    " c.visitor_name, c.visitor_email, c.query_data, c.visitor_data,"
	    " c.page_url, c.page_title,"
	    " DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created,"
	    " TIMESTAMPDIFF(SECOND, c.created_at, CURRENT_TIMESTAMP(3)),"
	    " c.visitor_sleeping, c.version, c.last_seq, c.transfer_note"
	    " FROM chats c WHERE c.site_id = ? AND c.status = 'waiting'"
	    " AND (c.dept IS NULL OR c.dept IN (SELECT od.dept FROM operator_departments od"
	    "   WHERE od.site_id = c.site_id AND od.operator_id = ?))"
	    " ORDER BY c.created_at DESC, c.id DESC LIMIT 200) q"
	    " ORDER BY q.created, q.id",
	[ST_MY_CHATS] =
	    "SELECT c.id, COALESCE(c.dept, ''), c.from_text, c.lang, c.visitor_name,"
	    " c.visitor_email, c.query_data, c.visitor_data, c.page_url, c.page_title,"
	    " DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'),"
	    " COALESCE(c.visitor_typing_until > CURRENT_TIMESTAMP(3), 0),"
	    " c.visitor_sleeping, c.version, c.last_seq, c.transfer_note, c.is_contract"
	    " FROM chats c WHERE c.site_id = ? AND c.status = 'active' AND c.operator_id = ?"
	    " ORDER BY c.created_at LIMIT 200",
	[ST_CHAT_DETAIL] =
	    "SELECT c.from_text, c.lang, c.visitor_name, c.visitor_email, c.query_data,"
	    " c.visitor_data, c.page_url, c.page_title,"
	    " DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), c.is_contract,"
	    " COALESCE(c.visitor_id, 0), COALESCE(o.login, ''),"
	    " COALESCE(DATE_FORMAT(c.contract_at, '%Y-%m-%dT%H:%i:%sZ'), ''), c.transfer_note"
	    " FROM chats c LEFT JOIN operators o ON o.site_id = c.site_id AND o.id = c.contract_by"
	    " WHERE c.site_id = ? AND c.id = ?",
	[ST_CHAT_TRANSFER_OP] =
	    "UPDATE chats SET operator_id = ?, status = 'active',"
	    " transfer_note = ?, transfer_from = ?,"
	    " version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ? AND status <> 'closed'",
	[ST_CHAT_TRANSFER_DEPT] =
	    "UPDATE chats SET dept = ?, operator_id = NULL, status = 'waiting',"
	    " transfer_note = ?, transfer_from = ?,"
	    " version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ? AND status <> 'closed'",
	[ST_CHAT_CONTRACT] =
	    "UPDATE chats SET is_contract = ?, contract_by = ?, contract_at = CURRENT_TIMESTAMP,"
	    " version = LAST_INSERT_ID(version + 1)"
	    " WHERE site_id = ? AND id = ?",
	[ST_VISITOR_CHATS] =
	    "SELECT c.id, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), c.status"
	    " FROM chats c WHERE c.site_id = ? AND c.visitor_id = ? AND c.id <> ?"
	    " ORDER BY c.created_at DESC LIMIT 20",
	[ST_CANNED_LIST] =
	    "SELECT shortcut, text, operator_id FROM canned_answers"
	    " WHERE site_id = ? AND operator_id IN (0, ?)"
	    " ORDER BY shortcut, operator_id DESC LIMIT 1000",
	/* A shortcut is unique per owner case-insensitively: "Hi" replaces "hi". */
	[ST_CANNED_UPSERT] =
	    "INSERT INTO canned_answers (site_id, operator_id, shortcut, text) VALUES (?, ?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE shortcut = VALUES(shortcut), text = VALUES(text)",
	[ST_CANNED_DELETE] =
	    "DELETE FROM canned_answers WHERE site_id = ? AND operator_id = ? AND shortcut = ?",
	[ST_CANNED_COUNT] =
	    "SELECT COUNT(*), COALESCE(SUM(shortcut = ?), 0) FROM canned_answers"
	    " WHERE site_id = ? AND operator_id = ? FOR UPDATE",
	/* Online and away as availability counts them: only a fresh heartbeat. */
	[ST_TEAM_LIST] =
	    "SELECT o.id, o.login, o.name,"
	    " (SELECT COALESCE(GROUP_CONCAT(od.dept ORDER BY od.dept SEPARATOR ''), '')"
	    "   FROM operator_departments od"
	    "   WHERE od.site_id = o.site_id AND od.operator_id = o.id),"
	    " CASE WHEN EXISTS (SELECT 1 FROM operator_presence p"
	    "   WHERE p.site_id = o.site_id AND p.operator_id = o.id AND p.status = 'online'"
	    "   AND p.last_seen > CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND) THEN 'online'"
	    " WHEN EXISTS (SELECT 1 FROM operator_presence p"
	    "   WHERE p.site_id = o.site_id AND p.operator_id = o.id AND p.status = 'away'"
	    "   AND p.last_seen > CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND) THEN 'away'"
	    " ELSE 'offline' END,"
	    " (SELECT COUNT(*) FROM chats c"
	    "   WHERE c.site_id = o.site_id AND c.operator_id = o.id AND c.status = 'active'),"
	    " o.max_chats"
	    " FROM operators o WHERE o.site_id = ? AND o.disabled = 0"
	    " ORDER BY o.name, o.login LIMIT 1000",
	/*
	 * The operator's row locked, then its active chats counted with a
	 * locking read (the newest committed rows, not the snapshot): two
	 * accepts at once cannot both take the last place.
	 */
	[ST_OP_LOAD_LOCK] =
	    "SELECT max_chats FROM operators WHERE site_id = ? AND id = ? FOR UPDATE",
	[ST_OP_ACTIVE_CHATS] =
	    "SELECT COUNT(*) FROM chats WHERE site_id = ? AND operator_id = ? AND status = 'active'"
	    " LOCK IN SHARE MODE",
	[ST_PURGE_CHATS_DUE] =
	    "SELECT c.id FROM chats c LEFT JOIN site_settings ss ON ss.site_id = c.site_id"
	    " WHERE c.is_contract = 0 AND COALESCE(ss.retention_chat_days, 90) > 0"
	    " AND COALESCE(c.closed_at, c.created_at) <"
	    "   CURRENT_TIMESTAMP(3) - INTERVAL COALESCE(ss.retention_chat_days, 90) DAY"
	    " ORDER BY c.id LIMIT ?",
	[ST_PURGE_CHAT] =
	    "DELETE FROM chats WHERE id = ? AND is_contract = 0",
	[ST_PURGE_VISITORS] =
	    "DELETE FROM visitors WHERE created_at < CURRENT_TIMESTAMP - INTERVAL 1 DAY"
	    " AND NOT EXISTS (SELECT 1 FROM chats c WHERE c.site_id = visitors.site_id"
	    "   AND c.visitor_id = visitors.id) LIMIT 1000",
	[ST_PURGE_PAGE_VIEWS] =
	    "DELETE FROM page_views WHERE id IN (SELECT id FROM (SELECT p.id FROM page_views p"
	    " LEFT JOIN site_settings ss ON ss.site_id = p.site_id"
	    " WHERE COALESCE(ss.retention_visit_days, 30) > 0"
	    " AND p.created_at < CURRENT_TIMESTAMP(3) - INTERVAL COALESCE(ss.retention_visit_days, 30) DAY"
	    " LIMIT 1000) x)",
	[ST_PURGE_SALTS] =
	    "DELETE FROM daily_salts WHERE day < UTC_DATE()",
	[ST_PURGE_SESSIONS] =
	    "DELETE FROM sessions WHERE last_seen < CURRENT_TIMESTAMP - INTERVAL 12 HOUR LIMIT 1000",
	[ST_PURGE_FAILURES] =
	    "DELETE FROM login_failures WHERE at < CURRENT_TIMESTAMP - INTERVAL 1 DAY LIMIT 1000",
	[ST_RETENTION_SET] =
	    "INSERT INTO site_settings (site_id, retention_chat_days) VALUES (?, ?)"
	    " ON DUPLICATE KEY UPDATE retention_chat_days = VALUES(retention_chat_days)",
	[ST_SITE_CONFIG] =
	    "SELECT COALESCE(ss.privacy_mode, 'none'), COALESCE(ss.privacy_in_chat, 0),"
	    " COALESCE(ss.theme_color, '#0b5cad'), COALESCE(ss.consent_required, 0),"
	    " COALESCE(l.lang, ''), st.privacy_text, st.privacy_url, st.consent_text,"
	    " COALESCE(ss.tab_position, 'right'), COALESCE(st.button_online, ''),"
	    " COALESCE(st.button_offline, ''), COALESCE(st.welcome_text, ''),"
	    " COALESCE(ss.tracking_mode, 'id')"
	    " FROM sites s LEFT JOIN site_settings ss ON ss.site_id = s.id"
	    " LEFT JOIN (SELECT lang FROM site_texts WHERE site_id = ?"
	    "   UNION SELECT lang FROM form_field_texts WHERE site_id = ?) l"
	    "   ON l.lang IN (?, ?, COALESCE(ss.default_lang, 'en'))"
	    " LEFT JOIN site_texts st ON st.site_id = s.id AND st.lang = l.lang"
	    " WHERE s.id = ?"
	    " ORDER BY l.lang = ? DESC, l.lang = ? DESC LIMIT 1",
	[ST_CHANGE_INSERT_2] =
	    "INSERT INTO chat_changes (chat_id, version, site_id, operator_id)"
	    " VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
	[ST_OP_FIND] =
	    "SELECT id, name, disabled FROM operators WHERE site_id = ? AND login = ?",
	[ST_OP_HASH_LOCK] =
	    "SELECT pw_hash FROM operators WHERE site_id = ? AND id = ? FOR UPDATE",
	[ST_FAIL_COUNTS] =
	    "SELECT (SELECT COUNT(*) FROM login_failures WHERE site_id = ? AND login = ?"
	    "   AND addr = ? AND at > CURRENT_TIMESTAMP - INTERVAL ? SECOND),"
	    " (SELECT COUNT(*) FROM login_failures WHERE site_id = ? AND addr = ?"
	    "   AND at > CURRENT_TIMESTAMP - INTERVAL ? SECOND)",
	[ST_CHAT_BY_START_KEY] =
	    "SELECT id, COALESCE(visitor_id, 0), version, last_seq FROM chats"
	    " WHERE site_id = ? AND start_key = ? FOR UPDATE",
	[ST_CHAT_SET_TOKEN] =
	    "UPDATE chats SET token_hash = ? WHERE site_id = ? AND id = ?",
	[ST_VISITOR_SET_TOKEN] =
	    "UPDATE visitors SET token_hash = ? WHERE site_id = ? AND id = ?",
	[ST_LIMIT_HIT] =
	    "INSERT INTO rate_limits (k, window_start, n)"
	    " VALUES (?, CURRENT_TIMESTAMP, LAST_INSERT_ID(1))"
	    " ON DUPLICATE KEY UPDATE"
	    " n = LAST_INSERT_ID(IF(window_start <= CURRENT_TIMESTAMP - INTERVAL ? SECOND,"
	    "   1, n + 1)),"
	    " window_start = IF(window_start <= CURRENT_TIMESTAMP - INTERVAL ? SECOND,"
	    "   CURRENT_TIMESTAMP, window_start)",
	[ST_LIMIT_LEFT] =
	    "SELECT ? - TIMESTAMPDIFF(SECOND, window_start, CURRENT_TIMESTAMP)"
	    " FROM rate_limits WHERE k = ?",
	[ST_PURGE_LIMITS] =
	    "DELETE FROM rate_limits"
	    " WHERE window_start < CURRENT_TIMESTAMP - INTERVAL 1 DAY LIMIT 10000",
	[ST_SETTINGS_CONSENT] =
	    "INSERT INTO site_settings (site_id, consent_required, default_lang) VALUES (?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE consent_required = VALUES(consent_required),"
	    " default_lang = VALUES(default_lang)",
	[ST_SETTINGS_CONSENT_ON] =
	    "INSERT INTO site_settings (site_id, consent_required) VALUES (?, 1)"
	    " ON DUPLICATE KEY UPDATE consent_required = 1",
	[ST_OUTBOX_DUE] =
	    "SELECT id, site_id, rcpt, reply_to, subject, body, html, attempts FROM mail_outbox"
	    " WHERE sent_at IS NULL AND failed = 0 AND next_at <= CURRENT_TIMESTAMP"
	    " ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
	[ST_OUTBOX_LEASE] =
	    "UPDATE mail_outbox SET next_at = CURRENT_TIMESTAMP + INTERVAL 5 MINUTE"
	    " WHERE id = ?",
	[ST_OUTBOX_SENT] =
	    "UPDATE mail_outbox SET sent_at = CURRENT_TIMESTAMP, body = '',"
	    " attempts = attempts + 1 WHERE id = ?",
	[ST_OUTBOX_RETRY] =
	    "UPDATE mail_outbox SET next_at = CURRENT_TIMESTAMP + INTERVAL ? SECOND,"
	    " attempts = attempts + 1, failed = ?, last_error = LEFT(?, 255) WHERE id = ?",
	[ST_OUTBOX_QUEUE] =
	    "INSERT INTO mail_outbox (site_id, chat_id, contact_id, kind, rcpt, reply_to,"
	    " subject, body, html) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_OUTBOX_ATTEMPT] =
	    "INSERT INTO mail_attempts (outbox_id, site_id, ok, error) VALUES (?, ?, ?, LEFT(?, 255))",
	[ST_OUTBOX_CHAT_COUNT] =
	    "SELECT COUNT(*) FROM mail_outbox WHERE site_id = ? AND chat_id = ? AND kind = ?",
	[ST_CHAT_ANSWERED] =
	    "SELECT EXISTS (SELECT 1 FROM messages WHERE site_id = ? AND chat_id = ?"
	    " AND sender = 'operator'), COALESCE(mail_to, '') FROM chats"
	    " WHERE site_id = ? AND id = ?",
	[ST_CHAT_SET_MAIL_TO] =
	    "UPDATE chats SET mail_to = ? WHERE site_id = ? AND id = ? AND mail_to IS NULL",
	[ST_PURGE_OUTBOX] =
	    "DELETE FROM mail_outbox WHERE (sent_at IS NOT NULL OR failed = 1)"
	    " AND contact_id IS NULL"
	    " AND created_at < CURRENT_TIMESTAMP - INTERVAL 7 DAY LIMIT 1000",
	[ST_CHAT_FILES_USED] =
	    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM chat_files"
	    " WHERE site_id = ? AND chat_id = ?",
	[ST_USAGE_ADD] =
	    "INSERT INTO site_usage (site_id, file_bytes) VALUES (?, ?)"
	    " ON DUPLICATE KEY UPDATE file_bytes = file_bytes + VALUES(file_bytes)",
	[ST_USAGE_GET] =
	    "SELECT COALESCE((SELECT file_bytes FROM site_usage WHERE site_id = ?), 0)",
	[ST_USAGE_RECOUNT] =
	    "INSERT INTO site_usage (site_id, file_bytes)"
	    " SELECT s.id, COALESCE((SELECT SUM(f.size) FROM chat_files f WHERE f.site_id = s.id), 0)"
	    " FROM sites s"
	    " ON DUPLICATE KEY UPDATE file_bytes = VALUES(file_bytes)",
	[ST_CHATS_WAITING_OLD] =
	    "SELECT site_id, id FROM chats WHERE status = 'waiting'"
	    " AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL ? MINUTE ORDER BY id LIMIT ?",
	[ST_CHATS_WAITING_SAME_ADDR] =
	    "SELECT c.id FROM chats c JOIN chats o ON o.site_id = c.site_id AND o.addr = c.addr"
	    " WHERE o.site_id = ? AND o.id = ? AND c.status = 'waiting' ORDER BY c.id LIMIT 1000",
	[ST_QUEUE_COUNT] =
	    "SELECT COUNT(*) FROM chats c WHERE c.site_id = ? AND c.status = 'waiting'"
	    " AND (c.dept IS NULL OR c.dept IN (SELECT od.dept FROM operator_departments od"
	    "   WHERE od.site_id = c.site_id AND od.operator_id = ?))",
	[ST_SITE_VISITOR_RULES] =
	    "SELECT COALESCE((SELECT keep_page_query FROM site_settings WHERE site_id = ?), 0),"
	    " COALESCE((SELECT uploads_waiting FROM site_settings WHERE site_id = ?), 0)",
	[ST_SETTINGS_VISITOR_RULES] =
	    "INSERT INTO site_settings (site_id, keep_page_query, uploads_waiting) VALUES (?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE keep_page_query = VALUES(keep_page_query),"
	    " uploads_waiting = VALUES(uploads_waiting)",

	[ST_CFG_SETTINGS_GET] =
	    "SELECT privacy_mode, privacy_in_chat, theme_color, consent_required,"
	    " default_lang, keep_page_query, uploads_waiting, tab_position,"
	    " retention_chat_days, retention_visit_days, retention_contact_days, contact_email,"
	    " tracking_mode FROM site_settings WHERE site_id = ?",
	[ST_CFG_SETTINGS_SET] =
	    "INSERT INTO site_settings (site_id, privacy_mode, privacy_in_chat, theme_color,"
	    " consent_required, default_lang, keep_page_query, uploads_waiting, tab_position,"
	    " retention_chat_days, retention_visit_days, retention_contact_days, contact_email,"
	    " tracking_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
	    " privacy_mode = VALUES(privacy_mode), privacy_in_chat = VALUES(privacy_in_chat),"
	    " theme_color = VALUES(theme_color), consent_required = VALUES(consent_required),"
	    " default_lang = VALUES(default_lang), keep_page_query = VALUES(keep_page_query),"
	    " uploads_waiting = VALUES(uploads_waiting), tab_position = VALUES(tab_position),"
	    " retention_chat_days = VALUES(retention_chat_days),"
	    " retention_visit_days = VALUES(retention_visit_days),"
	    " retention_contact_days = VALUES(retention_contact_days),"
	    " contact_email = VALUES(contact_email), tracking_mode = VALUES(tracking_mode)",
	[ST_CFG_TEXTS_LIST] =
	    "SELECT lang, privacy_text, privacy_url, consent_text, button_online,"
	    " button_offline, welcome_text FROM site_texts"
	    " WHERE site_id = ? ORDER BY lang",
	[ST_CFG_TEXT_LOCK] =
	    "SELECT privacy_text, privacy_url, consent_text, button_online, button_offline,"
	    " welcome_text FROM site_texts WHERE site_id = ? AND lang = ? FOR UPDATE",
	[ST_CFG_FIELDS_LIST] =
	    "SELECT f.form, f.field_key, f.type, f.required, f.sort,"
	    " COALESCE(t.lang, ''), COALESCE(t.label, ''), COALESCE(t.options, '[]')"
	    " FROM form_fields f LEFT JOIN form_field_texts t ON t.site_id = f.site_id"
	    "   AND t.form = f.form AND t.field_key = f.field_key"
	    " WHERE f.site_id = ? ORDER BY f.form, f.sort, f.field_key, t.lang LIMIT 5000",
	[ST_CFG_FIELD_PUT] =
	    "INSERT INTO form_fields (site_id, form, field_key, type, required, sort)"
	    " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE type = VALUES(type),"
	    " required = VALUES(required), sort = VALUES(sort)",
	[ST_CFG_FIELD_TEXTS_CLEAR] =
	    "DELETE FROM form_field_texts WHERE site_id = ? AND form = ? AND field_key = ?",
	[ST_CFG_FIELD_TEXT_PUT] =
	    "INSERT INTO form_field_texts (site_id, form, field_key, lang, label, options)"
	    " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE label = VALUES(label),"
	    " options = VALUES(options)",
	[ST_CFG_FIELD_DELETE] =
	    "DELETE FROM form_fields WHERE site_id = ? AND form = ? AND field_key = ?",
	[ST_CFG_FIELD_COUNT] =
	    "SELECT COUNT(*) FROM form_fields WHERE site_id = ? AND form = ? AND field_key <> ?",
	[ST_CFG_CONSENT_HISTORY] =
	    "SELECT lang, sha256, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), text"
	    " FROM consent_texts WHERE site_id = ? ORDER BY created_at DESC, lang LIMIT 200",
	[ST_CFG_DEPTS_LIST] =
	    "SELECT d.dept, COALESCE(n.lang, ''), COALESCE(n.name, '')"
	    " FROM departments d LEFT JOIN department_names n"
	    "   ON n.site_id = d.site_id AND n.dept = d.dept"
	    " WHERE d.site_id = ? ORDER BY d.sort, d.dept, n.lang",
	[ST_CFG_DEPT_ENSURE] =
	    "INSERT IGNORE INTO departments (site_id, dept, sort) VALUES (?, ?, 0)",
	[ST_CFG_DEPT_DELETE] =
	    "DELETE FROM departments WHERE site_id = ? AND dept = ?",
	[ST_CFG_DEPT_CHATS_FREE] =
	    "UPDATE chats SET dept = NULL WHERE site_id = ? AND dept = ? AND status <> 'closed'",
	[ST_CFG_OPS_LIST] =
	    "SELECT o.login, o.name, o.email, o.role, o.disabled,"
	    " (SELECT COALESCE(GROUP_CONCAT(od.dept ORDER BY od.dept SEPARATOR ''), '')"
	    "   FROM operator_departments od"
	    "   WHERE od.site_id = o.site_id AND od.operator_id = o.id), o.max_chats"
	    " FROM operators o WHERE o.site_id = ? ORDER BY o.login LIMIT 1000",
	[ST_CFG_OP_GET] =
	    "SELECT o.id, o.name, o.email, o.role, o.disabled,"
	    " (SELECT COALESCE(GROUP_CONCAT(od.dept ORDER BY od.dept SEPARATOR ''), '')"
	    "   FROM operator_departments od"
	    "   WHERE od.site_id = o.site_id AND od.operator_id = o.id), o.max_chats"
	    " FROM operators o WHERE o.site_id = ? AND o.login = ? FOR UPDATE",
	[ST_CFG_OP_UPDATE] =
	    "UPDATE operators SET name = ?, email = ?, role = ?, disabled = ?, max_chats = ?"
	    " WHERE site_id = ? AND id = ?",
	[ST_CFG_OP_DEPTS_CLEAR] =
	    "DELETE FROM operator_departments WHERE site_id = ? AND operator_id = ?"
	    " AND LOCATE(BINARY dept, BINARY ?) = 0",
	[ST_CFG_OTHER_ADMINS] =
	    "SELECT COUNT(*) FROM operators WHERE site_id = ? AND id <> ?"
	    " AND role = 'admin' AND disabled = 0",
	[ST_AUDIT_INSERT] =
	    "INSERT INTO audit_log (site_id, operator_id, login, action, detail)"
	    " VALUES (?, ?, ?, ?, ?)",
	[ST_AUDIT_LIST] =
	    "SELECT id, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), login, action, detail"
	    " FROM audit_log WHERE site_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
	[ST_HOST_ADMIN_BY_LOGIN] =
	    "SELECT id, pw_hash, disabled FROM hosting_admins WHERE login = ?",
	[ST_HOST_ADMIN_INSERT] =
	    "INSERT INTO hosting_admins (login, pw_hash) VALUES (?, ?)",
	[ST_HOST_ADMIN_PASSWORD] =
	    "UPDATE hosting_admins SET pw_hash = ?, disabled = 0 WHERE login = ?",
	[ST_HOST_ADMIN_LIST] =
	    "SELECT login, disabled FROM hosting_admins ORDER BY login",
	[ST_HOST_SESSION_INSERT] =
	    "INSERT INTO hosting_sessions (token_hash, admin_id, csrf) VALUES (?, ?, ?)",
	[ST_HOST_SESSION_GET] =
	    "SELECT s.admin_id, s.csrf, s.last_seen < CURRENT_TIMESTAMP - INTERVAL 60 SECOND,"
	    " a.login"
	    " FROM hosting_sessions s JOIN hosting_admins a ON a.id = s.admin_id"
	    " WHERE s.token_hash = ? AND a.disabled = 0"
	    " AND s.last_seen > CURRENT_TIMESTAMP - INTERVAL 12 HOUR"
	    " AND s.created_at > CURRENT_TIMESTAMP - INTERVAL 24 HOUR",
	[ST_HOST_SESSION_TOUCH] =
	    "UPDATE hosting_sessions SET last_seen = CURRENT_TIMESTAMP WHERE token_hash = ?"
	    " AND last_seen < CURRENT_TIMESTAMP - INTERVAL 60 SECOND",
	[ST_HOST_SESSION_DELETE] =
	    "DELETE FROM hosting_sessions WHERE token_hash = ?",
	[ST_HOST_SESSIONS_END] =
	    "DELETE s FROM hosting_sessions s JOIN hosting_admins a ON a.id = s.admin_id"
	    " WHERE a.login = ?",
	[ST_HOST_SESSIONS_PURGE] =
	    "DELETE FROM hosting_sessions WHERE last_seen < CURRENT_TIMESTAMP - INTERVAL 12 HOUR"
	    " OR created_at < CURRENT_TIMESTAMP - INTERVAL 24 HOUR LIMIT 1000",
	[ST_HOST_SITES] =
	    "SELECT s.customer, s.instance, s.name, s.suspended,"
	    " COALESCE(DATE_FORMAT(s.suspended_at, '%Y-%m-%dT%H:%i:%sZ'), ''),"
	    " DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " (SELECT COALESCE(GROUP_CONCAT(o.login ORDER BY o.login SEPARATOR ' '), '')"
	    "   FROM operators o WHERE o.site_id = s.id AND o.role = 'admin' AND o.disabled = 0)"
	    " FROM sites s ORDER BY s.customer, s.instance LIMIT 10000",
	[ST_HOST_SITE_STATE] =
	    "UPDATE sites SET suspended = ?,"
	    " suspended_at = CASE WHEN ? = 1 THEN CURRENT_TIMESTAMP ELSE NULL END"
	    " WHERE id = ? AND suspended <> ?",
	[ST_HOST_OP_RESET] =
	    "UPDATE operators SET pw_hash = ?, role = 'admin', disabled = 0"
	    " WHERE site_id = ? AND id = ?",
	[ST_SECRET_GET] =
	    "SELECT secret FROM app_secrets WHERE name = ?",
	[ST_CONTACT_INSERT] =
	    "INSERT INTO contact_requests (site_id, client_id, lang, dept, chat_id, name,"
	    " email, fields, summary, page, addr, copy_requested, consent_sha256, consent_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, IF(?, CURRENT_TIMESTAMP(3), NULL))"
	    " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
	[ST_CONTACT_SITE_MAIL] =
	    "SELECT COALESCE(ss.contact_email, ''), COALESCE(ss.default_lang, 'en'),"
	    " COALESCE(NULLIF(s.name, ''), CONCAT(s.customer, '-', s.instance)),"
	    " DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i')"
	    " FROM sites s LEFT JOIN site_settings ss ON ss.site_id = s.id WHERE s.id = ?",
	[ST_CONTACT_NEW_COUNT] =
	    "SELECT COUNT(*) FROM contact_requests WHERE site_id = ? AND status = 'new'",
	[ST_CONTACT_LIST] =
	    CONTACT_ROW
	    " FROM contact_requests r WHERE r.site_id = ? AND (? = '' OR r.status = ?)"
	    " AND r.id < ? ORDER BY r.id DESC LIMIT ?",
	[ST_CONTACT_GET] =
	    CONTACT_ROW
	    ", r.page, r.fields, COALESCE(r.consent_sha256, ''),"
	    " COALESCE(DATE_FORMAT(r.consent_at, '%Y-%m-%dT%H:%i:%s.%fZ'), '')"
	    " FROM contact_requests r WHERE r.site_id = ? AND r.id = ?",
	[ST_CONTACT_MAILS] =
	    "SELECT kind, rcpt, IF(sent_at IS NOT NULL, 'sent', IF(failed, 'failed', 'queued')),"
	    " attempts, last_error, COALESCE(DATE_FORMAT(sent_at, '%Y-%m-%dT%H:%i:%sZ'), '')"
	    " FROM mail_outbox WHERE site_id = ? AND contact_id = ? ORDER BY id",
	[ST_CONTACT_REPLIES] =
	    "SELECT r.id, COALESCE(o.name, ''), r.body, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%s.%fZ')"
	    " FROM contact_replies r LEFT JOIN operators o ON o.id = r.operator_id"
	    " AND o.site_id = r.site_id WHERE r.site_id = ? AND r.request_id = ? ORDER BY r.id",
	[ST_CONTACT_LOCK] =
	    "SELECT email, lang FROM contact_requests WHERE site_id = ? AND id = ? FOR UPDATE",
	[ST_CONTACT_SET_STATUS] =
	    "UPDATE contact_requests SET status = ? WHERE site_id = ? AND id = ?",
	[ST_CONTACT_REPLY_INSERT] =
	    "INSERT INTO contact_replies (site_id, request_id, operator_id, client_id, body)"
	    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
	[ST_CONTACT_CHAT_VISITOR] =
	    "SELECT visitor_name, visitor_email FROM chats WHERE site_id = ? AND id = ?",
	[ST_COUNT_UNKNOWN] =
	    "SELECT j.n FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "   n INT PATH '$.n', c INT UNSIGNED PATH '$.c', i INT UNSIGNED PATH '$.i')) j"
	    " LEFT JOIN sites s ON s.customer = j.c AND s.instance = j.i AND s.suspended = 0"
	    " WHERE s.id IS NULL",
	[ST_COUNT_BATCH] =
	    "INSERT INTO page_views (site_id, visitor, page, title, referrer, dept, lang, addr, host, data)"
	    " SELECT s.id,"
	    " IF(COALESCE(ss.tracking_mode, 'id') = 'id' AND j.v <> '',"
	    "   SHA2(CONCAT('id:', s.id, ':', j.v), 256),"
	    "   SHA2(CONCAT(HEX(d.salt), ':', s.id, ':', j.a, ':', j.u), 256)),"
	    " IF(COALESCE(ss.keep_page_query, 0), j.p,"
	    "   SUBSTRING_INDEX(SUBSTRING_INDEX(j.p, '#', 1), '?', 1)),"
	    " j.t, j.r, NULLIF(j.d, ''), j.l, j.a, COALESCE(j.h, ''), j.x"
	    " FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "   n INT PATH '$.n', c INT UNSIGNED PATH '$.c', i INT UNSIGNED PATH '$.i',"
	    "   v VARCHAR(64) PATH '$.v', a VARCHAR(64) PATH '$.a', h VARCHAR(255) PATH '$.h',"
	    "   u VARCHAR(255) PATH '$.u',"
	    "   p VARCHAR(2048) PATH '$.p', t VARCHAR(255) PATH '$.t', r VARCHAR(255) PATH '$.r',"
	    "   d VARCHAR(1) PATH '$.d', l VARCHAR(8) PATH '$.l', x TEXT PATH '$.x')) j"
	    " JOIN sites s ON s.customer = j.c AND s.instance = j.i AND s.suspended = 0"
	    " JOIN daily_salts d ON d.day = UTC_DATE()"
	    " LEFT JOIN site_settings ss ON ss.site_id = s.id ORDER BY j.n",
	[ST_COUNT_SALT] =
	    "INSERT IGNORE INTO daily_salts (day, salt) VALUES (UTC_DATE(), RANDOM_BYTES(32))",
	[ST_COUNT_SALT_DROP] =
	    "DELETE FROM daily_salts WHERE day < UTC_DATE()",
	/* live visitors and invitations */
	[ST_TRACK_HASH] =
	    "SELECT IF(COALESCE(ss.tracking_mode, 'id') = 'id' AND ? <> '',"
	    "   SHA2(CONCAT('id:', s.id, ':', ?), 256),"
	    "   SHA2(CONCAT(HEX(d.salt), ':', s.id, ':', ?, ':', ?), 256))"
	    " FROM sites s LEFT JOIN site_settings ss ON ss.site_id = s.id"
	    " LEFT JOIN daily_salts d ON d.day = UTC_DATE() WHERE s.id = ?",
	/*
	 * A visit: a visitor's page views less than 30 minutes apart (looked
	 * at over the last 4 hours); live: a page view in the last minutes.
	 */
	[ST_LIVE_VISITORS] =
	    "WITH h AS (SELECT p.id, p.visitor, p.created_at, p.page, p.title, p.referrer,"
	    "   p.data, p.dept, p.lang, p.host,"
	    "   LAG(p.created_at) OVER (PARTITION BY p.visitor ORDER BY p.created_at, p.id) AS prev,"
	    "   ROW_NUMBER() OVER (PARTITION BY p.visitor ORDER BY p.created_at DESC, p.id DESC) AS rn"
	    "  FROM page_views p WHERE p.site_id = ?"
	    "  AND p.created_at > CURRENT_TIMESTAMP(3) - INTERVAL 4 HOUR"
	    "  AND p.visitor IN (SELECT l.visitor FROM page_views l WHERE l.site_id = ?"
	    "   AND l.created_at > CURRENT_TIMESTAMP(3) - INTERVAL ? MINUTE)),"
	    " v AS (SELECT visitor, MAX(IF(prev IS NULL OR prev < created_at - INTERVAL 30 MINUTE,"
	    "   created_at, NULL)) AS since FROM h GROUP BY visitor)"
	    " SELECT v.visitor, l.page, l.title, l.data, COALESCE(l.dept, ''), l.lang, l.host,"
	    " DATE_FORMAT(v.since, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(l.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " TIMESTAMPDIFF(SECOND, v.since, CURRENT_TIMESTAMP(3)),"
	    " (SELECT COUNT(*) FROM h c WHERE c.visitor = v.visitor AND c.created_at >= v.since),"
	    " COALESCE((SELECT f.referrer FROM h f WHERE f.visitor = v.visitor AND f.created_at >= v.since"
	    "   ORDER BY f.created_at, f.id LIMIT 1), ''),"
	    " EXISTS (SELECT 1 FROM page_views o WHERE o.site_id = ? AND o.visitor = v.visitor"
	    "   AND o.created_at < v.since),"
	    " COALESCE((SELECT MAX(ch.id) FROM chats ch WHERE ch.site_id = ? AND ch.track_visitor = v.visitor"
	    "   AND ch.status <> 'closed'), 0),"
	    " COALESCE((SELECT IF(i.state = 'open' AND i.created_at < CURRENT_TIMESTAMP(3) - INTERVAL 10 MINUTE,"
	    "   'expired', i.state) FROM invitations i WHERE i.site_id = ? AND i.visitor = v.visitor"
	    "   AND i.created_at >= v.since ORDER BY i.id DESC LIMIT 1), '')"
	    " FROM v JOIN h l ON l.visitor = v.visitor AND l.rn = 1"
	    " WHERE l.dept IS NULL OR LOCATE(BINARY l.dept, BINARY ?) > 0"
	    " ORDER BY l.created_at DESC LIMIT 200",
	[ST_INVITE_CHECK] =
	    "WITH h AS (SELECT created_at,"
	    "   LAG(created_at) OVER (ORDER BY created_at, id) AS prev FROM page_views"
	    "  WHERE site_id = ? AND visitor = ? AND created_at > CURRENT_TIMESTAMP(3) - INTERVAL 4 HOUR),"
	    " v AS (SELECT MAX(IF(prev IS NULL OR prev < created_at - INTERVAL 30 MINUTE, created_at, NULL))"
	    "   AS since, MAX(created_at) AS last_at FROM h)"
	    " SELECT COALESCE(v.last_at > CURRENT_TIMESTAMP(3) - INTERVAL ? MINUTE, 0),"
	    " (SELECT COUNT(*) FROM chats c WHERE c.site_id = ? AND c.track_visitor = ? AND c.status <> 'closed'),"
	    " COALESCE(SUM(i.state = 'declined'), 0),"
	    " COALESCE(SUM(i.state = 'open' AND i.created_at > CURRENT_TIMESTAMP(3) - INTERVAL 10 MINUTE), 0)"
	    " FROM v LEFT JOIN invitations i ON i.site_id = ? AND i.visitor = ? AND i.created_at >= v.since"
	    " GROUP BY v.since, v.last_at",
	[ST_INVITE_INSERT] =
	    "INSERT INTO invitations (site_id, visitor, operator_id, text) VALUES (?, ?, ?, ?)",
	[ST_INVITE_PENDING] =
	    "SELECT i.id, i.text, o.name FROM invitations i"
	    " JOIN operators o ON o.id = i.operator_id AND o.site_id = i.site_id"
	    " WHERE i.site_id = ? AND i.visitor = ? AND i.state = 'open'"
	    " AND i.created_at > CURRENT_TIMESTAMP(3) - INTERVAL 10 MINUTE ORDER BY i.id DESC LIMIT 1",
	[ST_INVITE_DECLINE] =
	    "UPDATE invitations SET state = 'declined', answered_at = CURRENT_TIMESTAMP(3)"
	    " WHERE site_id = ? AND id = ? AND visitor = ? AND state = 'open'",
	[ST_INVITE_CLAIM] =
	    "UPDATE invitations SET state = 'accepted', answered_at = CURRENT_TIMESTAMP(3), chat_id = ?"
	    " WHERE site_id = ? AND id = ? AND visitor = ? AND state = 'open'"
	    " AND created_at > CURRENT_TIMESTAMP(3) - INTERVAL 10 MINUTE",
	[ST_INVITE_OPERATOR] =
	    "SELECT i.operator_id, i.text FROM invitations i JOIN operators o ON o.id = i.operator_id"
	    " AND o.site_id = i.site_id AND o.disabled = 0 WHERE i.site_id = ? AND i.id = ?",
	[ST_CHAT_SET_TRACK] =
	    "UPDATE chats SET track_visitor = ? WHERE site_id = ? AND id = ?",
	[ST_PURGE_INVITATIONS] =
	    "DELETE FROM invitations WHERE created_at < CURRENT_TIMESTAMP - INTERVAL 1 DAY LIMIT 1000",
	/* statistics */
	/*
	 * STATS_RAW: the raw rows of site p.site from day p.d0 through p.d1
	 * (a CTE p the statement defines) as (day, metric, dim, n), the rows
	 * daily_stats keeps (schema/021_stats.sql). The roll-up stores it;
	 * the admin's read uses it for the days not rolled up yet (today).
	 * A chat is answered once an operator accepted it (or was given it),
	 * missed when it was closed without one; a chat still waiting when
	 * its day is rolled up counts as started only.
	 */
#define STATS_PV	" FROM p JOIN page_views v ON v.site_id = p.site" \
	    " AND v.created_at >= p.d0 AND v.created_at < p.d1 + INTERVAL 1 DAY"
#define STATS_CH	" FROM p JOIN chats c ON c.site_id = p.site" \
	    " AND c.created_at >= p.d0 AND c.created_at < p.d1 + INTERVAL 1 DAY"
#define STATS_ANSWERED	"(c.accepted_at IS NOT NULL OR c.operator_id IS NOT NULL)"
#define STATS_RAW \
	    "SELECT DATE(v.created_at) day, 'visitors' metric, CONVERT(CAST('' AS CHAR(2048)) USING utf8mb4) COLLATE utf8mb4_unicode_ci dim," \
	    " COUNT(DISTINCT v.visitor) n" STATS_PV " GROUP BY 1" \
	    " UNION ALL SELECT DATE(v.created_at), 'views', '', COUNT(*)" STATS_PV " GROUP BY 1" \
	    " UNION ALL SELECT DATE(v.created_at), 'page', CONVERT(v.page USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" STATS_PV \
	    "   GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(v.created_at), 'referrer', CONVERT(v.referrer USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" STATS_PV \
	    "   WHERE v.referrer <> '' GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(c.created_at), 'started', CONVERT(COALESCE(c.dept, '') USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" \
	    STATS_CH " GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(c.created_at), 'answered', CONVERT(COALESCE(c.dept, '') USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" \
	    STATS_CH " WHERE " STATS_ANSWERED " GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(c.created_at), 'missed', CONVERT(COALESCE(c.dept, '') USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" \
	    STATS_CH " WHERE c.status = 'closed' AND NOT " STATS_ANSWERED " GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(c.created_at), 'operator', CONVERT(o.login USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" STATS_CH \
	    " JOIN operators o ON o.site_id = c.site_id AND o.id = COALESCE(c.operator_id," \
	    "   (SELECT m.operator_id FROM messages m WHERE m.site_id = c.site_id" \
	    "   AND m.chat_id = c.id AND m.sender = 'operator' ORDER BY m.seq LIMIT 1))" \
	    " WHERE " STATS_ANSWERED " GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(c.created_at), 'wait'," \
	    " GREATEST(0, TIMESTAMPDIFF(SECOND, c.created_at, c.accepted_at)), COUNT(*)" \
	    STATS_CH " WHERE c.accepted_at IS NOT NULL GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(x.created_at), 'response'," \
	    " GREATEST(0, TIMESTAMPDIFF(SECOND, x.created_at, x.first)), COUNT(*)" \
	    " FROM (SELECT c.created_at, (SELECT MIN(m.created_at) FROM messages m" \
	    "   WHERE m.site_id = c.site_id AND m.chat_id = c.id AND m.sender = 'operator') first" \
	    STATS_CH ") x WHERE x.first IS NOT NULL GROUP BY 1, 3" \
	    " UNION ALL SELECT DATE(k.created_at), 'contacts', CONVERT(COALESCE(k.dept, '') USING utf8mb4) COLLATE utf8mb4_unicode_ci, COUNT(*)" \
	    " FROM p JOIN contact_requests k ON k.site_id = p.site" \
	    " AND k.created_at >= p.d0 AND k.created_at < p.d1 + INTERVAL 1 DAY GROUP BY 1, 3"
#define STATS_P		"p AS (SELECT CAST(? AS UNSIGNED) site, CAST(? AS DATE) d0, CAST(? AS DATE) d1)"
	/*
	 * Sites with complete days not rolled up: the day after the last one
	 * rolled up, or (never rolled up) the day of the site's oldest raw row.
	 */
	[ST_STATS_DUE] =
	    "SELECT x.id, DATE_FORMAT(x.first, '%Y-%m-%d'),"
	    " DATE_FORMAT(UTC_DATE() - INTERVAL 1 DAY, '%Y-%m-%d') FROM ("
	    " SELECT s.id, COALESCE(r.through + INTERVAL 1 DAY, DATE(LEAST("
	    "   COALESCE((SELECT MIN(v.created_at) FROM page_views v WHERE v.site_id = s.id),"
	    "     UTC_TIMESTAMP()),"
	    "   COALESCE((SELECT MIN(c.created_at) FROM chats c WHERE c.site_id = s.id),"
	    "     UTC_TIMESTAMP()),"
	    "   COALESCE((SELECT MIN(k.created_at) FROM contact_requests k WHERE k.site_id = s.id),"
	    "     UTC_TIMESTAMP())))) first"
	    " FROM sites s LEFT JOIN stats_rollup r ON r.site_id = s.id WHERE s.id > ?) x"
	    " WHERE x.first < UTC_DATE() ORDER BY x.id LIMIT ?",
	[ST_STATS_CLEAR] =
	    "DELETE FROM daily_stats WHERE site_id = ? AND day >= ? AND day <= ?",
	[ST_STATS_ROLLUP] =
	    "INSERT INTO daily_stats (site_id, day, metric, dim_hash, dim, n)"
	    " WITH " STATS_P
	    " SELECT p.site, x.day, x.metric, UNHEX(SHA2(x.dim, 256)), x.dim, x.n"
	    " FROM p, (" STATS_RAW ") x"
	    " ON DUPLICATE KEY UPDATE n = VALUES(n)",
	[ST_STATS_MARK] =
	    "INSERT INTO stats_rollup (site_id, through) VALUES (?, ?)"
	    " ON DUPLICATE KEY UPDATE through = VALUES(through)",
	/*
	 * A range: the rolled-up days from daily_stats, the others (today,
	 * or days the purger did not reach yet) from the raw rows, as
	 * per-day series, totals per dimension, and the 20 top pages and
	 * referrers.
	 */
	[ST_STATS_READ] =
	    "WITH q AS (SELECT CAST(? AS UNSIGNED) site, CAST(? AS DATE) d0, CAST(? AS DATE) d1),"
	    " t AS (SELECT q.site, q.d0, q.d1, COALESCE((SELECT r.through FROM stats_rollup r"
	    "   WHERE r.site_id = q.site), q.d0 - INTERVAL 1 DAY) through FROM q),"
	    " p AS (SELECT site, GREATEST(d0, through + INTERVAL 1 DAY) d0, d1 FROM t),"
	    " src AS (SELECT s.day, s.metric, s.dim, s.n FROM t JOIN daily_stats s"
	    "   ON s.site_id = t.site AND s.day >= t.d0 AND s.day <= LEAST(t.d1, t.through)"
	    "   UNION ALL " STATS_RAW ")"
	    " SELECT DATE_FORMAT(day, '%Y-%m-%d'), metric, '', '', SUM(n) FROM src"
	    " WHERE metric IN ('visitors', 'views', 'started', 'answered', 'missed', 'contacts')"
	    " GROUP BY day, metric"
	    " UNION ALL SELECT '', z.metric, z.dim,"
	    " COALESCE((SELECT o.name FROM operators o, q WHERE z.metric = 'operator'"
	    "   AND o.site_id = q.site AND o.login = z.dim), ''), z.n"
	    " FROM (SELECT metric, dim, SUM(n) n FROM src"
	    "   WHERE metric IN ('started', 'answered', 'missed', 'contacts', 'operator', 'wait',"
	    "   'response') GROUP BY metric, dim) z"
	    " UNION ALL SELECT '', y.metric, y.dim, '', y.n"
	    " FROM (SELECT metric, dim, SUM(n) n,"
	    "   ROW_NUMBER() OVER (PARTITION BY metric ORDER BY SUM(n) DESC, dim) k"
	    "   FROM src WHERE metric IN ('page', 'referrer') GROUP BY metric, dim) y WHERE y.k <= 20",
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
	[ST_TEXTS_UPSERT] = "texts_upsert",
	[ST_QFIELDS_GET] = "qfields_get",
	[ST_CONSENT_TEXT_PUT] = "consent_text_put",
	[ST_CONSENT_INSERT] = "consent_insert",
	[ST_VISITOR_BY_TOKEN] = "visitor_by_token",
	[ST_VISITOR_INSERT] = "visitor_insert",
	[ST_CHAT_INSERT] = "chat_insert",
	[ST_CHAT_GET] = "chat_get",
	[ST_CHAT_LOCK] = "chat_lock",
	[ST_CHAT_SET_SEQ] = "chat_set_seq",
	[ST_CHAT_TYPING_VISITOR] = "chat_typing_visitor",
	[ST_CHAT_TYPING_OPERATOR] = "chat_typing_operator",
	[ST_CHAT_SLEEP] = "chat_sleep",
	[ST_CHAT_CLOSE] = "chat_close",
	[ST_CHAT_ACCEPT] = "chat_accept",
	[ST_CHAT_SET_DATA] = "chat_set_data",
	[ST_CHANGES_SINCE] = "changes_since",
	[ST_CHANGES_MAX] = "changes_max",
	[ST_MSG_BY_CLIENT] = "msg_by_client",
	[ST_MSG_INSERT] = "msg_insert",
	[ST_MSGS_AFTER] = "msgs_after",
	[ST_FILE_INSERT] = "file_insert",
	[ST_FILE_GET] = "file_get",
	[ST_HISTORY_LIST] = "history_list",
	[ST_CHANGES_PURGE] = "changes_purge",
	[ST_SESSION_INSERT] = "session_insert",
	[ST_SESSION_GET] = "session_get",
	[ST_SESSION_TOUCH] = "session_touch",
	[ST_SESSION_DELETE] = "session_delete",
	[ST_SESSION_DELETE_OTHERS] = "session_delete_others",
	[ST_FAIL_INSERT] = "fail_insert",
	[ST_FAIL_CLEAR] = "fail_clear",
	[ST_OP_SET_SOUND] = "op_set_sound",
	[ST_PRESENCE_TOUCH] = "presence_touch",
	[ST_PRESENCE_LIST] = "presence_list",
	[ST_QUEUE] = "queue",
	[ST_MY_CHATS] = "my_chats",
	[ST_CHAT_DETAIL] = "chat_detail",
	[ST_CHAT_TRANSFER_OP] = "chat_transfer_op",
	[ST_CHAT_TRANSFER_DEPT] = "chat_transfer_dept",
	[ST_CHAT_CONTRACT] = "chat_contract",
	[ST_VISITOR_CHATS] = "visitor_chats",
	[ST_CANNED_LIST] = "canned_list",
	[ST_CANNED_UPSERT] = "canned_upsert",
	[ST_CANNED_DELETE] = "canned_delete",
	[ST_CANNED_COUNT] = "canned_count",
	[ST_TEAM_LIST] = "team_list",
	[ST_OP_LOAD_LOCK] = "op_load_lock",
	[ST_OP_ACTIVE_CHATS] = "op_active_chats",
	[ST_CHANGE_INSERT_FOR] = "change_insert_for",
	[ST_OP_CURSOR] = "op_cursor",
	[ST_PURGE_CHATS_DUE] = "purge_chats_due",
	[ST_PURGE_CHAT] = "purge_chat",
	[ST_PURGE_VISITORS] = "purge_visitors",
	[ST_PURGE_SESSIONS] = "purge_sessions",
	[ST_PURGE_PAGE_VIEWS] = "purge_page_views",
	[ST_PURGE_SALTS] = "purge_salts",
	[ST_PURGE_FAILURES] = "purge_failures",
	[ST_RETENTION_SET] = "retention_set",
	[ST_MIGRATION_LOCK] = "migration_lock",
	[ST_MIGRATION_UNLOCK] = "migration_unlock",
	[ST_MIGRATION_TABLE] = "migration_table",
	[ST_SITE_CONFIG] = "site_config",
	[ST_CHANGE_INSERT_2] = "change_insert_2",
	[ST_OP_FIND] = "op_find",
	[ST_OP_HASH_LOCK] = "op_hash_lock",
	[ST_FAIL_COUNTS] = "fail_counts",
	[ST_CHAT_BY_START_KEY] = "chat_by_start_key",
	[ST_CHAT_SET_TOKEN] = "chat_set_token",
	[ST_VISITOR_SET_TOKEN] = "visitor_set_token",
	[ST_LIMIT_HIT] = "limit_hit",
	[ST_LIMIT_LEFT] = "limit_left",
	[ST_PURGE_LIMITS] = "purge_limits",
	[ST_SETTINGS_CONSENT] = "settings_consent",
	[ST_SETTINGS_CONSENT_ON] = "settings_consent_on",
	[ST_OUTBOX_DUE] = "outbox_due",
	[ST_OUTBOX_LEASE] = "outbox_lease",
	[ST_OUTBOX_SENT] = "outbox_sent",
	[ST_OUTBOX_ATTEMPT] = "outbox_attempt",
	[ST_OUTBOX_RETRY] = "outbox_retry",
	[ST_OUTBOX_QUEUE] = "outbox_queue",
	[ST_OUTBOX_CHAT_COUNT] = "outbox_chat_count",
	[ST_CHAT_ANSWERED] = "chat_answered",
	[ST_CHAT_SET_MAIL_TO] = "chat_set_mail_to",
	[ST_PURGE_OUTBOX] = "purge_outbox",
	[ST_CHAT_FILES_USED] = "chat_files_used",
	[ST_USAGE_ADD] = "usage_add",
	[ST_USAGE_GET] = "usage_get",
	[ST_USAGE_RECOUNT] = "usage_recount",
	[ST_CHATS_WAITING_OLD] = "chats_waiting_old",
	[ST_CHATS_WAITING_SAME_ADDR] = "chats_waiting_same_addr",
	[ST_QUEUE_COUNT] = "queue_count",
	[ST_SITE_VISITOR_RULES] = "site_visitor_rules",
	[ST_SETTINGS_VISITOR_RULES] = "settings_visitor_rules",
	[ST_CFG_SETTINGS_GET] = "cfg_settings_get",
	[ST_CFG_SETTINGS_SET] = "cfg_settings_set",
	[ST_CFG_TEXTS_LIST] = "cfg_texts_list",
	[ST_CFG_CONSENT_HISTORY] = "cfg_consent_history",
	[ST_CFG_DEPTS_LIST] = "cfg_depts_list",
	[ST_CFG_DEPT_ENSURE] = "cfg_dept_ensure",
	[ST_CFG_DEPT_DELETE] = "cfg_dept_delete",
	[ST_CFG_DEPT_CHATS_FREE] = "cfg_dept_chats_free",
	[ST_CFG_OPS_LIST] = "cfg_ops_list",
	[ST_CFG_OP_GET] = "cfg_op_get",
	[ST_CFG_OP_UPDATE] = "cfg_op_update",
	[ST_CFG_OP_DEPTS_CLEAR] = "cfg_op_depts_clear",
	[ST_CFG_OTHER_ADMINS] = "cfg_other_admins",
	[ST_CFG_TEXT_LOCK] = "cfg_text_lock",
	[ST_CFG_FIELDS_LIST] = "cfg_fields_list",
	[ST_CFG_FIELD_PUT] = "cfg_field_put",
	[ST_CFG_FIELD_TEXTS_CLEAR] = "cfg_field_texts_clear",
	[ST_CFG_FIELD_TEXT_PUT] = "cfg_field_text_put",
	[ST_CFG_FIELD_DELETE] = "cfg_field_delete",
	[ST_CFG_FIELD_COUNT] = "cfg_field_count",
	[ST_AUDIT_INSERT] = "audit_insert",
	[ST_AUDIT_LIST] = "audit_list",
	[ST_HOST_ADMIN_BY_LOGIN] = "host_admin_by_login",
	[ST_HOST_ADMIN_INSERT] = "host_admin_insert",
	[ST_HOST_ADMIN_PASSWORD] = "host_admin_password",
	[ST_HOST_ADMIN_LIST] = "host_admin_list",
	[ST_HOST_SESSION_INSERT] = "host_session_insert",
	[ST_HOST_SESSION_GET] = "host_session_get",
	[ST_HOST_SESSION_TOUCH] = "host_session_touch",
	[ST_HOST_SESSION_DELETE] = "host_session_delete",
	[ST_HOST_SESSIONS_END] = "host_sessions_end",
	[ST_HOST_SESSIONS_PURGE] = "host_sessions_purge",
	[ST_HOST_SITES] = "host_sites",
	[ST_HOST_SITE_STATE] = "host_site_state",
	[ST_HOST_OP_RESET] = "host_op_reset",
	[ST_SECRET_GET] = "secret_get",
	[ST_CONTACT_INSERT] = "contact_insert",
	[ST_CONTACT_SITE_MAIL] = "contact_site_mail",
	[ST_CONTACT_NEW_COUNT] = "contact_new_count",
	[ST_CONTACT_LIST] = "contact_list",
	[ST_CONTACT_GET] = "contact_get",
	[ST_CONTACT_MAILS] = "contact_mails",
	[ST_CONTACT_REPLIES] = "contact_replies",
	[ST_CONTACT_LOCK] = "contact_lock",
	[ST_CONTACT_SET_STATUS] = "contact_set_status",
	[ST_CONTACT_REPLY_INSERT] = "contact_reply_insert",
	[ST_CONTACT_CHAT_VISITOR] = "contact_chat_visitor",
	[ST_COUNT_UNKNOWN] = "count_unknown",
	[ST_COUNT_BATCH] = "count_batch",
	[ST_COUNT_SALT] = "count_salt",
	[ST_COUNT_SALT_DROP] = "count_salt_drop",
	[ST_TRACK_HASH] = "track_hash",
	[ST_LIVE_VISITORS] = "live_visitors",
	[ST_INVITE_CHECK] = "invite_check",
	[ST_INVITE_INSERT] = "invite_insert",
	[ST_INVITE_PENDING] = "invite_pending",
	[ST_INVITE_DECLINE] = "invite_decline",
	[ST_INVITE_CLAIM] = "invite_claim",
	[ST_INVITE_OPERATOR] = "invite_operator",
	[ST_CHAT_SET_TRACK] = "chat_set_track",
	[ST_PURGE_INVITATIONS] = "purge_invitations",
	/* statistics */
	[ST_STATS_DUE] = "stats_due",
	[ST_STATS_CLEAR] = "stats_clear",
	[ST_STATS_ROLLUP] = "stats_rollup",
	[ST_STATS_MARK] = "stats_mark",
	[ST_STATS_READ] = "stats_read",
};
