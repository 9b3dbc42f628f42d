/*
 * pl_stmts.h: every SQL statement of Plauder, by name. The text of each
 * is in pl_stmts.c; nothing else in the project writes SQL (the schema
 * migrations in schema/ aside).
 */
#ifndef PL_STMTS_H
#define PL_STMTS_H

enum pl_stmt {
	/* sites */
	ST_SITE_BY_CODE,	/* customer, instance -> id, name, suspended */
	ST_SITE_INSERT,		/* customer, instance, name */
	ST_SITE_LIST,		/* -> id, customer, instance, name */
	/* departments */
	ST_DEPT_INSERT,		/* site, dept, sort */
	ST_DEPT_NAME_UPSERT,	/* site, dept, lang, name */
	ST_DEPT_EXISTS,		/* site, dept -> 1 */
	/* operators */
	ST_OP_INSERT,		/* site, login, name, email, hash, role */
	ST_OP_BY_LOGIN,		/* site, login -> id, hash, disabled, login, name, role, sound, depts */
	ST_OP_SET_PASSWORD,	/* hash, site, id */
	ST_OP_DEPT_ADD,		/* site, op, dept */
	ST_OP_LIST,		/* site -> id, login, name, role */
	/* presence */
	ST_PRESENCE_SET,	/* site, op, dept, status (upsert, last_seen = now) */
	ST_PRESENCE_SET_ALL,	/* status, site, op: all departments of the operator */
	/* availability */
	ST_AVAIL_DEPTS,		/* timeout, lang, site -> dept, name, online count */
	/* schema */
	ST_MIGRATION_LOCK,	/* -> 1 when this process holds the migration lock */
	ST_MIGRATION_UNLOCK,
	ST_MIGRATION_TABLE,	/* creates schema_migrations */
	ST_MIGRATION_DONE,	/* version -> 1 */
	ST_MIGRATION_RECORD,	/* version, name */
	/* chat: site settings */
	ST_TEXTS_UPSERT,	/* site, lang, privacy text, url, consent text, buttons, welcome */
	ST_QFIELDS_GET,		/* site, form, lang -> key, label, type, required, options */
	ST_CONSENT_TEXT_PUT,	/* site, sha256, lang, text */
	ST_CONSENT_INSERT,	/* site, chat, lang, sha256 */
	/*
	 * chat: visitors and chats. Every UPDATE of a chat that a client must
	 * see sets version = LAST_INSERT_ID(version + 1): the new version is
	 * then the statement's insert id, and goes into chat_changes.
	 */
	ST_VISITOR_BY_TOKEN,	/* site, hash -> id */
	ST_VISITOR_INSERT,	/* site, hash */
	ST_CHAT_INSERT,		/* site, dept, hash, start key, visitor, lang, from, name, email, query, page, title, addr */
	ST_CHAT_GET,		/* site, chat -> token_hash, status, version, last_seq, dept,
				   sleeping, op typing, op name, visitor_id, operator_id, lang */
	ST_CHAT_LOCK,		/* site, chat -> token_hash, status, operator, dept, lang, last_seq, version (FOR UPDATE) */
	ST_CHAT_SET_SEQ,	/* seq, site, chat: last_seq and version+1 */
	ST_CHAT_TYPING_VISITOR,	/* typing(0/1), site, chat */
	ST_CHAT_TYPING_OPERATOR,/* typing(0/1), site, chat */
	ST_CHAT_SLEEP,		/* sleeping, site, chat */
	ST_CHAT_CLOSE,		/* site, chat */
	ST_CHAT_ACCEPT,		/* operator, site, chat (waiting -> active) */
	ST_CHAT_SET_DATA,	/* name, email, data, page, title (NULL keeps), site, chat */
	ST_CHANGE_INSERT_FOR,	/* chat, version, site, operator */
	ST_CHANGES_SINCE,	/* after id -> id, chat, version, site, operator */
	ST_OP_CURSOR,		/* site, operator -> newest change for me or the queue */
	ST_CHANGES_MAX,		/* -> max id */
	ST_CHANGES_PURGE,	/* rows older than 10 minutes */
	/* chat: messages and files */
	ST_MSG_BY_CLIENT,	/* site, chat, sender, client_id -> seq */
	ST_MSG_INSERT,		/* site, chat, seq, sender, operator, client_id, body, file */
	ST_MSGS_AFTER,		/* site, chat, after, limit -> seq, sender, op name, client_id,
				   body, file id, file name, ctype, size, time */
	ST_FILE_INSERT,		/* site, chat, name, ctype, size, data */
	ST_FILE_GET,		/* site, chat, id -> name, ctype, data */
	ST_HISTORY_LIST,	/* site, visitor -> chat, started, status, preview */
	/* operator: sessions and login throttling */
	ST_SESSION_INSERT,	/* hash, site, operator, csrf */
	ST_SESSION_GET,		/* hash -> site, operator, csrf, stale, login, name, role, sound, depts,
				   site suspended */
	ST_SESSION_TOUCH,	/* hash */
	ST_SESSION_DELETE,	/* hash */
	ST_SESSION_DELETE_OTHERS, /* site, operator, hash */
	ST_FAIL_INSERT,		/* site, login, addr */
	ST_FAIL_CLEAR,		/* site, login */
	ST_OP_SET_SOUND,	/* flag, site, operator */
	/* operator: presence, queue, chats */
	ST_PRESENCE_TOUCH,	/* site, operator */
	ST_PRESENCE_LIST,	/* timeout, site, operator -> dept, status, fresh */
	ST_QUEUE,		/* site, operator -> waiting chats of my departments (+ note) */
	ST_MY_CHATS,		/* site, operator -> my active chats */
	ST_CHAT_DETAIL,		/* site, chat -> from, lang, name, email, query, data, page,
				   title, created, contract, visitor */
	ST_CHAT_TRANSFER_OP,	/* operator, note, from, site, chat */
	ST_CHAT_TRANSFER_DEPT,	/* dept, note, from, site, chat */
	ST_CHAT_CONTRACT,	/* flag, operator, site, chat */
	ST_VISITOR_CHATS,	/* site, visitor, chat -> other chats of the visitor */
	/* canned answers */
	ST_CANNED_LIST,		/* site, op -> shortcut, text, owner (the shared ones and op's) */
	ST_CANNED_UPSERT,	/* site, owner, shortcut, text */
	ST_CANNED_DELETE,	/* site, owner, shortcut */
	ST_CANNED_COUNT,	/* shortcut, site, owner -> answers, has this shortcut (locked) */
	/* the team list and an operator's limit of concurrent chats */
	ST_TEAM_LIST,		/* timeout, timeout, site -> id, login, name, depts, status,
				   active chats, max chats (enabled operators) */
	ST_OP_LOAD_LOCK,	/* site, op -> max chats (FOR UPDATE) */
	ST_OP_ACTIVE_CHATS,	/* site, op -> active chats (LOCK IN SHARE MODE) */
	/* retention purger */
	ST_PURGE_CHATS_DUE,	/* limit -> chat ids past their site's retention, not contract */
	ST_PURGE_CHAT,		/* chat (messages, files, consents go with it) */
	ST_PURGE_VISITORS,	/* visitors without chats, older than a day */
	ST_PURGE_SESSIONS,	/* sessions idle 12 h */
	ST_PURGE_FAILURES,	/* login failures older than a day */
	ST_RETENTION_SET,	/* site, days */
	/* added with the domain layer */
	ST_SITE_CONFIG,		/* site, site, lang, primary, site, lang, primary -> settings, resolved lang, texts, look */
	ST_CHANGE_INSERT_2,	/* (chat, version, site, op) x 2 */
	ST_OP_FIND,		/* site, login -> id, name, disabled */
	ST_OP_HASH_LOCK,	/* site, id -> pw_hash (FOR UPDATE) */
	ST_FAIL_COUNTS,		/* site, login, addr, window, site, addr, window -> by account+address, by address */
	ST_CHAT_BY_START_KEY,	/* site, key hash -> id, visitor, version, last_seq (FOR UPDATE) */
	ST_CHAT_SET_TOKEN,	/* hash, site, chat */
	ST_VISITOR_SET_TOKEN,	/* hash, site, visitor */
	ST_LIMIT_HIT,		/* key, window, window: the new count through LAST_INSERT_ID */
	ST_LIMIT_LEFT,		/* window, key -> seconds left in the window */
	ST_PURGE_LIMITS,	/* counters of windows older than a day */
	ST_SETTINGS_CONSENT,	/* site, required, default lang */
	ST_SETTINGS_CONSENT_ON,	/* site: consent required */
	ST_OUTBOX_DUE,		/* -> id, site, rcpt, reply to, subject, body, html, attempts (SKIP LOCKED) */
	ST_OUTBOX_LEASE,	/* id: not due again for a while */
	ST_OUTBOX_SENT,		/* id */
	ST_OUTBOX_RETRY,	/* pause s, give up, error, id */
	ST_OUTBOX_QUEUE,	/* site, chat, contact, kind, rcpt, reply to, subject, body, html */
	ST_OUTBOX_ATTEMPT,	/* outbox id, site, ok, error: one delivery attempt's outcome */
	ST_OUTBOX_CHAT_COUNT,	/* site, chat, kind -> n */
	ST_CHAT_ANSWERED,	/* site, chat, site, chat -> an operator wrote, mail_to */
	ST_CHAT_SET_MAIL_TO,	/* address, site, chat (only when none yet) */
	ST_PURGE_OUTBOX,	/* sent or given up, a week old */
	ST_CHAT_FILES_USED,	/* site, chat -> files, bytes */
	ST_USAGE_ADD,		/* site, bytes */
	ST_USAGE_GET,		/* site -> file bytes */
	ST_USAGE_RECOUNT,	/* every site's file bytes, summed again */
	ST_CHATS_WAITING_OLD,	/* minutes, max -> site, chat */
	ST_CHATS_WAITING_SAME_ADDR, /* site, chat -> waiting chats from its address */
	ST_QUEUE_COUNT,		/* site, op -> waiting chats it may see */
	ST_SITE_VISITOR_RULES,	/* site, site -> keep page query, uploads while waiting */
	ST_SETTINGS_VISITOR_RULES, /* site, keep page query, uploads while waiting */
	/* the admin area (pl_config.c) */
	ST_CFG_SETTINGS_GET,	/* site -> mode, in_chat, color, consent, lang, keep query, uploads, tab, 3 retentions */
	ST_CFG_SETTINGS_SET,	/* site, the same */
	ST_CFG_TEXTS_LIST,	/* site -> lang, privacy text, url, consent text, buttons, welcome */
	ST_CFG_TEXT_LOCK,	/* site, lang -> the same without lang (locked) */
	ST_CFG_FIELDS_LIST,	/* site -> form, key, type, required, sort, lang, label, options */
	ST_CFG_FIELD_PUT,	/* site, form, key, type, required, sort */
	ST_CFG_FIELD_TEXTS_CLEAR, /* site, form, key */
	ST_CFG_FIELD_TEXT_PUT,	/* site, form, key, lang, label, options */
	ST_CFG_FIELD_DELETE,	/* site, form, key */
	ST_CFG_FIELD_COUNT,	/* site, form, key -> the form's other fields */
	ST_CFG_CONSENT_HISTORY,	/* site -> lang, sha256, created, text (newest first) */
	ST_CFG_DEPTS_LIST,	/* site -> dept, lang, name (one row per name) */
	ST_CFG_DEPT_ENSURE,	/* site, dept */
	ST_CFG_DEPT_DELETE,	/* site, dept */
	ST_CFG_DEPT_CHATS_FREE,	/* site, dept: its open chats go to no department */
	ST_CFG_OPS_LIST,	/* site -> login, name, email, role, disabled, depts, max chats */
	ST_CFG_OP_GET,		/* site, login -> id, name, email, role, disabled, depts, max chats (locked) */
	ST_CFG_OP_UPDATE,	/* name, email, role, disabled, max chats, site, id */
	ST_CFG_OP_DEPTS_CLEAR,	/* site, op, depts to keep */
	ST_CFG_OTHER_ADMINS,	/* site, op -> enabled admins other than op */
	ST_AUDIT_INSERT,	/* site, op, login, action, detail */
	ST_AUDIT_LIST,		/* site, before id, limit -> id, time, login, action, detail */
	/* the hosting level (pl_hosting.c): not one site's, so not scoped by one */
	ST_HOST_ADMIN_BY_LOGIN,	/* login -> id, hash, disabled */
	ST_HOST_ADMIN_INSERT,	/* login, hash */
	ST_HOST_ADMIN_PASSWORD,	/* hash, login */
	ST_HOST_ADMIN_LIST,	/* -> login, disabled */
	ST_HOST_SESSION_INSERT,	/* hash, admin, csrf */
	ST_HOST_SESSION_GET,	/* hash -> admin, csrf, stale, login */
	ST_HOST_SESSION_TOUCH,	/* hash */
	ST_HOST_SESSION_DELETE,	/* hash */
	ST_HOST_SESSIONS_END,	/* login: every session of that hosting admin */
	ST_HOST_SESSIONS_PURGE,	/* sessions past their lifetime */
	ST_HOST_SITES,		/* -> customer, instance, name, suspended, suspended at, created, admins */
	ST_HOST_SITE_STATE,	/* suspended, suspended, site, suspended: 1 row when it changed */
	ST_HOST_OP_RESET,	/* hash, site, operator: an enabled admin with this password */
	/* contact requests (pl_contact.c) */
	ST_SECRET_GET,		/* name -> secret */
	ST_CONTACT_INSERT,	/* site, client, lang, dept, chat, name, email, fields, summary,
				   page, addr, copy, consent sha, consent given (dup: same id) */
	ST_CONTACT_SITE_MAIL,	/* site -> contact address, default language, name, now */
	ST_CONTACT_NEW_COUNT,	/* site -> new requests */
	ST_CONTACT_LIST,	/* site, status, status ('' all), before, limit -> row */
	ST_CONTACT_GET,		/* site, id -> row, page, fields, consent sha, consent at */
	ST_CONTACT_MAILS,	/* site, id -> kind, rcpt, state, attempts, error, sent at */
	ST_CONTACT_REPLIES,	/* site, id -> id, operator name, body, created */
	ST_CONTACT_LOCK,	/* site, id -> email, lang (FOR UPDATE) */
	ST_CONTACT_SET_STATUS,	/* status, site, id */
	ST_CONTACT_REPLY_INSERT, /* site, request, operator, client, body (dup: same id) */
	ST_CONTACT_CHAT_VISITOR, /* site, chat -> the visitor's name and address from the start form */
	/* page views (pl_count.c) */
	ST_COUNT_UNKNOWN,	/* hits (JSON) -> n of those whose site is unknown or suspended */
	ST_COUNT_BATCH,		/* hits (JSON): one page view each of the others */
	ST_COUNT_SALT,		/* today's salt, made once (1 row when it was new) */
	ST_COUNT_SALT_DROP,	/* the salts of the days before */
	ST_PURGE_PAGE_VIEWS,	/* page views past their site's retention_visit_days (0: kept), a batch */
	ST_PURGE_SALTS,		/* the cookieless salts of the days before */
	/* live visitors and invitations (pl_visitors.c) */
	ST_TRACK_HASH,		/* id, id, addr, agent, site -> the page views' visitor hash (NULL: none today) */
	ST_LIVE_VISITORS,	/* site, site, minutes, site, site, site, depts -> one row per visitor on the site now */
	ST_INVITE_CHECK,	/* site, hash, minutes, site, hash, site, hash -> live, running chats, declined, open */
	ST_INVITE_INSERT,	/* site, hash, operator, text */
	ST_INVITE_PENDING,	/* site, hash -> id, text, operator name: the newest open one */
	ST_INVITE_DECLINE,	/* site, id, hash (affected 1: declined now) */
	ST_INVITE_CLAIM,	/* chat, site, id, hash (affected 1: accepted now) */
	ST_INVITE_OPERATOR,	/* site, id -> operator, text */
	ST_CHAT_SET_TRACK,	/* hash, site, chat */
	ST_PURGE_INVITATIONS,	/* invitations older than a day, a batch */
	/* statistics (pl_stats.c) */
	ST_STATS_DUE,		/* after site id, limit -> site, first day to roll up, yesterday */
	ST_STATS_CLEAR,		/* site, from, to: the aggregates of those days */
	ST_STATS_ROLLUP,	/* site, from, to: the raw rows of those days as aggregates */
	ST_STATS_MARK,		/* site, day: rolled up through that day */
	ST_STATS_READ,		/* site, from, to -> day ('' totals), metric, dim, operator name, n */
	ST__MAX
};

extern const char *const pl_stmt_sql[ST__MAX];
extern const char *const pl_stmt_name[ST__MAX];

#endif
