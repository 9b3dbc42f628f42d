-- 018: contact requests, left when nobody is online. A request is stored
-- (with its consent record) before the visitor is told it arrived; its
-- mails go through the outbox like transcripts, so the visitor's answer
-- never waits for the mail server. A client id makes a resend store one
-- request. Fields keep the label the visitor saw, so later changes to
-- the form do not change what was asked.
CREATE TABLE IF NOT EXISTS contact_requests (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id         INT UNSIGNED NOT NULL,
  client_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  lang            VARCHAR(8) CHARACTER SET ascii NOT NULL,
  dept            CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NULL,
  chat_id         BIGINT UNSIGNED NULL,
  name            VARCHAR(255) NOT NULL DEFAULT '',
  email           VARCHAR(254) NOT NULL DEFAULT '',
  fields          MEDIUMTEXT NOT NULL,
  summary         VARCHAR(255) NOT NULL DEFAULT '',
  page            VARCHAR(2048) NOT NULL DEFAULT '',
  addr            VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  copy_requested  TINYINT(1) NOT NULL DEFAULT 0,
  consent_sha256  CHAR(64) CHARACTER SET ascii NULL,
  consent_at      TIMESTAMP(3) NULL,
  status          ENUM('new','read','answered') NOT NULL DEFAULT 'new',
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY contact_client (site_id, client_id),
  UNIQUE KEY contact_chat (site_id, chat_id),
  KEY contact_list (site_id, status, id),
  KEY contact_age (created_at),
  CONSTRAINT fk_contact_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Answers by mail from the console; the client id makes a resend one reply.
CREATE TABLE IF NOT EXISTS contact_replies (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id         INT UNSIGNED NOT NULL,
  request_id      BIGINT UNSIGNED NOT NULL,
  operator_id     INT UNSIGNED NOT NULL,
  client_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  body            TEXT NOT NULL,
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY reply_client (request_id, client_id),
  KEY reply_site (site_id, request_id),
  CONSTRAINT fk_reply_request FOREIGN KEY (request_id) REFERENCES contact_requests (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The outbox learns which request a mail belongs to, where answers go
-- (Reply-To), and whether to add an escaped HTML part; every delivery
-- attempt's outcome is kept.
ALTER TABLE mail_outbox
  ADD COLUMN IF NOT EXISTS contact_id BIGINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS reply_to VARCHAR(254) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS html TINYINT(1) NOT NULL DEFAULT 0,
  ADD KEY IF NOT EXISTS outbox_contact (site_id, contact_id);

CREATE TABLE IF NOT EXISTS mail_attempts (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  outbox_id       BIGINT UNSIGNED NOT NULL,
  site_id         INT UNSIGNED NOT NULL,
  at              TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  ok              TINYINT(1) NOT NULL,
  error           VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY attempt_outbox (outbox_id),
  CONSTRAINT fk_attempt_outbox FOREIGN KEY (outbox_id) REFERENCES mail_outbox (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where a site's contact requests are mailed ('' = only listed in the console).
ALTER TABLE site_settings
  ADD COLUMN IF NOT EXISTS contact_email VARCHAR(254) NOT NULL DEFAULT '';

-- Keys the programs share and no visitor may know (the contact form's
-- fill-time token is signed with one), made once by the database.
CREATE TABLE IF NOT EXISTS app_secrets (
  name            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  secret          VARBINARY(64) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO app_secrets (name, secret) VALUES ('form_token', RANDOM_BYTES(32));
