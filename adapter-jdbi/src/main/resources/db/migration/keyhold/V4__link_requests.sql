-- Keyhold identity schema, version 4: requests for mailed links (password reset, another verification mail),
-- accepted with one insert whatever the address and handled later by a worker, so the answer takes the same time
-- for every address. Rows hold an address as typed and are deleted once handled.
CREATE TABLE link_requests (
    id           uuid        PRIMARY KEY,
    -- Enqueue order, the tie-breaker between requests accepted in the same microsecond.
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    kind         text        NOT NULL CONSTRAINT link_requests_kind_check
                                 CHECK (kind IN ('password_reset', 'verification')),
    email        text        NOT NULL,
    ip_address   text,
    user_agent   text,
    request_id   text,
    requested_at timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0 CONSTRAINT link_requests_attempts_check CHECK (attempts >= 0),
    due_at       timestamptz NOT NULL
);
CREATE INDEX link_requests_due_idx ON link_requests (due_at);
