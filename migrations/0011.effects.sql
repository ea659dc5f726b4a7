-- depends: 0010.maintenance
-- The effects outbox. `scheduled_posts` becomes the one way any feature causes something outside the database
-- (a post, a channel, a pin): the intent is inserted in the transaction of the change that causes it and a
-- worker performs it with a key that makes a repeat harmless (a message nonce, a lookup before a create).
--   status      pending → processing (leased) → sent | failed (Discord refused for good) | dead (gave up after
--               max_attempts transient failures); both failed and dead keep last_error.
--   lease_*     who holds a processing row and until when; the same owner (a job retried after its worker died)
--               or anyone after expiry takes it over, so a lost claim waits at most one lease.
--   context     what the kind needs to finish the change once the effect happened (ids, locale...).
--   result      what Discord returned that the change records (a channel id, a message id).
--   channel_id  may be a guild id for effects that create a channel.

ALTER TABLE scheduled_posts DROP CONSTRAINT scheduled_posts_status_check;
ALTER TABLE scheduled_posts ADD CONSTRAINT scheduled_posts_status_check
    CHECK (status IN ('pending', 'processing', 'sent', 'failed', 'dead'));
ALTER TABLE scheduled_posts
    ADD COLUMN lease_owner       text CHECK (length(lease_owner) <= 200),
    ADD COLUMN lease_expires_at  timestamptz,
    ADD COLUMN max_attempts      integer NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
    ADD COLUMN context           jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(context) = 'object'),
    ADD COLUMN result            jsonb;
-- Rows claimed under the old fixed 10-minute lease keep it.
UPDATE scheduled_posts SET lease_expires_at = updated_at + interval '10 minutes' WHERE status = 'processing';
ALTER TABLE scheduled_posts ADD CONSTRAINT scheduled_posts_leased
    CHECK (status <> 'processing' OR lease_expires_at IS NOT NULL);
CREATE INDEX scheduled_posts_lease_idx ON scheduled_posts (lease_expires_at) WHERE status = 'processing';

-- A projection's first post carries a nonce made of its key, channel and this generation, so a post repeated
-- after a crash returns the first message; forgetting a deleted message starts a new generation.
ALTER TABLE projection_messages ADD COLUMN post_generation integer NOT NULL DEFAULT 0;
