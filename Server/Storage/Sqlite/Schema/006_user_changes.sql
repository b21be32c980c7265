-- Each write that changes a user or ends a session announces the user here, in its own transaction;
-- every server process on this file reads past the last id it saw and drops its cached sessions.
CREATE TABLE user_changes (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT    NOT NULL,
    at      BIGINT  NOT NULL
);
