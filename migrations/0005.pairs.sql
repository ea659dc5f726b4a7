-- depends: 0004.projections
-- Pairs of members and their private rooms. The two member ids are stored ordered (numerically, as snowflakes)
-- so one pair of people has one row per guild. ``version`` grows with every change the Pair Home panel shows;
-- its projection uses it to never show an older state after a newer one.

CREATE TABLE pairs (
    id                  uuid PRIMARY KEY,
    guild_id            text NOT NULL,
    user_low            text NOT NULL,
    user_high           text NOT NULL,
    private_channel_id  text NOT NULL,
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version             bigint NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairs_members_uq UNIQUE (guild_id, user_low, user_high),
    CONSTRAINT pairs_two_members CHECK (user_low <> user_high)
);
CREATE INDEX pairs_room_idx ON pairs (guild_id, private_channel_id) WHERE status = 'active';
CREATE INDEX pairs_user_low_idx ON pairs (guild_id, user_low) WHERE status = 'active';
CREATE INDEX pairs_user_high_idx ON pairs (guild_id, user_high) WHERE status = 'active';
