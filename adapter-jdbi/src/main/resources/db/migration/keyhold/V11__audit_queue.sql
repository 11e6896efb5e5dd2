-- Audit events waiting to be linked into the hash chain: the request that records an event inserts it here (one
-- statement, no lock), and a background linker moves batches into audit_events under the chain's advisory lock,
-- hashing them in id order. Reads of the log link what is waiting first, so nothing here is ever missed. The columns
-- are audit_events' own, without the chain.
CREATE TABLE audit_queue (
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
