-- depends: 0008.mediator
-- Maintenance mode: one row, switched by `together maintenance on|off`. While `active`, no worker claims a job
-- (the claim reads this row) and no cron scheduler fires; interactions are answered "back soon" by every
-- process, which keeps a copy of the row (NOTIFY together_maintenance on each change, re-read periodically).
-- `since` and `ended_at` keep the last window after it ends: cron fires an occurrence that came due inside it
-- once, afterwards.

CREATE TABLE maintenance (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    active      boolean NOT NULL DEFAULT false,
    -- The operator's note shown to members ("back at 18:00"), NULL for the plain text.
    message     text CHECK (length(message) <= 500),
    -- When the current (or the last) maintenance began and, once over, when it ended.
    since       timestamptz,
    ended_at    timestamptz,
    -- Who switched it last (the CLI's user@host).
    changed_by  text CHECK (length(changed_by) <= 200),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT active OR (since IS NOT NULL AND ended_at IS NULL))
);
INSERT INTO maintenance (id) VALUES (true);
