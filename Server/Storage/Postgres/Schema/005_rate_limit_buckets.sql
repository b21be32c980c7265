-- Limits above 100 per window are counted per key in buckets of a sixtieth of the window, so a
-- decision reads at most 61 rows however busy the key (the global budget, a country).
CREATE TABLE rate_limit_buckets (
    key    TEXT    NOT NULL,
    bucket BIGINT  NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (key, bucket)
);
