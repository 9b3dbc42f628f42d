-- 011: what a site stores in files, kept as a running sum in the upload's
-- transaction (and recomputed nightly by the purger), so the per-site
-- quota is checked without summing every file of the site.
CREATE TABLE IF NOT EXISTS site_usage (
  site_id     INT UNSIGNED NOT NULL,
  file_bytes  BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id),
  CONSTRAINT fk_usage_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB;
