-- 004: whose console a change concerns (0: the queue, i.e. everyone's),
-- so a change wakes only the consoles that show it.
ALTER TABLE chat_changes
  ADD COLUMN IF NOT EXISTS operator_id INT UNSIGNED NOT NULL DEFAULT 0,
  ADD INDEX IF NOT EXISTS change_operator (site_id, operator_id, id);

-- An operator's own chats, read by every console poll.
ALTER TABLE chats
  ADD INDEX IF NOT EXISTS chat_operator (site_id, operator_id, status);
