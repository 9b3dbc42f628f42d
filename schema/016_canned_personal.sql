-- 016: personal canned answers, and an operator's limit of concurrent chats.
-- A canned answer belongs to the site (operator_id 0: shared by everyone)
-- or to one operator (personal); a shortcut is unique per owner, so an
-- operator's personal "/hi" may stand beside the site's shared one (the
-- console prefers the personal one). The new unique key comes first: it
-- also serves the foreign key on site_id, so the old one can go.
ALTER TABLE canned_answers
  ADD COLUMN IF NOT EXISTS operator_id INT UNSIGNED NOT NULL DEFAULT 0 AFTER site_id;
ALTER TABLE canned_answers
  ADD UNIQUE KEY IF NOT EXISTS canned_owner_shortcut (site_id, operator_id, shortcut);
ALTER TABLE canned_answers
  DROP INDEX IF EXISTS canned_shortcut;

-- At most this many active chats at once (0: no limit); accept and a
-- transfer to the operator are refused beyond it. Migration 015 of the
-- admin area adds the same column: whichever runs first adds it.
ALTER TABLE operators
  ADD COLUMN IF NOT EXISTS max_chats INT UNSIGNED NOT NULL DEFAULT 0;

-- An operator's active chats, counted for that limit and the team list.
ALTER TABLE chats
  ADD INDEX IF NOT EXISTS chat_operator (site_id, operator_id, status);
