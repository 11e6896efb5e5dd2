-- Retrying a refresh whose answer was lost (a 503 after the commit, a dropped connection): rotated_from links a token
-- to the token whose rotation issued it, so that a retry of that token can find the successor its client never
-- received; superseded marks a token used up by such a retry, whose presentation is always a reuse. Neither column
-- rewrites rows (a null and a constant default, PostgreSQL 11 and later); tokens issued before have no link and
-- cannot be retried.
ALTER TABLE refresh_tokens ADD COLUMN rotated_from uuid;
ALTER TABLE refresh_tokens ADD COLUMN superseded boolean NOT NULL DEFAULT false;
