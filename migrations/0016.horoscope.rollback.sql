DROP TABLE horoscope_cards;
DROP TABLE horoscope_pair_readings;
DROP TABLE horoscope_readings;
DROP TABLE horoscope_signs;
