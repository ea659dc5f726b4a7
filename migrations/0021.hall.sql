-- depends: 0015.raids
-- The monthly hall's opt-ins: a member chooses the tops (check-ins, raid points, duel answers) they may appear
-- in; no row means out. A pair is shown in a top only when both members opted in to it. Every change bumps the
-- guild's ``hall_opt_in_versions`` counter in the same transaction, so a card listing opted-in pairs (the raid's
-- top five) can tell that its list may have changed.
CREATE TABLE hall_opt_ins (
    guild_id    text NOT NULL,
    user_id     text NOT NULL,
    category    text NOT NULL CHECK (category IN ('checkin', 'raid', 'duel')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, user_id, category)
);

CREATE TABLE hall_opt_in_versions (
    guild_id  text PRIMARY KEY,
    version   bigint NOT NULL DEFAULT 0
);
