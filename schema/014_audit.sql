-- 014: the admin area. Every change of a site's settings is recorded:
-- who (the operator's id and login, kept as text so the entry outlives
-- the account), when, what (an action name and a JSON summary of the new
-- values, never a password). Site admins read their site's log.
CREATE TABLE IF NOT EXISTS audit_log (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id      INT UNSIGNED NOT NULL,
  operator_id  INT UNSIGNED NULL,
  login        VARCHAR(64) NOT NULL DEFAULT '',
  action       VARCHAR(32) CHARACTER SET ascii NOT NULL,
  detail       TEXT NOT NULL,
  created_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY audit_site (site_id, id),
  CONSTRAINT fk_audit_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
