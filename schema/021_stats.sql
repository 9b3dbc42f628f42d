-- 021: statistics kept as daily aggregates, so that raw page views, chats
-- and contact requests can be purged early and the figures stay.
--
-- daily_stats: one counter per (site, UTC day, metric, dimension):
--   visitors  ''        distinct visitor hashes of the day
--   views     ''        page views
--   page      page URL  page views of that page
--   referrer  origin    page views coming from that origin (none: no row)
--   started   dept      chats started ('' : no department)
--   answered  dept      of those, accepted by an operator
--   missed    dept      of those, closed without an operator
--   operator  login     chats answered by that operator
--   wait      seconds   chats accepted after that many seconds (a histogram)
--   response  seconds   chats whose first operator message came after that
--                       many seconds (a histogram)
--   contacts  dept      contact requests
-- The histograms give exact medians over any range of days. dim_hash is
-- the SHA-256 of dim (pages are longer than an index allows).
CREATE TABLE IF NOT EXISTS daily_stats (
  site_id     INT UNSIGNED NOT NULL,
  day         DATE NOT NULL,
  metric      VARCHAR(16) CHARACTER SET ascii NOT NULL,
  dim_hash    BINARY(32) NOT NULL,
  dim         VARCHAR(2048) NOT NULL DEFAULT '',
  n           BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (site_id, day, metric, dim_hash),
  CONSTRAINT fk_stats_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last day each site's raw rows were rolled up for: later runs start
-- the day after, so a day is rolled up once, before its raw rows go.
CREATE TABLE IF NOT EXISTS stats_rollup (
  site_id     INT UNSIGNED NOT NULL,
  through     DATE NOT NULL,
  PRIMARY KEY (site_id),
  CONSTRAINT fk_rollup_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
