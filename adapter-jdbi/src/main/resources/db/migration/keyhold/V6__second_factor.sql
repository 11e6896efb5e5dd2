-- Keyhold identity schema, version 6: two-factor sign-in. Users' TOTP authenticators, their single-use recovery
-- codes, and whether an organization requires a second factor of its members. Adds two tables and a column with a
-- constant default (no table rewrite): the rows of earlier versions stay as they are, and nodes of version 5 keep
-- working beside it (their organizations do not require a second factor).

-- At most one authenticator per user: pending from the start of enrolment (confirmed_at NULL) until a first code
-- confirms it. The secret arrives sealed by the core (AES-256-GCM under the key-encryption key) and is stored as
-- given. A code is accepted only for a later step than last_used_step, by one conditional UPDATE, so each code works
-- once whatever number of nodes race with it.
CREATE TABLE totp_credentials (
    user_id        uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed  text        NOT NULL,
    created_at     timestamptz NOT NULL,
    confirmed_at   timestamptz,
    last_used_step bigint
);

-- Recovery codes, stored only as their SHA-256 (64 hex digits, like the tokens' hashes) and scoped to their user: the
-- key's leading user_id serves every lookup, count and delete, and another user's code with the same hash is another
-- row. A set is replaced in one transaction.
CREATE TABLE recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  text        NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (user_id, code_hash)
);

ALTER TABLE organizations ADD COLUMN require_mfa boolean NOT NULL DEFAULT false;
