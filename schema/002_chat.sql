-- 002: the visitor chat: site settings the chat window reads, chats,
-- messages, files, consent records, returning visitors, and the change
-- log the long-poll watchers read.

-- Per-site settings (one row per site; absent row = defaults).
CREATE TABLE IF NOT EXISTS site_settings (
  site_id        INT UNSIGNED NOT NULL,
  privacy_mode   ENUM('none','text','link') NOT NULL DEFAULT 'none',
  privacy_in_chat TINYINT(1) NOT NULL DEFAULT 0,
  theme_color    CHAR(7) CHARACTER SET ascii NOT NULL DEFAULT '#0b5cad',
  PRIMARY KEY (site_id),
  CONSTRAINT fk_settings_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-site, per-language texts: privacy information and consent.
CREATE TABLE IF NOT EXISTS site_texts (
  site_id        INT UNSIGNED NOT NULL,
  lang           VARCHAR(8) CHARACTER SET ascii NOT NULL,
  privacy_text   TEXT NOT NULL,
  privacy_url    VARCHAR(2048) NOT NULL DEFAULT '',
  consent_text   TEXT NOT NULL,
  PRIMARY KEY (site_id, lang),
  CONSTRAINT fk_texts_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every consent text ever shown, by its SHA-256, so a record can say which one.
CREATE TABLE IF NOT EXISTS consent_texts (
  site_id        INT UNSIGNED NOT NULL,
  sha256         CHAR(64) CHARACTER SET ascii NOT NULL,
  lang           VARCHAR(8) CHARACTER SET ascii NOT NULL,
  text           TEXT NOT NULL,
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (site_id, sha256),
  CONSTRAINT fk_ctext_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Query-form fields per site and language.
CREATE TABLE IF NOT EXISTS query_fields (
  site_id        INT UNSIGNED NOT NULL,
  lang           VARCHAR(8) CHARACTER SET ascii NOT NULL,
  field_key      VARCHAR(32) CHARACTER SET ascii NOT NULL,
  label          VARCHAR(255) NOT NULL,
  type           ENUM('text','email','textarea','checkbox') NOT NULL DEFAULT 'text',
  required       TINYINT(1) NOT NULL DEFAULT 0,
  sort           INT NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, lang, field_key),
  CONSTRAINT fk_qf_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Returning visitors (only after they started a chat): for the history.
CREATE TABLE IF NOT EXISTS visitors (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id        INT UNSIGNED NOT NULL,
  token_hash     CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY visitor_token (site_id, token_hash),
  CONSTRAINT fk_visitor_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A chat. token_hash: SHA-256 of the secret chat token (the token itself is
-- never stored). version grows with every change a client must see.
CREATE TABLE IF NOT EXISTS chats (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id        INT UNSIGNED NOT NULL,
  dept           CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NULL,
  token_hash     CHAR(64) CHARACTER SET ascii NOT NULL,
  visitor_id     BIGINT UNSIGNED NULL,
  status         ENUM('waiting','active','closed') NOT NULL DEFAULT 'waiting',
  lang           VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'en',
  from_text      VARCHAR(255) NOT NULL DEFAULT '',
  visitor_name   VARCHAR(128) NOT NULL DEFAULT '',
  visitor_email  VARCHAR(254) NOT NULL DEFAULT '',
  query_data     TEXT NOT NULL,
  visitor_data   TEXT NOT NULL,
  page_url       VARCHAR(2048) NOT NULL DEFAULT '',
  page_title     VARCHAR(255) NOT NULL DEFAULT '',
  operator_id    INT UNSIGNED NULL,
  visitor_sleeping TINYINT(1) NOT NULL DEFAULT 0,
  visitor_typing_until TIMESTAMP(3) NULL,
  operator_typing_until TIMESTAMP(3) NULL,
  is_contract    TINYINT(1) NOT NULL DEFAULT 0,
  last_seq       INT UNSIGNED NOT NULL DEFAULT 0,
  version        BIGINT UNSIGNED NOT NULL DEFAULT 1,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  closed_at      TIMESTAMP(3) NULL,
  PRIMARY KEY (id),
  KEY chat_site_status (site_id, status, dept),
  KEY chat_visitor (site_id, visitor_id, created_at),
  CONSTRAINT fk_chat_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS chat_files (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id        INT UNSIGNED NOT NULL,
  chat_id        BIGINT UNSIGNED NOT NULL,
  name           VARCHAR(255) NOT NULL,
  ctype          VARCHAR(64) CHARACTER SET ascii NOT NULL,
  size           INT UNSIGNED NOT NULL,
  data           MEDIUMBLOB NOT NULL,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY file_chat (site_id, chat_id),
  CONSTRAINT fk_file_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Messages: seq numbers each chat's messages 1, 2, 3, ...; a client's
-- resend of the same client_id finds the stored message.
CREATE TABLE IF NOT EXISTS messages (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id        INT UNSIGNED NOT NULL,
  chat_id        BIGINT UNSIGNED NOT NULL,
  seq            INT UNSIGNED NOT NULL,
  sender         ENUM('visitor','operator','system') NOT NULL,
  operator_id    INT UNSIGNED NULL,
  client_id      VARCHAR(64) CHARACTER SET ascii NULL,
  body           TEXT NOT NULL,
  file_id        BIGINT UNSIGNED NULL,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY msg_seq (chat_id, seq),
  UNIQUE KEY msg_client (chat_id, sender, client_id),
  KEY msg_site (site_id, chat_id),
  CONSTRAINT fk_msg_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS consents (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id        INT UNSIGNED NOT NULL,
  chat_id        BIGINT UNSIGNED NOT NULL,
  lang           VARCHAR(8) CHARACTER SET ascii NOT NULL,
  text_sha256    CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY consent_chat (site_id, chat_id),
  CONSTRAINT fk_consent_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Change log for long-poll watchers: one row per change of a chat.
-- Rows are short-lived; the purger removes those older than a few minutes.
CREATE TABLE IF NOT EXISTS chat_changes (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  chat_id        BIGINT UNSIGNED NOT NULL,
  version        BIGINT UNSIGNED NOT NULL,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY change_time (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
