-- Keyhold identity schema, version 10: the webhook outbox (the app's webhooks plugin, issue 17). A listener stores
-- each event once (event_id is the webhook-id receivers dedupe on) after the change it describes committed;
-- dispatchers on any node claim due rows with FOR UPDATE SKIP LOCKED, each claim counting as an attempt and leasing
-- the row until next_attempt_at. Delivered and given-up rows stay as a record and leave the index.
CREATE TABLE webhook_outbox (
    event_id        uuid        PRIMARY KEY,
    event_type      text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0 CONSTRAINT webhook_outbox_attempts_check CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    given_up_at     timestamptz,
    last_error      text
);
CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;
