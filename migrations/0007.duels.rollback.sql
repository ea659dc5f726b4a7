DROP TABLE duel_submissions;
DROP TABLE duel_rounds;
DROP TABLE duels;
