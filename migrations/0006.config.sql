-- depends: 0005.pairs
-- Guild configuration surfaces: the /setup wizard's draft (one per guild, kept across restarts and shared by
-- every process) and the public posts queue that `public.post.publish` drains (the wizard's test post is the
-- first kind of post; others join it later).

CREATE TABLE setup_drafts (
    guild_id    text PRIMARY KEY,
    -- The administrator who opened the panel; only they may edit this draft.
    owner_id    text NOT NULL,
    -- Where the panel message lives (set once it is posted).
    channel_id  text,
    message_id  text,
    -- The chosen settings, {"raid_channel_id": "...", "timezone": "...", ...}; absent means "not chosen".
    draft       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(draft) = 'object'),
    -- Bumped on every change, so a panel re-render can tell which draft state it shows.
    version     bigint NOT NULL DEFAULT 1,
    completed_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Posts the bot publishes into a guild's public channel. A post is claimed pending → processing (a stale
-- processing row is taken over after its lease), then ends sent or failed; `idempotency_key` makes producing
-- the same post twice a no-op.
CREATE TABLE scheduled_posts (
    id                    uuid PRIMARY KEY,
    guild_id              text NOT NULL,
    kind                  text NOT NULL CHECK (length(kind) <= 64),
    channel_id            text NOT NULL,
    payload               jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
    scheduled_for         timestamptz NOT NULL DEFAULT now(),
    status                text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'processing', 'sent', 'failed')),
    idempotency_key       text NOT NULL UNIQUE CHECK (length(idempotency_key) <= 200),
    attempts              integer NOT NULL DEFAULT 0,
    last_error            text CHECK (length(last_error) <= 800),
    published_message_id  text,
    sent_at               timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_posts_due_idx ON scheduled_posts (guild_id, scheduled_for)
    WHERE status IN ('pending', 'processing');
