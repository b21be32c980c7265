-- Users, sessions, verification codes and rate-limit events. Times are Unix milliseconds (UTC),
-- as on SQLite, so that both engines share one store implementation.
CREATE TABLE users (
    id              TEXT    NOT NULL PRIMARY KEY,
    username        TEXT    NOT NULL,
    username_lower  TEXT    NOT NULL,
    email           TEXT,
    email_lower     TEXT,
    email_verified  BOOLEAN,
    phone           TEXT,
    phone_verified  BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash   TEXT,
    auth_data       JSONB,
    fields          JSONB   NOT NULL DEFAULT '{}'::jsonb,
    acl             JSONB,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    lockout_until   BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    version         BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ux_users_username ON users (username_lower);
CREATE UNIQUE INDEX ux_users_email ON users (email_lower);
CREATE UNIQUE INDEX ux_users_phone ON users (phone);

CREATE TABLE sessions (
    id                    TEXT   NOT NULL PRIMARY KEY,
    token_hash            TEXT   NOT NULL,
    user_id               TEXT   NOT NULL,
    installation_id       TEXT,
    created_with_action   TEXT,
    created_with_provider TEXT,
    expires_at            BIGINT NOT NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_sessions_token ON sessions (token_hash);
CREATE INDEX ix_sessions_user ON sessions (user_id, installation_id);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);

CREATE TABLE verification_codes (
    id          BIGSERIAL PRIMARY KEY,
    phone       TEXT    NOT NULL,
    purpose     TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    consumed_at BIGINT,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX ix_codes_phone ON verification_codes (phone, purpose, id);
CREATE INDEX ix_codes_expires ON verification_codes (expires_at);

CREATE TABLE rate_limit_events (
    key TEXT   NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX ix_rate_limit_events ON rate_limit_events (key, at);
