-- Users, sessions, verification codes and rate-limit events. Times are Unix milliseconds (UTC).
CREATE TABLE users (
    id              TEXT    NOT NULL PRIMARY KEY,
    username        TEXT    NOT NULL,
    username_lower  TEXT    NOT NULL,
    email           TEXT,
    email_lower     TEXT,
    email_verified  INTEGER,
    phone           TEXT,
    phone_verified  INTEGER NOT NULL DEFAULT 0,
    password_hash   TEXT,
    auth_data       TEXT,
    fields          TEXT    NOT NULL DEFAULT '{}',
    acl             TEXT,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    lockout_until   INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_users_username ON users (username_lower);
CREATE UNIQUE INDEX ux_users_email ON users (email_lower);
CREATE UNIQUE INDEX ux_users_phone ON users (phone);

CREATE TABLE sessions (
    id                    TEXT    NOT NULL PRIMARY KEY,
    token_hash            TEXT    NOT NULL,
    user_id               TEXT    NOT NULL,
    installation_id       TEXT,
    created_with_action   TEXT,
    created_with_provider TEXT,
    expires_at            INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_sessions_token ON sessions (token_hash);
CREATE INDEX ix_sessions_user ON sessions (user_id, installation_id);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);

CREATE TABLE verification_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT    NOT NULL,
    purpose     TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    consumed_at INTEGER,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX ix_codes_phone ON verification_codes (phone, purpose, id);
CREATE INDEX ix_codes_expires ON verification_codes (expires_at);

CREATE TABLE rate_limit_events (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX ix_rate_limit_events ON rate_limit_events (key, at);
