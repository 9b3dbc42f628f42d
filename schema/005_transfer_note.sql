-- 005: a transfer's note is for the operators only: it is kept with the
-- chat (shown in the consoles), never as a message the visitor reads.
ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS transfer_note VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS transfer_from INT UNSIGNED NULL;
