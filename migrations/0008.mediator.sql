-- depends: 0005.pairs
-- The mediator (/say drafts, /repair sessions) and /date plans saved for the weekend.

-- One /say draft: the person's text, its three rewrites (kept as shown, so a content change never alters a
-- draft already on screen), the chosen tone, and when it went to the pair room (at most once).
CREATE TABLE mediator_say_sessions (
    id               uuid PRIMARY KEY,
    guild_id         text NOT NULL,
    user_id          text NOT NULL,
    pair_id          uuid REFERENCES pairs (id) ON DELETE SET NULL,
    locale           text NOT NULL CHECK (locale IN ('ru', 'en')),
    source_text      text NOT NULL CHECK (length(source_text) BETWEEN 2 AND 320),
    soft_text        text NOT NULL CHECK (length(soft_text) <= 600),
    direct_text      text NOT NULL CHECK (length(direct_text) <= 600),
    short_text       text NOT NULL CHECK (length(short_text) <= 600),
    selected_tone    text NOT NULL DEFAULT 'soft' CHECK (selected_tone IN ('soft', 'direct', 'short')),
    sent_to_pair_at  timestamptz,
    sent_message_id  text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mediator_say_sessions_user_idx ON mediator_say_sessions (guild_id, user_id, created_at);

-- One guided /repair flow: one message in the pair room, edited at each step by the session's actor, driven
-- by delayed mediator.repair.tick jobs. The interval is stored so a restart with another setting keeps the
-- running session's timeline. A session ends completed, or abandoned when its message or room is gone.
CREATE TABLE mediator_repair_sessions (
    id                  uuid PRIMARY KEY,
    guild_id            text NOT NULL,
    pair_id             uuid NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    channel_id          text NOT NULL,
    message_id          text,
    started_by_user_id  text NOT NULL,
    locale              text NOT NULL CHECK (locale IN ('ru', 'en')),
    step_seconds        double precision NOT NULL CHECK (step_seconds > 0),
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'abandoned')),
    current_step        integer NOT NULL DEFAULT 1 CHECK (current_step BETWEEN 1 AND 4),
    started_at          timestamptz NOT NULL DEFAULT now(),
    last_tick_at        timestamptz,
    ended_at            timestamptz,
    end_reason          text,
    CONSTRAINT mediator_repair_sessions_ended CHECK ((status = 'active') = (ended_at IS NULL))
);
-- At most one running flow per pair: a concurrent second /repair fails on this index and is told so.
CREATE UNIQUE INDEX mediator_repair_sessions_one_active ON mediator_repair_sessions (pair_id)
    WHERE status = 'active';
CREATE INDEX mediator_repair_sessions_pair_idx ON mediator_repair_sessions (pair_id, started_at);

-- A /date idea saved for a weekend: one row per member, weekend and idea (saving it again changes nothing).
-- The idea's words are kept as shown, so the plan survives later content edits.
CREATE TABLE date_weekend_plans (
    id            uuid PRIMARY KEY,
    guild_id      text NOT NULL,
    user_id       text NOT NULL,
    pair_id       uuid REFERENCES pairs (id) ON DELETE SET NULL,
    weekend_date  date NOT NULL,
    energy        text NOT NULL CHECK (energy IN ('low', 'medium', 'high')),
    budget        text NOT NULL CHECK (budget IN ('free', 'moderate', 'splurge')),
    time_window   text NOT NULL CHECK (time_window IN ('quick', 'evening', 'halfday')),
    idea_key      text NOT NULL,
    locale        text NOT NULL CHECK (locale IN ('ru', 'en')),
    idea_json     jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT date_weekend_plans_once UNIQUE (guild_id, user_id, weekend_date, idea_key)
);
