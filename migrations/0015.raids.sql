-- depends: 0011.effects
-- Weekly raids: a cooperative goal for the guild's week, three quests a day, claims a pair's partner confirms.
--   raids          one row per raid; at most one active per guild (an ended raid does not block a new one, even
--                  in the same week). ``week_key`` is the guild-local Monday the raid belongs to; ``ends_at`` the
--                  end of that week. ``version`` grows with every change the progress card shows.
--   raid_offers    the day's three quest keys of a raid, picked once (deterministically) and then read.
--   raid_claims    one per pair, quest and guild-local day; ``applied`` is what counted after the daily cap.
--   raid_pair_days the points a pair earned on a day: what the daily cap is measured against.

CREATE TABLE raids (
    id               uuid PRIMARY KEY,
    guild_id         text NOT NULL,
    week_key         text NOT NULL,
    -- The zone the week was reckoned in: the card counts the raid's days in it even if the guild's changes.
    timezone         text NOT NULL,
    channel_id       text NOT NULL,
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    goal_points      integer NOT NULL CHECK (goal_points BETWEEN 1 AND 100000),
    progress_points  integer NOT NULL DEFAULT 0 CHECK (progress_points >= 0),
    started_by       text,
    ends_at          timestamptz NOT NULL,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz
);
CREATE UNIQUE INDEX raids_one_active_per_guild ON raids (guild_id) WHERE status = 'active';
CREATE INDEX raids_guild_week_idx ON raids (guild_id, week_key);

CREATE TABLE raid_offers (
    raid_id     uuid NOT NULL REFERENCES raids (id) ON DELETE CASCADE,
    day_key     text NOT NULL,
    quest_keys  text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (raid_id, day_key)
);

CREATE TABLE raid_claims (
    id            uuid PRIMARY KEY,
    raid_id       uuid NOT NULL REFERENCES raids (id) ON DELETE CASCADE,
    day_key       text NOT NULL,
    pair_id       uuid NOT NULL REFERENCES pairs (id),
    quest_key     text NOT NULL,
    points        integer NOT NULL CHECK (points > 0),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'capped')),
    applied       integer NOT NULL DEFAULT 0 CHECK (applied >= 0 AND applied <= points),
    claimed_by    text NOT NULL,
    confirmed_by  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    CONSTRAINT raid_claims_once_a_day UNIQUE (raid_id, day_key, pair_id, quest_key)
);
CREATE INDEX raid_claims_pair_idx ON raid_claims (raid_id, pair_id);

CREATE TABLE raid_pair_days (
    raid_id  uuid NOT NULL REFERENCES raids (id) ON DELETE CASCADE,
    day_key  text NOT NULL,
    pair_id  uuid NOT NULL REFERENCES pairs (id),
    points   integer NOT NULL DEFAULT 0 CHECK (points >= 0),
    PRIMARY KEY (raid_id, day_key, pair_id)
);
