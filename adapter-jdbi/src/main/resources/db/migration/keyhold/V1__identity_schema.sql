-- Keyhold identity schema, version 1: users, sessions with their refresh tokens, one-time tokens, the audit log and
-- the signing keys. Every time is a timestamptz (microseconds, UTC on the wire); secrets are stored only as hashes.

CREATE TABLE users (
    id                uuid        PRIMARY KEY,
    email_normalized  text        NOT NULL CONSTRAINT users_email_normalized_key UNIQUE,
    email_display     text        NOT NULL,
    display_name      text,
    status            text        NOT NULL CONSTRAINT users_status_check CHECK (status IN ('active', 'disabled')),
    email_verified_at timestamptz,
    password_hash     text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- A refresh-token family: one sign-in, from login until logout, revocation or its absolute expiry.
CREATE TABLE refresh_sessions (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    auth_methods text[]      NOT NULL DEFAULT '{}',
    ip_address   text,
    user_agent   text,
    CONSTRAINT refresh_sessions_lifetime_check CHECK (expires_at > created_at)
);
CREATE INDEX refresh_sessions_user_idx ON refresh_sessions (user_id, created_at DESC);

CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES refresh_sessions (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text        NOT NULL CONSTRAINT refresh_tokens_token_hash_key UNIQUE,
    issued_at  timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE one_time_tokens (
    token_hash text        PRIMARY KEY,
    purpose    text        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT one_time_tokens_lifetime_check CHECK (expires_at > created_at)
);
CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose);

-- Append-only: the trigger below refuses every UPDATE and DELETE. Ids only order events; they are not a chain.
CREATE TABLE audit_events (
    id          bigserial   PRIMARY KEY,
    action      text        NOT NULL,
    outcome     text        NOT NULL,
    actor_id    text,
    target_id   text,
    org_id      text,
    ip_address  text,
    user_agent  text,
    request_id  text,
    occurred_at timestamptz NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Access-token signing keys shared by every node; the private part arrives sealed by the core. Kids compare and sort
-- by code point (collation "C"), as Java's String.compareTo does, whatever the database's locale.
CREATE TABLE signing_keys (
    kid                text        COLLATE "C" PRIMARY KEY,
    algorithm          text        NOT NULL,
    public_jwk         text        NOT NULL,
    sealed_private_key text        NOT NULL,
    created_at         timestamptz NOT NULL,
    activates_at       timestamptz NOT NULL,
    retires_at         timestamptz,
    expires_at         timestamptz,
    CONSTRAINT signing_keys_retirement_check CHECK ((retires_at IS NULL) = (expires_at IS NULL))
);
-- At most one current key (one without a retirement time), whatever number of nodes race to create or rotate it.
CREATE UNIQUE INDEX signing_keys_one_current_idx ON signing_keys ((true)) WHERE retires_at IS NULL;
