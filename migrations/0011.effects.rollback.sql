ALTER TABLE projection_messages DROP COLUMN post_generation;
DROP INDEX scheduled_posts_lease_idx;
ALTER TABLE scheduled_posts DROP CONSTRAINT scheduled_posts_leased;
ALTER TABLE scheduled_posts DROP COLUMN lease_owner, DROP COLUMN lease_expires_at, DROP COLUMN max_attempts,
    DROP COLUMN context, DROP COLUMN result;
UPDATE scheduled_posts SET status = 'failed' WHERE status = 'dead';
ALTER TABLE scheduled_posts DROP CONSTRAINT scheduled_posts_status_check;
ALTER TABLE scheduled_posts ADD CONSTRAINT scheduled_posts_status_check
    CHECK (status IN ('pending', 'processing', 'sent', 'failed'));
