DROP TABLE command_rate_limits;
DROP TABLE op_dedup;
DROP TABLE scheduler_settings;
DROP TABLE guild_settings;
