-- Core tables: guild configuration and its feature map, per-guild schedule switches, idempotency keys and
-- daily command quotas. Every Discord id is a snowflake kept as text.

CREATE TABLE guild_settings (
    guild_id                text PRIMARY KEY CHECK (guild_id ~ '^[0-9]{1,20}$'),
    locale                  text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
    -- NULL means "use DEFAULT_TIMEZONE"; an explicit value is an IANA zone name.
    timezone                text,
    pair_category_id        text,
    moderator_role_id       text,
    horoscope_channel_id    text,
    raid_channel_id         text,
    hall_channel_id         text,
    public_post_channel_id  text,
    anon_inbox_channel_id   text,
    duels_channel_id        text,
    -- Feature switches as {"name": true|false}; unknown keys are kept, never rewritten away.
    features                jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(features) = 'object'),
    -- Bumped on every write so other processes can tell their cached copy is stale.
    version                 bigint NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

-- One row per guild and recurring schedule; a missing row means "enabled".
CREATE TABLE scheduler_settings (
    guild_id       text NOT NULL,
    schedule_name  text NOT NULL,
    enabled        boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, schedule_name)
);

-- Idempotency keys for external side effects ("remember this operation once").
CREATE TABLE op_dedup (
    operation_key  text PRIMARY KEY CHECK (length(operation_key) <= 200),
    payload_hash   text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- Rows past their expiry are swept, so the table does not grow forever.
    expires_at     timestamptz NOT NULL DEFAULT now() + interval '30 days'
);
CREATE INDEX op_dedup_expires_at_idx ON op_dedup (expires_at);

-- Per-member daily quotas; one atomic upsert consumes a unit.
CREATE TABLE command_rate_limits (
    guild_id    text NOT NULL,
    user_id     text NOT NULL,
    action_key  text NOT NULL CHECK (length(action_key) <= 64),
    day_date    date NOT NULL,
    count       integer NOT NULL DEFAULT 0 CHECK (count >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, user_id, action_key, day_date)
);
