-- Keyhold identity schema, version 2: organizations with their memberships and invitations, roles (built-in and
-- custom), the global roles granted to users, and an index for searching users by email prefix. Adds tables, their
-- built-in rows and one index on users: the rows of version 1 stay as they are.

-- Slugs compare and sort by code point (collation "C"), whatever the database's locale.
CREATE TABLE organizations (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    slug       text        COLLATE "C" NOT NULL CONSTRAINT organizations_slug_key UNIQUE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Built-in roles (seeded below, with the ids of BuiltInRoles) belong to no organization; a custom organization role
-- belongs to exactly one and goes with it. Scopes are stored sorted.
CREATE TABLE roles (
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL CONSTRAINT roles_kind_check CHECK (kind IN ('global', 'organization')),
    org_id     uuid        REFERENCES organizations (id) ON DELETE CASCADE,
    name       text        COLLATE "C" NOT NULL,
    scopes     text[]      NOT NULL,
    built_in   boolean     NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT roles_organization_check CHECK (
        CASE WHEN kind = 'global' THEN org_id IS NULL ELSE (org_id IS NULL) = built_in END)
);
-- A name is unique among the global roles, among the built-in organization roles, and within one organization's
-- custom roles (the nil UUID stands for "no organization"). That a custom organization role does not take the name
-- of a built-in one, which this index cannot see, is checked by the statement that inserts it; built-in roles change
-- only through migrations.
CREATE UNIQUE INDEX roles_name_key
    ON roles (kind, coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), name);
CREATE INDEX roles_org_idx ON roles (org_id) WHERE org_id IS NOT NULL;

INSERT INTO roles (id, kind, org_id, name, scopes, built_in, created_at) VALUES
    ('00000000-0000-4000-8000-00000000a001', 'global', NULL, 'admin',
     ARRAY['audit:read', 'roles:write', 'users:read', 'users:write'], true, '2026-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-00000000a002', 'global', NULL, 'user',
     ARRAY[]::text[], true, '2026-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-00000000b001', 'organization', NULL, 'owner',
     ARRAY['audit:read', 'invitations:read', 'invitations:write', 'members:read', 'members:write', 'org:delete',
           'org:read', 'org:write', 'roles:read', 'roles:write'], true, '2026-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-00000000b002', 'organization', NULL, 'admin',
     ARRAY['audit:read', 'invitations:read', 'invitations:write', 'members:read', 'members:write', 'org:read',
           'org:write', 'roles:read', 'roles:write'], true, '2026-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-00000000b003', 'organization', NULL, 'member',
     ARRAY['members:read', 'org:read', 'roles:read'], true, '2026-01-01T00:00:00Z');

-- One role per (organization, user). Changes that could remove an organization's last owner lock the organization's
-- row first (FOR NO KEY UPDATE, which foreign-key checks do not wait for), so they run one at a time per
-- organization.
CREATE TABLE memberships (
    org_id     uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id    uuid        NOT NULL REFERENCES roles (id),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT memberships_pkey PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_org_role_idx ON memberships (org_id, role_id);
CREATE INDEX memberships_user_idx ON memberships (user_id, created_at);
CREATE INDEX memberships_role_idx ON memberships (role_id);

-- Global roles granted to users; grant_seq orders grants made at the same instant.
CREATE TABLE user_roles (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id    uuid        NOT NULL REFERENCES roles (id),
    granted_at timestamptz NOT NULL,
    grant_seq  bigint      GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

-- Pending means: not accepted, not revoked and not expired. invited_by and accepted_by are a record of who did what,
-- like the audit log's actor ids, not references: an invitation outlives its inviter's account, and the model never
-- lets either be emptied, so they carry no foreign key.
CREATE TABLE invitations (
    id               uuid        PRIMARY KEY,
    org_id           uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email_normalized text        NOT NULL,
    email_display    text        NOT NULL,
    role_id          uuid        NOT NULL REFERENCES roles (id),
    token_hash       text        NOT NULL CONSTRAINT invitations_token_hash_key UNIQUE,
    invited_by       uuid        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_by      uuid,
    revoked_at       timestamptz,
    CONSTRAINT invitations_lifetime_check CHECK (expires_at > created_at),
    CONSTRAINT invitations_acceptance_check CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);
CREATE INDEX invitations_org_created_idx ON invitations (org_id, created_at DESC);
CREATE INDEX invitations_open_email_idx ON invitations (org_id, email_normalized)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_role_idx ON invitations (role_id);

-- User search walks this index: prefix matches and keyset pages in code-point order of the normalized email.
CREATE INDEX users_email_search_idx ON users (email_normalized COLLATE "C", id);
