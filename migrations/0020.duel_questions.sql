-- depends: 0015.raids
-- Duels worth playing: every round asks a question, and its answers earn the votes of the members.
--   duel_rounds.question      the round's question as posted (the moderator's own, or the bank's in the
--                             guild's language at the round's start); '' for rounds older than this migration
--   duel_rounds.question_key  the bank question's key (NULL for the moderator's own), so a duel never draws
--                             the same bank question twice
--   duel_rounds.votes_end_at  when the vote on the round's revealed answers closes (set when the answers close)
--   duel_rounds.counted_at    when the vote closed: only counted rounds give points
--   duel_votes                one vote per member and round (changeable until the vote closes), for one answer
ALTER TABLE duel_rounds
    ADD COLUMN question     text NOT NULL DEFAULT '' CHECK (char_length(question) <= 300),
    ADD COLUMN question_key text,
    ADD COLUMN votes_end_at timestamptz,
    ADD COLUMN counted_at   timestamptz;
CREATE UNIQUE INDEX duel_rounds_question_once ON duel_rounds (duel_id, question_key) WHERE question_key IS NOT NULL;

CREATE TABLE duel_votes (
    round_id       uuid NOT NULL REFERENCES duel_rounds (id) ON DELETE CASCADE,
    user_id        text NOT NULL,
    submission_id  uuid NOT NULL REFERENCES duel_submissions (id) ON DELETE CASCADE,
    voted_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX duel_votes_submission_idx ON duel_votes (submission_id);
