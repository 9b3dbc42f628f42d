-- 022: the visitor's reverse host name without its most specific label,
-- only where the server resolves names (conf reverse_dns, off by
-- default); never the full name, never the full address.
ALTER TABLE page_views
  ADD COLUMN IF NOT EXISTS host VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '';
