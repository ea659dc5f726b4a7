-- depends: 0015.raids
-- Anonymous questions (features.md §8): members propose, moderators approve or reject, an approved question is
-- published in the anonymous-inbox channel (the ``anon_question`` effect).
--   request_code  the short id the author and the moderators see (random, per guild: it says nothing of the
--                 author, unlike a snowflake or a sequence number would)
--   author_user_id  kept only for the author's own limits; no render ever reads it
--   text_hash     sha256 of the trimmed text: "the same question again today" is one indexed lookup
--   day_key       the guild-local day the question was proposed on
CREATE TABLE anon_questions (
    id                    uuid PRIMARY KEY,
    guild_id              text NOT NULL,
    request_code          text NOT NULL,
    author_user_id        text NOT NULL,
    question_text         text NOT NULL CHECK (char_length(question_text) BETWEEN 2 AND 400),
    text_hash             text NOT NULL,
    day_key               date NOT NULL,
    status                text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'approved', 'published', 'rejected')),
    moderated_by          text,
    moderated_at          timestamptz,
    published_message_id  text,
    published_at          timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX anon_questions_code_idx ON anon_questions (guild_id, request_code);
CREATE UNIQUE INDEX anon_questions_once_a_day_idx ON anon_questions (guild_id, author_user_id, day_key, text_hash);
CREATE INDEX anon_questions_queue_idx ON anon_questions (guild_id, created_at DESC) WHERE status = 'pending';
CREATE INDEX anon_questions_author_idx ON anon_questions (guild_id, author_user_id, created_at);
