DROP TABLE projection_messages;
