-- 013: two per-site choices about what visitors may store. Page addresses
-- are kept as origin + path unless the site opts in to keeping their query
-- string (which may carry personal data or session ids); and visitors may
-- send files only once an operator has accepted the chat, unless the site
-- allows files while the chat waits.
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS keep_page_query TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS uploads_waiting TINYINT(1) NOT NULL DEFAULT 0;
