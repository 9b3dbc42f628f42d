-- 015: what the admin area configures beyond privacy and consent.
-- Form fields (the chat's start window, "query", and the offline contact
-- form, "contact"): one definition per field (type, required, order) and
-- its label and, for a select, its options per language. The old
-- per-language query_fields rows move over.
CREATE TABLE IF NOT EXISTS form_fields (
  site_id     INT UNSIGNED NOT NULL,
  form        ENUM('query','contact') NOT NULL,
  field_key   VARCHAR(32) CHARACTER SET ascii NOT NULL,
  type        ENUM('text','email','textarea','checkbox','select') NOT NULL DEFAULT 'text',
  required    TINYINT(1) NOT NULL DEFAULT 0,
  sort        INT NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, form, field_key),
  CONSTRAINT fk_ff_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- options: a JSON array of the select's options in this language ('[]' otherwise).
CREATE TABLE IF NOT EXISTS form_field_texts (
  site_id     INT UNSIGNED NOT NULL,
  form        ENUM('query','contact') NOT NULL,
  field_key   VARCHAR(32) CHARACTER SET ascii NOT NULL,
  lang        VARCHAR(8) CHARACTER SET ascii NOT NULL,
  label       VARCHAR(255) NOT NULL,
  options     TEXT NOT NULL,
  PRIMARY KEY (site_id, form, field_key, lang),
  KEY fft_lang (site_id, lang),
  CONSTRAINT fk_fft_field FOREIGN KEY (site_id, form, field_key)
    REFERENCES form_fields (site_id, form, field_key) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO form_fields (site_id, form, field_key, type, required, sort)
  SELECT site_id, 'query', field_key, MIN(type), MAX(required), MIN(sort)
  FROM query_fields GROUP BY site_id, field_key;

INSERT IGNORE INTO form_field_texts (site_id, form, field_key, lang, label, options)
  SELECT site_id, 'query', field_key, lang, label, '[]' FROM query_fields;

DROP TABLE IF EXISTS query_fields;

-- The look: where the tab sits, and per language the tab's texts and the
-- welcome shown before an operator joins ('' = the product's own text).
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS tab_position ENUM('right','left') NOT NULL DEFAULT 'right',
  ADD COLUMN IF NOT EXISTS retention_visit_days INT UNSIGNED NOT NULL DEFAULT 30,
  ADD COLUMN IF NOT EXISTS retention_contact_days INT UNSIGNED NOT NULL DEFAULT 180;

ALTER TABLE site_texts
  ADD COLUMN IF NOT EXISTS button_online VARCHAR(200) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS button_offline VARCHAR(200) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS welcome_text VARCHAR(1000) NOT NULL DEFAULT '';

-- How many chats an operator takes at once (0: no limit).
ALTER TABLE operators
  ADD COLUMN IF NOT EXISTS max_chats INT UNSIGNED NOT NULL DEFAULT 0;
