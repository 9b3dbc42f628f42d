-- 017: the hosting level above the sites. Hosting admins have no site of
-- their own: they create sites, suspend and resume them and reset their
-- admins. Their logins, argon2id hashes and sessions are kept apart from
-- the operators' (a hosting session never carries a site). A suspended
-- site keeps all its data; its widget shows offline and its endpoints
-- refuse work until it is resumed.
CREATE TABLE IF NOT EXISTS hosting_admins (
  id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
  login        VARCHAR(64) NOT NULL,
  pw_hash      VARCHAR(128) CHARACTER SET ascii NOT NULL,
  disabled     TINYINT(1) NOT NULL DEFAULT 0,
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY hosting_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Like sessions (003): only the SHA-256 of the cookie's token is stored.
CREATE TABLE IF NOT EXISTS hosting_sessions (
  token_hash   CHAR(64) CHARACTER SET ascii NOT NULL,
  admin_id     INT UNSIGNED NOT NULL,
  csrf         CHAR(48) CHARACTER SET ascii NOT NULL,
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (token_hash),
  KEY hosting_session_admin (admin_id),
  CONSTRAINT fk_hsession_admin FOREIGN KEY (admin_id) REFERENCES hosting_admins (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE sites
  ADD COLUMN IF NOT EXISTS suspended TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS suspended_at TIMESTAMP NULL;
