-- Attempts on a code from others than the client that asked for it are counted apart, and capped
-- below the code's attempt limit, so that a stranger's guesses cannot kill the owner's code.
ALTER TABLE verification_codes ADD COLUMN foreign_attempts INTEGER NOT NULL DEFAULT 0;
