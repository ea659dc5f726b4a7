DROP TABLE scheduled_posts;
DROP TABLE setup_drafts;
