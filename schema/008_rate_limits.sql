-- 008: request limits shared by every process and machine: one counter
-- per key (a site and address, a site, a chat) and fixed window. Rows of
-- past windows are reused in place and purged nightly.
CREATE TABLE IF NOT EXISTS rate_limits (
  k             VARCHAR(96) CHARACTER SET ascii NOT NULL,
  window_start  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  n             INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (k),
  KEY rate_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
