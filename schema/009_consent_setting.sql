-- 009: whether a chat needs the visitor's consent is a setting of the
-- site, not an accident of which languages have a consent text; and a
-- site has a default language that visitors fall back to when theirs
-- has no texts. Sites that have a consent text in any language keep
-- asking for consent.
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS consent_required TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS default_lang VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'en';

INSERT INTO site_settings (site_id, consent_required)
  SELECT DISTINCT site_id, 1 FROM site_texts WHERE consent_text <> ''
  ON DUPLICATE KEY UPDATE consent_required = 1;
