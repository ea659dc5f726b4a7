DROP TABLE raid_pair_days;
DROP TABLE raid_claims;
DROP TABLE raid_offers;
DROP TABLE raids;
