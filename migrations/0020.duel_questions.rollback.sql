DROP TABLE duel_votes;
DROP INDEX duel_rounds_question_once;
ALTER TABLE duel_rounds DROP COLUMN counted_at, DROP COLUMN votes_end_at, DROP COLUMN question_key,
    DROP COLUMN question;
