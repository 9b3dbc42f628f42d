-- 001: sites, departments, operators and their presence.
-- Every table below belongs to one site (site_id); every query scopes by it.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS sites (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer    INT UNSIGNED NOT NULL,
  instance    INT UNSIGNED NOT NULL,
  name        VARCHAR(128) NOT NULL DEFAULT '',
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY site_code (customer, instance)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS departments (
  site_id     INT UNSIGNED NOT NULL,
  dept        CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sort        INT NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, dept),
  CONSTRAINT fk_dept_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS department_names (
  site_id     INT UNSIGNED NOT NULL,
  dept        CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  lang        VARCHAR(8) CHARACTER SET ascii NOT NULL,
  name        VARCHAR(128) NOT NULL,
  PRIMARY KEY (site_id, dept, lang),
  CONSTRAINT fk_deptname_dept FOREIGN KEY (site_id, dept)
    REFERENCES departments (site_id, dept) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS operators (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
  site_id     INT UNSIGNED NOT NULL,
  login       VARCHAR(64) NOT NULL,
  name        VARCHAR(128) NOT NULL DEFAULT '',
  email       VARCHAR(254) NOT NULL DEFAULT '',
  pw_hash     VARCHAR(128) CHARACTER SET ascii NOT NULL,
  role        ENUM('operator','admin') NOT NULL DEFAULT 'operator',
  disabled    TINYINT(1) NOT NULL DEFAULT 0,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY operator_login (site_id, login),
  CONSTRAINT fk_op_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS operator_departments (
  site_id     INT UNSIGNED NOT NULL,
  operator_id INT UNSIGNED NOT NULL,
  dept        CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (operator_id, dept),
  KEY opdept_site (site_id, dept),
  CONSTRAINT fk_opdept_op FOREIGN KEY (operator_id) REFERENCES operators (id) ON DELETE CASCADE,
  CONSTRAINT fk_opdept_dept FOREIGN KEY (site_id, dept)
    REFERENCES departments (site_id, dept) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per operator and department; "online" counts only while
-- last_seen is within the configured presence timeout.
CREATE TABLE IF NOT EXISTS operator_presence (
  site_id     INT UNSIGNED NOT NULL,
  operator_id INT UNSIGNED NOT NULL,
  dept        CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status      ENUM('online','away','offline') NOT NULL DEFAULT 'offline',
  last_seen   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (operator_id, dept),
  KEY presence_lookup (site_id, dept, status, last_seen),
  CONSTRAINT fk_pres_opdept FOREIGN KEY (operator_id, dept)
    REFERENCES operator_departments (operator_id, dept) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
