DROP TABLE checkin_nudges;
DROP TABLE checkins;
