-- Poison messages: an actor envelope that failed its turn twice is parked here with its error and trace id, so
-- an operator can inspect or replay it while the actor carries on with the next message.
CREATE TABLE dead_letters (
    id              bigserial PRIMARY KEY,
    -- The actor kind and key the message was addressed to.
    kind            text NOT NULL CHECK (length(kind) <= 200),
    key             text NOT NULL CHECK (length(key) <= 500),
    -- Why it was dead-lettered: 'poison' for repeated turn failures; other reasons may be recorded too.
    reason          text NOT NULL,
    message_type    text NOT NULL,
    -- The message as JSON when it encodes, else {"repr": "..."}.
    payload         jsonb NOT NULL,
    error           text NOT NULL,
    attempts        integer NOT NULL CHECK (attempts >= 0),
    trace_id        text CHECK (trace_id ~ '^[0-9a-f]{32}$'),
    correlation_id  text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_kind_key_idx ON dead_letters (kind, key);
CREATE INDEX dead_letters_created_at_idx ON dead_letters (created_at);
