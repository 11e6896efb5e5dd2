-- Email changes waiting for the new address to confirm them (POST /api/v1/me/email), one per user: a newer request
-- replaces the row. Only the link token's hash is stored. The row goes when the link is used, when it is found
-- expired, or with its user; one row per user at most, so no sweeper is needed.
CREATE TABLE pending_email_changes (
    user_id              uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash           text        NOT NULL CONSTRAINT pending_email_changes_token_hash_key UNIQUE,
    new_email_normalized text        NOT NULL,
    new_email_display    text        NOT NULL,
    requested_by         uuid,
    created_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    CONSTRAINT pending_email_changes_lifetime_check CHECK (expires_at > created_at)
);
