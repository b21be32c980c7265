-- The conversion guard: codes sent to each number prefix ("+86 1700") and how many of them were
-- verified, in buckets: a sixtieth of the window wide for the window, a window wide for the baseline.
-- A verified code is counted in the buckets of its send. Judging a prefix reads at most 61 + 168 rows.
CREATE TABLE conversion_buckets (
    scope    TEXT    NOT NULL,
    width    BIGINT  NOT NULL,
    bucket   BIGINT  NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, width, bucket)
);
CREATE INDEX ix_conversion_buckets_bucket ON conversion_buckets (bucket);

-- An operator's clear: the window counts only buckets that start at or after it.
CREATE TABLE conversion_clears (
    scope      TEXT   NOT NULL PRIMARY KEY,
    cleared_at BIGINT NOT NULL
);
