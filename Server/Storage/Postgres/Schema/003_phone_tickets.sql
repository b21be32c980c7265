-- Single-use proofs that a user holds their phone (verifyMyPhone), for changeMobilePhone.
CREATE TABLE phone_tickets (
    token_hash  TEXT    NOT NULL PRIMARY KEY,
    user_id     TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    consumed_at BIGINT
);
CREATE INDEX ix_phone_tickets_expires ON phone_tickets (expires_at);
