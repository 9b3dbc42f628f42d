-- 010: mail is stored, then sent: a request queues a message and answers
-- at once; a sender (a thread of the chat daemon, or plauder-admin mail
-- flush from cron) delivers it outside any request, retrying with a
-- growing pause. Transcripts go to one address per chat (mail_to).
CREATE TABLE IF NOT EXISTS mail_outbox (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id      INT UNSIGNED NOT NULL,
  chat_id      BIGINT UNSIGNED NULL,
  kind         VARCHAR(16) CHARACTER SET ascii NOT NULL,
  rcpt         VARCHAR(254) NOT NULL,
  subject      VARCHAR(255) NOT NULL,
  body         MEDIUMTEXT NOT NULL,
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  next_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  attempts     INT UNSIGNED NOT NULL DEFAULT 0,
  sent_at      TIMESTAMP NULL,
  failed       TINYINT(1) NOT NULL DEFAULT 0,
  last_error   VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY outbox_due (sent_at, failed, next_at),
  KEY outbox_chat (site_id, chat_id),
  CONSTRAINT fk_outbox_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS mail_to VARCHAR(254) NULL;
