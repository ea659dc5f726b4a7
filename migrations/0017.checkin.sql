-- depends: 0015.raids
-- Weekly check-ins: a pair's five scores and the agreement it chose for the guild's week.
--   checkins         one per pair and guild-local week (``week_key``: that week's Monday); the first submit
--                    wins, a second one is shown the stored row. Scores are whole numbers 1..10.
--   checkin_nudges   the weeks a guild was reminded (the Wednesday job): one row per guild and week, so a
--                    second fire in the same week reminds nobody again; Pair Home reads it to tell a pair that
--                    has already checked in that the reminder is not for them.

CREATE TABLE checkins (
    id              uuid PRIMARY KEY,
    guild_id        text NOT NULL,
    pair_id         uuid NOT NULL REFERENCES pairs (id),
    week_key        text NOT NULL,
    agreement_key   text NOT NULL,
    communication   smallint NOT NULL CHECK (communication BETWEEN 1 AND 10),
    support         smallint NOT NULL CHECK (support BETWEEN 1 AND 10),
    time_together   smallint NOT NULL CHECK (time_together BETWEEN 1 AND 10),
    repair          smallint NOT NULL CHECK (repair BETWEEN 1 AND 10),
    overall         smallint NOT NULL CHECK (overall BETWEEN 1 AND 10),
    submitted_by    text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT checkins_once_a_week UNIQUE (pair_id, week_key)
);
CREATE INDEX checkins_guild_week_idx ON checkins (guild_id, week_key);

CREATE TABLE checkin_nudges (
    guild_id    text NOT NULL,
    week_key    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, week_key)
);
