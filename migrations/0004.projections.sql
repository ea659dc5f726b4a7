-- depends: 0001.core
-- One row per single-message projection (a duel scoreboard, a Pair Home panel, the horoscope card...), keyed
-- by its singleton key without the "projection:" prefix. The row says which Discord message shows the
-- projection and which state version it last showed, so a stale owner can never overwrite a newer render.

CREATE TABLE projection_messages (
    projection_key    text PRIMARY KEY,
    guild_id          text NOT NULL,
    channel_id        text NOT NULL,
    message_id        text,
    rendered_version  bigint NOT NULL DEFAULT 0,
    rendered_at       timestamptz,
    pinned_at         timestamptz,
    pin_attempted_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projection_messages_guild_idx ON projection_messages (guild_id);
