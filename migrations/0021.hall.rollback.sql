DROP TABLE hall_opt_in_versions;
DROP TABLE hall_opt_ins;
