-- Keyhold identity schema, version 3: the mail outbox. Mail is enqueued in the transaction that stores what it
-- carries (a one-time token, an invitation), so both commit or neither; dispatchers on any node claim due rows with
-- FOR UPDATE SKIP LOCKED, each claim counting as an attempt and leasing the row until next_attempt_at.
CREATE TABLE mail_outbox (
    id              uuid        PRIMARY KEY,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0 CONSTRAINT mail_outbox_attempts_check CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    sent_at         timestamptz,
    last_error      text
);
-- Claims and the backlog look only at unsent rows; sent ones stay as a record and leave this index.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
