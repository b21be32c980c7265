-- On SQLite, version 6 adds the user_changes table. PostgreSQL announces user changes with NOTIFY
-- and needs no table: this version only keeps the two engines' numbering the same.
SELECT 1;
