DROP TABLE date_weekend_plans;
DROP TABLE mediator_repair_sessions;
DROP TABLE mediator_say_sessions;
