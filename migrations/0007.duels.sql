-- depends: 0005.pairs
-- Duels between pairs: a duel (one active per guild), its timed rounds (one active per duel) and one answer
-- per pair and round. ``duels.version`` grows with every change the public scoreboard shows, in the same
-- transaction, so its projection never shows an older state after a newer one. Scores are computed on read.

CREATE TABLE duels (
    id                 uuid PRIMARY KEY,
    guild_id           text NOT NULL,
    public_channel_id  text NOT NULL,
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    version            bigint NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    ended_at           timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
-- Two moderators starting a duel at once: the second insert fails on this index instead of a second duel.
CREATE UNIQUE INDEX duels_one_active_per_guild ON duels (guild_id) WHERE status = 'active';
CREATE INDEX duels_guild_created_idx ON duels (guild_id, created_at DESC);

CREATE TABLE duel_rounds (
    id          uuid PRIMARY KEY,
    duel_id     uuid NOT NULL REFERENCES duels (id) ON DELETE CASCADE,
    round_no    integer NOT NULL CHECK (round_no >= 1),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    ends_at     timestamptz NOT NULL,
    closed_at   timestamptz,
    CONSTRAINT duel_rounds_no_uq UNIQUE (duel_id, round_no),
    CONSTRAINT duel_rounds_ends_after_start CHECK (ends_at > started_at)
);
CREATE UNIQUE INDEX duel_rounds_one_active ON duel_rounds (duel_id) WHERE status = 'active';

CREATE TABLE duel_submissions (
    id          uuid PRIMARY KEY,
    round_id    uuid NOT NULL REFERENCES duel_rounds (id) ON DELETE CASCADE,
    pair_id     uuid NOT NULL REFERENCES pairs (id),
    user_id     text NOT NULL,
    answer      text NOT NULL CHECK (char_length(answer) BETWEEN 1 AND 400),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- One answer per pair and round: the first one wins, a double click or a partner's answer is refused.
    CONSTRAINT duel_submissions_round_pair_uq UNIQUE (round_id, pair_id)
);
CREATE INDEX duel_submissions_pair_idx ON duel_submissions (pair_id);
