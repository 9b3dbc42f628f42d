-- 006: how long each site keeps its chats (days after the chat ended;
-- 0 keeps them forever). Contract chats are always kept.
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS retention_chat_days INT UNSIGNED NOT NULL DEFAULT 90;

ALTER TABLE chats
  ADD INDEX IF NOT EXISTS chat_age (created_at);
