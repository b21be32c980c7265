-- Codes made and checked by a provider (LeanCloud) name it; every send attempt is logged, never the code.
ALTER TABLE verification_codes ADD COLUMN verifier TEXT;

CREATE TABLE sms_log (
    id          TEXT    NOT NULL PRIMARY KEY,
    at          INTEGER NOT NULL,
    provider    TEXT    NOT NULL,
    message_id  TEXT,
    phone       TEXT    NOT NULL,
    purpose     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    error_code  TEXT,
    latency_ms  INTEGER NOT NULL
);
CREATE INDEX ix_sms_log_at ON sms_log (at);
CREATE INDEX ix_sms_log_phone ON sms_log (phone, at);
