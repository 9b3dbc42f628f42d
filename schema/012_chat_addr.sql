-- 012: the anonymised address a chat was started from (the last part
-- zeroed, as everywhere), so an operator can close a flood of waiting
-- chats from one network in one action. Purged with the chat.
ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS addr VARCHAR(64) CHARACTER SET ascii NULL,
  ADD INDEX IF NOT EXISTS chat_addr (site_id, addr, status);
