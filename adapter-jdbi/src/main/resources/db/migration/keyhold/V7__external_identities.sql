-- Keyhold identity schema, version 7: sign-in through external OpenID Connect providers. Adds one table; the rows of
-- earlier versions stay as they are, and nodes of version 6 keep working beside it (they offer no external sign-in).

-- A user's account at a provider, keyed on the issuer and the provider's subject, never on an email address: the
-- unique constraint makes an account sign in one user at most, however many nodes link it at once (the insert is
-- ON CONFLICT DO NOTHING, and the loser learns it from the row count). Issuers and subjects compare byte for byte
-- (the default deterministic collation). The email is the address the provider gave at linking, for display only.
CREATE TABLE external_identities (
    id        uuid        PRIMARY KEY,
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider  text        NOT NULL,
    issuer    text        NOT NULL,
    subject   text        NOT NULL,
    email     text,
    linked_at timestamptz NOT NULL,
    CONSTRAINT external_identities_issuer_subject_key UNIQUE (issuer, subject),
    CONSTRAINT external_identities_key_length_check CHECK (
        char_length(provider) BETWEEN 1 AND 255
        AND char_length(issuer) BETWEEN 1 AND 255
        AND char_length(subject) BETWEEN 1 AND 255)
);
CREATE INDEX external_identities_user_idx ON external_identities (user_id, linked_at);
