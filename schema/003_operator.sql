-- 003: the operator side: sessions, login throttling, contract flags,
-- transfers, canned answers, and the site of each change (one long-poll
-- per console covers every chat of the site it may see).

CREATE TABLE IF NOT EXISTS sessions (
  token_hash   CHAR(64) CHARACTER SET ascii NOT NULL,
  site_id      INT UNSIGNED NOT NULL,
  operator_id  INT UNSIGNED NOT NULL,
  csrf         CHAR(48) CHARACTER SET ascii NOT NULL,
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (token_hash),
  KEY session_operator (site_id, operator_id),
  CONSTRAINT fk_session_op FOREIGN KEY (operator_id) REFERENCES operators (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins, by account and by anonymised address, for throttling.
CREATE TABLE IF NOT EXISTS login_failures (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id      INT UNSIGNED NOT NULL,
  login        VARCHAR(64) NOT NULL,
  addr         VARCHAR(64) CHARACTER SET ascii NOT NULL,
  at           TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY failure_account (site_id, login, at),
  KEY failure_addr (addr, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS contract_by INT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS contract_at TIMESTAMP NULL,
  ADD COLUMN IF NOT EXISTS accepted_at TIMESTAMP(3) NULL;

ALTER TABLE chat_changes
  ADD COLUMN IF NOT EXISTS site_id INT UNSIGNED NOT NULL DEFAULT 0,
  ADD INDEX IF NOT EXISTS change_site (site_id, id);

ALTER TABLE operators
  ADD COLUMN IF NOT EXISTS sound_repeat TINYINT(1) NOT NULL DEFAULT 1;

CREATE TABLE IF NOT EXISTS canned_answers (
  id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id      INT UNSIGNED NOT NULL,
  shortcut     VARCHAR(32) NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY canned_shortcut (site_id, shortcut),
  CONSTRAINT fk_canned_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
