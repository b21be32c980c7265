-- Who asked for a code (a keyed hash of the client address), so that an old client that checks a
-- code without naming its phone is matched by who asked, never by the code.
ALTER TABLE verification_codes ADD COLUMN requested_by TEXT;
CREATE INDEX ix_codes_requested_by ON verification_codes (requested_by, purpose, id);
