-- 019: page views counted by cgi-bin/count, only where the embed allows it
-- (never with count=no). Nothing identifies a person: the address is
-- anonymised before it gets here, and the visitor is a hash, either of a
-- first-party id the tracking snippet keeps (tracking_mode 'id') or, for
-- sites that store nothing in the browser ('cookieless'), of the
-- anonymised address and user agent with a salt that lives one day (the
-- day's salt is made and dropped by the database; no program sees it).
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS tracking_mode ENUM('id','cookieless') NOT NULL DEFAULT 'id';

CREATE TABLE IF NOT EXISTS page_views (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id     INT UNSIGNED NOT NULL,
  visitor     CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  page        VARCHAR(2048) NOT NULL DEFAULT '',
  title       VARCHAR(255) NOT NULL DEFAULT '',
  referrer    VARCHAR(255) NOT NULL DEFAULT '',
  dept        CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NULL,
  lang        VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT '',
  addr        VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  data        TEXT NOT NULL,
  PRIMARY KEY (id),
  KEY pv_site_time (site_id, created_at),
  KEY pv_visitor (site_id, visitor, created_at),
  KEY pv_age (created_at),
  CONSTRAINT fk_pv_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS daily_salts (
  day         DATE NOT NULL,
  salt        VARBINARY(32) NOT NULL,
  PRIMARY KEY (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
