-- Parse user parity: public read access, authData identities, idempotent requests.
ALTER TABLE users ADD COLUMN public_read BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE user_auth_ids (
    provider    TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    PRIMARY KEY (provider, provider_id)
);
CREATE INDEX ix_user_auth_ids_user ON user_auth_ids (user_id);

CREATE TABLE idempotency (
    request_id TEXT   NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ix_idempotency_expires ON idempotency (expires_at);
