-- 020: the console's live visitor list and proactive invitations. A chat
-- started from a counted page carries the page view's visitor hash
-- (never under count=no), so the list can say whether a chat runs and an
-- invitation can only be accepted by the visitor it was sent to.
ALTER TABLE chats
  ADD COLUMN IF NOT EXISTS track_visitor CHAR(64) CHARACTER SET ascii NULL,
  ADD KEY IF NOT EXISTS chat_track (site_id, track_visitor, status);

CREATE TABLE IF NOT EXISTS invitations (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id     INT UNSIGNED NOT NULL,
  visitor     CHAR(64) CHARACTER SET ascii NOT NULL,
  operator_id INT UNSIGNED NOT NULL,
  text        VARCHAR(500) NOT NULL,
  state       ENUM('open','accepted','declined') NOT NULL DEFAULT 'open',
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  answered_at TIMESTAMP(3) NULL,
  chat_id     BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY inv_visitor (site_id, visitor, created_at),
  KEY inv_age (created_at),
  CONSTRAINT fk_inv_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_inv_op FOREIGN KEY (operator_id) REFERENCES operators (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
