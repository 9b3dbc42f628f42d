-- 007: a start can be resent. The client sends its own random key with
-- POST /chat/start; a resend with the same key (its answer was lost)
-- gets the chat already created instead of a second one. Only the
-- key's SHA-256 is stored, like every other secret.
ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS start_key CHAR(64) NULL AFTER token_hash,
  ADD UNIQUE INDEX IF NOT EXISTS chat_start_key (site_id, start_key);
