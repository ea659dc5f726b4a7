DROP TABLE anon_questions;
