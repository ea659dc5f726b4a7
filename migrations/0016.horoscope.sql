-- depends: 0015.raids
-- The weekly horoscope (features.md §5/§6 merged into one feature; DESIGN decision 3).
--   horoscope_signs          a member's zodiac sign in a guild, stored when they pick it; a pair reading needs
--                            both partners' signs.
--   horoscope_readings       a member's first reading of a horoscope week: the choices it was made from (the
--                            text is rendered from them, deterministically, in the guild's language).
--   horoscope_pair_readings  a pair's reading of a week, made once from both partners' signs at that moment.
-- The public card itself needs no table: its week and theme follow from the clock and the guild's timezone,
-- and its message is tracked by the projection runtime (projection_messages).

CREATE TABLE horoscope_signs (
    guild_id    text NOT NULL,
    user_id     text NOT NULL,
    sign        text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE horoscope_readings (
    guild_id    text NOT NULL,
    week_key    text NOT NULL,
    user_id     text NOT NULL,
    sign        text NOT NULL,
    tone        text NOT NULL,
    situation   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, week_key, user_id)
);

CREATE TABLE horoscope_pair_readings (
    pair_id     uuid NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    week_key    text NOT NULL,
    guild_id    text NOT NULL,
    sign_low    text NOT NULL,
    sign_high   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pair_id, week_key)
);

-- How many times a moderator published the card at once (/horoscope publish-now): part of the card's version,
-- so a press always reaches the message (and posts it again if someone deleted it).
CREATE TABLE horoscope_cards (
    guild_id      text PRIMARY KEY,
    publications  bigint NOT NULL DEFAULT 0
);
