-- When the holder of a session last proved who they are (a login or sign-up). A session made by a
-- password change inherits it: a new token is not a new login. Null for older rows: their created_at.
ALTER TABLE sessions ADD COLUMN authenticated_at BIGINT;
